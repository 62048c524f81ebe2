//! The wellClient CTI platform's language, as the server speaks it.
//!
//! - [`event`]: the events published on an agent's STOMP topic (spec §5), typed, with unknown events and
//!   fields kept; [`inner`] holds the SDK-synthesised events (§5.5) used as payload shapes.
//! - [`rest`]: request and response bodies of every REST endpoint (§3), the status table (§2.5) and the
//!   path builders.
//! - [`ids`]: agent, device, call and connection ids, parsed leniently and checked before entering a path.
//! - [`stomp`]: a sans-IO STOMP 1.1/1.2 codec: bytes in, frames out, frames to bytes.
//! - [`redact`]: wire strings that serialize raw but never show a phone number in `Debug`.

pub mod error;
pub mod event;
pub mod ids;
pub mod inner;
mod mask;
pub mod redact;
pub mod rest;
pub mod stomp;

pub use error::{IdError, ProtocolError};
pub use event::{Event, EventFamily};
pub use ids::{AgentId, CallId, ConnectionId, DeviceId};
pub use redact::{Opaque, RawDevice, Secret, UserData};
