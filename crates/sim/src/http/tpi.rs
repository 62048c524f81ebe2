//! The TPI login (§2.1): form `username`, `password`, `namespace` → `200 {"sessionId"}`, or 401.

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

use crate::shared::Shared;
use crate::switch::Refusal;

/// The reference SDK does not percent-encode the form, so a value is taken as sent when it does not decode.
fn form_fields(body: &[u8]) -> HashMap<String, String> {
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            let decode = |s: &str| {
                let plus = s.replace('+', " ");
                percent_decode(&plus).unwrap_or_else(|| s.to_owned())
            };
            Some((decode(k), decode(v)))
        })
        .collect()
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub async fn login(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Json<Value>, Refusal> {
    let f = form_fields(&body);
    let field = |k: &str| f.get(k).map(String::as_str).unwrap_or_default();
    let token =
        shared.act(|s| s.tpi_login(field("username"), field("password"), field("namespace")))?;
    Ok(Json(json!({ "sessionId": token })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_values_are_decoded_when_encoded_and_kept_when_not() {
        let f = form_fields(b"username=5001&password=a%26b%3D&namespace=demo.cc");
        assert_eq!(f["password"], "a&b=");
        let raw = form_fields(b"username=5001&password=100%&namespace=demo.cc");
        assert_eq!(raw["password"], "100%");
    }
}
