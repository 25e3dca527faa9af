//! The states and kinds of records, as the columns hold them and the API spells them: a query
//! compares a column with one of these, never with a string. Each is declared once, by its
//! wire values (`wire_enum!`, which also gives `ALL`, `as_str` and `parse`).

use serde::{Deserialize, Serialize};

use crate::recovery::vocabulary::wire_enum;

wire_enum! {
    column
    /// A staff member's role, from most to least access (the rules: `core::identity::policy`).
    Role {
        Owner = "owner",
        Supervisor = "supervisor",
        Clinician = "clinician",
        FrontDesk = "front_desk",
    }
}

wire_enum! {
    column
    /// Whether a record is in use or archived (clients, relapse episodes): nothing is deleted.
    /// `active` is the default of a list's filter.
    #[derive(Default)]
    RecordStatus {
        #[default]
        Active = "active",
        Archived = "archived",
    }
}

wire_enum! {
    column
    /// Why a client needs attention.
    AlertKind {
        UseReported = "use_reported",
        Phq9Item9 = "phq9_item9",
        OverdoseReported = "overdose_reported",
        MissedCheckIns = "missed_check_ins",
        CravingRising = "craving_rising",
        ScreenDisagrees = "screen_disagrees",
        NoShow = "no_show",
    }
}

wire_enum! {
    column
    /// `open` (the default) or `acknowledged`.
    #[derive(Default)]
    AlertStatus {
        #[default]
        Open = "open",
        Acknowledged = "acknowledged",
    }
}

wire_enum! {
    column
    /// Who recorded a check-in: the client through their link, or a clinician (a day filled in with
    /// the client, which the client's own page never shows as theirs).
    CheckInSource {
        SelfReport = "self_report",
        Clinician = "clinician",
    }
}

wire_enum! {
    column
    /// A session note: a draft its author may change, or signed and locked for good.
    NoteStatus {
        Draft = "draft",
        Signed = "signed",
    }
}

wire_enum! {
    column
    /// A group session: a draft (attendance and text still change), signed (every present
    /// member's note written and locked), or cancelled (it did not take place).
    GroupSessionStatus {
        Draft = "draft",
        Signed = "signed",
        Cancelled = "cancelled",
    }
}

wire_enum! {
    column
    /// A month-end export as it is stored: running, done, or failed. (`expired` is what a done
    /// export is called once its time is up; it is never stored.)
    ExportStatus {
        Running = "running",
        Done = "done",
        Failed = "failed",
    }
}

// Items, bands and scoring: `measures::scoring`.
wire_enum! {
    column
    /// A questionnaire.
    MeasureCode {
        Phq9 = "phq9",
        Gad7 = "gad7",
    }
}

// Sizes: `practices::types`.
wire_enum! {
    column
    /// The paper a practice prints on.
    #[derive(Default)]
    Paper {
        #[default]
        Letter = "letter",
        A4 = "a4",
    }
}

// The audit chain hashes its `as_str`.
wire_enum! {
    column
    /// What came of an audited action.
    AuditOutcome {
        Success = "success",
        Failure = "failure",
        Denied = "denied",
    }
}

wire_enum! {
    column
    /// The client's two plans: the relapse-prevention plan and the safety plan.
    PlanKind {
        RelapsePrevention = "relapse_prevention",
        Safety = "safety",
    }
}

wire_enum! {
    column
    /// Whether the client could try their plan's steps before or during a lapse or relapse.
    PlanStepsTried {
        Yes = "yes",
        Partly = "partly",
        No = "no",
    }
}

wire_enum! {
    column
    /// What a drug screen tested.
    Specimen {
        Urine = "urine",
        OralFluid = "oral_fluid",
        Breath = "breath",
        Blood = "blood",
        Hair = "hair",
        SweatPatch = "sweat_patch",
    }
}

wire_enum! {
    column
    /// How a drug screen was read: a point-of-care cup, a lab immunoassay, or a lab
    /// confirmation (such as LC-MS/MS).
    ScreenMethod {
        PointOfCare = "point_of_care",
        LabImmunoassay = "lab_immunoassay",
        LabConfirmation = "lab_confirmation",
    }
}

wire_enum! {
    column
    /// Whether the specimen could be read as given.
    SpecimenValidity {
        Normal = "normal",
        Dilute = "dilute",
        Adulterated = "adulterated",
        Substituted = "substituted",
    }
}

wire_enum! {
    column
    /// A medication's class (medications for opioid use disorder, naloxone, or other).
    MedicationClass {
        Buprenorphine = "buprenorphine",
        BuprenorphineNaloxone = "buprenorphine_naloxone",
        ExtendedReleaseBuprenorphine = "extended_release_buprenorphine",
        Methadone = "methadone",
        OralNaltrexone = "oral_naltrexone",
        ExtendedReleaseNaltrexone = "extended_release_naltrexone",
        NaloxoneKit = "naloxone_kit",
        Other = "other",
    }
}
