//! Fixed-window request limits for the public self-report endpoints, per link and per IP.
//!
//! Kept in this instance's memory: with several instances each enforces its own share.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

/// Counts requests per key in windows of `window`.
#[derive(Debug)]
pub struct RateLimiter {
    window: Duration,
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

/// The most keys kept before expired windows are swept away.
const SWEEP_AT: usize = 10_000;

impl RateLimiter {
    pub fn new(window: Duration) -> Self {
        Self { window, counts: Mutex::new(HashMap::new()) }
    }

    /// Counts one request for `key`; `Err(seconds)` when it is over `limit` in this window,
    /// with the seconds until the window ends.
    pub fn hit(&self, key: &str, limit: u32) -> Result<(), u64> {
        let now = Instant::now();
        let mut counts = self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if counts.len() >= SWEEP_AT {
            let window = self.window;
            counts.retain(|_, (started, _)| now.duration_since(*started) < window);
        }
        let entry = counts.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > limit {
            let left = self.window.saturating_sub(now.duration_since(entry.0));
            Err(left.as_secs().max(1))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_holds_per_key_and_names_the_wait() {
        let limiter = RateLimiter::new(Duration::from_secs(60));
        for _ in 0..3 {
            assert!(limiter.hit("a", 3).is_ok());
        }
        let wait = limiter.hit("a", 3).unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(limiter.hit("b", 3).is_ok(), "another key has its own count");
    }

    #[test]
    fn a_new_window_starts_over() {
        let limiter = RateLimiter::new(Duration::from_millis(20));
        assert!(limiter.hit("a", 1).is_ok());
        assert!(limiter.hit("a", 1).is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(limiter.hit("a", 1).is_ok());
    }
}
