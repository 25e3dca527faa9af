import { useCallback, useEffect, useState } from "react";

interface Result<T> {
  load: unknown;
  nonce: number;
  data?: T;
  error?: unknown;
}

/**
 * Runs `load` whenever it changes (wrap it in useCallback) and on reload().
 * While a new load runs, the previous data stays visible: lists do not flash.
 */
export function useAsyncData<T>(load: (signal: AbortSignal) => Promise<T>) {
  const [nonce, setNonce] = useState(0);
  const [result, setResult] = useState<Result<T> | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ load, nonce, data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setResult((previous) => ({
            load,
            nonce,
            data: previous?.data,
            error,
          }));
        }
      },
    );
    return () => controller.abort();
  }, [load, nonce]);

  const current =
    result !== null && result.load === load && result.nonce === nonce;
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const setData = useCallback(
    (data: T) =>
      setResult((previous) => ({
        load,
        nonce,
        ...previous,
        data,
        error: undefined,
      })),
    [load, nonce],
  );

  return {
    data: result?.data,
    error: current ? result.error : undefined,
    loading: !current,
    reload,
    setData,
  };
}

/** What has started is judged against this clock, looked at again every minute. */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The value, once it has stopped changing for `delayMs`. */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** Sets the tab title; never put a client's name here (it shows on screen shares and history). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Daybreak` : "Daybreak";
  }, [title]);
}
