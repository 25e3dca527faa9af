//! Settings from the environment (`DATABASE_URL`, `DAYBREAK_*`), checked once at start.
//!
//! A missing or malformed setting stops the start with one line that names it.

use std::{collections::HashMap, net::SocketAddr, path::PathBuf, time::Duration};

/// Where the default embedded database lives.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/daybreak.db?mode=rwc";

/// The server's settings.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    /// The owner role's URL the migrations run as (`DAYBREAK_MIGRATE_DATABASE_URL`), when the
    /// server's own role (`DATABASE_URL`) may not change the schema. Postgres only.
    pub migrate_database_url: Option<String>,
    pub addr: SocketAddr,
    pub public_url: String,
    pub jwt_secret: Vec<u8>,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    pub request_timeout: Duration,
    pub db_max_connections: u32,
    /// How often the audit sealer chains pending events (Postgres; `audit::sealer`).
    pub audit_seal_interval: Duration,
    pub cors_origins: Vec<String>,
    pub trust_proxy: bool,
    pub log_format: LogFormat,
    /// Requests per minute one self-report link may make.
    pub self_report_per_link_per_minute: u32,
    /// Requests per minute one address may make to the self-report endpoints.
    pub self_report_per_ip_per_minute: u32,
    /// Sign-up, sign-in and refresh attempts per minute from one address.
    pub auth_per_ip_per_minute: u32,
    /// Serves `GET /api/v1/bench/baseline` (the load benchmark's ceiling); off by default.
    pub bench_baseline: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// A setting that stops the start.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {problem}")]
pub struct ConfigError {
    pub name: &'static str,
    pub problem: String,
}

fn bad(name: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError { name, problem: problem.into() }
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_map(&std::env::vars().collect())
    }

    /// Reads settings from a map (the environment, or a test's own).
    pub fn from_map(env: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |name: &str| env.get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());

        let database_url = get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let is_sqlite = database_url.starts_with("sqlite:");
        if !is_sqlite
            && !database_url.starts_with("postgres://")
            && !database_url.starts_with("postgresql://")
        {
            return Err(bad(
                "DATABASE_URL",
                "must start with sqlite:, postgres:// or postgresql://",
            ));
        }

        let addr: SocketAddr = get("DAYBREAK_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".to_owned())
            .parse()
            .map_err(|_| bad("DAYBREAK_ADDR", "must be an address like 127.0.0.1:8080"))?;

        let public_url = match get("DAYBREAK_PUBLIC_URL") {
            Some(url) => {
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    return Err(bad("DAYBREAK_PUBLIC_URL", "must start with http:// or https://"));
                }
                url.trim_end_matches('/').to_owned()
            }
            None => format!("http://{addr}"),
        };

        let jwt_secret = match get("DAYBREAK_JWT_SECRET") {
            Some(secret) if secret.len() < 32 => {
                return Err(bad("DAYBREAK_JWT_SECRET", "must be at least 32 characters long"));
            }
            Some(secret) => secret.into_bytes(),
            None if is_sqlite => sqlite_kept_secret(&database_url)?,
            None => {
                return Err(bad(
                    "DAYBREAK_JWT_SECRET",
                    "is required with Postgres (at least 32 random characters)",
                ));
            }
        };

        let seconds =
            |name: &'static str, default: u64, max: u64| -> Result<Duration, ConfigError> {
                match get(name) {
                    None => Ok(Duration::from_secs(default)),
                    Some(v) => match v.parse::<u64>() {
                        Ok(n) if n >= 1 && n <= max => Ok(Duration::from_secs(n)),
                        _ => Err(bad(
                            name,
                            format!("must be a whole number of seconds from 1 to {max}"),
                        )),
                    },
                }
            };
        let access_token_ttl = seconds("DAYBREAK_ACCESS_TOKEN_TTL_SECS", 900, 900)?;
        // The idle limit: each refresh issues a new token good for this long, so a session
        // nobody uses (a closed browser, a copied token) ends after it. The dashboard
        // refreshes while its user is active, and signs out itself after 15 idle minutes.
        let refresh_token_ttl =
            seconds("DAYBREAK_REFRESH_TOKEN_TTL_SECS", 30 * 60, 90 * 24 * 3600)?;
        let request_timeout = seconds("DAYBREAK_REQUEST_TIMEOUT_SECS", 30, 600)?;

        let db_max_connections = match get("DAYBREAK_DB_MAX_CONNECTIONS") {
            None => 10,
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=200).contains(n))
                .ok_or_else(|| bad("DAYBREAK_DB_MAX_CONNECTIONS", "must be from 1 to 200"))?,
        };

        let audit_seal_interval = match get("DAYBREAK_AUDIT_SEAL_MS") {
            None => Duration::from_millis(200),
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|n| (20..=60_000).contains(n))
                .map(Duration::from_millis)
                .ok_or_else(|| bad("DAYBREAK_AUDIT_SEAL_MS", "must be from 20 to 60000"))?,
        };

        let cors_origins = get("DAYBREAK_CORS_ORIGINS")
            .map(|v| v.split(',').map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect())
            .unwrap_or_default();

        let trust_proxy = match get("DAYBREAK_TRUST_PROXY").as_deref() {
            None | Some("false") | Some("0") => false,
            Some("true") | Some("1") => true,
            Some(_) => return Err(bad("DAYBREAK_TRUST_PROXY", "must be true or false")),
        };

        let bench_baseline = match get("DAYBREAK_BENCH_BASELINE").as_deref() {
            None | Some("false") | Some("0") => false,
            Some("true") | Some("1") => true,
            Some(_) => return Err(bad("DAYBREAK_BENCH_BASELINE", "must be true or false")),
        };

        let log_format = match get("DAYBREAK_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(_) => return Err(bad("DAYBREAK_LOG_FORMAT", "must be text or json")),
        };

        let per_minute = |name: &'static str, default: u32| -> Result<u32, ConfigError> {
            match get(name) {
                None => Ok(default),
                Some(v) => v
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=100_000).contains(n))
                    .ok_or_else(|| bad(name, "must be a number of requests from 1 to 100000")),
            }
        };
        let self_report_per_link_per_minute = per_minute("DAYBREAK_SELF_REPORT_LINK_RATE", 30)?;
        let self_report_per_ip_per_minute = per_minute("DAYBREAK_SELF_REPORT_IP_RATE", 120)?;
        let auth_per_ip_per_minute = per_minute("DAYBREAK_AUTH_IP_RATE", 60)?;

        let migrate_database_url = get("DAYBREAK_MIGRATE_DATABASE_URL");
        if let Some(url) = &migrate_database_url
            && !(url.starts_with("postgres://") || url.starts_with("postgresql://"))
        {
            return Err(bad(
                "DAYBREAK_MIGRATE_DATABASE_URL",
                "must be a postgres:// URL (SQLite has one role)",
            ));
        }
        Ok(Self {
            database_url,
            migrate_database_url,
            addr,
            public_url,
            jwt_secret,
            access_token_ttl,
            refresh_token_ttl,
            request_timeout,
            db_max_connections,
            audit_seal_interval,
            cors_origins,
            trust_proxy,
            log_format,
            self_report_per_link_per_minute,
            self_report_per_ip_per_minute,
            auth_per_ip_per_minute,
            bench_baseline,
        })
    }

    /// True when the database is the embedded SQLite.
    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

