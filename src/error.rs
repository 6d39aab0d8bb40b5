//! Typed errors of the library. The binary turns them into messages (anyhow).

use crate::issue_kind::IssueKind;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The input is not a regular file, or larger than the size cap.
    #[error("cannot read {path}: {source}")]
    Input {
        path: PathBuf,
        source: crate::input::ReadError,
    },
    #[error(transparent)]
    Pdf(#[from] crate::pdf::PdfError),
    #[error("internal error while converting (please report): {0}")]
    Panic(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("CSV error in {path}: {source}")]
    Csv { path: PathBuf, source: csv::Error },
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
    /// SIGINT or SIGTERM arrived: the run stops and publishes nothing.
    #[error("interrupted")]
    Interrupted,
    #[error("time limit of {seconds:.0} s exceeded after {pages_done} of {pages} pages (raise it with --time-limit)")]
    TimeLimit {
        seconds: f64,
        pages_done: usize,
        pages: usize,
    },
}

impl Error {
    /// Short machine-readable kind for `errors.csv`.
    pub fn kind(&self) -> IssueKind {
        match self {
            Error::Read { .. } => IssueKind::Read,
            Error::Input { source, .. } => source.kind(),
            Error::Pdf(e) => e.kind(),
            Error::Panic(_) => IssueKind::Panic,
            Error::Write { .. } => IssueKind::Write,
            Error::Csv { .. } => IssueKind::Csv,
            Error::Json(_) => IssueKind::Json,
            Error::TimeLimit { .. } => IssueKind::TimeLimit,
            Error::Interrupted => IssueKind::Interrupted,
        }
    }
}
