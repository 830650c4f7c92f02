//! Integration tests: run the real `crampless` binary on real files in a temp folder.

#[allow(dead_code)] // not every helper is used by every test module
mod workdir;

mod athletes;
#[cfg(unix)] // file-size limits and signals
mod atomic_write;
mod bad_input;
mod broken_pipe;
mod browser;
mod chart;
mod check;
mod check_stream;
mod conventions;
mod hardening;
#[cfg(unix)] // links, FIFOs, `ulimit -v`, `wait4`
mod hostile;
mod import;
mod import_activity;
mod init;
mod plan;
mod plan_options;
#[cfg(unix)] // `sh -c` and a symlink to the binary
mod readme;
mod report;
mod shell;
