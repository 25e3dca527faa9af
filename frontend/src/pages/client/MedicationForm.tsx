import { useId, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type {
  Medication,
  MedicationClass,
  NewMedication,
  PanelSubstance,
} from "../../api/types";
import { MEDICATION_CLASSES, optionOf, PANEL_SUBSTANCES } from "../../clinical";
import { Field, FormAlert, focusFirstInvalid } from "../../components/Field";

interface Values {
  name: string;
  class: MedicationClass | "";
  screens_as: PanelSubstance | "";
  dose: string;
  schedule: string;
  prescriber: string;
  started_on: string;
  stopped_on: string;
  stop_reason: string;
}

const TEXT_FIELDS = [
  ["dose", "Dose", "E.g. 16 mg"],
  ["schedule", "Schedule", "E.g. once daily"],
  ["prescriber", "Prescriber", "In or outside the practice"],
] as const;

/** Adds a medication the client is prescribed; a screen reads its positive as expected. */
export function MedicationForm({
  clientId,
  today,
  onSaved,
  onCancel,
}: {
  clientId: string;
  today: string;
  onSaved: (m: Medication) => void;
  onCancel: () => void;
}) {
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Values>({
    name: "",
    class: "",
    screens_as: "",
    dose: "",
    schedule: "",
    prescriber: "",
    started_on: today,
    stopped_on: "",
    stop_reason: "",
  });
  const [askOnLink, setAskOnLink] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Values, value: string) =>
    setValues((v) => ({ ...v, [key]: value }));

  function fail(text: string) {
    setMessage(text);
    focusFirstInvalid(formRef.current);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const local: Record<string, string[]> = {};
    if (!values.name.trim()) local.name = ["Enter the medication's name."];
    if (!values.class) local.class = ["Choose the medication's class."];
    if (!values.started_on) local.started_on = ["Enter the day it started."];
    setErrors(local);
    if (!values.class || Object.keys(local).length > 0) {
      fail("Please check the highlighted fields.");
      return;
    }
    const optional = (key: keyof Values) => {
      const v = values[key].trim();
      return v ? { [key]: v } : {};
    };
    const body: NewMedication = {
      name: values.name.trim(),
      class: values.class,
      started_on: values.started_on,
      ...(values.screens_as ? { screens_as: values.screens_as } : {}),
      ...optional("dose"),
      ...optional("schedule"),
      ...optional("prescriber"),
      ...optional("stopped_on"),
      ...optional("stop_reason"),
      ask_on_link: askOnLink,
    };
    setBusy(true);
    try {
      onSaved(await api.createMedication(clientId, body));
    } catch (e) {
      const error = e instanceof ApiError ? e : null;
      setErrors(error?.fieldErrors ?? {});
      fail(
        error?.hasFieldErrors
          ? "Please check the highlighted fields."
          : e instanceof Error
            ? e.message
            : "Could not add the medication.",
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="form-card medication-form" aria-labelledby={headingId}>
      <h3 id={headingId} className="subsection-title">
        Add a medication
      </h3>
      <form
        ref={formRef}
        className="stack"
        onSubmit={submit}
        noValidate
        aria-labelledby={headingId}
      >
        <FormAlert message={message} />
        <div className="form-grid">
          <Field label="Name" name="name" errors={errors.name} required>
            {(p) => (
              <input
                {...p}
                value={values.name}
                maxLength={200}
                placeholder="E.g. Suboxone"
                onChange={(e) => set("name", e.target.value)}
              />
            )}
          </Field>
          <Field label="Class" name="class" errors={errors.class} required>
            {(p) => (
              <select
                {...p}
                value={values.class}
                onChange={(e) =>
                  set(
                    "class",
                    optionOf(MEDICATION_CLASSES, e.target.value) ?? "",
                  )
                }
              >
                <option value="">Choose…</option>
                {MEDICATION_CLASSES.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field
          label="Shows on a screen as"
          name="screens_as"
          errors={errors.screens_as}
          hint={
            values.class === "other"
              ? "For a medication of another class (e.g. a prescribed benzodiazepine), choose the panel result it explains, so that positive reads as expected."
              : "Buprenorphine and methadone are recognised by their class. Choose only for another class, e.g. a prescribed benzodiazepine."
          }
          optionalMark
        >
          {(p) => (
            <select
              {...p}
              value={values.screens_as}
              onChange={(e) =>
                set(
                  "screens_as",
                  optionOf(PANEL_SUBSTANCES, e.target.value) ?? "",
                )
              }
            >
              <option value="">As its class</option>
              {PANEL_SUBSTANCES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-grid form-grid-3">
          {TEXT_FIELDS.map(([key, label, placeholder]) => (
            <Field
              key={key}
              label={label}
              name={key}
              errors={errors[key]}
              optionalMark
            >
              {(p) => (
                <input
                  {...p}
                  value={values[key]}
                  maxLength={200}
                  placeholder={placeholder}
                  onChange={(e) => set(key, e.target.value)}
                />
              )}
            </Field>
          ))}
        </div>
        <div className="form-grid form-grid-3">
          <Field
            label="Started on"
            name="started_on"
            errors={errors.started_on}
            required
          >
            {(p) => (
              <input
                {...p}
                type="date"
                value={values.started_on}
                onChange={(e) => set("started_on", e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Stopped on"
            name="stopped_on"
            errors={errors.stopped_on}
            optionalMark
          >
            {(p) => (
              <input
                {...p}
                type="date"
                min={values.started_on || undefined}
                value={values.stopped_on}
                onChange={(e) => set("stopped_on", e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Why it stopped"
            name="stop_reason"
            errors={errors.stop_reason}
            optionalMark
          >
            {(p) => (
              <input
                {...p}
                value={values.stop_reason}
                maxLength={500}
                onChange={(e) => set("stop_reason", e.target.value)}
              />
            )}
          </Field>
        </div>
        <label className="choice">
          <input
            type="checkbox"
            checked={askOnLink}
            onChange={(e) => setAskOnLink(e.target.checked)}
          />
          <span>
            Ask on the client’s check-in link: “Did you take your medication
            today?” (one more tap, while it is current)
          </span>
        </label>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={busy}
          >
            {busy ? "Saving…" : "Save medication"}
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
