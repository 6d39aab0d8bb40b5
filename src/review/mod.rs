//! Review: a static HTML report of a dataset folder for a person to check
//! ([`report`]), the corrections she exports from it, applied by
//! `extract --corrections` ([`corrections`]), and the terminal view of one
//! document (`kehoach inspect`, [`inspect`]).

pub mod corrections;
pub mod inspect;
pub mod report;

pub use corrections::{apply_corrections, Corrections, CorrectionsError};
pub use report::{write_report, ReviewError, ReviewOptions, ReviewSummary};
