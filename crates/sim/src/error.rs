use std::path::PathBuf;
use thiserror::Error;

/// Why the simulator could not start.
#[derive(Debug, Error)]
pub enum SimError {
    #[error("cannot read the directory file {}: {reason}", path.display())]
    Directory { path: PathBuf, reason: String },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}
