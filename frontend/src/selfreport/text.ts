/**
 * Every sentence the client reads. Nothing here may tell someone glancing at the phone what
 * the page is for (DOMAIN.md, "What the client sees"); selfreport.test.ts checks the words.
 */

export const PAGE_TITLE = "Daily check-in";

export const CRISIS = {
  heading: "Need help right now?",
  headerLink: "Need help now?",
  call988: "Call 988",
  text988: "Text 988",
  line988:
    "Call or text 988 to talk with someone at any hour (Suicide & Crisis Lifeline).",
  call911: "Call 911",
  line911: "If you are in immediate danger, call 911.",
  notWatched:
    "Check-ins are not watched in real time. If you need help now, reach out directly.",
};

export const MESSAGES = {
  loading: "Loading…",
  notActive:
    "This link is no longer active. Please ask your care team for a new one.",
  tooMany: "Please wait a moment and try again.",
  offline: "We couldn't connect. Check your internet connection and try again.",
  serverProblem:
    "Something went wrong on our side. Please try again in a moment.",
  /** After a check-in that reports use: warm, never "failed", never "reset". */
  usedHeading: "Thank you for checking in",
  usedMessage:
    "A slip is a moment, not who you are. Right now is a good time to start again.",
  usedPrompt:
    "You don't have to do this alone: reach out to your sponsor, go to a meeting, or send your therapist a message today.",
  notUsedHeading: "Thank you for checking in",
  notUsedMessage: "Well done today. Every day you show up for yourself counts.",
  alreadyHeading: "You've checked in today",
  alreadyMessage:
    "Thank you. If something has changed, you can update today's answers.",
  updated: "Your answers were updated.",
  measureThanks: "Thank you. Your answers were sent to your care team.",
  selfHarm:
    "If you are having thoughts of hurting yourself, please reach out now. You deserve support right away.",
};

/** The first open of a link: it becomes this phone's. */
export const CLAIM = {
  heading: (name: string) => `Is this ${name}'s phone?`,
  lead: "This link will work on this phone only, so your answers stay yours.",
  notYours:
    "If this is not your phone, please close this page. Your care team can send you a new link.",
  confirm: "Yes, continue",
};

export const NUMBERS = {
  streak: "Days in a row",
  last30: "Good days in the last 30",
  total: "Good days since you started",
  unknown: "not known yet",
};

export const FORM = {
  day: "Day",
  used: (when: string) => `Did you use ${when}?`,
  usedNo: "No",
  usedYes: "Yes",
  substances: "What was it? (optional)",
  moreChoices: "More choices",
  fewerChoices: "Fewer choices",
  craving: (when: string) => `How strong were urges ${when}?`,
  cravingHint: "0 means none, 10 means very strong.",
  mood: (when: string) => `How was your mood ${when}?`,
  moodHint: "0 means very low, 10 means very good.",
  medication: (when: string) => `Did you take your medication ${when}?`,
  medicationYes: "Yes",
  medicationNo: "No",
  support: "Support (optional)",
  meeting: "I went to a meeting",
  sponsor: "I talked with my sponsor",
  note: "A note for your care team (optional)",
  send: "Send check-in",
  save: "Save changes",
  sending: "Sending…",
  missing: "Please answer the questions marked below.",
  pick: "Please choose one.",
  changeToday: "Change today's answers",
};

export const MEASURE = {
  heading: "A few more questions",
  intro:
    "Your care team asked you to answer these from time to time. It takes about two minutes.",
  start: "Answer now",
  send: "Send answers",
  later: "Not now",
  missing: (left: number) =>
    left === 1
      ? "Please answer every question: 1 still needs an answer."
      : `Please answer every question: ${left} still need an answer.`,
};

/** The client's own plan, written with their care team (their words, shown as written). */
export const PLAN = {
  open: "My plan",
  heading: "My plan",
  back: "Back",
  none: "Your care team hasn't added a plan here yet. You can make one together at your next visit.",
  steps: "What I do instead",
  people: "My people",
  meetings: "My meetings",
  reasons: "My reasons",
  signs: "My warning signs",
  situations: "Times to be careful",
  call: (name: string) => `Call ${name}`,
  next: "Your next meeting",
  online: "Join online",
  afterSlipHeading: "What helps you",
  afterSlipSteps: "Your first steps:",
  allOfPlan: "See all of my plan",
  opioids:
    "If you use opioids, please don't use alone, and keep naloxone (Narcan) close by: it can reverse an overdose. Tell someone near you where it is.",
  crisisLink: "Need help right now? Call or text 988",
  roles: {
    sponsor: "sponsor",
    friend: "friend",
    family: "family",
    therapist: "therapist",
    other: "",
  } as Record<string, string>,
  weekdays: {
    monday: "Monday",
    tuesday: "Tuesday",
    wednesday: "Wednesday",
    thursday: "Thursday",
    friday: "Friday",
    saturday: "Saturday",
    sunday: "Sunday",
  } as Record<string, string>,
  /** The client's high-risk situations, in everyday words. */
  situationLabels: {
    unpleasant_emotions: "When I feel low, angry or anxious",
    physical_discomfort: "When I'm in pain or feel unwell",
    pleasant_emotions: "When I'm celebrating or feeling great",
    testing_personal_control: "When I want to test myself",
    urges_and_temptations: "When urges come on strong",
    conflict_with_others: "After an argument or conflict",
    social_pressure: "When others offer or push",
    pleasant_times_with_others: "Good times with friends",
    other: "Other times",
  } as Record<string, string>,
};

/** The safety plan's six steps, in Daybreak's own words. */
export const SAFETY = {
  heading: "When things feel very hard",
  signs: "Signs a hard time may be coming",
  alone: "Things I can do on my own",
  distractions: "People and places that take my mind off things",
  people: "People I can ask for help",
  professionals: "Professionals I can call",
  surroundings: "Making where I am safer",
};

/** No connection: what this phone saved, and check-ins kept until they can be sent. */
export const OFFLINE = {
  savedAt: (when: string) =>
    `You're offline. This is what this phone saved on ${when}.`,
  queuedHeading: "Saved on this phone",
  queuedMessage:
    "You're offline. Your check-in is saved on this phone and will be sent as soon as you're back online.",
  /** A saved check-in the server would not take (older than a week by then, say). */
  refused: (n: number) =>
    n === 1
      ? "One check-in saved on this phone could not be sent: it was for a day more than a week ago."
      : `${n} check-ins saved on this phone could not be sent: they were for days more than a week ago.`,
  sent: (n: number) =>
    n === 1
      ? "Your saved check-in was sent."
      : `Your ${n} saved check-ins were sent.`,
};
