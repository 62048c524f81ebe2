use thiserror::Error;

/// A model configuration that cannot be used. Events never fail: what cannot be applied is ignored and
/// logged.
#[derive(Debug, Error)]
pub enum ModelError {
    #[error("the internal-number pattern is not a valid regular expression: {0}")]
    BadPattern(#[from] regex::Error),
    #[error("at least 4 trailing digits must be masked (got {0})")]
    TooFewMaskedDigits(usize),
}
