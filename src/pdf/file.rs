//! Opening a PDF and reading its pages (engine-specific).

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::budget::{Budget, MAX_STREAM_BYTES, PAGE_DECODE_BYTES};
use super::content::{Interp, Mat};
use super::encoding::{decode_text_string, pdf_date_to_iso};
use super::font::FontCache;
use super::{DocInfo, Limits, Page, PdfError};

/// Depth of the page tree walked; deeper trees are treated as damaged.
const MAX_PAGE_TREE_DEPTH: usize = 64;
/// Pages accepted in one document.
const MAX_PAGES: usize = 100_000;
/// US Letter, the PDF default when a page has no usable MediaBox.
const DEFAULT_BOX: [f32; 4] = [0.0, 0.0, 612.0, 792.0];

/// A page as found in the page tree, with its inherited attributes.
#[derive(Debug)]
struct PageRef {
    id: ObjectId,
    resources: Option<Object>,
    media: Option<[f32; 4]>,
    crop: Option<[f32; 4]>,
    rotate: i32,
    /// Why the page's `/Rotate` was not used, when it was not a number.
    rotate_note: Option<String>,
}

/// An opened PDF. `Sync`, so pages can be read from several threads.
pub struct PdfFile {
    doc: Document,
    /// Repairs made while opening, by the object they concern: said on the
    /// pages whose page object or content stream it is.
    repairs: std::collections::HashMap<ObjectId, String>,
    pages: Vec<PageRef>,
    fonts: FontCache,
    info: DocInfo,
    limits: Limits,
}

/// Says what a non-PDF file looks like, for the error message.
fn sniff(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head
        .iter()
        .take(512)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let trimmed = {
        let mut s = lower.as_slice();
        if let Some(r) = s.strip_prefix(b"\xef\xbb\xbf") {
            s = r;
        }
        let ws = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
        &s[ws..]
    };
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if head.starts_with(b"PK\x03\x04") {
        if has(b"word/") {
            return "looks like a DOCX (ZIP) document".into();
        }
        if has(b"xl/") {
            return "looks like an XLSX (ZIP) workbook".into();
        }
        if has(b"opendocument") {
            return "looks like an OpenDocument (ZIP) file".into();
        }
        return "looks like a ZIP archive (DOCX/XLSX/ODT?)".into();
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0") {
        return "looks like a legacy MS Office file (DOC/XLS)".into();
    }
    if head.starts_with(b"{\\rtf") {
        return "looks like an RTF document".into();
    }
    if trimmed.starts_with(b"<!doctype html")
        || trimmed.starts_with(b"<html")
        || lower.windows(5).any(|w| w == b"<body")
    {
        return "looks like an HTML page".into();
    }
    if trimmed.starts_with(b"<?xml") {
        return "looks like an XML file".into();
    }
    if head.starts_with(b"\x89PNG") {
        return "looks like a PNG image".into();
    }
    if head.starts_with(b"\xFF\xD8\xFF") {
        return "looks like a JPEG image".into();
    }
    if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        return "looks like a TIFF image".into();
    }
    if head.starts_with(b"%!PS") {
        return "looks like a PostScript file".into();
    }
    if head.starts_with(b"\x1F\x8B") {
        return "looks like a gzip archive".into();
    }
    let text = String::from_utf8_lossy(head);
    let printable = text
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .count();
    if text.chars().count() > 0 && printable * 10 >= text.chars().count() * 9 {
        // Never quote the bytes: they may be anything (a link to a secret
        // file), and this message is published in errors.csv.
        return "starts with plain text, not a PDF header".into();
    }
    let hex: Vec<String> = head.iter().take(8).map(|b| format!("{b:02X}")).collect();
    format!("unknown binary data (starts {})", hex.join(" "))
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".into()
    }
}

fn as_box(doc: &Document, obj: Option<&Object>) -> Option<[f32; 4]> {
    let (_, obj) = doc.dereference(obj?).ok()?;
    let arr = obj.as_array().ok()?;
    let mut v = [0f32; 4];
    if arr.len() != 4 {
        return None;
    }
    for (slot, o) in v.iter_mut().zip(arr) {
        let (_, o) = doc.dereference(o).ok()?;
        *slot = o.as_float().ok()?;
    }
    let b = [
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ];
    (b.iter().all(|x| x.is_finite()) && b[2] - b[0] > 1.0 && b[3] - b[1] > 1.0).then_some(b)
}

