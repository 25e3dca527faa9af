import { screen, within } from "@testing-library/dom";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { json, mockFetch, problem } from "../test/utils";
import type { SelfReportView } from "./api";
import { mountSelfReport } from "./app";
import {
  practiceToday,
  queueCheckIn,
  queued,
  saveView,
  savedView,
} from "./offline";
import { nextMeeting } from "./plan";
import { MESSAGES, OFFLINE, PLAN, SAFETY } from "./text";

const VIEW_URL = "GET /api/v1/self-report/tok-123";
const CHECK_IN_URL = "POST /api/v1/self-report/tok-123/check-ins";
const TOKEN = "tok-123";

/** Words that would tell someone glancing at the phone what this page is for. */
const REVEALING =
  /addiction|rehab|sobriety|sober|relapse|clean|recovery|substance|treatment/i;
const SHAMING = /fail|reset|broke|lost your|start over from zero/i;

const PLAN_FIXTURE: NonNullable<SelfReportView["plan"]> = {
  warning_signs: ["Skipping dinner", "Thinking one drink is fine"],
  high_risk_situations: ["social_pressure"],
  coping_steps: [
    "Leave the room",
    "Call Dana",
    "Drink a glass of water",
    "Go for a walk",
  ],
  reasons: ["My daughter"],
  people: [
    { name: "Dana", role: "sponsor", phone: "(555) 010-2233" },
    { name: "Mum", role: "family", phone: null },
  ],
  meetings: [
    {
      name: "Tuesday Serenity",
      day_of_week: "tuesday",
      time: "19:00",
      place: "St Mark's hall",
    },
  ],
};

function view(overrides: Partial<SelfReportView> = {}): SelfReportView {
  return {
    claim_required: false,
    first_name: "Jordan",
    practice_name: "Harbor Light Counseling",
    today: practiceToday("America/Chicago"),
    time_zone: "America/Chicago",
    current_streak_days: 12,
    clean_days_last_30: 27,
    total_clean_days: 140,
    checked_in_today: false,
    today_check_in: null,
    crisis_text: null,
    due_measures: [],
    substances: ["alcohol", "heroin"],
    plan: PLAN_FIXTURE,
    safety_plan: null,
    asks_medication: false,
    ...overrides,
  };
}

function mount(): Promise<void> {
  document.body.innerHTML = '<div id="selfreport"></div>';
  return mountSelfReport(document.getElementById("selfreport")!, "/r/tok-123");
}

function group(name: RegExp | string) {
  return screen.getByRole("group", { name });
}

function pageText(): string {
  return document.body.textContent ?? "";
}

async function reportUse(substance: "Alcohol" | "Heroin") {
  const user = userEvent.setup();
  await user.click(
    within(group("Did you use today?")).getByRole("radio", { name: "Yes" }),
  );
  await user.click(
    within(group("What was it? (optional)")).getByRole("checkbox", {
      name: substance,
    }),
  );
  await user.click(
    within(group(/urges today/)).getByRole("radio", { name: "8" }),
  );
  await user.click(
    within(group(/mood today/)).getByRole("radio", { name: "3" }),
  );
  await user.click(screen.getByRole("button", { name: "Send check-in" }));
}

const offline = () => Promise.reject(new TypeError("Failed to fetch"));

beforeEach(() => {
  document.body.innerHTML = "";
  localStorage.clear();
});

