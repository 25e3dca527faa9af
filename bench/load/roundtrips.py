#!/usr/bin/env python3
"""Counts the SQL round trips of each benchmarked endpoint, on the wire (see pgwire.py).

    python3 bench/load/roundtrips.py [--bin PATH] [--out DIR]     # or called by run.py

Starts one more server (pool of 2, RUST_LOG=warn) whose DATABASE_URL points at a counting
proxy in front of the shared Postgres, sends each request 3 times to warm the per-connection
statement caches, then 3 times more one at a time, and records what the server sent for
each. Prints and returns a markdown table and the statement list of each endpoint.
"""

import argparse
import collections
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (Failure, Server, binary, log, login, practice_today, request,  # noqa: E402
                    session_on_days_ago)
from pgwire import Proxy, short_sql  # noqa: E402

WHY = [
    (r"first_day", "clients: first/last check-in and last use, three index probes per client"),
    (r"FROM staff WHERE staff.practice_id = \$1 AND staff.id = \$2 AND staff.active", "staff check: the token's member, still active (CurrentStaff)"),
    (r"SELECT staff.id, staff.name FROM staff", "staff names for the answer (author)"),
    (r"FROM practices WHERE", "the practice (time zone: today's date)"),
    (r"INSERT INTO audit_chain_heads", "audit: make sure the practice's chain head exists"),
    (r"FROM audit_chain_heads .*FOR UPDATE", "audit: lock the practice's chain head (held until COMMIT)"),
    (r"INSERT INTO audit_events", "audit: the event"),
    (r"UPDATE audit_chain_heads", "audit: advance the chain head"),
    (r"SELECT count\(\*\) AS num_items FROM \(SELECT .* FROM clients", "clients: total for the page"),
    (r"FROM clients WHERE .*ORDER BY", "clients: the page"),
    (r"FROM clients WHERE .*clinician_id", "the client, within the clinician's caseload (404 otherwise)"),
    (r"FROM clients WHERE .*status", "the link's client, still active"),
    (r"FROM relapse_episodes", "relapse episodes"),
    (r"FROM self_report_links WHERE .*token_hash", "the link by token hash"),
    (r"UPDATE self_report_links", "the link's last use"),
    (r"INSERT INTO check_ins", "the check-in (upsert on client + day)"),
    (r"FROM check_ins WHERE .*day = ", "the check-in of that day"),
    (r"FROM check_ins WHERE .*used", "used days before the period"),
    (r"SELECT check_ins.day, check_ins.craving", "craving-rising rule: the last 14 days"),
    (r"FROM check_ins WHERE .*BETWEEN", "the period's check-ins"),
    (r"FROM measure_schedules", "due questionnaires: schedules"),
    (r"FROM measure_results", "due questionnaires: last results"),
    (r"FROM alerts", "open alerts"),
    (r"INSERT INTO session_notes", "the note"),
    (r"FROM note_addenda", "the note's addenda"),
    (r"^BEGIN", "transaction"),
    (r"^COMMIT", "transaction"),
]


def why(batch, release=False):
    if batch.kind == "ping":
        if release:
            return "pool: check when the connection goes back (sqlx always pings on release, in a spawned task)"
        return "pool: check before use (sqlx test_before_acquire)"
    sql = " ".join((batch.sql or "").split()).replace('"', "")
    for pattern, text in WHY:
        if re.search(pattern, sql, re.S | re.I):
            return text
    return ""


def endpoints(s, today):
    note = {"session_on": session_on_days_ago(today, 1), "duration_minutes": 50, "format": "soap",
            "sections": {"subjective": "Steady week.", "objective": "Alert.", "assessment": "Stable.",
                         "plan": "Weekly sessions."}}
    checkin = {"used": False, "craving": 2, "mood": 7, "attended_meeting": True, "contacted_sponsor": False}
    return [
        ("baseline", "GET", "/api/v1/bench/baseline", None, True),
        ("audited floor", "GET", "/api/v1/bench/audited", None, True),
        ("client list", "GET", "/api/v1/clients", None, True),
        ("progress, 90 days", "GET", f"/api/v1/clients/{s.long_client}/progress", None, True),
        ("self-report check-in", "POST", f"/api/v1/self-report/{s.links[0][0]}/check-ins", checkin, s.links[0][1]),
        ("note create", "POST", f"/api/v1/clients/{s.client_ids[0]}/notes", note, True),
    ]


def summarize(batches):
    kinds = collections.Counter(b.kind for b in batches)
    # A ping right after a connection did work in this request is its release check; any
    # other ping is the check before use.
    release, last_on = [], {}
    for b in batches:
        release.append(b.kind == "ping" and last_on.get(b.conn) not in (None, "ping"))
        last_on[b.conn] = b.kind
    simple = [b.sql.strip().upper() for b in batches if b.kind == "simple"]
    lock = next((i for i, b in enumerate(batches) if b.kind == "exec" and "audit_chain_heads" in (b.sql or "")
                 and "FOR UPDATE" in (b.sql or "").upper()), None)
    commit = next((i for i, b in enumerate(batches) if b.kind == "simple" and b.sql.strip().upper() == "COMMIT"), None)
    return {
        "round_trips": len(batches),
        "pings": kinds["ping"],
        "release_pings": sum(release),
        "prepares": kinds["prepare"],
        "statements": kinds["exec"],
        "begin_commit": len(simple),
        "simple": simple,
        "audit_inserts": sum(1 for b in batches if b.kind == "exec" and "INSERT INTO \"audit_events\"" in (b.sql or "")),
        "under_chain_lock": (commit - lock + 1) if lock is not None and commit is not None else 0,
        "db_ms": round(sum(b.ms or 0 for b in batches), 2),
        "list": [(b.kind, short_sql(b.sql) if b.sql else "", why(b, r), b.conn, b.ms) for b, r in zip(batches, release)],
    }


