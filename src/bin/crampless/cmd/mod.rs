//! One module per subcommand: its clap arguments and its `run`.

pub mod chart;
pub mod check;
pub mod completions;
pub mod import;
pub mod init;
pub mod man;
pub mod plan;
pub mod report;