/// The file path of a `sqlite://path?query` URL, or None for an in-memory database.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" { None } else { Some(PathBuf::from(path)) }
}

/// With the embedded database, the signing secret is generated once and kept beside it,
/// so a restart keeps everyone signed in.
fn sqlite_kept_secret(database_url: &str) -> Result<Vec<u8>, ConfigError> {
    use rand::RngCore;
    let name = "DAYBREAK_JWT_SECRET";
    let Some(db_path) = sqlite_path(database_url) else {
        let mut secret = [0u8; 48];
        rand::rng().fill_bytes(&mut secret);
        return Ok(hex::encode(secret).into_bytes());
    };
    let dir = db_path.parent().map(PathBuf::from).unwrap_or_default();
    if !dir.as_os_str().is_empty() {
        std::fs::create_dir_all(&dir)
            .map_err(|e| bad("DATABASE_URL", format!("cannot create {}: {e}", dir.display())))?;
    }
    let file = dir.join("jwt-secret");
    match std::fs::read_to_string(&file) {
        Ok(secret) if secret.trim().len() >= 32 => Ok(secret.trim().as_bytes().to_vec()),
        Ok(_) => Err(bad(name, format!("{} is shorter than 32 characters", file.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut secret = [0u8; 48];
            rand::rng().fill_bytes(&mut secret);
            let secret = hex::encode(secret);
            write_private(&file, &secret)
                .map_err(|e| bad(name, format!("cannot write {}: {e}", file.display())))?;
            Ok(secret.into_bytes())
        }
        Err(e) => Err(bad(name, format!("cannot read {}: {e}", file.display()))),
    }
}

fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn postgres_without_a_secret_names_the_setting() {
        let err =
            Config::from_map(&env(&[("DATABASE_URL", "postgres://x@localhost/db")])).unwrap_err();
        assert_eq!(err.name, "DAYBREAK_JWT_SECRET");
    }

    #[test]
    fn malformed_address_names_the_setting() {
        let err = Config::from_map(&env(&[
            ("DATABASE_URL", "sqlite::memory:"),
            ("DAYBREAK_ADDR", "localhost"),
        ]))
        .unwrap_err();
        assert_eq!(err.name, "DAYBREAK_ADDR");
    }

    #[test]
    fn sqlite_secret_is_generated_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/db.sqlite?mode=rwc", dir.path().display());
        let first = Config::from_map(&env(&[("DATABASE_URL", &url)])).unwrap();
        let second = Config::from_map(&env(&[("DATABASE_URL", &url)])).unwrap();
        assert_eq!(first.jwt_secret, second.jwt_secret);
        assert!(first.jwt_secret.len() >= 32);
    }

    #[test]
    fn access_tokens_cannot_live_longer_than_fifteen_minutes() {
        let err = Config::from_map(&env(&[
            ("DATABASE_URL", "sqlite::memory:"),
            ("DAYBREAK_ACCESS_TOKEN_TTL_SECS", "3600"),
        ]))
        .unwrap_err();
        assert_eq!(err.name, "DAYBREAK_ACCESS_TOKEN_TTL_SECS");
    }
}
