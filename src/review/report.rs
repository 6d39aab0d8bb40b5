//! `kehoach review DATASET_DIR`: a static HTML report of a dataset folder.
//!
//! The report is a folder of plain HTML pages (inline CSS and JS, no
//! network, opens from `file://`): `index.html` (and `index-2.html`, ...)
//! lists the documents worst first; `docs/<doc_id>.html` shows one document's
//! metadata, warnings and task rows beside small images of its pages
//! (`img/<doc_id>-<page>.png`, rendered once with `pdftoppm` from the source
//! file when it is still at its path and unchanged). Rows with a `bbox` in
//! the document JSON are outlined on the page image when hovered or clicked;
//! a reviewer's marks and edits stay in the browser (`localStorage`) and are
//! exported as `corrections.csv` (see [`super::corrections`]).
//!
//! Everything written depends only on the dataset folder and on which source
//! files are found, so the same dataset gives the same bytes.

use super::corrections::{self, Field};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const CSS: &str = include_str!("review.css");
const JS: &str = include_str!("review.js");

/// Options of [`write_report`].
#[derive(Debug, Clone)]
pub struct ReviewOptions {
    /// The report folder (created if needed).
    pub out: PathBuf,
    /// Render page images with `pdftoppm` (`--no-images`: false).
    pub images: bool,
    /// Documents per index page.
    pub per_page: usize,
    /// Worker threads for reading documents and rendering pages.
    pub jobs: usize,
    /// Where relative `source_file` paths are looked up (the folder
    /// `extract` was run from; default: the current folder).
    pub base: PathBuf,
    /// Height or width, whichever is longer, of a page image in pixels.
    pub image_px: u32,
}

impl ReviewOptions {
    pub fn new(out: PathBuf) -> ReviewOptions {
        ReviewOptions {
            out,
            images: true,
            per_page: 100,
            jobs: 1,
            base: PathBuf::from("."),
            image_px: 800,
        }
    }
}

/// What [`write_report`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewSummary {
    /// Documents listed (every row of `documents.csv`).
    pub documents: usize,
    /// Document pages written.
    pub document_pages: usize,
    pub index_pages: usize,
    /// Page images in the report (rendered now or kept from before).
    pub images: usize,
    /// Documents whose source file was not found (or changed).
    pub missing_sources: usize,
    /// Bytes of the HTML written.
    pub html_bytes: u64,
}

