//! `daybreak serve` (the default): apply migrations, optionally seed the demo practice, and
//! serve the API, the dashboard and the self-report page until SIGTERM or Ctrl-C.

use sea_orm::DatabaseConnection;

use crate::{
    AppState,
    core::{audit::sealer, config::Config, db, identity::password},
    demo, http,
};

pub async fn run(db: DatabaseConnection, config: Config, with_demo: bool) -> Result<(), String> {
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
    password::warm_up();
    let app = crate::app(state);
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
    http::serve::serve(listener, app, shutdown_signal(), drain).await;
    // The last requests' audit events get their places in the chain before exit.
    sealer::seal_noted(&state_db).await;
    tracing::info!("Daybreak stopped");
    Ok(())
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
