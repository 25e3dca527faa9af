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
    consent_recipient: "",
    purpose: "",
  }));
  /** "consents": each client's report under their consent naming a recipient. */
  const [basis, setBasis] = useState<"consents" | "internal" | null>(null);
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
    if (basis === null)
      local.consent_recipient = [
        "Choose what the reports go out under: the clients’ consents naming a recipient, or the practice’s own use.",
      ];
    else if (basis === "consents" && !values.consent_recipient.trim())
      local.consent_recipient = [
        "Enter the recipient the clients’ consents name.",
      ];
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage("Please check the highlighted fields.");
      return;
    }
    setBusy(true);
    try {
      onStarted(
        await api.startReportExport({
          from: values.from,
          to: values.to,
          include_notes: values.include_notes,
          purpose: values.purpose,
          ...(basis === "consents"
            ? { consent_recipient: values.consent_recipient.trim() }
            : { internal: true }),
        }),
      );
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
      <fieldset className="choices">
        <legend>Goes out under</legend>
        <label className="choice">
          <input
            type="radio"
            name="export-basis"
            checked={basis === "consents"}
            onChange={() => setBasis("consents")}
          />
          <span>
            Each client’s consent naming a recipient (clients without one are
            left out and listed)
          </span>
        </label>
        <label className="choice">
          <input
            type="radio"
            name="export-basis"
            checked={basis === "internal"}
            onChange={() => setBasis("internal")}
          />
          <span>The practice’s own use (the reports do not leave it)</span>
        </label>
        {basis !== "consents" && errors.consent_recipient && (
          <p className="field-error" role="alert">
            {errors.consent_recipient.join(" ")}
          </p>
        )}
      </fieldset>
      {basis === "consents" && (
        <Field
          label="Recipient the consents name"
          name="consent_recipient"
          errors={errors.consent_recipient}
          required
        >
          {(p) => (
            <input
              {...p}
              value={values.consent_recipient}
              maxLength={DISCLOSURE_MAX}
              placeholder="e.g. County drug court"
              onChange={(e) => set("consent_recipient", e.target.value)}
            />
          )}
        </Field>
      )}
      <label className="choice">
        <input
          type="checkbox"
          checked={values.include_notes}
          onChange={(e) => set("include_notes", e.target.checked)}
        />
        <span>Include signed session notes</span>
      </label>
      <p className="field-hint">
        Each client’s report is recorded in the audit log; under a consent it is
        a disclosure listed with the client, and a consent that does not cover
        session notes leaves them out. The zip can be downloaded until it
        expires.
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
