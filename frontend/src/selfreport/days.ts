/** Calendar days as `YYYY-MM-DD` and the words the check-in uses for them. */

function dayNumber(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function longDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(undefined, {
    weekday: "long",
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** "today", "yesterday" or "on Monday, Nov 24", to finish a question. */
export function whenText(day: string, today: string): string {
  const diff = dayNumber(today) - dayNumber(day);
  if (diff === 0) return "today";
  if (diff === 1) return "yesterday";
  return `on ${longDay(day)}`;
}

export function dayOptionLabel(day: string, today: string): string {
  const when = whenText(day, today);
  return when.startsWith("on ")
    ? longDay(day)
    : when[0].toUpperCase() + when.slice(1);
}

/** "Tuesday, Dec 8 at 9:00 AM" for an instant, in the practice's time zone. */
export function appointmentTime(startsAt: string, timeZone: string): string {
  const at = new Date(startsAt);
  const options = (o: Intl.DateTimeFormatOptions) => {
    try {
      return new Intl.DateTimeFormat(undefined, { ...o, timeZone }).format(at);
    } catch {
      return new Intl.DateTimeFormat(undefined, o).format(at);
    }
  };
  const day = options({ weekday: "long", month: "short", day: "numeric" });
  const time = options({ hour: "numeric", minute: "2-digit" });
  return `${day} at ${time}`;
}
