import { useCallback, useEffect, useId, useRef, useState } from "react";
import { apiClient, ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Note, NoteInput } from "../../api/types";
import { useMe } from "../../auth/AuthContext";
import {
  NOTE_FORMATS,
  RISK_FLAGS,
  SERVICE_TYPES,
  noteFormat,
  sectionsFor,
} from "../../clinical";
import { CheckboxGroup } from "../../components/Choices";
import { ConfirmBox } from "../../components/Confirm";
import { Field, FormAlert } from "../../components/Field";
import {
  NEW_NOTE_SLOT,
  noteDraftsKey,
  readNoteDrafts,
  removeNoteDrafts,
  writeNoteDraft,
  type NoteDraftValues,
  type StoredNoteDraft,
} from "../../noteDrafts";

export const AUTOSAVE_DELAY_MS = 1500;

/** The editor's fields as typed. Sections keep every format's text while the editor is open. */
export type DraftValues = NoteDraftValues;

export function emptyDraft(today: string): DraftValues {
  return {
    format: "soap",
    session_on: today,
    duration_minutes: "50",
    service_type: "",
    sections: {},
    risk_flags: [],
    is_psychotherapy_note: false,
  };
}

export function draftFromNote(note: Note): DraftValues {
  return {
    format: note.format,
    session_on: note.session_on,
    duration_minutes: String(note.duration_minutes),
    service_type: note.service_type ?? "",
    sections: { ...note.sections },
    risk_flags: [...note.risk_flags],
    is_psychotherapy_note: note.is_psychotherapy_note,
  };
}

/** The request body: only the sections of the chosen format. */
export function draftInput(values: DraftValues): NoteInput {
  const sections: Record<string, string> = {};
  for (const s of sectionsFor(values.format))
    sections[s.key] = values.sections[s.key] ?? "";
  return {
    session_on: values.session_on,
    duration_minutes: Number(values.duration_minutes),
    service_type: values.service_type.trim() || null,
    format: values.format,
    sections,
    risk_flags: values.risk_flags,
    is_psychotherapy_note: values.is_psychotherapy_note,
  };
}

const keyOf = (values: DraftValues) => JSON.stringify(draftInput(values));

function validateDraft(values: DraftValues): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.session_on))
    errors.session_on = ["Enter the session date."];
  const minutes = Number(values.duration_minutes);
  if (
    !values.duration_minutes.trim() ||
    !Number.isInteger(minutes) ||
    minutes < 1 ||
    minutes > 600
  )
    errors.duration_minutes = ["Enter the duration in minutes, 1 to 600."];
  return errors;
}

function missingSections(values: DraftValues): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const s of sectionsFor(values.format)) {
    if (!(values.sections[s.key] ?? "").trim())
      errors[`sections.${s.key}`] = [`Fill in ${s.label} before signing.`];
  }
  return errors;
}

type Phase = "idle" | "saving" | "saved" | "error" | "conflict";

/** Unsaved text this tab kept from an editor that closed without saving it. */
interface DraftOffer {
  slot: string;
  draft: StoredNoteDraft;
}

/**
 * The kept text for this editor when it opens: the opened note's own, or for a new note the
 * never-saved one first, then the latest kept for any draft of this client.
 */
function findKept(
  drafts: Record<string, StoredNoteDraft>,
  initial: Note | undefined,
): DraftOffer | null {
  let found: DraftOffer | null = null;
  if (initial) {
    if (drafts[initial.id])
      found = { slot: initial.id, draft: drafts[initial.id] };
  } else if (drafts[NEW_NOTE_SLOT]) {
    found = { slot: NEW_NOTE_SLOT, draft: drafts[NEW_NOTE_SLOT] };
  } else {
    for (const [slot, draft] of Object.entries(drafts)) {
      if (!found || draft.saved_at > found.draft.saved_at)
        found = { slot, draft };
    }
  }
  return found;
}

const KNOWN_FIELDS = new Set([
  "session_on",
  "duration_minutes",
  "service_type",
  "format",
  "risk_flags",
  "is_psychotherapy_note",
]);

