//! The simulated platform's rules, as plain Rust: no HTTP, no STOMP, no timers. The adapters around it
//! (`http`, `stomp_ws`, `heartbeat`, `demo`, `SimHandle`) call an operation, map a [`Refusal`] to their own
//! answer, and hand the [`Output`]s to the broker and the timers.
//!
//! - `core`: the [`Switch`] and the steps operations share (publish, leave, settle);
//! - `agent_state`: TPI login, agent Login/Logout/SetState, heartbeats, supervisor actions;
//! - `call_control`: makeCall, answer, hold, hang-up, recording, call data, spy, `client-state`;
//! - `consult`: consultation and its endings, single-step transfer and conference;
//! - `outside`: customers, far ends and campaigns;
//! - `agent`, `call`, `event`, `refusal`: the records, the events' shapes, why an operation was refused.

mod agent;
mod agent_state;
mod call;
mod call_control;
mod consult;
mod core;
mod event;
mod outside;
mod refusal;
#[cfg(test)]
mod tests;

pub use agent::Session;
pub use agent_state::LogoutTarget;
pub use call::{view, MakeOptions, PState};
pub use call_control::{ConsultEnd, Operation};
pub use core::{Output, Rules, Switch};
pub use refusal::Refusal;
