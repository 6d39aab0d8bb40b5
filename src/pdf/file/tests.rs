//! Engine tests on small PDFs built in memory with lopdf.

use super::*;
use crate::pdf::{Glyph, Rule};
use lopdf::{dictionary, Stream};

/// A WinAnsi Helvetica with explicit widths: 500 for everything, 700 for `A`.
fn simple_font(doc: &mut Document) -> ObjectId {
    let mut widths: Vec<Object> = vec![Object::Integer(500); 224];
    widths[(b'A' - 32) as usize] = Object::Integer(700);
    doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "ABCDEF+Helvetica",
        "Encoding" => "WinAnsiEncoding",
        "FirstChar" => 32,
        "LastChar" => 255,
        "Widths" => widths,
    })
}

struct Built {
    doc: Document,
    resources: Dictionary,
    page_extra: Dictionary,
}

impl Built {
    fn new() -> Built {
        let mut doc = Document::with_version("1.5");
        let f1 = simple_font(&mut doc);
        Built {
            doc,
            resources: dictionary! { "Font" => dictionary! { "F1" => f1 } },
            page_extra: Dictionary::new(),
        }
    }

    /// Saves a one-page document (US Letter unless `page_extra` says).
    fn save(mut self, contents: Object) -> Vec<u8> {
        let doc = &mut self.doc;
        let pages_id = doc.new_object_id();
        let contents = match contents {
            Object::Stream(s) => Object::Reference(doc.add_object(s)),
            o => o,
        };
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => contents,
            "Resources" => self.resources,
        };
        for (k, v) in self.page_extra.iter() {
            page.set(k.clone(), v.clone());
        }
        let page_id = doc.add_object(page);
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page_id.into()],
                "Count" => 1,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("save");
        out
    }
}

fn content(ops: &str) -> Object {
    Object::Stream(Stream::new(Dictionary::new(), ops.as_bytes().to_vec()))
}

fn one_page(b: Built, ops: &str) -> Page {
    let bytes = b.save(content(ops));
    let f = PdfFile::open(&bytes, Limits::default()).expect("open");
    f.page(0)
}

fn text(p: &Page) -> String {
    p.glyphs.iter().map(|g| g.ch).collect()
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.01
}

fn at(g: &Glyph, ch: char, x: f32, y: f32, w: f32, size: f32) {
    assert_eq!(g.ch, ch, "{g:?}");
    assert!(
        close(g.x, x) && close(g.y, y),
        "{ch}: want ({x},{y}) got {g:?}"
    );
    assert!(close(g.width, w), "{ch}: want width {w} got {g:?}");
    assert!(close(g.size, size), "{ch}: want size {size} got {g:?}");
}

#[test]
fn pdf_file_is_sync_and_send() {
    fn check<T: Sync + Send>() {}
    check::<PdfFile>();
}

#[test]
fn win_ansi_text_positions() {
    let p = one_page(
        Built::new(),
        "BT /F1 10 Tf 100 700 Td (AB) Tj [(C) -1000 (D)] TJ 0 -20 Td (\\351\\223) Tj \
         2 Tc 3 Tw 12 TL T* ( A) Tj ET",
    );
    assert_eq!(text(&p), "ABCDé\u{201C} A");
    let g = &p.glyphs;
    at(&g[0], 'A', 100.0, 92.0, 7.0, 10.0);
    at(&g[1], 'B', 107.0, 92.0, 5.0, 10.0);
    at(&g[2], 'C', 112.0, 92.0, 5.0, 10.0);
    at(&g[3], 'D', 127.0, 92.0, 5.0, 10.0);
    at(&g[4], 'é', 100.0, 112.0, 5.0, 10.0);
    assert_eq!(g[4].code, 0xE9);
    // Space: 5 + Tc 2 + Tw 3; 'A': 7 + Tc 2.
    at(&g[6], ' ', 100.0, 124.0, 10.0, 10.0);
    at(&g[7], 'A', 110.0, 124.0, 9.0, 10.0);
    assert_eq!(p.fonts.len(), 1);
    assert_eq!(p.fonts[0].base_font, "Helvetica");
    assert_eq!(p.fonts[0].encoding, "WinAnsiEncoding");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert!((p.width, p.height) == (612.0, 792.0));
}

