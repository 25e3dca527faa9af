#!/usr/bin/env python3
"""Fault 3: Postgres is frozen (SIGSTOP) under load. No request hangs longer than the
configured request timeout.

What it proves: a database that stops answering without closing anything (a hung host, a
stalled disk, a network partition: TCP connections stay open and silent) cannot hold a
request past DAYBREAK_REQUEST_TIMEOUT_SECS (set low here) plus a small margin; such
requests answer a problem+json 503 (or 504/408), /readyz answers 503 within its own 2 s
ping limit, /healthz (no database) keeps answering 200 at once; after SIGCONT the server
answers 200 again within 15 s, without a restart.

How: a private Postgres cluster, the demo practice, `daybreak serve` with
DAYBREAK_REQUEST_TIMEOUT_SECS=5 (2 in --ci); five threads call in a loop (the caseload, a
client's 90-day progress, /readyz, /healthz, and creating a draft note, so that a request
is likely to hold a pooled connection mid-transaction when the database freezes); after a
calm phase every process of the cluster (postmaster and children) gets SIGSTOP for
timeout + 5 s, then SIGCONT. With 5 s the pool's 3 s acquire timeout answers most requests
first; with 2 s the request timeout layer does: the 503s are counted by cause.

    python3 bench/faults/pg_pause.py [--ci]
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (PgCluster, Server, caseload, describe_answers, latency_table, log,  # noqa: E402
                    login, parse_ci, read_load, run_scenario, wait_recovered)

# The detail of a 503 says which limit answered (see src/http/mod.rs and src/error.rs).
CAUSES = {"The request took too long": "request timeout layer",
          "temporarily unavailable": "database unavailable (pool acquire/connect timeout)"}
MARGIN = 2.0           # seconds a request may exceed the configured timeout
RECOVERY_BOUND = 15.0  # seconds from SIGCONT to the API answering 200 again
TIMEOUT_STATUSES = (503, 504, 408)


def describe_causes(answers):
    counts = {}
    for a in answers:
        if a.status in TIMEOUT_STATUSES:
            detail = (a.json() or {}).get("detail", "") if a.is_problem else ""
            cause = next((c for k, c in CAUSES.items() if k in detail), f"other: {detail[:60]!r}")
            if not a.is_problem:
                cause = "bare 503 without a body (a layer, outside /api)"
            counts[cause] = counts.get(cause, 0) + 1
    return counts


def scenario(workdir):
    args = parse_ci()
    # 5 s (full run) is above the pool's 3 s acquire timeout, which then answers first;
    # 2 s (--ci) is below it, so the request timeout layer is what answers.
    timeout = 2 if args.ci else 5
    calm, pause, after = (2.0, timeout + 5.0, 2.0) if args.ci else (3.0, timeout + 5.0, 5.0)
    failures, m = [], {}
    with PgCluster(workdir) as pg:
        server = Server(pg, workdir, DAYBREAK_REQUEST_TIMEOUT_SECS=timeout)
        load = None
        try:
            log(f"private Postgres on port {pg.port}; seeding the demo practice")
            server.seed_demo()
            server.start()
            server.wait_ready()
            token = login(server.base)
            client = caseload(server.base, token)[0]

            load = read_load(server.base, token, client, with_writes=True).start()
            time.sleep(calm)
            t_stop = time.monotonic()
            stopped = pg.pause()
            t_frozen = time.monotonic()  # every process has its SIGSTOP from here on
            log(f"SIGSTOP sent to {stopped} Postgres processes; frozen for {pause:.0f} s "
                f"(request timeout {timeout} s)")
            time.sleep(pause)
            pg.resume()
            t_cont = time.monotonic()
            log("SIGCONT sent")
            recovered = wait_recovered(server.base, token, RECOVERY_BOUND)
            if recovered is None:
                failures.append(f"the server did not answer 200 on /readyz and the caseload within "
                                f"{RECOVERY_BOUND:.0f} s of SIGCONT")
                recovered = time.monotonic()
            log("recovered; load goes on")
            time.sleep(after)
            load.stop()
            answers = load.snapshot()

            before = [a for a in answers if a.ended < t_stop]
            during = [a for a in answers if a.started < t_cont and a.ended >= t_stop]
            frozen = [a for a in during if a.started >= t_frozen and a.ended < t_cont]
            settling = [a for a in answers if t_cont <= a.started < recovered]
            steady = [a for a in answers if a.started >= recovered]

            bound = timeout + MARGIN
            m["request timeout (s)"] = timeout
            m["pause (s)"] = round(t_cont - t_stop, 1)
            m["requests before / during / after"] = f"{len(before)} / {len(during)} / {len(steady)}"
            m["outcomes during the pause"] = describe_answers(during)
            for label, text in latency_table(during).items():
                m[f"  {label} during"] = text
            m["503s by cause"] = describe_causes(during)
            m["DB-backed outcomes while Postgres was frozen"] = describe_answers(
                [a for a in frozen if a.label != "healthz"])
            m["max latency during the pause (ms)"] = round(
                max((a.elapsed for a in during), default=0) * 1000)
            m["time to recovery after SIGCONT (s)"] = round(recovered - t_cont, 2)
            m["outcomes after recovery"] = describe_answers(steady)

            bad_before = [a for a in before if not a.ok]
            if bad_before:
                failures.append(f"{len(bad_before)} failures before the pause, e.g. {bad_before[:3]}")
            if not frozen:
                failures.append("no request ran while Postgres was frozen (nothing was tested)")
            slow = [a for a in during + settling if a.elapsed > bound]
            if slow:
                failures.append(f"{len(slow)} requests took longer than the timeout + {MARGIN:.0f} s "
                                f"({bound:.0f} s), e.g. {sorted(slow, key=lambda a: -a.elapsed)[:4]}")
            # API answers are problem+json; /readyz and /healthz are outside /api, where the
            # server turns a timeout layer's bare 503 into problem+json only under /api
            # (src/http/mod.rs), so for them the status is what counts.
            wrong = [a for a in during + settling
                     if not (a.ok or (a.status in TIMEOUT_STATUSES
                                                 and (a.is_problem or not a.path.startswith("/api"))))]
            bare = [a for a in during if a.status in TIMEOUT_STATUSES and not a.is_problem]
            if bare:
                m["503s without a problem+json body"] = describe_answers(bare) | {
                    "paths": sorted({a.path for a in bare})}
            if wrong:
                failures.append(f"{len(wrong)} answers were neither 2xx nor a 503/504/408 problem+json, "
                                f"e.g. {[(a, a.content_type, a.body[:120]) for a in wrong[:4]]}")
            ready_ok = [a for a in frozen if a.label == "readyz" and a.status == 200]
            if ready_ok:
                failures.append(f"/readyz answered 200 while Postgres was frozen: {ready_ok[:4]}")
            health_bad = [a for a in during if a.label == "healthz" and (not a.ok or a.elapsed > 2)]
            if health_bad:
                failures.append(f"/healthz (no database) failed or was slow during the pause: "
                                f"{health_bad[:4]}")
            not_ok = [a for a in steady if not a.ok]
            if not_ok:
                failures.append(f"{len(not_ok)} requests failed after recovery, e.g. {not_ok[:4]}")
            if server.proc.poll() is not None:
                failures.append(f"the server exited ({server.proc.returncode}) during the test")
        finally:
            pg.resume()
            if load:
                load.stop()
            server.stop()
    return m, failures


if __name__ == "__main__":
    run_scenario("pg_pause", scenario)
