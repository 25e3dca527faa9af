import { useId, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { CheckInInput, Substance } from "../../api/types";
import { CheckboxGroup } from "../../components/Choices";
import {
  Field,
  FormAlert,
  focusFirstInvalid,
  type ControlProps,
} from "../../components/Field";
import { SUBSTANCES } from "../../domain";
import { formatDay } from "../../format";

const SCALE = Array.from({ length: 11 }, (_, i) => i);

interface Values {
  day: string;
  used: "" | "no" | "yes";
  substances: Substance[];
  craving: string;
  mood: string;
  attended_meeting: boolean;
  contacted_sponsor: boolean;
  note: string;
}

/**
 * A clinician fills in a day with the client in session (Timeline Followback): one check-in
 * per day, never in the future.
 */
export function RecordDayForm({
  clientId,
  today,
  onRecorded,
  onCancel,
}: {
  clientId: string;
  today: string;
  onRecorded: (day: string) => void;
  onCancel: () => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const usedErrorId = `${useId()}-used-error`;
  const [values, setValues] = useState<Values>({
    day: today,
    used: "",
    substances: [],
    craving: "",
    mood: "",
    attended_meeting: false,
    contacted_sponsor: false,
    note: "",
  });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  function validate(): Record<string, string[]> {
    const e: Record<string, string[]> = {};
    if (!values.day) e.day = ["Choose the day."];
    else if (values.day > today) e.day = ["The day cannot be in the future."];
    if (!values.used) e.used = ["Say whether the client used on this day."];
    if (values.craving === "") e.craving = ["Choose a craving level."];
    if (values.mood === "") e.mood = ["Choose a mood level."];
    return e;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const local = validate();
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage("Please check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    const used = values.used === "yes";
    const input: CheckInInput = {
      day: values.day,
      used,
      substances: used ? values.substances : [],
      craving: Number(values.craving),
      mood: Number(values.mood),
      attended_meeting: values.attended_meeting,
      contacted_sponsor: values.contacted_sponsor,
      note: values.note.trim() || null,
    };
    setBusy(true);
    try {
      await api.recordCheckIn(clientId, input);
      onRecorded(values.day);
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
      if (error.status === 409) {
        setErrors({
          day: [
            `${formatDay(values.day)} already has a check-in. Choose another day.`,
          ],
        });
        setMessage("This day is already recorded.");
      } else {
        setErrors(error.fieldErrors);
        setMessage(
          error.hasFieldErrors
            ? "Please check the highlighted fields."
            : error.message,
        );
      }
      focusFirstInvalid(formRef.current);
    } finally {
      setBusy(false);
    }
  }

  const scaleSelect =
    (key: "craving" | "mood", low: string, high: string) =>
    (p: ControlProps) => (
      <select
        {...p}
        value={values[key]}
        onChange={(e) => set(key, e.target.value)}
      >
        <option value="">Choose…</option>
        {SCALE.map((n) => (
          <option key={n} value={n}>
            {n === 0 ? `0 — ${low}` : n === 10 ? `10 — ${high}` : n}
          </option>
        ))}
      </select>
    );

  return (
    <form
      ref={formRef}
      className="stack record-day"
      onSubmit={submit}
      noValidate
      aria-labelledby="record-day-heading"
    >
      <h3 id="record-day-heading" className="subsection-title">
        Record a day
      </h3>
      <p className="section-text">
        Fill in a day together with the client. Days already reported cannot be
        recorded twice.
      </p>
      <FormAlert message={message} />
      <div className="form-grid">
        <Field label="Day" name="day" errors={errors.day} required>
          {(p) => (
            <input
              {...p}
              type="date"
              max={today}
              value={values.day}
              onChange={(e) => set("day", e.target.value)}
            />
          )}
        </Field>
        <fieldset
          className={`choices${errors.used ? " field-invalid" : ""}`}
          aria-describedby={errors.used ? usedErrorId : undefined}
        >
          <legend className="field-label">On this day the client</legend>
          <div className="choice-row">
            <label className="choice">
              <input
                type="radio"
                name="used"
                value="no"
                aria-invalid={errors.used ? true : undefined}
                checked={values.used === "no"}
                onChange={() => set("used", "no")}
              />
              <span>Was abstinent</span>
            </label>
            <label className="choice">
              <input
                type="radio"
                name="used"
                value="yes"
                aria-invalid={errors.used ? true : undefined}
                checked={values.used === "yes"}
                onChange={() => set("used", "yes")}
              />
              <span>Used</span>
            </label>
          </div>
          {errors.used && (
            <p id={usedErrorId} className="field-error">
              {errors.used.join(" ")}
            </p>
          )}
        </fieldset>
      </div>
      {values.used === "yes" && (
        <CheckboxGroup
          legend="Substances or behaviours"
          name="checkin-substances"
          options={SUBSTANCES}
          value={values.substances}
          onChange={(v) => set("substances", v)}
          errors={errors.substances}
        />
      )}
      <div className="form-grid">
        <Field label="Craving" name="craving" errors={errors.craving} required>
          {scaleSelect("craving", "none", "strongest")}
        </Field>
        <Field label="Mood" name="mood" errors={errors.mood} required>
          {scaleSelect("mood", "very low", "very good")}
        </Field>
      </div>
      <div className="choice-row">
        <label className="choice">
          <input
            type="checkbox"
            checked={values.attended_meeting}
            onChange={(e) => set("attended_meeting", e.target.checked)}
          />
          <span>Went to a meeting</span>
        </label>
        <label className="choice">
          <input
            type="checkbox"
            checked={values.contacted_sponsor}
            onChange={(e) => set("contacted_sponsor", e.target.checked)}
          />
          <span>Contacted their sponsor</span>
        </label>
      </div>
      <Field label="Note" name="note" errors={errors.note} optionalMark>
        {(p) => (
          <textarea
            {...p}
            rows={2}
            value={values.note}
            onChange={(e) => set("note", e.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Recording…" : "Record day"}
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
