import type { ProgressDay } from "../../api/types";
import { DAY_STATUS } from "../../clinical";
import { formatDay, formatMonth, weekdayIndex } from "../../format";
import {
  DIFFERS_MARK,
  SCREEN_MARKS,
  type ScreenDayMark,
  screenMarkLabel,
} from "./screenValues";

const WEEKDAYS = ["M", "T", "W", "T", "F", "S", "S"];

/**
 * What a screen reader and the hover title say about one day: the client's report first, then
 * the day's drug screens, if any, after a semicolon (a screen never changes the day's status).
 */
export function dayLabel(
  day: ProgressDay,
  today?: string,
  screen?: ScreenDayMark,
): string {
  const parts = [DAY_STATUS[day.status].label];
  if (typeof day.craving === "number") parts.push(`craving ${day.craving}/10`);
  if (typeof day.mood === "number") parts.push(`mood ${day.mood}/10`);
  const when = formatDay(day.day) + (day.day === today ? " (today)" : "");
  const screened = screen ? `; ${screenMarkLabel(screen)}` : "";
  return `${when}: ${parts.join(", ")}${screened}`;
}

function byMonth(days: ProgressDay[]): ProgressDay[][] {
  const months: ProgressDay[][] = [];
  for (const day of days) {
    const last = months[months.length - 1];
    if (last && last[0].day.slice(0, 7) === day.day.slice(0, 7)) last.push(day);
    else months.push([day]);
  }
  return months;
}

export function CalendarLegend() {
  return (
    <ul className="cal-legend" aria-label="Legend">
      {(["abstinent", "used", "unknown"] as const).map((status) => (
        <li key={status}>
          <span className={`cal-swatch cal-${status}`} aria-hidden="true">
            {DAY_STATUS[status].symbol}
          </span>
          {DAY_STATUS[status].legend}
        </li>
      ))}
    </ul>
  );
}

/** The drug-screen marks' key; shown only when the period has a marked day. */
export function ScreenLegend() {
  return (
    <div className="cal-screen-legend">
      <span className="cal-legend-title" aria-hidden="true">
        Screen:
      </span>
      <ul className="cal-legend" aria-label="Screen legend">
        {(["negative", "positive", "expected", "invalid"] as const).map(
          (kind) => (
            <li key={kind}>
              <span
                className={`cal-swatch cal-screen-swatch cal-screen-${kind}`}
                aria-hidden="true"
              >
                {SCREEN_MARKS[kind].symbol}
              </span>
              <span>
                <span className="visually-hidden">Screen </span>
                {SCREEN_MARKS[kind].legend}
              </span>
            </li>
          ),
        )}
        <li>
          <span className="cal-swatch cal-differs-swatch" aria-hidden="true">
            {DIFFERS_MARK.symbol}
          </span>
          {DIFFERS_MARK.legend}
        </li>
      </ul>
    </div>
  );
}

/**
 * The period's days by month, one cell per day. Colour, a letter and a text label each carry
 * the status, so the calendar reads without colour and with a screen reader. A day with a drug
 * screen also carries the screen's glyph in its corner (and its words in the label); a screen
 * that differs from the client's report rings the cell. Neither changes the day's status.
 */
export function ProgressCalendar({
  days,
  today,
  screens,
}: {
  days: ProgressDay[];
  today?: string;
  /** The day's screen mark by `YYYY-MM-DD`; none: no marks. */
  screens?: ReadonlyMap<string, ScreenDayMark>;
}) {
  const sorted = [...days].sort((a, b) => a.day.localeCompare(b.day));
  return (
    <div className="calendar">
      {byMonth(sorted).map((month) => {
        const title = formatMonth(month[0].day);
        const offset = weekdayIndex(month[0].day);
        return (
          <section key={month[0].day} className="cal-month" aria-label={title}>
            <h4 className="cal-title" aria-hidden="true">
              {title}
            </h4>
            <div className="cal-weekdays" aria-hidden="true">
              {WEEKDAYS.map((d, i) => (
                <span key={i}>{d}</span>
              ))}
            </div>
            <ol className="cal-grid">
              {Array.from({ length: offset }, (_, i) => (
                <li key={`pad-${i}`} className="cal-pad" aria-hidden="true" />
              ))}
              {month.map((day) => {
                const screen = screens?.get(day.day);
                const label = dayLabel(day, today, screen);
                const classes = [
                  "cal-day",
                  `cal-${day.status}`,
                  day.day === today && "cal-today",
                  screen?.differs && "cal-differs",
                ].filter(Boolean);
                return (
                  <li
                    key={day.day}
                    className={classes.join(" ")}
                    title={label}
                    aria-label={label}
                  >
                    <span aria-hidden="true">
                      {DAY_STATUS[day.status].symbol}
                    </span>
                    {screen && (
                      <span
                        className={`cal-screen cal-screen-${screen.kind}`}
                        aria-hidden="true"
                      >
                        {SCREEN_MARKS[screen.kind].symbol}
                      </span>
                    )}
                    {screen?.differs && (
                      <span className="cal-differs-mark" aria-hidden="true">
                        {DIFFERS_MARK.symbol}
                      </span>
                    )}
                  </li>
                );
              })}
            </ol>
          </section>
        );
      })}
    </div>
  );
}
