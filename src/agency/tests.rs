use super::*;
use crate::vn::fold_key;

/// Lead/partner cells of a fixture source table: (stt, lead, partner).
fn fixture_cells(
    src: &str,
    lead_col: usize,
    partner_col: Option<usize>,
) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut in_table = false;
    for line in src.lines() {
        if line.starts_with("@table") {
            in_table = true;
            continue;
        }
        if line.starts_with("@end") {
            in_table = false;
            continue;
        }
        if !in_table || line.starts_with('@') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| {
            cols.get(i)
                .map(|s| s.replace("\\n", "\n"))
                .unwrap_or_default()
        };
        let lead = get(lead_col);
        let partner = partner_col.map(get).unwrap_or_default();
        if lead.is_empty() && partner.is_empty() {
            continue;
        }
        out.push((cols[0].to_string(), lead, partner));
    }
    out
}

const TASKS_2024: &str = include_str!("../../fixtures/src/tasks-2024.txt");
const SEED_004: &str = include_str!("../../fixtures/src/seed-004.txt");

const TT: &str = "Sở Thông tin và Truyền thông";
const SBN: &str = "Các sở, ban, ngành tỉnh";
const HUYEN: &str = "Ủy ban nhân dân cấp huyện";
const VPS: &str = "Văn phòng Sở";
const PBTT: &str = "Các phòng, ban trực thuộc";
const KHTC: &str = "Phòng Kế hoạch - Tài chính";

fn names(v: &[Agency]) -> Vec<&str> {
    v.iter().map(|a| a.canonical.as_str()).collect()
}

