//! crampless: a training-load planner that keeps people from ramping up too fast.
//!
//! The library does all the work and never prints; the `crampless` binary is a thin
//! shell around it. Data flows one way:
//!
//! ```text
//! history (CSV) -> timeline -> series + weekly table -> rules -> plan -> render
//! ```
//!
//! Every stage takes and returns plain data types, so each can be tested alone.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod analysis;
pub mod atomic;
pub mod chart;
pub mod compare;
pub mod config;
pub mod error;
pub mod escape;
pub mod history;
pub mod import;
pub mod load;
mod parallel;
pub mod plan;
pub mod render;
pub mod report;
pub mod rules;
pub mod series;
pub mod sport;
pub mod timeline;
pub mod tolerance;
pub mod weekly;

pub use analysis::{Analysis, AnalysisOptions, AthleteReport, Squad, analyze, analyze_athlete};
pub use config::Config;
pub use error::{Error, Result};
pub use history::{Cramp, History, Session};
pub use rules::{Flag, Rule, Severity};