describe("the client's plan on the link page", () => {
  it("after a reported slip shows their first three steps, a call button for their sponsor and their next meeting", async () => {
    mockFetch({
      [VIEW_URL]: () => json(view()),
      [CHECK_IN_URL]: () =>
        json(view({ checked_in_today: true, current_streak_days: 0 }), 201),
    });
    await mount();
    await reportUse("Alcohol");
    await screen.findByRole("heading", {
      level: 1,
      name: "Thank you for checking in, Jordan",
    });
    // The kind words stay first; the plan follows under them.
    expect(screen.getByText(MESSAGES.usedMessage)).toBeInTheDocument();
    const help = screen.getByRole("region", { name: PLAN.afterSlipHeading });
    const steps = within(help)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(steps).toEqual([
      "Leave the room",
      "Call Dana",
      "Drink a glass of water",
    ]);
    expect(
      within(help).getByRole("link", { name: /Call Dana/ }),
    ).toHaveAttribute("href", "tel:5550102233");
    // Mum has no number: no button that calls nobody.
    expect(within(help).queryByRole("link", { name: /Call Mum/ })).toBeNull();
    expect(help).toHaveTextContent("Tuesday Serenity");
    expect(help).toHaveTextContent("St Mark's hall");
    expect(within(help).getByRole("link", { name: /988/ })).toHaveAttribute(
      "href",
      "#crisis",
    );
    expect(pageText()).not.toMatch(/naloxone/i);
    expect(pageText()).not.toMatch(SHAMING);
    expect(pageText()).not.toMatch(REVEALING);
  });

  it("after reported opioid use adds a line about naloxone and not using alone", async () => {
    mockFetch({
      [VIEW_URL]: () => json(view()),
      [CHECK_IN_URL]: () => json(view({ checked_in_today: true }), 201),
    });
    await mount();
    await reportUse("Heroin");
    await screen.findByRole("region", { name: PLAN.afterSlipHeading });
    expect(screen.getByText(PLAN.opioids)).toBeInTheDocument();
  });

  it("opens My plan in one tap from the header, and goes back to the form", async () => {
    mockFetch({
      [VIEW_URL]: () =>
        json(
          view({
            safety_plan: {
              warning_signs: ["Not sleeping"],
              coping_alone: ["Walk the dog"],
              distractions: [],
              people_to_ask: [{ name: "Sis", phone: "555 010 4444" }],
              professionals: [],
              safer_surroundings: ["Pills at my sister's"],
            },
          }),
        ),
    });
    await mount();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: PLAN.open }));
    expect(
      screen.getByRole("heading", { level: 1, name: PLAN.heading }),
    ).toHaveFocus();
    const main = screen.getByRole("main");
    for (const heading of [
      SAFETY.heading,
      SAFETY.alone,
      PLAN.steps,
      PLAN.people,
      PLAN.meetings,
      PLAN.reasons,
      PLAN.signs,
      PLAN.situations,
    ]) {
      expect(
        within(main).getByRole("heading", { name: heading }),
      ).toBeVisible();
    }
    expect(main).toHaveTextContent(PLAN.situationLabels.social_pressure);
    expect(
      within(main).getByRole("link", { name: /Call Sis/ }),
    ).toHaveAttribute("href", "tel:5550104444");
    // The safety plan's professionals always include 988.
    expect(
      within(main).getAllByRole("link", { name: "Call 988" }),
    ).toHaveLength(1);
    expect(pageText()).not.toMatch(REVEALING);
    await user.click(screen.getByRole("button", { name: PLAN.back }));
    expect(
      screen.getByRole("heading", { level: 1, name: "Hi Jordan" }),
    ).toHaveFocus();
  });

  it("has no My plan button when the care team has not written one", async () => {
    mockFetch({ [VIEW_URL]: () => json(view({ plan: null })) });
    await mount();
    expect(screen.getByRole("heading", { name: "Hi Jordan" })).toBeVisible();
    expect(screen.queryByRole("button", { name: PLAN.open })).toBeNull();
  });
});

