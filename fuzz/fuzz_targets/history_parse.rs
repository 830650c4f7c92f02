#![no_main]
//! Fuzz target `history_parse`: see `crampless_fuzz::history_parse` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::history_parse(data));
