//! Call-associated data for display: party numbers masked inside every string value, and a one-line summary
//! for the incoming-call notification.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

/// Keys the platform adds to every call (§5.6); they say nothing an agent needs on the ring, so by default
/// they are shown only under "details" and never in the summary.
pub const PLATFORM_KEYS: &[&str] = &[
    "originalANI",
    "originalDNIS",
    "originalCallId",
    "callType",
    "id",
    "selectAgent",
    "prdType",
    "origin_dnis",
];

/// The one-line summary of a notification or popup: the first few non-system entries, short enough to read
/// at a glance.
const SUMMARY_MAX_CHARS: usize = 60;
const SUMMARY_MAX_ENTRIES: usize = 3;

/// The shortest tail of a number that is still treated as that number inside user data: the platform
/// writes numbers with or without the outbound prefix (`9` + number), so every tail of 7 characters or more
/// is masked too.
pub const MIN_NUMBER_TAIL: usize = 7;

/// A raw number (no domain) and what to show instead: its display form, or a `destForDisplay`.
#[derive(Clone, Copy, Debug)]
pub struct NumberRep<'a> {
    pub raw: &'a str,
    pub shown: &'a str,
}

impl NumberRep<'_> {
    /// Replace the number, and every tail of it of [`MIN_NUMBER_TAIL`] characters or more, in `s`. A tail
    /// shows as the same tail of the display form when that has the number's shape (masking counts from
    /// the end), else as the whole display form.
    fn replace_in(&self, s: &mut String) {
        let (raw, shown) = (self.raw, self.shown);
        if raw.is_empty() || raw == shown {
            return;
        }
        if !raw.is_ascii() {
            if s.contains(raw) {
                *s = s.replace(raw, shown);
            }
            return;
        }
        let min = MIN_NUMBER_TAIL.min(raw.len());
        // Every tail ends with the last `min` characters: one search rules the number out.
        if !s.contains(&raw[raw.len() - min..]) {
            return;
        }
        let same_shape = shown.len() == raw.len() && shown.is_ascii();
        for len in (min..=raw.len()).rev() {
            let tail = &raw[raw.len() - len..];
            if s.contains(tail) {
                let shown_tail = if same_shape {
                    &shown[shown.len() - len..]
                } else {
                    shown
                };
                *s = s.replace(tail, shown_tail);
            }
        }
    }
}

/// Longest first, so that a number inside a longer one is not half-replaced.
fn sorted<'a>(numbers: &[NumberRep<'a>]) -> Vec<NumberRep<'a>> {
    let mut v = numbers.to_vec();
    v.sort_by_key(|n| std::cmp::Reverse(n.raw.len()));
    v
}

