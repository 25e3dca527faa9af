import { useCallback, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Consent, ConsentStatus, NewConsent } from "../../api/types";
import { useMe } from "../../auth/AuthContext";
import { ConfirmBox } from "../../components/Confirm";
import { Field, FormAlert, Notice } from "../../components/Field";
import { saveFile } from "../../download";
import { formatDateTime, formatDay } from "../../format";
import { useAsyncData } from "../../hooks";

const STATUS: Record<ConsentStatus, { label: string; badge: string }> = {
  active: { label: "Active", badge: "badge badge-ok" },
  expired: { label: "Expired", badge: "badge badge-muted" },
  revoked: { label: "Revoked", badge: "badge badge-muted" },
};

function ends(c: Consent): string {
  const parts = [c.expires_on && formatDay(c.expires_on), c.expiry_event];
  return parts.filter(Boolean).join(", or ") || "When revoked";
}

interface Draft {
  recipient: string;
  purpose: string;
  information: string;
  includes_notes: boolean;
  signed_on: string;
  expires_on: string;
  expiry_event: string;
}

function emptyDraft(today: string): Draft {
  return {
    recipient: "",
    purpose: "",
    information: "",
    includes_notes: false,
    signed_on: today,
    expires_on: "",
    expiry_event: "",
  };
}

/**
 * The client's Part 2 consents (record, list, revoke) and the accounting of disclosures
 * made under them. Every role may record and revoke a consent: the front desk often takes
 * the signed paper.
 */
