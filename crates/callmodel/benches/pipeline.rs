//! Core throughput (issue: foundation, milestone 4): STOMP bytes → frames → typed events → call model →
//! changes serialized to JSON, as the client actor will run it. Each batch is N distinct inbound calls
//! (fresh `callId` and `serial`): a `delivered` with `userData`, then our own `connectionCleared`.
//!
//! `cargo bench -p well-callmodel --bench pipeline` prints the throughput in events/s (`thrpt`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::json;
use well_callmodel::{Model, ModelConfig};
use well_protocol::event::Event;
use well_protocol::ids::DeviceId;
use well_protocol::stomp::{Command, Decoder, Frame, Item};

const N: usize = 1_000;
const ME: &str = "8001@demo.cc";

fn message(body: &serde_json::Value, id: usize) -> Vec<u8> {
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
fn frames() -> Vec<Vec<u8>> {
    let mut out = Vec::with_capacity(2 * N);
    for i in 0..N {
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

fn logged_in() -> Model {
    let mut m = Model::new(ModelConfig::default());
    m.login_started("5001@demo.cc", DeviceId::parse_lenient(ME), 0);
    let on = json!({"eventName": "agentLoggedOn", "eventType": "agent", "serial": 0, "agentMode": "Ready"});
    m.apply_event(&Event::from_value(on).expect("valid event"), 0);
    m
}

fn pipeline(c: &mut Criterion) {
    let input = frames();
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Elements(input.len() as u64));
    group.bench_function("stomp_to_ui_json", |b| {
        let mut model = logged_in();
        let mut decoder = Decoder::default();
        let mut now = 0u64;
        let mut json: Vec<u8> = Vec::with_capacity(4096);
        b.iter(|| {
            let mut bytes_out = 0usize;
            for chunk in &input {
                decoder.push(chunk);
                while let Some(item) = decoder.next().expect("valid frames") {
                    let Item::Frame(frame) = item else { continue };
                    let body = frame.body_text().expect("UTF-8 body");
                    let event = Event::from_json(body).expect("valid event");
                    now += 1;
                    let out = model.apply_event(&event, now);
                    assert!(!out.changes.is_empty(), "an event emitted no change");
                    json.clear();
                    serde_json::to_writer(&mut json, &out.changes).expect("changes serialize");
                    bytes_out += json.len();
                }
            }
            bytes_out
        });
    });
    // The stages alone, to see where the time goes.
    group.bench_function("stomp_decode_only", |b| {
        let mut decoder = Decoder::default();
        b.iter(|| {
            let mut n = 0;
            for chunk in &input {
                decoder.push(chunk);
                while let Some(Item::Frame(f)) = decoder.next().expect("valid frames") {
                    n += f.body.len();
                }
            }
            n
        });
    });
    group.bench_function("stomp_and_event_decode", |b| {
        let mut decoder = Decoder::default();
        b.iter(|| {
            let mut n = 0;
            for chunk in &input {
                decoder.push(chunk);
                while let Some(Item::Frame(f)) = decoder.next().expect("valid frames") {
                    let event =
                        Event::from_json(f.body_text().expect("UTF-8 body")).expect("valid event");
                    n += event.serial().unwrap_or(0) as usize;
                }
            }
            n
        });
    });
    group.bench_function("model_and_json_only", |b| {
        let mut model = logged_in();
        let mut decoder = Decoder::default();
        let mut events = Vec::new();
        for chunk in &input {
            decoder.push(chunk);
            while let Some(Item::Frame(f)) = decoder.next().expect("valid frames") {
                events.push(
                    Event::from_json(f.body_text().expect("UTF-8 body")).expect("valid event"),
                );
            }
        }
        let mut now = 0u64;
        let mut json: Vec<u8> = Vec::with_capacity(4096);
        b.iter(|| {
            for event in &events {
                now += 1;
                let out = model.apply_event(event, now);
                json.clear();
                serde_json::to_writer(&mut json, &out.changes).expect("changes serialize");
            }
            json.len()
        });
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
