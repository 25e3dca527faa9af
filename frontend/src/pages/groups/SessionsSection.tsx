import { useCallback, useId, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/endpoints";
import type { Group, GroupSessionSummary } from "../../api/types";
import { labelFor } from "../../clinical";
import { FormAlert, Notice } from "../../components/Field";
import { useAsyncData } from "../../hooks";
import {
  attendedText,
  initialSession,
  SESSION_STATUSES,
  sessionBadge,
  sessionWhen,
  splitSessions,
  usualTime,
} from "./groupValues";
import { SessionForm } from "./SessionForm";

/** The group's sessions, still to come and held (each with its status), and scheduling one. */
export function SessionsSection({
  group,
  today,
  timeZone,
  now,
}: {
  group: Group;
  today: string;
  timeZone: string;
  now: number;
}) {
  const headingId = useId();
  const load = useCallback(
    (signal: AbortSignal) => api.listGroupSessions(group.id, signal),
    [group.id],
  );
  const { data, error, loading, reload } = useAsyncData(load);
  const [scheduling, setScheduling] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const items = data?.items ?? [];
  const { upcoming, past } = splitSessions(items, now);

  return (
    <section className="card card-padded stack" aria-labelledby={headingId}>
      <div className="panel-header">
        <h2 id={headingId} className="section-title flush">
          Sessions
        </h2>
        {!scheduling && group.active && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setNotice(null);
              setScheduling(true);
            }}
          >
            Schedule a session
          </button>
        )}
      </div>
      {notice && <Notice tone="success">{notice}</Notice>}
      {scheduling && (
        <SessionForm
          title="Schedule a session"
          initial={initialSession(
            today,
            usualTime(items, timeZone),
            group.default_minutes,
          )}
          timeZone={timeZone}
          placeHint={
            group.location
              ? `Optional: ${group.location} unless changed.`
              : "Optional: a room or an address."
          }
          submitLabel="Schedule"
          busyLabel="Scheduling…"
          onSubmit={async (body) => {
            const s = await api.scheduleGroupSession(group.id, body);
            setScheduling(false);
            setNotice(`Scheduled for ${sessionWhen(s, timeZone)}.`);
            reload();
          }}
          onCancel={() => setScheduling(false)}
        />
      )}
      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error
              ? error.message
              : "Could not load the sessions."
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
          Loading sessions…
        </p>
      )}
      {data && (
        <div className="stack" aria-busy={loading}>
          <h3 className="subsection-title flush">Upcoming</h3>
          {upcoming.length === 0 ? (
            <p className="empty-state">No sessions scheduled.</p>
          ) : (
            <SessionList sessions={upcoming} timeZone={timeZone} held={false} />
          )}
          <h3 className="subsection-title flush">Past</h3>
          {past.length === 0 ? (
            <p className="empty-state">No sessions held yet.</p>
          ) : (
            <SessionList sessions={past} timeZone={timeZone} held />
          )}
        </div>
      )}
    </section>
  );
}

function SessionList({
  sessions,
  timeZone,
  held,
}: {
  sessions: GroupSessionSummary[];
  timeZone: string;
  /** Sessions that have started: how many attended is said. */
  held: boolean;
}) {
  return (
    <ul
      className="session-list"
      aria-label={held ? "Past sessions" : "Upcoming sessions"}
    >
      {sessions.map((s) => (
        <li key={s.id} className="session-item">
          <Link to={`/group-sessions/${s.id}`} className="session-when">
            {sessionWhen(s, timeZone)}
          </Link>
          <span className="session-topic">{s.topic || "No topic"}</span>
          <span className="session-status">
            <span className={sessionBadge(s.status)}>
              {labelFor(SESSION_STATUSES, s.status)}
            </span>
            {held && s.status !== "cancelled" && (
              <span className="session-attended">
                {s.attended === 0 && s.status === "draft"
                  ? "Attendance not recorded"
                  : attendedText(s.attended)}
              </span>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
