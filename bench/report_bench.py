#!/usr/bin/env python3
"""PDF progress report: Daybreak's in-process renderer against headless Chromium and Typst.

For a 90-day and a 1-year report, each with 40 signed notes, in one run:

- daybreak: `daybreak reports bench --days N --notes 40 --iterations 300`, the Rust renderer
  in one warm process (font parsed once), render only;
- Chromium: the same report, laid out as src/reports lays it out, as one self-contained HTML
  page (bench/report/html_page.py) printed by headless Chromium through playwright-core
  (bench/report/chromium.mjs): one browser, one tab reused, setContent + page.pdf per
  report; the HTML is built beforehand, untimed;
- Typst: the same report and layout as a Typst document (bench/report/report.typ) compiled by the
  `typst` Python package with one Compiler reused (fonts and template loaded once). Every
  iteration gets a new report (its generated_at differs by a second, as every real export's
  does): Typst replays the cached output of a byte-identical input in a fraction of the
  time, and a server never renders the same report twice. That replay time is printed too.

The report data comes from `daybreak reports sample --days N --notes 40` (which also writes
daybreak's PDF); with --sample-json the peers run on that file instead (the 1-year report
is made by prepending earlier days, see bench/report/make_sample.py) and daybreak is left
out. Prints median and p90 per report, PDF size (KB = 1,000 bytes) and pages, the ratios
to daybreak and whether the issue's targets hold: at least 20x faster than Chromium, 8x
faster than Typst, 90-day PDF under 60 KB. Exits 0 whether or not they hold. The PDFs stay
in --out for a look (pdftoppm -png -r 50 FILE.pdf /tmp/page).

    python3 bench/report_bench.py [--iterations 50] [--bin target/release/daybreak]
    python3 bench/report_bench.py --sample-json bench/report/sample.json   # without the binary

Needs: Chromium at /usr/bin/chromium (CHROMIUM_PATH), node and frontend/node_modules
(playwright-core), `pip install typst`, pdfinfo (poppler-utils).
"""

import argparse
import copy
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT_DIR = ROOT / "bench" / "report"
sys.path.insert(0, str(REPORT_DIR))
sys.dont_write_bytecode = True  # no __pycache__ in bench/report

import html_page  # noqa: E402
import make_sample  # noqa: E402

CASES = [(90, 40), (365, 40)]
WARMUP = 5
TARGET_CHROMIUM, TARGET_TYPST, TARGET_KB = 20, 8, 60


def summary(times_ms):
    """Median and 90th percentile (linear interpolation, as chromium.mjs computes them)."""
    ordered = sorted(times_ms)
    q = statistics.quantiles(ordered, n=10, method="inclusive") if len(ordered) > 1 else ordered * 9
    return statistics.median(ordered), q[8]


def pages(pdf_path):
    try:
        out = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return None
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def daybreak_report(binary, days, notes, pdf_path):
    """The report view model (and daybreak's own PDF) from the binary."""
    out = subprocess.run([binary, "reports", "sample", "--days", str(days), "--notes", str(notes),
                          "--pdf", str(pdf_path)], check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out)


