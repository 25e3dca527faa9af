import type {
  Client,
  Medication,
  Note,
  Progress,
  ProgressDay,
  Relapse,
  RelapsePreventionPlan,
  SafetyPlan,
  Screen,
  ScreenList,
} from "../api/types";
import { addDays } from "../format";

/** An active client of the signed-in clinician, without clinical figures. */
export function clientFixture(overrides: Partial<Client> = {}): Client {
  return {
    id: "client-1",
    first_name: "Lan",
    last_name: "Tran",
    preferred_name: null,
    date_of_birth: "1990-04-02",
    email: null,
    phone: null,
    primary_substance: null,
    recovery_start_date: null,
    clinician_id: "staff-me",
    status: "active",
    version: 1,
    created_at: "2026-01-02T10:00:00Z",
    updated_at: "2026-01-02T10:00:00Z",
    ...overrides,
  };
}

/**
 * DOMAIN.md's worked example over 30 days ending 2026-03-30: relapse 20..18 days ago, lapse
 * 9 days ago, check-ins on the 6 days before today with use reported 4 days ago.
 */
export function progressFixture(overrides: Partial<Progress> = {}): Progress {
  const to = "2026-03-30";
  const days: ProgressDay[] = Array.from({ length: 30 }, (_, i) => {
    const ago = 29 - i;
    const day = addDays(to, -ago);
    if (ago >= 18 && ago <= 20) return { day, status: "used" };
    if (ago === 9) return { day, status: "used" };
    if (ago >= 1 && ago <= 6)
      return {
        day,
        status: ago === 4 ? "used" : "abstinent",
        craving: ago === 4 ? 7 : ago,
        mood: 5,
      };
    return { day, status: "unknown" };
  });
  return {
    from: "2026-03-01",
    to,
    recovery_start_date: "2026-02-18",
    days_in_period: 30,
    days_reported: 10,
    days_abstinent: 5,
    days_used: 5,
    days_unknown: 20,
    percent_days_abstinent: 50,
    current_streak_days: 4,
    longest_streak_days: 9,
    longest_reported_abstinence_days: 3,
    total_clean_days: 36,
    lapse_count: 1,
    relapse_count: 1,
    mean_craving: 3.7,
    meetings_attended: 2,
    sponsor_contacts: 1,
    days,
    // DOMAIN.md's worked example: 7 of 9 countable appointments attended (late included).
    attendance: {
      attended: 7,
      countable: 9,
      no_shows: 1,
      late_cancellations: 1,
      rate: 77.8,
      scheduled: 1,
      by_kind: [
        {
          kind: "individual",
          attended: 7,
          countable: 9,
          no_shows: 1,
          late_cancellations: 1,
          rate: 77.8,
          scheduled: 1,
        },
      ],
      weekly_hours: [
        {
          week_of: "2026-03-02",
          individual_minutes: 50,
          group_minutes: 180,
          hours: 3.8,
        },
        {
          week_of: "2026-03-09",
          individual_minutes: 50,
          group_minutes: 70,
          hours: 2,
        },
      ],
      average_weekly_hours: 2.9,
    },
    ...overrides,
  };
}

export function noteFixture(overrides: Partial<Note> = {}): Note {
  return {
    id: "note-1",
    client_id: "client-1",
    author_id: "staff-me",
    author_name: "Dana Rivers",
    session_on: "2026-03-28",
    started_at: null,
    duration_minutes: 50,
    service_type: "Individual therapy",
    format: "soap",
    sections: {
      subjective: "Slept badly.",
      objective: "",
      assessment: "",
      plan: "",
    },
    risk_flags: [],
    is_psychotherapy_note: false,
    status: "draft",
    locked: false,
    signed_at: null,
    signed_by: null,
    signed_by_name: null,
    cosigned_at: null,
    cosigned_by: null,
    cosigned_by_name: null,
    addenda: [],
    version: 4,
    created_at: "2026-03-28T15:00:00Z",
    updated_at: "2026-03-28T15:10:00Z",
    ...overrides,
  };
}

export function relapseFixture(overrides: Partial<Relapse> = {}): Relapse {
  return {
    id: "relapse-1",
    client_id: "client-1",
    kind: "lapse",
    occurred_on: "2026-03-21",
    ended_on: null,
    ongoing: false,
    substances: ["alcohol"],
    triggers: ["unpleasant_emotions", "social_pressure"],
    setting: "bar_or_club",
    company: ["other_users"],
    amount: "four drinks",
    coping_used: [],
    support_contacted: ["sponsor"],
    feelings_after: ["shame"],
    consequences: [],
    self_blame: 6,
    notes: "Called the sponsor the next morning.",
    status: "active",
    recorded_by: "staff-me",
    plan_version: null,
    warning_signs_present: [],
    plan_steps_tried: null,
    version: 2,
    created_at: "2026-03-22T10:00:00Z",
    updated_at: "2026-03-22T10:00:00Z",
    ...overrides,
  };
}

