//! The `crampless` command line: parses arguments with clap, turns them into the
//! library's plain config types, and maps errors to exit codes (0 ok, 1 when
//! `--fail-on` is met, 2 for bad input or usage). A broken pipe is not an error.

mod args;
mod cmd;
mod output;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(a) => cmd::check::run(&cli.global, a),
        Command::Plan(a) => cmd::plan::run(&cli.global, a),
        Command::Import(a) => cmd::import::run(&cli.global, a),
    };
    match result {
        Ok(code) => code,
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("crampless: error: {}", message(&error));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each said once. The library's errors already end with
/// their cause (`history.csv: No such file or directory (os error 2)`), which anyhow's
/// `{:#}` would repeat.
fn message(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !text.ends_with(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}
