//! Bytes read as a `.html` file, then checked and fixed.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::read_and_check("fuzz.html", data, "html", common::builtin());
});
