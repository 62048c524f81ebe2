//! MESSAGE bodies in ASCII-only JSON: the reference client decodes binary frames byte by byte as Latin-1, and
//! some STOMP stacks count `content-length` in characters; `\uXXXX` escapes make both harmless.

use serde_json::Value;

pub fn to_ascii_json(v: &Value) -> String {
    let text = v.to_string();
    if text.is_ascii() {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    // Non-ASCII can only stand inside JSON strings, where `\uXXXX` means the same character.
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{:04x}", u));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_text_is_escaped_and_reads_back_the_same() {
        let v = serde_json::json!({"客户": "张三 😀", "n": 1});
        let s = to_ascii_json(&v);
        assert!(s.is_ascii(), "{s}");
        assert_eq!(serde_json::from_str::<Value>(&s).unwrap(), v);
    }
}
