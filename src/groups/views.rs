//! How group rows are shown: with the members' and the facilitators' names, and the name
//! warnings of a shared narrative.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};
use uuid::Uuid;

use super::types::{Facilitator, GroupView, MemberView, NameWarning};
use crate::{
    core::error::Result,
    core::tenancy::InPractice,
    entities::{clients, group_members, groups},
    staff::service as staff_service,
};

/// The facilitator ids a group row holds.
pub(super) fn facilitator_ids(row: &groups::Model) -> Vec<Uuid> {
    serde_json::from_value(row.facilitator_ids.clone()).unwrap_or_default()
}

/// A client's name as staff see it: preferred (or first) name and last name.
pub(super) fn client_name(c: &clients::Model) -> String {
    let first = c.preferred_name.clone().unwrap_or(c.first_name.clone());
    format!("{first} {}", c.last_name)
}

/// The names the views of some groups need.
pub(super) struct GroupNames {
    pub clients: HashMap<Uuid, clients::Model>,
    pub staff: HashMap<Uuid, String>,
}

impl GroupNames {
    pub(super) async fn load(
        db: &impl ConnectionTrait,
        practice_id: Uuid,
        groups: &[groups::Model],
        members: &[group_members::Model],
    ) -> Result<Self> {
        let clients = load_clients(db, practice_id, members.iter().map(|m| m.client_id)).await?;
        let staff = staff_service::names(
            db,
            practice_id,
            groups.iter().flat_map(facilitator_ids).collect(),
        )
        .await?;
        Ok(Self { clients, staff })
    }

    pub(super) fn client(&self, id: Uuid) -> Option<String> {
        self.clients.get(&id).map(client_name)
    }
}

pub(super) async fn load_clients(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, clients::Model>> {
    let mut ids: Vec<Uuid> = ids.collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(clients::Entity::in_practice(practice_id)
        .filter(clients::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect())
}

/// Whether a membership covers a day.
pub(super) fn member_on(m: &group_members::Model, day: NaiveDate) -> bool {
    m.joined_on <= day && m.left_on.is_none_or(|left| left >= day)
}

pub(super) fn group(
    row: &groups::Model,
    members: &[group_members::Model],
    names: &GroupNames,
    today: NaiveDate,
) -> GroupView {
    let mut views: Vec<MemberView> = members
        .iter()
        .filter(|m| m.group_id == row.id)
        .map(|m| MemberView {
            id: m.id,
            client_id: m.client_id,
            client_name: names.client(m.client_id),
            joined_on: m.joined_on,
            left_on: m.left_on,
            current: m.left_on.is_none_or(|left| left >= today),
        })
        .collect();
    views.sort_by(|a, b| {
        (!a.current, &a.client_name, a.joined_on).cmp(&(!b.current, &b.client_name, b.joined_on))
    });
    GroupView {
        id: row.id,
        name: row.name.clone(),
        track: row.track.clone(),
        default_minutes: row.default_minutes,
        facilitators: facilitator_ids(row)
            .into_iter()
            .map(|id| Facilitator { id, name: names.staff.get(&id).cloned() })
            .collect(),
        note_format: row.note_format,
        location: row.location.clone(),
        active: row.active,
        members: views,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

/// The members' names (first, preferred and last, two letters or more) that appear in
/// `text` as whole words, ignoring case: a group note goes into every member's chart, so
/// its shared part should name no one.
pub(super) fn name_warnings(text: &str, members: &[&clients::Model]) -> Vec<NameWarning> {
    let words: Vec<(String, &str)> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty())
        .map(|w| (w.to_lowercase(), w))
        .collect();
    let mut found: BTreeMap<(Uuid, String), String> = BTreeMap::new();
    for member in members {
        let names =
            [Some(&member.first_name), member.preferred_name.as_ref(), Some(&member.last_name)];
        for name in names.into_iter().flatten() {
            for part in name.split_whitespace() {
                let part = part.to_lowercase();
                if part.chars().count() < 2 {
                    continue;
                }
                if let Some((_, word)) = words.iter().find(|(lower, _)| *lower == part) {
                    found.entry((member.id, part)).or_insert_with(|| (*word).to_owned());
                }
            }
        }
    }
    found.into_iter().map(|((client_id, _), word)| NameWarning { client_id, word }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(first: &str, preferred: Option<&str>, last: &str) -> clients::Model {
        let now = chrono::Utc::now();
        clients::Model {
            practice_id: Uuid::nil(),
            id: Uuid::now_v7(),
            first_name: first.into(),
            last_name: last.into(),
            preferred_name: preferred.map(Into::into),
            search_name: String::new(),
            date_of_birth: None,
            email: None,
            phone: None,
            primary_substance: None,
            recovery_start_date: None,
            clinician_id: None,
            status: crate::entities::states::RecordStatus::Active,
            archived_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn finds_whole_word_names_in_any_case_and_nothing_else() {
        let jose = client("José", None, "Martínez");
        let sam = client("Samantha", Some("Sam"), "Lee");
        let text = "The group discussed sampling triggers; sam shared first, then MARTÍNEZ. \
                    Leeway was given.";
        let found = name_warnings(text, &[&jose, &sam]);
        let words: Vec<(Uuid, &str)> =
            found.iter().map(|w| (w.client_id, w.word.as_str())).collect();
        assert_eq!(words.len(), 2, "{words:?}");
        assert!(words.contains(&(jose.id, "MARTÍNEZ")));
        assert!(words.contains(&(sam.id, "sam")));
        assert!(name_warnings("Members named no one today.", &[&jose, &sam]).is_empty());
    }
}
