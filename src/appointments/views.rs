//! How appointment rows are shown: with the client's and the clinician's names, the day in
//! the practice's time zone, and the end time.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};
use uuid::Uuid;

use super::types::AppointmentView;
use crate::{
    core::clock::day_in,
    core::error::Result,
    core::tenancy::InPractice,
    entities::{appointments, clients, session_notes, states::NoteStatus},
    staff::service as staff_service,
};

/// The names the views of some rows need.
pub(super) struct Names {
    clients: HashMap<Uuid, String>,
    staff: HashMap<Uuid, String>,
    /// Appointment id → its note's id and status.
    notes: HashMap<Uuid, (Uuid, NoteStatus)>,
}

impl Names {
    pub(super) async fn load(
        db: &impl ConnectionTrait,
        practice_id: Uuid,
        rows: &[appointments::Model],
    ) -> Result<Self> {
        let mut client_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.client_id).collect();
        client_ids.sort();
        client_ids.dedup();
        let clients = if client_ids.is_empty() {
            HashMap::new()
        } else {
            clients::Entity::in_practice(practice_id)
                .filter(clients::Column::Id.is_in(client_ids))
                .all(db)
                .await?
                .into_iter()
                .map(|c| {
                    let first = c.preferred_name.clone().unwrap_or(c.first_name.clone());
                    (c.id, format!("{first} {}", c.last_name))
                })
                .collect()
        };
        let staff = staff_service::names(
            db,
            practice_id,
            rows.iter().flat_map(|r| [Some(r.clinician_id), r.status_set_by]).flatten().collect(),
        )
        .await?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let notes = if ids.is_empty() {
            HashMap::new()
        } else {
            session_notes::Entity::in_practice(practice_id)
                .filter(session_notes::Column::AppointmentId.is_in(ids))
                .all(db)
                .await?
                .into_iter()
                .filter_map(|n| Some((n.appointment_id?, (n.id, n.status))))
                .collect()
        };
        Ok(Self { clients, staff, notes })
    }

    pub(super) fn staff(&self, id: Uuid) -> Option<String> {
        self.staff.get(&id).cloned()
    }

    pub(super) fn view(&self, row: &appointments::Model, time_zone: &str) -> AppointmentView {
        AppointmentView {
            id: row.id,
            series_id: row.series_id,
            client_id: row.client_id,
            client_name: row.client_id.and_then(|c| self.clients.get(&c).cloned()),
            clinician_id: row.clinician_id,
            clinician_name: self.staff(row.clinician_id),
            starts_at: row.starts_at,
            ends_at: row.starts_at + chrono::Duration::minutes(row.duration_minutes as i64),
            day: day_in(row.starts_at, time_zone),
            duration_minutes: row.duration_minutes,
            kind: row.kind,
            location: row.location.clone(),
            telehealth: row.telehealth,
            status: row.status,
            status_set_by: row.status_set_by,
            status_set_at: row.status_set_at,
            note_id: self.notes.get(&row.id).map(|n| n.0),
            note_status: self.notes.get(&row.id).map(|n| n.1),
            version: row.version,
            created_by: row.created_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}