/// Every lead/partner cell of the task fixture, canonicalised as a person
/// would: (stt, lead, partners).
#[test]
fn tasks_2024_every_cell() {
    #[rustfmt::skip]
    let expected: &[(&str, &[&str], &[&str])] = &[
        ("1", &[TT], &["Báo tỉnh", "Đài Phát thanh và Truyền hình tỉnh"]),
        ("2", &[TT], &[SBN, HUYEN]),
        ("3", &[TT], &[SBN]),
        ("4", &[TT], &[]),
        ("5", &[TT], &[SBN, HUYEN]),
        ("6", &[TT], &["Văn phòng Ủy ban nhân dân tỉnh", "Sở Nội vụ"]),
        ("7", &[TT], &["Sở Tư pháp"]),
        ("8", &[TT], &[SBN, HUYEN]),
        ("9", &[TT], &["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]),
        ("10", &[TT], &[HUYEN, "Bưu điện tỉnh"]),
        ("11", &["Các doanh nghiệp viễn thông"], &[TT, HUYEN]),
        ("12", &[TT], &[]),
        ("13", &[TT], &["Sở Nội vụ", "Sở Tài nguyên và Môi trường", "Sở Kế hoạch và Đầu tư", "Sở Lao động - Thương binh và Xã hội"]),
        ("14", &[TT], &[SBN]),
        ("15", &["Văn phòng Ủy ban nhân dân tỉnh"], &[SBN, HUYEN]),
        ("16", &["Sở Kế hoạch và Đầu tư"], &[TT, "Sở Tài chính"]),
        ("17", &[TT], &["Công an tỉnh", "Sở Giáo dục và Đào tạo", "Sở Y tế", HUYEN]),
        ("18", &[TT], &[]),
        ("19", &[TT], &[HUYEN]),
        ("20", &[SBN], &[TT]),
        ("21", &[TT], &["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Các doanh nghiệp viễn thông"]),
        ("22", &[TT], &[]),
        ("23", &["Sở Nội vụ"], &[TT]),
        ("24", &[TT], &[HUYEN]),
        ("25", &[SBN], &["Sở Nội vụ"]),
        ("26", &["Văn phòng Ủy ban nhân dân tỉnh"], &[SBN]),
        ("27", &[TT], &["Ngân hàng Nhà nước chi nhánh tỉnh", "Sở Giáo dục và Đào tạo", "Sở Y tế"]),
        ("28", &["Sở Công Thương"], &[TT, "Sở Nông nghiệp và Phát triển nông thôn"]),
        ("29", &["Sở Giáo dục và Đào tạo", "Sở Y tế"], &[TT]),
        ("30", &[TT], &[SBN, HUYEN]),
    ];
    let cells = fixture_cells(TASKS_2024, 2, Some(3));
    assert_eq!(cells.len(), 30);
    let mut idx = AgencyIndex::new(Canonicalizer::new());
    for ((stt, lead, partner), (estt, elead, epart)) in cells.iter().zip(expected) {
        assert_eq!(stt, estt);
        let t = idx.add_task("tasks-2024", lead, partner, stt);
        assert_eq!(names(&t.lead), *elead, "lead of row {stt}: {lead:?}");
        assert_eq!(
            names(&t.partners),
            *epart,
            "partners of row {stt}: {partner:?}"
        );
        assert!(
            t.lead.iter().chain(&t.partners).all(|a| a.known),
            "row {stt}"
        );
        assert_eq!(t.lead_canonical(), elead.join("; "));
    }
    // Split as written: the bodies of row 13 and 21.
    assert_eq!(
        split_agencies(&cells[12].2),
        ["Sở Nội vụ", "Sở TN&MT", "Sở KH&ĐT", "Sở LĐTB&XH"]
    );
    assert_eq!(
        split_agencies(&cells[20].2),
        [
            "Công an tỉnh",
            "Bộ Chỉ huy Quân sự tỉnh",
            "các doanh nghiệp viễn thông"
        ]
    );

    let rows = idx.rows();
    let got: Vec<&str> = rows.iter().map(|r| r.canonical_name.as_str()).collect();
    assert_eq!(
        got,
        [
            "Báo tỉnh",
            "Bộ Chỉ huy Quân sự tỉnh",
            "Bưu điện tỉnh",
            "Các doanh nghiệp viễn thông",
            "Các sở, ban, ngành tỉnh",
            "Công an tỉnh",
            "Đài Phát thanh và Truyền hình tỉnh",
            "Ngân hàng Nhà nước chi nhánh tỉnh",
            "Sở Công Thương",
            "Sở Giáo dục và Đào tạo",
            "Sở Kế hoạch và Đầu tư",
            "Sở Lao động - Thương binh và Xã hội",
            "Sở Nội vụ",
            "Sở Nông nghiệp và Phát triển nông thôn",
            "Sở Tài chính",
            "Sở Tài nguyên và Môi trường",
            "Sở Thông tin và Truyền thông",
            "Sở Tư pháp",
            "Sở Y tế",
            "Ủy ban nhân dân cấp huyện",
            "Văn phòng Ủy ban nhân dân tỉnh",
        ]
    );
    let tt = rows.iter().find(|r| r.canonical_name == TT).unwrap();
    assert_eq!(tt.aliases, ["Sở TT&TT", "Sở Thông tin và Truyền thông"]);
    assert_eq!(tt.mentions, 27, "27 of the 30 rows name it, each once");
    assert_eq!(
        (tt.documents, tt.doc_ids.clone()),
        (1, vec!["tasks-2024".to_string()])
    );
    assert_eq!(tt.example, "tasks-2024#1");
    let dn = rows
        .iter()
        .find(|r| r.canonical_name == "Các doanh nghiệp viễn thông")
        .unwrap();
    assert_eq!(
        dn.aliases,
        ["Các doanh nghiệp viễn thông", "các doanh nghiệp viễn thông"]
    );
    assert!(dn.collective && dn.level == Level::Khac);
    let huyen = rows.iter().find(|r| r.canonical_name == HUYEN).unwrap();
    assert_eq!(
        (huyen.level, huyen.collective, huyen.mentions),
        (Level::Huyen, true, 10)
    );
}

/// Every lead cell of seed 004's appendix (last column).
#[test]
fn seed_004_every_lead_cell() {
    let cells = fixture_cells(SEED_004, 4, None);
    assert_eq!(cells.len(), 46);
    let c = Canonicalizer::new();
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for (stt, cell, _) in &cells {
        let r = c.split_roles(cell);
        let lead: Vec<Agency> = r.main.iter().map(|b| c.canonical(b)).collect();
        let part: Vec<Agency> = r.partners.iter().map(|b| c.canonical(b)).collect();
        let (elead, epart): (&[&str], &[&str]) = match cell.as_str() {
            "Văn phòng Sở" => (&[VPS], &[]),
            "Văn phòng Sở; các phòng, ban trực thuộc" | "Văn phòng Sở; Các phòng, ban thuộc Sở" => {
                (&[VPS, PBTT], &[])
            }
            "Văn phòng Sở phối hợp Phòng Kế hoạch - Tài chính"
            | "Văn phòng Sở phối hợp phòng Kế hoạch - Tài chính" => {
                (&[VPS], &[KHTC])
            }
            "Phòng Kế hoạch - Tài chính phối hợp Văn phòng Sở" => (&[KHTC], &[VPS]),
            "Văn phòng Sở Phối hợp với Phòng QL VT, PT &NL và Phòng KT & QL KCHTGT" => {
                (
                    &[VPS],
                    &[
                        "Phòng Quản lý vận tải, phương tiện và người lái",
                        "Phòng Kỹ thuật và Quản lý kết cấu hạ tầng giao thông",
                    ],
                )
            }
            other => panic!("row {stt}: no expectation for {other:?}"),
        };
        *counts.entry(cell).or_default() += 1;
        assert_eq!(names(&lead), elead, "row {stt}");
        assert_eq!(names(&part), epart, "row {stt}");
        for a in lead.iter().chain(&part) {
            assert!(a.known, "row {stt}: {a:?}");
            assert_eq!(a.level, Level::NoiBo, "row {stt}: {a:?}");
        }
    }
    assert_eq!(counts.len(), 7, "distinct cells: {counts:?}");
    // As written, the comma inside the abbreviated unit name is kept.
    let r = split_roles("Văn phòng Sở Phối hợp với Phòng QL VT, PT &NL và Phòng KT & QL KCHTGT");
    assert_eq!(r.main, ["Văn phòng Sở"]);
    assert_eq!(r.partners, ["Phòng QL VT, PT &NL", "Phòng KT & QL KCHTGT"]);
    assert_eq!(
        split_agencies("Văn phòng Sở phối hợp Phòng Kế hoạch - Tài chính"),
        ["Văn phòng Sở", "Phòng Kế hoạch - Tài chính"]
    );
    // In the index, the bodies after `phối hợp` in a lead cell are partners.
    let mut idx = AgencyIndex::new(Canonicalizer::new());
    let t = idx.add(
        "e2403546871f551a",
        Role::Lead,
        "Phòng Kế hoạch - Tài chính phối hợp Văn phòng Sở",
        "5.8.1",
    );
    assert_eq!(
        (t.lead_canonical(), t.partners_canonical()),
        (KHTC.to_string(), VPS.to_string())
    );
}

#[test]
fn alias_pairs_from_the_brief() {
    let c = Canonicalizer::new();
    #[rustfmt::skip]
    let groups: &[&[&str]] = &[
        &["Sở Thông tin và Truyền thông", "Sở TT&TT", "STTTT", "STT&TT", "Sở TTTT", "Sở TT-TT", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Sở Thông tin và Truyền thông tỉnh Hậu Giang"],
        &["Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", "Sở KHĐT", "Sở KH & ĐT", "Sở Kế hoạch và Đầu tư tỉnh"],
        &["Sở Lao động - Thương binh và Xã hội", "Sở LĐTB&XH", "Sở Lao động, Thương binh và Xã hội", "Sở Lao động Thương binh và Xã hội", "Sở LĐ-TB&XH"],
        &["Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "Sở GDĐT"],
        &["Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", "Sở NN và PTNT"],
        &["Sở Tài nguyên và Môi trường", "Sở TN&MT", "Sở TNMT"],
        &["Sở Văn hóa, Thể thao và Du lịch", "Sở VHTT&DL", "Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa - Thể thao và Du lịch", "Sở VH-TT&DL"],
        &["Sở Giao thông vận tải", "Sở GTVT", "Sở Giao thông Vận tải", "SGTVT"],
        &["Sở Tài chính", "Sở Tài chính tỉnh"],
        &["Sở Nội vụ"], &["Sở Tư pháp"], &["Sở Y tế"], &["Sở Xây dựng"],
        &["Sở Công Thương", "Sở Công thương"],
        &["Sở Khoa học và Công nghệ", "Sở KH&CN", "Sở KHCN"],
        &["Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh", "VP UBND tỉnh", "Văn phòng Uỷ ban nhân dân tỉnh", "VP. UBND tỉnh"],
        &["Công an tỉnh", "Công an tỉnh Hậu Giang", "Công an"],
        &["Bộ Chỉ huy Quân sự tỉnh", "Bộ CHQS tỉnh"],
        &["Cục Thuế tỉnh", "Cục Thuế tỉnh Đắk Nông", "Cục Thuế"],
        &["Ủy ban nhân dân tỉnh", "UBND tỉnh", "Uỷ ban nhân dân tỉnh", "UBND tỉnh Đắk Nông", "UBND thành phố Hà Nội", "UBND TP. Hồ Chí Minh"],
        &["Báo tỉnh", "Báo Hậu Giang", "Báo Đắk Nông", "Báo Bà Rịa - Vũng Tàu"],
        &["Đài Phát thanh và Truyền hình tỉnh", "Đài Phát thanh và Truyền hình Hậu Giang", "Đài PT&TH tỉnh", "Đài PTTH Đắk Nông", "Đài Phát thanh - Truyền hình tỉnh"],
        &["Bộ Thông tin và Truyền thông", "Bộ TT&TT", "Bộ TTTT"],
        &["Bộ Kế hoạch và Đầu tư", "Bộ KH&ĐT"],
        &["Bộ Giao thông vận tải", "Bộ GTVT"],
        &["Ngân hàng Nhà nước chi nhánh tỉnh", "Ngân hàng Nhà nước Chi nhánh tỉnh Hậu Giang", "NHNN chi nhánh tỉnh"],
        &["Kho bạc Nhà nước tỉnh", "KBNN tỉnh"],
        &["Bảo hiểm xã hội tỉnh", "BHXH tỉnh"],
    ];
    for g in groups {
        let want = c.canonical(g[0]);
        assert!(want.known, "{}", g[0]);
        assert_eq!(want.canonical, g[0], "canonical name is the long form");
        for alias in g.iter() {
            assert_eq!(c.canonical(alias), want, "{alias}");
        }
    }
    // Different bodies stay apart.
    assert_ne!(
        c.canonical("Sở TT&TT").canonical,
        c.canonical("Bộ TT&TT").canonical
    );
    assert_ne!(
        c.canonical("UBND tỉnh").canonical,
        c.canonical("VP UBND tỉnh").canonical
    );
    assert_ne!(
        c.canonical("Sở KH&ĐT").canonical,
        c.canonical("Sở KH&CN").canonical
    );
    assert_eq!(c.canonical("Bộ TT&TT").level, Level::Bo);
    assert_eq!(c.canonical("Thủ tướng Chính phủ").level, Level::TrungUong);
}

#[test]
fn tone_placement_and_case_variants() {
    let c = Canonicalizer::new();
    for (a, b) in [
        (
            "Sở Văn hoá, Thể thao và Du lịch",
            "Sở Văn hóa, Thể thao và Du lịch",
        ),
        ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
        (
            "Hội Liên hiệp Phụ nữ tỉnh Khánh Hoà",
            "Hội Liên hiệp Phụ nữ tỉnh Khánh Hòa",
        ),
        (
            "Trung tâm Tin học tỉnh Thanh Hoá",
            "Trung tâm Tin học tỉnh Thanh Hóa",
        ),
    ] {
        assert_eq!(key(a), key(b));
        assert_eq!(
            key(&c.canonical(a).canonical),
            key(&c.canonical(b).canonical),
            "{a}"
        );
    }
    // Decomposed input (NFD) is read like NFC.
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Sở Tư pháp").collect();
    assert_eq!(c.canonical(&nfd).canonical, "Sở Tư pháp");
    // Unknown spellings that differ only in tone placement merge in the index.
    let mut idx = AgencyIndex::new(c);
    idx.add("a", Role::Partner, "Trung tâm Tin học tỉnh Thanh Hoá", "1");
    idx.add("b", Role::Partner, "Trung tâm Tin học tỉnh Thanh Hóa", "1");
    idx.add("c", Role::Partner, "Trung tâm Tin học tỉnh Thanh Hóa", "2");
    let rows = idx.rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].canonical_name, "Trung tâm Tin học tỉnh Thanh Hóa",
        "most frequent spelling"
    );
    assert_eq!(rows[0].aliases.len(), 2);
    assert_eq!((rows[0].documents, rows[0].mentions), (3, 3));
    assert!(!rows[0].known);
}

#[test]
fn comma_splitting() {
    let cases: &[(&str, &[&str])] = &[
        ("Sở TT&TT; Sở Tư pháp", &["Sở TT&TT", "Sở Tư pháp"]),
        ("Sở TT&TT, Sở Tư pháp", &["Sở TT&TT", "Sở Tư pháp"]),
        (
            "Sở Văn hóa, Thể thao và Du lịch",
            &["Sở Văn hóa, Thể thao và Du lịch"],
        ),
        (
            "Sở Văn hóa, Thể thao và Du lịch, Sở Y tế",
            &["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"],
        ),
        (
            "Sở Lao động - Thương binh và Xã hội",
            &["Sở Lao động - Thương binh và Xã hội"],
        ),
        (
            "Sở Lao động, Thương binh và Xã hội, Công an tỉnh",
            &["Sở Lao động, Thương binh và Xã hội", "Công an tỉnh"],
        ),
        ("Các sở, ban, ngành tỉnh", &["Các sở, ban, ngành tỉnh"]),
        (
            "Sở, ban, ngành tỉnh; UBND cấp huyện",
            &["Sở, ban, ngành tỉnh", "UBND cấp huyện"],
        ),
        ("Sở, Ban, Ngành tỉnh", &["Sở, Ban, Ngành tỉnh"]),
        (
            "UBND các huyện, thị xã, thành phố",
            &["UBND các huyện, thị xã, thành phố"],
        ),
        ("Các phòng, ban trực thuộc", &["Các phòng, ban trực thuộc"]),
        (
            "Các cơ quan, đơn vị liên quan",
            &["Các cơ quan, đơn vị liên quan"],
        ),
        (
            "Sở Nội vụ, các sở, ngành liên quan",
            &["Sở Nội vụ", "các sở, ngành liên quan"],
        ),
        (
            "Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh, các doanh nghiệp viễn thông",
            &[
                "Công an tỉnh",
                "Bộ Chỉ huy Quân sự tỉnh",
                "các doanh nghiệp viễn thông",
            ],
        ),
        (
            "Sở TT&TT, doanh nghiệp viễn thông",
            &["Sở TT&TT", "doanh nghiệp viễn thông"],
        ),
        ("Sở TT&TT, STTTT", &["Sở TT&TT", "STTTT"]),
        ("Sở TT&TT, VNPT, Viettel", &["Sở TT&TT", "VNPT", "Viettel"]),
        ("Phòng QL VT, PT &NL", &["Phòng QL VT, PT &NL"]),
    ];
    for (cell, want) in cases {
        assert_eq!(split_agencies(cell), *want, "{cell}");
    }
}

#[test]
fn va_and_line_splitting() {
    let cases: &[(&str, &[&str])] = &[
        ("Sở Nội vụ và Sở Tư pháp", &["Sở Nội vụ", "Sở Tư pháp"]),
        ("Sở Khoa học và Công nghệ", &["Sở Khoa học và Công nghệ"]),
        (
            "Sở Giáo dục và Đào tạo và Sở Y tế",
            &["Sở Giáo dục và Đào tạo", "Sở Y tế"],
        ),
        (
            "Đài Phát thanh và Truyền hình tỉnh",
            &["Đài Phát thanh và Truyền hình tỉnh"],
        ),
        (
            "Sở Lao động - Thương binh và Xã hội",
            &["Sở Lao động - Thương binh và Xã hội"],
        ),
        (
            "Văn phòng Sở và các phòng, ban trực thuộc",
            &["Văn phòng Sở", "các phòng, ban trực thuộc"],
        ),
        (
            "Các sở, ban, ngành tỉnh và địa phương",
            &["Các sở, ban, ngành tỉnh", "địa phương"],
        ),
        (
            "UBND tỉnh và UBND các huyện, thị xã, thành phố",
            &["UBND tỉnh", "UBND các huyện, thị xã, thành phố"],
        ),
        (
            "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
            &["Văn phòng Đoàn ĐBQH và HĐND tỉnh"],
        ),
        (
            "Mặt trận Tổ quốc tỉnh và các tổ chức chính trị - xã hội",
            &["Mặt trận Tổ quốc tỉnh", "các tổ chức chính trị - xã hội"],
        ),
        // Bullets and line breaks.
        ("- Sở Nội vụ;\n- Sở Tư pháp.", &["Sở Nội vụ", "Sở Tư pháp"]),
        ("Sở TT&TT\nSở Tư pháp", &["Sở TT&TT", "Sở Tư pháp"]),
        ("• Công an tỉnh\n• Sở Y tế", &["Công an tỉnh", "Sở Y tế"]),
        // A wrapped line is one body.
        (
            "Ngân hàng Nhà nước Chi nhánh\ntỉnh Hậu Giang",
            &["Ngân hàng Nhà nước Chi nhánh tỉnh Hậu Giang"],
        ),
        (
            "Sở Thông tin và\nTruyền thông",
            &["Sở Thông tin và Truyền thông"],
        ),
        ("Văn phòng\nSở", &["Văn phòng Sở"]),
        // Role markers.
        ("Sở TT&TT (chủ trì)", &["Sở TT&TT"]),
        (
            "Sở TT&TT chủ trì, phối hợp với Sở Nội vụ",
            &["Sở TT&TT", "Sở Nội vụ"],
        ),
        ("Phối hợp với Sở Y tế", &["Sở Y tế"]),
        // The compressed list form.
        (
            "Các Sở: Nội vụ, Tài chính, Kế hoạch và Đầu tư",
            &["Sở Nội vụ", "Sở Tài chính", "Sở Kế hoạch và Đầu tư"],
        ),
        (
            "Các sở: Tư pháp, Tài chính và Y tế; UBND cấp huyện",
            &["Sở Tư pháp", "Sở Tài chính", "Sở Y tế", "UBND cấp huyện"],
        ),
        (
            "Các Bộ: Công an, Quốc phòng",
            &["Bộ Công an", "Bộ Quốc phòng"],
        ),
        ("", &[]),
    ];
    for (cell, want) in cases {
        assert_eq!(split_agencies(cell), *want, "{cell:?}");
    }
    let r = split_roles("Sở TT&TT chủ trì, phối hợp với Sở Nội vụ, Sở Tư pháp");
    assert_eq!(
        (r.main, r.partners),
        (
            vec!["Sở TT&TT".to_string()],
            vec!["Sở Nội vụ".to_string(), "Sở Tư pháp".to_string()]
        )
    );
    let r = split_roles("Chủ trì: Sở A; Phối hợp: Sở Y tế");
    assert_eq!(r.partners, ["Sở Y tế"]);
    let r = split_roles("Phối hợp với Sở Y tế");
    assert_eq!(
        (r.main.len(), r.partners.len()),
        (1, 0),
        "a cell starting with the connector keeps its role"
    );
}

#[test]
fn collective_phrases() {
    let c = Canonicalizer::new();
    let cases: &[(&str, &str, Level)] = &[
        ("Sở, ban, ngành tỉnh", SBN, Level::Tinh),
        ("Các sở, ban, ngành tỉnh", SBN, Level::Tinh),
        ("các Sở, Ban, Ngành tỉnh", SBN, Level::Tinh),
        ("Các sở, ngành", SBN, Level::Tinh),
        ("UBND cấp huyện", HUYEN, Level::Huyen),
        ("UBND các huyện, thị xã, thành phố", HUYEN, Level::Huyen),
        (
            "Ủy ban nhân dân các huyện, thị xã, thành phố",
            HUYEN,
            Level::Huyen,
        ),
        ("địa phương", HUYEN, Level::Huyen),
        ("UBND cấp xã", "Ủy ban nhân dân cấp xã", Level::Xa),
        (
            "UBND các xã, phường, thị trấn",
            "Ủy ban nhân dân cấp xã",
            Level::Xa,
        ),
        (
            "Các đơn vị trực thuộc",
            "Các đơn vị trực thuộc",
            Level::NoiBo,
        ),
        ("Các đơn vị thuộc Sở", "Các đơn vị trực thuộc", Level::NoiBo),
        ("Các phòng, ban trực thuộc", PBTT, Level::NoiBo),
        ("Các Phòng, ban thuộc Sở", PBTT, Level::NoiBo),
        (
            "các phòng, đơn vị thuộc Sở",
            "Các phòng, ban, đơn vị trực thuộc",
            Level::NoiBo,
        ),
        (
            "Các sở, ngành liên quan",
            "Các sở, ban, ngành liên quan",
            Level::Tinh,
        ),
        (
            "Các bộ, ngành Trung ương",
            "Các bộ, ngành Trung ương",
            Level::TrungUong,
        ),
    ];
    for (name, want, level) in cases {
        assert_eq!(split_agencies(name).len(), 1, "{name} is not split");
        let a = c.canonical(name);
        assert_eq!(
            (a.canonical.as_str(), a.level, a.collective, a.known),
            (*want, *level, true, true),
            "{name}"
        );
    }
    // Unknown collective phrases are still collective.
    let a = c.canonical("các hợp tác xã nông nghiệp");
    assert_eq!(
        (a.canonical.as_str(), a.collective, a.known),
        ("Các hợp tác xã nông nghiệp", true, false)
    );
    assert!(!c.canonical("Sở Y tế").collective);
    assert!(
        !c.canonical("Ban Quản lý các khu công nghiệp tỉnh")
            .collective
    );
}

#[test]
fn unknown_bodies_pass_through() {
    let c = Canonicalizer::new();
    let cases: &[(&str, &str, Level)] = &[
        (
            "Trung tâm Giám sát an toàn không gian mạng (SOC)",
            "Trung tâm Giám sát an toàn không gian mạng (SOC)",
            Level::Khac,
        ),
        (
            "Trung tâm Công nghệ thông tin và Truyền thông",
            "Trung tâm Công nghệ thông tin và Truyền thông",
            Level::Khac,
        ),
        (
            "Ban Quản lý dự án đầu tư xây dựng tỉnh (để b/c)",
            "Ban Quản lý dự án đầu tư xây dựng tỉnh",
            Level::Tinh,
        ),
        (
            "  -  UBND huyện Châu Thành;",
            "UBND huyện Châu Thành",
            Level::Huyen,
        ),
        (
            "Phòng Văn hóa và Thông tin huyện",
            "Phòng Văn hóa và Thông tin huyện",
            Level::Huyen,
        ),
        ("UBND xã Tân Hòa", "UBND xã Tân Hòa", Level::Xa),
        (
            "Phòng Quản lý chất lượng",
            "Phòng Quản lý chất lượng",
            Level::NoiBo,
        ),
        (
            "Cục Bưu điện Trung ương",
            "Cục Bưu điện Trung ương",
            Level::TrungUong,
        ),
        (
            "Bộ Tài chính - Cục Quản lý công sản",
            "Bộ Tài chính - Cục Quản lý công sản",
            Level::Bo,
        ),
        (
            "Tập đoàn Bưu chính Viễn thông Việt Nam",
            "Tập đoàn Bưu chính Viễn thông Việt Nam",
            Level::Khac,
        ),
        (
            "doanh nghiệp viễn thông di động",
            "Doanh nghiệp viễn thông di động",
            Level::Khac,
        ),
    ];
    for (name, want, level) in cases {
        let a = c.canonical(name);
        assert_eq!(
            (a.canonical.as_str(), a.level, a.known),
            (*want, *level, false),
            "{name}"
        );
    }
    let a = c.canonical("Sở Y tế (để b/c)");
    assert_eq!((a.canonical.as_str(), a.known), ("Sở Y tế", true));
}

#[test]
fn builtin_table_is_consistent() {
    let c = Canonicalizer::new();
    let mut seen = std::collections::HashMap::new();
    for b in builtin::BUILTIN {
        for name in std::iter::once(&b.canonical).chain(b.aliases) {
            let k = key(name);
            assert!(!k.is_empty(), "{name}");
            if let Some(other) = seen.insert(k, b.canonical) {
                assert_eq!(other, b.canonical, "alias {name} of two entries");
            }
            let a = c.canonical(name);
            assert_eq!(
                (a.canonical.as_str(), a.level, a.collective, a.known),
                (b.canonical, b.level, b.collective, true),
                "{name}"
            );
            assert_eq!(
                split_agencies(name),
                [name.to_string()],
                "a built-in name is one body: {name}"
            );
        }
    }
    assert!(builtin::BUILTIN.len() > 100);
}

#[test]
fn user_alias_file_overrides_builtin() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("aliases.csv");
    std::fs::write(
        &path,
        "\u{FEFF}alias,canonical,level\n\
         # after the 2025 merger\n\
         Sở TT&TT,Sở Khoa học và Công nghệ,tỉnh\n\
         TT CNTT&TT,Trung tâm Công nghệ thông tin và Truyền thông,tinh\n\
         \"Sở VH, TT&DL\",\"Sở Văn hóa, Thể thao và Du lịch\",\n\
         HTX nông nghiệp,Các hợp tác xã,khác,true\n",
    )
    .unwrap();
    let c = Canonicalizer::with_aliases_file(&path).unwrap();
    let a = c.canonical("Sở TT&TT");
    assert_eq!(
        (a.canonical.as_str(), a.level, a.known),
        ("Sở Khoa học và Công nghệ", Level::Tinh, true)
    );
    // Only the overridden alias moves; the long form is still its own body.
    assert_eq!(
        c.canonical("Sở Thông tin và Truyền thông").canonical,
        "Sở Thông tin và Truyền thông"
    );
    let a = c.canonical("TT CNTT&TT");
    assert_eq!(
        (a.canonical.as_str(), a.level, a.known, a.collective),
        (
            "Trung tâm Công nghệ thông tin và Truyền thông",
            Level::Tinh,
            true,
            false
        )
    );
    assert!(
        c.canonical("Trung tâm Công nghệ thông tin và Truyền thông")
            .known
    );
    // Level left empty: the built-in entry's.
    let a = c.canonical("Sở VH, TT&DL");
    assert_eq!(
        (a.canonical.as_str(), a.level),
        ("Sở Văn hóa, Thể thao và Du lịch", Level::Tinh)
    );
    let a = c.canonical("HTX nông nghiệp");
    assert_eq!(
        (a.canonical.as_str(), a.collective, a.level),
        ("Các hợp tác xã", true, Level::Khac)
    );
    // User aliases are protected from splitting by this canonicalizer.
    assert_eq!(
        c.split("Sở VH, TT&DL; Sở Y tế"),
        ["Sở VH, TT&DL", "Sở Y tế"]
    );
    // The built-in canonicalizer is unchanged.
    assert_eq!(Canonicalizer::new().canonical("Sở TT&TT").canonical, TT);
}

#[test]
fn user_alias_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = Canonicalizer::with_aliases_file(dir.path().join("nope.csv"));
    assert!(matches!(missing, Err(AgencyError::Read { .. })));
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, "Sở TT&TT,Sở KH&CN,quận\n").unwrap();
    match Canonicalizer::with_aliases_file(&path) {
        Err(e @ AgencyError::Invalid { line: 1, .. }) => assert!(e.to_string().contains("quận")),
        other => panic!("{other:?}"),
    }
    std::fs::write(&path, "ok,Sở Y tế,tỉnh\n,Sở KH&CN,tỉnh\n").unwrap();
    assert!(matches!(
        Canonicalizer::with_aliases_file(&path),
        Err(AgencyError::Invalid { line: 2, .. })
    ));
    std::fs::write(&path, "\n# only comments\n").unwrap();
    assert!(Canonicalizer::with_aliases_file(&path).is_ok());
}

