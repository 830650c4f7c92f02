#![no_main]
//! Fuzz target `config`: see `crampless_fuzz::config` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::config(data));
