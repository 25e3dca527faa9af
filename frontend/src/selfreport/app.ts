/**
 * The client's daily check-in page at /r/{token}: one screen at a time (loading, problem,
 * first open, check-in form, thank-you with the three numbers, questionnaire), crisis help
 * always shown. This file holds the page's frame and moves between the screens, each of which
 * has its own file.
 */

import {
  loadPage,
  RequestError,
  sendCheckIn,
  tokenFromPath,
  type ClaimPrompt,
  type DueMeasure,
  type SelfReportView,
} from "./api";
import { showCheckIn } from "./checkIn";
import { showClaim } from "./claim";
import { renderCrisis } from "./crisis";
import { h, replace, type Child } from "./dom";
import {
  flush,
  forget,
  practiceToday,
  queued,
  saveView,
  savedView,
} from "./offline";
import { hasPlan, showPlan } from "./plan";
import { showQuestionnaire } from "./questionnaire";
import { CRISIS, MESSAGES, OFFLINE, PAGE_TITLE, PLAN } from "./text";
import { showThanks, type SummaryReason } from "./thanks";

interface Parts {
  practice: HTMLElement;
  planButton: HTMLButtonElement;
  main: HTMLElement;
  crisis: HTMLElement;
  announcer: HTMLElement;
}

/** What sending the saved check-ins answers when the link is no longer active. */
const GONE = Symbol("gone");

/** The page on screen (the one the connection's return wakes). */
let live: SelfReportPage | null = null;
let listening = false;

