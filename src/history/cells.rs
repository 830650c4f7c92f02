//! Parsing one cell of a history: plain decimals and ISO dates with an optional
//! time, exactly as the canonical format allows and nothing more.

use chrono::NaiveDate;

/// `[+-]digits[.digits]` or `[+-].digits`: what a person or spreadsheet writes, and
/// nothing Rust's float parser also accepts (`inf`, `NaN`, `1e3`).
pub(crate) fn parse_plain_decimal(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits_ok = int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit());
    if !digits_ok || (int.is_empty() && frac.is_empty()) {
        return None;
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Parse `YYYY-MM-DD`, optionally followed by a time: `THH:MM[:SS[.fff]]` with an
/// optional `Z` or `+HH:MM` offset, or ` HH:MM[:SS]`. Returns the calendar date as
/// written and whether a time was present.
pub(crate) fn parse_date(text: &str) -> Option<(NaiveDate, bool)> {
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    let rest = &b[10..];
    if rest.is_empty() {
        return Some((date, false));
    }
    let (sep, time) = (rest[0], &rest[1..]);
    let zone_allowed = match sep {
        b'T' => true,
        b' ' => false,
        _ => return None,
    };
    valid_time(time, zone_allowed).then_some((date, true))
}

fn digits(b: &[u8]) -> Option<u32> {
    if !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
}

fn valid_time(t: &[u8], zone_allowed: bool) -> bool {
    if t.len() < 5 || t[2] != b':' {
        return false;
    }
    let (Some(h), Some(m)) = (digits(&t[0..2]), digits(&t[3..5])) else {
        return false;
    };
    if h > 23 || m > 59 {
        return false;
    }
    let mut rest = &t[5..];
    if rest.first() == Some(&b':') {
        let Some(s) = rest.get(1..3).and_then(digits) else {
            return false;
        };
        if s > 60 {
            return false;
        }
        rest = &rest[3..];
        if zone_allowed && rest.first() == Some(&b'.') {
            let n = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return false;
            }
            rest = &rest[1 + n..];
        }
    }
    if rest.is_empty() {
        return true;
    }
    if !zone_allowed {
        return false;
    }
    match rest {
        b"Z" => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] | [b'+' | b'-', h1, h2, m1, m2] => {
            matches!((digits(&[*h1, *h2]), digits(&[*m1, *m2])), (Some(h), Some(m)) if h <= 23 && m <= 59)
        }
        [b'+' | b'-', h1, h2] => digits(&[*h1, *h2]).is_some_and(|h| h <= 23),
        _ => false,
    }
}
