//! The one way to start a tenant-owned query: from the practice of the verified token.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

use crate::entities::{
    alerts, appointment_statuses, appointments, audit_events, calendar_feeds, check_ins,
    client_plans, clients, consent_documents, consents, drug_screens, group_attendance,
    group_members, group_sessions, groups, measure_results, measure_schedules, medications,
    note_addenda, refresh_tokens, relapse_episodes, report_export_parts, report_exports,
    self_report_links, session_notes, staff,
};

/// An entity whose rows belong to one practice.
pub trait InPractice: EntityTrait {
    fn practice_column() -> Self::Column;

    /// `SELECT ... WHERE practice_id = $practice`: every tenant-owned read starts here.
    fn in_practice(practice_id: Uuid) -> Select<Self> {
        Self::find().filter(Self::practice_column().eq(practice_id))
    }
}

impl InPractice for staff::Entity {
    fn practice_column() -> Self::Column {
        staff::Column::PracticeId
    }
}

impl InPractice for clients::Entity {
    fn practice_column() -> Self::Column {
        clients::Column::PracticeId
    }
}

impl InPractice for refresh_tokens::Entity {
    fn practice_column() -> Self::Column {
        refresh_tokens::Column::PracticeId
    }
}

impl InPractice for audit_events::Entity {
    fn practice_column() -> Self::Column {
        audit_events::Column::PracticeId
    }
}

impl InPractice for session_notes::Entity {
    fn practice_column() -> Self::Column {
        session_notes::Column::PracticeId
    }
}

impl InPractice for note_addenda::Entity {
    fn practice_column() -> Self::Column {
        note_addenda::Column::PracticeId
    }
}

impl InPractice for relapse_episodes::Entity {
    fn practice_column() -> Self::Column {
        relapse_episodes::Column::PracticeId
    }
}

impl InPractice for check_ins::Entity {
    fn practice_column() -> Self::Column {
        check_ins::Column::PracticeId
    }
}

impl InPractice for alerts::Entity {
    fn practice_column() -> Self::Column {
        alerts::Column::PracticeId
    }
}

impl InPractice for self_report_links::Entity {
    fn practice_column() -> Self::Column {
        self_report_links::Column::PracticeId
    }
}

impl InPractice for measure_schedules::Entity {
    fn practice_column() -> Self::Column {
        measure_schedules::Column::PracticeId
    }
}

impl InPractice for measure_results::Entity {
    fn practice_column() -> Self::Column {
        measure_results::Column::PracticeId
    }
}

impl InPractice for report_exports::Entity {
    fn practice_column() -> Self::Column {
        report_exports::Column::PracticeId
    }
}

impl InPractice for client_plans::Entity {
    fn practice_column() -> Self::Column {
        client_plans::Column::PracticeId
    }
}

impl InPractice for drug_screens::Entity {
    fn practice_column() -> Self::Column {
        drug_screens::Column::PracticeId
    }
}

impl InPractice for appointments::Entity {
    fn practice_column() -> Self::Column {
        appointments::Column::PracticeId
    }
}

impl InPractice for appointment_statuses::Entity {
    fn practice_column() -> Self::Column {
        appointment_statuses::Column::PracticeId
    }
}

impl InPractice for calendar_feeds::Entity {
    fn practice_column() -> Self::Column {
        calendar_feeds::Column::PracticeId
    }
}

impl InPractice for medications::Entity {
    fn practice_column() -> Self::Column {
        medications::Column::PracticeId
    }
}

impl InPractice for consents::Entity {
    fn practice_column() -> Self::Column {
        consents::Column::PracticeId
    }
}

impl InPractice for report_export_parts::Entity {
    fn practice_column() -> Self::Column {
        report_export_parts::Column::PracticeId
    }
}

impl InPractice for consent_documents::Entity {
    fn practice_column() -> Self::Column {
        consent_documents::Column::PracticeId
    }
}

impl InPractice for groups::Entity {
    fn practice_column() -> Self::Column {
        groups::Column::PracticeId
    }
}

impl InPractice for group_members::Entity {
    fn practice_column() -> Self::Column {
        group_members::Column::PracticeId
    }
}

impl InPractice for group_sessions::Entity {
    fn practice_column() -> Self::Column {
        group_sessions::Column::PracticeId
    }
}

impl InPractice for group_attendance::Entity {
    fn practice_column() -> Self::Column {
        group_attendance::Column::PracticeId
    }
}
