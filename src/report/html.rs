//! Small HTML pieces shared by the report: escaping, anchors, dates, numbers and
//! severity badges. Every piece of user text (athlete names, sports, notes, and the
//! flag messages that quote them) goes through [`esc`].

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::rules::Severity;

/// Append formatted text to a `String` (writing to a `String` cannot fail).
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = write!($out, $($arg)*);
    }};
}
pub(crate) use put;

/// `text` escaped for HTML text and for double- or single-quoted attribute values.
pub fn esc(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A unique `id` for the `index`-th athlete: ASCII letters and digits of the name,
/// lower-cased, the rest folded into single dashes, after a number that keeps two
/// athletes whose names differ only in other characters apart.
pub fn anchor(index: usize, name: &str) -> String {
    let slug = slug(name);
    if slug.is_empty() {
        format!("athlete-{}", index + 1)
    } else {
        format!("athlete-{}-{slug}", index + 1)
    }
}

/// The ASCII letters and digits of `name`, lower-cased, other runs of characters
/// as one `-`, without a `-` at either end: safe in an `id` and a file name.
pub fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// `<time>` with the ISO date for machines and a short date for people:
/// "Tue 17 Nov 2026".
pub fn date(d: NaiveDate) -> String {
    format!("<time datetime=\"{d}\">{}</time>", d.format("%a %-d %b %Y"))
}

/// `<time>` without the year: "Tue 17 Nov".
pub fn day(d: NaiveDate) -> String {
    format!("<time datetime=\"{d}\">{}</time>", d.format("%a %-d %b"))
}

/// A severity in words, with its class for the colour. The word carries the
/// meaning; the colour only repeats it.
pub fn badge(severity: Severity) -> String {
    let (class, word) = match severity {
        Severity::Danger => ("danger", "Danger"),
        Severity::Caution => ("caution", "Caution"),
        Severity::Info => ("info", "Info"),
    };
    format!("<span class=\"badge badge-{class}\">{word}</span>")
}

/// A heading `<hN>` (N clamped to 1..=6) with an `id` when one is given.
pub fn heading(level: u8, id: Option<&str>, inner_html: &str) -> String {
    let level = level.clamp(1, 6);
    match id {
        Some(id) => format!("<h{level} id=\"{}\">{inner_html}</h{level}>\n", esc(id)),
        None => format!("<h{level}>{inner_html}</h{level}>\n"),
    }
}

/// "1 session", "2 sessions".
pub fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A signed percentage: "+12%", "-3%".
pub fn signed_pct(pct: f64) -> String {
    let text = crate::render::fmt_opt(Some(pct), 0);
    if !text.starts_with('-') {
        format!("+{text}%")
    } else {
        format!("{text}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_could_open_markup_or_close_an_attribute() {
        assert_eq!(esc("ana"), "ana");
        assert!(matches!(esc("ana"), Cow::Borrowed(_)));
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn anchors_are_plain_and_unique() {
        assert_eq!(anchor(0, "Ana"), "athlete-1-ana");
        assert_eq!(anchor(4, "  Bo  O'Neil <x> "), "athlete-5-bo-o-neil-x");
        assert_eq!(anchor(2, "Zoë"), "athlete-3-zo");
        assert_eq!(anchor(3, "山田"), "athlete-4");
        assert_ne!(anchor(0, "a b"), anchor(1, "a-b"));
    }

    #[test]
    fn dates_and_numbers() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 17).unwrap();
        assert_eq!(date(d), "<time datetime=\"2026-11-17\">Tue 17 Nov 2026</time>");
        assert_eq!(day(d), "<time datetime=\"2026-11-17\">Tue 17 Nov</time>");
        assert_eq!(signed_pct(12.4), "+12%");
        assert_eq!(signed_pct(-3.0), "-3%");
        assert_eq!(signed_pct(-0.2), "+0%");
        assert_eq!(count(1, "session"), "1 session");
        assert_eq!(count(0, "flag"), "0 flags");
    }
}
