/**
 * The client's daily check-in page at /r/{token}: one screen at a time (loading, problem,
 * first open, check-in form, thank-you with the three numbers, questionnaire), crisis help
 * always shown. This file holds the page's frame and moves between the screens, each of which
 * has its own file.
 */

import {
  loadPage,
  RequestError,
  tokenFromPath,
  type ClaimPrompt,
  type DueMeasure,
  type SelfReportView,
} from "./api";
import { showCheckIn } from "./checkIn";
import { showClaim } from "./claim";
import { renderCrisis } from "./crisis";
import { h, replace, type Child } from "./dom";
import { showQuestionnaire } from "./questionnaire";
import { CRISIS, MESSAGES, PAGE_TITLE } from "./text";
import { showThanks, type SummaryReason } from "./thanks";

interface Parts {
  practice: HTMLElement;
  main: HTMLElement;
  crisis: HTMLElement;
  announcer: HTMLElement;
}

export class SelfReportPage {
  readonly parts: Parts;
  readonly token: string | null;
  /** The client's view as the server last answered it (null until it has). */
  view: SelfReportView | null = null;
  /** What the last thank-you screen was for, to go back to it from a questionnaire. */
  lastReason: SummaryReason = { kind: "already" };

  constructor(root: HTMLElement, pathname: string) {
    const practice = h("p", { class: "sr-practice" });
    const main = h("main", { id: "main", class: "sr-main", tabindex: "-1" });
    const crisis = h("aside", {
      id: "crisis",
      class: "sr-crisis",
      "aria-labelledby": "crisis-heading",
    });
    const announcer = h("div", {
      class: "visually-hidden",
      "aria-live": "polite",
      "aria-atomic": "true",
    });
    replace(
      root,
      h(
        "header",
        { class: "sr-header" },
        h("div", null, h("p", { class: "sr-brand" }, PAGE_TITLE), practice),
        h("a", { class: "sr-help-link", href: "#crisis" }, CRISIS.headerLink),
      ),
      main,
      crisis,
      announcer,
    );
    this.parts = { practice, main, crisis, announcer };
    this.token = tokenFromPath(pathname);
    renderCrisis(crisis, null);
    document.title = PAGE_TITLE;
  }

  /** Loads the client's view and shows the first screen. */
  async start(): Promise<void> {
    if (this.token === null) {
      this.showProblem(new RequestError(404), false);
      return;
    }
    this.showLoading();
    let page: ClaimPrompt | SelfReportView;
    try {
      page = await loadPage(this.token);
    } catch (error) {
      this.showProblem(error, false);
      return;
    }
    if (page.claim_required) showClaim(this, page);
    else this.begin(page, false);
  }

  /** The client's first screen once the view is in hand. */
  begin(view: SelfReportView, focus: boolean): void {
    this.adopt(view);
    if (view.checked_in_today) this.showSummary({ kind: "already" }, focus);
    else this.showForm(focus);
  }

  adopt(view: SelfReportView): void {
    this.view = view;
    document.title = `${PAGE_TITLE} · ${view.practice_name}`;
    this.parts.practice.textContent = view.practice_name;
    renderCrisis(this.parts.crisis, view.crisis_text);
  }

  announce(text: string): void {
    this.parts.announcer.textContent = text;
  }

  /** Puts a screen in place; after a user's action the heading takes focus. */
  screen(heading: string, focus: boolean, ...children: Child[]): void {
    const h1 = h("h1", { tabindex: "-1", class: "sr-title" }, heading);
    replace(this.parts.main, h1, children);
    if (focus) h1.focus();
  }

  showForm(focus: boolean): void {
    showCheckIn(this, focus);
  }

  showSummary(reason: SummaryReason, focus: boolean): void {
    showThanks(this, reason, focus);
  }

  showMeasure(measure: DueMeasure): void {
    showQuestionnaire(this, measure);
  }

  private showLoading(): void {
    this.screen(
      PAGE_TITLE,
      false,
      h("p", { role: "status" }, MESSAGES.loading),
    );
  }

  showProblem(error: unknown, focus: boolean): void {
    const status = error instanceof RequestError ? error.status : -1;
    const message =
      status === 404
        ? MESSAGES.notActive
        : status === 429
          ? MESSAGES.tooMany
          : status === 0
            ? MESSAGES.offline
            : MESSAGES.serverProblem;
    this.screen(
      PAGE_TITLE,
      focus,
      h("p", { class: "sr-lead", role: "alert" }, message),
      status === 404
        ? null
        : h(
            "button",
            {
              type: "button",
              class: "sr-button sr-button-primary",
              onclick: () => void this.start(),
            },
            "Try again",
          ),
    );
  }
}

/** Builds the page inside `root` for the link at `pathname` and loads it. */
export function mountSelfReport(
  root: HTMLElement,
  pathname: string,
): Promise<void> {
  return new SelfReportPage(root, pathname).start();
}
