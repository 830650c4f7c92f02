//! `crampless man [COMMAND]`: the manual page, in roff, of crampless or of one of
//! its commands, made from the same clap definitions as `--help`.

use std::io;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use crate::args::Global;
use crate::output;

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print, e.g. report [default: crampless itself].
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// `root` is the whole command line, as `main` defines it.
pub fn run(_global: &Global, args: &ManArgs, root: clap::Command) -> Result<ExitCode> {
    // No `help` command on a man page; built, so that subcommands carry the global
    // options and their full names.
    let mut root = root.disable_help_subcommand(true);
    root.build();
    let page = match &args.command {
        None => page(&root, true)?,
        Some(name) => {
            let sub = root.get_subcommands().find(|c| c.get_name() == name).ok_or_else(|| {
                let names: Vec<&str> = root.get_subcommands().map(|c| c.get_name()).collect();
                anyhow!("no command {name:?}; commands: {}", names.join(", "))
            })?;
            page(sub, false)?
        }
    };
    output::emit(None, |out| out.write_all(&page))?;
    Ok(ExitCode::SUCCESS)
}

/// The page of `cmd`: clap_mangen's sections, with the `--help` examples as an
/// EXAMPLES section; the main page adds exit status, environment and files.
fn page(cmd: &clap::Command, main: bool) -> io::Result<Vec<u8>> {
    let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name()).to_string();
    let man = Man::new(cmd.clone())
        .title(name.to_uppercase())
        .source(format!("crampless {}", env!("CARGO_PKG_VERSION")))
        .manual("crampless manual");
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut out)?;
    }
    let mut roff = Roff::new();
    if let Some(help) = cmd.get_after_help() {
        roff.control("SH", ["EXAMPLES"]).control("nf", []);
        for line in help.to_string().lines().skip_while(|l| l.trim() == "Examples:") {
            roff.text([roman(line.trim_start())]);
        }
        roff.control("fi", []);
    }
    if main {
        section(
            &mut roff,
            "EXIT STATUS",
            &[
                ("0", "Success."),
                (
                    "1",
                    "check --fail-on SEVERITY: a flag at least that severe was found (the report is still printed).",
                ),
                (
                    "2",
                    "Bad input or usage; the message names the file, line, column and value, and what was expected.",
                ),
            ],
        );
        section(
            &mut roff,
            "ENVIRONMENT",
            &[(
                "NO_COLOR",
                "When set and not empty, no colour (unless --color always). Colour is only used on a terminal.",
            )],
        );
        section(
            &mut roff,
            "FILES",
            &[(
                "crampless.toml",
                "Settings: every threshold, window and default. Read from the current folder, or from --config FILE. crampless init writes one with every setting explained.",
            )],
        );
    }
    roff.to_writer(&mut out)?;
    if cmd.get_version().is_some() {
        man.render_version_section(&mut out)?;
    }
    Ok(out)
}

/// A section of tagged paragraphs.
fn section(roff: &mut Roff, title: &str, items: &[(&str, &str)]) {
    roff.control("SH", [title]);
    for (tag, text) in items {
        roff.control("TP", []).text([bold(*tag)]).text([roman(*text)]);
    }
}