def count(bin_path, database_url, out, s, warm=3, measured=3):
    proxy = Proxy()
    url = re.sub(r"127\.0\.0\.1:5432", f"127.0.0.1:{proxy.port}", database_url)
    logfile = os.path.join(out, "server-roundtrips.log")
    results = []
    try:
        # The audit sealer (Postgres) chains events in the background, in batches: slowed to
        # once a minute here so that its statements do not land among a request's.
        with Server(bin_path, url, logfile, DAYBREAK_DB_MAX_CONNECTIONS=2, DAYBREAK_AUDIT_SEAL_MS="60000") as server:
            token = login(server.base, s.email)["access_token"]
            for label, method, path, body, auth in endpoints(s, practice_today(server.base, token)):
                runs = []
                for i in range(warm + measured):
                    time.sleep(0.05)
                    mark = proxy.mark()
                    started = time.monotonic()
                    # `auth`: True for staff, or the headers of the phone that claimed the link.
                    answer = request(server.base, method, path, body, token=token if auth is True else None,
                                     headers=auth if isinstance(auth, dict) else None)
                    wall_ms = (time.monotonic() - started) * 1000
                    if label in ("baseline", "audited floor") and answer.status == 404:
                        break  # a binary without DAYBREAK_BENCH_BASELINE support
                    if answer.status is None or not 200 <= answer.status < 300:
                        raise Failure(f"round trips: {label} answered {answer}")
                    time.sleep(0.15)  # let a connection's return to the pool finish
                    if i >= warm:
                        runs.append(summarize(proxy.since(mark)))
                        runs[-1]["wall_ms"] = round(wall_ms, 2)
                if not runs:
                    log(f"  {label}: not served by this binary (404)")
                    continue
                trips = sorted({r["round_trips"] for r in runs})
                summary = runs[-1]
                summary["label"] = label
                summary["wall_ms_median"] = sorted(r["wall_ms"] for r in runs)[len(runs) // 2]
                summary["db_ms_median"] = sorted(r["db_ms"] for r in runs)[len(runs) // 2]
                summary["varied"] = trips
                results.append(summary)
                log(f"  {label}: {summary['round_trips']} round trips ({summary['pings']} pings, "
                    f"{summary['statements']} statements, {summary['begin_commit']} BEGIN/COMMIT, "
                    f"{summary['prepares']} prepares; {summary['under_chain_lock']} under the audit-chain lock)"
                    + (f"; varied {trips}" if len(trips) > 1 else ""))
    finally:
        proxy.close()

    md = ["SQL round trips per request (counted on the wire by a proxy, warm statement caches; a round trip is "
          "one wait for Postgres's ReadyForQuery; times are of one request at a time through the proxy, so "
          "they include its Python forwarding, about 0.1-0.2 ms a round trip):", "",
          "| endpoint | round trips | pool pings | BEGIN/COMMIT | statements | audit events | of them while holding the practice's audit-chain lock | one request alone: wall / in round trips |",
          "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        varied = f" (runs: {', '.join(map(str, r['varied']))})" if len(r["varied"]) > 1 else ""
        md.append(f"| {r['label']} | {r['round_trips']}{varied} | {r['pings']} ({r['pings'] - r['release_pings']} before use, "
                  f"{r['release_pings']} on release) | {r['begin_commit']} | "
                  f"{r['statements']} | {r['audit_inserts']} | {r['under_chain_lock'] or '-'} | "
                  f"{r['wall_ms_median']:.2f} ms / {r['db_ms_median']:.2f} ms |")
    md.append("")
    for r in results:
        md.append(f"{r['label']}:")
        md.append("")
        for n, (kind, sql, reason, conn, ms) in enumerate(r["list"], 1):
            what = sql if kind != "ping" else "(Sync)"
            took = f"{ms:.2f} ms" if ms is not None else "?"
            md.append(f"{n}. `{kind}` [conn {conn}, {took}] {what}" + (f" — {reason}" if reason else ""))
        md.append("")
    text = "\n".join(md)
    with open(os.path.join(out, "roundtrips.md"), "w") as f:
        f.write(text + "\n")
    return {"endpoints": [{k: v for k, v in r.items()} for r in results], "markdown": text}


if __name__ == "__main__":
    # Standalone: the same setup as run.py, without the load.
    import run
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin")
    parser.add_argument("--out", default="/tmp/daybreak-load")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    bin_path = binary(args.bin)
    db_url = f"postgres://postgres@127.0.0.1:5432/{run.DB}"
    with Server(bin_path, db_url, os.path.join(args.out, "server-setup.log")) as setup_server:
        setup = run.prepare(setup_server.base, 2, 1)
    print(count(bin_path, db_url, args.out, setup)["markdown"])
