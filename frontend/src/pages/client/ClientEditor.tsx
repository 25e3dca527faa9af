import { useEffect, useRef, useState } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Client, ClinicianOption } from "../../api/types";
import { useMe } from "../../auth/AuthContext";
import { Notice, focusFirstInvalid } from "../../components/Field";
import { displayName } from "../../format";
import {
  ClientForm,
  CLIENT_FIELDS,
  changedFields,
  validateClient,
  valuesFromClient,
  type ClientFormValues,
} from "../ClientForm";

/** Keeps the user's edits and takes everything else from the latest version. */
function rebase(
  values: ClientFormValues,
  baseline: ClientFormValues,
  latest: ClientFormValues,
): ClientFormValues {
  const merged = { ...latest };
  for (const field of CLIENT_FIELDS) {
    if (values[field].trim() !== baseline[field].trim())
      merged[field] = values[field];
  }
  return merged;
}

/** The demographics form and the archive action: the client page's Details. */
export function ClientEditor({
  initial,
  clinicians,
  onClientChange,
  onActivity,
}: {
  initial: Client;
  clinicians: ClinicianOption[] | undefined;
  onClientChange: (client: Client) => void;
  onActivity: () => void;
}) {
  const me = useMe();
  const formRef = useRef<HTMLFormElement>(null);
  const [client, setClient] = useState(initial);
  const [baseline, setBaseline] = useState(() => valuesFromClient(initial));
  const [values, setValues] = useState(() => valuesFromClient(initial));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirmArchive) confirmRef.current?.focus();
  }, [confirmArchive]);

  function adopt(latest: Client, keepEdits: boolean) {
    const latestValues = valuesFromClient(latest);
    setValues((current) =>
      keepEdits ? rebase(current, baseline, latestValues) : latestValues,
    );
    setBaseline(latestValues);
    setClient(latest);
    onClientChange(latest);
  }

  async function save() {
    setMessage(null);
    setNotice(null);
    onActivity();
    const local = validateClient(values);
    setFieldErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage("Please check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    const changes = changedFields(baseline, values);
    if (Object.keys(changes).length === 0) {
      setNotice("There are no changes to save.");
      return;
    }
    setBusy(true);
    try {
      const updated = await api.updateClient(client.id, {
        ...changes,
        version: client.version,
      });
      adopt(updated, false);
      setConflict(false);
      setNotice("Changes saved.");
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
      setFieldErrors(error.fieldErrors);
      if (error.status === 409) {
        setConflict(true);
        setMessage(
          "Someone else changed this client while you were editing. Your edits are still in the form.",
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

  async function loadLatest() {
    setBusy(true);
    try {
      const latest = await api.getClient(client.id);
      adopt(latest, true);
      setConflict(false);
      setMessage(null);
      setNotice(
        "Loaded the latest version. Your edits are kept in the form: review them and save again.",
      );
    } catch (e) {
      setMessage(
        e instanceof Error ? e.message : "Could not load the latest version.",
      );
    } finally {
      setBusy(false);
    }
  }

  async function archive() {
    onActivity();
    setBusy(true);
    setMessage(null);
    setNotice(null);
    try {
      const archived = await api.archiveClient(client.id);
      const latest =
        archived && typeof archived === "object" && "id" in archived
          ? archived
          : await api.getClient(client.id);
      adopt(latest, true);
      setConfirmArchive(false);
      setNotice(
        "Client archived. Their record is kept and appears under Archived clients.",
      );
    } catch (e) {
      setConfirmArchive(false);
      setMessage(
        e instanceof Error ? e.message : "Could not archive this client.",
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {notice && <Notice tone="success">{notice}</Notice>}

      <section className="card card-padded" aria-labelledby="edit-heading">
        <h2 id="edit-heading" className="section-title">
          Client details
        </h2>
        <ClientForm
          formRef={formRef}
          values={values}
          onChange={setValues}
          fieldErrors={fieldErrors}
          message={message}
          messageDetails={
            conflict && (
              <div className="notice-actions">
                <p>
                  Load the latest version to see their changes; your own edits
                  stay in place.
                </p>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={loadLatest}
                  disabled={busy}
                >
                  Load the latest version
                </button>
              </div>
            )
          }
          busy={busy}
          role={me.role}
          clinicians={clinicians}
          submitLabel="Save changes"
          busyLabel="Saving…"
          onSubmit={save}
        />
      </section>

      {client.status === "active" && (
        <section
          className="card card-padded archive-section"
          aria-labelledby="archive-heading"
        >
          <h2 id="archive-heading" className="section-title">
            Archive
          </h2>
          <p className="section-text">
            Archive a client when their care with the practice ends. Nothing is
            deleted: their record is kept and stays under Archived clients.
          </p>
          {!confirmArchive ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setConfirmArchive(true)}
              disabled={busy}
            >
              Archive client
            </button>
          ) : (
            <div
              className="confirm"
              role="group"
              aria-labelledby="confirm-archive-text"
            >
              <p id="confirm-archive-text" className="confirm-text">
                Archive {displayName(client)}? They will no longer appear in the
                active list.
              </p>
              <div className="confirm-actions">
                <button
                  ref={confirmRef}
                  type="button"
                  className="button button-primary"
                  onClick={archive}
                  disabled={busy}
                >
                  {busy ? "Archiving…" : "Yes, archive"}
                </button>
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => setConfirmArchive(false)}
                  disabled={busy}
                >
                  Cancel
                </button>
              </div>
            </div>
          )}
        </section>
      )}
    </>
  );
}
