import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { FormEvent } from "react";
import { ApiError, type DownloadedFile } from "../../api/client";
import { api } from "../../api/endpoints";
import type { ReportOptions } from "../../api/endpoints";
import { Dialog } from "../../components/Dialog";
import { Field, FormAlert, Notice } from "../../components/Field";
import { saveFile } from "../../download";
import { formatDay } from "../../format";
import { useAsyncData } from "../../hooks";
import {
  DISCLOSURE_MAX,
  periodOf,
  validateReport,
  type Preset,
  type ReportErrors,
} from "../../reports";

const PRESETS: ReadonlyArray<{ value: Preset; label: string }> = [
  { value: "30", label: "Last 30 days" },
  { value: "90", label: "Last 90 days" },
  { value: "custom", label: "Custom" },
];

const FALLBACK_NAME = "progress-report.pdf";
const PREVIEW_VIEW = "#page=1&view=FitH&toolbar=0";
const KNOWN_FIELDS = [
  "from",
  "to",
  "recipient",
  "purpose",
  "consent_id",
  "include_notes",
  "include_plan",
  "include_screens",
];

/** What a report goes out under: a consent's id, the client's own copy, or internal use. */
type Basis = { consent: string } | "client" | "internal" | null;

interface Preview extends DownloadedFile {
  key: string;
  url: string;
}

