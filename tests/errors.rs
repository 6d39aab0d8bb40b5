//! `errors.csv` rows (one per repeated warning, with its severity, count and
//! pages) and what `extract` says on stderr: the closing summary, the
//! progress lines of a run whose stderr is not a terminal, `--quiet`.

mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn extract(out: &Path, inputs: &[&Path], extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .current_dir(root())
        .arg("extract")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(["--ocr", "never", "--jobs", "2"])
        .args(extra)
        .output()
        .expect("run kehoach")
}

/// A folder with a scanned PDF (no text layer on its 7 pages), a corrupt
/// PDF and a non-PDF file.
fn mixed_folder(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy(
        root().join("fixtures/scan/tasks-2024-scan.pdf"),
        dir.join("scan.pdf"),
    )
    .unwrap();
    std::fs::copy(
        root().join("fixtures/broken/truncated.pdf"),
        dir.join("corrupt.pdf"),
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "not a plan").unwrap();
}

#[test]
fn repeated_warnings_are_one_row_with_count_and_pages() {
    let t = tempfile::tempdir().unwrap();
    let (inp, out) = (t.path().join("in"), t.path().join("ds"));
    mixed_folder(&inp);
    let o = extract(&out, &[&inp], &[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rows = read_csv(&out.join("errors.csv"));
    let scan: Vec<_> = rows
        .iter()
        .filter(|r| r["source_file"].ends_with("scan.pdf"))
        .collect();
    let no_text: Vec<_> = scan
        .iter()
        .filter(|r| r["kind"] == "no_text_layer")
        .collect();
    assert_eq!(no_text.len(), 1, "{scan:?}");
    let r = no_text[0];
    assert_eq!(r["stage"], "ocr");
    assert_eq!(r["severity"], "warning");
    assert_eq!(r["count"], "7");
    assert_eq!(r["pages"], "1-7");
    assert!(r["message"].contains("no usable text layer"), "{r:?}");
    // No two rows of one file share stage, kind and message template.
    let mut keys: Vec<_> = rows
        .iter()
        .map(|r| {
            let tpl: String = r["message"]
                .chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .collect();
            (
                r["source_file"].clone(),
                r["stage"].clone(),
                r["kind"].clone(),
                tpl,
            )
        })
        .collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n, "{rows:?}");
    // Same inputs, same bytes.
    let again = t.path().join("ds2");
    extract(&again, &[&inp], &[]);
    assert_eq!(
        std::fs::read(out.join("errors.csv")).unwrap(),
        std::fs::read(again.join("errors.csv")).unwrap()
    );
}

#[test]
fn a_corrupt_pdf_is_an_error_and_named_in_the_summary() {
    let t = tempfile::tempdir().unwrap();
    let (inp, out) = (t.path().join("in"), t.path().join("ds"));
    mixed_folder(&inp);
    let o = extract(&out, &[&inp], &[]);
    let rows = read_csv(&out.join("errors.csv"));
    let bad: Vec<_> = rows
        .iter()
        .filter(|r| r["source_file"].ends_with("corrupt.pdf"))
        .collect();
    assert_eq!(bad.len(), 1, "{rows:?}");
    assert_eq!(bad[0]["severity"], "error");
    assert_eq!(bad[0]["stage"], "pdf");
    assert_eq!(bad[0]["count"], "1");
    assert_eq!(bad[0]["pages"], "");
    assert!(rows
        .iter()
        .filter(|r| !r["source_file"].ends_with("corrupt.pdf"))
        .all(|r| r["severity"] == "warning"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("1 input(s) failed"), "{err}");
    assert!(
        err.lines()
            .any(|l| l.contains("corrupt.pdf: ") && l.contains(bad[0]["message"].as_str())),
        "{err}"
    );
    assert!(
        err.contains(&out.join("errors.csv").display().to_string()),
        "{err}"
    );
    assert!(err.contains("1 non-PDF file(s) skipped"), "{err}");
    assert!(err.contains("notes.txt"), "{err}");
    // The folder is valid under its new columns.
    let v = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .arg("validate")
        .arg(&out)
        .output()
        .unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
}

#[test]
fn progress_lines_when_stderr_is_not_a_terminal() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("ds");
    let pdfs = root().join("fixtures/pdf");
    let o = extract(&out, &[&pdfs], &["--verbose"]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    let n = fixture_pdfs().len();
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("kehoach: ") && l.contains(&format!("/{n} files, ")))
        .collect();
    assert_eq!(lines.len(), n, "{err}");
    assert!(
        lines[n - 1].starts_with(&format!("kehoach: {n}/{n} files, ")),
        "{err}"
    );
    assert!(lines.iter().all(|l| l.contains("pages, text ")), "{err}");
    assert!(lines.iter().all(|l| l.ends_with(" s")), "{err}");
    assert!(
        err.lines().last().unwrap_or("").contains("documents"),
        "{err}"
    );
}

#[test]
fn quiet_says_only_errors_and_the_final_line() {
    let t = tempfile::tempdir().unwrap();
    let (inp, out) = (t.path().join("in"), t.path().join("ds"));
    mixed_folder(&inp);
    let o = extract(&out, &[&inp], &["--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert!(!err.contains(" files, "), "{err}");
    assert!(!err.contains("skipped"), "{err}");
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].contains("1 input(s) failed"), "{err}");
    assert!(lines[1].contains("corrupt.pdf"), "{err}");
    assert!(lines[2].starts_with("kehoach: 1 documents, "), "{err}");
    // Clean inputs: only the final line.
    let clean = t.path().join("clean");
    let o = extract(&clean, &[&root().join("fixtures/pdf")], &["-q"]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("kehoach: ") && err.contains("documents"),
        "{err}"
    );
}

/// File names as archives copied from macOS store them (NFD) and a name
/// that is not UTF-8: recorded as NFC text, and the dataset validates.
#[test]
fn nfd_and_non_utf8_names_are_recorded_as_nfc_and_validate() {
    use std::os::unix::ffi::OsStrExt;
    use unicode_normalization::UnicodeNormalization;
    let t = tempfile::tempdir().unwrap();
    let input = t.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let nfd: String = "Kế hoạch số 1.pdf".nfd().collect();
    std::fs::copy(root().join("fixtures/pdf/tasks-2024.pdf"), input.join(&nfd)).unwrap();
    let odd = std::ffi::OsStr::from_bytes(b"k\xffch.pdf");
    std::fs::copy(
        root().join("fixtures/broken/truncated.pdf"),
        input.join(odd),
    )
    .unwrap();
    let missing = t.path().join("thiếu.pdf".nfd().collect::<String>());
    let out = t.path().join("ds");
    let o = extract(&out, &[&input, &missing], &[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let docs = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    // An absolute input folder is recorded from its own name on.
    assert!(docs.contains(",in/Kế hoạch số 1.pdf,"), "{docs}");
    assert!(!docs.contains(&nfd));
    assert!(docs.contains("k\u{fffd}ch.pdf"), "{docs}");
    let errors = std::fs::read_to_string(out.join("errors.csv")).unwrap();
    assert!(errors.contains("thiếu.pdf"), "{errors}");
    let v = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .arg("validate")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        v.status.success(),
        "{}{}",
        String::from_utf8_lossy(&v.stdout),
        String::from_utf8_lossy(&v.stderr)
    );
}
