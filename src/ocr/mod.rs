//! OCR stage for scanned pages: a page image → a [`Page`] of glyphs and rules.
//!
//! The page is rendered with Poppler's `pdftoppm` (grey, 300 dpi by default;
//! `pdftoppm` applies `/Rotate` itself), ruling lines are found in the image
//! ([`rules`]), erased, and the cleaned image is read by Tesseract (`vie`).
//! Each OCR word becomes one glyph per character, spread evenly over the
//! word's box, on a baseline fitted to the Tesseract line, with a space glyph
//! between words; all glyphs use one pseudo font (`OCR`). The ruling lines
//! become [`Page::rules`]. Later stages (layout, lattice tables, structure)
//! then treat the page like any text page.
//!
//! Everything is per call: no global state, temporary files in a fresh
//! directory removed afterwards, so pages can be OCR'd on parallel threads.
//! Each subprocess runs under a time limit and is killed when it overruns.

pub mod cells;
pub mod image;
pub mod labels;
pub mod orient;
pub mod ortho;
mod page;
pub mod rules;
pub mod segment;
pub mod tsv;

use crate::issue_kind::IssueKind;
use crate::pdf::Page;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub use cells::{find_cells, CellBox};
pub use image::{parse_pgm, GrayImage};
pub use page::{build_page, PageGeometry};
pub use rules::{find_rules, PixelRule, RuleParams};
pub use tsv::{group_lines, parse_tsv, OcrLine, OcrWord};

/// Skews (slope of the rules) below this are left as scanned; above
/// `MAX_SKEW` (~6°) the rules are not those of a page on the glass.
const MIN_SKEW: f32 = 0.0035;
const MAX_SKEW: f32 = 0.1;

/// What to install when OCR is not possible.
pub const INSTALL_HINT: &str = "apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils";

/// The OCR tools are missing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("OCR unavailable: {reason}; install with `{INSTALL_HINT}`")]
pub struct OcrUnavailable {
    pub reason: String,
}

/// Why one page could not be OCR'd.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error("{tool} failed ({status}): {stderr}")]
    ToolFailed {
        tool: &'static str,
        status: String,
        stderr: String,
    },
    #[error("{tool} timed out after {secs} s on page {page}")]
    Timeout {
        tool: &'static str,
        secs: u64,
        page: u32,
    },
    /// The document's time limit (`--time-limit`) passed before or while
    /// this page was OCR'd; the running tool was killed.
    #[error("time limit reached while OCR'ing page {page}")]
    Deadline { page: u32 },
    #[error("bad page image: {0}")]
    Image(String),
    #[error("invalid request: {0}")]
    Invalid(String),
    #[error("OCR I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl OcrError {
    /// Short machine-readable kind for `errors.csv`.
    pub fn kind(&self) -> IssueKind {
        match self {
            OcrError::ToolFailed { .. } => IssueKind::OcrToolFailed,
            OcrError::Timeout { .. } => IssueKind::OcrTimeout,
            OcrError::Deadline { .. } => IssueKind::TimeLimit,
            OcrError::Image(_) => IssueKind::OcrBadImage,
            OcrError::Invalid(_) => IssueKind::OcrInvalid,
            OcrError::Io(_) => IssueKind::OcrIo,
        }
    }
}

/// Settings of the OCR stage.
#[derive(Debug, Clone)]
pub struct OcrOptions {
    /// Render resolution (lowered for very large pages, see `max_pixels`).
    pub dpi: u32,
    /// Upper bound on rendered pixels per page (memory bound).
    pub max_pixels: u64,
    /// Tesseract language(s).
    pub lang: String,
    /// Tesseract page segmentation mode (3 = automatic, 4 = one column of
    /// variable-size text, 6 = one uniform block).
    pub psm: u8,
    /// Time limit for each subprocess (render, recognise) of one page.
    pub timeout: Duration,
    /// Tesseract's own threads (`OMP_THREAD_LIMIT`); `None` leaves its
    /// default. Pages already run in parallel, so 1 is the default.
    pub tesseract_threads: Option<u32>,
    /// Words with a lower confidence (0–100) are dropped.
    pub min_conf: f32,
    /// Find ruling lines and erase them before recognition.
    pub rules: bool,
    /// Read each ruled table cell on its own (needs `rules`), as one
    /// uniform block of text; see [`cells`].
    pub cells: bool,
    /// A second model for cells read as one short word (`eng`): Tesseract's
    /// Vietnamese model, with no sentence around a lone row number, reads
    /// `7` as `vị` and `II` as `H`; when this model reads a row number or
    /// roman numeral there, its reading is taken (see
    /// [`prefer_label_reading`]). Dropped when the language is not installed.
    pub label_lang: Option<String>,
}

impl Default for OcrOptions {
    fn default() -> Self {
        OcrOptions {
            dpi: 300,
            max_pixels: 60_000_000,
            lang: "vie".into(),
            psm: 3,
            timeout: Duration::from_secs(120),
            tesseract_threads: Some(1),
            min_conf: 0.0,
            rules: true,
            cells: true,
            label_lang: Some("eng".into()),
        }
    }
}

/// Where the PDF comes from.
#[derive(Debug, Clone, Copy)]
pub enum PdfInput<'a> {
    Path(&'a Path),
    Bytes(&'a [u8]),
}

impl<'a> From<&'a Path> for PdfInput<'a> {
    fn from(p: &'a Path) -> Self {
        PdfInput::Path(p)
    }
}

impl<'a> From<&'a PathBuf> for PdfInput<'a> {
    fn from(p: &'a PathBuf) -> Self {
        PdfInput::Path(p)
    }
}

impl<'a> From<&'a [u8]> for PdfInput<'a> {
    fn from(b: &'a [u8]) -> Self {
        PdfInput::Bytes(b)
    }
}

