//! `daybreak create-practice`: a practice with its owner, from a terminal. The password comes
//! from DAYBREAK_OWNER_PASSWORD, or else from the first line of standard input.

use std::io::BufRead;

use sea_orm::DatabaseConnection;

use super::describe;
use crate::{
    core::{db, identity::RequestMeta},
    practices::service::{self as practice_service, NewPractice},
};

pub async fn run(
    db: &DatabaseConnection,
    name: String,
    owner_name: String,
    owner_email: String,
    time_zone: Option<String>,
) -> Result<(), String> {
    let password = match std::env::var("DAYBREAK_OWNER_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            eprintln!("Owner password (at least 12 characters):");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let practice_id = uuid::Uuid::now_v7();
    let txn = db::begin_in(db, practice_id).await.map_err(|e| e.to_string())?;
    let input = NewPractice {
        practice_name: name,
        time_zone,
        owner_name,
        owner_email,
        owner_password: password,
    };
    let meta = RequestMeta { request_id: Some("cli-create-practice".into()), ip: None };
    let (practice, owner) =
        practice_service::create(&txn, practice_id, input, &meta).await.map_err(describe)?;
    txn.commit().await.map_err(|e| e.to_string())?;
    println!("Created practice {} ({}) with owner {}.", practice.name, practice.id, owner.email);
    Ok(())
}
