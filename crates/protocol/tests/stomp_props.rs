//! Property tests of the STOMP codec: no input makes it panic; every valid frame survives encode → decode,
//! whole or cut into arbitrary chunks.

use proptest::prelude::*;
use well_protocol::stomp::{Command, Decoder, Frame, Item};

fn command() -> impl Strategy<Value = Command> {
    prop::sample::select(Command::ALL.to_vec())
}

/// Header text: anything printable, specials included, for escaped frames.
fn header_text() -> impl Strategy<Value = String> {
    prop::string::string_regex("[a-zA-Z0-9:\\\\\n\r _.@|*/-]{0,12}").unwrap()
}

/// CONNECT/CONNECTED headers are not escaped, so names cannot hold ':' and nothing can hold a line break.
fn plain_name() -> impl Strategy<Value = String> {
    prop::string::string_regex("[a-z][a-z0-9-]{0,10}").unwrap()
}
fn plain_value() -> impl Strategy<Value = String> {
    prop::string::string_regex("[a-zA-Z0-9:,. _-]{0,12}").unwrap()
}

fn valid_frame() -> impl Strategy<Value = Frame> {
    (
        command(),
        prop::collection::vec(any::<u8>(), 0..64),
        any::<bool>(),
    )
        .prop_flat_map(|(cmd, body, with_len)| {
            let headers = if cmd.escapes_headers() {
                prop::collection::vec(
                    (
                        header_text().prop_filter("not content-length", |k| k != "content-length"),
                        header_text(),
                    ),
                    0..5,
                )
                .boxed()
            } else {
                prop::collection::vec(
                    (
                        plain_name().prop_filter("not content-length", |k| k != "content-length"),
                        plain_value(),
                    ),
                    0..5,
                )
                .boxed()
            };
            headers.prop_map(move |mut headers| {
                let mut body = body.clone();
                // A body with NUL needs content-length; without one it must be NUL-free.
                if with_len || body.contains(&0) {
                    headers.push(("content-length".into(), body.len().to_string()));
                }
                if !with_len && !headers.iter().any(|(k, _)| k == "content-length") {
                    body.retain(|&b| b != 0);
                }
                Frame {
                    command: cmd,
                    headers,
                    body,
                }
            })
        })
}

fn decode_all(d: &mut Decoder) -> Vec<Frame> {
    let mut out = Vec::new();
    while let Some(item) = d.next().expect("valid input") {
        if let Item::Frame(f) = item {
            out.push(f);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(chunks in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..200), 0..8), max in 16usize..4096) {
        let mut d = Decoder::new(max);
        for c in &chunks {
            d.push(c);
            for _ in 0..1000 {
                if let Ok(None) = d.next() {
                    break;
                }
            }
            prop_assert!(d.buffered() <= max + c.len());
        }
    }

    #[test]
    fn arbitrary_frame_like_text_never_panics(text in "(MESSAGE|CONNECTED|ERROR|RECEIPT|X)?(\n[a-z:\\\\-]{0,8}(:[0-9a-z\\\\]{0,5})?){0,4}\n{0,2}[a-z\u{0}]{0,8}\u{0}?") {
        let mut d = Decoder::new(256);
        d.push(text.as_bytes());
        for _ in 0..100 {
            if let Ok(None) = d.next() { break; }
        }
    }

    #[test]
    fn encode_then_decode_is_identity(frames in prop::collection::vec(valid_frame(), 1..5), cuts in prop::collection::vec(0usize..400, 0..6)) {
        let mut wire = Vec::new();
        for f in &frames {
            f.encode(&mut wire).unwrap();
            wire.extend_from_slice(b"\n");
        }
        let mut whole = Decoder::default();
        whole.push(&wire);
        prop_assert_eq!(&decode_all(&mut whole), &frames);

        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (wire.len() + 1)).collect();
        cuts.sort_unstable();
        let mut chunked = Decoder::default();
        let mut got = Vec::new();
        let mut at = 0;
        for c in cuts.into_iter().chain([wire.len()]) {
            chunked.push(&wire[at..c]);
            at = c;
            got.extend(decode_all(&mut chunked));
        }
        prop_assert_eq!(&got, &frames);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever a server puts in a MESSAGE body, decoding it is an error or an event, never a panic.
    #[test]
    fn arbitrary_event_bodies_never_panic(text in "\\PC{0,200}") {
        let _ = well_protocol::event::Event::from_json(&text);
    }

    #[test]
    fn json_shaped_event_bodies_never_panic(
        name in prop::sample::select(vec!["delivered", "held", "transferred", "agentReady", "x", ""]),
        key in prop::sample::select(vec!["serial", "callId", "userData", "isSuccess", "primaryOldCall", "eventName"]),
        value in prop::sample::select(vec!["1", "-1", "1e99", "\"s\"", "null", "[]", "{}", "true", "{\"data\":{\"a\":[1]}}"]),
    ) {
        let text = format!("{{\"eventName\":\"{name}\",\"{key}\":{value}}}");
        if let Ok(e) = well_protocol::event::Event::from_json(&text) {
            // What decodes re-serializes to JSON that decodes to the same event.
            let again = well_protocol::event::Event::from_value(e.to_value()).unwrap();
            prop_assert_eq!(again, e);
        }
    }
}

#[test]
fn crlf_line_endings_and_empty_header_values_are_accepted() {
    let mut d = Decoder::default();
    d.push(b"MESSAGE\r\nsubscription:sub-0\r\nempty:\r\n\r\nbody\0");
    let Some(Item::Frame(f)) = d.next().unwrap() else {
        panic!("no frame")
    };
    assert_eq!(f.get("subscription"), Some("sub-0"));
    assert_eq!(f.get("empty"), Some(""));
    assert_eq!(f.body, b"body");
}