/// The discovered OCR tools and the options to run them with. Cheap to
/// clone, `Send + Sync`; share one across threads.
#[derive(Debug, Clone)]
pub struct Ocr {
    pub pdftoppm: PathBuf,
    pub tesseract: PathBuf,
    pub options: OcrOptions,
    /// When set, no tool runs past this instant (see
    /// [`Ocr::ocr_scanned_page_until`]).
    pub deadline: Option<Instant>,
}

/// Finds an executable on `PATH`.
fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file() || p.with_extension("exe").is_file()
}

impl Ocr {
    /// Discovers `pdftoppm` and `tesseract` with the `vie` language, with
    /// default options.
    pub fn availability() -> Result<Ocr, OcrUnavailable> {
        Ocr::with_options(OcrOptions::default())
    }

    /// Like [`Ocr::availability`], with the given options (the languages
    /// in `options.lang`, `+`-separated, must all be installed).
    pub fn with_options(mut options: OcrOptions) -> Result<Ocr, OcrUnavailable> {
        let missing = |what: &str| OcrUnavailable {
            reason: what.to_string(),
        };
        let pdftoppm = which("pdftoppm").ok_or_else(|| missing("`pdftoppm` not found on PATH"))?;
        let tesseract =
            which("tesseract").ok_or_else(|| missing("`tesseract` not found on PATH"))?;
        let out = Command::new(&tesseract)
            .arg("--list-langs")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| missing(&format!("`tesseract --list-langs` could not run: {e}")))?;
        // Old versions print the list on stderr.
        let text = format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let langs: Vec<&str> = text.lines().map(str::trim).collect();
        for lang in options.lang.split('+') {
            if !langs.contains(&lang) {
                return Err(missing(&format!(
                    "Tesseract language `{lang}` is not installed"
                )));
            }
        }
        if let Some(l) = &options.label_lang {
            if !l.split('+').all(|l| langs.contains(&l)) {
                options.label_lang = None;
            }
        }
        Ok(Ocr {
            pdftoppm,
            tesseract,
            options,
            deadline: None,
        })
    }

    /// OCRs one page (1-based) of a PDF. `width`/`height` are the page size in
    /// points after rotation (as in [`Page`]); `rotate` is only recorded,
    /// since `pdftoppm` renders the page already rotated.
    pub fn ocr_page<'a>(
        &self,
        pdf: impl Into<PdfInput<'a>>,
        page: u32,
        width: f32,
        height: f32,
        rotate: i32,
    ) -> Result<Page, OcrError> {
        self.ocr_scanned_page(pdf, page, width, height, rotate, None)
    }

    /// Like [`Ocr::ocr_page`], for a page that is a scanned image of
    /// resolution `scan_dpi` ([`Page::scan_dpi`]): the page is rendered at a
    /// whole multiple (or fraction) of it, see [`render_dpi`].
    pub fn ocr_scanned_page<'a>(
        &self,
        pdf: impl Into<PdfInput<'a>>,
        page: u32,
        width: f32,
        height: f32,
        rotate: i32,
        scan_dpi: Option<f32>,
    ) -> Result<Page, OcrError> {
        self.ocr_scanned_page_until(pdf, page, width, height, rotate, scan_dpi, None)
    }

    /// Like [`Ocr::ocr_scanned_page`], giving up at `deadline`: a tool still
    /// running then is killed and the page fails with
    /// [`OcrError::Deadline`] (the document's `--time-limit`).
    #[allow(clippy::too_many_arguments)]
    pub fn ocr_scanned_page_until<'a>(
        &self,
        pdf: impl Into<PdfInput<'a>>,
        page: u32,
        width: f32,
        height: f32,
        rotate: i32,
        scan_dpi: Option<f32>,
        deadline: Option<Instant>,
    ) -> Result<Page, OcrError> {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(OcrError::Deadline { page });
        }
        let this = Ocr {
            deadline,
            ..self.clone()
        };
        this.ocr_page_inner(pdf.into(), page, width, height, rotate, scan_dpi)
    }

    fn ocr_page_inner(
        &self,
        pdf: PdfInput<'_>,
        page: u32,
        width: f32,
        height: f32,
        rotate: i32,
        scan_dpi: Option<f32>,
    ) -> Result<Page, OcrError> {
        if page == 0 {
            return Err(OcrError::Invalid("page numbers start at 1".into()));
        }
        if !(width.is_finite() && height.is_finite() && width > 1.0 && height > 1.0) {
            return Err(OcrError::Invalid(format!(
                "bad page size {width} × {height} pt"
            )));
        }
        let dir = crate::scratch::Scratch::new("kehoach-ocr-")?;
        let pdf_path = match pdf {
            PdfInput::Path(p) => p.to_path_buf(),
            PdfInput::Bytes(b) => {
                let p = dir.path().join("in.pdf");
                std::fs::write(&p, b)?;
                p
            }
        };
        let dpi = render_dpi(self.options.dpi, scan_dpi);
        let mut img = self.render(&pdf_path, page, dpi, width, height, dir.path())?;
        // A sheet scanned a quarter turn off is read turned upright; the
        // page is then as displayed after that turn.
        let (mut width, mut height, mut rotate) = (width, height, rotate);
        let mut turned = false;
        let first_dpi = img.width as f32 * 72.0 / width;
        if orient::looks_sideways(&img, img.otsu().clamp(128, 200), first_dpi) {
            if let Some(t) = self.orientation(&img, first_dpi, page, dir.path())? {
                img = img.turned(t / 90);
                if t != 180 {
                    std::mem::swap(&mut width, &mut height);
                }
                rotate = (rotate + t as i32).rem_euclid(360);
                turned = true;
            }
        }
        let (mut lines, mut page_rules) = self.read_image(img.clone(), width, page, dir.path())?;
        // A page fed upside down (or turned so that its profiles did not
        // show it) reads as symbols with low confidence: asked once which
        // way up it is, and read again turned when that reads better.
        let (words, mean) = mean_confidence(&lines);
        if !turned && words >= MIN_WORDS_TO_DOUBT && mean < DOUBTFUL_CONFIDENCE {
            if let Some(t) = self.orientation(&img, first_dpi, page, dir.path())? {
                let (w, h) = if t == 180 {
                    (width, height)
                } else {
                    (height, width)
                };
                let again = img.turned(t / 90);
                let (l2, r2) = self.read_image(again.clone(), w, page, dir.path())?;
                if mean_confidence(&l2).1 > mean + 10.0 {
                    (lines, page_rules, img) = (l2, r2, again);
                    (width, height) = (w, h);
                    rotate = (rotate + t as i32).rem_euclid(360);
                    turned = true;
                }
            }
        }
        let geom = PageGeometry {
            number: page,
            width,
            height,
            rotate,
            image_width: img.width,
            image_height: img.height,
        };
        let mut out = build_page(&geom, &lines, &page_rules, self.options.min_conf);
        if lines.is_empty() {
            out.warnings.push("ocr: no text recognised".into());
        }
        if turned {
            // The turn itself is the page's `ocr_turn`: one message for all
            // turned pages, so that a file's warnings group.
            out.warnings.push(
                "ocr: the scan's text was not upright; the page was read turned upright".into(),
            );
        }
        Ok(out)
    }

    /// Reads a rendered page `width` points wide: its ruling lines found
    /// (and the page levelled by them) and erased, the cells they close read
    /// one by one, the rest of the page with Tesseract's layout. Returns the
    /// text lines and the rules as the cells' walls.
    fn read_image(
        &self,
        mut img: GrayImage,
        width: f32,
        page: u32,
        dir: &Path,
    ) -> Result<(Vec<OcrLine>, Vec<PixelRule>), OcrError> {
        let dpi = img.width as f32 * 72.0 / width;
        // Pale scans (grey rules and text on tinted paper) need a higher
        // ink threshold than black-on-white ones.
        let dark = img.otsu().clamp(128, 200);
        let pixel_rules = if self.options.rules {
            let mut params = RuleParams::for_image(img.width, img.height, dpi);
            params.dark = dark;
            let mut found = find_rules(&img, &params);
            // A page skewed on the glass by more than ~0.2° is levelled
            // by its rules first: a ruled grid whose rows climb 60 px
            // across the page would give cells holding half of two rows.
            // Its text and rules are then placed as on the levelled image.
            let skew = rules::page_skew(&found, img.width, img.height)
                .filter(|s| s.abs() > MIN_SKEW && s.abs() < MAX_SKEW);
            if let Some(s) = skew {
                img = img.levelled(s);
                found = find_rules(&img, &params);
            }
            rules::erase_rules(&mut img, &found);
            found
        } else {
            Vec::new()
        };
        let mut cell_lines = Vec::new();
        let mut cells = Vec::new();
        if self.options.cells && !pixel_rules.is_empty() {
            cells = find_cells(&pixel_rules, dpi);
            cell_lines = self.recognise_cells(&img, &cells, dpi, dark, page, dir)?;
            // The rest of the page is read without the cells already read.
            for c in &cells {
                let [x0, y0, x1, y1] = c.outer;
                img.fill(x0, y0, x1, y1, 255);
            }
        }
        let mut lines = self.recognise(&img, dpi, page, dir)?;
        lines.extend(cell_lines);
        // The table as its cells were read: walls on the grid lines.
        Ok((lines, cells::grid_rules(&pixel_rules, &cells)))
    }

    /// The clockwise turn that puts the page's text upright, by Tesseract's
    /// orientation detection ([`orient::turn_from_osd`]); None when it
    /// cannot tell (or its `osd` data is not installed): the page is read
    /// as it is.
    fn orientation(
        &self,
        img: &GrayImage,
        dpi: f32,
        page: u32,
        dir: &Path,
    ) -> Result<Option<u32>, OcrError> {
        let input = dir.join("orient.pgm");
        img.write_pgm(&input)?;
        let base = dir.join("orient");
        let ran = self.run_tesseract(&input, &base, dpi, &["--psm", "0"], page, dir);
        let _ = std::fs::remove_file(&input);
        match ran {
            Err(e @ OcrError::Deadline { .. }) => Err(e),
            Err(_) => Ok(None),
            Ok(()) => {
                let report =
                    std::fs::read_to_string(base.with_extension("osd")).unwrap_or_default();
                Ok(orient::turn_from_osd(&report))
            }
        }
    }

    /// Renders one page to a grey image.
    fn render(
        &self,
        pdf: &Path,
        page: u32,
        dpi: f32,
        width: f32,
        height: f32,
        dir: &Path,
    ) -> Result<GrayImage, OcrError> {
        let mut dpi = dpi.max(36.0) as f64;
        let px = (width as f64 / 72.0 * dpi) * (height as f64 / 72.0 * dpi);
        if px > self.options.max_pixels as f64 {
            dpi = (dpi * (self.options.max_pixels as f64 / px).sqrt()).floor();
            if dpi < 36.0 {
                return Err(OcrError::Invalid(format!(
                    "page {page} is too large to render for OCR ({width} × {height} pt)"
                )));
            }
        }
        let prefix = dir.join("page");
        let n = page.to_string();
        let mut cmd = Command::new(&self.pdftoppm);
        cmd.args([
            "-r",
            &format!("{dpi}"),
            "-gray",
            "-f",
            &n,
            "-l",
            &n,
            "-singlefile",
        ])
        .arg(pdf)
        .arg(&prefix);
        run_with_timeout(
            cmd,
            "pdftoppm",
            self.options.timeout,
            self.deadline,
            page,
            dir,
        )?;
        let path = prefix.with_extension("pgm");
        let data = std::fs::read(&path).map_err(|e| {
            OcrError::Image(format!("pdftoppm wrote no image for page {page}: {e}"))
        })?;
        let _ = std::fs::remove_file(&path);
        parse_pgm(&data).map_err(OcrError::Image)
    }

    /// Reads the given cells of the image and returns their text lines in
    /// page pixels. Each cell is cut into its text lines ([`segment`]) and
    /// all lines of the page are read in one Tesseract run, each as one line
    /// (`--psm 7`), so that stacked lines never interleave. Traces of the
    /// erased rules at the ends of lines are dropped ([`labels`]), and the
    /// row numbers of the table's STT column are repaired from their
    /// neighbours. Cells without ink are skipped.
    fn recognise_cells(
        &self,
        img: &GrayImage,
        cells: &[CellBox],
        dpi: f32,
        dark: u8,
        page: u32,
        dir: &Path,
    ) -> Result<Vec<OcrLine>, OcrError> {
        /// White margin around each crop (Tesseract reads badly up to the edge).
        const PAD: usize = 16;
        let dark_ink = dark;
        let px = |pt: f32| (pt * dpi / 72.0).round().max(1.0) as usize;
        // Each cell's cleaned image, ink profile and raw bands, on the
        // page's text made level (a skewed scan's lines would be cut).
        let mut crops = Vec::new();
        for (k, c) in cells.iter().enumerate() {
            let mut crop = img.crop_padded(c.x0, c.y0, c.x1, c.y1, 0);
            segment::clean_edges(&mut crop, dark_ink, px(2.0));
            let (w, h) = (crop.width, crop.height);
            segment::erase_long_runs(
                &mut crop,
                dark_ink,
                (w * 3 / 10).max(px(20.0)),
                (h * 6 / 10).max(px(14.0)),
            );
            if crop.ink(dark_ink) >= 8 {
                crops.push((k, crop));
            }
        }
        let per_cell = 200_000 / crops.len().max(1);
        let points: Vec<Vec<(i32, i32)>> = crops
            .iter()
            .map(|(_, c)| segment::ink_points(c, dark_ink, per_cell))
            .collect();
        let page_slope = segment::text_skew(&points, 0.035, 14);
        let mut prepared = Vec::new();
        for ((k, crop), pts) in crops.into_iter().zip(&points) {
            // A cell with text enough has its own slope (a page can be
            // warped), a small one takes the page's.
            let slope = if pts.len() >= 1500 {
                segment::text_skew(std::slice::from_ref(pts), 0.035, 14)
            } else {
                page_slope
            };
            let crop = if slope != 0.0 {
                segment::unskew(&crop, slope)
            } else {
                crop
            };
            let profile = segment::row_profile(&crop, dark_ink);
            let bands = segment::raw_bands(&profile, 2, (dpi / 300.0).round() as usize);
            prepared.push((k, crop, profile, bands));
        }
        if prepared.is_empty() {
            return Ok(Vec::new());
        }
        let all: Vec<segment::Band> = prepared.iter().flat_map(|p| p.3.iter().copied()).collect();
        let typical = segment::typical_height(&all, px(5.0)).unwrap_or(px(12.0) as f32);
        // One image per text line: (cell index, origin in page pixels,
        // lines in its cell).
        let mut list = String::new();
        let mut images: Vec<String> = Vec::new();
        let mut origin: Vec<(usize, i32, i32, usize, i32)> = Vec::new();
        for (k, crop, profile, bands) in &prepared {
            let c = &cells[*k];
            let lines = segment::lines_of(profile, bands, typical);
            for (j, b) in lines.iter().enumerate() {
                // A margin of up to 3 px, never into the next line.
                let up = j.checked_sub(1).map_or(3, |p| (b.y0 - lines[p].y1) / 2);
                let down = lines.get(j + 1).map_or(3, |n| (n.y0 - b.y1) / 2);
                let y0 = b.y0.saturating_sub(up.min(3));
                let y1 = (b.y1 + down.min(3)).min(crop.height);
                let line = crop.crop_padded(0, y0, crop.width, y1, PAD);
                let path = dir.join(format!("line{:05}.pgm", images.len()));
                line.write_pgm(&path)?;
                list.push_str(&path.to_string_lossy());
                list.push('\n');
                images.push(path.to_string_lossy().into_owned());
                // The shear moved rows down by up to this (half on average).
                let sheared = (crop.height - (c.y1 - c.y0)) as i32 / 2;
                origin.push((
                    *k,
                    c.x0 as i32 - PAD as i32,
                    (c.y0 + y0) as i32 - PAD as i32 - sheared,
                    lines.len(),
                    (y1 - y0) as i32,
                ));
            }
        }
        if origin.is_empty() {
            return Ok(Vec::new());
        }
        let input = dir.join("cells.txt");
        std::fs::write(&input, list)?;
        let base = dir.join("cells");
        let tsv = self.tesseract_tsv(&input, &base, dpi, 7, &self.options.lang, page, dir)?;
        let mut words = parse_tsv(&tsv);
        if let Some(lang) = &self.options.label_lang {
            // Only one-line cells: a short last line of a long cell is no label.
            let one_line: Vec<bool> = origin.iter().map(|o| o.3 == 1).collect();
            self.reread_labels(&mut words, &images, &one_line, dpi, lang, page, dir)?;
        }
        for w in &mut words {
            if let Some(&(_, dx, dy, _, h)) =
                (w.page as usize).checked_sub(1).and_then(|i| origin.get(i))
            {
                // In line mode Tesseract may give a word the whole image's
                // height, margins included: keep boxes on the line's rows.
                let pad = PAD as i32;
                let (top, bottom) = (w.top.max(pad), w.bottom().min(pad + h));
                if bottom > top {
                    w.top = top;
                    w.height = bottom - top;
                }
                w.left += dx;
                w.top += dy;
            }
        }
        let mut lines = group_lines(words);
        for l in &mut lines {
            let cell = (l.page as usize)
                .checked_sub(1)
                .and_then(|i| origin.get(i))
                .and_then(|o| cells.get(o.0));
            if cell.is_some_and(|c| lone_stroke(&l.words, c)) {
                // A `1` read as `|`: kept for the STT repair below.
                continue;
            }
            trim_traces(&mut l.words);
            untangle(&mut l.words);
            mark_raised_footnote(&mut l.words);
        }
        lines.retain(|l| !l.words.is_empty());
        lowercase_caps_tails(&mut lines, &origin);
        repair_stt_column(&mut lines, &origin, cells, dpi);
        Ok(lines)
    }

    /// Reads again, with `lang`, the cell images (`images`, as listed) that
    /// were read as one short word or that hold a number or roman numeral,
    /// and takes the second reading of a word where [`prefer_label_reading`]
    /// or [`prefer_code_reading`] says so (when both readings have as many
    /// words).
    #[allow(clippy::too_many_arguments)]
    fn reread_labels(
        &self,
        words: &mut [OcrWord],
        images: &[String],
        eligible: &[bool],
        dpi: f32,
        lang: &str,
        page: u32,
        dir: &Path,
    ) -> Result<(), OcrError> {
        // The words of each cell image, in reading order.
        let mut cells: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
        for (i, w) in words.iter().enumerate() {
            cells.entry(w.page).or_default().push(i);
        }
        let wanted: Vec<(u32, Vec<usize>)> = cells
            .into_iter()
            .filter(|(k, _)| {
                (*k as usize)
                    .checked_sub(1)
                    .and_then(|i| eligible.get(i))
                    .copied()
                    .unwrap_or(false)
            })
            .filter(|(_, ws)| {
                (ws.len() == 1 && words[ws[0]].text.chars().count() <= 12)
                    || ws.iter().any(|&i| is_code(&words[i].text))
            })
            .collect();
        let list: String = wanted
            .iter()
            .filter_map(|(k, _)| images.get((*k as usize).checked_sub(1)?))
            .map(|p| format!("{p}\n"))
            .collect();
        if list.is_empty() {
            return Ok(());
        }
        let input2 = dir.join("labels.txt");
        std::fs::write(&input2, list)?;
        let tsv = self.tesseract_tsv(&input2, &dir.join("labels"), dpi, 6, lang, page, dir)?;
        let mut second: std::collections::BTreeMap<u32, Vec<(String, f32)>> = Default::default();
        for w in group_lines(parse_tsv(&tsv))
            .into_iter()
            .flat_map(|l| l.words)
        {
            second.entry(w.page).or_default().push((w.text, w.conf));
        }
        for (k, (_, ws)) in wanted.iter().enumerate() {
            let Some(other) = second.get(&(k as u32 + 1)) else {
                continue;
            };
            if other.len() != ws.len() {
                continue;
            }
            for (&i, (t, conf)) in ws.iter().zip(other) {
                let t = &roman_ones(t);
                let v = &words[i].text;
                if (ws.len() == 1 && prefer_label_reading(v, t)) || prefer_code_reading(v, t) {
                    // The word is now this model's reading, with its
                    // confidence (the first model's was for another text).
                    words[i].text = t.clone();
                    words[i].conf = *conf;
                }
            }
        }
        Ok(())
    }

    /// Runs Tesseract on an image and returns its text lines.
    fn recognise(
        &self,
        img: &GrayImage,
        dpi: f32,
        page: u32,
        dir: &Path,
    ) -> Result<Vec<OcrLine>, OcrError> {
        let input = dir.join("clean.pgm");
        img.write_pgm(&input)?;
        let base = dir.join("ocr");
        let (psm, lang) = (self.options.psm, &self.options.lang);
        let tsv = self.tesseract_tsv(&input, &base, dpi, psm, lang, page, dir)?;
        Ok(group_lines(parse_tsv(&tsv)))
    }

    /// Runs Tesseract on `input` (an image or a list of images) with output
    /// base `base`, the image resolution and `args`, one thread when so
    /// configured, under the page's time limits.
    fn run_tesseract(
        &self,
        input: &Path,
        base: &Path,
        dpi: f32,
        args: &[&str],
        page: u32,
        dir: &Path,
    ) -> Result<(), OcrError> {
        let mut cmd = Command::new(&self.tesseract);
        cmd.arg(input)
            .arg(base)
            .args(["--dpi", &format!("{}", dpi.round() as u32)])
            .args(args);
        if let Some(t) = self.options.tesseract_threads {
            cmd.env("OMP_THREAD_LIMIT", t.max(1).to_string());
        }
        run_with_timeout(
            cmd,
            "tesseract",
            self.options.timeout,
            self.deadline,
            page,
            dir,
        )
    }

    /// Runs `tesseract INPUT BASE … tsv` (INPUT an image or a list of
    /// images) and returns the TSV text.
    #[allow(clippy::too_many_arguments)]
    fn tesseract_tsv(
        &self,
        input: &Path,
        base: &Path,
        dpi: f32,
        psm: u8,
        lang: &str,
        page: u32,
        dir: &Path,
    ) -> Result<String, OcrError> {
        self.run_tesseract(
            input,
            base,
            dpi,
            &["-l", lang, "--psm", &psm.to_string(), "tsv"],
            page,
            dir,
        )?;
        let tsv = std::fs::read(base.with_extension("tsv"))?;
        Ok(String::from_utf8_lossy(&tsv).into_owned())
    }
}

