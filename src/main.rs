//! The `daybreak` command: parse the CLI, load the settings, start logging, hand over to `cli`.

use std::process::ExitCode;

use clap::Parser;
use daybreak::{
    cli::{self, Cli},
    core::config::{Config, LogFormat},
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The OpenAPI document needs no settings (loading them may write a SQLite key file).
    if let Some(cli::Command::Openapi) = cli.command {
        print!("{}", daybreak::http::openapi::document_json());
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("daybreak: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    init_tracing(config.log_format);
    cli::run(cli.command, config)
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
