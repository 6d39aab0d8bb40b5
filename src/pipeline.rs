//! One file through every stage, and a batch of files in parallel.
//!
//! [`convert_bytes`] is the whole pipeline for one PDF; [`convert_file`]
//! adds reading the file and turns any panic into an error for that file.
//! [`run_batch`] converts many files on a rayon pool and hands the results to
//! a sink *in input order*, so outputs are byte-identical for any `--jobs`.

use crate::error::Error;
pub use crate::issue_kind::IssueKind;
use crate::layout::{self, PageLayout};
use crate::legacy::{self, TextEncoding};
use crate::normalize::{self, Text};
use crate::pdf::{DocInfo, Limits, PdfFile};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Condvar, Mutex};

/// How pages without a usable text layer are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OcrMode {
    /// OCR pages that have no usable text, when Tesseract is installed.
    #[default]
    Auto,
    Never,
    Always,
}

/// A step applied to each converted document before it is handed on (a
/// reviewer's corrections, `review::Corrections`, are one): changes the
/// document and returns the issues to add to its warnings. Given to the
/// pipeline as data, so that the stages after it may build on [`Document`].
pub trait Amend: std::fmt::Debug + Send + Sync {
    fn amend(&self, doc: &mut Document) -> Vec<Issue>;
}

/// Options of a conversion.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub ocr: OcrMode,
    /// The OCR tools, when found (see [`Options::with_ocr`]).
    pub ocr_engine: Option<std::sync::Arc<crate::ocr::Ocr>>,
    /// Why OCR is unavailable (said in each skipped page's warning).
    pub ocr_unavailable: Option<String>,
    /// Looks for the OCR tools when a page first needs them, when
    /// `ocr_engine` is not set (see [`Options::with_lazy_ocr`]): a run over
    /// born-digital files never starts `tesseract`.
    pub ocr_probe: Option<std::sync::Arc<OcrProbe>>,
    pub limits: Limits,
    /// Per-file time limit: checked between pages, so a file that takes
    /// too long becomes an error row instead of holding up the batch.
    pub time_limit: Option<std::time::Duration>,
    /// How inputs are found and read (size cap, links).
    pub input: crate::input::InputOptions,
    /// How each input's path is recorded (`source_file`) in a batch.
    pub naming: std::sync::Arc<crate::input::Naming>,
    /// A step applied to each converted document before it is handed on:
    /// a reviewer's corrections (`review::Corrections`).
    pub amend: Option<std::sync::Arc<dyn Amend>>,
    /// Canonical agency names for the tasks' `lead_canonical` and
    /// `partners_canonical` (built-in list plus any user aliases).
    pub agencies: std::sync::Arc<crate::agency::Canonicalizer>,
    /// Which column role a table header names: the built-in vocabulary,
    /// extended by the user's (`--header-vocab`, see
    /// [`crate::tasks::HeaderVocab::extend_from_tsv`]).
    pub header_vocab: std::sync::Arc<crate::tasks::HeaderVocab>,
}

impl Options {
    /// Options for OCR mode `mode` that look for the OCR tools only when a
    /// page needs OCR (what the command line uses: start-up stays cheap).
    pub fn with_lazy_ocr(mode: OcrMode) -> Options {
        Options {
            ocr: mode,
            ocr_probe: (mode != OcrMode::Never).then(Default::default),
            ..Options::default()
        }
    }

    /// Options for OCR mode `mode`, looking for Tesseract (with Vietnamese
    /// data) and pdftoppm once, unless OCR is off.
    pub fn with_ocr(mode: OcrMode) -> Options {
        let mut o = Options {
            ocr: mode,
            ..Options::default()
        };
        if mode != OcrMode::Never {
            match crate::ocr::Ocr::availability() {
                Ok(ocr) => o.ocr_engine = Some(std::sync::Arc::new(ocr)),
                Err(e) => o.ocr_unavailable = Some(e.to_string()),
            }
        }
        o
    }
}

