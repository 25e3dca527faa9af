#!/usr/bin/env python3
"""Load benchmark of the release server on Postgres at the scale of bench/seed.py (issue 7, item 3).

    python3 bench/load/run.py [--bin PATH] [--reseed] [--out /tmp/daybreak-load]
                              [--duration 10] [--warmup 3] [--connections 64] [--threads 2]
                              [--only baseline,clients,...] [--no-extras] [--no-roundtrips]

1. Seeds `bench_daybreak` with bench/seed.py when it does not exist (or with --reseed).
2. Starts the release binary (`DAYBREAK_BENCH_BASELINE=true`, `RUST_LOG=warn`, every rate
   limit at its maximum of 100000 a minute, pool of 10), signs in as the clinician with the
   largest active caseload, picks their client with the longest check-in history and issues
   self-report links through the API (the clinician's active clients, then other active
   clients of the practice through its owner, 50 in all).
3. Runs each scenario with wrk (64 connections, 2 threads, a warm-up, then the measured run),
   signing in again before each one (access tokens live 15 minutes):
     baseline  GET /api/v1/bench/baseline: the JWT verified and the member's row read, nothing else
     clients   GET /api/v1/clients: the clinician's caseload, default page (50) with streaks
     progress  GET /api/v1/clients/{id}/progress: the default period, the last 90 days
     checkin   POST /api/v1/self-report/{token}/check-ins over the 50 links (a repeat replaces
               that day's check-in and answers 200)
     note      POST /api/v1/clients/{id}/notes: a draft SOAP note, over the caseload
   The Lua script counts every answer by status; a run with more than --max-error-share of
   answers outside 2xx (or any socket error or timeout) is marked FAILED and the script
   exits 1: a benchmark of error answers measures nothing.
4. Extras (skip with --no-extras): the two reads spread over the busiest clinicians of 16
   practices (each audited request locks its practice's audit-chain head until it commits),
   the pool at other sizes (--pool-sizes), RUST_LOG=info (one log line per request),
   sslmode=disable (no TLS to Postgres), and the server's RSS after sign-ins (argon2id) with
   glibc's default and a fixed mmap threshold.
5. Counts each endpoint's SQL round trips on the wire (bench/load/roundtrips.py).

Writes results.md, results.json, each scenario's Lua script and raw wrk output, and the
server logs to --out. Standard library + wrk (Debian) + psql.
"""

import argparse
import collections
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (REPO, Failure, Server, binary, database_exists, expect, log, login, proc_status,  # noqa: E402
                    claim_link, practice_today, psql, request, rows, session_on_days_ago)

DB = "bench_daybreak"
READ_TARGET, WRITE_TARGET, P99_TARGET_MS, MEMORY_TARGET_MB = 1 / 3, 1 / 5, 50.0, 150.0
TICK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------------------
# machine state and CPU accounting


def machine_state():
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    top = subprocess.run(["top", "-b", "-n", "2", "-d", "2", "-o", "%CPU", "-w", "200"],
                         capture_output=True, text=True).stdout
    second = top.split("\ntop - ")[-1].splitlines()
    cpu_line = next((line for line in second if line.startswith("%Cpu")), "")
    procs = []
    header = False
    for line in second:
        if line.lstrip().startswith("PID"):
            header = True
            continue
        if header and line.strip():
            parts = line.split(None, 11)
            if len(parts) == 12 and float(parts[8]) >= 5.0:
                procs.append(f"{parts[11]} (pid {parts[0]}, nice {parts[3]}) {parts[8]}% CPU")
    fsync, same_disk = fdatasync_ms()
    return {"load_average": load, "cpu": cpu_line.strip(), "busy_processes": procs, "cores": os.cpu_count(),
            "fdatasync_ms": fsync, "fsync_probe_on_postgres_disk": same_disk}


