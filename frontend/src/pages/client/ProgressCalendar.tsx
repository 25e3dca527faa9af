import type { ProgressDay } from "../../api/types";
import { DAY_STATUS } from "../../clinical";
import { formatDay, formatMonth, weekdayIndex } from "../../format";

const WEEKDAYS = ["M", "T", "W", "T", "F", "S", "S"];

/** What a screen reader and the hover title say about one day. */
export function dayLabel(day: ProgressDay, today?: string): string {
  const parts = [DAY_STATUS[day.status].label];
  if (typeof day.craving === "number") parts.push(`craving ${day.craving}/10`);
  if (typeof day.mood === "number") parts.push(`mood ${day.mood}/10`);
  const when = formatDay(day.day) + (day.day === today ? " (today)" : "");
  return `${when}: ${parts.join(", ")}`;
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

/**
 * The period's days by month, one cell per day. Colour, a letter and a text label each carry
 * the status, so the calendar reads without colour and with a screen reader.
 */
export function ProgressCalendar({
  days,
  today,
}: {
  days: ProgressDay[];
  today?: string;
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
                const label = dayLabel(day, today);
                return (
                  <li
                    key={day.day}
                    className={`cal-day cal-${day.status}${day.day === today ? " cal-today" : ""}`}
                    title={label}
                    aria-label={label}
                  >
                    <span aria-hidden="true">
                      {DAY_STATUS[day.status].symbol}
                    </span>
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
