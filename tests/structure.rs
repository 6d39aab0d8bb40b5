//! Acceptance tests of the structure stage: header metadata, outline, legal
//! references (căn cứ) and targets (chỉ tiêu) of the seed fixtures.
//!
//! Every expectation below was written by reading the seed sources
//! (`fixtures/src/*.txt`, `/work/shared/seeds`), not from the program's output.

mod common;
use common::*;
use kehoach::structure::{Metadata, Structure};
use std::sync::{LazyLock, Mutex};

/// Converting a PDF takes a while: every fixture is converted once.
static CACHE: LazyLock<Mutex<Vec<(String, Structure)>>> = LazyLock::new(|| Mutex::new(Vec::new()));

fn structure(stem: &str) -> Structure {
    if let Some((_, s)) = CACHE.lock().unwrap().iter().find(|(k, _)| k == stem) {
        return s.clone();
    }
    let pdf = root().join("fixtures/pdf").join(format!("{stem}.pdf"));
    let s = convert(&pdf).structure;
    CACHE.lock().unwrap().push((stem.to_string(), s.clone()));
    s
}

/// Metadata as hand-written in a test.
struct Meta<'a> {
    doc_type: &'a str,
    number: &'a str,
    number_symbol: &'a str,
    parent_issuer: &'a str,
    issuer: &'a str,
    place: &'a str,
    date: &'a str,
    date_text: &'a str,
    province: &'a str,
    title: &'a str,
    signer_authority: &'a str,
    signer_title: &'a str,
    signer_name: &'a str,
    recipients: &'a [&'a str],
    source: &'a str,
}

/// The pipeline's text normalisation (NFC, one kind of dash and quote,
/// whitespace folded), applied to both sides of a comparison.
fn norm(s: &str) -> String {
    fold_ws(&kehoach::normalize::clean(s))
}

fn check_metadata(stem: &str, got: &Metadata, want: &Meta) -> Vec<String> {
    let mut bad = Vec::new();
    let mut field = |name: &str, g: &str, w: &str| {
        if norm(g) != norm(w) {
            bad.push(format!("{stem}: {name}: got {g:?}, want {w:?}"));
        }
    };
    field("doc_type", &got.doc_type, want.doc_type);
    field("number", &got.number, want.number);
    field("number_symbol", &got.number_symbol, want.number_symbol);
    field("parent_issuer", &got.parent_issuer, want.parent_issuer);
    field("issuer", &got.issuer, want.issuer);
    field("place", &got.place, want.place);
    field("date", &got.date, want.date);
    field("date_text", &got.date_text, want.date_text);
    field("province", &got.province, want.province);
    field("title", &got.title, want.title);
    field(
        "signer_authority",
        &got.signer_authority,
        want.signer_authority,
    );
    field("signer_title", &got.signer_title, want.signer_title);
    field("signer_name", &got.signer_name, want.signer_name);
    field("source", &got.source, want.source);
    let g: Vec<String> = got.recipients.iter().map(|r| norm(r)).collect();
    let w: Vec<String> = want.recipients.iter().map(|r| norm(r)).collect();
    if g != w {
        bad.push(format!("{stem}: recipients: got {g:#?}, want {w:#?}"));
    }
    bad
}

