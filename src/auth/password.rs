//! argon2id password hashing, run off the async runtime on a small fixed set of threads.
//!
//! Each hash takes 19 MiB of memory (argon2's default `m=19456`). On `spawn_blocking`, every
//! burst of sign-ins ran on whichever blocking threads were free, each with its own glibc
//! arena, and each arena kept its 19 MiB: a server grew from 21 MB to 935 MB after three
//! bursts of 16 simultaneous (even failed) sign-ins and never gave it back. Hashing on a
//! fixed pool of [`workers`] threads bounds both the CPU a sign-in flood can take and the
//! memory: at most one hash's memory per worker, reused by the next hash on that worker.
//! Requests beyond that wait their turn in the queue (bounded by the request timeout).

use std::sync::{
    LazyLock, Mutex,
    atomic::{AtomicUsize, Ordering},
    mpsc,
};

use argon2::{Argon2, PasswordHasher, PasswordVerifier};

use crate::error::{AppError, Result};

/// A hash of a random password, checked when the e-mail is unknown so that an unknown
/// account takes as long to refuse as a wrong password.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_now("daybreak-dummy-password-for-timing").expect("hashing works"));

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads' queue; the threads start on first use.
static POOL: LazyLock<Mutex<mpsc::Sender<Job>>> = LazyLock::new(|| {
    let (sender, receiver) = mpsc::channel::<Job>();
    let receiver = std::sync::Arc::new(Mutex::new(receiver));
    for i in 0..workers() {
        let receiver = receiver.clone();
        std::thread::Builder::new()
            .name(format!("daybreak-argon2-{i}"))
            .spawn(move || {
                loop {
                    // The lock is held only while taking a job, never while hashing.
                    let job = match receiver.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                }
            })
            .expect("the argon2 threads start");
    }
    Mutex::new(sender)
});

/// How many hashes may run at once: one per core, at most four.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4)
}

/// Hashes running right now and the most seen at once (for the tests).
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static MOST_AT_ONCE: AtomicUsize = AtomicUsize::new(0);

/// The most hashes that ever ran at the same time in this process.
pub fn most_at_once() -> usize {
    MOST_AT_ONCE.load(Ordering::Relaxed)
}

/// Runs `work` on a hashing thread and waits for it without blocking the runtime.
async fn on_pool<R: Send + 'static>(work: impl FnOnce() -> R + Send + 'static) -> Result<R> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        MOST_AT_ONCE.fetch_max(now, Ordering::SeqCst);
        let out = work();
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        // The request may have gone (timeout, client closed): nothing to tell it then.
        let _ = tx.send(out);
    });
    POOL.lock()
        .map_err(|_| AppError::Internal("the hashing queue is poisoned".into()))?
        .send(job)
        .map_err(|_| AppError::Internal("the hashing threads have stopped".into()))?;
    rx.await.map_err(|_| AppError::Internal("a hashing job was dropped".into()))
}

fn hash_now(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
}

/// Hashes a password with argon2id on a hashing thread.
pub async fn hash(password: String) -> Result<String> {
    on_pool(move || hash_now(&password)).await?
}

/// Verifies a password against a stored hash (or the dummy hash when `stored` is None,
/// which always answers false) on a hashing thread.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool> {
    on_pool(move || {
        let real = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = Argon2::default().verify_password(password.as_bytes(), stored.as_str()).is_ok();
        ok && real
    })
    .await
}

/// Warms the dummy hash on a hashing thread, so the first unknown-email sign-in is not
/// faster than later ones. Returns at once: the hash is made beside the start-up.
pub fn warm_up() {
    if let Ok(queue) = POOL.lock() {
        let _ = queue.send(Box::new(|| {
            LazyLock::force(&DUMMY_HASH);
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_burst_of_sign_ins_hashes_at_most_one_per_worker_at_a_time() {
        let stored = hash("correct horse battery".into()).await.unwrap();
        let attempts = (0..12).map(|i| {
            let stored = stored.clone();
            let attempt = if i % 3 == 0 { "correct horse battery" } else { "wrong" };
            tokio::spawn(async move {
                (i % 3 == 0, verify(attempt.into(), Some(stored)).await.unwrap())
            })
        });
        let unknown = tokio::spawn(verify("correct horse battery".into(), None));
        for attempt in attempts {
            let (should_pass, passed) = attempt.await.unwrap();
            assert_eq!(passed, should_pass);
        }
        assert!(!unknown.await.unwrap().unwrap(), "an unknown account never verifies");
        let most = most_at_once();
        assert!(
            (1..=workers()).contains(&most),
            "{most} hashes ran at once with {} workers",
            workers()
        );
    }
}
