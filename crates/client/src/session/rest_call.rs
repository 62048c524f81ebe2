//! The REST call wrapper: every CSTA request with the session token. A 426 logs in again silently through
//! TPI with the held credentials and retries once; other failures are retried once only when the request is
//! safe to repeat (reads, heartbeat).

use reqwest::Method;
use well_codes::Code;
use well_protocol::rest::ApiStatus;

use super::actor::Actor;
use super::refusals::not_logged_in;
use crate::error::ClientError;

impl Actor {
    /// A CSTA request with the session token. A 426 means the token expired: log in again through TPI with the
    /// held credentials and retry once. Other failures are retried once only when `safe` (reads, heartbeat).
    pub(super) async fn rest_call(
        &mut self,
        what: &'static str,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
        safe: bool,
    ) -> Result<Vec<u8>, ClientError> {
        let token = self.token.clone().ok_or_else(not_logged_in)?;
        match self
            .rest
            .request(what, method.clone(), path, &token, body.as_ref())
            .await
        {
            Err(e) if e.status() == Some(ApiStatus::SessionExpired) => {
                self.relogin().await?;
                let token = self.token.clone().ok_or_else(not_logged_in)?;
                self.rest
                    .request(what, method, path, &token, body.as_ref())
                    .await
            }
            Err(ClientError::Timeout { .. } | ClientError::Unreachable { .. }) if safe => {
                self.rest
                    .request(what, method, path, &token, body.as_ref())
                    .await
            }
            r => r,
        }
    }

    /// The silent TPI re-login after a 426; the new token is reported for the app to persist.
    async fn relogin(&mut self) -> Result<(), ClientError> {
        let creds = self.creds.clone().ok_or_else(|| {
            ClientError::refused(
                Code::SessionExpired,
                "the session expired and no credentials are held",
            )
        })?;
        let token = self
            .rest
            .tpi_login(&creds.job_number, &creds.password)
            .await?;
        tracing::info!("session expired: logged in again through TPI");
        self.token = Some(token);
        self.save();
        Ok(())
    }

    /// Send a planned command (not safe to repeat: only the 426 re-login retries it).
    pub(super) async fn send(&mut self, r: super::plan::Request) -> Result<Vec<u8>, ClientError> {
        self.rest_call(r.what, r.method, &r.path, r.body, false)
            .await
    }
}
