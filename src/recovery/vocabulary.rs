//! The wire values of DOMAIN.md's enumerations.

use serde::{Deserialize, Serialize};

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:tt),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        pub enum $name {
            $(#[serde(rename = $wire)] $variant),+
        }

        wire_enum!(@methods $name { $($variant = $wire),+ });
    };
    // A column's type too: an entity holds it as text with these wire values (sea-orm's derive
    // maps the type; nothing here reads or writes a database).
    // (A variant may carry attributes, e.g. `#[default]` with a `#[derive(Default)]` above.)
    (column $(#[$meta:meta])* $name:ident {
        $($(#[$vmeta:meta])* $variant:ident = $wire:tt),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema,
            sea_orm::EnumIter, sea_orm::DeriveActiveEnum,
        )]
        #[sea_orm(rs_type = "String", db_type = "Text")]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $wire)] #[sea_orm(string_value = $wire)] $variant),+
        }

        wire_enum!(@methods $name { $($variant = $wire),+ });
    };
    (@methods $name:ident { $($variant:ident = $wire:tt),+ }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value { $($wire => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

/// Declares an enum by its wire values (`column`: a database column's type too); the states
/// of records in `entities/states.rs` are declared with it as well.
pub(crate) use wire_enum;

wire_enum! {
    column
    /// A substance or behaviour a client is recovering from.
    Substance {
        Alcohol = "alcohol",
        Cannabis = "cannabis",
        Cocaine = "cocaine",
        Methamphetamine = "methamphetamine",
        OtherStimulants = "other_stimulants",
        Heroin = "heroin",
        Fentanyl = "fentanyl",
        PrescriptionOpioids = "prescription_opioids",
        Benzodiazepines = "benzodiazepines",
        Hallucinogens = "hallucinogens",
        Mdma = "mdma",
        Ketamine = "ketamine",
        Inhalants = "inhalants",
        Nicotine = "nicotine",
        Gambling = "gambling",
        Gaming = "gaming",
        Sex = "sex",
        Food = "food",
        Other = "other",
    }
}

wire_enum! {
    column
    /// A drug screen panel's substance class.
    PanelSubstance {
        Amphetamines = "amphetamines",
        Methamphetamine = "methamphetamine",
        Mdma = "mdma",
        Barbiturates = "barbiturates",
        Benzodiazepines = "benzodiazepines",
        Buprenorphine = "buprenorphine",
        Cannabinoids = "cannabinoids",
        Cocaine = "cocaine",
        Fentanyl = "fentanyl",
        Methadone = "methadone",
        Opiates = "opiates",
        Oxycodone = "oxycodone",
        Pcp = "pcp",
        AlcoholEtg = "alcohol_etg",
        Other = "other",
    }
}

wire_enum! {
    /// A panel result.
    ScreenOutcome {
        Negative = "negative",
        Positive = "positive",
        Invalid = "invalid",
    }
}

wire_enum! {
    /// How sure a positive is: confirmed (by the lab), unconfirmed (a point-of-care result
    /// awaiting the lab) or disputed.
    Confirmation {
        Confirmed = "confirmed",
        Unconfirmed = "unconfirmed",
        Disputed = "disputed",
    }
}

wire_enum! {
    column
    /// A lapse (a single slip) or a relapse (a return to the old pattern).
    EpisodeKind {
        Lapse = "lapse",
        Relapse = "relapse",
    }
}

wire_enum! {
    /// Marlatt's high-risk situations: intrapersonal, then interpersonal, then other.
    Trigger {
        UnpleasantEmotions = "unpleasant_emotions",
        PhysicalDiscomfort = "physical_discomfort",
        PleasantEmotions = "pleasant_emotions",
        TestingPersonalControl = "testing_personal_control",
        UrgesAndTemptations = "urges_and_temptations",
        ConflictWithOthers = "conflict_with_others",
        SocialPressure = "social_pressure",
        PleasantTimesWithOthers = "pleasant_times_with_others",
        Other = "other",
    }
}

wire_enum! {
    column
    /// Where a use episode happened.
    Setting {
        Home = "home",
        FriendsHome = "friends_home",
        BarOrClub = "bar_or_club",
        Work = "work",
        Party = "party",
        Outdoors = "outdoors",
        Car = "car",
        Online = "online",
        Other = "other",
    }
}

wire_enum! {
    /// Who the client was with.
    Company {
        Alone = "alone",
        Partner = "partner",
        Family = "family",
        Friends = "friends",
        Coworkers = "coworkers",
        Strangers = "strangers",
        OtherUsers = "other_users",
    }
}

wire_enum! {
    /// What the client tried in order to cope.
    Coping {
        CalledSponsor = "called_sponsor",
        CalledSupport = "called_support",
        LeftSituation = "left_situation",
        UrgeSurfing = "urge_surfing",
        Exercise = "exercise",
        Meditation = "meditation",
        AttendedMeeting = "attended_meeting",
        Medication = "medication",
        Distraction = "distraction",
        Other = "other",
    }
}

wire_enum! {
    /// Whom the client reached out to.
    Support {
        Sponsor = "sponsor",
        Therapist = "therapist",
        Family = "family",
        Friend = "friend",
        Meeting = "meeting",
        CrisisLine = "crisis_line",
    }
}

wire_enum! {
    /// How the client felt afterwards (shame and self-blame are the abstinence violation effect).
    Feeling {
        Shame = "shame",
        Guilt = "guilt",
        Regret = "regret",
        SelfBlame = "self_blame",
        Sadness = "sadness",
        Anger = "anger",
        Hopelessness = "hopelessness",
        Relief = "relief",
        Numbness = "numbness",
        Determination = "determination",
    }
}

wire_enum! {
    /// What followed. `overdose` raises an alert.
    Consequence {
        Health = "health",
        Legal = "legal",
        Work = "work",
        Relationship = "relationship",
        Financial = "financial",
        Overdose = "overdose",
        EmergencyVisit = "emergency_visit",
    }
}

wire_enum! {
    column
    /// The structure of a session note.
    NoteFormat {
        Soap = "soap",
        Dap = "dap",
        Birp = "birp",
        Free = "free",
    }
}

impl NoteFormat {
    /// The section a group session's shared narrative fills in each member's note (what the
    /// group did); the member's own row fills the others.
    pub fn group_section(self) -> &'static str {
        match self {
            NoteFormat::Soap => "objective",
            NoteFormat::Dap => "data",
            NoteFormat::Birp => "intervention",
            NoteFormat::Free => "text",
        }
    }

    /// The section keys of the format, in reading order.
    pub fn sections(self) -> &'static [&'static str] {
        match self {
            NoteFormat::Soap => &["subjective", "objective", "assessment", "plan"],
            NoteFormat::Dap => &["data", "assessment", "plan"],
            NoteFormat::Birp => &["behavior", "intervention", "response", "plan"],
            NoteFormat::Free => &["text"],
        }
    }
}

wire_enum! {
    /// Risks a clinician flags on a session note.
    RiskFlag {
        SuicidalIdeation = "suicidal_ideation",
        SelfHarm = "self_harm",
        HarmToOthers = "harm_to_others",
        OverdoseRisk = "overdose_risk",
        RelapseRisk = "relapse_risk",
        AbuseOrNeglect = "abuse_or_neglect",
        MedicalConcern = "medical_concern",
    }
}

/// Wire values as a JSON array, duplicates removed, first occurrence kept.
pub fn to_json<T: Copy + PartialEq>(
    values: &[T],
    as_str: fn(T) -> &'static str,
) -> serde_json::Value {
    let mut seen: Vec<T> = Vec::new();
    for v in values {
        if !seen.contains(v) {
            seen.push(*v);
        }
    }
    serde_json::Value::Array(seen.into_iter().map(|v| as_str(v).into()).collect())
}

/// Reads a stored JSON array of wire values, skipping anything unknown.
pub fn from_json<T>(value: &serde_json::Value, parse: fn(&str) -> Option<T>) -> Vec<T> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(|v| v.as_str().and_then(parse)).collect())
        .unwrap_or_default()
}

