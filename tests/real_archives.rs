//! End-to-end over the real archive PDFs in `../shared/real/` (TCVN3 fonts,
//! a wrong ToUnicode map, a scan). Expected strings were read off the
//! rendered pages (`pdftoppm -png -r 70`), not taken from the program.

mod common;
use common::*;
use std::path::PathBuf;

fn real(name: &str) -> Option<PathBuf> {
    let p = root().join("../shared/real").join(name);
    if p.exists() {
        Some(p)
    } else {
        common::skip(&format!("{} not found", p.display()));
        None
    }
}

#[test]
fn tcvn3_decision_is_decoded_to_unicode() {
    let Some(pdf) = real("30_ttg_qd-115-2004-QD-TTg_tcvn3.pdf") else {
        return;
    };
    let doc = convert(&pdf);
    assert_eq!(doc.text_source, "tcvn3");
    let paras: Vec<&str> = doc
        .text
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(paras[0], "QUYẾT ĐỊNH");
    assert_eq!(paras[2], "THỦ TƯỚNG CHÍNH PHỦ");
    assert_eq!(
        paras[3],
        "Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;"
    );
    assert_eq!(
        paras[4],
        "Căn cứ Nghị định số 90/2001/NĐ-CP ngày 23 tháng 11 năm 2001 của Chính phủ về trợ giúp phát triển doanh nghiệp nhỏ và vừa;"
    );
    assert_eq!(paras[5], "Theo đề nghị của Bộ trưởng Bộ Tài chính,");
    assert!(paras.contains(&"\"a) Vốn cấp của ngân sách tỉnh, thành phố trực thuộc Trung ương\";"));
    // `ư` arrives as U+2212 from a separate font inside words.
    let all = doc.text.render();
    assert!(all.contains("Thủ tướng Chính phủ như sau:"));
    assert!(!all.contains('\u{2212}'));
}

#[test]
fn tcvn3_circular_with_a_unicode_font_is_decoded_font_by_font() {
    let Some(pdf) = real("31_nhnn_tt-01-2006-TT-NHNN_tcvn3.pdf") else {
        return;
    };
    let doc = convert(&pdf);
    assert!(
        matches!(doc.text_source.as_str(), "tcvn3" | "mixed"),
        "{}",
        doc.text_source
    );
    let paras: Vec<&str> = doc
        .text
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert!(paras.contains(&"NGÂN HÀNG NHÀ NƯỚC VIỆT NAM"), "{paras:?}");
    assert!(paras.contains(&"CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(paras.contains(&"Số : 01/2006/TT-NHNN"));
    assert!(paras.contains(&"Hà Nội, ngày 20 tháng 02 năm 2006"));
    assert!(paras.contains(&"THÔNG TƯ"));
    assert!(paras.contains(
        &"Hướng dẫn một số nội dung về góp vốn thành lập Quỹ bảo lãnh tín dụng cho các doanh nghiệp nhỏ và vừa"
    ));
}

#[test]
fn wrong_tounicode_pages_are_treated_as_scans() {
    let Some(pdf) = real("14_laocai_sct_qd-1050-QD-SCT-kiem-tra-vlncn_2026-03-06.pdf") else {
        return;
    };
    let doc = convert(&pdf);
    let unusable = doc
        .warnings
        .iter()
        .filter(|w| w.kind == "unusable_text_layer")
        .count();
    assert_eq!(unusable, doc.pages.len(), "{:?}", doc.warnings);
    // nothing of the garbage layer reaches the outputs
    assert!(!doc.text.render().contains('\u{FFFD}'));
}

#[test]
fn scanned_pages_are_reported_page_by_page() {
    let Some(pdf) = real("22_hcmute_kh-753-KH-DCT-khao-sat-hai-long-2026_scan.pdf") else {
        return;
    };
    let doc = convert(&pdf);
    assert_eq!(doc.pages.len(), 4);
    assert!(doc.pages.iter().all(|p| p.images > 0));
    if doc.text_source == "none" {
        // No OCR engine here: every page says what to install.
        let w: Vec<_> = doc
            .warnings
            .iter()
            .filter(|w| w.kind == "no_text_layer")
            .collect();
        assert_eq!(w.len(), 4);
    }
}

#[test]
fn scanned_plan_is_ocred_into_text_and_a_task_table() {
    let Some(pdf) = real("22_hcmute_kh-753-KH-DCT-khao-sat-hai-long-2026_scan.pdf") else {
        return;
    };
    let opts = kehoach::pipeline::Options::with_ocr(kehoach::pipeline::OcrMode::Auto);
    if opts.ocr_engine.is_none() {
        common::skip(&opts.ocr_unavailable.unwrap_or_default());
        return;
    }
    let doc = kehoach::pipeline::convert_file(&pdf, "scan.pdf", &opts)
        .result
        .expect("scan converts");
    assert_eq!(doc.text_source, "ocr");
    assert!(doc.pages.iter().all(|p| p.text_source == "ocr"));
    let text = doc.text.render();
    assert!(text.contains("KẾ HOẠCH"), "{text}");
    assert!(kehoach::vn::fold_key(&text).contains("khao sat, xac dinh chi so hai long"));
    // The task table of pages 3-4 is one table of five tasks.
    let t = doc
        .tables
        .iter()
        .find(|t| t.header.iter().any(|h| h.contains("Nội dung công việc")))
        .expect("task table");
    assert_eq!(t.pages, vec![3, 4]);
    use kehoach::layout::table::Role;
    assert_eq!(
        t.roles,
        vec![Role::Stt, Role::Name, Role::Timeframe, Role::Lead]
    );
    let tasks: Vec<_> = doc
        .tasks
        .iter()
        .filter(|x| x.table_no == t.table_no)
        .collect();
    assert_eq!(tasks.len(), 5);
    // The printed `kế` is read `kê` by the line-by-line cell OCR: a valid
    // syllable, which the orthography repair rightly leaves; the rest of the
    // cell is exact.
    let want = "Ban hành kế hoạch; rà soát danh sách sinh viên thuộc 05 khoa được chọn";
    assert!(
        tasks[0].name == want || tasks[0].name == want.replace("kế", "kê"),
        "{}",
        tasks[0].name
    );
    assert_eq!(tasks[0].end, "2026-06-27");
    // Printed as `29/6/2026 -` over `09/7/2026` in its cell.
    assert_eq!(tasks[2].timeframe, "29/6/2026 - 09/7/2026");
    assert_eq!(
        (tasks[2].start.as_str(), tasks[2].end.as_str()),
        ("2026-06-29", "2026-07-09")
    );
    assert_eq!(tasks[3].start, "2026-07-10");
}
