import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../test/utils";
import { ClientNew } from "./ClientNew";

const clinicians = {
  items: [
    { id: "c-1", name: "Sam Okafor", role: "clinician" },
    { id: "c-2", name: "Priya Shah", role: "supervisor" },
  ],
};

describe("ClientNew", () => {
  it("shows the server's field errors next to the fields after a 422", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "POST /api/v1/clients": () =>
        problem(422, {
          title: "Unprocessable Entity",
          detail: "The request has invalid fields.",
          errors: {
            date_of_birth: ["must not be in the future"],
            email: ["is already used by another client"],
          },
        }),
    });
    renderSignedIn(<ClientNew />, { me: makeMe("front_desk") });
    const user = userEvent.setup();

    await user.type(screen.getByLabelText("First name"), "Zoë");
    await user.type(screen.getByLabelText("Last name"), "Testperson");
    await user.type(screen.getByLabelText(/Email/), "zoe@example.test");
    await user.type(screen.getByLabelText(/Date of birth/), "2999-01-01");
    await user.click(screen.getByRole("button", { name: "Add client" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Please check the highlighted fields.",
    );
    const dob = screen.getByLabelText(/Date of birth/);
    expect(dob).toHaveAttribute("aria-invalid", "true");
    expect(dob).toHaveAccessibleDescription("must not be in the future");
    expect(screen.getByLabelText(/Email/)).toHaveAccessibleDescription(
      "is already used by another client",
    );
    expect(screen.getByLabelText("First name")).not.toHaveAttribute(
      "aria-invalid",
    );

    const post = calls.find((c) => c.method === "POST");
    expect(post?.body).toEqual({
      first_name: "Zoë",
      last_name: "Testperson",
      email: "zoe@example.test",
      date_of_birth: "2999-01-01",
    });
  });

  it("asks for the names before sending anything", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/staff/clinicians": () => json(clinicians),
    });
    renderSignedIn(<ClientNew />);
    await userEvent
      .setup()
      .click(screen.getByRole("button", { name: "Add client" }));

    expect(screen.getByLabelText("First name")).toHaveAccessibleDescription(
      "Enter a first name.",
    );
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
  });

  it("lets the front desk assign a clinician and opens the new client", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "POST /api/v1/clients": (call) =>
        json({ id: "client-9", ...(call.body as object) }, 201),
    });
    renderSignedIn(<ClientNew />, { me: makeMe("front_desk") });
    const user = userEvent.setup();

    await user.type(screen.getByLabelText("First name"), "Ana");
    await user.type(screen.getByLabelText("Last name"), "Lopez");
    await waitFor(() =>
      expect(
        screen.getByRole("option", { name: "Sam Okafor" }),
      ).toBeInTheDocument(),
    );
    await user.selectOptions(screen.getByLabelText(/Clinician/), "Sam Okafor");
    await user.selectOptions(
      screen.getByLabelText(/Primary substance/),
      "Prescription opioids",
    );
    await user.click(screen.getByRole("button", { name: "Add client" }));

    expect(await screen.findByText("Client page")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      first_name: "Ana",
      last_name: "Lopez",
      primary_substance: "prescription_opioids",
      clinician_id: "c-1",
    });
  });

  it("does not offer a clinician choice to a clinician (their client is theirs)", async () => {
    mockFetch({ "GET /api/v1/staff/clinicians": () => json(clinicians) });
    renderSignedIn(<ClientNew />, { me: makeMe("clinician") });
    expect(screen.queryByLabelText(/Clinician/)).not.toBeInTheDocument();
  });
});
