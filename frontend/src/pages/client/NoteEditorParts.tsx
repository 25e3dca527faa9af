import type { SectionSpec } from "../../clinical";
import { ConfirmBox } from "../../components/Confirm";
import { FormAlert } from "../../components/Field";

export type Phase = "idle" | "saving" | "saved" | "error" | "conflict";

/** Where autosaving stands, in one line beside the editor's heading. */
export function AutosaveStatus({
  phase,
  failed,
  dirty,
  saved,
}: {
  phase: Phase;
  /** The last save of the text as it is now failed. */
  failed: boolean;
  dirty: boolean;
  /** The server has a copy of the note. */
  saved: boolean;
}) {
  let status: string;
  if (phase === "saving") status = "Saving…";
  else if (phase === "conflict") status = "Not saved: changed elsewhere";
  else if (failed) status = "Not saved";
  else if (dirty) status = "Unsaved changes";
  else if (saved) status = "Saved";
  else status = "Saves automatically as you type";
  return (
    <p
      role="status"
      className={`autosave autosave-${phase === "conflict" || failed ? "problem" : phase}`}
    >
      {status}
    </p>
  );
}

/** Fields the form shows its own errors beside; a section's field is `sections.<key>`. */
const FIELDS_SHOWN = new Set([
  "session_on",
  "duration_minutes",
  "service_type",
  "format",
  "risk_flags",
  "is_psychotherapy_note",
]);

/**
 * Why the draft was not saved or signed, with the errors no field shows, and what to do next:
 * load the latest version after a conflict, or try the failed save again.
 */
export function NoteEditorAlert({
  message,
  fieldErrors,
  sections,
  onLoadLatest,
  onRetry,
}: {
  message: string | null;
  fieldErrors: Record<string, string[]>;
  sections: ReadonlyArray<SectionSpec>;
  onLoadLatest?: () => void;
  onRetry?: () => void;
}) {
  const otherErrors = Object.entries(fieldErrors).filter(
    ([field]) =>
      !FIELDS_SHOWN.has(field) &&
      !sections.some((s) => `sections.${s.key}` === field),
  );
  if (!message && otherErrors.length === 0) return null;
  return (
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
      {onLoadLatest && (
        <button
          type="button"
          className="button button-secondary"
          onClick={onLoadLatest}
        >
          Load the latest version (replaces the text below)
        </button>
      )}
      {onRetry && (
        <button
          type="button"
          className="button button-secondary"
          onClick={onRetry}
        >
          Try saving again
        </button>
      )}
    </FormAlert>
  );
}

/** The offer of unsaved text kept from an earlier editor: restore it or discard it. */
export function KeptDraftOffer({
  opening,
  onRestore,
  onDiscard,
}: {
  opening: boolean;
  onRestore: () => void;
  onDiscard: () => void;
}) {
  return (
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
          onClick={onRestore}
          disabled={opening}
        >
          {opening ? "Restoring…" : "Restore"}
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={onDiscard}
          disabled={opening}
        >
          Discard
        </button>
      </div>
    </div>
  );
}

/** The editor's last row: "Sign note…" and closing, or the question before signing. */
export function NoteSignBar({
  confirming,
  signing,
  signDisabled,
  closeLabel,
  onRequestSign,
  onSign,
  onCancelSign,
  onClose,
}: {
  confirming: boolean;
  signing: boolean;
  signDisabled: boolean;
  closeLabel: string;
  onRequestSign: () => void;
  onSign: () => void;
  onCancelSign: () => void;
  onClose: () => void;
}) {
  if (confirming)
    return (
      <ConfirmBox
        confirmLabel="Yes, sign note"
        busyLabel="Signing…"
        busy={signing}
        onConfirm={onSign}
        onCancel={onCancelSign}
      >
        <p>Sign this note?</p>
        <p className="confirm-detail">
          A signed note becomes part of the legal record and is locked: it can
          no longer be edited, only corrected with an addendum.
        </p>
      </ConfirmBox>
    );
  return (
    <div className="form-actions">
      <button
        type="button"
        className="button button-primary"
        onClick={onRequestSign}
        disabled={signDisabled}
      >
        Sign note…
      </button>
      <button
        type="button"
        className="button button-secondary"
        onClick={onClose}
      >
        {closeLabel}
      </button>
    </div>
  );
}
