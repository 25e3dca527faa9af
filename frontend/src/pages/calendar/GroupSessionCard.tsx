import { useId } from "react";
import { Link } from "react-router";
import type { GroupSessionSummary } from "../../api/types";
import { labelFor } from "../../clinical";
import {
  attendedText,
  SESSION_STATUSES,
  sessionBadge,
} from "../groups/groupValues";
import { timeRange } from "./calendarValues";

/**
 * A group session among the week's appointments: "Group · Evening IOP", its topic and place,
 * its status and how many attended; it opens the session's roster.
 */
export function GroupSessionCard({
  session: s,
  timeZone,
}: {
  session: GroupSessionSummary;
  timeZone: string;
}) {
  const id = useId();
  const cancelled = s.status === "cancelled";
  const meta = [s.topic, s.location].filter(Boolean).join(" · ");
  return (
    <li
      className={`appt appt-group${cancelled ? " appt-cancelled" : ""}`}
      aria-labelledby={`${id}-time ${id}-group`}
    >
      <p className="appt-time" id={`${id}-time`}>
        {timeRange(s.starts_at, s.ends_at, timeZone)}
      </p>
      <p className="appt-client" id={`${id}-group`}>
        <Link to={`/group-sessions/${s.id}`}>Group · {s.group_name}</Link>
      </p>
      {meta && <p className="appt-meta">{meta}</p>}
      <p className="appt-status">
        <span className={sessionBadge(s.status)}>
          {labelFor(SESSION_STATUSES, s.status)}
        </span>
        {!cancelled && (s.attended > 0 || s.status === "signed") && (
          <span className="appt-set-by">{attendedText(s.attended)}</span>
        )}
      </p>
    </li>
  );
}