def fdatasync_ms(samples=100):
    """Median time of an 8 kB write + fdatasync in /tmp (the disk of Postgres's WAL here: a
    commit waits for one such flush)."""
    import tempfile
    times = []
    with tempfile.NamedTemporaryFile(dir="/tmp", prefix="daybreak-fsync-") as f:
        block = b"\0" * 8192
        for i in range(samples):
            t = time.perf_counter()
            os.pwrite(f.fileno(), block, (i % 16) * 8192)
            os.fdatasync(f.fileno())
            times.append((time.perf_counter() - t) * 1000)
    same_disk = None
    try:
        same_disk = os.stat("/tmp").st_dev == os.stat("/var/lib/postgresql").st_dev
    except OSError:
        pass
    return round(sorted(times)[len(times) // 2], 2), same_disk


def machine_jiffies():
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return sum(fields[:8]), fields[3] + fields[4]  # total, idle + iowait


def pid_jiffies(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def processes():
    """{pid: (group, ticks)} of every process: postgres backends of the benchmark database and
    the cluster's own processes are "postgres", backends of other databases "postgres (other
    databases)", the rest by command name."""
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/comm") as f:
                comm = f.read().strip()
            group = comm
            if comm == "postgres":
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
                # A client backend's title is "postgres: 15/main: USER DATABASE HOST(PORT) STATE".
                m = re.match(r"postgres: [^:]+: (\S+) (\S+) \S+\(", cmdline)
                group = "postgres" if not m or m.group(2) == DB else "postgres (other databases)"
            out[entry] = (group, pid_jiffies(entry))
        except OSError:
            continue
    return out


class CpuMeter:
    """CPU used during a run, in cores (CPU-seconds per second): the machine, the server,
    Postgres (the benchmark database's backends and the cluster's processes), wrk (children
    reaped meanwhile), and the biggest other processes (another build or test run)."""

    def __init__(self, server_pid):
        self.server_pid = str(server_pid)

    def __enter__(self):
        self.t0 = time.monotonic()
        self.m0 = machine_jiffies()
        self.p0 = processes()
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.c0 = r.ru_utime + r.ru_stime
        return self

    def __exit__(self, *exc):
        wall = time.monotonic() - self.t0
        total, idle = machine_jiffies()
        busy = ((total - self.m0[0]) - (idle - self.m0[1])) / TICK
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        groups = collections.Counter()
        for pid, (group, ticks) in processes().items():
            delta = max(0, ticks - self.p0.get(pid, (group, 0))[1])
            groups["server" if pid == self.server_pid else group] += delta
        cores = lambda ticks: round(ticks / TICK / wall, 2)  # noqa: E731
        self.result = {
            "machine": round(busy / wall, 2),
            "server": cores(groups.pop("server", 0)),
            "postgres": cores(groups.pop("postgres", 0)),
            "wrk": round((r.ru_utime + r.ru_stime - self.c0) / wall, 2),
        }
        groups.pop("wrk", None)
        attributed = self.result["server"] + self.result["postgres"] + self.result["wrk"]
        self.result["other"] = round(max(0.0, self.result["machine"] - attributed), 2)
        self.result["other_top"] = {g: cores(t) for g, t in groups.most_common(3) if cores(t) >= 0.03}
        return False


class WaitSampler:
    """Samples what the benchmark database's busy backends are doing twice a second
    (pg_stat_activity): running, waiting for a lock, for the WAL flush, or for the server."""

    def __init__(self):
        self.sql = (f"SELECT state, coalesce(wait_event_type || ':' || wait_event, 'running') FROM pg_stat_activity "
                    f"WHERE datname = '{DB}' AND pid <> pg_backend_pid() AND state <> 'idle'")
        self.counts = collections.Counter()
        self.samples = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self):
        while not self.stopping.wait(0.5):
            try:
                for state, wait in rows(DB, self.sql):
                    self.counts[f"{state} / {wait}"] += 1
                self.samples += 1
            except Failure:
                pass

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(10)
        return False

    def summary(self):
        if not self.samples:
            return {}
        return {k: round(v / self.samples, 1) for k, v in self.counts.most_common(8)}


# ---------------------------------------------------------------------------------------
# wrk


def lua_string(text):
    text = str(text)
    if "]==]" in text:
        raise ValueError("cannot quote")
    return f"[==[{text}]==]"


def lua_script(requests):
    """A wrk script cycling over `requests` [(method, path, headers, body)], each thread from
    its own offset, counting the answers by status."""
    items = []
    for method, path, headers, body in requests:
        h = ", ".join(f"[ {lua_string(k)} ] = {lua_string(v)}" for k, v in headers.items())
        b = lua_string(json.dumps(body)) if body is not None else "nil"
        items.append(f"  {{{lua_string(method)}, {lua_string(path)}, {{{h}}}, {b}}},")
    return """-- generated by bench/load/run.py
local specs = {
%s
}
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_index", counter)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  non2xx = 0
  prepared = {}
  for k, s in ipairs(specs) do
    prepared[k] = wrk.format(s[1], s[2], s[3], s[4])
  end
  position = (thread_index * 7919) %% #prepared
end

function request()
  position = position + 1
  if position > #prepared then position = 1 end
  return prepared[position]
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local bad = 0
  local all = {}
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
    for k, v in pairs(t:get("statuses")) do all[k] = (all[k] or 0) + v end
  end
  io.write(string.format("NON2XX %%d\\n", bad))
  for k, v in pairs(all) do io.write(string.format("STATUS %%s %%d\\n", k, v)) end
end
""" % "\n".join(items)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(text):
    out = {"latency_ms": {}, "statuses": {}, "socket_errors": 0}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    out["rps"] = float(m.group(1)) if m else 0.0
    for pct, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M):
        out["latency_ms"][pct] = float(value) * UNITS[unit]
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    out["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        out["socket_errors"] = sum(int(x) for x in m.groups())
        out["socket_errors_text"] = m.group(0)
    m = re.search(r"^NON2XX (\d+)$", text, re.M)
    out["non2xx"] = int(m.group(1)) if m else None
    for code, n in re.findall(r"^STATUS (\d+) (\d+)$", text, re.M):
        out["statuses"][code] = int(n)
    return out


def wrk(args, lua_path, url, seconds, out_path):
    cmd = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--latency",
           "--timeout", "30s", "-s", lua_path, url]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120)
    text = f"$ {' '.join(cmd)}\n{done.stdout}{done.stderr}"
    with open(out_path, "w") as f:
        f.write(text)
    if done.returncode != 0 or "NON2XX" not in done.stdout:
        raise Failure(f"wrk failed ({done.returncode}) or its Lua script did not count the answers: "
                      f"{done.stderr.strip()[:500]} (see {out_path})")
    return parse_wrk(done.stdout)