#[test]
fn index_is_deterministic_and_merges() {
    let cells: &[(&str, &str, &str, &str)] = &[
        ("d2", "1", "Sở TT&TT", "Sở Y tế; Sở Tư pháp"),
        (
            "d1",
            "1",
            "Sở Thông tin và Truyền thông",
            "Sở Tư pháp, Sở Tư pháp",
        ),
        ("d1", "2", "STTTT", "Trung tâm X"),
        (
            "d3",
            "7",
            "Văn phòng Sở phối hợp Phòng Kế hoạch - Tài chính",
            "",
        ),
        ("d3", "8", "", "trung tâm x"),
    ];
    let build = |order: &[usize], split_at: usize| {
        let mut a = AgencyIndex::new(Canonicalizer::new());
        let mut b = AgencyIndex::new(Canonicalizer::new());
        for (n, &i) in order.iter().enumerate() {
            let (d, r, l, p) = cells[i];
            let idx = if n < split_at { &mut a } else { &mut b };
            idx.add_task(d, l, p, r);
        }
        a.merge(b);
        a.rows()
    };
    let one = build(&[0, 1, 2, 3, 4], 5);
    assert_eq!(one, build(&[4, 3, 2, 1, 0], 2));
    assert_eq!(one, build(&[2, 4, 0, 3, 1], 3));
    let names: Vec<&str> = one.iter().map(|r| r.canonical_name.as_str()).collect();
    assert_eq!(
        names,
        [KHTC, TT, "Sở Tư pháp", "Sở Y tế", "Trung tâm X", VPS]
    );
    let tt = &one[1];
    assert_eq!(
        tt.aliases,
        ["STTTT", "Sở TT&TT", "Sở Thông tin và Truyền thông"]
    );
    assert_eq!((tt.documents, tt.mentions), (2, 3));
    assert_eq!(tt.doc_ids, ["d1", "d2"]);
    assert_eq!(tt.example, "d1#1");
    let tp = &one[2];
    assert_eq!(
        (tp.documents, tp.mentions),
        (2, 2),
        "twice in one cell is one mention"
    );
    let x = &one[4];
    assert_eq!(
        (x.known, x.mentions, x.level, x.aliases.len()),
        (false, 2, Level::Khac, 2)
    );
    assert_eq!(
        (
            tt.canonical_name.as_str(),
            tt.level.as_str(),
            tt.collective,
            tt.aliases.join("; "),
            (tt.documents, tt.mentions),
            tt.doc_ids.join("; "),
            tt.known,
            tt.example.as_str()
        ),
        (
            "Sở Thông tin và Truyền thông",
            "tỉnh",
            false,
            "STTTT; Sở TT&TT; Sở Thông tin và Truyền thông".to_string(),
            (2, 3),
            "d1; d2".to_string(),
            true,
            "d1#1"
        )
    );
}

