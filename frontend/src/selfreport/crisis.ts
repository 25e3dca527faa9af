/** Crisis help: under every screen, and again after an answer that asks for it at once. */

import { h, replace, type Child } from "./dom";
import { CRISIS } from "./text";

/** The crisis contacts: the practice's own text, or 988 and 911. */
export function crisisContacts(crisisText: string | null | undefined): Child {
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
  crisisText: string | null | undefined,
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
