import { useId, useState } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Me, Note } from "../../api/types";
import { canCosign, labelFor, noteFormat, RISK_FLAGS } from "../../clinical";
import { ConfirmBox } from "../../components/Confirm";
import { Field, FormAlert } from "../../components/Field";
import { formatDateTime, formatDay } from "../../format";

type Action = null | "sign" | "cosign" | "addendum";

/** One note as it stands in the record: its sections, signatures and addenda below it. */
export function NoteCard({
  note,
  me,
  onChange,
  onEdit,
}: {
  note: Note;
  me: Me;
  onChange: (note: Note) => void;
  onEdit: () => void;
}) {
  const headingId = useId();
  const tz = me.practice.time_zone;
  const [action, setAction] = useState<Action>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [addendum, setAddendum] = useState("");
  const [addendumErrors, setAddendumErrors] = useState<string[] | undefined>();

  const mine = note.author_id === me.id;
  const signed = note.status === "signed";
  const format = noteFormat(note.format);

  function fail(e: unknown) {
    const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
    setMessage(
      error.hasFieldErrors
        ? Object.entries(error.fieldErrors)
            .map(([f, m]) => `${f.replace(/^sections\./, "")}: ${m.join(" ")}`)
            .join(" ")
        : error.message,
    );
    return error;
  }

  async function sign() {
    setBusy(true);
    setMessage(null);
    try {
      onChange(await api.signNote(note.id, note.version));
      setAction(null);
    } catch (e) {
      fail(e);
      setAction(null);
    } finally {
      setBusy(false);
    }
  }

  async function cosign() {
    setBusy(true);
    setMessage(null);
    try {
      onChange(await api.cosignNote(note.id));
      setAction(null);
    } catch (e) {
      fail(e);
      setAction(null);
    } finally {
      setBusy(false);
    }
  }

  async function addAddendum() {
    if (!addendum.trim()) {
      setAddendumErrors(["Write the addendum first."]);
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const added = await api.addAddendum(note.id, addendum.trim());
      onChange({ ...note, addenda: [...note.addenda, added] });
      setAddendum("");
      setAddendumErrors(undefined);
      setAction(null);
    } catch (e) {
      const error = fail(e);
      setAddendumErrors(error.fieldErrors.text);
    } finally {
      setBusy(false);
    }
  }

  const details = [
    `${note.duration_minutes} min`,
    note.service_type,
    `${format.label} note by ${mine ? `${note.author_name} (you)` : note.author_name}`,
  ].filter(Boolean);

  return (
    <article
      className={`card note-card${signed ? "" : " note-draft"}`}
      aria-labelledby={headingId}
    >
      <header className="note-header">
        <div>
          <h3 id={headingId} className="note-title">
            Session on {formatDay(note.session_on)}
          </h3>
          <p className="note-meta">{details.join(" · ")}</p>
        </div>
        <div className="badges">
          {signed ? (
            <span className="badge badge-ok">Signed</span>
          ) : (
            <span className="badge badge-draft">Draft</span>
          )}
          {note.cosigned_at && (
            <span className="badge badge-ok">Co-signed</span>
          )}
          {note.is_psychotherapy_note && (
            <span
              className="badge badge-private"
              title="Private process notes: only the author reads them; never in a report or export."
            >
              Psychotherapy note
            </span>
          )}
        </div>
      </header>

      {note.risk_flags.length > 0 && (
        <p className="risk-flags">
          <span className="risk-label">Risk flags:</span>{" "}
          {note.risk_flags.map((f) => (
            <span key={f} className="badge badge-risk">
              {labelFor(RISK_FLAGS, f)}
            </span>
          ))}
        </p>
      )}

      <dl className="note-sections">
        {format.sections.map((s) => (
          <div key={s.key}>
            <dt>{s.label}</dt>
            <dd>
              {note.sections[s.key]?.trim() ? (
                note.sections[s.key]
              ) : (
                <span className="muted">Not written yet</span>
              )}
            </dd>
          </div>
        ))}
      </dl>

      {(note.signed_at || note.cosigned_at) && (
        <p className="note-signatures">
          {note.signed_at &&
            `Signed by ${note.signed_by_name ?? note.author_name} on ${formatDateTime(note.signed_at, tz)}.`}
          {note.cosigned_at &&
            ` Co-signed by ${note.cosigned_by_name ?? "a supervisor"} on ${formatDateTime(note.cosigned_at, tz)}.`}
        </p>
      )}

      {note.addenda.length > 0 && (
        <section className="addenda" aria-label="Addenda">
          <h4 className="addenda-title">Addenda</h4>
          <ol>
            {note.addenda.map((a) => (
              <li key={a.id} className="addendum">
                <p className="addendum-meta">
                  Addendum on {formatDateTime(a.created_at, tz)} by{" "}
                  {a.author_name}
                </p>
                <p className="addendum-text">{a.text}</p>
              </li>
            ))}
          </ol>
        </section>
      )}

      <FormAlert message={message} />

      {action === "sign" && (
        <ConfirmBox
          confirmLabel="Yes, sign note"
          busyLabel="Signing…"
          busy={busy}
          onConfirm={sign}
          onCancel={() => setAction(null)}
        >
          <p>Sign this note?</p>
          <p className="confirm-detail">
            A signed note becomes part of the legal record and is locked: it can
            no longer be edited, only corrected with an addendum.
          </p>
        </ConfirmBox>
      )}
      {action === "cosign" && (
        <ConfirmBox
          confirmLabel="Yes, co-sign"
          busyLabel="Co-signing…"
          busy={busy}
          onConfirm={cosign}
          onCancel={() => setAction(null)}
        >
          <p>Co-sign {note.author_name}'s note?</p>
          <p className="confirm-detail">
            Your name and the time are added to the note. This cannot be undone.
          </p>
        </ConfirmBox>
      )}
      {action === "addendum" && (
        <form
          className="stack addendum-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void addAddendum();
          }}
        >
          <Field
            label="Addendum"
            name="addendum"
            errors={addendumErrors}
            hint="The signed note stays as it is. The addendum is added below it with the date and your name."
            required
          >
            {(p) => (
              <textarea
                {...p}
                rows={3}
                value={addendum}
                onChange={(e) => setAddendum(e.target.value)}
                autoFocus
              />
            )}
          </Field>
          <div className="form-actions">
            <button
              type="submit"
              className="button button-primary"
              disabled={busy}
            >
              {busy ? "Saving…" : "Save addendum"}
            </button>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => setAction(null)}
              disabled={busy}
            >
              Cancel
            </button>
          </div>
        </form>
      )}

      {action === null && (
        <div className="note-actions">
          {!signed && mine && (
            <>
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={onEdit}
              >
                Continue editing
              </button>
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => setAction("sign")}
              >
                Sign note…
              </button>
            </>
          )}
          {signed && (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => setAction("addendum")}
            >
              Add addendum
            </button>
          )}
          {signed && !mine && canCosign(me.role) && !note.cosigned_at && (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => setAction("cosign")}
            >
              Co-sign…
            </button>
          )}
        </div>
      )}
    </article>
  );
}
