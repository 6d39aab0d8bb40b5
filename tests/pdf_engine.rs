//! The PDF stage against real archive files (`../shared/real`, beside every
//! checkout). Skips when the folder is absent.

mod common;
use std::path::PathBuf;

use kehoach::pdf::{Limits, PdfFile};

fn real(name: &str) -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real")
        .join(name);
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(_) => {
            common::skip(&format!("{} not found", path.display()));
            None
        }
    }
}

const FILES: [&str; 4] = [
    "30_ttg_qd-115-2004-QD-TTg_tcvn3.pdf",
    "31_nhnn_tt-01-2006-TT-NHNN_tcvn3.pdf",
    "14_laocai_sct_qd-1050-QD-SCT-kiem-tra-vlncn_2026-03-06.pdf",
    "22_hcmute_kh-753-KH-DCT-khao-sat-hai-long-2026_scan.pdf",
];

#[test]
fn real_files_open_and_read_without_panic() {
    for name in FILES {
        let Some(bytes) = real(name) else { continue };
        let f = PdfFile::open(&bytes, Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(f.page_count() > 0, "{name}");
        for i in 0..f.page_count() {
            let p = f.page(i);
            assert!(p.width > 100.0 && p.height > 100.0, "{name} p{}", i + 1);
            if std::env::var_os("KEHOACH_DUMP").is_some() {
                let text: String = p.glyphs.iter().map(|g| g.ch).take(300).collect();
                eprintln!(
                    "{name} p{} {}x{} rot {} glyphs {} rules {} images {} fonts {:?}\n  warnings {:?}\n  {text}",
                    p.number,
                    p.width,
                    p.height,
                    p.rotate,
                    p.glyphs.len(),
                    p.rules.len(),
                    p.images,
                    p.fonts.iter().map(|f| (&f.base_font, &f.encoding, f.has_to_unicode)).collect::<Vec<_>>(),
                    p.warnings
                );
            }
        }
    }
}

#[test]
fn tcvn3_fonts_come_through_as_raw_bytes() {
    let Some(bytes) = real(FILES[0]) else { return };
    let f = PdfFile::open(&bytes, Limits::default()).expect("open");
    let p = f.page(0);
    let names: Vec<&str> = p.fonts.iter().map(|f| f.base_font.as_str()).collect();
    // This file names them without the leading dot (`GDNPNI+VnTime`).
    assert!(names.contains(&"VnTime"), "{names:?}");
    assert!(names.contains(&"VnTimeH"), "{names:?}");
    let vn = p
        .fonts
        .iter()
        .position(|f| f.base_font == "VnTime" && f.encoding == "WinAnsiEncoding")
        .expect("font") as u16;
    let high = p
        .glyphs
        .iter()
        .filter(|g| g.font == vn && (0xA1..=0xFE).contains(&g.code))
        .count();
    assert!(high > 20, "only {high} TCVN3 letter codes");
    // Latin-1/WinAnsi garbage, decoded later: `QuyÕt ®Þnh`.
    let text: String = p.glyphs.iter().map(|g| g.ch).collect();
    assert!(text.contains("QuyÕt") || text.contains("quyÕt"), "{text}");
}

#[test]
fn scanned_file_has_images_and_no_text_layer() {
    let Some(bytes) = real(FILES[3]) else { return };
    let f = PdfFile::open(&bytes, Limits::default()).expect("open");
    assert_eq!(f.page_count(), 4);
    for i in 0..f.page_count() {
        let p = f.page(i);
        assert!(p.images >= 1, "page {}", i + 1);
        assert!(!p.has_text_layer(), "page {}", i + 1);
    }
}

#[test]
fn pages_can_be_read_in_parallel() {
    let Some(bytes) = real(FILES[1]) else { return };
    let f = PdfFile::open(&bytes, Limits::default()).expect("open");
    let serial: Vec<usize> = (0..f.page_count())
        .map(|i| f.page(i).glyphs.len())
        .collect();
    let parallel: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..f.page_count())
            .map(|i| {
                let f = &f;
                s.spawn(move || f.page(i).glyphs.len())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).collect()
    });
    assert_eq!(serial, parallel);
}

