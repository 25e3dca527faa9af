//! Builds the dashboard (`frontend/dist`) when it is missing or older than its sources, so
//! `cargo run --release` on a fresh clone needs nothing but Rust and Node.
//! Set DAYBREAK_SKIP_FRONTEND_BUILD=1 to skip (for example when CI built it already).

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::SystemTime,
};

const SOURCES: [&str; 7] = [
    "frontend/src",
    "frontend/index.html",
    "frontend/selfreport.html",
    "frontend/package.json",
    "frontend/package-lock.json",
    "frontend/vite.config.ts",
    "frontend/public",
];

fn main() {
    println!("cargo:rerun-if-env-changed=DAYBREAK_SKIP_FRONTEND_BUILD");
    for source in SOURCES {
        println!("cargo:rerun-if-changed={source}");
    }
    if std::env::var_os("DAYBREAK_SKIP_FRONTEND_BUILD").is_some_and(|v| v != "0") {
        return;
    }
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets this"));
    let frontend = root.join("frontend");
    if !frontend.join("package.json").exists() {
        return;
    }
    let index = frontend.join("dist/index.html");
    let built = modified(&index);
    let newest_source = SOURCES.iter().filter_map(|s| newest(&root.join(s))).max();
    if built.is_some() && newest_source.is_some_and(|s| Some(s) <= built) {
        return;
    }
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    if !frontend.join("node_modules").exists() {
        run(Command::new(npm).args(["install", "--no-audit", "--no-fund"]).current_dir(&frontend));
    }
    run(Command::new(npm).args(["run", "build"]).current_dir(&frontend));
}

fn run(command: &mut Command) {
    match command.status() {
        Ok(status) if status.success() => {}
        Ok(status) => println!(
            "cargo:warning=building the dashboard failed ({status}); the server will say so at /"
        ),
        Err(e) => println!(
            "cargo:warning=cannot run npm ({e}); install Node.js 20 to build the dashboard"
        ),
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    path.metadata().and_then(|m| m.modified()).ok()
}

fn newest(path: &Path) -> Option<SystemTime> {
    if path.is_dir() {
        std::fs::read_dir(path)
            .ok()?
            .filter_map(|entry| entry.ok())
            .filter_map(|entry| newest(&entry.path()))
            .max()
    } else {
        modified(path)
    }
}
