#!/usr/bin/env python3
"""Builds a large Daybreak database on Postgres for benchmarks, in minutes (COPY, no ORM).

    python3 bench/seed.py [--db bench_daybreak] [--practices 50] [--clients 5000] [--years 3]

Creates (drops first) the database, applies the migrations with the Daybreak binary
(DAYBREAK_BIN, default target/release/daybreak), creates the first practice through
`daybreak create-practice` (so its owner's argon2 hash is real), then bulk-loads: staff
(10 per practice, every role), clients, a daily check-in for about 70 % of the days of
each active client over the years asked, relapse episodes, signed session notes (20 per
client) and audit events (100 per client; written before the hash chain, so `audit verify`
reports them as predating it). Every staff password is `bench-password-2026`; logins are
`<role><n>@p<k>.bench.example` (owner0@p0.bench.example, clinician3@p12.bench.example ...).
Needs psql on PATH and Postgres at 127.0.0.1:5432 (user postgres, trust).
"""

import argparse
import datetime as dt
import io
import json
import os
import random
import subprocess
import sys
import time
import uuid
from zoneinfo import ZoneInfo

PRACTICE_TZ = "America/Chicago"  # every bench practice
PASSWORD = "bench-password-2026"
SUBSTANCES = ["alcohol", "cannabis", "cocaine", "methamphetamine", "heroin", "fentanyl",
              "prescription_opioids", "benzodiazepines", "nicotine", "gambling"]
TRIGGERS = ["unpleasant_emotions", "physical_discomfort", "pleasant_emotions",
            "testing_personal_control", "urges_and_temptations", "conflict_with_others",
            "social_pressure", "pleasant_times_with_others"]
ACTIONS = ["client.read", "client.list", "note.read", "client.progress.read", "check_in.list"]


def psql(db, sql, capture=False):
    args = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-Atc", sql]
    out = subprocess.run(args, check=True, capture_output=True, text=True)
    return out.stdout.strip() if capture else None


def copy(db, table, columns, rows):
    """Streams rows (tuples) into `table` with COPY ... FROM STDIN (CSV)."""
    started = time.time()
    proc = subprocess.Popen(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-qc",
         f"\\copy {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)"],
        stdin=subprocess.PIPE, text=True)
    count = 0
    buf = io.StringIO()
    for row in rows:
        buf.write(",".join(field(v) for v in row))
        buf.write("\n")
        count += 1
        if count % 50_000 == 0:
            proc.stdin.write(buf.getvalue())
            buf = io.StringIO()
    proc.stdin.write(buf.getvalue())
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit(f"COPY into {table} failed")
    print(f"  {table}: {count:,} rows in {time.time() - started:.1f} s", flush=True)
    return count