/// The largest page side PDF allows (200 inches; ISO 32000-1, annex C).
const MAX_PAGE_SIDE: f32 = 14_400.0;

/// A page box larger than PDF allows is cut to [`MAX_PAGE_SIDE`] per side,
/// kept around the user-space origin where content is drawn (or at its
/// lower-left corner if it does not contain the origin), with a warning:
/// coordinates a billion points apart lose all precision in `f32`, and no
/// real page is that large.
fn limit_box(b: [f32; 4], warnings: &mut Vec<String>) -> [f32; 4] {
    let (w, h) = (b[2] - b[0], b[3] - b[1]);
    if w <= MAX_PAGE_SIDE && h <= MAX_PAGE_SIDE {
        return b;
    }
    warnings.push(format!(
        "page box {w} × {h} pt is larger than PDF allows ({MAX_PAGE_SIDE} pt a side); only {MAX_PAGE_SIDE} pt a side from the origin is read"
    ));
    let side = |lo: f32, hi: f32| {
        if hi - lo <= MAX_PAGE_SIDE {
            (lo, hi)
        } else {
            let start = if lo <= 0.0 && 0.0 < hi {
                (hi - MAX_PAGE_SIDE).min(0.0).max(lo)
            } else {
                lo
            };
            (start, start + MAX_PAGE_SIDE)
        }
    };
    let (x0, x1) = side(b[0], b[2]);
    let (y0, y1) = side(b[1], b[3]);
    [x0, y0, x1, y1]
}

/// Walks the page tree with an explicit stack (no recursion), carrying the
/// inheritable attributes down and refusing to visit a node twice, so a
/// cyclic or absurdly deep tree cannot loop or overflow.
fn collect_pages(doc: &Document) -> Result<Vec<PageRef>, PdfError> {
    let catalog = doc
        .catalog()
        .map_err(|e| PdfError::Damaged(format!("no document catalog (/Root): {e}")))?;
    let root = match catalog.get(b"Pages") {
        Ok(Object::Reference(id)) => *id,
        _ => return Err(PdfError::NoPages),
    };
    struct Inherit {
        resources: Option<Object>,
        media: Option<[f32; 4]>,
        crop: Option<[f32; 4]>,
        rotate: Option<i64>,
    }
    let mut pages = Vec::new();
    let mut seen = HashSet::new();
    // Stack of (node, inherited, depth); kids pushed in reverse for order.
    let mut stack: Vec<(ObjectId, std::rc::Rc<Inherit>, usize)> = vec![(
        root,
        std::rc::Rc::new(Inherit {
            resources: None,
            media: None,
            crop: None,
            rotate: None,
        }),
        0,
    )];
    while let Some((id, inh, depth)) = stack.pop() {
        if !seen.insert(id) || depth > MAX_PAGE_TREE_DEPTH || pages.len() >= MAX_PAGES {
            continue;
        }
        let Ok(node) = doc.get_dictionary(id) else {
            continue;
        };
        let here = Inherit {
            resources: node
                .get(b"Resources")
                .ok()
                .cloned()
                .or_else(|| inh.resources.clone()),
            media: as_box(doc, node.get(b"MediaBox").ok()).or(inh.media),
            crop: as_box(doc, node.get(b"CropBox").ok()).or(inh.crop),
            rotate: node
                .get(b"Rotate")
                .ok()
                .and_then(|r| doc.dereference(r).ok())
                .and_then(|(_, r)| r.as_i64().ok())
                .or(inh.rotate),
        };
        let mut rotate_note = None;
        let here = match node
            .get(b"Rotate")
            .ok()
            .and_then(|r| doc.dereference(r).ok())
        {
            Some((_, r)) if r.as_i64().is_err() => {
                // A real (`90.0`) that is a whole number of degrees is used;
                // anything else falls back to the inherited or default 0.
                match r
                    .as_float()
                    .ok()
                    .filter(|v| v.is_finite() && v.fract() == 0.0 && v.abs() < 1e6)
                {
                    Some(v) => Inherit {
                        rotate: Some(v as i64),
                        ..here
                    },
                    None => {
                        rotate_note = Some(format!(
                            "invalid /Rotate {}: not a whole number of degrees, ignored",
                            match r {
                                Object::Real(v) => v.to_string(),
                                Object::Name(n) => format!("/{}", String::from_utf8_lossy(n)),
                                _ => format!("({})", r.enum_variant()),
                            }
                        ));
                        here
                    }
                }
            }
            _ => here,
        };
        let kids = node
            .get(b"Kids")
            .ok()
            .and_then(|k| doc.dereference(k).ok())
            .and_then(|(_, k)| k.as_array().ok());
        let is_pages = match node.get_type() {
            Ok(b"Pages") => true,
            Ok(b"Page") => false,
            _ => kids.is_some(),
        };
        if is_pages {
            let here = std::rc::Rc::new(here);
            if let Some(kids) = kids {
                for kid in kids.iter().rev() {
                    if let Ok(kid) = kid.as_reference() {
                        stack.push((kid, here.clone(), depth + 1));
                    }
                }
            }
        } else {
            let rotate = here.rotate.unwrap_or(0).rem_euclid(360) as i32;
            pages.push(PageRef {
                id,
                resources: here.resources,
                media: here.media,
                crop: here.crop,
                rotate,
                rotate_note,
            });
        }
    }
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    Ok(pages)
}

