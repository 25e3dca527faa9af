import { api } from "../../api/endpoints";
import type {
  PlanMeeting,
  RelapsePreventionPlan,
  RelapsePreventionPlanInput,
} from "../../api/types";
import { labelFor, optionOf, TRIGGER_GROUPS, TRIGGERS } from "../../clinical";
import { CheckboxGroup } from "../../components/Choices";
import { Field } from "../../components/Field";
import { PERSON_ROLES, WEEKDAYS } from "../../domain";
import { asSentences } from "../../format";
import {
  blankMeeting,
  blankPerson,
  LONGEST_ITEM,
  relapsePreventionDraft,
  relapsePreventionInput,
  type FieldErrors,
  type RelapsePreventionDraft,
} from "./planDrafts";
import { RowListEditor, TextListEditor } from "./PlanListEditor";
import { NameField, PhoneField } from "./PlanRowFields";
import type { PlanKind } from "./PlanSection";
import { PlanPart, Phone, type HeadingLevel } from "./PlanViewParts";

/** "Tuesday night AA · Tuesdays at 19:30 · St. Mark's hall · https://…" */
function meetingLine(m: PlanMeeting) {
  const day = WEEKDAYS.find((d) => d.value === m.day_of_week)?.plural;
  const when = [day, m.time && `at ${m.time}`].filter(Boolean).join(" ");
  return (
    <>
      <strong>{m.name}</strong>
      {[when, m.place]
        .filter(Boolean)
        .map((part) => ` · ${part}`)
        .join("")}
      {m.url && (
        <>
          {" · "}
          <a href={m.url} target="_blank" rel="noreferrer noopener">
            {m.url}
          </a>
        </>
      )}
    </>
  );
}

export function RelapsePreventionView({
  plan,
  level,
}: {
  plan: RelapsePreventionPlan;
  level: HeadingLevel;
}) {
  return (
    <div className="plan-view">
      <PlanPart
        level={level}
        title="Warning signs"
        items={plan.warning_signs ?? []}
      />
      <PlanPart
        level={level}
        title="High-risk situations"
        items={(plan.high_risk_situations ?? []).map((t) =>
          labelFor(TRIGGERS, t),
        )}
      />
      <PlanPart
        level={level}
        title="Coping steps, in order"
        ordered
        items={plan.coping_steps ?? []}
      />
      <PlanPart
        level={level}
        title="Reasons for recovery"
        items={plan.reasons ?? []}
      />
      <PlanPart
        level={level}
        title="People to call"
        items={(plan.people ?? []).map((p) => (
          <>
            <strong>{p.name}</strong> ({labelFor(PERSON_ROLES, p.role)})
            <Phone number={p.phone} />
          </>
        ))}
      />
      <PlanPart
        level={level}
        title="Meetings"
        items={(plan.meetings ?? []).map(meetingLine)}
      />
    </div>
  );
}

const IN_THEIR_WORDS = "In their words, e.g.";

