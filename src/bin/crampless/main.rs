//! The `crampless` command line: parses arguments with clap, turns them into the
//! library's plain config types, and maps errors to exit codes (0 ok, 1 when
//! `--fail-on` is met, 2 for bad input or usage). A broken pipe is not an error.

mod args;
mod cli;
mod cmd;
mod guard;
mod output;
mod progress;

use std::ffi::OsString;
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, FromArgMatches};

use cli::{Cli, Command};

fn main() -> ExitCode {
    let started = Instant::now();
    remove_temp_files_on_signal();
    let cli = parse();
    let result = match &cli.command {
        Command::Check(a) => cmd::check::run(&cli.global, a),
        Command::Plan(a) => cmd::plan::run(&cli.global, a),
        Command::Import(a) => cmd::import::run(&cli.global, a),
        Command::Chart(a) => cmd::chart::run(&cli.global, a),
        Command::Report(a) => cmd::report::run(&cli.global, a),
        Command::Init(a) => cmd::init::run(&cli.global, a),
        Command::Completions(a) => cmd::completions::run(&cli.global, a, Cli::command()),
        Command::Man(a) => cmd::man::run(&cli.global, a, Cli::command()),
    };
    match result {
        Ok(code) => {
            cli.global
                .detail(format_args!("done in {}", progress::elapsed(started)));
            code
        }
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // Errors quote file names and values: no control character reaches the terminal.
            eprintln!("crampless: error: {}", crampless::escape::terminal(&message(&error)));
            ExitCode::from(2)
        }
    }
}

/// On SIGINT, SIGTERM, SIGHUP or SIGXFSZ (a file-size limit reached), remove the
/// temporary file being written (a killed import must not leave a full-size hidden
/// copy of the history behind), then die of the signal as if there were no handler.
/// SIGKILL cannot be caught: after it, a hidden `.crampless-*.tmp` may remain.
#[cfg(unix)]
fn remove_temp_files_on_signal() {
    extern "C" fn on_signal(signal: libc::c_int) {
        crampless::atomic::remove_temp_files();
        // SAFETY: signal and raise are async-signal-safe.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGXFSZ] {
        // SAFETY: installs a handler that only calls async-signal-safe functions; a
        // signal the parent ignores (`nohup`, a background job) stays ignored.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            libc::sigaction(signal, std::ptr::null(), &mut old);
            if old.sa_sigaction == libc::SIG_IGN {
                continue;
            }
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

#[cfg(not(unix))]
fn remove_temp_files_on_signal() {}

/// The error and its causes on one line, each cause once: the library's errors
/// already quote the I/O error they wrap.
fn message(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

/// Parse the command line. `--color` also governs clap's own help and errors,
/// which are printed before `Global` exists.
fn parse() -> Cli {
    let matches = Cli::command()
        .color(color_flag(std::env::args_os().skip(1)))
        .get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// The `--color WHEN` (or `--color=WHEN`) of raw arguments, for clap's output;
/// clap's `auto` already honours `NO_COLOR` and terminals.
fn color_flag(args: impl Iterator<Item = OsString>) -> clap::ColorChoice {
    let mut when = None;
    let mut args = args.map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--color" {
            when = args.next();
        } else if let Some(value) = arg.strip_prefix("--color=") {
            when = Some(value.to_string());
        }
    }
    match when.as_deref() {
        Some("never") => clap::ColorChoice::Never,
        Some("always") => clap::ColorChoice::Always,
        _ => clap::ColorChoice::Auto,
    }
}