wire_enum! {
    column
    /// What an appointment is for.
    AppointmentKind {
        Intake = "intake",
        Individual = "individual",
        Family = "family",
        Group = "group",
        Other = "other",
    }
}

wire_enum! {
    column
    /// An appointment's status (DOMAIN.md, "Appointments and attendance").
    AppointmentStatus {
        Scheduled = "scheduled",
        Attended = "attended",
        Late = "late",
        NoShow = "no_show",
        CancelledByClient = "cancelled_by_client",
        LateCancelledByClient = "late_cancelled_by_client",
        CancelledByPractice = "cancelled_by_practice",
    }
}

wire_enum! {
    column
    /// A member's attendance at a group session.
    GroupAttendanceStatus {
        Present = "present",
        Late = "late",
        LeftEarly = "left_early",
        AbsentExcused = "absent_excused",
        AbsentUnexcused = "absent_unexcused",
    }
}

impl GroupAttendanceStatus {
    /// Present for some of the session (on time, late, or leaving early): a note is written.
    pub fn attended(self) -> bool {
        matches!(self, Self::Present | Self::Late | Self::LeftEarly)
    }
}

impl AppointmentStatus {
    /// Cancelled, by the client (in time or late) or by the practice: not a visit, and no
    /// longer holding its time.
    pub fn is_cancellation(self) -> bool {
        matches!(
            self,
            Self::CancelledByClient | Self::LateCancelledByClient | Self::CancelledByPractice
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substances_round_trip() {
        assert_eq!(Substance::ALL.len(), 19);
        for s in Substance::ALL {
            assert_eq!(Substance::parse(s.as_str()), Some(*s));
            let json = serde_json::to_string(s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
    }

    #[test]
    fn every_enumeration_of_domain_md_has_its_values() {
        assert_eq!(Trigger::ALL.len(), 9);
        assert_eq!(Setting::ALL.len(), 9);
        assert_eq!(Company::ALL.len(), 7);
        assert_eq!(Coping::ALL.len(), 10);
        assert_eq!(Support::ALL.len(), 6);
        assert_eq!(Feeling::ALL.len(), 10);
        assert_eq!(Consequence::ALL.len(), 7);
        assert_eq!(NoteFormat::Birp.sections(), ["behavior", "intervention", "response", "plan"]);
    }

    #[test]
    fn lists_round_trip_through_json_without_duplicates() {
        let json = to_json(
            &[Trigger::SocialPressure, Trigger::Other, Trigger::SocialPressure],
            Trigger::as_str,
        );
        assert_eq!(json, serde_json::json!(["social_pressure", "other"]));
        assert_eq!(from_json(&json, Trigger::parse), vec![Trigger::SocialPressure, Trigger::Other]);
    }
}

/// A wire value in words for people: `unpleasant_emotions` → "Unpleasant emotions".
pub fn label(wire: &str) -> String {
    match wire {
        "mdma" => return "MDMA".into(),
        "friends_home" => return "Friend's home".into(),
        "phq9" => return "PHQ-9".into(),
        "gad7" => return "GAD-7".into(),
        _ => {}
    }
    let mut words = wire.replace('_', " ");
    if let Some(first) = words.get(0..1) {
        let upper = first.to_uppercase();
        words.replace_range(0..1, &upper);
    }
    words
}

#[cfg(test)]
mod label_tests {
    use super::label;

    #[test]
    fn wire_values_read_as_words() {
        assert_eq!(label("unpleasant_emotions"), "Unpleasant emotions");
        assert_eq!(label("bar_or_club"), "Bar or club");
        assert_eq!(label("friends_home"), "Friend's home");
        assert_eq!(label("mdma"), "MDMA");
        assert_eq!(label("alcohol"), "Alcohol");
        assert_eq!(label(""), "");
    }
}
