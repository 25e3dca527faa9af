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
        let env = Env(env);
        let database_url = env.database_url()?;
        let addr: SocketAddr = env
            .text("DAYBREAK_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".to_owned())
            .parse()
            .map_err(|_| bad("DAYBREAK_ADDR", "must be an address like 127.0.0.1:8080"))?;
        let public_url = env.public_url(addr)?;
        let jwt_secret = env.jwt_secret(&database_url)?;
        // The idle limit: each refresh issues a new token good for this long, so a session
        // nobody uses (a closed browser, a copied token) ends after it. The dashboard
        // refreshes while its user is active, and signs out itself after 15 idle minutes.
        let refresh_token_ttl =
            env.seconds("DAYBREAK_REFRESH_TOKEN_TTL_SECS", 30 * 60, 90 * 24 * 3600)?;
        let log_format = match env.text("DAYBREAK_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(_) => return Err(bad("DAYBREAK_LOG_FORMAT", "must be text or json")),
        };
        let migrate_database_url = env.text("DAYBREAK_MIGRATE_DATABASE_URL");
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
            access_token_ttl: env.seconds("DAYBREAK_ACCESS_TOKEN_TTL_SECS", 900, 900)?,
            refresh_token_ttl,
            request_timeout: env.seconds("DAYBREAK_REQUEST_TIMEOUT_SECS", 30, 600)?,
            db_max_connections: env.number("DAYBREAK_DB_MAX_CONNECTIONS", 10, 1, 200)?,
            audit_seal_interval: Duration::from_millis(env.number(
                "DAYBREAK_AUDIT_SEAL_MS",
                200,
                20,
                60_000,
            )?),
            cors_origins: env
                .text("DAYBREAK_CORS_ORIGINS")
                .map(|v| {
                    v.split(',').map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect()
                })
                .unwrap_or_default(),
            trust_proxy: env.flag("DAYBREAK_TRUST_PROXY")?,
            log_format,
            self_report_per_link_per_minute: env
                .per_minute("DAYBREAK_SELF_REPORT_LINK_RATE", 30)?,
            self_report_per_ip_per_minute: env.per_minute("DAYBREAK_SELF_REPORT_IP_RATE", 120)?,
            auth_per_ip_per_minute: env.per_minute("DAYBREAK_AUTH_IP_RATE", 60)?,
            bench_baseline: env.flag("DAYBREAK_BENCH_BASELINE")?,
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

/// The environment's settings, read one at a time with their checks.
struct Env<'a>(&'a HashMap<String, String>);

impl Env<'_> {
    /// A setting's text, trimmed; None when unset or blank.
    fn text(&self, name: &str) -> Option<String> {
        self.0.get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    fn database_url(&self) -> Result<String, ConfigError> {
        let url = self.text("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if !url.starts_with("sqlite:")
            && !url.starts_with("postgres://")
            && !url.starts_with("postgresql://")
        {
            return Err(bad(
                "DATABASE_URL",
                "must start with sqlite:, postgres:// or postgresql://",
            ));
        }
        Ok(url)
    }

    fn public_url(&self, addr: SocketAddr) -> Result<String, ConfigError> {
        match self.text("DAYBREAK_PUBLIC_URL") {
            Some(url) if !(url.starts_with("http://") || url.starts_with("https://")) => {
                Err(bad("DAYBREAK_PUBLIC_URL", "must start with http:// or https://"))
            }
            Some(url) => Ok(url.trim_end_matches('/').to_owned()),
            None => Ok(format!("http://{addr}")),
        }
    }

    /// The token signing key: given, or (SQLite only) made once and kept beside the database.
    fn jwt_secret(&self, database_url: &str) -> Result<Vec<u8>, ConfigError> {
        match self.text("DAYBREAK_JWT_SECRET") {
            Some(secret) if secret.len() < 32 => {
                Err(bad("DAYBREAK_JWT_SECRET", "must be at least 32 characters long"))
            }
            Some(secret) => Ok(secret.into_bytes()),
            None if database_url.starts_with("sqlite:") => sqlite_kept_secret(database_url),
            None => Err(bad(
                "DAYBREAK_JWT_SECRET",
                "is required with Postgres (at least 32 random characters)",
            )),
        }
    }

    fn seconds(&self, name: &'static str, default: u64, max: u64) -> Result<Duration, ConfigError> {
        match self.text(name) {
            None => Ok(Duration::from_secs(default)),
            Some(v) => match v.parse::<u64>() {
                Ok(n) if n >= 1 && n <= max => Ok(Duration::from_secs(n)),
                _ => Err(bad(name, format!("must be a whole number of seconds from 1 to {max}"))),
            },
        }
    }

    fn number<N>(&self, name: &'static str, default: N, low: N, high: N) -> Result<N, ConfigError>
    where
        N: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
    {
        match self.text(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<N>()
                .ok()
                .filter(|n| *n >= low && *n <= high)
                .ok_or_else(|| bad(name, format!("must be from {low} to {high}"))),
        }
    }

    fn per_minute(&self, name: &'static str, default: u32) -> Result<u32, ConfigError> {
        self.number(name, default, 1, 100_000)
            .map_err(|_| bad(name, "must be a number of requests from 1 to 100000"))
    }

    fn flag(&self, name: &'static str) -> Result<bool, ConfigError> {
        match self.text(name).as_deref() {
            None | Some("false") | Some("0") => Ok(false),
            Some("true") | Some("1") => Ok(true),
            Some(_) => Err(bad(name, "must be true or false")),
        }
    }
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
