//! The agent's section: auto-answer, after-call work's end, and the NotReady reasons.

use serde::{Deserialize, Serialize};
use well_codes::Code;

use super::invalid::{invalid, Invalid};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AutoAnswerSetting {
    pub enabled: bool,
    pub delay_ms: u64,
}

impl Default for AutoAnswerSetting {
    fn default() -> Self {
        AutoAnswerSetting {
            enabled: false,
            delay_ms: 500,
        }
    }
}

/// A NotReady reason: the code the server gets and the label the agent reads (empty: the UI's own text
/// for that code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub code: String,
    #[serde(default)]
    pub label: String,
}

pub(super) fn default_reasons() -> Vec<Reason> {
    ["1", "2", "3", "4"]
        .iter()
        .map(|c| Reason {
            code: (*c).into(),
            label: String::new(),
        })
        .collect()
}

impl AutoAnswerSetting {
    pub(super) fn check(&self) -> Result<(), Invalid> {
        if self.delay_ms > 30_000 {
            return Err(invalid(
                Code::SettingsBadAutoAnswer,
                "the auto-answer delay is at most 30000 ms",
            ));
        }
        Ok(())
    }
}

/// After-call work's end and the NotReady reasons (codes of 1-8 letters or digits, once each).
pub(super) fn check_after_call(auto_ready_after_s: u32, reasons: &[Reason]) -> Result<(), Invalid> {
    if auto_ready_after_s > 3600 {
        return Err(invalid(
            Code::SettingsBadAutoReady,
            "after-call work ends by itself after at most 3600 s",
        ));
    }
    let mut codes = std::collections::HashSet::new();
    for r in reasons {
        let code = r.code.trim();
        let fine =
            !code.is_empty() && code.len() <= 8 && code.chars().all(|c| c.is_ascii_alphanumeric());
        if !fine || !codes.insert(code.to_owned()) {
            return Err(invalid(
                Code::SettingsBadReason,
                format!("NotReady reason code '{code}' must be 1-8 letters or digits, once each"),
            ));
        }
        if r.label.chars().count() > 40 {
            return Err(invalid(
                Code::SettingsBadReason,
                "a reason's label is at most 40 characters",
            ));
        }
    }
    Ok(())
}
