import type {
  AlertKind,
  AppointmentKind,
  AppointmentStatus,
  Company,
  Confirmation,
  Consequence,
  Coping,
  DayStatus,
  EpisodeKind,
  Feeling,
  MedicationClass,
  NoteFormat,
  PanelSubstance,
  RiskFlag,
  ScreenMethod,
  ScreenOutcome,
  Setting,
  Specimen,
  SpecimenValidity,
  Support,
  Trigger,
} from "./api/types";

/** One enum value and the words a therapist reads for it. */
export interface Option<V extends string = string> {
  value: V;
  label: string;
}

/** A labelled group of options (e.g. intrapersonal triggers). */
export interface OptionGroup<V extends string = string> {
  label: string;
  options: ReadonlyArray<Option<V>>;
}

/** The option whose value is `value` (e.g. a select's), or undefined for any other text. */
export function optionOf<V extends string>(
  options: ReadonlyArray<Option<V>>,
  value: string,
): V | undefined {
  return options.find((o) => o.value === value)?.value;
}

/** Label for a wire value: the table's label, else the value made readable. */
export function labelFor(
  options: ReadonlyArray<Option>,
  value: string | null | undefined,
): string {
  if (!value) return "";
  return (
    options.find((o) => o.value === value)?.label ??
    value.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase())
  );
}

export const EPISODE_KINDS: ReadonlyArray<{
  value: EpisodeKind;
  label: string;
  explanation: string;
}> = [
  {
    value: "lapse",
    label: "Lapse",
    explanation:
      "A single slip: one day or occasion of use, followed by a return to the goal.",
  },
  {
    value: "relapse",
    label: "Relapse",
    explanation:
      "A return to the old pattern: use over several days, or your clinical judgement.",
  },
];

export const TRIGGER_GROUPS: ReadonlyArray<OptionGroup<Trigger>> = [
  {
    label: "Intrapersonal (within the person)",
    options: [
      { value: "unpleasant_emotions", label: "Unpleasant emotions" },
      { value: "physical_discomfort", label: "Physical discomfort" },
      { value: "pleasant_emotions", label: "Pleasant emotions" },
      { value: "testing_personal_control", label: "Testing personal control" },
      { value: "urges_and_temptations", label: "Urges and temptations" },
    ],
  },
  {
    label: "Interpersonal (with other people)",
    options: [
      { value: "conflict_with_others", label: "Conflict with others" },
      { value: "social_pressure", label: "Social pressure" },
      {
        value: "pleasant_times_with_others",
        label: "Pleasant times with others",
      },
    ],
  },
  { label: "Something else", options: [{ value: "other", label: "Other" }] },
];

export const TRIGGERS: ReadonlyArray<Option<Trigger>> = TRIGGER_GROUPS.flatMap(
  (g) => g.options,
);

export const SETTINGS: ReadonlyArray<Option<Setting>> = [
  { value: "home", label: "Home" },
  { value: "friends_home", label: "A friend's home" },
  { value: "bar_or_club", label: "Bar or club" },
  { value: "work", label: "Work" },
  { value: "party", label: "Party" },
  { value: "outdoors", label: "Outdoors" },
  { value: "car", label: "Car" },
  { value: "online", label: "Online" },
  { value: "other", label: "Other" },
];

export const COMPANY: ReadonlyArray<Option<Company>> = [
  { value: "alone", label: "Alone" },
  { value: "partner", label: "Partner" },
  { value: "family", label: "Family" },
  { value: "friends", label: "Friends" },
  { value: "coworkers", label: "Coworkers" },
  { value: "strangers", label: "Strangers" },
  { value: "other_users", label: "Other people who use" },
];

export const COPING: ReadonlyArray<Option<Coping>> = [
  { value: "called_sponsor", label: "Called their sponsor" },
  { value: "called_support", label: "Called someone for support" },
  { value: "left_situation", label: "Left the situation" },
  { value: "urge_surfing", label: "Urge surfing" },
  { value: "exercise", label: "Exercise" },
  { value: "meditation", label: "Meditation" },
  { value: "attended_meeting", label: "Went to a meeting" },
  { value: "medication", label: "Medication" },
  { value: "distraction", label: "Distraction" },
  { value: "other", label: "Other" },
];

export const SUPPORT: ReadonlyArray<Option<Support>> = [
  { value: "sponsor", label: "Sponsor" },
  { value: "therapist", label: "Therapist" },
  { value: "family", label: "Family" },
  { value: "friend", label: "A friend" },
  { value: "meeting", label: "A meeting" },
  { value: "crisis_line", label: "Crisis line" },
];

export const FEELINGS: ReadonlyArray<Option<Feeling>> = [
  { value: "shame", label: "Shame" },
  { value: "guilt", label: "Guilt" },
  { value: "regret", label: "Regret" },
  { value: "self_blame", label: "Self-blame" },
  { value: "sadness", label: "Sadness" },
  { value: "anger", label: "Anger" },
  { value: "hopelessness", label: "Hopelessness" },
  { value: "relief", label: "Relief" },
  { value: "numbness", label: "Numbness" },
  { value: "determination", label: "Determination" },
];

