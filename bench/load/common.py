"""Shared pieces of the load benchmark and the two-instance check: psql, HTTP, the server.

Standard library only. Postgres is the shared one at 127.0.0.1:5432 (user postgres, trust);
nothing here stops or reconfigures it.
"""

import datetime as dt
import http.client
import json
import os
import socket
import subprocess
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_BIN = "/tmp/daybreak-helper/daybreak-release"
JWT_SECRET = "bench-load-secret-0123456789abcdef0123456789"
PASSWORD = "bench-password-2026"  # every staff member of bench/seed.py


class Failure(Exception):
    """The benchmark cannot go on (setup failed, or the server answered wrongly)."""


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def binary(explicit=None):
    path = explicit or os.environ.get("DAYBREAK_BIN") or DEFAULT_BIN
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise Failure(f"no daybreak binary at {path} (pass --bin or set DAYBREAK_BIN)")
    return os.path.abspath(path)


def psql(db, sql, timeout=300):
    out = subprocess.run(["psql", "-X", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1",
                          "-Atc", sql], capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise Failure(f"psql failed on {sql[:80]!r}: {out.stderr.strip()}")
    return out.stdout.strip()


def rows(db, sql):
    text = psql(db, sql)
    return [line.split("|") for line in text.splitlines() if line]


def database_exists(db):
    return psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{db}'") == "1"


def free_port(start=18500):
    for port in range(start, start + 2000):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise Failure(f"no free port from {start}")


class Answer:
    def __init__(self, status, body, headers):
        self.status, self.body, self.headers = status, body, headers

    def json(self):
        return json.loads(self.body) if self.body else None

    def __repr__(self):
        return f"<{self.status} {self.body[:200]!r}>"


def request(base, method, path, body=None, token=None, timeout=30, headers=None):
    host, port = base.rsplit(":", 1)
    h = {"accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["content-type"] = "application/json"
    if token:
        h["authorization"] = f"Bearer {token}"
    h.update(headers or {})
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        return Answer(r.status, r.read(), dict(r.getheaders()))
    except OSError as e:
        return Answer(None, str(e).encode(), {})
    finally:
        conn.close()


def expect(answer, status, what):
    ok = answer.status in status if isinstance(status, (tuple, list, set)) else answer.status == status
    if not ok:
        raise Failure(f"{what}: expected {status}, got {answer}")
    return answer.json()


def login(base, email, password=PASSWORD):
    return expect(request(base, "POST", "/api/v1/auth/login", {"email": email, "password": password}), 200,
                  f"sign-in as {email}")


def proc_status(pid):
    """VmRSS, VmHWM (peak RSS) in MB, and threads, from /proc/PID/status."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
            elif key == "Threads":
                out[key] = int(value)
    return out


class Server:
    """One `daybreak serve` process on its own port; logs to a file; always stoppable."""

    def __init__(self, bin_path, database_url, logfile, port=None, **env):
        self.bin = bin_path
        self.port = port or free_port()
        self.base = f"127.0.0.1:{self.port}"
        self.logfile = logfile
        self.env = dict(
            os.environ,
            DATABASE_URL=database_url,
            DAYBREAK_ADDR=self.base,
            DAYBREAK_PUBLIC_URL=f"http://{self.base}",
            DAYBREAK_JWT_SECRET=JWT_SECRET,
            DAYBREAK_BENCH_BASELINE="true",
            DAYBREAK_SELF_REPORT_LINK_RATE="100000",
            DAYBREAK_SELF_REPORT_IP_RATE="100000",
            DAYBREAK_AUTH_IP_RATE="100000",
            DAYBREAK_DB_MAX_CONNECTIONS="10",
            RUST_LOG="warn",
            NO_COLOR="1",
        )
        self.env.update({k: str(v) for k, v in env.items()})
        self.proc = None

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def start(self, timeout=120):
        with open(self.logfile, "a") as logf:
            logf.write(f"===== start {time.strftime('%H:%M:%S')} RUST_LOG={self.env['RUST_LOG']} "
                       f"pool={self.env['DAYBREAK_DB_MAX_CONNECTIONS']} =====\n")
            logf.flush()
            self.proc = subprocess.Popen([self.bin, "serve"], env=self.env, stdout=logf, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise Failure(f"the server exited with {self.proc.returncode} while starting; see {self.logfile}")
            if request(self.base, "GET", "/readyz", timeout=3).status == 200:
                return self
            time.sleep(0.2)
        raise Failure(f"the server was not ready within {timeout} s; see {self.logfile}")

    def stop(self):
        """SIGTERM this server (its own PID only), SIGKILL after 15 s."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False


def claim_link(base, token):
    """Claims a self-report link as the client's phone does on its first open; returns the
    headers (the device secret cookie) that the link's later requests must carry."""
    answer = request(base, "POST", f"/api/v1/self-report/{token}/claim", {})
    expect(answer, 200, "claiming a self-report link")
    cookie = next(v for k, v in answer.headers.items() if k.lower() == "set-cookie")
    return {"Cookie": cookie.split(";")[0]}


def practice_today(base, token):
    """Today in the signed-in member's practice (the server's answer, `/me`): never the
    machine's own date, which is another day for hours in any other time zone."""
    me = expect(request(base, "GET", "/api/v1/me", token=token), 200, "GET /api/v1/me")
    return dt.date.fromisoformat(me["today"])


def session_on_days_ago(today, days):
    return (today - dt.timedelta(days=days)).isoformat()
