//! One module per subcommand: its clap arguments and its `run`.

pub mod chart;
pub mod check;
pub mod import;
pub mod plan;
