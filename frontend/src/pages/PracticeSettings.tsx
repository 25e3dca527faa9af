import { useCallback, useId, useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import type { PracticeSettings as Settings } from "../api/types";
import { useAuth, useMe } from "../auth/AuthContext";
import { FormAlert, Notice } from "../components/Field";
import { useAsyncData, useTitle } from "../hooks";

/** The owner's practice settings (`/settings`). */
export function PracticeSettings() {
  useTitle("Practice settings");
  const me = useMe();
  const load = useCallback(
    (signal: AbortSignal) => api.getPractice(signal),
    [],
  );
  const { data, error, loading, reload, setData } = useAsyncData(load);

  return (
    <div className="page page-narrow stack-large">
      <div className="page-header">
        <div>
          <h1>Practice settings</h1>
          <p className="page-subtitle">
            How everyone at {me.practice.name} works in Daybreak.
          </p>
        </div>
      </div>

      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error
              ? error.message
              : "Could not load the practice settings."
          }
        >
          <button
            type="button"
            className="button button-secondary"
            onClick={reload}
          >
            Try again
          </button>
        </FormAlert>
      )}
      {loading && !data && <p className="loading">Loading settings…</p>}
      {data && (
        <SignInSecurity settings={data} onSaved={setData} onStale={reload} />
      )}
    </div>
  );
}

/** Whether the practice requires two-factor sign-in of every member. */
function SignInSecurity({
  settings,
  onSaved,
  onStale,
}: {
  settings: Settings;
  onSaved: (s: Settings) => void;
  onStale: () => void;
}) {
  const me = useMe();
  const { updateMe } = useAuth();
  const id = useId();
  const [required, setRequired] = useState(settings.require_two_factor);
  // The checkbox follows the server's answer when a save or a reload brings a new version.
  const [shownVersion, setShownVersion] = useState(settings.version);
  if (shownVersion !== settings.version) {
    setShownVersion(settings.version);
    setRequired(settings.require_two_factor);
  }
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    setMessage(null);
    setBusy(true);
    try {
      const updated = await api.updatePractice({
        require_two_factor: required,
        version: settings.version,
      });
      onSaved(updated);
      setNotice(
        updated.require_two_factor
          ? "Saved. Every staff member now signs in with two-factor."
          : "Saved. Two-factor sign-in is now each member's choice.",
      );
      // An owner without two-factor is taken to its setup right away.
      updateMe({ two_factor_required: updated.require_two_factor });
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ status: 0 });
      if (err.status === 409) {
        setMessage(
          "Someone else changed the practice settings a moment ago. The page now shows the latest; please try again.",
        );
        onStale();
      } else {
        const fieldMessages = Object.values(err.fieldErrors).flat();
        setMessage(
          fieldMessages.length > 0 ? fieldMessages.join(" ") : err.message,
        );
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card card-padded" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        Sign-in security
      </h2>
      <form onSubmit={onSubmit} noValidate className="stack">
        {notice && <Notice tone="success">{notice}</Notice>}
        <FormAlert message={message} />
        <div className="checkbox-field">
          <label className="choice">
            <input
              type="checkbox"
              checked={required}
              onChange={(e) => setRequired(e.target.checked)}
              aria-describedby={`${id}-hint`}
            />
            <span>Require two-factor sign-in for all staff</span>
          </label>
          <p id={`${id}-hint`} className="field-hint">
            Members without it will be asked to set it up before they can open
            any record.
          </p>
        </div>
        {required && !settings.require_two_factor && !me.two_factor_enabled && (
          <Notice tone="warning">
            You have not set up two-factor sign-in yourself yet. After saving,
            Daybreak takes you to its setup first.
          </Notice>
        )}
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={busy}
          >
            {busy ? "Saving…" : "Save"}
          </button>
        </div>
      </form>
    </section>
  );
}
