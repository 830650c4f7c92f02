//! Escaping untrusted text by output format.
//!
//! Athlete, sport and file names, notes and zip entry names come from exports, GPX
//! files and archives that anyone can write. Before such text reaches an output it
//! goes through the escaper of that output's format, so that a name can never add
//! structure of its own:
//!
//! - [`terminal`]: control characters (all of C0, tab and line breaks included, DEL,
//!   C1, and the bidirectional overrides) are shown as `\u{1b}`-style escapes, so a
//!   name cannot clear the screen, set the title or forge a line;
//! - [`csv_cell`]: a cell that a spreadsheet would read as a formula (leading `=`,
//!   `+`, `-`, `@`, tab or carriage return) gets a `'` prefix (OWASP, "CSV
//!   injection"); numbers crampless writes itself are not passed through it;
//! - [`markdown`]: Markdown punctuation is backslash-escaped, `<`, `>` and `&` become
//!   entities, line breaks become spaces, so a name cannot add a heading, a table
//!   cell or row, a link, an image or raw HTML;
//! - [`ics_text`]: an RFC 5545 TEXT value (section 3.3.11): `\`, `;` and `,` are
//!   backslash-escaped, every line break becomes `\n`, other control characters are
//!   dropped (TEXT does not allow them); [`ics_clean`] does the last two only, for
//!   values the `icalendar` crate escapes itself; [`ics_fold`] folds a content line
//!   at 75 octets without splitting a UTF-8 sequence (section 3.1).
//!
//! The HTML report has its own escaping (`report::html`); JSON is escaped by serde.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal raw: C0 (tab and line feed included), DEL,
/// C1, and the Unicode bidirectional overrides and isolates (which reorder what
/// follows them on screen).
fn is_terminal_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` for a terminal: each control character as `\u{..}` (lower-case hex, as
/// Rust writes it), everything else as it is.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_terminal_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_terminal_control(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A CSV cell a spreadsheet will not run: text starting with `=`, `+`, `-`, `@`,
/// tab or carriage return gets a leading `'`.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` as inline Markdown that shows the same characters and adds no structure.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push(' '),
            c if is_terminal_control(c) => {
                let _ = write!(out, "\\\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// [`markdown`] line by line: each line of `text` escaped, the line breaks kept (a
/// heading followed by list lines of crampless's own, with names inside).
pub fn markdown_lines(text: &str) -> String {
    text.split('\n').map(markdown).collect::<Vec<_>>().join("\n")
}

/// `text` with every line break (CR LF, CR, LF, and the Unicode line and paragraph
/// separators) as one LF, and the other control characters but tab dropped.
pub fn ics_clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An RFC 5545 TEXT value: [`ics_clean`], then `\` `;` `,` escaped and line breaks
/// written as `\n`.
pub fn ics_text(text: &str) -> String {
    let clean = ics_clean(text);
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Fold one content line (without its CRLF) into lines of at most 75 octets, each
/// continuation starting with a space, never inside a UTF-8 sequence; the result
/// uses CRLF between the parts and none at the end.
pub fn ics_fold(line: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / 25);
    let mut rest = line;
    // The first line holds 75 octets; continuations 74 after their space.
    let mut room = LIMIT;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = LIMIT - 1;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_shows_every_control_character_escaped() {
        assert_eq!(terminal("ana"), "ana");
        assert!(matches!(terminal("Zoë 🏃"), Cow::Borrowed("Zoë 🏃")));
        assert_eq!(terminal("\u{1b}[2Jx"), r"\u{1b}[2Jx");
        assert_eq!(terminal("\u{1b}]0;pwned\u{7}"), r"\u{1b}]0;pwned\u{7}");
        assert_eq!(terminal("a\r0 rejected\nb\tc"), r"a\u{d}0 rejected\u{a}b\u{9}c");
        assert_eq!(terminal("\u{0}\u{7f}\u{9b}31m"), r"\u{0}\u{7f}\u{9b}31m");
        assert_eq!(terminal("abc\u{202e}fdp.exe"), r"abc\u{202e}fdp.exe");
    }

    #[test]
    fn csv_cells_that_start_a_formula_get_a_quote() {
        for (cell, want) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("ana", "ana"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn markdown_escapes_structure_and_html() {
        assert_eq!(markdown("ana"), "ana");
        assert_eq!(markdown("# x"), r"\# x");
        assert_eq!(markdown("a|b"), r"a\|b");
        assert_eq!(markdown("*b* _i_"), r"\*b\* \_i\_");
        assert_eq!(markdown("[x](javascript:y)"), r"\[x\]\(javascript:y\)");
        assert_eq!(markdown("![](http://t/p.png)"), r"\!\[\]\(http://t/p.png\)");
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            r"&lt;script&gt;alert\(1\)&lt;/script&gt;"
        );
        assert_eq!(markdown("a\\b & c"), r"a\\b &amp; c");
        assert_eq!(markdown("x\r\n## y\nz"), r"x \#\# y z");
        assert_eq!(markdown("`code` ~s~"), r"\`code\` \~s\~");
        assert_eq!(markdown("bell\u{7}"), r"bell\\u{7}");
        assert_eq!(markdown_lines("Plan for a_b\n  - x"), "Plan for a\\_b\n  - x");
    }

    #[test]
    fn ics_text_follows_rfc_5545() {
        // RFC 5545 3.3.11: ESCAPED-CHAR = ("\\" / "\;" / "\," / "\N" / "\n")
        assert_eq!(ics_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(ics_text("one\ntwo\r\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(
            ics_text("x\r\nEND:VEVENT\r\nBEGIN:VEVENT"),
            r"x\nEND:VEVENT\nBEGIN:VEVENT"
        );
        assert_eq!(ics_text("tab\there\u{0}\u{1b}[0m"), "tab\there[0m");
        assert_eq!(ics_text("Zoë: run"), "Zoë: run");
        assert_eq!(ics_clean("a\r\nb\u{7}c,d"), "a\nbc,d");
    }

    #[test]
    fn ics_fold_cuts_at_75_octets_on_character_boundaries() {
        let short = "SUMMARY:easy run";
        assert_eq!(ics_fold(short), short);
        let line = format!("NAME:{}", "a".repeat(100));
        let want = format!("NAME:{}\r\n {}", "a".repeat(70), "a".repeat(30));
        assert_eq!(ics_fold(&line), want);
        // "é" is two octets: the 75th octet would split one, so the cut comes before it.
        let line = format!("NAME:x{}", "é".repeat(60));
        let folded = ics_fold(&line);
        let parts: Vec<&str> = folded.split("\r\n").collect();
        assert_eq!(parts[0], format!("NAME:x{}", "é".repeat(34)));
        assert_eq!(parts[0].len(), 74);
        assert_eq!(parts[1], format!(" {}", "é".repeat(26)));
        for part in &parts {
            assert!(part.len() <= 75, "{part:?}");
        }
        assert_eq!(folded.replace("\r\n ", ""), line);
    }
}
