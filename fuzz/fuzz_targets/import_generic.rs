#![no_main]
//! Fuzz target `import_generic`: see `crampless_fuzz::import_generic` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::import_generic(data));
