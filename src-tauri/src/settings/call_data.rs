//! The call data section: a label for each `userData` key in each language, and the keys shown only under
//! "details" (by default the platform's own). Keys without a label show as they are; unknown keys always show.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use well_callmodel::userdata::PLATFORM_KEYS;
use well_callmodel::DataView;
use well_codes::Code;

use super::invalid::{invalid, Invalid};

/// A key's label in each language (empty: the key itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataLabel {
    pub key: String,
    #[serde(default)]
    pub zh: String,
    #[serde(default)]
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CallDataSetting {
    pub labels: Vec<DataLabel>,
    /// Shown only when the agent opens "details", and never in the ring's summary.
    pub details: Vec<String>,
}

/// The platform's keys (spec §5.6) and the demo's business keys, labelled out of the box.
const DEFAULT_LABELS: &[(&str, &str, &str)] = &[
    ("customerName", "客户姓名", "Customer name"),
    ("orderId", "订单号", "Order number"),
    ("originalANI", "原主叫号码", "Original caller"),
    ("originalDNIS", "原被叫号码", "Number dialled"),
    ("originalCallId", "原呼叫 ID", "Original call ID"),
    ("callType", "呼叫类型", "Call type"),
    ("id", "编号", "ID"),
    ("selectAgent", "指定坐席", "Requested agent"),
    ("prdType", "产品类型", "Product type"),
    ("origin_dnis", "原被叫", "Original DNIS"),
];

const MAX_KEY_CHARS: usize = 64;
const MAX_LABEL_CHARS: usize = 40;

impl Default for CallDataSetting {
    fn default() -> Self {
        CallDataSetting {
            labels: DEFAULT_LABELS
                .iter()
                .map(|(key, zh, en)| DataLabel {
                    key: (*key).to_owned(),
                    zh: (*zh).to_owned(),
                    en: (*en).to_owned(),
                })
                .collect(),
            details: PLATFORM_KEYS.iter().map(|k| (*k).to_owned()).collect(),
        }
    }
}

fn bad_key(key: &str) -> bool {
    let trimmed = key.trim();
    trimmed.is_empty()
        || trimmed.chars().count() > MAX_KEY_CHARS
        || key.chars().any(char::is_control)
}

impl CallDataSetting {
    /// The labels in `language` (`en`, else Chinese) and the "details" keys.
    pub fn view(&self, language: &str) -> DataView {
        let labels = self
            .labels
            .iter()
            .filter_map(|l| {
                let label = if language == "en" { &l.en } else { &l.zh };
                let label = label.trim();
                (!label.is_empty()).then(|| (l.key.trim().to_owned(), label.to_owned()))
            })
            .collect();
        let details = self.details.iter().map(|k| k.trim().to_owned()).collect();
        DataView { labels, details }
    }

    /// Keys of 1-64 characters without control characters, each labelled once; labels of at most 40
    /// characters.
    pub(super) fn check(&self) -> Result<(), Invalid> {
        let mut seen = HashSet::new();
        for l in &self.labels {
            if bad_key(&l.key) || !seen.insert(l.key.trim()) {
                return Err(invalid(
                    Code::SettingsBadCallData,
                    format!(
                        "call data key '{}' must be 1-{MAX_KEY_CHARS} characters, labelled once",
                        l.key.trim()
                    ),
                ));
            }
            if [&l.zh, &l.en].iter().any(|t| {
                t.trim().chars().count() > MAX_LABEL_CHARS || t.chars().any(char::is_control)
            }) {
                return Err(invalid(
                    Code::SettingsBadCallData,
                    format!(
                        "the labels of call data key '{}' are at most {MAX_LABEL_CHARS} characters",
                        l.key.trim()
                    ),
                ));
            }
        }
        if let Some(k) = self.details.iter().find(|k| bad_key(k)) {
            return Err(invalid(
                Code::SettingsBadCallData,
                format!(
                    "call data key '{}' under details must be 1-{MAX_KEY_CHARS} characters",
                    k.trim()
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_takes_the_languages_labels_and_falls_back_to_the_key() {
        let s = CallDataSetting {
            labels: vec![
                DataLabel {
                    key: " vip ".into(),
                    zh: "贵宾".into(),
                    en: String::new(),
                },
                DataLabel {
                    key: "orderId".into(),
                    zh: "订单号".into(),
                    en: "Order".into(),
                },
            ],
            details: vec!["originalANI".into()],
        };
        let zh = s.view("zh-CN");
        assert_eq!(zh.label("vip"), "贵宾");
        assert_eq!(zh.label("orderId"), "订单号");
        let en = s.view("en");
        assert_eq!(en.label("vip"), "vip", "no English label: the key");
        assert_eq!(en.label("orderId"), "Order");
        assert_eq!(en.label("unknown"), "unknown");
        assert!(en.in_details("originalANI") && !en.in_details("orderId"));
    }

    #[test]
    fn the_defaults_hide_the_platforms_keys_and_label_them() {
        let s = CallDataSetting::default();
        assert!(s.check().is_ok());
        let v = s.view("en");
        for k in PLATFORM_KEYS {
            assert!(v.in_details(k), "{k}");
            assert_ne!(v.label(k), *k, "{k} labelled");
        }
        assert_eq!(v.label("customerName"), "Customer name");
    }

    #[test]
    fn empty_long_or_repeated_keys_and_long_labels_are_refused_with_the_key() {
        let label = |key: &str, zh: &str| DataLabel {
            key: key.into(),
            zh: zh.into(),
            en: String::new(),
        };
        let refused = |s: CallDataSetting| s.check().unwrap_err().to_string();
        let one = |l: Vec<DataLabel>| CallDataSetting {
            labels: l,
            details: vec![],
        };
        assert!(refused(one(vec![label(" ", "x")])).contains("''"));
        assert!(refused(one(vec![label(&"k".repeat(65), "x")])).contains("1-64"));
        assert!(refused(one(vec![label("a", "x"), label(" a", "y")])).contains("'a'"));
        assert!(refused(one(vec![label("a", &"长".repeat(41))])).contains("at most 40"));
        assert!(refused(one(vec![label("a\n", "x")])).contains("'a'"));
        let details = CallDataSetting {
            labels: vec![],
            details: vec![String::new()],
        };
        assert!(refused(details).contains("under details"));
    }
}
