//! Test support shared by the simulator's and the client's scenario replays (DESIGN "Scenario files").
//!
//! - [`names`] / [`load`]: the scenario files of `scenarios/`, in name order.
//! - [`Bindings`]: placeholders (`$call1`, `$record1`, `$session`) bound on first sight from what the server
//!   produced, then filled into later paths and bodies; `$serial` and `$time` match any value of their kind.
//!
//! Not a runtime crate: only test targets depend on it.

use regex::Regex;
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The repository's `scenarios/` folder.
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

/// Every scenario file's name without `.json`, sorted.
pub fn names() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir())
        .expect("scenarios/ is readable")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
        .collect();
    v.sort();
    v
}

/// One scenario file, parsed.
pub fn load(name: &str) -> Value {
    let path = dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// How [`Bindings::matches`] treats an expected `null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nulls {
    /// `null` matches only `null` (wire events: a field is either sent or not).
    Strict,
    /// `null` also matches a missing key (snapshots: `Option` fields read as "not set").
    MatchMissing,
}

#[derive(Clone, Debug, Default)]
pub struct Bindings(pub HashMap<String, String>);

fn placeholder() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\$[a-z]+\d+").expect("valid pattern"))
}

impl Bindings {
    pub fn bind(&mut self, name: &str, value: &str) {
        self.0.insert(name.to_owned(), value.to_owned());
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// `v` with every bound placeholder replaced.
    pub fn fill(&self, v: &Value) -> Value {
        match v {
            Value::String(s) => Value::String(self.fill_str(s)),
            Value::Array(a) => Value::Array(a.iter().map(|x| self.fill(x)).collect()),
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, x)| (k.clone(), self.fill(x))).collect())
            }
            other => other.clone(),
        }
    }

    /// Longer names first, so that `$call1` never eats the start of `$call10`.
    pub fn fill_str(&self, s: &str) -> String {
        let mut keys: Vec<&String> = self.0.keys().collect();
        keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
        let mut out = s.to_owned();
        for k in keys {
            out = out.replace(k.as_str(), &self.0[k]);
        }
        out
    }

    /// `expected` ⊆ `actual`: every key of an expected object matches, arrays have the same length and match
    /// element by element. Unbound placeholders bind from what `actual` holds; a bound one must agree.
    pub fn matches(
        &mut self,
        expected: &Value,
        actual: &Value,
        nulls: Nulls,
        path: &str,
    ) -> Result<(), String> {
        match (expected, actual) {
            (Value::String(e), _) if e == "$serial" => actual
                .as_u64()
                .map(|_| ())
                .ok_or(format!("{path}: serial {actual}")),
            (Value::String(e), _) if e == "$time" => actual
                .as_str()
                .map(|_| ())
                .ok_or(format!("{path}: time {actual}")),
            (Value::String(e), Value::String(a)) => self.match_str(e, a, path),
            (Value::Object(e), Value::Object(a)) => {
                for (k, ev) in e {
                    let av = match (a.get(k), ev, nulls) {
                        (Some(av), _, _) => av,
                        (None, Value::Null, Nulls::MatchMissing) => continue,
                        (None, _, _) => return Err(format!("{path}.{k}: missing")),
                    };
                    self.matches(ev, av, nulls, &format!("{path}.{k}"))?;
                }
                Ok(())
            }
            (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
                .iter()
                .zip(a)
                .enumerate()
                .try_for_each(|(i, (x, y))| self.matches(x, y, nulls, &format!("{path}[{i}]"))),
            (Value::Array(e), Value::Array(a)) => Err(format!(
                "{path}: expected {} items, got {}: {actual}",
                e.len(),
                a.len()
            )),
            (e, a) if e == a => Ok(()),
            (e, a) => Err(format!("{path}: expected {e}, got {a}")),
        }
    }

    fn match_str(&mut self, expected: &str, actual: &str, path: &str) -> Result<(), String> {
        let e = self.fill_str(expected);
        if !e.contains('$') {
            return if e == actual {
                Ok(())
            } else {
                Err(format!("{path}: expected {e:?}, got {actual:?}"))
            };
        }
        let mut pattern = String::from("^");
        let mut names = Vec::new();
        let mut last = 0;
        for m in placeholder().find_iter(&e) {
            pattern.push_str(&regex::escape(&e[last..m.start()]));
            pattern.push_str("([^|/]+?)");
            names.push(m.as_str().to_owned());
            last = m.end();
        }
        pattern.push_str(&regex::escape(&e[last..]));
        pattern.push('$');
        let re = Regex::new(&pattern).map_err(|err| format!("{path}: {err}"))?;
        let caps = re
            .captures(actual)
            .ok_or(format!("{path}: expected {e:?}, got {actual:?}"))?;
        for (i, name) in names.iter().enumerate() {
            let got = caps.get(i + 1).map(|m| m.as_str()).unwrap_or_default();
            match self.0.get(name) {
                Some(v) if v != got => return Err(format!("{path}: {name} is {v}, got {got}")),
                _ => self.bind(name, got),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_placeholder_binds_on_first_sight_and_must_agree_after() {
        let mut b = Bindings::default();
        let e =
            json!({"callId": "$call1", "connectionId": "8001@demo.cc|$call1", "serial": "$serial"});
        let ok = json!({"callId": "abc", "connectionId": "8001@demo.cc|abc", "serial": 3});
        assert!(b.matches(&e, &ok, Nulls::Strict, "").is_ok());
        assert_eq!(b.get("$call1"), Some("abc"));
        let mut b = Bindings::default();
        let bad = json!({"callId": "abc", "connectionId": "8001@demo.cc|xyz", "serial": 3});
        assert!(b.matches(&e, &bad, Nulls::Strict, "").is_err());
    }

    #[test]
    fn missing_keys_and_nulls_follow_the_chosen_rule() {
        let mut b = Bindings::default();
        assert!(b
            .matches(&json!({"a": 1}), &json!({"b": 1}), Nulls::Strict, "")
            .is_err());
        assert!(b
            .matches(&json!({"a": null}), &json!({"b": 1}), Nulls::Strict, "")
            .is_err());
        assert!(b
            .matches(
                &json!({"a": null}),
                &json!({"b": 1}),
                Nulls::MatchMissing,
                ""
            )
            .is_ok());
        assert!(b
            .matches(
                &json!({"a": [1]}),
                &json!({"a": [1, 2]}),
                Nulls::MatchMissing,
                ""
            )
            .is_err());
    }

    #[test]
    fn fill_puts_longer_names_first() {
        let mut b = Bindings::default();
        b.bind("$call1", "one");
        b.bind("$call10", "ten");
        assert_eq!(b.fill_str("/calls/$call10/x/$call1"), "/calls/ten/x/one");
    }

    #[test]
    fn every_scenario_file_loads() {
        let all = names();
        assert!(all.len() >= 14, "scenario files missing: {all:?}");
        for n in &all {
            assert!(load(n)["steps"].is_array(), "{n} has no steps");
        }
    }
}