#[test]
fn text_matrix_scaling_and_rise() {
    // Tm scales by 2, Tz 50 halves advances, Ts lifts the baseline.
    let p = one_page(
        Built::new(),
        "BT /F1 10 Tf 2 0 0 2 100 700 Tm 50 Tz 1 Ts (AB) Tj ET",
    );
    at(&p.glyphs[0], 'A', 100.0, 90.0, 7.0, 20.0);
    at(&p.glyphs[1], 'B', 107.0, 90.0, 5.0, 20.0);
}

#[test]
fn to_unicode_overrides_encoding() {
    let mut b = Built::new();
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <00> <FF> endcodespacerange\n\
        2 beginbfchar <41> <1EBF> <42> <00660069> endbfchar\n\
        1 beginbfrange <61> <63> <0103> endbfrange\nendcmap end end";
    let tu = b
        .doc
        .add_object(Stream::new(Dictionary::new(), cmap.to_vec()));
    let f2 = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Arial",
        "Encoding" => "WinAnsiEncoding", "FirstChar" => 65, "LastChar" => 66,
        "Widths" => vec![600.into(), 800.into()], "ToUnicode" => tu,
    });
    b.resources = dictionary! { "Font" => dictionary! { "F2" => f2 } };
    let p = one_page(b, "BT /F2 10 Tf 0 0 Td (ABabcZ) Tj ET");
    assert_eq!(text(&p), "ếfiăĄąZ");
    // The ligature's two characters share the advance of code 0x42.
    at(&p.glyphs[1], 'f', 6.0, 792.0, 4.0, 10.0);
    at(&p.glyphs[2], 'i', 10.0, 792.0, 4.0, 10.0);
    assert_eq!(p.glyphs[1].code, 0x42);
    assert!(p.fonts[0].has_to_unicode);
}

#[test]
fn differences_and_legacy_bytes() {
    let mut b = Built::new();
    let f3 = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => ".VnTime",
        "Encoding" => dictionary! {
            "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![0x41.into(), Object::Name(b"ohorn".to_vec()), Object::Name(b"g77".to_vec())],
        },
    });
    b.resources = dictionary! { "Font" => dictionary! { "F3" => f3 } };
    let p = one_page(b, "BT /F3 10 Tf (AB\\325\\256) Tj ET");
    // Unknown glyph name → the raw byte's WinAnsi character.
    assert_eq!(text(&p), "ơBÕ®");
    assert_eq!(p.glyphs[2].code, 0xD5);
    assert_eq!(p.fonts[0].encoding, "custom");
    assert_eq!(p.fonts[0].base_font, ".VnTime");
}

#[test]
fn identity_h_cid_font() {
    let mut b = Built::new();
    let cmap = b"begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        2 beginbfchar <0001> <01B0> <0002> <1EE3> endbfchar endcmap";
    let tu = b
        .doc
        .add_object(Stream::new(Dictionary::new(), cmap.to_vec()));
    let cid = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "XYZABC+TimesNewRomanPSMT",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "DW" => 1000,
        "W" => vec![1.into(), vec![600.into(), 700.into()].into(), 16.into(), 20.into(), 400.into()],
    });
    let f0 = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "XYZABC+TimesNewRomanPSMT",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()], "ToUnicode" => tu,
    });
    b.resources = dictionary! { "Font" => dictionary! { "F0" => f0 } };
    let p = one_page(b, "BT /F0 10 Tf 50 700 Td <000100020010 0030> Tj ET");
    assert_eq!(text(&p), "ượ\u{FFFD}\u{FFFD}");
    at(&p.glyphs[0], 'ư', 50.0, 92.0, 6.0, 10.0);
    at(&p.glyphs[1], 'ợ', 56.0, 92.0, 7.0, 10.0);
    assert_eq!(p.glyphs[2].code, 0x10);
    at(&p.glyphs[2], '\u{FFFD}', 63.0, 92.0, 4.0, 10.0);
    at(&p.glyphs[3], '\u{FFFD}', 67.0, 92.0, 10.0, 10.0); // DW
    assert_eq!(p.fonts[0].encoding, "Identity-H");
    assert_eq!(p.fonts[0].base_font, "TimesNewRomanPSMT");
}

