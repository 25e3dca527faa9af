import { useId, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { NewScreen, Screen, SpecimenValidity } from "../../api/types";
import { optionOf, SPECIMEN_VALIDITIES } from "../../clinical";
import { Field, FormAlert, focusFirstInvalid } from "../../components/Field";
import { CollectionFields, type Collection } from "./CollectionFields";
import { ScreenResultsGrid } from "./ScreenResultsGrid";
import {
  checkRows,
  collectedAtFrom,
  emptyRows,
  resultsFrom,
  splitErrors,
  wallClockIn,
  type ResultRows,
  type RowErrors,
} from "./screenValues";

interface Values extends Collection {
  validity: SpecimenValidity;
  rows: ResultRows;
}

const KNOWN = new Set([
  "collected_at",
  "specimen",
  "method",
  "observed",
  "validity",
]);

/**
 * Records a screen: when and how the specimen was collected and, for clinical staff, the
 * panel's results. The front desk records the collection only (`results: []`).
 */
export function ScreenForm({
  clientId,
  clinical,
  timeZone,
  onSaved,
  onCancel,
}: {
  clientId: string;
  clinical: boolean;
  timeZone: string;
  onSaved: (screen: Screen) => void;
  onCancel: () => void;
}) {
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Values>(() => ({
    ...wallClockIn(timeZone),
    specimen: "urine",
    method: "point_of_care",
    observed: false,
    validity: "normal",
    rows: emptyRows(),
  }));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [rowErrors, setRowErrors] = useState<RowErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  function fail(text: string) {
    setMessage(text);
    focusFirstInvalid(formRef.current);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const collected = collectedAtFrom(values.day, values.time, timeZone);
    const collectedAt = collected.iso;
    const local: Record<string, string[]> = collected.error
      ? { collected_at: [collected.error] }
      : {};
    const localRows = clinical ? checkRows(values.rows) : {};
    setErrors(local);
    setRowErrors(localRows);
    if (!collectedAt || Object.keys(localRows).length) {
      fail("Please check the highlighted fields.");
      return;
    }
    const results = clinical ? resultsFrom(values.rows, values.method) : [];
    const body: NewScreen = {
      collected_at: collectedAt,
      specimen: values.specimen,
      method: values.method,
      observed: values.observed,
      ...(clinical ? { validity: values.validity } : {}),
      results,
    };
    setBusy(true);
    try {
      onSaved(await api.recordScreen(clientId, body));
    } catch (e) {
      const error = e instanceof ApiError ? e : null;
      const split = splitErrors(error?.fieldErrors ?? {}, results);
      setErrors(split.rest);
      setRowErrors(split.rows);
      fail(
        error?.hasFieldErrors
          ? "Please check the highlighted fields."
          : e instanceof Error
            ? e.message
            : "Could not record the screen.",
      );
    } finally {
      setBusy(false);
    }
  }

  const otherErrors = Object.entries(errors).filter(([f]) => !KNOWN.has(f));

  return (
    <section
      className="card card-padded form-card screen-form"
      aria-labelledby={headingId}
    >
      <h3 id={headingId} className="subsection-title">
        Record a screen
      </h3>
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
          </FormAlert>
        )}
        <CollectionFields
          values={values}
          errors={errors}
          timeZone={timeZone}
          onChange={(patch) => setValues((v) => ({ ...v, ...patch }))}
        />

        {clinical ? (
          <>
            <div className="form-grid">
              <Field
                label="Specimen validity"
                name="validity"
                errors={errors.validity}
                hint="A dilute, adulterated or substituted specimen does not count as a valid screen."
              >
                {(p) => (
                  <select
                    {...p}
                    value={values.validity}
                    onChange={(e) =>
                      set(
                        "validity",
                        optionOf(SPECIMEN_VALIDITIES, e.target.value) ??
                          "normal",
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
              rows={values.rows}
              method={values.method}
              errors={rowErrors}
              onChange={(substance, row) =>
                setValues((v) => ({
                  ...v,
                  rows: { ...v.rows, [substance]: row },
                }))
              }
            />
          </>
        ) : (
          <p className="muted">
            Results are entered by clinical staff. This records the collection.
          </p>
        )}

        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={busy}
          >
            {busy ? "Saving…" : "Save screen"}
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
