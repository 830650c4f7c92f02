#![no_main]
//! Fuzz target `import_hevy`: see `crampless_fuzz::import_hevy` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::import_hevy(data));
