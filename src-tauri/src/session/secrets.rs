//! Secrets (the session token) in the OS keyring, one namespace per profile. The store is chosen once at
//! start-up (TOOLING): on Linux the secret service when it answers (survives a reboot), else the kernel's
//! keyutils (lost at reboot); macOS Keychain and Windows Credential Manager natively. Where none works the
//! secrets stay in memory only and the app says so.

use keyring::{Entry, Error as KeyringError};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Store {
    /// Linux secret service (GNOME Keyring, KWallet): survives a reboot.
    SecretService,
    /// Linux kernel keyutils: survives an app restart, not a reboot.
    Keyutils,
    /// macOS Keychain / Windows Credential Manager.
    Native,
    /// No keyring answered: secrets live in memory for this run only.
    MemoryOnly,
}

pub struct Secrets {
    service: String,
    store: Store,
    memory: Mutex<HashMap<String, String>>,
}

/// A probe that does not come back in this time means the store is not usable (a secret service that D-Bus
/// tries to start but that never answers must not hold up the app).
/// The secret under which the agent's remembered password is kept.
pub const PASSWORD_KEY: &str = "password";

const PROBE_WAIT: Duration = Duration::from_secs(3);

impl Secrets {
    pub fn open(service: String) -> Self {
        let store = choose(&service);
        tracing::info!(?store, "secret store chosen");
        Secrets::with_store(service, store)
    }

    /// A store fixed by the caller (`open` after choosing; tests).
    pub fn with_store(service: String, store: Store) -> Self {
        Secrets {
            service,
            store,
            memory: Mutex::new(HashMap::new()),
        }
    }

    pub fn store(&self) -> Store {
        self.store
    }

    pub fn set(&self, key: &str, value: &str) -> Result<(), String> {
        match entry(self.store, &self.service, key) {
            Some(e) => e.map_err(describe)?.set_password(value).map_err(describe),
            None => {
                self.mem().insert(key.to_owned(), value.to_owned());
                Ok(())
            }
        }
    }

    pub fn get(&self, key: &str) -> Result<Option<String>, String> {
        match entry(self.store, &self.service, key) {
            Some(e) => match e.map_err(describe)?.get_password() {
                Ok(v) => Ok(Some(v)),
                Err(KeyringError::NoEntry) => Ok(None),
                Err(err) => Err(describe(err)),
            },
            None => Ok(self.mem().get(key).cloned()),
        }
    }

    pub fn delete(&self, key: &str) -> Result<(), String> {
        match entry(self.store, &self.service, key) {
            Some(e) => match e.map_err(describe)?.delete_credential() {
                Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
                Err(err) => Err(describe(err)),
            },
            None => {
                self.mem().remove(key);
                Ok(())
            }
        }
    }

    fn mem(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.memory.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn describe(e: KeyringError) -> String {
    format!("keyring: {e}")
}

/// The entry in that store; `None` for the in-memory store.
fn entry(store: Store, service: &str, key: &str) -> Option<Result<Entry, KeyringError>> {
    let made: Result<Entry, KeyringError> = match store {
        Store::MemoryOnly => return None,
        #[cfg(target_os = "linux")]
        Store::SecretService => {
            keyring::secret_service::SsCredential::new_with_target(None, service, key)
                .map(|c| Entry::new_with_credential(Box::new(c)))
        }
        #[cfg(target_os = "linux")]
        Store::Keyutils => {
            keyring::keyutils::KeyutilsCredential::new_with_target(None, service, key)
                .map(|c| Entry::new_with_credential(Box::new(c)))
        }
        _ => Entry::new(service, key),
    };
    Some(made)
}

/// Does a write, read back and delete in this store work within [`PROBE_WAIT`]? (A read alone is not
/// enough: keyutils answers "no entry" even where the process has no session keyring to write to.)
fn works(store: Store, service: &str) -> bool {
    let (tx, rx) = std::sync::mpsc::channel();
    let service = service.to_owned();
    std::thread::spawn(move || {
        let value = format!("probe-{}", std::process::id());
        let ok = match entry(store, &service, "probe") {
            Some(Ok(e)) => {
                e.set_password(&value).is_ok()
                    && e.get_password().ok().as_deref() == Some(value.as_str())
                    && e.delete_credential().is_ok()
            }
            _ => false,
        };
        let _ = tx.send(ok);
    });
    rx.recv_timeout(PROBE_WAIT).unwrap_or(false)
}

fn choose(service: &str) -> Store {
    let candidates: &[Store] = if cfg!(target_os = "linux") {
        &[Store::SecretService, Store::Keyutils]
    } else {
        &[Store::Native]
    };
    candidates
        .iter()
        .copied()
        .find(|s| works(*s, service))
        .unwrap_or(Store::MemoryOnly)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(s: &Secrets) {
        let value = format!("token-{}", std::process::id());
        s.set("token", &value).unwrap();
        assert_eq!(s.get("token").unwrap().as_deref(), Some(value.as_str()));
        s.delete("token").unwrap();
        assert_eq!(s.get("token").unwrap(), None);
        s.delete("token").unwrap();
    }

    #[test]
    fn the_memory_store_keeps_a_secret_for_this_run() {
        round_trip(&Secrets::with_store(
            "well-softphone-test".into(),
            Store::MemoryOnly,
        ));
    }

    /// The Windows Credential Manager (keyring's `windows-native` store: `CredWriteW`/`CredReadW`), run under
    /// Wine by scripts/windows.sh.
    #[test]
    #[cfg(windows)]
    fn the_credential_manager_round_trips_a_secret() {
        let service = format!("well-softphone-test-{}", std::process::id());
        assert!(
            works(Store::Native, &service),
            "the Credential Manager did not keep a secret"
        );
        assert_eq!(choose(&service), Store::Native, "it is the store chosen");
        round_trip(&Secrets::with_store(service, Store::Native));
    }

    /// Needs a session keyring (`keyctl session -`), as the test command provides; with `CI=true` it must run.
    #[test]
    #[cfg(target_os = "linux")]
    fn keyutils_round_trips_a_secret_when_a_session_keyring_exists() {
        let service = format!("well-softphone-test-{}", std::process::id());
        if !works(Store::Keyutils, &service) {
            assert!(
                std::env::var("CI").is_err(),
                "CI must provide a session keyring (keyctl session -)"
            );
            eprintln!("no session keyring here: run under `keyctl session -`");
            return;
        }
        round_trip(&Secrets::with_store(service, Store::Keyutils));
    }

    /// Needs an unlocked secret service on the session bus, as the test command provides.
    #[test]
    #[cfg(target_os = "linux")]
    fn the_secret_service_round_trips_a_secret_when_it_answers() {
        let service = format!("well-softphone-test-{}", std::process::id());
        if !works(Store::SecretService, &service) {
            assert!(
                std::env::var("CI").is_err(),
                "CI must run the tests with an unlocked gnome-keyring (dbus-run-session)"
            );
            eprintln!("no secret service here: run under dbus-run-session with gnome-keyring");
            return;
        }
        round_trip(&Secrets::with_store(service, Store::SecretService));
    }
}
