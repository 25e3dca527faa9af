import { useCallback, useId, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/endpoints";
import type { Group, GroupSessionSummary } from "../api/types";
import { useMe } from "../auth/AuthContext";
import { useClinicians } from "../clinicians";
import { FormAlert } from "../components/Field";
import { isClinical } from "../domain";
import { addDays } from "../format";
import { useAsyncData, useMinuteClock, useTitle } from "../hooks";
import { GroupForm } from "./groups/GroupForm";
import {
  initialGroup,
  memberCount,
  nextSession,
  sessionWhen,
} from "./groups/groupValues";

/** How far ahead the list looks for each group's next session: the longest period the API lists. */
export const NEXT_SESSION_DAYS = 61;

/**
 * The practice's groups (a clinician: the groups they facilitate): each one's track,
 * facilitators, current members and next session; and starting a group.
 */
export function Groups() {
  useTitle("Groups");
  const me = useMe();
  const timeZone = me.practice.time_zone;
  const clinical = isClinical(me.role);
  const navigate = useNavigate();
  const now = useMinuteClock();
  const [includeInactive, setIncludeInactive] = useState(false);
  const [starting, setStarting] = useState(false);
  const startButton = useRef<HTMLButtonElement>(null);

  const load = useCallback(
    (signal: AbortSignal) => api.listGroups(includeInactive, signal),
    [includeInactive],
  );
  const { data, error, loading, reload } = useAsyncData(load);
  const loadSessions = useCallback(
    (signal: AbortSignal) =>
      api.listGroupSessionsInPeriod(
        { from: me.today, to: addDays(me.today, NEXT_SESSION_DAYS) },
        signal,
      ),
    [me.today],
  );
  const sessions = useAsyncData(loadSessions);
  const { clinicians } = useClinicians();

  function closeForm() {
    setStarting(false);
    requestAnimationFrame(() => startButton.current?.focus());
  }

  const groups = data?.items ?? [];

  return (
    <div className="page page-medium groups-page">
      <div className="page-header">
        <div>
          <h1>Groups</h1>
          <p className="page-subtitle">
            Group therapy: members, sessions and their notes. Times are the
            practice’s ({timeZone}).
          </p>
        </div>
        {!starting && (
          <button
            ref={startButton}
            type="button"
            className="button button-primary"
            onClick={() => setStarting(true)}
          >
            Start a group
          </button>
        )}
      </div>

      {starting && (
        <GroupForm
          title="Start a group"
          initial={initialGroup(clinical ? [me.id] : [])}
          clinicians={clinicians}
          me={{ id: me.id, name: me.name, clinical }}
          submitLabel="Start group"
          busyLabel="Starting…"
          onSubmit={async (body) => {
            const group = await api.createGroup(body);
            navigate(`/groups/${group.id}`, {
              state: { notice: `${group.name} has started.` },
            });
          }}
          onCancel={closeForm}
        />
      )}

      <label className="choice">
        <input
          type="checkbox"
          checked={includeInactive}
          onChange={(e) => setIncludeInactive(e.target.checked)}
        />
        <span>Show groups that no longer meet</span>
      </label>

      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error
              ? error.message
              : "Could not load the groups."
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
      {!data && loading && (
        <p className="loading" role="status">
          Loading groups…
        </p>
      )}
      {data && groups.length === 0 && (
        <p className="empty-state">
          {me.role === "clinician"
            ? "No groups yet. You see the groups you facilitate."
            : "No groups yet."}
        </p>
      )}
      {groups.length > 0 && (
        <ul className="group-list" aria-label="Groups" aria-busy={loading}>
          {groups.map((g) => (
            <GroupCard
              key={g.id}
              group={g}
              sessions={sessions.data?.items}
              sessionsFailed={sessions.error !== undefined}
              now={now}
              timeZone={timeZone}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function GroupCard({
  group: g,
  sessions,
  sessionsFailed,
  now,
  timeZone,
}: {
  group: Group;
  sessions: GroupSessionSummary[] | undefined;
  sessionsFailed: boolean;
  now: number;
  timeZone: string;
}) {
  const id = useId();
  const current = g.members.filter((m) => m.current).length;
  const next = sessions
    ? nextSession(
        sessions.filter((s) => s.group_id === g.id),
        now,
      )
    : null;
  const facilitators = g.facilitators.map((f) => f.name ?? "A facilitator");
  return (
    <li
      className={`card group-card${g.active ? "" : " group-card-inactive"}`}
      aria-labelledby={id}
    >
      <div className="group-card-head">
        <h2 className="group-card-title" id={id}>
          <Link to={`/groups/${g.id}`}>{g.name}</Link>
        </h2>
        {!g.active && (
          <span className="badge badge-muted">No longer meets</span>
        )}
      </div>
      {g.track && <p className="group-card-track">{g.track}</p>}
      <dl className="group-facts">
        <div>
          <dt>Facilitators</dt>
          <dd>{facilitators.join(", ")}</dd>
        </div>
        <div>
          <dt>Members</dt>
          <dd>{memberCount(current)}</dd>
        </div>
        <div>
          <dt>Next session</dt>
          <dd>
            {next
              ? sessionWhen(next, timeZone)
              : sessionsFailed
                ? "Could not be loaded"
                : sessions
                  ? "None in the next two months"
                  : "…"}
          </dd>
        </div>
      </dl>
    </li>
  );
}
