import { useCallback, useId, useMemo, useRef, useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { ApiError } from "../api/client";
import { api, type PracticePatch } from "../api/endpoints";
import type { Paper, PracticeSettings as Settings } from "../api/types";
import { useAuth, useMe } from "../auth/AuthContext";
import {
  Field,
  FormAlert,
  Notice,
  focusFirstInvalid,
} from "../components/Field";
import { supportedTimeZones } from "../format";
import { useAsyncData, useTitle } from "../hooks";

/** The server's limits, in characters. */
const MAX_NAME = 200;
const MAX_CRISIS_TEXT = 2000;

const STALE =
  "Someone else changed the settings; here are the latest. Apply your change again.";

const CHECK_FIELDS = "Please check the highlighted fields.";

/** What the self-report page shows when the practice has no crisis text of its own. */
const DEFAULT_CRISIS =
  "call or text 988 (Suicide & Crisis Lifeline) at any hour, or call 911 in immediate danger";

const PAPERS: ReadonlyArray<{ value: Paper; label: string }> = [
  { value: "letter", label: "Letter (US)" },
  { value: "a4", label: "A4" },
];

/** Every setting as the form holds it; an empty crisis text means the default. */
interface Values {
  name: string;
  time_zone: string;
  part2_notice: boolean;
  crisis_text: string;
  report_paper: Paper;
  require_two_factor: boolean;
  note_due_days: string;
}

type FieldName = keyof Values;

const FIELD_LABELS: Record<FieldName, string> = {
  name: "Practice name",
  time_zone: "Time zone",
  part2_notice: "Part 2 notice",
  crisis_text: "Crisis line text",
  report_paper: "Report paper",
  require_two_factor: "Two-factor sign-in",
  note_due_days: "Notes due after",
};

function valuesFrom(s: Settings): Values {
  return {
    name: s.name,
    time_zone: s.time_zone,
    part2_notice: s.part2_notice,
    crisis_text: s.crisis_text ?? "",
    report_paper: s.report_paper,
    require_two_factor: s.require_two_factor,
    note_due_days: String(s.note_due_days),
  };
}

/** The fields of a PATCH: only what differs from the version read; no crisis text is null. */
function changedSettings(
  baseline: Values,
  values: Values,
): Omit<PracticePatch, "version"> {
  const patch: Omit<PracticePatch, "version"> = {};
  const name = values.name.trim();
  if (name !== baseline.name.trim()) patch.name = name;
  const zone = values.time_zone.trim();
  if (zone !== baseline.time_zone.trim()) patch.time_zone = zone;
  if (values.part2_notice !== baseline.part2_notice)
    patch.part2_notice = values.part2_notice;
  const crisis = values.crisis_text.trim();
  if (crisis !== baseline.crisis_text.trim())
    patch.crisis_text = crisis === "" ? null : crisis;
  if (values.report_paper !== baseline.report_paper)
    patch.report_paper = values.report_paper;
  if (values.require_two_factor !== baseline.require_two_factor)
    patch.require_two_factor = values.require_two_factor;
  if (values.note_due_days.trim() !== baseline.note_due_days.trim())
    patch.note_due_days = Number(values.note_due_days);
  return patch;
}

/** Characters as the server counts them (code points). */
function length(text: string): number {
  return Array.from(text).length;
}

/** Local checks that save a round trip; the server has the last word. */
function validate(values: Values): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const name = values.name.trim();
  if (!name) errors.name = ["Enter the practice's name."];
  else if (length(name) > MAX_NAME)
    errors.name = [`Use at most ${MAX_NAME} characters.`];
  if (!values.time_zone.trim())
    errors.time_zone = ["Enter a time zone, such as America/Chicago."];
  const due = Number(values.note_due_days);
  if (!Number.isInteger(due) || due < 1 || due > 30)
    errors.note_due_days = ["Enter a number of days from 1 to 30."];
  if (length(values.crisis_text.trim()) > MAX_CRISIS_TEXT)
    errors.crisis_text = [
      `Use at most ${MAX_CRISIS_TEXT.toLocaleString("en-US")} characters.`,
    ];
  return errors;
}

/** The owner's practice settings (`/settings`). */
export function PracticeSettings() {
  useTitle("Practice settings");
  const me = useMe();
  const load = useCallback(
    (signal: AbortSignal) => api.getPractice(signal),
    [],
  );
  const { data, error, loading, reload, setData } = useAsyncData(load);

  return (
    <div className="page page-narrow stack-large">
      <div className="page-header">
        <div>
          <h1>Practice settings</h1>
          <p className="page-subtitle">
            How everyone at {me.practice.name} works in Daybreak.
          </p>
        </div>
      </div>

      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error
              ? error.message
              : "Could not load the practice settings."
          }
        >
          <button
            type="button"
            className="button button-secondary"
            onClick={reload}
          >
            Try again
          </button>
        </FormAlert>
      )}
      {loading && !data && <p className="loading">Loading settings…</p>}
      {data && (
        <SettingsForm
          settings={data}
          refreshing={loading}
          onSaved={setData}
          onStale={reload}
        />
      )}
    </div>
  );
}

