/** The link's first open: "Is this Sam's phone?" One tap makes it this phone's. */

import { claimLink, RequestError, type ClaimPrompt } from "./api";
import type { SelfReportPage } from "./app";
import { renderCrisis } from "./crisis";
import { h } from "./dom";
import { CLAIM, MESSAGES } from "./text";

export function showClaim(page: SelfReportPage, prompt: ClaimPrompt): void {
  page.parts.practice.textContent = prompt.practice_name;
  renderCrisis(page.parts.crisis, prompt.crisis_text);
  const error = h("div", { class: "sr-form-error", role: "alert" });
  const button = h(
    "button",
    { type: "button", class: "sr-button sr-button-primary" },
    CLAIM.confirm,
  ) as HTMLButtonElement;
  button.onclick = async () => {
    button.disabled = true;
    try {
      page.begin(await claimLink(page.token!), true);
    } catch (e) {
      if (e instanceof RequestError && e.status === 404) {
        page.showProblem(e, true);
        return;
      }
      button.disabled = false;
      error.textContent =
        e instanceof RequestError && e.status === 0
          ? MESSAGES.offline
          : MESSAGES.serverProblem;
    }
  };
  page.screen(
    CLAIM.heading(prompt.first_name),
    false,
    h("p", { class: "sr-lead" }, CLAIM.lead),
    h("p", null, CLAIM.notYours),
    error,
    button,
  );
}