/// Replace every occurrence of each raw number (and its tails) by its display form, in every string value
/// (keys are the application's words and stay).
pub fn mask_value(v: &Value, numbers: &[NumberRep<'_>]) -> Value {
    let mut out = v.clone();
    mask_in_place(&mut out, &sorted(numbers));
    out
}

/// Keys whose values are always a number (`originalANI`, `originalDNIS` carry the raw caller and callee,
/// spec §5.6): masked by the policy even when the number is no party of the call any more.
const NUMBER_KEYS: &[&str] = &["originalANI", "originalDNIS"];

/// The display copy of `userData`: the number keys' number part (before `@`) by `display`, every other
/// string as [`mask_value`] does. One copy, edited in place (key order kept).
pub fn mask_user_data(
    v: &Value,
    numbers: &[NumberRep<'_>],
    display: impl Fn(&str) -> String,
) -> Value {
    let numbers = sorted(numbers);
    let mut out = v.clone();
    let has_data =
        matches!(&out, Value::Object(m) if matches!(m.get("data"), Some(Value::Object(_))));
    if let Value::Object(m) = &mut out {
        for (k, x) in m.iter_mut() {
            if has_data && k == "data" {
                if let Value::Object(d) = x {
                    mask_entries(d, &numbers, &display);
                }
            } else if !has_data && NUMBER_KEYS.contains(&k.as_str()) {
                mask_number(x, &display);
            } else {
                mask_in_place(x, &numbers);
            }
        }
    } else {
        mask_in_place(&mut out, &numbers);
    }
    out
}

fn mask_entries(
    m: &mut Map<String, Value>,
    numbers: &[NumberRep<'_>],
    display: &impl Fn(&str) -> String,
) {
    for (k, x) in m.iter_mut() {
        if NUMBER_KEYS.contains(&k.as_str()) {
            mask_number(x, display);
        } else {
            mask_in_place(x, numbers);
        }
    }
}

fn mask_number(x: &mut Value, display: &impl Fn(&str) -> String) {
    if let Value::String(s) = x {
        let (number, rest) = s.split_at(s.find('@').unwrap_or(s.len()));
        let mut shown = display(number);
        shown.push_str(rest);
        *s = shown;
    }
}

fn mask_in_place(v: &mut Value, numbers: &[NumberRep<'_>]) {
    match v {
        Value::String(s) => numbers.iter().for_each(|n| n.replace_in(s)),
        Value::Array(a) => a.iter_mut().for_each(|x| mask_in_place(x, numbers)),
        Value::Object(m) => m.iter_mut().for_each(|(_, x)| mask_in_place(x, numbers)),
        _ => {}
    }
}

fn entries(v: &Value) -> Option<&Map<String, Value>> {
    match v {
        Value::Object(m) => match m.get("data") {
            Some(Value::Object(inner)) => Some(inner),
            _ => Some(m),
        },
        _ => None,
    }
}

/// How call data is presented: the label of each key in the agent's language (a key without one shows as
/// itself) and the keys shown only under "details", never in the summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataView {
    pub labels: HashMap<String, String>,
    pub details: HashSet<String>,
}

impl Default for DataView {
    /// No labels; the platform's own keys under "details".
    fn default() -> Self {
        DataView {
            labels: HashMap::new(),
            details: PLATFORM_KEYS.iter().map(|k| (*k).to_owned()).collect(),
        }
    }
}

impl DataView {
    pub fn label<'a>(&'a self, key: &'a str) -> &'a str {
        self.labels.get(key).map_or(key, String::as_str)
    }

    pub fn in_details(&self, key: &str) -> bool {
        self.details.contains(key)
    }
}

/// `label: value · label: value` of the first entries not under "details", in the server's order, cut at
/// [`SUMMARY_MAX_CHARS`]. `None` when nothing is left.
pub fn summary(v: &Value, view: &DataView) -> Option<String> {
    let parts: Vec<String> = entries(v)?
        .iter()
        .filter(|(k, _)| !view.in_details(k))
        .filter_map(|(k, x)| {
            let label = view.label(k);
            match x {
                Value::String(s) if !s.trim().is_empty() => Some([label, ": ", s.trim()].concat()),
                Value::Number(n) => Some(format!("{label}: {n}")),
                Value::Bool(b) => Some(format!("{label}: {b}")),
                _ => None,
            }
        })
        .take(SUMMARY_MAX_ENTRIES)
        .collect();
    if parts.is_empty() {
        return None;
    }
    let line = parts.join(" · ");
    if line.chars().count() > SUMMARY_MAX_CHARS {
        let cut: String = line.chars().take(SUMMARY_MAX_CHARS - 1).collect();
        Some(format!("{cut}…"))
    } else {
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn raw_numbers_are_masked_in_nested_values_longest_first() {
        let v = json!({"data": {"originalANI": "913812345678@demo.cc", "note": "call 13812345678 back", "n": [ "x13812345678" ]}});
        let reps = [
            NumberRep {
                raw: "13812345678",
                shown: "1381234****",
            },
            NumberRep {
                raw: "913812345678",
                shown: "91381234****",
            },
        ];
        let m = mask_value(&v, &reps);
        assert_eq!(m["data"]["originalANI"], "91381234****@demo.cc");
        assert_eq!(m["data"]["note"], "call 1381234**** back");
        assert_eq!(m["data"]["n"][0], "x1381234****");
    }

    #[test]
    fn a_number_written_without_its_prefix_is_masked_too() {
        let v = json!({"a": "13812345678", "b": "x 2345678 y", "c": "123456"});
        let m = mask_value(
            &v,
            &[NumberRep {
                raw: "913812345678",
                shown: "91381234****",
            }],
        );
        assert_eq!(
            m,
            json!({"a": "1381234****", "b": "x 234**** y", "c": "123456"})
        );
        let m = mask_value(
            &v,
            &[NumberRep {
                raw: "913812345678",
                shown: "客户A",
            }],
        );
        assert_eq!(m["a"], "客户A");
    }

    #[test]
    fn summary_skips_system_keys_and_keeps_chinese_text() {
        let view = DataView::default();
        let v = json!({"data": {"originalANI": "x", "originalCallId": "c", "客户": "张三", "order": 42}});
        assert_eq!(summary(&v, &view).unwrap(), "客户: 张三 · order: 42");
        assert_eq!(summary(&json!({"data": {"originalANI": "x"}}), &view), None);
        let long = json!({"k": "a".repeat(500)});
        assert_eq!(summary(&long, &view).unwrap().chars().count(), 60);
        let many = json!({"data": {"a": "1", "b": "2", "c": "3", "d": "4"}});
        assert_eq!(summary(&many, &view).unwrap(), "a: 1 · b: 2 · c: 3");
    }

    #[test]
    fn summary_uses_the_labels_keeps_the_servers_order_and_leaves_out_the_details_keys() {
        let view = DataView {
            labels: HashMap::from([
                ("customerName".to_owned(), "客户姓名".to_owned()),
                ("originalDNIS".to_owned(), "被叫号码".to_owned()),
            ]),
            details: HashSet::from(["orderId".to_owned()]),
        };
        let v = json!({"data": {"vip": true, "orderId": "P-7", "customerName": "李四", "originalDNIS": "4001"}});
        assert_eq!(
            summary(&v, &view).unwrap(),
            "vip: true · 客户姓名: 李四 · 被叫号码: 4001",
            "a platform key shows once it is out of the details; an unlabelled key as itself"
        );
    }
}
