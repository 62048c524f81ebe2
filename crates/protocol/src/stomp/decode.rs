//! Bytes to frames, in the mini-redis shape: push what the socket gave, then take frames while the buffer
//! holds a whole one. Partial frames wait for more bytes; several frames in one chunk come out one by one.

use super::error::StompError;
use super::escape::unescape;
use super::frame::{Command, Frame};

/// 1 MiB: far above any event (a few KiB with `userData`), far below what would hurt.
pub const DEFAULT_MAX_FRAME: usize = 1 << 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Frame(Frame),
    /// A bare EOL between frames: a STOMP heart-beat (or the optional EOL after a frame's NUL).
    HeartBeat,
}

#[derive(Debug)]
pub struct Decoder {
    buf: Vec<u8>,
    start: usize,
    max_frame: usize,
    /// After an oversized frame without its NUL yet: drop bytes until the NUL that ends it.
    discarding: bool,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new(DEFAULT_MAX_FRAME)
    }
}

enum Step {
    Incomplete,
    Done(Item, usize),
}

impl Decoder {
    pub fn new(max_frame: usize) -> Self {
        Decoder {
            buf: Vec::new(),
            start: 0,
            max_frame,
            discarding: false,
        }
    }

    /// Bytes waiting for the rest of their frame.
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.start
    }

    pub fn push(&mut self, mut bytes: &[u8]) {
        if self.discarding {
            match memchr::memchr(0, bytes) {
                Some(i) => {
                    self.discarding = false;
                    bytes = &bytes[i + 1..];
                }
                None => return,
            }
        }
        if self.start > 0 && (self.start >= self.buf.len() / 2 || self.start > 64 * 1024) {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The next frame or heart-beat, `Ok(None)` when more bytes are needed. After an error the bad frame is
    /// already skipped: call again for the ones after it.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Item>, StompError> {
        let data = &self.buf[self.start..];
        match parse(data, self.max_frame) {
            Ok(Step::Incomplete) => {
                if data.len() > self.max_frame {
                    let size = data.len();
                    self.skip_bad_frame();
                    return Err(StompError::TooLarge {
                        size,
                        limit: self.max_frame,
                    });
                }
                Ok(None)
            }
            Ok(Step::Done(item, used)) => {
                self.start += used;
                if self.start == self.buf.len() {
                    self.buf.clear();
                    self.start = 0;
                }
                Ok(Some(item))
            }
            Err(e) => {
                self.skip_bad_frame();
                Err(e)
            }
        }
    }

    fn skip_bad_frame(&mut self) {
        match memchr::memchr(0, &self.buf[self.start..]) {
            Some(i) => self.start += i + 1,
            None => {
                self.buf.clear();
                self.start = 0;
                self.discarding = true;
            }
        }
    }
}

/// The index just past the next `\n`, and the line without its `\n` / `\r\n`.
fn line(data: &[u8], from: usize) -> Option<(&[u8], usize)> {
    let nl = memchr::memchr(b'\n', &data[from..])? + from;
    let mut end = nl;
    if end > from && data[end - 1] == b'\r' {
        end -= 1;
    }
    Some((&data[from..end], nl + 1))
}