/// Words of one line (sorted by their left edge) whose boxes overlap would
/// get interleaved glyphs (`Thđiểờm` for `Thời điểm`): each word starts
/// after the previous one ends, keeping at least a pixel per character.
fn untangle(words: &mut [OcrWord]) {
    let mut end = i32::MIN;
    for w in words.iter_mut() {
        let right = w.right();
        if w.left < end {
            let n = w.text.chars().count().max(1) as i32;
            w.left = end;
            w.width = (right - end).max(n);
        }
        end = w.right();
    }
}

/// Whether a cell line is one stroke (`|`, `!`) in the middle of its cell,
/// away from both side rules: a row number `1` as Tesseract often reads it
/// alone, not the trace of an erased rule (those lie at the cell's edges).
fn lone_stroke(words: &[OcrWord], cell: &CellBox) -> bool {
    let [w] = words else { return false };
    if !matches!(w.text.as_str(), "|" | "!" | "¦" | "ǀ") {
        return false;
    }
    let centre = (w.left + w.right()) / 2;
    let (x0, x1) = (cell.x0 as i32, cell.x1 as i32);
    let margin = (x1 - x0) / 5;
    centre > x0 + margin && centre < x1 - margin
}

/// Drops the rule traces at both ends of a cell's text line (whole words
/// like `—`, `~`, `|`, and such marks glued to the first or last word).
fn trim_traces(words: &mut Vec<OcrWord>) {
    while words
        .first()
        .is_some_and(|w| labels::is_trace_word(&w.text, true))
    {
        words.remove(0);
    }
    while words
        .last()
        .is_some_and(|w| labels::is_trace_word(&w.text, false))
    {
        // `29/6/2026 -` over `09/7/2026`: a range's dash after a number,
        // written apart from it, is text, not a trace
        let n = words.len();
        let range_dash = n >= 2
            && matches!(words[n - 1].text.as_str(), "-" | "–")
            && words[n - 2].text.ends_with(|c: char| c.is_ascii_digit());
        if range_dash {
            break;
        }
        words.pop();
    }
    if let Some(w) = words.first_mut() {
        w.text = labels::strip_glued(&w.text, false);
    }
    if let Some(w) = words.last_mut() {
        w.text = labels::strip_glued(&w.text, true);
    }
}