/**
 * Writes and edits a draft note. Changes save on their own once typing stops (POST the first
 * time, then PATCH with the version). A stale version (409) stops autosaving: nothing is
 * overwritten, and the text stays in the form until the user loads the latest version.
 */
export function NoteEditor({
  clientId,
  today,
  initial,
  onClose,
  onSigned,
  autosaveDelayMs = AUTOSAVE_DELAY_MS,
}: {
  clientId: string;
  today: string;
  initial?: Note;
  onClose: (note: Note | null) => void;
  onSigned: (note: Note) => void;
  autosaveDelayMs?: number;
}) {
  const headingId = useId();
  const me = useMe();
  const draftsKey = noteDraftsKey(me.id, clientId);
  const [startValues] = useState(() =>
    initial ? draftFromNote(initial) : emptyDraft(today),
  );
  const [kept] = useState(() => findKept(readNoteDrafts(draftsKey), initial));
  // Text the server already has is not offered (and no longer kept).
  const keptIsSaved = !!kept && keyOf(kept.draft.values) === keyOf(startValues);
  const [offer, setOffer] = useState<DraftOffer | null>(
    keptIsSaved ? null : kept,
  );
  const [opening, setOpening] = useState(false);
  // The kept-draft slots this editor wrote or took over: cleared once the text is saved.
  const ownSlots = useRef<Set<string>>(
    new Set(kept && keptIsSaved ? [kept.slot] : []),
  );
  const [values, setValues] = useState<DraftValues>(startValues);
  const [note, setNote] = useState<Note | null>(initial ?? null);
  const [savedKey, setSavedKey] = useState(() => keyOf(startValues));
  const [phase, setPhase] = useState<Phase>("idle");
  const [failedKey, setFailedKey] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [confirmSign, setConfirmSign] = useState(false);
  const [signing, setSigning] = useState(false);

  // The saved copy as the next request must see it, even from a timer or after an await.
  const noteRef = useRef<Note | null>(initial ?? null);
  const savedKeyRef = useRef(savedKey);
  const inFlight = useRef<Promise<Note | null> | null>(null);

  const currentKey = keyOf(values);
  const dirty = currentKey !== savedKey;

  const save = useCallback(
    async (v: DraftValues): Promise<Note | null> => {
      while (inFlight.current) await inFlight.current;
      const key = keyOf(v);
      if (key === savedKeyRef.current && noteRef.current)
        return noteRef.current;
      const local = validateDraft(v);
      if (Object.keys(local).length > 0) {
        setFieldErrors(local);
        setFailedKey(key);
        setPhase("error");
        setMessage("Not saved: please check the highlighted fields.");
        return null;
      }
      const run = (async () => {
        setPhase("saving");
        try {
          const input = draftInput(v);
          const current = noteRef.current;
          const saved = current
            ? await api.updateNote(current.id, {
                ...input,
                version: current.version,
              })
            : await api.createNote(clientId, input);
          noteRef.current = saved;
          savedKeyRef.current = key;
          // Saved, even if the editor has closed meanwhile: the kept copy is not needed.
          const kept = readNoteDrafts(draftsKey);
          removeNoteDrafts(
            draftsKey,
            [...ownSlots.current].filter(
              (slot) => kept[slot] && keyOf(kept[slot].values) === key,
            ),
          );
          setNote(saved);
          setSavedKey(key);
          setFieldErrors({});
          setMessage(null);
          setFailedKey(null);
          setPhase("saved");
          return saved;
        } catch (e) {
          const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
          setFailedKey(key);
          if (error.status === 409) {
            setPhase("conflict");
            setMessage(
              "This draft was changed somewhere else (another tab or device) or has been signed, so your latest changes were not saved. Nothing was overwritten: your text is still below. Copy anything you want to keep, then load the latest version.",
            );
          } else {
            setPhase("error");
            setFieldErrors(error.fieldErrors);
            setMessage(
              error.hasFieldErrors
                ? "Not saved: please check the highlighted fields."
                : `Not saved: ${error.message}`,
            );
          }
          return null;
        } finally {
          inFlight.current = null;
        }
      })();
      inFlight.current = run;
      return run;
    },
    [clientId, draftsKey],
  );

  useEffect(() => {
    if (!dirty || phase === "saving" || phase === "conflict") return;
    if (currentKey === failedKey) return;
    const timer = setTimeout(() => void save(values), autosaveDelayMs);
    return () => clearTimeout(timer);
  }, [dirty, phase, currentKey, failedKey, save, values, autosaveDelayMs]);

  // Unsaved text is kept in this tab as it is typed, so that a forced sign-out (idle timeout,
  // refused refresh) that takes the form away does not lose it; saved text is not kept.
  const slot = note?.id ?? NEW_NOTE_SLOT;
  useEffect(() => {
    if (offer) return; // The earlier text waits for an answer.
    const own = ownSlots.current;
    if (dirty) {
      writeNoteDraft(draftsKey, slot, {
        note_id: note?.id ?? null,
        values,
        saved_at: Date.now(),
      });
      // A new note that the server has now created moves from the "new" slot to its own.
      removeNoteDrafts(
        draftsKey,
        [...own].filter((s) => s !== slot),
      );
      ownSlots.current = new Set([slot]);
    } else if (own.size > 0) {
      removeNoteDrafts(draftsKey, own);
      ownSlots.current = new Set();
    }
  }, [offer, dirty, values, note, slot, draftsKey]);

  // Leaving the page with unsaved text: let the browser ask first.
  const unsaved = dirty || phase === "saving";
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);

  // Navigating away inside the app: save what is left, without waiting.
  const latest = useRef({ values, dirty, phase });
  useEffect(() => {
    latest.current = { values, dirty, phase };
  });
  useEffect(
    () => () => {
      const l = latest.current;
      // Signed out (the session ended): nothing to save with; the kept copy stays.
      if (l.dirty && l.phase !== "conflict" && apiClient.hasSession())
        void save(l.values);
    },
    [save],
  );

  const set = <K extends keyof DraftValues>(key: K, value: DraftValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const setSection = (key: string, text: string) =>
    setValues((v) => ({ ...v, sections: { ...v.sections, [key]: text } }));

  async function close() {
    if (phase === "conflict") {
      onClose(noteRef.current);
      return;
    }
    const saved = dirty ? await save(values) : noteRef.current;
    if (dirty && !saved) return;
    onClose(saved);
  }

  async function restore() {
    if (!offer) return;
    const { slot: offered, draft } = offer;
    if (draft.note_id && draft.note_id !== noteRef.current?.id) {
      // The text belongs to a saved draft this form did not open: carry on with that note.
      setOpening(true);
      try {
        const fresh = await api.getNote(draft.note_id);
        if (fresh.status === "draft") {
          const freshKey = keyOf(draftFromNote(fresh));
          noteRef.current = fresh;
          savedKeyRef.current = freshKey;
          setNote(fresh);
          setSavedKey(freshKey);
        }
        // Signed since: the text goes into a new note instead.
      } catch (e) {
        const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
        if (error.status !== 404) {
          setOpening(false);
          setMessage(`The earlier note could not be opened: ${error.message}`);
          return;
        }
        // Deleted since: the text goes into a new note instead.
      }
      setOpening(false);
    }
    ownSlots.current.add(offered);
    setMessage(null);
    setValues(draft.values);
    setOffer(null);
  }

  function discard() {
    if (!offer) return;
    removeNoteDrafts(draftsKey, [offer.slot]);
    setMessage(null);
    setOffer(null);
  }

  async function loadLatest() {
    const current = noteRef.current;
    if (!current) return;
    try {
      const fresh = await api.getNote(current.id);
      if (fresh.status === "signed") {
        onSigned(fresh);
        return;
      }
      const v = draftFromNote(fresh);
      noteRef.current = fresh;
      savedKeyRef.current = keyOf(v);
      setNote(fresh);
      setValues(v);
      setSavedKey(keyOf(v));
      setFailedKey(null);
      setFieldErrors({});
      setMessage(null);
      setPhase("saved");
    } catch (e) {
      setMessage(
        e instanceof Error ? e.message : "Could not load the latest version.",
      );
    }
  }

  async function requestSign() {
    setConfirmSign(false);
    const missing = missingSections(values);
    if (Object.keys(missing).length > 0) {
      setFieldErrors(missing);
      setMessage("Every section must be filled in before the note is signed.");
      return;
    }
    const saved =
      dirty || !noteRef.current ? await save(values) : noteRef.current;
    if (saved) setConfirmSign(true);
  }

  async function sign() {
    const current = noteRef.current;
    if (!current) return;
    setSigning(true);
    try {
      const signed = await api.signNote(current.id, current.version);
      onSigned(signed);
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
      setConfirmSign(false);
      setSigning(false);
      setFieldErrors(error.fieldErrors);
      setMessage(
        error.status === 409
          ? "This note was changed elsewhere or is already signed. Load the latest version."
          : error.hasFieldErrors
            ? "The note could not be signed: please check the highlighted fields."
            : error.message,
      );
      if (error.status === 409) setPhase("conflict");
    }
  }

  const format = noteFormat(values.format);
  const sections = format.sections;
  const hiddenWithText = NOTE_FORMATS.flatMap((f) => f.sections)
    .filter(
      (s, i, all) =>
        all.findIndex((o) => o.key === s.key) === i &&
        !sections.some((own) => own.key === s.key) &&
        (values.sections[s.key] ?? "").trim(),
    )
    .map((s) => s.label);
  const otherErrors = Object.entries(fieldErrors).filter(
    ([field]) =>
      !KNOWN_FIELDS.has(field) &&
      !sections.some((s) => `sections.${s.key}` === field),
  );

  let status: string;
  if (phase === "saving") status = "Saving…";
  else if (phase === "conflict") status = "Not saved: changed elsewhere";
  else if (phase === "error" && currentKey === failedKey) status = "Not saved";
  else if (dirty) status = "Unsaved changes";
  else if (note) status = "Saved";
  else status = "Saves automatically as you type";

  return (
    <section
      className="card card-padded note-editor"
      aria-labelledby={headingId}
    >
      <div className="panel-header">
        <h3 id={headingId} className="subsection-title">
          {note ? "Draft note" : "New note"}
        </h3>
        <p
          role="status"
          className={`autosave autosave-${phase === "conflict" || (phase === "error" && currentKey === failedKey) ? "problem" : phase}`}
        >
          {status}
        </p>
      </div>

      {(message || otherErrors.length > 0) && (
        <FormAlert message={message}>
          {otherErrors.length > 0 && (
            <ul>
              {otherErrors.map(([field, msgs]) => (
                <li key={field}>
                  {field.replace(/^sections\./, "").replace(/_/g, " ")}:{" "}
                  {msgs.join(" ")}
                </li>
              ))}
            </ul>
          )}
          {phase === "conflict" && note && (
            <button
              type="button"
              className="button button-secondary"
              onClick={loadLatest}
            >
              Load the latest version (replaces the text below)
            </button>
          )}
          {phase === "error" && currentKey === failedKey && (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void save(values)}
            >
              Try saving again
            </button>
          )}
        </FormAlert>
      )}

      {offer ? (
        <div className="notice notice-warning stack draft-offer">
          <p className="notice-title">You have an unsaved note from earlier.</p>
          <p>
            Restore puts its text back in this form to save as usual; Discard
            deletes it.
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              onClick={() => void restore()}
              disabled={opening}
            >
              {opening ? "Restoring…" : "Restore"}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={discard}
              disabled={opening}
            >
              Discard
            </button>
          </div>
        </div>
      ) : (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void save(values);
          }}
          noValidate
        >
          <fieldset className="choices">
            <legend className="field-label">Format</legend>
            <div className="choice-row">
              {NOTE_FORMATS.map((f) => (
                <label key={f.value} className="choice">
                  <input
                    type="radio"
                    name="note-format"
                    value={f.value}
                    checked={values.format === f.value}
                    onChange={() => set("format", f.value)}
                  />
                  <span>{f.label}</span>
                </label>
              ))}
            </div>
            {hiddenWithText.length > 0 && (
              <p className="field-hint">
                {hiddenWithText.join(", ")}{" "}
                {hiddenWithText.length === 1 ? "is" : "are"} not part of{" "}
                {format.label} and will not be saved with this format.
              </p>
            )}
          </fieldset>

          <div className="form-grid form-grid-3">
            <Field
              label="Session date"
              name="session_on"
              errors={fieldErrors.session_on}
              required
            >
              {(p) => (
                <input
                  {...p}
                  type="date"
                  max={today}
                  value={values.session_on}
                  onChange={(e) => set("session_on", e.target.value)}
                />
              )}
            </Field>
            <Field
              label="Duration (minutes)"
              name="duration_minutes"
              errors={fieldErrors.duration_minutes}
              required
            >
              {(p) => (
                <input
                  {...p}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={600}
                  value={values.duration_minutes}
                  onChange={(e) => set("duration_minutes", e.target.value)}
                />
              )}
            </Field>
            <Field
              label="Service type"
              name="service_type"
              errors={fieldErrors.service_type}
              optionalMark
            >
              {(p) => (
                <>
                  <input
                    {...p}
                    type="text"
                    list={`${p.id}-options`}
                    autoComplete="off"
                    value={values.service_type}
                    onChange={(e) => set("service_type", e.target.value)}
                  />
                  <datalist id={`${p.id}-options`}>
                    {SERVICE_TYPES.map((t) => (
                      <option key={t} value={t} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
          </div>

          {sections.map((s) => (
            <Field
              key={s.key}
              label={s.label}
              name={`section-${s.key}`}
              hint={s.hint || undefined}
              errors={fieldErrors[`sections.${s.key}`]}
            >
              {(p) => (
                <textarea
                  {...p}
                  rows={s.key === "text" ? 10 : 4}
                  value={values.sections[s.key] ?? ""}
                  onChange={(e) => setSection(s.key, e.target.value)}
                />
              )}
            </Field>
          ))}

          <CheckboxGroup
            legend="Risk flags"
            name="risk_flags"
            options={RISK_FLAGS}
            value={values.risk_flags}
            onChange={(v) => set("risk_flags", v)}
            errors={fieldErrors.risk_flags}
          />

          <div className="checkbox-field">
            <label className="choice">
              <input
                type="checkbox"
                checked={values.is_psychotherapy_note}
                onChange={(e) => set("is_psychotherapy_note", e.target.checked)}
                aria-describedby={`${headingId}-pn-hint`}
              />
              <span>Psychotherapy note</span>
            </label>
            <p id={`${headingId}-pn-hint`} className="field-hint">
              Your private process notes: only you can read it, and it never
              enters a report or an export.
            </p>
            {fieldErrors.is_psychotherapy_note && (
              <p className="field-error">
                {fieldErrors.is_psychotherapy_note.join(" ")}
              </p>
            )}
          </div>

          {confirmSign ? (
            <ConfirmBox
              confirmLabel="Yes, sign note"
              busyLabel="Signing…"
              busy={signing}
              onConfirm={sign}
              onCancel={() => setConfirmSign(false)}
            >
              <p>Sign this note?</p>
              <p className="confirm-detail">
                A signed note becomes part of the legal record and is locked: it
                can no longer be edited, only corrected with an addendum.
              </p>
            </ConfirmBox>
          ) : (
            <div className="form-actions">
              <button
                type="button"
                className="button button-primary"
                onClick={requestSign}
                disabled={phase === "conflict" || phase === "saving"}
              >
                Sign note…
              </button>
              <button
                type="button"
                className="button button-secondary"
                onClick={close}
              >
                {note || dirty ? "Save and close" : "Cancel"}
              </button>
            </div>
          )}
        </form>
      )}
    </section>
  );
}
