#![no_main]
//! Fuzz target `import_strava`: see `crampless_fuzz::import_strava` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::import_strava(data));
