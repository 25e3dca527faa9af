//! `--demo`: a demo practice with staff of every role and a dozen clients, created once,
//! with 90 days of their record (check-ins, episodes, notes) so the charts tell a story.

mod appointments;
mod basics;
mod groups;
mod notes;
mod plans;
mod record;
mod screens;

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use uuid::Uuid;

use crate::{
    clients::service::search_name,
    core::db,
    core::error::{AppError, Result},
    core::identity::{Role, password},
    entities::states::RecordStatus,
    entities::{clients, staff},
    practices::service::{NewPractice, create_with_owner},
    recovery::vocabulary::Substance,
    staff::service::insert_member,
};

pub const DEMO_PASSWORD: &str = "demo-password-2026";
pub const DEMO_PRACTICE: &str = "Daybreak Demo Practice";

/// The demo logins: (role label, name, e-mail, role).
pub const DEMO_STAFF: [(&str, &str, Role); 5] = [
    ("Olivia Bennett", "owner@demo.daybreak.example", Role::Owner),
    ("Dr. Samuel Adeyemi", "supervisor@demo.daybreak.example", Role::Supervisor),
    ("Amara Okafor, LCSW", "clinician@demo.daybreak.example", Role::Clinician),
    ("Mateo García, LADC", "clinician2@demo.daybreak.example", Role::Clinician),
    ("Jordan Lee", "frontdesk@demo.daybreak.example", Role::FrontDesk),
];

/// (first, last, preferred, born, substance, recovery start days ago, clinician index 0|1)
type DemoClient =
    (&'static str, &'static str, Option<&'static str>, &'static str, Substance, Option<i64>, usize);

const DEMO_CLIENTS: [DemoClient; 12] = [
    ("José", "Álvarez", None, "1986-04-12", Substance::Alcohol, Some(94), 0),
    ("Siobhán", "O'Connor", Some("Shiv"), "1979-09-30", Substance::Alcohol, Some(412), 0),
    ("Lan", "Nguyễn Thị", None, "1992-01-18", Substance::Methamphetamine, Some(37), 0),
    ("Дмитрий", "Волков", Some("Dima"), "1988-07-05", Substance::Heroin, Some(12), 0),
    ("Ελένη", "Παπαδοπούλου", None, "1990-11-22", Substance::Benzodiazepines, Some(63), 0),
    ("Łukasz", "Wiśniewski", None, "1983-03-03", Substance::Gambling, Some(180), 0),
    ("Marcus", "Johnson", None, "1975-06-14", Substance::Cocaine, Some(8), 1),
    ("Priya", "Raman", None, "1995-02-27", Substance::Cannabis, Some(51), 1),
    ("Søren", "Madsen", None, "1969-12-01", Substance::Alcohol, Some(730), 1),
    ("Chloé", "Dubois", None, "1998-08-08", Substance::Fentanyl, Some(21), 1),
    ("Tomás", "Herrera", Some("Tommy"), "1987-10-10", Substance::PrescriptionOpioids, Some(150), 1),
    ("Aiyana", "Redcloud", None, "2001-05-19", Substance::Nicotine, None, 1),
];

/// Creates the demo practice unless it exists. Returns true when it was created now.
pub async fn seed(db: &DatabaseConnection) -> Result<bool> {
    seed_with(db, DEMO_CLIENTS.len()).await
}

/// The demo client at `index`: the named dozen, then generated ones (for a practice at scale,
/// e.g. to time the month-end export of 500 clients).
fn demo_client(index: usize) -> DemoClient {
    const FIRST: [&str; 20] = [
        "Alex", "Bea", "Chen", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ines", "Jonas", "Kemal",
        "Lucía", "Mina", "Nils", "Olu", "Pia", "Quinn", "Rosa", "Sven", "Tariq",
    ];
    const LAST: [&str; 26] = [
        "Moreau",
        "Kowalski",
        "Silva",
        "Brennan",
        "Haddad",
        "Ito",
        "Osei",
        "Novak",
        "Berg",
        "Costa",
        "Dubois",
        "Eriksen",
        "Fischer",
        "Gómez",
        "Hoffmann",
        "Ivanova",
        "Jensen",
        "Kaya",
        "Lindqvist",
        "Mendes",
        "Nakamura",
        "Ortiz",
        "Petrov",
        "Quintero",
        "Rossi",
        "Sato",
    ];
    const SUBSTANCES: [Substance; 4] =
        [Substance::Alcohol, Substance::Cannabis, Substance::Cocaine, Substance::Heroin];
    if let Some(client) = DEMO_CLIENTS.get(index) {
        return *client;
    }
    let n = index - DEMO_CLIENTS.len();
    (
        // 520 different names before one repeats.
        FIRST[n % 20],
        LAST[(n / 20) % 26],
        None,
        "1985-06-15",
        SUBSTANCES[n % 4],
        Some(10 + (n as i64 * 37) % 400),
        n % 2,
    )
}

