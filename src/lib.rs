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
//! output     Document records → CSV / JSON dataset (atomic writes)
//! agency     lead/partner cells → canonical agencies (agencies.csv)
//! ```

pub mod agency;
pub mod error;
pub mod ids;
pub mod layout;
pub mod legacy;
pub mod merge;
pub mod normalize;
pub mod ocr;
pub mod output;
pub mod package;
pub mod pdf;
pub mod pipeline;
pub mod review;
pub mod scan;
pub mod structure;
pub mod table;
pub mod tasks;
pub mod validate;
pub mod vn;

pub use error::Error;
