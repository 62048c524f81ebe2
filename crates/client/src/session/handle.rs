//! The cheap, cloneable side of the session: every call sends a command with a oneshot for the reply.

use tokio::sync::{broadcast, mpsc, oneshot};
use well_callmodel::contract::Snapshot;
use well_callmodel::output::Effect;
use well_protocol::event::AgentMode;
use well_protocol::ids::CallId;
use well_protocol::redact::Secret;

use super::config::SavedSession;
use super::recovered::{RecoverError, Recovered};
use crate::error::ClientError;
use crate::updates::Updates;

/// `loginMode` (spec §2.4): what to do when the agent is still logged in (454/455).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginMode {
    /// Log the old binding out and log in again.
    Force,
    /// Ask the agent (a question in the snapshot, answered through [`Handle::answer_question`]).
    Ask,
    /// Give up with the server's code.
    Stop,
}

#[derive(Debug, Clone)]
pub struct LoginRequest {
    pub job_number: String,
    pub password: Secret,
    pub extension: String,
    pub mode: LoginMode,
    pub agent_mode: AgentMode,
}

/// What to do with a call; the model's `allowed` list decides whether it may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallCommand {
    Answer,
    HangUp,
    Hold,
    Retrieve,
    Consult {
        number: String,
    },
    CancelConsult,
    Conference,
    Transfer,
    /// `transferAndWait` (spec §8.12, 1.3.7): transfer, and the customer comes back to this agent when the
    /// target hangs up. Allowed wherever a plain transfer is.
    TransferAndWait,
    SingleStepTransfer {
        number: String,
    },
    SingleStepConference {
        number: String,
    },
}

#[derive(Debug, Clone, Default)]
pub struct DialOptions {
    pub prefix: Option<String>,
    pub origin_for_display: Option<String>,
    pub dest_for_display: Option<String>,
    pub cpa: bool,
}

/// Counters for the diagnostics view and the fault tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostics {
    /// Events the model applied, found duplicate (by `serial`), or did not know (kept, ignored).
    pub model: well_callmodel::output::Stats,
    /// Malformed, binary and oversized inputs skipped on the event link (each followed by a re-sync).
    pub undecodable: u64,
    /// Re-syncs from `client-state` since the start.
    pub resyncs: u64,
    /// Event links opened since the start (the first one included).
    pub links: u64,
}

pub(crate) type Reply<T> = oneshot::Sender<Result<T, ClientError>>;

pub(crate) enum Cmd {
    Login(LoginRequest, Reply<()>),
    AnswerQuestion(bool, Reply<()>),
    Logout(Reply<()>),
    SetMode {
        ready: bool,
        reason: Option<String>,
        reply: Reply<()>,
    },
    Dial {
        number: Secret,
        opts: DialOptions,
        reply: Reply<CallId>,
    },
    Call {
        call: CallId,
        cmd: CallCommand,
        reply: Reply<()>,
    },
    Recover {
        saved: SavedSession,
        password: Option<Secret>,
        reply: oneshot::Sender<Result<Recovered, RecoverError>>,
    },
    Recording {
        start: bool,
        reply: Reply<()>,
    },
    SetCallData {
        call: CallId,
        entries: serde_json::Value,
        reply: Reply<()>,
    },
    GetCallData {
        call: CallId,
        reply: Reply<serde_json::Value>,
    },
    Prefixes(Reply<Vec<String>>),
    SetProfile(crate::ServerProfile, Reply<()>),
    SetAutoAnswer(well_callmodel::AutoAnswer, Reply<()>),
    SetAutoReady(Option<u64>, Reply<()>),
    SetDataView(well_callmodel::DataView, Reply<()>),
    SetMaskPolicy(well_callmodel::MaskPolicy, Reply<()>),
    History(oneshot::Sender<Vec<crate::history::HistoryEntry>>),
    /// Mark history entries seen (`None`: all); replies with the missed calls still unseen.
    HistorySeen(Option<Vec<u64>>, oneshot::Sender<usize>),
    Redial {
        id: u64,
        prefix: Option<String>,
        reply: Reply<CallId>,
    },
    Mask(String, oneshot::Sender<String>),
    Notice {
        level: well_callmodel::NoticeLevel,
        code: well_codes::Code,
        message: String,
        reply: oneshot::Sender<u64>,
    },
    DismissNotice(u64),
    Diagnostics(oneshot::Sender<Diagnostics>),
}

#[derive(Clone)]
pub struct Handle {
    tx: mpsc::Sender<Cmd>,
    effects: broadcast::Sender<Effect>,
    crm: broadcast::Sender<crate::crm_feed::CrmEvent>,
    published: crate::updates::Published,
}

