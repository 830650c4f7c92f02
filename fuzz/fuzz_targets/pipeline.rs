#![no_main]
//! Fuzz target `pipeline`: see `crampless_fuzz::pipeline` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::pipeline(data));
