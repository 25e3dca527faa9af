import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Medication } from "../../api/types";
import { medicationFixture } from "../../test/fixtures";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../../test/utils";
import { MedicationsSection } from "./MedicationsSection";

const LIST = "GET /api/v1/clients/client-1/medications";
const CREATE = "POST /api/v1/clients/client-1/medications";
const PATCH = "PATCH /api/v1/medications/medication-1";

const stopped = medicationFixture({
  id: "medication-0",
  name: "Methadone",
  class: "methadone",
  screens_as: "methadone",
  dose: "60 mg",
  schedule: null,
  prescriber: null,
  started_on: "2026-03-01",
  stopped_on: "2026-08-31",
  stop_reason: "switched to buprenorphine",
  current: false,
  version: 3,
});

function renderSection(onChanged = vi.fn()) {
  renderSignedIn(
    <MedicationsSection
      clientId="client-1"
      today="2026-12-07"
      onChanged={onChanged}
    />,
    { me: makeMe("clinician") },
  );
  return onChanged;
}

describe("MedicationsSection", () => {
  it("lists current medications first and adds one that screens as a benzodiazepine", async () => {
    let items: Medication[] = [stopped, medicationFixture()];
    const added = medicationFixture({
      id: "medication-2",
      name: "Clonazepam",
      class: "other",
      screens_as: "benzodiazepines",
      dose: "0.5 mg",
      schedule: null,
      prescriber: null,
      started_on: "2026-12-01",
    });
    const { calls } = mockFetch({
      [LIST]: () => json(items),
      [CREATE]: () => {
        items = [medicationFixture(), added, stopped];
        return json(added, 201);
      },
    });
    const onChanged = renderSection();
    const user = userEvent.setup();
    const list = await screen.findByRole("list", { name: "Medications" });
    const rows = within(list).getAllByRole("listitem");
    expect(rows[0]).toHaveTextContent("Suboxone");
    expect(rows[0]).toHaveTextContent("Current");
    expect(rows[0]).toHaveTextContent(
      "16 mg · once daily · prescribed by Dr. Okafor · shows on a screen as Buprenorphine",
    );
    expect(rows[1]).toHaveTextContent(
      "Started Mar 1, 2026, stopped on Aug 31, 2026 (switched to buprenorphine)",
    );
    expect(
      within(rows[1]).queryByRole("button", { name: /^Stop/ }),
    ).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Add a medication" }));
    const form = screen.getByRole("form", { name: "Add a medication" });
    await user.type(within(form).getByLabelText(/^Name/), "Clonazepam");
    await user.selectOptions(within(form).getByLabelText(/^Class/), "Other");
    await user.selectOptions(
      within(form).getByLabelText(/^Shows on a screen as/),
      "Benzodiazepines",
    );
    await user.type(within(form).getByLabelText(/^Dose/), "0.5 mg");
    const started = within(form).getByLabelText(/^Started on/);
    await user.clear(started);
    await user.type(started, "2026-12-01");
    await user.click(
      within(form).getByRole("button", { name: "Save medication" }),
    );
    expect(await screen.findByText("Clonazepam added.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      name: "Clonazepam",
      class: "other",
      screens_as: "benzodiazepines",
      dose: "0.5 mg",
      started_on: "2026-12-01",
      ask_on_link: false,
    });
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(await within(list).findByText("Clonazepam")).toBeInTheDocument();
  });

  it("stops a medication with its version, and says so when it changed meanwhile", async () => {
    let attempt = 0;
    let items: Medication[] = [medicationFixture()];
    const { calls } = mockFetch({
      [LIST]: () => json(items),
      [PATCH]: () => {
        attempt += 1;
        if (attempt === 1) {
          items = [medicationFixture({ dose: "12 mg", version: 2 })];
          return problem(409, {
            title: "Conflict",
            detail: "the medication was changed meanwhile",
          });
        }
        items = [
          medicationFixture({
            dose: "12 mg",
            version: 3,
            stopped_on: "2026-12-07",
            stop_reason: "tapered off",
            current: false,
          }),
        ];
        return json(items[0]);
      },
    });
    const onChanged = renderSection();
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Stop Suboxone" }),
    );
    const form = screen.getByRole("form", { name: "Stop Suboxone" });
    expect(within(form).getByLabelText(/^Stopped on/)).toHaveValue(
      "2026-12-07",
    );
    await user.type(
      within(form).getByLabelText(/^Why it stopped/),
      "tapered off",
    );
    await user.click(within(form).getByRole("button", { name: "Save stop" }));
    const alert = await within(form).findByRole("alert");
    expect(alert).toHaveTextContent(
      "This medication was changed by someone else meanwhile. Nothing was overwritten",
    );
    expect(calls.find((c) => c.method === "PATCH")!.body).toEqual({
      stopped_on: "2026-12-07",
      stop_reason: "tapered off",
      version: 1,
    });

    await user.click(
      within(alert).getByRole("button", { name: "Reload the medications" }),
    );
    expect(await screen.findByText(/12 mg/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Stop Suboxone" }));
    const again = screen.getByRole("form", { name: "Stop Suboxone" });
    await user.type(
      within(again).getByLabelText(/^Why it stopped/),
      "tapered off",
    );
    await user.click(within(again).getByRole("button", { name: "Save stop" }));
    expect(
      await screen.findByText("Suboxone stopped on Dec 7, 2026 (tapered off)."),
    ).toBeInTheDocument();
    const patches = calls.filter((c) => c.method === "PATCH");
    expect(patches[1].body).toMatchObject({ version: 2 });
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(await screen.findByText("Not current")).toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "Stop Suboxone" }),
    ).not.toBeInTheDocument();
  });
});
