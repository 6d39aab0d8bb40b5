//! kehoach: archived Vietnamese government plan PDFs ("Kế hoạch") → structured open data.
//!
//! The pipeline is a chain of stages, each a module with one job and a typed
//! hand-off to the next; data flows one way:
//!
//! ```text
//! pdf        bytes → Page { glyphs, rules, fonts }          (engine-specific)
//! layout     Page → PageLayout { lines of positioned words }
//! normalize  [PageLayout] → Text { paragraphs, footnotes } (NFC, clean, re-joined)
//! scan       pure recognisers: numbering, citations, dates, targets, time frames
//! legacy     TCVN3 / VNI decoding and Vietnamese syllable scoring
//! pipeline   one file → Document; a batch of files in parallel
//! agency     lead/partner cells → canonical agencies (agencies.csv)
//! dataset    Document records → CSV / JSON dataset folder, read back, merged, validated
//! ```

#![forbid(unsafe_code)]

pub mod agency;
pub mod dataset;
pub mod digest;
pub mod error;
pub mod ids;
pub mod input;
pub mod issue_kind;
pub mod layout;
pub mod legacy;
pub mod normalize;
pub mod ocr;
pub mod pdf;
pub mod pipeline;
pub mod publish;
pub mod review;
pub mod scan;
pub mod scratch;
pub mod sheet_safe;
pub mod structure;
pub mod tasks;
pub mod vn;

pub use error::Error;
