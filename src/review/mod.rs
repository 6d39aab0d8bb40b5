//! Review: a static HTML report of a dataset folder for a person to check
//! ([`report`]), and the corrections she exports from it, applied by
//! `extract --corrections` ([`corrections`]).

pub mod corrections;
pub mod report;

pub use corrections::{apply_corrections, Corrections, CorrectionsError};
pub use report::{write_report, ReviewError, ReviewOptions, ReviewSummary};