export class SelfReportPage {
  readonly parts: Parts;
  readonly token: string | null;
  /** The client's view as the server last answered it (null until it has). */
  view: SelfReportView | null = null;
  /** What the last thank-you screen was for, to go back to it from a questionnaire. */
  lastReason: SummaryReason = { kind: "already" };
  /** When the view shown was saved, while the page has no connection (null when live). */
  offlineSince: string | null = null;

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
    const planButton = h(
      "button",
      {
        type: "button",
        class: "sr-plan-link",
        hidden: true,
        onclick: () => this.showPlan(true),
      },
      PLAN.open,
    );
    replace(
      root,
      h(
        "header",
        { class: "sr-header" },
        h("div", null, h("p", { class: "sr-brand" }, PAGE_TITLE), practice),
        h(
          "nav",
          { class: "sr-header-links", "aria-label": PAGE_TITLE },
          planButton,
          h("a", { class: "sr-help-link", href: "#crisis" }, CRISIS.headerLink),
        ),
      ),
      main,
      crisis,
      announcer,
    );
    this.parts = { practice, planButton, main, crisis, announcer };
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
      if (this.showSaved(error)) return;
      this.showProblem(error, false);
      return;
    }
    if (page.claim_required) {
      showClaim(this, page);
      return;
    }
    this.offlineSince = null;
    this.adopt(page);
    const said = await this.sendQueued();
    if (said === GONE) return;
    this.begin(this.view!, false);
    if (said) this.note(said);
  }

  /**
   * With no connection, the view this phone saved (the plan, crisis help, the last figures)
   * with the day moved on to the practice's today; a revoked link forgets it. True when shown.
   */
  private showSaved(error: unknown): boolean {
    if (!(error instanceof RequestError) || this.token === null) return false;
    if (error.status === 404) forget(this.token);
    const saved = error.status === 0 ? savedView(this.token) : null;
    if (!saved) return false;
    this.offlineSince = saved.savedAt;
    this.adopt(this.offlineView(saved.view), false);
    this.begin(this.view!, false);
    return true;
  }

  /** The saved view as of the practice's today, with any check-in queued for today in it. */
  offlineView(view: SelfReportView): SelfReportView {
    const today = practiceToday(view.time_zone);
    const waiting = queued(this.token!).find((q) => q.day === today);
    const sameDay = view.today === today;
    const own = waiting
      ? {
          day: today,
          used: waiting.used,
          substances: waiting.substances ?? [],
          craving: waiting.craving,
          mood: waiting.mood,
          attended_meeting: waiting.attended_meeting ?? false,
          contacted_sponsor: waiting.contacted_sponsor ?? false,
          note: waiting.note ?? null,
        }
      : sameDay
        ? view.today_check_in
        : null;
    return {
      ...view,
      today,
      checked_in_today: own != null,
      today_check_in: own ?? null,
    };
  }

  private sending: Promise<string | typeof GONE> | null = null;

  /**
   * Sends the check-ins made offline (one run at a time). Answers what to tell the client
   * ("" for nothing), or GONE when the link is no longer active (the page says so already).
   */
  sendQueued(): Promise<string | typeof GONE> {
    this.sending ??= this.sendQueuedNow().finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  private async sendQueuedNow(): Promise<string | typeof GONE> {
    if (this.token === null || queued(this.token).length === 0) return "";
    const token = this.token;
    const result = await flush(
      token,
      async (answers) => (await sendCheckIn(token, answers)).view,
      (e) => e instanceof RequestError && e.status === 0,
      (e) => e instanceof RequestError && e.status === 404,
    );
    if (result.kind === "gone") {
      this.showProblem(new RequestError(404), true);
      return GONE;
    }
    if (result.view) this.adopt(result.view);
    return [
      result.count > 0 ? OFFLINE.sent(result.count) : "",
      result.refused > 0 ? OFFLINE.refused(result.refused) : "",
    ]
      .filter(Boolean)
      .join(" ");
  }

  /** A line under the screen's heading (and read out): what happened to saved check-ins. */
  note(text: string): void {
    const line = h("p", { class: "sr-note", role: "status" }, text);
    this.parts.main.querySelector("h1")?.after(line);
    this.announce(text);
  }

  /** The connection is back: send what waited, then refresh the view (the screen stays). */
  async reconnect(): Promise<void> {
    if (this.token === null || this.view === null) return;
    const said = await this.sendQueued();
    if (said === GONE) return;
    try {
      const page = await loadPage(this.token);
      if (page.claim_required) return;
      this.offlineSince = null;
      this.adopt(page);
      this.parts.main.querySelector(".sr-offline")?.remove();
      if (said) this.note(said);
    } catch (error) {
      if (error instanceof RequestError && error.status === 404) {
        forget(this.token);
        this.showProblem(error, true);
      }
    }
  }

  /** "You're offline…" above a screen showing saved data, or nothing when live. */
  offlineNotice(): HTMLElement | null {
    if (!this.offlineSince) return null;
    const when = new Intl.DateTimeFormat(undefined, {
      weekday: "short",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
    }).format(new Date(this.offlineSince));
    return h(
      "p",
      { class: "sr-offline", role: "status" },
      OFFLINE.savedAt(when),
    );
  }

  /** The client's first screen once the view is in hand. */
  begin(view: SelfReportView, focus: boolean): void {
    if (view !== this.view) this.adopt(view);
    if (view.checked_in_today) this.showSummary({ kind: "already" }, focus);
    else this.showForm(focus);
  }

  /** Takes the view in hand; one the server just answered is also kept for offline use. */
  adopt(view: SelfReportView, fromServer = true): void {
    this.view = view;
    if (fromServer && this.token !== null) saveView(this.token, view);
    document.title = `${PAGE_TITLE} · ${view.practice_name}`;
    this.parts.practice.textContent = view.practice_name;
    this.parts.planButton.hidden = !hasPlan(view);
    renderCrisis(this.parts.crisis, view.crisis_text);
  }

  /** Back from "My plan": the form, or the thank-you screen once today is in. */
  showHome(focus: boolean): void {
    if (this.view?.checked_in_today) this.showSummary(this.lastReason, focus);
    else this.showForm(focus);
  }

  showPlan(focus: boolean): void {
    if (this.view) showPlan(this, focus);
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
    this.parts.planButton.hidden = true;
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
  const page = new SelfReportPage(root, pathname);
  live = page;
  if (!listening) {
    listening = true;
    window.addEventListener("online", () => void live?.reconnect());
  }
  return page.start();
}