/// A footnote mark raised above the end of a line (`liên tỉnh. ⁽²⁾`), which
/// Tesseract reads as a plain number (`2`) without its small brackets, is
/// written as the dataset writes footnote marks, `(2)`: the line's last
/// word, one or two digits (brackets kept when read), lower than the
/// line's other words (its box takes in the brackets), its foot above
/// theirs by a third of their height or more.
fn mark_raised_footnote(words: &mut [OcrWord]) {
    let n = words.len();
    if n < 2 {
        return;
    }
    let last = &words[n - 1];
    let digits = last.text.trim_start_matches('(').trim_end_matches(')');
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    let mut h: Vec<i32> = words[..n - 1].iter().map(|w| w.height).collect();
    let mut feet: Vec<i32> = words[..n - 1].iter().map(OcrWord::bottom).collect();
    h.sort_unstable();
    feet.sort_unstable();
    let (h, foot) = (h[h.len() / 2], feet[feet.len() / 2]);
    if last.height * 10 <= h * 9 && (foot - last.bottom()) * 3 >= h {
        let mark = format!("({digits})");
        words[n - 1].text = mark;
    }
}

/// Tesseract reading a short line on its own cannot tell its x-height and
/// may read it in capitals (`cơ sở.` as `CƠ SỞ.`). A continuation line of a
/// cell (1–3 words, all in capitals, each a valid syllable in lower case)
/// after a line of the same cell that ends in lower case mid-sentence is
/// put in lower case.
fn lowercase_caps_tails(lines: &mut [OcrLine], origin: &[(usize, i32, i32, usize, i32)]) {
    let cell = |l: &OcrLine| {
        (l.page as usize)
            .checked_sub(1)
            .and_then(|i| origin.get(i))
            .map(|o| o.0)
    };
    for j in 1..lines.len() {
        if cell(&lines[j]).is_none() || cell(&lines[j]) != cell(&lines[j - 1]) {
            continue;
        }
        let prev_lower = lines[j - 1].words.last().is_some_and(|w| {
            let t = w.text.trim_end_matches(',');
            t.len() == w.text.len() - usize::from(w.text.ends_with(','))
                && t.chars().last().is_some_and(char::is_lowercase)
        });
        let ws = &lines[j].words;
        let caps = !ws.is_empty()
            && ws.len() <= 3
            && ws.iter().all(|w| {
                let core = w.text.trim_end_matches(['.', ',', ';', ':', ')']);
                core.chars().count() >= 2
                    && core.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
                    && crate::legacy::is_valid_syllable(&core.to_lowercase())
            });
        if prev_lower && caps {
            for w in &mut lines[j].words {
                w.text = w.text.to_lowercase();
            }
        }
    }
}