fn info_string(doc: &Document, info: Option<&Dictionary>, key: &[u8]) -> Option<String> {
    let obj = info?.get(key).ok()?;
    let (_, obj) = doc.dereference(obj).ok()?;
    let s = match obj {
        Object::String(bytes, _) => decode_text_string(bytes),
        Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
        _ => return None,
    };
    let s = s.trim_matches(char::from(0)).trim().to_string();
    (!s.is_empty()).then_some(s)
}

fn lopdf_reason(e: &lopdf::Error) -> String {
    let s = e.to_string();
    if s.is_empty() {
        format!("{e:?}")
    } else {
        s
    }
}

impl PdfFile {
    /// Parses a PDF from memory, repairing a broken xref table when possible
    /// and decrypting files that have only an owner password.
    pub fn open(bytes: &[u8], limits: Limits) -> Result<PdfFile, PdfError> {
        if bytes.is_empty() {
            return Err(PdfError::Empty);
        }
        let head = &bytes[..bytes.len().min(1024)];
        if !head.windows(5).any(|w| w == b"%PDF-") {
            return Err(PdfError::NotPdf(sniff(bytes)));
        }
        let options = lopdf::LoadOptions {
            max_decompressed_size: Some(MAX_STREAM_BYTES),
            ..lopdf::LoadOptions::default()
        };
        // Numbers written with an exponent (`/Rotate 1e40`) are not PDF
        // syntax and make the parser drop the whole object: they are read
        // as 0 (each field's default then applies), in a copy of the same
        // length so that every offset stays right.
        let (patched, exponents) = patch_exponent_numbers(bytes);
        let input: &[u8] = patched.as_deref().unwrap_or(bytes);
        let loaded = catch_unwind(AssertUnwindSafe(|| {
            Document::load_mem_with_options(input, options)
        }));
        let doc = match loaded {
            Ok(Ok(doc)) => doc,
            Ok(Err(lopdf::Error::InvalidPassword)) => return Err(PdfError::Encrypted),
            Ok(Err(e)) => {
                let reason = lopdf_reason(&e);
                if !bytes.windows(4).any(|w| w == b" obj") {
                    return Err(PdfError::Damaged(format!(
                        "{reason} (no objects in the file: truncated?)"
                    )));
                }
                return Err(PdfError::Damaged(reason));
            }
            Err(p) => {
                return Err(PdfError::Internal(format!(
                    "PDF parser panicked: {}",
                    panic_message(p.as_ref())
                )))
            }
        };
        // lopdf decrypts with the empty user password by itself; a trailer
        // that still names /Encrypt means a real password is needed.
        if doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none() {
            return Err(PdfError::Encrypted);
        }
        let mut doc = doc;
        let mut repairs = std::collections::HashMap::new();
        for (offset, token) in exponents {
            if let Some(id) = object_at(input, offset) {
                repairs.entry(id).or_insert_with(|| {
                    format!(
                        "object {} {} R has a number written with an exponent ({token}), which PDF does not allow; read as 0, so the default applies",
                        id.0, id.1
                    )
                });
            }
        }
        recover_stream_lengths(&mut doc, input, &mut repairs);
        let walked = catch_unwind(AssertUnwindSafe(|| collect_pages(&doc)));
        let pages = match walked {
            Ok(r) => r?,
            Err(p) => {
                return Err(PdfError::Internal(format!(
                    "page tree walk panicked: {}",
                    panic_message(p.as_ref())
                )))
            }
        };
        let info_dict = doc
            .trailer
            .get(b"Info")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        let creation_date =
            info_string(&doc, info_dict, b"CreationDate").map(|d| pdf_date_to_iso(&d).unwrap_or(d));
        let mut version = doc.version.clone();
        // A catalog /Version overrides the header (incremental upgrades).
        if let Ok(Object::Name(v)) = doc.catalog().and_then(|c| c.get(b"Version")) {
            version = String::from_utf8_lossy(v).into_owned();
        }
        let info = DocInfo {
            pages: pages.len() as u32,
            pdf_version: version,
            producer: info_string(&doc, info_dict, b"Producer"),
            creator: info_string(&doc, info_dict, b"Creator"),
            title: info_string(&doc, info_dict, b"Title"),
            author: info_string(&doc, info_dict, b"Author"),
            creation_date,
            encrypted: doc.encryption_state.is_some(),
        };
        Ok(PdfFile {
            doc,
            repairs,
            pages,
            fonts: FontCache::default(),
            info,
            limits,
        })
    }