describe("the link page with no connection", () => {
  it("shows the plan, crisis help and the last figures this phone saved, and when they were saved", async () => {
    saveView(TOKEN, view(), new Date("2026-03-30T14:05:00Z"));
    mockFetch({ [VIEW_URL]: offline });
    await mount();
    expect(screen.getByRole("heading", { name: "Hi Jordan" })).toBeVisible();
    expect(screen.getByRole("status")).toHaveTextContent(/You're offline/);
    expect(screen.getByRole("status")).toHaveTextContent(/Mar/);
    await userEvent
      .setup()
      .click(screen.getByRole("button", { name: PLAN.open }));
    expect(screen.getByRole("main")).toHaveTextContent("Leave the room");
    expect(
      screen.getByRole("complementary", { name: "Need help right now?" }),
    ).toHaveTextContent("988");
  });

  it("says it cannot connect when this phone has nothing saved", async () => {
    mockFetch({ [VIEW_URL]: offline });
    await mount();
    expect(screen.getByRole("alert")).toHaveTextContent(MESSAGES.offline);
  });

  it("keeps a check-in made offline for its day and sends it once when the connection returns", async () => {
    let online = false;
    const { calls } = mockFetch({
      [VIEW_URL]: () =>
        online ? json(view({ checked_in_today: true })) : offline(),
      [CHECK_IN_URL]: () =>
        online ? json(view({ checked_in_today: true }), 201) : offline(),
    });
    saveView(TOKEN, view());
    await mount();
    await reportUse("Alcohol");
    expect(
      await screen.findByRole("heading", {
        level: 1,
        name: OFFLINE.queuedHeading,
      }),
    ).toBeVisible();
    // Even with no connection, the plan is right there after the slip.
    expect(
      screen.getByRole("region", { name: PLAN.afterSlipHeading }),
    ).toHaveTextContent("Leave the room");
    expect(queued(TOKEN)).toHaveLength(1);
    expect(queued(TOKEN)[0].day).toBe(practiceToday("America/Chicago"));

    online = true;
    window.dispatchEvent(new Event("online"));
    expect(
      await within(screen.getByRole("main")).findByText(OFFLINE.sent(1)),
    ).toBeVisible();
    const sent = calls.filter((c) => c.method === "POST");
    // The failed attempt, then the one that went.
    expect(sent).toHaveLength(2);
    expect(sent[1].body).toMatchObject({
      day: practiceToday("America/Chicago"),
      used: true,
      substances: ["alcohol"],
      craving: 8,
      mood: 3,
    });
    expect(queued(TOKEN)).toEqual([]);
    expect(document.querySelector(".sr-offline")).toBeNull();
  });

  it("sends what waited when the page opens online, and says so on screen", async () => {
    saveView(TOKEN, view());
    queueCheckIn(TOKEN, {
      day: practiceToday("America/Chicago"),
      used: false,
      craving: 2,
      mood: 8,
    });
    const { calls } = mockFetch({
      [VIEW_URL]: () => json(view()),
      [CHECK_IN_URL]: () => json(view({ checked_in_today: true }), 201),
    });
    await mount();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent(
      "You've checked in today",
    );
    expect(
      within(screen.getByRole("main")).getByRole("status"),
    ).toHaveTextContent(OFFLINE.sent(1));
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(1);
    expect(queued(TOKEN)).toEqual([]);
  });

  it("tells the client when a saved check-in was too old to send, and drops it", async () => {
    queueCheckIn(TOKEN, {
      day: "2026-01-02",
      used: false,
      craving: 2,
      mood: 8,
    });
    mockFetch({
      [VIEW_URL]: () => json(view()),
      [CHECK_IN_URL]: () =>
        problem(422, {
          title: "Unprocessable Entity",
          errors: { day: ["can be at most 7 days ago"] },
        }),
    });
    await mount();
    expect(
      within(screen.getByRole("main")).getByRole("status"),
    ).toHaveTextContent(OFFLINE.refused(1));
    expect(queued(TOKEN)).toEqual([]);
  });

  it("says the link is no longer active, not the form, when saved check-ins find it gone", async () => {
    saveView(TOKEN, view());
    queueCheckIn(TOKEN, {
      day: "2026-01-02",
      used: false,
      craving: 2,
      mood: 8,
    });
    mockFetch({
      [VIEW_URL]: () => json(view()),
      [CHECK_IN_URL]: () => problem(404, { title: "Not Found" }),
    });
    await mount();
    expect(screen.getByRole("alert")).toHaveTextContent(MESSAGES.notActive);
    expect(screen.queryByRole("group", { name: /Did you use/ })).toBeNull();
    expect(savedView(TOKEN)).toBeNull();
  });

  it("forgets what this phone saved once the link is no longer active", async () => {
    saveView(TOKEN, view());
    mockFetch({ [VIEW_URL]: () => problem(404, { title: "Not Found" }) });
    await mount();
    expect(screen.getByRole("alert")).toHaveTextContent(MESSAGES.notActive);
    expect(savedView(TOKEN)).toBeNull();
    expect(JSON.stringify(localStorage)).not.toContain("Leave the room");
  });
});

describe("days and meetings in the practice's time zone", () => {
  it("names today as the practice does, not as the phone's clock does", () => {
    // 03:30 UTC on the 31st is still the 30th in Chicago.
    const at = new Date("2026-03-31T03:30:00Z");
    expect(practiceToday("America/Chicago", at)).toBe("2026-03-30");
    expect(practiceToday("Europe/Berlin", at)).toBe("2026-03-31");
  });

  it("finds the meeting that comes next, wrapping round the week", () => {
    const meetings = [
      { name: "Mon noon", day_of_week: "monday" as const, time: "12:00" },
      { name: "Sat night", day_of_week: "saturday" as const, time: "20:00" },
      { name: "Whenever" },
    ];
    // Saturday 21:00 in Chicago: Saturday's has passed, Monday's is next.
    const saturdayLate = new Date("2026-04-05T02:00:00Z");
    expect(nextMeeting(meetings, "America/Chicago", saturdayLate)?.name).toBe(
      "Mon noon",
    );
    // Saturday 19:00 in Chicago: tonight's.
    const saturdayEvening = new Date("2026-04-05T00:00:00Z");
    expect(
      nextMeeting(meetings, "America/Chicago", saturdayEvening)?.name,
    ).toBe("Sat night");
  });
});

describe("the medication question", () => {
  it("is asked in one tap when the care team asks it, and sent with the check-in", async () => {
    const { calls } = mockFetch({
      [VIEW_URL]: () => json(view({ asks_medication: true })),
      [CHECK_IN_URL]: () => json(view({ checked_in_today: true }), 201),
    });
    await mount();
    const user = userEvent.setup();
    await user.click(
      within(group("Did you use today?")).getByRole("radio", { name: "No" }),
    );
    await user.click(
      within(group(/urges today/)).getByRole("radio", { name: "2" }),
    );
    await user.click(
      within(group(/mood today/)).getByRole("radio", { name: "7" }),
    );
    await user.click(
      within(group("Did you take your medication today?")).getByRole("radio", {
        name: "Yes",
      }),
    );
    await user.click(screen.getByRole("button", { name: "Send check-in" }));
    await screen.findByRole("heading", { level: 1, name: /Thank you/ });
    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({
      used: false,
      took_medication: true,
    });
  });

  it("is never shown when the client has no medication asked about", async () => {
    mockFetch({ [VIEW_URL]: () => json(view()) });
    await mount();
    expect(screen.getByRole("heading", { name: "Hi Jordan" })).toBeVisible();
    expect(screen.queryByRole("group", { name: /medication/ })).toBeNull();
  });
});
