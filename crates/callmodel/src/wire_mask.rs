//! A server event as an integrated CRM page sees it (the local bridge): the wire JSON, field for field, with
//! every customer number in the display form the app's own window shows (DESIGN "Masking"). Device fields
//! of internal numbers (the agent's own extension, colleagues) stay as they are, domain included, so a CRM's
//! `alertingDevice == srcDeviceId` test still works.

use serde_json::{Map, Value};
use std::fmt;
use well_protocol::ids::{split_lenient, CallId};

use crate::masking::MaskPolicy;
use crate::model::{Entry, Model};
use crate::userdata::{self, NumberRep};

/// Keys whose value is a device (`number@domain`), wherever they appear (`originCallInfo` nests some).
const DEVICE_KEYS: &[&str] = &[
    "callingDevice",
    "calledDevice",
    "deviceId",
    "alertingDevice",
    "answeringDevice",
    "releasingDevice",
    "hangupDevice",
    "holdingDevice",
    "retrievingDevice",
    "transferringDevice",
    "transferredToDevice",
    "conferencingDevice",
    "addedParty",
    "lastRedirectionDevice",
    "initiatedDevice",
    "srcDeviceId",
    "eventSrc",
];

/// `device|callId`.
const CONNECTION_KEY: &str = "connectionId";
const USER_DATA_KEY: &str = "userData";

/// The customer numbers of some calls, each with what to show instead, taken from the model before and after
/// an event is applied (a call's last event removes it). Its `Debug` shows only the display forms.
#[derive(Clone, Default)]
pub struct PartyNumbers(Vec<(String, String)>);

impl fmt::Debug for PartyNumbers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(_, shown)| shown))
            .finish()
    }
}

impl PartyNumbers {
    pub fn extend(&mut self, other: PartyNumbers) {
        for pair in other.0 {
            if !self.0.iter().any(|(raw, _)| *raw == pair.0) {
                self.0.push(pair);
            }
        }
    }

    fn reps(&self) -> Vec<NumberRep<'_>> {
        self.0
            .iter()
            .map(|(raw, shown)| NumberRep { raw, shown })
            .collect()
    }

    fn shown(&self, number: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(raw, _)| raw == number)
            .map(|(_, shown)| shown.as_str())
    }
}

fn entry_numbers(mask: &MaskPolicy, e: &Entry, into: &mut Vec<(String, String)>) {
    for p in e.call.parties.iter().filter(|p| !p.number.is_internal()) {
        into.push((
            p.number.raw_number().to_owned(),
            p.number.display().to_owned(),
        ));
    }
    if let Some(d) = &e.dial {
        for raw in [d.to.as_str(), d.typed.as_str()] {
            if raw.is_empty() || mask.is_internal(raw) {
                continue;
            }
            let shown = d
                .dest_for_display
                .clone()
                .unwrap_or_else(|| mask.mask_digits(raw));
            into.push((raw.to_owned(), shown));
        }
    }
}

impl Model {
    /// The customer numbers of these calls as the model holds them now.
    pub fn party_numbers(&self, ids: &[CallId]) -> PartyNumbers {
        let mut v = Vec::new();
        for e in self.calls.iter().filter(|e| ids.contains(&e.call.call_id)) {
            entry_numbers(&self.cfg.mask, e, &mut v);
        }
        let mut out = PartyNumbers::default();
        out.extend(PartyNumbers(v));
        out
    }

    /// `wire` (an event's JSON) with every customer number replaced: device fields by the party's display
    /// form (or the masking rule for a number no call holds), `userData` as the window shows it, and any
    /// other string value by the known parties' display forms.
    pub fn mask_wire_event(&self, wire: &Value, numbers: &PartyNumbers) -> Value {
        let mut out = wire.clone();
        let reps = numbers.reps();
        mask_in(&mut out, &self.cfg.mask, numbers, &reps);
        out
    }
}

fn mask_device(s: &str, mask: &MaskPolicy, numbers: &PartyNumbers) -> Option<String> {
    let (number, _) = split_lenient(s);
    if number.is_empty() || mask.is_internal(number) {
        return None;
    }
    Some(match numbers.shown(number) {
        Some(shown) => shown.to_owned(),
        None => mask.display(number),
    })
}