# ---------------------------------------------------------------------------------------
# the data


def scale():
    counts = {}
    for table in ["practices", "staff", "clients", "check_ins", "relapse_episodes", "session_notes",
                  "audit_events", "self_report_links"]:
        counts[table] = int(psql(DB, f"SELECT count(*) FROM {table}"))
    counts["active clients"] = int(psql(DB, "SELECT count(*) FROM clients WHERE status = 'active'"))
    counts["database size"] = psql(DB, f"SELECT pg_size_pretty(pg_database_size('{DB}'))")
    return counts


def busiest_clinicians(limit):
    """(email, staff id, practice id, active caseload) of the busiest clinician of each practice,
    busiest first."""
    return rows(DB, f"""
        SELECT email, id, practice_id, n FROM (
          SELECT s.email, s.id, s.practice_id, count(*) AS n,
                 row_number() OVER (PARTITION BY s.practice_id ORDER BY count(*) DESC, s.email) AS r
          FROM clients c JOIN staff s ON s.id = c.clinician_id
          WHERE c.status = 'active' AND s.role = 'clinician' AND s.active
          GROUP BY s.email, s.id, s.practice_id) t
        WHERE r = 1 ORDER BY n DESC, email LIMIT {limit}""")


def longest_history(practice_id, client_ids):
    ids = ",".join(f"'{c}'" for c in client_ids)
    row = rows(DB, f"SELECT client_id, count(*), min(day) FROM check_ins WHERE practice_id = '{practice_id}' "
                   f"AND client_id IN ({ids}) GROUP BY client_id ORDER BY count(*) DESC, client_id LIMIT 1")[0]
    return row[0], int(row[1]), row[2]


class Setup:
    """What the scenarios need, gathered through the API."""


