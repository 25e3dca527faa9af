import { useId, useState } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Client, ImportRefusal, ImportReport } from "../../api/types";
import { FormAlert, Notice } from "../../components/Field";
import { saveFile } from "../../download";
import { asSentences, count } from "../../format";
import { wallClockIn } from "../client/screenValues";
import { refusalsFrom, templateCsv } from "./importValues";

function RefusalTable({ refusals }: { refusals: ImportRefusal[] }) {
  return (
    <div className="card table-card">
      <table className="data-table refusal-table">
        <caption className="table-caption">Rows that would be refused</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {refusals.map((r) => (
            <tr key={r.row}>
              <th scope="row">{r.row}</th>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A lab's results file (CSV, one row per result): checked first (a dry run that records
 * nothing), then imported, all or nothing. Clinical staff only.
 */
export function ImportSection({
  clients,
  timeZone,
}: {
  clients: Client[] | undefined;
  timeZone: string;
}) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  /** The text checked and its clean report: the import sends that same text. */
  const [checked, setChecked] = useState<{
    text: string;
    report: ImportReport;
  } | null>(null);
  const [refusals, setRefusals] = useState<ImportRefusal[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [imported, setImported] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<"check" | "import" | null>(null);

  function clear() {
    setChecked(null);
    setRefusals([]);
    setMessage(null);
    setImported(null);
  }

  function failed(e: unknown, action: string) {
    const errors = e instanceof ApiError ? e.itemErrors : {};
    const rows = refusalsFrom(errors);
    if (errors.file)
      setMessage(asSentences(errors.file, "The file")!.join(" "));
    else if (rows.length > 0) {
      setRefusals(rows);
      setMessage(
        `Nothing was imported: ${count(rows.length, "row is", "rows are")} refused now.`,
      );
    } else setMessage(e instanceof Error ? e.message : `Could not ${action}.`);
  }

  async function check() {
    clear();
    if (!file) {
      setMessage("Choose the lab's results file first.");
      return;
    }
    setBusy("check");
    try {
      const text = await file.text();
      const report = await api.importScreens(text, true);
      if (report.refused.length > 0) setRefusals(report.refused);
      else setChecked({ text, report });
    } catch (e) {
      failed(e, "check the file");
    } finally {
      setBusy(null);
    }
  }

  async function runImport() {
    if (!checked) return;
    const { text } = checked;
    clear();
    setBusy("import");
    try {
      setImported(await api.importScreens(text, false));
      setFile(null);
      setInputKey((k) => k + 1);
    } catch (e) {
      failed(e, "import the file");
    } finally {
      setBusy(null);
    }
  }

  function downloadTemplate() {
    const now = wallClockIn(timeZone);
    const csv = templateCsv(clients?.[0], `${now.day} ${now.time}`);
    saveFile(new Blob([csv], { type: "text/csv" }), "lab-results-template.csv");
  }

  const rows = checked?.report.accepted ?? 0;
  return (
    <div className="stack">
      <div className="import-explainer">
        <p>
          One row per result, with a header row naming the columns. Rows of one
          client, collection time, specimen and method become one screen.
          Nothing is imported unless every row is accepted.
        </p>
        <ul>
          <li>
            <code>client</code>: the Daybreak client id, or the client’s name
            with a <code>date_of_birth</code> column (YYYY-MM-DD)
          </li>
          <li>
            <code>collected_at</code>: <code>YYYY-MM-DD HH:MM</code> in the
            practice’s time zone ({timeZone}), or with an offset
          </li>
          <li>
            <code>substance</code>: a panel substance or a cup’s abbreviation
            such as THC, COC, BZO
          </li>
          <li>
            <code>result</code>: negative, positive or invalid
          </li>
          <li>
            Optional: <code>cutoff_ng_ml</code>, <code>confirmed</code> (yes,
            no, disputed), <code>specimen</code> (default urine),{" "}
            <code>method</code> (default lab_immunoassay), <code>validity</code>
            , <code>observed</code>
          </li>
        </ul>
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={downloadTemplate}
        >
          Download a template
        </button>
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`} className="field-label">
          Lab results file (CSV)
        </label>
        <input
          key={inputKey}
          id={`${id}-file`}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            clear();
            setFile(e.target.files?.[0] ?? null);
          }}
        />
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          onClick={check}
          disabled={busy !== null}
        >
          {busy === "check" ? "Checking…" : "Check the file"}
        </button>
      </div>
      <FormAlert message={message} />
      {imported && (
        <Notice tone="success">
          Imported {count(imported.screens, "screen", "screens")}.
        </Notice>
      )}
      {checked && (
        <>
          <Notice>
            All {count(rows, "row", "rows")} can be imported as{" "}
            {count(checked.report.screens, "screen", "screens")}.
          </Notice>
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              onClick={runImport}
              disabled={busy !== null}
            >
              {busy === "import"
                ? "Importing…"
                : `Import ${count(rows, "result", "results")}`}
            </button>
          </div>
        </>
      )}
      {refusals.length > 0 && (
        <>
          <Notice tone="warning">
            Nothing will be imported until every row is accepted. Correct these
            rows in the file, then check it again.
          </Notice>
          <RefusalTable refusals={refusals} />
        </>
      )}
    </div>
  );
}