fn parse(data: &[u8], max: usize) -> Result<Step, StompError> {
    match data {
        [] => return Ok(Step::Incomplete),
        [b'\n', ..] => return Ok(Step::Done(Item::HeartBeat, 1)),
        [b'\r', b'\n', ..] => return Ok(Step::Done(Item::HeartBeat, 2)),
        [b'\r'] => return Ok(Step::Incomplete),
        _ => {}
    }
    let Some((cmd, mut pos)) = line(data, 0) else {
        return incomplete_or_nul(data);
    };
    if memchr::memchr(0, cmd).is_some() {
        return Err(StompError::UnknownCommand(
            String::from_utf8_lossy(cmd).replace('\0', ""),
        ));
    }
    let cmd = std::str::from_utf8(cmd).map_err(|_| StompError::CommandNotUtf8)?;
    let command = Command::parse(cmd)
        .ok_or_else(|| StompError::UnknownCommand(cmd.chars().take(32).collect()))?;
    let escaped = command.escapes_headers();
    let mut headers = Vec::new();
    let mut n = 0;
    loop {
        let Some((raw, next)) = line(data, pos) else {
            return incomplete_or_nul(&data[pos..]);
        };
        pos = next;
        if raw.is_empty() {
            break;
        }
        n += 1;
        if memchr::memchr(0, raw).is_some() {
            return Err(StompError::HeaderNoColon { line: n });
        }
        let text = std::str::from_utf8(raw).map_err(|_| StompError::HeaderNotUtf8 { line: n })?;
        let (k, v) = text
            .split_once(':')
            .ok_or(StompError::HeaderNoColon { line: n })?;
        let (k, v) = if escaped {
            (
                unescape(k).ok_or(StompError::BadEscape { line: n })?,
                unescape(v).ok_or(StompError::BadEscape { line: n })?,
            )
        } else {
            (k.to_owned(), v.to_owned())
        };
        headers.push((k, v));
    }
    let content_length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .map(|(_, v)| v.as_str());
    let body_end = match content_length {
        Some(v) => {
            let len: usize = v
                .trim()
                .parse()
                .map_err(|_| StompError::BadContentLength(v.to_owned()))?;
            if len > max || pos + len > max {
                return Err(StompError::TooLarge {
                    size: pos + len,
                    limit: max,
                });
            }
            if data.len() < pos + len + 1 {
                return Ok(Step::Incomplete);
            }
            if data[pos + len] != 0 {
                return Err(StompError::MissingNul);
            }
            pos + len
        }
        None => match memchr::memchr(0, &data[pos..]) {
            Some(i) => pos + i,
            None => return Ok(Step::Incomplete),
        },
    };
    let body = data[pos..body_end].to_vec();
    Ok(Step::Done(
        Item::Frame(Frame {
            command,
            headers,
            body,
        }),
        body_end + 1,
    ))
}

