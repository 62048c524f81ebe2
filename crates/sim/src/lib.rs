//! A simulated wellClient CTI server, faithful to the platform's protocol: the demo mode of the desktop app and
//! the peer of every test.
//!
//! - [`Sim::start`] serves everything on one port and returns a [`SimHandle`]; [`config`] its settings;
//!   [`directory`] the tenants, agents and extensions.
//! - `switch`: the platform's rules as plain Rust (agents, bindings, calls, events, the global `serial`);
//!   an operation returns a refusal with the platform's status code or puts its events in an outbox.
//! - `broker`: STOMP connections and subscriptions, routing of the switch's events, `pause-events`.
//! - Adapters around them: `http` (the platform's REST API, the `/sim/...` control API, faults),
//!   `stomp_ws` (STOMP over WebSocket), `heartbeat` (the switch's timers), `demo` (demo traffic), and
//!   [`SimHandle`] with its control methods; `shared` holds switch, broker and faults behind one lock.

mod ascii_json;
mod broker;
mod clock;
pub mod config;
mod control_api;
pub mod demo;
pub mod directory;
pub mod error;
mod faults;
mod handle;
mod heartbeat;
mod http;
mod shared;
mod stomp_ws;
mod switch;
mod view;

pub use config::SimConfig;
pub use control_api::ControlError;
pub use directory::Directory;
pub use error::SimError;
pub use faults::HttpFault;
pub use handle::{Sim, SimHandle};
pub use view::AgentState;