fn assert_no_problems(bad: Vec<String>) {
    assert!(
        bad.is_empty(),
        "{} problem(s):\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// (section_id, heading) of every level-1 and level-2 section, in order.
fn check_headings(stem: &str, s: &Structure, want: &[(&str, &str)]) -> Vec<String> {
    let got: Vec<(String, String)> = s
        .sections
        .iter()
        .filter(|x| x.level <= 2)
        .map(|x| (x.section_id.clone(), norm(&x.heading)))
        .collect();
    let want: Vec<(String, String)> = want.iter().map(|(i, h)| (i.to_string(), norm(h))).collect();
    let mut bad = Vec::new();
    for w in &want {
        if !got.contains(w) {
            bad.push(format!("{stem}: missing heading {w:?}"));
        }
    }
    for g in &got {
        if !want.contains(g) {
            bad.push(format!("{stem}: unexpected heading {g:?}"));
        }
    }
    if bad.is_empty() && got != want {
        bad.push(format!("{stem}: headings out of order: {got:#?}"));
    }
    // Levels agree with the depth of the path.
    for x in &s.sections {
        let depth = x.section_id.split('.').count() as u32;
        if x.level != depth {
            bad.push(format!(
                "{stem}: {} has level {}, path depth {depth}",
                x.section_id, x.level
            ));
        }
    }
    bad
}

/// (type, number, ISO date, issuer) of a citation that must be found.
type Ref<'a> = (&'a str, &'a str, &'a str, &'a str);

fn check_refs(stem: &str, s: &Structure, want: &[Ref]) -> (usize, Vec<String>) {
    let mut bad = Vec::new();
    let mut ok = 0;
    for &(t, n, d, i) in want {
        let Some(r) = s
            .legal_refs
            .iter()
            .find(|r| r.ref_number == n && r.ref_type == t)
        else {
            bad.push(format!("{stem}: citation {t} {n} not found"));
            continue;
        };
        let mut fine = true;
        if r.ref_date != d {
            bad.push(format!(
                "{stem}: {t} {n}: date {:?}, want {d:?}",
                r.ref_date
            ));
            fine = false;
        }
        if norm(&r.ref_issuer) != norm(i) {
            bad.push(format!(
                "{stem}: {t} {n}: issuer {:?}, want {i:?}",
                r.ref_issuer
            ));
            fine = false;
        }
        ok += usize::from(fine);
    }
    // One row per distinct citation.
    let mut keys: Vec<(String, String)> = s
        .legal_refs
        .iter()
        .map(|r| (r.ref_type.clone(), r.ref_number.clone()))
        .filter(|k| !k.1.is_empty())
        .collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    if keys.len() != n {
        bad.push(format!("{stem}: duplicate citation rows"));
    }
    (ok, bad)
}

/// (value, unit, comparator) of the targets of one section and its subsections.
fn check_targets(
    stem: &str,
    s: &Structure,
    section: &str,
    year: Option<u16>,
    want: &[(f64, &str, &str)],
) -> (usize, Vec<String>) {
    let got: Vec<_> = s
        .targets
        .iter()
        .filter(|t| t.section_id == section || t.section_id.starts_with(&format!("{section}.")))
        .collect();
    let mut bad = Vec::new();
    let mut ok = 0;
    if got.len() != want.len() {
        bad.push(format!(
            "{stem}: {section}: {} targets, want {}: {:#?}",
            got.len(),
            want.len(),
            got.iter()
                .map(|t| (
                    t.value,
                    t.unit.as_str(),
                    t.comparator.as_str(),
                    t.text.as_str()
                ))
                .collect::<Vec<_>>()
        ));
    }
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        if (g.value - w.0).abs() > 1e-9 || g.unit != w.1 || g.comparator != w.2 {
            bad.push(format!(
                "{stem}: {section} target {}: got ({}, {:?}, {:?}) in {:?}, want {w:?}",
                k + 1,
                g.value,
                g.unit,
                g.comparator,
                g.text
            ));
        } else {
            ok += 1;
        }
        if g.year != year {
            bad.push(format!(
                "{stem}: {section} target {}: year {:?}, want {year:?}",
                k + 1,
                g.year
            ));
        }
        if g.text.trim().is_empty() {
            bad.push(format!("{stem}: {section} target {}: empty text", k + 1));
        }
    }
    (ok, bad)
}

// ---------------------------------------------------------------- seed 000

const SEED000_META: Meta = Meta {
    doc_type: "Kế hoạch",
    number: "",
    number_symbol: "",
    parent_issuer: "",
    issuer: "Sở Giao thông vận tải tỉnh Hậu Giang",
    place: "",
    date: "",
    date_text: "",
    province: "Hậu Giang",
    title: "Xây dụng Chính quyền điện tử và Chuyển đổi số năm 2024 của Sở Giao thông vận tải",
    signer_authority: "KT. GIÁM ĐỐC",
    signer_title: "PHÓ GIÁM ĐỐC",
    signer_name: "Trịnh Thanh Hùng",
    recipients: &[
        "UBND tỉnh (để b/c)",
        "Sở Nội vụ (để b/c)",
        "Sở TT&TT (để b/c)",
        "Ban Giám đốc Sở",
        "Các phòng, đơn vị (để t/h)",
        "Lưu: VT, VP",
    ],
    source: "closing_sentence",
};

const SEED000_HEADINGS: &[(&str, &str)] = &[
    ("I", "MỤC TIÊU XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ VÀ CHUYỂN ĐỔI SỐ TỈNH HẬU GIANG NĂM 2024"),
    ("I.1", "Mục tiêu chung"),
    ("I.2", "Chỉ tiêu cụ thể"),
    ("II", "NỘI DUNG KẾ HOẠCH"),
    ("II.1", "Nhận thức số"),
    ("II.2", "Thể chế số"),
    ("II.3", "Hạ tầng số"),
    ("II.4", "Dữ liệu số"),
    ("II.5", "Nền tảng số"),
    ("II.6", "Nhân lực số"),
    ("II.7", "An toàn thông tin mạng"),
    ("II.8", "Chính quyền số"),
    ("II.9", "Kinh tế số"),
    ("II.10", "Xã hội số"),
    ("III", "GIẢI PHÁP THỰC HIỆN"),
    ("III.1", "Tiếp tục đẩy mạnh sử dụng dịch vụ công tích hợp một cửa điện tử và các nội dung liên quan theo quy định tại Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính"),
    ("III.2", "Tăng cường tiếp nhận, xử lý hồ sơ trên môi trường mạng, đơn giản hóa hồ sơ, giấy tờ giải quyết thủ tục hành chính của người dân, doanh nghiệp; phấn đấu tăng tỷ lệ phát sinh dịch vụ công toàn trình đối với các dịch vụ công của Sở đã được công bố"),
    ("III.3", "Thường xuyên cải tiến, nâng cấp trang thiết bị cho bộ phận tiếp nhận hồ sơ của Sở tại Trung tâm Phục vụ Hành chính công tỉnh nhằm đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi sở tại Trung tâm"),
    ("III.4", "Tăng cường công tác tuyên truyền, nâng cao nhận thức công chức, viên chức và người dân về vai trò, tầm quan trọng của việc ứng dụng công nghệ thông tin đối với sự nghiệp phát triển kinh tế - xã hội quốc phòng, an ninh tại địa phương; đặc biệt chú trọng tuyên truyền nâng cao nhận thức của người dân về xây dựng Chính quyền điện tử, Chính quyền số"),
    ("III.5", "Phát huy vai trò, trách nhiệm của người đứng đầu trong việc ứng dụng và phát triển công nghệ thông tin"),
    ("III.6", "Tăng cường phát hành văn bản sử dụng chữ ký số, trao đổi thông tin với các cơ quan, đơn vị có liên quan qua môi trường điện tử; đẩy mạnh ứng dụng công nghệ thông tin trong chỉ đạo, điều hành các hoạt động của Sở"),
    ("III.7", "Tiếp tục duy trì và phát huy hiệu quả Hệ thống Quản lý chất lượng của Sở theo tiêu chuẩn TCVN ISO 9001:2015 vào hoạt động hành chính của Sở, đặt biệt là trong công tác cải cách hành chính nhằm giải quyết một cách chính xác, nhanh chóng mang lại sự hài lòng cao đối với tổ chức, cá nhân đến liên hệ công việc với Sở Giao thông vận tải"),
    ("III.8", "Quan tâm đầu tư cho công tác chuyển đổi số của Sở, góp phần thực hiện tốt mục tiêu xây dựng chính quyền điện tử và chuyển đổi số của tỉnh"),
    ("III.9", "Trong quá trình triển khai kế hoạch lồng ghép với thực hiện, đánh giá các chỉ tiêu về cải cách hành chính và cập nhập, điều chỉnh kịp thời theo kế hoạch chuyển đổi số của Sở"),
    ("VI", "KINH PHÍ THỰC HIỆN"),
    ("V", "TỔ CHỨC THỰC HIỆN"),
    ("V.1", "Văn phòng Sở"),
    ("V.2", "Các Phòng, đơn vị trực thuộc"),
];

#[test]
fn seed000_metadata_from_closing_sentence() {
    let s = structure("seed-000");
    let mut bad = check_metadata("seed-000", &s.metadata, &SEED000_META);
    if !s.warnings.iter().any(|w| w.contains("header")) {
        bad.push(format!(
            "seed-000: no warning about the missing header: {:?}",
            s.warnings
        ));
    }
    assert_no_problems(bad);
}

#[test]
fn seed000_outline_keeps_out_of_order_numbers() {
    let s = structure("seed-000");
    let mut bad = check_headings("seed-000", &s, SEED000_HEADINGS);
    // The third-level headings under `2. Chỉ tiêu cụ thể`.
    for (id, h) in [
        ("I.2.1", "Phần mềm dùng chung của tỉnh"),
        ("I.2.2", "Phần mềm của Bộ Giao thông vận tải"),
        ("I.2.3", "Chỉ tiêu khác"),
    ] {
        if !s
            .sections
            .iter()
            .any(|x| x.section_id == id && x.heading == h && x.level == 3)
        {
            bad.push(format!("seed-000: missing level-3 heading {id} {h}"));
        }
    }
    if !s
        .warnings
        .iter()
        .any(|w| w.contains("out of order") && w.contains("VI"))
    {
        bad.push(format!(
            "seed-000: no out-of-order warning: {:?}",
            s.warnings
        ));
    }
    assert_no_problems(bad);
}

/// The `Căn cứ` items and other citations of seed 000.
const SEED000_REFS: &[Ref] = &[
    (
        "Kế hoạch",
        "78/KH-UBND",
        "2021-04-27",
        "UBND tỉnh Hậu Giang",
    ),
    (
        "Kế hoạch",
        "232/KH-UBND",
        "2023-12-28",
        "UBND tỉnh Hậu Giang",
    ),
    (
        "Kế hoạch",
        "28/KH-SGTVT",
        "2021-05-31",
        "Sở Giao thông vận tải tỉnh Hậu Giang",
    ),
    ("Nghị định", "61/2018/NĐ-CP", "2018-04-23", "Chính phủ"),
    ("Nghị định", "42/2022/NĐ-CP", "", ""),
];

#[test]
fn seed000_legal_refs() {
    let s = structure("seed-000");
    assert_no_problems(check_refs("seed-000", &s, SEED000_REFS).1);
}

#[test]
fn seed000_targets_of_chi_tieu_cu_the() {
    let s = structure("seed-000");
    let p = "%";
    let want = [
        (100.0, p, "="),
        (95.0, p, ">"),
        (90.0, p, ">"),
        (100.0, p, "="),
        (100.0, p, "="),
        (100.0, p, "="),
        (95.0, p, ">="),
        (100.0, p, "="),
        (100.0, p, "="),
        (2.0, "tin, bài/tuần", "="),
        (100.0, p, "="),
        (100.0, p, "="),
        (100.0, p, "="),
        (100.0, p, "="),
        (100.0, p, "="),
        (100.0, p, "="),
        (100.0, p, "="),
    ];
    let (_, bad) = check_targets("seed-000", &s, "I.2", Some(2024), &want);
    assert_no_problems(bad);
}

// ---------------------------------------------------------------- seed 001

const SEED001_META: Meta = Meta {
    doc_type: "Kế hoạch",
    number: "04/KH-SGTVT",
    number_symbol: "KH-SGTVT",
    parent_issuer: "UBND TỈNH TUYÊN QUANG",
    issuer: "SỞ GIAO THÔNG VẬN TẢI",
    place: "Tuyên Quang",
    date: "2022-01-14",
    date_text: "ngày 14 tháng 01 năm 2022",
    province: "Tuyên Quang",
    title: "Chuyển đổi số năm 2022 và các năm tiếp theo của Sở Giao thông vận tải tỉnh Tuyên Quang",
    signer_authority: "KT. GIÁM ĐỐC",
    signer_title: "PHÓ GIÁM ĐỐC",
    signer_name: "Trần Văn Sang",
    recipients: &[
        "UBND tỉnh (báo cáo)",
        "Sở Thông tin và Truyền thông (tổng hợp)",
        "Ban chỉ đạo chuyển đổi số",
        "Giám đốc Sở (báo cáo)",
        "Các Phó Giám đốc Sở (chỉ đạo)",
        "Các phòng, ban, đơn vị trực thuộc Sở (thực hiện)",
        "Lưu: VT, VP",
    ],
    source: "header",
};

const SEED001_HEADINGS: &[(&str, &str)] = &[
    ("I", "ĐÁNH GIÁ HIỆN TRẠNG CHUYỂN ĐỔI SỐ CỦA ĐƠN VỊ"),
    ("I.1", "Môi trường pháp lý"),
    ("I.2", "Hạ tầng kỹ thuật"),
    ("I.3", "Dữ liệu hiện trạng ngành Giao thông vận tải"),
    ("I.4", "Các ứng dụng, dịch vụ đang triển khai tại Sở"),
    ("I.5", "Nguồn nhân lực"),
    ("I.6", "An toàn thông tin"),
    ("I.7", "Khó khăn, hạn chế"),
    ("I.8", "Đề xuất, kiến nghị"),
    (
        "II",
        "NỘI DUNG KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2022 VÀ CÁC NĂM TIẾP THEO",
    ),
    ("II.1", "Căn cứ lập kế hoạch"),
    ("II.2", "Mục tiêu tổng quát"),
    ("II.3", "Mục tiêu cụ thể"),
    ("II.4", "Nhiệm vụ, giải pháp thực hiện"),
    ("II.5", "Danh mục các nhiệm vụ thực hiện Chuyển đổi số"),
    ("II.6", "Kinh phí thực hiện"),
    ("II.7", "Tổ chức thực hiện"),
];

/// Deeper headings of seed 001: (section_id, level, heading).
const SEED001_DEEP: &[(&str, u32, &str)] = &[
    ("I.4.1", 3, "Ứng dụng CNTT trong hoạt động nội bộ"),
    (
        "I.4.2",
        3,
        "Ứng dụng, dịch vụ CNTT phục vụ người dân và doanh nghiệp",
    ),
    (
        "I.4.2.1",
        4,
        "Ứng dụng CNTT để công bố, công khai thông tin, kết quả giải quyết thủ tục hành chính",
    ),
    ("I.4.2.2", 4, "Cung cấp dịch vụ công trực tuyến"),
    ("II.3.1", 3, "Mục tiêu năm 2022"),
    ("II.3.2", 3, "Mục tiêu đến năm 2025"),
    ("II.3.3", 3, "Mục tiêuđến năm 2030"),
    ("II.4.1", 3, "Môi trường chính sách"),
    ("II.4.7", 3, "Một số giải pháp khác"),
    ("II.7.1", 3, "Văn phòngsở"),
    ("II.7.2", 3, "Phòng kế hoạch – tài chính"),
    ("II.7.3", 3, "Các phòng, ban, đơn vị trực thuộc Sở"),
];

/// Every citation of the `Căn cứ` paragraphs (I.1) and of `1. Căn cứ lập kế
/// hoạch` (II.1) of seed 001.
const SEED001_CAN_CU: &[Ref] = &[
    (
        "Quyết định",
        "749/QĐ-TTg",
        "2020-06-03",
        "Thủ tướng Chính phủ",
    ),
    (
        "Quyết định",
        "942/QĐ-TTg",
        "2021-06-15",
        "Thủ tướng Chính phủ",
    ),
    (
        "Nghị quyết",
        "48-NQ/TU",
        "2021-11-15",
        "Ban Chấp hành Đảng bộ tỉnh",
    ),
    ("Kế hoạch", "222/KH-UBND", "2021-12-17", ""),
    ("Kế hoạch", "204/KH-UBND", "2021-11-25", "UBND tỉnh"),
    (
        "Công văn",
        "1193/STTTT-CNTT&BCVT",
        "2021-12-06",
        "Sở Thông tin và Truyền thông",
    ),
    (
        "Thông báo",
        "02/TB-UBND",
        "2022-01-07",
        "Ủy ban nhân dân tỉnh",
    ),
    ("Luật", "", "2006-06-29", ""),
    // `(khóa XVII)` (the committee's term) is part of the issuer's name.
    (
        "Nghị quyết",
        "33-NQ/TU",
        "2021-06-22",
        "Ban Chấp hành Đảng bộ tỉnh (khóa XVII)",
    ),
    ("Nghị định", "45/2020/NĐ-CP", "2020-04-08", "Chính phủ"),
    ("Nghị quyết", "17/NQ-CP", "2019-03-09", "Chính phủ"),
    ("Nghị quyết", "50/NQ-CP", "2020-04-17", "Chính phủ"),
    ("Nghị quyết", "52-NQ/TW", "", ""),
    (
        "Quyết định",
        "2323/BTTTT-THH",
        "2019-12-31",
        "Bộ trưởng Bộ Thông tin và Truyền thông",
    ),
    ("Quyết định", "464/QĐ-UBND", "2017-12-27", ""),
    (
        "Quyết định",
        "559/QĐ-UBND",
        "2021-09-10",
        "Ủy ban nhân dân tỉnh",
    ),
    (
        "Quyết định",
        "603/QĐ-UBND",
        "2021-09-30",
        "Ủy ban nhân dân tỉnh",
    ),
    (
        "Kế hoạch",
        "44/KH-UBND",
        "2019-04-08",
        "Ủy ban nhân dân tỉnh",
    ),
    (
        "Kế hoạch",
        "13/KH-UBND",
        "2021-01-21",
        "Ủy ban nhân dân tỉnh",
    ),
    (
        "Kế hoạch",
        "65/KH-UBND",
        "2021-04-29",
        "Ủy ban nhân dân tỉnh",
    ),
    (
        "Quyết định",
        "468/QĐ-TTg",
        "2021-03-27",
        "Thủ tướng Chính phủ",
    ),
    (
        "Kế hoạch",
        "116/KH-UBND",
        "2021-07-28",
        "Ủy ban nhân dân tỉnh",
    ),
];

/// Citations in the running text of seed 001 (not in a căn cứ list).
const SEED001_RUNNING: &[Ref] = &[
    ("Nghị định", "43/2011/NĐ-CP", "2011-06-13", "Chính phủ"),
    (
        "Quyết định",
        "28/2018/QĐ-TTg",
        "2018-07-12",
        "Thủ tướng Chính phủ",
    ),
    (
        "Thông tư",
        "32/2017/TT-BTTTT",
        "2017-11-15",
        "Bộ Thông tin và Truyền thông",
    ),
    (
        "Quyết định",
        "246/QĐ-UBND",
        "2019-07-09",
        "Ủy ban nhân dân tỉnh",
    ),
    (
        "Quyết định",
        "45/2016/QĐ-TTg",
        "2016-10-19",
        "Thủ tướng Chính phủ",
    ),
];

#[test]
fn seed001_metadata() {
    let s = structure("seed-001");
    assert_no_problems(check_metadata("seed-001", &s.metadata, &SEED001_META));
}

#[test]
fn seed001_outline() {
    let s = structure("seed-001");
    let mut bad = check_headings("seed-001", &s, SEED001_HEADINGS);
    for &(id, level, h) in SEED001_DEEP {
        if !s
            .sections
            .iter()
            .any(|x| x.section_id == id && x.level == level && norm(&x.heading) == norm(h))
        {
            bad.push(format!("seed-001: missing {id} (level {level}) {h:?}"));
        }
    }
    assert_no_problems(bad);
}

#[test]
fn seed001_legal_refs() {
    let s = structure("seed-001");
    let (_, mut bad) = check_refs("seed-001", &s, SEED001_CAN_CU);
    let (_, more) = check_refs("seed-001", &s, SEED001_RUNNING);
    bad.extend(more);
    // The two laws cited without a number are two rows, told apart by name.
    let laws: Vec<_> = s
        .legal_refs
        .iter()
        .filter(|r| r.ref_type == "Luật")
        .collect();
    if laws.len() != 2 || !laws.iter().any(|r| r.ref_date == "2015-11-19") {
        bad.push(format!("seed-001: laws: {laws:#?}"));
    }
    // The typo `Quvết định` is read as a Quyết định, found in section I.1.
    match s.legal_refs.iter().find(|r| r.ref_number == "942/QĐ-TTg") {
        Some(r) if r.section_id == "I.1" && r.page == 1 => {}
        r => bad.push(format!("seed-001: 942/QĐ-TTg first seen at {r:?}")),
    }
    assert_no_problems(bad);
}

#[test]
fn seed001_targets() {
    let s = structure("seed-001");
    let p = "%";
    let (_, mut bad) = check_targets(
        "seed-001",
        &s,
        "II.3.2",
        Some(2025),
        &[(60.0, p, "="), (80.0, p, "="), (80.0, p, "=")],
    );
    let (_, more) = check_targets(
        "seed-001",
        &s,
        "II.3.3",
        Some(2030),
        &[(100.0, p, "="), (100.0, p, "="), (100.0, p, "=")],
    );
    bad.extend(more);
    let (_, more) = check_targets(
        "seed-001",
        &s,
        "II.6",
        Some(2022),
        &[(53.7, "tỷ đồng", "=")],
    );
    bad.extend(more);
    // Section I assesses the present state: its percentages are no targets.
    let (_, more) = check_targets("seed-001", &s, "I", None, &[]);
    bad.extend(more);
    assert_no_problems(bad);
}

// ---------------------------------------------------------------- seed 002

const SEED002_META: Meta = Meta {
    doc_type: "Kế hoạch",
    // `Số:         /KH-STP`: the number is left blank for the hand.
    number: "",
    number_symbol: "KH-STP",
    parent_issuer: "UBND TỈNH HẬU GIANG",
    issuer: "SỞ TƯ PHÁP",
    place: "Hậu Giang",
    date: "",
    date_text: "ngày tháng 10 năm 2024",
    province: "Hậu Giang",
    title: "Triển khai thực hiện Kế hoạch số 190/KH-UBND ngày 14 tháng 10 năm 2024 của UBND tỉnh Hậu Giang triển khai Đề án chuyển đổi số đến hết năm 2025 trên địa bàn tỉnh Hậu Giang",
    signer_authority: "KT. GIÁM ĐỐC",
    signer_title: "PHÓ GIÁM ĐỐC",
    signer_name: "Trần Phượng Quyên",
    recipients: &[
        "VP. UBND tỉnh",
        "Sở Thông tin và Truyền thông",
        "Ban Giám đốc Sở",
        "Các Phòng, Trung tâm thuộc Sở",
        "Lưu: VT, VP",
    ],
    source: "header",
};

const SEED002_HEADINGS: &[(&str, &str)] = &[
    ("I", "CĂN CỨ LẬP KẾ HOẠCH"),
    ("I.1", "Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ phê duyệt Chương trình chuyển đổi số quốc gia đến năm 2025, định hướng năm 2030"),
    ("I.2", "Quyết định số 942/QĐ-TTg ngày 15 tháng 6 năm 2021 của Thủ tướng Chính phủ phê duyệt Chiến lược phát triển Chính phủ điện tử hướng tới Chính phủ số giai đoạn 2021 - 2025, định hướng đến năm 2030"),
    ("I.3", "Quyết định số 411/QĐ-TTg ngày 31 tháng 3 tháng 2022 của Thủ tướng Chính phủ phê duyệt Chiến lược quốc gia phát triển kinh tế số và xã hội số đến năm 2025, định hướng đến năm 2030"),
    ("I.4", "Quyết định số 964/QĐ-TTg ngày 10 tháng 8 năm 2022 của Thủ tướng Chính phủ phê duyệt Chiến lược An toàn, An ninh mạng quốc gia, chủ động ứng phó với các thách thức từ không gian mạng đến năm 2025, tầm nhìn 2030"),
    ("I.5", "Chỉ thị số 34/CT-TTg ngày 16 tháng 9 năm 2024 của Thủ tướng Chính phủ về việc xây dựng đề án chuyển đổi số của các bộ, ngành, địa phương"),
    ("I.6", "Công văn số 3816/BTTTT-CĐSQG ngày 16 tháng 9 năm 2024 của Bộ Thông tin và Truyền thông về việc hướng dẫn các bộ, ngành, địa phương xây dựng Kế hoạch Chuyển đổi số năm 2025"),
    ("I.7", "Nghị quyết số 25/2020/NQ-HĐND ngày 04 tháng 12 năm 2020 của Hội đồng nhân dân tỉnh Hậu Giang thông qua Đề án xây dựng Chính quyền điện tử và đô thị thông minh tỉnh Hậu Giang giai đoạn 2020 - 2025"),
    ("I.8", "Kế hoạch số 78/KH-UBND ngày 27 tháng 4 năm 2021 của UBND tỉnh Hậu Giang xây dựng Chính quyền điện tử, đô thị thông minh và chuyển đổi số giai đoạn 2021 - 2025"),
    ("I.9", "Kế hoạch số 207/KH-UBND ngày 17 tháng 10 năm 2023 của UBND tỉnh Hậu Giang về phát triển hạ tầng số trên địa bàn tỉnh Hậu Giang giai đoạn 2023 - 2025"),
    ("I.10", "Kế hoạch số 190/KH-UBND ngày 14 tháng 10 năm 2024 của UBND tỉnh Hậu Giang triển khai Đề án chuyển đổi số đến hết năm 2025 trên địa bàn tỉnh Hậu Giang"),
    ("II", "MỤC TIÊU, CHỈ TIÊU"),
    ("II.1", "Mục tiêu"),
    ("II.2", "Chỉ tiêu"),
    ("III", "NHIỆM VỤ"),
    ("III.1", "Tăng cường công tác lãnh đạo, chỉ đạo, điều hành; kiểm tra, giám sát hoạt động chuyển đổi số"),
    ("III.2", "Thể chế, chính sách số"),
    ("III.3", "Hạ tầng số"),
    ("III.4", "Nhân lực số"),
    ("III.5", "Dữ liệu số"),
    ("III.6", "An toàn thông tin mạng"),
    ("III.7", "Chính quyền số"),
    ("III.8", "Nâng cao nhận thức, tuyên truyền, truyền thông và các giải pháp khác đẩy mạnh chuyển đổi số, đảm bảo an toàn thông tin"),
    ("IV", "GIẢI PHÁP THỰC HIỆN"),
    ("IV.1", "Đẩy mạnh tuyên truyền, nâng cao nhận thức về kỹ năng số, tăng cường tương tác với người dân và doanh nghiệp, tuyên truyền các chuyên đề, kỹ năng cơ bản về an toàn thông tin cho công chức, viên chức, người lao động đơn vị cũng như người dân thông qua các kênh thông tin của Sở Tư pháp như"),
    ("IV.2", "Đa dạng hình thức thông tin, tuyên truyền nhằm nâng cao nhận thức về vai trò, hiệu quả của việc ứng dụng CNTT, chuyển đổi số; khuyến khích người dân, doanh nghiệp tham gia các hoạt động cung cấp, trao đổi thông tin qua mạng, đặc biệt là sử dụng Cổng dịch vụ công, dịch vụ công trực tuyến"),
    ("IV.3", "Tiếp tục quan tâm đầu tư, nâng cấp hạ tầng kỹ thuật đảm bảo ứng dụng CNTT trong nội bộ cơ quan; trang thiết bị CNTT; hệ thống mạng nội bộ; mạng Internet tốc độ cao đảm bảo các điều kiện cần thiết sẵn sàng thực hiện kết nối, triển khai các ứng dụng CNTT trong cơ quan, hướng tới hình thành hạ tầng số cho Chính quyền điện tử, Chính quyền số tỉnh Hậu Giang"),
    ("IV.4", "Duy trì và tăng cường các biện pháp đảm bảo an toàn an ninh thông tin tại đơn vị; triển khai Phương án bảo đảm an toàn thông tin đối với hệ thống thông tin đã được Sở Thông tin và Truyền thông phê duyệt"),
    ("IV.5", "Tăng cường tập huấn, nâng cao kỹ năng nghiệp vụ cho công chức, viên chức tại đơn vị đáp ứng yêu cầu chuyển đổi số"),
    ("V", "TỔ CHỨC THỰC HIỆN"),
    ("V.1", "Lãnh đạo các Phòng, Trung tâm thuộc Sở có trách nhiệm triển khai Kế hoạch này đến toàn thể công chức, viên chức, người lao động thuộc đơn vị và tích cực tham mưu, ứng dụng CNTT trong thực hiện nhiệm vụ được giao; theo chức năng, nhiệm vụ tham mưu lãnh đạo Sở thực hiện hoàn thành các chỉ tiêu, nhiệm vụ đề ra theo Kế hoạch"),
    ("V.2", "Chánh Văn phòng Sở Tư pháp chủ trì, phối hợp với Thủ trưởng các đơn vị thuộc Sở theo dõi, đôn đốc việc triển khai thực hiện Kế hoạch này, kịp thời báo cáo với lãnh đạo Sở các vấn đề phát sinh để xem xét, giải quyết"),
];

/// The ten `Căn cứ` items (section I) of seed 002, and the other citations.
const SEED002_CAN_CU: &[Ref] = &[
    (
        "Quyết định",
        "749/QĐ-TTg",
        "2020-06-03",
        "Thủ tướng Chính phủ",
    ),
    (
        "Quyết định",
        "942/QĐ-TTg",
        "2021-06-15",
        "Thủ tướng Chính phủ",
    ),
    (
        "Quyết định",
        "411/QĐ-TTg",
        "2022-03-31",
        "Thủ tướng Chính phủ",
    ),
    (
        "Quyết định",
        "964/QĐ-TTg",
        "2022-08-10",
        "Thủ tướng Chính phủ",
    ),
    ("Chỉ thị", "34/CT-TTg", "2024-09-16", "Thủ tướng Chính phủ"),
    (
        "Công văn",
        "3816/BTTTT-CĐSQG",
        "2024-09-16",
        "Bộ Thông tin và Truyền thông",
    ),
    (
        "Nghị quyết",
        "25/2020/NQ-HĐND",
        "2020-12-04",
        "Hội đồng nhân dân tỉnh Hậu Giang",
    ),
    (
        "Kế hoạch",
        "78/KH-UBND",
        "2021-04-27",
        "UBND tỉnh Hậu Giang",
    ),
    (
        "Kế hoạch",
        "207/KH-UBND",
        "2023-10-17",
        "UBND tỉnh Hậu Giang",
    ),
    (
        "Kế hoạch",
        "190/KH-UBND",
        "2024-10-14",
        "UBND tỉnh Hậu Giang",
    ),
];
const SEED002_RUNNING: &[Ref] = &[("Kế hoạch", "210/KH-UBND", "2023-10-27", "UBND tỉnh")];

#[test]
fn seed002_metadata() {
    let s = structure("seed-002");
    assert_no_problems(check_metadata("seed-002", &s.metadata, &SEED002_META));
}

#[test]
fn seed002_outline() {
    let s = structure("seed-002");
    let mut bad = check_headings("seed-002", &s, SEED002_HEADINGS);
    for id in ["II.1.a", "II.1.d", "II.2.đ", "II.2.e", "III.7.e"] {
        if !s
            .sections
            .iter()
            .any(|x| x.section_id == id && x.level == 3)
        {
            bad.push(format!("seed-002: missing level-3 section {id}"));
        }
    }
    assert_no_problems(bad);
}

#[test]
fn seed002_legal_refs() {
    let s = structure("seed-002");
    let (_, mut bad) = check_refs("seed-002", &s, SEED002_CAN_CU);
    bad.extend(check_refs("seed-002", &s, SEED002_RUNNING).1);
    for (n, sec) in [
        ("749/QĐ-TTg", "I.1"),
        ("25/2020/NQ-HĐND", "I.7"),
        ("210/KH-UBND", "III.5.b"),
    ] {
        match s.legal_refs.iter().find(|r| r.ref_number == n) {
            Some(r) if r.section_id == sec => {}
            r => bad.push(format!(
                "seed-002: {n}: section {:?}, want {sec}",
                r.map(|r| &r.section_id)
            )),
        }
    }
    assert_no_problems(bad);
}

#[test]
fn seed002_targets_of_chi_tieu() {
    let s = structure("seed-002");
    let p = "%";
    let want = [
        (95.0, p, ">="),
        (60.0, p, ">="),
        (100.0, p, "="),
        (90.0, p, "="),
        (90.0, p, "="),
        (100.0, p, "="),
        (100.0, p, "="),
    ];
    let (_, bad) = check_targets("seed-002", &s, "II.2", Some(2025), &want);
    assert_no_problems(bad);
}

#[test]
fn seed002_variants_agree() {
    let base = structure("seed-002");
    let mut bad = Vec::new();
    for stem in ["seed-002-nfd", "seed-002-reportlab"] {
        let s = structure(stem);
        bad.extend(check_metadata(stem, &s.metadata, &SEED002_META));
        bad.extend(check_headings(stem, &s, SEED002_HEADINGS));
        let ids = |s: &Structure| -> Vec<(String, u32, String)> {
            s.sections
                .iter()
                .map(|x| (x.section_id.clone(), x.level, fold_ws(&x.heading)))
                .collect()
        };
        if ids(&s) != ids(&base) {
            bad.push(format!("{stem}: outline differs from seed-002.pdf"));
        }
        // The same fields; where they were read differs with the typesetting.
        let fields = |m: &Metadata| Metadata {
            provenance: Default::default(),
            ..m.clone()
        };
        if fields(&s.metadata) != fields(&base.metadata) {
            bad.push(format!("{stem}: metadata differs from seed-002.pdf"));
        }
    }
    assert_no_problems(bad);
}

// ---------------------------------------------------------------- seed 004

const SEED004_META: Meta = Meta {
    doc_type: "Kế hoạch",
    number: "",
    number_symbol: "",
    parent_issuer: "",
    issuer: "Sở Giao thông vận tải",
    place: "",
    date: "",
    date_text: "",
    province: "Đắk Nông",
    title: "Cải thiện Chỉ số mức độ chuyển đổi số (DTI) năm 2024 của Sở Giao thông vận tải",
    signer_authority: "",
    signer_title: "GIÁM ĐỐC",
    signer_name: "Nguyễn Nhân Bản",
    recipients: &[
        "GD, các PGD Sở GTVT",
        "Các Phòng, ban thuộc Sở (th/h)",
        "Lưu: VT, VP(L)",
    ],
    source: "closing_sentence",
};

const SEED004_HEADINGS: &[(&str, &str)] = &[
    (
        "I",
        "KẾ HOẠCH CẢI THIỆN CHỈ SỐ MỨC ĐỘ CHUYỂN ĐỔI SỐ (DTI) NĂM 2024",
    ),
    ("I.1", "Cơ sở pháp lý"),
    ("I.2", "Mục tiêu, yêu cầu"),
    ("I.3", "Nội dung nhiệm vụ"),
    ("II", "TỔ CHỨC THỰC HIỆN"),
    (
        "II.1",
        "Trưởng các phòng, ban tập trung chỉ đạo, triển khai thực hiện các nội dung sau đây",
    ),
    ("II.2", "Giao Văn phòng Sở"),
];

const SEED004_REFS: &[Ref] = &[
    ("Quyết định", "401/QĐ-UBND", "2024-04-05", "UBND tỉnh"),
    (
        "Quyết định",
        "1552/QĐ-UBND",
        "2022-09-19",
        "UBND tỉnh Đắk Nông",
    ),
    (
        "Quyết định",
        "709/QĐ-SGTVT",
        "2022-11-22",
        "Sở Giao thông Vận tải tỉnh Đắk Nông",
    ),
    (
        "Quyết định",
        "1553/QĐ-UBND",
        "2023-11-17",
        "UBND tỉnh Đắk Nông",
    ),
    (
        "Kế hoạch",
        "51/KH-SGTVT",
        "2024-03-29",
        "Sở Giao thông vận tải",
    ),
];

#[test]
fn seed004_metadata_from_closing_sentence() {
    let s = structure("seed-004");
    let mut bad = check_metadata("seed-004", &s.metadata, &SEED004_META);
    if !s.warnings.iter().any(|w| w.contains("header")) {
        bad.push(format!(
            "seed-004: no warning about the missing header: {:?}",
            s.warnings
        ));
    }
    assert_no_problems(bad);
}

#[test]
fn seed004_outline() {
    let s = structure("seed-004");
    let mut bad = check_headings("seed-004", &s, SEED004_HEADINGS);
    for (id, h) in [("I.2.a", "Mục đích"), ("I.2.b", "Yêu cầu")] {
        if !s
            .sections
            .iter()
            .any(|x| x.section_id == id && x.heading == h && x.level == 3)
        {
            bad.push(format!("seed-004: missing level-3 heading {id} {h}"));
        }
    }
    // The appendix table's STT cells (`1`, `1.1`, `1.2.1`) are no headings.
    if s.sections.len() != 9 {
        bad.push(format!("seed-004: {} sections, want 9", s.sections.len()));
    }
    assert_no_problems(bad);
}

#[test]
fn seed004_legal_refs() {
    let s = structure("seed-004");
    assert_no_problems(check_refs("seed-004", &s, SEED004_REFS).1);
}

// ---------------------------------------------------------------- tasks-2024

#[test]
fn tasks2024_metadata() {
    let s = structure("tasks-2024");
    let want = Meta {
        doc_type: "Kế hoạch",
        number: "15/KH-STTTT",
        number_symbol: "KH-STTTT",
        parent_issuer: "UBND TỈNH HẬU GIANG",
        issuer: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        place: "Hậu Giang",
        date: "2024-01-25",
        date_text: "ngày 25 tháng 01 năm 2024",
        province: "Hậu Giang",
        title: "Chuyển đổi số năm 2024 của Sở Thông tin và Truyền thông tỉnh Hậu Giang",
        signer_authority: "KT. GIÁM ĐỐC",
        signer_title: "PHÓ GIÁM ĐỐC",
        signer_name: "Lê Minh Tâm",
        recipients: &[
            "UBND tỉnh (để b/c)",
            "Ban Chỉ đạo chuyển đổi số tỉnh",
            "Các sở, ban, ngành tỉnh",
            "UBND các huyện, thị xã, thành phố",
            "Ban Giám đốc Sở",
            "Lưu: VT, CĐS",
        ],
        source: "header",
    };
    let mut bad = check_metadata("tasks-2024", &s.metadata, &want);
    let want_h: &[(&str, &str)] = &[
        ("I", "MỤC ĐÍCH, YÊU CẦU"),
        ("I.1", "Mục đích"),
        ("I.2", "Yêu cầu"),
        ("II", "CHỈ TIÊU"),
        ("II.1", "100% văn bản đi của Sở (trừ văn bản mật) được ký số và gửi, nhận qua môi trường mạng"),
        ("II.2", "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận và xử lý trực tuyến toàn trình đạt trên 80%"),
        ("II.3", "Chỉ số đánh giá mức độ chuyển đổi số (DTI) của tỉnh năm 2024 tăng ít nhất 03 bậc so với năm 2023"),
        ("III", "NHIỆM VỤ"),
        ("IV", "KINH PHÍ THỰC HIỆN"),
        ("V", "TỔ CHỨC THỰC HIỆN"),
        ("V.1", "Phòng Chuyển đổi số là đầu mối theo dõi, đôn đốc, tổng hợp kết quả thực hiện Kế hoạch; định kỳ hàng quý báo cáo Giám đốc Sở"),
        ("V.2", "Văn phòng Sở, các phòng chuyên môn và Trung tâm Công nghệ thông tin và Truyền thông căn cứ nhiệm vụ được giao tại Phụ lục chủ động triển khai thực hiện, bảo đảm đúng tiến độ"),
    ];
    bad.extend(check_headings("tasks-2024", &s, want_h));
    let refs: &[Ref] = &[
        (
            "Quyết định",
            "749/QĐ-TTg",
            "2020-06-03",
            "Thủ tướng Chính phủ",
        ),
        (
            "Quyết định",
            "942/QĐ-TTg",
            "2021-06-15",
            "Thủ tướng Chính phủ",
        ),
        (
            "Kế hoạch",
            "78/KH-UBND",
            "2021-04-27",
            "UBND tỉnh Hậu Giang",
        ),
        (
            "Kế hoạch",
            "232/KH-UBND",
            "2023-12-28",
            "UBND tỉnh Hậu Giang",
        ),
    ];
    bad.extend(check_refs("tasks-2024", &s, refs).1);
    let (_, more) = check_targets(
        "tasks-2024",
        &s,
        "II",
        Some(2024),
        &[(100.0, "%", "="), (80.0, "%", ">"), (3.0, "bậc", ">=")],
    );
    bad.extend(more);
    assert_no_problems(bad);
}

/// Not an assertion: prints the measured numbers for the report.
#[test]
fn report_counts() {
    let mut lines = Vec::new();
    type Heading<'a> = (&'a str, &'a str);
    let seeds: [(&str, &[Heading], &[Ref]); 4] = [
        ("seed-000", SEED000_HEADINGS, SEED000_REFS),
        ("seed-001", SEED001_HEADINGS, SEED001_CAN_CU),
        ("seed-002", SEED002_HEADINGS, SEED002_CAN_CU),
        ("seed-004", SEED004_HEADINGS, SEED004_REFS),
    ];
    for (stem, heads, refs) in seeds {
        let s = structure(stem);
        let got: Vec<(String, String)> = s
            .sections
            .iter()
            .filter(|x| x.level <= 2)
            .map(|x| (x.section_id.clone(), norm(&x.heading)))
            .collect();
        let found = heads
            .iter()
            .filter(|(i, h)| got.contains(&(i.to_string(), norm(h))))
            .count();
        let (ok, _) = check_refs(stem, &s, refs);
        lines.push(format!(
            "{stem}: headings {found}/{} (got {}), refs {ok}/{} (rows {}), targets {}",
            heads.len(),
            got.len(),
            refs.len(),
            s.legal_refs.len(),
            s.targets.len()
        ));
    }
    eprintln!("{}", lines.join("\n"));
}

// ------------------------------------------------------ field provenance

/// The text poppler's `pdftotext` finds inside `bbox` (1 pt margin) on
/// `page`, whitespace folded; None without pdftotext.
fn text_in_box(pdf: &std::path::Path, page: u32, bbox: [f32; 4]) -> Option<String> {
    let [x0, y0, x1, y1] = bbox;
    let p = page.to_string();
    let n = |v: f32| format!("{}", v.round() as i64);
    let out = std::process::Command::new("pdftotext")
        .args(["-f", &p, "-l", &p, "-x", &n(x0 - 1.0), "-y", &n(y0 - 1.0)])
        .args(["-W", &n(x1 - x0 + 2.0), "-H", &n(y1 - y0 + 2.0)])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| fold_ws(&String::from_utf8_lossy(&out.stdout)))
}

