//! Who exists: tenants (domains), their agents (job number, password, name) and extensions (registered with
//! the SIP server or not). From a TOML or JSON file, generated for load tests, or the built-in demo.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

use crate::error::SimError;

#[derive(Clone, Debug, Deserialize)]
pub struct AgentEntry {
    pub job: String,
    pub password: String,
    #[serde(default)]
    pub name: String,
    /// A disabled agent is refused with 423.
    #[serde(default = "yes")]
    pub enabled: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ExtensionEntry {
    pub number: String,
    /// Not registered with the SIP server: Login answers 451.
    #[serde(default = "yes")]
    pub registered: bool,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, Deserialize)]
pub struct Tenant {
    pub domain: String,
    #[serde(default)]
    pub agents: Vec<AgentEntry>,
    #[serde(default)]
    pub extensions: Vec<ExtensionEntry>,
}

#[derive(Clone, Debug, Deserialize)]
struct DirectoryFile {
    tenants: Vec<Tenant>,
}

/// Looked up by domain, then by job number or extension number.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    tenants: BTreeMap<String, TenantIndex>,
}

/// One tenant's agents by job number and extensions by number.
#[derive(Clone, Debug, Default)]
struct TenantIndex {
    agents: BTreeMap<String, AgentEntry>,
    extensions: BTreeMap<String, ExtensionEntry>,
}

pub const DEMO_DOMAIN: &str = "demo.cc";
const DEMO_NAMES: [&str; 10] = [
    "张伟", "王芳", "李娜", "刘洋", "陈静", "Alice", "Bob", "Carol", "David", "Emma",
];

impl Directory {
    pub fn from_tenants(tenants: Vec<Tenant>) -> Self {
        let mut d = Directory::default();
        for t in tenants {
            let agents = t.agents.into_iter().map(|a| (a.job.clone(), a)).collect();
            let exts = t
                .extensions
                .into_iter()
                .map(|e| (e.number.clone(), e))
                .collect();
            d.tenants.insert(
                t.domain,
                TenantIndex {
                    agents,
                    extensions: exts,
                },
            );
        }
        d
    }

    /// Domain `demo.cc`: agents 5001–5010 (password 123456), extensions 8001–8010 registered and 8099
    /// known but not registered (to show 451).
    pub fn demo() -> Self {
        let mut d = Directory::generated(10);
        if let Some(t) = d.tenants.get_mut(DEMO_DOMAIN) {
            t.extensions.insert(
                "8099".into(),
                ExtensionEntry {
                    number: "8099".into(),
                    registered: false,
                },
            );
        }
        d
    }

    /// `n` agents 5001… and `n` registered extensions 8001… in `demo.cc`, password 123456.
    pub fn generated(n: usize) -> Self {
        let agents = (0..n)
            .map(|i| AgentEntry {
                job: (5001 + i).to_string(),
                password: "123456".into(),
                name: DEMO_NAMES
                    .get(i)
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| format!("Agent {}", 5001 + i)),
                enabled: true,
            })
            .collect();
        let extensions = (0..n)
            .map(|i| ExtensionEntry {
                number: (8001 + i).to_string(),
                registered: true,
            })
            .collect();
        Directory::from_tenants(vec![Tenant {
            domain: DEMO_DOMAIN.into(),
            agents,
            extensions,
        }])
    }

    /// A `.toml` or `.json` file: `tenants = [{ domain, agents = [{ job, password, name }], extensions =
    /// [{ number, registered }] }]`.
    pub fn from_file(path: &Path) -> Result<Self, SimError> {
        let text = std::fs::read_to_string(path).map_err(|e| SimError::Directory {
            path: path.into(),
            reason: e.to_string(),
        })?;
        let parsed: DirectoryFile = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => serde_json::from_str(&text).map_err(|e| e.to_string()),
            Some("toml") => toml::from_str(&text).map_err(|e| e.to_string()),
            other => Err(format!("unknown file type {other:?}: use .toml or .json")),
        }
        .map_err(|reason| SimError::Directory {
            path: path.into(),
            reason,
        })?;
        if parsed.tenants.is_empty() {
            return Err(SimError::Directory {
                path: path.into(),
                reason: "no tenants".into(),
            });
        }
        Ok(Directory::from_tenants(parsed.tenants))
    }

    pub fn agent(&self, domain: &str, job: &str) -> Option<&AgentEntry> {
        self.tenants.get(domain)?.agents.get(job)
    }

    pub fn extension(&self, domain: &str, number: &str) -> Option<&ExtensionEntry> {
        self.tenants.get(domain)?.extensions.get(number)
    }

    /// The first tenant that has this extension number.
    pub fn find_extension(&self, number: &str) -> Option<(&str, &ExtensionEntry)> {
        self.tenants
            .iter()
            .find_map(|(d, t)| t.extensions.get(number).map(|e| (d.as_str(), e)))
    }

    pub fn has_domain(&self, domain: &str) -> bool {
        self.tenants.contains_key(domain)
    }

    pub fn agent_count(&self) -> usize {
        self.tenants.values().map(|t| t.agents.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_directory_has_the_documented_agents_and_extensions() {
        let d = Directory::demo();
        assert_eq!(d.agent(DEMO_DOMAIN, "5001").unwrap().password, "123456");
        assert!(d.agent(DEMO_DOMAIN, "5010").is_some());
        assert!(d.agent(DEMO_DOMAIN, "5011").is_none());
        assert!(d.extension(DEMO_DOMAIN, "8010").unwrap().registered);
        assert!(!d.extension(DEMO_DOMAIN, "8099").unwrap().registered);
    }

    #[test]
    fn a_directory_file_is_read_as_toml_or_json_with_clear_errors() {
        let dir = std::env::temp_dir().join(format!("well-sim-dir-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let toml_path = dir.join("d.toml");
        std::fs::write(&toml_path, "[[tenants]]\ndomain = \"t.cc\"\nagents = [{ job = \"7001\", password = \"x\" }]\nextensions = [{ number = \"8100\", registered = false }]\n").unwrap();
        let d = Directory::from_file(&toml_path).unwrap();
        assert_eq!(d.agent("t.cc", "7001").unwrap().password, "x");
        assert!(!d.extension("t.cc", "8100").unwrap().registered);
        let bad = dir.join("d.yaml");
        std::fs::write(&bad, "x").unwrap();
        assert!(Directory::from_file(&bad)
            .unwrap_err()
            .to_string()
            .contains("unknown file type"));
        let broken = dir.join("b.json");
        std::fs::write(&broken, "{\"tenants\": [").unwrap();
        assert!(Directory::from_file(&broken)
            .unwrap_err()
            .to_string()
            .contains("b.json"));
    }
}
