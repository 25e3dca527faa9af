import { useId, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type {
  Company,
  Consequence,
  Coping,
  EpisodeKind,
  Feeling,
  PlanStepsTried,
  Relapse,
  RelapseInput,
  Setting,
  Substance,
  Support,
  Trigger,
} from "../../api/types";
import {
  COMPANY,
  CONSEQUENCES,
  COPING,
  EPISODE_KINDS,
  FEELINGS,
  optionOf,
  SETTINGS,
  SUPPORT,
  TRIGGER_GROUPS,
} from "../../clinical";
import { CheckboxGroup } from "../../components/Choices";
import { Field, FormAlert, focusFirstInvalid } from "../../components/Field";
import { SUBSTANCES } from "../../domain";
import { RelapsePlanFields, useHeldPlan } from "./RelapsePlanFields";

export interface RelapseValues {
  kind: EpisodeKind;
  occurred_on: string;
  ended_on: string;
  substances: Substance[];
  triggers: Trigger[];
  setting: Setting | "";
  company: Company[];
  amount: string;
  coping_used: Coping[];
  support_contacted: Support[];
  feelings_after: Feeling[];
  consequences: Consequence[];
  self_blame: string;
  notes: string;
  /** Against the client's relapse-prevention plan, when they have one. */
  warning_signs_present: string[];
  plan_steps_tried: PlanStepsTried | "";
}

export function emptyRelapse(today: string): RelapseValues {
  return {
    kind: "lapse",
    occurred_on: today,
    ended_on: "",
    substances: [],
    triggers: [],
    setting: "",
    company: [],
    amount: "",
    coping_used: [],
    support_contacted: [],
    feelings_after: [],
    consequences: [],
    self_blame: "",
    notes: "",
    warning_signs_present: [],
    plan_steps_tried: "",
  };
}

export function relapseValues(r: Relapse): RelapseValues {
  return {
    kind: r.kind,
    occurred_on: r.occurred_on,
    ended_on: r.ended_on ?? "",
    substances: [...r.substances],
    triggers: [...r.triggers],
    setting: r.setting ?? "",
    company: [...r.company],
    amount: r.amount ?? "",
    coping_used: [...r.coping_used],
    support_contacted: [...r.support_contacted],
    feelings_after: [...r.feelings_after],
    consequences: [...r.consequences],
    self_blame: r.self_blame == null ? "" : String(r.self_blame),
    notes: r.notes ?? "",
    warning_signs_present: [...(r.warning_signs_present ?? [])],
    plan_steps_tried: r.plan_steps_tried ?? "",
  };
}

/** The body of a POST or PATCH: empty optional fields are null, so a PATCH clears them. */
export function relapseInput(v: RelapseValues): RelapseInput {
  return {
    kind: v.kind,
    occurred_on: v.occurred_on,
    ended_on: v.ended_on || null,
    substances: v.substances,
    triggers: v.triggers,
    setting: v.setting || null,
    company: v.company,
    amount: v.amount.trim() || null,
    coping_used: v.coping_used,
    support_contacted: v.support_contacted,
    feelings_after: v.feelings_after,
    consequences: v.consequences,
    self_blame: v.self_blame === "" ? null : Number(v.self_blame),
    notes: v.notes.trim() || null,
  };
}

/**
 * What the episode says against the client's plan: everything for a new episode, only what
 * changed for an edit (so an edit of other fields is not checked against the plan again).
 */
export function planMarksInput(
  v: RelapseValues,
  existing?: Relapse,
): Pick<RelapseInput, "warning_signs_present" | "plan_steps_tried"> {
  const tried = v.plan_steps_tried || null;
  const before = existing?.warning_signs_present ?? [];
  const signsChanged =
    !existing ||
    before.length !== v.warning_signs_present.length ||
    before.some((s, i) => s !== v.warning_signs_present[i]);
  return {
    ...(signsChanged ? { warning_signs_present: v.warning_signs_present } : {}),
    ...(!existing || (existing.plan_steps_tried ?? null) !== tried
      ? { plan_steps_tried: tried }
      : {}),
  };
}

function validate(v: RelapseValues, today: string): Record<string, string[]> {
  const e: Record<string, string[]> = {};
  if (!v.occurred_on) e.occurred_on = ["Enter the day it happened."];
  else if (v.occurred_on > today)
    e.occurred_on = ["The day cannot be in the future."];
  if (v.ended_on) {
    if (v.ended_on > today) e.ended_on = ["The day cannot be in the future."];
    else if (v.occurred_on && v.ended_on < v.occurred_on)
      e.ended_on = ["The last day cannot be before the first day."];
  }
  return e;
}

const BLAME = Array.from({ length: 11 }, (_, i) => i);

export function RelapseForm({
  clientId,
  today,
  existing,
  onSaved,
  onCancel,
}: {
  clientId: string;
  today: string;
  existing?: Relapse;
  onSaved: (r: Relapse) => void;
  onCancel: () => void;
}) {
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [record, setRecord] = useState(existing);
  const [values, setValues] = useState<RelapseValues>(() =>
    existing ? relapseValues(existing) : emptyRelapse(today),
  );
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const held = useHeldPlan(clientId, existing?.plan_version ?? null);
  const set = <K extends keyof RelapseValues>(k: K, v: RelapseValues[K]) =>
    setValues((current) => ({ ...current, [k]: v }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const local = validate(values, today);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage("Please check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const input = {
        ...relapseInput(values),
        ...(held.plan ? planMarksInput(values, record) : {}),
      };
      const saved = record
        ? await api.updateRelapse(record.id, {
            ...input,
            version: record.version,
          })
        : await api.createRelapse(clientId, input);
      onSaved(saved);
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
      setErrors(error.fieldErrors);
      if (error.status === 409) {
        setConflict(true);
        setMessage(
          "This episode was changed by someone else while you were editing. Nothing was overwritten.",
        );
      } else {
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
    if (!record) return;
    setBusy(true);
    try {
      const fresh = await api.getRelapse(record.id);
      setRecord(fresh);
      setValues(relapseValues(fresh));
      setConflict(false);
      setMessage(null);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : "Could not load it.");
    } finally {
      setBusy(false);
    }
  }

  const isRelapse = values.kind === "relapse";
  const known = new Set(Object.keys(emptyRelapse(today)));
  const otherErrors = Object.entries(errors).filter(([f]) => !known.has(f));

  return (
    <section className="card card-padded form-card" aria-labelledby={headingId}>
      <h3 id={headingId} className="subsection-title">
        {existing ? "Edit episode" : "Record a lapse or relapse"}
      </h3>
      <form
        ref={formRef}
        className="stack relapse-form"
        onSubmit={submit}
        noValidate
      >
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
              <button
                type="button"
                className="button button-secondary"
                onClick={loadLatest}
                disabled={busy}
              >
                Load the latest version (replaces this form)
              </button>
            )}
          </FormAlert>
        )}

        <fieldset className={`choices${errors.kind ? " field-invalid" : ""}`}>
          <legend className="field-label">Kind</legend>
          <div className="kind-options">
            {EPISODE_KINDS.map((k) => (
              <label key={k.value} className="choice choice-card">
                <input
                  type="radio"
                  name="kind"
                  value={k.value}
                  checked={values.kind === k.value}
                  onChange={() => set("kind", k.value)}
                />
                <span>
                  <strong>{k.label}</strong>
                  <span className="choice-explanation">{k.explanation}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.kind && (
            <p className="field-error">{errors.kind.join(" ")}</p>
          )}
        </fieldset>

        <div className="form-grid">
          <Field
            label={isRelapse ? "First day of use" : "Day of use"}
            name="occurred_on"
            errors={errors.occurred_on}
            required
          >
            {(p) => (
              <input
                {...p}
                type="date"
                max={today}
                value={values.occurred_on}
                onChange={(e) => set("occurred_on", e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Last day of use"
            name="ended_on"
            errors={errors.ended_on}
            hint={
              isRelapse
                ? "Leave empty if still ongoing."
                : "Leave empty for a single day."
            }
            optionalMark
          >
            {(p) => (
              <input
                {...p}
                type="date"
                max={today}
                min={values.occurred_on || undefined}
                value={values.ended_on}
                onChange={(e) => set("ended_on", e.target.value)}
              />
            )}
          </Field>
        </div>

        <CheckboxGroup
          legend="Substances or behaviours"
          name="substances"
          options={SUBSTANCES}
          value={values.substances}
          onChange={(v) => set("substances", v)}
          errors={errors.substances}
        />
        <CheckboxGroup
          legend="Triggers (high-risk situations)"
          name="triggers"
          groups={TRIGGER_GROUPS}
          value={values.triggers}
          onChange={(v) => set("triggers", v)}
          errors={errors.triggers}
        />

        {held.plan ? (
          <RelapsePlanFields
            plan={held.plan}
            marks={values}
            triggers={values.triggers}
            onChange={(patch) => setValues((v) => ({ ...v, ...patch }))}
            errors={errors}
          />
        ) : (
          held.failed && (
            <p className="muted">
              Their relapse-prevention plan could not be loaded, so it is not
              compared here.
            </p>
          )
        )}

        <div className="form-grid">
          <Field
            label="Setting"
            name="setting"
            errors={errors.setting}
            optionalMark
          >
            {(p) => (
              <select
                {...p}
                value={values.setting}
                onChange={(e) =>
                  set("setting", optionOf(SETTINGS, e.target.value) ?? "")
                }
              >
                <option value="">Not recorded</option>
                {SETTINGS.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Amount"
            name="amount"
            errors={errors.amount}
            hint="In the client's words, e.g. “four drinks”."
            optionalMark
          >
            {(p) => (
              <input
                {...p}
                type="text"
                autoComplete="off"
                value={values.amount}
                onChange={(e) => set("amount", e.target.value)}
              />
            )}
          </Field>
        </div>

        <CheckboxGroup
          legend="Who they were with"
          name="company"
          options={COMPANY}
          value={values.company}
          onChange={(v) => set("company", v)}
          errors={errors.company}
        />
        <CheckboxGroup
          legend="Coping they tried"
          name="coping_used"
          options={COPING}
          value={values.coping_used}
          onChange={(v) => set("coping_used", v)}
          errors={errors.coping_used}
        />
        <CheckboxGroup
          legend="Support they reached"
          name="support_contacted"
          options={SUPPORT}
          value={values.support_contacted}
          onChange={(v) => set("support_contacted", v)}
          errors={errors.support_contacted}
        />
        <CheckboxGroup
          legend="Feelings afterwards"
          name="feelings_after"
          options={FEELINGS}
          value={values.feelings_after}
          onChange={(v) => set("feelings_after", v)}
          errors={errors.feelings_after}
        />
        <CheckboxGroup
          legend="Consequences"
          name="consequences"
          options={CONSEQUENCES}
          value={values.consequences}
          onChange={(v) => set("consequences", v)}
          errors={errors.consequences}
        />

        <div className="form-grid">
          <Field
            label="Self-blame (0–10)"
            name="self_blame"
            errors={errors.self_blame}
            hint="How much the client blames themselves. Leave it if you did not ask."
            optionalMark
          >
            {(p) => (
              <select
                {...p}
                value={values.self_blame}
                onChange={(e) => set("self_blame", e.target.value)}
              >
                <option value="">Not asked</option>
                {BLAME.map((n) => (
                  <option key={n} value={n}>
                    {n === 0 ? "0 — none" : n === 10 ? "10 — complete" : n}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>

        <Field label="Notes" name="notes" errors={errors.notes} optionalMark>
          {(p) => (
            <textarea
              {...p}
              rows={3}
              value={values.notes}
              onChange={(e) => set("notes", e.target.value)}
            />
          )}
        </Field>

        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || conflict}
          >
            {busy ? "Saving…" : existing ? "Save changes" : "Save episode"}
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