/// A header section cut short by a NUL is a broken frame, not an incomplete one.
fn incomplete_or_nul(rest: &[u8]) -> Result<Step, StompError> {
    if memchr::memchr(0, rest).is_some() {
        Err(StompError::MissingNul)
    } else {
        Ok(Step::Incomplete)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(dec: &mut Decoder) -> Vec<Result<Item, StompError>> {
        let mut out = Vec::new();
        loop {
            match dec.next() {
                Ok(Some(i)) => out.push(Ok(i)),
                Ok(None) => return out,
                Err(e) => out.push(Err(e)),
            }
        }
    }

    #[test]
    fn a_frame_split_anywhere_is_reassembled() {
        let wire = b"MESSAGE\nsubscription:sub-0\ndestination:/t\n\n{\"a\":1}\0";
        for cut in 0..wire.len() {
            let mut d = Decoder::default();
            d.push(&wire[..cut]);
            assert!(frames(&mut d).is_empty(), "cut {cut}");
            d.push(&wire[cut..]);
            let got = frames(&mut d);
            assert_eq!(got.len(), 1, "cut {cut}");
            let Ok(Item::Frame(f)) = &got[0] else {
                panic!("{got:?}")
            };
            assert_eq!(f.get("subscription"), Some("sub-0"));
            assert_eq!(f.body, b"{\"a\":1}");
        }
    }

    #[test]
    fn several_frames_and_heart_beats_in_one_chunk() {
        let mut d = Decoder::default();
        d.push(b"\nRECEIPT\nreceipt-id:1\n\n\0\r\nMESSAGE\n\nx\0\n");
        let got: Vec<_> = frames(&mut d).into_iter().map(Result::unwrap).collect();
        assert_eq!(got.len(), 5);
        assert_eq!(got[0], Item::HeartBeat);
        assert!(matches!(&got[1], Item::Frame(f) if f.command == Command::Receipt));
        assert_eq!(got[2], Item::HeartBeat);
        assert!(matches!(&got[3], Item::Frame(f) if f.body == b"x"));
        assert_eq!(got[4], Item::HeartBeat);
    }

    #[test]
    fn content_length_allows_nul_in_the_body_and_first_header_wins() {
        let mut d = Decoder::default();
        d.push(b"MESSAGE\ncontent-length:3\ncontent-length:9\nk:a\nk:b\n\na\0b\0");
        let Some(Item::Frame(f)) = d.next().unwrap() else {
            panic!()
        };
        assert_eq!(f.body, b"a\0b");
        assert_eq!(f.get("k"), Some("a"));
    }

    #[test]
    fn connect_headers_are_not_unescaped_but_others_are() {
        let mut d = Decoder::default();
        d.push(b"CONNECTED\nversion:1.1\nx:a\\cb\n\n\0MESSAGE\nx:a\\cb\n\n\0");
        let Some(Item::Frame(a)) = d.next().unwrap() else {
            panic!()
        };
        let Some(Item::Frame(b)) = d.next().unwrap() else {
            panic!()
        };
        assert_eq!(a.get("x"), Some("a\\cb"));
        assert_eq!(b.get("x"), Some("a:b"));
    }

    #[test]
    fn an_oversized_content_length_fails_before_anything_is_allocated() {
        let mut d = Decoder::new(1024);
        d.push(b"MESSAGE\ncontent-length:99999999999\n\n");
        assert!(matches!(d.next(), Err(StompError::TooLarge { .. })));
        // The rest of that frame is dropped; the next one decodes.
        d.push(b"xyz\0MESSAGE\n\nok\0");
        let got = frames(&mut d);
        assert!(
            matches!(got.last(), Some(Ok(Item::Frame(f))) if f.body == b"ok"),
            "{got:?}"
        );
    }

    #[test]
    fn a_frame_without_its_nul_past_the_limit_is_an_error_and_the_next_frame_survives() {
        let mut d = Decoder::new(64);
        d.push(b"MESSAGE\n\n");
        d.push(&[b'a'; 100]);
        assert!(matches!(d.next(), Err(StompError::TooLarge { .. })));
        assert_eq!(d.buffered(), 0);
        d.push(&[b'a'; 1000]);
        assert_eq!(d.buffered(), 0, "discarded bytes are not kept");
        d.push(b"\0MESSAGE\n\nok\0");
        assert!(matches!(d.next().unwrap(), Some(Item::Frame(f)) if f.body == b"ok"));
    }

    #[test]
    fn malformed_frames_are_skipped_one_by_one() {
        let mut d = Decoder::default();
        d.push(b"BOGUS\n\n\0MESSAGE\nnocolon\n\n\0MESSAGE\nk:\\t\n\n\0MESSAGE\ncontent-length:x\n\n\0MESSAGE\n\nfine\0");
        let got = frames(&mut d);
        assert!(matches!(got[0], Err(StompError::UnknownCommand(_))));
        assert!(matches!(got[1], Err(StompError::HeaderNoColon { line: 1 })));
        assert!(matches!(got[2], Err(StompError::BadEscape { line: 1 })));
        assert!(matches!(got[3], Err(StompError::BadContentLength(_))));
        assert!(matches!(&got[4], Ok(Item::Frame(f)) if f.body == b"fine"));
    }

    #[test]
    fn encode_writes_the_reference_wire_text() {
        let f = Frame::new(Command::Subscribe)
            .header("id", "sub-0")
            .header("destination", "/topic/event.agent.*.5001@test_cc");
        assert_eq!(
            f.to_bytes().unwrap(),
            b"SUBSCRIBE\nid:sub-0\ndestination:/topic/event.agent.*.5001@test_cc\n\n\0"
        );
        let bad = Frame::new(Command::Connect).header("a", "x\ny");
        assert!(bad.to_bytes().is_err());
    }
}
