#![no_main]
//! Fuzz target `import_detect`: see `crampless_fuzz::import_detect` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::import_detect(data));
