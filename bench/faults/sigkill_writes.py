#!/usr/bin/env python3
"""Fault 1: the server is SIGKILLed during a stream of writes. Nothing it acknowledged is lost.

What it proves: a write the server answered 2xx for is committed together with its audit
event (one transaction), so killing the process at any moment loses none of them and
leaves nothing half-written; the server starts again on the same database, and the access
token from before the kill still works (no state in the process).

How: a private Postgres cluster, the demo practice (`daybreak demo`), `daybreak serve`.
Signed in as the demo clinician, a few threads write in a loop, each write carrying a
unique marker: a draft SOAP session note, a lapse episode, a client's self-report check-in
(through a link per client, each thread on its own clients and days, replacing earlier
check-ins of the same day), and the signature of a note the thread created earlier. Every
2xx is recorded. After a few seconds the server gets SIGKILL (several rounds in the full
run) and is started again. Then, by psql against the private cluster and through the API:

- every acknowledged note, episode and check-in is present, with the id the server
  returned, and every acknowledged signature is there (status signed, signed by the
  clinician);
- every row the stream wrote holds exactly the fields that were sent (none half-written),
  has its audit event (`note.create`, `relapse.create`, `note.sign` exactly once; check-in
  events between the acknowledged and the sent count of its day), and appears once;
- a check-in day holds the last acknowledged check-in, or one sent after it that was in
  flight at the kill;
- `daybreak audit verify` finds the practice's audit hash chain intact.

Writes in flight when the process died may or may not be there (both are correct: the
client got no answer); they are counted as "unacked but present".

    python3 bench/faults/sigkill_writes.py [--ci]
"""

import datetime as dt
import json
import os
import random
import signal
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (Failure, PgCluster, Server, caseload, claim_link, describe_answers, log, login,  # noqa: E402
                    parse_ci, percentile, practice_today, request, run_scenario)

SECTION_TEXT = ("The client described the week in detail, including cravings in the evening and "
                "the plan agreed with the sponsor. " * 8).strip()  # stored trimmed, so sent trimmed
KINDS = ("note", "relapse", "check_in", "sign")


