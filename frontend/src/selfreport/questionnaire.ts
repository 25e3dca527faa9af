/** A questionnaire that is due (PHQ-9, GAD-7): every item, one answer each. */

import { RequestError, sendMeasure, type DueMeasure } from "./api";
import type { SelfReportPage } from "./app";
import { h } from "./dom";
import { option, question, setQuestionError } from "./fields";
import { FORM, MEASURE, MESSAGES } from "./text";

export function showQuestionnaire(
  page: SelfReportPage,
  measure: DueMeasure,
): void {
  const view = page.view!;
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
        onclick: () => page.showSummary(page.lastReason, true),
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
    void submitAnswers(page, measure, answers.map(Number), formError, submit);
  });

  page.screen(
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

async function submitAnswers(
  page: SelfReportPage,
  measure: DueMeasure,
  answers: number[],
  formError: HTMLElement,
  submit: HTMLButtonElement,
): Promise<void> {
  submit.disabled = true;
  submit.textContent = FORM.sending;
  try {
    await sendMeasure(page.token!, measure.code, answers);
  } catch (error) {
    submit.disabled = false;
    submit.textContent = MEASURE.send;
    if (error instanceof RequestError && error.status === 404) {
      page.showProblem(error, true);
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
  const view = page.view!;
  page.view = {
    ...view,
    due_measures: view.due_measures.filter((m) => m.code !== measure.code),
  };
  // PHQ-9's ninth item asks about thoughts of self-harm: answer any "yes" with help at once.
  const selfHarm = measure.code === "phq9" && (answers[8] ?? 0) > 0;
  page.showSummary({ kind: "measure", selfHarm }, true);
}
