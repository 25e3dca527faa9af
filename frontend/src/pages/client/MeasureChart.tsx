import type { MeasureResult } from "../../api/types";
import { formatDay } from "../../format";
import { bandLabel, MEASURES, type MeasureInfo } from "../../measures";

// The chart keeps its aspect ratio (text scales with it), so sizes are in these units.
const WIDTH = 420;
const HEIGHT = 200;
const LEFT = 26;
const RIGHT = 296;
const TOP = 8;
const BOTTOM = 172;

function dayNumber(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export function measureSummary(
  info: MeasureInfo,
  results: MeasureResult[],
): string {
  if (results.length === 0) return `No ${info.label} results yet.`;
  const latest = results[results.length - 1];
  const totals = results.map((r) => r.total);
  return (
    `${info.label} total over time: ${results.length} ${results.length === 1 ? "result" : "results"} ` +
    `from ${formatDay(results[0].completed_on)} to ${formatDay(latest.completed_on)}, ` +
    `ranging from ${Math.min(...totals)} to ${Math.max(...totals)} out of ${info.max}. ` +
    `Latest: ${latest.total} (${bandLabel(info.code, latest.band).toLowerCase()}) on ${formatDay(latest.completed_on)}.`
  );
}

/**
 * A measure's totals over time as a hand-drawn SVG, on top of its severity bands: each
 * band is a shaded strip with its name, and a dashed line marks each threshold.
 */
export function MeasureChart({
  code,
  results,
}: {
  code: MeasureResult["code"];
  results: MeasureResult[];
}) {
  const info = MEASURES[code];
  const sorted = [...results].sort((a, b) =>
    a.completed_on.localeCompare(b.completed_on),
  );
  const summary = measureSummary(info, sorted);
  if (sorted.length === 0) return <p className="muted">{summary}</p>;

  const y = (total: number) =>
    round(BOTTOM - (total / info.max) * (BOTTOM - TOP));
  const first = dayNumber(sorted[0].completed_on);
  const last = dayNumber(sorted[sorted.length - 1].completed_on);
  const x = (day: string) =>
    last === first
      ? (LEFT + RIGHT) / 2
      : round(
          LEFT + ((dayNumber(day) - first) / (last - first)) * (RIGHT - LEFT),
        );
  const points = sorted.map((r) => ({
    r,
    px: x(r.completed_on),
    py: y(r.total),
  }));

  return (
    <svg
      className="measure-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={summary}
      focusable="false"
    >
      {info.bands.map((band, i) => {
        const top = y(i === info.bands.length - 1 ? info.max : band.to + 1);
        const bottom = y(band.from);
        return (
          <g key={band.key}>
            <rect
              x={LEFT}
              y={top}
              width={RIGHT - LEFT}
              height={round(bottom - top)}
              className={`band band-${i}`}
            />
            <text
              x={RIGHT + 8}
              y={round((top + bottom) / 2 + 3.5)}
              className="band-label"
            >
              {band.label}
            </text>
            {band.from > 0 && (
              <>
                <line
                  x1={LEFT}
                  x2={RIGHT}
                  y1={bottom}
                  y2={bottom}
                  className="band-threshold"
                />
                <text
                  x={LEFT - 5}
                  y={bottom + 3.5}
                  className="axis-label"
                  textAnchor="end"
                >
                  {band.from}
                </text>
              </>
            )}
          </g>
        );
      })}
      <text
        x={LEFT - 5}
        y={BOTTOM + 3.5}
        className="axis-label"
        textAnchor="end"
      >
        0
      </text>
      {points.length > 1 && (
        <path
          d={points
            .map((p, i) => `${i === 0 ? "M" : "L"}${p.px} ${p.py}`)
            .join(" ")}
          className="measure-line"
        />
      )}
      {points.map(({ r, px, py }) => (
        <circle
          key={r.id}
          cx={px}
          cy={py}
          r={3.5}
          className={r.alert ? "measure-dot measure-dot-alert" : "measure-dot"}
        >
          <title>{`${formatDay(r.completed_on)}: ${r.total} (${bandLabel(code, r.band)})`}</title>
        </circle>
      ))}
      <text x={LEFT} y={HEIGHT - 8} className="axis-label">
        {formatDay(sorted[0].completed_on)}
      </text>
      {sorted.length > 1 && (
        <text x={RIGHT} y={HEIGHT - 8} className="axis-label" textAnchor="end">
          {formatDay(sorted[sorted.length - 1].completed_on)}
        </text>
      )}
    </svg>
  );
}
