//! Which handler each command of the handle goes to, and the commands that only set or read the actor's
//! own state (masking rule, auto-Ready, auto-answer, history, notices, diagnostics).

use super::actor::Actor;
use super::handle::{Cmd, DialOptions};
use crate::error::ClientError;
use well_codes::Code;

impl Actor {
    pub(super) async fn command(&mut self, c: Cmd) {
        match c {
            Cmd::Login(req, reply) => self.login(req, reply).await,
            Cmd::AnswerQuestion(force, reply) => {
                let r = self.answer_question(force).await;
                let _ = reply.send(r);
            }
            Cmd::Logout(reply) => {
                let r = self.logout().await;
                let _ = reply.send(r);
            }
            Cmd::SetMode {
                ready,
                reason,
                reply,
            } => {
                let r = self.set_mode(ready, reason).await;
                let _ = reply.send(r);
            }
            Cmd::Dial {
                number,
                opts,
                reply,
            } => {
                let r = self.dial(number, opts).await;
                let _ = reply.send(r);
            }
            Cmd::Call { call, cmd, reply } => {
                let r = self.call_command(&call, cmd).await;
                let _ = reply.send(r);
            }
            Cmd::Recover {
                saved,
                password,
                reply,
            } => {
                let r = self.recover(saved, password).await;
                let _ = reply.send(r);
            }
            Cmd::Recording { start, reply } => {
                let _ = reply.send(self.recording(start).await);
            }
            Cmd::SetCallData {
                call,
                entries,
                reply,
            } => {
                let _ = reply.send(self.set_call_data(&call, entries).await);
            }
            Cmd::GetCallData { call, reply } => {
                let _ = reply.send(self.get_call_data(&call).await);
            }
            Cmd::History(reply) => {
                let _ = reply.send(self.history.list());
            }
            Cmd::HistorySeen(ids, reply) => {
                let _ = reply.send(self.history.mark_seen(ids.as_deref()));
            }
            Cmd::Mask(raw, reply) => {
                let _ = reply.send(self.model.mask_policy().display(&raw));
            }
            Cmd::Redial { id, prefix, reply } => {
                let r = match self.history.redial_target(id) {
                    None => Err(ClientError::refused(
                        Code::HistoryUnknown,
                        "that call is not in the history, or has no number to dial",
                    )),
                    Some((number, dest_for_display)) => {
                        let opts = DialOptions {
                            prefix,
                            dest_for_display,
                            ..DialOptions::default()
                        };
                        self.dial(number, opts).await
                    }
                };
                let _ = reply.send(r);
            }
            Cmd::SetMaskPolicy(policy, reply) => {
                tracing::info!("masking rule changed");
                self.model.set_mask_policy(policy);
                let _ = reply.send(Ok(()));
            }
            Cmd::SetDataView(view, reply) => {
                tracing::info!(
                    labels = view.labels.len(),
                    details = view.details.len(),
                    "call data view changed"
                );
                self.model.set_data_view(view);
                let _ = reply.send(Ok(()));
            }
            Cmd::SetAutoReady(after, reply) => {
                tracing::info!(after_ms = ?after, "auto-Ready after after-call work");
                self.model.set_auto_ready(after);
                let _ = reply.send(Ok(()));
            }
            Cmd::SetAutoAnswer(policy, reply) => {
                tracing::info!(
                    enabled = policy.enabled,
                    delay_ms = policy.delay_ms,
                    "auto-answer"
                );
                self.model.set_auto_answer(policy);
                let _ = reply.send(Ok(()));
            }
            Cmd::SetProfile(profile, reply) => {
                let _ = reply.send(self.set_profile(profile));
            }
            Cmd::Prefixes(reply) => {
                let _ = reply.send(self.prefixes().await);
            }
            Cmd::Diagnostics(reply) => {
                let _ = reply.send(super::handle::Diagnostics {
                    model: self.model.stats(),
                    undecodable: self.undecodable,
                    resyncs: self.resyncs,
                    links: self.links,
                });
            }
            Cmd::Notice {
                level,
                code,
                message,
                reply,
            } => {
                let now = self.now_ms();
                let _ = reply.send(self.seq.notice(level, code, &message, now));
            }
            Cmd::DismissNotice(id) => self.seq.dismiss(id),
        }
    }
}
