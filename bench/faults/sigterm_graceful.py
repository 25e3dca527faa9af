#!/usr/bin/env python3
"""Fault 4: SIGTERM under load. Requests in flight finish, new connections are refused, the
process exits 0.

What it proves: a deploy or a `docker stop` never cuts a clinician's request in half: after
SIGTERM the server stops accepting connections at once, every request it was already
serving (including slow ones: a 5-year PDF progress report, a slowly uploaded note) completes
with its full 2xx answer, and the process then exits with code 0 within a bound.

How: a private Postgres cluster, the demo practice, `daybreak serve`. Threads call in a
loop: the caseload list (fast), a client's progress and PDF report over 5 years (slow on
the CPU). On top, a few clients upload a draft note slowly, their body trickled over
UPLOAD s, so that they are certainly mid-request (headers read, body still coming) when,
halfway through their upload, the server gets SIGTERM. Then:

- every request that started at least RACE s before the signal and had not finished
  (in flight) must end 2xx, the PDFs complete (`%PDF` ... `%%EOF`), the slowly uploaded
  notes stored;
- every connection attempt made SETTLE s or more after the signal must be refused,
  including one made while the uploads are still going on;
- connections that are open but carry no request in progress cannot hold the exit: an
  idle keep-alive connection (one request done), a silent one (connected, nothing sent)
  and a client that stalled halfway through its request head (a slow or broken client: it
  sent the request line and a header, never the blank line ending the head) are closed by
  the server;
- the exit code is 0, within EXIT_BOUND seconds (the request timeout, set to 5 s here, plus
  5 s: every real request has finished or timed out by then; Docker's default grace
  before SIGKILL is 10 s too). When the server is still running at the bound, the script
  closes the stalled connection and reports how fast the server then exits.

Requests started within RACE s of the signal race with it (the connection may be accepted
before or after the listener closes): they are counted, not judged.

    python3 bench/faults/sigterm_graceful.py [--ci]
"""

import datetime as dt
import http.client
import json
import os
import signal
import socket
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (Answer, Load, PgCluster, Server, caseload, describe_answers, log,  # noqa: E402
                    login, parse_ci, practice_today, request, run_scenario, tail)

RACE = 0.05       # requests started this close before the signal may go either way
SETTLE = 0.5      # from this long after the signal, new connections must be refused
REQUEST_TIMEOUT = 5  # DAYBREAK_REQUEST_TIMEOUT_SECS for this scenario
EXIT_BOUND = REQUEST_TIMEOUT + 5.0  # seconds from SIGTERM to the process' exit
UPLOAD = 2.0      # seconds a slow upload takes; SIGTERM comes halfway


