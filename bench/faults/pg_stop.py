#!/usr/bin/env python3
"""Fault 2: Postgres is stopped for 10 seconds under load. The server answers 503 quickly,
never hangs, and recovers by itself when Postgres is back.

What it proves: with the database gone (`pg_ctl stop -m fast`: connections terminated, new
ones refused), every request still gets an answer within a bound (5 s: the pool's acquire
and connect timeouts are 3 s), and that answer is a 503 problem+json (or a success that
needed no database, like /healthz); /readyz says 503 for the whole outage; no 500, no
dropped connection. When Postgres starts again, /readyz and the API answer 200 again
within 15 s without restarting the server, and keep answering 200.

How: a private Postgres cluster, the demo practice, `daybreak serve`; five threads call in
a loop (the clinician's caseload, a client's 90-day progress, /readyz, /healthz, and
creating a draft note as the dashboard's autosave would); after a calm phase Postgres is
stopped for 10 s, started again, and the load goes on until the server has recovered,
then a few more seconds.

    python3 bench/faults/pg_stop.py [--ci]
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (PgCluster, Server, caseload, describe_answers, latency_table, log,  # noqa: E402
                    login, parse_ci, percentile, read_load, run_scenario, wait_recovered)

BOUND = 5.0          # seconds any request may take while the database is down
RECOVERY_BOUND = 15.0  # seconds from Postgres accepting connections to the API answering 200


def scenario(workdir):
    args = parse_ci()
    calm, outage, after = (2.0, 10.0, 2.0) if args.ci else (3.0, 10.0, 5.0)
    failures, m = [], {}
    with PgCluster(workdir) as pg:
        server = Server(pg, workdir)
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
            log(f"stopping Postgres (pg_ctl stop -m fast) for {outage:.0f} s")
            t_stopping = time.monotonic()
            pg.stop("fast")
            t_down = time.monotonic()
            time.sleep(max(0.0, outage - (t_down - t_stopping)))
            log("starting Postgres again")
            t_starting = time.monotonic()
            pg.start()
            t_up = time.monotonic()
            recovered = wait_recovered(server.base, token, RECOVERY_BOUND)
            if recovered is None:
                failures.append(f"the server did not answer 200 on /readyz and the caseload within "
                                f"{RECOVERY_BOUND:.0f} s of Postgres coming back")
                recovered = time.monotonic()
            log("recovered; load goes on")
            time.sleep(after)
            load.stop()
            answers = load.snapshot()

            before = [a for a in answers if a.ended < t_stopping]
            during = [a for a in answers if a.started < t_up and a.ended >= t_stopping]
            down = [a for a in answers if t_down <= a.started and a.ended < t_starting]
            settling = [a for a in answers if t_up <= a.started < recovered]
            steady = [a for a in answers if a.started >= recovered]

            m["outage (s)"] = round(t_up - t_stopping, 1)
            m["requests before / during / after"] = f"{len(before)} / {len(during)} / {len(steady)}"
            m["outcomes during the outage"] = describe_answers(during)
            for label, text in latency_table(during).items():
                m[f"  {label} during"] = text
            m["DB-backed outcomes while Postgres was down"] = describe_answers(
                [a for a in down if a.label != "healthz"])
            down_db = [a.elapsed * 1000 for a in down if a.label != "healthz"]
            m["DB-backed latency while down p50/max (ms)"] = (
                f"{percentile(down_db, 50):.0f} / {percentile(down_db, 100):.0f}")
            m["max latency during the outage (ms)"] = round(
                max((a.elapsed for a in during), default=0) * 1000)
            m["time to recovery (s)"] = round(recovered - t_up, 2)
            m["pg_ctl start took (s)"] = round(t_up - t_starting, 2)
            m["outcomes after recovery"] = describe_answers(steady)

            # The checks.
            bad_before = [a for a in before if not a.ok]
            if bad_before:
                failures.append(f"{len(bad_before)} failures before the outage, e.g. {bad_before[:3]}")
            if not down:
                failures.append("no request ran while Postgres was down (nothing was tested)")
            slow = [a for a in during + settling if a.elapsed >= BOUND]
            if slow:
                failures.append(f"{len(slow)} requests took {BOUND:.0f} s or more while Postgres was "
                                f"down or coming back, e.g. {sorted(slow, key=lambda a: -a.elapsed)[:4]}")
            wrong = [a for a in during + settling
                     if not (a.ok or (a.status == 503 and a.is_problem))]
            if wrong:
                failures.append(f"{len(wrong)} answers were neither 2xx nor a 503 problem+json, e.g. "
                                f"{[(a, a.content_type, a.body[:120]) for a in wrong[:4]]}")
            ready_ok = [a for a in down if a.label == "readyz" and a.status != 503]
            if ready_ok:
                failures.append(f"/readyz answered other than 503 while Postgres was down: {ready_ok[:4]}")
            api_ok = [a for a in down if a.label != "healthz" and a.ok]
            if api_ok:
                failures.append(f"API calls succeeded with Postgres down: {api_ok[:4]}")
            health_bad = [a for a in during if a.label == "healthz" and not a.ok]
            if health_bad:
                failures.append(f"/healthz (no database) failed during the outage: {health_bad[:4]}")
            not_ok = [a for a in steady if not a.ok]
            if not_ok:
                failures.append(f"{len(not_ok)} requests failed after recovery, e.g. {not_ok[:4]}")
            if server.proc.poll() is not None:
                failures.append(f"the server exited ({server.proc.returncode}) during the test")
        finally:
            if load:
                load.stop()
            server.stop()
    return m, failures


if __name__ == "__main__":
    run_scenario("pg_stop", scenario)