#[test]
fn rotate_90_reads_left_to_right() {
    let mut b = Built::new();
    b.page_extra = dictionary! {
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Rotate" => 90,
    };
    let p = one_page(b, "BT /F1 10 Tf 0 1 -1 0 300 100 Tm (AB) Tj ET");
    assert_eq!((p.width, p.height, p.rotate), (842.0, 595.0, 90));
    at(&p.glyphs[0], 'A', 100.0, 300.0, 7.0, 10.0);
    at(&p.glyphs[1], 'B', 107.0, 300.0, 5.0, 10.0);
}

#[test]
fn crop_box_with_offset_origin() {
    let mut b = Built::new();
    b.page_extra = dictionary! {
        "MediaBox" => vec![(-100).into(), (-100).into(), 700.into(), 900.into()],
        "CropBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
    };
    let p = one_page(b, "BT /F1 10 Tf 100 700 Td (A) Tj ET");
    assert_eq!((p.width, p.height), (600.0, 800.0));
    at(&p.glyphs[0], 'A', 100.0, 100.0, 7.0, 10.0);
}

#[test]
fn rules_from_fills_and_strokes() {
    let p = one_page(
        Built::new(),
        "0 0 0 rg 50 700 200 0.5 re f \
         50 600 m 250 600 l S \
         50 500 m 50 400 l 100 450 l S \
         10 10 100 100 re S \
         20 20 30 30 re f \
         300 300 m 300 301 l 400 301 l 400 300 l h f \
         0 0 m 10 10 20 10 30 0 c S \
         500 500 m 550 500 l 550 550 l s \
         5 5 100 100 re W n",
    );
    let r = &p.rules;
    let want = [
        Rule {
            x0: 50.0,
            y0: 91.5,
            x1: 250.0,
            y1: 92.0,
        },
        Rule {
            x0: 50.0,
            y0: 192.0,
            x1: 250.0,
            y1: 192.0,
        },
        Rule {
            x0: 50.0,
            y0: 292.0,
            x1: 50.0,
            y1: 392.0,
        },
        Rule {
            x0: 10.0,
            y0: 782.0,
            x1: 110.0,
            y1: 782.0,
        },
        Rule {
            x0: 110.0,
            y0: 682.0,
            x1: 110.0,
            y1: 782.0,
        },
        Rule {
            x0: 10.0,
            y0: 682.0,
            x1: 110.0,
            y1: 682.0,
        },
        Rule {
            x0: 10.0,
            y0: 682.0,
            x1: 10.0,
            y1: 782.0,
        },
        Rule {
            x0: 300.0,
            y0: 491.0,
            x1: 400.0,
            y1: 492.0,
        },
        Rule {
            x0: 500.0,
            y0: 292.0,
            x1: 550.0,
            y1: 292.0,
        },
        Rule {
            x0: 550.0,
            y0: 242.0,
            x1: 550.0,
            y1: 292.0,
        },
    ];
    assert_eq!(r.len(), want.len(), "{r:?}");
    for (got, want) in r.iter().zip(want.iter()) {
        assert!(
            close(got.x0, want.x0)
                && close(got.y0, want.y0)
                && close(got.x1, want.x1)
                && close(got.y1, want.y1),
            "got {got:?} want {want:?}"
        );
    }
    assert!(r[0].is_horizontal() && r[2].is_vertical());
}

