//! The work one page may cost: one decoded-bytes budget shared by its
//! content streams, form XObjects, annotation appearances, fonts and CMaps,
//! and the file's deadline (`--time-limit`), checked inside the operator
//! loop so that a single hostile page cannot outlive it.

use std::cell::Cell;
use std::time::Instant;

use lopdf::{Document, Stream};

use super::filters::{self, DictKind, FilterError};

/// Largest decoded size accepted for one stream.
pub(crate) const MAX_STREAM_BYTES: usize = 64 << 20;
/// Decoded bytes one page may cost in all (content, forms, fonts, CMaps).
pub(crate) const PAGE_DECODE_BYTES: usize = 128 << 20;

/// A page's remaining decoded-bytes allowance and its deadline. Single
/// threaded (one page is read by one thread), hence `Cell`s.
#[derive(Debug)]
pub(crate) struct Budget {
    left: Cell<usize>,
    total: usize,
    deadline: Option<Instant>,
}

/// A decoded stream and, when it was not decoded completely, why (a
/// sentence for the page's warnings).
pub(crate) struct StreamBytes {
    pub bytes: Vec<u8>,
    pub problem: Option<String>,
    /// The stream holds image data (DCT, CCITT, JBIG2, JPX), not text.
    pub image: bool,
}

impl Budget {
    pub(crate) fn new(total: usize, deadline: Option<Instant>) -> Budget {
        Budget {
            left: Cell::new(total),
            total,
            deadline,
        }
    }

    /// Whether the deadline has passed.
    pub(crate) fn expired(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    pub(crate) fn remaining(&self) -> usize {
        self.left.get()
    }

    fn limit(&self, cap: usize) -> usize {
        self.left.get().min(cap)
    }

    /// Takes `n` bytes from the allowance.
    pub(crate) fn charge(&self, n: usize) {
        self.left.set(self.left.get().saturating_sub(n));
    }

    /// Decodes `stream` within the allowance (and at most `cap` bytes),
    /// charging what it produced.
    pub(crate) fn decode(&self, doc: &Document, stream: &Stream, cap: usize) -> StreamBytes {
        let limit = self.limit(cap);
        let out = filters::decode(
            Some(doc),
            &stream.dict,
            DictKind::Stream,
            &stream.content,
            limit,
        );
        self.charge(out.bytes.len());
        let image = matches!(out.error, Some(FilterError::Image(_)));
        let problem = match &out.error {
            None | Some(FilterError::Image(_)) => None,
            Some(FilterError::TooLarge { .. }) if limit < cap => Some(format!(
                "the page's budget of {} MiB of decoded data is spent; kept the first {} bytes",
                self.total >> 20,
                out.bytes.len()
            )),
            Some(e) if out.bytes.is_empty() => Some(format!("could not be decoded: {e}")),
            Some(e) => Some(format!("{e}; kept the first {} bytes", out.bytes.len())),
        };
        StreamBytes {
            bytes: out.bytes,
            problem,
            image,
        }
    }
}