/// Debug aid: `KEHOACH_DUMP_GLYPHS=file.pdf cargo test --test pdf_engine dump -- --nocapture`.
#[test]
fn dump_glyphs() {
    let Some(path) = std::env::var_os("KEHOACH_DUMP_GLYPHS") else {
        return;
    };
    let Ok(bytes) = std::fs::read(&path) else {
        return;
    };
    let f = match PdfFile::open(&bytes, Limits::default()) {
        Ok(f) => f,
        Err(e) => return eprintln!("open failed: {e}"),
    };
    let index = std::env::var("KEHOACH_DUMP_PAGE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let p = f.page(index);
    eprintln!(
        "pages {} glyphs {} rules {} warnings {:?}",
        f.page_count(),
        p.glyphs.len(),
        p.rules.len(),
        p.warnings
    );
    for g in p.glyphs.iter().take(40) {
        eprintln!(
            "{:?} code {:#x} x {:.2} y {:.2} w {:.2} size {:.2} font {}",
            g.ch, g.code, g.x, g.y, g.width, g.size, g.font
        );
    }
    for r in p.rules.iter().take(20) {
        eprintln!("{r:?}");
    }
}

/// Throughput: `KEHOACH_BENCH=file.pdf cargo test --release --test pdf_engine bench -- --nocapture`.
#[test]
fn bench_pages_per_second() {
    let Some(path) = std::env::var_os("KEHOACH_BENCH") else {
        return;
    };
    let Ok(bytes) = std::fs::read(&path) else {
        return;
    };
    let start = std::time::Instant::now();
    let mut pages = 0usize;
    let mut glyphs = 0usize;
    let mut rounds = 0;
    while start.elapsed().as_secs_f64() < 3.0 {
        let Ok(f) = PdfFile::open(&bytes, Limits::default()) else {
            return;
        };
        for i in 0..f.page_count() {
            glyphs += f.page(i).glyphs.len();
            pages += 1;
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{rounds} rounds, {pages} pages, {glyphs} glyphs in {secs:.2}s: {:.0} pages/s, {:.1} ms per document",
        pages as f64 / secs,
        secs * 1000.0 / rounds as f64
    );
}

/// Truncated and byte-flipped copies of the real files: any outcome but a
/// panic or a hang is acceptable.
#[test]
fn damaged_copies_never_panic() {
    for name in FILES {
        let Some(bytes) = real(name) else { continue };
        let len = bytes.len();
        let mut variants: Vec<Vec<u8>> = [10, 50, 90, 99]
            .iter()
            .map(|p| bytes[..len * p / 100].to_vec())
            .collect();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..4 {
            let mut v = bytes.clone();
            for _ in 0..200 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let i = (seed % len as u64) as usize;
                v[i] = (seed >> 32) as u8;
            }
            variants.push(v);
        }
        for v in variants {
            if let Ok(f) = PdfFile::open(&v, Limits::default()) {
                for i in 0..f.page_count() {
                    let _ = f.page(i);
                }
            }
        }
    }
}

/// Every PDF in a folder named by `KEHOACH_SCAN_DIR`: opens, pages read,
/// summary printed (a debugging aid for new fixtures).
#[test]
fn scan_folder() {
    let Some(dir) = std::env::var_os("KEHOACH_SCAN_DIR") else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let Ok(bytes) = std::fs::read(e.path()) else {
            continue;
        };
        match PdfFile::open(&bytes, Limits::default()) {
            Ok(f) => {
                for i in 0..f.page_count() {
                    let p = f.page(i);
                    let text: String = p.glyphs.iter().map(|g| g.ch).take(80).collect();
                    eprintln!(
                        "{} p{} {}x{} rot {} glyphs {} rules {} images {} warnings {:?} {:?}",
                        e.path().display(),
                        p.number,
                        p.width,
                        p.height,
                        p.rotate,
                        p.glyphs.len(),
                        p.rules.len(),
                        p.images,
                        p.warnings,
                        text
                    );
                }
            }
            Err(err) => eprintln!("{}: {err}", e.path().display()),
        }
    }
}

/// `fixtures/annot/esigned-widget.pdf` (`scripts/gen-annot.py`): the number
/// and the date exist only in signature widgets' appearance streams (one
/// drawn at half size through /BBox, /Matrix and /Rect, one chosen among
/// states by /AS); hidden and not-viewed widgets with wrong numbers are
/// not read. Through the whole pipeline.
#[test]
fn widget_appearances_give_number_and_date() {
    use kehoach::pipeline::{convert_file, Options};
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/annot/esigned-widget.pdf");
    let doc = convert_file(&path, "esigned-widget.pdf", &Options::default())
        .result
        .expect("converts");
    let m = &doc.structure.metadata;
    assert_eq!(m.number, "329/BC-UBND");
    assert_eq!(m.date, "2025-12-19");
    let text = doc.text.render();
    assert!(text.contains("Số: 329/BC-UBND"), "{text}");
    for wrong in ["999/BC-SAI", "888/BC-SAI", "năm 2001"] {
        assert!(!text.contains(wrong), "{wrong} read from a hidden widget");
    }
    // The half-size appearance is placed on its /Rect: 12 pt text whose
    // baseline is at 758 pt from the bottom (84 pt from the top).
    let pdf = PdfFile::open(&std::fs::read(&path).unwrap(), Limits::default()).unwrap();
    let page = pdf.page(0);
    let s = page
        .glyphs
        .iter()
        .find(|g| g.ch == '3' && g.y < 100.0)
        .expect("glyph of the number");
    assert!((s.size - 12.0).abs() < 0.01, "size {}", s.size);
    assert!((s.y - 84.0).abs() < 0.01, "y {}", s.y);
    assert!((s.x - 104.0).abs() < 0.5, "x {}", s.x);
}
