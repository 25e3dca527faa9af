"""Shared pieces of the fault scripts: a private Postgres cluster, the server, HTTP calls.

Every fault script starts its OWN throwaway Postgres cluster (initdb in a temp dir, a free
port from 55432 up, listening on 127.0.0.1 only, its socket in its own dir), so stopping,
pausing or killing things never touches the shared Postgres at 127.0.0.1:5432 that other
tests use. The cluster is always torn down (`pg_ctl stop -m immediate`, then the dir is
removed), on success, on failure, on Ctrl-C and on SIGTERM.

Standard library only. Binaries: DAYBREAK_BIN (default target/release/daybreak, then
target/debug/daybreak), Postgres from PG_BIN (default /usr/lib/postgresql/15/bin, else the
newest /usr/lib/postgresql/*/bin), and psql.
"""

import datetime as dt
import glob
import http.client
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
JWT_SECRET = "fault-tests-secret-0123456789abcdef0123456789"
CLINICIAN = ("clinician@demo.daybreak.example", "demo-password-2026")


class Failure(Exception):
    """A check of the scenario failed (the server misbehaved, or the setup did)."""


# ---------------------------------------------------------------------------------------
# small utilities


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def daybreak_bin():
    """DAYBREAK_BIN, else the release build, else the debug build."""
    explicit = os.environ.get("DAYBREAK_BIN")
    candidates = [explicit] if explicit else [
        os.path.join(REPO, "target", "release", "daybreak"),
        os.path.join(REPO, "target", "debug", "daybreak"),
    ]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return os.path.abspath(path)
    raise Failure(f"no daybreak binary (tried {', '.join(c for c in candidates if c)}); "
                  "build one or set DAYBREAK_BIN")


def pg_bin():
    explicit = os.environ.get("PG_BIN")
    if explicit:
        return explicit
    if os.path.isdir("/usr/lib/postgresql/15/bin"):
        return "/usr/lib/postgresql/15/bin"
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if not found:
        raise Failure("no Postgres binaries (set PG_BIN to the dir holding initdb and pg_ctl)")
    return found[-1]


def port_is_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_port(start):
    """A free TCP port at or above `start` (probing; collisions between scripts run in
    parallel are unlikely and end in a clear start-up error)."""
    for port in range(start, start + 2000):
        if port_is_free(port):
            return port
    raise Failure(f"no free port from {start}")


def install_signal_handlers():
    """SIGTERM/SIGHUP to the script unwind like Ctrl-C, so every `finally` tears down."""
    def handler(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGHUP, handler)
    # Also when started in the background by a shell that ignores SIGINT.
    signal.signal(signal.SIGINT, signal.default_int_handler)


def percentile(values, p):
    if not values:
        return 0.0
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, int(round(p / 100 * (len(ordered) - 1)))))
    return ordered[k]


def print_result(name, passed, measurements, failures):
    """The last line of every script: one machine-readable line that run.py collects."""
    print("RESULT " + json.dumps({"scenario": name, "passed": passed,
                                  "measurements": measurements, "failures": failures}), flush=True)