#[test]
fn rules_follow_ctm() {
    let p = one_page(
        Built::new(),
        "q 2 0 0 2 10 10 cm 0 0 m 50 0 l S Q 0 0 m 0 10 l S",
    );
    assert_eq!(p.rules.len(), 2);
    assert!(
        close(p.rules[0].x0, 10.0) && close(p.rules[0].x1, 110.0) && close(p.rules[0].y0, 782.0)
    );
    assert!(close(p.rules[1].y0, 782.0) && close(p.rules[1].y1, 792.0));
}

#[test]
fn form_xobject_images_and_inline_images() {
    let mut b = Built::new();
    let f2 = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier",
    });
    let form = b.doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 100.into(), 0.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F2" => f2 } },
        },
        b"BT /F2 10 Tf 10 10 Td (X) Tj ET 0 0 m 100 0 l S".to_vec(),
    ));
    let image = b.doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        vec![0],
    ));
    b.resources
        .set("XObject", dictionary! { "Fm1" => form, "Im1" => image });
    let p = one_page(
        b,
        "q 1 0 0 1 0 100 cm /Fm1 Do Q /Im1 Do \
         BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\x01 EI \
         BT /F1 10 Tf 10 10 Td (Y) Tj ET",
    );
    assert_eq!(text(&p), "XY");
    at(&p.glyphs[0], 'X', 110.0, 682.0, 6.0, 10.0);
    assert_eq!(p.glyphs[0].font, 0);
    assert_eq!(p.fonts[0].base_font, "Courier");
    assert_eq!(p.glyphs[1].font, 1);
    assert_eq!(p.images, 2);
    assert_eq!(p.rules.len(), 1);
    assert!(close(p.rules[0].x0, 100.0) && close(p.rules[0].y0, 692.0));
}

