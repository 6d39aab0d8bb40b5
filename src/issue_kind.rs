//! The kinds of warnings and failures (`errors.csv`'s `kind` column).
//!
//! A leaf module: every stage that reports an issue (the PDF engine, OCR,
//! reading inputs, the pipeline, the reviewer's corrections, the dataset
//! writer) names its kind here, so the set of kinds a user can filter on is
//! one list, and `as_str` is the only place their published spelling lives.

use std::fmt;

/// What went wrong, or what a warning is about. Serialised as the
/// snake_case name in `errors.csv` and the document JSON's `warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IssueKind {
    // Reading the input.
    /// The input path does not exist or could not be listed.
    Missing,
    /// Same bytes as an earlier input (one document per `doc_id`).
    Duplicate,
    /// The file could not be read.
    Read,
    /// A FIFO, device, socket or directory given as a PDF.
    NotRegularFile,
    /// Larger than `--max-file-size`.
    TooLarge,
    // The PDF engine.
    /// A file of 0 bytes.
    Empty,
    /// Not a PDF at all (no `%PDF` header).
    NotPdf,
    /// A PDF too damaged to open.
    Damaged,
    /// Encrypted with a password we do not have.
    Encrypted,
    /// A PDF without pages.
    NoPages,
    /// The PDF engine failed in a way it should not.
    Internal,
    /// A page's content could only be read in part (bad stream, limits).
    PageContent,
    // Text.
    /// A text layer that is not Vietnamese in any known encoding.
    UnusableTextLayer,
    /// A scanned page that was not OCR'd.
    NoTextLayer,
    // OCR.
    /// Tesseract or pdftoppm failed.
    OcrToolFailed,
    /// An OCR subprocess ran past its time.
    OcrTimeout,
    /// A page image that could not be read.
    OcrBadImage,
    /// An OCR request that cannot be carried out.
    OcrInvalid,
    /// OCR's temporary files could not be written or read.
    OcrIo,
    /// A word the orthography repair changed.
    OcrSpelling,
    /// A page OCR read poorly.
    OcrQuality,
    // Tables and structure.
    /// A table's subject column was chosen by content, not by its header.
    RoleGuessed,
    /// The document's structure could not be read in part.
    Structure,
    // The run.
    /// A panic caught in the per-file net (a bug; please report).
    Panic,
    /// The dataset could not be written.
    Write,
    /// A CSV could not be written or read.
    Csv,
    /// A JSON file could not be written or read.
    Json,
    /// `--time-limit` passed.
    TimeLimit,
    /// SIGINT or SIGTERM arrived.
    Interrupted,
    // A reviewer's corrections.
    /// A cell was corrected (the message has the original value).
    Corrected,
    /// A reviewer marked the row correct.
    ReviewedCorrect,
    /// A reviewer marked the row wrong.
    ReviewedWrong,
    /// The correction's row or value is no longer there: not applied.
    StaleCorrection,
}

impl IssueKind {
    /// Every kind, in declaration order.
    pub const ALL: [IssueKind; 33] = [
        IssueKind::Missing,
        IssueKind::Duplicate,
        IssueKind::Read,
        IssueKind::NotRegularFile,
        IssueKind::TooLarge,
        IssueKind::Empty,
        IssueKind::NotPdf,
        IssueKind::Damaged,
        IssueKind::Encrypted,
        IssueKind::NoPages,
        IssueKind::Internal,
        IssueKind::PageContent,
        IssueKind::UnusableTextLayer,
        IssueKind::NoTextLayer,
        IssueKind::OcrToolFailed,
        IssueKind::OcrTimeout,
        IssueKind::OcrBadImage,
        IssueKind::OcrInvalid,
        IssueKind::OcrIo,
        IssueKind::OcrSpelling,
        IssueKind::OcrQuality,
        IssueKind::RoleGuessed,
        IssueKind::Structure,
        IssueKind::Panic,
        IssueKind::Write,
        IssueKind::Csv,
        IssueKind::Json,
        IssueKind::TimeLimit,
        IssueKind::Interrupted,
        IssueKind::Corrected,
        IssueKind::ReviewedCorrect,
        IssueKind::ReviewedWrong,
        IssueKind::StaleCorrection,
    ];

    /// The published name (`errors.csv`).
    pub fn as_str(self) -> &'static str {
        match self {
            IssueKind::Missing => "missing",
            IssueKind::Duplicate => "duplicate",
            IssueKind::Read => "read",
            IssueKind::NotRegularFile => "not_regular_file",
            IssueKind::TooLarge => "too_large",
            IssueKind::Empty => "empty",
            IssueKind::NotPdf => "not_pdf",
            IssueKind::Damaged => "damaged",
            IssueKind::Encrypted => "encrypted",
            IssueKind::NoPages => "no_pages",
            IssueKind::Internal => "internal",
            IssueKind::PageContent => "page_content",
            IssueKind::UnusableTextLayer => "unusable_text_layer",
            IssueKind::NoTextLayer => "no_text_layer",
            IssueKind::OcrToolFailed => "ocr_tool_failed",
            IssueKind::OcrTimeout => "ocr_timeout",
            IssueKind::OcrBadImage => "ocr_bad_image",
            IssueKind::OcrInvalid => "ocr_invalid",
            IssueKind::OcrIo => "ocr_io",
            IssueKind::OcrSpelling => "ocr_spelling",
            IssueKind::OcrQuality => "ocr_quality",
            IssueKind::RoleGuessed => "role_guessed",
            IssueKind::Structure => "structure",
            IssueKind::Panic => "panic",
            IssueKind::Write => "write",
            IssueKind::Csv => "csv",
            IssueKind::Json => "json",
            IssueKind::TimeLimit => "time_limit",
            IssueKind::Interrupted => "interrupted",
            IssueKind::Corrected => "corrected",
            IssueKind::ReviewedCorrect => "reviewed_correct",
            IssueKind::ReviewedWrong => "reviewed_wrong",
            IssueKind::StaleCorrection => "stale_correction",
        }
    }

    /// The kind published as `s`, if any.
    pub fn parse(s: &str) -> Option<IssueKind> {
        IssueKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for IssueKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for IssueKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_parse_back() {
        let mut seen = std::collections::BTreeSet::new();
        for k in IssueKind::ALL {
            let s = k.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{s}"
            );
            assert_eq!(IssueKind::parse(s), Some(k));
        }
        assert_eq!(IssueKind::parse("nope"), None);
    }
}
