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

pub mod image;
mod page;
pub mod rules;
pub mod tsv;

use crate::pdf::Page;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub use image::{parse_pgm, GrayImage};
pub use page::{build_page, PageGeometry};
pub use rules::{find_rules, PixelRule, RuleParams};
pub use tsv::{group_lines, parse_tsv, OcrLine, OcrWord};

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
    #[error("bad page image: {0}")]
    Image(String),
    #[error("invalid request: {0}")]
    Invalid(String),
    #[error("OCR I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl OcrError {
    /// Short machine-readable kind for `errors.csv`.
    pub fn kind(&self) -> &'static str {
        match self {
            OcrError::ToolFailed { .. } => "ocr_tool_failed",
            OcrError::Timeout { .. } => "ocr_timeout",
            OcrError::Image(_) => "ocr_bad_image",
            OcrError::Invalid(_) => "ocr_invalid",
            OcrError::Io(_) => "ocr_io",
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
    pub fn with_options(options: OcrOptions) -> Result<Ocr, OcrUnavailable> {
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
        Ok(Ocr {
            pdftoppm,
            tesseract,
            options,
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
        if page == 0 {
            return Err(OcrError::Invalid("page numbers start at 1".into()));
        }
        if !(width.is_finite() && height.is_finite() && width > 1.0 && height > 1.0) {
            return Err(OcrError::Invalid(format!(
                "bad page size {width} × {height} pt"
            )));
        }
        let dir = tempfile::Builder::new().prefix("kehoach-ocr-").tempdir()?;
        let pdf_path = match pdf.into() {
            PdfInput::Path(p) => p.to_path_buf(),
            PdfInput::Bytes(b) => {
                let p = dir.path().join("in.pdf");
                std::fs::write(&p, b)?;
                p
            }
        };
        let mut img = self.render(&pdf_path, page, width, height, dir.path())?;
        let geom = PageGeometry {
            number: page,
            width,
            height,
            rotate,
            image_width: img.width,
            image_height: img.height,
        };
        let dpi = img.width as f32 * 72.0 / width;
        let pixel_rules = if self.options.rules {
            let found = find_rules(&img, &RuleParams::for_image(img.width, img.height, dpi));
            rules::erase_rules(&mut img, &found);
            found
        } else {
            Vec::new()
        };
        let lines = self.recognise(&img, dpi, page, dir.path())?;
        let mut out = build_page(&geom, &lines, &pixel_rules, self.options.min_conf);
        if lines.is_empty() {
            out.warnings.push("ocr: no text recognised".into());
        }
        Ok(out)
    }

    /// Renders one page to a grey image.
    fn render(
        &self,
        pdf: &Path,
        page: u32,
        width: f32,
        height: f32,
        dir: &Path,
    ) -> Result<GrayImage, OcrError> {
        let mut dpi = self.options.dpi.max(36) as f64;
        let px = (width as f64 / 72.0 * dpi) * (height as f64 / 72.0 * dpi);
        if px > self.options.max_pixels as f64 {
            dpi = (dpi * (self.options.max_pixels as f64 / px).sqrt())
                .floor()
                .max(36.0);
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
        run_with_timeout(cmd, "pdftoppm", self.options.timeout, page, dir)?;
        let path = prefix.with_extension("pgm");
        let data = std::fs::read(&path).map_err(|e| {
            OcrError::Image(format!("pdftoppm wrote no image for page {page}: {e}"))
        })?;
        let _ = std::fs::remove_file(&path);
        parse_pgm(&data).map_err(OcrError::Image)
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
        let mut cmd = Command::new(&self.tesseract);
        cmd.arg(&input)
            .arg(&base)
            .args(["--dpi", &format!("{}", dpi.round() as u32)])
            .args(["-l", &self.options.lang])
            .args(["--psm", &self.options.psm.to_string()])
            .arg("tsv");
        if let Some(t) = self.options.tesseract_threads {
            cmd.env("OMP_THREAD_LIMIT", t.max(1).to_string());
        }
        run_with_timeout(cmd, "tesseract", self.options.timeout, page, dir)?;
        let tsv = std::fs::read(base.with_extension("tsv"))?;
        Ok(group_lines(parse_tsv(&String::from_utf8_lossy(&tsv))))
    }
}

/// Runs a command with stdout/stderr sent to files in `dir` (no pipe can fill
/// up), killing it when it runs longer than `limit`.
fn run_with_timeout(
    mut cmd: Command,
    tool: &'static str,
    limit: Duration,
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
