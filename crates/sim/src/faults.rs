//! The faults the simulator has been asked to inject into its HTTP and WebSocket adapters (DESIGN "Simulator
//! control surface"); the adapters consume them.

use serde::Deserialize;

/// The next `count` requests matching `method` (any when absent) and `path_prefix` fail with `status`, or, with
/// `delay_ms` and no status, are delayed and then served.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct HttpFault {
    pub method: Option<String>,
    pub path_prefix: String,
    pub status: Option<u16>,
    #[serde(default = "one")]
    pub count: u32,
    pub delay_ms: Option<u64>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Default)]
pub struct Faults {
    /// Injected HTTP failures and delays (the `http` fault).
    pub http: Vec<HttpFault>,
    /// The next this many WebSocket upgrades are refused (the `refuse-ws` fault).
    pub refuse_ws: u32,
}

impl Faults {
    /// The fault for this request, counted as used; requests to `/sim/` are never failed.
    pub fn take(&mut self, method: &str, path: &str) -> Option<HttpFault> {
        if path.starts_with("/sim/") {
            return None;
        }
        let hit = self.http.iter_mut().find(|f| {
            f.count > 0
                && path.starts_with(&f.path_prefix)
                && f.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
        })?;
        hit.count -= 1;
        Some(hit.clone())
    }

    /// Whether this WebSocket upgrade is refused (counted as used).
    pub fn refuse_upgrade(&mut self) -> bool {
        if self.refuse_ws == 0 {
            return false;
        }
        self.refuse_ws -= 1;
        true
    }
}
