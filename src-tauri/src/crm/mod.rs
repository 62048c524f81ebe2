//! The CRM's side: the local bridge (`well-bridge`) started with the session, its origins and settings
//! ([`bridge`]), and screen pop ([`screen_pop`]).

pub mod bridge;
pub mod screen_pop;
