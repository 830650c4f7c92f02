#![no_main]
//! Fuzz target `import_archive`: a Strava archive (zip) built from the fuzz bytes; see `crampless_fuzz::import_archive` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::import_archive(data));
