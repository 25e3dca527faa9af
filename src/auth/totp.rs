//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), the
//! base32 secrets authenticator apps read, and single-use recovery codes. Pure: no I/O.

use hmac::{Hmac, KeyInit, Mac};
use rand::RngCore;
use sha1::Sha1;

pub const STEP_SECS: i64 = 30;
const DIGITS: u32 = 6;
/// A code of the step before or after now is accepted too (clocks drift, people are slow).
const WINDOW: i64 = 1;
pub const RECOVERY_CODES: usize = 10;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A new 160-bit secret, base32 (what an authenticator app is given).
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    base32_encode(&bytes)
}

pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes base32 (any case, spaces and `=` ignored); None for any other character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let value = BASE32.iter().position(|&b| b as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// The HOTP code of `counter` (RFC 4226), `DIGITS` long.
fn hotp(secret: &[u8], counter: u64) -> u32 {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(secret).expect("HMAC takes any key");
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[digest.len() - 1] & 0x0f) as usize;
    let binary = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    binary % 10u32.pow(DIGITS)
}

/// The time step of a Unix time.
pub fn step_of(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(STEP_SECS)
}

/// The code an authenticator shows at `unix_secs`.
pub fn code_at(secret_b32: &str, unix_secs: i64) -> Option<String> {
    let secret = base32_decode(secret_b32)?;
    Some(format!("{:06}", hotp(&secret, step_of(unix_secs) as u64)))
}

/// Checks a 6-digit code at `unix_secs`: the step it matched, when that step is later than
/// `last_step` (a code is accepted once: a replay, even within its 30 seconds, is refused).
pub fn verify(secret_b32: &str, code: &str, unix_secs: i64, last_step: Option<i64>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let given: u32 = code.parse().ok()?;
    let secret = base32_decode(secret_b32)?;
    let now = step_of(unix_secs);
    // Every step of the window is computed, so the time taken does not say which matched.
    let mut matched = None;
    for step in (now - WINDOW)..=(now + WINDOW) {
        if step >= 0 && hotp(&secret, step as u64) == given && last_step.is_none_or(|l| step > l) {
            matched = Some(step);
        }
    }
    matched
}

/// `otpauth://` for a QR code: the practice as issuer, the member's e-mail as account.
pub fn otpauth_uri(secret_b32: &str, issuer: &str, account: &str) -> String {
    let issuer = percent_encode(issuer);
    format!(
        "otpauth://totp/{issuer}:{}?secret={secret_b32}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        percent_encode(account)
    )
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Ten new recovery codes as shown once (`abcde-fghij`), with the hashes to store.
pub fn new_recovery_codes() -> (Vec<String>, Vec<String>) {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i
    let mut rng = rand::rng();
    let mut shown = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let mut code = String::with_capacity(11);
        for i in 0..10 {
            if i == 5 {
                code.push('-');
            }
            code.push(ALPHABET[(rng.next_u32() as usize) % ALPHABET.len()] as char);
        }
        shown.push(code);
    }
    let hashes = shown.iter().map(|c| recovery_hash(c)).collect();
    (shown, hashes)
}

/// The stored form of a recovery code: case, spaces and dashes do not matter.
pub fn recovery_hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    crate::core::identity::sessions::sha256_hex(&format!("daybreak-recovery:{normal}"))
}

/// True when the text looks like a recovery code rather than a 6-digit code.
pub fn looks_like_recovery_code(code: &str) -> bool {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).count() == 10
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238's SHA-1 seed, "12345678901234567890".
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn the_codes_are_those_of_rfc_6238() {
        assert_eq!(base32_encode(b"12345678901234567890"), RFC_SECRET);
        assert_eq!(base32_decode(&RFC_SECRET.to_lowercase()).unwrap(), b"12345678901234567890");
        // The RFC's 8-digit values, last six digits.
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(RFC_SECRET, time).unwrap(), code, "at {time}");
        }
    }

    #[test]
    fn a_code_works_in_its_window_once_and_not_after() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&secret, now).unwrap();
        let step = verify(&secret, &code, now, None).expect("the current code");
        assert_eq!(step, step_of(now));
        assert_eq!(verify(&secret, &code, now + 29, None), Some(step), "the step after");
        assert_eq!(verify(&secret, &code, now, Some(step)), None, "a replay is refused");
        assert_eq!(verify(&secret, &code, now + 95, None), None, "three steps later");
        let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
        assert_eq!(verify(&secret, &wrong, now, None), None);
        assert_eq!(verify(&secret, "12345", now, None), None);
        assert_eq!(verify(&secret, "abcdef", now, None), None);
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_forgiving_to_type() {
        let (shown, hashes) = new_recovery_codes();
        assert_eq!(shown.len(), 10);
        let distinct: std::collections::HashSet<_> = hashes.iter().collect();
        assert_eq!(distinct.len(), 10);
        for code in &shown {
            assert!(looks_like_recovery_code(code), "{code}");
            assert_eq!(code.len(), 11);
        }
        let typed = format!(" {} ", shown[0].to_uppercase().replace('-', " "));
        assert_eq!(recovery_hash(&typed), hashes[0]);
        assert!(!looks_like_recovery_code("123456"));
    }

    #[test]
    fn the_uri_names_the_practice_and_the_member() {
        let uri = otpauth_uri("ABC", "Daybreak & Co", "ana@example.com");
        assert_eq!(
            uri,
            "otpauth://totp/Daybreak%20%26%20Co:ana@example.com?secret=ABC&issuer=Daybreak%20%26%20Co&algorithm=SHA1&digits=6&period=30"
        );
    }
}
