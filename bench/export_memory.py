#!/usr/bin/env python3
"""The server's memory while a month-end export of a large practice runs (trust review,
finding 10): the zip is written to a file and stored in parts, so the peak should not grow
with the size of the zip.

    python3 bench/export_memory.py [--bin target/release/daybreak] [--clients 300]

Seeds `daybreak demo --clients N` into a throwaway SQLite file, starts the server, signs in
as the demo owner, starts an internal export of the last 90 days (the practice's days), polls it to the end and
prints the server's resident memory before and its peak (VmHWM) after, with the zip's size.
"""

import argparse
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

PASSWORD = "demo-password-2026"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
    return out


def call(base, method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"content-type": "application/json",
                                          **({"authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read() or b"null")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default="target/debug/daybreak")
    parser.add_argument("--clients", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, DATABASE_URL=f"sqlite://{work}/bench.db?mode=rwc",
                   DAYBREAK_JWT_SECRET="bench-secret-bench-secret-bench-secret-0123",
                   RUST_LOG="warn")
        subprocess.run([args.bin, "demo", "--clients", str(args.clients)], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        env["DAYBREAK_ADDR"] = f"127.0.0.1:{port}"
        server = subprocess.Popen([args.bin, "serve"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}/api/v1"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            token = call(base, "POST", "/auth/login",
                         {"email": "owner@demo.daybreak.example", "password": PASSWORD})["access_token"]
            import datetime as dt
            today = call(base, "GET", "/me", token=token)["today"]
            first = (dt.date.fromisoformat(today) - dt.timedelta(days=89)).isoformat()
            before = status(server.pid)
            start = time.monotonic()
            export = call(base, "POST", "/report-exports",
                          {"from": first, "to": today, "internal": True}, token=token)
            while export["status"] == "running":
                time.sleep(0.5)
                export = call(base, "GET", f"/report-exports/{export['id']}", token=token)
            seconds = time.monotonic() - start
            after = status(server.pid)
            print(json.dumps({
                "clients": args.clients, "status": export["status"], "reports": export["done"],
                "zip_mb": round(export["size_bytes"] / 1048576, 1), "seconds": round(seconds, 1),
                "rss_before_mb": round(before["VmRSS"], 1), "peak_rss_mb": round(after["VmHWM"], 1),
            }))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