fn gone() -> ClientError {
    ClientError::BadResponse {
        what: "session",
        reason: "the session task has stopped".into(),
    }
}

impl Handle {
    pub(crate) fn new(
        tx: mpsc::Sender<Cmd>,
        effects: broadcast::Sender<Effect>,
        crm: broadcast::Sender<crate::crm_feed::CrmEvent>,
        published: crate::updates::Published,
    ) -> Self {
        Handle {
            tx,
            effects,
            crm,
            published,
        }
    }

    async fn ask<T>(&self, make: impl FnOnce(Reply<T>) -> Cmd) -> Result<T, ClientError> {
        let (tx, rx) = oneshot::channel();
        self.tx.send(make(tx)).await.map_err(|_| gone())?;
        rx.await.map_err(|_| gone())?
    }

    pub async fn login(&self, req: LoginRequest) -> Result<(), ClientError> {
        self.ask(|r| Cmd::Login(req, r)).await
    }

    /// Answer the login-mode question: `true` forces the login, `false` gives up.
    pub async fn answer_question(&self, force: bool) -> Result<(), ClientError> {
        self.ask(|r| Cmd::AnswerQuestion(force, r)).await
    }

    pub async fn logout(&self) -> Result<(), ClientError> {
        self.ask(Cmd::Logout).await
    }

    pub async fn ready(&self) -> Result<(), ClientError> {
        self.ask(|reply| Cmd::SetMode {
            ready: true,
            reason: None,
            reply,
        })
        .await
    }

    pub async fn not_ready(&self, reason: Option<String>) -> Result<(), ClientError> {
        self.ask(|reply| Cmd::SetMode {
            ready: false,
            reason,
            reply,
        })
        .await
    }

    /// Dial `number` (raw digits, kept in the backend only); returns the new call's id.
    pub async fn make_call(
        &self,
        number: Secret,
        opts: DialOptions,
    ) -> Result<CallId, ClientError> {
        self.ask(|reply| Cmd::Dial {
            number,
            opts,
            reply,
        })
        .await
    }

    pub async fn call(&self, call: &CallId, cmd: CallCommand) -> Result<(), ClientError> {
        let call = call.clone();
        self.ask(|reply| Cmd::Call { call, cmd, reply }).await
    }

    /// Start or stop recording the current call of our extension (466 `recording.disabled` when the tenant has
    /// no recording); confirmed by `recordStarted` / `recordStopped`.
    pub async fn recording(&self, start: bool) -> Result<(), ClientError> {
        self.ask(|reply| Cmd::Recording { start, reply }).await
    }

    /// Attach data to a call (`setCallData`, body `{"entries": entries}`); later `delivered` events carry it.
    pub async fn set_call_data(
        &self,
        call: &CallId,
        entries: serde_json::Value,
    ) -> Result<(), ClientError> {
        let call = call.clone();
        self.ask(|reply| Cmd::SetCallData {
            call,
            entries,
            reply,
        })
        .await
    }

    /// Read a call's data back (`getCallData`), masked like the ringing `userData`. The `userData` of
    /// `delivered`, already in the snapshot, is the better source: this is one more request.
    pub async fn get_call_data(&self, call: &CallId) -> Result<serde_json::Value, ClientError> {
        let call = call.clone();
        self.ask(|reply| Cmd::GetCallData { call, reply }).await
    }

    /// The agent's outbound dial prefixes (`scanPrefix` of its trunks, distinct, in order; spec §3.3.7), for
    /// the dial pad's prefix choice. A read: retried once on a network failure.
    pub async fn prefixes(&self) -> Result<Vec<String>, ClientError> {
        self.ask(Cmd::Prefixes).await
    }

    /// Recover the saved session after a restart (no new login); with a password, an expired token is renewed.
    pub async fn recover(
        &self,
        saved: SavedSession,
        password: Option<Secret>,
    ) -> Result<Recovered, RecoverError> {
        let (tx, rx) = oneshot::channel();
        self.tx
            .send(Cmd::Recover {
                saved,
                password,
                reply: tx,
            })
            .await
            .map_err(|_| RecoverError::Other(gone()))?;
        rx.await.map_err(|_| RecoverError::Other(gone()))?
    }

    /// Use another server profile (server, TPI URL, domain) from the next login on; refused with
    /// `session.busy` while a session is up (log out first).
    pub async fn set_profile(&self, profile: crate::ServerProfile) -> Result<(), ClientError> {
        self.ask(|r| Cmd::SetProfile(profile, r)).await
    }

    /// Auto-answer policy from now on (the model decides when, the actor owns the timer).
    pub async fn set_auto_answer(
        &self,
        policy: well_callmodel::AutoAnswer,
    ) -> Result<(), ClientError> {
        self.ask(|r| Cmd::SetAutoAnswer(policy, r)).await
    }

