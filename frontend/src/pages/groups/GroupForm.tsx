import { useId, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import type { ClinicianOption, NewGroup } from "../../api/types";
import { NOTE_FORMATS, optionOf } from "../../clinical";
import { Field, FormAlert, focusFirstInvalid } from "../../components/Field";
import {
  groupBody,
  groupErrors,
  type FormErrors,
  type GroupValues,
} from "./groupValues";

/**
 * A group's name, track, usual length, facilitators, note format and place: a new group, or
 * (with `active`) an existing one's details. `onSubmit` throws an ApiError to show its errors.
 */
export function GroupForm({
  title,
  initial,
  initialActive,
  clinicians,
  me,
  submitLabel,
  busyLabel,
  onSubmit,
  onCancel,
}: {
  title: string;
  initial: GroupValues;
  /** Editing: whether the group still meets. */
  initialActive?: boolean;
  clinicians: ClinicianOption[] | undefined;
  /** The member, listed among the facilitators even before the list loads. */
  me: { id: string; name: string; clinical: boolean };
  submitLabel: string;
  busyLabel: string;
  onSubmit: (body: NewGroup, active: boolean | undefined) => Promise<void>;
  onCancel: () => void;
}) {
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(initial);
  const [active, setActive] = useState(initialActive);
  const [errors, setErrors] = useState<FormErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = (patch: Partial<GroupValues>) =>
    setValues((v) => ({ ...v, ...patch }));

  // The facilitators to choose from: the practice's clinical staff, and anyone already chosen.
  const options: Array<{ id: string; name: string }> = [...(clinicians ?? [])];
  for (const id of values.facilitatorIds) {
    if (!options.some((c) => c.id === id))
      options.push({
        id,
        name: id === me.id ? me.name : "Current facilitator",
      });
  }
  const toggle = (id: string, on: boolean) =>
    change({
      facilitatorIds: on
        ? [...values.facilitatorIds.filter((f) => f !== id), id]
        : values.facilitatorIds.filter((f) => f !== id),
    });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const built = groupBody(values);
    if (built.errors) {
      setErrors(built.errors);
      setMessage("Please check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSubmit(built.body, active);
    } catch (e) {
      const error = e instanceof ApiError ? e : null;
      setErrors(error?.fieldErrors ?? {});
      setMessage(
        error?.hasFieldErrors
          ? "Please check the highlighted fields."
          : e instanceof Error
            ? e.message
            : "Could not save the group.",
      );
      focusFirstInvalid(formRef.current);
    } finally {
      setBusy(false);
    }
  }

  const { fields, rest } = groupErrors(errors);
  const facilitatorErrorId = `${headingId}-facilitators-error`;

  return (
    <section
      className="card card-padded form-card group-form"
      aria-labelledby={headingId}
    >
      <h2 id={headingId} className="section-title flush">
        {title}
      </h2>
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
          <Field label="Name" name="name" errors={fields.name} required>
            {(p) => (
              <input
                {...p}
                type="text"
                maxLength={200}
                value={values.name}
                onChange={(e) => change({ name: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Track"
            name="track"
            errors={fields.track}
            hint="Optional: e.g. Intensive outpatient, Relapse prevention."
          >
            {(p) => (
              <input
                {...p}
                type="text"
                maxLength={200}
                value={values.track}
                onChange={(e) => change({ track: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Usual length (minutes)"
            name="minutes"
            errors={fields.default_minutes}
            hint="15 to 600; each session can differ."
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
            label="Note format"
            name="format"
            errors={fields.note_format}
            hint="The members' notes: the group's narrative fills the first section."
          >
            {(p) => (
              <select
                {...p}
                value={values.noteFormat}
                onChange={(e) =>
                  change({
                    noteFormat:
                      optionOf(NOTE_FORMATS, e.target.value) ??
                      values.noteFormat,
                  })
                }
              >
                {NOTE_FORMATS.map((f) => (
                  <option key={f.value} value={f.value}>
                    {f.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Place"
            name="location"
            errors={fields.location}
            hint="Optional: a room or an address."
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
        <fieldset
          className={`choices${fields.facilitator_ids ? " field-invalid" : ""}`}
          aria-describedby={
            fields.facilitator_ids ? facilitatorErrorId : undefined
          }
        >
          <legend className="field-label">Facilitators</legend>
          {me.clinical && (
            <p className="field-hint">
              You see the groups you facilitate: keep yourself among them.
            </p>
          )}
          {options.length === 0 ? (
            <p className="muted">Loading the clinical staff…</p>
          ) : (
            <div className="choice-grid">
              {options.map((c) => (
                <label key={c.id} className="choice">
                  <input
                    type="checkbox"
                    name="facilitators"
                    value={c.id}
                    checked={values.facilitatorIds.includes(c.id)}
                    aria-invalid={fields.facilitator_ids ? true : undefined}
                    onChange={(e) => toggle(c.id, e.target.checked)}
                  />
                  <span>
                    {c.name}
                    {c.id === me.id && " (you)"}
                  </span>
                </label>
              ))}
            </div>
          )}
          {fields.facilitator_ids && (
            <p id={facilitatorErrorId} className="field-error">
              {fields.facilitator_ids.join(" ")}
            </p>
          )}
        </fieldset>
        {active !== undefined && (
          <label className="choice">
            <input
              type="checkbox"
              checked={active}
              onChange={(e) => setActive(e.target.checked)}
            />
            <span>The group still meets</span>
          </label>
        )}
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
    </section>
  );
}
