#!/usr/bin/env python3
"""Start-up time, memory at rest and size of the Daybreak binary.

    python3 bench/startup.py [--bin target/release/daybreak] [--runs 10] [--pg postgres://...]

For each case the server is started `--runs` times and the time from spawning the process to
the first 200 from /readyz is measured (median and max), with its resident memory at that
moment (VmRSS). Cases: a new SQLite file (every migration applied), an existing SQLite file,
and an existing Postgres database (skipped when --pg is not reachable). Prints the binary's
size on disk too, and its size stripped of symbols.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request

SECRET = "startup-bench-secret-0123456789abcdef"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def start_once(binary, env):
    port = free_port()
    env = {**os.environ, **env, "DAYBREAK_ADDR": f"127.0.0.1:{port}", "DAYBREAK_JWT_SECRET": SECRET,
           "RUST_LOG": "warn"}
    started = time.perf_counter()
    proc = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the server exited with {proc.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as r:
                    if r.status == 200:
                        return (time.perf_counter() - started) * 1000, rss_kb(proc.pid)
            except OSError:
                time.sleep(0.002)
            if time.perf_counter() - started > 30:
                raise SystemExit("the server did not become ready in 30 s")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def case(name, binary, runs, make_env):
    times, rss = [], []
    for i in range(runs):
        ms, kb = start_once(binary, make_env(i))
        times.append(ms)
        rss.append(kb)
    print(f"| {name} | {statistics.median(times):.0f} ms | {max(times):.0f} ms | "
          f"{statistics.median(rss) / 1024:.1f} MB |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.environ.get("DAYBREAK_BIN", "target/release/daybreak"))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/daybreak_startup_bench")
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)

    size = os.path.getsize(binary)
    with tempfile.TemporaryDirectory() as tmp:
        stripped = os.path.join(tmp, "stripped")
        subprocess.run(["strip", "-o", stripped, binary], check=True)
        print(f"binary: {size / 1e6:.1f} MB on disk, {os.path.getsize(stripped) / 1e6:.1f} MB stripped of symbols")

        print("\n| case | median to ready | max | memory at ready (RSS) |")
        print("| --- | --- | --- | --- |")
        case("new SQLite file (all migrations)", binary, args.runs,
             lambda i: {"DATABASE_URL": f"sqlite://{tmp}/new-{i}.db?mode=rwc"})
        existing = f"sqlite://{tmp}/existing.db?mode=rwc"
        start_once(binary, {"DATABASE_URL": existing})
        case("existing SQLite file", binary, args.runs, lambda i: {"DATABASE_URL": existing})

        admin = args.pg.rsplit("/", 1)[0] + "/postgres"
        database = args.pg.rsplit("/", 1)[1]
        if shutil.which("psql") and subprocess.run(["psql", admin, "-qc", "SELECT 1"],
                                                   capture_output=True).returncode == 0:
            subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {database}"], check=True)
            subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {database}"], check=True)
            try:
                start_once(binary, {"DATABASE_URL": args.pg})
                case("existing Postgres database", binary, args.runs, lambda i: {"DATABASE_URL": args.pg})
            finally:
                subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"])
        else:
            print("| existing Postgres database | skipped: not reachable | | |")


if __name__ == "__main__":
    main()