fn mask_in(v: &mut Value, mask: &MaskPolicy, numbers: &PartyNumbers, reps: &[NumberRep<'_>]) {
    match v {
        Value::Object(m) => mask_object(m, mask, numbers, reps),
        Value::Array(items) => {
            for x in items {
                mask_in(x, mask, numbers, reps);
            }
        }
        Value::String(_) => *v = userdata::mask_value(v, reps),
        _ => {}
    }
}

fn mask_object(
    m: &mut Map<String, Value>,
    mask: &MaskPolicy,
    numbers: &PartyNumbers,
    reps: &[NumberRep<'_>],
) {
    for (k, x) in m.iter_mut() {
        let key = k.as_str();
        match x {
            Value::String(s) if DEVICE_KEYS.contains(&key) => {
                if let Some(shown) = mask_device(s, mask, numbers) {
                    *s = shown;
                }
            }
            Value::String(s) if key == CONNECTION_KEY => {
                if let Some((device, call)) = s.split_once('|') {
                    if let Some(shown) = mask_device(device, mask, numbers) {
                        *s = format!("{shown}|{call}");
                    }
                }
            }
            _ if key == USER_DATA_KEY => {
                *x = userdata::mask_user_data(x, reps, |n| match numbers.shown(n) {
                    Some(shown) => shown.to_owned(),
                    None => mask.display(n),
                });
            }
            _ => mask_in(x, mask, numbers, reps),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelConfig;
    use serde_json::json;
    use well_protocol::event::Event;
    use well_protocol::ids::DeviceId;

    const RAW: &str = "13912345678";

    fn logged_in() -> Model {
        let mut m = Model::new(ModelConfig::default());
        let _ = m.login_started("5001@demo.cc", DeviceId::new("8001", "demo.cc"), 0);
        m
    }

    fn inbound_delivered() -> Value {
        json!({
            "eventName": "delivered", "eventType": "csta", "serial": 7, "callId": "c-1",
            "srcDeviceId": "8001@demo.cc", "deviceId": "8001@demo.cc", "alertingDevice": "8001@demo.cc",
            "callingDevice": format!("{RAW}@demo.cc"), "calledDevice": "8001@demo.cc",
            "connectionId": "8001@demo.cc|c-1", "localState": "Alerting",
            "originCallInfo": {"callingDevice": format!("{RAW}@demo.cc")},
            "userData": {"data": {"originalANI": RAW, "note": format!("call back 9{RAW}"), "orderId": "A-17"}}
        })
    }

    #[test]
    fn an_inbound_ring_reaches_the_crm_with_the_callers_display_form_everywhere() {
        let mut m = logged_in();
        let wire = inbound_delivered();
        let ev = Event::from_json(&wire.to_string()).unwrap();
        let ids = ev.call_ids();
        let _ = m.apply_event(ev, 10);
        let masked = m.mask_wire_event(&wire, &m.party_numbers(&ids));
        let text = masked.to_string();
        assert!(!text.contains("2345678"), "{text}");
        assert_eq!(masked["callingDevice"], "1391234****");
        assert_eq!(masked["originCallInfo"]["callingDevice"], "1391234****");
        assert_eq!(masked["alertingDevice"], "8001@demo.cc");
        assert_eq!(masked["srcDeviceId"], masked["alertingDevice"]);
        assert_eq!(masked["userData"]["data"]["orderId"], "A-17");
        assert_eq!(masked["userData"]["data"]["originalANI"], "1391234****");
        assert_eq!(masked["callId"], "c-1");
    }

    #[test]
    fn a_number_no_call_holds_is_masked_by_the_rule_and_a_connection_id_keeps_its_call() {
        let m = logged_in();
        let wire = json!({"eventName": "connectionCleared", "callId": "c-9",
            "releasingDevice": format!("{RAW}@demo.cc"), "connectionId": format!("{RAW}@demo.cc|c-9")});
        let masked = m.mask_wire_event(&wire, &PartyNumbers::default());
        assert_eq!(masked["releasingDevice"], "1391234****");
        assert_eq!(masked["connectionId"], "1391234****|c-9");
    }

    #[test]
    fn numbers_collected_before_the_last_event_still_mask_it() {
        let mut m = logged_in();
        let wire = inbound_delivered();
        let ev = Event::from_json(&wire.to_string()).unwrap();
        let _ = m.apply_event(ev, 10);
        let before = m.party_numbers(&[CallId::new("c-1")]);
        assert!(format!("{before:?}").contains("1391234****"));
        assert!(
            !format!("{before:?}").contains(RAW),
            "Debug shows display forms only"
        );
        let gone = json!({"eventName": "connectionCleared", "callId": "c-1", "serial": 8,
            "releasingDevice": "8001@demo.cc", "note": format!("was {RAW}")});
        let _ = m.apply_event(Event::from_json(&gone.to_string()).unwrap(), 20);
        let masked = m.mask_wire_event(&gone, &before);
        assert_eq!(masked["note"], "was 1391234****");
        assert_eq!(masked["releasingDevice"], "8001@demo.cc");
    }
}
