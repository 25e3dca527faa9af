"""The progress report as one self-contained HTML page, for headless Chromium's print-to-PDF.

`render(report)` takes the report view model (the JSON of `ProgressReport`,
src/reports/model.rs) and returns the page; `header(report)` and `footer(report)` are the
templates for page.pdf() (running head, "Page N of M" and the confidentiality line); page.pdf()
gets the margins of pages 2+ (76 pt at the top), the CSS gives page 1 its 50 pt. The page
copies the layout of Daybreak's own renderer (src/reports/render.rs, sections.rs, table.rs)
in HTML terms: the same sections, sizes, greys and wording: header block, summary figures,
Timeline Followback calendar and craving chart as inline SVG, episode and questionnaire
tables, signed notes with addenda, signature block, 42 CFR Part 2 notice. No external
resource; the font is the system's DejaVu Sans, the face Daybreak embeds.

bench/report/report.typ is the same document in Typst.
"""

import datetime as dt
from html import escape

# Geometry in points, as in src/reports (canvas.rs, sections.rs).
PAGE_W, MARGIN_X, MARGIN_TOP, FOOTER_BAND = 612.0, 54.0, 50.0, 56.0
HEAD = 26.0  # the running head's share of pages after the first
WIDTH = PAGE_W - 2 * MARGIN_X  # 504
CELL_W, CELL_H, MONTHS_PER_ROW = 15.5, 13.0, 4
CHART_H = 110.0

PART2_NOTICE = (
    "This record which has been disclosed to you is protected by Federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony "
    "that describes the information contained in this record, in any civil, criminal, "
    "administrative, or legislative proceedings by any Federal, State, or local authority, against "
    "the patient, unless authorized by the consent of the patient, except as provided at 42 CFR "
    "2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, "
    "the Federal rules prohibit you from making any other use or disclosure of this record unless "
    "at least one of the following applies: (i) Further use or disclosure is expressly permitted by "
    "the written consent of the individual whose information is being disclosed in this record or "
    "as otherwise permitted by 42 CFR part 2. (ii) You are a covered entity or business associate "
    "and have received the record for treatment, payment, or health care operations, or (iii) You "
    "have received the record from a covered entity or business associate as permitted by 45 CFR "
    "part 164, subparts A and E. A general authorization for the release of medical or other "
    "information is NOT sufficient to meet the required elements of written consent to further use "
    "or redisclose the record (see 42 CFR 2.31)."
)

