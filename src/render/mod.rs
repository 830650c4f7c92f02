//! Rendering results as text, Markdown, CSV and JSON. Renderers write to any
//! `io::Write` and never decide where output goes; the binary does.

pub mod check;
pub mod plan;

use std::io::{self, Write};

/// How text output may be styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Emit ANSI colours (the binary decides: terminal, `NO_COLOR`, `--color`).
    pub color: bool,
    /// Columns to wrap long lines at (the binary decides: the terminal's width, else
    /// [`DEFAULT_WIDTH`]).
    pub width: usize,
}

/// The width text is wrapped at when it does not go to a terminal.
pub const DEFAULT_WIDTH: usize = 100;

/// The narrowest width text is wrapped at, however narrow the terminal.
pub const MIN_WIDTH: usize = 40;

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: DEFAULT_WIDTH,
        }
    }
}

impl Style {
    /// `text` wrapped in the ANSI colour `code` when colour is on.
    pub fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// "17 days ago", "1 day ago", "the same day": how long before the as-of date the
/// last session was.
pub fn days_ago(days: i64) -> String {
    match days {
        0 => "the same day".to_string(),
        1 => "1 day ago".to_string(),
        n => format!("{n} days ago"),
    }
}

/// "as of 2026-12-02; last session 2026-11-15 (17 days ago)": every report says how
/// old its data is.
pub fn as_of_line(report: &crate::analysis::AthleteReport) -> String {
    format!(
        "as of {}; last session {} ({})",
        report.as_of,
        report.last_session,
        days_ago(report.days_since_last_session)
    )
}

/// "the last 14 days (2026-11-19 to 2026-12-02)": the recent window in words.
pub fn recent_window(report: &crate::analysis::AthleteReport) -> Option<String> {
    let days = report.recent_days?;
    let from = crate::analysis::recent_from(report.as_of, Some(days))?;
    Some(if days == 1 {
        format!("the as-of day ({})", report.as_of)
    } else {
        format!("the last {days} days ({from} to {})", report.as_of)
    })
}

/// "fitness still settling (20 of 42 days)" while the history is shorter than the
/// fitness time constant; form is not put into words until then.
pub fn settling_note(report: &crate::analysis::AthleteReport, config: &crate::config::Config) -> Option<String> {
    report
        .fitness_settling(&config.pmc)
        .map(|(days, of)| format!("fitness still settling ({days} of {of} days)"))
}

/// A plain table with a header, laid out by comfy-table without borders.
pub fn table(header: &[&str], rows: Vec<Vec<String>>, indent: &str) -> String {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::NOTHING);
    t.set_header(header.to_vec());
    for row in rows {
        t.add_row(row);
    }
    for (i, column) in t.column_iter_mut().enumerate() {
        if i > 0 {
            column.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    t.lines().map(|l| format!("{indent}{}\n", l.trim_end())).collect()
}

/// A Markdown table.
pub fn markdown_table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|{}", header.iter().map(|_| "---|").collect::<String>())?;
    for row in rows {
        // Cells carry athlete and sport names: escaped, a name adds no cell, row or HTML.
        let cells: Vec<String> = row.iter().map(|c| crate::escape::markdown(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// A number with at most `decimals` decimals and no trailing zeros; `-` for none.
pub fn fmt_opt(value: Option<f64>, decimals: usize) -> String {
    match value {
        None => "-".to_string(),
        Some(v) => {
            let text = format!("{v:.decimals$}");
            let text = if text.contains('.') {
                text.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                text
            };
            if text == "-0" { "0".to_string() } else { text }
        }
    }
}
