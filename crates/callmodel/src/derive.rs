//! What is recomputed after every change: direction, display number, the masked `userData` (only when the
//! parties or the dial changed), then the allowed actions.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::agent::Agent;
use crate::call::Direction;
use crate::masking::{MaskPolicy, Masked};
use crate::model::Model;
use crate::{allowed, userdata};

pub(crate) fn agent_fingerprint(a: &Agent) -> u64 {
    crate::fingerprint::hash_of(a)
}

/// The shortest tail of a party number that is still treated as that number inside user data: the
/// platform writes numbers with or without the outbound prefix (`9` + number), so every tail of 7 digits or
/// more is masked too.
const MIN_NUMBER_TAIL: usize = 7;

/// `raw` (not internal) and each of its tails of at least [`MIN_NUMBER_TAIL`] characters, with what to
/// show instead: `shown` for the whole number (its display form or `destForDisplay`), for a tail its own
/// masked form, or `shown` again when that is a `destForDisplay`.
fn push_reps(reps: &mut Vec<(String, String)>, policy: &MaskPolicy, raw: &str, shown: &str) {
    if raw.is_empty() {
        return;
    }
    let masked = policy.mask_digits(raw);
    let custom = shown != masked;
    reps.push((raw.to_owned(), shown.to_owned()));
    let chars: Vec<char> = raw.chars().collect();
    for len in (MIN_NUMBER_TAIL..chars.len()).rev() {
        let display = if custom {
            shown.to_owned()
        } else if raw.is_ascii() {
            // Masking counts from the end, so a tail's display form is the tail of the display form.
            masked[masked.len() - len..].to_owned()
        } else {
            policy.mask_digits(&chars[chars.len() - len..].iter().collect::<String>())
        };
        let tail: String = chars[chars.len() - len..].iter().collect();
        reps.push((tail, display));
    }
}

impl Model {
    /// Recompute what is derived: direction, display number, masked user data, consult links, actions.
    pub(crate) fn refresh(&mut self) {
        for e in &mut self.calls {
            let others: Vec<&Masked> = e.call.other_parties().map(|p| &p.number).collect();
            let direction = if e.preoccupied {
                Direction::CampaignPreoccupied
            } else {
                let external = others.iter().any(|m| !m.is_internal());
                match (e.call.me_is_caller, external || others.is_empty()) {
                    (true, true) => Direction::Outbound,
                    (false, true) => Direction::Inbound,
                    (_, false) => Direction::Internal,
                }
            };
            // Show who is still there; when everyone has left, who was there.
            let present: Vec<&str> = e
                .call
                .other_parties()
                .filter(|p| p.state != crate::call::PartyState::Left)
                .map(|p| p.number.display())
                .collect();
            let shown = if present.is_empty() {
                others.iter().map(|m| m.display()).collect()
            } else {
                present
            };
            let display = match e.dial.as_ref().and_then(|d| d.dest_for_display.clone()) {
                Some(d) => d,
                None => shown.join(", "),
            };
            e.call.direction = direction;
            if e.call.display_number != display {
                e.call.display_number = display;
            }
            if e.raw_user_data.is_none() {
                e.call.user_data = None;
                e.masked_with = None;
                continue;
            }
            let key = {
                let mut h = crate::fingerprint::Fx::default();
                for p in &e.call.parties {
                    (p.number.raw(), p.number.display()).hash(&mut h);
                }
                if let Some(d) = &e.dial {
                    (&d.to, &d.typed, &d.dest_for_display).hash(&mut h);
                }
                h.finish()
            };
            if e.masked_with == Some(key) {
                continue;
            }
            let mut reps: Vec<(String, String)> = Vec::new();
            for p in &e.call.parties {
                if !p.number.is_internal() {
                    push_reps(
                        &mut reps,
                        &self.cfg.mask,
                        p.number.raw_number(),
                        p.number.display(),
                    );
                }
            }
            if let Some(d) = &e.dial {
                for raw in [&d.to, &d.typed] {
                    if !self.cfg.mask.is_internal(raw) {
                        let shown = d
                            .dest_for_display
                            .clone()
                            .unwrap_or_else(|| self.cfg.mask.mask_digits(raw));
                        push_reps(&mut reps, &self.cfg.mask, raw, &shown);
                    }
                }
            }
            e.call.user_data = e.raw_user_data.as_ref().map(|v| {
                Arc::new(userdata::mask_user_data(v, &reps, |n| {
                    match reps.iter().find(|(raw, _)| raw == n) {
                        Some((_, shown)) => shown.clone(),
                        None => self.cfg.mask.display(n),
                    }
                }))
            });
            e.masked_with = Some(key);
        }
        allowed::refresh(self);
    }
}