def field(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value if isinstance(value, str) else str(value)
    if any(c in text for c in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="bench_daybreak")
    parser.add_argument("--practices", type=int, default=50)
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--years", type=float, default=3)
    args = parser.parse_args()
    binary = os.environ.get("DAYBREAK_BIN", "target/release/daybreak")
    rng = random.Random(20261129)
    started = time.time()

    psql("test", f"DROP DATABASE IF EXISTS {args.db} WITH (FORCE)")
    psql("test", f"CREATE DATABASE {args.db}")
    env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.db}",
               DAYBREAK_JWT_SECRET="bench-secret-bench-secret-bench-secret-0123",
               DAYBREAK_OWNER_PASSWORD=PASSWORD, RUST_LOG="warn")
    subprocess.run([binary, "create-practice", "--name", "Bench Practice 0", "--owner-name", "Owner 0",
                    "--owner-email", "owner0@p0.bench.example", "--time-zone", PRACTICE_TZ],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    first_practice = psql(args.db, "SELECT id FROM practices", capture=True)
    password_hash = psql(args.db, "SELECT password_hash FROM staff", capture=True)

    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    # Today in the practices' zone (every bench practice is created in PRACTICE_TZ), never
    # the machine's date: the check-ins must end on the practice's today, not after it.
    today = now.astimezone(ZoneInfo(PRACTICE_TZ)).date()
    stamp = now.isoformat()
    practices = [first_practice] + [str(uuid.uuid4()) for _ in range(args.practices - 1)]
    copy(args.db, "practices", ["id", "name", "time_zone", "part2_notice", "version", "created_at", "updated_at"],
         ((p, f"Bench Practice {i}", PRACTICE_TZ, True, 1, stamp, stamp)
          for i, p in enumerate(practices) if i > 0))
    copy(args.db, "audit_chain_heads", ["practice_id", "seq", "hash"],
         ((p, 0, "0" * 64) for p in practices[1:]))

    roles = ["owner", "supervisor", "supervisor"] + ["clinician"] * 6 + ["front_desk"]
    staff, clinicians = [], {p: [] for p in practices}
    for k, p in enumerate(practices):
        for n, role in enumerate(roles):
            if k == 0 and n == 0:
                continue  # the owner made by create-practice
            sid = str(uuid.uuid4())
            staff.append((p, sid, f"{role.title()} {n}", f"{role}{n}@p{k}.bench.example", password_hash,
                          role, True, 1, stamp, stamp, stamp))
            if role == "clinician":
                clinicians[p].append(sid)
    copy(args.db, "staff", ["practice_id", "id", "name", "email", "password_hash", "role", "active", "version",
                            "password_changed_at", "created_at", "updated_at"], staff)

    days = int(365 * args.years)
    clients = []
    for i in range(args.clients):
        p = practices[i % len(practices)]
        start = today - dt.timedelta(days=rng.randint(30, days))
        status = "archived" if i % 10 == 9 else "active"
        first, last = f"Client{i}", f"Bench{i % 997}"
        clients.append((p, str(uuid.uuid4()), first, last, None, f"bench{i % 997} client{i}",
                        "1985-01-01", None, None, rng.choice(SUBSTANCES), start.isoformat(),
                        rng.choice(clinicians[p]), status, stamp if status == "archived" else None, 1, stamp, stamp))
    copy(args.db, "clients", ["practice_id", "id", "first_name", "last_name", "preferred_name", "search_name",
                              "date_of_birth", "email", "phone", "primary_substance", "recovery_start_date",
                              "clinician_id", "status", "archived_at", "version", "created_at", "updated_at"], clients)

    def check_ins():
        for c in clients:
            if c[12] != "active":
                continue
            p, cid = c[0], c[1]
            for back in range(days, 0, -1):
                if rng.random() > 0.7:
                    continue
                used = rng.random() < 0.04
                craving = rng.randint(5, 10) if used else rng.randint(0, 5)
                yield (p, str(uuid.uuid4()), cid, (today - dt.timedelta(days=back)).isoformat(), used,
                       '["alcohol"]' if used else "[]", craving, 10 - craving // 2, rng.random() < 0.4,
                       rng.random() < 0.3, None, "self_report", None, None, stamp, stamp)
    copy(args.db, "check_ins", ["practice_id", "id", "client_id", "day", "used", "substances", "craving", "mood",
                                "attended_meeting", "contacted_sponsor", "note", "source", "recorded_by", "link_id",
                                "created_at", "updated_at"], check_ins())

    def episodes():
        for c in clients:
            for _ in range(3):
                occurred = today - dt.timedelta(days=rng.randint(1, days))
                kind = rng.choice(["lapse", "relapse"])
                ended = (occurred + dt.timedelta(days=rng.randint(1, 6))).isoformat() if kind == "relapse" else None
                yield (c[0], str(uuid.uuid4()), c[1], kind, occurred.isoformat(), ended, json.dumps([c[9]]),
                       json.dumps(rng.sample(TRIGGERS, 2)), "home", '["alone"]', None, "[]", "[]", '["shame"]', "[]",
                       rng.randint(0, 10), None, "active", None, c[11], 1, stamp, stamp)
    copy(args.db, "relapse_episodes", ["practice_id", "id", "client_id", "kind", "occurred_on", "ended_on",
                                       "substances", "triggers", "setting", "company", "amount", "coping_used",
                                       "support_contacted", "feelings_after", "consequences", "self_blame", "notes",
                                       "status", "archived_at", "recorded_by", "version", "created_at", "updated_at"],
         episodes())

    sections = json.dumps({"subjective": "Reports a steady week.", "objective": "Alert, oriented.",
                           "assessment": "Engaged in treatment.", "plan": "Continue weekly sessions."})
    def notes():
        for c in clients:
            for n in range(20):
                on = (today - dt.timedelta(days=7 * n + 1)).isoformat()
                yield (c[0], str(uuid.uuid4()), c[1], c[11], on, None, 50, "90834", "soap", sections, "[]", False,
                       "signed", stamp, c[11], None, None, 2, stamp, stamp)
    copy(args.db, "session_notes", ["practice_id", "id", "client_id", "author_id", "session_on", "started_at",
                                    "duration_minutes", "service_type", "format", "sections", "risk_flags",
                                    "is_psychotherapy_note", "status", "signed_at", "signed_by", "cosigned_at",
                                    "cosigned_by", "version", "created_at", "updated_at"], notes())

    def audit():
        for c in clients:
            for n in range(100):
                at = (now - dt.timedelta(minutes=rng.randint(1, days * 1440))).isoformat()
                yield (c[0], str(uuid.uuid4()), at, c[11], "clinician", rng.choice(ACTIONS), "client", c[1], c[1],
                       None, "127.0.0.1", "success", None)
    copy(args.db, "audit_events", ["practice_id", "id", "at", "actor_id", "actor_role", "action", "entity_type",
                                   "entity_id", "client_id", "request_id", "ip", "outcome", "detail"], audit())

    psql(args.db, "ANALYZE")
    print(f"seeded {args.db} in {time.time() - started:.0f} s: {len(practices)} practices, {len(staff) + 1} staff, "
          f"{len(clients)} clients, {args.years:g} years")


if __name__ == "__main__":
    main()
