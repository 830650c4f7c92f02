//! Numbers as exports write them: thousands separators (`"1,250"`, `1.133` in
//! decimal-comma locales, spaces), decimal commas (`"9,44"`), a leading `'` that
//! some apps add against CSV injection, and `--`, empty or `""` for "no value".

use crate::history::parse_plain_decimal;

/// Which character separates the decimals in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum DecimalMark {
    /// `1,250.5`: English and most exports.
    #[default]
    Dot,
    /// `1.250,5`: German, French, Lithuanian ... locales.
    Comma,
}

impl DecimalMark {
    /// Decide from a file's values. A separator followed by other than exactly three
    /// digits is a decimal mark (`9,44`, `7.06`); groups of three prove nothing
    /// (`1,000` is 1000 in one locale and 1 in another), so with no evidence the dot wins.
    pub fn detect<'a>(values: impl IntoIterator<Item = &'a str>) -> DecimalMark {
        let (mut dot, mut comma) = (0usize, 0usize);
        for value in values {
            let value = value.trim();
            let last_dot = value.rfind('.');
            let last_comma = value.rfind(',');
            match (last_dot, last_comma) {
                // Both present: the later one is the decimal mark.
                (Some(d), Some(c)) if d > c => dot += 1,
                (Some(_), Some(_)) => comma += 1,
                (Some(d), None) if decimal_tail(&value[d + 1..]) => dot += 1,
                (None, Some(c)) if decimal_tail(&value[c + 1..]) => comma += 1,
                _ => {}
            }
        }
        if comma > dot {
            DecimalMark::Comma
        } else {
            DecimalMark::Dot
        }
    }

    fn thousands(self) -> char {
        match self {
            DecimalMark::Dot => ',',
            DecimalMark::Comma => '.',
        }
    }
}

/// Digits after a separator that cannot be a thousands group.
fn decimal_tail(tail: &str) -> bool {
    !tail.is_empty() && tail.len() != 3 && tail.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `text` means "no value".
pub(crate) fn is_missing(text: &str) -> bool {
    let t = text.trim();
    // `-`, `--` and Garmin's `--:--:--` are placeholders; `""` survives some re-saves.
    t.is_empty() || t == "\"\"" || t.chars().all(|c| c == '-' || c == ':')
}

/// Parse a number; `Ok(None)` when missing, `Err(())` when not a number.
pub(crate) fn parse(text: &str, mark: DecimalMark) -> Result<Option<f64>, ()> {
    if is_missing(text) {
        return Ok(None);
    }
    let text = text.trim();
    // A leading apostrophe guards against CSV injection in some exports ('-9).
    let text = text.strip_prefix('\'').unwrap_or(text);
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.strip_prefix('+').unwrap_or(text)),
    };
    let decimal = match mark {
        DecimalMark::Dot => '.',
        DecimalMark::Comma => ',',
    };
    let (int, frac) = match unsigned.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let int = strip_groups(int, mark.thousands()).ok_or(())?;
    let plain = match frac {
        Some(f) => format!("{sign}{int}.{f}"),
        None => format!("{sign}{int}"),
    };
    parse_plain_decimal(&plain).map(Some).ok_or(())
}

/// Remove thousands separators, accepting them only between groups of three digits
/// (`1,250`, `12 345`), so that `9,44` is never read as 944.
fn strip_groups(int: &str, separator: char) -> Option<String> {
    let is_separator = |c: char| c == separator || c == ' ' || c == '\u{a0}' || c == '\u{202f}';
    if !int.contains(is_separator) {
        return Some(int.to_string());
    }
    let groups: Vec<&str> = int.split(is_separator).collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (first_ok && rest_ok).then(|| groups.concat())
}

/// Round away float noise from unit conversion (225 lb x 5 = 510.29 kg, not
/// 510.2913...; 1468 s = 24.47 min).
pub(crate) fn round_to(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecimalMark::{Comma, Dot};

    #[test]
    fn dot_files() {
        for (text, want) in [
            ("7.06", Some(7.06)),
            ("1,250", Some(1250.0)),
            ("1,706.5", Some(1706.5)),
            ("12 345", Some(12345.0)),
            ("'-9", Some(-9.0)),
            ("2637.0", Some(2637.0)),
            ("--", None),
            ("", None),
            ("\"\"", None),
            ("  ", None),
        ] {
            assert_eq!(parse(text, Dot), Ok(want), "{text:?}");
        }
        for bad in ["9,44", "1,25", "abc", "1e3", "NaN", "1.2.3"] {
            assert_eq!(parse(bad, Dot), Err(()), "{bad:?}");
        }
    }

    #[test]
    fn comma_files() {
        assert_eq!(parse("9,44", Comma), Ok(Some(9.44)));
        assert_eq!(parse("1.133", Comma), Ok(Some(1133.0)));
        assert_eq!(parse("8.630", Comma), Ok(Some(8630.0)));
        assert_eq!(parse("1.250,5", Comma), Ok(Some(1250.5)));
        assert_eq!(parse("12", Comma), Ok(Some(12.0)));
        assert_eq!(parse("1,2,3", Comma), Err(()));
    }

    #[test]
    fn detection_needs_evidence() {
        assert_eq!(DecimalMark::detect(["5,81", "1.133", "--"]), Comma);
        assert_eq!(DecimalMark::detect(["9.73", "1,000"]), Dot);
        assert_eq!(DecimalMark::detect(["1,000", "1,225"]), Dot);
        assert_eq!(DecimalMark::detect(["1.250,5"]), Comma);
        assert_eq!(DecimalMark::detect(["14", "12,5", "14,7"]), Comma);
        assert_eq!(DecimalMark::detect(Vec::<&str>::new()), Dot);
    }
}