/** One form for every setting, saved at once against the version it was read at. */
function SettingsForm({
  settings,
  refreshing,
  onSaved,
  onStale,
}: {
  settings: Settings;
  /** The latest settings are being fetched: saving now would only meet a conflict. */
  refreshing: boolean;
  onSaved: (s: Settings) => void;
  onStale: () => void;
}) {
  const me = useMe();
  const { updateMe } = useAuth();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const crisisRef = useRef<HTMLTextAreaElement>(null);
  const zones = useMemo(() => supportedTimeZones(), []);
  const baseline = useMemo(() => valuesFrom(settings), [settings]);
  const [values, setValues] = useState(baseline);
  // The form follows the server's answer when a save or a reload brings a new version.
  const [shownVersion, setShownVersion] = useState(settings.version);
  if (shownVersion !== settings.version) {
    setShownVersion(settings.version);
    setValues(baseline);
  }
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  function set<K extends FieldName>(field: K, value: Values[K]) {
    setValues((v) => ({ ...v, [field]: value }));
    // "Saved" no longer describes the form once it is edited again.
    setNotice(null);
  }

  function restoreDefaultCrisisText() {
    set("crisis_text", "");
    crisisRef.current?.focus();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    setMessage(null);
    const local = validate(values);
    setFieldErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage(CHECK_FIELDS);
      focusFirstInvalid(formRef.current);
      return;
    }
    const patch = changedSettings(baseline, values);
    if (Object.keys(patch).length === 0) {
      setNotice("There are no changes to save.");
      return;
    }
    setBusy(true);
    try {
      const updated = await api.updatePractice({
        ...patch,
        version: settings.version,
      });
      onSaved(updated);
      setNotice(
        patch.require_two_factor === undefined
          ? "Settings saved."
          : updated.require_two_factor
            ? "Saved. Every staff member now signs in with two-factor."
            : "Saved. Two-factor sign-in is now each member's choice.",
      );
      // The header, the days shown everywhere and the two-factor gate follow the new settings;
      // an owner without two-factor is taken to its setup right away.
      updateMe({
        practice: {
          ...me.practice,
          name: updated.name,
          time_zone: updated.time_zone,
        },
        two_factor_required: updated.require_two_factor,
      });
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ status: 0 });
      if (err.status === 409) {
        setFieldErrors({});
        setMessage(STALE);
        onStale();
      } else {
        setFieldErrors(err.fieldErrors);
        setMessage(err.hasFieldErrors ? CHECK_FIELDS : err.message);
        focusFirstInvalid(formRef.current);
      }
    } finally {
      setBusy(false);
    }
  }

  // Errors the server reported for fields this form does not show still deserve a place.
  const otherErrors = Object.entries(fieldErrors).filter(
    ([field]) => !(field in FIELD_LABELS),
  );
  const crisisEmpty = values.crisis_text.trim() === "";

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="stack-large">
      <section className="card card-padded" aria-labelledby={`${id}-practice`}>
        <h2 id={`${id}-practice`} className="section-title">
          Practice
        </h2>
        <div className="stack">
          <Field
            label="Practice name"
            name="name"
            errors={fieldErrors.name}
            hint="Shown on progress reports and on the client's self-report page."
            required
          >
            {(p) => (
              <input
                {...p}
                type="text"
                autoComplete="organization"
                value={values.name}
                onChange={(e) => set("name", e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Time zone"
            name="time_zone"
            errors={fieldErrors.time_zone}
            hint={
              zones
                ? "Calendar days (check-ins, relapses, report periods) are days in this zone."
                : "Calendar days (check-ins, relapses, report periods) are days in this zone. Use its IANA name, such as America/Chicago."
            }
            required
          >
            {(p) =>
              zones ? (
                <select
                  {...p}
                  value={values.time_zone}
                  onChange={(e) => set("time_zone", e.target.value)}
                >
                  {!zones.includes(values.time_zone) && (
                    <option value={values.time_zone}>
                      {values.time_zone.replace(/_/g, " ")}
                    </option>
                  )}
                  {zones.map((z) => (
                    <option key={z} value={z}>
                      {z.replace(/_/g, " ")}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  {...p}
                  type="text"
                  autoComplete="off"
                  autoCapitalize="off"
                  spellCheck={false}
                  value={values.time_zone}
                  onChange={(e) => set("time_zone", e.target.value)}
                />
              )
            }
          </Field>
        </div>
      </section>

      <section className="card card-padded" aria-labelledby={`${id}-reports`}>
        <h2 id={`${id}-reports`} className="section-title">
          Progress reports
        </h2>
        <div className="stack">
          <Checkbox
            label="Add the 42 CFR Part 2 redisclosure notice to progress reports"
            hint="On by default. Progress reports hold substance use treatment records; the notice tells whoever receives one that federal confidentiality rules (42 CFR Part 2) limit what they may do with it."
            errors={fieldErrors.part2_notice}
            checked={values.part2_notice}
            onChange={(checked) => set("part2_notice", checked)}
          />
          {!values.part2_notice && settings.part2_notice && (
            <Notice tone="warning">
              After saving, progress reports leave out the redisclosure notice.
              Keep it on if your practice is covered by 42 CFR Part 2.
            </Notice>
          )}
          <PaperChoice
            value={values.report_paper}
            onChange={(paper) => set("report_paper", paper)}
            errors={fieldErrors.report_paper}
          />
        </div>
      </section>

      <section className="card card-padded" aria-labelledby={`${id}-notes`}>
        <h2 id={`${id}-notes`} className="section-title">
          Session notes
        </h2>
        <div className="stack">
          <Field
            label="Notes due after (days)"
            name="note_due_days"
            errors={fieldErrors.note_due_days}
            hint="An attended appointment still without a signed note this many days later is listed as due for its clinician."
          >
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={1}
                max={30}
                value={values.note_due_days}
                onChange={(e) => set("note_due_days", e.target.value)}
              />
            )}
          </Field>
        </div>
      </section>

      <section className="card card-padded" aria-labelledby={`${id}-client`}>
        <h2 id={`${id}-client`} className="section-title">
          Client self-report page
        </h2>
        <div className="stack">
          <Field
            label="Crisis line text"
            name="crisis_text"
            errors={fieldErrors.crisis_text}
            hint={
              crisisEmpty
                ? `Shown to a client on their self-report page after a hard day. Left empty, it is the default text: ${DEFAULT_CRISIS}.`
                : `Shown to a client on their self-report page after a hard day, instead of the default text. At most ${MAX_CRISIS_TEXT.toLocaleString("en-US")} characters.`
            }
            optionalMark
          >
            {(p) => (
              <textarea
                {...p}
                ref={crisisRef}
                rows={4}
                value={values.crisis_text}
                onChange={(e) => set("crisis_text", e.target.value)}
              />
            )}
          </Field>
          {!crisisEmpty && (
            <div className="form-actions">
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={restoreDefaultCrisisText}
              >
                Use the default text
              </button>
            </div>
          )}
        </div>
      </section>

      <section className="card card-padded" aria-labelledby={`${id}-security`}>
        <h2 id={`${id}-security`} className="section-title">
          Sign-in security
        </h2>
        <div className="stack">
          <Checkbox
            label="Require two-factor sign-in for all staff"
            hint="Members without it will be asked to set it up before they can open any record."
            errors={fieldErrors.require_two_factor}
            checked={values.require_two_factor}
            onChange={(checked) => set("require_two_factor", checked)}
          />
          {values.require_two_factor &&
            !settings.require_two_factor &&
            !me.two_factor_enabled && (
              <Notice tone="warning">
                You have not set up two-factor sign-in yourself yet. After
                saving, Daybreak takes you to its setup first.
              </Notice>
            )}
        </div>
      </section>

      {notice && <Notice tone="success">{notice}</Notice>}
      {(message || otherErrors.length > 0) && (
        <FormAlert message={message}>
          {otherErrors.length > 0 && (
            <ul>
              {otherErrors.map(([field, msgs]) => (
                <li key={field}>
                  {field.replace(/_/g, " ")}: {msgs.join(" ")}
                </li>
              ))}
            </ul>
          )}
        </FormAlert>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || refreshing}
        >
          {busy ? "Saving…" : "Save"}
        </button>
      </div>
    </form>
  );
}

/** A checkbox with its hint and errors, tied together for screen readers. */
function Checkbox({
  label,
  hint,
  errors,
  checked,
  onChange,
}: {
  label: string;
  hint: ReactNode;
  errors?: string[];
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  return (
    <div className={`checkbox-field${errorId ? " field-invalid" : ""}`}>
      <label className="choice">
        <input
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={[`${id}-hint`, errorId].filter(Boolean).join(" ")}
        />
        <span>{label}</span>
      </label>
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {errorId && (
        <p id={errorId} className="field-error">
          {errors!.join(" ")}
        </p>
      )}
    </div>
  );
}

/** The paper size progress reports are laid out on. */
function PaperChoice({
  value,
  onChange,
  errors,
}: {
  value: Paper;
  onChange: (paper: Paper) => void;
  errors?: string[];
}) {
  const id = useId();
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  return (
    <fieldset
      className={`choices${errorId ? " field-invalid" : ""}`}
      aria-describedby={[`${id}-hint`, errorId].filter(Boolean).join(" ")}
    >
      <legend className="field-label">Report paper</legend>
      <p id={`${id}-hint`} className="field-hint">
        The paper size progress reports are laid out on.
      </p>
      <div className="choice-row">
        {PAPERS.map((p) => (
          <label key={p.value} className="choice">
            <input
              type="radio"
              name={`${id}-paper`}
              value={p.value}
              checked={value === p.value}
              onChange={() => onChange(p.value)}
              aria-invalid={errorId ? true : undefined}
            />
            <span>{p.label}</span>
          </label>
        ))}
      </div>
      {errorId && (
        <p id={errorId} className="field-error">
          {errors!.join(" ")}
        </p>
      )}
    </fieldset>
  );
}
