//! A sans-IO STOMP 1.1/1.2 codec: [`Decoder`] takes bytes and gives frames (or heart-beats), [`Frame::encode`]
//! writes bytes. No socket, no async: the client and the simulator own the IO.

mod decode;
mod encode;
mod error;
mod escape;
mod frame;

pub use decode::{Decoder, Item, DEFAULT_MAX_FRAME};
pub use error::StompError;
pub use frame::{Command, Frame};
