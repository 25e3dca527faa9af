#!/usr/bin/env python3
"""The plans the server really runs, under load, at bench/seed.py's scale.

The server asks Postgres for generic plans (`plan_cache_mode = force_generic_plan`, src/db.rs):
each prepared statement is planned once per connection without its bound values. explain.py
plans hand-written copies of the queries with literal values, which Postgres plans
differently (a literal `used = true` can use a partial index `WHERE used`, a bound `$3` cannot).
This script records the plans of the statements the server sends instead:

1. turns on `auto_explain` for the server's role in the benchmark database (every statement,
   nested ones too, written to the Postgres log),
2. drives every endpoint of bench/load/run.py for a second with 4 connections,
3. turns it off again (also on failure) and reads the new part of the log.

Prints how often each index and each sequential scan appears, and exits 1 when a plan scans
a table of more than 1,000 rows sequentially.

    python3 bench/generic_plans.py [--bin target/release/daybreak] [--db bench_daybreak]
                                   [--log /var/log/postgresql/postgresql-15-main.log]

Needs psql, the database from bench/seed.py, and read access to the Postgres log.
"""

import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROLE = "daybreak_app"
SETTINGS = {
    "session_preload_libraries": "'auto_explain'",
    "auto_explain.log_min_duration": "0",
    "auto_explain.log_nested_statements": "on",
}


def psql(db, sql):
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1",
                          "-Atc", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.environ.get("DAYBREAK_BIN", "target/release/daybreak"))
    parser.add_argument("--db", default="bench_daybreak")
    parser.add_argument("--log", default="/var/log/postgresql/postgresql-15-main.log")
    parser.add_argument("--max-rows", type=int, default=1000,
                        help="a sequential scan of a table with more rows than this fails the check")
    args = parser.parse_args()

    start = os.path.getsize(args.log)
    for name, value in SETTINGS.items():
        psql(args.db, f"ALTER ROLE {ROLE} IN DATABASE {args.db} SET {name} = {value}")
    try:
        with tempfile.TemporaryDirectory() as out:
            run = subprocess.run([sys.executable, os.path.join(HERE, "load", "run.py"), "--bin", args.bin,
                                  "--db", args.db, "--no-extras", "--no-roundtrips", "--duration", "1",
                                  "--warmup", "0", "--connections", "4", "--out", out],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                print(run.stdout[-3000:], run.stderr[-3000:], sep="\n")
                print("the load run failed: no plans to read")
                return 1
    finally:
        for name in SETTINGS:
            psql(args.db, f"ALTER ROLE {ROLE} IN DATABASE {args.db} RESET {name}")

    with open(args.log, encoding="utf-8", errors="replace") as f:
        f.seek(start)
        log = f.read()
    plans = log.count("duration:")
    scans = collections.Counter(re.findall(
        r"((?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) [a-z_]+)", log))
    seq = collections.Counter(re.findall(r"Seq Scan on ([a-z_]+)", log))
    rows = {}
    for table in seq:
        rows[table] = int(float(psql(args.db, f"SELECT coalesce(max(reltuples), 0) FROM pg_class "
                                              f"WHERE relname = '{table}'") or 0))
    print(f"{plans:,} plans logged by auto_explain (generic plans, as the server runs them)\n")
    print("| node | plans |\n| --- | --- |")
    for node, n in scans.most_common():
        print(f"| {node} | {n:,} |")
    bad = []
    for table, n in seq.most_common():
        big = rows[table] > args.max_rows
        bad += [table] if big else []
        print(f"| Seq Scan on {table} ({rows[table]:,} rows){' **too big**' if big else ''} | {n:,} |")
    if not plans:
        print("\nno plans in the log: is auto_explain available, and is --log the server's log?")
        return 1
    if bad:
        print(f"\nFAIL: sequential scans of tables over {args.max_rows:,} rows: {', '.join(bad)}")
        return 1
    print(f"\nOK: every table over {args.max_rows:,} rows was read through an index")
    return 0


if __name__ == "__main__":
    sys.exit(main())
