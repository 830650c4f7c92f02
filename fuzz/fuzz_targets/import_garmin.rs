#![no_main]
//! Fuzz target `import_garmin`: see `crampless_fuzz::import_garmin` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::import_garmin(data));