def tail(path, lines=40, skip_ok=False):
    """The last lines of a log; `skip_ok` leaves out the server's 2xx request lines."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            kept = [line for line in f
                    if not (skip_ok and " response status=2" in line)]
            return "".join(kept[-lines:])
    except OSError as e:
        return f"(cannot read {path}: {e})"


# ---------------------------------------------------------------------------------------
# the private Postgres cluster


class PgCluster:
    """A throwaway Postgres cluster in a temp dir, on a free port, reachable only over
    127.0.0.1 and its own socket dir. Use as a context manager: it is always removed."""

    def __init__(self, workdir=None, port_start=55432):
        self.workdir = workdir  # where its log is copied on teardown
        self.bin = pg_bin()
        self.port = free_port(port_start)
        self.dir = tempfile.mkdtemp(prefix="daybreak-faults-pg-")
        self.data = os.path.join(self.dir, "data")
        self.logfile = os.path.join(self.dir, "postgres.log")
        self.as_postgres = []
        if os.geteuid() == 0:
            # Postgres refuses to run as root: run its binaries as the `postgres` OS user.
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        os.chmod(self.dir, 0o700)
        self.paused = []

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/daybreak"

    def _run(self, *args, check=True, timeout=60):
        out = subprocess.run(self.as_postgres + list(args), capture_output=True, text=True,
                             timeout=timeout)
        if check and out.returncode != 0:
            raise Failure(f"{os.path.basename(args[0])} failed ({out.returncode}): "
                          f"{out.stderr.strip() or out.stdout.strip()}\n{tail(self.logfile, 20)}")
        return out

    def __enter__(self):
        try:
            self._run(os.path.join(self.bin, "initdb"), "-D", self.data, "-A", "trust",
                      "-U", "postgres", "--no-sync", "-E", "UTF8", timeout=120)
            self.start()
            self.psql("CREATE DATABASE daybreak", db="postgres")
        except BaseException:
            self.destroy()
            raise
        return self

    def __exit__(self, *exc):
        self.destroy()
        return False

    def start(self):
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} "
                   "-c max_connections=50 -c shared_buffers=32MB -c log_min_messages=warning")
        self._run(os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-l", self.logfile,
                  "-o", options, "-w", "-t", "60", "start", timeout=90)

    def stop(self, mode="fast"):
        self._run(os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", mode, "-w",
                  "-t", "60", "stop", timeout=90)

    def postmaster_pid(self):
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                return int(f.readline().strip())
        except (OSError, ValueError):
            return None

    def pids(self):
        """The postmaster and every process it started (backends, checkpointer, walwriter...)."""
        root = self.postmaster_pid()
        if root is None:
            return []
        children = []
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                with open(stat) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == root:  # field 4 of stat: the parent pid
                    children.append(int(stat.split("/")[2]))
            except (OSError, ValueError, IndexError):
                continue
        return [root] + children

    def pause(self):
        """SIGSTOP the whole cluster: the postmaster first (so it starts nothing new), then
        every child. Connections stay open and silent, as with a hung database host."""
        pids = self.pids()
        if not pids:
            raise Failure("cannot pause Postgres: no postmaster.pid")
        for pid in pids:
            try:
                os.kill(pid, signal.SIGSTOP)
                self.paused.append(pid)
            except ProcessLookupError:
                pass
        # A child forked between listing and stopping the postmaster: stop it too.
        for pid in self.pids():
            if pid not in self.paused:
                os.kill(pid, signal.SIGSTOP)
                self.paused.append(pid)
        return len(self.paused)

    def resume(self):
        for pid in reversed(self.paused):
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        self.paused = []

    def psql(self, sql, db="daybreak", timeout=60):
        """Runs SQL as the superuser over TCP (no RLS applies) and returns the unaligned,
        tuples-only output."""
        out = subprocess.run(
            ["psql", "-X", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db,
             "-v", "ON_ERROR_STOP=1", "-Atc", sql],
            capture_output=True, text=True, timeout=timeout,
            env=dict(os.environ, PGCONNECT_TIMEOUT="5"))
        if out.returncode != 0:
            raise Failure(f"psql failed: {out.stderr.strip()}")
        return out.stdout

    def destroy(self):
        """Always safe to call: resumes a paused cluster, stops it at once, removes the dir.
        A second Ctrl-C while this runs is held back until it is done."""
        held = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                held[sig] = signal.signal(sig, signal.SIG_IGN)
        try:
            self._teardown()
        finally:
            for sig, previous in held.items():
                signal.signal(sig, previous)

    def _teardown(self):
        if self.paused:
            self.resume()
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            try:
                self._run(os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "immediate",
                          "-w", "-t", "20", "stop", check=False, timeout=30)
            except subprocess.TimeoutExpired:
                pass
            pid = self.postmaster_pid()
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        if self.workdir and os.path.exists(self.logfile):
            shutil.copy(self.logfile, os.path.join(self.workdir, "postgres.log"))
        shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------------------------------
# the server


class Server:
    """`daybreak serve` on a free port against the private cluster; output to a log file."""

    def __init__(self, cluster, workdir, **extra_env):
        self.binary = daybreak_bin()
        self.port = free_port(18080)
        self.base = f"127.0.0.1:{self.port}"
        self.logfile = os.path.join(workdir, "server.log")
        self.env = dict(
            os.environ,
            DATABASE_URL=cluster.url,
            DAYBREAK_ADDR=self.base,
            DAYBREAK_JWT_SECRET=JWT_SECRET,
            DAYBREAK_AUTH_IP_RATE="10000",
            DAYBREAK_SELF_REPORT_LINK_RATE="100000",
            DAYBREAK_SELF_REPORT_IP_RATE="100000",
            NO_COLOR="1",
            RUST_LOG=os.environ.get("RUST_LOG", "info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"),
        )
        self.env.update({k: str(v) for k, v in extra_env.items()})
        self.proc = None
        self.starts = 0

    def run_command(self, *args, timeout=300):
        """Runs a one-shot `daybreak` command (migrate, demo, audit verify) with the same env."""
        out = subprocess.run([self.binary, *args], env=self.env, capture_output=True, text=True,
                             timeout=timeout)
        return out

    def seed_demo(self):
        started = time.monotonic()
        out = self.run_command("demo")
        if out.returncode != 0:
            raise Failure(f"`daybreak demo` failed ({out.returncode}): {out.stderr.strip()}")
        return time.monotonic() - started

    def start(self):
        """Starts the process (it applies migrations first) and returns at once."""
        self.starts += 1
        logf = open(self.logfile, "a")
        logf.write(f"\n===== start #{self.starts} at {time.strftime('%H:%M:%S')} =====\n")
        logf.flush()
        # Its own session: a Ctrl-C in the terminal does not reach it; the scripts decide
        # which signal it gets and when.
        self.proc = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=logf,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        logf.close()
        return self.proc

    def wait_ready(self, timeout=60, path="/readyz"):
        """Polls until `path` answers 200; returns the seconds it took."""
        started = time.monotonic()
        deadline = started + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc and self.proc.poll() is not None:
                raise Failure(f"the server exited with {self.proc.returncode} while starting:\n"
                              f"{tail(self.logfile)}")
            last = request(self.base, "GET", path, timeout=3)
            if last.status == 200:
                return time.monotonic() - started
            time.sleep(0.1)
        raise Failure(f"the server was not ready within {timeout} s (last: {last})")

    def signal(self, sig):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, sig)

    def wait_exit(self, timeout):
        """The exit code, or None when it is still running after `timeout` seconds."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        """Always safe: SIGKILL whatever still runs (used in `finally`)."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


