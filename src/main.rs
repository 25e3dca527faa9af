//! The `daybreak` command: parse the CLI, load the settings, start logging, run.

use std::{io::BufRead, process::ExitCode};

use clap::{Parser, Subcommand};
use daybreak::{
    AppState,
    core::config::{Config, LogFormat},
    core::db,
    demo,
    practices::service::{NewPractice, create_with_owner},
    reports,
};
use sea_orm::TransactionTrait;

#[derive(Parser)]
#[command(name = "daybreak", version, about = "Back office for recovery-focused therapy practices")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
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
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Progress reports.
    Reports {
        #[command(subcommand)]
        command: ReportsCommand,
    },
}

#[derive(Subcommand)]
enum ReportsCommand {
    /// Export the reports of every active client of a practice for a period as one zip.
    Export {
        #[arg(long)]
        practice: uuid::Uuid,
        #[arg(long)]
        from: chrono::NaiveDate,
        #[arg(long)]
        to: chrono::NaiveDate,
        #[arg(long)]
        out: std::path::PathBuf,
        /// E-mail of the staff member the reports are from (default: the practice's owner).
        #[arg(long = "as")]
        as_email: Option<String>,
        /// Leave signed session notes out.
        #[arg(long)]
        no_notes: bool,
        #[arg(long)]
        recipient: Option<String>,
        #[arg(long)]
        purpose: Option<String>,
        /// Each client's report goes out under their active consent naming this recipient
        /// (clients without one are left out and listed).
        #[arg(long, conflicts_with = "internal", required_unless_present = "internal")]
        consent_recipient: Option<String>,
        /// The reports are for the practice's own use (no recipient, not a disclosure).
        #[arg(long)]
        internal: bool,
    },
    /// Print a synthetic report's data as JSON (and write its PDF with --pdf).
    Sample {
        #[arg(long, default_value_t = 90)]
        days: u64,
        #[arg(long, default_value_t = 40)]
        notes: usize,
        #[arg(long)]
        pdf: Option<std::path::PathBuf>,
    },
    /// Time rendering the synthetic report in this process; prints one JSON line.
    Bench {
        #[arg(long, default_value_t = 90)]
        days: u64,
        #[arg(long, default_value_t = 40)]
        notes: usize,
        #[arg(long, default_value_t = 300)]
        iterations: usize,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain of every practice (or one) and name the first broken event.
    /// Exits with 1 when a chain is broken.
    Verify {
        #[arg(long)]
        practice: Option<uuid::Uuid>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("daybreak: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    init_tracing(config.log_format);
    // The sample and the benchmark need no database.
    match &cli.command {
        Some(Command::Reports { command: ReportsCommand::Sample { days, notes, pdf } }) => {
            return match reports::cli::sample_json(*days, *notes, pdf.as_deref()) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("daybreak: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Some(Command::Reports { command: ReportsCommand::Bench { days, notes, iterations } }) => {
            println!("{}", reports::cli::bench(*days, *notes, *iterations));
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("daybreak: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve { demo: false }), config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("daybreak: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

async fn run(command: Command, config: Config) -> Result<(), String> {
    let db = match &config.migrate_database_url {
        // The schema's owner migrates; the server then connects as its own role.
        Some(owner_url) => {
            let owner_config = Config { database_url: owner_url.clone(), ..config.clone() };
            let owner = db::connect(&owner_config)
                .await
                .map_err(|e| e.replace("DATABASE_URL", "DAYBREAK_MIGRATE_DATABASE_URL"))?;
            db::migrate(&owner).await?;
            let _ = owner.close().await;
            db::connect(&config).await?
        }
        None => {
            let db = db::connect(&config).await?;
            db::migrate(&db).await?;
            db
        }
    };
    match command {
        Command::Migrate => {
            println!("Migrations applied.");
            Ok(())
        }
        Command::Demo { clients } => {
            demo::seed_with(&db, clients).await.map_err(|e| format!("demo seeding failed: {e}"))?;
            println!("{}", demo::logins_text(&config.public_url));
            Ok(())
        }
        Command::CreatePractice { name, owner_name, owner_email, time_zone } => {
            let password = match std::env::var("DAYBREAK_OWNER_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => {
                    eprintln!("Owner password (at least 12 characters):");
                    let mut line = String::new();
                    std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let txn = db.begin().await.map_err(|e| e.to_string())?;
            let input = NewPractice {
                practice_name: name,
                time_zone,
                owner_name,
                owner_email,
                owner_password: password,
            };
            let (practice, owner) = create_with_owner(&txn, input).await.map_err(describe)?;
            // The practice's trail starts with its creation, as a sign-up's does.
            let meta = daybreak::core::identity::RequestMeta {
                request_id: Some("cli-create-practice".into()),
                ip: None,
            };
            daybreak::core::audit::record(
                &txn,
                daybreak::core::audit::AuditEvent::for_member(
                    practice.id,
                    owner.id,
                    Some(daybreak::core::identity::Role::Owner),
                    "practice.create",
                    &meta,
                ),
            )
            .await
            .map_err(describe)?;
            txn.commit().await.map_err(|e| e.to_string())?;
            println!(
                "Created practice {} ({}) with owner {}.",
                practice.name, practice.id, owner.email
            );
            Ok(())
        }
        Command::Audit { command: AuditCommand::Verify { practice } } => {
            verify_audit(&db, practice).await
        }
        Command::Reports { command } => match command {
            ReportsCommand::Export {
                practice,
                from,
                to,
                out,
                as_email,
                no_notes,
                recipient,
                purpose,
                consent_recipient,
                internal,
            } => {
                let args = reports::cli::ExportArgs {
                    practice,
                    as_email,
                    from,
                    to,
                    include_notes: !no_notes,
                    recipient,
                    purpose,
                    consent_recipient,
                    internal,
                    out,
                };
                println!("{}", reports::cli::export(&db, args).await?);
                Ok(())
            }
            ReportsCommand::Sample { .. } | ReportsCommand::Bench { .. } => Ok(()),
        },
        Command::Serve { demo: with_demo } => {
            if db::bypasses_row_security(&db).await.map_err(|e| e.to_string())? {
                tracing::warn!(
                    "DATABASE_URL's role is a superuser or has BYPASSRLS: row-level security \
                     does not apply to it, so the application's own tenant filter is the only \
                     wall. Connect as daybreak_app (docs/operations.md)."
                );
            }
            if with_demo {
                demo::seed(&db).await.map_err(|e| format!("demo seeding failed: {e}"))?;
            }
            let public_url = config.public_url.clone();
            let addr = config.addr;
            let request_timeout = config.request_timeout;
            let state_db = db.clone();
            let state = AppState::new(db, config)?;
            // The dummy hash (about 0.1 s of argon2) is made beside the start-up, not before it.
            daybreak::core::identity::password::warm_up();
            let app = daybreak::app(state);
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| format!("DAYBREAK_ADDR: cannot listen on {addr}: {e}"))?;
            tracing::info!(%addr, "Daybreak listening");
            if with_demo {
                println!("{}", demo::logins_text(&public_url));
                if let Some(url) = demo::client_link(&state_db, &public_url)
                    .await
                    .map_err(|e| format!("demo link failed: {e}"))?
                {
                    println!("A demo client's self-report page (open it on a phone):\n  {url}\n");
                }
            } else {
                println!("Daybreak is listening on {public_url}");
            }
            // Requests in flight get the request timeout and 5 s more to finish after SIGTERM.
            let drain = request_timeout + std::time::Duration::from_secs(5);
            daybreak::http::serve::serve(listener, app, shutdown_signal(), drain).await;
            // The last requests' audit events get their places in the chain before exit.
            daybreak::core::audit::sealer::seal_noted(&state_db).await;
            tracing::info!("Daybreak stopped");
            Ok(())
        }
    }
}

async fn verify_audit(
    db: &sea_orm::DatabaseConnection,
    practice: Option<uuid::Uuid>,
) -> Result<(), String> {
    use daybreak::{core::audit::chain, entities::practices};
    use sea_orm::EntityTrait;
    let ids: Vec<uuid::Uuid> = match practice {
        Some(id) => vec![id],
        // Every practice: only a role that escapes row-level security can list them all
        // (superuser or BYPASSRLS, like the one pg_dump runs as). Any other role would see
        // none, and "nothing to verify" must never read as "verified".
        None if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres
            && !db::bypasses_row_security(db).await.map_err(|e| e.to_string())? =>
        {
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

fn describe(e: daybreak::core::error::AppError) -> String {
    match e {
        daybreak::core::error::AppError::Validation(errors) => errors
            .iter()
            .map(|(field, messages)| format!("{field} {}", messages.join(", ")))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
