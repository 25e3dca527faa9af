import { useCallback, useId, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Medication } from "../../api/types";
import { labelFor, MEDICATION_CLASSES, PANEL_SUBSTANCES } from "../../clinical";
import { Field, FormAlert, Notice } from "../../components/Field";
import { formatDay } from "../../format";
import { useAsyncData } from "../../hooks";
import { MedicationForm } from "./MedicationForm";

/** "stopped on Mar 20, 2026 (tapered off)" */
function stoppedText(m: Medication): string {
  if (!m.stopped_on) return "";
  return `stopped on ${formatDay(m.stopped_on)}${m.stop_reason ? ` (${m.stop_reason})` : ""}`;
}

function StopForm({
  medication: m,
  today,
  onStopped,
  onCancel,
  onReload,
}: {
  medication: Medication;
  today: string;
  onStopped: (m: Medication) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const headingId = useId();
  const [stoppedOn, setStoppedOn] = useState(
    today < m.started_on ? m.started_on : today,
  );
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    if (!stoppedOn) {
      setErrors({ stopped_on: ["Enter the day it stopped."] });
      return;
    }
    setBusy(true);
    try {
      onStopped(
        await api.updateMedication(m.id, {
          stopped_on: stoppedOn,
          stop_reason: reason.trim() || null,
          version: m.version,
        }),
      );
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
      setErrors(error.fieldErrors);
      if (error.status === 409) {
        setConflict(true);
        setMessage(
          "This medication was changed by someone else meanwhile. Nothing was overwritten: reload the medications and try again.",
        );
      } else
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
      className="stack medication-stop"
      onSubmit={submit}
      noValidate
      aria-labelledby={headingId}
    >
      <p id={headingId} className="confirm-text flush">
        Stop {m.name}
      </p>
      <FormAlert message={message}>
        {conflict && (
          <button
            type="button"
            className="button button-secondary"
            onClick={onReload}
          >
            Reload the medications
          </button>
        )}
      </FormAlert>
      <div className="form-grid">
        <Field
          label="Stopped on"
          name="stopped_on"
          errors={errors.stopped_on}
          required
        >
          {(p) => (
            <input
              {...p}
              type="date"
              min={m.started_on}
              value={stoppedOn}
              onChange={(e) => setStoppedOn(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Why it stopped"
          name="stop_reason"
          errors={errors.stop_reason}
          optionalMark
        >
          {(p) => (
            <input
              {...p}
              value={reason}
              maxLength={500}
              placeholder="E.g. tapered off"
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || conflict}
        >
          {busy ? "Saving…" : "Save stop"}
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
  );
}

/**
 * The client's medications (clinical staff only): a screen's positive for something prescribed
 * that day reads as expected. Medications are never deleted: they are stopped.
 */
export function MedicationsSection({
  clientId,
  today,
  onChanged,
}: {
  clientId: string;
  today: string;
  /** A medication changes how screens read: the caller reloads them. */
  onChanged: () => void;
}) {
  const load = useCallback(
    (signal: AbortSignal) => api.listMedications(clientId, signal),
    [clientId],
  );
  const { data, error, reload } = useAsyncData(load);
  const [adding, setAdding] = useState(false);
  const [stopping, setStopping] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const medications = [...(data ?? [])].sort(
    (a, b) => Number(b.current) - Number(a.current),
  );

  function changed(text: string) {
    setNotice(text);
    setAdding(false);
    setStopping(null);
    reload();
    onChanged();
  }

  return (
    <section
      className="card card-padded stack-large"
      aria-labelledby="medications-heading"
    >
      <div>
        <h2 id="medications-heading" className="section-title">
          Medications
        </h2>
        <p className="section-text flush">
          What the client is prescribed, so a screen reads a prescribed
          substance as expected, and a prescribed one found negative as worth a
          conversation.
        </p>
      </div>
      {notice && <Notice tone="success">{notice}</Notice>}
      {error !== undefined && (
        <FormAlert message="Could not load the medications.">
          <button
            type="button"
            className="button button-secondary"
            onClick={reload}
          >
            Try again
          </button>
        </FormAlert>
      )}
      {data && medications.length === 0 && (
        <p className="muted">No medication recorded.</p>
      )}
      {medications.length > 0 && (
        <ul className="medication-list" aria-label="Medications">
          {medications.map((m) => (
            <li key={m.id} className="medication">
              <div className="medication-head">
                <strong>{m.name}</strong>
                <span className="medication-class">
                  {labelFor(MEDICATION_CLASSES, m.class)}
                </span>
                <span
                  className={m.current ? "badge badge-ok" : "badge badge-muted"}
                >
                  {m.current ? "Current" : "Not current"}
                </span>
              </div>
              <p className="medication-meta flush">
                {[
                  m.dose,
                  m.schedule,
                  m.prescriber && `prescribed by ${m.prescriber}`,
                  m.screens_as &&
                    `shows on a screen as ${labelFor(PANEL_SUBSTANCES, m.screens_as)}`,
                  m.ask_on_link && "asked about on the check-in link",
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </p>
              <p className="medication-meta flush">
                Started {formatDay(m.started_on)}
                {m.stopped_on && `, ${stoppedText(m)}`}
              </p>
              {!m.stopped_on &&
                (stopping === m.id ? (
                  <StopForm
                    medication={m}
                    today={today}
                    onStopped={(s) => changed(`${s.name} ${stoppedText(s)}.`)}
                    onCancel={() => setStopping(null)}
                    onReload={() => {
                      setStopping(null);
                      reload();
                    }}
                  />
                ) : (
                  <div className="note-actions">
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-label={`Stop ${m.name}`}
                      onClick={() => {
                        setNotice(null);
                        setStopping(m.id);
                      }}
                    >
                      Stop
                    </button>
                  </div>
                ))}
            </li>
          ))}
        </ul>
      )}
      {adding ? (
        <MedicationForm
          clientId={clientId}
          today={today}
          onSaved={(m) => changed(`${m.name} added.`)}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <div>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setNotice(null);
              setAdding(true);
            }}
          >
            Add a medication
          </button>
        </div>
      )}
    </section>
  );
}
