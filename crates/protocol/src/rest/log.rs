//! The optional log collector (§3.4). We never ship logs to it (they would carry tokens), but the simulator
//! accepts what the reference SDK sends.

use serde::{Deserialize, Serialize};

/// `POST <logPrefix>/log/wellclient?token=welljoint`: one debug-log line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogLineRequest {
    pub log: String,
}

/// `GET <logPrefix>/log/conf`: exactly `yes` enables shipping.
pub fn log_shipping_enabled(body: &str) -> bool {
    body == "yes"
}
