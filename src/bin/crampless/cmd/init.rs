//! `crampless init`: write `crampless.toml` with every setting at its default, each
//! explained, so people can see and tune the thresholds.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

use crampless::config::COMMENTED_DEFAULTS;

use crate::args::Global;
use crate::output;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the settings (a folder gets FOLDER/crampless.toml); `-` prints them.
    #[arg(default_value = "crampless.toml", value_name = "FILE")]
    pub path: PathBuf,
    /// Replace an existing file; the old one is kept as FILE.bak.
    #[arg(long)]
    pub force: bool,
}

pub fn run(global: &Global, args: &InitArgs) -> Result<ExitCode> {
    if args.path == Path::new("-") {
        output::emit(None, |out| out.write_all(COMMENTED_DEFAULTS.as_bytes()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let path = if args.path.is_dir() {
        args.path.join("crampless.toml")
    } else {
        args.path.clone()
    };
    let shown = path.display();
    if path.exists() {
        if !args.force {
            bail!(
                "{shown} already exists; edit it, or replace it with the defaults: crampless init --force{} (the old file is kept as {shown}.bak)",
                if args.path == Path::new("crampless.toml") {
                    String::new()
                } else {
                    format!(" {}", args.path.display())
                }
            );
        }
        crampless::atomic::replace_with_backup(&path, COMMENTED_DEFAULTS.as_bytes())?;
        global.detail(format_args!("kept the previous settings as {shown}.bak"));
    } else {
        crampless::atomic::write(&path, COMMENTED_DEFAULTS.as_bytes())?;
    }
    if !global.quiet {
        let read_by = if path == Path::new("crampless.toml") {
            "every command run in this folder reads it".to_string()
        } else {
            format!("use it with --config {shown}")
        };
        eprintln!("crampless: wrote {shown}: every setting at its default; {read_by}");
    }
    Ok(ExitCode::SUCCESS)
}
