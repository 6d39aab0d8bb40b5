//! Opening a PDF and reading its pages (engine-specific).

use super::{DocInfo, Limits, Page, PdfError};

/// An opened PDF. `Sync`, so pages can be read from several threads.
pub struct PdfFile {
    info: DocInfo,
    #[allow(dead_code)]
    limits: Limits,
}

impl PdfFile {
    /// Parses a PDF from memory, repairing a broken xref table when possible
    /// and decrypting files that have only an owner password.
    pub fn open(bytes: &[u8], limits: Limits) -> Result<PdfFile, PdfError> {
        if bytes.is_empty() {
            return Err(PdfError::Empty);
        }
        let _ = limits;
        Err(PdfError::Internal("engine not implemented yet".into()))
    }

    pub fn info(&self) -> &DocInfo {
        &self.info
    }

    pub fn page_count(&self) -> usize {
        self.info.pages as usize
    }

    /// Reads page `index` (0-based). Never fails and never panics: problems
    /// become `Page::warnings` and whatever was read before them is kept.
    pub fn page(&self, index: usize) -> Page {
        Page {
            number: index as u32 + 1,
            ..Page::default()
        }
    }
}