/** Version 3 of a relapse-prevention plan, in the client's words. */
export function relapsePreventionPlanFixture(
  overrides: Partial<RelapsePreventionPlan> = {},
): RelapsePreventionPlan {
  return {
    client_id: "client-1",
    version: 3,
    written_by: "staff-me",
    written_by_name: "Dana Rivers",
    written_at: "2026-03-20T15:00:00Z",
    warning_signs: ["I stop answering texts", "Skipping breakfast, again"],
    high_risk_situations: ["unpleasant_emotions", "pleasant_times_with_others"],
    coping_steps: ["Leave the room", "Call Sam", "Go to the 7 pm meeting"],
    reasons: ["To be there for my kids"],
    people: [{ name: "Sam", role: "sponsor", phone: "555-0100" }],
    meetings: [
      {
        name: "Tuesday night AA",
        day_of_week: "tuesday",
        time: "19:30",
        place: "St. Mark's hall",
        url: null,
      },
    ],
    ...overrides,
  };
}

/** A safety plan that was never saved: version 0, empty lists. */
export function safetyPlanFixture(
  overrides: Partial<SafetyPlan> = {},
): SafetyPlan {
  return {
    client_id: "client-1",
    version: 0,
    written_by: null,
    written_by_name: null,
    written_at: null,
    enabled: false,
    warning_signs: [],
    coping_alone: [],
    distractions: [],
    people_to_ask: [],
    professionals: [],
    safer_surroundings: [],
    ...overrides,
  };
}

/**
 * A urine screen collected 2026-11-30 at 9:15 practice time (America/Chicago), read against a
 * buprenorphine prescription: an unexpected confirmed cocaine positive, buprenorphine expected,
 * on a day the client reported not using.
 */
export function screenFixture(overrides: Partial<Screen> = {}): Screen {
  return {
    id: "screen-1",
    client_id: "client-1",
    collected_at: "2026-11-30T15:15:00Z",
    collected_on: "2026-11-30",
    specimen: "urine",
    method: "lab_confirmation",
    observed: true,
    validity: "normal",
    results: [
      {
        substance: "buprenorphine",
        result: "positive",
        confirmation: "confirmed",
      },
      {
        substance: "cocaine",
        result: "positive",
        cutoff_ng_ml: 150,
        confirmation: "confirmed",
      },
      { substance: "fentanyl", result: "negative" },
    ],
    reading: {
      valid: true,
      unexpected: ["cocaine"],
      expected: ["buprenorphine"],
      prescribed_negative: [],
    },
    self_report: { used: false },
    amends: null,
    amend_reason: null,
    amended_by: null,
    recorded_by: "staff-me",
    recorded_by_name: "Dana Rivers",
    recorded_at: "2026-11-30T15:20:00Z",
    ...overrides,
  };
}

/** DOMAIN.md's worked example: 8 screens, 7 valid, 6 of them negative. */
export function screenListFixture(
  items: Screen[],
  overrides: Partial<ScreenList> = {},
): ScreenList {
  return {
    items,
    page: 1,
    per_page: 20,
    total: items.length,
    from: "2026-09-09",
    to: "2026-12-07",
    figures: {
      taken: 8,
      valid: 7,
      negative_percent: 85.7,
      longest_negative_run: 5,
    },
    ...overrides,
  };
}

export function medicationFixture(
  overrides: Partial<Medication> = {},
): Medication {
  return {
    id: "medication-1",
    client_id: "client-1",
    name: "Suboxone",
    class: "buprenorphine_naloxone",
    screens_as: "buprenorphine",
    dose: "16 mg",
    schedule: "once daily",
    prescriber: "Dr. Okafor",
    started_on: "2026-09-01",
    stopped_on: null,
    stop_reason: null,
    ask_on_link: false,
    current: true,
    recorded_by: "staff-me",
    version: 1,
    created_at: "2026-09-01T15:00:00Z",
    updated_at: "2026-09-01T15:00:00Z",
    ...overrides,
  };
}

/**
 * Screens over progressFixture's period, one story a day: the 29th a confirmed unexpected
 * cocaine positive the client reported not using (differs), the 28th an unexpected positive
 * without a report, the 27th buprenorphine only (prescribed), the 25th a valid negative and a
 * dilute specimen, the 15th a dilute specimen only, the 24th a collection awaiting results and
 * one without a reading, as the front desk sees it (neither is marked).
 */
export function calendarScreensFixture(): Screen[] {
  const on = (day: string, overrides: Partial<Screen>, n = 1): Screen =>
    screenFixture({
      id: `screen-${day}-${n}`,
      collected_on: day,
      collected_at: `${day}T15:15:00Z`,
      recorded_at: `${day}T15:20:00Z`,
      ...overrides,
    });
  const negative = {
    results: [
      { substance: "cocaine", result: "negative" },
      { substance: "fentanyl", result: "negative" },
    ],
    reading: {
      valid: true,
      unexpected: [],
      expected: [],
      prescribed_negative: [],
    },
  } satisfies Partial<Screen>;
  const dilute = {
    ...negative,
    validity: "dilute",
    reading: { ...negative.reading, valid: false },
  } satisfies Partial<Screen>;
  return [
    on("2026-03-29", {}),
    on("2026-03-28", { self_report: null }),
    on("2026-03-27", {
      results: [
        {
          substance: "buprenorphine",
          result: "positive",
          confirmation: "confirmed",
        },
        { substance: "cocaine", result: "negative" },
      ],
      reading: {
        valid: true,
        unexpected: [],
        expected: ["buprenorphine"],
        prescribed_negative: [],
      },
    }),
    on("2026-03-25", negative),
    on("2026-03-25", dilute, 2),
    on("2026-03-24", { results: [], reading: { ...dilute.reading } }),
    on("2026-03-24", { reading: null }, 2),
    on("2026-03-15", dilute),
  ];
}