def prepare(base, n_links, spread):
    s = Setup()
    clinicians = busiest_clinicians(max(spread, 1))
    email, clinician_id, practice_id, caseload = clinicians[0]
    s.email, s.clinician_id, s.practice_id, s.caseload = email, clinician_id, practice_id, int(caseload)
    token = login(base, email)["access_token"]
    page = expect(request(base, "GET", "/api/v1/clients", token=token), 200, "client list")
    s.page_items, s.page_total = len(page["items"]), page["total"]
    s.client_ids = [c["id"] for c in page["items"]]
    if not s.client_ids:
        raise Failure(f"{email} has no clients")
    missing = [c["id"] for c in page["items"] if "current_streak_days" not in c]
    if missing:
        raise Failure("the client list has no streaks for a clinician")
    s.long_client, s.long_checkins, s.long_since = longest_history(practice_id, s.client_ids)
    log(f"clinician {email}: {s.caseload} active clients (page of {s.page_items}, total {s.page_total}); "
        f"longest history: {s.long_client} ({s.long_checkins} check-ins since {s.long_since})")

    # Self-report links: the clinician's clients first, then the practice's other active clients.
    practice_k = re.search(r"@p(\d+)\.", email).group(1)
    owner = login(base, f"owner0@p{practice_k}.bench.example")["access_token"]
    others = [r[0] for r in rows(DB, f"SELECT id FROM clients WHERE practice_id = '{practice_id}' AND status = 'active' "
                                     f"AND clinician_id <> '{clinician_id}' ORDER BY search_name, id")]
    targets = (s.client_ids + others)[:n_links]
    s.links = []
    for cid in targets:
        issued = expect(request(base, "POST", f"/api/v1/clients/{cid}/self-report-links", {"expires_in_days": 30},
                                token=owner), 201, "issuing a self-report link")
        s.links.append((issued["token"], claim_link(base, issued["token"])))
    s.links_own = min(len(s.client_ids), n_links)
    log(f"issued {len(s.links)} self-report links ({s.links_own} for the clinician's clients)")

    # The busiest clinician of other practices, each with their longest-history client.
    s.spread = []
    for c_email, _cid, c_practice, _n in clinicians[:spread]:
        t = login(base, c_email)["access_token"]
        ids = [c["id"] for c in expect(request(base, "GET", "/api/v1/clients", token=t), 200, "client list")["items"]]
        s.spread.append((c_email, longest_history(c_practice, ids)[0]))
    return s


def scenario_requests(name, base, s):
    """Signs in again (fresh 15-minute tokens) and returns the wrk requests of a scenario."""
    def auth(email):
        return {"Authorization": "Bearer " + login(base, email)["access_token"]}

    if name == "baseline":
        return [("GET", "/api/v1/bench/baseline", auth(s.email), None)]
    if name == "audited":
        return [("GET", "/api/v1/bench/audited", auth(s.email), None)]
    if name == "clients":
        return [("GET", "/api/v1/clients", auth(s.email), None)]
    if name == "progress":
        return [("GET", f"/api/v1/clients/{s.long_client}/progress", auth(s.email), None)]
    if name == "checkin":
        reqs = []
        for variant in range(4):
            for i, (token, phone) in enumerate(s.links):
                body = {"used": False, "craving": (i + variant) % 5, "mood": 5 + (i + variant) % 5,
                        "attended_meeting": variant % 2 == 0, "contacted_sponsor": variant == 1}
                reqs.append(("POST", f"/api/v1/self-report/{token}/check-ins",
                             dict(phone, **{"Content-Type": "application/json"}), body))
        return reqs
    if name == "note":
        h = dict(auth(s.email), **{"Content-Type": "application/json"})
        today = practice_today(base, h["Authorization"].removeprefix("Bearer "))
        body = {"session_on": session_on_days_ago(today, 1), "duration_minutes": 50, "service_type": "90834",
                "format": "soap", "sections": {"subjective": "Reports a steady week; one craving on Friday.",
                                               "objective": "Alert, oriented, engaged.",
                                               "assessment": "Maintaining abstinence.",
                                               "plan": "Continue weekly sessions."}}
        return [("POST", f"/api/v1/clients/{cid}/notes", h, body) for cid in s.client_ids]
    if name == "clients_spread":
        return [("GET", "/api/v1/clients", auth(e), None) for e, _ in s.spread]
    if name == "progress_spread":
        return [("GET", f"/api/v1/clients/{c}/progress", auth(e), None) for e, c in s.spread]
    raise ValueError(name)


SCENARIOS = {
    "baseline": ("baseline", "baseline: JWT + member row (`GET /api/v1/bench/baseline`)"),
    "audited": ("floor", "floor of an audited request: baseline + transaction + audit event (`GET /api/v1/bench/audited`)"),
    "clients": ("read", "client list, caseload page with streaks (`GET /api/v1/clients`)"),
    "progress": ("read", "progress, 90 days (`GET /api/v1/clients/{id}/progress`)"),
    "checkin": ("write", "self-report check-in (`POST /api/v1/self-report/{token}/check-ins`)"),
    "note": ("write", "note create, draft SOAP (`POST /api/v1/clients/{id}/notes`)"),
    "clients_spread": ("read", "client list, 16 clinicians in 16 practices"),
    "progress_spread": ("read", "progress, 16 clinicians in 16 practices"),
}


