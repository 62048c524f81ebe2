//! The softphone's brain: a pure state machine of the agent and its calls. No IO, no tokio, no clock reads:
//! events, command outcomes and `now` go in; changes (whole entities) and effects come out.
//!
//! - [`model`]: [`Model`], the state and its entry points; `apply` the per-event rules; `derive` what is
//!   recomputed after each change; [`reconcile`] the re-sync from `client-state`; [`allowed`] what the agent
//!   may do now; [`output`] changes, effects and the snapshot.
//! - [`agent`] and [`call`]: the entities the UI renders; [`contract`]: the backend → UI snapshot/update types.
//! - [`masking`]: the display forms of numbers; the raw digits stay inside [`masking::Masked`].
//! - [`userdata`]: masking and one-line summaries of call-associated data.
//! - [`wire_mask`]: a server event's JSON with customer numbers in display forms (for the CRM bridge).
//! - [`focus`]: which call a single key means (answer, hang up) and which call is current.

pub mod agent;
pub mod allowed;
mod apply;
pub mod call;
pub mod contract;
mod derive;
pub mod error;
mod fingerprint;
pub mod focus;
pub mod masking;
pub mod model;
pub mod output;
pub mod reconcile;
#[cfg(any(test, feature = "test-util"))]
pub mod testing;
pub mod userdata;
pub mod wire_mask;

pub use agent::{Agent, AgentAction, AgentStatus, LogoffCause, Mode};
pub use call::{Call, CallAction, CallState, Direction, Party, PartyState};
pub use contract::{Change, Connection, Notice, NoticeLevel, Question, Snapshot, Update};
pub use error::ModelError;
pub use masking::{MaskPolicy, Masked};
pub use model::{AutoAnswer, Model, ModelConfig};
pub use output::{Effect, ModelSnapshot, Output, Stats};
pub use userdata::DataView;
