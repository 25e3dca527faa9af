//! `daybreak audit verify`: follow every practice's (or one's) hash chain.

use clap::Subcommand;
use sea_orm::{DatabaseConnection, EntityTrait};
use uuid::Uuid;

use super::describe;
use crate::{core::audit::chain, core::db, entities::practices};

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain of every practice (or one) and name the first broken event.
    /// Exits with 1 when a chain is broken.
    Verify {
        #[arg(long)]
        practice: Option<Uuid>,
    },
}

pub async fn run(db: &DatabaseConnection, command: AuditCommand) -> Result<(), String> {
    match command {
        AuditCommand::Verify { practice } => verify(db, practice).await,
    }
}

async fn verify(db: &DatabaseConnection, practice: Option<Uuid>) -> Result<(), String> {
    let ids: Vec<Uuid> = match practice {
        Some(id) => vec![id],
        // Every practice: on Postgres only a role that escapes row-level security (superuser
        // or BYPASSRLS, like the one pg_dump runs as) can list them all.
        None if !db::sees_every_practice(db).await.map_err(|e| e.to_string())? => {
            return Err("row-level security hides the practices from this database role: name \
                 one with --practice ID, or run as a role that bypasses row-level security \
                 (DAYBREAK_MIGRATE_DATABASE_URL's, when it is a superuser)"
                .into());
        }
        None => practices::Entity::find()
            .all(db)
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|p| p.id)
            .collect(),
    };
    let mut broken = 0;
    for id in ids {
        // Events still pending (Postgres: a server's sealer had not reached them, or the
        // server died first) take their places before the chain is checked.
        chain::seal(db, id).await.map_err(describe)?;
        let txn = db::begin_in(db, id).await.map_err(|e| e.to_string())?;
        let report = chain::verify(&txn, id).await.map_err(describe)?;
        txn.commit().await.map_err(|e| e.to_string())?;
        match &report.broken {
            None => println!(
                "practice {id}: {} events verified{}",
                report.checked,
                if report.before_chain > 0 {
                    format!(" ({} earlier events predate the chain)", report.before_chain)
                } else {
                    String::new()
                }
            ),
            Some(link) => {
                broken += 1;
                println!(
                    "practice {id}: BROKEN at event {} (id {}): {}",
                    link.seq, link.event_id, link.reason
                );
            }
        }
    }
    if broken > 0 { Err(format!("{broken} audit chain(s) broken")) } else { Ok(()) }
}
