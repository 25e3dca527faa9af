import { useCallback, useState } from "react";
import { api } from "../../api/endpoints";
import type { Note } from "../../api/types";
import { useMe } from "../../auth/AuthContext";
import { FormAlert, Notice } from "../../components/Field";
import { Pagination } from "../../components/Pagination";
import { useAsyncData } from "../../hooks";
import { noteDraftsKey, readNoteDrafts } from "../../noteDrafts";
import { NoteCard } from "./NoteCard";
import { NoteEditor } from "./NoteEditor";

export const NOTES_PER_PAGE = 10;

type Editing = null | { note?: Note };

export function NotesPanel({
  clientId,
  today,
}: {
  clientId: string;
  today: string;
}) {
  const me = useMe();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Notes changed here since the last load (signed, co-signed, addenda), by id.
  const [updated, setUpdated] = useState<Record<string, Note>>({});
  const load = useCallback(
    (signal: AbortSignal) =>
      api.listNotes(clientId, { page, per_page: NOTES_PER_PAGE }, signal),
    [clientId, page],
  );
  const { data, error, loading, reload } = useAsyncData(load);

  function refresh() {
    setUpdated({});
    reload();
  }

  const items = (data?.items ?? []).map((n) => updated[n.id] ?? n);
  const editingId = editing?.note?.id;
  // Text kept from an editor a forced sign-out took away (this tab only): the editor offers it.
  const hasKeptDraft =
    !editing &&
    Object.keys(readNoteDrafts(noteDraftsKey(me.id, clientId))).length > 0;

  return (
    <div className="stack-large">
      <div className="panel-header">
        <h2 className="section-title flush">Session notes</h2>
        {!editing && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setNotice(null);
              setEditing({});
            }}
          >
            New note
          </button>
        )}
      </div>

      {notice && <Notice tone="success">{notice}</Notice>}

      {hasKeptDraft && (
        <div className="notice notice-warning notice-actions">
          <p>You have an unsaved note from earlier.</p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setNotice(null);
              setEditing({});
            }}
          >
            Open it
          </button>
        </div>
      )}

      {editing && (
        <NoteEditor
          key={editingId ?? "new"}
          clientId={clientId}
          today={today}
          initial={editing.note}
          onClose={(saved) => {
            setEditing(null);
            if (saved) setNotice("Draft saved. You can come back to it.");
            refresh();
          }}
          onSigned={() => {
            setEditing(null);
            setNotice(
              "Note signed. It is now locked; add an addendum to correct it.",
            );
            refresh();
          }}
        />
      )}

      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error ? error.message : "Could not load notes."
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
          Loading notes…
        </p>
      )}
      {data && items.length === 0 && !editing && (
        <p className="empty-state">No session notes yet.</p>
      )}

      <div className="note-list" aria-busy={loading}>
        {items
          .filter((n) => n.id !== editingId)
          .map((n) => (
            <NoteCard
              key={n.id}
              note={n}
              me={me}
              onChange={(changed) =>
                setUpdated((u) => ({ ...u, [changed.id]: changed }))
              }
              onEdit={() => {
                setNotice(null);
                setEditing({ note: n });
              }}
            />
          ))}
      </div>
      {data && (
        <Pagination
          page={page}
          perPage={NOTES_PER_PAGE}
          total={data.total}
          onPage={setPage}
          label="Notes pages"
        />
      )}
    </div>
  );
}
