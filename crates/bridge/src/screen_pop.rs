//! Screen pop (README "Integrating a CRM"): URL templates, and optionally a program with arguments, filled
//! from a call when it rings, is answered or ends. Placeholders: `{callId}`, `{number}` (the display form
//! unless raw numbers are allowed), `{direction}` (`inbound`, `outbound`, `internal`, `campaign`),
//! `{agentId}`, `{userData.KEY}` (a key of the call's data; nested `data` first). In a URL every value is
//! percent-encoded; for a program each argument is filled as it is (no shell ever sees it). Which pops fired
//! is remembered by call and trigger ([`Fired`]), so each fires once even across a reload, a reconnect or a
//! restart of the app.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::VecDeque;
use well_callmodel::call::{Call, CallState, Direction};
use well_callmodel::contract::Change;

use crate::view::Numbers;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    Ringing,
    Answered,
    Ended,
}

/// What a template cannot be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("a screen-pop URL must start with https:// or http://: {0:?}")]
    NotHttp(String),
    #[error("unknown placeholder {{{0}}}: use callId, number, direction, agentId or userData.KEY")]
    Unknown(String),
    #[error("a '{{' without its '}}' in {0:?}")]
    Unclosed(String),
}

/// The values a call gives its placeholders.
pub struct Fill<'a> {
    pub call: &'a Call,
    pub agent_id: &'a str,
    pub numbers: Numbers,
}

fn direction(c: &Call) -> &'static str {
    match c.direction {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
        Direction::Internal => "internal",
        Direction::CampaignPreoccupied => "campaign",
    }
}

fn number(c: &Call, numbers: Numbers) -> String {
    match numbers {
        Numbers::Display => c.display_number.clone(),
        Numbers::Raw => c
            .other_parties()
            .next()
            .map(|p| p.number.raw_number().to_owned())
            .unwrap_or_default(),
    }
}

fn user_data(c: &Call, key: &str) -> String {
    let Some(d) = c.user_data.as_deref() else {
        return String::new();
    };
    let v = d
        .get("data")
        .and_then(|x| x.get(key))
        .or_else(|| d.get(key));
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

impl Fill<'_> {
    fn value(&self, name: &str) -> Result<String, TemplateError> {
        Ok(match name {
            "callId" => self.call.call_id.as_str().to_owned(),
            "number" => number(self.call, self.numbers),
            "direction" => direction(self.call).to_owned(),
            "agentId" => self.agent_id.to_owned(),
            _ => match name.strip_prefix("userData.") {
                Some(key) if !key.is_empty() => user_data(self.call, key),
                _ => return Err(TemplateError::Unknown(name.to_owned())),
            },
        })
    }
}

/// RFC 3986 unreserved characters stay; everything else is `%XX` of its UTF-8 bytes.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn fill_with(
    template: &str,
    mut value: impl FnMut(&str) -> Result<String, TemplateError>,
) -> Result<String, TemplateError> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| TemplateError::Unclosed(template.to_owned()))?;
        out.push_str(&value(&after[..close])?);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A URL template filled from a call, every value percent-encoded.
pub fn fill_url(template: &str, f: &Fill<'_>) -> Result<String, TemplateError> {
    let t = template.trim();
    if !(t.starts_with("https://") || t.starts_with("http://")) {
        return Err(TemplateError::NotHttp(t.to_owned()));
    }
    fill_with(t, |name| f.value(name).map(|v| encode(&v)))
}

/// One argument of a program hook, filled as it is.
pub fn fill_arg(template: &str, f: &Fill<'_>) -> Result<String, TemplateError> {
    fill_with(template, |name| f.value(name))
}

/// Check a URL template (in the settings) without a call.
pub fn check_url(template: &str) -> Result<(), TemplateError> {
    let t = template.trim();
    if !(t.starts_with("https://") || t.starts_with("http://")) {
        return Err(TemplateError::NotHttp(t.to_owned()));
    }
    check_arg(t)
}

pub fn check_arg(template: &str) -> Result<(), TemplateError> {
    fill_with(template, |name| match name {
        "callId" | "number" | "direction" | "agentId" => Ok(String::new()),
        n if n.strip_prefix("userData.").is_some_and(|k| !k.is_empty()) => Ok(String::new()),
        n => Err(TemplateError::Unknown(n.to_owned())),
    })
    .map(|_| ())
}

/// The triggers an update sets off: a call seen ringing (on our extension or, dialled by us, at the far
/// end), a call answered, a call gone. `before` holds the calls the update applies to.
pub fn triggers(before: &[Call], changes: &[Change]) -> Vec<(Trigger, Call)> {
    let mut out = Vec::new();
    for c in changes {
        match c {
            Change::Call(call) => {
                let old = before.iter().find(|o| o.call_id == call.call_id);
                let rings = matches!(call.state, CallState::Ringing | CallState::Ringback);
                if rings
                    && old.is_none_or(|o| {
                        !matches!(o.state, CallState::Ringing | CallState::Ringback)
                    })
                {
                    out.push((Trigger::Ringing, call.clone()));
                }
                if call.state == CallState::Connected
                    && old.is_none_or(|o| o.answered_at_ms.is_none())
                    && call.answered_at_ms.is_some()
                {
                    out.push((Trigger::Answered, call.clone()));
                }
            }
            Change::CallRemoved { call_id } => {
                if let Some(old) = before.iter().find(|o| &o.call_id == call_id) {
                    out.push((Trigger::Ended, old.clone()));
                }
            }
            _ => {}
        }
    }
    out
}

