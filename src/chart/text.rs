//! Fitting text into boxes: word wrapping to a pixel width and cutting to a number
//! of lines with an ellipsis, and the number formats charts print. Pure logic; the
//! caller passes a function measuring a string's width in pixels.

/// The ellipsis that marks text cut short.
pub const ELLIPSIS: char = '…';

/// Wrap `text` into lines no wider than `max_px` (greedy, by words; a word wider
/// than a line is broken between characters).
pub fn wrap(text: &str, max_px: f64, measure: &dyn Fn(&str) -> f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate) <= max_px {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if measure(word) <= max_px {
            line = word.to_string();
        } else {
            // Break an over-long word (a URL, a compound) between characters.
            for c in word.chars() {
                let mut longer = line.clone();
                longer.push(c);
                if !line.is_empty() && measure(&longer) > max_px {
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                } else {
                    line = longer;
                }
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Keep at most `max_lines` lines; when some are dropped, end the last kept line
/// with an ellipsis (shortening it until it fits `max_px`).
pub fn truncate_lines(
    mut lines: Vec<String>,
    max_lines: usize,
    max_px: f64,
    measure: &dyn Fn(&str) -> f64,
) -> Vec<String> {
    if lines.len() <= max_lines {
        return lines;
    }
    lines.truncate(max_lines);
    if let Some(last) = lines.last_mut() {
        *last = with_ellipsis(last, max_px, measure);
    }
    lines
}

/// `text` followed by an ellipsis, dropping whole words from the end until it fits
/// `max_px` (or characters, when even the first word is too wide).
pub fn with_ellipsis(text: &str, max_px: f64, measure: &dyn Fn(&str) -> f64) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    for keep in (1..=words.len()).rev() {
        let head = words[..keep].join(" ");
        let candidate = format!("{}{ELLIPSIS}", head.trim_end_matches([',', ';', ':', '.']));
        if measure(&candidate) <= max_px {
            return candidate;
        }
    }
    let mut kept: Vec<char> = words.first().map(|w| w.chars().collect()).unwrap_or_default();
    loop {
        let candidate: String = kept.iter().chain(std::iter::once(&ELLIPSIS)).collect();
        if kept.is_empty() || measure(&candidate) <= max_px {
            return candidate;
        }
        kept.pop();
    }
}

/// A number with as many decimals as the values around it need: none from 20 up,
/// one from 2, else two. `-0` is written `0`.
pub fn number(value: f64, scale: f64) -> String {
    let decimals = if scale.abs() >= 20.0 {
        0
    } else if scale.abs() >= 2.0 {
        1
    } else {
        2
    };
    let text = format!("{value:.decimals$}");
    if text.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

/// A whole number, grouped in thousands by a narrow space from five digits on:
/// `1480`, `12 480`.
pub fn thousands(value: f64) -> String {
    let rounded = value.round();
    let digits = format!("{:.0}", rounded.abs());
    if digits.len() <= 4 {
        return format!("{rounded:.0}");
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    if rounded < 0.0 { format!("-{out}") } else { out }
}

/// A signed percentage change: `+12%`, `-3%`, `+0.5%` (one decimal below 1%).
pub fn change_pct(pct: f64) -> String {
    let sign = if pct > 0.0 {
        "+"
    } else if pct < 0.0 {
        "-"
    } else {
        "±"
    };
    let magnitude = pct.abs();
    // One decimal only where a whole number would say 0 or 1 of a smaller change.
    if magnitude < 0.95 && magnitude > 0.0 {
        format!("{sign}{magnitude:.1}%")
    } else {
        format!("{sign}{magnitude:.0}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(text: &str) -> f64 {
        text.chars().count() as f64 * 10.0
    }

    #[test]
    fn wraps_on_words_and_breaks_long_words() {
        assert_eq!(
            wrap("leg swings, high knees, hip circles", 120.0, &measure),
            ["leg swings,", "high knees,", "hip circles"]
        );
        assert_eq!(wrap("abcdefghijkl", 50.0, &measure), ["abcde", "fghij", "kl"]);
        assert_eq!(wrap("  ", 50.0, &measure), Vec::<String>::new());
        for line in wrap(
            "drink to thirst, roughly 0.4-0.8 L per hour with sodium",
            90.0,
            &measure,
        ) {
            assert!(measure(&line) <= 90.0, "{line}");
        }
    }

    #[test]
    fn truncation_ends_with_an_ellipsis_that_fits() {
        let lines = wrap("one two three four five six", 90.0, &measure);
        let cut = truncate_lines(lines, 2, 90.0, &measure);
        assert_eq!(cut, ["one two", "three…"]);
        assert_eq!(with_ellipsis("abcdefghijkl", 50.0, &measure), "abcd…");
        assert_eq!(truncate_lines(vec!["a".into()], 2, 90.0, &measure), ["a"]);
        assert_eq!(with_ellipsis("calves, quads", 80.0, &measure), "calves…");
    }

    #[test]
    fn numbers_have_sensible_precision() {
        assert_eq!(number(1234.4, 1500.0), "1234");
        assert_eq!(number(1.26, 2.0), "1.3");
        assert_eq!(number(0.8, 1.5), "0.80");
        assert_eq!(number(-0.001, 1.5), "0.00");
        assert_eq!(thousands(12480.4), "12\u{202f}480");
        assert_eq!(thousands(950.0), "950");
        assert_eq!(thousands(1480.0), "1480");
        assert_eq!(thousands(-123456.0), "-123\u{202f}456");
        assert_eq!(change_pct(12.4), "+12%");
        assert_eq!(change_pct(-30.0), "-30%");
        assert_eq!(change_pct(0.46), "+0.5%");
        assert_eq!(change_pct(-0.97), "-1%");
        assert_eq!(change_pct(0.0), "±0%");
    }
}