export function ConsentsPanel({
  clientId,
  today,
}: {
  clientId: string;
  today: string;
}) {
  const me = useMe();
  const tz = me.practice.time_zone;
  const load = useCallback(
    (signal: AbortSignal) => api.listConsents(clientId, signal),
    [clientId],
  );
  const { data, error, reload } = useAsyncData(load);
  const loadDisclosures = useCallback(
    (signal: AbortSignal) => api.listDisclosures(clientId, signal),
    [clientId],
  );
  const disclosures = useAsyncData(loadDisclosures);
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(today));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<string | null>(null);

  const set = (key: keyof Draft) => (value: string | boolean) =>
    setDraft((d) => ({ ...d, [key]: value }));

  async function record(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    setNotice(null);
    const body: NewConsent = {
      recipient: draft.recipient.trim(),
      purpose: draft.purpose.trim(),
      information: draft.information.trim(),
      includes_notes: draft.includes_notes,
      signed_on: draft.signed_on,
      ...(draft.expires_on ? { expires_on: draft.expires_on } : {}),
      ...(draft.expiry_event.trim()
        ? { expiry_event: draft.expiry_event.trim() }
        : {}),
    };
    setBusy(true);
    try {
      await api.createConsent(clientId, body);
      setNotice(`Consent to disclose to ${body.recipient} recorded.`);
      setDraft(emptyDraft(today));
      setErrors({});
      setAdding(false);
      reload();
      disclosures.reload();
    } catch (e) {
      const err = e instanceof ApiError ? e : null;
      setErrors(err?.fieldErrors ?? {});
      setMessage(
        err?.hasFieldErrors
          ? "Please check the highlighted fields."
          : e instanceof Error
            ? e.message
            : "Could not record the consent.",
      );
    } finally {
      setBusy(false);
    }
  }

  async function revoke(consent: Consent) {
    setBusy(true);
    setMessage(null);
    try {
      await api.revokeConsent(consent.id);
      setNotice(
        `Consent to disclose to ${consent.recipient} revoked: nothing more goes out under it.`,
      );
      reload();
      disclosures.reload();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : "Could not revoke it.");
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  }

  async function attach(consent: Consent, file: File | undefined) {
    if (!file) return;
    setMessage(null);
    setNotice(null);
    setBusy(true);
    try {
      await api.attachConsentDocument(consent.id, file);
      setNotice(
        `The signed copy of the consent to ${consent.recipient} is attached.`,
      );
      reload();
    } catch (e) {
      const err = e instanceof ApiError ? e : null;
      setMessage(
        err?.fieldErrors.document?.[0] ??
          (e instanceof Error ? e.message : "Could not attach the file."),
      );
    } finally {
      setBusy(false);
    }
  }

  async function openDocument(consent: Consent) {
    try {
      const file = await api.consentDocument(consent.id);
      saveFile(file.blob, file.filename ?? "signed-consent");
    } catch (e) {
      setMessage(e instanceof Error ? e.message : "The download did not work.");
    }
  }

  async function downloadCsv() {
    try {
      saveFile(await api.disclosuresCsv(clientId), "disclosures.csv");
    } catch (e) {
      setMessage(e instanceof Error ? e.message : "The download did not work.");
    }
  }

  async function downloadPdf() {
    try {
      const file = await api.disclosuresPdf(clientId);
      saveFile(file.blob, file.filename ?? "disclosures.pdf");
    } catch (e) {
      setMessage(e instanceof Error ? e.message : "The download did not work.");
    }
  }

  const consents = data?.items ?? [];
  const items = disclosures.data?.items ?? [];

  return (
    <div className="stack-large">
      <section
        className="card card-padded stack-large"
        aria-labelledby="consents-heading"
      >
        <div>
          <h2 id="consents-heading" className="section-title">
            Consents to disclose
          </h2>
          <p className="section-text flush">
            The client’s written consents (42 CFR Part 2). A report leaves the
            practice only under an active consent, or as the client’s own copy.
            A consent is never edited: record a new one, and revoke the old.
          </p>
        </div>
        {notice && <Notice tone="success">{notice}</Notice>}
        <FormAlert message={message} />
        {error !== undefined && (
          <FormAlert message="Could not load the consents.">
            <button
              type="button"
              className="button button-secondary"
              onClick={reload}
            >
              Try again
            </button>
          </FormAlert>
        )}
        {data && consents.length === 0 && (
          <p className="muted">No consent has been recorded yet.</p>
        )}
        {consents.length > 0 && (
          <div className="table-card">
            <table className="data-table">
              <caption className="visually-hidden">Consents</caption>
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col">Recipient and purpose</th>
                  <th scope="col">Information</th>
                  <th scope="col">Signed</th>
                  <th scope="col">Ends</th>
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {consents.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <span className={STATUS[c.status].badge}>
                        {STATUS[c.status].label}
                      </span>
                    </td>
                    <td>
                      {c.recipient}
                      <span className="cell-sub">{c.purpose}</span>
                    </td>
                    <td>
                      {c.information}
                      <span className="cell-sub">
                        {c.includes_notes
                          ? "Session notes included"
                          : "No session notes"}
                      </span>
                    </td>
                    <td>
                      {formatDay(c.signed_on)}
                      {c.recorded_by_name && (
                        <span className="cell-sub">
                          recorded by {c.recorded_by_name}
                        </span>
                      )}
                      <span className="cell-sub">
                        {c.document_type ? (
                          <button
                            type="button"
                            className="button button-quiet button-small"
                            onClick={() => void openDocument(c)}
                            aria-label={`Download the signed copy of the consent to ${c.recipient}`}
                          >
                            Signed copy
                          </button>
                        ) : (
                          <label className="button button-quiet button-small file-button">
                            Attach signed copy…
                            <input
                              type="file"
                              className="visually-hidden"
                              accept="application/pdf,image/jpeg,image/png"
                              aria-label={`Attach the signed copy of the consent to ${c.recipient}`}
                              disabled={busy}
                              onChange={(e) =>
                                void attach(c, e.target.files?.[0])
                              }
                            />
                          </label>
                        )}
                      </span>
                    </td>
                    <td>
                      {c.revoked_on
                        ? `Revoked ${formatDay(c.revoked_on)}`
                        : ends(c)}
                    </td>
                    <td className="cell-actions">
                      {c.status === "active" &&
                        (confirm === c.id ? (
                          <ConfirmBox
                            confirmLabel="Yes, revoke"
                            busyLabel="Revoking…"
                            busy={busy}
                            onConfirm={() => void revoke(c)}
                            onCancel={() => setConfirm(null)}
                          >
                            Revoke the consent to disclose to {c.recipient}?
                            <p className="confirm-detail">
                              From today nothing more goes out under it.
                            </p>
                          </ConfirmBox>
                        ) : (
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            onClick={() => setConfirm(c.id)}
                            aria-label={`Revoke the consent to disclose to ${c.recipient}`}
                          >
                            Revoke…
                          </button>
                        ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}

        {adding ? (
          <form
            className="stack"
            onSubmit={record}
            noValidate
            aria-label="Record a consent"
          >
            <div className="form-grid">
              <Field
                label="Recipient"
                name="recipient"
                errors={errors.recipient}
                hint="A person or organisation, or a general designation such as “my treating providers”."
                required
              >
                {(p) => (
                  <input
                    {...p}
                    value={draft.recipient}
                    maxLength={200}
                    onChange={(e) => set("recipient")(e.target.value)}
                  />
                )}
              </Field>
              <Field
                label="Purpose"
                name="purpose"
                errors={errors.purpose}
                required
              >
                {(p) => (
                  <input
                    {...p}
                    value={draft.purpose}
                    maxLength={200}
                    onChange={(e) => set("purpose")(e.target.value)}
                  />
                )}
              </Field>
            </div>
            <Field
              label="Information that may be disclosed"
              name="information"
              errors={errors.information}
              hint="How much and what kind, in the consent’s words: e.g. progress reports, attendance, drug-screen results."
              required
            >
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  value={draft.information}
                  maxLength={1000}
                  onChange={(e) => set("information")(e.target.value)}
                />
              )}
            </Field>
            <label className="choice">
              <input
                type="checkbox"
                checked={draft.includes_notes}
                onChange={(e) => set("includes_notes")(e.target.checked)}
              />
              <span>It covers signed session notes</span>
            </label>
            <div className="form-grid">
              <Field
                label="Signed on"
                name="signed_on"
                errors={errors.signed_on}
                required
              >
                {(p) => (
                  <input
                    {...p}
                    type="date"
                    max={today}
                    value={draft.signed_on}
                    onChange={(e) => set("signed_on")(e.target.value)}
                  />
                )}
              </Field>
              <Field
                label="Expires on"
                name="expires_on"
                errors={errors.expires_on}
                hint="Or the event that ends it, below."
                optionalMark
              >
                {(p) => (
                  <input
                    {...p}
                    type="date"
                    min={today}
                    value={draft.expires_on}
                    onChange={(e) => set("expires_on")(e.target.value)}
                  />
                )}
              </Field>
              <Field
                label="Ends with the event"
                name="expiry_event"
                errors={errors.expiry_event}
                optionalMark
              >
                {(p) => (
                  <input
                    {...p}
                    value={draft.expiry_event}
                    maxLength={200}
                    placeholder="e.g. End of probation"
                    onChange={(e) => set("expiry_event")(e.target.value)}
                  />
                )}
              </Field>
            </div>
            <div className="form-actions">
              <button
                type="submit"
                className="button button-primary"
                disabled={busy}
              >
                {busy ? "Recording…" : "Record consent"}
              </button>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => setAdding(false)}
              >
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <div>
            <button
              type="button"
              className="button button-primary"
              onClick={() => setAdding(true)}
            >
              Record a consent
            </button>
          </div>
        )}
      </section>

      <section
        className="card card-padded stack-large"
        aria-labelledby="disclosures-heading"
      >
        <div>
          <h2 id="disclosures-heading" className="section-title">
            Disclosures
          </h2>
          <p className="section-text flush">
            Every time this client’s record left the practice: when, to whom,
            under which consent, what, and by whom. The client may ask for this
            list.
          </p>
        </div>
        {disclosures.data && items.length === 0 && (
          <p className="muted">Nothing has been disclosed.</p>
        )}
        {items.length > 0 && (
          <div className="table-card">
            <table className="data-table">
              <caption className="visually-hidden">Disclosures</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">To</th>
                  <th scope="col">What</th>
                  <th scope="col">By</th>
                </tr>
              </thead>
              <tbody>
                {items.map((d, i) => (
                  <tr key={`${d.at}-${i}`}>
                    <td>{formatDateTime(d.at, tz)}</td>
                    <td>
                      {d.recipient}
                      {d.purpose && (
                        <span className="cell-sub">{d.purpose}</span>
                      )}
                      <span className="cell-sub">
                        {d.consent_id
                          ? "Under the client’s consent"
                          : "At the client’s request"}
                      </span>
                    </td>
                    <td>{d.what}</td>
                    <td>{d.by_name ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="form-actions">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void downloadPdf()}
          >
            Download as PDF
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void downloadCsv()}
          >
            Download as CSV
          </button>
        </div>
      </section>
    </div>
  );
}
