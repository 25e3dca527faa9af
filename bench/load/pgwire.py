"""A counting TCP proxy for the Postgres wire protocol: what the server really sends.

The server's own SQL logging is off (`sqlx_logging(false)` in src/db.rs) and the shared
Postgres has no `pg_stat_statements` loaded (it needs `shared_preload_libraries`, i.e. a
restart we may not do), so the round trips of an endpoint are counted on the wire instead:
the server is pointed at this proxy, which forwards every byte to the real Postgres and
reads the frontend (server -> Postgres) messages as they pass.

A *round trip* is a point where the server waits for Postgres's ReadyForQuery: every Sync
of the extended protocol and every simple Query. Each one is recorded as a *batch*:

- `ping`     a Sync alone: sqlx's `test_before_acquire` check when a pooled connection is
             taken (sea-orm leaves it on);
- `prepare`  Parse + Describe + Sync: the first use of a statement on that connection (then
             it is cached per connection, so a warm server does not pay it);
- `exec`     Bind + Execute + Sync of a prepared statement (its SQL is known from the Parse);
- `simple`   a simple Query (BEGIN, COMMIT, ROLLBACK ...).

An SSLRequest is answered "N" by the proxy itself, so the server talks plaintext to it
whatever its sslmode (the proxy must read the messages). Standard library only.
"""

import re
import socket
import struct
import threading
import time
from collections import deque

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104


class Batch:
    __slots__ = ("conn", "kind", "sql", "messages", "sent", "ms")

    def __init__(self, conn, kind, sql, messages):
        self.conn, self.kind, self.sql, self.messages = conn, kind, sql, messages
        self.sent = time.monotonic()
        self.ms = None  # from the Sync/Query leaving the proxy to ReadyForQuery coming back

    def label(self):
        if self.kind in ("ping",):
            return "ping (Sync: test_before_acquire)"
        return f"{self.kind}: {short_sql(self.sql)}"


def short_sql(sql, width=150):
    """One line: the select list elided (sea-orm names every column), quotes dropped."""
    text = " ".join((sql or "").split()).replace('"', "")
    text = re.sub(r"^SELECT (.{60,}?) FROM ", "SELECT … FROM ", text)
    text = re.sub(r"RETURNING .{40,}$", "RETURNING …", text)
    text = re.sub(r"^(INSERT INTO \S+) \((.{40,}?)\) VALUES \(.*?\)", r"\1 (…) VALUES (…)", text)
    return text if len(text) <= width else text[: width - 1] + "…"


class Proxy:
    """Listens on 127.0.0.1 (a free port) and forwards to `upstream`; keeps every batch."""

    def __init__(self, upstream=("127.0.0.1", 5432)):
        self.upstream = upstream
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.batches = []
        self.connections = 0
        self.closing = False
        threading.Thread(target=self._accept, daemon=True).start()

    # -- bookkeeping -------------------------------------------------------------------

    def mark(self):
        with self.lock:
            return len(self.batches)

    def since(self, mark):
        with self.lock:
            return list(self.batches[mark:])

    def _record(self, batch, waiting=None):
        with self.lock:
            self.batches.append(batch)
            if waiting is not None:
                waiting.append(batch)

    def close(self):
        self.closing = True
        try:
            self.listener.close()
        except OSError:
            pass

    # -- plumbing ----------------------------------------------------------------------

    def _accept(self):
        while not self.closing:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.connections += 1
                conn_id = self.connections
            threading.Thread(target=self._serve, args=(client, conn_id), daemon=True).start()

    def _serve(self, client, conn_id):
        try:
            server = socket.create_connection(self.upstream)
        except OSError:
            client.close()
            return
        for s in (client, server):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        waiting = deque()  # batches sent and not yet answered with ReadyForQuery
        threading.Thread(target=self._backend, args=(server, client, waiting), daemon=True).start()
        try:
            self._frontend(client, server, conn_id, waiting)
        finally:
            for s in (client, server):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def _backend(self, server, client, waiting):
        """Forwards Postgres's answers; times each batch at its ReadyForQuery ('Z')."""
        buf = bytearray()
        try:
            while True:
                data = server.recv(65536)
                if not data:
                    break
                client.sendall(data)
                buf.extend(data)
                while len(buf) >= 5:
                    length = struct.unpack("!I", buf[1:5])[0]
                    if len(buf) < 1 + length:
                        break
                    if buf[0] == ord("Z"):
                        now = time.monotonic()
                        with self.lock:
                            if waiting:
                                batch = waiting.popleft()
                                batch.ms = (now - batch.sent) * 1000
                    del buf[: 1 + length]
        except OSError:
            pass
        finally:
            try:
                client.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    @staticmethod
    def _recv_exact(sock, n, buf):
        while len(buf) < n:
            data = sock.recv(65536)
            if not data:
                raise EOFError
            buf.extend(data)

    def _frontend(self, client, server, conn_id, waiting):
        buf = bytearray()
        try:
            # Startup phase: untyped messages (length, code).
            while True:
                self._recv_exact(client, 8, buf)
                length, code = struct.unpack("!II", buf[:8])
                self._recv_exact(client, length, buf)
                message, buf = bytes(buf[:length]), buf[length:]
                if code in (SSL_REQUEST, GSSENC_REQUEST):
                    client.sendall(b"N")  # no encryption: we must read the messages
                    continue
                server.sendall(message)
                break
            statements = {}      # prepared statement name -> SQL, on this connection
            portal_sql = None    # the statement the last Bind used
            pending = []         # message types since the last Sync
            parsed, executed = [], []
            while True:
                self._recv_exact(client, 5, buf)
                kind = chr(buf[0])
                length = struct.unpack("!I", buf[1:5])[0]
                self._recv_exact(client, 1 + length, buf)
                body, raw = bytes(buf[5 : 1 + length]), bytes(buf[: 1 + length])
                buf = buf[1 + length :]
                # Recorded before forwarding, so the batch is in the list before the answer.
                if kind == "Q":
                    self._record(Batch(conn_id, "simple", body.split(b"\0", 1)[0].decode(errors="replace"), ["Q"]), waiting)
                elif kind == "P":
                    name, rest = body.split(b"\0", 1)
                    sql = rest.split(b"\0", 1)[0].decode(errors="replace")
                    statements[name] = sql
                    pending.append("P")
                    parsed.append(sql)
                elif kind == "B":
                    _portal, rest = body.split(b"\0", 1)
                    stmt = rest.split(b"\0", 1)[0]
                    portal_sql = statements.get(stmt, f"<statement {stmt!r}>")
                    pending.append("B")
                elif kind == "E":
                    pending.append("E")
                    executed.append(portal_sql)
                elif kind == "S":
                    if not pending:
                        self._record(Batch(conn_id, "ping", None, ["S"]), waiting)
                    elif executed:
                        self._record(Batch(conn_id, "exec", " ;; ".join(executed), pending + ["S"]), waiting)
                    else:
                        self._record(Batch(conn_id, "prepare", " ;; ".join(parsed), pending + ["S"]), waiting)
                    pending, parsed, executed = [], [], []
                elif kind == "X":
                    server.sendall(raw)
                    return
                else:
                    pending.append(kind)
                server.sendall(raw)
        except (EOFError, OSError):
            return
