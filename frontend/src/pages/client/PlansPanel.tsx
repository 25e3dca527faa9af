import { PlanSection } from "./PlanSection";
import { RELAPSE_PREVENTION } from "./RelapsePreventionPlanParts";
import { SAFETY } from "./SafetyPlanParts";

/**
 * The Plan tab: the client's relapse-prevention plan and safety plan, each read-only with an
 * editor, written in the client's own words and kept version by version.
 */
export function PlansPanel({ clientId }: { clientId: string }) {
  return (
    <div className="stack-large">
      <p className="section-text flush">
        The client sees the latest version of these plans on their check-in link
        once they have claimed it on their phone (the safety plan only while it
        is set to show there).
      </p>
      <PlanSection clientId={clientId} kind={RELAPSE_PREVENTION} />
      <PlanSection clientId={clientId} kind={SAFETY} />
    </div>
  );
}
