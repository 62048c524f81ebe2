use thiserror::Error;

/// A frame that cannot be decoded. The decoder has already skipped past it (to its NUL, or dropped the
/// buffered bytes) and stays usable.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StompError {
    #[error("frame larger than the limit of {limit} bytes (at least {size} bytes)")]
    TooLarge { size: usize, limit: usize },
    #[error("frame command is not valid UTF-8")]
    CommandNotUtf8,
    #[error("unknown frame command {0:?}")]
    UnknownCommand(String),
    #[error("header line {line} is not valid UTF-8")]
    HeaderNotUtf8 { line: usize },
    #[error("header line {line} has no ':'")]
    HeaderNoColon { line: usize },
    #[error("header line {line} has an invalid escape sequence")]
    BadEscape { line: usize },
    #[error("content-length {0:?} is not a number")]
    BadContentLength(String),
    #[error("frame body is not followed by NUL where content-length says it ends")]
    MissingNul,
    #[error("a {command} header cannot hold a line break or, in its name, a ':' (these headers are not escaped)")]
    Unencodable { command: &'static str },
}
