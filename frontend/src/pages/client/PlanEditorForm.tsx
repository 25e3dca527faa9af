import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { FormAlert, focusFirstInvalid } from "../../components/Field";
import { errorsByRow, type FieldErrors } from "./planDrafts";
import type { PlanKind } from "./PlanSection";
import type { SavedPlan } from "./PlanViewParts";

/**
 * The editor: saves the whole plan against the version it started from. When someone saved
 * in between (409), the clinician's text stays in the form until they load the latest
 * version; then their unsaved text stays beside it, to copy from or to put back.
 */
export function PlanEditorForm<P extends SavedPlan, D, B>({
  clientId,
  kind,
  start,
  onSaved,
  onLatest,
  onCancel,
}: {
  clientId: string;
  kind: PlanKind<P, D, B>;
  start: P;
  onSaved: (plan: P) => void;
  onLatest: (plan: P) => void;
  onCancel: () => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const unsavedRef = useRef<HTMLHeadingElement>(null);
  const [draft, setDraft] = useState<D>(() => kind.toDraft(start));
  const [base, setBase] = useState<P>(start);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [unsaved, setUnsaved] = useState<D | null>(null);

  useEffect(() => {
    if (unsaved !== null) unsavedRef.current?.focus();
  }, [unsaved]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const built = kind.build(draft);
    setErrors(built.errors);
    if (Object.keys(built.errors).length > 0) {
      setMessage("Please check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      onSaved(await kind.save(clientId, built.body, base.version));
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
      if (error.status === 409) {
        setConflict(true);
        setMessage(error.message);
      } else {
        setErrors(errorsByRow(error.fieldErrors, built.rows));
        setMessage(
          error.hasFieldErrors
            ? "Please check the highlighted fields."
            : error.message,
        );
        focusFirstInvalid(formRef.current);
      }
    } finally {
      setBusy(false);
    }
  }

  async function loadLatest() {
    setBusy(true);
    try {
      const latest = await kind.load(clientId);
      setUnsaved(draft);
      setDraft(kind.toDraft(latest));
      setBase(latest);
      setErrors({});
      setConflict(false);
      setMessage(null);
      onLatest(latest);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : "Could not load it.");
    } finally {
      setBusy(false);
    }
  }

  const otherErrors = Object.entries(errors).filter(
    ([key]) => !kind.fields.includes(key.replace(/[[.].*$/, "")),
  );
  const verb = start.version === 0 ? "Write" : "Edit";

  return (
    <form
      ref={formRef}
      className="stack-large plan-editor"
      onSubmit={submit}
      noValidate
      aria-label={`${verb} the ${kind.noun}`}
    >
      <p className="field-hint">
        {base.version === 0
          ? "A new plan: saving makes version 1."
          : `Editing version ${base.version}: saving makes version ${base.version + 1}.`}{" "}
        Write in the client’s own words.
      </p>

      {unsaved !== null && (
        <section
          className="plan-unsaved"
          aria-labelledby={`${kind.id}-unsaved`}
        >
          <h3 id={`${kind.id}-unsaved`} ref={unsavedRef} tabIndex={-1}>
            Your unsaved text
          </h3>
          <p>
            The form now holds version {base.version}, the latest. What you had
            typed is below and was not saved: copy what you still need into the
            form, or put it back in place of version {base.version}.
          </p>
          <kind.View
            plan={{ ...base, ...kind.build(unsaved).body }}
            level={4}
          />
          <div className="form-actions">
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setDraft(unsaved);
                setUnsaved(null);
              }}
            >
              Put my text back
            </button>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => setUnsaved(null)}
            >
              Discard my text
            </button>
          </div>
        </section>
      )}

      <kind.Editor draft={draft} onChange={setDraft} errors={errors} />

      {(message || otherErrors.length > 0) && (
        <FormAlert message={message}>
          {otherErrors.length > 0 && (
            <ul>
              {otherErrors.map(([f, m]) => (
                <li key={f}>
                  {f.replace(/_/g, " ")}: {m.join(" ")}
                </li>
              ))}
            </ul>
          )}
          {conflict && (
            <>
              <p>Your text is still in the form, unsaved.</p>
              <div className="notice-actions">
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => void loadLatest()}
                  disabled={busy}
                >
                  Load the latest version
                </button>
              </div>
            </>
          )}
        </FormAlert>
      )}

      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || conflict}
        >
          {busy ? "Saving…" : "Save plan"}
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={onCancel}
          disabled={busy}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
