use super::fixtures::{LAOCAI14_PAGE1, NHNN31_PAGE1, TTG30_PAGE1};
use super::*;
use unicode_normalization::char::decompose_canonical;
use unicode_normalization::UnicodeNormalization;

const SEEDS: &str = "/work/shared/seeds";

// ---------------------------------------------------------------- TCVN3

#[test]
fn tcvn3_known_words() {
    assert_eq!(decode_tcvn3("KÕ ho¹ch", false), "Kế hoạch");
    assert_eq!(decode_tcvn3("Céng hßa x· héi", false), "Cộng hòa xã hội");
    assert_eq!(decode_tcvn3("QuyÕt ®Þnh", false), "Quyết định");
    assert_eq!(
        decode_tcvn3("§éc lËp - Tù do - H¹nh phóc", false),
        "Độc lập - Tự do - Hạnh phúc"
    );
    assert_eq!(decode_tcvn3("ViÖt Nam", false), "Việt Nam");
}

#[test]
fn tcvn3_u_horn_variants() {
    for s in ["tr-êng", "tr−êng", "tr\u{00AD}êng", "tr\u{2010}êng"] {
        assert_eq!(decode_tcvn3(s, false), "trường", "{s:?}");
    }
    assert_eq!(decode_tcvn3("n−íc", false), "nước");
    // Word-initial and word-final ư.
    assert_eq!(decode_tcvn3("Trung −¬ng", false), "Trung ương");
    assert_eq!(decode_tcvn3("nh− sau", false), "như sau");
    assert_eq!(decode_tcvn3("nh- sau", false), "như sau");
    // Real hyphens stay.
    assert_eq!(decode_tcvn3("2021-2025", false), "2021-2025");
    assert_eq!(decode_tcvn3("2021 - 2025", false), "2021 - 2025");
    assert_eq!(decode_tcvn3("115/2004/Q§-TTg", false), "115/2004/QĐ-TTg");
    assert_eq!(decode_tcvn3("78/KH-UBND", false), "78/KH-UBND");
    assert_eq!(decode_tcvn3("Tù do-H¹nh phóc", false), "Tự do-Hạnh phúc");
    assert_eq!(decode_tcvn3("a- Môc tiªu", false), "a- Mục tiêu");
    assert_eq!(decode_tcvn3("− 5", false), "− 5");
    assert_eq!(decode_tcvn3("\u{00AD}", false), "\u{00AD}");
}

#[test]
fn tcvn3_tounicode_aliases() {
    // 30_ttg's CID fonts: 0xB7 (ã) → U+2219, 0xB5 (à) may come as U+03BC.
    assert_eq!(decode_tcvn3("b¶o l∙nh", false), "bảo lãnh");
    assert_eq!(decode_tcvn3("ng\u{03BC}y", false), "ngày");
}

#[test]
fn tcvn3_upper_font() {
    // `.VnTimeH` text uses the lower-case codes for capitals.
    assert_eq!(decode_tcvn3("QuyÕt ®Þnh", true), "QUYẾT ĐỊNH");
    assert_eq!(
        decode_tcvn3("céng hoµ x∙ héi chñ nghÜa viÖt nam", true),
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    );
    assert_eq!(
        decode_tcvn3("ñy ban nh©n d©n tØnh", true),
        "ỦY BAN NHÂN DÂN TỈNH"
    );
    assert_eq!(decode_tcvn3("Q§-TTg", true), "QĐ-TTG");
}

#[test]
fn tcvn3_full_table_and_c1_capitals() {
    // Every byte 0xA1–0xFF decodes to one non-ASCII char (0xB0–0xB4 are
    // combining marks and need a letter before them).
    for b in 0xA1u32..=0xFF {
        let c = char::from_u32(b).unwrap_or('?');
        let d = decode_tcvn3(&format!("a{c}"), false);
        assert!(d.chars().count() <= 2, "{b:X} → {d:?}");
    }
    assert_eq!(decode_tcvn3("a\u{00B3}", false), "á");
    assert_eq!(decode_tcvn3("25\u{00B0}C", false), "25°C");
    // Raw C1 code points (Latin-1 extractor) → VN1 capitals; WinAnsi
    // punctuation is kept.
    assert_eq!(decode_tcvn3("\u{0080}\u{0093}", false), "ÀỎ");
    assert_eq!(decode_tcvn3("“KÕ ho¹ch” – …", false), "“Kế hoạch” – …");
}