    pub fn info(&self) -> &DocInfo {
        &self.info
    }

    pub fn page_count(&self) -> usize {
        self.info.pages as usize
    }

    /// Whether lopdf had to rebuild the cross-reference table to open the file.
    pub fn was_repaired(&self) -> bool {
        self.doc.xref_recovery.is_some()
    }

    /// Reads page `index` (0-based). Never fails and never panics: problems
    /// become `Page::warnings` and whatever was read before them is kept.
    pub fn page(&self, index: usize) -> Page {
        let mut page = Page {
            number: index as u32 + 1,
            ..Page::default()
        };
        let Some(pref) = self.pages.get(index) else {
            page.warnings.push(format!(
                "no page {} (document has {})",
                index + 1,
                self.pages.len()
            ));
            return page;
        };
        let result = catch_unwind(AssertUnwindSafe(|| self.read_page(pref, &mut page)));
        if let Err(p) = result {
            page.warnings.push(format!(
                "internal error while reading the page (kept what was read): {}",
                panic_message(p.as_ref())
            ));
        }
        page
    }

    fn read_page(&self, pref: &PageRef, page: &mut Page) {
        let doc = &self.doc;
        if let Some(w) = self.repairs.get(&pref.id) {
            page.warnings.push(w.clone());
        }
        if let Some(w) = &pref.rotate_note {
            page.warnings.push(w.clone());
        }
        // Geometry: CropBox (within the MediaBox) else MediaBox.
        let media = pref.media.unwrap_or_else(|| {
            page.warnings
                .push("page has no usable MediaBox, assuming US Letter".into());
            DEFAULT_BOX
        });
        let bx = match pref.crop {
            Some(c) => {
                let b = [
                    c[0].max(media[0]),
                    c[1].max(media[1]),
                    c[2].min(media[2]),
                    c[3].min(media[3]),
                ];
                if b[2] - b[0] > 1.0 && b[3] - b[1] > 1.0 {
                    b
                } else {
                    media
                }
            }
            None => media,
        };
        let bx = limit_box(bx, &mut page.warnings);
        let rotate = if pref.rotate % 90 == 0 {
            pref.rotate
        } else {
            page.warnings
                .push(format!("invalid /Rotate {}, ignored", pref.rotate));
            0
        };
        page.rotate = rotate;
        let (w, h) = (bx[2] - bx[0], bx[3] - bx[1]);
        let to_reading = reading_matrix(bx, rotate);
        if rotate == 90 || rotate == 270 {
            page.width = h;
            page.height = w;
        } else {
            page.width = w;
            page.height = h;
        }

        // Content: all streams concatenated (an operator may span two).
        let mut content = Vec::new();
        let Ok(page_dict) = doc.get_dictionary(pref.id) else {
            page.warnings
                .push("page object is missing or not a dictionary".into());
            return;
        };
        let mut streams: Vec<(ObjectId, &lopdf::Stream)> = Vec::new();
        // No /Contents at all is a blank page.
        if let Ok(obj) = page_dict.get(b"Contents") {
            let (id, resolved) = match obj {
                Object::Reference(id) => (Some(*id), doc.get_object(*id).ok()),
                o => (None, Some(o)),
            };
            match resolved {
                Some(Object::Stream(s)) => streams.push((id.unwrap_or((0, 0)), s)),
                Some(Object::Array(items)) => {
                    for item in items {
                        match item {
                            Object::Reference(id) => match doc.get_object(*id) {
                                Ok(Object::Stream(s)) => streams.push((*id, s)),
                                _ => page
                                    .warnings
                                    .push(format!("content stream {} {} R is missing", id.0, id.1)),
                            },
                            Object::Stream(s) => streams.push(((0, 0), s)),
                            _ => {}
                        }
                    }
                }
                Some(Object::Null) | None => {
                    if id.is_some() {
                        page.warnings.push("content stream is missing".into())
                    }
                }
                Some(_) => page.warnings.push("page /Contents is not a stream".into()),
            }
        }
        let budget = Budget::new(PAGE_DECODE_BYTES, self.limits.deadline);
        let mut raw_bytes = 0usize;
        for (id, s) in streams {
            if let Some(w) = self.repairs.get(&id) {
                page.warnings.push(w.clone());
            }
            raw_bytes += s.content.len();
            let out = budget.decode(doc, s, MAX_STREAM_BYTES.saturating_sub(content.len()));
            if let Some(w) = out.problem {
                page.warnings
                    .push(format!("content stream {} {} R: {w}", id.0, id.1));
            }
            if out.image {
                page.warnings.push(format!(
                    "content stream {} {} R is image data, not page content: skipped",
                    id.0, id.1
                ));
                continue;
            }
            content.extend_from_slice(&out.bytes);
            content.push(b'\n');
            if content.len() >= MAX_STREAM_BYTES || budget.remaining() == 0 {
                break;
            }
        }
        let resources = pref
            .resources
            .as_ref()
            .and_then(|r| doc.dereference(r).ok())
            .and_then(|(_, r)| r.as_dict().ok());
        let mut interp = Interp::new(doc, &self.fonts, self.limits, page, to_reading, &budget);
        interp.run_page(&content, resources);
        interp.run_annotations(page_dict);
        let text_ops = interp.text_ops;
        drop(interp);
        // Content that gave no text: always said, so that text lost to a
        // damaged stream or a font that maps nothing is never silent.
        if page.glyphs.is_empty() {
            let decoded = content.iter().any(|b| !b.is_ascii_whitespace());
            if text_ops > 0 {
                page.warnings.push(format!(
                    "page shows text ({text_ops} text operators) but no character could be read from it"
                ));
            } else if raw_bytes > 0 && !decoded && page.warnings.is_empty() {
                page.warnings
                    .push("page has content streams but none of them gave any content".into());
            }
        }
    }
}

