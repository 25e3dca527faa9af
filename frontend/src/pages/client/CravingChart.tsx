import type { ProgressDay } from "../../api/types";
import { formatDay } from "../../format";

const WIDTH = 1000;
const HEIGHT = 200;

interface Point {
  index: number;
  day: string;
  craving: number;
}

/** x/y in the chart's own units: x across the period, y from 10 (top) to 0 (bottom). */
function place(point: Point, count: number): [number, number] {
  const x = count <= 1 ? WIDTH / 2 : (point.index / (count - 1)) * WIDTH;
  const y = HEIGHT - (point.craving / 10) * HEIGHT;
  return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
}

function path(points: Point[], count: number): string {
  return points
    .map((p, i) => {
      const [x, y] = place(p, count);
      return `${i === 0 ? "M" : "L"}${x} ${y}`;
    })
    .join(" ");
}

/** Runs of consecutive reported days: a solid line joins days next to each other. */
function runs(points: Point[]): Point[][] {
  const out: Point[][] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1].index === p.index - 1) last.push(p);
    else out.push([p]);
  }
  return out;
}

export function cravingSummary(days: ProgressDay[]): string {
  const values = days
    .filter((d) => typeof d.craving === "number")
    .map((d) => ({ day: d.day, craving: d.craving as number }));
  if (values.length === 0) return "No craving was reported in this period.";
  const min = Math.min(...values.map((v) => v.craving));
  const max = Math.max(...values.map((v) => v.craving));
  const mean = values.reduce((s, v) => s + v.craving, 0) / values.length;
  const latest = values[values.length - 1];
  return (
    `Craving reported on ${values.length} of ${days.length} days, ` +
    `ranging from ${min} to ${max} out of 10 (mean ${mean.toFixed(1)}). ` +
    `Latest: ${latest.craving} on ${formatDay(latest.day)}.`
  );
}

/**
 * Craving (0–10) across the period as a hand-drawn SVG line: days without a report leave a
 * dotted bridge, so gaps stay visible. The SVG stretches to its box; strokes do not scale.
 */
export function CravingChart({ days }: { days: ProgressDay[] }) {
  const sorted = [...days].sort((a, b) => a.day.localeCompare(b.day));
  const points: Point[] = sorted.flatMap((d, index) =>
    typeof d.craving === "number"
      ? [{ index, day: d.day, craving: d.craving }]
      : [],
  );
  const summary = cravingSummary(sorted);
  if (points.length === 0) {
    return <p className="muted">{summary}</p>;
  }
  const count = sorted.length;
  const middle = sorted[Math.floor((count - 1) / 2)];
  return (
    <figure className="chart">
      <div className="chart-body">
        <div className="chart-y" aria-hidden="true">
          <span>10</span>
          <span>5</span>
          <span>0</span>
        </div>
        <svg
          className="chart-svg"
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={summary}
          focusable="false"
        >
          {[0, HEIGHT / 2, HEIGHT].map((y) => (
            <line
              key={y}
              x1={0}
              x2={WIDTH}
              y1={y}
              y2={y}
              className="chart-grid"
            />
          ))}
          {points.length > 1 && (
            <path d={path(points, count)} className="chart-bridge" />
          )}
          {runs(points)
            .filter((run) => run.length > 1)
            .map((run) => (
              <path
                key={run[0].day}
                d={path(run, count)}
                className="chart-line"
              />
            ))}
          {points.map((p) => {
            const [x, y] = place(p, count);
            return (
              <path key={p.day} d={`M${x} ${y} h0`} className="chart-dot">
                <title>{`${formatDay(p.day)}: craving ${p.craving}/10`}</title>
              </path>
            );
          })}
        </svg>
      </div>
      <div className="chart-x" aria-hidden="true">
        <span>{formatDay(sorted[0].day)}</span>
        {count > 2 && <span>{formatDay(middle.day)}</span>}
        <span>{formatDay(sorted[count - 1].day)}</span>
      </div>
      <details className="chart-values">
        <summary>Show the values</summary>
        <table className="data-table compact-table">
          <caption className="visually-hidden">Craving by day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Craving (0–10)</th>
            </tr>
          </thead>
          <tbody>
            {[...points].reverse().map((p) => (
              <tr key={p.day}>
                <th scope="row">{formatDay(p.day)}</th>
                <td>{p.craving}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
