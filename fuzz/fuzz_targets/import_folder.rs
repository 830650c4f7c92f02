#![no_main]
//! Fuzz target `import_folder`: an unzipped export folder (links, FIFOs) built from the fuzz bytes; see `crampless_fuzz::import_folder` for what it checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| crampless_fuzz::import_folder(data));
