/**
 * The client's daily check-in page at /r/{token}: one screen at a time (loading, problem,
 * check-in form, thank-you with the three numbers, questionnaire), crisis help always shown.
 */

import { substanceLabel } from "../shared/substances";
import {
  claimLink,
  loadPage,
  RequestError,
  sendCheckIn,
  sendMeasure,
  tokenFromPath,
  type CheckInAnswers,
  type ClaimPrompt,
  type DueMeasure,
  type SelfReportView,
  type TodayCheckIn,
} from "./api";
import { h, replace, uid, type Child } from "./dom";
import {
  CLAIM,
  CRISIS,
  FORM,
  MEASURE,
  MESSAGES,
  NUMBERS,
  PAGE_TITLE,
} from "./text";

/** What the thank-you screen is thanking for. */
type SummaryReason =
  | { kind: "already" }
  | { kind: "checked-in"; used: boolean; replaced: boolean }
  | { kind: "measure"; selfHarm: boolean };

interface Parts {
  practice: HTMLElement;
  main: HTMLElement;
  crisis: HTMLElement;
  announcer: HTMLElement;
}

/* ---------- Small pieces ---------- */

function dayNumber(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function longDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(undefined, {
    weekday: "long",
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** "today", "yesterday" or "on Monday, Nov 24", to finish a question. */
function whenText(day: string, today: string): string {
  const diff = dayNumber(today) - dayNumber(day);
  if (diff === 0) return "today";
  if (diff === 1) return "yesterday";
  return `on ${longDay(day)}`;
}

function dayOptionLabel(day: string, today: string): string {
  const when = whenText(day, today);
  return when.startsWith("on ")
    ? longDay(day)
    : when[0].toUpperCase() + when.slice(1);
}

/** The crisis contacts: the practice's own text, or 988 and 911. */
function crisisContacts(crisisText: string | null): Child {
  if (crisisText && crisisText.trim()) {
    return h("p", { class: "sr-crisis-practice" }, crisisText.trim());
  }
  return [
    h("p", null, CRISIS.line988),
    h(
      "div",
      { class: "sr-actions" },
      h(
        "a",
        { class: "sr-button sr-button-crisis", href: "tel:988" },
        CRISIS.call988,
      ),
      h(
        "a",
        { class: "sr-button sr-button-crisis", href: "sms:988" },
        CRISIS.text988,
      ),
    ),
    h("p", null, CRISIS.line911),
    h(
      "div",
      { class: "sr-actions" },
      h(
        "a",
        { class: "sr-button sr-button-crisis", href: "tel:911" },
        CRISIS.call911,
      ),
    ),
  ];
}

/** Fills the crisis box shown under every screen. */
export function renderCrisis(
  box: HTMLElement,
  crisisText: string | null,
): void {
  replace(
    box,
    h(
      "h2",
      { id: "crisis-heading", class: "sr-crisis-heading" },
      CRISIS.heading,
    ),
    crisisContacts(crisisText),
    h("p", { class: "sr-crisis-note" }, CRISIS.notWatched),
  );
}

function numbers(view: SelfReportView): HTMLElement {
  const figure = (label: string, value: number | null) =>
    h(
      "div",
      { class: "sr-number" },
      h("dt", null, label),
      h(
        "dd",
        null,
        value === null
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

/** A fieldset with a legend, an optional hint and a slot for its error message. */
function question(
  legend: string,
  hint: string | null,
  body: Child,
  className = "",
): HTMLFieldSetElement {
  const hintId = hint ? uid("hint") : null;
  const fieldset = h(
    "fieldset",
    {
      class: `sr-question ${className}`.trim(),
      "aria-describedby": hintId ?? undefined,
    },
    h("legend", { class: "sr-legend" }, legend),
    hint ? h("p", { id: hintId, class: "sr-hint" }, hint) : null,
    body,
    h("p", { class: "sr-error", id: uid("error"), hidden: true }),
  );
  return fieldset;
}

/** Shows (or clears) a question's error and ties it to the fieldset for screen readers. */
function setQuestionError(
  fieldset: HTMLFieldSetElement,
  message: string | null,
) {
  const error = fieldset.querySelector<HTMLElement>(".sr-error")!;
  const hintId = fieldset.querySelector(".sr-hint")?.id;
  error.textContent = message ?? "";
  error.hidden = !message;
  fieldset.classList.toggle("sr-question-invalid", Boolean(message));
  const describedBy = [hintId, message ? error.id : null]
    .filter(Boolean)
    .join(" ");
  if (describedBy) fieldset.setAttribute("aria-describedby", describedBy);
  else fieldset.removeAttribute("aria-describedby");
}

function option(
  type: "radio" | "checkbox",
  name: string,
  value: string,
  label: string,
  checked: boolean,
  className: string,
): HTMLLabelElement {
  return h(
    "label",
    { class: `sr-option ${className}` },
    h("input", { type, name, value, checked, class: "sr-option-input" }),
    h("span", { class: "sr-option-face" }, label),
  );
}

function scale(name: string, value: number | null): HTMLElement {
  return h(
    "div",
    { class: "sr-scale" },
    Array.from({ length: 11 }, (_, n) =>
      option(
        "radio",
        name,
        String(n),
        String(n),
        value === n,
        "sr-option-number",
      ),
    ),
  );
}

/** How many substances show before "More choices": the primary one comes first. */
const SUBSTANCES_SHOWN = 3;

/** The substances to tick after a "yes": the first few, the rest behind a disclosure. */
function substanceChoices(substances: string[], chosen: string[]): HTMLElement {
  const row = (s: string) =>
    option(
      "checkbox",
      "substances",
      s,
      substanceLabel(s),
      chosen.includes(s),
      "sr-option-row",
    );
  const list = h("div", { class: "sr-list" });
  const first = substances.slice(0, SUBSTANCES_SHOWN);
  const rest = substances.slice(SUBSTANCES_SHOWN);
  // Keep a short list whole: a disclosure for one or two more would only add a tap.
  if (rest.length <= 2) {
    replace(list, substances.map(row));
    return list;
  }
  const moreId = uid("more");
  const more = h(
    "div",
    {
      id: moreId,
      class: "sr-list",
      hidden: !rest.some((s) => chosen.includes(s)),
    },
    rest.map(row),
  );
  const toggle = h(
    "button",
    {
      type: "button",
      class: "sr-button sr-button-secondary sr-button-block",
      "aria-expanded": String(!more.hidden),
      "aria-controls": moreId,
    },
    more.hidden ? FORM.moreChoices : FORM.fewerChoices,
  );
  toggle.addEventListener("click", () => {
    more.hidden = !more.hidden;
    toggle.setAttribute("aria-expanded", String(!more.hidden));
    toggle.textContent = more.hidden ? FORM.moreChoices : FORM.fewerChoices;
  });
  replace(list, first.map(row), toggle, more);
  return list;
}

/* ---------- The page ---------- */

export class SelfReportPage {
  private readonly parts: Parts;
  private readonly token: string | null;
  private view: SelfReportView | null = null;
  private lastReason: SummaryReason = { kind: "already" };

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
    if (page.claim_required) this.showClaim(page);
    else this.begin(page, false);
  }

  /** The client's first screen once the view is in hand. */
  private begin(view: SelfReportView, focus: boolean): void {
    this.adopt(view);
    if (view.checked_in_today) this.showSummary({ kind: "already" }, focus);
    else this.showForm(focus);
  }

  /** The link's first open: "Is this Sam's phone?" One tap makes it this phone's. */
  private showClaim(prompt: ClaimPrompt): void {
    this.parts.practice.textContent = prompt.practice_name;
    renderCrisis(this.parts.crisis, prompt.crisis_text);
    const error = h("div", { class: "sr-form-error", role: "alert" });
    const button = h(
      "button",
      { type: "button", class: "sr-button sr-button-primary" },
      CLAIM.confirm,
    ) as HTMLButtonElement;
    button.onclick = async () => {
      button.disabled = true;
      try {
        this.begin(await claimLink(this.token!), true);
      } catch (e) {
        if (e instanceof RequestError && e.status === 404) {
          this.showProblem(e, true);
          return;
        }
        button.disabled = false;
        error.textContent =
          e instanceof RequestError && e.status === 0
            ? MESSAGES.offline
            : MESSAGES.serverProblem;
      }
    };
    this.screen(
      CLAIM.heading(prompt.first_name),
      false,
      h("p", { class: "sr-lead" }, CLAIM.lead),
      h("p", null, CLAIM.notYours),
      error,
      button,
    );
  }

  private adopt(view: SelfReportView): void {
    this.view = view;
    document.title = `${PAGE_TITLE} · ${view.practice_name}`;
    this.parts.practice.textContent = view.practice_name;
    renderCrisis(this.parts.crisis, view.crisis_text);
  }

  private announce(text: string): void {
    this.parts.announcer.textContent = text;
  }

  /** Puts a screen in place; after a user's action the heading takes focus. */
  private screen(heading: string, focus: boolean, ...children: Child[]): void {
    const h1 = h("h1", { tabindex: "-1", class: "sr-title" }, heading);
    replace(this.parts.main, h1, children);
    if (focus) h1.focus();
  }

  private showLoading(): void {
    this.screen(
      PAGE_TITLE,
      false,
      h("p", { role: "status" }, MESSAGES.loading),
    );
  }

  private showProblem(error: unknown, focus: boolean): void {
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

  /* ---------- Check-in ---------- */

  private showForm(focus: boolean): void {
    const view = this.view!;
    const prefill: TodayCheckIn | null =
      view.today_check_in && view.today_check_in.day === view.today
        ? view.today_check_in
        : null;
    const formError = h("div", { class: "sr-form-error", role: "alert" });

    const days = Array.from({ length: 8 }, (_, i) => addDays(view.today, -i));
    const daySelectId = uid("day");
    const daySelect = h(
      "select",
      { id: daySelectId, name: "day", class: "sr-select" },
      days.map((d) => h("option", { value: d }, dayOptionLabel(d, view.today))),
    );

    const usedQuestion = question(
      FORM.used("today"),
      null,
      h(
        "div",
        { class: "sr-pair" },
        option(
          "radio",
          "used",
          "no",
          FORM.usedNo,
          prefill?.used === false,
          "sr-option-wide",
        ),
        option(
          "radio",
          "used",
          "yes",
          FORM.usedYes,
          prefill?.used === true,
          "sr-option-wide",
        ),
      ),
    );

    const substanceQuestion =
      view.substances.length > 0
        ? question(
            FORM.substances,
            null,
            substanceChoices(view.substances, prefill?.substances ?? []),
          )
        : null;
    if (substanceQuestion) substanceQuestion.hidden = prefill?.used !== true;

    const cravingQuestion = question(
      FORM.craving("today"),
      FORM.cravingHint,
      scale("craving", prefill?.craving ?? null),
    );
    const moodQuestion = question(
      FORM.mood("today"),
      FORM.moodHint,
      scale("mood", prefill?.mood ?? null),
    );
    const supportQuestion = question(
      FORM.support,
      null,
      h(
        "div",
        { class: "sr-list" },
        option(
          "checkbox",
          "attended_meeting",
          "yes",
          FORM.meeting,
          prefill?.attended_meeting ?? false,
          "sr-option-row",
        ),
        option(
          "checkbox",
          "contacted_sponsor",
          "yes",
          FORM.sponsor,
          prefill?.contacted_sponsor ?? false,
          "sr-option-row",
        ),
      ),
    );
    const noteId = uid("note");
    const note = h("textarea", {
      id: noteId,
      name: "note",
      rows: "3",
      maxlength: "2000",
      class: "sr-textarea",
      value: prefill?.note ?? "",
    });

    const submitLabel = () =>
      daySelect.value === view.today && prefill ? FORM.save : FORM.send;
    const submit = h(
      "button",
      { type: "submit", class: "sr-button sr-button-primary sr-button-block" },
      submitLabel(),
    );

    const setWhen = () => {
      const when = whenText(daySelect.value, view.today);
      usedQuestion.querySelector("legend")!.textContent = FORM.used(when);
      cravingQuestion.querySelector("legend")!.textContent = FORM.craving(when);
      moodQuestion.querySelector("legend")!.textContent = FORM.mood(when);
      submit.textContent = submitLabel();
    };
    daySelect.addEventListener("change", setWhen);

    const questions: Record<string, HTMLFieldSetElement> = {
      used: usedQuestion,
      craving: cravingQuestion,
      mood: moodQuestion,
      attended_meeting: supportQuestion,
      contacted_sponsor: supportQuestion,
    };
    if (substanceQuestion) questions.substances = substanceQuestion;

    const form = h(
      "form",
      { class: "sr-form", novalidate: true, "aria-label": PAGE_TITLE },
      formError,
      h(
        "div",
        { class: "sr-day" },
        h("label", { for: daySelectId, class: "sr-day-label" }, FORM.day),
        daySelect,
      ),
      usedQuestion,
      substanceQuestion,
      cravingQuestion,
      moodQuestion,
      supportQuestion,
      h(
        "div",
        { class: "sr-field" },
        h("label", { for: noteId, class: "sr-legend" }, FORM.note),
        note,
      ),
      submit,
    );

    form.addEventListener("change", (event) => {
      const target = event.target as HTMLInputElement;
      if (target.name === "used" && substanceQuestion) {
        substanceQuestion.hidden = target.value !== "yes";
      }
      const fieldset = target.closest("fieldset");
      if (fieldset?.classList.contains("sr-question-invalid")) {
        setQuestionError(fieldset, null);
      }
    });

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submitCheckIn(form, questions, formError, submit, submitLabel);
    });

    const greeting = `Hi ${view.first_name}`;
    this.screen(
      greeting,
      focus,
      prefill ? h("p", { class: "sr-lead" }, MESSAGES.alreadyMessage) : null,
      form,
    );
  }

  private async submitCheckIn(
    form: HTMLFormElement,
    questions: Record<string, HTMLFieldSetElement>,
    formError: HTMLElement,
    submit: HTMLButtonElement,
    submitLabel: () => string,
  ): Promise<void> {
    const view = this.view!;
    const data = new FormData(form);
    const missing: HTMLFieldSetElement[] = [];
    for (const name of ["used", "craving", "mood"]) {
      const answered = data.get(name) !== null;
      setQuestionError(questions[name], answered ? null : FORM.pick);
      if (!answered) missing.push(questions[name]);
    }
    if (missing.length > 0) {
      formError.textContent = FORM.missing;
      missing[0].querySelector<HTMLInputElement>("input")?.focus();
      return;
    }
    formError.textContent = "";

    const used = data.get("used") === "yes";
    const day = String(data.get("day") ?? view.today);
    const noteText = String(data.get("note") ?? "").trim();
    const answers: CheckInAnswers = {
      ...(day !== view.today ? { day } : {}),
      used,
      substances: used ? data.getAll("substances").map(String) : [],
      craving: Number(data.get("craving")),
      mood: Number(data.get("mood")),
      attended_meeting: data.has("attended_meeting"),
      contacted_sponsor: data.has("contacted_sponsor"),
      ...(noteText ? { note: noteText } : {}),
    };

    submit.disabled = true;
    submit.textContent = FORM.sending;
    try {
      const result = await sendCheckIn(this.token!, answers);
      this.adopt(result.view);
      this.showSummary(
        { kind: "checked-in", used, replaced: result.replaced },
        true,
      );
    } catch (error) {
      submit.disabled = false;
      submit.textContent = submitLabel();
      if (error instanceof RequestError && error.status === 404) {
        this.showProblem(error, true);
        return;
      }
      formError.textContent = this.checkInErrorText(error, questions);
    }
  }

  private checkInErrorText(
    error: unknown,
    questions: Record<string, HTMLFieldSetElement>,
  ): string {
    if (!(error instanceof RequestError)) return MESSAGES.serverProblem;
    if (error.status === 429) return MESSAGES.tooMany;
    if (error.status === 0) return MESSAGES.offline;
    if (error.status === 422) {
      let shown = false;
      for (const [field, messages] of Object.entries(error.fieldErrors)) {
        const fieldset = questions[field];
        if (fieldset) {
          setQuestionError(fieldset, messages.join(" ") || FORM.pick);
          shown = true;
        }
      }
      const day = error.fieldErrors.day;
      if (day && day.length > 0) return day.join(" ");
      return shown ? FORM.missing : MESSAGES.serverProblem;
    }
    return MESSAGES.serverProblem;
  }

  /* ---------- Thank-you ---------- */

  private showSummary(reason: SummaryReason, focus: boolean): void {
    const view = this.view!;
    this.lastReason = reason;
    let heading: string;
    const body: Child[] = [];
    if (reason.kind === "already") {
      heading = MESSAGES.alreadyHeading;
      body.push(h("p", { class: "sr-lead" }, MESSAGES.alreadyMessage));
    } else if (reason.kind === "checked-in" && reason.used) {
      heading = `${MESSAGES.usedHeading}, ${view.first_name}`;
      body.push(
        h("p", { class: "sr-lead" }, MESSAGES.usedMessage),
        h("p", { class: "sr-prompt" }, MESSAGES.usedPrompt),
      );
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
      view.due_measures.length > 0
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
                onclick: () => this.showMeasure(view.due_measures[0]),
              },
              MEASURE.start,
            ),
          )
        : null;

    this.screen(
      heading,
      focus,
      body,
      numbers(view),
      measures,
      view.checked_in_today
        ? h(
            "button",
            {
              type: "button",
              class: "sr-button sr-button-secondary sr-button-block",
              onclick: () => this.showForm(true),
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
      this.announce(`${heading}. ${text}`);
    }
  }

  /* ---------- Questionnaires ---------- */

  private showMeasure(measure: DueMeasure): void {
    const view = this.view!;
    const position = view.due_measures.indexOf(measure);
    const formError = h("div", { class: "sr-form-error", role: "alert" });
    const fieldsets = measure.items.map((item, i) =>
      question(
        `${i + 1}. ${item}`,
        null,
        h(
          "div",
          { class: "sr-list" },
          measure.options.map((o) =>
            option(
              "radio",
              `item-${i}`,
              String(o.value),
              o.label,
              false,
              "sr-option-row",
            ),
          ),
        ),
      ),
    );
    const submit = h(
      "button",
      { type: "submit", class: "sr-button sr-button-primary sr-button-block" },
      MEASURE.send,
    );
    const form = h(
      "form",
      { class: "sr-form", novalidate: true, "aria-label": MEASURE.heading },
      formError,
      fieldsets,
      submit,
      h(
        "button",
        {
          type: "button",
          class: "sr-button sr-button-secondary sr-button-block",
          onclick: () => this.showSummary(this.lastReason, true),
        },
        MEASURE.later,
      ),
    );
    form.addEventListener("change", (event) => {
      const fieldset = (event.target as HTMLElement).closest("fieldset");
      if (fieldset?.classList.contains("sr-question-invalid"))
        setQuestionError(fieldset, null);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const answers = measure.items.map((_, i) => data.get(`item-${i}`));
      const unanswered = fieldsets.filter((_, i) => answers[i] === null);
      fieldsets.forEach((f, i) =>
        setQuestionError(f, answers[i] === null ? FORM.pick : null),
      );
      if (unanswered.length > 0) {
        formError.textContent = MEASURE.missing(unanswered.length);
        unanswered[0].querySelector<HTMLInputElement>("input")?.focus();
        return;
      }
      formError.textContent = "";
      void this.submitMeasure(measure, answers.map(Number), formError, submit);
    });

    this.screen(
      MEASURE.heading,
      true,
      view.due_measures.length > 1
        ? h(
            "p",
            { class: "sr-hint" },
            `Part ${position + 1} of ${view.due_measures.length}`,
          )
        : null,
      h("p", { class: "sr-lead" }, measure.question),
      form,
    );
  }

  private async submitMeasure(
    measure: DueMeasure,
    answers: number[],
    formError: HTMLElement,
    submit: HTMLButtonElement,
  ): Promise<void> {
    submit.disabled = true;
    submit.textContent = FORM.sending;
    try {
      await sendMeasure(this.token!, measure.code, answers);
    } catch (error) {
      submit.disabled = false;
      submit.textContent = MEASURE.send;
      if (error instanceof RequestError && error.status === 404) {
        this.showProblem(error, true);
        return;
      }
      formError.textContent =
        error instanceof RequestError && error.status === 429
          ? MESSAGES.tooMany
          : error instanceof RequestError && error.status === 0
            ? MESSAGES.offline
            : MESSAGES.serverProblem;
      return;
    }
    const view = this.view!;
    this.view = {
      ...view,
      due_measures: view.due_measures.filter((m) => m.code !== measure.code),
    };
    // PHQ-9's ninth item asks about thoughts of self-harm: answer any "yes" with help at once.
    const selfHarm = measure.code === "phq9" && (answers[8] ?? 0) > 0;
    this.showSummary({ kind: "measure", selfHarm }, true);
  }
}

/** Builds the page inside `root` for the link at `pathname` and loads it. */
export function mountSelfReport(
  root: HTMLElement,
  pathname: string,
): Promise<void> {
  return new SelfReportPage(root, pathname).start();
}
