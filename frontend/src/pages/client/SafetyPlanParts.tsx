import { api } from "../../api/endpoints";
import type { PlanContact, SafetyPlan, SafetyPlanInput } from "../../api/types";
import {
  blankContact,
  safetyDraft,
  safetyInput,
  type ContactRow,
  type FieldErrors,
  type SafetyDraft,
} from "./planDrafts";
import { RowListEditor, TextListEditor } from "./PlanListEditor";
import { NameField, PhoneField } from "./PlanRowFields";
import type { PlanKind } from "./PlanSection";
import { PlanPart, Phone, type HeadingLevel } from "./PlanViewParts";

/** The six steps in Daybreak's own words, as the client's page shows them. */
export const SAFETY_STEPS = {
  warning_signs: "1. Warning signs that a crisis may be coming",
  coping_alone: "2. Things I can do on my own to feel calmer",
  distractions: "3. People and places that take my mind off things",
  people_to_ask: "4. People I can ask for help",
  professionals: "5. Professionals and crisis lines",
  safer_surroundings: "6. Making my surroundings safer",
} as const;

const ALWAYS_SHOWN =
  "988 and the practice’s crisis text are always shown on the client’s page.";

function contacts(items: PlanContact[] | undefined) {
  return (items ?? []).map((c) => (
    <>
      <strong>{c.name}</strong>
      <Phone number={c.phone} />
    </>
  ));
}

export function SafetyPlanView({
  plan,
  level,
}: {
  plan: SafetyPlan;
  level: HeadingLevel;
}) {
  return (
    <div className="stack">
      <p className={plan.enabled ? "plan-shown" : "plan-shown plan-hidden"}>
        {plan.enabled
          ? "Shown on the client’s phone."
          : "Not shown on the client’s phone: kept in the chart only."}
      </p>
      <div className="plan-view">
        <PlanPart
          level={level}
          title={SAFETY_STEPS.warning_signs}
          items={plan.warning_signs ?? []}
        />
        <PlanPart
          level={level}
          title={SAFETY_STEPS.coping_alone}
          items={plan.coping_alone ?? []}
        />
        <PlanPart
          level={level}
          title={SAFETY_STEPS.distractions}
          items={plan.distractions ?? []}
        />
        <PlanPart
          level={level}
          title={SAFETY_STEPS.people_to_ask}
          items={contacts(plan.people_to_ask)}
        />
        <PlanPart
          level={level}
          title={SAFETY_STEPS.professionals}
          items={contacts(plan.professionals)}
          note={ALWAYS_SHOWN}
        />
        <PlanPart
          level={level}
          title={SAFETY_STEPS.safer_surroundings}
          items={plan.safer_surroundings ?? []}
        />
      </div>
    </div>
  );
}

function ContactsEditor({
  legend,
  hint,
  name,
  itemLabel,
  addLabel,
  namePlaceholder,
  rows,
  onChange,
  errors,
}: {
  legend: string;
  hint?: string;
  name: string;
  itemLabel: string;
  addLabel: string;
  namePlaceholder: string;
  rows: ContactRow[];
  onChange: (rows: ContactRow[]) => void;
  errors: FieldErrors;
}) {
  return (
    <RowListEditor
      legend={legend}
      hint={hint}
      name={name}
      itemLabel={itemLabel}
      addLabel={addLabel}
      rows={rows}
      onChange={onChange}
      blank={blankContact}
      errors={errors}
      fields={(row, update, errorsOf, added) => (
        <>
          <NameField
            value={row.name}
            onChange={(name) => update({ name })}
            errors={errorsOf("name")}
            added={added}
            placeholder={namePlaceholder}
          />
          <PhoneField
            value={row.phone}
            onChange={(phone) => update({ phone })}
            errors={errorsOf("phone")}
          />
        </>
      )}
    />
  );
}

export function SafetyPlanEditor({
  draft,
  onChange,
  errors,
}: {
  draft: SafetyDraft;
  onChange: (draft: SafetyDraft) => void;
  errors: FieldErrors;
}) {
  const set = <K extends keyof SafetyDraft>(key: K, value: SafetyDraft[K]) =>
    onChange({ ...draft, [key]: value });
  const words = (example: string) => `In their words, e.g. “${example}”`;
  return (
    <div className="stack-large">
      <div className="checkbox-field">
        <label className="choice">
          <input
            type="checkbox"
            name="enabled"
            checked={draft.enabled}
            onChange={(e) => set("enabled", e.target.checked)}
          />
          <span>Show the safety plan on the client’s phone</span>
        </label>
        <p className="field-hint">
          When it is off, the plan stays in the chart only.
        </p>
      </div>
      <TextListEditor
        legend={SAFETY_STEPS.warning_signs}
        name="warning_signs"
        itemLabel="Warning sign"
        addLabel="Add a warning sign"
        placeholder={words("I stop answering texts")}
        rows={draft.warning_signs}
        onChange={(rows) => set("warning_signs", rows)}
        errors={errors}
      />
      <TextListEditor
        legend={SAFETY_STEPS.coping_alone}
        name="coping_alone"
        itemLabel="Thing to do"
        addLabel="Add something to do"
        placeholder={words("I take the dog out for a long walk")}
        rows={draft.coping_alone}
        onChange={(rows) => set("coping_alone", rows)}
        errors={errors}
      />
      <TextListEditor
        legend={SAFETY_STEPS.distractions}
        name="distractions"
        itemLabel="Person or place"
        addLabel="Add a person or place"
        placeholder={words("The library on Main Street")}
        rows={draft.distractions}
        onChange={(rows) => set("distractions", rows)}
        errors={errors}
      />
      <ContactsEditor
        legend={SAFETY_STEPS.people_to_ask}
        name="people_to_ask"
        itemLabel="Person"
        addLabel="Add a person"
        namePlaceholder="e.g. My sister Ana"
        rows={draft.people_to_ask}
        onChange={(rows) => set("people_to_ask", rows)}
        errors={errors}
      />
      <ContactsEditor
        legend={SAFETY_STEPS.professionals}
        hint={ALWAYS_SHOWN}
        name="professionals"
        itemLabel="Professional or line"
        addLabel="Add a professional or line"
        namePlaceholder="e.g. Dr. Patel, or the county crisis line"
        rows={draft.professionals}
        onChange={(rows) => set("professionals", rows)}
        errors={errors}
      />
      <TextListEditor
        legend={SAFETY_STEPS.safer_surroundings}
        name="safer_surroundings"
        itemLabel="Step"
        addLabel="Add a step"
        placeholder={words("My brother keeps my pills this month")}
        rows={draft.safer_surroundings}
        onChange={(rows) => set("safer_surroundings", rows)}
        errors={errors}
      />
    </div>
  );
}

/** The safety plan, as the Plan tab loads, shows, edits and saves it. */
export const SAFETY: PlanKind<
  SafetyPlan,
  SafetyDraft,
  Omit<SafetyPlanInput, "version">
> = {
  id: "safety-plan",
  title: "Safety plan",
  noun: "safety plan",
  fields: [
    "warning_signs",
    "coping_alone",
    "distractions",
    "people_to_ask",
    "professionals",
    "safer_surroundings",
  ],
  emptyText: "No safety plan. Write one for a client at risk.",
  writeLabel: "Write a safety plan",
  load: api.getSafetyPlan,
  versions: api.listSafetyPlanVersions,
  save: (clientId, body, version) =>
    api.saveSafetyPlan(clientId, { ...body, version }),
  toDraft: safetyDraft,
  build: safetyInput,
  View: SafetyPlanView,
  Editor: SafetyPlanEditor,
};
