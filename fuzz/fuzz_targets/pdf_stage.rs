//! The PDF stage alone: bytes → `PdfFile` → every page (glyphs, rules,
//! fonts, annotations), with a deadline, no layout or later stages, so
//! each run spends its time in the parser, filters, fonts and interpreter.
#![no_main]

use kehoach::pdf::{Limits, PdfFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        deadline: Some(std::time::Instant::now() + std::time::Duration::from_secs(10)),
        ..Limits::default()
    };
    if let Ok(pdf) = PdfFile::open(data, limits) {
        for i in 0..pdf.page_count().min(64) {
            let _ = pdf.page(i);
        }
    }
});
