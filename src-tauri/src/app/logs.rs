//! `tracing` to a daily rolling file in the profile's log folder, and to stderr. Every crate logs numbers
//! through redacting `Debug`/`Display` impls, so the file holds display forms only.

use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

pub const FILE_PREFIX: &str = "well-softphone.log";

/// Install the subscriber; keep the guard alive for the life of the app (it flushes on drop).
pub fn init(dir: &Path) -> Result<WorkerGuard, String> {
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix(FILE_PREFIX)
        .max_log_files(7)
        .build(dir)
        .map_err(|e| format!("cannot open the log file in {}: {e}", dir.display()))?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("WELL_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,tao=warn,wry=warn,reqwest=warn,hyper=warn"));
    tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(writer).with_ansi(false))
        .with(fmt::layer().with_writer(std::io::stderr))
        .try_init()
        .map_err(|e| format!("logging already set up: {e}"))?;
    Ok(guard)
}

/// The newest log file's last `max_bytes`, for the diagnostics export.
pub fn tail(dir: &Path, max_bytes: usize) -> String {
    let newest = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(FILE_PREFIX))
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok());
    let Some(file) = newest else {
        return String::new();
    };
    let bytes = std::fs::read(file.path()).unwrap_or_default();
    let start = bytes.len().saturating_sub(max_bytes);
    String::from_utf8_lossy(&bytes[start..]).into_owned()
}
