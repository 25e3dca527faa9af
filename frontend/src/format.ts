/** Formats a calendar day (YYYY-MM-DD) without letting the viewer's time zone shift it. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return "";
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(
    Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12),
  );
  return new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  }).format(date);
}

/** Today's calendar day in the given IANA time zone, as YYYY-MM-DD. */
export function todayIn(
  timeZone: string | undefined,
  now: Date = new Date(),
): string {
  try {
    return new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

function dayNumber(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** "Today", "Yesterday", "3 days ago", or the date when further back. */
export function formatRecentDay(
  day: string | null | undefined,
  today: string,
): string {
  if (!day) return "";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^\d{4}-\d{2}-\d{2}$/.test(today)) {
    return formatDay(day);
  }
  const diff = dayNumber(today) - dayNumber(day);
  if (diff === 0) return "Today";
  if (diff === 1) return "Yesterday";
  if (diff > 1 && diff < 7) return `${diff} days ago`;
  return formatDay(day);
}

/** "1 screen", "3 screens". */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatDays(n: number): string {
  return `${n} ${n === 1 ? "day" : "days"}`;
}

export function displayName(c: {
  first_name: string;
  last_name: string;
  preferred_name?: string | null;
}): string {
  const full = `${c.first_name} ${c.last_name}`.trim();
  return c.preferred_name ? `${full} (${c.preferred_name})` : full;
}

/** The browser's own IANA zone, e.g. "America/Chicago". */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** Every IANA zone the browser knows (with "UTC"), or null where it cannot list them. */
export function supportedTimeZones(): string[] | null {
  const intl = Intl as typeof Intl & {
    supportedValuesOf?: (key: string) => string[];
  };
  try {
    const zones = intl.supportedValuesOf?.("timeZone");
    if (zones && zones.length > 0)
      return zones.includes("UTC") ? zones : ["UTC", ...zones];
  } catch {
    // The caller falls back.
  }
  return null;
}

export function allTimeZones(): string[] {
  const zones = supportedTimeZones();
  if (zones) return zones;
  return [
    "UTC",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
  ];
}

/** The calendar day `n` days after `day` (negative goes back), as YYYY-MM-DD. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday, for a YYYY-MM-DD day. */
export function weekdayIndex(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** "March 2026" for a YYYY-MM-DD day. */
export function formatMonth(day: string): string {
  const [y, m] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, 15)));
}

/** A timestamp as date and time in the practice's time zone. */
export function formatDateTime(
  iso: string | null | undefined,
  timeZone?: string,
): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(undefined, {
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZone,
    }).format(date);
  } catch {
    return date.toLocaleString();
  }
}

/** Server field messages ("is not your current password") read as sentences under their field. */
export function asSentences(
  messages: string[] | undefined,
  subject: string,
): string[] | undefined {
  return messages?.map((m) => {
    const text = /^[a-z]/.test(m) ? `${subject} ${m}` : m;
    return /[.!?]$/.test(text) ? text : `${text}.`;
  });
}

/** A base32 secret in groups of 4, easier to type into an authenticator app by hand. */
export function groupsOfFour(secret: string): string {
  return (secret.replace(/\s+/g, "").match(/.{1,4}/g) ?? []).join(" ");
}