/// Every header field of two seed fixtures points at the lines it was read
/// from: the text poppler finds in the recorded box on the recorded page
/// holds the field's value (the number, the date as printed, the issuer,
/// the title, the signer), and the signature is on the last page.
#[test]
fn header_fields_point_at_their_lines() {
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        skip("pdftotext (poppler-utils) not installed");
        return;
    }
    let mut bad = Vec::new();
    for (stem, last_page) in [("tasks-2024", 2), ("seed-002", 5)] {
        let m = structure(stem).metadata;
        let pdf = root().join("fixtures/pdf").join(format!("{stem}.pdf"));
        let fields = [
            ("number", m.number.clone()),
            ("date", m.date_text.clone()),
            ("place", m.place.clone()),
            ("parent_issuer", m.parent_issuer.clone()),
            ("issuer", m.issuer.clone()),
            ("doc_type", m.doc_type.to_uppercase()),
            ("title", m.title.clone()),
            ("signer_title", m.signer_title.clone()),
            ("signer_name", m.signer_name.clone()),
        ];
        for (field, value) in fields {
            let Some(at) = m.provenance.get(field) else {
                bad.push(format!("{stem}: no provenance for {field}"));
                continue;
            };
            let Some(bbox) = at.bbox else {
                bad.push(format!("{stem}: {field} has no box"));
                continue;
            };
            let seen = text_in_box(&pdf, at.page, bbox).unwrap_or_default();
            if !seen
                .to_lowercase()
                .contains(&fold_ws(&value).to_lowercase())
            {
                bad.push(format!(
                    "{stem}: {field} `{value}` not in its box on page {}: `{seen}`",
                    at.page
                ));
            }
        }
        for field in ["signer_name", "signer_title", "recipients"] {
            let page = m.provenance.get(field).map(|a| a.page);
            if page != Some(last_page) {
                bad.push(format!("{stem}: {field} on page {page:?}, not {last_page}"));
            }
        }
        // Nothing derived is given a place.
        if m.provenance.contains_key("province") {
            bad.push(format!("{stem}: province has a provenance"));
        }
    }
    assert_no_problems(bad);
}
