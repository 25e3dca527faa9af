/**
 * The client's own plan, in their words: the "My plan" screen (one tap from every screen) and
 * the few lines of it the thank-you screen shows after a reported slip: first steps, people to
 * call with one tap, the next meeting and crisis help.
 */

import type { components } from "../api/schema";
import type { SelfReportView } from "./api";
import type { SelfReportPage } from "./app";
import { crisisContacts } from "./crisis";
import { h, type Child } from "./dom";
import { practiceClock } from "./offline";
import { PLAN, SAFETY } from "./text";

type Schemas = components["schemas"];
// The server always sends every list; the document marks them optional because a save may
// leave one out (it is then empty).
type Plan = Required<Schemas["RelapsePreventionPlan"]>;
type Safety = Required<Schemas["SafetyPlan"]>;
type Person = Schemas["PlanPerson"];
type Contact = Schemas["PlanContact"];
type Meeting = Schemas["PlanMeeting"];

/** The substances after which the page adds a line about naloxone and not using alone. */
const OPIOIDS = new Set(["heroin", "fentanyl", "prescription_opioids"]);

export function hasPlan(view: SelfReportView): boolean {
  return view.plan != null || view.safety_plan != null;
}

function fullPlan(plan: Schemas["RelapsePreventionPlan"]): Plan {
  return {
    warning_signs: plan.warning_signs ?? [],
    high_risk_situations: plan.high_risk_situations ?? [],
    coping_steps: plan.coping_steps ?? [],
    reasons: plan.reasons ?? [],
    people: plan.people ?? [],
    meetings: plan.meetings ?? [],
  };
}

function fullSafety(safety: Schemas["SafetyPlan"]): Safety {
  return {
    warning_signs: safety.warning_signs ?? [],
    coping_alone: safety.coping_alone ?? [],
    distractions: safety.distractions ?? [],
    people_to_ask: safety.people_to_ask ?? [],
    professionals: safety.professionals ?? [],
    safer_surroundings: safety.safer_surroundings ?? [],
  };
}

/** A phone number as a `tel:` address: digits and a leading +. */
function telHref(phone: string): string {
  const trimmed = phone.trim();
  return `tel:${trimmed.startsWith("+") ? "+" : ""}${trimmed.replace(/\D/g, "")}`;
}

function callButton(name: string, phone: string, role?: string): HTMLElement {
  return h(
    "a",
    { class: "sr-button sr-button-call", href: telHref(phone) },
    h("span", null, PLAN.call(name)),
    role ? h("span", { class: "sr-call-role" }, role) : null,
  );
}

function personLine(person: Person | Contact): Child {
  const role = "role" in person ? PLAN.roles[person.role] : undefined;
  if (person.phone) return callButton(person.name, person.phone, role);
  return h(
    "p",
    { class: "sr-plan-person" },
    person.name,
    role ? ` (${role})` : null,
  );
}

function list(items: string[], ordered = false): HTMLElement {
  return h(
    ordered ? "ol" : "ul",
    { class: "sr-plan-list" },
    items.map((item) => h("li", null, item)),
  );
}

function timeText(time: string): string {
  const [hour, minute] = time.split(":").map(Number);
  const date = new Date(Date.UTC(2000, 0, 1, hour, minute));
  return new Intl.DateTimeFormat(undefined, {
    hour: "numeric",
    minute: "2-digit",
    timeZone: "UTC",
  }).format(date);
}

function meetingWhen(meeting: Meeting): string {
  const day = meeting.day_of_week ? PLAN.weekdays[meeting.day_of_week] : "";
  const time = meeting.time ? timeText(meeting.time) : "";
  return [day, time].filter(Boolean).join(", ");
}

const WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
];

/** The meeting that comes next from now (in the practice's time zone), if any has a day. */
export function nextMeeting(
  meetings: Meeting[],
  zone: string,
  now = new Date(),
): Meeting | null {
  const clock = practiceClock(zone, now);
  const nowMinute = clock.weekday * 1440 + clock.minutes;
  let best: { meeting: Meeting; wait: number } | null = null;
  for (const meeting of meetings) {
    if (!meeting.day_of_week) continue;
    const [hour, minute] = (meeting.time ?? "23:59").split(":").map(Number);
    const at =
      WEEKDAYS.indexOf(meeting.day_of_week) * 1440 + hour * 60 + minute;
    const wait = (at - nowMinute + 7 * 1440) % (7 * 1440);
    if (!best || wait < best.wait) best = { meeting, wait };
  }
  return best?.meeting ?? null;
}

function meetingCard(meeting: Meeting): HTMLElement {
  const when = meetingWhen(meeting);
  return h(
    "div",
    { class: "sr-plan-meeting" },
    h("p", { class: "sr-plan-meeting-name" }, meeting.name),
    when ? h("p", null, when) : null,
    meeting.place ? h("p", null, meeting.place) : null,
    meeting.url
      ? h(
          "a",
          {
            class: "sr-button sr-button-secondary",
            href: meeting.url,
            rel: "noopener noreferrer",
            target: "_blank",
          },
          PLAN.online,
        )
      : null,
  );
}

