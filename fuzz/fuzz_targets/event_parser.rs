//! The event parser on arbitrary text: it never panics, and whatever decodes serializes to JSON that decodes
//! and serializes to the same JSON again (the round trip is stable).
#![no_main]

use libfuzzer_sys::fuzz_target;
use well_protocol::event::Event;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(e) = Event::from_json(text) else {
        return;
    };
    let Ok(once) = serde_json::to_string(&e) else {
        return;
    };
    let again = Event::from_json(&once).expect("a serialized event decodes");
    let twice = serde_json::to_string(&again).expect("and serializes");
    assert_eq!(once, twice, "the round trip is stable");
});