CSS = f"""
@page {{ size: Letter; margin: {MARGIN_TOP + HEAD}pt {MARGIN_X}pt {FOOTER_BAND}pt {MARGIN_X}pt; }}
@page :first {{ margin-top: {MARGIN_TOP}pt; }}
* {{ box-sizing: border-box; }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; line-height: 1.35; color: #000; }}
p {{ margin: 0; }}
.top {{ display: flex; justify-content: space-between; align-items: baseline; font-weight: bold;
        color: #4d4d4d; padding-top: 1pt; padding-bottom: 3pt; border-bottom: 1.2pt solid #000; }}
.top .practice {{ font-size: 9.5pt; }} .top .confidential {{ font-size: 8pt; }}
h1 {{ font-size: 21pt; line-height: 1.2; margin: 8pt 0 0 0; }}
.client {{ font-size: 13pt; color: #262626; margin: 0 0 4pt 0; }}
table.facts {{ border-collapse: collapse; margin-bottom: 4pt; }}
table.facts td {{ padding: 0 0 1.5pt 0; vertical-align: top; font-size: 9.5pt; }}
table.facts td.k {{ width: 110pt; font-size: 8.5pt; font-weight: bold; color: #595959; padding-top: 1pt; }}
h2 {{ font-size: 12.5pt; line-height: 1.2; margin: 10pt 0 8pt 0; padding-bottom: 2pt;
      border-bottom: 0.6pt solid #8c8c8c; break-after: avoid; }}
table.summary {{ width: 100%; border-collapse: collapse; margin-bottom: 6pt; }}
table.summary tr:nth-child(odd) {{ background: #f3f3f3; }}
table.summary {{ table-layout: fixed; }}
table.summary td {{ height: 17pt; padding: 0; }}
table.summary td.k {{ width: 134pt; padding-left: 6pt; font-size: 8.5pt; color: #4d4d4d; }}
table.summary td.v {{ width: 118pt; padding-right: 2pt; }}
/* The detail shows only when it fits beside the value (as in sections.rs): otherwise it wraps
   to a second line, which the fixed height hides. */
table.summary .v div {{ display: flex; flex-wrap: wrap; align-items: baseline; height: 13.5pt; overflow: hidden; }}
table.summary .v b {{ font-size: 10pt; }}
table.summary .v span {{ font-size: 8pt; color: #595959; margin-left: 4pt; white-space: nowrap; }}
svg {{ display: block; overflow: visible; }}
.legend {{ display: flex; align-items: center; font-size: 8pt; color: #333; margin-bottom: 8pt; }}
.legend svg {{ margin-right: 4pt; }} .legend span {{ margin-right: 16pt; }}
.caption {{ font-size: 7pt; color: #595959; margin: 0 0 8pt 0; }}
table.grid {{ width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 8.5pt; margin-bottom: 6pt; }}
table.grid th {{ background: #e6e6e6; text-align: left; font-size: 8pt; color: #1a1a1a; height: 16pt;
                 padding: 0 4pt; }}
table.grid td {{ padding: 4pt; line-height: 11.5pt; vertical-align: top; color: #0d0d0d;
                 border-bottom: 0.4pt solid #bfbfbf; }}
table.grid tr {{ break-inside: avoid; }}
.empty {{ color: #333; margin-bottom: 6pt; }}
.note {{ padding: 0 0 4pt 0; margin-bottom: 4pt; border-bottom: 0.4pt solid #ccc; }}
.note + .note {{ padding-top: 4pt; }}
.note h3 {{ font-size: 10.5pt; margin: 0 0 2pt 0; break-after: avoid; }}
.note .signed {{ font-size: 8pt; color: #595959; margin-bottom: 2pt; }}
.note h4 {{ font-size: 8.5pt; color: #262626; margin: 0 0 0 8pt; break-after: avoid; }}
.note .body {{ margin: 0 0 3pt 8pt; color: #0d0d0d; }}
.note h5 {{ font-size: 8pt; color: #4d4d4d; margin: 0 0 0 16pt; break-after: avoid; }}
.note .addendum {{ font-size: 8.8pt; margin: 0 0 3pt 16pt; color: #262626; }}
.signature {{ break-inside: avoid; }}
.signature .name {{ font-size: 10pt; font-weight: bold; }}
.signature .practice {{ color: #4d4d4d; }}
.signature .lines {{ display: flex; margin-top: 30pt; font-size: 8pt; color: #595959; }}
.signature .lines div {{ border-top: 0.7pt solid #000; padding-top: 2pt; }}
.part2 {{ margin-top: 12pt; background: #f2f2f2; border: 0.8pt solid #404040; padding: 7pt 10pt 8pt 10pt;
          font-size: 7.8pt; break-inside: avoid; }}
.part2 b {{ display: block; font-size: 9.5pt; margin-bottom: 3pt; }}
"""


def grey(level):
    """printpdf's grey level (0 black .. 1 white) as a CSS colour."""
    v = round(level * 255)
    return f"#{v:02x}{v:02x}{v:02x}"


def day(iso):
    """'2026-09-01' -> 'Sep 1, 2026'."""
    d = dt.date.fromisoformat(iso)
    return f"{d:%b} {d.day}, {d.year}"


def period(p):
    return f"{day(p['from'])} – {day(p['to'])}"


