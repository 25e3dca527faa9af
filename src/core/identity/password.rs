//! argon2id password hashing, run off the async runtime on a small fixed set of threads.
//!
//! Each hash takes 19 MiB of memory (argon2's default `m=19456`). On `spawn_blocking`, every
//! burst of sign-ins ran on whichever blocking threads were free, each with its own glibc
//! arena, and each arena kept its 19 MiB: bursts of (even failed) sign-ins grew the server by
//! hundreds of megabytes it never gave back (bench/README.md, "Memory under concurrent sign-ins"). Hashing on a
//! fixed pool of [`workers`] threads bounds both the CPU a sign-in flood can take and the
//! memory: at most one hash's memory per worker, reused by the next hash on that worker.
//! Requests beyond that wait their turn in the queue (bounded by the request timeout).

use std::sync::{
    LazyLock, Mutex,
    atomic::{AtomicUsize, Ordering},
    mpsc,
};

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::phc::{Output, ParamsString, PasswordHash, Salt},
};

use crate::core::error::{AppError, Result};

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
        .map_err(|_| AppError::internal("the hashing queue is poisoned"))?
        .send(job)
        .map_err(|_| AppError::internal("the hashing threads have stopped"))?;
    rx.await.map_err(|_| AppError::internal("a hashing job was dropped"))
}

thread_local! {
    /// This hashing thread's argon2 memory (19 MiB at the default cost), kept for its next
    /// hash. Allocating and freeing it for each hash let glibc keep the freed blocks around
    /// (the server grew with every sign-in, bench/README.md); reusing one buffer per thread
    /// holds it at one buffer per worker.
    static MEMORY: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// argon2 of `password` and `salt` with `argon` into `out`, in this thread's memory.
fn argon2_into(
    argon: &Argon2,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> bool {
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        let blocks = params.block_count();
        if memory.len() != blocks {
            // Only when the cost changes (a hash made with other parameters).
            *memory = vec![argon2::Block::default(); blocks];
        }
        argon.hash_password_into_with_memory(password, salt, out, memory.as_mut_slice()).is_ok()
    })
}

fn hash_now(password: &str) -> Result<String> {
    let failed =
        |e: &dyn std::fmt::Display| AppError::internal(format!("password hashing failed: {e}"));
    let params = Params::default();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut salt = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut salt);
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    if !argon2_into(&argon, &params, password.as_bytes(), &salt, &mut out) {
        return Err(AppError::internal("password hashing failed"));
    }
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(Salt::new(&salt).map_err(|e| failed(&e))?),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(hash.to_string())
}

/// Checks a password against a stored PHC string (any argon2 variant and cost), comparing
/// in constant time. A malformed stored hash never matches.
fn verify_now(password: &str, stored: &str) -> bool {
    let Ok(hash) = PasswordHash::new(stored) else { return false };
    let (Some(salt), Some(expected)) = (&hash.salt, &hash.hash) else { return false };
    let Ok(algorithm) = Algorithm::try_from(hash.algorithm.as_str()) else { return false };
    let version = match hash.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(version)) => version,
        Some(Err(_)) => return false,
    };
    let Ok(params) = Params::try_from(&hash) else { return false };
    let argon = Argon2::new(algorithm, version, params.clone());
    let mut out = vec![0u8; expected.len()];
    argon2_into(&argon, &params, password.as_bytes(), salt, &mut out)
        && Output::new(&out).is_ok_and(|computed| &computed == expected)
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
        verify_now(&password, &stored) && real
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

    #[test]
    fn hashes_agree_with_the_argon2_crate_both_ways() {
        use argon2::{PasswordHasher, PasswordVerifier};
        let ours = hash_now("correct horse battery").unwrap();
        assert!(ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{ours}");
        assert!(Argon2::default().verify_password(b"correct horse battery", ours.as_str()).is_ok());
        assert!(verify_now("correct horse battery", &ours));
        assert!(!verify_now("correct horse batterz", &ours));
        // Hashes stored before (made by the crate, or with another cost) still verify.
        let theirs = Argon2::default().hash_password(b"older password").unwrap().to_string();
        assert!(verify_now("older password", &theirs));
        let cheap = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        )
        .hash_password(b"cheap")
        .unwrap()
        .to_string();
        assert!(verify_now("cheap", &cheap) && !verify_now("cheaq", &cheap));
        for broken in ["", "$argon2id$", "plain text", &ours[..ours.len() - 4]] {
            assert!(!verify_now("correct horse battery", broken), "{broken}");
        }
    }

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