class WriteStream:
    """Writer threads until SIGKILL; keeps every write sent and every acknowledgement."""

    def __init__(self, base, token, clients, links, run_id, threads, today):
        self.base, self.token, self.clients, self.links = base, token, clients, links
        self.today = today  # the practice's, from the server
        self.run_id, self.threads_n = run_id, threads
        self.sent = {}        # marker -> (kind, payload, target): notes, episodes, check-ins
        self.acked = {}       # marker -> id (or the check-in's slot) from the 2xx
        self.slots = {}       # (client, day) -> [(marker, acked)] in the order sent (one thread each)
        self.signs = {}       # note id -> "acked" | "sent" (no answer)
        self.answers = []     # every Answer
        self.unexpected = []  # answers that were neither 2xx nor "no answer"
        self.lock = threading.Lock()
        self.round = 0
        self.seconds = 0.0

    def payload(self, kind, marker, rng):
        day = (self.today - dt.timedelta(days=rng.randint(1, 20))).isoformat()
        if kind == "note":
            return {
                "session_on": day,
                "duration_minutes": rng.choice([30, 45, 53, 60, 90]),
                "service_type": rng.choice(["90834", "90837", "90832"]),
                "format": "soap",
                "sections": {"subjective": marker,
                             "objective": f"Objective for {marker}. " + SECTION_TEXT,
                             "assessment": f"Assessment for {marker}. " + SECTION_TEXT,
                             "plan": f"Plan for {marker}."},
                "risk_flags": rng.choice([[], ["relapse_risk"], ["relapse_risk", "medical_concern"]]),
            }
        if kind == "relapse":
            return {
                "occurred_on": day, "kind": "lapse",
                "substances": rng.choice([["alcohol"], ["cannabis", "nicotine"]]),
                "triggers": rng.choice([["social_pressure"],
                                        ["unpleasant_emotions", "conflict_with_others"]]),
                "setting": rng.choice(["home", "party", "bar_or_club"]),
                "self_blame": rng.randint(0, 10), "notes": marker,
            }
        used = rng.random() < 0.2
        return {  # a check-in, 1 to 6 days back in the practice (the API takes 7)
            "day": (self.today - dt.timedelta(days=rng.randint(1, 6))).isoformat(),
            "used": used, "substances": ["alcohol"] if used else [],
            "craving": rng.randint(0, 10), "mood": rng.randint(0, 10),
            "attended_meeting": rng.random() < 0.5, "contacted_sponsor": rng.random() < 0.3,
            "note": marker,
        }

    def _writer(self, index, stop):
        rng = random.Random(f"{self.run_id}-{self.round}-{index}")
        mine = [c for j, c in enumerate(self.clients) if j % self.threads_n == index]
        unsigned = []  # this thread's acknowledged draft notes
        i = 0
        while not stop.is_set():
            kind = KINDS[i % len(KINDS)]
            if kind == "check_in" and not mine:
                kind = "note"
            if kind == "sign" and not unsigned:
                kind = "note"
            marker = f"fault-{self.run_id}-r{self.round}-t{index}-{i}"
            if kind == "sign":
                note_id = unsigned.pop(0)
                with self.lock:
                    self.signs[note_id] = "sent"
                answer = request(self.base, "POST", f"/api/v1/notes/{note_id}/sign", {},
                                 token=self.token, timeout=30, label="sign")
            elif kind == "check_in":
                client = rng.choice(mine)
                body = self.payload(kind, marker, rng)
                slot = (client, body["day"])
                with self.lock:
                    self.sent[marker] = (kind, body, client)
                    self.slots.setdefault(slot, []).append([marker, False])
                token, phone = self.links[client]
                answer = request(self.base, "POST", f"/api/v1/self-report/{token}/check-ins", body,
                                 timeout=30, label="check_in", headers=phone)
            else:
                client = rng.choice(self.clients)
                body = self.payload(kind, marker, rng)
                with self.lock:
                    self.sent[marker] = (kind, body, client)
                path = f"/api/v1/clients/{client}/{'notes' if kind == 'note' else 'relapses'}"
                answer = request(self.base, "POST", path, body, token=self.token, timeout=30,
                                 label=kind)
            with self.lock:
                self.answers.append(answer)
                if answer.ok:
                    if kind == "sign":
                        self.signs[note_id] = "acked"
                    elif kind == "check_in":
                        self.acked[marker] = slot
                        self.slots[slot][-1][1] = True
                    else:
                        self.acked[marker] = answer.json()["id"]
                        if kind == "note":
                            unsigned.append(self.acked[marker])
                elif answer.status is not None:
                    self.unexpected.append(f"{answer} {answer.body[:200]!r}")
            if answer.status is None:
                return  # the server is gone: this writer's round is over
            i += 1

    def run_round(self, round_no, seconds, server):
        """Writes for about `seconds`, then SIGKILLs the server mid-stream."""
        self.round = round_no
        stop = threading.Event()
        threads = [threading.Thread(target=self._writer, args=(i, stop), daemon=True)
                   for i in range(self.threads_n)]
        started = time.monotonic()
        for t in threads:
            t.start()
        time.sleep(seconds * random.uniform(0.8, 1.2))
        server.signal(signal.SIGKILL)
        self.seconds += time.monotonic() - started
        server.wait_exit(10)
        stop.set()
        for t in threads:
            t.join(40)


def rows(pg, sql):
    return json.loads(pg.psql(f"SELECT coalesce(json_agg(t), '[]') FROM ({sql}) t").strip())


def mismatch(row, expected):
    return {k: f"stored {str(row.get(k))[:50]!r}, sent {str(v)[:50]!r}"
            for k, v in expected.items() if row.get(k) != v}


