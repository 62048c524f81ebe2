//! Display forms of phone numbers (DESIGN "Masking"). A party number is held as [`Masked`]: its raw value is
//! reachable only through [`Masked::raw`], and everything else — `Debug`, `Display`, `Serialize` — gives the
//! display form, computed once from the profile's rule.

use regex::Regex;
use serde::{Serialize, Serializer};
use std::fmt;

use well_protocol::ids::{split_lenient, DeviceId};
use well_protocol::redact::mask_tail;

use crate::error::ModelError;

pub const DEFAULT_INTERNAL_PATTERN: &str = r"8\d{3,5}";
pub const DEFAULT_MASKED_DIGITS: usize = 4;

/// The profile's rule: internal numbers (the part before `@` matching the anchored pattern) show as they are;
/// every other number has its last `digits` digits replaced by `*`.
#[derive(Clone, Debug)]
pub struct MaskPolicy {
    internal: Regex,
    digits: usize,
}

impl Default for MaskPolicy {
    fn default() -> Self {
        MaskPolicy::new(DEFAULT_INTERNAL_PATTERN, DEFAULT_MASKED_DIGITS)
            .expect("the default pattern is valid")
    }
}

impl MaskPolicy {
    /// The pattern is anchored here (`^(?:…)$`) whether or not it already is, so `8001` never matches
    /// inside `13880012345`.
    pub fn new(internal_pattern: &str, digits: usize) -> Result<Self, ModelError> {
        if digits < 4 {
            return Err(ModelError::TooFewMaskedDigits(digits));
        }
        let p = internal_pattern
            .trim_start_matches('^')
            .trim_end_matches('$');
        Ok(MaskPolicy {
            internal: Regex::new(&format!("^(?:{p})$"))?,
            digits,
        })
    }

    pub fn is_internal(&self, number: &str) -> bool {
        self.internal.is_match(number)
    }

    /// The display form of a number or device id: no domain, masked unless internal.
    pub fn display(&self, raw: &str) -> String {
        let (number, _) = split_lenient(raw);
        if self.is_internal(number) {
            number.to_owned()
        } else {
            self.mask_digits(number)
        }
    }

    /// Mask the tail of a number known not to be internal.
    pub fn mask_digits(&self, number: &str) -> String {
        mask_tail(number, self.digits)
    }

    pub fn mask(&self, raw: &str) -> Masked {
        let (number, domain) = split_lenient(raw);
        let internal = self.is_internal(number);
        let display = if internal {
            number.to_owned()
        } else {
            self.mask_digits(number)
        };
        Masked {
            raw: wire(number, domain),
            display,
            internal,
        }
    }

    /// A number shown as the agent asked (`destForDisplay`), whatever its raw value.
    pub fn mask_as(&self, raw: &str, display: &str) -> Masked {
        let (number, domain) = split_lenient(raw);
        let internal = self.is_internal(number);
        Masked {
            raw: wire(number, domain),
            display: display.to_owned(),
            internal,
        }
    }
}

/// `number@domain` (just `number` without a domain), as `DeviceId::wire` writes it.
fn wire(number: &str, domain: &str) -> String {
    if domain.is_empty() {
        number.to_owned()
    } else {
        [number, "@", domain].concat()
    }
}

/// A party number: the raw wire value for the backend's requests, the display form for everything else.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Masked {
    raw: String,
    display: String,
    internal: bool,
}

impl Masked {
    /// The raw `number@domain`, for REST bodies and device comparisons only. Never log or emit it.
    pub fn raw(&self) -> &str {
        &self.raw
    }
    pub fn raw_number(&self) -> &str {
        split_lenient(&self.raw).0
    }
    pub fn display(&self) -> &str {
        &self.display
    }
    pub fn device(&self) -> DeviceId {
        DeviceId::parse_lenient(&self.raw)
    }
    /// Matches the profile's internal-number pattern (decided once, when the number was first seen).
    pub fn is_internal(&self) -> bool {
        self.internal
    }
    /// Same device as this raw wire string.
    pub fn is(&self, raw: &str) -> bool {
        well_protocol::ids::same_device(&self.raw, raw)
    }
}

impl fmt::Debug for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Masked({})", self.display)
    }
}

impl fmt::Display for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display)
    }
}

impl Serialize for Masked {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.display)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_numbers_lose_their_last_four_digits_and_their_domain() {
        let p = MaskPolicy::default();
        assert_eq!(p.display("13812345678@demo.cc"), "1381234****");
        assert_eq!(p.display("917602176375@zhen04.cc"), "91760217****");
        assert_eq!(p.display("1234@demo.cc"), "****");
        assert_eq!(p.display("110"), "***");
    }

    #[test]
    fn internal_numbers_show_as_they_are_but_only_on_a_whole_match() {
        let p = MaskPolicy::default();
        assert_eq!(p.display("8001@demo.cc"), "8001");
        assert_eq!(p.display("800123@demo.cc"), "800123");
        assert_eq!(p.display("8001234@demo.cc"), "800****");
        assert_eq!(p.display("38001@demo.cc"), "3****");
        // An unanchored pattern given by a user is anchored anyway.
        let q = MaskPolicy::new("8\\d{3}", 4).unwrap();
        assert_eq!(q.display("180012"), "18****");
    }

    #[test]
    fn fewer_than_four_masked_digits_is_refused() {
        assert!(matches!(
            MaskPolicy::new("8\\d{3}", 3),
            Err(ModelError::TooFewMaskedDigits(3))
        ));
        assert!(matches!(
            MaskPolicy::new("(", 4),
            Err(ModelError::BadPattern(_))
        ));
    }

    #[test]
    fn masked_shows_only_its_display_form() {
        let m = MaskPolicy::default().mask("13812345678@demo.cc");
        assert_eq!(m.raw(), "13812345678@demo.cc");
        assert_eq!(
            format!("{m} {m:?} {}", serde_json::to_string(&m).unwrap()),
            "1381234**** Masked(1381234****) \"1381234****\""
        );
        let d = MaskPolicy::default().mask_as("13812345678@demo.cc", "客户A");
        assert_eq!(d.display(), "客户A");
    }
}
