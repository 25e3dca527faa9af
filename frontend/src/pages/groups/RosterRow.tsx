import { useId } from "react";
import { Link } from "react-router";
import type { RosterEntry } from "../../api/types";
import { labelFor, optionOf } from "../../clinical";
import { Field } from "../../components/Field";
import {
  asksMinutes,
  attended,
  GROUP_ATTENDANCE,
  sectionLabel,
} from "./groupValues";
import type { RowDraft, RowErrors } from "./rosterValues";

/** " for José Álvarez", heard by a screen reader after a field's label, not seen. */
function Whose({ name }: { name: string }) {
  return (
    <>
      {" "}
      <span className="visually-hidden">for {name}</span>
    </>
  );
}

/**
 * One member's row of the roster grid: their attendance (and minutes when late or leaving
 * early) and, for clinical staff and a member who attended, their participation and their own
 * note sections. Read-only once the session is signed or cancelled, with a link to the note.
 */
export function RosterRow({
  entry,
  draft,
  format,
  sectionKeys,
  sessionMinutes,
  clinical,
  canRecord,
  canWrite,
  errors,
  onChange,
}: {
  entry: RosterEntry;
  draft: RowDraft;
  format: string;
  sectionKeys: string[];
  sessionMinutes: number;
  clinical: boolean;
  /** A draft that has started: attendance can be recorded. */
  canRecord: boolean;
  /** A draft: clinical staff write the member's part. */
  canWrite: boolean;
  errors: RowErrors | undefined;
  onChange: (draft: RowDraft) => void;
}) {
  const id = useId();
  const name = entry.client_name ?? "A member";
  const invalid = Boolean(
    errors &&
    (errors.status ||
      errors.minutes ||
      errors.individual ||
      errors.other.length > 0 ||
      Object.keys(errors.sections).length > 0),
  );
  const change = (patch: Partial<RowDraft>) => onChange({ ...draft, ...patch });
  const showText = clinical && attended(draft.status);
  const statusText = draft.status
    ? labelFor(GROUP_ATTENDANCE, draft.status)
    : "Not recorded";

  return (
    <li
      className={`roster-row${invalid ? " roster-row-invalid" : ""}${
        attended(draft.status) ? "" : " roster-row-away"
      }`}
      aria-labelledby={`${id}-name`}
    >
      <div className="roster-head">
        <h3 className="roster-name" id={`${id}-name`}>
          {name}
        </h3>
        {canRecord ? (
          <div className="roster-attendance">
            <Field
              label={
                <>
                  Attendance
                  <Whose name={name} />
                </>
              }
              name="status"
              errors={errors?.status}
              className="roster-status"
            >
              {(p) => (
                <select
                  {...p}
                  value={draft.status}
                  onChange={(e) => {
                    const status =
                      optionOf(GROUP_ATTENDANCE, e.target.value) ?? "";
                    // Late or leaving early: the whole session's minutes are not what is meant.
                    const whole =
                      draft.minutes.trim() === String(sessionMinutes);
                    change({
                      status,
                      ...(asksMinutes(status) && whole ? { minutes: "" } : {}),
                    });
                  }}
                >
                  {!entry.status && <option value="">Not recorded</option>}
                  {GROUP_ATTENDANCE.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {asksMinutes(draft.status) && (
              <Field
                label={
                  <>
                    Minutes attended
                    <Whose name={name} />
                  </>
                }
                name="minutes"
                errors={errors?.minutes}
                hint={`Of ${sessionMinutes}.`}
                className="roster-minutes"
              >
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={sessionMinutes}
                    value={draft.minutes}
                    onChange={(e) => change({ minutes: e.target.value })}
                  />
                )}
              </Field>
            )}
          </div>
        ) : (
          <p className="roster-status-text">
            {statusText}
            {asksMinutes(draft.status) &&
              draft.minutes &&
              ` · ${draft.minutes} of ${sessionMinutes} minutes`}
          </p>
        )}
        {entry.note_id &&
          (clinical && entry.chart_open ? (
            <Link
              className="roster-note-link"
              to={`/clients/${entry.client_id}?tab=notes`}
            >
              Open <span className="visually-hidden">{name}’s</span> note
            </Link>
          ) : (
            <span className="roster-note-link">Note signed in their chart</span>
          ))}
      </div>
      {errors && errors.other.length > 0 && (
        <p className="field-error">{errors.other.join(" ")}</p>
      )}
      {showText &&
        (canWrite ? (
          <div className="roster-texts">
            <Field
              label={
                <>
                  Participation
                  <Whose name={name} />
                </>
              }
              name="participation"
              errors={errors?.individual}
            >
              {(p) => (
                <textarea
                  {...p}
                  rows={3}
                  value={draft.individual}
                  onChange={(e) => change({ individual: e.target.value })}
                />
              )}
            </Field>
            {sectionKeys.map((key) => (
              <Field
                key={key}
                label={
                  <>
                    {sectionLabel(format, key)}
                    <Whose name={name} />
                  </>
                }
                name={`section-${key}`}
                errors={errors?.sections[key]}
              >
                {(p) => (
                  <textarea
                    {...p}
                    rows={3}
                    value={draft.sections[key] ?? ""}
                    onChange={(e) =>
                      change({
                        sections: { ...draft.sections, [key]: e.target.value },
                      })
                    }
                  />
                )}
              </Field>
            ))}
          </div>
        ) : (
          <dl className="roster-texts roster-texts-read">
            <div>
              <dt>Participation</dt>
              <dd>{draft.individual || <span className="muted">—</span>}</dd>
            </div>
            {sectionKeys.map((key) => (
              <div key={key}>
                <dt>{sectionLabel(format, key)}</dt>
                <dd>
                  {draft.sections[key] || <span className="muted">—</span>}
                </dd>
              </div>
            ))}
          </dl>
        ))}
    </li>
  );
}
