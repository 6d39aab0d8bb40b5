//! Whole bytes → records path for one file, OCR off.
#![no_main]

use kehoach::pipeline::{convert_bytes, OcrMode, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = Options {
        ocr: OcrMode::Never,
        time_limit: Some(std::time::Duration::from_secs(10)),
        ..Options::default()
    };
    let _ = convert_bytes("fuzz.pdf", data, &opts);
});
