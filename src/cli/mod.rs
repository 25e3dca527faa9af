//! The `daybreak` command line: one file per command. `main.rs` parses, loads the settings,
//! starts logging and hands over here.

pub mod audit;
pub mod create_practice;
pub mod demo;
pub mod reports;
pub mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sea_orm::DatabaseConnection;

use crate::core::{config::Config, db, error::AppError};

#[derive(Parser)]
#[command(name = "daybreak", version, about = "Back office for recovery-focused therapy practices")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Apply migrations and serve the API and dashboard (the default).
    Serve {
        /// Also create the demo practice (once) and print its logins.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending migrations and exit.
    Migrate,
    /// Create the demo practice (once) and print its logins.
    Demo {
        /// How many clients (the named dozen, then generated ones), e.g. 500 to time the
        /// month-end export at scale.
        #[arg(long, default_value_t = 12)]
        clients: usize,
    },
    /// Create a practice with its owner. The password is read from
    /// DAYBREAK_OWNER_PASSWORD, or else from the first line of standard input.
    CreatePractice {
        #[arg(long)]
        name: String,
        #[arg(long)]
        owner_name: String,
        #[arg(long)]
        owner_email: String,
        #[arg(long)]
        time_zone: Option<String>,
    },
    /// Print the OpenAPI document the server serves at /api/v1/openapi.json (no database).
    Openapi,
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// Progress reports.
    Reports {
        #[command(subcommand)]
        command: reports::ReportsCommand,
    },
}

/// Runs a command (serving when none is given) and says how it ended.
pub fn run(command: Option<Command>, config: Config) -> ExitCode {
    // The sample and the benchmark need no database (`main` prints the OpenAPI document).
    if let Some(Command::Reports { command }) = &command
        && let Some(done) = reports::without_database(command)
    {
        return done;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("daybreak: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run_async(command.unwrap_or(Command::Serve { demo: false }), config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("daybreak: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run_async(command: Command, config: Config) -> Result<(), String> {
    let db = connect_and_migrate(&config).await?;
    match command {
        Command::Migrate => {
            println!("Migrations applied.");
            Ok(())
        }
        Command::Demo { clients } => demo::run(&db, &config, clients).await,
        Command::CreatePractice { name, owner_name, owner_email, time_zone } => {
            create_practice::run(&db, name, owner_name, owner_email, time_zone).await
        }
        Command::Openapi => {
            print!("{}", crate::http::openapi::document_json());
            Ok(())
        }
        Command::Audit { command } => audit::run(&db, command).await,
        Command::Reports { command } => reports::run(&db, command).await,
        Command::Serve { demo: with_demo } => serve::run(db, config, with_demo).await,
    }
}

/// Connects and applies pending migrations: as the schema's owner when one is configured
/// (the server then connects as its own role), else as the server.
async fn connect_and_migrate(config: &Config) -> Result<DatabaseConnection, String> {
    match &config.migrate_database_url {
        Some(owner_url) => {
            let owner_config = Config { database_url: owner_url.clone(), ..config.clone() };
            let owner = db::connect(&owner_config)
                .await
                .map_err(|e| e.replace("DATABASE_URL", "DAYBREAK_MIGRATE_DATABASE_URL"))?;
            db::migrate(&owner).await?;
            let _ = owner.close().await;
            db::connect(config).await
        }
        None => {
            let db = db::connect(config).await?;
            db::migrate(&db).await?;
            Ok(db)
        }
    }
}

/// An error as one line for a terminal (a validation error names its fields).
pub(crate) fn describe(e: AppError) -> String {
    match e {
        AppError::Validation(errors) => errors
            .iter()
            .map(|(field, messages)| format!("{field} {}", messages.join(", ")))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}
