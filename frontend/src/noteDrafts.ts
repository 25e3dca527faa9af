import type { NoteFormat, RiskFlag } from "./api/types";
import { NOTE_FORMATS, RISK_FLAGS } from "./clinical";

/**
 * Unsaved note text kept in this tab's sessionStorage, so that a forced sign-out (idle
 * timeout, refused refresh) does not lose what was typed. Never localStorage: on a shared
 * computer the text must not outlive the tab. Keyed by the signed-in member and the client;
 * within that, one slot per note (`NEW_NOTE_SLOT` for a note the server has not seen yet).
 */
const PREFIX = "daybreak.note_drafts.";
export const NEW_NOTE_SLOT = "new";

/** The note editor's fields as typed (the editor's `DraftValues`). */
export interface NoteDraftValues {
  format: NoteFormat;
  session_on: string;
  duration_minutes: string;
  service_type: string;
  sections: Record<string, string>;
  risk_flags: RiskFlag[];
  is_psychotherapy_note: boolean;
}

export interface StoredNoteDraft {
  /** The draft note the text belongs to, or null when it was never saved. */
  note_id: string | null;
  values: NoteDraftValues;
  /** Epoch ms of the last keystroke kept. */
  saved_at: number;
}

export type NoteDrafts = Record<string, StoredNoteDraft>;

export function noteDraftsKey(userId: string, clientId: string): string {
  return `${PREFIX}${userId}.${clientId}`;
}

function storage(): Storage | null {
  try {
    return typeof window !== "undefined" ? window.sessionStorage : null;
  } catch {
    return null;
  }
}

const isStringRecord = (v: unknown): v is Record<string, string> =>
  !!v &&
  typeof v === "object" &&
  !Array.isArray(v) &&
  Object.values(v).every((s) => typeof s === "string");

function isDraft(v: unknown): v is StoredNoteDraft {
  if (!v || typeof v !== "object") return false;
  const d = v as Partial<StoredNoteDraft>;
  const values = d.values as Partial<NoteDraftValues> | undefined;
  return (
    (d.note_id === null || typeof d.note_id === "string") &&
    typeof d.saved_at === "number" &&
    !!values &&
    NOTE_FORMATS.some((f) => f.value === values.format) &&
    typeof values.session_on === "string" &&
    typeof values.duration_minutes === "string" &&
    typeof values.service_type === "string" &&
    isStringRecord(values.sections) &&
    Array.isArray(values.risk_flags) &&
    values.risk_flags.every((f) => RISK_FLAGS.some((r) => r.value === f)) &&
    typeof values.is_psychotherapy_note === "boolean"
  );
}

export function readNoteDrafts(key: string): NoteDrafts {
  const out: NoteDrafts = {};
  try {
    const raw = storage()?.getItem(key);
    if (!raw) return out;
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== "object") return out;
    for (const [slot, draft] of Object.entries(parsed)) {
      if (isDraft(draft)) out[slot] = draft;
    }
  } catch {
    // A broken entry is as good as none.
  }
  return out;
}

function writeAll(key: string, drafts: NoteDrafts): void {
  try {
    if (Object.keys(drafts).length === 0) storage()?.removeItem(key);
    else storage()?.setItem(key, JSON.stringify(drafts));
  } catch {
    // Full or blocked: the text is still in the form.
  }
}

export function writeNoteDraft(
  key: string,
  slot: string,
  draft: StoredNoteDraft,
): void {
  writeAll(key, { ...readNoteDrafts(key), [slot]: draft });
}

export function removeNoteDrafts(key: string, slots: Iterable<string>): void {
  const drafts = readNoteDrafts(key);
  let changed = false;
  for (const slot of slots) {
    if (slot in drafts) {
      delete drafts[slot];
      changed = true;
    }
  }
  if (changed) writeAll(key, drafts);
}

/** Every kept draft in this tab, for a sign-out the member asked for. */
export function clearAllNoteDrafts(): void {
  const store = storage();
  if (!store) return;
  try {
    const keys: string[] = [];
    for (let i = 0; i < store.length; i += 1) {
      const k = store.key(i);
      if (k?.startsWith(PREFIX)) keys.push(k);
    }
    for (const k of keys) store.removeItem(k);
  } catch {
    // Nothing more to do; the tab's storage goes with the tab.
  }
}
