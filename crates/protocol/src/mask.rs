//! The most conservative display form of a number: its last digits replaced by `*`. Everything that must
//! never show a customer's digits (`Debug` of wire strings, ids, the masking policy) builds on it.

/// Replace the last `count` digits of `number` by `*`; a number with no more than `count` digits is replaced
/// entirely. Non-digit characters (a `-W` switchboard pause, say) stay where they are unless the number is
/// replaced entirely. This is the most conservative display form and the one `Debug` uses everywhere.
pub fn mask_tail(number: &str, count: usize) -> String {
    if number.is_ascii() {
        // The common case, without a char buffer.
        let mut out = number.as_bytes().to_vec();
        let digits = out.iter().filter(|b| b.is_ascii_digit()).count();
        if digits <= count {
            return "*".repeat(out.len());
        }
        let mut left = count;
        for b in out.iter_mut().rev() {
            if left == 0 {
                break;
            }
            if b.is_ascii_digit() {
                *b = b'*';
                left -= 1;
            }
        }
        return String::from_utf8(out).unwrap_or_default();
    }
    let digits = number.chars().filter(char::is_ascii_digit).count();
    if digits <= count {
        return "*".repeat(number.chars().count());
    }
    let mut left = count;
    let mut out: Vec<char> = number.chars().collect();
    for c in out.iter_mut().rev() {
        if left == 0 {
            break;
        }
        if c.is_ascii_digit() {
            *c = '*';
            left -= 1;
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_tail_replaces_the_last_four_digits() {
        assert_eq!(mask_tail("13812345678", 4), "1381234****");
        assert_eq!(mask_tail("938834600-WW8001", 4), "938834600-WW****");
        assert_eq!(mask_tail("1234", 4), "****");
        assert_eq!(mask_tail("12", 4), "**");
        assert_eq!(mask_tail("123456", 5), "1*****");
        assert_eq!(mask_tail("电话13812345678", 4), "电话1381234****");
        assert_eq!(mask_tail("电话", 4), "**");
    }
}