def days(n):
    return "1 day" if n == 1 else f"{n} days"


def header_block(r):
    p = r["progress"]
    rows = [("Client", r["client_name"]),
            ("Date of birth", day(r["date_of_birth"]) if r["date_of_birth"] else "Not recorded"),
            ("Period", f"{period(p)} ({p['days_in_period']} days)"),
            ("Recovery start", day(p["recovery_start_date"]) if p["recovery_start_date"] else "Not recorded")]
    if r["primary_substance"]:
        rows.append(("Primary substance", r["primary_substance"]))
    rows += [("Clinician", r["clinician_name"]), ("Generated", day(r["generated_on"]))]
    if r["recipient"]:
        rows.append(("Prepared for", r["recipient"]))
    if r["purpose"]:
        rows.append(("Purpose", r["purpose"]))
    facts = "".join(f'<tr><td class="k">{k}</td><td>{escape(v)}</td></tr>' for k, v in rows)
    return (f'<div class="top"><span class="practice">{escape(r["practice_name"])}</span>'
            f'<span class="confidential">CONFIDENTIAL</span></div><h1>Progress report</h1>'
            f'<div class="client">{escape(r["client_name"])}</div><table class="facts">{facts}</table>')


def summary(p):
    dash = lambda why: ("—", why)  # noqa: E731
    percent = (f"{p['percent_days_abstinent']:.1f}%", f"of {p['days_reported']} reported days") \
        if p["percent_days_abstinent"] is not None else dash("no days reported")
    left = [
        ("Days in period", (str(p["days_in_period"]), "")),
        ("Days reported", (str(p["days_reported"]), f"of {p['days_in_period']} days")),
        ("Days abstinent", percent),
        ("Abstinent days", (str(p["days_abstinent"]), "reported without use")),
        ("Days used", (str(p["days_used"]), "")),
        ("Days not reported", (str(p["days_unknown"]), "")),
        ("Mean craving", (f"{p['mean_craving']:.1f}", "out of 10") if p["mean_craving"] is not None
         else dash("no ratings")),
        ("Meetings attended", (str(p["meetings_attended"]), "")),
    ]
    right = [
        ("Current streak", (days(p["current_streak_days"]), f"on {day(p['to'])}")
         if p["current_streak_days"] is not None else dash("no recovery start")),
        ("Longest streak", (days(p["longest_streak_days"]), "")),
        ("Longest reported abstinence", (days(p["longest_reported_abstinence_days"]), "")),
        ("Total clean days", (days(p["total_clean_days"]), "since recovery start")
         if p["total_clean_days"] is not None else dash("no recovery start")),
        ("Lapses", (str(p["lapse_count"]), "")),
        ("Relapses", (str(p["relapse_count"]), "")),
        ("Sponsor contacts", (str(p["sponsor_contacts"]), "")),
    ]

    def cells(item):
        if item is None:
            return '<td class="k"></td><td class="v"></td>'
        label, (value, detail) = item
        more = f"<span>{detail}</span>" if detail else ""
        return f'<td class="k">{label}</td><td class="v"><div><b>{value}</b>{more}</div></td>'

    rows = "".join(f"<tr>{cells(left[i] if i < len(left) else None)}{cells(right[i] if i < len(right) else None)}</tr>"
                   for i in range(max(len(left), len(right))))
    return f'<h2>Summary</h2><table class="summary">{rows}</table>'


