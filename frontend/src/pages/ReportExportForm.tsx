import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import type { ReportExport } from "../api/types";
import { Field, FormAlert } from "../components/Field";
import { DISCLOSURE_MAX, previousMonth, validateReport } from "../reports";

/** The period and options of a new export; "Start export" posts it. */
export function ExportForm({
  today,
  onStarted,
}: {
  today: string;
  onStarted: (created: ReportExport) => void;
}) {
  const [values, setValues] = useState(() => ({
    ...previousMonth(today),
    include_notes: true,
    recipient: "",
    purpose: "",
  }));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function set<K extends keyof typeof values>(
    key: K,
    value: (typeof values)[K],
  ) {
    setValues((v) => ({ ...v, [key]: value }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const local = validateReport(values);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage("Please check the highlighted fields.");
      return;
    }
    setBusy(true);
    try {
      onStarted(await api.startReportExport(values));
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
      setErrors(error.fieldErrors);
      setMessage(
        error.hasFieldErrors
          ? "Please check the highlighted fields."
          : error.message,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="card card-padded stack export-form"
      aria-labelledby="export-form-heading"
      onSubmit={submit}
      noValidate
    >
      <h2 id="export-form-heading" className="section-title">
        New export
      </h2>
      <div className="form-grid">
        <Field label="From" name="from" errors={errors.from} required>
          {(p) => (
            <input
              {...p}
              type="date"
              value={values.from}
              onChange={(e) => set("from", e.target.value)}
            />
          )}
        </Field>
        <Field label="To" name="to" errors={errors.to} required>
          {(p) => (
            <input
              {...p}
              type="date"
              value={values.to}
              onChange={(e) => set("to", e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Recipient"
          name="recipient"
          errors={errors.recipient}
          optionalMark
        >
          {(p) => (
            <input
              {...p}
              value={values.recipient}
              maxLength={DISCLOSURE_MAX}
              placeholder="e.g. County drug court"
              onChange={(e) => set("recipient", e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Purpose"
          name="purpose"
          errors={errors.purpose}
          optionalMark
        >
          {(p) => (
            <input
              {...p}
              value={values.purpose}
              maxLength={DISCLOSURE_MAX}
              placeholder="e.g. Monthly progress reporting"
              onChange={(e) => set("purpose", e.target.value)}
            />
          )}
        </Field>
      </div>
      <label className="choice">
        <input
          type="checkbox"
          checked={values.include_notes}
          onChange={(e) => set("include_notes", e.target.checked)}
        />
        <span>Include signed session notes</span>
      </label>
      <p className="field-hint">
        Each client’s report is recorded in the audit log as a disclosure, with
        the recipient and purpose. The zip can be downloaded until it expires.
      </p>
      <FormAlert message={message} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Starting…" : "Start export"}
        </button>
      </div>
    </form>
  );
}
