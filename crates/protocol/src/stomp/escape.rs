//! Header value escaping (STOMP 1.2: `\\`, `\n`, `\c`, `\r`; 1.1 lacks `\r`, which we accept anyway).

pub fn escape(s: &str, out: &mut Vec<u8>) {
    for c in s.chars() {
        match c {
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            ':' => out.extend_from_slice(b"\\c"),
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
}

/// `None` for an undefined escape (a fatal error in STOMP 1.2).
pub fn unescape(s: &str) -> Option<String> {
    if !s.contains('\\') {
        return Some(s.to_owned());
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            'c' => out.push(':'),
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_round_trips_the_four_specials() {
        let mut out = Vec::new();
        escape("a:b\\c\nd\re", &mut out);
        assert_eq!(out, b"a\\cb\\\\c\\nd\\re");
        assert_eq!(
            unescape(std::str::from_utf8(&out).unwrap()).unwrap(),
            "a:b\\c\nd\re"
        );
        assert_eq!(unescape("bad\\t"), None);
        assert_eq!(unescape("trailing\\"), None);
    }
}
