import { screen, within } from "@testing-library/dom";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import staticPage from "../../selfreport.html?raw";
import { json, mockFetch, problem } from "../test/utils";
import type { DueMeasure, SelfReportView } from "./api";
import { tokenFromPath } from "./api";
import { mountSelfReport } from "./app";
import { CLAIM, CRISIS, MESSAGES, NUMBERS } from "./text";

const VIEW_URL = "GET /api/v1/self-report/tok-123";
const CHECK_IN_URL = "POST /api/v1/self-report/tok-123/check-ins";
const MEASURE_URL = "POST /api/v1/self-report/tok-123/measures";
const CLAIM_URL = "POST /api/v1/self-report/tok-123/claim";

const PHQ9: DueMeasure = {
  code: "phq9",
  title: "PHQ-9",
  question:
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
  items: Array.from({ length: 9 }, (_, i) => `Item ${i + 1} text`),
  options: [
    { value: 0, label: "Not at all" },
    { value: 1, label: "Several days" },
    { value: 2, label: "More than half the days" },
    { value: 3, label: "Nearly every day" },
  ],
};

function view(overrides: Partial<SelfReportView> = {}): SelfReportView {
  return {
    claim_required: false,
    first_name: "Jordan",
    practice_name: "Harbor Light Counseling",
    today: "2026-03-30",
    time_zone: "America/Chicago",
    current_streak_days: 12,
    clean_days_last_30: 27,
    total_clean_days: 140,
    checked_in_today: false,
    today_check_in: null,
    crisis_text: null,
    due_measures: [],
    substances: ["alcohol", "cannabis"],
    plan: null,
    safety_plan: null,
    asks_medication: false,
    ...overrides,
  };
}

/** Words that would tell someone glancing at the phone what this page is for. */
const REVEALING =
  /addiction|rehab|sobriety|sober|relapse|clean|recovery|substance|treatment/i;
/** Words that must never follow a check-in, above all one that reports use. */
const SHAMING = /fail|reset|broke|lost your|start over from zero/i;

function pageText(): string {
  return document.body.textContent ?? "";
}

/** Crisis help must be on every screen: 988 and 911 (or the practice's own text). */
function expectCrisisHelp(practiceText?: string) {
  const box = screen.getByRole("complementary", { name: CRISIS.heading });
  if (practiceText) {
    expect(box).toHaveTextContent(practiceText);
  } else {
    expect(within(box).getByRole("link", { name: "Call 988" })).toHaveAttribute(
      "href",
      "tel:988",
    );
    expect(within(box).getByRole("link", { name: "Text 988" })).toHaveAttribute(
      "href",
      "sms:988",
    );
    expect(within(box).getByRole("link", { name: "Call 911" })).toHaveAttribute(
      "href",
      "tel:911",
    );
  }
  expect(box).toHaveTextContent("not watched in real time");
}

function mount(path = "/r/tok-123"): Promise<void> {
  document.body.innerHTML = '<div id="selfreport"></div>';
  return mountSelfReport(document.getElementById("selfreport")!, path);
}

function group(name: RegExp | string) {
  return screen.getByRole("group", { name });
}

beforeEach(() => {
  document.body.innerHTML = "";
  document.title = "";
  localStorage.clear();
});

