//! Frames to bytes.

use super::error::StompError;
use super::escape::escape;
use super::frame::Frame;

impl Frame {
    /// Append the wire form to `out`. A body holding a NUL gets a `content-length` header if it has none, so
    /// that it survives the trip. Fails only for a CONNECT/CONNECTED header that cannot be written unescaped.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), StompError> {
        let escaped = self.command.escapes_headers();
        if !escaped {
            let bad = self.headers.iter().any(|(k, v)| {
                k.contains([':', '\n', '\r']) || v.contains(['\n', '\r']) || k.is_empty()
            });
            if bad {
                return Err(StompError::Unencodable {
                    command: self.command.as_str(),
                });
            }
        }
        out.reserve(self.body.len() + 64);
        out.extend_from_slice(self.command.as_str().as_bytes());
        out.push(b'\n');
        for (k, v) in &self.headers {
            if escaped {
                escape(k, out);
                out.push(b':');
                escape(v, out);
            } else {
                out.extend_from_slice(k.as_bytes());
                out.push(b':');
                out.extend_from_slice(v.as_bytes());
            }
            out.push(b'\n');
        }
        if self.body.contains(&0) && self.get("content-length").is_none() {
            out.extend_from_slice(format!("content-length:{}\n", self.body.len()).as_bytes());
        }
        out.push(b'\n');
        out.extend_from_slice(&self.body);
        out.push(0);
        Ok(())
    }

    pub fn to_bytes(&self) -> Result<Vec<u8>, StompError> {
        let mut out = Vec::new();
        self.encode(&mut out)?;
        Ok(out)
    }
}