#[test]
fn no_panic_on_junk() {
    let c = Canonicalizer::new();
    let long = "Sở, ".repeat(5000);
    let junk: Vec<String> = vec![
        "".into(),
        " ".into(),
        ";;;".into(),
        ",,,".into(),
        "-".into(),
        "- ; - ; •".into(),
        "(((".into(),
        ")".into(),
        "()".into(),
        "và".into(),
        "phối hợp".into(),
        "phối hợp với".into(),
        "chủ trì".into(),
        "(chủ trì)".into(),
        "\u{301}\u{300}".into(),
        "\u{FEFF}\u{200B}".into(),
        "\n\n\r\n".into(),
        "Sở".into(),
        "tỉnh".into(),
        "Hậu Giang".into(),
        "💥 Sở 💥, và, ,và".into(),
        "a\u{0}b".into(),
        long,
        "x".repeat(100_000),
    ];
    let mut idx = AgencyIndex::new(c.clone());
    for j in &junk {
        let _ = split_agencies(j);
        let _ = split_roles(j);
        let a = c.canonical(j);
        if !j.chars().any(char::is_alphabetic) {
            assert!(a.canonical.is_empty() || !a.known, "{j:?}");
        }
        let _ = c.canonical_cell(j);
        idx.add_task("junk", j, j, "1");
        let _ = key(j);
        let _ = Level::parse(j);
    }
    for r in idx.rows() {
        assert!(!r.canonical_name.is_empty());
    }
    for j in [
        "",
        ";;;",
        "-",
        "(((",
        "và",
        "phối hợp",
        "chủ trì",
        "\u{301}",
    ] {
        assert!(split_agencies(j).is_empty(), "{j:?}");
        assert_eq!(c.canonical(j).canonical, "", "{j:?}");
    }
}

