import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Staff } from "../api/types";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../test/utils";
import { StaffAdmin } from "./StaffAdmin";

const owner = makeMe("owner");
const staff: Staff[] = [
  {
    id: owner.id,
    name: owner.name,
    email: owner.email,
    role: "owner",
    active: true,
    two_factor_enabled: false,
    version: 1,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
  },
  {
    id: "s-2",
    name: "Sam Okafor",
    email: "sam@example.test",
    role: "clinician",
    active: true,
    two_factor_enabled: false,
    version: 2,
    created_at: "2026-01-05T00:00:00Z",
    updated_at: "2026-01-05T00:00:00Z",
  },
];

describe("StaffAdmin", () => {
  it("deactivates a staff member with the record's version", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/staff": () =>
        json({ items: staff, page: 1, per_page: 50, total: 2 }),
      "PATCH /api/v1/staff/s-2": () =>
        json({ ...staff[1], active: false, version: 3 }),
    });
    renderSignedIn(<StaffAdmin />, { me: owner });
    const user = userEvent.setup();

    await user.click(
      await screen.findByRole("button", { name: "Deactivate Sam Okafor" }),
    );
    expect(
      await screen.findByText(/Sam Okafor was deactivated/),
    ).toBeInTheDocument();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({
      active: false,
      version: 2,
    });
    expect(
      screen.getByRole("button", { name: "Reactivate Sam Okafor" }),
    ).toBeInTheDocument();
    // The owner cannot lock themselves out from here.
    expect(
      screen.queryByRole("button", { name: `Deactivate ${owner.name}` }),
    ).not.toBeInTheDocument();
    expect(screen.getByLabelText(`Role for ${owner.name}`)).toBeDisabled();
  });

  it("changes a role and reports a stale version clearly", async () => {
    mockFetch({
      "GET /api/v1/staff": () =>
        json({ items: staff, page: 1, per_page: 50, total: 2 }),
      "PATCH /api/v1/staff/s-2": () =>
        problem(409, { title: "Conflict", detail: "stale version" }),
    });
    renderSignedIn(<StaffAdmin />, { me: owner });
    const user = userEvent.setup();
    await user.selectOptions(
      await screen.findByLabelText("Role for Sam Okafor"),
      "supervisor",
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Someone else changed Sam Okafor a moment ago.",
    );
  });

  it("adds a staff member and shows field errors from the server", async () => {
    let attempts = 0;
    const { calls } = mockFetch({
      "GET /api/v1/staff": () =>
        json({ items: staff, page: 1, per_page: 50, total: 2 }),
      "POST /api/v1/staff": (call) => {
        attempts += 1;
        return attempts === 1
          ? problem(409, {
              title: "Conflict",
              detail: "A staff member with this email already exists.",
            })
          : json(
              {
                id: "s-3",
                active: true,
                version: 1,
                created_at: "2026-02-01T00:00:00Z",
                ...(call.body as object),
              },
              201,
            );
      },
    });
    renderSignedIn(<StaffAdmin />, { me: owner });
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Add staff member" }),
    );
    const form = screen.getByRole("region", { name: "Add a staff member" });
    await user.type(within(form).getByLabelText("Name"), "Lee Park");
    await user.type(within(form).getByLabelText("Email"), "lee@example.test");
    await user.selectOptions(within(form).getByLabelText("Role"), "front_desk");
    await user.type(
      within(form).getByLabelText("Temporary password"),
      "a-long-password-1",
    );
    await user.click(
      within(form).getByRole("button", { name: "Add staff member" }),
    );

    expect(await within(form).findByRole("alert")).toHaveTextContent(
      "A staff member with this email already exists.",
    );
    await user.click(
      within(form).getByRole("button", { name: "Add staff member" }),
    );
    expect(
      await screen.findByText("Lee Park was added as front desk."),
    ).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST")[1].body).toEqual({
      name: "Lee Park",
      email: "lee@example.test",
      role: "front_desk",
      password: "a-long-password-1",
    });
  });

  it("shows who uses two-factor and resets it for a lost phone after confirming", async () => {
    const withTwoFactor = [staff[0], { ...staff[1], two_factor_enabled: true }];
    const { calls } = mockFetch({
      "GET /api/v1/staff": () =>
        json({ items: withTwoFactor, page: 1, per_page: 50, total: 2 }),
      "POST /api/v1/staff/s-2/two-factor/reset": () =>
        json({ ...staff[1], two_factor_enabled: false, version: 3 }),
    });
    renderSignedIn(<StaffAdmin />, { me: owner });
    const user = userEvent.setup();

    const row = (await screen.findByText("Sam Okafor")).closest("tr")!;
    const twoFactorColumn = screen
      .getAllByRole("columnheader")
      .findIndex((th) => th.textContent === "2FA");
    const cell = () => within(row).getAllByRole("cell")[twoFactorColumn - 1];
    expect(cell()).toHaveTextContent("On");
    // Nobody resets their own two-factor from here.
    expect(
      screen.queryByRole("button", {
        name: `Reset two-factor for ${owner.name}`,
      }),
    ).toBeNull();

    await user.click(
      within(row).getByRole("button", {
        name: "Reset two-factor for Sam Okafor",
      }),
    );
    const confirm = within(row).getByRole("alertdialog", {
      name: /Reset two-factor sign-in for Sam Okafor\?/,
    });
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
    await user.click(
      within(confirm).getByRole("button", { name: "Yes, reset" }),
    );

    expect(
      await screen.findByText(/Sam Okafor's two-factor sign-in was reset\./),
    ).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({});
    expect(cell()).toHaveTextContent("Off");
    expect(
      within(row).queryByRole("button", { name: /Reset two-factor/ }),
    ).toBeNull();
  });
});
