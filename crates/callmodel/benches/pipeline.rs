//! Core throughput (issue: foundation, milestone 4): STOMP bytes → frames → typed events → call model →
//! changes serialized to JSON, as the client actor will run it. Each batch is N distinct inbound calls
//! (fresh `callId` and `serial`): a `delivered` with `userData`, then our own `connectionCleared`.
//!
//! `cargo bench -p well-callmodel --bench pipeline` prints the throughput in events/s (`thrpt`); the `stages`
//! bench splits the same work by stage.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use well_protocol::event::Event;
use well_protocol::stomp::{Decoder, Item};

const N: usize = 1_000;

fn pipeline(c: &mut Criterion) {
    let input = common::frames(N);
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Elements(input.len() as u64));
    group.bench_function("stomp_to_ui_json", |b| {
        let mut model = common::logged_in();
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
                    let out = model.apply_event(event, now);
                    assert!(!out.changes.is_empty(), "an event emitted no change");
                    json.clear();
                    serde_json::to_writer(&mut json, &out.changes).expect("changes serialize");
                    bytes_out += json.len();
                }
            }
            bytes_out
        });
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
