//! Rendering results as text, Markdown, CSV and JSON. Renderers write to any
//! `io::Write` and never decide where output goes; the binary does.

pub mod check;
pub mod plan;

use std::io::{self, Write};

/// How text output may be styled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// Emit ANSI colours (the binary decides: terminal, `NO_COLOR`, `--color`).
    pub color: bool,
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
        let cells: Vec<String> = row.iter().map(|c| c.replace('|', "\\|").replace('\n', " ")).collect();
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
