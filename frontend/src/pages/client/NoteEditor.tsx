import { useCallback, useEffect, useId, useRef, useState } from "react";
import { apiClient, ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Note } from "../../api/types";
import { useMe } from "../../auth/AuthContext";
import { sectionsFor } from "../../clinical";
import {
  NEW_NOTE_SLOT,
  noteDraftsKey,
  readNoteDrafts,
  removeNoteDrafts,
  writeNoteDraft,
} from "../../noteDrafts";
import {
  AutosaveStatus,
  KeptDraftOffer,
  NoteEditorAlert,
  NoteSignBar,
  type Phase,
} from "./NoteEditorParts";
import { NoteFields } from "./NoteFields";
import {
  draftFromNote,
  draftInput,
  emptyDraft,
  findKept,
  keyOf,
  missingSections,
  validateDraft,
  type DraftOffer,
  type DraftValues,
} from "./noteEditorValues";

export const AUTOSAVE_DELAY_MS = 1500;

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

  const failed = phase === "error" && currentKey === failedKey;

  return (
    <section
      className="card card-padded note-editor"
      aria-labelledby={headingId}
    >
      <div className="panel-header">
        <h3 id={headingId} className="subsection-title">
          {note ? "Draft note" : "New note"}
        </h3>
        <AutosaveStatus
          phase={phase}
          failed={failed}
          dirty={dirty}
          saved={note !== null}
        />
      </div>

      <NoteEditorAlert
        message={message}
        fieldErrors={fieldErrors}
        sections={sectionsFor(values.format)}
        onLoadLatest={phase === "conflict" && note ? loadLatest : undefined}
        onRetry={failed ? () => void save(values) : undefined}
      />

      {offer ? (
        <KeptDraftOffer
          opening={opening}
          onRestore={() => void restore()}
          onDiscard={discard}
        />
      ) : (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void save(values);
          }}
          noValidate
        >
          <NoteFields
            values={values}
            onChange={set}
            onSectionChange={setSection}
            fieldErrors={fieldErrors}
            today={today}
            idPrefix={headingId}
          />
          <NoteSignBar
            confirming={confirmSign}
            signing={signing}
            signDisabled={phase === "conflict" || phase === "saving"}
            closeLabel={note || dirty ? "Save and close" : "Cancel"}
            onRequestSign={requestSign}
            onSign={sign}
            onCancelSign={() => setConfirmSign(false)}
            onClose={close}
          />
        </form>
      )}
    </section>
  );
}
