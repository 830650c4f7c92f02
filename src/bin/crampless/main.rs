//! The `crampless` command line: parses arguments with clap, turns them into the
//! library's plain config types, and maps errors to exit codes (0 ok, 1 when
//! `--fail-on` is met, 2 for bad input or usage). A broken pipe is not an error.

mod args;
mod cmd;
mod output;
mod progress;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(a) => cmd::check::run(&cli.global, a),
        Command::Plan(a) => cmd::plan::run(&cli.global, a),
        Command::Import(a) => cmd::import::run(&cli.global, a),
        Command::Chart(a) => cmd::chart::run(&cli.global, a),
    };
    match result {
        Ok(code) => code,
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("crampless: error: {error:#}");
            ExitCode::from(2)
        }
    }
}
