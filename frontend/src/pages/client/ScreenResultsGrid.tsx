import { useId } from "react";
import type { PanelSubstance, ScreenMethod } from "../../api/types";
import {
  CONFIRMATIONS,
  optionOf,
  PANEL_SUBSTANCES,
  SCREEN_OUTCOMES,
} from "../../clinical";
import {
  defaultConfirmation,
  substanceLabel,
  type ResultRow,
  type ResultRows,
  type RowError,
  type RowErrors,
} from "./screenValues";

const OUTCOME_CHOICES = [
  { value: "", label: "Not tested" },
  ...SCREEN_OUTCOMES.map((o) => ({
    value: o.value,
    label: o.label.replace(/^./, (c) => c.toUpperCase()),
  })),
];

function ResultRowFields({
  substance,
  row,
  method,
  errors,
  forName,
  onChange,
}: {
  substance: PanelSubstance;
  row: ResultRow;
  method: ScreenMethod;
  errors: RowError | undefined;
  forName: string | undefined;
  onChange: (row: ResultRow) => void;
}) {
  const id = useId();
  const label = substanceLabel(substance);
  // Several clients' grids on one page: "Cocaine result for Lan Tran".
  const named = (text: string) => (forName ? `${text} for ${forName}` : text);
  const messages = [
    ...(errors?.row ?? []),
    ...(errors?.outcome ?? []),
    ...(errors?.cutoff ?? []),
    ...(errors?.confirmation ?? []),
  ];
  const errorId = messages.length > 0 ? `${id}-error` : undefined;
  const describe = (field: keyof RowError) =>
    errors?.[field] || (field === "outcome" && errors?.row)
      ? errorId
      : undefined;
  const invalid = (field: keyof RowError) =>
    describe(field) ? true : undefined;
  const set = (patch: Partial<ResultRow>) => onChange({ ...row, ...patch });

  return (
    <div
      className={`results-row${row.outcome ? " results-row-tested" : ""}${errorId ? " field-invalid" : ""}`}
    >
      <span className="results-substance" aria-hidden="true">
        {label}
      </span>
      <label className="results-cell">
        <span className="results-cell-label" aria-hidden="true">
          Result
        </span>
        <select
          aria-label={named(`${label} result`)}
          aria-invalid={invalid("outcome")}
          aria-describedby={describe("outcome")}
          value={row.outcome}
          onChange={(e) =>
            set({ outcome: optionOf(SCREEN_OUTCOMES, e.target.value) ?? "" })
          }
        >
          {OUTCOME_CHOICES.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      {row.outcome && (
        <label className="results-cell">
          <span className="results-cell-label" aria-hidden="true">
            Cut-off (ng/mL)
          </span>
          <input
            type="text"
            inputMode="decimal"
            autoComplete="off"
            aria-label={named(`${label} cut-off (ng/mL)`)}
            aria-invalid={invalid("cutoff")}
            aria-describedby={describe("cutoff")}
            placeholder="optional"
            value={row.cutoff}
            onChange={(e) => set({ cutoff: e.target.value })}
          />
        </label>
      )}
      {row.outcome === "positive" && (
        <label className="results-cell results-cell-wide">
          <span className="results-cell-label" aria-hidden="true">
            Confirmation
          </span>
          <select
            aria-label={named(`${label} confirmation`)}
            aria-invalid={invalid("confirmation")}
            aria-describedby={describe("confirmation")}
            value={row.confirmation || defaultConfirmation(method)}
            onChange={(e) =>
              set({
                confirmation: optionOf(CONFIRMATIONS, e.target.value) ?? "",
              })
            }
          >
            {CONFIRMATIONS.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {errorId && (
        <p id={errorId} className="field-error results-error">
          {label}: {messages.join(" ")}
        </p>
      )}
    </div>
  );
}

/** How the grid is filled in; a page with several grids says it once above them. */
export function ResultsGridHint({ id }: { id?: string }) {
  return (
    <p id={id} className="field-hint">
      Only substances with a result are saved; leave the others “Not tested”. A
      positive for something the client is prescribed is read as expected.
    </p>
  );
}

/**
 * One row per panel substance: a result (not tested, negative, positive, invalid), an optional
 * cut-off, and for a positive its confirmation. Rows stack on a phone. With `forName` (several
 * clients on one page) each control's name ends "for" the client, and the hint is left to the page.
 */
export function ScreenResultsGrid({
  rows,
  method,
  errors,
  forName,
  onChange,
}: {
  rows: ResultRows;
  method: ScreenMethod;
  errors: RowErrors;
  forName?: string;
  onChange: (substance: PanelSubstance, row: ResultRow) => void;
}) {
  const hintId = useId();
  return (
    <fieldset
      className="results-grid"
      aria-label={forName ? `Results for ${forName}` : undefined}
      aria-describedby={forName ? undefined : hintId}
    >
      <legend className="field-label">Results</legend>
      {!forName && <ResultsGridHint id={hintId} />}
      <div className="results-head" aria-hidden="true">
        <span>Substance</span>
        <span>Result</span>
        <span>Cut-off (ng/mL)</span>
        <span>Confirmation</span>
      </div>
      {PANEL_SUBSTANCES.map(({ value }) => (
        <ResultRowFields
          key={value}
          substance={value}
          row={rows[value]}
          method={method}
          errors={errors[value]}
          forName={forName}
          onChange={(row) => onChange(value, row)}
        />
      ))}
    </fieldset>
  );
}
