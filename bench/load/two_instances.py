#!/usr/bin/env python3
"""Two servers, one Postgres (issue 7, item 4): nothing one instance needs is kept in the
other's memory.

    python3 bench/load/two_instances.py [--bin PATH] [--db bench_daybreak] [--out DIR]

Starts instances A and B of the binary on two ports against the same database (bench/seed.py's
`bench_daybreak` by default; its logins are used) with the same JWT secret, then checks:

1. an access token signed in on A works on B (`GET /api/v1/me`, `GET /api/v1/clients`);
2. a self-report check-in written through A is read through B (staff `GET .../check-ins`);
3. a refresh token issued by A is accepted by B; one spent on A is refused on B as reused
   (401), and the pair A gave for it is revoked with its family (401 on B too);
4. a sign-out on B revokes a refresh token issued by A;
5. the per-account sign-in lock (kept in the database) holds across instances: 5 failures
   split over A and B lock the account on both;
6. for the README, not a failure: the self-report limits are per instance (their counts live
   in each process's memory), so a link limited to 5 a minute gets 5 on A and 5 more on B.

Prints PASS/FAIL per check; exits 0 when all pass.
"""

import argparse
import os
import sys
import tempfile
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Failure, Server, binary, claim_link, database_exists, free_port, log, login, request, rows  # noqa: E402

