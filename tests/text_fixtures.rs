//! End-to-end: every fixture PDF → normalised text, compared with the text it
//! was typeset from (`fixtures/expected/<stem>.txt`).

mod common;
use common::*;
use std::collections::HashSet;
use unicode_normalization::is_nfc;

#[test]
fn body_text_matches_the_source_text() {
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for pdf in fixture_pdfs() {
        let Some(expected) = expected_text(&pdf) else {
            continue;
        };
        let doc = convert(&pdf);
        let got = fold_ws(&doc.text.render());
        let want = fold_ws(&kehoach::normalize::clean(&expected));
        let sim = similarity(&got, &want);
        let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
        report.push(format!("{name:<32} {sim:.6}"));
        if sim < 0.995 {
            failures.push(format!("{name}: {sim:.4}"));
        }
    }
    eprintln!("similarity per fixture:\n{}", report.join("\n"));
    assert!(
        report.len() >= 9,
        "only {} fixtures with expected text",
        report.len()
    );
    assert!(failures.is_empty(), "below 0.995: {failures:?}");
}

/// No glued words (`Kếhoạch`) and no split words (`Kế ho ạch`): every token
/// of the output that the source does not have must not be two source tokens
/// run together or a piece of one.
#[test]
fn word_boundaries_are_right() {
    for pdf in fixture_pdfs() {
        let Some(expected) = expected_text(&pdf) else {
            continue;
        };
        let doc = convert(&pdf);
        let vocab: HashSet<&str> = expected.split_whitespace().collect();
        let out = doc.text.render();
        let mut bad = Vec::new();
        for tok in out.split_whitespace() {
            if vocab.contains(tok) {
                continue;
            }
            let chars: Vec<(usize, char)> = tok.char_indices().collect();
            let glued = chars.iter().skip(1).any(|&(i, _)| {
                vocab.contains(&tok[..i])
                    && vocab.contains(&tok[i..])
                    && tok[..i].chars().all(char::is_alphabetic)
            });
            let split = tok.chars().all(char::is_alphabetic)
                && !vocab
                    .iter()
                    .any(|v| v.contains(tok) && v.len() == tok.len())
                && vocab.iter().any(|v| {
                    v.chars().all(char::is_alphabetic) && v.len() > tok.len() && v.starts_with(tok)
                });
            if glued || split {
                bad.push(tok.to_string());
            }
        }
        assert!(
            bad.is_empty(),
            "{}: wrong word boundaries: {bad:?}",
            pdf.display()
        );
    }
}

#[test]
fn text_is_nfc_even_from_a_decomposed_pdf() {
    let nfd: Vec<_> = fixture_pdfs()
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("nfd"))
        .collect();
    assert!(!nfd.is_empty(), "an NFD fixture exists");
    for pdf in fixture_pdfs() {
        let doc = convert(&pdf);
        assert!(is_nfc(&doc.text.render()), "{} not NFC", pdf.display());
    }
}

#[test]
fn page_numbers_are_not_in_the_body() {
    for pdf in fixture_pdfs() {
        let doc = convert(&pdf);
        if doc.pages.len() < 2 {
            continue;
        }
        for p in &doc.text.paragraphs {
            let t = p.text.trim().trim_matches('-').trim();
            assert!(
                t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()),
                "{}: page number left in body: {:?} (page {})",
                pdf.display(),
                p.text,
                p.page
            );
        }
        let removed: Vec<_> = doc
            .text
            .removed
            .iter()
            .filter(|r| r.reason == "page_number")
            .collect();
        assert!(
            removed.len() + 1 >= doc.pages.len(),
            "{}: only {} page numbers removed for {} pages",
            pdf.display(),
            removed.len(),
            doc.pages.len()
        );
    }
}

#[test]
fn footnote_is_separated_from_the_body() {
    let pdf = root().join("fixtures/pdf/seed-000.pdf");
    let doc = convert(&pdf);
    assert_eq!(doc.text.footnotes.len(), 1, "{:?}", doc.text.footnotes);
    let f = &doc.text.footnotes[0];
    assert!(
        f.text
            .starts_with("Nền tảng tích hợp, chia sẻ dữ liệu LGSP"),
        "{f:?}"
    );
    assert!(f.text.ends_with("(SOC)."), "{f:?}");
    assert!(doc
        .text
        .paragraphs
        .iter()
        .all(|p| !p.text.contains("Nền tảng tích hợp, chia sẻ dữ liệu LGSP")));
}