export const CONSEQUENCES: ReadonlyArray<Option<Consequence>> = [
  { value: "health", label: "Health" },
  { value: "legal", label: "Legal" },
  { value: "work", label: "Work or school" },
  { value: "relationship", label: "Relationships" },
  { value: "financial", label: "Money" },
  { value: "overdose", label: "Overdose" },
  { value: "emergency_visit", label: "Emergency room visit" },
];

export const RISK_FLAGS: ReadonlyArray<Option<RiskFlag>> = [
  { value: "suicidal_ideation", label: "Suicidal thoughts" },
  { value: "self_harm", label: "Self-harm" },
  { value: "harm_to_others", label: "Risk of harm to others" },
  { value: "overdose_risk", label: "Overdose risk" },
  { value: "relapse_risk", label: "Relapse risk" },
  { value: "abuse_or_neglect", label: "Abuse or neglect" },
  { value: "medical_concern", label: "Medical concern" },
];

export interface SectionSpec {
  key: string;
  label: string;
  hint: string;
}

export const NOTE_FORMATS: ReadonlyArray<{
  value: NoteFormat;
  label: string;
  sections: ReadonlyArray<SectionSpec>;
}> = [
  {
    value: "soap",
    label: "SOAP",
    sections: [
      {
        key: "subjective",
        label: "Subjective",
        hint: "What the client reports, in their words: mood, concerns, events.",
      },
      {
        key: "objective",
        label: "Objective",
        hint: "What you observed: presentation, behaviour, measures.",
      },
      {
        key: "assessment",
        label: "Assessment",
        hint: "Your clinical impression and progress toward goals.",
      },
      {
        key: "plan",
        label: "Plan",
        hint: "Next steps, homework, next session.",
      },
    ],
  },
  {
    value: "dap",
    label: "DAP",
    sections: [
      {
        key: "data",
        label: "Data",
        hint: "What the client said and what you observed.",
      },
      {
        key: "assessment",
        label: "Assessment",
        hint: "Your clinical impression and progress toward goals.",
      },
      {
        key: "plan",
        label: "Plan",
        hint: "Next steps, homework, next session.",
      },
    ],
  },
  {
    value: "birp",
    label: "BIRP",
    sections: [
      {
        key: "behavior",
        label: "Behavior",
        hint: "The client's presentation and what they reported.",
      },
      {
        key: "intervention",
        label: "Intervention",
        hint: "What you did in session.",
      },
      {
        key: "response",
        label: "Response",
        hint: "How the client responded to the intervention.",
      },
      {
        key: "plan",
        label: "Plan",
        hint: "Next steps, homework, next session.",
      },
    ],
  },
  {
    value: "free",
    label: "Free text",
    sections: [{ key: "text", label: "Note", hint: "" }],
  },
];

export function noteFormat(format: string) {
  return NOTE_FORMATS.find((f) => f.value === format) ?? NOTE_FORMATS[3];
}

export function sectionsFor(format: string): ReadonlyArray<SectionSpec> {
  return noteFormat(format).sections;
}

/** Common service types, offered as suggestions; the field is free text. */
export const SERVICE_TYPES: ReadonlyArray<string> = [
  "Individual therapy",
  "Group therapy",
  "Family session",
  "Intake assessment",
  "Case management",
  "Crisis intervention",
  "Telehealth session",
];

export const DAY_STATUS: Record<
  DayStatus,
  { label: string; symbol: string; legend: string }
> = {
  abstinent: { label: "abstinent", symbol: "A", legend: "Abstinent" },
  used: { label: "used", symbol: "U", legend: "Used" },
  unknown: { label: "not reported", symbol: "·", legend: "Not reported" },
};

export const ALERT_KINDS: Record<AlertKind, string> = {
  use_reported: "Reported use",
  phq9_item9: "PHQ-9 item 9 (thoughts of self-harm)",
  overdose_reported: "Overdose reported",
  missed_check_ins: "Missed check-ins",
  craving_rising: "Craving rising",
  screen_disagrees: "A confirmed screen and the client's report differ",
  no_show: "Missed an appointment: a good moment to reach out",
};

export function alertKindLabel(kind: string): string {
  return (ALERT_KINDS as Record<string, string>)[kind] ?? labelFor([], kind);
}

/** The client record's tab where an alert of this kind is followed up. */
export function alertTab(kind: string): string {
  switch (kind) {
    case "phq9_item9":
      return "measures";
    case "overdose_reported":
      return "relapses";
    case "screen_disagrees":
      return "screens";
    case "use_reported":
    case "missed_check_ins":
    case "craving_rising":
      return "self-report";
    default:
      return "overview";
  }
}

/* ---------- Drug screens and medications ---------- */

export const SPECIMENS: ReadonlyArray<Option<Specimen>> = [
  { value: "urine", label: "Urine" },
  { value: "oral_fluid", label: "Oral fluid" },
  { value: "breath", label: "Breath" },
  { value: "blood", label: "Blood" },
  { value: "hair", label: "Hair" },
  { value: "sweat_patch", label: "Sweat patch" },
];