/// Why the report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: line {line}: not valid CSV: {message}")]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{path}: the header has no column `{column}`; is this a dataset folder written by `kehoach extract`?")]
    MissingColumn { path: PathBuf, column: &'static str },
    #[error("{path}: not a document JSON: {message}")]
    Json { path: PathBuf, message: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

/// One row of `documents.csv`, the columns the report shows.
#[derive(Debug, Clone, Default)]
struct DocRow {
    doc_id: String,
    source_file: String,
    sha256: String,
    pages: String,
    text_source: String,
    status: String,
    number: String,
    issuer: String,
    date: String,
    title: String,
    error: String,
}

/// One row of `errors.csv`.
#[derive(Debug, Clone)]
struct Warn {
    stage: String,
    kind: String,
    message: String,
    /// The `pages` cell (`1-3;7`).
    page: String,
    count: String,
}

/// What the index needs of a document.
#[derive(Debug, Clone, Default)]
struct Stats {
    tasks: usize,
    flagged: usize,
    has_json: bool,
}

/// Reads a dataset CSV as rows keyed by the wanted columns.
/// Whether a row's flags call for a reviewer's look: any flag but `ocr`
/// alone (every row of a scan is OCR'd; what to doubt there is a low
/// confidence, a repair, a stitch, ...).
fn doubtful(flags: &[String]) -> bool {
    flags.iter().any(|f| f != "ocr")
}

fn read_csv(path: &Path, wanted: &[&'static str]) -> Result<Vec<Vec<String>>, ReviewError> {
    let bytes = std::fs::read(path).map_err(|source| ReviewError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let csv_err = |e: csv::Error| ReviewError::Csv {
        path: path.to_path_buf(),
        line: e.position().map(|p| p.line()).unwrap_or(1),
        message: e.to_string(),
    };
    let header = rdr.headers().map_err(csv_err)?.clone();
    let mut at = Vec::with_capacity(wanted.len());
    for &w in wanted {
        at.push(
            header
                .iter()
                .position(|h| h == w)
                .ok_or_else(|| ReviewError::MissingColumn {
                    path: path.to_path_buf(),
                    column: w,
                })?,
        );
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(csv_err)?;
        rows.push(
            at.iter()
                .map(|&i| rec.get(i).unwrap_or("").to_string())
                .collect(),
        );
    }
    Ok(rows)
}

fn take(v: &mut [String], i: usize) -> String {
    v.get_mut(i).map(std::mem::take).unwrap_or_default()
}

fn load_documents(dir: &Path) -> Result<Vec<DocRow>, ReviewError> {
    const COLS: [&str; 11] = [
        "doc_id",
        "source_file",
        "sha256",
        "pages",
        "text_source",
        "status",
        "number",
        "issuer",
        "date",
        "title",
        "error",
    ];
    Ok(read_csv(&dir.join("documents.csv"), &COLS)?
        .into_iter()
        .map(|mut r| DocRow {
            doc_id: take(&mut r, 0),
            source_file: take(&mut r, 1),
            sha256: take(&mut r, 2),
            pages: take(&mut r, 3),
            text_source: take(&mut r, 4),
            status: take(&mut r, 5),
            number: take(&mut r, 6),
            issuer: take(&mut r, 7),
            date: take(&mut r, 8),
            title: take(&mut r, 9),
            error: take(&mut r, 10),
        })
        .collect())
}

fn load_warnings(dir: &Path) -> Result<BTreeMap<String, Vec<Warn>>, ReviewError> {
    let path = dir.join("errors.csv");
    let mut by_file: BTreeMap<String, Vec<Warn>> = BTreeMap::new();
    if !path.is_file() {
        return Ok(by_file);
    }
    let cols = ["source_file", "stage", "kind", "message", "pages", "count"];
    for mut r in read_csv(&path, &cols)? {
        let file = take(&mut r, 0);
        by_file.entry(file).or_default().push(Warn {
            stage: take(&mut r, 1),
            kind: take(&mut r, 2),
            message: take(&mut r, 3),
            page: take(&mut r, 4),
            count: take(&mut r, 5),
        });
    }
    Ok(by_file)
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Vietnamese label of a `text_source` value.
fn text_source_label(s: &str) -> &str {
    match s {
        "text" => "Văn bản số",
        "ocr" => "OCR (bản quét)",
        "tcvn3" => "Phông TCVN3",
        "vni" => "Phông VNI",
        "mixed" => "Hỗn hợp",
        "none" => "Không có chữ",
        other => other,
    }
}

fn status_label(s: &str) -> &str {
    match s {
        "ok" => "Đã trích xuất",
        "duplicate" => "Trùng lặp",
        "" => "Không rõ",
        _ => "Lỗi",
    }
}

/// A page of the document JSON: number → displayed (width, height).
#[derive(Debug, Clone, Copy)]
struct PageDims {
    width: f64,
    height: f64,
}

fn page_dims(doc: &Value) -> BTreeMap<u64, PageDims> {
    let mut m = BTreeMap::new();
    for p in doc["pages"].as_array().into_iter().flatten() {
        let (Some(n), Some(w), Some(h)) = (
            p["number"].as_u64(),
            p["width"].as_f64(),
            p["height"].as_f64(),
        ) else {
            continue;
        };
        // The JSON gives the size after `/Rotate`: as displayed.
        let (width, height) = (w, h);
        if width > 0.0 && height > 0.0 {
            m.insert(n, PageDims { width, height });
        }
    }
    m
}

/// A box `[x0, y0, x1, y1]` (PDF points, top-left origin) as percentages of
/// the page: `left,top,width,height`, clamped to the page.
fn box_pct(b: &Value, dims: PageDims) -> Option<String> {
    let a = b.as_array()?;
    if a.len() != 4 {
        return None;
    }
    let v: Vec<f64> = a.iter().filter_map(Value::as_f64).collect();
    if v.len() != 4 || v.iter().any(|x| !x.is_finite()) {
        return None;
    }
    let (x0, x1) = (v[0].min(v[2]), v[0].max(v[2]));
    let (y0, y1) = (v[1].min(v[3]), v[1].max(v[3]));
    let cl = |x: f64| x.clamp(0.0, 100.0);
    let l = cl(x0 / dims.width * 100.0);
    let t = cl(y0 / dims.height * 100.0);
    let r = cl(x1 / dims.width * 100.0);
    let btm = cl(y1 / dims.height * 100.0);
    if r <= l || btm <= t {
        return None;
    }
    Some(format!("{:.3},{:.3},{:.3},{:.3}", l, t, r - l, btm - t))
}

fn str_list(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

/// Why a reviewer should look at one cell (`cells.<field>` of a task in the
/// document JSON): its OCR confidence is low, or the spelling repair
/// changed it. Empty for a cell with no doubt (and every text-layer cell).
fn cell_doubts(cell: &Value) -> Vec<String> {
    let mut why = Vec::new();
    if let Some(c) = cell["confidence"]
        .as_f64()
        .filter(|c| *c < crate::tasks::LOW_CONFIDENCE)
    {
        let min = cell["min_confidence"].as_f64().unwrap_or(c);
        why.push(format!("OCR: độ tin cậy {c:.2} (thấp nhất {min:.2})"));
    }
    if cell["repaired"].as_bool() == Some(true) {
        why.push("OCR: đã sửa chính tả".to_string());
    }
    why
}

/// The task columns shown (and editable) in a document page.
const ROW_FIELDS: [(Field, &str); 7] = [
    (Field::Stt, "STT"),
    (Field::Name, "Tên nhiệm vụ"),
    (Field::Lead, "Đơn vị chủ trì"),
    (Field::Partners, "Đơn vị phối hợp"),
    (Field::Timeframe, "Thời gian"),
    (Field::Start, "Bắt đầu"),
    (Field::End, "Kết thúc"),
];

/// Where a page image of the report is and how large it is.
#[derive(Debug, Clone)]
struct PageImage {
    /// Relative to the document page.
    src: String,
    width: u32,
    height: u32,
}

/// Width and height of a PNG from its header.
fn png_size(path: &Path) -> Option<(u32, u32)> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).ok()?;
    let mut h = [0u8; 24];
    f.read_exact(&mut h).ok()?;
    if &h[..8] != b"\x89PNG\r\n\x1a\n" || &h[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes([h[16], h[17], h[18], h[19]]);
    let ht = u32::from_be_bytes([h[20], h[21], h[22], h[23]]);
    (w > 0 && ht > 0).then_some((w, ht))
}

/// Turns the grey image `pgm` (as pdftoppm writes it) `turn` degrees
/// clockwise and writes it to `png`.
fn turn_pgm_to_png(pgm: &Path, turn: u32, png: &Path) -> Result<(), String> {
    let data = std::fs::read(pgm).map_err(|e| format!("pdftoppm wrote no image: {e}"))?;
    let img = crate::ocr::image::parse_pgm(&data)?.turned(turn / 90);
    let file = std::fs::File::create(png).map_err(|e| format!("{}: {e}", png.display()))?;
    let mut enc = png::Encoder::new(
        std::io::BufWriter::new(file),
        img.width as u32,
        img.height as u32,
    );
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    let mut w = enc.write_header().map_err(|e| e.to_string())?;
    w.write_image_data(&img.pixels).map_err(|e| e.to_string())
}

/// Why a document page has no images.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NoImages {
    /// `--no-images`.
    Off,
    /// The source file is not at its path.
    Missing(String),
    /// The file at the path is not the one converted.
    Changed(String),
    /// pdftoppm is not installed or failed.
    Tool(String),
}

/// Renders (once: an image already in the report is kept) the pages
/// `pages` of the document's source file into `img/`.
fn render_pages(
    row: &DocRow,
    pages: &[u64],
    turns: &BTreeMap<u64, u32>,
    opts: &ReviewOptions,
) -> Result<BTreeMap<u64, PageImage>, NoImages> {
    if !opts.images {
        return Err(NoImages::Off);
    }
    let img_dir = opts.out.join("img");
    let name = |p: u64| format!("{}-{p}.png", row.doc_id);
    let mut out = BTreeMap::new();
    let mut todo = Vec::new();
    for &p in pages {
        match png_size(&img_dir.join(name(p))) {
            Some((width, height)) => {
                out.insert(
                    p,
                    PageImage {
                        src: format!("../img/{}", name(p)),
                        width,
                        height,
                    },
                );
            }
            None => todo.push(p),
        }
    }
    if todo.is_empty() {
        return Ok(out);
    }
    let src = {
        let p = Path::new(&row.source_file);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            opts.base.join(p)
        }
    };
    let digest = match crate::dataset::fs::file_digest(&src) {
        Ok((_, h)) => h,
        Err(_) => return Err(NoImages::Missing(row.source_file.clone())),
    };
    if !row.sha256.is_empty() && digest != row.sha256 {
        return Err(NoImages::Changed(row.source_file.clone()));
    }
    for p in todo {
        let target = img_dir.join(name(p));
        let prefix = img_dir.join(format!("{}-{p}", row.doc_id));
        // A page the OCR read turned is shown turned, as its boxes are.
        let turn = turns.get(&p).copied().unwrap_or(0);
        let r = std::process::Command::new("pdftoppm")
            .arg("-f")
            .arg(p.to_string())
            .arg("-l")
            .arg(p.to_string())
            .arg("-scale-to")
            .arg(opts.image_px.to_string())
            .arg("-gray")
            .args(if turn == 0 { &["-png"][..] } else { &[] })
            .arg("-singlefile")
            .arg(&src)
            .arg(&prefix)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        match r {
            Ok(s) if s.success() => {}
            Ok(s) => return Err(NoImages::Tool(format!("pdftoppm: {s}"))),
            Err(e) => return Err(NoImages::Tool(format!("pdftoppm: {e}"))),
        }
        if turn != 0 {
            let pgm = prefix.with_extension("pgm");
            let turned = turn_pgm_to_png(&pgm, turn, &target);
            let _ = std::fs::remove_file(&pgm);
            turned.map_err(NoImages::Tool)?;
        }
        let Some((width, height)) = png_size(&target) else {
            return Err(NoImages::Tool("pdftoppm wrote no image".into()));
        };
        out.insert(
            p,
            PageImage {
                src: format!("../img/{}", name(p)),
                width,
                height,
            },
        );
    }
    Ok(out)
}

fn head(out: &mut String, title: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>\n{CSS}</style>\n</head>\n",
        esc(title)
    );
}

fn tail(out: &mut String) {
    let _ = write!(out, "<script>\n{JS}</script>\n</body>\n</html>\n");
}

/// A task row of the document JSON, as the page shows it.
struct RowView<'a> {
    task: &'a Value,
    row_id: String,
    page: Option<u64>,
    bbox: Option<String>,
    flags: Vec<String>,
}

/// Everything a document page shows; returns the page and the stats.
fn document_page(
    row: &DocRow,
    doc: &Value,
    warns: &[Warn],
    images: &Result<BTreeMap<u64, PageImage>, NoImages>,
    nav: (&str, Option<&str>, Option<&str>),
) -> (String, Stats) {
    let dims = page_dims(doc);
    let tasks: Vec<&Value> = doc["tasks"].as_array().into_iter().flatten().collect();
    let fallback = fallback_row_ids(&tasks);
    let corrected = corrected_cells(doc);
    let rows: Vec<RowView> = tasks
        .iter()
        .zip(fallback)
        .map(|(t, fb)| {
            let page = t["page"].as_u64();
            let bbox = page
                .and_then(|p| dims.get(&p))
                .and_then(|d| box_pct(&t["bbox"], *d));
            let row_id = t["row_id"].as_str().map(str::to_string).unwrap_or(fb);
            let mut flags = str_list(&t["flags"]);
            if corrected.keys().any(|(r, _)| *r == row_id)
                && !flags.iter().any(|f| f == "corrected")
            {
                flags.push("corrected".into());
            }
            RowView {
                task: t,
                row_id,
                page,
                bbox,
                flags,
            }
        })
        .collect();
    let stats = Stats {
        tasks: rows.len(),
        flagged: rows.iter().filter(|r| doubtful(&r.flags)).count(),
        has_json: true,
    };
    let meta = &doc["structure"]["metadata"];
    let title = meta["title"]
        .as_str()
        .filter(|s| !s.is_empty())
        .unwrap_or(&row.source_file);
    let mut o = String::with_capacity(16 * 1024 + rows.len() * 1024);
    head(&mut o, &format!("{title} – rà soát"));
    let _ = write!(
        o,
        "<body class=\"doc\" data-doc=\"{}\">\n<nav><a href=\"../{}\">← Danh sách văn bản</a>",
        esc(&row.doc_id),
        esc(nav.0)
    );
    if let Some(p) = nav.1 {
        let _ = write!(o, " · <a href=\"{}.html\">← Văn bản trước</a>", esc(p));
    }
    if let Some(n) = nav.2 {
        let _ = write!(o, " · <a href=\"{}.html\">Văn bản sau →</a>", esc(n));
    }
    let _ = write!(
        o,
        "</nav>\n<h1>{}</h1>\n<table class=\"meta\">\n",
        esc(title)
    );
    let mut kv = |k: &str, v: &str| {
        if !v.is_empty() {
            let _ = writeln!(o, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(v));
        }
    };
    let m = |k: &str| meta[k].as_str().unwrap_or("");
    kv("Mã văn bản (doc_id)", &row.doc_id);
    kv("Tệp nguồn", &row.source_file);
    kv("Loại văn bản", m("doc_type"));
    kv("Số, ký hiệu", m("number"));
    if m("number").is_empty() && !m("number_symbol").is_empty() {
        // A draft: the number is filled in by hand after signing.
        kv(
            "Số, ký hiệu",
            &format!("(số để trống) /{}", m("number_symbol")),
        );
    }
    kv("Cơ quan chủ quản", m("parent_issuer"));
    kv("Cơ quan ban hành", m("issuer"));
    kv(
        "Địa danh, ngày",
        format!("{} {}", m("place"), m("date_text")).trim(),
    );
    kv("Ngày (ISO)", m("date"));
    kv(
        "Người ký",
        format!(
            "{} {} {}",
            m("signer_authority"),
            m("signer_title"),
            m("signer_name")
        )
        .trim(),
    );
    kv(
        "Nguồn chữ",
        text_source_label(doc["text_source"].as_str().unwrap_or("")),
    );
    kv("Số trang", &row.pages);
    kv("Số nhiệm vụ", &rows.len().to_string());
    kv("Dòng có cờ", &stats.flagged.to_string());
    o.push_str("</table>\n");
    if !warns.is_empty() {
        let _ = writeln!(
            o,
            "<h2>Cảnh báo ({})</h2>\n<ul class=\"warn\">",
            warns.len()
        );
        for w in warns {
            let page = if w.page.is_empty() {
                String::new()
            } else {
                format!("trang {}: ", esc(&w.page))
            };
            let times = match w.count.as_str() {
                "" | "1" => String::new(),
                n => format!(" ({} lần)", esc(n)),
            };
            let _ = writeln!(
                o,
                "<li class=\"k-{}\"><code>{}/{}</code> {page}{}{times}</li>",
                esc(&w.kind),
                esc(&w.stage),
                esc(&w.kind),
                esc(&w.message)
            );
        }
        o.push_str("</ul>\n");
    }
    match images {
        Ok(_) => {}
        Err(NoImages::Off) => o.push_str(
            "<p class=\"note\">Báo cáo không kèm ảnh trang (<code>--no-images</code>).</p>\n",
        ),
        Err(NoImages::Missing(p)) => {
            let _ = writeln!(
                o,
                "<p class=\"note\">Không còn tệp nguồn tại <code>{}</code>: không có ảnh trang để đối chiếu.</p>",
                esc(p)
            );
        }
        Err(NoImages::Changed(p)) => {
            let _ = writeln!(
                o,
                "<p class=\"note\">Tệp tại <code>{}</code> đã thay đổi từ khi trích xuất (SHA-256 khác): không có ảnh trang.</p>",
                esc(p)
            );
        }
        Err(NoImages::Tool(why)) => {
            let _ = writeln!(
                o,
                "<p class=\"note\">Không tạo được ảnh trang ({}); cài <code>poppler-utils</code>.</p>",
                esc(why)
            );
        }
    }
    if rows.is_empty() {
        o.push_str("<p>Văn bản không có bảng nhiệm vụ.</p>\n");
    } else {
        o.push_str(
            "<div class=\"tools\"><label><input type=\"checkbox\" id=\"only-flagged\"> Chỉ hiện dòng có cờ</label> \
             <button type=\"button\" id=\"export\">Tải corrections.csv</button> \
             <span id=\"edits\"></span></div>\n",
        );
    }
    // One section per table, in order of first appearance.
    let mut tables: Vec<u64> = Vec::new();
    for r in &rows {
        let n = r.task["table_no"].as_u64().unwrap_or(0);
        if !tables.contains(&n) {
            tables.push(n);
        }
    }
    for tno in tables {
        let in_table: Vec<&RowView> = rows
            .iter()
            .filter(|r| r.task["table_no"].as_u64().unwrap_or(0) == tno)
            .collect();
        let ttitle = in_table
            .first()
            .and_then(|r| r.task["table_title"].as_str())
            .unwrap_or("");
        let _ = writeln!(
            o,
            "<section class=\"tbl\" id=\"t{tno}\">\n<h2>Bảng {tno}{}{}</h2>\n<div class=\"pair\">\n<div class=\"rows\">\n<table class=\"tasks\">\n<thead><tr><th>Mã dòng</th>",
            if ttitle.is_empty() { "" } else { ": " },
            esc(ttitle)
        );
        for (_, label) in ROW_FIELDS {
            let _ = write!(o, "<th>{}</th>", esc(label));
        }
        o.push_str("<th>Cờ</th><th>Đánh giá</th></tr></thead>\n<tbody>\n");
        let mut group = "";
        for r in &in_table {
            let g = r.task["group"].as_str().unwrap_or("");
            if g != group && !g.is_empty() {
                let _ = writeln!(
                    o,
                    "<tr class=\"grp\"><td colspan=\"{}\">{}</td></tr>",
                    ROW_FIELDS.len() + 3,
                    esc(g)
                );
            }
            group = g;
            let flagged = doubtful(&r.flags);
            let _ = write!(
                o,
                "<tr class=\"row{}\" data-row=\"{}\"",
                if flagged { " flagged" } else { "" },
                esc(&r.row_id)
            );
            if let Some(p) = r.page {
                let _ = write!(o, " data-page=\"{p}\"");
            }
            if let Some(b) = &r.bbox {
                let _ = write!(o, " data-box=\"{b}\"");
            }
            let _ = write!(
                o,
                " data-table=\"{tno}\"><td class=\"rid\">{}</td>",
                esc(&r.row_id)
            );
            for (f, _) in ROW_FIELDS {
                let v = r.task[f.as_str()].as_str().unwrap_or("");
                let cell = &r.task["cells"][f.as_str()];
                let cell_flags = cell_doubts(cell);
                let mut class = String::from("c");
                if !cell_flags.is_empty() {
                    class.push_str(" flag");
                }
                if corrected.contains_key(&(r.row_id.clone(), f.as_str().to_string())) {
                    class.push_str(" corrected");
                }
                let _ = write!(o, "<td class=\"{class}\" data-f=\"{}\"", f.as_str());
                if !cell_flags.is_empty() {
                    let _ = write!(o, " title=\"{}\"", esc(&cell_flags.join(", ")));
                }
                let cp = cell["page"].as_u64().or(r.page);
                if let Some(b) = cp
                    .and_then(|p| dims.get(&p))
                    .and_then(|d| box_pct(&cell["bbox"], *d))
                {
                    let _ = write!(o, " data-cpage=\"{}\" data-box=\"{b}\"", cp.unwrap_or(0));
                }
                let _ = write!(
                    o,
                    " data-orig=\"{}\" contenteditable=\"true\" spellcheck=\"false\">{}</td>",
                    esc(v),
                    esc(v)
                );
            }
            o.push_str("<td class=\"flags\">");
            for f in &r.flags {
                let _ = write!(o, "<span class=\"fl fl-{0}\">{0}</span>", esc(f));
            }
            if let Some(c) = r.task["confidence"].as_f64() {
                let _ = write!(o, "<span class=\"conf\">{c:.2}</span>");
            }
            o.push_str(
                "</td><td class=\"verdict\"><button type=\"button\" class=\"ok\" title=\"Dòng đúng\">✓</button>\
                 <button type=\"button\" class=\"bad\" title=\"Dòng sai\">✗</button>\
                 <input class=\"rnote\" placeholder=\"ghi chú\"></td></tr>\n",
            );
        }
        o.push_str("</tbody>\n</table>\n</div>\n<div class=\"imgs\">\n");
        let mut pages: Vec<u64> = in_table.iter().filter_map(|r| r.page).collect();
        pages.dedup();
        pages.sort_unstable();
        pages.dedup();
        if let Ok(imgs) = images {
            for p in pages {
                let Some(img) = imgs.get(&p) else { continue };
                let _ = writeln!(
                    o,
                    "<figure class=\"pg\" data-table=\"{tno}\" data-page=\"{p}\"><div class=\"box\"><img src=\"{}\" width=\"{}\" height=\"{}\" loading=\"lazy\" alt=\"Trang {p}\"><div class=\"ol\"></div><div class=\"olc\"></div></div><figcaption>Trang {p}</figcaption></figure>",
                    esc(&img.src),
                    img.width,
                    img.height
                );
            }
        }
        o.push_str("</div>\n</div>\n</section>\n");
    }
    o.push_str("<pre id=\"selftest\" hidden></pre>\n");
    tail(&mut o);
    (o, stats)
}

/// Row ids for tasks without their own `row_id`
/// ([`corrections::row_ids`] over the JSON's tasks).
fn fallback_row_ids(tasks: &[&Value]) -> Vec<String> {
    let mut per_table: BTreeMap<u64, usize> = BTreeMap::new();
    tasks
        .iter()
        .map(|t| {
            let n = t["table_no"].as_u64().unwrap_or(0);
            let k = per_table.entry(n).or_insert(0);
            *k += 1;
            format!("{n}-{k}")
        })
        .collect()
}

/// (row_id, field) of the cells a reviewer's correction changed, from the
/// document's `review/corrected` warnings.
fn corrected_cells(doc: &Value) -> BTreeMap<(String, String), String> {
    let mut m = BTreeMap::new();
    for w in doc["warnings"].as_array().into_iter().flatten() {
        if w["stage"].as_str() != Some(corrections::STAGE)
            || w["kind"].as_str() != Some(corrections::IssueKind::Corrected.as_str())
        {
            continue;
        }
        if let Some((r, f)) = w["message"]
            .as_str()
            .and_then(corrections::parse_corrected_message)
        {
            m.insert((r, f), String::new());
        }
    }
    m
}

/// Writes the report of the dataset folder `dir` into `opts.out`.
pub fn write_report(dir: &Path, opts: &ReviewOptions) -> Result<ReviewSummary, ReviewError> {
    let docs = load_documents(dir)?;
    let warns = load_warnings(dir)?;
    let werr = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ReviewError::Write { path, source }
    };
    for sub in ["", "docs", "img"] {
        let p = opts.out.join(sub);
        std::fs::create_dir_all(&p).map_err(werr(&p))?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|e| ReviewError::Threads(e.to_string()))?;
    let no_warns: Vec<Warn> = Vec::new();
    let warns_of = |r: &DocRow| warns.get(&r.source_file).unwrap_or(&no_warns);
    let json_path = |r: &DocRow| dir.join("documents").join(format!("{}.json", r.doc_id));
    let load = |r: &DocRow| -> Result<Option<Value>, ReviewError> {
        if r.status != "ok" || r.doc_id.is_empty() {
            return Ok(None);
        }
        let path = json_path(r);
        let text = std::fs::read(&path).map_err(|source| ReviewError::Read {
            path: path.clone(),
            source,
        })?;
        serde_json::from_slice(&text)
            .map(Some)
            .map_err(|e| ReviewError::Json {
                path,
                message: e.to_string(),
            })
    };
    // Pass 1: what the order needs (flags per document).
    let stats: Vec<Stats> = pool.install(|| {
        docs.par_iter()
            .map(|r| -> Result<Stats, ReviewError> {
                let Some(doc) = load(r)? else {
                    return Ok(Stats::default());
                };
                let imgs = Err(NoImages::Off);
                Ok(document_page(r, &doc, warns_of(r), &imgs, ("", None, None)).1)
            })
            .collect::<Result<_, _>>()
    })?;
    // Worst first: failures, then most flagged rows, then most warnings.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| {
            (
                docs[i].status == "ok",
                std::cmp::Reverse(stats[i].flagged),
                std::cmp::Reverse(warns_of(&docs[i]).len()),
                docs[i].source_file.as_str(),
                docs[i].doc_id.as_str(),
            )
        };
        key(a).cmp(&key(b))
    });
    let per_page = opts.per_page.max(1);
    let index_name = |k: usize| {
        if k == 0 {
            "index.html".to_string()
        } else {
            format!("index-{}.html", k + 1)
        }
    };
    let with_page: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| stats[i].has_json)
        .collect();
    let mut place = vec![0usize; docs.len()];
    for (k, &i) in order.iter().enumerate() {
        place[i] = k / per_page;
    }
    // Pass 2: the document pages (and their images).
    let written: Vec<(u64, usize, bool)> = pool.install(|| {
        with_page
            .par_iter()
            .enumerate()
            .map(|(k, &i)| -> Result<(u64, usize, bool), ReviewError> {
                let r = &docs[i];
                let Some(doc) = load(r)? else {
                    return Ok((0, 0, false));
                };
                let mut pages: Vec<u64> = doc["tasks"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|t| t["page"].as_u64())
                    .collect();
                pages.sort_unstable();
                pages.dedup();
                let turns: BTreeMap<u64, u32> = doc["pages"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|p| {
                        let turn = p["ocr_turn"]
                            .as_u64()
                            .filter(|t| [90, 180, 270].contains(t))?;
                        Some((p["number"].as_u64()?, turn as u32))
                    })
                    .collect();
                let imgs = if pages.is_empty() {
                    Ok(BTreeMap::new())
                } else {
                    render_pages(r, &pages, &turns, opts)
                };
                let prev = k.checked_sub(1).map(|j| docs[with_page[j]].doc_id.as_str());
                let next = with_page.get(k + 1).map(|&j| docs[j].doc_id.as_str());
                let back = index_name(place[i]);
                let (html, _) = document_page(r, &doc, warns_of(r), &imgs, (&back, prev, next));
                let path = opts.out.join("docs").join(format!("{}.html", r.doc_id));
                std::fs::write(&path, html.as_bytes()).map_err(werr(&path))?;
                let n_img = imgs.as_ref().map(|m| m.len()).unwrap_or(0);
                let missing = matches!(imgs, Err(NoImages::Missing(_) | NoImages::Changed(_)));
                Ok((html.len() as u64, n_img, missing))
            })
            .collect::<Result<_, _>>()
    })?;
    let mut summary = ReviewSummary {
        documents: docs.len(),
        document_pages: with_page.len(),
        ..ReviewSummary::default()
    };
    for (b, n, missing) in &written {
        summary.html_bytes += b;
        summary.images += n;
        summary.missing_sources += usize::from(*missing);
    }
    // The index pages.
    let n_pages = order.len().div_ceil(per_page).max(1);
    let total_tasks: usize = stats.iter().map(|s| s.tasks).sum();
    let total_flagged: usize = stats.iter().map(|s| s.flagged).sum();
    let failed = docs.iter().filter(|d| d.status != "ok").count();
    for k in 0..n_pages {
        let mut o = String::with_capacity(64 * 1024);
        head(&mut o, "Rà soát bộ dữ liệu");
        let _ = writeln!(
            o,
            "<body class=\"index\">\n<h1>Rà soát bộ dữ liệu</h1>\n<p class=\"sum\">{} văn bản ({} lỗi) · {} nhiệm vụ · {} dòng có cờ. Văn bản cần xem nhất ở đầu danh sách.</p>",
            docs.len(),
            failed,
            total_tasks,
            total_flagged
        );
        o.push_str("<div class=\"tools\"><button type=\"button\" id=\"export-all\">Tải corrections.csv (mọi văn bản)</button> <span id=\"edits\"></span></div>\n");
        pager(&mut o, k, n_pages, &index_name);
        o.push_str(
            "<table class=\"docs\">\n<thead><tr><th>#</th><th>Văn bản</th><th>Trạng thái</th><th>Nguồn chữ</th><th>Trang</th><th>Nhiệm vụ</th><th>Dòng có cờ</th><th>Cảnh báo</th></tr></thead>\n<tbody>\n",
        );
        for (pos, &i) in order.iter().enumerate().skip(k * per_page).take(per_page) {
            let r = &docs[i];
            let s = &stats[i];
            let w = warns_of(r);
            let label = if r.title.is_empty() {
                r.source_file.clone()
            } else {
                r.title.clone()
            };
            let cls = if r.status != "ok" {
                "bad"
            } else if s.flagged > 0 || !w.is_empty() {
                "warn"
            } else {
                "fine"
            };
            let _ = write!(o, "<tr class=\"{cls}\"><td>{}</td><td>", pos + 1);
            if s.has_json {
                let _ = write!(
                    o,
                    "<a href=\"docs/{}.html\">{}</a>",
                    esc(&r.doc_id),
                    esc(&label)
                );
            } else {
                o.push_str(&esc(&label));
            }
            let sub = [r.number.as_str(), r.issuer.as_str(), r.date.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" · ");
            let _ = write!(
                o,
                "<div class=\"sub\"><code>{}</code> {}</div>",
                esc(&r.source_file),
                esc(&sub)
            );
            if !r.error.is_empty() {
                let _ = write!(o, "<div class=\"err\">{}</div>", esc(&r.error));
            }
            let first_warn = w
                .iter()
                .find(|x| x.message != r.error)
                .map(|x| format!("<div class=\"sub\">{}</div>", esc(&x.message)))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{first_warn}</td></tr>",
                esc(status_label(&r.status)),
                esc(text_source_label(&r.text_source)),
                esc(&r.pages),
                s.tasks,
                s.flagged,
                w.len()
            );
        }
        o.push_str("</tbody>\n</table>\n");
        pager(&mut o, k, n_pages, &index_name);
        o.push_str("<pre id=\"selftest\" hidden></pre>\n");
        tail(&mut o);
        let path = opts.out.join(index_name(k));
        std::fs::write(&path, o.as_bytes()).map_err(werr(&path))?;
        summary.html_bytes += o.len() as u64;
    }
    summary.index_pages = n_pages;
    Ok(summary)
}

