#![no_main]
//! Fuzz target `import_fitnotes`: see `crampless_fuzz::import_fitnotes` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::import_fitnotes(data));
