#!/usr/bin/env python3
"""EXPLAIN ANALYZE of the queries behind the busiest endpoints, on a database built by
bench/seed.py, as the server runs them: as `daybreak_app` with the practice set, so the
row-level security policies are in every plan (`--superuser` plans without them). Prints each
plan's top node, whether it used an index, and its time; exits 1 when a query scans a whole
tenant table.

    python3 bench/explain.py [--db bench_daybreak] [--superuser] [-v]
"""

import argparse
import json
import subprocess
import sys


def psql(db, sql):
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1",
                          "-Atc", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def psql_as_app(db, practice, sql):
    """`sql` as the server's role under row-level security, in `practice` (what the server
    runs: the policy adds `practice_id = daybreak_practice()` to every tenant table)."""
    script = (f"SET ROLE daybreak_app;\nSELECT set_config('app.practice_id', '{practice}', false) \\g /dev/null\n"
              f"{sql};\n")
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1",
                          "-qAt", "-f", "-"], input=script, check=True, capture_output=True, text=True)
    return out.stdout.strip()


def nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="bench_daybreak")
    parser.add_argument("--superuser", action="store_true",
                        help="plan as the postgres superuser (row-level security bypassed)")
    parser.add_argument("-v", action="store_true", help="print each plan's node types")
    args = parser.parse_args()
    db = args.db
    # The busiest clinician's caseload and one of their clients with the longest history.
    practice, clinician = psql(db, "SELECT practice_id, clinician_id FROM clients WHERE status = 'active' "
                                   "GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1").split("|")
    client = psql(db, f"SELECT client_id FROM check_ins WHERE practice_id = '{practice}' "
                      f"GROUP BY client_id ORDER BY count(*) DESC LIMIT 1")
    page = psql(db, f"SELECT string_agg(quote_literal(id), ',') FROM (SELECT id FROM clients WHERE practice_id = "
                    f"'{practice}' AND clinician_id = '{clinician}' AND status = 'active' "
                    f"ORDER BY search_name, id LIMIT 50) p")
    p, c = f"'{practice}'", f"'{client}'"
    queries = {
        "client list (caseload page)": f"SELECT * FROM clients WHERE practice_id = {p} AND clinician_id = '{clinician}' "
                                       f"AND status = 'active' ORDER BY search_name, id LIMIT 50",
        # What src/clients/progress.rs `summaries` sends since the performance issue: three index
        # probes per client of the page (the last one on the partial index of use days).
        "client list: clean-time probes per client": f"SELECT c.id, (SELECT day FROM check_ins WHERE practice_id = {p} "
                                       f"AND client_id = c.id ORDER BY day LIMIT 1), (SELECT day FROM check_ins WHERE "
                                       f"practice_id = {p} AND client_id = c.id ORDER BY day DESC LIMIT 1), (SELECT day "
                                       f"FROM check_ins WHERE practice_id = {p} AND client_id = c.id AND used AND day <= "
                                       f"current_date ORDER BY day DESC LIMIT 1) FROM clients c WHERE c.practice_id = {p} "
                                       f"AND c.id IN ({page})",
        # Before: two aggregates reading every check-in of the page's clients (kept to compare).
        "before: first/last check-in per client": f"SELECT client_id, min(day), max(day) FROM check_ins WHERE "
                                       f"practice_id = {p} AND client_id IN ({page}) GROUP BY client_id",
        "before: last use per client": f"SELECT client_id, max(day) FROM check_ins WHERE practice_id = {p} AND "
                                       f"client_id IN ({page}) AND used AND day <= current_date GROUP BY client_id",
        "client list: episodes": f"SELECT * FROM relapse_episodes WHERE practice_id = {p} AND client_id IN ({page}) "
                                 f"AND status = 'active' AND occurred_on <= current_date",
        "progress: 90 days of check-ins": f"SELECT * FROM check_ins WHERE practice_id = {p} AND client_id = {c} AND "
                                          f"day BETWEEN current_date - 89 AND current_date ORDER BY day",
        "progress: used days before the period": f"SELECT day FROM check_ins WHERE practice_id = {p} AND client_id = {c} "
                                                 f"AND day < current_date - 89 AND used",
        "notes list": f"SELECT * FROM session_notes WHERE practice_id = {p} AND client_id = {c} AND "
                      f"(NOT is_psychotherapy_note OR author_id = '{clinician}') ORDER BY session_on DESC, created_at DESC, "
                      f"id DESC LIMIT 50",
        "audit log page": f"SELECT * FROM audit_events WHERE practice_id = {p} ORDER BY at DESC, id DESC LIMIT 50",
        "alerts (open, caseload)": f"SELECT * FROM alerts WHERE practice_id = {p} AND status = 'open' AND client_id IN "
                                   f"(SELECT id FROM clients WHERE practice_id = {p} AND clinician_id = '{clinician}') "
                                   f"ORDER BY raised_at DESC LIMIT 50",
    }
    full_scans = 0
    for name, sql in queries.items():
        explain = f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}"
        plan = json.loads(psql(db, explain) if args.superuser else psql_as_app(db, practice, explain))[0]
        kinds = [n["Node Type"] for n in nodes(plan["Plan"])]
        seq = [n for n in nodes(plan["Plan"]) if n["Node Type"] == "Seq Scan" and n.get("Actual Rows", 0) > 1000]
        full_scans += len(seq)
        indexes = sorted({n.get("Index Name") for n in nodes(plan["Plan"]) if n.get("Index Name")})
        rows = max(n.get("Actual Rows", 0) * n.get("Actual Loops", 1) for n in nodes(plan["Plan"]))
        print(f"{name:48} {plan['Execution Time']:8.2f} ms  index: {', '.join(indexes) or '-':60} "
              f"{'SEQ SCAN ' if seq else ''}max rows/node {rows}")
        if args.v:
            print("   ", " > ".join(kinds))
    sys.exit(1 if full_scans else 0)


if __name__ == "__main__":
    main()