/// Longest stretch searched for `endstream` when a stream's length is lost.
const MAX_RECOVERED_STREAM: usize = 64 << 20;

/// Streams whose `/Length` could not be resolved (an indirect reference to
/// a missing or non-integer object) are left empty by the parser with
/// their data's position: they are read up to `endstream`, as poppler
/// does, with a repair note.
fn recover_stream_lengths(
    doc: &mut Document,
    bytes: &[u8],
    repairs: &mut std::collections::HashMap<ObjectId, String>,
) {
    for (id, obj) in doc.objects.iter_mut() {
        let Object::Stream(s) = obj else { continue };
        let Some(start) = s.start_position else {
            continue;
        };
        if !s.content.is_empty() {
            continue;
        }
        let Some(rest) = bytes.get(start..) else {
            continue;
        };
        let window = &rest[..rest.len().min(MAX_RECOVERED_STREAM)];
        let Some(end) = window.windows(9).position(|w| w == b"endstream") else {
            continue;
        };
        let mut data = &window[..end];
        if let Some(d) = data.strip_suffix(b"\n") {
            data = d.strip_suffix(b"\r").unwrap_or(d);
        } else if let Some(d) = data.strip_suffix(b"\r") {
            data = d;
        }
        if data.is_empty() {
            continue;
        }
        s.content = data.to_vec();
        repairs.insert(
            *id,
            format!(
                "stream {} {} R: its /Length is not a usable integer (a missing or non-number object); read up to endstream ({} bytes)",
                id.0,
                id.1,
                data.len()
            ),
        );
    }
}