/** The "Export report" button of a client's page and the dialog it opens. */
export function ExportReportButton({
  clientId,
  clientName,
  today,
}: {
  clientId: string;
  clientName: string;
  today: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
      >
        Export report
      </button>
      {open && (
        <ReportDialog
          clientId={clientId}
          clientName={clientName}
          today={today}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

export function ReportDialog({
  clientId,
  clientName,
  today,
  onClose,
}: {
  clientId: string;
  clientName: string;
  today: string;
  onClose: () => void;
}) {
  const id = useId();
  const [preset, setPreset] = useState<Preset>("90");
  const [custom, setCustom] = useState(() =>
    periodOf("90", today, {
      from: "",
      to: "",
    }),
  );
  const [basis, setBasis] = useState<Basis>(null);
  const [purpose, setPurpose] = useState("");
  const loadConsents = useCallback(
    (signal: AbortSignal) => api.listConsents(clientId, signal),
    [clientId],
  );
  const consents = (useAsyncData(loadConsents).data?.items ?? []).filter(
    (c) => c.status === "active",
  );
  const chosenConsent =
    basis !== null && typeof basis === "object"
      ? consents.find((c) => c.id === basis.consent)
      : undefined;
  const notesAllowed = !chosenConsent || chosenConsent.includes_notes;
  const [includeNotes, setIncludeNotes] = useState(true);
  const [includePlan, setIncludePlan] = useState(false);
  const [includeScreens, setIncludeScreens] = useState(false);
  const [errors, setErrors] = useState<ReportErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<"preview" | "download" | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const presetRef = useRef<HTMLInputElement>(null);
  const inFlight = useRef<AbortController | null>(null);
  const previewUrl = useRef<string | null>(null);

  // Whatever was fetched stays in memory only while the dialog is open.
  useEffect(
    () => () => {
      inFlight.current?.abort();
      if (previewUrl.current) URL.revokeObjectURL(previewUrl.current);
    },
    [],
  );

  const period = periodOf(preset, today, custom);
  const options: ReportOptions = {
    ...period,
    include_notes: includeNotes && notesAllowed,
    // The plan is the record's own words: it goes out only where notes may.
    include_plan: includePlan && notesAllowed,
    include_screens: includeScreens,
    ...(chosenConsent
      ? { consent_id: chosenConsent.id }
      : { purpose: purpose.trim() }),
    ...(basis === "client" ? { client_request: true } : {}),
    ...(basis === "internal" ? { internal: true } : {}),
  };
  const key = JSON.stringify(options);
  const stale = preview !== null && preview.key !== key;

  async function fetchReport(): Promise<DownloadedFile | null> {
    setMessage(null);
    setNotice(null);
    const local = validateReport(options);
    if (basis === null)
      local.consent_id = [
        "Choose what this report goes out under: a consent, the client’s own request, or the practice’s own use.",
      ];
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage("Please check the highlighted fields.");
      return null;
    }
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    try {
      const file = await api.reportPdf(clientId, options, controller.signal);
      const blob =
        file.blob.type === "application/pdf"
          ? file.blob
          : new Blob([file.blob], { type: "application/pdf" });
      return { blob, filename: file.filename };
    } catch (e) {
      if (controller.signal.aborted) return null;
      const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
      setErrors(error.fieldErrors);
      const other = Object.entries(error.fieldErrors)
        .filter(([field]) => !KNOWN_FIELDS.includes(field))
        .flatMap(([, messages]) => messages);
      setMessage(
        error.hasFieldErrors
          ? ["Please check the highlighted fields.", ...other].join(" ")
          : error.message,
      );
      return null;
    } finally {
      if (inFlight.current === controller) inFlight.current = null;
    }
  }

  // The buttons stay focusable while busy (aria-disabled): a disabled button would drop focus.
  async function showPreview(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    setBusy("preview");
    const file = await fetchReport();
    if (file) {
      const url = URL.createObjectURL(file.blob);
      if (previewUrl.current) URL.revokeObjectURL(previewUrl.current);
      previewUrl.current = url;
      setPreview({ ...file, key, url });
    }
    setBusy(null);
  }

  async function download() {
    if (busy) return;
    setBusy("download");
    // The preview already holds these exact bytes: no second fetch, no second disclosure.
    const file = preview && !stale ? preview : await fetchReport();
    if (file) {
      const name = file.filename ?? FALLBACK_NAME;
      saveFile(file.blob, name);
      setNotice(`Downloaded ${name}.`);
    }
    setBusy(null);
  }

  const periodErrors =
    preset === "custom" ? [] : [...(errors.from ?? []), ...(errors.to ?? [])];
  const periodErrorId = `${id}-period-error`;

  return (
    <Dialog
      title="Export progress report"
      description={clientName}
      onClose={onClose}
      initialFocus={presetRef}
      className="modal-report"
    >
      <div className="report-dialog">
        <form
          className="stack report-options"
          onSubmit={showPreview}
          noValidate
        >
          <fieldset
            className="form-section"
            aria-describedby={periodErrors.length ? periodErrorId : undefined}
          >
            <legend>Period</legend>
            <div className="segmented">
              {PRESETS.map((p) => (
                <label
                  key={p.value}
                  className={
                    preset === p.value ? "segment segment-selected" : "segment"
                  }
                >
                  <input
                    ref={preset === p.value ? presetRef : undefined}
                    type="radio"
                    name={`${id}-period`}
                    value={p.value}
                    checked={preset === p.value}
                    onChange={() => {
                      if (p.value === "custom" && preset !== "custom")
                        setCustom(period);
                      setPreset(p.value);
                    }}
                  />
                  {p.label}
                </label>
              ))}
            </div>
            {preset === "custom" ? (
              <div className="form-grid report-dates">
                <Field label="From" name="from" errors={errors.from} required>
                  {(p) => (
                    <input
                      {...p}
                      type="date"
                      value={custom.from}
                      max={today}
                      onChange={(e) =>
                        setCustom((c) => ({ ...c, from: e.target.value }))
                      }
                    />
                  )}
                </Field>
                <Field label="To" name="to" errors={errors.to} required>
                  {(p) => (
                    <input
                      {...p}
                      type="date"
                      value={custom.to}
                      max={today}
                      onChange={(e) =>
                        setCustom((c) => ({ ...c, to: e.target.value }))
                      }
                    />
                  )}
                </Field>
              </div>
            ) : (
              <p className="field-hint report-period">
                {formatDay(period.from)} – {formatDay(period.to)}
              </p>
            )}
            {periodErrors.length > 0 && (
              <p id={periodErrorId} className="field-error">
                {periodErrors.join(" ")}
              </p>
            )}
          </fieldset>

          <fieldset className="choices">
            <legend>Goes out under</legend>
            {consents.map((c) => (
              <label key={c.id} className="choice">
                <input
                  type="radio"
                  name={`${id}-basis`}
                  checked={chosenConsent?.id === c.id}
                  onChange={() => setBasis({ consent: c.id })}
                />
                <span>
                  The client’s consent to disclose to {c.recipient}
                  <span className="cell-sub">
                    {c.purpose} · signed {formatDay(c.signed_on)}
                  </span>
                </span>
              </label>
            ))}
            <label className="choice">
              <input
                type="radio"
                name={`${id}-basis`}
                checked={basis === "client"}
                onChange={() => setBasis("client")}
              />
              <span>A copy for the client, at their own request</span>
            </label>
            <label className="choice">
              <input
                type="radio"
                name={`${id}-basis`}
                checked={basis === "internal"}
                onChange={() => setBasis("internal")}
              />
              <span>
                The practice’s own use (it does not leave the practice)
              </span>
            </label>
            {consents.length === 0 && (
              <p className="field-hint">
                No active consent: record the client’s signed consent on the
                Consents tab to send a report to anyone else.
              </p>
            )}
            {errors.consent_id && (
              <p className="field-error" role="alert">
                {errors.consent_id.join(" ")}
              </p>
            )}
          </fieldset>
          {!chosenConsent && (
            <Field
              label="Purpose"
              name="purpose"
              errors={errors.purpose}
              optionalMark
            >
              {(p) => (
                <input
                  {...p}
                  value={purpose}
                  maxLength={DISCLOSURE_MAX}
                  placeholder="e.g. Treatment coordination"
                  onChange={(e) => setPurpose(e.target.value)}
                />
              )}
            </Field>
          )}
          <label className="choice">
            <input
              type="checkbox"
              checked={includeNotes && notesAllowed}
              disabled={!notesAllowed}
              onChange={(e) => setIncludeNotes(e.target.checked)}
            />
            <span>
              Include signed session notes
              {!notesAllowed && " (the consent does not cover them)"}
            </span>
          </label>
          <label className="choice">
            <input
              type="checkbox"
              checked={includePlan && notesAllowed}
              disabled={!notesAllowed}
              onChange={(e) => setIncludePlan(e.target.checked)}
            />
            <span>
              Include the relapse-prevention plan and the period’s triggers
              against it
              {!notesAllowed && " (the consent does not cover it)"}
            </span>
          </label>
          <label className="choice">
            <input
              type="checkbox"
              checked={includeScreens}
              onChange={(e) => setIncludeScreens(e.target.checked)}
            />
            <span>Include drug screens and their figures</span>
          </label>

          <p className="notice report-audit-note">
            Each preview or download is recorded in the audit log; one that
            leaves the practice is listed in the client’s disclosures, with the
            consent it went out under.
          </p>
          <FormAlert message={message} />
          {notice && <Notice tone="success">{notice}</Notice>}

          <div className="form-actions">
            <button
              type="submit"
              className="button button-secondary"
              aria-disabled={busy !== null}
            >
              {busy === "preview" ? "Preparing preview…" : "Preview"}
            </button>
            <button
              type="button"
              className="button button-primary"
              onClick={download}
              aria-disabled={busy !== null}
            >
              {busy === "download" ? "Preparing PDF…" : "Download PDF"}
            </button>
          </div>
        </form>

        <div className="report-preview" aria-busy={busy === "preview"}>
          {preview ? (
            <>
              {stale && (
                <p className="field-hint">
                  The options have changed since this preview. Preview again to
                  update it.
                </p>
              )}
              <iframe
                title="Report preview"
                src={preview.url + PREVIEW_VIEW}
                className="report-frame"
              />
            </>
          ) : (
            <p className="report-placeholder">
              Preview shows the report’s first page here.
            </p>
          )}
        </div>
      </div>
    </Dialog>
  );
}
