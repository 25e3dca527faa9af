//! `daybreak reports ...`: the month-end export from a terminal (with a progress bar), and a
//! sample report and an in-process render benchmark for `bench/report_bench.py`.

use std::{io::Write, path::Path, process::ExitCode, time::Instant};

use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use clap::Subcommand;

use crate::{
    core::identity::{CurrentStaff, extractor::RequestMeta},
    practices::service as practice_service,
    reports::{
        export::{self, produce},
        render, render_full,
        sample::sample,
        service::ReportRequest,
    },
    staff::service as staff_service,
};

#[derive(Subcommand)]
pub enum ReportsCommand {
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

/// The commands that need no database (the sample and the benchmark), run at once.
pub fn without_database(command: &ReportsCommand) -> Option<ExitCode> {
    match command {
        ReportsCommand::Sample { days, notes, pdf } => {
            Some(match sample_json(*days, *notes, pdf.as_deref()) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("daybreak: {e}");
                    ExitCode::FAILURE
                }
            })
        }
        ReportsCommand::Bench { days, notes, iterations } => {
            println!("{}", bench(*days, *notes, *iterations));
            Some(ExitCode::SUCCESS)
        }
        ReportsCommand::Export { .. } => None,
    }
}

pub async fn run(db: &DatabaseConnection, command: ReportsCommand) -> Result<(), String> {
    match command {
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
            let args = ExportArgs {
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
            println!("{}", export_zip(db, args).await?);
            Ok(())
        }
        ReportsCommand::Sample { .. } | ReportsCommand::Bench { .. } => Ok(()),
    }
}

/// The sample report's view model as JSON, and optionally its PDF.
pub fn sample_json(days: u64, notes: usize, pdf: Option<&Path>) -> Result<String, String> {
    let report = sample(days, notes);
    if let Some(path) = pdf {
        std::fs::write(path, render_full(&report).bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    serde_json::to_string_pretty(&report).map_err(|e| e.to_string())
}

/// Renders the sample report `iterations` times in this process (the font parsed once, as in
/// the server) and reports the median and 90th percentile in milliseconds, as one JSON line.
pub fn bench(days: u64, notes: usize, iterations: usize) -> String {
    let report = sample(days, notes);
    let first = render_full(&report); // parses the font: not part of a report's cost
    let mut times: Vec<f64> = (0..iterations.max(1))
        .map(|_| {
            let started = Instant::now();
            let bytes = render(&report);
            let elapsed = started.elapsed().as_secs_f64() * 1000.0;
            assert_eq!(bytes.len(), first.bytes.len(), "renders are deterministic");
            elapsed
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    serde_json::json!({
        "days": days,
        "notes": notes,
        "iterations": times.len(),
        "median_ms": (at(0.5) * 1000.0).round() / 1000.0,
        "p90_ms": (at(0.9) * 1000.0).round() / 1000.0,
        "bytes": first.bytes.len(),
        "pages": first.pages,
    })
    .to_string()
}

/// What `daybreak reports export` was asked.
pub struct ExportArgs {
    pub practice: Uuid,
    /// The staff member the reports are from (default: the practice's first owner).
    pub as_email: Option<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub include_notes: bool,
    pub recipient: Option<String>,
    pub purpose: Option<String>,
    /// Each client's report under their active consent naming this recipient.
    pub consent_recipient: Option<String>,
    /// For the practice's own use (no recipient, not a disclosure).
    pub internal: bool,
    pub out: std::path::PathBuf,
}

/// Exports every active client's report of a practice into a zip file, drawing a progress bar
/// on standard error.
pub async fn export_zip(db: &DatabaseConnection, args: ExportArgs) -> Result<String, String> {
    let txn = crate::core::db::begin_in(db, args.practice).await.map_err(|e| e.to_string())?;
    let practice = practice_service::get(&txn, args.practice)
        .await
        .map_err(|_| format!("no practice {}", args.practice))?;
    let member = staff_service::acting_member(&txn, practice.id, args.as_email.as_deref())
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no such active staff member in that practice (use --as EMAIL)")?;
    let role = member.role;
    let staff = CurrentStaff {
        id: member.id,
        practice_id: practice.id,
        role,
        name: member.name,
        email: member.email,
        time_zone: practice.time_zone.clone(),
        meta: RequestMeta { request_id: Some("cli-reports-export".into()), ip: None },
    };
    let today = crate::core::clock::today_in(&practice.time_zone);
    let request = ReportRequest {
        from: Some(args.from),
        to: Some(args.to),
        include_notes: args.include_notes,
        include_plan: false,
        include_screens: false,
        recipient: args.recipient,
        purpose: args.purpose,
    }
    .check(today)
    .map_err(|e| e.to_string())?;
    let consent_recipient =
        export::export_basis(args.consent_recipient, Some(args.internal))
            .map_err(|_| "give --consent-recipient R (each client's report under their consent naming R) or --internal (the practice's own use)".to_owned())?;
    let ids = export::client_ids(&txn, &staff).await.map_err(|e| e.to_string())?;
    txn.commit().await.map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut bar = |done: usize, total: usize| {
        let width = 30;
        let filled = (done * width).checked_div(total).unwrap_or(width);
        eprint!("\r[{}{}] {done}/{total} reports", "#".repeat(filled), " ".repeat(width - filled));
        let _ = std::io::stderr().flush();
    };
    bar(0, ids.len());
    // Written straight to the output file as the reports render.
    let out =
        std::fs::File::create(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let (file, left_out) = produce(
        db,
        &staff,
        &practice,
        &request,
        consent_recipient.as_deref(),
        &ids,
        None,
        &mut bar,
        out,
    )
    .await
    .map_err(|e| e.to_string())?;
    eprintln!();
    let size = file.metadata().map(|m| m.len()).unwrap_or_default();
    let mut summary = format!(
        "Wrote {} reports ({} KB) to {} in {:.1} s; each export is in the audit log.",
        ids.len() - left_out.len(),
        size / 1024,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    for left in &left_out {
        summary.push_str(&format!("\nLeft out: {} ({})", left.name, left.reason));
    }
    Ok(summary)
}
