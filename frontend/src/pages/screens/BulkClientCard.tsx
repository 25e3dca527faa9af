import { useId } from "react";
import type { PanelSubstance, ScreenMethod } from "../../api/types";
import { optionOf, SPECIMEN_VALIDITIES } from "../../clinical";
import { ScreenResultsGrid } from "../client/ScreenResultsGrid";
import type { ResultRow } from "../client/screenValues";
import { type ClientEntry, type ClientProblems } from "./bulkValues";

/**
 * One chosen client's screen: what the server said about it and, for clinical staff, the
 * specimen's validity and the results grid. Every control's name ends "for" the client.
 */
export function BulkClientCard({
  name,
  entry,
  method,
  clinical,
  problems,
  problemId,
  onChange,
}: {
  name: string;
  entry: ClientEntry;
  method: ScreenMethod;
  clinical: boolean;
  problems: ClientProblems | undefined;
  /** The id of the client's message, which the client's checkbox points at too. */
  problemId: string;
  onChange: (entry: ClientEntry) => void;
}) {
  const id = useId();
  const messages = problems?.messages ?? [];
  const setRow = (substance: PanelSubstance, row: ResultRow) =>
    onChange({ ...entry, rows: { ...entry.rows, [substance]: row } });

  return (
    <section
      className={`bulk-client${messages.length ? " bulk-client-invalid" : ""}`}
      aria-label={`Screen for ${name}`}
    >
      <h3 className="subsection-title flush">{name}</h3>
      {messages.length > 0 && (
        <p id={problemId} className="field-error">
          {messages.join(" ")}
        </p>
      )}
      {clinical && (
        <>
          <div className="bulk-client-actions">
            <div className="field bulk-validity">
              <label htmlFor={`${id}-validity`} className="field-label">
                Validity
              </label>
              <select
                id={`${id}-validity`}
                aria-label={`Validity for ${name}`}
                value={entry.validity}
                onChange={(e) =>
                  onChange({
                    ...entry,
                    validity:
                      optionOf(SPECIMEN_VALIDITIES, e.target.value) ?? "normal",
                  })
                }
              >
                {SPECIMEN_VALIDITIES.map((v) => (
                  <option key={v.value} value={v.value}>
                    {v.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <ScreenResultsGrid
            rows={entry.rows}
            method={method}
            errors={problems?.rows ?? {}}
            forName={name}
            onChange={setRow}
          />
        </>
      )}
    </section>
  );
}
