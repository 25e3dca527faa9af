import { useId, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import type { NewGroupSession } from "../../api/types";
import { Field, FormAlert, focusFirstInvalid } from "../../components/Field";
import {
  fieldSentences,
  SESSION_SUBJECTS,
  sessionBody,
  type FormErrors,
  type SessionValues,
} from "./groupValues";

/**
 * A session's date and start time (on the practice's clocks), length, topic and place: one to
 * schedule, or a draft's to change. `onSubmit` throws an ApiError to show its errors.
 */
export function SessionForm({
  title,
  initial,
  timeZone,
  placeHint,
  submitLabel,
  busyLabel,
  onSubmit,
  onCancel,
}: {
  title: string;
  initial: SessionValues;
  timeZone: string;
  placeHint: string;
  submitLabel: string;
  busyLabel: string;
  onSubmit: (body: NewGroupSession) => Promise<void>;
  onCancel: () => void;
}) {
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = (patch: Partial<SessionValues>) =>
    setValues((v) => ({ ...v, ...patch }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const built = sessionBody(values, timeZone);
    if (built.errors) {
      setErrors(built.errors);
      setMessage("Please check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSubmit(built.body);
    } catch (e) {
      const error = e instanceof ApiError ? e : null;
      setErrors(error?.fieldErrors ?? {});
      setMessage(
        error?.hasFieldErrors
          ? "Please check the highlighted fields."
          : e instanceof Error
            ? e.message
            : "Could not save the session.",
      );
      focusFirstInvalid(formRef.current);
    } finally {
      setBusy(false);
    }
  }

  const { fields, rest } = fieldSentences(errors, SESSION_SUBJECTS);

  return (
    <div className="session-form">
      <h3 id={headingId} className="subsection-title flush">
        {title}
      </h3>
      <form
        ref={formRef}
        className="stack"
        onSubmit={submit}
        noValidate
        aria-labelledby={headingId}
      >
        {(message || rest.length > 0) && (
          <FormAlert message={message}>
            {rest.length > 0 && (
              <ul>
                {rest.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            )}
          </FormAlert>
        )}
        <div className="form-grid">
          <Field label="Date" name="day" errors={fields.starts_at} required>
            {(p) => (
              <input
                {...p}
                type="date"
                value={values.day}
                onChange={(e) => change({ day: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Start time"
            name="time"
            hint={`Practice time (${timeZone}).`}
            required
          >
            {(p) => (
              <input
                {...p}
                type="time"
                value={values.time}
                onChange={(e) => change({ time: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Length (minutes)"
            name="minutes"
            errors={fields.duration_minutes}
            required
          >
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={15}
                max={600}
                step={5}
                value={values.minutes}
                onChange={(e) => change({ minutes: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Topic"
            name="topic"
            errors={fields.topic}
            hint="Optional: e.g. Urge surfing."
          >
            {(p) => (
              <input
                {...p}
                type="text"
                maxLength={200}
                value={values.topic}
                onChange={(e) => change({ topic: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Place"
            name="location"
            errors={fields.location}
            hint={placeHint}
          >
            {(p) => (
              <input
                {...p}
                type="text"
                maxLength={200}
                value={values.location}
                onChange={(e) => change({ location: e.target.value })}
              />
            )}
          </Field>
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={busy}
          >
            {busy ? busyLabel : submitLabel}
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
    </div>
  );
}