def check_database(pg, stream, me, since, failures):
    """Compares the database with what was sent and acknowledged. Returns counts."""
    like = f"fault-{stream.run_id}-%"
    notes = rows(pg, f"""SELECT id, client_id, author_id, session_on, duration_minutes, service_type,
        format, sections, risk_flags, is_psychotherapy_note, status, signed_by, signed_at, version
        FROM session_notes WHERE sections->>'subjective' LIKE '{like}'""")
    episodes = rows(pg, f"""SELECT id, client_id, recorded_by, kind, occurred_on, ended_on, substances,
        triggers, setting, self_blame, notes, status, version
        FROM relapse_episodes WHERE notes LIKE '{like}'""")
    slots = ", ".join(f"('{c}'::uuid, '{d}'::date)" for c, d in stream.slots)
    check_ins = rows(pg, f"""SELECT c.id, c.client_id, c.day, c.used, c.substances, c.craving, c.mood,
        c.attended_meeting, c.contacted_sponsor, c.note, c.source
        FROM check_ins c JOIN (VALUES {slots or "(NULL::uuid, NULL::date)"}) AS s(client_id, day)
        ON c.client_id = s.client_id AND c.day = s.day""")
    events = {}
    # Notes and episodes are audited by their id; a check-in by its client and day.
    for row in rows(pg, f"""SELECT action, CASE WHEN action = 'self_report.check_in'
                                THEN client_id::text || ' ' || (detail->>'day')
                                ELSE entity_id::text END AS k
                            FROM audit_events WHERE at >= '{since}'"""):
        events[(row["action"], row["k"])] = events.get((row["action"], row["k"]), 0) + 1

    bad, counts = [], {"rows": 0, "lost": 0, "unacked_present": 0}
    found = {}
    for kind, items, key in (("note", notes, lambda r: r["sections"]["subjective"]),
                             ("relapse", episodes, lambda r: r["notes"])):
        for row in items:
            marker = key(row)
            if marker in found:
                failures.append(f"two rows for {marker}")
            found[marker] = (kind, row)
    for marker, (kind, row) in found.items():
        sent_kind, body, client = stream.sent.get(marker, (None, None, None))
        if sent_kind != kind:
            failures.append(f"a {kind} row with marker {marker} that was never sent as one")
            continue
        if kind == "note":
            sign = stream.signs.get(row["id"])
            signed = row["status"] == "signed"
            expected = dict(client_id=client, author_id=me, session_on=body["session_on"],
                            duration_minutes=body["duration_minutes"], service_type=body["service_type"],
                            format="soap", sections=body["sections"], risk_flags=body["risk_flags"],
                            is_psychotherapy_note=False, version=2 if signed else 1,
                            signed_by=me if signed else None)
            if sign == "acked" and not signed:
                bad.append(f"{marker}: signature acknowledged, note is {row['status']}")
            if sign is None and signed:
                bad.append(f"{marker}: signed, but no signature was sent")
            if signed and not row["signed_at"]:
                bad.append(f"{marker}: signed without signed_at")
            if events.get(("note.sign", row["id"]), 0) != (1 if signed else 0):
                bad.append(f"{marker}: {events.get(('note.sign', row['id']), 0)} note.sign events, "
                           f"note is {row['status']}")
        else:
            expected = dict(client_id=client, recorded_by=me, kind="lapse", occurred_on=body["occurred_on"],
                            ended_on=None, substances=body["substances"], triggers=body["triggers"],
                            setting=body["setting"], self_blame=body["self_blame"], notes=marker,
                            status="active", version=1)
        wrong = mismatch(row, expected)
        if wrong:
            bad.append(f"{marker}: {wrong}")
        if events.get((f"{kind}.create", row["id"]), 0) != 1:
            bad.append(f"{marker}: {events.get((f'{kind}.create', row['id']), 0)} {kind}.create events")
        if marker in stream.acked and stream.acked[marker] != row["id"]:
            failures.append(f"{marker}: acknowledged as {stream.acked[marker]}, stored as {row['id']}")
        if marker not in stream.acked:
            counts["unacked_present"] += 1
    lost = [m for m, v in stream.acked.items() if stream.sent[m][0] != "check_in" and m not in found]
    lost += [f"signature of note {n}" for n, state in stream.signs.items() if state == "acked"
             and not any(r["id"] == n for r in notes)]

    # Check-ins: one row per (client, day); it holds the last acknowledged write of that day
    # or one sent after it (in flight at the kill).
    stored = {(r["client_id"], r["day"]): r for r in check_ins}
    for slot, writes in stream.slots.items():
        acked_at = max((i for i, (_, ok) in enumerate(writes) if ok), default=None)
        row = stored.get(slot)
        allowed = [m for m, _ in writes[acked_at if acked_at is not None else 0:]]
        marker = row and row["note"]
        if acked_at is not None and (row is None or marker not in allowed):
            lost.append(f"check-in {slot}: holds {marker!r}, expected the acknowledged "
                        f"{writes[acked_at][0]!r} or a later one")
            continue
        if row is None or marker not in stream.sent:
            continue  # a demo check-in that no acknowledged write replaced
        _, body, client = stream.sent[marker]
        wrong = mismatch(row, dict(client_id=client, day=body["day"], used=body["used"],
                                   substances=body["substances"], craving=body["craving"],
                                   mood=body["mood"], attended_meeting=body["attended_meeting"],
                                   contacted_sponsor=body["contacted_sponsor"], source="self_report"))
        if wrong:
            bad.append(f"check-in {slot} ({marker}): {wrong}")
        if marker not in stream.acked:
            counts["unacked_present"] += 1
        n_events = events.get(("self_report.check_in", f"{slot[0]} {slot[1]}"), 0)
        n_acked = sum(1 for _, ok in writes if ok)
        if not n_acked <= n_events <= len(writes):
            bad.append(f"check-in {slot}: {n_events} audit events for {n_acked} acknowledged "
                       f"and {len(writes)} sent check-ins")
    counts["rows"] = len(found) + sum(1 for r in check_ins if r["note"] in stream.sent)

    if bad:
        failures.append(f"{len(bad)} half-written or unaudited rows, e.g. {bad[:3]}")
    if lost:
        failures.append(f"{len(lost)} acknowledged writes are missing after the restart, e.g. {lost[:4]}")
    counts["lost"], counts["half_written"] = len(lost), len(bad)
    return counts