/// The OCR tools, looked for once, on first use.
#[derive(Debug, Default)]
pub struct OcrProbe(std::sync::OnceLock<Result<std::sync::Arc<crate::ocr::Ocr>, String>>);

impl OcrProbe {
    fn get(&self) -> Result<&std::sync::Arc<crate::ocr::Ocr>, &str> {
        self.0
            .get_or_init(|| {
                crate::ocr::Ocr::availability()
                    .map(std::sync::Arc::new)
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(String::as_str)
    }
}

/// The stage a warning or failure comes from (`errors.csv` column `stage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading the input file (missing, duplicate, unreadable).
    Input,
    Pdf,
    Layout,
    /// Judging a page's text layer (legacy encodings, unusable layers).
    Text,
    Ocr,
    Structure,
    /// Finding table roles (a subject column chosen by content).
    Tables,
    /// Applying a reviewer's corrections.
    Review,
    /// The whole file's conversion (time limit).
    Pipeline,
    /// Writing the dataset.
    Output,
    /// A caught panic.
    Internal,
}

impl PartialEq<&str> for Stage {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Stage {
    /// The name written to `errors.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Input => "input",
            Stage::Pdf => "pdf",
            Stage::Layout => "layout",
            Stage::Text => "text",
            Stage::Ocr => "ocr",
            Stage::Tables => "tables",
            Stage::Review => "review",
            Stage::Structure => "structure",
            Stage::Pipeline => "pipeline",
            Stage::Output => "output",
            Stage::Internal => "internal",
        }
    }

    /// The stage a failed conversion's error comes from.
    pub fn of_error(e: &Error) -> Stage {
        match e {
            Error::Read { .. } => Stage::Input,
            Error::Pdf(_) => Stage::Pdf,
            Error::Panic(_) => Stage::Internal,
            Error::TimeLimit { .. } => Stage::Pipeline,
            _ => Stage::Output,
        }
    }
}

/// Where a page's or a document's text came from (`text_source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSource {
    /// The PDF's own Unicode text layer.
    Text,
    /// Decoded from the TCVN3 (ABC) legacy encoding.
    Tcvn3,
    /// Decoded from the VNI legacy encoding.
    Vni,
    /// Legacy and Unicode fonts both carry text (or pages differ).
    Mixed,
    /// Read from the page image by Tesseract.
    Ocr,
    /// No usable text.
    None,
}

impl TextSource {
    /// The name written to `documents.csv` and the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TextSource::Text => "text",
            TextSource::Tcvn3 => "tcvn3",
            TextSource::Vni => "vni",
            TextSource::Mixed => "mixed",
            TextSource::Ocr => "ocr",
            TextSource::None => "none",
        }
    }
}