/// `seed` with `count` clients (at least the named dozen).
pub async fn seed_with(db: &DatabaseConnection, count: usize) -> Result<bool> {
    let owner_email = DEMO_STAFF[0].1;
    // Row-level security: the lookup sees the staff rows with this e-mail only.
    let lookup = db::begin_lookup(db, db::Lookup::SignInEmail, owner_email).await?;
    let seeded =
        staff::Entity::find().filter(staff::Column::Email.eq(owner_email)).one(&lookup).await?;
    lookup.rollback().await?;
    if seeded.is_some() {
        return Ok(false);
    }
    let practice_id = Uuid::now_v7();
    let txn = db::begin_in(db, practice_id).await?;
    let (practice, _owner) = create_with_owner(
        &txn,
        practice_id,
        NewPractice {
            practice_name: DEMO_PRACTICE.into(),
            time_zone: Some("America/Chicago".into()),
            owner_name: DEMO_STAFF[0].0.into(),
            owner_email: owner_email.into(),
            owner_password: DEMO_PASSWORD.into(),
        },
    )
    .await?;
    let hash = password::hash(DEMO_PASSWORD.into()).await?;
    let mut clinicians = Vec::new();
    let mut actors = Vec::new();
    let mut desk = None;
    for (name, email, role) in &DEMO_STAFF[1..] {
        let member =
            insert_member(&txn, practice.id, (*name).into(), (*email).into(), hash.clone(), *role)
                .await?;
        if *role == Role::Clinician {
            clinicians.push(member.id);
            actors.push(groups::Actor(member.id, name, *role));
        }
        if *role == Role::FrontDesk {
            desk = Some(groups::Actor(member.id, name, *role));
        }
    }
    let desk = desk.ok_or_else(|| AppError::internal("demo front desk missing"))?;
    let supervisor_id = staff::Entity::find()
        .filter(staff::Column::PracticeId.eq(practice.id))
        .filter(staff::Column::Email.eq(DEMO_STAFF[1].1))
        .one(&txn)
        .await?
        .map(|s| s.id)
        .ok_or_else(|| AppError::internal("demo supervisor missing"))?;
    let today = crate::core::clock::today_in(&practice.time_zone);
    let mut people = Vec::new();
    for index in 0..count.max(DEMO_CLIENTS.len()) {
        let person = insert_client(&txn, practice.id, index, &clinicians, today).await?;
        record::write(&txn, &person, supervisor_id, today).await?;
        if index < DEMO_CLIENTS.len() {
            people.push(person);
        }
    }
    groups::write(&txn, practice.id, &people, &actors, &desk, today).await?;
    txn.commit().await?;
    Ok(true)
}

/// One demo client's row; the person the rest of their record is written for.
async fn insert_client(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    index: usize,
    clinicians: &[Uuid],
    today: NaiveDate,
) -> Result<basics::Person> {
    let now = Utc::now();
    let (first, last, preferred, born, substance, days, clinician) = demo_client(index);
    let born: NaiveDate = born.parse().map_err(|_| AppError::internal("bad demo date"))?;
    let id = Uuid::now_v7();
    let recovery_start = days.map(|d| today - Duration::days(d));
    clients::Entity::insert(clients::ActiveModel {
        practice_id: Set(practice_id),
        id: Set(id),
        first_name: Set(first.into()),
        last_name: Set(last.into()),
        preferred_name: Set(preferred.map(Into::into)),
        search_name: Set(search_name(first, last, preferred, None, None)),
        date_of_birth: Set(Some(born)),
        email: Set(None),
        phone: Set(None),
        primary_substance: Set(Some(substance)),
        recovery_start_date: Set(recovery_start),
        clinician_id: Set(Some(clinicians[clinician])),
        status: Set(RecordStatus::Active),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(basics::Person {
        practice_id,
        id,
        index,
        substance: substance.as_str(),
        recovery_start,
        clinician_id: clinicians[clinician],
    })
}

/// The lines printed for a person trying the demo.
pub fn logins_text(public_url: &str) -> String {
    let mut text = format!(
        "\nDaybreak demo practice is ready at {public_url}\nSign in with any of these (password: {DEMO_PASSWORD}):\n"
    );
    for (name, email, role) in DEMO_STAFF {
        text.push_str(&format!("  {:<11} {email:<36} {name}\n", role.as_str()));
    }
    text
}

/// Issues a fresh self-report link for the first demo client (revoking the demo's earlier
/// ones) and returns its URL, so a person trying the demo can open the client's page.
pub async fn client_link(db: &DatabaseConnection, public_url: &str) -> Result<Option<String>> {
    use crate::{core::identity::sessions, entities::self_report_links};
    let txn = db::begin_lookup(db, db::Lookup::SignInEmail, DEMO_STAFF[0].1).await?;
    let Some(owner) =
        staff::Entity::find().filter(staff::Column::Email.eq(DEMO_STAFF[0].1)).one(&txn).await?
    else {
        return Ok(None);
    };
    db::set_practice(&txn, owner.practice_id).await?;
    let Some(client) = clients::Entity::find()
        .filter(clients::Column::PracticeId.eq(owner.practice_id))
        .filter(clients::Column::FirstName.eq(DEMO_CLIENTS[0].0))
        .one(&txn)
        .await?
    else {
        return Ok(None);
    };
    let now = Utc::now();
    self_report_links::Entity::update_many()
        .set(self_report_links::ActiveModel {
            revoked_at: Set(Some(now)),
            revoked_by: Set(Some(owner.id)),
            ..Default::default()
        })
        .filter(self_report_links::Column::PracticeId.eq(owner.practice_id))
        .filter(self_report_links::Column::ClientId.eq(client.id))
        .filter(self_report_links::Column::CreatedBy.eq(owner.id))
        .filter(self_report_links::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    let (token, token_hash) = sessions::new_secret_token();
    self_report_links::Entity::insert(self_report_links::ActiveModel {
        practice_id: Set(owner.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(client.id),
        token_hash: Set(token_hash),
        created_by: Set(owner.id),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(30)),
        revoked_at: Set(None),
        revoked_by: Set(None),
        last_used_at: Set(None),
        claimed_at: Set(None),
        device_secret_hash: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(Some(format!("{public_url}/r/{token}")))
}
