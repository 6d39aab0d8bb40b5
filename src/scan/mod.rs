//! Pure recognisers for the patterns of Vietnamese plans (numbering, citations, dates, targets, time frames).
//!
//! Every function here takes `&str` (one re-joined paragraph or line), allocates
//! only its result, never panics, and knows nothing about pages or layout: the
//! structure and table stages call them.

pub mod date;
pub mod legal;
pub mod numbering;
pub mod signature;
pub mod target;
pub mod timeframe;