/// Page 1 of 30_ttg, every line, against the text read on the rendered
/// page; the classification picks TCVN3 with no font name given.
#[test]
fn tcvn3_real_page_30_ttg() {
    assert_eq!(TTG30_PAGE1.len(), 36);
    for &(raw, upper, expected) in TTG30_PAGE1 {
        assert_eq!(decode_tcvn3(raw, upper), expected, "{raw}");
        if syllable_stats(raw).scored() >= 2 {
            assert_eq!(
                classify(raw, None),
                TextEncoding::Tcvn3 { upper: false },
                "{raw}"
            );
        }
        let font = if upper {
            "GDNPME+VnTimeH"
        } else {
            "GDNPNI+VnTime"
        };
        let enc = classify(raw, Some(font));
        assert_eq!(enc, TextEncoding::Tcvn3 { upper }, "{raw}");
        assert_eq!(decode(raw, enc), expected);
    }
}

#[test]
fn tcvn3_real_page_31_nhnn() {
    let page = NHNN31_PAGE1.join("\n");
    assert_eq!(classify(&page, None), TextEncoding::Tcvn3 { upper: false });
    let decoded = decode_tcvn3(&page, false);
    assert!(
        syllable_score(&decoded) > 0.97,
        "{}",
        syllable_score(&decoded)
    );
    assert!(decoded.contains("Hướng dẫn một số nội dung về góp vốn thành lập"));
    assert!(decoded.contains("Quỹ bảo lãnh tín dụng cho các doanh nghiệp nhỏ và vừa"));
    assert!(decoded.contains("Uỷ ban nhân dân tỉnh, thành phố trực thuộc Trung ương thành lập."));
    assert_eq!(
        decode_tcvn3(NHNN31_PAGE1[0], true),
        "NGÂN HÀNG NHÀ NƯỚC  CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    );
}

// ---------------------------------------------------------------- VNI

#[test]
fn vni_known_words() {
    assert_eq!(decode_vni("Keá hoaïch"), "Kế hoạch");
    assert_eq!(
        decode_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"),
        "Cộng hòa xã hội chủ nghĩa Việt Nam"
    );
    assert_eq!(
        decode_vni("Ñoäc laäp - Töï do - Haïnh phuùc"),
        "Độc lập - Tự do - Hạnh phúc"
    );
    assert_eq!(
        decode_vni("Quyeát ñònh soá 115/2004/QÑ-TTg"),
        "Quyết định số 115/2004/QĐ-TTg"
    );
    assert_eq!(decode_vni("Thuû töôùng Chính phuû"), "Thủ tướng Chính phủ");
    assert_eq!(
        decode_vni("naêm, khaéc phuïc, ngöôøi, quyeàn, Myõ, tæ leä, kyø, hoïp"),
        "năm, khắc phục, người, quyền, Mỹ, tỉ lệ, kỳ, họp"
    );
    assert_eq!(
        decode_vni("UÛY BAN NHAÂN DAÂN TÆNH"),
        "ỦY BAN NHÂN DÂN TỈNH"
    );
    assert_eq!(decode_vni("ÑIEÀU 1. QUYEÁT ÑÒNH"), "ĐIỀU 1. QUYẾT ĐỊNH");
    assert_eq!(decode_vni("THÔØI GIAN, TRÖÔØNG"), "THỜI GIAN, TRƯỜNG");
    // A mark byte after a non-vowel stays.
    assert_eq!(decode_vni("5ù x"), "5ù x");
}

// ---------------------------------------------------------- round trips

/// Unicode → VNI (test-only encoder, from the table in `vni.rs`).
fn encode_vni(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.nfc() {
        let single = match c {
            'đ' => Some('ñ'),
            'Đ' => Some('Ñ'),
            'ỉ' => Some('æ'),
            'Ỉ' => Some('Æ'),
            'ĩ' => Some('ó'),
            'Ĩ' => Some('Ó'),
            'ị' => Some('ò'),
            'Ị' => Some('Ò'),
            'ỵ' => Some('î'),
            'Ỵ' => Some('Î'),
            _ => None,
        };
        if let Some(b) = single {
            out.push(b);
            continue;
        }
        if !c.is_alphabetic() || c.is_ascii() {
            if ('\u{A0}'..='\u{FF}').contains(&c) {
                return None; // would be read as a VNI byte
            }
            out.push(c);
            continue;
        }
        let (mut base, mut modi, mut tone) = (None, None, None);
        decompose_canonical(c, |d| match d {
            '\u{0302}' | '\u{0306}' | '\u{031B}' => modi = Some(d),
            '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}' => tone = Some(d),
            _ => base = Some(d),
        });
        let base = base?;
        let up = base.is_uppercase();
        let m = |l: char, u: char| if up { u } else { l };
        match (base, modi) {
            (_, Some('\u{031B}')) => out.push(if base == 'o' {
                'ô'
            } else if base == 'O' {
                'Ô'
            } else if base == 'u' {
                'ö'
            } else {
                'Ö'
            }),
            _ => out.push(base),
        }
        let mark = match (modi, tone) {
            (None | Some('\u{031B}'), None) => None,
            (None | Some('\u{031B}'), Some(t)) => Some(match t {
                '\u{0301}' => m('ù', 'Ù'),
                '\u{0300}' => m('ø', 'Ø'),
                '\u{0309}' => m('û', 'Û'),
                '\u{0303}' => m('õ', 'Õ'),
                _ => m('ï', 'Ï'),
            }),
            (Some('\u{0302}'), t) => Some(match t {
                None => m('â', 'Â'),
                Some('\u{0301}') => m('á', 'Á'),
                Some('\u{0300}') => m('à', 'À'),
                Some('\u{0309}') => m('å', 'Å'),
                Some('\u{0303}') => m('ã', 'Ã'),
                _ => m('ä', 'Ä'),
            }),
            (_, t) => Some(match t {
                None => m('ê', 'Ê'),
                Some('\u{0301}') => m('é', 'É'),
                Some('\u{0300}') => m('è', 'È'),
                Some('\u{0309}') => m('ú', 'Ú'),
                Some('\u{0303}') => m('ü', 'Ü'),
                _ => m('ë', 'Ë'),
            }),
        };
        out.extend(mark);
    }
    Some(out)
}

/// Lower-case Unicode → TCVN3 as extracted through WinAnsi (ư as U+2212,
/// as in 30_ttg). `None` when a character has no TCVN3 code.
fn encode_tcvn3(s: &str) -> Option<String> {
    let table: std::collections::HashMap<char, char> = ('\u{A1}'..='\u{FF}')
        .filter_map(|x| {
            let d = decode_tcvn3(&format!("a{x}"), false);
            let mut it = d.chars().skip(1);
            match (it.next(), it.next()) {
                (Some(c), None) if c != x || x == '\u{A0}' => {
                    Some((c, if x == '\u{AD}' { '\u{2212}' } else { x }))
                }
                _ => None,
            }
        })
        .collect();
    let mut out = String::new();
    for c in s.nfc() {
        if c.is_ascii() || !c.is_alphabetic() && !('\u{A0}'..='\u{FF}').contains(&c) {
            out.push(c);
        } else {
            out.push(*table.get(&c)?);
        }
    }
    Some(out)
}

fn seed_texts() -> Vec<String> {
    let Ok(dir) = std::fs::read_dir(SEEDS) else {
        return Vec::new();
    };
    let mut v: Vec<String> = dir
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect();
    v.sort();
    v
}

/// Every seed line, encoded to VNI and (lower-cased) to TCVN3, decodes back
/// exactly and classifies as VNI / TCVN3 without a font name. Lines of
/// fewer than 8 scored tokens may be ambiguous (`hoà sô` is valid Unicode
/// and valid VNI for *hồ sơ*): at most 2 % of them may stay Unicode.
#[test]
fn seeds_round_trip_and_classify() {
    let seeds = seed_texts();
    let (mut long, mut short, mut short_missed, mut docs) = (0, 0, 0, 0);
    let mut check = |line: &str, encoded: &str, want: TextEncoding| {
        let n = syllable_stats(line).scored();
        if encoded == line || n < 2 {
            return;
        }
        let got = classify(encoded, None);
        assert_ne!(got, TextEncoding::Unusable, "{encoded}");
        if n >= 8 {
            long += 1;
            assert_eq!(got, want, "{encoded}");
        } else {
            short += 1;
            short_missed += usize::from(got != want);
        }
    };
    for text in &seeds {
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let nfc: String = line.nfc().collect();
            if let Some(v) = encode_vni(&nfc) {
                assert_eq!(decode_vni(&v), nfc);
                assert_eq!(classify(&v, Some("VNI-Times")), TextEncoding::Vni, "{v}");
                check(&nfc, &v, TextEncoding::Vni);
            }
            let lower = nfc.to_lowercase();
            if let Some(t) = encode_tcvn3(&lower) {
                assert_eq!(decode_tcvn3(&t, false), lower, "{t}");
                check(&lower, &t, TextEncoding::Tcvn3 { upper: false });
            }
        }
        // Whole documents (the lines that can be encoded).
        let nfc: String = text.nfc().collect();
        let vni: Vec<String> = nfc.lines().filter_map(encode_vni).collect();
        assert_eq!(classify(&vni.join("\n"), None), TextEncoding::Vni);
        let lower = nfc.to_lowercase();
        let tcvn: Vec<String> = lower.lines().filter_map(encode_tcvn3).collect();
        assert_eq!(
            classify(&tcvn.join("\n"), None),
            TextEncoding::Tcvn3 { upper: false }
        );
        assert!(
            vni.len() * 10 > nfc.lines().count() * 9 && tcvn.len() * 10 > nfc.lines().count() * 9
        );
        docs += 2;
    }
    eprintln!(
        "round trip: {long} long lines, {short_missed}/{short} short lines missed, {docs} docs"
    );
    if !seeds.is_empty() {
        assert!(docs >= 2 * seeds.len(), "{docs}");
        assert!(long > 500, "{long}");
        assert!(short_missed * 50 <= short, "{short_missed}/{short}");
    }
}

