import { useId, useState, type ReactNode } from "react";
import { Field } from "../../components/Field";
import { asSentences } from "../../format";
import {
  LONGEST_ITEM,
  MOST_ITEMS,
  newKey,
  type FieldErrors,
  type TextRow,
} from "./planDrafts";

function moved<R>(rows: R[], from: number, to: number): R[] {
  const next = [...rows];
  const [row] = next.splice(from, 1);
  next.splice(to, 0, row);
  return next;
}

/** The list's own problems (too many items, or an item the server named by index only). */
function ListErrors({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages || messages.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {messages
        .map(
          (m) =>
            // The server names a list's bad item by index, which the message loses on the way.
            asSentences(
              [m],
              /^can hold/.test(m) ? "This list" : "An item",
            )?.[0],
        )
        .join(" ")}
    </p>
  );
}

/**
 * The frame of one list of a plan: its legend and hint, the rows, an add button (at most
 * MOST_ITEMS rows), and its errors. Removing a row moves focus to the add button; an added row
 * takes focus.
 */
function ListFrame<R extends { key: string }>({
  legend,
  hint,
  name,
  addLabel,
  rows,
  onChange,
  blank,
  errors,
  ordered = false,
  children,
}: {
  legend: string;
  hint?: ReactNode;
  name: string;
  addLabel: string;
  rows: R[];
  onChange: (rows: R[]) => void;
  blank: () => R;
  errors: FieldErrors;
  ordered?: boolean;
  children: (
    row: R,
    index: number,
    added: boolean,
    removed: () => void,
  ) => ReactNode;
}) {
  const id = useId();
  const addId = `${id}-add`;
  // The removed row's buttons are gone: focus goes to the add button.
  const removed = () =>
    requestAnimationFrame(() => document.getElementById(addId)?.focus());
  const [added, setAdded] = useState<string | null>(null);
  const listErrors = errors[name];
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy =
    [hint ? hintId : "", listErrors?.length ? errorId : ""]
      .filter(Boolean)
      .join(" ") || undefined;
  const full = rows.length >= MOST_ITEMS;
  const Tag = ordered ? "ol" : "ul";
  return (
    <fieldset
      className={`plan-list${listErrors?.length ? " field-invalid" : ""}`}
      aria-describedby={describedBy}
    >
      <legend className="plan-list-legend">{legend}</legend>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {rows.length > 0 && (
        <Tag className="plan-rows">
          {rows.map((row, index) => (
            <li key={row.key} className="plan-row">
              {children(row, index, row.key === added, removed)}
            </li>
          ))}
        </Tag>
      )}
      <ListErrors id={errorId} messages={listErrors} />
      <div>
        <button
          id={addId}
          type="button"
          className="button button-secondary plan-add"
          disabled={full}
          onClick={() => {
            const row = blank();
            setAdded(row.key);
            onChange([...rows, row]);
          }}
        >
          {addLabel}
        </button>
        {full && (
          <p className="field-hint">A list holds at most {MOST_ITEMS} items.</p>
        )}
      </div>
    </fieldset>
  );
}

/** Move up, move down (for ordered lists) and remove, named after the row they act on. */
function RowActions<R>({
  rows,
  index,
  what,
  ordered,
  onChange,
  onRemoved,
}: {
  rows: R[];
  index: number;
  what: string;
  ordered: boolean;
  onChange: (rows: R[]) => void;
  onRemoved: () => void;
}) {
  const n = index + 1;
  return (
    <div className="plan-row-actions">
      {ordered && (
        <>
          <button
            type="button"
            className="button button-quiet plan-row-button"
            aria-label={`Move ${what} ${n} up`}
            disabled={index === 0}
            onClick={() => onChange(moved(rows, index, index - 1))}
          >
            <span aria-hidden="true">↑</span> Up
          </button>
          <button
            type="button"
            className="button button-quiet plan-row-button"
            aria-label={`Move ${what} ${n} down`}
            disabled={index === rows.length - 1}
            onClick={() => onChange(moved(rows, index, index + 1))}
          >
            <span aria-hidden="true">↓</span> Down
          </button>
        </>
      )}
      <button
        type="button"
        className="button button-quiet plan-row-button"
        aria-label={`Remove ${what} ${n}`}
        onClick={() => {
          onChange(rows.filter((_, i) => i !== index));
          onRemoved();
        }}
      >
        Remove
      </button>
    </div>
  );
}

