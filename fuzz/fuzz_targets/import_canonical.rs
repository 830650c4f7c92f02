#![no_main]
//! Fuzz target `import_canonical`: see `crampless_fuzz::import_canonical` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::import_canonical(data));
