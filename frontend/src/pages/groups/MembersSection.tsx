import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Group, GroupMember } from "../../api/types";
import { ClientPicker } from "../../components/ClientPicker";
import { Field, FormAlert, Notice } from "../../components/Field";
import { asSentences, formatDay } from "../../format";

function failure(e: unknown, fallback: string): string {
  return e instanceof Error ? e.message : fallback;
}

/**
 * The group's members: current ones (since when, and ending a membership on a day), past ones
 * (from and to), and adding a client from a day.
 */
export function MembersSection({
  group,
  today,
  onChange,
}: {
  group: Group;
  today: string;
  onChange: (group: Group) => void;
}) {
  const headingId = useId();
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const current = group.members.filter((m) => m.current);
  const past = group.members.filter((m) => !m.current);

  return (
    <section className="card card-padded stack" aria-labelledby={headingId}>
      <div className="panel-header">
        <h2 id={headingId} className="section-title flush">
          Members
        </h2>
        {!adding && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setNotice(null);
              setAdding(true);
            }}
          >
            Add member
          </button>
        )}
      </div>
      {notice && <Notice tone="success">{notice}</Notice>}
      {adding && (
        <AddMemberForm
          group={group}
          today={today}
          onAdded={(g, name) => {
            onChange(g);
            setAdding(false);
            setNotice(`${name} joined the group.`);
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      <h3 className="subsection-title flush">Current ({current.length})</h3>
      {current.length === 0 ? (
        <p className="empty-state">No current members.</p>
      ) : (
        <ul className="member-list" aria-label="Current members">
          {current.map((m) => (
            <CurrentMember
              key={m.id}
              group={group}
              member={m}
              today={today}
              onLeft={(g) => {
                onChange(g);
                setNotice(`${m.client_name ?? "The member"} left the group.`);
              }}
            />
          ))}
        </ul>
      )}
      {past.length > 0 && (
        <>
          <h3 className="subsection-title flush">Past</h3>
          <ul className="member-list" aria-label="Past members">
            {past.map((m) => (
              <li key={m.id} className="member member-past">
                <Link to={`/clients/${m.client_id}`} className="member-name">
                  {m.client_name ?? "A client"}
                </Link>
                <span className="member-dates">
                  {formatDay(m.joined_on)} – {formatDay(m.left_on)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function AddMemberForm({
  group,
  today,
  onAdded,
  onCancel,
}: {
  group: Group;
  today: string;
  onAdded: (group: Group, name: string) => void;
  onCancel: () => void;
}) {
  const [client, setClient] = useState<{ id: string; name: string } | null>(
    null,
  );
  const [joinedOn, setJoinedOn] = useState(today);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    if (!client) {
      setErrors({ client_id: ["Choose a client."] });
      setMessage("Please check the highlighted fields.");
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const g = await api.addGroupMember(group.id, {
        client_id: client.id,
        joined_on: joinedOn || null,
      });
      onAdded(g, client.name);
    } catch (e) {
      const error = e instanceof ApiError ? e : null;
      if (error?.status === 409) {
        setMessage(`${client.name} is already a member of ${group.name}.`);
      } else {
        setErrors(error?.fieldErrors ?? {});
        setMessage(failure(e, "Could not add the member."));
      }
    } finally {
      setBusy(false);
    }
  }

  const clientErrors = asSentences(errors.client_id, "The client");
  return (
    <form
      className="stack member-form"
      onSubmit={submit}
      noValidate
      aria-label="Add a member"
    >
      <FormAlert message={message} />
      <div className="form-grid">
        <div>
          <ClientPicker
            label="Client"
            selectedName={client?.name ?? null}
            onSelect={setClient}
          />
          {clientErrors && <p className="field-error">{clientErrors}</p>}
        </div>
        <Field
          label="Joined on"
          name="joined"
          errors={asSentences(errors.joined_on, "The day")}
          hint="Not in the future."
        >
          {(p) => (
            <input
              {...p}
              type="date"
              max={today}
              value={joinedOn}
              onChange={(e) => setJoinedOn(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Adding…" : "Add member"}
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

function CurrentMember({
  group,
  member: m,
  today,
  onLeft,
}: {
  group: Group;
  member: GroupMember;
  today: string;
  onLeft: (group: Group) => void;
}) {
  const name = m.client_name ?? "A client";
  const [leaving, setLeaving] = useState(false);
  const [leftOn, setLeftOn] = useState(today);
  const [errors, setErrors] = useState<string[] | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function leave(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      onLeft(
        await api.leaveGroup(group.id, m.client_id, {
          left_on: leftOn || null,
        }),
      );
      setLeaving(false);
    } catch (e) {
      const error = e instanceof ApiError ? e : null;
      setErrors(asSentences(error?.fieldErrors.left_on, "The day"));
      setMessage(
        error?.fieldErrors.left_on
          ? null
          : failure(e, "Could not end the membership."),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="member">
      <Link to={`/clients/${m.client_id}`} className="member-name">
        {name}
      </Link>
      <span className="member-dates">
        since {formatDay(m.joined_on)}
        {m.left_on && ` · last day ${formatDay(m.left_on)}`}
      </span>
      {!leaving && !m.left_on && (
        <button
          type="button"
          className="button button-quiet button-small member-leave"
          onClick={() => setLeaving(true)}
        >
          End <span className="visually-hidden">{name}’s</span> membership
        </button>
      )}
      {leaving && (
        <form
          className="member-leave-form"
          onSubmit={leave}
          noValidate
          aria-label={`End ${name}’s membership`}
        >
          <FormAlert message={message} />
          <Field
            label="Left on"
            name="left"
            errors={errors}
            hint="Past sessions and notes stay."
          >
            {(p) => (
              <input
                {...p}
                type="date"
                min={m.joined_on}
                max={today}
                value={leftOn}
                onChange={(e) => setLeftOn(e.target.value)}
              />
            )}
          </Field>
          <div className="form-actions">
            <button
              type="submit"
              className="button button-primary button-small"
              disabled={busy}
            >
              {busy ? "Saving…" : "End membership"}
            </button>
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => setLeaving(false)}
              disabled={busy}
            >
              Keep member
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
