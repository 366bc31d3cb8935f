//! Bytes read as a `.docx` file, then checked and fixed.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::read_and_check("fuzz.docx", data, "docx", common::builtin());
});
