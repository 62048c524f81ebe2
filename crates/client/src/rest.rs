//! The platform's REST calls (spec §2–§3) over reqwest: every request has a connect and a total timeout, carries
//! the `sessionId` header, and fails with a typed error naming what failed. Retrying and the silent re-login on
//! 426 belong to the session, which knows what is safe to repeat.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;
use well_protocol::redact::Secret;
use well_protocol::rest::{ApiStatus, TpiLoginForm, TpiLoginResponse};

use crate::error::ClientError;
use crate::profile::{ProfileError, ServerProfile};

#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            total: Duration::from_secs(10),
        }
    }
}

/// `Accept` as the reference SDK (jQuery) sends it.
const ACCEPT: &str = "application/json, text/javascript, */*; q=0.01";

#[derive(Debug, Clone)]
pub struct Rest {
    http: reqwest::Client,
    profile: ServerProfile,
}

fn net_error(what: &'static str, e: reqwest::Error) -> ClientError {
    // Without the URL: paths hold agent and call ids, and errors end up in logs.
    let e = e.without_url();
    if e.is_timeout() {
        ClientError::Timeout { what }
    } else if e.is_decode() {
        ClientError::BadResponse {
            what,
            reason: e.to_string(),
        }
    } else {
        ClientError::Unreachable {
            what,
            reason: with_causes(&e),
        }
    }
}

/// The error and its causes, innermost last ("error sending request: … : invalid peer certificate: …"): the
/// cause is what tells a refused port from a DNS failure or an untrusted certificate. The URL is already gone.
fn with_causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let part = c.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        cause = c.source();
    }
    text
}

impl Rest {
    pub fn new(profile: ServerProfile, t: Timeouts) -> Result<Self, ClientError> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(t.connect)
            .timeout(t.total);
        for der in profile.extra_ca().map_err(ClientError::Profile)? {
            let cert = reqwest::Certificate::from_der(&der)
                .map_err(|e| ClientError::Profile(ProfileError::Ca(e.to_string())))?;
            builder = builder.add_root_certificate(cert);
        }
        let http = builder.build().map_err(|e| ClientError::Unreachable {
            what: "HTTP client",
            reason: e.to_string(),
        })?;
        Ok(Rest { http, profile })
    }

    pub fn profile(&self) -> &ServerProfile {
        &self.profile
    }

    /// TPI login (§2.1): the session token, or 401 for a wrong job number, password or domain.
    pub async fn tpi_login(
        &self,
        job_number: &str,
        password: &Secret,
    ) -> Result<Secret, ClientError> {
        let what = "TPI login";
        let form = TpiLoginForm {
            username: job_number.to_owned(),
            password: password.clone(),
            namespace: self.profile.domain.clone(),
        };
        let r = self
            .http
            .post(self.profile.tpi_url())
            .header("Accept", ACCEPT)
            .form(&form)
            .send()
            .await
            .map_err(|e| net_error(what, e))?;
        let body = Self::check(what, r).await?;
        let parsed: TpiLoginResponse =
            serde_json::from_slice(&body).map_err(|e| ClientError::BadResponse {
                what,
                reason: format!("no sessionId: {e}"),
            })?;
        Ok(parsed.session_id)
    }

    /// A CSTA request; the body of a 2xx answer (empty for 204).
    pub async fn request(
        &self,
        what: &'static str,
        method: Method,
        path: &str,
        session: &Secret,
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> Result<Vec<u8>, ClientError> {
        // The path holds ids only (never a number); bodies are not logged: they hold the numbers dialled.
        tracing::debug!(what, %method, path, "request");
        let mut req = self
            .http
            .request(method, self.profile.rest_url(path))
            .header("sessionId", session.expose())
            .header("Accept", ACCEPT);
        if let Some(b) = body {
            let json = serde_json::to_vec(b).map_err(|e| ClientError::BadResponse {
                what,
                reason: e.to_string(),
            })?;
            req = req
                .header("Content-Type", "application/json; charset=UTF-8")
                .body(json);
        }
        let r = req.send().await.map_err(|e| net_error(what, e))?;
        Self::check(what, r).await
    }

    /// A CSTA GET whose answer is JSON of type `T`.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        what: &'static str,
        path: &str,
        session: &Secret,
    ) -> Result<T, ClientError> {
        let body = self
            .request(what, Method::GET, path, session, None::<&Value>)
            .await?;
        serde_json::from_slice(&body).map_err(|e| ClientError::BadResponse {
            what,
            reason: e.to_string(),
        })
    }

    async fn check(what: &'static str, r: reqwest::Response) -> Result<Vec<u8>, ClientError> {
        let status = r.status();
        tracing::debug!(what, status = status.as_u16(), "response");
        let body = r.bytes().await.map_err(|e| net_error(what, e))?.to_vec();
        if status.is_success() {
            Ok(body)
        } else {
            let status = ApiStatus::from(status.as_u16());
            tracing::info!(what, code = %status.code(), "request refused");
            Err(ClientError::Status {
                what,
                status,
                body: String::from_utf8_lossy(&body).into_owned(),
            })
        }
    }
}