def run_scenario(args, name, server, s, label):
    os.makedirs(os.path.join(args.out, "wrk"), exist_ok=True)
    reqs = scenario_requests(name, server.base, s)
    lua_path = os.path.join(args.out, "wrk", f"{label}.lua")
    with open(lua_path, "w") as f:
        f.write(lua_script(reqs))
    url = f"http://{server.base}"
    if args.warmup:
        warm = wrk(args, lua_path, url, args.warmup, os.path.join(args.out, "wrk", f"{label}.warmup.txt"))
        if warm["non2xx"]:
            log(f"  warm-up of {label}: {warm['non2xx']} answers outside 2xx {warm['statuses']}")
    rss_before = proc_status(server.pid)
    perf = None
    if args.perf and (args.perf == "all" or name in args.perf.split(",")):
        os.makedirs(os.path.join(args.out, "perf"), exist_ok=True)
        perf_data = os.path.join(args.out, "perf", f"{label}.data")
        perf = subprocess.Popen(["perf", "record", "-F", "499", "-p", str(server.pid), "-o", perf_data],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with CpuMeter(server.pid) as cpu, WaitSampler() as waits:
        result = wrk(args, lua_path, url, args.duration, os.path.join(args.out, "wrk", f"{label}.txt"))
    if perf:
        perf.send_signal(signal.SIGINT)
        perf.wait(timeout=60)
        report = subprocess.run(["perf", "report", "-i", perf_data, "--stdio", "--no-children", "--sort",
                                 "dso,symbol", "--percent-limit", "0.7"], capture_output=True, text=True).stdout
        with open(os.path.join(args.out, "perf", f"{label}.txt"), "w") as f:
            f.write(report)
        result["perf_top"] = [line.strip() for line in report.splitlines()
                              if line.strip() and not line.startswith("#")][:25]
    result["memory_before_mb"] = rss_before
    result["cpu_cores"] = cpu.result
    result["pg_waits"] = waits.summary()
    result["memory_mb"] = proc_status(server.pid)
    result["kind"], result["title"] = SCENARIOS[name]
    result["scenario"], result["label"] = name, label
    result["distinct_requests"] = len(reqs)
    bad = (result["non2xx"] or 0) + result["socket_errors"]
    share = bad / max(result["requests"], 1)
    result["failed"] = result["non2xx"] is None or share > args.max_error_share or result["requests"] == 0
    lat = result["latency_ms"]
    log(f"  {label}: {result['rps']:,.0f} req/s, p50 {lat.get('50', 0):.2f} ms, p99 {lat.get('99', 0):.2f} ms, "
        f"statuses {result['statuses']}, socket errors {result['socket_errors']}, cpu {cpu.result}, "
        f"RSS {result['memory_mb'].get('VmRSS', 0):.1f} MB")
    if result["failed"]:
        log(f"  !!!!! {label} FAILED: {bad} of {result['requests']} answers were not 2xx or errored "
            f"({result['statuses']}, {result.get('socket_errors_text', '')}). These numbers are worthless.")
    return result


# ---------------------------------------------------------------------------------------
# report


def fmt_ms(v):
    return f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms"


EXTRA_NOTES = {"pool4": "pool of 4", "pool20": "pool of 20", "log_info": "RUST_LOG=info",
               "no_tls": "sslmode=disable"}


def results_table(results, baseline_rps, extras=False):
    """The results; in the extras table each run is compared with the baseline run on the
    same server settings (baseline_pool4 for progress_pool4 ...) when there is one."""
    lines = ["| scenario | req/s | x baseline | target | p50 | p99 (< 50 ms) | non-2xx | server RSS before → after the run |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    by_label = {r["label"]: r for r in results}
    for r in results:
        lat = r["latency_ms"]
        suffix = r["label"][len(r["scenario"]):].lstrip("_")
        own = by_label.get(f"baseline_{suffix}") if suffix else None
        reference = own["rps"] if own else baseline_rps
        ratio = r["rps"] / reference if reference else 0
        if r["kind"] == "baseline":
            target, ratio_text = "-", "1"
        elif r["kind"] == "floor":
            target = "- (what every audited request pays)"
            ratio_text = f"{ratio:.2f} (1/{1 / ratio:.1f})" if ratio else "0"
        else:
            need = READ_TARGET if r["kind"] == "read" else WRITE_TARGET
            met = ratio >= need
            target = f"≥ 1/{round(1 / need)} ({'met' if met else '**not met**'})"
            ratio_text = f"{ratio:.2f} (1/{1 / ratio:.1f})" if ratio else "0"
        p99 = lat.get("99", 0)
        p99_text = fmt_ms(p99) + ("" if p99 < P99_TARGET_MS else " **(not met)**")
        bad = (r["non2xx"] or 0) + r["socket_errors"]
        failed = " **FAILED**" if r["failed"] else ""
        title = r["title"]
        if extras:
            note = EXTRA_NOTES.get(suffix or r["scenario"].rsplit("_", 1)[-1], "")
            title = f"`{r['label']}`: {r['title'].split(' (`')[0]}" + (f", {note}" if note and note not in title else "")
        lines.append(f"| {title}{failed} | {r['rps']:,.0f} | {ratio_text} | {target} | {fmt_ms(lat.get('50', 0))} | "
                     f"{p99_text} | {bad} of {r['requests']:,} | {r['memory_before_mb'].get('VmRSS', 0):.0f} → "
                     f"{r['memory_mb'].get('VmRSS', 0):.0f} MB (peak {r['memory_mb'].get('VmHWM', 0):.0f}) |")
    return "\n".join(lines)


def cpu_table(results):
    lines = ["| scenario | machine | server | postgres | wrk | other | server CPU per request | postgres CPU per request | busy backends (avg per sample) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        c = r["cpu_cores"]
        waits = ", ".join(f"{k} {v}" for k, v in r["pg_waits"].items()) or "-"
        per = lambda cores: f"{cores / r['rps'] * 1000:.2f} ms" if r["rps"] else "-"  # noqa: E731
        lines.append(f"| {r['label']} | {c['machine']} | {c['server']} | {c['postgres']} | {c['wrk']} | "
                     f"{c['other']}{' (' + ', '.join(f'{g} {v}' for g, v in c.get('other_top', {}).items()) + ')' if c.get('other_top') else ''} | "
                     f"{per(c['server'])} | {per(c['postgres'])} | {waits} |")
    return "\n".join(lines)


def signin_memory(bin_path, url, out, email):
    """Server RSS (MB) after sign-ins on a fresh server: argon2id holds 19 MiB per hash."""
    import threading
    runs = {}
    for label, env in [("default allocator settings", {}),
                       ("MALLOC_MMAP_THRESHOLD_=1048576", {"MALLOC_MMAP_THRESHOLD_": "1048576"})]:
        steps = []
        with Server(bin_path, url, os.path.join(out, "server-signin-memory.log"), **env) as srv:
            steps.append(("started", proc_status(srv.pid)))
            for _ in range(10):
                login(srv.base, email)
            steps.append(("10 sign-ins one after another", proc_status(srv.pid)))
            for burst in (1, 2, 3):
                threads = [threading.Thread(target=login, args=(srv.base, email)) for _ in range(16)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                steps.append((f"burst {burst}: 16 sign-ins at once", proc_status(srv.pid)))
        runs[label] = steps
        log(f"  sign-in memory, {label}: " + "; ".join(f"{k} {v['VmRSS']:.0f} MB" for k, v in steps))
    lines = ["| server RSS (VmRSS / VmHWM) | " + " | ".join(runs) + " |", "| --- |" + " --- |" * len(runs)]
    for i, (step, _) in enumerate(next(iter(runs.values()))):
        lines.append(f"| {step} | " + " | ".join(f"{steps[i][1]['VmRSS']:.0f} / {steps[i][1]['VmHWM']:.0f} MB"
                                                 for steps in runs.values()) + " |")
    return {"runs": {k: [(a, b) for a, b in v] for k, v in runs.items()}, "markdown": "\n".join(lines)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", help="the release binary (default DAYBREAK_BIN, else /tmp/daybreak-helper/daybreak-release)")
    parser.add_argument("--reseed", action="store_true", help="rebuild the database with bench/seed.py")
    parser.add_argument("--db", default="bench_daybreak", help="the database (default bench_daybreak)")
    parser.add_argument("--out", default="/tmp/daybreak-load")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pool", type=int, default=10, help="DAYBREAK_DB_MAX_CONNECTIONS of the main run")
    parser.add_argument("--links", type=int, default=50)
    parser.add_argument("--spread", type=int, default=16, help="practices of the spread scenarios")
    parser.add_argument("--only", help="comma-separated scenarios of the main run")
    parser.add_argument("--no-extras", action="store_true", help="skip the spread, pool-size and info-log runs")
    parser.add_argument("--pool-sizes", default="4,20", help="pool sizes of the extra runs")
    parser.add_argument("--no-roundtrips", action="store_true")
    parser.add_argument("--superuser", action="store_true",
                        help="serve as the postgres superuser (row-level security bypassed), to compare")
    parser.add_argument("--perf", help="record the server with perf during these scenarios (comma list, or all)")
    parser.add_argument("--max-error-share", type=float, default=0.001,
                        help="largest share of non-2xx answers before a run is FAILED (default 0.1%%)")
    args = parser.parse_args()
    global DB
    DB = args.db
    bin_path = binary(args.bin)
    os.makedirs(args.out, exist_ok=True)
    for stale in ("wrk",):
        shutil.rmtree(os.path.join(args.out, stale), ignore_errors=True)
    report = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "binary": bin_path, "args": vars(args)}

    # 1. the data
    if args.reseed or not database_exists(DB):
        log(f"seeding {DB} with bench/seed.py (about 3 minutes) ...")
        started = time.monotonic()
        with open(os.path.join(args.out, "seed.log"), "w") as f:
            done = subprocess.run([sys.executable, os.path.join(REPO, "bench", "seed.py"), "--db", DB],
                                  env=dict(os.environ, DAYBREAK_BIN=bin_path), stdout=f, stderr=subprocess.STDOUT,
                                  cwd=REPO)
        if done.returncode != 0:
            raise Failure(f"bench/seed.py failed; see {args.out}/seed.log")
        report["seed_seconds"] = round(time.monotonic() - started)
        log(f"seeded in {report['seed_seconds']} s")
    report["scale"] = scale()
    log(f"scale: {report['scale']}")
    report["machine_before"] = machine_state()
    log(f"machine before: {report['machine_before']}")

    # The server's own role, as in production: row-level security applies to every query
    # (each request's transaction sets its practice). --superuser measures without it.
    if args.superuser:
        url = f"postgres://postgres@127.0.0.1:5432/{DB}"
    else:
        subprocess.run(["psql", f"postgres://postgres@127.0.0.1:5432/{DB}", "-qc",
                        "ALTER ROLE daybreak_app LOGIN"], check=True)
        url = f"postgres://daybreak_app@127.0.0.1:5432/{DB}"
        # Pending migrations (a newer binary) run as the owner, as in production.
        os.environ["DAYBREAK_MIGRATE_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
    report["database_role"] = "postgres (superuser, RLS bypassed)" if args.superuser else "daybreak_app (RLS on)"
    server_log = os.path.join(args.out, "server.log")
    if os.path.exists(server_log):
        os.remove(server_log)
    main_names = args.only.split(",") if args.only else ["baseline", "audited", "clients", "progress", "checkin", "note"]
    results, extras = [], []
    server = Server(bin_path, url, server_log, DAYBREAK_DB_MAX_CONNECTIONS=args.pool)
    try:
        server.start()
        report["server_pid"] = server.pid
        report["memory_at_start_mb"] = proc_status(server.pid)
        log(f"server pid {server.pid} on {server.base} (RUST_LOG=warn, pool {args.pool}), "
            f"RSS {report['memory_at_start_mb']['VmRSS']:.1f} MB")
        s = prepare(server.base, args.links, args.spread)
        report["memory_after_setup_mb"] = proc_status(server.pid)
        report["setup"] = {k: v for k, v in vars(s).items() if k not in ("links", "spread")}
        report["setup"]["spread_clinicians"] = [e for e, _ in s.spread]
        tls = psql(DB, f"SELECT count(*) FILTER (WHERE s.ssl) || ' of ' || count(*) FROM pg_stat_ssl s JOIN "
                       f"pg_stat_activity a USING (pid) WHERE a.datname = '{DB}' AND a.pid <> pg_backend_pid()")
        report["server_db_connections_tls"] = tls
        log(f"server's Postgres connections using TLS: {tls}")
        for name in main_names:
            results.append(run_scenario(args, name, server, s, name))
        report["memory_after_main_mb"] = proc_status(server.pid)

        if not args.no_extras:
            for name in ["clients_spread", "progress_spread"]:
                extras.append(run_scenario(args, name, server, s, name))
        report["memory_peak_mb"] = proc_status(server.pid)
        server.stop()

        if not args.no_extras:
            for size in [int(x) for x in args.pool_sizes.split(",") if x]:
                with Server(bin_path, url, server_log, DAYBREAK_DB_MAX_CONNECTIONS=size) as other:
                    for name in ["baseline", "progress", "note"]:
                        extras.append(run_scenario(args, name, other, s, f"{name}_pool{size}"))
            with Server(bin_path, url, server_log, DAYBREAK_DB_MAX_CONNECTIONS=args.pool, RUST_LOG="info") as other:
                for name in ["baseline", "clients"]:
                    extras.append(run_scenario(args, name, other, s, f"{name}_log_info"))
            with Server(bin_path, url + "?sslmode=disable", server_log, DAYBREAK_DB_MAX_CONNECTIONS=args.pool) as other:
                for name in ["baseline", "clients", "progress"]:
                    extras.append(run_scenario(args, name, other, s, f"{name}_no_tls"))
            report["signin_memory"] = signin_memory(bin_path, url, args.out, s.email)
    finally:
        server.stop()

    # 5. round trips
    if not args.no_roundtrips:
        import roundtrips
        report["roundtrips"] = roundtrips.count(bin_path, url, args.out, s)

    report["results"], report["extras"] = results, extras
    report["machine_after"] = machine_state()
    baseline = next((r["rps"] for r in results if r["scenario"] == "baseline"), 0)
    failed = [r["label"] for r in results + extras if r["failed"]]
    peak = report["memory_peak_mb"]

    md = [f"# Load benchmark, {report['started']}", "",
          f"`{' '.join([os.path.relpath(sys.argv[0], REPO) if sys.argv[0].startswith(REPO) else sys.argv[0]] + sys.argv[1:])}`, "
          f"binary `{bin_path}`, wrk -t{args.threads} -c{args.connections} -d{args.duration}s after a "
          f"{args.warmup} s warm-up, server RUST_LOG=warn, pool {args.pool}, rate limits 100000/min.", "",
          f"Machine before: load average {report['machine_before']['load_average']} on "
          f"{report['machine_before']['cores']} cores; {report['machine_before']['cpu']}; busy: "
          f"{'; '.join(report['machine_before']['busy_processes']) or 'nothing'}. An 8 kB write + fdatasync "
          f"(what each commit waits for) takes {report['machine_before']['fdatasync_ms']} ms "
          f"(median of 100, on {'the same' if report['machine_before']['fsync_probe_on_postgres_disk'] else 'another?'} "
          f"disk as /var/lib/postgresql).",
          f"Machine after: load average {report['machine_after']['load_average']}; busy: "
          f"{'; '.join(report['machine_after']['busy_processes']) or 'nothing'}.", "",
          "Scale: " + ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in report["scale"].items()),
          "",
          f"Clinician {s.email}: {s.caseload} active clients; progress client {s.long_client} with "
          f"{s.long_checkins:,} check-ins since {s.long_since}; {len(s.links)} self-report links "
          f"({s.links_own} of the clinician's clients, the rest of the same practice). Server connections to "
          f"Postgres over TLS: {report['server_db_connections_tls']}.", "",
          results_table(results, baseline), "",
          f"Server memory (VmRSS, VmHWM = peak): {report['memory_at_start_mb']['VmRSS']:.1f} MB at start; "
          f"{report['memory_after_setup_mb']['VmRSS']:.1f} MB after the setup's "
          f"{2 + len(s.spread)} sign-ins; {report['memory_after_main_mb']['VmRSS']:.1f} MB (peak "
          f"{report['memory_after_main_mb']['VmHWM']:.1f} MB) after the main runs"
          + (f"; peak {peak['VmHWM']:.1f} MB after the spread runs too" if extras else "")
          + f" (target < {MEMORY_TARGET_MB:.0f} MB: {'met' if peak['VmHWM'] < MEMORY_TARGET_MB else '**not met**'}); "
          f"each run signs in again first" + (", see the sign-in table below." if extras else "."), "",
          "CPU during each measured run, in cores (2 = the whole machine), and what the benchmark database's "
          "non-idle backends were doing (pg_stat_activity sampled every 0.5 s):", "",
          cpu_table(results + extras), ""]
    if extras:
        md += ["Extra runs (each compared with the baseline on the same server settings, or the main one):", "",
               results_table(extras, baseline, extras=True), ""]
    if report.get("signin_memory"):
        md += ["Server memory after sign-ins (a fresh server each; argon2id takes 19 MiB per hash on a blocking "
               "thread):", "", report["signin_memory"]["markdown"], ""]
    if report.get("roundtrips"):
        md += [report["roundtrips"]["markdown"], ""]
    if failed:
        md += [f"**FAILED runs (answers outside 2xx): {', '.join(failed)}**", ""]
    text = "\n".join(md)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(report, f, indent=2, default=str)
    print("\n" + text)
    print(f"\nwritten: {args.out}/results.md, results.json, wrk/*.txt and *.lua, server.log")
    if failed:
        print(f"\nFAILED: {', '.join(failed)} had answers outside 2xx; see {args.out}/wrk/", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"\nERROR: {e}", file=sys.stderr)
        sys.exit(2)