def cell(x, y, number, status):
    """One calendar day: a box (white, near-black or grey), its day number, and a diagonal
    stroke across a day that was not reported."""
    fill, ink = {"abstinent": (1.0, 0.25), "used": (0.1, 1.0), "unknown": (0.82, 0.45)}[status]
    out = (f'<rect x="{x + 0.6:.1f}" y="{y + 0.6:.1f}" width="{CELL_W - 1.2:.1f}" height="{CELL_H - 1.2:.1f}" '
           f'fill="{grey(fill)}" stroke="{grey(0.45)}" stroke-width="0.5"/>')
    if status == "unknown":
        out += (f'<line x1="{x + 2:.1f}" y1="{y + CELL_H - 2:.1f}" x2="{x + CELL_W - 2:.1f}" y2="{y + 2:.1f}" '
                f'stroke="{grey(0.6)}" stroke-width="0.4"/>')
    return out + (f'<text x="{x + CELL_W / 2:.2f}" y="{y + 8.8:.1f}" text-anchor="middle" '
                  f'fill="{grey(ink)}">{number}</text>')


def calendar(p):
    """Timeline Followback: a month grid per month (Monday first, four to a row), a cell per day."""
    status = {d["day"]: d["status"] for d in p["days"]}
    first, last = dt.date.fromisoformat(p["from"]), dt.date.fromisoformat(p["to"])
    months = []
    m = first.replace(day=1)
    while m <= last:
        months.append(m)
        m = (m + dt.timedelta(days=32)).replace(day=1)
    grid_w = 7 * CELL_W
    gap = (WIDTH - MONTHS_PER_ROW * grid_w) / (MONTHS_PER_ROW - 1)
    grid_h = 14 + 10 + 6 * CELL_H + 8
    svg_font = 'font-family="DejaVu Sans" font-size="6"'
    legend = "".join(f'<svg width="{CELL_W}pt" height="{CELL_H}pt" viewBox="0 0 {CELL_W} {CELL_H}" {svg_font}>'
                     f'{cell(0, 0, 1, s)}</svg><span>{label}</span>'
                     for s, label in (("abstinent", "Abstinent (reported no use)"), ("used", "Used"),
                                      ("unknown", "Not reported")))
    out = ["<h2>Days in the period</h2>", f'<div class="legend">{legend}</div>']
    for row in range(0, len(months), MONTHS_PER_ROW):
        parts = [f'<svg width="{WIDTH}pt" height="{grid_h}pt" viewBox="0 0 {WIDTH} {grid_h}" {svg_font}>']
        for k, month in enumerate(months[row:row + MONTHS_PER_ROW]):
            x0 = k * (grid_w + gap)
            parts.append(f'<text x="{x0:.1f}" y="10" font-size="8.5" font-weight="bold">{month:%B %Y}</text>')
            for i, letter in enumerate("MTWTFSS"):
                parts.append(f'<text x="{x0 + i * CELL_W + CELL_W / 2 - 2.5:.1f}" y="21" font-size="6.5" '
                             f'fill="{grey(0.4)}">{letter}</text>')
            offset = month.weekday()  # Monday = 0
            d = month
            while d.month == month.month:
                s = status.get(d.isoformat())
                if s:
                    slot = offset + d.day - 1
                    parts.append(cell(x0 + (slot % 7) * CELL_W, 24 + (slot // 7) * CELL_H, d.day, s))
                d += dt.timedelta(days=1)
        parts.append("</svg>")
        out.append("".join(parts))
    return "".join(out)


def craving_chart(p):
    """Craving 0-10 as a line (runs of rated days; a lone rating is a dot), used days marked
    under the axis, month ticks (week ticks for 45 days or fewer)."""
    days_ = p["days"]
    out = ["<h2>Craving</h2>"]
    if not any(d["craving"] is not None for d in days_):
        return out[0] + '<p class="empty">No craving ratings were reported in this period.</p>'
    x0, width, top = 22.0, WIDTH - 22.0, 4.0
    n = max(len(days_), 2)
    x_of = lambda i: x0 + (i + 0.5) * width / n  # noqa: E731
    y_of = lambda v: top + CHART_H - max(0, min(10, v)) / 10 * CHART_H  # noqa: E731
    height = top + CHART_H + 20
    svg = [f'<svg width="{WIDTH}pt" height="{height}pt" viewBox="0 0 {WIDTH} {height}" '
           f'font-family="DejaVu Sans" font-size="7" fill="{grey(0.35)}">']
    for level in (0, 5, 10):
        y = y_of(level)
        dash = "" if level == 0 else ' stroke-dasharray="2 2"'
        svg.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + width}" y2="{y:.1f}" stroke="{grey(0.7)}" '
                   f'stroke-width="0.4"{dash}/><text x="{x0 - 5}" y="{y + 3:.1f}" text-anchor="end">{level}</text>')
    run = []
    for i, d in enumerate(days_ + [{"craving": None, "status": None}]):
        if d["craving"] is not None:
            run.append((x_of(i), y_of(d["craving"])))
        else:
            if len(run) == 1:
                svg.append(f'<rect x="{run[0][0] - 1.5:.1f}" y="{run[0][1] - 1.5:.1f}" width="3" height="3" fill="#000"/>')
            elif run:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                svg.append(f'<polyline points="{points}" fill="none" stroke="#000" stroke-width="1.3"/>')
            run = []
        if d["status"] == "used":
            svg.append(f'<rect x="{x_of(i) - 1:.1f}" y="{top + CHART_H + 3:.1f}" width="2" height="5" fill="#000"/>')
    short = len(days_) <= 45
    for i, d in enumerate(days_):
        date = dt.date.fromisoformat(d["day"])
        if (i % 7 == 0) if short else (date.day == 1 or i == 0):
            label = f"{date:%b} {date.day}" if short else f"{date:%b %Y}"
            x = x_of(i)
            svg.append(f'<line x1="{x:.1f}" y1="{top + CHART_H:.1f}" x2="{x:.1f}" y2="{top + CHART_H + 2:.1f}" '
                       f'stroke="{grey(0.4)}" stroke-width="0.4"/>'
                       f'<text x="{x:.1f}" y="{top + CHART_H + 17:.1f}" font-size="6.8">{label}</text>')
    svg.append("</svg>")
    return (out[0] + "".join(svg) + '<p class="caption">Line: craving reported that day (0 none – 10 strongest). '
            'Marks under the axis: days with use.</p>')


def table(head, rows):
    """Header bar repeated on every page a table reaches (thead), a rule under each row."""
    cols = "".join(f'<col style="width: {share * 100:g}%">' for _, share in head)
    th = "".join(f"<th>{title}</th>" for title, _ in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="grid"><colgroup>{cols}</colgroup><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def listing(items):
    return ", ".join(items) if items else "—"


def episodes(r):
    if not r["episodes"]:
        return '<h2>Lapses and relapses</h2><p class="empty">No lapses or relapses were recorded in this period.</p>'
    rows = []
    for e in r["episodes"]:
        if e["ended_on"] and e["ended_on"] != e["occurred_on"]:
            dates = f"{day(e['occurred_on'])} – {day(e['ended_on'])}"
        elif not e["ended_on"] and e["kind"] == "Relapse":
            dates = f"{day(e['occurred_on'])} – ongoing"
        else:
            dates = day(e["occurred_on"])
        rows.append((dates, e["kind"], listing(e["substances"]), listing(e["triggers"]), listing(e["helped"])))
    head = (("Dates", 0.2), ("Kind", 0.1), ("Substances", 0.18), ("Triggers", 0.26), ("What helped", 0.26))
    return "<h2>Lapses and relapses</h2>" + table(head, rows)


def measures(r):
    if not r["measures"]:
        return ""
    rows = [(day(m["taken_on"]), m["instrument"], f"{m['total']} of {m['max']}", m["band"]) for m in r["measures"]]
    head = (("Date", 0.25), ("Questionnaire", 0.25), ("Score", 0.2), ("Severity", 0.3))
    return "<h2>Questionnaires</h2>" + table(head, rows)


def notes(r):
    out = ["<h2>Session notes</h2>"]
    if r["notes"] is None:
        return out[0] + '<p class="empty">Session notes are not part of this report.</p>'
    if not r["notes"]:
        return out[0] + '<p class="empty">No signed session notes in this period.</p>'
    for n in r["notes"]:
        signed = f"Signed by {escape(n['author'])} on {day(n['signed_on'])}"
        if n["co_signed_by"]:
            signed += f"; co-signed by {escape(n['co_signed_by'])}"
        out.append(f'<div class="note"><h3>{day(n["session_on"])} · {escape(n["format"])} note</h3>'
                   f'<p class="signed">{signed}</p>')
        for heading, body in n["sections"]:
            out.append(f'<h4>{escape(heading)}</h4><p class="body">{escape(body)}</p>')
        for a in n["addenda"]:
            out.append(f'<h5>Addendum by {escape(a["author"])}, {day(a["written_on"])}</h5>'
                       f'<p class="addendum">{escape(a["body"])}</p>')
        out.append("</div>")
    return "".join(out)


def signature(r):
    return (f'<div class="signature"><h2>Clinician</h2><div class="name">{escape(r["clinician_name"])}</div>'
            f'<div class="practice">{escape(r["practice_name"])}</div><div class="lines">'
            f'<div style="width: {WIDTH / 2 - 30}pt; margin-right: 30pt">Signature</div>'
            f'<div style="width: 150pt">Date</div></div></div>')


def part2(r):
    if not r["part2_notice"]:
        return ""
    return f'<div class="part2"><b>Notice of confidentiality: 42 CFR Part 2</b>{PART2_NOTICE}</div>'


def render(r):
    """The whole page for report view model `r` (a dict)."""
    p = r["progress"]
    body = "".join([header_block(r), summary(p), calendar(p), craving_chart(p), episodes(r), measures(r),
                    notes(r), signature(r), part2(r)])
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<title>Progress report: {escape(r["client_name"])}</title><style>{CSS}</style></head>'
            f"<body>{body}</body></html>")


TEMPLATE_STYLE = (f"font-family: 'DejaVu Sans', sans-serif; width: 100%; margin: 0 {MARGIN_X}pt; "
                  "-webkit-print-color-adjust: exact;")


def header(r):
    """Chromium headerTemplate: the running head (practice, client, period). The renderer
    prints it from page 2 on, in 26 pt it takes from the content area (hence the taller top
    margin after page 1); Chromium's header template prints on every page and is not clipped
    to the margin, so here it sits high enough to clear page 1's content."""
    head = f"{r['practice_name']} · Progress report · {r['client_name']} · {period(r['progress'])}"
    return (f'<div style="{TEMPLATE_STYLE} font-size: 7.5pt; color: {grey(0.35)}; margin-top: 24pt; '
            f'padding-bottom: 3pt; border-bottom: 0.5pt solid {grey(0.75)};">{escape(head)}</div>')


def footer(r):
    """Chromium footerTemplate: client and period, 'Page N of M' and the confidentiality line."""
    line = ("Confidential: protected by 42 CFR Part 2 and HIPAA. Do not redisclose without the client's written consent."
            if r["part2_notice"] else
            "Confidential health information (HIPAA). Do not redisclose without the client's written consent.")
    who = f"{r['client_name']} · {period(r['progress'])}"
    return (f'<div style="{TEMPLATE_STYLE} border-top: 0.5pt solid {grey(0.6)}; padding-top: 3pt; '
            f'margin-bottom: 14pt;"><div style="display: flex; justify-content: space-between; font-size: 7.5pt;">'
            f'<span style="color: {grey(0.3)}">{escape(who)}</span><b style="color: {grey(0.2)}">Page '
            f'<span class="pageNumber"></span> of <span class="totalPages"></span></b></div>'
            f'<div style="font-size: 7pt; color: {grey(0.35)}; margin-top: 2pt;">{escape(line)}</div></div>')
