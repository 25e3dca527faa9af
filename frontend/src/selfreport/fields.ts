/** The form pieces the check-in and the questionnaires are built from. */

import { substanceLabel } from "../shared/substances";
import { h, replace, uid, type Child } from "./dom";
import { FORM } from "./text";

/** A fieldset with a legend, an optional hint and a slot for its error message. */
export function question(
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
export function setQuestionError(
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

export function option(
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

export function scale(name: string, value: number | null): HTMLElement {
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
export function substanceChoices(
  substances: string[],
  chosen: string[],
): HTMLElement {
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
