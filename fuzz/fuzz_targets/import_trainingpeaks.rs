#![no_main]
//! Fuzz target `import_trainingpeaks`: see `crampless_fuzz::import_trainingpeaks` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::import_trainingpeaks(data));