export const SCREEN_METHODS: ReadonlyArray<Option<ScreenMethod>> = [
  { value: "point_of_care", label: "Point-of-care test" },
  { value: "lab_immunoassay", label: "Lab immunoassay" },
  { value: "lab_confirmation", label: "Lab confirmation" },
];

export const SPECIMEN_VALIDITIES: ReadonlyArray<Option<SpecimenValidity>> = [
  { value: "normal", label: "Normal" },
  { value: "dilute", label: "Dilute" },
  { value: "adulterated", label: "Adulterated" },
  { value: "substituted", label: "Substituted" },
];

/** The panel's substance classes, in the order a results form lists them. */
export const PANEL_SUBSTANCES: ReadonlyArray<Option<PanelSubstance>> = [
  { value: "amphetamines", label: "Amphetamines" },
  { value: "methamphetamine", label: "Methamphetamine" },
  { value: "mdma", label: "MDMA" },
  { value: "barbiturates", label: "Barbiturates" },
  { value: "benzodiazepines", label: "Benzodiazepines" },
  { value: "buprenorphine", label: "Buprenorphine" },
  { value: "cannabinoids", label: "Cannabinoids" },
  { value: "cocaine", label: "Cocaine" },
  { value: "fentanyl", label: "Fentanyl" },
  { value: "methadone", label: "Methadone" },
  { value: "opiates", label: "Opiates" },
  { value: "oxycodone", label: "Oxycodone" },
  { value: "pcp", label: "PCP" },
  { value: "alcohol_etg", label: "Alcohol (EtG)" },
  { value: "other", label: "Other" },
];

/** A panel result in a sentence ("Cocaine positive"): "positive/negative", never "dirty/clean". */
export const SCREEN_OUTCOMES: ReadonlyArray<Option<ScreenOutcome>> = [
  { value: "negative", label: "negative" },
  { value: "positive", label: "positive" },
  { value: "invalid", label: "invalid" },
];

export const CONFIRMATIONS: ReadonlyArray<Option<Confirmation>> = [
  { value: "unconfirmed", label: "Unconfirmed (awaiting the lab)" },
  { value: "confirmed", label: "Confirmed" },
  { value: "disputed", label: "Disputed" },
];

export const MEDICATION_CLASSES: ReadonlyArray<Option<MedicationClass>> = [
  { value: "buprenorphine", label: "Buprenorphine" },
  { value: "buprenorphine_naloxone", label: "Buprenorphine/naloxone" },
  {
    value: "extended_release_buprenorphine",
    label: "Extended-release buprenorphine",
  },
  { value: "methadone", label: "Methadone" },
  { value: "oral_naltrexone", label: "Oral naltrexone" },
  {
    value: "extended_release_naltrexone",
    label: "Extended-release naltrexone",
  },
  { value: "naloxone_kit", label: "Naloxone kit" },
  { value: "other", label: "Other" },
];

/* ---------- Appointments ---------- */

export const APPOINTMENT_KINDS: ReadonlyArray<Option<AppointmentKind>> = [
  { value: "individual", label: "Individual" },
  { value: "intake", label: "Intake" },
  { value: "family", label: "Family" },
  { value: "group", label: "Group" },
  { value: "other", label: "Other" },
];

/** An appointment's status: an outcome once it has started, or a cancellation at any time. */
export const APPOINTMENT_STATUSES: ReadonlyArray<Option<AppointmentStatus>> = [
  { value: "scheduled", label: "Scheduled" },
  { value: "attended", label: "Attended" },
  { value: "late", label: "Late" },
  { value: "no_show", label: "No-show" },
  { value: "cancelled_by_client", label: "Cancelled by client" },
  { value: "late_cancelled_by_client", label: "Late cancel (client)" },
  { value: "cancelled_by_practice", label: "Cancelled by practice" },
];

/** The outcomes recorded once an appointment has started (the server refuses them before). */
export const APPOINTMENT_OUTCOMES: ReadonlyArray<AppointmentStatus> = [
  "attended",
  "late",
  "no_show",
];

/** The cancellations, possible at any time. */
export const APPOINTMENT_CANCELLATIONS: ReadonlyArray<AppointmentStatus> = [
  "cancelled_by_client",
  "late_cancelled_by_client",
  "cancelled_by_practice",
];

/** Plain names for the fields of an alert's `detail` object. */
export const ALERT_DETAIL_LABELS: Record<string, string> = {
  day: "Day",
  total: "Total score",
  item9: "Item 9 answer",
  last_check_in_on: "Last check-in",
  previous_mean: "Mean craving, previous 7 days",
  recent_mean: "Mean craving, last 7 days",
  substances: "Substances",
  screen_id: "Drug screen",
  starts_at: "Appointment",
  in_a_row: "Missed in a row",
};

/** Whether this role may co-sign another staff member's signed note. */
export function canCosign(role: string): boolean {
  return role === "owner" || role === "supervisor";
}
