import { useCallback, useEffect, useId, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import type { Group } from "../api/types";
import { useMe } from "../auth/AuthContext";
import { useClinicians } from "../clinicians";
import { FormAlert, Notice } from "../components/Field";
import { isClinical } from "../domain";
import { useAsyncData, useMinuteClock, useTitle } from "../hooks";
import { GroupForm } from "./groups/GroupForm";
import { formatLabel, type GroupValues } from "./groups/groupValues";
import { MembersSection } from "./groups/MembersSection";
import { SessionsSection } from "./groups/SessionsSection";

export const GROUP_STALE_MESSAGE =
  "Someone changed this group; it has been reloaded.";

/** One group: its details (editable), its members, and its sessions. */
export function GroupDetail() {
  useTitle("Group");
  const { id = "" } = useParams();
  const load = useCallback(
    (signal: AbortSignal) => api.getGroup(id, signal),
    [id],
  );
  const { data, error, reload, setData } = useAsyncData(load);

  if (error !== undefined && !data) {
    const notFound =
      error instanceof ApiError &&
      (error.status === 404 || error.status === 400);
    return (
      <div className="page page-medium">
        <Link to="/groups" className="back-link">
          ← All groups
        </Link>
        <FormAlert
          message={
            notFound
              ? "This group could not be found, or you do not facilitate it."
              : error instanceof Error
                ? error.message
                : "Could not load this group."
          }
        >
          {!notFound && (
            <button
              type="button"
              className="button button-secondary"
              onClick={reload}
            >
              Try again
            </button>
          )}
        </FormAlert>
      </div>
    );
  }
  if (!data || data.id !== id) {
    return (
      <div className="page page-medium">
        <p className="loading" role="status">
          Loading group…
        </p>
      </div>
    );
  }
  return <GroupPage group={data} onChange={setData} onReload={reload} />;
}

function valuesOf(g: Group): GroupValues {
  return {
    name: g.name,
    track: g.track ?? "",
    minutes: String(g.default_minutes),
    facilitatorIds: g.facilitators.map((f) => f.id),
    noteFormat: g.note_format,
    location: g.location ?? "",
  };
}

function GroupPage({
  group: g,
  onChange,
  onReload,
}: {
  group: Group;
  onChange: (group: Group) => void;
  onReload: () => void;
}) {
  const me = useMe();
  const clinical = isClinical(me.role);
  const timeZone = me.practice.time_zone;
  const location = useLocation();
  const navigate = useNavigate();
  const now = useMinuteClock();
  const detailsId = useId();
  const editButton = useRef<HTMLButtonElement>(null);
  const { clinicians } = useClinicians();
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(
    () => (location.state as { notice?: string } | null)?.notice ?? null,
  );

  // Say "Evening IOP has started." once: a reload should not repeat it.
  const hasNoticeState = Boolean(
    (location.state as { notice?: string } | null)?.notice,
  );
  useEffect(() => {
    if (hasNoticeState)
      navigate(location.pathname + location.search, {
        replace: true,
        state: null,
      });
  }, [hasNoticeState, location.pathname, location.search, navigate]);

  function closeEditor() {
    setEditing(false);
    requestAnimationFrame(() => editButton.current?.focus());
  }

  const facilitators = g.facilitators.map((f) => f.name ?? "A facilitator");

  return (
    <div className="page page-medium group-page">
      <Link to="/groups" className="back-link">
        ← All groups
      </Link>
      <div className="page-header">
        <div>
          <h1>
            {g.name}
            {!g.active && (
              <span className="badge badge-muted">No longer meets</span>
            )}
          </h1>
          {g.track && <p className="page-subtitle">{g.track}</p>}
        </div>
      </div>

      {notice && <Notice tone="success">{notice}</Notice>}
      <FormAlert message={message} />

      {editing ? (
        <GroupForm
          title="Group details"
          initial={valuesOf(g)}
          initialActive={g.active}
          clinicians={clinicians}
          me={{ id: me.id, name: me.name, clinical }}
          submitLabel="Save details"
          busyLabel="Saving…"
          onSubmit={async (body, active) => {
            try {
              const saved = await api.updateGroup(g.id, {
                ...body,
                track: body.track ?? "",
                location: body.location ?? "",
                active,
                version: g.version,
              });
              onChange(saved);
              setNotice("Details saved.");
              closeEditor();
            } catch (e) {
              if (e instanceof ApiError && e.status === 409) {
                setMessage(GROUP_STALE_MESSAGE);
                closeEditor();
                onReload();
                return;
              }
              throw e;
            }
          }}
          onCancel={closeEditor}
        />
      ) : (
        <section className="card card-padded stack" aria-labelledby={detailsId}>
          <div className="panel-header">
            <h2 id={detailsId} className="section-title flush">
              Details
            </h2>
            <button
              ref={editButton}
              type="button"
              className="button button-secondary"
              onClick={() => {
                setNotice(null);
                setMessage(null);
                setEditing(true);
              }}
            >
              Edit details
            </button>
          </div>
          <dl className="group-facts group-details">
            <div>
              <dt>Facilitators</dt>
              <dd>{facilitators.join(", ")}</dd>
            </div>
            <div>
              <dt>Usual length</dt>
              <dd>{g.default_minutes} minutes</dd>
            </div>
            <div>
              <dt>Note format</dt>
              <dd>{formatLabel(g.note_format)}</dd>
            </div>
            <div>
              <dt>Place</dt>
              <dd>{g.location || "Not set"}</dd>
            </div>
          </dl>
        </section>
      )}

      <MembersSection
        group={g}
        today={me.today}
        onChange={(next) => {
          setNotice(null);
          onChange(next);
        }}
      />
      <SessionsSection
        group={g}
        today={me.today}
        timeZone={timeZone}
        now={now}
      />
    </div>
  );
}