def slow_upload(base, path, body, token, seconds, chunks=20):
    """POSTs `body` (bytes) with its Content-Length, in `chunks` pieces spread over
    `seconds`: a client on a slow network. Returns an Answer."""
    answer = Answer("POST", path, "slow upload")
    host, port = base.rsplit(":", 1)
    size = -(-len(body) // chunks)

    def trickle():
        for i in range(0, len(body), size):
            yield body[i:i + size]
            time.sleep(seconds / chunks)

    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        conn.request("POST", path, body=trickle(), headers={
            "content-type": "application/json", "content-length": str(len(body)),
            "authorization": f"Bearer {token}"}, encode_chunked=False)
        response = conn.getresponse()
        answer.body = response.read()
        answer.status = response.status
        answer.content_type = response.getheader("content-type", "")
    except ConnectionRefusedError:
        answer.error = "refused"
    except (ConnectionResetError, BrokenPipeError):
        answer.error = "reset"
    except http.client.RemoteDisconnected:
        answer.error = "disconnected"
    except (OSError, http.client.HTTPException) as e:
        answer.error = type(e).__name__
    finally:
        answer.elapsed = time.monotonic() - answer.started
        conn.close()
    return answer


def closed_by_server(sock):
    """True when the server has closed this connection (reading gives EOF at once)."""
    try:
        sock.settimeout(0.2)
        return sock.recv(1) == b""
    except (socket.timeout, TimeoutError):
        return False
    except OSError:
        return True


def scenario(workdir):
    args = parse_ci()
    warm, slow_threads, uploads = (1.5, 3, 2) if args.ci else (3.0, 4, 4)
    failures, m = [], {}
    with PgCluster(workdir) as pg:
        server = Server(pg, workdir, DAYBREAK_REQUEST_TIMEOUT_SECS=REQUEST_TIMEOUT)
        load = None
        stalled = idle = silent = None
        try:
            log(f"private Postgres on port {pg.port}; seeding the demo practice")
            server.seed_demo()
            server.start()
            server.wait_ready()
            token = login(server.base)
            clients = caseload(server.base, token)
            today = practice_today(server.base, token)
            # Five years, the longest period the API accepts: the most work per request.
            period = f"from={(today - dt.timedelta(days=1825)).isoformat()}&to={today.isoformat()}"

            def pdf_path(client):
                return (f"/api/v1/clients/{client}/report.pdf?{period}&include_notes=true"
                        "&internal=true&purpose=Graceful%20shutdown")

            def progress_path(client):
                return f"/api/v1/clients/{client}/progress?{period}"

            # How slow are the slow requests, alone?
            probe = request(server.base, "GET", pdf_path(clients[0]), token=token, timeout=60)
            if probe.status != 200:
                failures.append(f"the 5-year PDF report failed before the test: {probe} "
                                f"{probe.body[:200]!r}")
                return m, failures
            m["one 5-year PDF alone (ms)"] = round(probe.elapsed * 1000)
            m["5-year PDF size (bytes)"] = len(probe.body)
            one_progress = request(server.base, "GET", progress_path(clients[0]), token=token)
            m["one 5-year progress alone (ms)"] = round(one_progress.elapsed * 1000)

            def make(index, iteration):
                client = clients[(index + iteration) % len(clients)]
                if index == 0:
                    answer = request(server.base, "GET", "/api/v1/clients?per_page=50", token=token,
                                     timeout=60, label="clients")
                elif index % 2:
                    answer = request(server.base, "GET", pdf_path(client), token=token, timeout=60,
                                     label="report.pdf 5y")
                else:
                    answer = request(server.base, "GET", progress_path(client), token=token,
                                     timeout=60, label="progress 5y")
                if answer.status is None:
                    time.sleep(0.02)  # refused: do not spin
                return answer

            load = Load(make, threads=1 + slow_threads).start()
            time.sleep(warm)

            # Slow uploads, each a draft note with a unique marker, SIGTERM halfway through.
            run_id = uuid.uuid4().hex[:8]
            upload_answers = []

            def upload(i):
                marker = f"sigterm-{run_id}-{i}"
                note = {"session_on": (today - dt.timedelta(days=2)).isoformat(),
                        "duration_minutes": 50, "format": "free",
                        "sections": {"text": marker + " " + "slow upload. " * 400}}
                path = f"/api/v1/clients/{clients[i % len(clients)]}/notes"
                upload_answers.append(slow_upload(server.base, path, json.dumps(note).encode(),
                                                  token, UPLOAD))

            uploaders = [threading.Thread(target=upload, args=(i,), daemon=True) for i in range(uploads)]
            for t in uploaders:
                t.start()
            # Open connections with no request in progress.
            host, port = server.base.rsplit(":", 1)
            idle = http.client.HTTPConnection(host, int(port), timeout=EXIT_BOUND + 5)
            idle.request("GET", "/healthz")
            idle.getresponse().read()  # keep-alive: the connection stays open
            silent = socket.create_connection((host, int(port)), timeout=EXIT_BOUND + 5)
            stalled = socket.create_connection((host, int(port)), timeout=EXIT_BOUND + 5)
            stalled.sendall(b"GET /healthz HTTP/1.1\r\nHost: daybreak\r\n")  # no blank line

            time.sleep(UPLOAD / 2)

            log("SIGTERM")
            t_term = time.monotonic()
            server.signal(signal.SIGTERM)

            # While the uploads are still coming in, a new connection must be refused.
            time.sleep(SETTLE + 0.05)
            probe_new = request(server.base, "GET", "/healthz", timeout=5, label="new after SIGTERM")
            still_running_at_probe = server.proc.poll() is None
            uploads_pending_at_probe = uploads - len(upload_answers)

            code = server.wait_exit(max(0.0, t_term + EXIT_BOUND - time.monotonic()))
            t_exit = time.monotonic()
            idle_closed = closed_by_server(idle.sock)
            silent_closed = closed_by_server(silent)
            stalled_closed = closed_by_server(stalled)
            exit_after_stalled_closed = None
            if code is None:
                log(f"still running {EXIT_BOUND:.0f} s after SIGTERM; closing the stalled connection")
                stalled.close()
                t_closed = time.monotonic()
                code_late = server.wait_exit(10)
                if code_late is not None:
                    exit_after_stalled_closed = (time.monotonic() - t_closed, code_late)
            time.sleep(0.3)
            load.stop()
            for t in uploaders:
                t.join(60)
            answers = load.snapshot() + upload_answers

            in_flight = [a for a in answers if a.started <= t_term - RACE and a.ended > t_term]
            racing = [a for a in answers if t_term - RACE < a.started < t_term + SETTLE]
            after = [a for a in answers if a.started >= t_term + SETTLE] + [probe_new]
            done_before = [a for a in answers if a.ended <= t_term]

            m["requests completed before SIGTERM"] = f"{len(done_before)} {describe_answers(done_before)}"
            m["in flight at SIGTERM"] = f"{len(in_flight)} {describe_answers(in_flight)}"
            m["  of which slow uploads"] = sum(1 for a in in_flight if a.label == "slow upload")
            m["  of which 5-year pdf/progress"] = sum(1 for a in in_flight if a.label.endswith("5y"))
            m["longest in-flight finish after SIGTERM (ms)"] = round(
                max((a.ended - t_term for a in in_flight), default=0) * 1000)
            m["racing the signal (not judged)"] = f"{len(racing)} {describe_answers(racing)}"
            m["new connections after SIGTERM"] = f"{len(after)} {describe_answers(after)}"
            m[f"probe at +{(SETTLE + 0.05) * 1000:.0f} ms"] = (
                f"{probe_new.outcome()} (server running: {still_running_at_probe}, "
                f"uploads still coming: {uploads_pending_at_probe})")
            m["idle keep-alive connection closed by the server"] = idle_closed
            m["silent connection closed by the server"] = silent_closed
            m["stalled half-sent request closed by the server"] = stalled_closed
            m["exit code"] = code
            m["SIGTERM to exit (ms)"] = (round((t_exit - t_term) * 1000) if code is not None
                                         else f"still running after {EXIT_BOUND:.0f} s")
            if exit_after_stalled_closed:
                m["exit after the script closed the stalled connection"] = (
                    f"{exit_after_stalled_closed[0] * 1000:.0f} ms, code {exit_after_stalled_closed[1]}")

            bad_before = [a for a in done_before if a.status != 200]
            if bad_before:
                failures.append(f"{len(bad_before)} failures before SIGTERM, e.g. {bad_before[:3]}")
            if not any(a.label == "slow upload" for a in in_flight):
                failures.append("no slow upload was in flight at SIGTERM (nothing was tested)")
            cut = [a for a in in_flight if a.status is None or not 200 <= a.status < 300]
            if cut:
                failures.append(f"{len(cut)} in-flight requests did not complete with 2xx: "
                                f"{[(a, a.body[:120]) for a in cut[:4]]}")
            for a in in_flight:
                if a.label == "report.pdf 5y" and a.status == 200 and not (
                        a.body.startswith(b"%PDF") and a.body.rstrip().endswith(b"%%EOF")):
                    failures.append(f"an in-flight PDF came back truncated ({len(a.body)} bytes)")
            stored = int(pg.psql(f"SELECT count(*) FROM session_notes "
                                 f"WHERE sections->>'text' LIKE 'sigterm-{run_id}-%'"))
            acked_uploads = sum(1 for a in upload_answers if a.ok)
            m["slow uploads acknowledged / stored"] = f"{acked_uploads} / {stored}"
            if stored < acked_uploads:
                failures.append(f"{acked_uploads} slow uploads acknowledged but {stored} stored")
            accepted = [a for a in after if a.error != "refused"]
            if accepted:
                failures.append(f"{len(accepted)} connections made after SIGTERM were not refused: "
                                f"{[(a, a.started - t_term) for a in accepted[:4]]}")
            if code is None:
                why = ""
                if not stalled_closed and exit_after_stalled_closed:
                    why = (f": it waited on the stalled connection (a client that sent half a request "
                           f"head), and exited {exit_after_stalled_closed[0] * 1000:.0f} ms after the "
                           f"client gave up (code {exit_after_stalled_closed[1]})")
                failures.append(f"the server was still running {EXIT_BOUND:.0f} s after SIGTERM{why}")
            elif code != 0:
                failures.append(f"the server exited with {code} after SIGTERM, expected 0")
            if "Daybreak stopped" not in tail(server.logfile, 20):
                failures.append("the log does not end with 'Daybreak stopped'")
        finally:
            for conn in (stalled, idle, silent):
                if conn:
                    conn.close()
            if load:
                load.stop()
            server.stop()
    return m, failures


if __name__ == "__main__":
    run_scenario("sigterm_graceful", scenario)