/** A list of short texts in the client's words: one labelled input per item. */
export function TextListEditor({
  legend,
  hint,
  name,
  itemLabel,
  addLabel,
  placeholder,
  rows,
  onChange,
  errors,
  ordered = false,
}: {
  legend: string;
  hint?: ReactNode;
  name: string;
  /** "Warning sign": the rows are "Warning sign 1", "Warning sign 2", … */
  itemLabel: string;
  addLabel: string;
  placeholder: string;
  rows: TextRow[];
  onChange: (rows: TextRow[]) => void;
  errors: FieldErrors;
  ordered?: boolean;
}) {
  return (
    <ListFrame
      legend={legend}
      hint={hint}
      name={name}
      addLabel={addLabel}
      rows={rows}
      onChange={onChange}
      blank={() => ({ key: newKey(), text: "" })}
      errors={errors}
      ordered={ordered}
    >
      {(row, index, added, removed) => (
        <>
          <Field
            label={`${itemLabel} ${index + 1}`}
            name={`${name}-${index}`}
            errors={asSentences(errors[`${name}[${index}]`], "This item")}
            className="plan-row-field"
          >
            {(p) => (
              <input
                {...p}
                type="text"
                autoComplete="off"
                autoFocus={added}
                maxLength={LONGEST_ITEM}
                placeholder={placeholder}
                value={row.text}
                onChange={(e) =>
                  onChange(
                    rows.map((r) =>
                      r.key === row.key ? { ...r, text: e.target.value } : r,
                    ),
                  )
                }
              />
            )}
          </Field>
          <RowActions
            rows={rows}
            index={index}
            what={itemLabel.toLowerCase()}
            ordered={ordered}
            onChange={onChange}
            onRemoved={removed}
          />
        </>
      )}
    </ListFrame>
  );
}

/**
 * A list of records (people, meetings, contacts): each row is a group named "Person 1", …
 * holding the fields `fields` draws, with a remove button.
 */
export function RowListEditor<R extends { key: string }>({
  legend,
  hint,
  name,
  itemLabel,
  addLabel,
  rows,
  onChange,
  blank,
  errors,
  fields,
}: {
  legend: string;
  hint?: ReactNode;
  name: string;
  itemLabel: string;
  addLabel: string;
  rows: R[];
  onChange: (rows: R[]) => void;
  blank: () => R;
  errors: FieldErrors;
  fields: (
    row: R,
    set: (patch: Partial<R>) => void,
    errorsOf: (field: string) => string[] | undefined,
    added: boolean,
  ) => ReactNode;
}) {
  return (
    <ListFrame
      legend={legend}
      hint={hint}
      name={name}
      addLabel={addLabel}
      rows={rows}
      onChange={onChange}
      blank={blank}
      errors={errors}
    >
      {(row, index, added, removed) => (
        <fieldset className="plan-item">
          <legend>
            {itemLabel} {index + 1}
          </legend>
          <div className="plan-item-fields">
            {fields(
              row,
              (patch) =>
                onChange(
                  rows.map((r) => (r.key === row.key ? { ...r, ...patch } : r)),
                ),
              (field) => errors[`${name}[${index}].${field}`],
              added,
            )}
          </div>
          <RowActions
            rows={rows}
            index={index}
            what={itemLabel.toLowerCase()}
            ordered={false}
            onChange={onChange}
            onRemoved={removed}
          />
        </fieldset>
      )}
    </ListFrame>
  );
}
