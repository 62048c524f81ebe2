//! What is recomputed after every change: direction, display number, the masked `userData` (only when the
//! parties or the dial changed), then the allowed actions.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::allowed;
use crate::call::Direction;
use crate::masking::{MaskPolicy, Masked};
use crate::model::{Entry, Model};
use crate::userdata::{self, NumberRep};
use serde_json::Value;

/// `v` as the UI may see it in the context of this call: every raw number of its parties and of its dial
/// replaced by its display form, the number keys by the policy (DESIGN "Masking").
pub(crate) fn masked_data(mask: &MaskPolicy, e: &Entry, v: &Value) -> Value {
    // What each dialled string shows as, computed before borrowing them as replacements.
    let dial_shown: Vec<(&str, String)> = e
        .dial
        .iter()
        .flat_map(|d| [d.to.as_str(), d.typed.as_str()].map(|raw| (raw, d)))
        .filter(|(raw, _)| !mask.is_internal(raw))
        .map(|(raw, d)| {
            (
                raw,
                d.dest_for_display
                    .clone()
                    .unwrap_or_else(|| mask.mask_digits(raw)),
            )
        })
        .collect();
    let numbers: Vec<NumberRep<'_>> = e
        .call
        .parties
        .iter()
        .filter(|p| !p.number.is_internal())
        .map(|p| NumberRep {
            raw: p.number.raw_number(),
            shown: p.number.display(),
        })
        .chain(
            dial_shown
                .iter()
                .map(|(raw, shown)| NumberRep { raw, shown }),
        )
        .collect();
    userdata::mask_user_data(v, &numbers, |n| match numbers.iter().find(|r| r.raw == n) {
        Some(r) => r.shown.to_owned(),
        None => mask.display(n),
    })
}

impl Model {
    /// Call data read back from the server (`getCallData`), masked as the ringing `userData` is; `None` for a
    /// call the model does not hold.
    pub fn mask_call_data(&self, id: &well_protocol::ids::CallId, v: &Value) -> Option<Value> {
        self.calls
            .iter()
            .find(|e| &e.call.call_id == id)
            .map(|e| masked_data(&self.cfg.mask, e, v))
    }

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
                e.call.summary = None;
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
            let masked = e
                .raw_user_data
                .as_ref()
                .map(|v| Arc::new(masked_data(&self.cfg.mask, e, v)));
            e.call.summary = masked
                .as_deref()
                .and_then(|v| crate::userdata::summary(v, &self.cfg.data_view));
            e.call.user_data = masked;
            e.masked_with = Some(key);
        }
        allowed::refresh(self);
    }
}
