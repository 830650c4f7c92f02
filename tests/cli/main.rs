//! Integration tests: run the real `crampless` binary on real files in a temp folder.

#[allow(dead_code)] // not every helper is used by every test module
mod workdir;

mod chart;
mod check;
mod import;
mod import_activity;
mod plan;