/// The (call, trigger) pairs that fired, newest last, bounded; kept in the profile by the app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fired(VecDeque<(String, Trigger)>);

/// Enough for a day of calls; older entries cannot come back (their calls are over).
const FIRED_KEPT: usize = 2000;

impl Fired {
    /// True the first time for this call and trigger (and remembers it).
    pub fn first(&mut self, call_id: &str, trigger: Trigger) -> bool {
        if self.0.iter().any(|(c, t)| c == call_id && *t == trigger) {
            return false;
        }
        if self.0.len() == FIRED_KEPT {
            self.0.pop_front();
        }
        self.0.push_back((call_id.to_owned(), trigger));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use well_callmodel::call::{Party, PartyRole, PartyState};
    use well_callmodel::masking::MaskPolicy;
    use well_protocol::ids::CallId;

    fn call(state: CallState, answered: Option<u64>) -> Call {
        let mut c = well_callmodel::testing::call("c-1", state, &[]);
        c.parties = vec![Party {
            number: MaskPolicy::default().mask("13912345678@demo.cc"),
            me: false,
            role: PartyRole::Caller,
            state: PartyState::Connected,
        }];
        c.answered_at_ms = answered;
        c.user_data = Some(std::sync::Arc::new(
            json!({"data": {"orderId": "A&B 1/2", "客户": "王"}}),
        ));
        c
    }

    #[test]
    fn every_placeholder_is_filled_and_percent_encoded_in_a_url() {
        let c = call(CallState::Ringing, None);
        let f = Fill {
            call: &c,
            agent_id: "5001@demo.cc",
            numbers: Numbers::Display,
        };
        let url = fill_url(
            "https://crm.example/pop?c={callId}&n={number}&d={direction}&a={agentId}&o={userData.orderId}&k={userData.客户}&x={userData.none}",
            &f,
        )
        .unwrap();
        assert_eq!(
            url,
            "https://crm.example/pop?c=c-1&n=1391234%2A%2A%2A%2A&d=inbound&a=5001%40demo.cc&o=A%26B%201%2F2&k=%E7%8E%8B&x="
        );
        let raw = Fill {
            call: &c,
            agent_id: "",
            numbers: Numbers::Raw,
        };
        assert!(fill_url("https://crm.example/?n={number}", &raw)
            .unwrap()
            .ends_with("=13912345678"));
        assert_eq!(
            fill_arg("--order={userData.orderId}", &f).unwrap(),
            "--order=A&B 1/2"
        );
    }

    #[test]
    fn bad_templates_are_refused_with_what_is_wrong() {
        assert!(matches!(
            check_url("javascript:alert(1)"),
            Err(TemplateError::NotHttp(_))
        ));
        assert!(matches!(
            check_url("file:///etc/passwd"),
            Err(TemplateError::NotHttp(_))
        ));
        assert!(matches!(
            check_url("https://x/{nope}"),
            Err(TemplateError::Unknown(_))
        ));
        assert!(matches!(
            check_url("https://x/{callId"),
            Err(TemplateError::Unclosed(_))
        ));
        assert!(check_url("https://x/{callId}?d={userData.id}").is_ok());
    }

    #[test]
    fn a_ring_an_answer_and_an_end_each_trigger_once() {
        let ringing = call(CallState::Ringing, None);
        let t = triggers(&[], &[Change::Call(ringing.clone())]);
        assert_eq!(
            t.iter().map(|x| x.0).collect::<Vec<_>>(),
            [Trigger::Ringing]
        );
        let mut before = vec![ringing.clone()];
        assert!(
            triggers(&before, &[Change::Call(ringing)]).is_empty(),
            "still ringing"
        );
        let answered = call(CallState::Connected, Some(5));
        assert_eq!(
            triggers(&before, &[Change::Call(answered.clone())])[0].0,
            Trigger::Answered
        );
        before = vec![answered.clone()];
        let mut held = answered.clone();
        held.state = CallState::Held;
        assert!(triggers(&before, &[Change::Call(held)]).is_empty());
        let gone = triggers(
            &before,
            &[Change::CallRemoved {
                call_id: CallId::new("c-1"),
            }],
        );
        assert_eq!(gone[0].0, Trigger::Ended);

        let mut fired = Fired::default();
        assert!(fired.first("c-1", Trigger::Ringing));
        assert!(!fired.first("c-1", Trigger::Ringing));
        assert!(fired.first("c-1", Trigger::Answered));
        let kept: Fired = serde_json::from_str(&serde_json::to_string(&fired).unwrap()).unwrap();
        assert_eq!(kept, fired);
    }
}
