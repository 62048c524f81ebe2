//! The core pipeline once over 2 × N frames, stopping after a chosen stage: a repeatable workload for
//! instruction counts (`valgrind --tool=callgrind <this binary> <stage>`; the difference between two stages
//! is the cost of the later one) and a quick wall-clock figure.
//!
//! `cargo bench -p well-callmodel --bench stages` prints events/s for each stage.

mod common;

use std::time::Instant;
use well_protocol::event::Event;
use well_protocol::stomp::{Decoder, Item};

const N: usize = 1_000;
const STAGES: [&str; 5] = ["setup", "stomp", "event", "model", "full"];

/// Run up to `stage`; returns a checksum so nothing is optimized away.
fn run(input: &[Vec<u8>], stage: &str) -> usize {
    let mut model = common::logged_in();
    let mut decoder = Decoder::default();
    let mut json: Vec<u8> = Vec::with_capacity(4096);
    let mut sum = 0usize;
    if stage == "setup" {
        return input.len();
    }
    for (i, chunk) in input.iter().enumerate() {
        decoder.push(chunk);
        while let Some(item) = decoder.next().expect("valid frames") {
            let Item::Frame(frame) = item else { continue };
            if stage == "stomp" {
                sum += frame.body.len();
                continue;
            }
            let event =
                Event::from_json(frame.body_text().expect("UTF-8 body")).expect("valid event");
            if stage == "event" {
                sum += event.serial().unwrap_or(0) as usize;
                continue;
            }
            let out = model.apply_event(event, i as u64);
            assert!(!out.changes.is_empty(), "an event emitted no change");
            if stage == "model" {
                sum += out.changes.len();
                continue;
            }
            json.clear();
            serde_json::to_writer(&mut json, &out.changes).expect("changes serialize");
            sum += json.len();
        }
    }
    sum
}

fn main() {
    // `cargo bench` passes `--bench`; a stage name runs that stage alone (for callgrind).
    let arg = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let input = common::frames(N);
    if let Some(stage) = arg.filter(|a| STAGES.contains(&a.as_str())) {
        println!("{stage}: {}", run(&input, &stage));
        return;
    }
    if !std::env::args().any(|a| a == "--bench") {
        // `cargo test --benches`: run every stage once, as a test that the pipeline works.
        for stage in STAGES {
            assert!(run(&input, stage) > 0, "stage {stage} produced nothing");
        }
        println!("stages: ok (run with `cargo bench` for figures)");
        return;
    }
    let events = input.len() as f64;
    let mut previous = 0.0;
    for stage in &STAGES[1..] {
        let best = (0..30)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(run(&input, stage));
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min);
        println!(
            "{stage:>6}: {:>9.0} events/s up to here, {:>6.2} µs/event of which this stage {:>5.2} µs",
            events / best,
            best / events * 1e6,
            (best - previous) / events * 1e6
        );
        previous = best;
    }
}
