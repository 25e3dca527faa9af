/** The daily check-in form: which day, use, craving, mood, support and a note. */

import {
  RequestError,
  sendCheckIn,
  type CheckInAnswers,
  type TodayCheckIn,
} from "./api";
import type { SelfReportPage } from "./app";
import { addDays, dayOptionLabel, whenText } from "./days";
import { queueCheckIn, savedView } from "./offline";
import { h, uid } from "./dom";
import {
  option,
  question,
  scale,
  setQuestionError,
  substanceChoices,
} from "./fields";
import { FORM, MESSAGES, PAGE_TITLE } from "./text";
import { nextAppointment } from "./thanks";

export function showCheckIn(page: SelfReportPage, focus: boolean): void {
  const view = page.view!;
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
  // Only when the care team asks it (a current medication set to be asked about): one tap.
  const medicationQuestion = view.asks_medication
    ? question(
        FORM.medication("today"),
        null,
        h(
          "div",
          { class: "sr-pair" },
          option(
            "radio",
            "took_medication",
            "yes",
            FORM.medicationYes,
            prefill?.took_medication === true,
            "sr-option-wide",
          ),
          option(
            "radio",
            "took_medication",
            "no",
            FORM.medicationNo,
            prefill?.took_medication === false,
            "sr-option-wide",
          ),
        ),
      )
    : null;
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
    if (medicationQuestion)
      medicationQuestion.querySelector("legend")!.textContent =
        FORM.medication(when);
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
    medicationQuestion,
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
    void submitCheckIn(page, form, questions, formError, submit, submitLabel);
  });

  const greeting = `Hi ${view.first_name}`;
  page.screen(
    greeting,
    focus,
    page.offlineNotice(),
    prefill ? h("p", { class: "sr-lead" }, MESSAGES.alreadyMessage) : null,
    nextAppointment(view),
    form,
  );
}

async function submitCheckIn(
  page: SelfReportPage,
  form: HTMLFormElement,
  questions: Record<string, HTMLFieldSetElement>,
  formError: HTMLElement,
  submit: HTMLButtonElement,
  submitLabel: () => string,
): Promise<void> {
  const view = page.view!;
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
  const chosen = data.getAll("substances");
  const answers: CheckInAnswers = {
    ...(day !== view.today ? { day } : {}),
    used,
    // In the order offered, which is the order of the boxes.
    substances: used ? view.substances.filter((s) => chosen.includes(s)) : [],
    craving: Number(data.get("craving")),
    mood: Number(data.get("mood")),
    attended_meeting: data.has("attended_meeting"),
    contacted_sponsor: data.has("contacted_sponsor"),
    ...(noteText ? { note: noteText } : {}),
    ...(data.has("took_medication")
      ? { took_medication: data.get("took_medication") === "yes" }
      : {}),
  };

  submit.disabled = true;
  submit.textContent = FORM.sending;
  try {
    const result = await sendCheckIn(page.token!, answers);
    page.adopt(result.view);
    page.showSummary(
      {
        kind: "checked-in",
        used,
        replaced: result.replaced,
        substances: answers.substances ?? [],
      },
      true,
    );
  } catch (error) {
    submit.disabled = false;
    submit.textContent = submitLabel();
    if (error instanceof RequestError && error.status === 0 && page.token) {
      // No connection: keep it on the phone for its day, and send it when the connection is back.
      queueCheckIn(page.token, { ...answers, day });
      page.offlineSince ??=
        savedView(page.token)?.savedAt ?? new Date().toISOString();
      page.adopt(page.offlineView(view), false);
      page.showSummary(
        { kind: "queued", used, substances: answers.substances ?? [] },
        true,
      );
      return;
    }
    if (error instanceof RequestError && error.status === 404) {
      page.showProblem(error, true);
      return;
    }
    formError.textContent = checkInErrorText(error, questions);
  }
}

function checkInErrorText(
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
