import {
  NOTE_FORMATS,
  RISK_FLAGS,
  SERVICE_TYPES,
  noteFormat,
} from "../../clinical";
import { CheckboxGroup } from "../../components/Choices";
import { Field } from "../../components/Field";
import type { DraftValues } from "./noteEditorValues";

/** What a draft note says: its format, the session, the format's sections and the flags. */
export function NoteFields({
  values,
  onChange,
  onSectionChange,
  fieldErrors,
  today,
  idPrefix,
}: {
  values: DraftValues;
  onChange: <K extends keyof DraftValues>(
    key: K,
    value: DraftValues[K],
  ) => void;
  onSectionChange: (key: string, text: string) => void;
  fieldErrors: Record<string, string[]>;
  today: string;
  /** Unique to the editor, for the ids the fields' hints need. */
  idPrefix: string;
}) {
  const format = noteFormat(values.format);
  const sections = format.sections;
  // Text typed under another format is kept while the editor is open, but not saved.
  const hiddenWithText = NOTE_FORMATS.flatMap((f) => f.sections)
    .filter(
      (s, i, all) =>
        all.findIndex((o) => o.key === s.key) === i &&
        !sections.some((own) => own.key === s.key) &&
        (values.sections[s.key] ?? "").trim(),
    )
    .map((s) => s.label);

  return (
    <>
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
                onChange={() => onChange("format", f.value)}
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
              onChange={(e) => onChange("session_on", e.target.value)}
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
              onChange={(e) => onChange("duration_minutes", e.target.value)}
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
                onChange={(e) => onChange("service_type", e.target.value)}
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
              onChange={(e) => onSectionChange(s.key, e.target.value)}
            />
          )}
        </Field>
      ))}

      <CheckboxGroup
        legend="Risk flags"
        name="risk_flags"
        options={RISK_FLAGS}
        value={values.risk_flags}
        onChange={(v) => onChange("risk_flags", v)}
        errors={fieldErrors.risk_flags}
      />

      <div className="checkbox-field">
        <label className="choice">
          <input
            type="checkbox"
            checked={values.is_psychotherapy_note}
            onChange={(e) =>
              onChange("is_psychotherapy_note", e.target.checked)
            }
            aria-describedby={`${idPrefix}-pn-hint`}
          />
          <span>Psychotherapy note</span>
        </label>
        <p id={`${idPrefix}-pn-hint`} className="field-hint">
          Your private process notes: only you can read it, and it never enters
          a report or an export.
        </p>
        {fieldErrors.is_psychotherapy_note && (
          <p className="field-error">
            {fieldErrors.is_psychotherapy_note.join(" ")}
          </p>
        )}
      </div>
    </>
  );
}
