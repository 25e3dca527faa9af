import { useCallback, useId, useRef, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import type {
  AttendanceEntry,
  GroupSession as Session,
  RosterEntry,
} from "../api/types";
import { useMe } from "../auth/AuthContext";
import { labelFor } from "../clinical";
import { ConfirmBox } from "../components/Confirm";
import { Dialog } from "../components/Dialog";
import {
  Field,
  FormAlert,
  Notice,
  focusFirstInvalid,
} from "../components/Field";
import { isClinical } from "../domain";
import { formatDateTime } from "../format";
import { useAsyncData, useMinuteClock, useTitle } from "../hooks";
import { formatTime } from "./calendar/calendarValues";
import {
  attended,
  SESSION_STATUSES,
  sectionLabel,
  sessionBadge,
  sessionValuesOf,
  sessionWhen,
} from "./groups/groupValues";
import { RosterRow } from "./groups/RosterRow";
import {
  draftOf,
  entryOf,
  minutesProblem,
  onlyNameWarnings,
  rosterErrors,
  rowChanged,
  rowErrorCount,
  type RosterErrors,
  type RowDraft,
  liveDraft,
} from "./groups/rosterValues";
import { SessionForm } from "./groups/SessionForm";

export const SESSION_STALE_MESSAGE =
  "Someone changed this session meanwhile; it has been reloaded with their changes. Your unsaved edits to what they changed were set aside (nothing of theirs is overwritten); your other edits are kept: check them and save again.";
export const NOT_READY_MESSAGE =
  "Some notes are not ready to sign: see the highlighted fields.";

/** One group session: the roster grid (attendance, the narrative, each member's part) and signing. */
export function GroupSession() {
  useTitle("Group session");
  const { id = "" } = useParams();
  const load = useCallback(
    (signal: AbortSignal) => api.getGroupSession(id, signal),
    [id],
  );
  const { data, error, reload, setData } = useAsyncData(load);

  if (error !== undefined && !data) {
    const notFound =
      error instanceof ApiError &&
      (error.status === 404 || error.status === 400);
    return (
      <div className="page page-medium">
        <Link to="/groups" className="back-link">
          ← All groups
        </Link>
        <FormAlert
          message={
            notFound
              ? "This session could not be found, or its group is not one you facilitate."
              : error instanceof Error
                ? error.message
                : "Could not load this session."
          }
        >
          {!notFound && (
            <button
              type="button"
              className="button button-secondary"
              onClick={reload}
            >
              Try again
            </button>
          )}
        </FormAlert>
      </div>
    );
  }
  if (!data || data.id !== id) {
    return (
      <div className="page page-medium">
        <p className="loading" role="status">
          Loading the session…
        </p>
      </div>
    );
  }
  return (
    <SessionPage
      key={data.id}
      session={data}
      onSession={setData}
      onReload={reload}
    />
  );
}

type Busy = null | "save" | "sign" | "cancel";

function SessionPage({
  session: s,
  onSession,
  onReload,
}: {
  session: Session;
  onSession: (session: Session) => void;
  onReload: () => void;
}) {
  const me = useMe();
  const clinical = isClinical(me.role);
  const timeZone = me.practice.time_zone;
  const now = useMinuteClock();
  const rosterId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  // The narrative as edited, with the session version the edit started from.
  const [narrativeEdit, setNarrativeEdit] = useState<{
    text: string;
    base: number;
  } | null>(null);
  const narrative =
    narrativeEdit && narrativeEdit.base === s.version
      ? narrativeEdit.text
      : null;
  const setNarrative = (text: string | null) =>
    setNarrativeEdit(text === null ? null : { text, base: s.version });
  const [drafts, setDrafts] = useState<Record<string, RowDraft>>({});
  const [errors, setErrors] = useState<RosterErrors | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [confirmingNames, setConfirmingNames] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [editing, setEditing] = useState(false);

  const draft = s.status === "draft";
  const started = Date.parse(s.starts_at) <= now;
  const sectionKeys = s.member_sections;
  const sharedLabel = sectionLabel(s.note_format, s.shared_section);
  const live = (entry: RosterEntry) =>
    liveDraft(drafts[entry.client_id], entry);
  const draftFor = (entry: RosterEntry): RowDraft =>
    live(entry) ?? draftOf(entry, sectionKeys);
  const changedRows = s.roster.filter((r) => {
    const d = live(r);
    return d !== undefined && rowChanged(d, r, sectionKeys, clinical);
  });
  const savedNarrative = s.shared_narrative ?? "";
  const narrativeText = narrative ?? savedNarrative;
  const narrativeChanged =
    clinical && narrative !== null && narrative !== savedNarrative;
  const dirty = narrativeChanged || changedRows.length > 0;
  const attendedCount = s.roster.filter((r) =>
    attended(draftFor(r).status),
  ).length;

  function clearMessages() {
    setErrors(null);
    setMessage(null);
    setNotice(null);
  }

  function showErrors(found: RosterErrors, text: string) {
    setErrors(found);
    setMessage(text);
    focusFirstInvalid(formRef.current);
  }

  /** Sends what changed (the narrative, then the changed rows); the session saved, or null. */
  async function saveChanges(): Promise<Session | null> {
    const local: RosterErrors = { rows: {}, rest: [] };
    for (const r of changedRows) {
      const problem = minutesProblem(drafts[r.client_id], s.duration_minutes);
      if (problem)
        local.rows[r.client_id] = {
          minutes: [problem],
          sections: {},
          other: [],
        };
    }
    if (Object.keys(local.rows).length > 0) {
      showErrors(local, "Please check the highlighted fields.");
      return null;
    }
    let current = s;
    let sent: AttendanceEntry[] = [];
    try {
      if (narrativeChanged) {
        current = await api.updateGroupSession(s.id, {
          version: current.version,
          shared_narrative: narrative,
        });
        onSession(current);
        setNarrative(null);
      }
      sent = changedRows
        .map((r) =>
          entryOf(
            drafts[r.client_id],
            r,
            sectionKeys,
            clinical,
            current.duration_minutes,
          ),
        )
        .filter((e): e is AttendanceEntry => e !== null);
      if (sent.length > 0) {
        current = await api.recordGroupAttendance(s.id, { entries: sent });
        onSession(current);
        setDrafts({});
      }
      return current;
    } catch (e) {
      const error = e instanceof ApiError ? e : null;
      if (error?.status === 409) {
        setMessage(SESSION_STALE_MESSAGE);
        onReload();
      } else if (error?.status === 422) {
        showErrors(
          rosterErrors(error.itemErrors, current.roster, sent),
          "Please check the highlighted fields.",
        );
      } else {
        setMessage(e instanceof Error ? e.message : "Could not save.");
      }
      return null;
    }
  }

  async function save(event?: FormEvent) {
    event?.preventDefault();
    clearMessages();
    setBusy("save");
    try {
      if (await saveChanges()) setNotice("Saved.");
    } finally {
      setBusy(null);
    }
  }

  async function sign(confirmNames = false) {
    clearMessages();
    setBusy("sign");
    try {
      const current = dirty ? await saveChanges() : s;
      if (!current) {
        setConfirmingNames(false);
        return;
      }
      try {
        const signed = await api.signGroupSession(s.id, {
          version: current.version,
          ...(confirmNames ? { confirm_names: true } : {}),
        });
        // The page's own "Signed by …" notice says so (role status: it is announced).
        onSession(signed);
        setConfirmingNames(false);
      } catch (e) {
        const error = e instanceof ApiError ? e : null;
        if (error?.status === 422) {
          if (!confirmNames && onlyNameWarnings(error.itemErrors, current)) {
            setConfirmingNames(true);
            return;
          }
          setConfirmingNames(false);
          showErrors(
            rosterErrors(error.itemErrors, current.roster),
            NOT_READY_MESSAGE,
          );
        } else if (error?.status === 409) {
          setConfirmingNames(false);
          setMessage(
            error.detail ??
              "This session was changed or signed meanwhile; it has been reloaded.",
          );
          onReload();
        } else {
          setConfirmingNames(false);
          setMessage(e instanceof Error ? e.message : "Could not sign.");
        }
      }
    } finally {
      setBusy(null);
    }
  }

  async function cancelSession() {
    clearMessages();
    setBusy("cancel");
    try {
      onSession(
        await api.updateGroupSession(s.id, {
          version: s.version,
          cancelled: true,
        }),
      );
      setCancelling(false);
      setNotice("The session is cancelled.");
    } catch (e) {
      setCancelling(false);
      const error = e instanceof ApiError ? e : null;
      setMessage(
        e instanceof Error ? e.message : "Could not cancel the session.",
      );
      if (error?.status === 409) onReload();
    } finally {
      setBusy(null);
    }
  }

  const invalidRows = errors
    ? Object.values(errors.rows).filter((r) => rowErrorCount(r) > 0).length
    : 0;
  const where = s.location ? ` · ${s.location}` : "";

  return (
    <div className="page page-medium group-session-page">
      <Link to={`/groups/${s.group_id}`} className="back-link">
        ← {s.group_name}
      </Link>
      <div className="page-header">
        <div>
          <h1>
            {s.group_name}
            <span className={sessionBadge(s.status)}>
              {labelFor(SESSION_STATUSES, s.status)}
            </span>
          </h1>
          <p className="page-subtitle">
            {sessionWhen(s, timeZone)}
            {where}
          </p>
          <p className="session-topic-line">
            {s.topic ? `Topic: ${s.topic}` : "No topic"}
          </p>
        </div>
        {draft && !editing && !cancelling && (
          <div className="header-actions">
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                clearMessages();
                setEditing(true);
              }}
            >
              Change time or topic
            </button>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                clearMessages();
                setCancelling(true);
              }}
            >
              Cancel session
            </button>
          </div>
        )}
      </div>

      {cancelling && (
        <ConfirmBox
          confirmLabel="Yes, cancel the session"
          busyLabel="Cancelling…"
          cancelLabel="Keep the session"
          busy={busy === "cancel"}
          onConfirm={cancelSession}
          onCancel={() => setCancelling(false)}
        >
          <p>Cancel this session?</p>
          <p className="confirm-detail">
            It did not take place: it is kept, locked, and no notes are written.
            Unsaved changes on this page are dropped.
          </p>
        </ConfirmBox>
      )}

      {editing && (
        <div>
          <SessionForm
            title="Time and topic"
            initial={sessionValuesOf(s, timeZone)}
            timeZone={timeZone}
            placeHint="Optional: a room or an address."
            submitLabel="Save time and topic"
            busyLabel="Saving…"
            onSubmit={async (body) => {
              try {
                onSession(
                  await api.updateGroupSession(s.id, {
                    ...body,
                    // An emptied field is cleared ("" is a change, null is none).
                    topic: body.topic ?? "",
                    location: body.location ?? "",
                    version: s.version,
                  }),
                );
                setEditing(false);
                setNotice("Time and topic saved.");
              } catch (e) {
                if (e instanceof ApiError && e.status === 409) {
                  setEditing(false);
                  setMessage(SESSION_STALE_MESSAGE);
                  onReload();
                  return;
                }
                throw e;
              }
            }}
            onCancel={() => setEditing(false)}
          />
        </div>
      )}

      {s.status === "signed" && (
        <Notice tone="success">
          <p className="notice-title">
            Signed by {s.signed_by_name ?? "a clinician"} on{" "}
            {formatDateTime(s.signed_at, timeZone)}.
          </p>
          <p>
            Each attending member's note is in their chart, signed and locked
            {clinical ? ": correct one with an addendum there." : "."}
          </p>
        </Notice>
      )}
      {s.status === "cancelled" && (
        <Notice>
          <p>This session was cancelled: it is kept, with no notes.</p>
        </Notice>
      )}
      {draft && !started && (
        <Notice>
          <p>
            Attendance can be recorded once the session starts (
            {formatTime(s.starts_at, timeZone)} on the day).
          </p>
        </Notice>
      )}
      {notice && <Notice tone="success">{notice}</Notice>}
      {(message || (errors && errors.rest.length > 0)) && (
        <FormAlert message={message}>
          {invalidRows > 0 && (
            <p>
              {invalidRows === 1
                ? "1 member's row needs attention."
                : `${invalidRows} members' rows need attention.`}
            </p>
          )}
          {errors && errors.rest.length > 0 && (
            <ul>
              {errors.rest.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
        </FormAlert>
      )}

      <form
        ref={formRef}
        className="stack-large"
        onSubmit={save}
        noValidate
        aria-label="Roster"
      >
        {clinical && (
          <section className="card card-padded stack narrative">
            {draft ? (
              <Field
                label={`${sharedLabel} — what the group did (goes into every present member's note; name no one)`}
                name="narrative"
                errors={errors?.narrative}
              >
                {(p) => (
                  <textarea
                    {...p}
                    rows={5}
                    value={narrativeText}
                    onChange={(e) => setNarrative(e.target.value)}
                  />
                )}
              </Field>
            ) : (
              <>
                <h2 className="subsection-title flush">
                  {sharedLabel} — what the group did
                </h2>
                <p className="narrative-text">
                  {savedNarrative || <span className="muted">Not written</span>}
                </p>
              </>
            )}
            {draft && s.name_warnings.length > 0 && (
              <div
                className="notice notice-warning name-warnings"
                role="status"
              >
                {s.name_warnings.map((w) => (
                  <p key={`${w.client_id}-${w.word}`} className="notice-title">
                    The narrative mentions “{w.word}”, a member's name.
                  </p>
                ))}
                <p>
                  It goes into every present member's note. Rewrite it, or sign
                  anyway if the word is not a name here.
                </p>
              </div>
            )}
          </section>
        )}

        <section className="stack" aria-labelledby={rosterId}>
          <div className="panel-header">
            <h2 id={rosterId} className="section-title flush">
              Roster
            </h2>
            <p className="roster-count">
              {s.roster.length} {s.roster.length === 1 ? "member" : "members"} ·{" "}
              {attendedCount} attended
            </p>
          </div>
          {draft && clinical && sectionKeys.length > 0 && (
            <p className="field-hint">
              For each member who attended: their participation (printed under
              the narrative) and their own{" "}
              {sectionKeys
                .map((k) => sectionLabel(s.note_format, k))
                .join(" and ")}
              .
            </p>
          )}
          {draft && !clinical && (
            <p className="field-hint">
              You record attendance; a clinician writes the notes and signs
              them.
            </p>
          )}
          {s.roster.length === 0 ? (
            <p className="empty-state">No members on the session's day.</p>
          ) : (
            <ol className="roster">
              {s.roster.map((entry) => (
                <RosterRow
                  key={entry.client_id}
                  entry={entry}
                  draft={draftFor(entry)}
                  format={s.note_format}
                  sectionKeys={sectionKeys}
                  sessionMinutes={s.duration_minutes}
                  clinical={clinical}
                  canRecord={draft && started}
                  canWrite={draft && clinical}
                  errors={errors?.rows[entry.client_id]}
                  onChange={(next) =>
                    setDrafts((d) => ({ ...d, [entry.client_id]: next }))
                  }
                />
              ))}
            </ol>
          )}
        </section>

        {draft && (
          <div className="roster-actions">
            <button
              type="submit"
              className="button button-secondary"
              disabled={busy !== null || !dirty}
            >
              {busy === "save" ? "Saving…" : "Save"}
            </button>
            {clinical && (
              <button
                type="button"
                className="button button-primary"
                disabled={busy !== null || !started}
                onClick={() => void sign()}
              >
                {busy === "sign" && !confirmingNames
                  ? "Signing…"
                  : "Sign all notes"}
              </button>
            )}
            <p className="roster-unsaved" role="status">
              {dirty ? "Unsaved changes" : ""}
            </p>
          </div>
        )}
      </form>

      {confirmingNames && (
        <Dialog
          title="Sign with a member's name in the narrative?"
          onClose={() => setConfirmingNames(false)}
        >
          <div className="stack">
            <p>
              The narrative mentions{" "}
              {s.name_warnings.map((w) => `“${w.word}”`).join(", ")}, the name
              of a member. It goes into every present member's note.
            </p>
            <p>
              Sign anyway only if the word is not a member's name here (such as
              “Hope”).
            </p>
            <div className="form-actions">
              <button
                type="button"
                className="button button-primary"
                disabled={busy !== null}
                onClick={() => void sign(true)}
              >
                {busy === "sign" ? "Signing…" : "Sign anyway"}
              </button>
              <button
                type="button"
                className="button button-quiet"
                disabled={busy !== null}
                onClick={() => setConfirmingNames(false)}
              >
                Go back and edit
              </button>
            </div>
          </div>
        </Dialog>
      )}
    </div>
  );
}
