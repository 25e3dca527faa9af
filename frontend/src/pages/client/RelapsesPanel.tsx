import { useCallback, useId, useState } from "react";
import { api } from "../../api/endpoints";
import type { Relapse } from "../../api/types";
import {
  COMPANY,
  CONSEQUENCES,
  COPING,
  EPISODE_KINDS,
  FEELINGS,
  labelFor,
  SETTINGS,
  SUPPORT,
  TRIGGERS,
  type Option,
} from "../../clinical";
import { ConfirmBox } from "../../components/Confirm";
import { FormAlert, Notice } from "../../components/Field";
import { Pagination } from "../../components/Pagination";
import { PLAN_STEPS_TRIED, SUBSTANCES } from "../../domain";
import { formatDay } from "../../format";
import { useAsyncData } from "../../hooks";
import { RelapseForm } from "./RelapseForm";

export const RELAPSES_PER_PAGE = 20;

type Status = "active" | "archived";
type Editing = null | { relapse?: Relapse };

export function episodeDates(r: Relapse): string {
  if (r.ongoing) return `Since ${formatDay(r.occurred_on)} · ongoing`;
  if (!r.ended_on || r.ended_on === r.occurred_on)
    return formatDay(r.occurred_on);
  return `${formatDay(r.occurred_on)} – ${formatDay(r.ended_on)}`;
}

function list(options: ReadonlyArray<Option>, values: string[]): string {
  return values.map((v) => labelFor(options, v)).join(", ");
}

function RelapseCard({
  relapse: r,
  onEdit,
  onArchived,
}: {
  relapse: Relapse;
  onEdit: () => void;
  onArchived: (r: Relapse) => void;
}) {
  const headingId = useId();
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const kind = labelFor(EPISODE_KINDS, r.kind);

  async function archive() {
    setBusy(true);
    setMessage(null);
    try {
      onArchived(await api.archiveRelapse(r.id));
    } catch (e) {
      setMessage(e instanceof Error ? e.message : "Could not archive it.");
      setConfirm(false);
    } finally {
      setBusy(false);
    }
  }

  const rows: Array<[string, string]> = [
    ["Substances", list(SUBSTANCES, r.substances)],
    ["Triggers", list(TRIGGERS, r.triggers)],
    ["Setting", labelFor(SETTINGS, r.setting)],
    ["With", list(COMPANY, r.company)],
    ["Amount", r.amount ?? ""],
    ["Coping tried", list(COPING, r.coping_used)],
    ["Support reached", list(SUPPORT, r.support_contacted)],
    ["Feelings afterwards", list(FEELINGS, r.feelings_after)],
    ["Consequences", list(CONSEQUENCES, r.consequences)],
    ["Self-blame", r.self_blame == null ? "" : `${r.self_blame} / 10`],
    // The client's own words from their plan: they may hold commas.
    ["Warning signs present", (r.warning_signs_present ?? []).join("; ")],
    ["Plan steps tried", labelFor(PLAN_STEPS_TRIED, r.plan_steps_tried)],
  ];
  const filled = rows.filter(([, v]) => v);

  return (
    <article className="card episode-card" aria-labelledby={headingId}>
      <header className="note-header">
        <div>
          <h3 id={headingId} className="note-title">
            <span className={`badge badge-${r.kind}`}>{kind}</span>{" "}
            {episodeDates(r)}
          </h3>
        </div>
        {r.status === "archived" && (
          <span className="badge badge-muted">Archived</span>
        )}
      </header>
      {filled.length > 0 && (
        <dl className="episode-details">
          {filled.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {r.notes && <p className="episode-notes">{r.notes}</p>}
      <FormAlert message={message} />
      {confirm ? (
        <ConfirmBox
          confirmLabel="Yes, archive"
          busyLabel="Archiving…"
          busy={busy}
          onConfirm={archive}
          onCancel={() => setConfirm(false)}
        >
          <p>Archive this {kind.toLowerCase()}?</p>
          <p className="confirm-detail">
            Nothing is deleted: it stays in the record under Archived.
          </p>
        </ConfirmBox>
      ) : (
        r.status === "active" && (
          <div className="note-actions">
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={onEdit}
            >
              Edit
            </button>
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => setConfirm(true)}
            >
              Archive…
            </button>
          </div>
        )
      )}
    </article>
  );
}

export function RelapsesPanel({
  clientId,
  today,
  onChanged,
}: {
  clientId: string;
  today: string;
  onChanged: () => void;
}) {
  const [status, setStatus] = useState<Status>("active");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(
    (signal: AbortSignal) =>
      api.listRelapses(
        clientId,
        { status, page, per_page: RELAPSES_PER_PAGE },
        signal,
      ),
    [clientId, status, page],
  );
  const { data, error, loading, reload } = useAsyncData(load);
  const items = data?.items ?? [];
  const editingId = editing?.relapse?.id;

  function changed(text: string) {
    setEditing(null);
    setNotice(text);
    reload();
    onChanged();
  }

  return (
    <div className="stack-large">
      <div className="panel-header">
        <h2 className="section-title flush">Lapses and relapses</h2>
        {!editing && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setNotice(null);
              setEditing({});
            }}
          >
            Record a lapse or relapse
          </button>
        )}
      </div>

      {notice && <Notice tone="success">{notice}</Notice>}

      {editing && (
        <RelapseForm
          key={editingId ?? "new"}
          clientId={clientId}
          today={today}
          existing={editing.relapse}
          onCancel={() => setEditing(null)}
          onSaved={(r) =>
            changed(
              `${labelFor(EPISODE_KINDS, r.kind)} on ${episodeDates(r)} ${editing.relapse ? "updated" : "recorded"}.`,
            )
          }
        />
      )}

      <fieldset className="segmented">
        <legend className="visually-hidden">Show</legend>
        {(["active", "archived"] as const).map((s) => (
          <label
            key={s}
            className={status === s ? "segment segment-selected" : "segment"}
          >
            <input
              type="radio"
              name="relapse-status"
              value={s}
              checked={status === s}
              onChange={() => {
                setStatus(s);
                setPage(1);
              }}
            />
            {s === "active" ? "Active" : "Archived"}
          </label>
        ))}
      </fieldset>

      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error ? error.message : "Could not load episodes."
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
          Loading…
        </p>
      )}
      {data && items.length === 0 && (
        <p className="empty-state">
          {status === "active"
            ? "No lapses or relapses recorded."
            : "Nothing archived."}
        </p>
      )}
      <div className="note-list" aria-busy={loading}>
        {items
          .filter((r) => r.id !== editingId)
          .map((r) => (
            <RelapseCard
              key={r.id}
              relapse={r}
              onEdit={() => {
                setNotice(null);
                setEditing({ relapse: r });
              }}
              onArchived={(archived) =>
                changed(
                  `${labelFor(EPISODE_KINDS, archived.kind)} archived. It is listed under Archived.`,
                )
              }
            />
          ))}
      </div>
      {data && (
        <Pagination
          page={page}
          perPage={RELAPSES_PER_PAGE}
          total={data.total}
          onPage={setPage}
          label="Episode pages"
        />
      )}
    </div>
  );
}