#[test]
fn cyclic_form_terminates() {
    let mut b = Built::new();
    let id = b.doc.new_object_id();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Resources" => dictionary! {
                "XObject" => dictionary! { "Me" => id },
                "Font" => dictionary! { "F1" => Object::Reference((1, 0)) },
            },
        },
        b"BT /F1 10 Tf (Z) Tj ET /Me Do".to_vec(),
    );
    b.doc.objects.insert(id, Object::Stream(form));
    b.resources.set("XObject", dictionary! { "Me" => id });
    let p = one_page(b, "/Me Do");
    assert_eq!(text(&p), "Z");
    assert!(
        p.warnings.iter().any(|w| w.contains("cycle")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn garbage_operators_cost_only_themselves() {
    let p = one_page(
        Built::new(),
        "BT /F1 10 Tf 100 700 Td (AB) Tj \x00\u{7f} ) ] >> } 1.2.3 foo [[[ ET BT /F1 10 Tf (CD) Tj ET",
    );
    assert_eq!(text(&p), "ABCD");
}

#[test]
fn corrupt_content_stream_keeps_the_start() {
    use std::io::Write;
    let mut ops = String::from("BT /F1 10 Tf 100 700 Td (AB) Tj ET\n");
    for i in 0..20_000u32 {
        ops.push_str(&format!(
            "{} {} m\n",
            i.wrapping_mul(2654435761) % 9973,
            i % 613
        ));
    }
    ops.push_str("BT /F1 10 Tf (CD) Tj ET\n");
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(ops.as_bytes()).expect("compress");
    let mut packed = z.finish().expect("compress");
    let half = packed.len() / 2;
    packed.truncate(half);
    packed.extend_from_slice(b"garbage!");
    let stream =
        Stream::new(dictionary! { "Filter" => "FlateDecode" }, packed).with_compression(false);
    let bytes = Built::new().save(Object::Stream(stream));
    let f = PdfFile::open(&bytes, Limits::default()).expect("open");
    let p = f.page(0);
    assert_eq!(text(&p), "AB");
    assert!(
        p.warnings.iter().any(|w| w.contains("damaged")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn several_content_streams_are_concatenated() {
    let mut b = Built::new();
    let s1 = b.doc.add_object(Stream::new(
        Dictionary::new(),
        b"BT /F1 10 Tf 100 700".to_vec(),
    ));
    let s2 = b
        .doc
        .add_object(Stream::new(Dictionary::new(), b"Td (AB) Tj ET".to_vec()));
    let bytes = b.save(Object::Array(vec![
        s1.into(),
        s2.into(),
        Object::Reference((999, 0)),
    ]));
    let p = PdfFile::open(&bytes, Limits::default())
        .expect("open")
        .page(0);
    assert_eq!(text(&p), "AB");
    at(&p.glyphs[0], 'A', 100.0, 92.0, 7.0, 10.0);
    assert!(
        p.warnings.iter().any(|w| w.contains("999 0 R")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn limits_bound_the_work() {
    let bytes = Built::new().save(content("BT /F1 10 Tf (ABCDEFGH) Tj ET 0 0 m 10 0 l S"));
    let limits = Limits {
        max_glyphs_per_page: 3,
        ..Limits::default()
    };
    let p = PdfFile::open(&bytes, limits).expect("open").page(0);
    assert_eq!(p.glyphs.len(), 3);
    assert!(p.warnings.iter().any(|w| w.contains("limit")));
    let limits = Limits {
        max_ops_per_page: 2,
        ..Limits::default()
    };
    let p = PdfFile::open(&bytes, limits).expect("open").page(0);
    assert!(p.glyphs.is_empty() && p.rules.is_empty());
}

#[test]
fn hostile_nesting_does_not_overflow() {
    let mut ops = "[".repeat(200_000);
    ops.push_str(&"q ".repeat(10_000));
    ops.push_str("BT /F1 10 Tf (A) Tj ET");
    let p = one_page(Built::new(), &ops);
    assert_eq!(text(&p), "A");
}

#[test]
fn invisible_text_is_kept_and_counted() {
    let p = one_page(Built::new(), "BT /F1 10 Tf 3 Tr (AB) Tj 0 Tr (C) Tj ET");
    assert_eq!(text(&p), "ABC");
    assert_eq!(p.invisible_glyphs, 2);
}

#[test]
fn missing_font_keeps_text() {
    let p = one_page(Built::new(), "BT /F9 10 Tf (Hi) Tj ET");
    assert_eq!(text(&p), "Hi");
    assert_eq!(p.fonts[0].subtype, "missing");
    assert!(!p.warnings.is_empty());
}

#[test]
fn info_fields() {
    let mut b = Built::new();
    let info = b.doc.add_object(dictionary! {
        "Title" => Object::String(b"\xFE\xFF\x00K\x1E\xBF\x00 \x00h\x00o\x1E\xA1\x00c\x00h".to_vec(), lopdf::StringFormat::Hexadecimal),
        "Producer" => Object::string_literal("LibreOffice 7.4"),
        "Author" => Object::string_literal(""),
        "CreationDate" => Object::string_literal("D:20220114093000+07'00'"),
    });
    b.doc.trailer.set("Info", info);
    let bytes = b.save(content("BT /F1 10 Tf (A) Tj ET"));
    let f = PdfFile::open(&bytes, Limits::default()).expect("open");
    let i = f.info();
    assert_eq!(i.pages, 1);
    assert_eq!(i.pdf_version, "1.5");
    assert_eq!(i.title.as_deref(), Some("Kế hoạch"));
    assert_eq!(i.producer.as_deref(), Some("LibreOffice 7.4"));
    assert_eq!(i.author, None);
    assert_eq!(
        i.creation_date.as_deref(),
        Some("2022-01-14T09:30:00+07:00")
    );
    assert!(!i.encrypted);
}

fn encrypted(user_password: &str) -> Vec<u8> {
    let b = Built::new();
    let bytes = b.save(content("BT /F1 10 Tf 100 700 Td (AB) Tj ET"));
    let mut doc = Document::load_mem(&bytes).expect("reload");
    let id = Object::String(
        b"0123456789abcdef".to_vec(),
        lopdf::StringFormat::Hexadecimal,
    );
    doc.trailer.set("ID", vec![id.clone(), id]);
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner-secret",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    })
    .expect("state");
    doc.encrypt(&state).expect("encrypt");
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

#[test]
fn owner_password_only_is_decrypted() {
    let f = PdfFile::open(&encrypted(""), Limits::default()).expect("open");
    assert!(f.info().encrypted);
    assert_eq!(text(&f.page(0)), "AB");
}

#[test]
fn user_password_is_refused() {
    let r = PdfFile::open(&encrypted("user-secret"), Limits::default());
    assert!(matches!(r, Err(PdfError::Encrypted)), "{:?}", r.err());
}

#[test]
fn classification() {
    assert!(matches!(
        PdfFile::open(b"", Limits::default()),
        Err(PdfError::Empty)
    ));
    match PdfFile::open(b"Hello, this is a text file\nnot a PDF", Limits::default()) {
        Err(PdfError::NotPdf(why)) => assert!(why.contains("plain text"), "{why}"),
        r => panic!("{:?}", r.err()),
    }
    match PdfFile::open(
        b"PK\x03\x04\x14\x00\x00\x00word/document.xml",
        Limits::default(),
    ) {
        Err(PdfError::NotPdf(why)) => assert!(why.contains("DOCX"), "{why}"),
        r => panic!("{:?}", r.err()),
    }
    match PdfFile::open(
        b"\n<!DOCTYPE html><html><body>404</body></html>",
        Limits::default(),
    ) {
        Err(PdfError::NotPdf(why)) => assert!(why.contains("HTML"), "{why}"),
        r => panic!("{:?}", r.err()),
    }
    let good = Built::new().save(content("BT /F1 10 Tf (A) Tj ET"));
    // Truncated right after the header: nothing to recover.
    let r = PdfFile::open(&good[..20], Limits::default());
    assert!(matches!(r, Err(PdfError::Damaged(_))), "{:?}", r.err());
    // No page tree at all.
    let mut doc = Document::with_version("1.4");
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog" });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    let r = PdfFile::open(&bytes, Limits::default());
    assert!(matches!(r, Err(PdfError::NoPages)), "{:?}", r.err());
}

#[test]
fn broken_xref_is_repaired() {
    let good = Built::new().save(content("BT /F1 10 Tf (AB) Tj ET"));
    let s = String::from_utf8_lossy(&good).into_owned();
    let pos = s.rfind("startxref").expect("startxref");
    let mut bad = good[..pos].to_vec();
    bad.extend_from_slice(b"startxref\n999999\n%%EOF\n");
    // Also shift every object by inserting bytes before them.
    let mut shifted = bad[..9].to_vec();
    shifted.extend_from_slice(b"% some junk inserted by a broken mailer\n");
    shifted.extend_from_slice(&bad[9..]);
    let f = PdfFile::open(&shifted, Limits::default()).expect("repaired");
    assert_eq!(f.page_count(), 1);
    assert!(f.was_repaired());
    assert_eq!(text(&f.page(0)), "AB");
}

#[test]
fn cyclic_page_tree_terminates() {
    let mut doc = Document::with_version("1.4");
    let pages_id = doc.new_object_id();
    let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id,
    "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()] });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into(), pages_id.into()], "Count" => 1 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    let f = PdfFile::open(&bytes, Limits::default()).expect("open");
    assert_eq!(f.page_count(), 1);
    let p = f.page(0);
    assert!(p.glyphs.is_empty());
    assert_eq!(f.page(5).warnings.len(), 1);
}

#[test]
fn reading_matrix_rotations() {
    let bx = [0.0, 0.0, 200.0, 100.0];
    for (rot, want) in [
        (0, (10.0, 80.0)),
        (90, (20.0, 10.0)),
        (180, (190.0, 20.0)),
        (270, (80.0, 190.0)),
    ] {
        let (x, y) = reading_matrix(bx, rot).apply(10.0, 20.0);
        assert!(close(x, want.0) && close(y, want.1), "{rot}: ({x},{y})");
    }
}

/// A PDF written by hand (xref offsets computed), for inputs lopdf's writer
/// would not produce.
fn raw_pdf(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn raw_stream(content: &str) -> String {
    format!(
        "<< /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    )
}

#[test]
fn deeply_nested_objects_do_not_overflow() {
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    let dict_deep = format!("{}{}", "<< /A ".repeat(20_000), ">>".repeat(20_000));
    let bytes = raw_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Annots {deep} /X {dict_deep} >>"),
        raw_stream("BT /F1 10 Tf (AB) Tj ET"),
    ]);
    // A small stack, like a worker thread's.
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || match PdfFile::open(&bytes, Limits::default()) {
            Ok(f) => (0..f.page_count())
                .map(|i| f.page(i).glyphs.len())
                .sum::<usize>(),
            Err(_) => 0,
        })
        .expect("spawn");
    assert!(handle.join().is_ok());
}

#[test]
fn hand_written_pdf_without_fonts_dict() {
    let bytes = raw_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /Rotate 270 /MediaBox [0 0 200 100] >>".into(),
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>".into(),
        raw_stream("BT /F1 10 Tf 0 -1 1 0 20 180 Tm (AB) Tj ET"),
    ]);
    let f = PdfFile::open(&bytes, Limits::default()).expect("open");
    let p = f.page(0);
    // Inherited /Rotate 270: landscape 200x100 becomes 100 wide, 200 high.
    assert_eq!((p.width, p.height, p.rotate), (100.0, 200.0, 270));
    assert_eq!(text(&p), "AB");
    assert!(p.glyphs[1].x > p.glyphs[0].x);
    assert!(close(p.glyphs[0].y, p.glyphs[1].y));
}

#[test]
fn page_boxes_beyond_pdf_limits_are_cut_around_the_origin() {
    let mut w = Vec::new();
    let a4 = [0.0, 0.0, 595.0, 842.0];
    assert_eq!(limit_box(a4, &mut w), a4);
    assert!(w.is_empty());
    let huge = [-1e9, -1e9, 1e9, 1e9];
    assert_eq!(limit_box(huge, &mut w), [0.0, 0.0, 14_400.0, 14_400.0]);
    assert_eq!(w.len(), 1);
    assert!(w[0].contains("larger than PDF allows"), "{w:?}");
    // Origin near the top end: the window still holds it.
    assert_eq!(
        limit_box([-1e9, 0.0, 100.0, 842.0], &mut w),
        [-14_300.0, 0.0, 100.0, 842.0]
    );
    // Origin outside: from the lower-left corner.
    assert_eq!(
        limit_box([5e8, 0.0, 1e9, 842.0], &mut w),
        [5e8, 0.0, 5e8 + 14_400.0, 842.0]
    );
}

#[test]
fn scan_resolution_of_the_page_image() {
    // A 1700 × 2200 px scan painted over the whole US Letter page (8.5 × 11
    // in) is 200 dpi; a 300 px logo one inch wide is not the scan.
    let mut b = Built::new();
    let image = |doc: &mut Document, w: i64, h: i64| {
        doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
            vec![0],
        ))
    };
    let scan = image(&mut b.doc, 1700, 2200);
    let logo = image(&mut b.doc, 300, 300);
    b.resources
        .set("XObject", dictionary! { "Scan" => scan, "Logo" => logo });
    let p = one_page(
        b,
        "q 72 0 0 72 36 700 cm /Logo Do Q q 612 0 0 792 0 0 cm /Scan Do Q",
    );
    assert_eq!(p.images, 2);
    let dpi = p.scan_dpi.expect("scan resolution");
    assert!((dpi - 200.0).abs() < 0.01, "{dpi}");

    let mut b = Built::new();
    let logo = image(&mut b.doc, 300, 300);
    b.resources.set("XObject", dictionary! { "Logo" => logo });
    let p = one_page(b, "q 72 0 0 72 36 700 cm /Logo Do Q");
    assert_eq!((p.images, p.scan_dpi), (1, None));
}

/// The deadline is looked at inside the operator loop: a page of three
/// million operators read with a deadline already past stops after the
/// first few thousand, with a warning.
#[test]
fn deadline_stops_inside_a_page() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile/million-ops.pdf");
    let bytes = std::fs::read(path).unwrap();
    let limits = Limits {
        deadline: Some(std::time::Instant::now()),
        ..Limits::default()
    };
    let pdf = PdfFile::open(&bytes, limits).unwrap();
    let t = std::time::Instant::now();
    let page = pdf.page(0);
    assert!(
        t.elapsed() < std::time::Duration::from_millis(200),
        "{:?}",
        t.elapsed()
    );
    assert!(
        page.warnings
            .iter()
            .any(|w| w.starts_with("time limit reached")),
        "{:?}",
        page.warnings
    );
}

#[test]
fn exponent_numbers_are_patched_in_place() {
    let src = b"1 0 obj << /Rotate 1e40 /T (a 2e5 b) /H <1e40> >> endobj\n2 0 obj << /Length 4 >>\nstream\n1e40\nendstream endobj";
    let (patched, notes) = patch_exponent_numbers(src);
    let patched = patched.unwrap();
    assert_eq!(patched.len(), src.len());
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].1, "1e40");
    assert!(patched.starts_with(b"1 0 obj << /Rotate 0    /T (a 2e5 b) /H <1e40> >>"));
    assert!(patched.ends_with(b"stream\n1e40\nendstream endobj"));
    assert_eq!(object_at(&patched, notes[0].0), Some((1, 0)));
}

/// A /Rotate that is a real: a whole number of degrees is used, anything
/// else (45.5, a name) falls back to 0 with a warning; the text is kept.
#[test]
fn rotate_that_is_not_an_integer() {
    for (rot, want, warned) in [
        (Object::Real(90.0), 90, false),
        (Object::Real(45.5), 0, true),
        (Object::Name(b"Big".to_vec()), 0, true),
    ] {
        let mut b = Built::new();
        b.page_extra = dictionary! {
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Rotate" => rot.clone(),
        };
        let p = one_page(b, "BT /F1 10 Tf 100 700 Td (AB) Tj ET");
        assert_eq!(p.rotate, want, "{rot:?}");
        assert_eq!(p.glyphs.len(), 2, "{rot:?}");
        assert_eq!(
            p.warnings.iter().any(|w| w.starts_with("invalid /Rotate")),
            warned,
            "{rot:?}: {:?}",
            p.warnings
        );
    }
}

/// Content that shows text but yields no character is never silent.
#[test]
fn text_operators_without_glyphs_warn() {
    let p = one_page(Built::new(), "BT /F1 10 Tf 100 700 Td () Tj [()] TJ ET");
    assert!(p.glyphs.is_empty());
    assert!(
        p.warnings
            .iter()
            .any(|w| w
                == "page shows text (2 text operators) but no character could be read from it"),
        "{:?}",
        p.warnings
    );
    // A page of rules only is not warned about.
    let p = one_page(Built::new(), "0 0 m 100 0 l S");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

/// A PNG predictor whose /Columns promise rows far longer than the data
/// decodes what is there (one partial row) without sizing buffers from it.
#[test]
fn predictor_columns_larger_than_data() {
    use lopdf::Object;
    let raw = [0u8, b'h', b'i'];
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut e, &raw).unwrap();
    let data = e.finish().unwrap();
    let parms = dictionary! { "Predictor" => 12, "Columns" => 1_000_000, "Colors" => 32, "BitsPerComponent" => 16 };
    let d = dictionary! { "Filter" => Object::Name(b"Fl".to_vec()), "DecodeParms" => parms };
    let out = crate::pdf::filters::decode(
        None,
        &d,
        crate::pdf::filters::DictKind::Stream,
        &data,
        1 << 20,
    );
    assert_eq!(out.bytes, b"hi");
}
