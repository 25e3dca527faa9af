import type { ReactNode } from "react";
import { formatDateTime } from "../../format";

export type HeadingLevel = 3 | 4 | 5 | 6;

/** A heading at the level its place on the page needs (a plan shown in the history sits deeper). */
export function Heading({
  level,
  id,
  className,
  children,
}: {
  level: HeadingLevel;
  id?: string;
  className?: string;
  children: ReactNode;
}) {
  const Tag = `h${level}` as const;
  return (
    <Tag id={id} className={className}>
      {children}
    </Tag>
  );
}

/** Who saved a version and when, as the fields of every plan version carry them. */
export interface SavedPlan {
  version: number;
  written_by_name?: string | null;
  written_at?: string | null;
}

/** "Version 3, saved by Dana Rivers on Mar 28, 2026, 3:00 PM". */
export function savedLine(plan: SavedPlan, timeZone?: string): string {
  const by = plan.written_by_name ? ` by ${plan.written_by_name}` : "";
  const when = plan.written_at
    ? ` on ${formatDateTime(plan.written_at, timeZone)}`
    : "";
  return `Version ${plan.version}, saved${by}${when}`;
}

/** One part of a plan, read-only: its heading and its items (or that there are none). */
export function PlanPart({
  level,
  title,
  ordered = false,
  items,
  note,
}: {
  level: HeadingLevel;
  title: string;
  ordered?: boolean;
  items: ReactNode[];
  note?: ReactNode;
}) {
  const List = ordered ? "ol" : "ul";
  return (
    <section className="plan-part">
      <Heading level={level} className="plan-part-title">
        {title}
      </Heading>
      {items.length > 0 ? (
        <List className="plan-items">
          {items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </List>
      ) : (
        <p className="muted">None written.</p>
      )}
      {note && <p className="field-hint">{note}</p>}
    </section>
  );
}

/** A phone number the clinician can call from a phone with one tap. */
export function Phone({ number }: { number?: string | null }) {
  if (!number) return null;
  return (
    <>
      {" · "}
      <a href={`tel:${number.replace(/[^\d+]/g, "")}`}>{number}</a>
    </>
  );
}
