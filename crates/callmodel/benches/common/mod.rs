//! Input shared by the benchmarks: N distinct inbound calls as STOMP MESSAGE frames, and a logged-in model.

use serde_json::json;
use well_callmodel::{Model, ModelConfig};
use well_protocol::event::Event;
use well_protocol::ids::DeviceId;
use well_protocol::stomp::{Command, Frame};

const ME: &str = "8001@demo.cc";

pub fn message(body: &serde_json::Value, id: usize) -> Vec<u8> {
    Frame::new(Command::Message)
        .header("subscription", "sub-0")
        .header("message-id", &format!("msg-{id}"))
        .header("destination", "/topic/event.agent.*.5001@demo_cc")
        .header("content-type", "application/json;charset=UTF-8")
        .with_body(body.to_string())
        .to_bytes()
        .expect("a MESSAGE frame always encodes")
}

/// One WebSocket text message per frame, as the simulator sends them.
pub fn frames(n: usize) -> Vec<Vec<u8>> {
    let mut out = Vec::with_capacity(2 * n);
    for i in 0..n {
        let call = format!("6aee1dda-d4a2-4d3c-8fab-{i:012}");
        let customer = format!("139{:08}@demo.cc", i);
        let delivered = json!({
            "eventName": "delivered", "eventSrc": ME, "eventTime": "2026.11.25 10:00:00", "eventType": "csta",
            "serial": 2 * i + 1, "namespace": "demo.cc", "srcDeviceId": ME, "callId": call, "deviceId": ME,
            "localState": "Alerting", "connectionId": format!("{ME}|{call}"), "alertingDevice": ME,
            "callingDevice": customer, "calledDevice": ME, "callType": "Inbound",
            "userData": {"data": {"originalANI": customer, "originalDNIS": ME, "originalCallId": call,
                                  "customerName": "张三", "orderId": format!("A-{i}"), "queue": "VIP"}}
        });
        let cleared = json!({
            "eventName": "connectionCleared", "eventSrc": ME, "eventTime": "2026.11.25 10:00:05", "eventType": "csta",
            "serial": 2 * i + 2, "namespace": "demo.cc", "srcDeviceId": ME, "callId": call, "deviceId": ME,
            "localState": "Idle", "connectionId": format!("{ME}|{call}"), "cause": "NORMAL_CLEARING",
            "releasingDevice": ME, "hangupDevice": customer
        });
        out.push(message(&delivered, 2 * i));
        out.push(message(&cleared, 2 * i + 1));
    }
    out
}

pub fn logged_in() -> Model {
    let mut m = Model::new(ModelConfig::default());
    m.login_started("5001@demo.cc", DeviceId::parse_lenient(ME), 0);
    let on = json!({"eventName": "agentLoggedOn", "eventType": "agent", "serial": 0, "agentMode": "Ready"});
    m.apply_event(Event::from_value(on).expect("valid event"), 0);
    m
}
