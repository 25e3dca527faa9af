#!/usr/bin/env python3
"""Schemathesis against the live OpenAPI document, signed in as each role, on Postgres with
row-level security on (the server connects as daybreak_app).

It makes a throwaway database on the Postgres at --pg-url, migrates it as that URL's
(owner) role, starts the server with the demo practice, signs in as the owner, supervisor,
clinician and front desk, and runs schemathesis once per role with a fixed seed and a
bounded number of examples per operation. Checks: no 5xx (not_a_server_error) and every
response matches its documented schema (response_schema_conformance). Exit code 1 on any
failure. A run takes about two minutes here with the debug binary.

    DAYBREAK_BIN=target/debug/daybreak python3 tests/fuzz/run.py [--max-examples 8] [--seed N]
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

ROLES = ["owner", "supervisor", "clinician", "front_desk"]
DEMO_EMAIL = {
    "owner": "owner@demo.daybreak.example",
    "supervisor": "supervisor@demo.daybreak.example",
    "clinician": "clinician@demo.daybreak.example",
    "front_desk": "frontdesk@demo.daybreak.example",
}
DEMO_PASSWORD = "demo-password-2026"
SECRET = "fuzz-secret-fuzz-secret-fuzz-secret-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-qAtc", sql], check=True, capture_output=True)


def with_database(url: str, name: str) -> str:
    base, _, query = url.partition("?")
    base = base[: base.rfind("/")]
    return f"{base}/{name}" + (f"?{query}" if query else "")


def as_role(url: str, role: str) -> str:
    scheme, rest = url.split("://", 1)
    host_end = rest.find("/")
    authority = rest[:host_end]
    host = authority.rsplit("@", 1)[-1]
    return f"{scheme}://{role}@{host}{rest[host_end:]}"


def login(base: str, role: str) -> str:
    body = json.dumps({"email": DEMO_EMAIL[role], "password": DEMO_PASSWORD}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/auth/login", body, {"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["access_token"]


def api(base: str, method: str, path: str, token: str, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"{base}/api/v1{path}", data, {"content-type": "application/json",
                                        "authorization": f"Bearer {token}"}, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def real_records(base: str, tokens: dict) -> list:
    """Ids of the demo clinician's records (and a staff member), so that the fuzzer reaches
    the handlers past "not found": one (path regex, value) pair per kind of path id."""
    clinician, owner = tokens["clinician"], tokens["owner"]
    client = api(base, "GET", "/clients", clinician)["items"][0]["id"]
    note = api(base, "GET", f"/clients/{client}/notes", clinician)["items"][0]["id"]
    episode = api(base, "GET", f"/clients/{client}/relapses", clinician)["items"][0]["id"]
    schedule = api(base, "POST", f"/clients/{client}/measure-schedules", clinician,
                   {"code": "phq9", "every_days": 14})["id"]
    link = api(base, "POST", f"/clients/{client}/self-report-links", clinician, {})
    alerts = api(base, "GET", "/alerts", clinician)["items"]
    export = api(base, "POST", "/report-exports", clinician,
                 {"from": "2026-01-01", "to": "2026-01-31", "internal": True})["id"]
    consent = api(base, "POST", f"/clients/{client}/consents", clinician,
                  {"recipient": "Fuzz County court", "purpose": "Fuzzing", "information": "Progress reports",
                   "includes_notes": False, "expiry_event": "End of the run",
                   "signed_on": "2026-01-01"})["id"]
    member = [m for m in api(base, "GET", "/staff", owner)["items"] if m["role"] == "front_desk"][0]["id"]
    records = [
        ("^/api/v1/clients/\\{id\\}", "id", client),
        ("^/api/v1/notes/", "id", note),
        ("^/api/v1/relapses/", "id", episode),
        ("^/api/v1/measure-schedules/", "id", schedule),
        ("^/api/v1/self-report-links/", "id", link["id"]),
        ("^/api/v1/self-report/", "token", link["token"]),
        ("^/api/v1/report-exports/", "id", export),
        ("^/api/v1/consents/", "id", consent),
        ("^/api/v1/staff/\\{id\\}", "id", member),
    ]
    if alerts:
        records.append(("^/api/v1/alerts/", "id", alerts[0]["id"]))
    return records


def write_config(path: str, records: list) -> None:
    lines = ["# Written by tests/fuzz/run.py: real ids, so the fuzzer gets past 404s.", ""]
    for regex, name, value in records:
        lines += ["[[operations]]", f"include-path-regex = '{regex}'", f'parameters = {{ {name} = "{value}" }}', ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def wait_ready(base: str, server: subprocess.Popen, log_path: str) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped at start:\n{open(log_path).read()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit("the server did not become ready within 60 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.environ.get("DAYBREAK_BIN", "target/debug/daybreak"))
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "DAYBREAK_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--max-examples", type=int, default=8)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--roles", default=",".join(ROLES))
    args = parser.parse_args()

    st = shutil.which("schemathesis") or shutil.which("st")
    if st is None:
        sys.exit("schemathesis is not installed (pip install schemathesis)")
    name = f"daybreak_fuzz_{uuid.uuid4().hex[:12]}"
    owner_url = with_database(args.pg_url, name)
    app_url = as_role(owner_url, "daybreak_app")
    psql(args.pg_url, f"CREATE DATABASE {name}")
    workdir = f"/tmp/{name}"
    os.makedirs(workdir, exist_ok=True)
    log_path = f"{workdir}/server.log"
    server = None
    failed = []
    try:
        env = dict(os.environ, DAYBREAK_JWT_SECRET=SECRET, DATABASE_URL=owner_url)
        subprocess.run([args.bin, "migrate"], env=env, check=True, capture_output=True)
        # The migration makes the role without LOGIN when it is missing (operators give it one).
        psql(args.pg_url, "ALTER ROLE daybreak_app LOGIN")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env.update(
            DATABASE_URL=app_url,
            DAYBREAK_ADDR=f"127.0.0.1:{port}",
            DAYBREAK_PUBLIC_URL=base,
            # The fuzzer is one address sending thousands of requests.
            DAYBREAK_AUTH_IP_RATE="100000",
            DAYBREAK_SELF_REPORT_LINK_RATE="100000",
            DAYBREAK_SELF_REPORT_IP_RATE="100000",
            RUST_LOG="warn",
        )
        with open(log_path, "w") as log:
            server = subprocess.Popen(
                [args.bin, "serve", "--demo"], env=env, stdout=log, stderr=subprocess.STDOUT
            )
        wait_ready(base, server, log_path)
        tokens = {role: login(base, role) for role in ROLES}
        config = f"{workdir}/schemathesis.toml"
        write_config(config, real_records(base, tokens))
        tokens = {role: tokens[role] for role in args.roles.split(",")}
        for role, token in tokens.items():
            started = time.time()
            command = [
                st, "--config-file", config, "run", f"{base}/api/v1/openapi.json",
                "--header", f"Authorization: Bearer {token}",
                "--checks", "not_a_server_error,response_schema_conformance",
                "--seed", str(args.seed),
                "--max-examples", str(args.max_examples),
                "--generation-database", "none",
                "--workers", "2",
                "--no-color",
                "--report", "junit",
                "--report-junit-path", f"{workdir}/{role}.xml",
            ]
            # In the scratch directory: schemathesis keeps a cache folder where it runs.
            result = subprocess.run(command, capture_output=True, text=True, cwd=workdir)
            summary = [l for l in result.stdout.splitlines() if "generated" in l or " in " in l]
            missing = [l.strip() for l in result.stdout.splitlines() if "Missing test data" in l]
            print(f"{role}: exit {result.returncode} in {time.time() - started:.0f} s; "
                  f"{(summary[-2] if len(summary) > 1 else '').strip()}"
                  f"{'; ' + missing[-1] if missing else ''}", flush=True)
            if result.returncode != 0:
                failed.append(role)
                start = result.stdout.find("FAILURES")
                print(result.stdout[start if start >= 0 else 0:][:20000])
        if server.poll() is not None:
            failed.append("server (it stopped)")
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=40)
            except subprocess.TimeoutExpired:
                server.kill()
        try:
            psql(args.pg_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        except subprocess.CalledProcessError:
            pass
    if failed:
        print(f"schemathesis found problems as: {', '.join(failed)} (server log: {log_path})")
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    print("schemathesis: no server errors and no response outside its schema, for every role")
    return 0


if __name__ == "__main__":
    sys.exit(main())
