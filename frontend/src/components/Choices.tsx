import { useId } from "react";
import type { Option, OptionGroup } from "../clinical";

function toggle<V extends string>(list: V[], value: V, on: boolean): V[] {
  if (on) return list.includes(value) ? list : [...list, value];
  return list.filter((v) => v !== value);
}

function Boxes<V extends string>({
  name,
  options,
  value,
  onChange,
}: {
  name: string;
  options: ReadonlyArray<Option<V>>;
  value: V[];
  onChange: (value: V[]) => void;
}) {
  return (
    <div className="choice-grid">
      {options.map((o) => (
        <label key={o.value} className="choice">
          <input
            type="checkbox"
            name={name}
            value={o.value}
            checked={value.includes(o.value)}
            onChange={(e) => onChange(toggle(value, o.value, e.target.checked))}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </div>
  );
}

/** A fieldset of checkboxes for a list field, optionally split into labelled groups. */
export function CheckboxGroup<V extends string>({
  legend,
  name,
  options,
  groups,
  value,
  onChange,
  errors,
  hint,
}: {
  legend: string;
  name: string;
  options?: ReadonlyArray<Option<V>>;
  groups?: ReadonlyArray<OptionGroup<V>>;
  value: V[];
  onChange: (value: V[]) => void;
  errors?: string[];
  hint?: string;
}) {
  const id = useId();
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset
      className={`choices${errorId ? " field-invalid" : ""}`}
      aria-describedby={describedBy}
    >
      <legend className="field-label">{legend}</legend>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {groups
        ? groups.map((g) => (
            <fieldset key={g.label} className="choice-subgroup">
              <legend>{g.label}</legend>
              <Boxes
                name={name}
                options={g.options}
                value={value}
                onChange={onChange}
              />
            </fieldset>
          ))
        : options && (
            <Boxes
              name={name}
              options={options}
              value={value}
              onChange={onChange}
            />
          )}
      {errorId && (
        <p id={errorId} className="field-error">
          {errors!.join(" ")}
        </p>
      )}
    </fieldset>
  );
}
