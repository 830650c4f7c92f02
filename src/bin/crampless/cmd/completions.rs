//! `crampless completions SHELL`: a completion script, made from the same clap
//! definitions as the command line itself.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use clap_complete::Shell;

use crate::args::Global;
use crate::output;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `root` is the whole command line, as `main` defines it.
pub fn run(_global: &Global, args: &CompletionsArgs, mut root: clap::Command) -> Result<ExitCode> {
    // Made in memory first: clap_complete panics on a failed write, and a closed
    // pipe must end the command quietly.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut root, "crampless", &mut script);
    output::emit(None, |out| out.write_all(&script))?;
    Ok(ExitCode::SUCCESS)
}