describe("self-report page", () => {
  it("asks once whether this is the client's phone, shows nothing else until then, and one tap takes the link", async () => {
    const { calls } = mockFetch({
      [VIEW_URL]: () =>
        json({
          claim_required: true,
          first_name: "Jordan",
          practice_name: "Harbor Light Counseling",
          crisis_text: null,
        }),
      [CLAIM_URL]: () => json(view()),
    });
    await mount();
    expect(
      screen.getByRole("heading", { level: 1, name: CLAIM.heading("Jordan") }),
    ).toBeInTheDocument();
    expectCrisisHelp();
    expect(pageText()).not.toMatch(REVEALING);
    expect(screen.queryByText(NUMBERS.streak)).toBeNull();
    expect(screen.queryByRole("group", { name: /use/ })).toBeNull();

    await userEvent
      .setup()
      .click(screen.getByRole("button", { name: CLAIM.confirm }));
    expect(
      await screen.findByRole("heading", { level: 1, name: "Hi Jordan" }),
    ).toHaveFocus();
    expect(
      screen.getByRole("group", { name: /Did you use today/ }),
    ).toBeInTheDocument();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      VIEW_URL,
      CLAIM_URL,
    ]);
  });

  it("says the link is no longer active when another phone claimed it first", async () => {
    mockFetch({
      [VIEW_URL]: () =>
        json({
          claim_required: true,
          first_name: "Jordan",
          practice_name: "Harbor Light Counseling",
          crisis_text: null,
        }),
      [CLAIM_URL]: () => problem(404, { title: "Not Found" }),
    });
    await mount();
    await userEvent
      .setup()
      .click(screen.getByRole("button", { name: CLAIM.confirm }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      MESSAGES.notActive,
    );
  });

  it("checks in with four taps after a day without use, and shows the three numbers", async () => {
    const { calls } = mockFetch({
      [VIEW_URL]: () => json(view()),
      [CHECK_IN_URL]: () =>
        json(
          {
            ...view({
              checked_in_today: true,
              current_streak_days: 13,
              total_clean_days: 141,
            }),
            check_in: { day: "2026-03-30", used: false },
          },
          201,
        ),
    });
    await mount();
    expect(document.title).toBe("Daily check-in · Harbor Light Counseling");
    expect(
      screen.getByRole("heading", { level: 1, name: "Hi Jordan" }),
    ).toBeInTheDocument();
    expectCrisisHelp();
    // Substances only appear after a "yes".
    expect(screen.queryByRole("group", { name: /What was it/ })).toBeNull();

    const user = userEvent.setup();
    let taps = 0;
    const tap = async (el: HTMLElement) => {
      taps += 1;
      await user.click(el);
    };
    await tap(
      within(group("Did you use today?")).getByRole("radio", { name: "No" }),
    );
    await tap(within(group(/urges today/)).getByRole("radio", { name: "3" }));
    await tap(within(group(/mood today/)).getByRole("radio", { name: "7" }));
    await tap(screen.getByRole("button", { name: "Send check-in" }));
    expect(taps).toBeLessThanOrEqual(5);

    expect(
      await screen.findByRole("heading", {
        level: 1,
        name: "Thank you for checking in, Jordan",
      }),
    ).toHaveFocus();
    expect(screen.getByText(MESSAGES.notUsedMessage)).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST");
    expect(post?.body).toEqual({
      used: false,
      substances: [],
      craving: 3,
      mood: 7,
      attended_meeting: false,
      contacted_sponsor: false,
    });
    expect(pageText()).toContain(`${NUMBERS.streak}13`);
    expect(pageText()).toContain(`${NUMBERS.last30}27`);
    expect(pageText()).toContain(`${NUMBERS.total}141`);
    expectCrisisHelp();
    expect(pageText()).not.toMatch(REVEALING);
    expect(pageText()).not.toMatch(SHAMING);
  });

  it("answers a reported use kindly: no failure, no reset, a prompt to reach out", async () => {
    const { calls } = mockFetch({
      [VIEW_URL]: () => json(view()),
      [CHECK_IN_URL]: () =>
        json(
          view({
            checked_in_today: true,
            current_streak_days: 0,
            clean_days_last_30: 26,
            total_clean_days: 139,
          }),
          201,
        ),
    });
    await mount();
    const user = userEvent.setup();
    await user.click(
      within(group("Did you use today?")).getByRole("radio", { name: "Yes" }),
    );
    const substances = group("What was it? (optional)");
    expect(
      within(substances)
        .getAllByRole("checkbox")
        .map((c) => c.getAttribute("value")),
    ).toEqual(["alcohol", "cannabis"]);
    await user.click(
      within(substances).getByRole("checkbox", { name: "Alcohol" }),
    );
    await user.click(
      within(group(/urges today/)).getByRole("radio", { name: "8" }),
    );
    await user.click(
      within(group(/mood today/)).getByRole("radio", { name: "3" }),
    );
    await user.click(screen.getByRole("button", { name: "Send check-in" }));

    await screen.findByRole("heading", {
      level: 1,
      name: "Thank you for checking in, Jordan",
    });
    expect(
      screen.getByText(
        "A slip is a moment, not who you are. Right now is a good time to start again.",
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole("main")).getByText(
        /reach out to your sponsor, go to a meeting, or send your therapist/,
      ),
    ).toBeInTheDocument();
    expect(pageText()).not.toMatch(SHAMING);
    expect(pageText()).not.toMatch(REVEALING);
    // The three numbers stay together, the longer ones far from zero.
    expect(pageText()).toContain(`${NUMBERS.streak}0`);
    expect(pageText()).toContain(`${NUMBERS.last30}26`);
    expect(pageText()).toContain(`${NUMBERS.total}139`);
    expect(
      document.querySelector(
        ".sr-form-error:not(:empty), .sr-error:not([hidden])",
      ),
    ).toBeNull();
    expectCrisisHelp();
    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({
      used: true,
      substances: ["alcohol"],
      craving: 8,
      mood: 3,
    });
  });

  it("shows the primary substance first and the rest behind More choices", async () => {
    const all: SelfReportView["substances"] = [
      "cocaine",
      "alcohol",
      "cannabis",
      "nicotine",
      "gambling",
      "other",
    ];
    const { calls } = mockFetch({
      [VIEW_URL]: () => json(view({ substances: all })),
      [CHECK_IN_URL]: () => json(view({ checked_in_today: true }), 201),
    });
    await mount();
    const user = userEvent.setup();
    await user.click(
      within(group("Did you use today?")).getByRole("radio", { name: "Yes" }),
    );
    const what = group("What was it? (optional)");
    expect(
      within(what)
        .getAllByRole("checkbox")
        .map((c) => c.getAttribute("value")),
    ).toEqual(["cocaine", "alcohol", "cannabis"]);
    const more = within(what).getByRole("button", { name: "More choices" });
    expect(more).toHaveAttribute("aria-expanded", "false");
    await user.click(more);
    expect(more).toHaveAttribute("aria-expanded", "true");
    expect(more).toHaveTextContent("Fewer choices");
    await user.click(within(what).getByRole("checkbox", { name: "Gambling" }));
    await user.click(
      within(group(/urges today/)).getByRole("radio", { name: "4" }),
    );
    await user.click(
      within(group(/mood today/)).getByRole("radio", { name: "4" }),
    );
    await user.click(screen.getByRole("button", { name: "Send check-in" }));
    await screen.findByText(MESSAGES.usedMessage);
    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({
      substances: ["gambling"],
    });
  });

  it("asks for the missing answers instead of sending", async () => {
    const { calls } = mockFetch({ [VIEW_URL]: () => json(view()) });
    await mount();
    const user = userEvent.setup();
    await user.click(
      within(group(/mood today/)).getByRole("radio", { name: "5" }),
    );
    await user.click(screen.getByRole("button", { name: "Send check-in" }));
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Please answer the questions marked below.",
    );
    expect(group("Did you use today?")).toHaveAccessibleDescription(
      "Please choose one.",
    );
    expect(group(/urges today/)).toHaveAccessibleDescription(
      "0 means none, 10 means very strong. Please choose one.",
    );
    expect(
      within(group("Did you use today?")).getByRole("radio", { name: "No" }),
    ).toHaveFocus();
    expect(calls.some((c) => c.method === "POST")).toBe(false);
  });

  it("checks in for an earlier day from the day picker", async () => {
    const { calls } = mockFetch({
      [VIEW_URL]: () => json(view()),
      [CHECK_IN_URL]: () => json(view(), 201),
    });
    await mount();
    const user = userEvent.setup();
    const day = screen.getByLabelText("Day");
    expect(within(day).getAllByRole("option")).toHaveLength(8);
    await user.selectOptions(day, "2026-03-29");
    const used = group("Did you use yesterday?");
    await user.click(within(used).getByRole("radio", { name: "No" }));
    await user.click(
      within(group(/urges yesterday/)).getByRole("radio", { name: "0" }),
    );
    await user.click(
      within(group(/mood yesterday/)).getByRole("radio", { name: "10" }),
    );
    await user.click(
      screen.getByRole("checkbox", { name: "I went to a meeting" }),
    );
    await user.click(screen.getByRole("button", { name: "Send check-in" }));
    await screen.findByText(MESSAGES.notUsedMessage);
    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({
      day: "2026-03-29",
      attended_meeting: true,
      contacted_sponsor: false,
    });
  });

  it("shows today's check-in and lets the client change it", async () => {
    const today = {
      day: "2026-03-30",
      used: false,
      substances: [],
      craving: 2,
      mood: 6,
      attended_meeting: true,
      contacted_sponsor: false,
      note: "Long day.",
    };
    const { calls } = mockFetch({
      [VIEW_URL]: () =>
        json(view({ checked_in_today: true, today_check_in: today })),
      [CHECK_IN_URL]: () =>
        json(view({ checked_in_today: true, current_streak_days: 0 }), 200),
    });
    await mount();
    expect(
      screen.getByRole("heading", {
        level: 1,
        name: "You've checked in today",
      }),
    ).toBeInTheDocument();
    expect(pageText()).toContain(`${NUMBERS.total}140`);
    expectCrisisHelp();
    const user = userEvent.setup();
    await user.click(
      screen.getByRole("button", { name: "Change today's answers" }),
    );
    expect(
      within(group("Did you use today?")).getByRole("radio", { name: "No" }),
    ).toBeChecked();
    expect(
      within(group(/urges today/)).getByRole("radio", { name: "2" }),
    ).toBeChecked();
    expect(
      within(group(/mood today/)).getByRole("radio", { name: "6" }),
    ).toBeChecked();
    expect(
      screen.getByRole("checkbox", { name: "I went to a meeting" }),
    ).toBeChecked();
    expect(screen.getByLabelText(/A note for your care team/)).toHaveValue(
      "Long day.",
    );
    await user.click(
      within(group("Did you use today?")).getByRole("radio", { name: "Yes" }),
    );
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await screen.findByText(MESSAGES.usedMessage);
    expect(screen.getByText("Your answers were updated.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({
      used: true,
      craving: 2,
      mood: 6,
      attended_meeting: true,
      note: "Long day.",
    });
  });

  it("shows when and where the next appointment is, never what it is for", async () => {
    mockFetch({
      [VIEW_URL]: () =>
        json(
          view({
            next_appointment: {
              starts_at: "2026-03-31T14:00:00Z",
              location: null,
              online: true,
            },
          }),
        ),
    });
    await mount();
    const line = screen.getByText(/^Next appointment:/).closest("p")!;
    // 14:00 UTC is 9:00 AM in Chicago (CDT), whatever the test machine's zone.
    expect(line).toHaveTextContent(/Tuesday, Mar 31 at 9:00\sAM, online/);
    expect(pageText()).not.toMatch(REVEALING);
  });

  it("says a link is no longer active on a 404, with crisis help", async () => {
    mockFetch({
      [VIEW_URL]: () => problem(404, { title: "Not Found" }),
    });
    await mount();
    expect(screen.getByRole("alert")).toHaveTextContent(
      "This link is no longer active. Please ask your care team for a new one.",
    );
    expect(screen.queryByRole("button")).toBeNull();
    expect(document.title).toBe("Daily check-in");
    expectCrisisHelp();
  });

  it("treats a path without a token like an inactive link", async () => {
    const { calls } = mockFetch({});
    await mount("/r/");
    expect(screen.getByRole("alert")).toHaveTextContent(MESSAGES.notActive);
    expect(calls).toHaveLength(0);
    expectCrisisHelp();
  });

  it("asks to wait on a 429, then tries again", async () => {
    let first = true;
    mockFetch({
      [VIEW_URL]: () => {
        if (first) {
          first = false;
          return problem(
            429,
            { title: "Too Many Requests" },
            { "Retry-After": "5" },
          );
        }
        return json(view());
      },
    });
    await mount();
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Please wait a moment and try again.",
    );
    expectCrisisHelp();
    await userEvent
      .setup()
      .click(screen.getByRole("button", { name: "Try again" }));
    expect(
      await screen.findByRole("heading", { name: "Hi Jordan" }),
    ).toBeInTheDocument();
  });

  it("keeps the answers and says so when sending is throttled", async () => {
    mockFetch({
      [VIEW_URL]: () => json(view()),
      [CHECK_IN_URL]: () => problem(429, { title: "Too Many Requests" }),
    });
    await mount();
    const user = userEvent.setup();
    await user.click(
      within(group("Did you use today?")).getByRole("radio", { name: "No" }),
    );
    await user.click(
      within(group(/urges today/)).getByRole("radio", { name: "1" }),
    );
    await user.click(
      within(group(/mood today/)).getByRole("radio", { name: "9" }),
    );
    await user.click(screen.getByRole("button", { name: "Send check-in" }));
    expect(await screen.findByText(MESSAGES.tooMany)).toBeInTheDocument();
    expect(
      within(group(/mood today/)).getByRole("radio", { name: "9" }),
    ).toBeChecked();
    expect(screen.getByRole("button", { name: "Send check-in" })).toBeEnabled();
  });

  it("shows the practice's own crisis text instead of the default numbers", async () => {
    const crisis = "Call our on-call line at 555-0100, or 112 in an emergency.";
    mockFetch({ [VIEW_URL]: () => json(view({ crisis_text: crisis })) });
    await mount();
    expectCrisisHelp(crisis);
    expect(screen.queryByRole("link", { name: "Call 988" })).toBeNull();
  });

  it("asks a due questionnaire after the check-in and thanks without showing the score", async () => {
    const { calls } = mockFetch({
      [VIEW_URL]: () => json(view({ due_measures: [PHQ9] })),
      [CHECK_IN_URL]: () =>
        json(view({ checked_in_today: true, due_measures: [PHQ9] }), 201),
      [MEASURE_URL]: () =>
        json({ code: "phq9", total: 14, band: "moderate" }, 201),
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
      within(group(/mood today/)).getByRole("radio", { name: "4" }),
    );
    await user.click(screen.getByRole("button", { name: "Send check-in" }));
    const prompt = await screen.findByRole("region", {
      name: "A few more questions",
    });
    await user.click(
      within(prompt).getByRole("button", { name: "Answer now" }),
    );

    expect(
      screen.getByRole("heading", { level: 1, name: "A few more questions" }),
    ).toHaveFocus();
    expect(screen.getByText(PHQ9.question)).toBeInTheDocument();
    expectCrisisHelp();
    await user.click(screen.getByRole("button", { name: "Send answers" }));
    expect(screen.getByRole("alert")).toHaveTextContent(
      "9 still need an answer",
    );
    for (let i = 0; i < 9; i += 1) {
      const item = group(`${i + 1}. Item ${i + 1} text`);
      await user.click(
        within(item).getByRole("radio", {
          name: i === 8 ? "Not at all" : "Several days",
        }),
      );
    }
    await user.click(screen.getByRole("button", { name: "Send answers" }));
    expect(await screen.findByText(MESSAGES.measureThanks)).toBeInTheDocument();
    expect(calls.find((c) => c.url.endsWith("/measures"))?.body).toEqual({
      code: "phq9",
      answers: [1, 1, 1, 1, 1, 1, 1, 1, 0],
    });
    expect(pageText()).not.toMatch(/moderate|\b14\b|band|score/i);
    expect(screen.queryByText(MESSAGES.selfHarm)).toBeNull();
    expect(
      screen.queryByRole("region", { name: "A few more questions" }),
    ).toBeNull();
    expectCrisisHelp();
  });

  it("answers thoughts of self-harm (PHQ-9 item 9) with help right away", async () => {
    mockFetch({
      [VIEW_URL]: () =>
        json(view({ checked_in_today: true, due_measures: [PHQ9] })),
      [MEASURE_URL]: () =>
        json({ code: "phq9", total: 3, band: "minimal" }, 201),
    });
    await mount();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Answer now" }));
    for (let i = 0; i < 9; i += 1) {
      await user.click(
        within(group(`${i + 1}. Item ${i + 1} text`)).getByRole("radio", {
          name: i === 8 ? "Several days" : "Not at all",
        }),
      );
    }
    await user.click(screen.getByRole("button", { name: "Send answers" }));
    const callout = (await screen.findByText(MESSAGES.selfHarm)).parentElement!;
    expect(
      within(callout).getByRole("link", { name: "Call 988" }),
    ).toBeInTheDocument();
  });

  it("has the same crisis help in the static page as the script shows", () => {
    const html = staticPage.replace(/\s+/g, " ").replace(/&amp;/g, "&");
    for (const line of [
      CRISIS.heading,
      CRISIS.line988,
      CRISIS.line911,
      CRISIS.notWatched,
    ]) {
      expect(html).toContain(line);
    }
    expect(html).toContain('href="tel:988"');
    expect(html).toContain('href="sms:988"');
    expect(html).toContain('href="tel:911"');
    expect(html.replace(/<[^>]*>/g, " ")).not.toMatch(REVEALING);
  });

  it("reads the token from the path", () => {
    expect(tokenFromPath("/r/abc_DEF-123")).toBe("abc_DEF-123");
    expect(tokenFromPath("/r/abc/")).toBe("abc");
    expect(tokenFromPath("/r/")).toBeNull();
    expect(tokenFromPath("/r/a/b")).toBeNull();
    expect(tokenFromPath("/clients")).toBeNull();
  });
});
