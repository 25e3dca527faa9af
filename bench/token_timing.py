#!/usr/bin/env python3
"""Does a revoked self-report token answer measurably slower or faster than an unknown one?

Starts the Daybreak binary (DAYBREAK_BIN, default target/release/daybreak) with the demo on
a throwaway SQLite database, issues a link for a demo client and revokes it, then sends
N interleaved GET /api/v1/self-report/{token} requests for the revoked token and for
unknown tokens of the same shape, over one keep-alive connection, and prints the medians,
the 10th/90th percentiles and the difference of medians.

    python3 bench/token_timing.py [N]
"""

import http.client
import json
import os
import secrets
import base64
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    binary = os.environ.get("DAYBREAK_BIN", "target/release/daybreak")
    port = free_port()
    work = tempfile.mkdtemp()
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite://{work}/bench.db?mode=rwc",
        DAYBREAK_ADDR=f"127.0.0.1:{port}",
        DAYBREAK_JWT_SECRET="bench-secret-bench-secret-bench-secret-0123",
        DAYBREAK_SELF_REPORT_LINK_RATE="100000",
        DAYBREAK_SELF_REPORT_IP_RATE="100000",
        RUST_LOG="warn",
    )
    server = subprocess.Popen([binary, "serve", "--demo"], env=env, stdout=subprocess.DEVNULL)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(100):
            try:
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

        def call(method, path, body=None, token=None):
            headers = {"content-type": "application/json"}
            if token:
                headers["authorization"] = f"Bearer {token}"
            conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            response = conn.getresponse()
            data = response.read()
            return response.status, (json.loads(data) if data else None)

        _, login = call("POST", "/api/v1/auth/login",
                        {"email": "clinician@demo.daybreak.example", "password": "demo-password-2026"})
        access = login["access_token"]
        _, clients = call("GET", "/api/v1/clients", token=access)
        client_id = clients["items"][0]["id"]
        _, link = call("POST", f"/api/v1/clients/{client_id}/self-report-links", {}, token=access)
        status, _ = call("POST", f"/api/v1/self-report-links/{link['id']}/revoke", {}, token=access)
        assert status == 200
        revoked = link["token"]

        def timed(token):
            start = time.perf_counter()
            conn.request("GET", f"/api/v1/self-report/{token}")
            response = conn.getresponse()
            response.read()
            assert response.status == 404, response.status
            return (time.perf_counter() - start) * 1000

        for _ in range(200):  # warm up
            timed(revoked)
        times = {"revoked": [], "unknown": []}
        for i in range(n):
            unknown = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
            pair = [("revoked", revoked), ("unknown", unknown)]
            if i % 2:
                pair.reverse()
            for name, token in pair:
                times[name].append(timed(token))

        def q(values, p):
            return statistics.quantiles(values, n=100)[p - 1]

        print(f"{n} requests each, one keep-alive connection, binary {binary}")
        for name, values in times.items():
            print(f"  {name:8} median {statistics.median(values):.3f} ms   p10 {q(values, 10):.3f}   p90 {q(values, 90):.3f}")
        diff = statistics.median(times["revoked"]) - statistics.median(times["unknown"])
        print(f"  difference of medians (revoked - unknown): {diff * 1000:+.1f} µs")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
