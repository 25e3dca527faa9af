import { useId, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Screen, SpecimenValidity } from "../../api/types";
import { optionOf, SPECIMEN_VALIDITIES } from "../../clinical";
import { Field, FormAlert, focusFirstInvalid } from "../../components/Field";
import { ScreenResultsGrid } from "./ScreenResultsGrid";
import {
  checkRows,
  resultsFrom,
  rowsFrom,
  splitErrors,
  type ResultRows,
  type RowErrors,
} from "./screenValues";

export const REASON_MAX = 500;

/**
 * Corrects a screen's results (or enters them after a collection): a new row with a reason;
 * the original stays in the history. A row someone else corrected meanwhile is a 409.
 */
export function ScreenAmendForm({
  screen,
  onSaved,
  onCancel,
  onReload,
}: {
  screen: Screen;
  onSaved: (row: Screen) => void;
  onCancel: () => void;
  /** Loads the latest results (after a 409); this form closes with it. */
  onReload: () => void;
}) {
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const entering = (screen.results ?? []).length === 0;
  const [rows, setRows] = useState<ResultRows>(() => rowsFrom(screen.results));
  const [validity, setValidity] = useState<SpecimenValidity>(screen.validity);
  const [reason, setReason] = useState(
    entering ? "Results entered after the collection" : "",
  );
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [rowErrors, setRowErrors] = useState<RowErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const local: Record<string, string[]> = {};
    if (!reason.trim())
      local.reason = ["Say why the result is corrected, for the record."];
    const localRows = checkRows(rows);
    setErrors(local);
    setRowErrors(localRows);
    if (local.reason || Object.keys(localRows).length > 0) {
      setMessage("Please check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    const results = resultsFrom(rows, screen.method);
    setBusy(true);
    try {
      onSaved(
        await api.amendScreen(screen.id, {
          reason: reason.trim(),
          results,
          validity,
        }),
      );
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
      const split = splitErrors(error.fieldErrors, results);
      setErrors(split.rest);
      setRowErrors(split.rows);
      if (error.status === 409) {
        setConflict(true);
        setMessage(
          "This screen was corrected by someone else meanwhile. Nothing was overwritten: load the latest result, then correct that one if needed.",
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

  const otherErrors = Object.entries(errors).filter(
    ([f]) => f !== "reason" && f !== "validity",
  );

  return (
    <section className="form-card screen-amend" aria-labelledby={headingId}>
      <h4 id={headingId} className="subsection-title">
        {entering ? "Enter the results" : "Correct this screen"}
      </h4>
      <form
        ref={formRef}
        className="stack"
        onSubmit={submit}
        noValidate
        aria-labelledby={headingId}
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
                onClick={onReload}
              >
                Load the latest result
              </button>
            )}
          </FormAlert>
        )}
        <Field
          label="Reason for the correction"
          name="reason"
          errors={errors.reason}
          hint="E.g. “lab confirmation received”, “entered against the wrong substance”. Kept with the screen."
          required
        >
          {(p) => (
            <textarea
              {...p}
              rows={2}
              maxLength={REASON_MAX}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <div className="form-grid">
          <Field
            label="Specimen validity"
            name="validity"
            errors={errors.validity}
          >
            {(p) => (
              <select
                {...p}
                value={validity}
                onChange={(e) =>
                  setValidity(
                    optionOf(SPECIMEN_VALIDITIES, e.target.value) ?? "normal",
                  )
                }
              >
                {SPECIMEN_VALIDITIES.map((v) => (
                  <option key={v.value} value={v.value}>
                    {v.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <ScreenResultsGrid
          rows={rows}
          method={screen.method}
          errors={rowErrors}
          onChange={(substance, row) =>
            setRows((r) => ({ ...r, [substance]: row }))
          }
        />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || conflict}
          >
            {busy ? "Saving…" : "Save correction"}
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
