//! REST bodies (spec §3), the status table of `/api/csta/agent/state` (§2.5) and path builders.

mod agent_state;
mod call_control;
mod client_state;
mod log;
pub mod paths;
mod status;

pub use agent_state::{
    AgentStateRequest, AgentStateResponse, Error455, Error459, TpiLoginForm, TpiLoginResponse,
};
pub use call_control::{
    call_data_body, AgentGreetingRequest, CallDataResponse, ConsultCallRequest, ConsultRequest,
    MakeCallRequest, MakeCallResponse, SetCallDataRequest, SingleStepConferenceRequest,
    SingleStepTransferRequest,
};
pub use client_state::{ActiveCall, AgentTrunk, ClientAgent, ClientState, PrefixResponse};
pub use log::{log_shipping_enabled, LogLineRequest};
pub use status::ApiStatus;
