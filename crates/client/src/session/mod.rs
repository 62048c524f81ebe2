//! The session actor: one tokio task for the life of the app owns the connection and the call model; callers
//! hold a cheap, cloneable [`Handle`] (the mini-redis buffered-client shape). Login, logout and every command go
//! through it; updates come out numbered ([`crate::updates`]); changes of the saved session (login, silent
//! re-login, logout) come out on a backend-only channel for the app to persist.

mod actor;
mod call_control;
mod config;
mod deadlines;
mod dispatch;
mod handle;
mod login;
mod plan;
mod recover;
mod recovered;
mod refusals;
mod rest_call;

pub use config::{SavedSession, SavedSessionChange, SessionConfig};
pub use handle::{CallCommand, Diagnostics, DialOptions, Handle, LoginMode, LoginRequest};
pub use recovered::{RecoverError, Recovered};

use tokio::sync::{broadcast, mpsc};

/// Start the actor. Returns the handle, the saved-session channel and the effects (incoming call, call ended)
/// for the shell.
pub fn spawn(
    cfg: SessionConfig,
) -> Result<(Handle, mpsc::UnboundedReceiver<SavedSessionChange>), crate::ClientError> {
    let (tx, rx) = mpsc::channel(64);
    let (saved_tx, saved_rx) = mpsc::unbounded_channel();
    let (effects_tx, _) = broadcast::channel(64);
    let (crm_tx, _) = broadcast::channel(crate::crm_feed::CAPACITY);
    let actor = actor::Actor::new(cfg, rx, saved_tx, effects_tx.clone(), crm_tx.clone())?;
    let handle = Handle::new(tx, effects_tx, crm_tx, actor.seq.published());
    tokio::spawn(actor.run());
    Ok((handle, saved_rx))
}
