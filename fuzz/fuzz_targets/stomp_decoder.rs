//! The STOMP decoder on arbitrary bytes, fed in chunks the input itself chooses: it never panics, never
//! holds more than its frame limit plus one chunk, and every frame it yields re-encodes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use well_protocol::stomp::{Decoder, Item};

const LIMIT: usize = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    let mut d = Decoder::new(LIMIT);
    let (cuts, body) = data.split_at(data.len().min(4));
    let mut rest = body;
    let mut i = 0;
    while !rest.is_empty() {
        let n = (usize::from(*cuts.get(i % cuts.len().max(1)).unwrap_or(&255)) + 1).min(rest.len());
        let (chunk, tail) = rest.split_at(n);
        d.push(chunk);
        rest = tail;
        i += 1;
        loop {
            match d.next() {
                Ok(Some(Item::Frame(f))) => {
                    let mut out = Vec::new();
                    let _ = f.encode(&mut out);
                }
                Ok(Some(Item::HeartBeat)) => {}
                Ok(None) => break,
                Err(_) => {}
            }
        }
        assert!(d.buffered() <= LIMIT + 256 + n, "buffer grew past the limit");
    }
});