#[test]
fn levels_parse_and_print() {
    for l in [
        Level::Tinh,
        Level::Huyen,
        Level::Xa,
        Level::Bo,
        Level::TrungUong,
        Level::NoiBo,
        Level::Khac,
    ] {
        assert_eq!(Level::parse(l.as_str()), Some(l));
        assert_eq!(Level::parse(&fold_key(l.as_str())), Some(l));
    }
    assert_eq!(Level::parse("cấp tỉnh"), Some(Level::Tinh));
    assert_eq!(Level::parse("Trung Ương"), Some(Level::TrungUong));
    assert_eq!(Level::parse("quận"), None);
}

/// The extracted task tables of the fixture PDFs (three producers of the task
/// list, and seed 004): every lead/partner cell canonicalises to a known body,
/// and the distinct agencies are the ones a person reads in the source.
#[test]
fn extracted_fixture_tasks() {
    let opts = crate::pipeline::Options {
        ocr: crate::pipeline::OcrMode::Never,
        ..Default::default()
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf");
    let mut report = Vec::new();
    // `tasks-2024-borderless.pdf` is left out: its table extraction currently
    // moves a word between the lead and partner cells of row 11
    // (`Các doanh nghiệp thông` / `viễn Sở TT&TT`), a table-stage issue.
    for (file, distinct, rows) in [
        ("tasks-2024.pdf", 21, 30),
        ("tasks-2024-reportlab.pdf", 21, 30),
        ("seed-004.pdf", 5, 46),
    ] {
        let out = crate::pipeline::convert_file(&dir.join(file), file, &opts);
        let doc = out.result.expect(file);
        let mut idx = AgencyIndex::new(Canonicalizer::new());
        for t in &doc.tasks {
            let a = idx.add_task(&doc.doc_id, &t.lead, &t.partners, &t.stt);
            assert!(
                !a.lead.is_empty(),
                "{file} row {}: no lead in {:?}",
                t.stt,
                t.lead
            );
        }
        let rows_out = idx.rows();
        let unknown: Vec<_> = rows_out
            .iter()
            .filter(|r| !r.known)
            .map(|r| &r.aliases)
            .collect();
        report.push(format!(
            "{file}: {} tasks, {} distinct agencies, unknown {unknown:?}",
            doc.tasks.len(),
            rows_out.len()
        ));
        assert_eq!(doc.tasks.len(), rows, "{file}");
        assert!(unknown.is_empty(), "{file}: {unknown:?}");
        assert_eq!(rows_out.len(), distinct, "{file}: {rows_out:#?}");
    }
    println!("{}", report.join("\n"));
}

/// The records stage's `Canonicalizer::task` gives a row the canonical
/// agencies the batch index gives it (the `tasks.csv` columns).
#[test]
fn task_canonical_equals_index() {
    let canon = Canonicalizer::new();
    let mut index = AgencyIndex::new(canon.clone());
    let (lead, partners) = (
        "Sở TT&TT chủ trì, phối hợp Báo Hậu Giang",
        "Các sở, ban, ngành tỉnh; UBND các huyện",
    );
    let t = canon.task(lead, partners);
    let i = index.add_task("d1", lead, partners, "1");
    assert_eq!(t, i);
    assert_eq!(t.lead_canonical(), "Sở Thông tin và Truyền thông");
    assert!(!t.partners_canonical().is_empty());
}
