//! Call-associated data for display: party numbers masked inside every string value, and a one-line summary
//! for the incoming-call notification.

use serde_json::{Map, Value};

/// Keys the platform adds to every call (§5.6); they say nothing an agent needs on the ring.
const SYSTEM_KEYS: &[&str] = &[
    "originalANI",
    "originalDNIS",
    "originalCallId",
    "callType",
    "id",
    "selectAgent",
    "prdType",
    "origin_dnis",
];

const SUMMARY_MAX_CHARS: usize = 120;

/// Replace every occurrence of each raw number by its display form, in every string value (keys are the
/// application's words and stay). `replacements` are tried longest first so a number inside a longer one
/// is not half-replaced.
pub fn mask_value(v: &Value, replacements: &[(String, String)]) -> Value {
    let mut reps: Vec<&(String, String)> = replacements
        .iter()
        .filter(|(raw, shown)| !raw.is_empty() && raw != shown)
        .collect();
    reps.sort_by_key(|(raw, _)| std::cmp::Reverse(raw.len()));
    mask_with(v, &reps)
}

/// Keys whose values are always a number (`originalANI`, `originalDNIS` carry the raw caller and callee,
/// spec §5.6): masked by the policy even when the number is no party of the call any more.
const NUMBER_KEYS: &[&str] = &["originalANI", "originalDNIS"];

/// The display copy of `userData`: the number keys' number part (before `@`) by `display`, every other
/// string by `replacements` (see [`mask_value`]). One copy, edited in place (key order kept).
pub fn mask_user_data(
    v: &Value,
    replacements: &[(String, String)],
    display: impl Fn(&str) -> String,
) -> Value {
    let mut reps: Vec<&(String, String)> = replacements
        .iter()
        .filter(|(raw, shown)| !raw.is_empty() && raw != shown)
        .collect();
    reps.sort_by_key(|(raw, _)| std::cmp::Reverse(raw.len()));
    let mut out = v.clone();
    let has_data =
        matches!(&out, Value::Object(m) if matches!(m.get("data"), Some(Value::Object(_))));
    if let Value::Object(m) = &mut out {
        for (k, x) in m.iter_mut() {
            if has_data && k == "data" {
                if let Value::Object(d) = x {
                    mask_entries(d, &reps, &display);
                }
            } else if !has_data && NUMBER_KEYS.contains(&k.as_str()) {
                mask_number(x, &display);
            } else {
                mask_in_place(x, &reps);
            }
        }
    } else {
        mask_in_place(&mut out, &reps);
    }
    out
}

fn mask_entries(
    m: &mut Map<String, Value>,
    reps: &[&(String, String)],
    display: &impl Fn(&str) -> String,
) {
    for (k, x) in m.iter_mut() {
        if NUMBER_KEYS.contains(&k.as_str()) {
            mask_number(x, display);
        } else {
            mask_in_place(x, reps);
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

fn mask_in_place(v: &mut Value, reps: &[&(String, String)]) {
    match v {
        Value::String(s) => {
            for (raw, shown) in reps {
                if s.contains(raw.as_str()) {
                    *s = s.replace(raw.as_str(), shown);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| mask_in_place(x, reps)),
        Value::Object(m) => m.iter_mut().for_each(|(_, x)| mask_in_place(x, reps)),
        _ => {}
    }
}

fn mask_with(v: &Value, reps: &[&(String, String)]) -> Value {
    match v {
        Value::String(s) => {
            let mut s = s.clone();
            for (raw, shown) in reps {
                if s.contains(raw.as_str()) {
                    s = s.replace(raw.as_str(), shown);
                }
            }
            Value::String(s)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| mask_with(x, reps)).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), mask_with(x, reps)))
                .collect(),
        ),
        other => other.clone(),
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

/// `key: value · key: value`, application keys only, cut at 120 characters. `None` when nothing is left.
pub fn summary(v: &Value) -> Option<String> {
    let parts: Vec<String> = entries(v)?
        .iter()
        .filter(|(k, _)| !SYSTEM_KEYS.contains(&k.as_str()))
        .filter_map(|(k, x)| match x {
            Value::String(s) if !s.trim().is_empty() => Some([k.as_str(), ": ", s.trim()].concat()),
            Value::Number(n) => Some(format!("{k}: {n}")),
            Value::Bool(b) => Some(format!("{k}: {b}")),
            _ => None,
        })
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
        let reps = vec![
            ("13812345678".to_owned(), "1381234****".to_owned()),
            ("913812345678".to_owned(), "91381234****".to_owned()),
        ];
        let m = mask_value(&v, &reps);
        assert_eq!(m["data"]["originalANI"], "91381234****@demo.cc");
        assert_eq!(m["data"]["note"], "call 1381234**** back");
        assert_eq!(m["data"]["n"][0], "x1381234****");
    }

    #[test]
    fn summary_skips_system_keys_and_keeps_chinese_text() {
        let v = json!({"data": {"originalANI": "x", "originalCallId": "c", "客户": "张三", "order": 42}});
        assert_eq!(summary(&v).unwrap(), "客户: 张三 · order: 42");
        assert_eq!(summary(&json!({"data": {"originalANI": "x"}})), None);
        let long = json!({"k": "a".repeat(500)});
        assert_eq!(summary(&long).unwrap().chars().count(), 120);
    }
}