/// A copy of `bytes` in which every number written with an exponent
/// (`1e40`, `-2.5E+3`) outside streams, strings and comments is replaced by
/// `0` and spaces (same length), with each one's offset and text; `None`
/// when there is none.
fn patch_exponent_numbers(bytes: &[u8]) -> (Option<Vec<u8>>, Vec<(usize, String)>) {
    let mut found: Vec<(usize, usize)> = Vec::new();
    let n = bytes.len();
    let mut i = 0;
    let delim = |c: u8| {
        matches!(
            c,
            b' ' | b'\t'
                | b'\r'
                | b'\n'
                | b'\x0c'
                | b'\0'
                | b'('
                | b')'
                | b'<'
                | b'>'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'/'
                | b'%'
        )
    };
    while i < n {
        let c = bytes[i];
        match c {
            b'%' => {
                while i < n && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => {
                let mut depth = 0usize;
                while i < n {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            b'<' if bytes.get(i + 1) != Some(&b'<') => {
                while i < n && bytes[i] != b'>' {
                    i += 1;
                }
            }
            b'<' => i += 1,
            b's' if bytes[i..].starts_with(b"stream")
                && (i == 0 || delim(bytes[i - 1]))
                && bytes.get(i + 6).is_some_and(|&c| c == b'\r' || c == b'\n') =>
            {
                match bytes[i..].windows(9).position(|w| w == b"endstream") {
                    Some(k) => i += k + 9,
                    None => break,
                }
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' if i == 0 || delim(bytes[i - 1]) => {
                let start = i;
                while i < n && !delim(bytes[i]) {
                    i += 1;
                }
                let tok = &bytes[start..i];
                let e = tok.iter().position(|&b| b == b'e' || b == b'E');
                if let Some(e) = e {
                    let (mant, exp) = (&tok[..e], &tok[e + 1..]);
                    let digits = |t: &[u8]| {
                        let t = t
                            .strip_prefix(b"+")
                            .or_else(|| t.strip_prefix(b"-"))
                            .unwrap_or(t);
                        !t.is_empty() && t.iter().all(|b| b.is_ascii_digit() || *b == b'.')
                    };
                    if digits(mant) && digits(exp) && exp.iter().all(|b| *b != b'.') {
                        found.push((start, i));
                    }
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if found.is_empty() {
        return (None, Vec::new());
    }
    let mut out = bytes.to_vec();
    let mut notes = Vec::with_capacity(found.len().min(1000));
    for &(s, e) in &found {
        if notes.len() < 1000 {
            notes.push((s, String::from_utf8_lossy(&bytes[s..e]).into_owned()));
        }
        out[s] = b'0';
        for b in &mut out[s + 1..e] {
            *b = b' ';
        }
    }
    (Some(out), notes)
}

/// The object (`N G obj`) that the byte at `offset` belongs to: the last
/// object header before it.
fn object_at(bytes: &[u8], offset: usize) -> Option<ObjectId> {
    let head = bytes.get(..offset)?;
    let k = head.windows(3).rposition(|w| w == b"obj")?;
    let before = String::from_utf8_lossy(head.get(k.saturating_sub(24)..k)?);
    let mut parts = before.split_whitespace().rev();
    let gen: u16 = parts.next()?.parse().ok()?;
    let num: u32 = parts.next()?.parse().ok()?;
    Some((num, gen))
}

/// User space → reading space: origin at the top-left of the visible box,
/// y down, after the page's clockwise `/Rotate`.
fn reading_matrix(bx: [f32; 4], rotate: i32) -> Mat {
    let (w, h) = (bx[2] - bx[0], bx[3] - bx[1]);
    // Unrotated, y flipped: (u, v) = (x - x0, y1 - y).
    let flip = Mat([1.0, 0.0, 0.0, -1.0, -bx[0], bx[3]]);
    let rot = match rotate {
        90 => Mat([0.0, 1.0, -1.0, 0.0, h, 0.0]), // (u,v) → (h - v, u)
        180 => Mat([-1.0, 0.0, 0.0, -1.0, w, h]), // (w - u, h - v)
        270 => Mat([0.0, -1.0, 1.0, 0.0, 0.0, w]), // (v, w - u)
        _ => Mat::IDENTITY,
    };
    flip.mul(&rot)
}

#[cfg(test)]
mod tests;
