#![no_main]
//! Fuzz target `import_intervals`: see `crampless_fuzz::import_intervals` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::import_intervals(data));
