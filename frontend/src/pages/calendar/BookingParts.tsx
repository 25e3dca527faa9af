import { useId } from "react";
import { Field } from "../../components/Field";
import type { BookingValues, EndsChoice, RepeatChoice } from "./bookingValues";

const REPEATS: ReadonlyArray<{ value: RepeatChoice; label: string }> = [
  { value: "none", label: "Does not repeat" },
  { value: "1", label: "Every week" },
  { value: "2", label: "Every two weeks" },
];

/** Online (telehealth), or in person at a place: a room or an address. */
export function PlaceFields({
  values,
  errors,
  onChange,
}: {
  values: BookingValues;
  errors: Record<string, string[] | undefined>;
  onChange: (patch: Partial<BookingValues>) => void;
}) {
  return (
    <>
      <label className="choice">
        <input
          type="checkbox"
          checked={values.telehealth}
          onChange={(e) => onChange({ telehealth: e.target.checked })}
        />
        <span>Online (telehealth)</span>
      </label>
      {!values.telehealth && (
        <Field
          label="Location"
          name="location"
          errors={errors.location}
          hint="Optional: a room or an address."
          className="booking-location"
        >
          {(p) => (
            <input
              {...p}
              type="text"
              maxLength={200}
              value={values.location}
              onChange={(e) => onChange({ location: e.target.value })}
            />
          )}
        </Field>
      )}
    </>
  );
}

function repeatOf(value: string): RepeatChoice {
  return REPEATS.find((r) => r.value === value)?.value ?? "none";
}

/**
 * Whether a booking repeats (every week or every two weeks) and, when it does, how the series
 * ends: after a number of appointments (at most 52) or on a day.
 */
export function RepeatFields({
  values,
  errors,
  onChange,
}: {
  values: BookingValues;
  errors: Record<string, string[] | undefined>;
  onChange: (patch: Partial<BookingValues>) => void;
}) {
  const id = useId();
  const ends = (choice: EndsChoice) => onChange({ ends: choice });
  return (
    <div className="stack booking-repeat">
      <Field label="Repeat" name="repeat" errors={errors.repeat}>
        {(p) => (
          <select
            {...p}
            value={values.repeat}
            onChange={(e) => onChange({ repeat: repeatOf(e.target.value) })}
          >
            {REPEATS.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {values.repeat !== "none" && (
        <fieldset className="choices">
          <legend className="field-label">Ends</legend>
          <div className="booking-ends">
            <label className="choice">
              <input
                type="radio"
                name={`${id}-ends`}
                value="count"
                checked={values.ends === "count"}
                onChange={() => ends("count")}
              />
              <span>After a number of appointments</span>
            </label>
            {values.ends === "count" && (
              <Field
                label="Number of appointments"
                name="count"
                errors={errors.count}
                hint="This one included; at most 52."
                className="booking-ends-field"
              >
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={52}
                    value={values.count}
                    onChange={(e) => onChange({ count: e.target.value })}
                  />
                )}
              </Field>
            )}
            <label className="choice">
              <input
                type="radio"
                name={`${id}-ends`}
                value="until"
                checked={values.ends === "until"}
                onChange={() => ends("until")}
              />
              <span>On a date</span>
            </label>
            {values.ends === "until" && (
              <Field
                label="End date"
                name="until"
                errors={errors.until}
                hint="The last day an appointment may fall on."
                className="booking-ends-field"
              >
                {(p) => (
                  <input
                    {...p}
                    type="date"
                    min={values.day || undefined}
                    value={values.until}
                    onChange={(e) => onChange({ until: e.target.value })}
                  />
                )}
              </Field>
            )}
          </div>
        </fieldset>
      )}
    </div>
  );
}
