#!/usr/bin/env python3
"""Runs the fault scripts (all, or the ones named) one after the other and prints a summary.

    python3 bench/faults/run.py [--ci] [sigkill_writes pg_stop pg_pause sigterm_graceful]

Each script runs in its own process with its own private Postgres cluster and server, so a
failure in one cannot leave anything behind for the next. `--ci` picks the short variants
(the four together stay under about two minutes on 2 cores). Exits 0 when every scenario
passed, 1 otherwise. The binary is DAYBREAK_BIN (default target/release/daybreak, then
target/debug/daybreak); FAULTS_KEEP_LOGS=DIR keeps each run's server and Postgres logs.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = ["sigkill_writes", "pg_stop", "pg_pause", "sigterm_graceful"]
# What each scenario's summary line shows, from its measurements.
HEADLINES = {
    "sigkill_writes": ["acknowledged writes", "acknowledged but missing", "half-written rows",
                       "unacked but present (allowed)", "restart to ready (s)"],
    "pg_stop": ["max latency during the outage (ms)", "time to recovery (s)",
                "DB-backed outcomes while Postgres was down"],
    "pg_pause": ["request timeout (s)", "max latency during the pause (ms)",
                 "time to recovery after SIGCONT (s)", "DB-backed outcomes while Postgres was frozen"],
    "sigterm_graceful": ["in flight at SIGTERM", "longest in-flight finish after SIGTERM (ms)",
                         "new connections after SIGTERM", "exit code", "SIGTERM to exit (ms)"],
}


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ci", action="store_true", help="the short CI-sized variants")
    parser.add_argument("names", nargs="*", metavar="scenario",
                        help=f"any of {', '.join(SCENARIOS)} (default: all)")
    args = parser.parse_args()

    def interrupt(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    names = [n.removesuffix(".py") for n in args.names] or SCENARIOS
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario {', '.join(unknown)} (choose from {', '.join(SCENARIOS)})")

    results = []
    started_all = time.monotonic()
    for name in names:
        print(f"\n=== {name}{' (ci)' if args.ci else ''} ===", flush=True)
        started = time.monotonic()
        cmd = [sys.executable, os.path.join(HERE, f"{name}.py")] + (["--ci"] if args.ci else [])
        # Its own session, so a Ctrl-C reaches it once, forwarded from here.
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
        result = None
        try:
            for line in proc.stdout:
                if line.startswith("RESULT "):
                    result = json.loads(line[len("RESULT "):])
                else:
                    print(f"  {line}", end="", flush=True)
            code = proc.wait()
        except KeyboardInterrupt:
            # The script tears down its server and Postgres cluster on SIGINT.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
            for line in proc.stdout:
                print(f"  {line}", end="", flush=True)
            proc.wait(timeout=120)
            print("\ninterrupted", flush=True)
            sys.exit(130)
        results.append((name, code, time.monotonic() - started, result))

    print(f"\n{'scenario':18} {'result':6} {'time':>6}  measurements")
    print(f"{'-' * 18} {'-' * 6} {'-' * 6}  {'-' * 60}")
    for name, code, seconds, result in results:
        verdict = "PASS" if code == 0 else ("ERROR" if code == 2 else "FAIL")
        measurements = (result or {}).get("measurements", {})
        shown = "; ".join(f"{k}: {measurements[k]}" for k in HEADLINES[name] if k in measurements)
        print(f"{name:18} {verdict:6} {seconds:5.1f}s  {shown}")
        for failure in (result or {}).get("failures", []) if code else []:
            print(f"{'':33}! {failure[:300]}")
    print(f"\ntotal {time.monotonic() - started_all:.1f} s")
    sys.exit(0 if all(code == 0 for _, code, _, _ in results) else 1)


if __name__ == "__main__":
    main()
