/** The note editor's fields as typed, the request body made from them, and their checks. */

import type { Note, NoteInput } from "../../api/types";
import { sectionsFor } from "../../clinical";
import {
  NEW_NOTE_SLOT,
  type NoteDraftValues,
  type StoredNoteDraft,
} from "../../noteDrafts";

/** The editor's fields as typed. Sections keep every format's text while the editor is open. */
export type DraftValues = NoteDraftValues;

export function emptyDraft(today: string): DraftValues {
  return {
    format: "soap",
    session_on: today,
    duration_minutes: "50",
    service_type: "",
    sections: {},
    risk_flags: [],
    is_psychotherapy_note: false,
  };
}

export function draftFromNote(note: Note): DraftValues {
  return {
    format: note.format,
    session_on: note.session_on,
    duration_minutes: String(note.duration_minutes),
    service_type: note.service_type ?? "",
    sections: { ...note.sections },
    risk_flags: [...note.risk_flags],
    is_psychotherapy_note: note.is_psychotherapy_note,
  };
}

/** The request body: only the sections of the chosen format. */
export function draftInput(values: DraftValues): NoteInput {
  const sections: Record<string, string> = {};
  for (const s of sectionsFor(values.format))
    sections[s.key] = values.sections[s.key] ?? "";
  return {
    session_on: values.session_on,
    duration_minutes: Number(values.duration_minutes),
    service_type: values.service_type.trim() || null,
    format: values.format,
    sections,
    risk_flags: values.risk_flags,
    is_psychotherapy_note: values.is_psychotherapy_note,
  };
}

/** Two sets of values with the same key save the same note. */
export const keyOf = (values: DraftValues) =>
  JSON.stringify(draftInput(values));

export function validateDraft(values: DraftValues): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.session_on))
    errors.session_on = ["Enter the session date."];
  const minutes = Number(values.duration_minutes);
  if (
    !values.duration_minutes.trim() ||
    !Number.isInteger(minutes) ||
    minutes < 1 ||
    minutes > 600
  )
    errors.duration_minutes = ["Enter the duration in minutes, 1 to 600."];
  return errors;
}

export function missingSections(values: DraftValues): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const s of sectionsFor(values.format)) {
    if (!(values.sections[s.key] ?? "").trim())
      errors[`sections.${s.key}`] = [`Fill in ${s.label} before signing.`];
  }
  return errors;
}

/** Unsaved text this tab kept from an editor that closed without saving it. */
export interface DraftOffer {
  slot: string;
  draft: StoredNoteDraft;
}

/**
 * The kept text for this editor when it opens: the opened note's own, or for a new note the
 * never-saved one first, then the latest kept for any draft of this client.
 */
export function findKept(
  drafts: Record<string, StoredNoteDraft>,
  initial: Note | undefined,
): DraftOffer | null {
  let found: DraftOffer | null = null;
  if (initial) {
    if (drafts[initial.id])
      found = { slot: initial.id, draft: drafts[initial.id] };
  } else if (drafts[NEW_NOTE_SLOT]) {
    found = { slot: NEW_NOTE_SLOT, draft: drafts[NEW_NOTE_SLOT] };
  } else {
    for (const [slot, draft] of Object.entries(drafts)) {
      if (!found || draft.saved_at > found.draft.saved_at)
        found = { slot, draft };
    }
  }
  return found;
}
