#![no_main]
//! Fuzz target `import_strong`: see `crampless_fuzz::import_strong` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::import_strong(data));