def daybreak_bench(binary, days, notes, iterations):
    out = subprocess.run([binary, "reports", "bench", "--days", str(days), "--notes", str(notes),
                          "--iterations", str(iterations)], check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def chromium_bench(reports, iterations, out_dir):
    """All reports in one node process: one browser, one tab, warm across reports."""
    job = {"iterations": iterations, "warmup": WARMUP, "reports": [
        {"name": name, "html": html_page.render(r), "header": html_page.header(r), "footer": html_page.footer(r),
         "out": str(out_dir / f"chromium-{name}.pdf")} for name, r in reports]}
    job_path = out_dir / "chromium-job.json"
    job_path.write_text(json.dumps(job))
    out = subprocess.run(["node", str(REPORT_DIR / "chromium.mjs"), str(job_path)], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    return {r["name"]: r for r in json.loads(out.strip().splitlines()[-1])}


def typst_bench(reports, iterations, out_dir):
    """One typst.Compiler for all reports; every compile gets a new report (generated_at + i s)."""
    import typst

    compiler = typst.Compiler(str(REPORT_DIR / "report.typ"), font_paths=[str(ROOT / "assets" / "fonts")],
                              ignore_system_fonts=True)
    results = {}
    for name, report in reports:
        base = dt.datetime.fromisoformat(report["generated_at"].replace("Z", "+00:00"))

        def new_report(i):
            r = copy.copy(report)
            r["generated_at"] = (base + dt.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
            return json.dumps(r)

        inputs = [new_report(i) for i in range(WARMUP + iterations)]
        for src in inputs[:WARMUP]:
            compiler.compile(sys_inputs={"report": src}, pdf_tags=False)
        times = []
        for src in inputs[WARMUP:]:
            start = time.perf_counter()
            pdf = compiler.compile(sys_inputs={"report": src}, pdf_tags=False)
            times.append((time.perf_counter() - start) * 1000)
        path = out_dir / f"typst-{name}.pdf"
        path.write_bytes(pdf)
        replay = []
        for _ in range(10):  # the same input again: the memoized output comes back
            start = time.perf_counter()
            compiler.compile(sys_inputs={"report": inputs[-1]}, pdf_tags=False)
            replay.append((time.perf_counter() - start) * 1000)
        median, p90 = summary(times)
        results[name] = {"median_ms": median, "p90_ms": p90, "bytes": len(pdf), "pages": pages(path),
                         "replay_ms": statistics.median(replay)}
    return results


def versions():
    def first_line(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"
    try:
        from importlib.metadata import version
        typst_version = version("typst")
    except Exception:
        typst_version = "not installed"
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    return (f"{first_line([chromium, '--version'])}; node {first_line(['node', '--version'])}; "
            f"typst (PyPI) {typst_version}")


def fmt(value, spec):
    return "—" if value is None else format(value, spec)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=50, help="timed rounds for Chromium and Typst (default 50)")
    parser.add_argument("--daybreak-iterations", type=int, default=300, help="timed rounds in-process (default 300)")
    parser.add_argument("--bin", default=os.environ.get("DAYBREAK_BIN", str(ROOT / "target" / "release" / "daybreak")),
                        help="the daybreak binary (default $DAYBREAK_BIN or target/release/daybreak)")
    parser.add_argument("--sample-json", help="report view model to use instead of the binary's (daybreak left out)")
    parser.add_argument("--out", help="folder for the PDFs (default: a new temporary folder)")
    args = parser.parse_args()

    out_dir = Path(args.out or tempfile.mkdtemp(prefix="report_bench_"))
    out_dir.mkdir(parents=True, exist_ok=True)
    use_binary = not args.sample_json
    if use_binary and not os.access(args.bin, os.X_OK):
        sys.exit(f"no daybreak binary at {args.bin}: build it, pass --bin, or use --sample-json bench/report/sample.json")

    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start; {versions()}")
    print(f"daybreak: {args.bin if use_binary else 'not run (--sample-json)'}; peers: {args.iterations} "
          f"iterations after {WARMUP} warm-up; PDFs in {out_dir}")

    reports = []
    for days, notes in CASES:
        name = f"{days}d"
        if use_binary:
            report = daybreak_report(args.bin, days, notes, out_dir / f"daybreak-{name}.pdf")
        else:
            report = make_sample.widen(json.loads(Path(args.sample_json).read_text()), days)
        if report.get("paper", "letter") != "letter":
            print(f"note: the {name} report asks for {report['paper']} paper; Chromium and Typst print Letter")
        reports.append((name, report))

    started = time.monotonic()
    chromium = chromium_bench(reports, args.iterations, out_dir)
    for name, _ in reports:
        chromium[name]["pages"] = pages(out_dir / f"chromium-{name}.pdf")
    typst_results = typst_bench(reports, args.iterations, out_dir)
    daybreak = {}
    if use_binary:
        for (days, notes), (name, _) in zip(CASES, reports):
            daybreak[name] = daybreak_bench(args.bin, days, notes, args.daybreak_iterations)
    elapsed = time.monotonic() - started

    met_all = True
    for (days, notes), (name, report) in zip(CASES, reports):
        n_days = report["progress"]["days_in_period"]
        n_notes = len(report["notes"] or [])
        print(f"\n{n_days} days, {n_notes} notes")
        print(f"  {'renderer':28} {'median ms':>10} {'p90 ms':>9} {'size KB':>8} {'pages':>6} {'x daybreak':>11}")
        base = daybreak.get(name)
        rows = [("daybreak (in-process)", base),
                ("Chromium (warm tab)", chromium[name]),
                ("Typst (warm compiler)", typst_results[name])]
        for label, r in rows:
            if r is None:
                print(f"  {label:28} {'not run':>10}")
                continue
            ratio = r["median_ms"] / base["median_ms"] if base else None
            print(f"  {label:28} {r['median_ms']:10.2f} {r['p90_ms']:9.2f} {r['bytes'] / 1000:8.1f} "
                  f"{fmt(r.get('pages'), 'd'):>6} {fmt(ratio, '10.1f') + ('x' if ratio else ''):>11}")
        replay = typst_results[name]["replay_ms"]
        print(f"  (Typst on a byte-identical input replays its memoized output in {replay:.2f} ms; "
              f"not a per-report time)")
        if base:
            checks = [
                (f"Chromium/daybreak >= {TARGET_CHROMIUM}x", chromium[name]["median_ms"] / base["median_ms"],
                 lambda v: v >= TARGET_CHROMIUM, "x"),
                (f"Typst/daybreak >= {TARGET_TYPST}x", typst_results[name]["median_ms"] / base["median_ms"],
                 lambda v: v >= TARGET_TYPST, "x"),
            ]
            if days == 90:
                checks.append((f"PDF < {TARGET_KB} KB", base["bytes"] / 1000, lambda v: v < TARGET_KB, " KB"))
            for label, value, ok, unit in checks:
                met = ok(value)
                met_all &= met
                print(f"  target {label:26} {value:8.1f}{unit}  {'met' if met else 'NOT MET'}")
    if daybreak:
        print("\nAll targets met." if met_all else "\nNot all targets met.")
    print(f"Measured in {elapsed:.0f} s; load average {os.getloadavg()[0]:.2f} at the end.")


if __name__ == "__main__":
    main()