impl std::fmt::Display for TextSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for TextSource {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A warning or failure about one file (a row of `errors.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub stage: Stage,
    /// Machine-readable kind (`errors.csv`'s `kind`).
    pub kind: IssueKind,
    pub message: String,
    /// 1-based page, when the issue is about one page.
    pub page: Option<u32>,
}

/// Facts about one page, for the document JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageSummary {
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub rotate: i32,
    /// The page has a text layer (glyphs that form words).
    pub has_text: bool,
    /// Where the page's text came from.
    pub text_source: TextSource,
    pub images: u32,
    /// Base names of the fonts used on the page.
    pub fonts: Vec<String>,
    /// Degrees clockwise (90, 180, 270) the OCR stage turned the rendered
    /// page to read a scan whose text ran sideways; `width`, `height`,
    /// `rotate` and every box are of the page so turned. Absent (0) when
    /// the page was read as the PDF displays it.
    #[serde(skip_serializing_if = "is_zero")]
    pub ocr_turn: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Where a converted file came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// The path as given or found while walking the inputs.
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
}

/// A converted document: everything the writers need.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// First 16 hex digits of the SHA-256 of the file (stable across renames).
    pub doc_id: String,
    pub source: Source,
    pub info: DocInfo,
    /// The pages' common text source, `mixed` when they differ.
    pub text_source: TextSource,
    pub pages: Vec<PageSummary>,
    pub text: Text,
    /// Metadata, outline, legal references, targets, linked footnotes.
    pub structure: crate::structure::Structure,
    /// Tables as found (joined across pages).
    pub tables: Vec<crate::tasks::DocTable>,
    /// Data rows of the tables with an STT column.
    pub tasks: Vec<crate::tasks::Task>,
    pub warnings: Vec<Issue>,
    /// Laid-out pages (positions), for later stages; not serialised.
    #[serde(skip)]
    pub layouts: Vec<PageLayout>,
}

/// The result of one input of a batch.
#[derive(Debug)]
pub struct Outcome {
    pub source: Source,
    pub result: Result<Document, Error>,
}

pub use crate::digest::{sha256_hex, to_hex};

/// Runs the pipeline over a PDF held in memory.
pub fn convert_bytes(name: &str, bytes: &[u8], opts: &Options) -> Result<Document, Error> {
    let source = Source {
        file: name.to_string(),
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
    };
    convert_source(source, bytes, opts)
}

/// [`convert_bytes`] with the source (and its SHA-256) already made.
fn convert_source(source: Source, bytes: &[u8], opts: &Options) -> Result<Document, Error> {
    let doc_id = source.sha256.get(..16).unwrap_or_default().to_string();
    let mut limits = opts.limits;
    // The deadline also reaches inside each page's operator loop.
    limits.deadline = opts.time_limit.map(|l| std::time::Instant::now() + l);
    let pdf = PdfFile::open(bytes, limits)?;
    let info = pdf.info().clone();
    let mut warnings = Vec::new();
    let n = pdf.page_count();
    let mut layouts = Vec::with_capacity(n);
    let mut pages = Vec::with_capacity(n);
    let started = std::time::Instant::now();
    let mut ocr_queue: Vec<(usize, Option<f32>)> = Vec::new();
    // Pages are independent until the tables are assembled: read and lay
    // them out in parallel (on the batch's worker threads), then take the
    // results in page order, so the output is the same for any thread count.
    let done: Vec<Option<PageDone>> = (0..n)
        .into_par_iter()
        .map(|i| {
            if let Some(limit) = opts.time_limit {
                if started.elapsed() > limit {
                    return None;
                }
            }
            Some(convert_page(&pdf, i, opts))
        })
        .collect();
    for (i, d) in done.into_iter().enumerate() {
        let Some(d) = d else {
            let limit = opts.time_limit.unwrap_or_default();
            return Err(Error::TimeLimit {
                seconds: limit.as_secs_f64(),
                pages_done: i,
                pages: n,
            });
        };
        warnings.extend(d.warnings);
        if let Some(scan_dpi) = d.wants_ocr {
            ocr_queue.push((i, scan_dpi));
        }
        pages.push(d.summary);
        layouts.push(d.layout);
    }
    if let Some(limit) = opts.time_limit {
        // A page stopped inside by the deadline: the file is over its time.
        if started.elapsed() > limit {
            return Err(Error::TimeLimit {
                seconds: limit.as_secs_f64(),
                pages_done: n.saturating_sub(1),
                pages: n,
            });
        }
    }
    let deadline = opts.time_limit.map(|l| started + l);
    if let Err(page) = ocr_pages(
        bytes,
        opts,
        &ocr_queue,
        &mut pages,
        &mut layouts,
        &mut warnings,
        deadline,
    ) {
        return Err(Error::TimeLimit {
            seconds: opts.time_limit.unwrap_or_default().as_secs_f64(),
            pages_done: page,
            pages: n,
        });
    }
    let tables = crate::tasks::assemble_with(&layouts, &opts.header_vocab);
    let table_text: Vec<_> = tables.iter().filter_map(|t| t.text()).collect();
    let text = normalize::normalize(&layouts, &table_text);
    let structure = crate::structure::analyse(&text);
    let mut tasks = crate::tasks::tasks(&tables);
    canonical_agencies(&mut tasks, &opts.agencies);
    for t in &tables {
        for r in &t.repairs {
            warnings.push(Issue {
                stage: Stage::Tables,
                kind: IssueKind::OcrSpelling,
                message: format!("OCR cell `{}` repaired to `{}`", r.from, r.to),
                page: Some(r.page),
            });
        }
        for w in &t.warnings {
            warnings.push(Issue {
                stage: Stage::Tables,
                kind: IssueKind::RoleGuessed,
                message: w.clone(),
                page: t.pages.first().copied(),
            });
        }
    }
    for w in &structure.warnings {
        warnings.push(Issue {
            stage: Stage::Structure,
            kind: IssueKind::Structure,
            message: w.clone(),
            page: None,
        });
    }
    let text_source = doc_source(&pages);
    Ok(Document {
        doc_id,
        source,
        info,
        text_source,
        pages,
        text,
        structure,
        tables,
        tasks,
        warnings,
        layouts,
    })
}

/// One page read and laid out, with its warnings (in order).
struct PageDone {
    summary: PageSummary,
    layout: PageLayout,
    warnings: Vec<Issue>,
    /// `Some(scan resolution if known)` when the page is to be OCR'd.
    wants_ocr: Option<Option<f32>>,
}

/// Reads page `i`, judges its fonts' encodings and lays it out.
fn convert_page(pdf: &PdfFile, i: usize, opts: &Options) -> PageDone {
    let mut warnings = Vec::new();
    let page = pdf.page(i);
    for w in &page.warnings {
        warnings.push(Issue {
            stage: Stage::Pdf,
            kind: IssueKind::PageContent,
            message: w.clone(),
            page: Some(page.number),
        });
    }
    let enc = font_encodings(&page);
    let legacy: Vec<bool> = enc
        .iter()
        .map(|e| matches!(e, TextEncoding::Tcvn3 { .. } | TextEncoding::Vni))
        .collect();
    let decode = |font: u16, raw: &str| match enc.get(font as usize) {
        Some(&e @ (TextEncoding::Tcvn3 { .. } | TextEncoding::Vni)) => legacy::decode(raw, e),
        _ => raw.to_string(),
    };
    let decoder = layout::WordDecoder {
        legacy: &legacy,
        decode: &decode,
    };
    let source = page_source(&page, &enc);
    let role = |h: &str| opts.header_vocab.role(h);
    let mut lay = layout::layout_page_with(&page, &decoder, &role);
    if source.is_none() {
        warnings.push(Issue {
            stage: Stage::Text,
            kind: IssueKind::UnusableTextLayer,
            message: "the page's text layer is not Vietnamese in any known encoding (wrong ToUnicode map or a hidden OCR layer without diacritics); it is treated as a scanned page".into(),
            page: Some(page.number),
        });
        lay.items.clear();
        lay.has_text = false;
    }
    let has_text = page.has_text_layer() && lay.has_text;
    // Scans (images, or a text layer we could not use) are OCR candidates;
    // a page with neither is blank.
    let wants_ocr = match opts.ocr {
        OcrMode::Never => false,
        OcrMode::Always => true,
        OcrMode::Auto => !has_text && (page.images > 0 || !page.glyphs.is_empty()),
    };
    if !wants_ocr && !has_text && (page.images > 0 || !page.glyphs.is_empty()) {
        warnings.push(Issue {
            stage: Stage::Ocr,
            kind: IssueKind::NoTextLayer,
            message: "page has no usable text layer (scanned image?); OCR disabled by --ocr never"
                .into(),
            page: Some(page.number),
        });
    }
    let mut fonts: Vec<String> = page.fonts.iter().map(|f| f.base_font.clone()).collect();
    fonts.sort();
    fonts.dedup();
    PageDone {
        summary: PageSummary {
            number: page.number,
            width: page.width,
            height: page.height,
            rotate: page.rotate,
            has_text,
            text_source: match source {
                Some(s) if has_text => s,
                _ => TextSource::None,
            },
            images: page.images,
            fonts,
            ocr_turn: 0,
        },
        layout: lay,
        warnings,
        wants_ocr: wants_ocr.then_some(page.scan_dpi),
    }
}

/// OCRs the queued pages (in parallel, on the batch's worker threads) and
/// puts their layouts in place of the empty ones; pages that cannot be
/// OCR'd get a warning that says why and what to install. The PDF is
/// written once, to a private temporary folder removed afterwards. Spelling
/// slips of the OCR'd text are repaired ([`crate::ocr::ortho`]), each
/// repair a warning. `Err(pages done)` when `deadline` passed.
fn ocr_pages(
    bytes: &[u8],
    opts: &Options,
    queue: &[(usize, Option<f32>)],
    pages: &mut [PageSummary],
    layouts: &mut [PageLayout],
    warnings: &mut Vec<Issue>,
    deadline: Option<std::time::Instant>,
) -> Result<(), usize> {
    if queue.is_empty() {
        return Ok(());
    }
    let probed = match (&opts.ocr_engine, &opts.ocr_probe) {
        (Some(e), _) => Ok(e),
        (None, Some(p)) => p.get().map_err(str::to_string),
        (None, None) => Err(opts.ocr_unavailable.clone().unwrap_or_default()),
    };
    let Ok(engine) = probed else {
        let why = probed.err().filter(|w| !w.is_empty()).unwrap_or_else(|| {
            format!(
                "OCR unavailable; install with `{}`",
                crate::ocr::INSTALL_HINT
            )
        });
        for &(i, _) in queue {
            if !pages[i].has_text {
                warnings.push(Issue {
                    stage: Stage::Ocr,
                    kind: IssueKind::NoTextLayer,
                    message: format!("page has no usable text layer and was not OCR'd: {why}"),
                    page: Some(pages[i].number),
                });
            }
        }
        return Ok(());
    };
    // a 0700 folder, removed when `tmp` drops or on a second Ctrl-C
    let tmp = crate::scratch::Scratch::new("kehoach-pdf-");
    let written = tmp.as_ref().ok().and_then(|d| {
        let p = d.path().join("in.pdf");
        std::fs::write(&p, bytes).ok().map(|_| p)
    });
    let results: Vec<(usize, Result<crate::pdf::Page, crate::ocr::OcrError>)> = queue
        .par_iter()
        .map(|&(i, scan_dpi)| {
            let p = &pages[i];
            (
                i,
                engine.ocr_scanned_page_until(
                    match &written {
                        Some(path) => crate::ocr::PdfInput::Path(path),
                        None => crate::ocr::PdfInput::Bytes(bytes),
                    },
                    p.number,
                    p.width,
                    p.height,
                    p.rotate,
                    scan_dpi,
                    deadline,
                ),
            )
        })
        .collect();
    drop(tmp);
    if let Some(k) = results
        .iter()
        .position(|(_, r)| matches!(r, Err(crate::ocr::OcrError::Deadline { .. })))
    {
        return Err(results.get(k).map_or(0, |(i, _)| *i));
    }
    let mut results = results;
    let mut ok: Vec<&mut crate::pdf::Page> = results
        .iter_mut()
        .filter_map(|(_, r)| r.as_mut().ok())
        .collect();
    let ranks = crate::ocr::ortho::SyllableRanks::builtin();
    for r in crate::ocr::ortho::repair_pages(&mut ok, &ranks) {
        warnings.push(Issue {
            stage: Stage::Ocr,
            kind: IssueKind::OcrSpelling,
            message: format!(
                "OCR word `{}` repaired to `{}` ({}×)",
                r.from, r.to, r.count
            ),
            page: Some(r.page),
        });
    }
    for (i, r) in results {
        match r {
            Ok(mut page) => {
                page.images = pages[i].images;
                // Read turned (a sideways scan): its boxes are in the
                // turned page, so the page is recorded as displayed turned.
                if page.rotate != pages[i].rotate {
                    pages[i].ocr_turn = (page.rotate - pages[i].rotate).rem_euclid(360) as u32;
                    pages[i].rotate = page.rotate;
                    pages[i].width = page.width;
                    pages[i].height = page.height;
                }
                for w in &page.warnings {
                    warnings.push(Issue {
                        stage: Stage::Ocr,
                        kind: IssueKind::OcrQuality,
                        message: w.clone(),
                        page: Some(page.number),
                    });
                }
                let role = |h: &str| opts.header_vocab.role(h);
                let lay = layout::layout_page(&page, &role);
                if lay.has_text {
                    pages[i].has_text = true;
                    pages[i].text_source = TextSource::Ocr;
                    pages[i].fonts = vec!["OCR".into()];
                    layouts[i] = lay;
                }
            }
            Err(e) => warnings.push(Issue {
                stage: Stage::Ocr,
                kind: e.kind(),
                message: format!("OCR failed: {e}"),
                page: Some(pages[i].number),
            }),
        }
    }
    Ok(())
}

/// The encoding of each of a page's fonts, judged from the font's name and
/// the text it shows on this page.
fn font_encodings(page: &crate::pdf::Page) -> Vec<TextEncoding> {
    let mut texts: Vec<String> = vec![String::new(); page.fonts.len()];
    // Where each font's previous glyph ended, to put a space between words
    // that are placed apart rather than separated by a space glyph.
    let mut ends: Vec<(f32, f32)> = vec![(f32::NAN, f32::NAN); page.fonts.len()];
    for g in &page.glyphs {
        let f = g.font as usize;
        if let (Some(t), Some(end)) = (texts.get_mut(f), ends.get_mut(f)) {
            let apart = (g.x - end.0).abs() > 0.2 * g.size || (g.y - end.1).abs() > 0.3 * g.size;
            if !t.is_empty() && apart && !t.ends_with(' ') && !g.ch.is_whitespace() {
                t.push(' ');
            }
            t.push(g.ch);
            *end = (g.x + g.width, g.y);
        }
    }
    let runs: Vec<(&str, Option<&str>)> = texts
        .iter()
        .zip(&page.fonts)
        .map(|(t, f)| (t.as_str(), Some(f.base_font.as_str())))
        .collect();
    let r = legacy::classify_page(&runs);
    if std::env::var("KEHOACH_DEBUG_ENC").is_ok() {
        for ((t, f), e) in runs.iter().zip(&r) {
            eprintln!(
                "page {} font {:?}: {:?} {:?}",
                page.number,
                f,
                e,
                t.chars().take(200).collect::<String>()
            );
        }
    }
    r
}

/// Where a page's text comes from: `text` (Unicode), `tcvn3`, `vni`,
/// `mixed` (legacy and Unicode fonts both carry text), or `None`: unusable.
fn page_source(page: &crate::pdf::Page, enc: &[TextEncoding]) -> Option<TextSource> {
    let mut counts = [0usize; 4]; // unicode, tcvn3, vni, unusable
    for g in &page.glyphs {
        if g.ch.is_whitespace() || g.ch.is_ascii_punctuation() || g.ch.is_ascii_digit() {
            continue;
        }
        // U+FFFD: a code the font could not map (CID font without ToUnicode).
        let k = match enc.get(g.font as usize) {
            _ if g.ch == '\u{FFFD}' => 3,
            Some(TextEncoding::Tcvn3 { .. }) => 1,
            Some(TextEncoding::Vni) => 2,
            Some(TextEncoding::Unusable) => 3,
            _ => 0,
        };
        counts[k] += 1;
    }
    let total: usize = counts.iter().sum();
    if total == 0 {
        return Some(TextSource::Text);
    }
    // More than a few unreadable glyphs: the text would have holes in it,
    // a scan's OCR is better.
    if counts[3] * 100 > total * 15 {
        return None;
    }
    let legacy = counts[1] + counts[2];
    Some(if legacy == 0 {
        TextSource::Text
    } else if counts[0] * 5 > total {
        TextSource::Mixed
    } else if counts[1] >= counts[2] {
        TextSource::Tcvn3
    } else {
        TextSource::Vni
    })
}

/// The document's `text_source`: the pages' common source, `mixed` when
/// they differ, `none` when no page has text.
fn doc_source(pages: &[PageSummary]) -> TextSource {
    let mut kinds: Vec<TextSource> = pages
        .iter()
        .map(|p| p.text_source)
        .filter(|s| *s != TextSource::None)
        .collect();
    kinds.sort();
    kinds.dedup();
    match kinds.as_slice() {
        [] => TextSource::None,
        [one] => *one,
        _ => TextSource::Mixed,
    }
}

/// Message of a caught panic payload.
fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Reads and converts one file. Never panics: a panic in any stage becomes
/// [`Error::Panic`] for this file.
pub fn convert_file(path: &Path, display: &str, opts: &Options) -> Outcome {
    // Recorded as NFC, like all text of the dataset: a name copied from
    // macOS is stored decomposed (NFD) on disk; `path` still finds the file.
    let display = &*crate::vn::nfc_cow(display);
    let bytes = match crate::input::read_input(path, opts.input.max_file_bytes) {
        Ok(b) => b,
        Err(e) => {
            let path = path.to_path_buf();
            return Outcome {
                source: Source {
                    file: display.to_string(),
                    sha256: String::new(),
                    bytes: 0,
                },
                result: Err(match e {
                    crate::input::ReadError::Io(source) => Error::Read { path, source },
                    source => Error::Input { path, source },
                }),
            };
        }
    };
    let source = Source {
        file: display.to_string(),
        sha256: sha256_hex(&bytes),
        bytes: bytes.len() as u64,
    };
    let mut result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        convert_source(source.clone(), &bytes, opts)
    }))
    .unwrap_or_else(|p| Err(Error::Panic(panic_message(p))));
    if let (Ok(doc), Some(a)) = (&mut result, &opts.amend) {
        let issues = a.amend(doc);
        doc.warnings.extend(issues);
        // A corrected lead or partners cell names other agencies.
        canonical_agencies(&mut doc.tasks, &opts.agencies);
    }
    Outcome { source, result }
}

/// Sets the tasks' canonical agency names (`lead_canonical`,
/// `partners_canonical`) from their lead and partners cells.
fn canonical_agencies(tasks: &mut [crate::tasks::Task], agencies: &crate::agency::Canonicalizer) {
    for t in tasks {
        let ag = agencies.task(&t.lead, &t.partners);
        t.lead_canonical = ag.lead_canonical();
        t.partners_canonical = ag.partners_canonical();
    }
}

/// Expands the command line's inputs into PDF files, sorted by the name
/// each is recorded under, and the inputs that could not be used (see
/// [`crate::input::collect_inputs`]).
pub fn collect_inputs(
    inputs: &[PathBuf],
    opts: &crate::input::InputOptions,
    naming: &crate::input::Naming,
) -> Result<crate::input::Inputs, String> {
    crate::input::collect_inputs(inputs, opts, naming)
}

/// Hands out file indices in order within a window of the emitted ones.
struct Gate {
    state: Mutex<GateState>,
    moved: Condvar,
}

#[derive(Default)]
struct GateState {
    /// The next index to hand out.
    next: usize,
    /// How many results have been given to the sink.
    emitted: usize,
    /// The sink failed: hand out nothing more.
    stop: bool,
}

impl Gate {
    /// The next index below `len`, waiting while it is `window` or more
    /// ahead of the emitted results; `None` when all are handed out.
    ///
    /// A worker kept waiting is usually waiting for a long file at the head
    /// of the window, whose pages are converted in parallel: while it waits
    /// it takes some of those pages (`rayon::yield_now`) instead of sleeping,
    /// so one 300-page file does not leave the other cores idle.
    fn take(&self, len: usize, window: usize) -> Option<usize> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while !st.stop && st.next < len && st.next >= st.emitted + window {
            drop(st);
            let helped = rayon::yield_now() == Some(rayon::Yield::Executed);
            st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if !helped && !st.stop && st.next >= st.emitted + window {
                st = self
                    .moved
                    .wait_timeout(st, std::time::Duration::from_millis(2))
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        }
        if st.stop || st.next >= len {
            return None;
        }
        st.next += 1;
        Some(st.next - 1)
    }

    fn emitted(&self, n: usize, stop: bool) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.emitted = n;
        st.stop |= stop;
        drop(st);
        self.moved.notify_all();
    }
}

/// Converts `files` on `jobs` threads and calls `sink` with each outcome in
/// input order. The documents come without their [`Document::layouts`]
/// (page positions, which no dataset file holds), freed on the workers.
/// Results that finish early wait in a small buffer.
pub fn run_batch<F>(
    files: &[PathBuf],
    opts: &Options,
    jobs: usize,
    mut sink: F,
) -> Result<(), Error>
where
    F: FnMut(usize, Outcome) -> Result<(), Error>,
{
    run_batch_with(files, opts, jobs, |_| (), |i, o, ()| sink(i, o))
}

/// [`run_batch`] with a step run on the worker right after each
/// conversion: `prepare` (e.g. [`crate::dataset::writer::Stager::stage`], which
/// writes the document's own files) runs in parallel, and its result comes
/// to `sink` with the outcome, in input order.
pub fn run_batch_with<P, G, F>(
    files: &[PathBuf],
    opts: &Options,
    jobs: usize,
    prepare: G,
    mut sink: F,
) -> Result<(), Error>
where
    P: Send,
    G: Fn(&Outcome) -> P + Sync,
    F: FnMut(usize, Outcome, P) -> Result<(), Error>,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| Error::Panic(format!("cannot start worker threads: {e}")))?;
    let workers = jobs.max(1);
    // Files are handed out in input order, and never more than `window`
    // ahead of the last one given to `sink`: results that finish early wait
    // in `pending`, so memory stays flat however many files there are (a
    // work-stealing split of the list would let one thread run a thousand
    // files ahead of the other and buffer them all).
    let window = 4 * workers;
    let gate = Gate {
        state: Mutex::new(GateState::default()),
        moved: Condvar::new(),
    };
    let (tx, rx) = mpsc::channel::<(usize, Outcome, P)>();
    let mut result = Ok(());
    std::thread::scope(|s| {
        let (gate, prepare) = (&gate, &prepare);
        s.spawn(move || {
            pool.scope(|ps| {
                for _ in 0..workers {
                    let tx = tx.clone();
                    ps.spawn(move |_| {
                        while let Some(i) = gate.take(files.len(), window) {
                            let f = &files[i];
                            let display = opts.naming.name(f);
                            let mut out = convert_file(f, &display, opts);
                            // Positions are not written anywhere: free them
                            // here, on the worker, not on the writer thread.
                            if let Ok(doc) = &mut out.result {
                                doc.layouts = Vec::new();
                            }
                            let prepared = prepare(&out);
                            if tx.send((i, out, prepared)).is_err() {
                                break;
                            }
                        }
                    });
                }
            });
        });
        let mut pending: BTreeMap<usize, (Outcome, P)> = BTreeMap::new();
        let mut next = 0;
        for (i, out, prepared) in rx {
            pending.insert(i, (out, prepared));
            while let Some((o, p)) = pending.remove(&next) {
                if result.is_ok() {
                    result = sink(next, o, p);
                }
                next += 1;
                gate.emitted(next, result.is_err());
            }
        }
    });
    result
}