    /// The calls that ended in this run, newest first (display forms only).
    pub async fn history(&self) -> Result<Vec<crate::history::HistoryEntry>, ClientError> {
        let (tx, rx) = oneshot::channel();
        self.tx.send(Cmd::History(tx)).await.map_err(|_| gone())?;
        rx.await.map_err(|_| gone())
    }

    /// The missed calls the agent has not seen yet.
    pub async fn missed_unseen(&self) -> Result<usize, ClientError> {
        self.history_seen(Some(Vec::new())).await
    }

    /// The agent saw these history entries (`None`: all of them); returns the missed calls still unseen.
    pub async fn history_seen(&self, ids: Option<Vec<u64>>) -> Result<usize, ClientError> {
        let (tx, rx) = oneshot::channel();
        self.tx
            .send(Cmd::HistorySeen(ids, tx))
            .await
            .map_err(|_| gone())?;
        rx.await.map_err(|_| gone())
    }

    /// Dial the other side of history entry `id` again: the raw number only the backend holds, with the
    /// destForDisplay it was dialled with, and `prefix` (an inbound caller may need the outbound prefix).
    pub async fn redial(&self, id: u64, prefix: Option<String>) -> Result<CallId, ClientError> {
        self.ask(|reply| Cmd::Redial { id, prefix, reply }).await
    }

    /// The display form of a number under this session's masking rule (a `tel:` link's number, say).
    pub async fn display_form(&self, raw: &str) -> Result<String, ClientError> {
        let (tx, rx) = oneshot::channel();
        self.tx
            .send(Cmd::Mask(raw.to_owned(), tx))
            .await
            .map_err(|_| gone())?;
        rx.await.map_err(|_| gone())
    }

    /// Mask numbers first seen from now on with this rule (displayed numbers keep their form).
    pub async fn set_mask_policy(
        &self,
        policy: well_callmodel::MaskPolicy,
    ) -> Result<(), ClientError> {
        self.ask(|r| Cmd::SetMaskPolicy(policy, r)).await
    }

    /// Summarise the data of calls from now on with these labels and "details" keys.
    pub async fn set_data_view(&self, view: well_callmodel::DataView) -> Result<(), ClientError> {
        self.ask(|r| Cmd::SetDataView(view, r)).await
    }

    /// End after-call work by itself after `after_ms` (`None`: never).
    pub async fn set_auto_ready(&self, after_ms: Option<u64>) -> Result<(), ClientError> {
        self.ask(|r| Cmd::SetAutoReady(after_ms, r)).await
    }

    /// Show a notice of the shell's own (settings, keyring) in the same numbered stream; returns its id.
    pub async fn notice(
        &self,
        level: well_callmodel::NoticeLevel,
        code: well_codes::Code,
        message: &str,
    ) -> Result<u64, ClientError> {
        let (reply, rx) = oneshot::channel();
        let cmd = Cmd::Notice {
            level,
            code,
            message: message.to_owned(),
            reply,
        };
        self.tx.send(cmd).await.map_err(|_| gone())?;
        rx.await.map_err(|_| gone())
    }

    /// The agent closed a notice (an unknown id changes nothing).
    pub async fn dismiss_notice(&self, id: u64) -> Result<(), ClientError> {
        self.tx
            .send(Cmd::DismissNotice(id))
            .await
            .map_err(|_| gone())
    }

    /// The state at the latest `seq`. Never waits for the session's requests in flight.
    pub async fn snapshot(&self) -> Result<Snapshot, ClientError> {
        self.published.snapshot().ok_or_else(gone)
    }

    pub async fn diagnostics(&self) -> Result<Diagnostics, ClientError> {
        let (tx, rx) = oneshot::channel();
        self.tx
            .send(Cmd::Diagnostics(tx))
            .await
            .map_err(|_| gone())?;
        rx.await.map_err(|_| gone())
    }

    /// Subscribe first, then take the snapshot, then apply updates after its `seq` (DESIGN).
    pub async fn subscribe(&self) -> Result<Updates, ClientError> {
        if self.tx.is_closed() {
            return Err(gone());
        }
        Ok(self.published.subscribe())
    }

    /// Incoming calls, auto-answer and ended calls, for the shell (popup, notification, history).
    pub fn effects(&self) -> broadcast::Receiver<Effect> {
        self.effects.subscribe()
    }

    /// Every server event the model applied, masked (and raw, for the bridge's admin setting), from now on.
    pub fn crm_events(&self) -> broadcast::Receiver<crate::crm_feed::CrmEvent> {
        self.crm.subscribe()
    }
}
