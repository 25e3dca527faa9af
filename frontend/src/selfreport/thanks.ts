/** The thank-you screen: kind words, the three numbers and any questionnaire due. */

import type { SelfReportView } from "./api";
import type { SelfReportPage } from "./app";
import { crisisContacts } from "./crisis";
import { appointmentTime } from "./days";
import { h, type Child } from "./dom";
import { afterSlip } from "./plan";
import { FORM, MEASURE, MESSAGES, NUMBERS, OFFLINE } from "./text";

/** What the thank-you screen is thanking for. */
export type SummaryReason =
  | { kind: "already" }
  | {
      kind: "checked-in";
      used: boolean;
      replaced: boolean;
      substances: string[];
    }
  | { kind: "queued"; used: boolean; substances: string[] }
  | { kind: "measure"; selfHarm: boolean };

function numbers(view: SelfReportView): HTMLElement {
  const figure = (label: string, value: number | null | undefined) =>
    h(
      "div",
      { class: "sr-number" },
      h("dt", null, label),
      h(
        "dd",
        null,
        value == null
          ? [
              h("span", { "aria-hidden": "true" }, "–"),
              h("span", { class: "visually-hidden" }, NUMBERS.unknown),
            ]
          : String(value),
      ),
    );
  return h(
    "dl",
    { class: "sr-numbers" },
    figure(NUMBERS.streak, view.current_streak_days),
    figure(NUMBERS.last30, view.clean_days_last_30),
    figure(NUMBERS.total, view.total_clean_days),
  );
}

/** "Next appointment: Tuesday, Dec 8 at 9:00 AM, online": when and where, never what for. */
export function nextAppointment(view: SelfReportView): HTMLElement | null {
  const next = view.next_appointment;
  if (!next) return null;
  const where = next.online ? "online" : next.location;
  return h(
    "p",
    { class: "sr-next" },
    h("strong", null, "Next appointment: "),
    appointmentTime(next.starts_at, view.time_zone) +
      (where ? `, ${where}` : ""),
  );
}

export function showThanks(
  page: SelfReportPage,
  reason: SummaryReason,
  focus: boolean,
): void {
  const view = page.view!;
  page.lastReason = reason;
  let heading: string;
  const body: Child[] = [];
  if (reason.kind === "already") {
    heading = MESSAGES.alreadyHeading;
    body.push(h("p", { class: "sr-lead" }, MESSAGES.alreadyMessage));
    // Back later on a day they reported a slip: their plan is still right here.
    const own = view.today_check_in;
    const help = own?.used ? afterSlip(page, view, own.substances) : null;
    if (help) body.push(help);
  } else if (reason.kind === "queued") {
    heading = OFFLINE.queuedHeading;
    body.push(h("p", { class: "sr-lead" }, OFFLINE.queuedMessage));
    if (reason.used) {
      body.push(
        h("p", null, MESSAGES.usedMessage),
        afterSlip(page, view, reason.substances) ??
          h("p", { class: "sr-prompt" }, MESSAGES.usedPrompt),
      );
    }
  } else if (reason.kind === "checked-in" && reason.used) {
    heading = `${MESSAGES.usedHeading}, ${view.first_name}`;
    body.push(
      h("p", { class: "sr-lead" }, MESSAGES.usedMessage),
      h("p", { class: "sr-prompt" }, MESSAGES.usedPrompt),
    );
    const help = afterSlip(page, view, reason.substances);
    if (help) body.push(help);
  } else if (reason.kind === "checked-in") {
    heading = `${MESSAGES.notUsedHeading}, ${view.first_name}`;
    body.push(h("p", { class: "sr-lead" }, MESSAGES.notUsedMessage));
  } else {
    heading = "Thank you";
    body.push(h("p", { class: "sr-lead" }, MESSAGES.measureThanks));
    if (reason.selfHarm) {
      body.push(
        h(
          "div",
          { class: "sr-callout" },
          h("p", { class: "sr-callout-lead" }, MESSAGES.selfHarm),
          crisisContacts(view.crisis_text),
        ),
      );
    }
  }
  if (reason.kind === "checked-in" && reason.replaced) {
    body.push(h("p", null, MESSAGES.updated));
  }

  const measures =
    view.due_measures.length > 0 && !page.offlineSince
      ? h(
          "section",
          { class: "sr-card", "aria-labelledby": "measures-heading" },
          h(
            "h2",
            { id: "measures-heading", class: "sr-card-title" },
            MEASURE.heading,
          ),
          h("p", null, MEASURE.intro),
          h(
            "button",
            {
              type: "button",
              class: "sr-button sr-button-primary sr-button-block",
              onclick: () => page.showMeasure(view.due_measures[0]),
            },
            MEASURE.start,
          ),
        )
      : null;

  page.screen(
    heading,
    focus,
    page.offlineNotice(),
    body,
    numbers(view),
    nextAppointment(view),
    measures,
    view.checked_in_today && reason.kind !== "queued"
      ? h(
          "button",
          {
            type: "button",
            class: "sr-button sr-button-secondary sr-button-block",
            onclick: () => page.showForm(true),
          },
          FORM.changeToday,
        )
      : null,
  );
  if (focus) {
    const text = body
      .filter((c): c is HTMLElement => c instanceof HTMLElement)
      .map((c) => c.textContent)
      .join(" ");
    page.announce(`${heading}. ${text}`);
  }
}