LINK_RATE = 5


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin")
    parser.add_argument("--db", default="bench_daybreak")
    parser.add_argument("--out", default=None, help="where the two server logs go (default: a temp dir)")
    args = parser.parse_args()
    bin_path = binary(args.bin)
    if not database_exists(args.db):
        raise Failure(f"database {args.db} does not exist: run bench/seed.py (or bench/load/run.py) first")
    out = args.out or tempfile.mkdtemp(prefix="daybreak-two-")
    os.makedirs(out, exist_ok=True)
    url = f"postgres://postgres@127.0.0.1:5432/{args.db}"
    email, client_id = rows(args.db, """
        SELECT s.email, c.id FROM clients c JOIN staff s ON s.id = c.clinician_id
        WHERE c.status = 'active' AND s.role = 'clinician' AND s.active
        ORDER BY s.email, c.id LIMIT 1""")[0]
    k = email.split("@p", 1)[1].split(".", 1)[0]
    owner = f"owner0@p{k}.bench.example"
    checks = []

    def check(name, ok, detail):
        checks.append((name, bool(ok), detail))
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}", flush=True)

    common_env = dict(DAYBREAK_SELF_REPORT_LINK_RATE=LINK_RATE, DAYBREAK_SELF_REPORT_IP_RATE=1000,
                      DAYBREAK_AUTH_IP_RATE=1000, DAYBREAK_BENCH_BASELINE="false")
    a = Server(bin_path, url, os.path.join(out, "server-a.log"), **common_env)
    b = None
    try:
        a.start()
        b = Server(bin_path, url, os.path.join(out, "server-b.log"), port=free_port(a.port + 1), **common_env)
        b.start()
        log(f"A: pid {a.pid} on {a.base}; B: pid {b.pid} on {b.base}; database {args.db}; clinician {email}")

        # 1. an access token from A on B
        signed = login(a.base, email)
        access = signed["access_token"]
        me_b = request(b.base, "GET", "/api/v1/me", token=access)
        list_b = request(b.base, "GET", "/api/v1/clients", token=access)
        check("access token from A works on B",
              me_b.status == 200 and me_b.json()["email"] == email and list_b.status == 200,
              f"B answered /me {me_b.status} ({me_b.json().get('email') if me_b.status == 200 else me_b}), "
              f"/clients {list_b.status}")

        # 2. a check-in through A, read through B
        owner_token = login(a.base, owner)["access_token"]
        link = request(a.base, "POST", f"/api/v1/clients/{client_id}/self-report-links", {"expires_in_days": 1},
                       token=owner_token)
        if link.status != 201:
            raise Failure(f"issuing a link on A: {link}")
        token = link.json()["token"]
        phone = claim_link(a.base, token)
        marker = f"two-instance check {uuid.uuid4()}"
        sent = request(a.base, "POST", f"/api/v1/self-report/{token}/check-ins",
                       {"used": False, "craving": 3, "mood": 8, "attended_meeting": True,
                        "contacted_sponsor": True, "note": marker}, headers=phone)
        if sent.status not in (200, 201):
            raise Failure(f"check-in through A: {sent}")
        day = sent.json()["check_in"]["day"]
        read = request(b.base, "GET", f"/api/v1/clients/{client_id}/check-ins?from={day}&to={day}", token=access)
        items = read.json().get("items", []) if read.status == 200 else []
        found = [c for c in items if c.get("day") == day and c.get("note") == marker]
        check("check-in written through A is read through B", read.status == 200 and len(found) == 1,
              f"A answered {sent.status} for {day}; B's list for that day: {read.status}, "
              f"{len(items)} item(s), {len(found)} with the note just sent")

        # 3. a refresh token from A is accepted by B (the control for what follows) ...
        fresh = login(a.base, email)["refresh_token"]
        on_b = request(b.base, "POST", "/api/v1/auth/refresh", {"refresh_token": fresh})
        check("refresh token issued by A is accepted by B", on_b.status == 200 and on_b.json().get("access_token"),
              f"B answered {on_b.status}")
        # ... and one spent on A is refused as reused on B, and its family revoked
        pair = login(a.base, email)
        first = pair["refresh_token"]
        spent = request(a.base, "POST", "/api/v1/auth/refresh", {"refresh_token": first})
        second = spent.json()["refresh_token"] if spent.status == 200 else None
        reused = request(b.base, "POST", "/api/v1/auth/refresh", {"refresh_token": first})
        family = request(b.base, "POST", "/api/v1/auth/refresh", {"refresh_token": second}) if second else None
        check("refresh token spent on A is refused as reused on B",
              spent.status == 200 and reused.status == 401,
              f"refresh on A {spent.status}, same token on B {reused.status}")
        check("reuse revokes the family across instances (A's new refresh token refused on B)",
              family is not None and family.status == 401,
              f"the pair A gave for it, on B: {family.status if family else 'not issued'}")

        # 4. sign-out on B revokes a refresh token issued by A
        pair = login(a.base, email)
        out_b = request(b.base, "POST", "/api/v1/auth/logout", {"refresh_token": pair["refresh_token"]})
        after = request(a.base, "POST", "/api/v1/auth/refresh", {"refresh_token": pair["refresh_token"]})
        check("sign-out on B revokes A's refresh token", out_b.status == 204 and after.status == 401,
              f"logout on B {out_b.status}, refresh on A afterwards {after.status}")

        # 5. the per-account sign-in lock is shared (kept in the database)
        nobody = f"nobody-{uuid.uuid4().hex[:12]}@two-instances.example"
        statuses = []
        for server in (a, a, a, b, b):
            statuses.append(request(server.base, "POST", "/api/v1/auth/login",
                                    {"email": nobody, "password": "wrong-password-123"}).status)
        locked_a = request(a.base, "POST", "/api/v1/auth/login", {"email": nobody, "password": "wrong-password-123"})
        locked_b = request(b.base, "POST", "/api/v1/auth/login", {"email": nobody, "password": "wrong-password-123"})
        check("sign-in lock after 5 failures split over A and B holds on both",
              statuses == [401] * 5 and locked_a.status == 429 and locked_b.status == 429,
              f"failures {statuses} (A, A, A, B, B), then A {locked_a.status}, B {locked_b.status}")

        # 6. the self-report limits are per instance (documented, not a failure)
        issued = request(a.base, "POST", f"/api/v1/clients/{client_id}/self-report-links", {"expires_in_days": 1},
                         token=owner_token).json()
        link2, link2_id = issued["token"], issued["id"]
        on_a = [request(a.base, "GET", f"/api/v1/self-report/{link2}").status for _ in range(LINK_RATE + 1)]
        on_b = [request(b.base, "GET", f"/api/v1/self-report/{link2}").status for _ in range(LINK_RATE + 1)]
        per_instance = on_a[-1] == 429 and on_b[:LINK_RATE] == [200] * LINK_RATE and on_b[-1] == 429
        print(f"INFO  self-report limit ({LINK_RATE}/min per link) is per instance: A {on_a}, B {on_b} -> "
              f"{'each instance counts alone (a client gets up to 2x the limit across two)' if per_instance else 'shared or other'}",
              flush=True)
        # Revoke the two links made here.
        for link_id in (link.json()["id"], link2_id):
            request(a.base, "POST", f"/api/v1/self-report-links/{link_id}/revoke", token=owner_token)
    finally:
        a.stop()
        if b:
            b.stop()

    failed = [name for name, ok, _ in checks if not ok]
    print(f"\n{len(checks) - len(failed)} of {len(checks)} checks passed" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    print(f"server logs: {out}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"ERROR: {e}", file=sys.stderr)
        sys.exit(2)
