//! Which web origins may use the bridge: allowed always (kept in the settings), allowed once (this run),
//! denied (this run), or waiting for the agent's answer in the app window. Every change bumps a version that
//! live connections watch: a page that is waiting starts at once when allowed, and a page whose origin is
//! removed or denied is cut off at once. A fixed list (an administrator's policy) asks nobody: a page of
//! another origin is denied, and no decision or removal changes the list.

use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::watch;

use crate::guard::Origin;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Kept in the settings.
    Always,
    /// Allowed until the app quits.
    Once,
    /// Refused until the app quits (or the agent removes the entry).
    Denied,
    /// Asked in the app window; the page receives nothing yet.
    Pending,
}

impl Access {
    pub fn allowed(self) -> bool {
        matches!(self, Access::Always | Access::Once)
    }
}

/// The agent's answer to "may this page use the softphone?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Once,
    Always,
    Deny,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OriginEntry {
    pub origin: Origin,
    pub access: Access,
    /// Wall-clock milliseconds since 1970 of the last message or connection from it.
    pub last_used_ms: Option<u64>,
}

#[derive(Default)]
struct State {
    entries: BTreeMap<Origin, (Access, Option<u64>)>,
}

pub struct Origins {
    state: Mutex<State>,
    version: watch::Sender<u64>,
    fixed: bool,
}

fn wall_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

impl Origins {
    /// Start with the settings' allowed origins (and when each was last used).
    pub fn new(always: impl IntoIterator<Item = (Origin, Option<u64>)>) -> Self {
        let entries = always
            .into_iter()
            .map(|(o, used)| (o, (Access::Always, used)))
            .collect();
        Origins {
            state: Mutex::new(State { entries }),
            version: watch::channel(0).0,
            fixed: false,
        }
    }

    /// Exactly these origins, for good: nobody is asked about another one, and nothing changes the list.
    pub fn fixed(always: impl IntoIterator<Item = (Origin, Option<u64>)>) -> Self {
        Origins {
            fixed: true,
            ..Origins::new(always)
        }
    }

    pub fn is_fixed(&self) -> bool {
        self.fixed
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> (T, bool)) -> T {
        let (out, changed) = f(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()));
        if changed {
            self.version.send_modify(|v| *v += 1);
        }
        out
    }

    /// A page of this origin knocks: its access, an unknown origin becoming `Pending` (to be asked).
    pub fn knock(&self, origin: &Origin) -> Access {
        self.with(|s| match s.entries.get_mut(origin) {
            Some((access, used)) => {
                if access.allowed() {
                    *used = Some(wall_ms());
                }
                (*access, false)
            }
            None => {
                // Listed so that the settings show who knocked; with a fixed list, refused without asking.
                let access = if self.fixed {
                    Access::Denied
                } else {
                    Access::Pending
                };
                s.entries.insert(origin.clone(), (access, Some(wall_ms())));
                (access, true)
            }
        })
    }

    pub fn access(&self, origin: &Origin) -> Option<Access> {
        self.with(|s| (s.entries.get(origin).map(|(a, _)| *a), false))
    }

    /// Note that an allowed page used the bridge (shown in the settings; not a change worth a version).
    pub fn touch(&self, origin: &Origin) {
        self.with(|s| {
            if let Some((_, used)) = s.entries.get_mut(origin) {
                *used = Some(wall_ms());
            }
            ((), false)
        })
    }

    /// `false` (and nothing changes) when the list is fixed.
    pub fn decide(&self, origin: &Origin, decision: Decision) -> bool {
        if self.fixed {
            tracing::warn!(%origin, ?decision, "integration origins are fixed by policy; decision refused");
            return false;
        }
        let access = match decision {
            Decision::Once => Access::Once,
            Decision::Always => Access::Always,
            Decision::Deny => Access::Denied,
        };
        tracing::info!(%origin, ?access, "integration origin decided");
        self.with(|s| {
            let used = s.entries.get(origin).and_then(|(_, u)| *u);
            s.entries.insert(origin.clone(), (access, used));
            (true, true)
        })
    }

    /// Forget an origin: its pages are cut off at once and the next knock asks again.
    /// `false` when it was not listed, or the list is fixed.
    pub fn remove(&self, origin: &Origin) -> bool {
        if self.fixed {
            tracing::warn!(%origin, "integration origins are fixed by policy; removal refused");
            return false;
        }
        tracing::info!(%origin, "integration origin removed");
        self.with(|s| {
            let had = s.entries.remove(origin).is_some();
            (had, had)
        })
    }

    pub fn list(&self) -> Vec<OriginEntry> {
        self.with(|s| {
            let v = s
                .entries
                .iter()
                .map(|(o, (access, used))| OriginEntry {
                    origin: o.clone(),
                    access: *access,
                    last_used_ms: *used,
                })
                .collect();
            (v, false)
        })
    }

    /// The origins to keep in the settings (allowed always), with their last use.
    pub fn kept(&self) -> Vec<(Origin, Option<u64>)> {
        self.list()
            .into_iter()
            .filter(|e| e.access == Access::Always)
            .map(|e| (e.origin, e.last_used_ms))
            .collect()
    }

    /// Bumped on every decision, removal and new pending origin.
    pub fn watch(&self) -> watch::Receiver<u64> {
        self.version.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(s: &str) -> Origin {
        Origin::parse(s).unwrap()
    }

    #[test]
    fn an_unknown_origin_waits_until_the_agent_decides_and_a_removal_asks_again() {
        let origins = Origins::new([(o("https://crm.example.com"), None)]);
        let mut watch = origins.watch();
        assert_eq!(origins.knock(&o("https://crm.example.com")), Access::Always);
        assert!(!watch.has_changed().unwrap());
        assert_eq!(origins.knock(&o("https://other.example")), Access::Pending);
        assert!(watch.has_changed().unwrap());
        watch.mark_unchanged();
        origins.decide(&o("https://other.example"), Decision::Once);
        assert_eq!(origins.knock(&o("https://other.example")), Access::Once);
        assert!(watch.has_changed().unwrap());
        assert!(origins.remove(&o("https://crm.example.com")));
        assert_eq!(origins.access(&o("https://crm.example.com")), None);
        assert_eq!(
            origins.knock(&o("https://crm.example.com")),
            Access::Pending
        );
        assert_eq!(origins.kept(), vec![]);
        origins.decide(&o("https://crm.example.com"), Decision::Always);
        let kept = origins.kept();
        assert_eq!(kept.len(), 1);
        assert!(kept[0].1.is_some(), "last use kept");
    }

    #[test]
    fn a_denied_origin_stays_denied_and_is_listed() {
        let origins = Origins::new([]);
        origins.knock(&o("http://evil.example"));
        origins.decide(&o("http://evil.example"), Decision::Deny);
        assert_eq!(origins.knock(&o("http://evil.example")), Access::Denied);
        assert_eq!(origins.list()[0].access, Access::Denied);
    }

    #[test]
    fn a_fixed_list_asks_nobody_and_takes_no_decision() {
        let origins = Origins::fixed([(o("https://crm.example.com"), None)]);
        assert!(origins.is_fixed());
        assert_eq!(origins.knock(&o("https://crm.example.com")), Access::Always);
        assert_eq!(origins.knock(&o("https://other.example")), Access::Denied);
        assert!(!origins.decide(&o("https://other.example"), Decision::Always));
        assert!(!origins.decide(&o("https://other.example"), Decision::Once));
        assert_eq!(origins.knock(&o("https://other.example")), Access::Denied);
        assert!(!origins.remove(&o("https://crm.example.com")));
        assert_eq!(origins.kept().len(), 1);
    }
}
