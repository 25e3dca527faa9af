//! PDF progress reports: a pure renderer (`render`) over a plain view model (`model`), the
//! service that fills the model from the database, the single-report endpoint and the
//! month-end export of every active client's report as one zip.

pub mod accounting;
pub mod canvas;
pub mod dates;
pub mod export;
pub mod fonts;
pub mod model;
mod pdf;
mod plan;
pub mod render;
pub mod routes;
pub mod sample;
mod screens;
mod sections;
pub mod service;
mod table;

pub use model::{Paper, ProgressReport};
pub use render::{Rendered, lay_out, render, render_full};

#[cfg(test)]
mod tests;

/// The text of a PDF as `pdftotext -layout` extracts it (poppler-utils), for tests and tools.
/// `None` when pdftotext is not installed — which fails under CI (`CI=true`), where the
/// extracted text is part of what the tests check.
pub fn pdftotext(bytes: &[u8]) -> Option<String> {
    use std::{io::Write, process::Command};
    let file = tempfile_path();
    if let Ok(mut f) = std::fs::File::create(&file) {
        let _ = f.write_all(bytes);
    }
    let output =
        Command::new("pdftotext").args(["-layout", "-enc", "UTF-8"]).arg(&file).arg("-").output();
    let _ = std::fs::remove_file(&file);
    match output {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("pdftotext (poppler-utils) is required under CI")
        }
        Err(_) => {
            eprintln!(
                "pdftotext is not installed (apt-get install -y poppler-utils): text not checked"
            );
            None
        }
    }
}

fn tempfile_path() -> std::path::PathBuf {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("daybreak-report-{}-{n}.pdf", std::process::id()))
}
