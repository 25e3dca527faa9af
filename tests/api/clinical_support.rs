//! Fixtures for the clinical record: practice-local dates and quick ways to record days.

use chrono::{Days, NaiveDate};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{TestApp, TestPractice, TestStaff};

/// Today in the test practices' time zone (America/Chicago).
pub fn today() -> NaiveDate {
    daybreak::core::clock::today_in("America/Chicago")
}

pub fn ago(days: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(days)).unwrap()
}

pub fn id(value: &Value) -> &str {
    value["id"].as_str().expect("an id")
}

/// A client's phone holding a link: its token and, once it claimed the link, the device
/// secret cookie the server set.
pub struct Phone {
    pub token: String,
    pub cookie: Option<String>,
}

impl Phone {
    /// A browser that only knows the token (staff who saw it, or a guess).
    pub fn bare(token: &str) -> Self {
        Self { token: token.to_owned(), cookie: None }
    }

    pub fn headers(&self) -> Vec<(&str, &str)> {
        self.cookie.iter().map(|c| ("cookie", c.as_str())).collect()
    }

    /// Claims the link ("Is this your phone? Continue"); keeps the cookie it is given.
    pub async fn claim(&mut self, app: &TestApp) -> crate::support::Answer {
        let answer = app
            .request_with(
                Method::POST,
                &format!("{}/claim", page(&self.token)),
                None,
                None,
                &self.headers(),
            )
            .await;
        if answer.status == 200 {
            let set = answer.headers["set-cookie"].to_str().unwrap();
            self.cookie = Some(set.split(';').next().unwrap().to_owned());
        }
        answer
    }
}

/// The public page of a self-report link.
pub fn page(token: &str) -> String {
    format!("/api/v1/self-report/{token}")
}

/// A practice with a clinician, a supervisor, a front-desk member and one client of the
/// clinician's, recovering since `recovery_start`.
pub struct Clinic {
    pub practice: TestPractice,
    pub clinician: TestStaff,
    pub supervisor: TestStaff,
    pub front_desk: TestStaff,
    pub client_id: String,
}

impl Clinic {
    pub async fn open(app: &TestApp, recovery_start: NaiveDate) -> Self {
        let practice = app.signup("Clinic").await;
        let clinician = practice.add_staff(app, "clinician").await;
        let supervisor = practice.add_staff(app, "supervisor").await;
        let front_desk = practice.add_staff(app, "front_desk").await;
        let client = app
            .post(
                "/api/v1/clients",
                clinician.token(),
                json!({ "first_name": "Sam", "last_name": "Rivera", "recovery_start_date": recovery_start }),
            )
            .await
            .expect(201)
            .body;
        Self { client_id: id(&client).to_owned(), practice, clinician, supervisor, front_desk }
    }

    pub fn client_path(&self, rest: &str) -> String {
        format!("/api/v1/clients/{}{rest}", self.client_id)
    }

    /// Records a day with the client (the clinician's Timeline Followback entry).
    pub async fn check_in(&self, app: &TestApp, day: NaiveDate, used: bool, craving: i64) {
        app.post(
            &self.client_path("/check-ins"),
            self.clinician.token(),
            json!({ "day": day, "used": used, "substances": if used { json!(["alcohol"]) } else { json!([]) },
                    "craving": craving, "mood": 6, "attended_meeting": !used, "contacted_sponsor": false }),
        )
        .await
        .expect(201);
    }

    pub async fn episode(
        &self,
        app: &TestApp,
        kind: &str,
        occurred_on: NaiveDate,
        ended_on: Option<NaiveDate>,
    ) -> Value {
        app.post(
            &self.client_path("/relapses"),
            self.clinician.token(),
            json!({ "kind": kind, "occurred_on": occurred_on, "ended_on": ended_on,
                    "substances": ["alcohol"], "triggers": ["unpleasant_emotions"] }),
        )
        .await
        .expect(201)
        .body
    }

    /// A SOAP draft by `author` with every section filled.
    pub async fn draft(&self, app: &TestApp, author: &TestStaff) -> Value {
        app.post(
            &self.client_path("/notes"),
            author.token(),
            json!({ "session_on": ago(1), "duration_minutes": 50, "service_type": "90834",
                    "format": "soap",
                    "sections": { "subjective": "Reports a calm week.", "objective": "Alert, oriented.",
                                  "assessment": "Stable.", "plan": "Continue weekly sessions." } }),
        )
        .await
        .expect(201)
        .body
    }
}