def scenario(workdir):
    args = parse_ci()
    rounds, seconds, threads, api_checks = (1, 2.5, 3, 30) if args.ci else (3, 5.0, 4, 300)
    failures, m = [], {}
    run_id = uuid.uuid4().hex[:8]
    with PgCluster(workdir) as pg:
        server = Server(pg, workdir)
        try:
            log(f"private Postgres on port {pg.port}; seeding the demo practice")
            m["demo seed (s)"] = round(server.seed_demo(), 1)
            server.start()
            server.wait_ready()
            token = login(server.base)
            me = request(server.base, "GET", "/api/v1/me", token=token).json()["id"]
            clients = caseload(server.base, token)
            links = {}
            for client in clients:
                answer = request(server.base, "POST", f"/api/v1/clients/{client}/self-report-links", {},
                                 token=token)
                if answer.status != 201:
                    raise Failure(f"issuing a self-report link failed: {answer} {answer.body[:200]!r}")
                link_token = answer.json()["token"]
                links[client] = (link_token, claim_link(server.base, link_token))
            since = pg.psql("SELECT clock_timestamp()").strip()

            today = practice_today(server.base, token)
            stream = WriteStream(server.base, token, clients, links, run_id, threads, today)
            restart_times = []
            for r in range(rounds):
                before = sum(a.ok for a in stream.answers)
                log(f"round {r + 1}/{rounds}: {threads} writers for ~{seconds} s, then SIGKILL")
                stream.run_round(r, seconds, server)
                if server.proc.returncode != -signal.SIGKILL:
                    failures.append(f"round {r + 1}: the server exited with {server.proc.returncode}, "
                                    "not by SIGKILL")
                acked_now = sum(a.ok for a in stream.answers) - before
                log(f"  killed; {acked_now} writes acknowledged this round; restarting")
                server.start()
                restart_times.append(server.wait_ready())

            answers = stream.answers
            acked = [a for a in answers if a.ok]
            m["kill rounds"] = rounds
            m["write requests sent"] = len(answers)
            m["outcomes"] = describe_answers(answers)
            m["acknowledged by kind"] = {k: sum(1 for a in acked if a.label == k) for k in KINDS}
            m["acknowledged writes"] = len(acked)
            m["ack rate (writes/s)"] = round(len(acked) / stream.seconds, 1)
            latencies = [a.elapsed * 1000 for a in acked]
            m["write latency p50/p99/max (ms)"] = " / ".join(
                f"{percentile(latencies, p):.0f}" for p in (50, 99, 100))
            m["in flight at the kills (no answer)"] = sum(1 for a in answers if a.status is None)
            m["restart to ready (s)"] = " ".join(f"{t:.2f}" for t in restart_times)
            if not acked:
                failures.append("no write was acknowledged before the kill (nothing was tested)")
            if stream.unexpected:
                failures.append(f"{len(stream.unexpected)} writes answered neither 2xx nor nothing, "
                                f"e.g. {stream.unexpected[:3]}")

            counts = check_database(pg, stream, me, since, failures)
            m["rows written by the stream"] = counts["rows"]
            m["acknowledged but missing"] = counts["lost"]
            m["half-written rows"] = counts["half_written"]
            m["unacked but present (allowed)"] = counts["unacked_present"]

            # Through the restarted server, with the token from before the kills.
            sample = [(mk, v) for mk, v in stream.acked.items() if stream.sent[mk][0] != "check_in"]
            random.shuffle(sample)
            bad_reads = []
            for marker, id_ in sample[:api_checks]:
                kind = stream.sent[marker][0]
                path = f"/api/v1/{'notes' if kind == 'note' else 'relapses'}/{id_}"
                answer = request(server.base, "GET", path, token=token)
                if answer.status != 200:
                    bad_reads.append(f"{path} -> {answer.outcome()}")
                    continue
                body = answer.json()
                got = body["sections"]["subjective"] if kind == "note" else body["notes"]
                if got != marker:
                    bad_reads.append(f"{path}: marker {got!r}, expected {marker!r}")
            m["acked writes read back through the API"] = min(api_checks, len(sample))
            if bad_reads:
                failures.append(f"{len(bad_reads)} acknowledged writes not readable through the API "
                                f"after the restart, e.g. {bad_reads[:3]}")

            verify = server.run_command("audit", "verify")
            m["audit verify"] = verify.stdout.strip().replace("\n", "; ") or verify.stderr.strip()
            if verify.returncode != 0:
                failures.append(f"`daybreak audit verify` exited {verify.returncode}: "
                                f"{verify.stdout.strip()} {verify.stderr.strip()}")
        finally:
            server.stop()
    return m, failures


if __name__ == "__main__":
    run_scenario("sigkill_writes", scenario)