fn pager(o: &mut String, k: usize, n: usize, name: &dyn Fn(usize) -> String) {
    if n <= 1 {
        return;
    }
    o.push_str("<nav class=\"pager\">");
    if k > 0 {
        let _ = write!(o, "<a href=\"{}\">← Trang trước</a> ", name(k - 1));
    }
    for j in 0..n {
        if j == k {
            let _ = write!(o, "<b>{}</b> ", j + 1);
        } else {
            let _ = write!(o, "<a href=\"{}\">{}</a> ", name(j), j + 1);
        }
    }
    if k + 1 < n {
        let _ = write!(o, "<a href=\"{}\">Trang sau →</a>", name(k + 1));
    }
    o.push_str("</nav>\n");
}

#[cfg(test)]
mod tests {
    /// A page the OCR read turned is shown turned: pdftoppm's grey image,
    /// a quarter clockwise, as a PNG of the turned size.
    #[test]
    fn turned_pages_are_shown_turned() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pgm = dir.path().join("p.pgm");
        // 3 wide, 2 high: a dark top-left pixel.
        std::fs::write(&pgm, b"P5\n3 2\n255\n\x00\xff\xff\xff\xff\xff").expect("write");
        let png = dir.path().join("p.png");
        turn_pgm_to_png(&pgm, 90, &png).expect("turn");
        assert_eq!(png_size(&png), Some((2, 3)));
        let decoder = png::Decoder::new(std::io::BufReader::new(
            std::fs::File::open(&png).expect("open"),
        ));
        let mut reader = decoder.read_info().expect("png");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        reader.next_frame(&mut buf).expect("frame");
        // The top-left corner turned a quarter clockwise is the top right.
        assert_eq!(&buf[..2], &[255, 0]);
    }

    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn boxes_become_clamped_percentages() {
        let d = PageDims {
            width: 200.0,
            height: 100.0,
        };
        let b = serde_json::json!([20.0, 10.0, 120.0, 60.0]);
        assert_eq!(
            box_pct(&b, d).as_deref(),
            Some("10.000,10.000,50.000,50.000")
        );
        let b = serde_json::json!([150.0, 90.0, 260.0, 120.0]);
        assert_eq!(
            box_pct(&b, d).as_deref(),
            Some("75.000,90.000,25.000,10.000")
        );
        assert_eq!(box_pct(&serde_json::json!([1, 2, 3]), d), None);
        assert_eq!(box_pct(&serde_json::json!([5, 5, 5, 9]), d), None);
        assert_eq!(box_pct(&serde_json::json!("x"), d), None);
    }

    #[test]
    fn page_sizes_are_taken_as_displayed() {
        let doc = serde_json::json!({"pages": [
            {"number": 1, "width": 842.0, "height": 595.0, "rotate": 90},
            {"number": 2, "width": 595.0, "height": 842.0, "rotate": 0},
            {"number": 3, "width": 0.0, "height": 842.0, "rotate": 0}
        ]});
        let d = page_dims(&doc);
        assert_eq!((d[&1].width, d[&1].height), (842.0, 595.0));
        assert_eq!((d[&2].width, d[&2].height), (595.0, 842.0));
        assert!(!d.contains_key(&3));
    }

    #[test]
    fn cells_are_doubted_for_low_confidence_or_a_repair() {
        let text_layer = serde_json::json!({"page": 1, "bbox": [1, 2, 3, 4]});
        assert!(cell_doubts(&text_layer).is_empty());
        let clean = serde_json::json!({"page": 1, "bbox": [1, 2, 3, 4],
            "confidence": 0.91, "min_confidence": 0.4});
        assert!(cell_doubts(&clean).is_empty());
        let poor = serde_json::json!({"page": 1, "bbox": [1, 2, 3, 4],
            "confidence": 0.52, "min_confidence": 0.11, "repaired": true});
        assert_eq!(
            cell_doubts(&poor),
            [
                "OCR: độ tin cậy 0.52 (thấp nhất 0.11)",
                "OCR: đã sửa chính tả"
            ]
        );
    }
}