function section(heading: string, ...children: Child[]): HTMLElement {
  return h(
    "section",
    { class: "sr-card sr-plan-section" },
    h("h2", { class: "sr-card-title" }, heading),
    children,
  );
}

function planSections(plan: Plan): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (plan.coping_steps.length > 0)
    out.push(section(PLAN.steps, list(plan.coping_steps, true)));
  if (plan.people.length > 0)
    out.push(
      section(
        PLAN.people,
        h("div", { class: "sr-plan-people" }, plan.people.map(personLine)),
      ),
    );
  if (plan.meetings.length > 0)
    out.push(section(PLAN.meetings, plan.meetings.map(meetingCard)));
  if (plan.reasons.length > 0)
    out.push(section(PLAN.reasons, list(plan.reasons)));
  if (plan.warning_signs.length > 0)
    out.push(section(PLAN.signs, list(plan.warning_signs)));
  if (plan.high_risk_situations.length > 0)
    out.push(
      section(
        PLAN.situations,
        list(
          plan.high_risk_situations.map((s) => PLAN.situationLabels[s] ?? s),
        ),
      ),
    );
  return out;
}

function safetySections(
  safety: Safety,
  crisisText: string | null | undefined,
): HTMLElement {
  const part = (heading: string, body: Child) =>
    h(
      "div",
      { class: "sr-plan-step" },
      h("h3", { class: "sr-plan-step-title" }, heading),
      body,
    );
  const people = (items: Contact[]) =>
    h("div", { class: "sr-plan-people" }, items.map(personLine));
  return section(
    SAFETY.heading,
    safety.warning_signs.length > 0
      ? part(SAFETY.signs, list(safety.warning_signs))
      : null,
    safety.coping_alone.length > 0
      ? part(SAFETY.alone, list(safety.coping_alone))
      : null,
    safety.distractions.length > 0
      ? part(SAFETY.distractions, list(safety.distractions))
      : null,
    safety.people_to_ask.length > 0
      ? part(SAFETY.people, people(safety.people_to_ask))
      : null,
    part(
      SAFETY.professionals,
      h(
        "div",
        null,
        safety.professionals.length > 0 ? people(safety.professionals) : null,
        crisisContacts(crisisText),
      ),
    ),
    safety.safer_surroundings.length > 0
      ? part(SAFETY.surroundings, list(safety.safer_surroundings))
      : null,
  );
}

/** The "My plan" screen. */
export function showPlan(page: SelfReportPage, focus: boolean): void {
  const view = page.view!;
  const body: Child[] = [];
  if (view.safety_plan)
    body.push(safetySections(fullSafety(view.safety_plan), view.crisis_text));
  if (view.plan) body.push(planSections(fullPlan(view.plan)));
  if (!hasPlan(view)) body.push(h("p", { class: "sr-lead" }, PLAN.none));
  page.screen(
    PLAN.heading,
    focus,
    page.offlineNotice(),
    body,
    h(
      "button",
      {
        type: "button",
        class: "sr-button sr-button-secondary sr-button-block",
        onclick: () => page.showHome(true),
      },
      PLAN.back,
    ),
  );
}

/**
 * Under the kind words after a reported slip: the client's first three steps, their people
 * with one-tap call buttons, their next meeting, crisis help, and after opioids a line about
 * naloxone and not using alone.
 */
export function afterSlip(
  page: SelfReportPage,
  view: SelfReportView,
  substances: string[],
): HTMLElement | null {
  const plan = view.plan ? fullPlan(view.plan) : null;
  const opioids = substances.some((s) => OPIOIDS.has(s));
  const parts: Child[] = [];
  if (plan && plan.coping_steps.length > 0) {
    parts.push(
      h("p", null, PLAN.afterSlipSteps),
      list(plan.coping_steps.slice(0, 3), true),
    );
  }
  const callable = (plan?.people ?? []).filter((p) => p.phone);
  if (callable.length > 0) {
    parts.push(h("div", { class: "sr-plan-people" }, callable.map(personLine)));
  }
  const next = plan ? nextMeeting(plan.meetings, view.time_zone) : null;
  if (next) {
    parts.push(h("p", { class: "sr-plan-next" }, PLAN.next), meetingCard(next));
  }
  if (opioids) parts.push(h("p", { class: "sr-plan-naloxone" }, PLAN.opioids));
  if (parts.length === 0) return null;
  parts.push(
    h("p", null, h("a", { href: "#crisis" }, PLAN.crisisLink)),
    hasPlan(view)
      ? h(
          "button",
          {
            type: "button",
            class: "sr-button sr-button-secondary sr-button-block",
            onclick: () => page.showPlan(true),
          },
          PLAN.allOfPlan,
        )
      : null,
  );
  return h(
    "section",
    { class: "sr-card sr-plan-help", "aria-labelledby": "plan-help-heading" },
    h(
      "h2",
      { id: "plan-help-heading", class: "sr-card-title" },
      PLAN.afterSlipHeading,
    ),
    parts,
  );
}
