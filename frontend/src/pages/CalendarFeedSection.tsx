import { useEffect, useId, useRef, useState } from "react";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import type { NewCalendarFeed } from "../api/types";
import { useMe } from "../auth/AuthContext";
import { copyText } from "../clipboard";
import { ConfirmBox } from "../components/Confirm";
import { Field, FormAlert, Notice } from "../components/Field";
import { formatDay, todayIn } from "../format";
import { useAsyncData } from "../hooks";

function asError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError({ status: 0 });
}

/**
 * "Calendar feed" on the account page (clinical roles): a secret URL a calendar app subscribes
 * to, showing the member's appointments with the client's initials only. The URL is shown once,
 * right after it is made; a new one replaces it, and it can be stopped.
 */
export function CalendarFeedSection() {
  const me = useMe();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const stopRef = useRef<HTMLButtonElement>(null);
  const { data, error, reload, setData } = useAsyncData(api.getCalendarFeed);
  const [issued, setIssued] = useState<NewCalendarFeed | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<"create" | "stop" | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function create() {
    setFailure(null);
    setNotice(null);
    setBusy("create");
    try {
      const feed = await api.createCalendarFeed();
      setData({ active: true, created_at: feed.created_at });
      setIssued(feed);
    } catch (e) {
      setFailure(asError(e).message);
    } finally {
      setBusy(null);
    }
  }

  async function stop() {
    setFailure(null);
    setBusy("stop");
    try {
      await api.stopCalendarFeed();
      setData({ active: false, created_at: null });
      setNotice(
        "The calendar link is stopped. Your calendar app no longer gets your appointments.",
      );
      requestAnimationFrame(() => headingRef.current?.focus());
    } catch (e) {
      setFailure(asError(e).message);
    } finally {
      setConfirming(false);
      setBusy(null);
    }
  }

  const since = data?.created_at
    ? formatDay(todayIn(me.practice.time_zone, new Date(data.created_at)))
    : null;

  return (
    <section className="card card-padded" aria-labelledby={`${id}-title`}>
      <h2
        id={`${id}-title`}
        ref={headingRef}
        tabIndex={-1}
        className="section-title"
      >
        Calendar feed
      </h2>
      <p className="section-text">
        Subscribe your calendar app (Google Calendar, Apple Calendar, Outlook)
        to your appointments. Events show the client's initials only, never a
        name or the kind of care.
      </p>

      <div className="stack">
        {notice && <Notice tone="success">{notice}</Notice>}
        <FormAlert message={failure} />

        {!data ? (
          error !== undefined ? (
            <FormAlert message={asError(error).message}>
              <button
                type="button"
                className="button button-secondary"
                onClick={reload}
              >
                Try again
              </button>
            </FormAlert>
          ) : (
            <p className="muted">Loading…</p>
          )
        ) : issued ? (
          <NewFeed feed={issued} onDone={() => setIssued(null)} />
        ) : data.active ? (
          <>
            <p className="section-text flush">
              {since
                ? `A calendar link is active since ${since}.`
                : "A calendar link is active."}
            </p>
            {confirming ? (
              <ConfirmBox
                confirmLabel="Yes, stop the link"
                busyLabel="Stopping…"
                busy={busy === "stop"}
                onConfirm={stop}
                onCancel={() => {
                  setConfirming(false);
                  requestAnimationFrame(() => stopRef.current?.focus());
                }}
              >
                Stop the calendar link?
                <p className="confirm-detail">
                  Your calendar app stops getting your appointments. You can
                  create a new link later.
                </p>
              </ConfirmBox>
            ) : (
              <>
                <p id={`${id}-replace`} className="section-text flush">
                  Replacing the link gives you a new one: the link your calendar
                  app uses now stops working.
                </p>
                <div className="form-actions">
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-describedby={`${id}-replace`}
                    onClick={create}
                    disabled={busy !== null}
                  >
                    {busy === "create" ? "Replacing…" : "Replace the link"}
                  </button>
                  <button
                    ref={stopRef}
                    type="button"
                    className="button button-secondary"
                    onClick={() => {
                      setNotice(null);
                      setFailure(null);
                      setConfirming(true);
                    }}
                    disabled={busy !== null}
                  >
                    Stop the link
                  </button>
                </div>
              </>
            )}
          </>
        ) : (
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              onClick={create}
              disabled={busy !== null}
            >
              {busy === "create" ? "Creating…" : "Create a calendar link"}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}

/** The new feed URL, shown once: a read-only field, Copy link and Done. */
function NewFeed({
  feed,
  onDone,
}: {
  feed: NewCalendarFeed;
  onDone: () => void;
}) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const fieldRef = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  async function copy() {
    const ok = await copyText(feed.url, fieldRef.current);
    setStatus(
      ok
        ? "Copied."
        : "Could not copy: the link is selected, copy it with your keyboard.",
    );
  }

  return (
    <div className="new-link" role="group" aria-labelledby={`${id}-title`}>
      <h3
        id={`${id}-title`}
        ref={headingRef}
        tabIndex={-1}
        className="subsection-title"
      >
        New calendar link
      </h3>
      <p className="section-text flush">
        In your calendar app, add a calendar from a URL (subscribe) and paste
        this link.
      </p>
      <Field
        label="Your calendar link"
        name="calendar-feed-url"
        hint="Keep it private: anyone with this link sees your schedule with initials. It is shown only now."
      >
        {(props) => (
          <input
            {...props}
            ref={fieldRef}
            type="text"
            readOnly
            value={feed.url}
            onFocus={(e) => e.currentTarget.select()}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={copy}>
          Copy link
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={onDone}
        >
          Done
        </button>
      </div>
      <p role="status" className="copy-status">
        {status}
      </p>
    </div>
  );
}