/// Genuine Unicode Vietnamese is never decoded: every seed line with
/// letters classifies as Unicode (with and without an unrelated font name).
#[test]
fn seeds_classify_unicode() {
    for text in seed_texts() {
        assert_eq!(classify(&text, None), TextEncoding::Unicode);
        for line in text.lines() {
            if line.chars().any(char::is_alphabetic) {
                assert_eq!(classify(line, None), TextEncoding::Unicode, "{line}");
                assert_eq!(
                    classify(line, Some("ABCDEF+TimesNewRomanPSMT")),
                    TextEncoding::Unicode,
                    "{line}"
                );
                // Unicode letters beat a misleading legacy font name.
                if line.chars().any(|c| ('\u{1EA0}'..='\u{1EF9}').contains(&c)) {
                    assert_eq!(
                        classify(line, Some(".VnTime")),
                        TextEncoding::Unicode,
                        "{line}"
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------- unusable

#[test]
fn wrong_tounicode_is_unusable() {
    let page = LAOCAI14_PAGE1.join("\n");
    assert_eq!(classify(&page, None), TextEncoding::Unusable);
    assert_eq!(
        classify(&page, Some("RCTBMF+TimesNewRomanPSMT")),
        TextEncoding::Unusable
    );
    assert_eq!(classify("6Ӣ CÔNG 7+ѬѪ1*", None), TextEncoding::Unusable);
    assert_eq!(
        classify(
            "KiӇm tra YLӋF FKҩS hành pháp OXұW trong sӱ dөng và bҧo quҧn vұt liӋu nә",
            None
        ),
        TextEncoding::Unusable
    );
    assert!(syllable_score(&page) < 0.5);
}

#[test]
fn hidden_ocr_without_diacritics_is_unusable() {
    let ocr = "QUYET DINH SO 115/2004/QD-TTG NGAY 25 THANG 6 NAM 2004 VE VIEC SUA DOI, BO SUNG \
               QUY CHE THANH LAP, TO CHUC VA HOAT DONG CUA QUY BAO LANH TIN DUNG";
    assert_eq!(classify(ocr, None), TextEncoding::Unusable);
    assert!(has_vietnamese_diacritics_share(ocr) < 0.05);
    let ocr2 = "QUYTTDINH Ldm D6ng Quyet dinh so 115 ngay 25 thang 6 nam 2004 cua Thu tuong Chinh phu ve viec";
    assert_eq!(classify(ocr2, None), TextEncoding::Unusable);
    // Short ASCII labels are no evidence either way.
    assert_eq!(classify("Ban hanh", None), TextEncoding::Unicode);
}

#[test]
fn font_names() {
    use TextEncoding::*;
    let t = |upper| Some(Tcvn3 { upper });
    assert_eq!(encoding_from_font_name(".VnTime"), t(false));
    assert_eq!(encoding_from_font_name("GDNPME+VnTimeH"), t(true));
    assert_eq!(encoding_from_font_name("GDNPMG+VnTimeHBold"), t(true));
    assert_eq!(encoding_from_font_name("VnTimeH,Bold"), t(true));
    assert_eq!(encoding_from_font_name("FBHPLC+VnTimeBoldItalic"), t(false));
    assert_eq!(encoding_from_font_name(".VnArialH"), t(true));
    assert_eq!(encoding_from_font_name("VnArial-Bold"), t(false));
    assert_eq!(encoding_from_font_name("VnTimes"), t(false));
    assert_eq!(encoding_from_font_name("VNI-Times"), Some(Vni));
    assert_eq!(encoding_from_font_name("ABCDEF+VNI-Helve-Bold"), Some(Vni));
    assert_eq!(encoding_from_font_name("TimesNewRomanPSMT"), None);
    assert_eq!(encoding_from_font_name("Arial"), None);
    assert_eq!(encoding_from_font_name("Verdana"), None);
}

#[test]
fn classify_page_groups_by_font() {
    let runs = [
        ("QuyÕt", Some("GDNPME+VnTimeH")),
        ("®Þnh", Some("GDNPME+VnTimeH")),
        ("C¨n cø LuËt Tæ chøc ChÝnh phñ", Some("GDNPNI+VnTime")),
        ("Kế hoạch", Some("Arial")),
        ("12", None),
    ];
    let encs = classify_page(&runs);
    assert_eq!(
        encs,
        vec![
            TextEncoding::Tcvn3 { upper: true },
            TextEncoding::Tcvn3 { upper: true },
            TextEncoding::Tcvn3 { upper: false },
            TextEncoding::Unicode,
            TextEncoding::Unicode,
        ]
    );
    assert_eq!(decode(runs[2].0, encs[2]), "Căn cứ Luật Tổ chức Chính phủ");
    assert!(classify_page(&[]).is_empty());
}

// ---------------------------------------------------------- syllables

#[test]
fn syllables() {
    for w in [
        "nghiêng", "Nguyễn", "quốc", "quyết", "quỳnh", "giữa", "gì", "giếng", "khuya", "thuở",
        "oán", "hoà", "hòa", "thuỷ", "thủy", "ĐIỀU", "xoong", "yêu", "kỹ", "ương", "Uỷ",
    ] {
        assert!(is_valid_syllable(w), "{w}");
        let nfd: String = w.nfd().collect();
        assert!(is_valid_syllable(&nfd), "{w} (NFD)");
    }
    for w in [
        "tỏy",
        "cé",
        "ka",
        "ghu",
        "ngi",
        "bàc",
        "thảt",
        "QuyÕt",
        "Thñ",
        "ăi",
        "hoạchh",
        "D6ng",
        "qua\u{0301}\u{0300}",
    ] {
        assert!(!is_valid_syllable(w), "{w}");
    }
    let st = syllable_stats("UBND tỉnh, HĐND, QĐ-TTg, CNTT 2024 K1 http://a.gov.vn");
    assert_eq!((st.valid, st.invalid), (1, 0));
    assert_eq!(syllable_score(""), 0.0);
    assert!((syllable_score("Kế hoạch số 12") - 1.0).abs() < f32::EPSILON);
}

#[test]
fn rhyme_table_sorted() {
    assert!(syllable::RHYMES.windows(2).all(|w| w[0] < w[1]));
}

// ---------------------------------------------------------- robustness

#[test]
fn no_panic_on_arbitrary_input() {
    let palette: Vec<char> = "aeiouyAEIOUYbcdđghknqtrxzQĐ -−\u{AD}\u{2010}\u{2219}\u{3BC}0123456789/.,;:()\"'“”–…•€\u{80}\u{9F}\u{A0}\u{300}\u{301}\u{302}\u{303}\u{306}\u{309}\u{31B}\u{323}\u{308}ӋѭѪ˱͉ǊĈÿ🙂\u{FFFD}\n\t"
        .chars()
        .chain(('\u{A1}'..='\u{FF}').step_by(1))
        .collect();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for len in 0..400 {
        let mut s = String::new();
        for _ in 0..len % 60 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push(palette[(x % palette.len() as u64) as usize]);
        }
        for font in [None, Some(".VnTimeH"), Some("VNI-Times"), Some("+")] {
            let enc = classify(&s, font);
            let _ = decode(&s, enc);
        }
        let _ = decode_tcvn3(&s, true);
        let _ = decode_vni(&s);
        let score = syllable_score(&s);
        assert!((0.0..=1.0).contains(&score));
        let share = has_vietnamese_diacritics_share(&s);
        assert!((0.0..=1.0).contains(&share));
    }
}

/// `cargo test --release --lib legacy::tests::perf -- --ignored --nocapture`
#[test]
#[ignore]
fn perf_decode_100kb() {
    let line = TTG30_PAGE1
        .iter()
        .map(|t| t.0)
        .collect::<Vec<_>>()
        .join("\n");
    let mut big = String::new();
    while big.len() < 100_000 {
        big.push_str(&line);
        big.push('\n');
    }
    let vni = encode_vni(
        &TTG30_PAGE1
            .iter()
            .map(|t| t.2)
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap_or_default();
    let mut bigv = String::new();
    while bigv.len() < 100_000 {
        bigv.push_str(&vni);
        bigv.push('\n');
    }
    for (name, f) in [
        (
            "decode_tcvn3",
            &(|| decode_tcvn3(&big, false).len()) as &dyn Fn() -> usize,
        ),
        ("decode_vni", &|| decode_vni(&bigv).len()),
        ("syllable_stats", &|| syllable_stats(&big).valid),
        ("classify", &|| {
            usize::from(classify(&big, None) == TextEncoding::Unicode)
        }),
    ] {
        let mut sink = f(); // warm-up
        let (mut best, mut total) = (f64::MAX, 0.0);
        let n = 50;
        for _ in 0..n {
            let t = std::time::Instant::now();
            sink += f();
            let dt = t.elapsed().as_secs_f64();
            best = best.min(dt);
            total += dt;
        }
        println!(
            "{name}: best {:.2} ms, mean {:.2} ms per {} KB ({sink})",
            best * 1e3,
            total * 1e3 / n as f64,
            big.len() / 1000
        );
    }
}

/// A `.VnTime` font over codes that are symbols (a symbol font's private
/// use area) is not
/// labelled TCVN3 just because of its name, even with no word to score;
/// a run of numbers in the same font still is.
#[test]
fn legacy_font_name_over_symbols_is_unusable() {
    let pua: String = (0..40)
        .map(|i| char::from_u32(0xF06C + (i % 7)).unwrap())
        .collect::<String>()
        + " \u{F0B7}\u{F0B7} \u{F0A7}";
    assert_eq!(classify(&pua, Some(".VnTime")), TextEncoding::Unusable);
    let numbers = "1.234.567 2.345 12,5% 3.000 4.000 5.000 (6) 7.890 100 200 300";
    assert_eq!(
        classify(numbers, Some(".VnTime")),
        TextEncoding::Tcvn3 { upper: false }
    );
    assert_eq!(
        classify("QuyÕt ®Þnh sè 115", Some(".VnTime")),
        TextEncoding::Tcvn3 { upper: false }
    );
}
