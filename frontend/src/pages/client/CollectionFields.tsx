import type { ScreenMethod, Specimen } from "../../api/types";
import { optionOf, SCREEN_METHODS, SPECIMENS } from "../../clinical";
import { Field } from "../../components/Field";

/** When and how specimens were collected: the date and time are on the practice's clocks. */
export interface Collection {
  day: string;
  time: string;
  specimen: Specimen;
  method: ScreenMethod;
  observed: boolean;
}

/**
 * The collection's fields, shared by one client's screen and a group's morning of screens:
 * date and time collected (practice time), specimen, method and whether it was observed.
 */
export function CollectionFields({
  values,
  errors,
  timeZone,
  observedLabel = "The collection was observed",
  onChange,
}: {
  values: Collection;
  errors: Record<string, string[] | undefined>;
  timeZone: string;
  observedLabel?: string;
  onChange: (patch: Partial<Collection>) => void;
}) {
  return (
    <fieldset className="form-section">
      <legend>Collection</legend>
      <div className="stack">
        <div className="form-grid">
          <Field
            label="Date collected"
            name="collected_on"
            errors={errors.collected_at}
            required
          >
            {(p) => (
              <input
                {...p}
                type="date"
                value={values.day}
                onChange={(e) => onChange({ day: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Time collected"
            name="collected_time"
            hint={`Practice time (${timeZone}).`}
            required
          >
            {(p) => (
              <input
                {...p}
                type="time"
                value={values.time}
                onChange={(e) => onChange({ time: e.target.value })}
              />
            )}
          </Field>
          <Field label="Specimen" name="specimen" errors={errors.specimen}>
            {(p) => (
              <select
                {...p}
                value={values.specimen}
                onChange={(e) =>
                  onChange({
                    specimen: optionOf(SPECIMENS, e.target.value) ?? "urine",
                  })
                }
              >
                {SPECIMENS.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Method" name="method" errors={errors.method}>
            {(p) => (
              <select
                {...p}
                value={values.method}
                onChange={(e) =>
                  onChange({
                    method:
                      optionOf(SCREEN_METHODS, e.target.value) ??
                      "point_of_care",
                  })
                }
              >
                {SCREEN_METHODS.map((m) => (
                  <option key={m.value} value={m.value}>
                    {m.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <label className="choice screen-choice">
          <input
            type="checkbox"
            checked={values.observed}
            onChange={(e) => onChange({ observed: e.target.checked })}
          />
          <span>{observedLabel}</span>
        </label>
      </div>
    </fieldset>
  );
}