/// Repairs the row numbers of the STT column ([`crate::scan::row_numbers::repair_row_numbers`]):
/// the narrow cells with no cell to their left, one sequence per left edge,
/// top to bottom. `lines` are the cells' text lines (their `page` is the
/// 1-based index into `origin`, whose first field is the cell index).
fn repair_stt_column(
    lines: &mut Vec<OcrLine>,
    origin: &[(usize, i32, i32, usize, i32)],
    cells: &[CellBox],
    dpi: f32,
) {
    let px = |pt: f32| (pt * dpi / 72.0) as usize;
    let (narrow, tol) = (px(54.0), px(4.0).max(2));
    let cell_of = |l: &OcrLine| {
        (l.page as usize)
            .checked_sub(1)
            .and_then(|i| origin.get(i))
            .map(|o| o.0)
    };
    let is_stt = |k: usize| {
        let c = &cells[k];
        c.width() < narrow
            && !cells
                .iter()
                .any(|o| o.x1 <= c.x0 + tol && o.x0 + tol < c.x0 && o.y0 < c.y1 && c.y0 < o.y1)
    };
    // STT cells with text, grouped by left edge, each with its line indices.
    /// A column's left edge and its cells (cell index, line indices).
    type Column = (usize, Vec<(usize, Vec<usize>)>);
    let mut columns: Vec<Column> = Vec::new();
    for (li, l) in lines.iter().enumerate() {
        let Some(k) = cell_of(l).filter(|&k| k < cells.len() && is_stt(k)) else {
            continue;
        };
        let x0 = cells[k].x0;
        let col = match columns.iter_mut().find(|(x, _)| x.abs_diff(x0) <= tol) {
            Some(c) => c,
            None => {
                columns.push((x0, Vec::new()));
                let n = columns.len() - 1;
                &mut columns[n]
            }
        };
        match col.1.iter_mut().find(|(c, _)| *c == k) {
            Some(e) => e.1.push(li),
            None => col.1.push((k, vec![li])),
        }
    }
    let mut drop = Vec::new();
    for (_, mut col) in columns {
        col.sort_by_key(|(k, _)| (cells[*k].y0, cells[*k].x0));
        let mut texts: Vec<String> = col
            .iter()
            .map(|(_, ls)| {
                ls.iter()
                    .flat_map(|&li| lines[li].words.iter().map(|w| w.text.as_str()))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        for i in crate::scan::row_numbers::repair_row_numbers(&mut texts) {
            let ls = &col[i].1;
            let first = ls[0];
            let (l0, r0) = ls
                .iter()
                .flat_map(|&li| lines[li].words.iter())
                .fold((i32::MAX, i32::MIN), |(a, b), w| {
                    (a.min(w.left), b.max(w.right()))
                });
            let l = &mut lines[first];
            l.words.truncate(1);
            if let Some(w) = l.words.first_mut() {
                w.text = texts[i].clone();
                w.left = l0;
                w.width = (r0 - l0).max(1);
            }
            drop.extend(ls[1..].iter().copied());
        }
    }
    drop.sort_unstable();
    for li in drop.into_iter().rev() {
        lines.remove(li);
    }
}

/// A row number or group label as written in an STT column (`7`, `1.2`,
/// `13.`, `II`, `IV.`), or that column's header (`STT`, `TT`).
fn is_row_label(s: &str) -> bool {
    let s = s.trim_end_matches(['.', ')']);
    if s == "STT" || s == "TT" {
        return true;
    }
    let numeric = !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    numeric || (!s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b"IVXL".contains(&b)))
}

fn is_number(s: &str) -> bool {
    let s = s.trim_end_matches('.');
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// Whether the second model's reading `other` of a one-word cell replaces the
/// Vietnamese model's `vie`: when `other` is a row label and `vie` is neither
/// a label nor a number but a slip of about the same length (`vị` → `7`,
/// `H` → `II`, `SIT` → `STT`), or both are numbers of the same length (the
/// Vietnamese model confuses `3` and `5`; the Latin one reads digits
/// better). A year (`2024`) is never replaced by a shorter reading, nor a
/// word (`Năm`) by a number.
pub fn prefer_label_reading(vie: &str, other: &str) -> bool {
    let slip =
        !is_row_label(vie) && !is_number(vie) && vie.chars().count() <= other.chars().count() + 1;
    vie != other
        && is_row_label(other)
        && (slip || (is_number(vie) && is_number(other) && vie.len() == other.len()))
}

/// A word made of digits and roman-numeral capitals with their punctuation
/// (`III/2024`, `15/12/2024`, `2024-2025`, `13.`), holding at least one
/// digit or numeral.
fn is_code(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit() || "IVX".contains(c))
        && s.chars()
            .all(|c| c.is_ascii_digit() || "IVXLC/.-–():;,".contains(c))
}

/// `II1/2024` → `III/2024`: in the part before the first `/`, a `1` or
/// `l` next to roman capitals is an `I` (the Latin model's usual slip).
/// Anything else is returned as it is.
pub fn roman_ones(s: &str) -> String {
    let head = s.split('/').next().unwrap_or("");
    let romanish =
        head.chars().any(|c| "IVX".contains(c)) && head.chars().all(|c| "IVX1l".contains(c));
    if !romanish {
        return s.to_string();
    }
    let fixed: String = head
        .chars()
        .map(|c| if c == '1' || c == 'l' { 'I' } else { c })
        .collect();
    format!("{fixed}{}", &s[head.len()..])
}

/// Whether the second model's reading `other` of a number-like word replaces
/// the Vietnamese model's `vie`: both are such words, and either they differ
/// only in their roman numerals and `other`'s are well formed (the
/// Vietnamese model drops an `I` of `III/2024`), or they are numbers of one
/// length.
pub fn prefer_code_reading(vie: &str, other: &str) -> bool {
    const NUMERALS: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    let numeral_char = |c: char| "IVXLC".contains(c);
    let numerals = |s: &str| -> Vec<String> {
        s.split(|c: char| !numeral_char(c))
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    };
    let skeleton = |s: &str| -> String { s.chars().filter(|&c| !numeral_char(c)).collect() };
    let (nv, no) = (numerals(vie), numerals(other));
    let roman_slip = skeleton(vie) == skeleton(other)
        && nv != no
        && !no.is_empty()
        && no.iter().all(|n| NUMERALS.contains(&n.as_str()));
    vie != other
        && is_code(vie)
        && is_code(other)
        && (roman_slip || (is_number(vie) && is_number(other) && vie.len() == other.len()))
}

/// The resolution to render a page at for OCR. Without a known scan
/// resolution it is `configured`. A scan of `s` dpi is rendered at a whole
/// multiple or fraction of `s` nearest above `configured`, so that each scan
/// pixel becomes a whole block of pixels: a 200 dpi scan rendered at 300 dpi
/// is resampled by 1.5 and its stroke edges blur into shapes that Tesseract
/// misreads (`3` as `S`, `9` as `)`), while at 400 dpi it reads them right.
/// So 200 → 400, 150 → 300, 96 → 384, 300 → 300, 400 → 400, 600 → 300.
pub fn render_dpi(configured: u32, scan_dpi: Option<f32>) -> f32 {
    let want = configured.max(36) as f32;
    let Some(s) = scan_dpi
        .map(f32::round)
        .filter(|s| (36.0..=2400.0).contains(s))
    else {
        return want;
    };
    if s >= want {
        s / (s / want).floor()
    } else {
        s * (want / s).ceil()
    }
}

/// A page of at least this many words read with a mean confidence below
/// [`DOUBTFUL_CONFIDENCE`] may be upside down: it is shown to the
/// orientation detection.
const MIN_WORDS_TO_DOUBT: usize = 20;
const DOUBTFUL_CONFIDENCE: f32 = 50.0;

/// How many words the lines hold and their mean confidence (0 for none).
fn mean_confidence(lines: &[OcrLine]) -> (usize, f32) {
    let confs: Vec<f32> = lines
        .iter()
        .flat_map(|l| l.words.iter().map(|w| w.conf))
        .filter(|c| *c >= 0.0)
        .collect();
    let mean = if confs.is_empty() {
        0.0
    } else {
        confs.iter().sum::<f32>() / confs.len() as f32
    };
    (confs.len(), mean)
}

/// Runs a command with stdout/stderr sent to files in `dir` (no pipe can fill
/// up), killing it when it runs longer than `limit` or past `deadline`.
fn run_with_timeout(
    mut cmd: Command,
    tool: &'static str,
    limit: Duration,
    deadline: Option<Instant>,
    page: u32,
    dir: &Path,
) -> Result<(), OcrError> {
    let err_path = dir.join(format!("{tool}.stderr"));
    let stderr = std::fs::File::create(&err_path)?;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| OcrError::ToolFailed {
            tool,
            status: "could not start".into(),
            stderr: e.to_string(),
        })?;
    let start = Instant::now();
    let mut pause = Duration::from_millis(5);
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break s;
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(OcrError::Deadline { page });
        }
        if start.elapsed() >= limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(OcrError::Timeout {
                tool,
                secs: limit.as_secs(),
                page,
            });
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(50));
    };
    if !status.success() {
        let text = std::fs::read(&err_path).unwrap_or_default();
        let text = String::from_utf8_lossy(&text);
        let text: String = text.trim().chars().take(2000).collect();
        return Err(OcrError::ToolFailed {
            tool,
            status: status.to_string(),
            stderr: text,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, left: i32, top: i32, width: i32, height: i32) -> OcrWord {
        OcrWord {
            page: 1,
            block: 1,
            par: 1,
            line: 1,
            word: 1,
            left,
            top,
            width,
            height,
            conf: 90.0,
            text: text.into(),
        }
    }

    /// s02: `… ma túy liên tỉnh. ⁽²⁾` read `… liên tỉnh. 2`.
    #[test]
    fn a_raised_number_at_a_line_end_is_a_footnote_mark() {
        let line = |last: OcrWord| {
            let mut w = vec![
                word("ma", 100, 40, 50, 30),
                word("túy", 160, 30, 60, 50),
                word("liên", 230, 28, 70, 42),
                word("tỉnh.", 310, 26, 80, 44),
                last,
            ];
            mark_raised_footnote(&mut w);
            w[4].text.clone()
        };
        assert_eq!(line(word("2", 400, 24, 15, 22)), "(2)");
        // The mark alone after the last word of a cell's line (`tỉnh. ⁽²⁾`).
        let mut w = vec![
            word("tỉnh.", 31, 3431, 168, 67),
            word("2", 233, 3416, 30, 56),
        ];
        mark_raised_footnote(&mut w);
        assert_eq!(w[1].text, "(2)");
        assert_eq!(line(word("(2)", 400, 24, 30, 24)), "(2)");
        // On the line: a number of the text (`Điều 5`, `năm 2025`).
        assert_eq!(line(word("5", 400, 32, 20, 38)), "5");
        assert_eq!(line(word("2025", 400, 32, 80, 38)), "2025");
        // Small but low: a comma-like speck read as a digit stays as read.
        assert_eq!(line(word("1", 400, 52, 10, 18)), "1");
    }

    #[test]
    fn render_resolution_is_a_whole_multiple_of_the_scan() {
        assert_eq!(render_dpi(300, None), 300.0);
        assert_eq!(render_dpi(300, Some(200.0)), 400.0);
        assert_eq!(render_dpi(300, Some(199.97)), 400.0);
        assert_eq!(render_dpi(300, Some(150.0)), 300.0);
        assert_eq!(render_dpi(300, Some(96.0)), 384.0);
        assert_eq!(render_dpi(300, Some(300.0)), 300.0);
        assert_eq!(render_dpi(300, Some(400.0)), 400.0);
        assert_eq!(render_dpi(300, Some(600.0)), 300.0);
        assert_eq!(render_dpi(300, Some(1200.0)), 300.0);
        // Nonsense resolutions are ignored.
        assert_eq!(render_dpi(300, Some(3.0)), 300.0);
        assert_eq!(render_dpi(300, Some(f32::NAN)), 300.0);
        assert_eq!(render_dpi(300, Some(1e9)), 300.0);
    }

    #[test]
    fn label_readings() {
        // The Latin model's reading of a lone row number wins ...
        assert!(prefer_label_reading("vị", "7"));
        assert!(prefer_label_reading("H", "II"));
        assert!(prefer_label_reading("SIT", "STT"));
        assert!(prefer_label_reading("ộ)", "29"));
        assert!(prefer_label_reading("15", "13"));
        assert!(prefer_label_reading("2.1", "2.7"));
        // ... but not over a word, a year, a roman numeral read as a digit,
        // or with a reading that is no label.
        assert!(!prefer_label_reading("Năm", "7"));
        assert!(!prefer_label_reading("2024", "202"));
        assert!(!prefer_label_reading("I", "1"));
        assert!(!prefer_label_reading("IH", "iil"));
        assert!(!prefer_label_reading("12", "12"));
        assert!(!prefer_label_reading("Sở", "So"));
    }

    #[test]
    fn ones_among_roman_capitals() {
        assert_eq!(roman_ones("II1/2024"), "III/2024");
        assert_eq!(roman_ones("1V/2024"), "IV/2024");
        assert_eq!(roman_ones("11/2024"), "11/2024");
        assert_eq!(roman_ones("Il"), "II");
        assert_eq!(roman_ones("2024"), "2024");
        assert_eq!(roman_ones("Quý"), "Quý");
    }

    #[test]
    fn code_readings() {
        assert!(prefer_code_reading("II/2024", "III/2024"));
        assert!(prefer_code_reading("15", "13"));
        assert!(!prefer_code_reading("III/2024", "III/2024"));
        // Different digits in a date: not a roman slip, keep the first.
        assert!(!prefer_code_reading("15/12/2024", "16/12/2021"));
        // Not a numeral: a bad second reading is not taken.
        assert!(!prefer_code_reading("II/2024", "IIII/2024"));
        assert!(!prefer_code_reading("Quý", "Quy"));
        assert!(!prefer_code_reading("2024-2025", "2024-2025."));
    }
}