# ---------------------------------------------------------------------------------------
# HTTP


class Answer:
    """One request's outcome: status (None when no HTTP answer came), timings, body."""

    __slots__ = ("method", "path", "status", "content_type", "body", "error", "started",
                 "elapsed", "label", "set_cookie")

    def __init__(self, method, path, label=None):
        self.method, self.path, self.label = method, path, label or path
        self.status = None
        self.content_type = ""
        self.set_cookie = None
        self.body = b""
        self.error = None
        self.started = time.monotonic()
        self.elapsed = None

    @property
    def ended(self):
        return self.started + (self.elapsed or 0)

    def json(self):
        return json.loads(self.body) if self.body else None

    @property
    def ok(self):
        return self.status is not None and 200 <= self.status < 300

    @property
    def is_problem(self):
        return self.content_type.startswith("application/problem+json")

    def outcome(self):
        """A short name for tables: `200`, `503`, `refused`, `timeout`, `reset`..."""
        return str(self.status) if self.status is not None else (self.error or "?")

    def __repr__(self):
        return (f"<{self.method} {self.label} -> {self.outcome()} in "
                f"{(self.elapsed or 0) * 1000:.0f} ms>")


def request(base, method, path, body=None, token=None, timeout=10, label=None, headers=None):
    """One request on a fresh connection (so a server shutdown or a hang shows per request).
    Never raises for network trouble: the Answer says what happened."""
    answer = Answer(method, path, label)
    host, port = base.rsplit(":", 1)
    extra, headers = headers, {"accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["content-type"] = "application/json"
    if token:
        headers["authorization"] = f"Bearer {token}"
    headers.update(extra or {})
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        answer.body = response.read()
        answer.status = response.status
        answer.content_type = response.getheader("content-type", "")
        answer.set_cookie = response.getheader("set-cookie")
    except ConnectionRefusedError:
        answer.error = "refused"
    except ConnectionResetError:
        answer.error = "reset"
    except (socket.timeout, TimeoutError):
        answer.error = "timeout"
    except http.client.RemoteDisconnected:
        answer.error = "disconnected"
    except (OSError, http.client.HTTPException) as e:
        answer.error = type(e).__name__
    finally:
        answer.elapsed = time.monotonic() - answer.started
        conn.close()
    return answer


def login(base, who=CLINICIAN):
    answer = request(base, "POST", "/api/v1/auth/login", {"email": who[0], "password": who[1]})
    if answer.status != 200:
        raise Failure(f"sign-in as {who[0]} failed: {answer} {answer.body[:200]!r}")
    return answer.json()["access_token"]


def claim_link(base, token):
    """Claims a self-report link as the client's phone does on its first open; returns the
    headers (the device secret cookie) that the link's later requests must carry."""
    answer = request(base, "POST", f"/api/v1/self-report/{token}/claim", {})
    if answer.status != 200 or not answer.set_cookie:
        raise Failure(f"claiming a self-report link failed: {answer} {answer.body[:200]!r}")
    return {"cookie": answer.set_cookie.split(";")[0]}


def practice_today(base, token):
    """Today in the signed-in member's practice (the server's answer, `/me`), never the
    machine's date: the demo practice is in America/Chicago, where it is another day than
    UTC for six hours of every day."""
    answer = request(base, "GET", "/api/v1/me", token=token)
    if answer.status != 200:
        raise Failure(f"GET /api/v1/me failed: {answer}")
    return dt.date.fromisoformat(answer.json()["today"])


def caseload(base, token):
    """The ids of the clients the signed-in clinician sees."""
    answer = request(base, "GET", "/api/v1/clients?per_page=200", token=token)
    if answer.status != 200:
        raise Failure(f"GET /api/v1/clients failed: {answer}")
    ids = [c["id"] for c in answer.json()["items"]]
    if not ids:
        raise Failure("the demo clinician has no clients")
    return ids


class Load:
    """Background threads calling `make_request()` in a loop until stopped; every Answer is
    kept. `make_request(worker_index, iteration)` returns one Answer."""

    def __init__(self, make_request, threads=3, pause=0.0):
        self.make_request = make_request
        self.answers = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.pause = pause
        self.threads = [threading.Thread(target=self._loop, args=(i,), daemon=True)
                        for i in range(threads)]

    def _loop(self, index):
        iteration = 0
        while not self.stopping.is_set():
            answer = self.make_request(index, iteration)
            iteration += 1
            with self.lock:
                self.answers.append(answer)
            if self.pause:
                self.stopping.wait(self.pause)

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def stop(self, timeout=60):
        self.stopping.set()
        for t in self.threads:
            t.join(timeout)

    def snapshot(self):
        with self.lock:
            return list(self.answers)


def describe_answers(answers):
    """`{'200': 12, '503': 4}` style counts."""
    counts = {}
    for a in answers:
        counts[a.outcome()] = counts.get(a.outcome(), 0) + 1
    return dict(sorted(counts.items()))


def parse_ci(argv=None):
    import argparse
    parser = argparse.ArgumentParser(description=sys.modules["__main__"].__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ci", action="store_true", help="the short CI-sized variant")
    return parser.parse_args(argv)


def run_scenario(name, body):
    """Runs `body(workdir)` -> (measurements, failures) with teardown and a RESULT line.
    Exit code 0 on pass, 1 on a failed check, 2 on a setup error, 130 on Ctrl-C."""
    install_signal_handlers()
    workdir = tempfile.mkdtemp(prefix=f"daybreak-faults-{name}-")
    code = 0
    try:
        log(f"{name}: binary {daybreak_bin()}")
        measurements, failures = body(workdir)
        passed = not failures
        print()
        for key, value in measurements.items():
            print(f"  {key:40} {value}")
        if failures:
            print(f"\nFAIL {name}:")
            for f in failures:
                print(f"  - {f}")
            server_log = os.path.join(workdir, "server.log")
            if os.path.exists(server_log):
                print(f"\n--- last lines of the server log (2xx lines left out) ---\n"
                      f"{tail(server_log, 60, skip_ok=True)}")
            code = 1
        else:
            print(f"\nPASS {name}")
        print_result(name, passed, measurements, failures)
    except Failure as e:
        print(f"\nERROR {name}: {e}", flush=True)
        server_log = os.path.join(workdir, "server.log")
        if os.path.exists(server_log):
            print(f"\n--- last lines of the server log (2xx lines left out) ---\n"
                      f"{tail(server_log, 60, skip_ok=True)}")
        print_result(name, False, {}, [f"error: {e}"])
        code = 2
    except KeyboardInterrupt:
        print(f"\ninterrupted: {name}", flush=True)
        code = 130
    finally:
        keep = os.environ.get("FAULTS_KEEP_LOGS")
        if keep:
            os.makedirs(keep, exist_ok=True)
            for f in glob.glob(os.path.join(workdir, "*.log")):
                shutil.copy(f, os.path.join(keep, f"{name}-{os.path.basename(f)}"))
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(code)


def read_load(base, token, client_id, timeout=30, pause=0.05, with_writes=False):
    """The light read load of the outage scenarios: one thread each on the caseload list,
    a client's 90-day progress, /readyz and /healthz, a short pause between requests.
    `with_writes` adds a fifth thread creating draft notes.
    `timeout` is the client's own limit, well above the bounds checked, so that a request
    the server lets hang shows up as slow (or as `timeout`), never as cut short."""
    calls = [
        ("clients", "/api/v1/clients?per_page=50", True),
        ("progress", f"/api/v1/clients/{client_id}/progress", True),
        ("readyz", "/readyz", False),
        ("healthz", "/healthz", False),
    ]

    if with_writes:
        # A write transaction (several round trips) makes it likely that one request holds
        # a pooled connection mid-query when the database stops answering.
        calls.append(("note create", f"/api/v1/clients/{client_id}/notes", True))
    note = {"session_on": time.strftime("%Y-%m-%d", time.gmtime(time.time() - 3 * 86400)),
            "duration_minutes": 50, "format": "free", "sections": {"text": "Fault test note."}}

    def make(index, _iteration):
        label, path, auth = calls[index]
        method, body = ("POST", note) if label == "note create" else ("GET", None)
        return request(base, method, path, body=body, token=token if auth else None,
                       timeout=timeout, label=label)

    return Load(make, threads=len(calls), pause=pause)


def wait_recovered(base, token, timeout):
    """Polls the caseload list and /readyz until both answer 200; returns when they did
    (monotonic time), or None after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = request(base, "GET", "/readyz", timeout=10)
        clients = request(base, "GET", "/api/v1/clients?per_page=50", token=token, timeout=10)
        if ready.status == 200 and clients.status == 200:
            return time.monotonic()
        time.sleep(0.2)
    return None


def latency_table(answers):
    """Per label: count, outcomes, max latency (ms)."""
    by = {}
    for a in answers:
        by.setdefault(a.label, []).append(a)
    return {label: (f"n={len(items)} {describe_answers(items)} "
                    f"max {max(x.elapsed for x in items) * 1000:.0f} ms")
            for label, items in sorted(by.items())}
