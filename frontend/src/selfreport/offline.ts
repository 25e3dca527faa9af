/**
 * What this phone keeps for the hour with no connection: the client's last view (their plan,
 * crisis help and last figures) and check-ins made offline, queued to send when the connection
 * returns. Kept per link in localStorage; forgotten when the server says the link is gone.
 */

import type { CheckInAnswers, SelfReportView } from "./api";

const PREFIX = "daybreak-r:";

interface Saved {
  view: SelfReportView;
  /** When the server answered it (ISO 8601). */
  savedAt: string;
}

/** A check-in waiting for the connection; `day` is always set (the practice's day it was made). */
export type QueuedCheckIn = CheckInAnswers & { day: string };

function store(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function read<T>(key: string): T | null {
  try {
    const text = store()?.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    store()?.setItem(key, JSON.stringify(value));
  } catch {
    // Full or refused storage: the page still works online.
  }
}

const viewKey = (token: string) => `${PREFIX}${token}:view`;
const queueKey = (token: string) => `${PREFIX}${token}:queue`;

export function saveView(
  token: string,
  view: SelfReportView,
  now = new Date(),
): void {
  write(viewKey(token), { view, savedAt: now.toISOString() } satisfies Saved);
}

export function savedView(token: string): Saved | null {
  const saved = read<Saved>(viewKey(token));
  return saved && saved.view && !saved.view.claim_required ? saved : null;
}

/** The link is revoked or expired: nothing of it stays on the phone. */
export function forget(token: string): void {
  try {
    store()?.removeItem(viewKey(token));
    store()?.removeItem(queueKey(token));
  } catch {
    // Nothing to remove.
  }
}

export function queued(token: string): QueuedCheckIn[] {
  return read<QueuedCheckIn[]>(queueKey(token)) ?? [];
}

/** Keeps a check-in to send later; a later one for the same day replaces it (as online). */
export function queueCheckIn(token: string, answers: QueuedCheckIn): void {
  const rest = queued(token).filter((q) => q.day !== answers.day);
  write(queueKey(token), [...rest, answers]);
}

function setQueue(token: string, items: QueuedCheckIn[]): void {
  if (items.length === 0) store()?.removeItem(queueKey(token));
  else write(queueKey(token), items);
}

export type FlushResult =
  | {
      kind: "sent";
      count: number;
      refused: number;
      view: SelfReportView | null;
    }
  | {
      kind: "offline";
      count: number;
      refused: number;
      view: SelfReportView | null;
    }
  | { kind: "gone" };

/**
 * Sends the queued check-ins in order. A check-in the server answered stays sent; one it
 * refused as invalid (too old, say) is dropped, since resending cannot change the answer;
 * no connection stops and keeps the rest. A link that is gone (404) forgets everything.
 */
export async function flush(
  token: string,
  send: (answers: QueuedCheckIn) => Promise<SelfReportView>,
  isNoConnection: (error: unknown) => boolean,
  isGone: (error: unknown) => boolean,
): Promise<FlushResult> {
  let items = queued(token);
  let count = 0;
  let refused = 0;
  let view: SelfReportView | null = null;
  while (items.length > 0) {
    try {
      view = await send(items[0]);
      count += 1;
    } catch (error) {
      if (isGone(error)) {
        forget(token);
        return { kind: "gone" };
      }
      if (isNoConnection(error))
        return { kind: "offline", count, refused, view };
      refused += 1;
    }
    items = items.slice(1);
    setQueue(token, items);
  }
  return { kind: "sent", count, refused, view };
}

function parts(
  zone: string,
  now: Date,
  options: Intl.DateTimeFormatOptions,
): Record<string, string> {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", { ...options, timeZone: zone });
  } catch {
    format = new Intl.DateTimeFormat("en-US", options);
  }
  return Object.fromEntries(
    format.formatToParts(now).map((p) => [p.type, p.value]),
  );
}

/** Today in the practice's time zone, as the server names it (`YYYY-MM-DD`). */
export function practiceToday(zone: string, now = new Date()): string {
  const p = parts(zone, now, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return `${p.year}-${p.month}-${p.day}`;
}

/** The weekday (0 = Monday) and minutes since midnight now in the practice's time zone. */
export function practiceClock(
  zone: string,
  now = new Date(),
): { weekday: number; minutes: number } {
  const p = parts(zone, now, {
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const days = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
  ];
  return {
    weekday: Math.max(0, days.indexOf(p.weekday)),
    minutes: Number(p.hour) * 60 + Number(p.minute),
  };
}
