import { useCallback, useId } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type {
  PlanStepsTried,
  RelapsePreventionPlan,
  Trigger,
} from "../../api/types";
import { labelFor, TRIGGERS } from "../../clinical";
import { CheckboxGroup } from "../../components/Choices";
import { PLAN_STEPS_TRIED } from "../../domain";
import { asSentences } from "../../format";
import { useAsyncData } from "../../hooks";

/** How far back the history is searched for the version an episode was held against. */
const VERSIONS_PER_PAGE = 50;

/**
 * The relapse-prevention plan an episode is compared with: the version it was already held
 * against, else the latest. Null when the client has none, or this member may not see it.
 */
async function heldPlan(
  clientId: string,
  held: number | null,
  signal: AbortSignal,
): Promise<RelapsePreventionPlan | null> {
  let latest: RelapsePreventionPlan;
  try {
    latest = await api.getRelapsePreventionPlan(clientId, signal);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404))
      return null;
    throw e;
  }
  if (latest.version === 0) return null;
  if (held === null || held === latest.version) return latest;
  // Newest first, one version per save: version `held` sits `latest - held` from the top.
  const page = await api.listRelapsePreventionPlanVersions(
    clientId,
    {
      page: Math.floor((latest.version - held) / VERSIONS_PER_PAGE) + 1,
      per_page: VERSIONS_PER_PAGE,
    },
    signal,
  );
  return page.items.find((p) => p.version === held) ?? null;
}

/** The client's plan for the relapse form; `failed` when it could not be loaded. */
export function useHeldPlan(clientId: string, held: number | null) {
  const load = useCallback(
    (signal: AbortSignal) => heldPlan(clientId, held, signal),
    [clientId, held],
  );
  const { data, error } = useAsyncData(load);
  return { plan: data ?? null, failed: error !== undefined };
}

export interface PlanMarks {
  warning_signs_present: string[];
  plan_steps_tried: PlanStepsTried | "";
}

const TRIED_OPTIONS: ReadonlyArray<{
  value: PlanStepsTried | "";
  label: string;
}> = [...PLAN_STEPS_TRIED, { value: "", label: "Not recorded" }];

/**
 * "Their plan" in the relapse form: which of the plan's warning signs were present, whether
 * its steps were tried, and which of the chosen triggers the plan already names.
 */
export function RelapsePlanFields({
  plan,
  marks,
  triggers,
  onChange,
  errors,
}: {
  plan: RelapsePreventionPlan;
  marks: PlanMarks;
  triggers: Trigger[];
  onChange: (patch: Partial<PlanMarks>) => void;
  errors: Record<string, string[]>;
}) {
  const signs = plan.warning_signs ?? [];
  const situations = plan.high_risk_situations ?? [];
  const triedErrors = asSentences(errors.plan_steps_tried, "The plan");
  const triedErrorId = `${useId()}-tried-error`;
  return (
    <fieldset className="form-section relapse-plan">
      <legend>Their plan</legend>
      <p className="field-hint">
        Compared with version {plan.version} of their relapse-prevention plan.
      </p>
      <div className="stack">
        {signs.length > 0 ? (
          <CheckboxGroup
            legend="Which warning signs from their plan were present?"
            name="warning_signs_present"
            options={signs.map((s) => ({ value: s, label: s }))}
            value={marks.warning_signs_present}
            onChange={(v) =>
              // Kept in the plan's order, whatever order they were ticked in.
              onChange({
                warning_signs_present: signs.filter((s) => v.includes(s)),
              })
            }
            errors={asSentences(errors.warning_signs_present, "A sign")}
          />
        ) : (
          <p className="muted">Their plan lists no warning signs.</p>
        )}
        <fieldset
          className={`choices${triedErrors ? " field-invalid" : ""}`}
          aria-describedby={triedErrors ? triedErrorId : undefined}
        >
          <legend className="field-label">Were the plan’s steps tried?</legend>
          <div className="choice-row">
            {TRIED_OPTIONS.map((o) => (
              <label key={o.value || "none"} className="choice">
                <input
                  type="radio"
                  name="plan_steps_tried"
                  value={o.value}
                  checked={marks.plan_steps_tried === o.value}
                  onChange={() => onChange({ plan_steps_tried: o.value })}
                />
                <span>{o.label}</span>
              </label>
            ))}
          </div>
          {triedErrors && (
            <p id={triedErrorId} className="field-error">
              {triedErrors.join(" ")}
            </p>
          )}
        </fieldset>
        <div className="relapse-plan-situations">
          <p className="field-label">High-risk situations on their plan</p>
          {situations.length > 0 ? (
            <ul>
              {situations.map((s) => (
                <li key={s}>{labelFor(TRIGGERS, s)}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">None listed.</p>
          )}
          {triggers.length > 0 && (
            <>
              <p className="field-label">The triggers chosen above</p>
              <ul aria-label="The triggers chosen above, against their plan">
                {triggers.map((t) => (
                  <li key={t}>
                    {labelFor(TRIGGERS, t)}:{" "}
                    {situations.includes(t) ? (
                      <span className="badge badge-ok">on their plan</span>
                    ) : (
                      <span className="badge badge-muted">
                        not on their plan yet
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>
    </fieldset>
  );
}
