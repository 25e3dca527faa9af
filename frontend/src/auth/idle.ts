import { useCallback, useEffect, useRef, useState } from "react";

/** A warning after 14 minutes without activity, and sign-out at 15 (clients' privacy). */
export const IDLE_WARNING_MS = 14 * 60_000;
export const IDLE_SIGN_OUT_MS = 15 * 60_000;

/** The last activity in any tab of this origin, so a busy tab keeps the others signed in. */
export const LAST_ACTIVITY_KEY = "daybreak.last_activity";
/** Writing on every mouse move would flood the other tabs with storage events. */
const SHARE_EVERY_MS = 5_000;
const CHECK_EVERY_MS = 1_000;
const ACTIVITY_EVENTS = [
  "pointerdown",
  "pointermove",
  "keydown",
  "touchstart",
  "wheel",
  "scroll",
] as const;

export interface IdleOptions {
  warnAfterMs?: number;
  signOutAfterMs?: number;
  onTimeout: () => void;
  /**
   * Called on this tab's own activity, the same that restarts the count (not on activity
   * reported by other tabs, and not while the warning shows, where only its button counts).
   */
  onActivity?: () => void;
}

/**
 * True when the last activity any tab recorded is at least `signOutAfterMs` old: a dashboard
 * reopened after that long must not resume the session it left behind. No record: false.
 */
export function idleSinceLastVisit(
  signOutAfterMs = IDLE_SIGN_OUT_MS,
  now = Date.now(),
): boolean {
  let stored: string | null;
  try {
    stored = localStorage.getItem(LAST_ACTIVITY_KEY);
  } catch {
    return false;
  }
  if (!stored) return false;
  const at = Number(stored);
  return Number.isFinite(at) && at > 0 && now - at >= signOutAfterMs;
}

/**
 * Watches for pointer, key, touch and scroll activity here and in the other tabs.
 * `secondsLeft` is set while the warning should show; `stay()` answers it.
 * Time is read from the clock on every check, so a laptop waking from sleep signs out at once.
 */
export function useIdleTimeout({
  warnAfterMs = IDLE_WARNING_MS,
  signOutAfterMs = IDLE_SIGN_OUT_MS,
  onTimeout,
  onActivity,
}: IdleOptions) {
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const lastActivity = useRef(0);
  const lastShared = useRef(0);
  const warning = useRef(false);
  const timeoutRef = useRef(onTimeout);
  const activityRef = useRef(onActivity);
  useEffect(() => {
    timeoutRef.current = onTimeout;
    activityRef.current = onActivity;
  }, [onTimeout, onActivity]);

  const pendingShare = useRef<ReturnType<typeof setTimeout> | null>(null);

  const share = useCallback(() => {
    if (pendingShare.current !== null) clearTimeout(pendingShare.current);
    pendingShare.current = null;
    lastShared.current = Date.now();
    try {
      localStorage.setItem(LAST_ACTIVITY_KEY, String(lastActivity.current));
    } catch {
      // Other tabs then keep their own count.
    }
  }, []);

  const markActive = useCallback(
    (when: "now" | "throttled") => {
      lastActivity.current = Date.now();
      const wait = lastShared.current + SHARE_EVERY_MS - lastActivity.current;
      if (when === "now" || wait <= 0) share();
      // The last move of a burst still reaches the other tabs.
      else if (pendingShare.current === null)
        pendingShare.current = setTimeout(share, wait);
      activityRef.current?.();
    },
    [share],
  );

  useEffect(() => {
    markActive("now");
    let done = false;
    const check = () => {
      if (done) return;
      const idle = Date.now() - lastActivity.current;
      if (idle >= signOutAfterMs) {
        done = true;
        warning.current = false;
        setSecondsLeft(null);
        timeoutRef.current();
      } else if (idle >= warnAfterMs) {
        warning.current = true;
        setSecondsLeft(Math.ceil((signOutAfterMs - idle) / 1000));
      } else if (warning.current) {
        // "Stay signed in" in another tab.
        warning.current = false;
        setSecondsLeft(null);
      }
    };
    // While the warning shows, only its button counts: a nudged mouse is not an answer.
    const onActivity = () => {
      // Waking from sleep, the time away counts before the first key or move does.
      check();
      if (!done && !warning.current) markActive("throttled");
    };
    const onStorage = (event: StorageEvent) => {
      if (event.key !== LAST_ACTIVITY_KEY || !event.newValue) return;
      const at = Number(event.newValue);
      if (Number.isFinite(at) && at > lastActivity.current) {
        lastActivity.current = at;
        check();
      }
    };
    const options = { capture: true, passive: true };
    for (const name of ACTIVITY_EVENTS)
      window.addEventListener(name, onActivity, options);
    window.addEventListener("storage", onStorage);
    document.addEventListener("visibilitychange", check);
    const timer = setInterval(check, CHECK_EVERY_MS);
    return () => {
      done = true;
      clearInterval(timer);
      if (pendingShare.current !== null) clearTimeout(pendingShare.current);
      pendingShare.current = null;
      for (const name of ACTIVITY_EVENTS)
        window.removeEventListener(name, onActivity, options);
      window.removeEventListener("storage", onStorage);
      document.removeEventListener("visibilitychange", check);
    };
  }, [warnAfterMs, signOutAfterMs, markActive]);

  const stay = useCallback(() => {
    warning.current = false;
    setSecondsLeft(null);
    markActive("now");
  }, [markActive]);

  return { secondsLeft, stay };
}
