//! OCR stage on the real scanned plan (needs `tesseract-ocr`,
//! `tesseract-ocr-vie` and `poppler-utils`; skipped with a note otherwise).

use kehoach::layout::layout_page;
use kehoach::ocr::Ocr;
use kehoach::pdf::Page;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;
use unicode_normalization::UnicodeNormalization;

const SCAN: &str = "22_hcmute_kh-753-KH-DCT-khao-sat-hai-long-2026_scan.pdf";
// A4 as the PDF declares it.
const W: f32 = 595.0;
const H: f32 = 841.0;

fn scan_path() -> Option<PathBuf> {
    let candidates = [
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/real")
            .join(SCAN),
        Path::new("/work/shared/real").join(SCAN),
    ];
    candidates.into_iter().find(|p| p.is_file())
}

fn ocr() -> Option<(Ocr, PathBuf)> {
    let ocr = match Ocr::availability() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("note: skipping OCR test: {e}");
            return None;
        }
    };
    let Some(path) = scan_path() else {
        eprintln!("note: skipping OCR test: {SCAN} not found");
        return None;
    };
    Some((ocr, path))
}

/// Pages are OCR'd once per test binary and shared by the tests.
fn page(n: u32) -> Option<&'static Page> {
    static PAGES: OnceLock<Option<Vec<Page>>> = OnceLock::new();
    PAGES
        .get_or_init(|| {
            let (ocr, path) = ocr()?;
            let pages = [1u32, 3, 4]
                .iter()
                .map(|&n| {
                    let t = Instant::now();
                    let p = ocr.ocr_page(&path, n, W, H, 0).expect("OCR");
                    eprintln!("page {n}: render + OCR {:.1} s", t.elapsed().as_secs_f32());
                    p
                })
                .collect();
            Some(pages)
        })
        .as_ref()
        .map(|v| {
            &v[match n {
                1 => 0,
                3 => 1,
                _ => 2,
            }]
        })
}

fn fold(s: &str) -> String {
    let folded: String = s
        .nfd()
        .filter(|c| !matches!(*c as u32, 0x300..=0x36f))
        .map(|c| if c == 'đ' || c == 'Đ' { 'd' } else { c })
        .collect::<String>()
        .to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text(p: &Page) -> String {
    p.glyphs.iter().map(|g| g.ch).collect()
}

#[test]
fn page1_text() {
    let Some(p) = page(1) else { return };
    let t = text(p);
    let f = fold(&t);
    assert!(f.contains("ke hoach"), "{t}");
    // The number itself (753) and the day are handwritten in ink; the
    // printed part of the number line must come through.
    assert!(t.contains("KH-DCT"), "{t}");
    assert!(t.contains("2026"), "{t}");
    assert!(f.contains("khao sat"), "{t}");
    assert!(f.contains("hai long"), "{t}");
    assert!(t.nfc().collect::<String>() == t, "text must be NFC");
    eprintln!("page 1: {} glyphs, {} rules", p.glyphs.len(), p.rules.len());
    assert_eq!(p.number, 1);
    assert_eq!(p.fonts[0].base_font, "OCR");
    for g in &p.glyphs {
        assert!(g.x >= 0.0 && g.x + g.width <= W + 0.5, "{g:?}");
        assert!(g.y >= 0.0 && g.y <= H, "{g:?}");
        assert!(g.size > 4.0 && g.size < 40.0, "{g:?}");
    }
    // The layout stage turns the glyphs into lines of words.
    let layout = layout_page(p);
    let lines: Vec<String> = layout.lines().map(|l| l.text.clone()).collect();
    assert!(lines.len() > 20, "{lines:#?}");
    assert!(
        lines.iter().any(|l| fold(l).contains("ke hoach")),
        "{lines:#?}"
    );
}

#[test]
fn page3_table_rules() {
    let Some(p) = page(3) else { return };
    check_table(p, 560.0);
}

/// The table goes on at the top of page 4: rows 4 and 5 under a repeated header.
#[test]
fn page4_table_continues() {
    let Some(p) = page(4) else { return };
    check_table(p, 60.0);
}

fn check_table(p: &Page, top: f32) {
    let h: Vec<_> = p.rules.iter().filter(|r| r.is_horizontal()).collect();
    let v: Vec<_> = p.rules.iter().filter(|r| r.is_vertical()).collect();
    eprintln!(
        "page {}: {} horizontal, {} vertical rules",
        p.number,
        h.len(),
        v.len()
    );
    for r in &p.rules {
        eprintln!("  {:6.1} {:6.1} {:6.1} {:6.1}", r.x0, r.y0, r.x1, r.y1);
    }
    for r in &p.rules {
        assert!(r.x0 >= 0.0 && r.x1 <= W + 0.5 && r.y0 >= 0.0 && r.y1 <= H + 0.5);
    }
    // The task table: a header and at least 2 rows → ≥ 4 horizontal rules
    // across its width (page 3 has 5), and 5 vertical rules (4 columns).
    let table_h: Vec<_> = h
        .iter()
        .filter(|r| r.y0 > top && r.x1 - r.x0 > 400.0)
        .collect();
    let table_v: Vec<_> = v
        .iter()
        .filter(|r| r.y0 > top && r.y1 - r.y0 > 100.0)
        .collect();
    assert!(table_h.len() >= 4, "{table_h:?}");
    assert!(table_v.len() >= 5, "{table_v:?}");
    // The lattice stage builds a 4-column table from them and the OCR words.
    let layout = layout_page(p);
    let tables: Vec<_> = layout
        .items
        .iter()
        .filter_map(|i| match i {
            kehoach::layout::Item::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    for t in &tables {
        eprintln!(
            "table {} cols, {} rows, {}",
            t.n_cols(),
            t.rows.len(),
            t.method
        );
        for row in &t.rows {
            let cells: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
            eprintln!("  {cells:?}");
        }
    }
    let t = tables
        .iter()
        .find(|t| t.method == "lattice")
        .expect("a lattice table");
    assert_eq!(t.n_cols(), 4);
    assert!(t.rows.len() >= 3);
    let header = fold(
        &t.rows[0]
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" | "),
    );
    assert!(header.contains("noi dung"), "{header}");
    assert!(header.contains("thoi gian"), "{header}");
}

#[test]
fn errors_are_reported() {
    let e = kehoach::ocr::OcrUnavailable {
        reason: "`tesseract` not found on PATH".into(),
    };
    assert!(e
        .to_string()
        .contains("apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils"));
    let Some((ocr, path)) = ocr() else { return };
    assert!(matches!(
        ocr.ocr_page(&path, 0, W, H, 0),
        Err(kehoach::ocr::OcrError::Invalid(_))
    ));
    // Past the last page: pdftoppm fails, its message is kept.
    let err = ocr.ocr_page(&path, 99, W, H, 0).unwrap_err();
    assert_eq!(err.kind(), "ocr_tool_failed", "{err}");
    // Bytes that are no PDF.
    let junk: &[u8] = b"not a pdf";
    assert!(ocr.ocr_page(junk, 1, W, H, 0).is_err());
    // A time limit too short for anything kills the subprocess.
    let mut quick = ocr.clone();
    quick.options.timeout = std::time::Duration::from_millis(1);
    let err = quick.ocr_page(&path, 1, W, H, 0).unwrap_err();
    assert_eq!(err.kind(), "ocr_timeout", "{err}");
}