export function RelapsePreventionEditor({
  draft,
  onChange,
  errors,
}: {
  draft: RelapsePreventionDraft;
  onChange: (draft: RelapsePreventionDraft) => void;
  errors: FieldErrors;
}) {
  const set = <K extends keyof RelapsePreventionDraft>(
    key: K,
    value: RelapsePreventionDraft[K],
  ) => onChange({ ...draft, [key]: value });
  return (
    <div className="stack-large">
      <TextListEditor
        legend="Warning signs"
        hint="Thoughts, feelings and situations that come before a slip."
        name="warning_signs"
        itemLabel="Warning sign"
        addLabel="Add a warning sign"
        placeholder={`${IN_THEIR_WORDS} “I stop answering texts”`}
        rows={draft.warning_signs}
        onChange={(rows) => set("warning_signs", rows)}
        errors={errors}
      />
      <CheckboxGroup
        legend="High-risk situations"
        hint="The same words as a relapse’s triggers, so an episode can be compared with the plan."
        name="high_risk_situations"
        groups={TRIGGER_GROUPS}
        value={draft.high_risk_situations}
        onChange={(v) => set("high_risk_situations", v)}
        errors={asSentences(errors.high_risk_situations, "This list")}
      />
      <TextListEditor
        legend="Coping steps, in order"
        hint="What they do instead, first step first."
        name="coping_steps"
        itemLabel="Step"
        addLabel="Add a step"
        placeholder={`${IN_THEIR_WORDS} “I call my sister before I go out”`}
        rows={draft.coping_steps}
        onChange={(rows) => set("coping_steps", rows)}
        errors={errors}
        ordered
      />
      <TextListEditor
        legend="Reasons for recovery"
        name="reasons"
        itemLabel="Reason"
        addLabel="Add a reason"
        placeholder={`${IN_THEIR_WORDS} “To be there for my kids”`}
        rows={draft.reasons}
        onChange={(rows) => set("reasons", rows)}
        errors={errors}
      />
      <RowListEditor
        legend="People to call"
        name="people"
        itemLabel="Person"
        addLabel="Add a person"
        rows={draft.people}
        onChange={(rows) => set("people", rows)}
        blank={blankPerson}
        errors={errors}
        fields={(row, update, errorsOf, added) => (
          <>
            <NameField
              value={row.name}
              onChange={(name) => update({ name })}
              errors={errorsOf("name")}
              added={added}
            />
            <Field label="How they help" name="role" errors={errorsOf("role")}>
              {(p) => (
                <select
                  {...p}
                  value={row.role}
                  onChange={(e) =>
                    update({
                      role: optionOf(PERSON_ROLES, e.target.value) ?? "other",
                    })
                  }
                >
                  {PERSON_ROLES.map((r) => (
                    <option key={r.value} value={r.value}>
                      {r.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <PhoneField
              value={row.phone}
              onChange={(phone) => update({ phone })}
              errors={errorsOf("phone")}
            />
          </>
        )}
      />
      <RowListEditor
        legend="Meetings"
        name="meetings"
        itemLabel="Meeting"
        addLabel="Add a meeting"
        rows={draft.meetings}
        onChange={(rows) => set("meetings", rows)}
        blank={blankMeeting}
        errors={errors}
        fields={(row, update, errorsOf, added) => (
          <>
            <NameField
              value={row.name}
              onChange={(name) => update({ name })}
              errors={errorsOf("name")}
              added={added}
              placeholder="e.g. Tuesday night AA"
            />
            <Field
              label="Day"
              name="day_of_week"
              errors={errorsOf("day_of_week")}
              optionalMark
            >
              {(p) => (
                <select
                  {...p}
                  value={row.day_of_week}
                  onChange={(e) =>
                    update({
                      day_of_week: optionOf(WEEKDAYS, e.target.value) ?? "",
                    })
                  }
                >
                  <option value="">Not set</option>
                  {WEEKDAYS.map((d) => (
                    <option key={d.value} value={d.value}>
                      {d.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              label="Time"
              name="time"
              errors={asSentences(errorsOf("time"), "The time")}
              optionalMark
            >
              {(p) => (
                <input
                  {...p}
                  type="time"
                  value={row.time}
                  onChange={(e) => update({ time: e.target.value })}
                />
              )}
            </Field>
            <Field
              label="Place"
              name="place"
              errors={asSentences(errorsOf("place"), "The place")}
              optionalMark
            >
              {(p) => (
                <input
                  {...p}
                  type="text"
                  autoComplete="off"
                  maxLength={LONGEST_ITEM}
                  value={row.place}
                  onChange={(e) => update({ place: e.target.value })}
                />
              )}
            </Field>
            <Field
              label="Online address"
              name="url"
              errors={asSentences(errorsOf("url"), "The address")}
              hint="For an online meeting, starting with https://"
              optionalMark
            >
              {(p) => (
                <input
                  {...p}
                  type="url"
                  autoComplete="off"
                  maxLength={500}
                  value={row.url}
                  onChange={(e) => update({ url: e.target.value })}
                />
              )}
            </Field>
          </>
        )}
      />
    </div>
  );
}

/** The relapse-prevention plan, as the Plan tab loads, shows, edits and saves it. */
export const RELAPSE_PREVENTION: PlanKind<
  RelapsePreventionPlan,
  RelapsePreventionDraft,
  Omit<RelapsePreventionPlanInput, "version">
> = {
  id: "relapse-prevention-plan",
  title: "Relapse-prevention plan",
  noun: "relapse-prevention plan",
  fields: [
    "warning_signs",
    "high_risk_situations",
    "coping_steps",
    "reasons",
    "people",
    "meetings",
  ],
  emptyText: "No relapse-prevention plan yet.",
  writeLabel: "Write a relapse-prevention plan",
  load: api.getRelapsePreventionPlan,
  versions: api.listRelapsePreventionPlanVersions,
  save: (clientId, body, version) =>
    api.saveRelapsePreventionPlan(clientId, { ...body, version }),
  toDraft: relapsePreventionDraft,
  build: relapsePreventionInput,
  View: RelapsePreventionView,
  Editor: RelapsePreventionEditor,
};
