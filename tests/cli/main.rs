//! Integration tests: run the real `crampless` binary on real files in a temp folder.

#[allow(dead_code)] // not every helper is used by every test module
mod workdir;

mod bad_input;
mod check;
mod import;
mod plan;
