//! Start-up cost: the OCR tools are looked for only when a page needs OCR,
//! so a run over born-digital files never starts `tesseract`.

mod common;
use common::*;
use std::process::Command;

#[test]
fn tesseract_is_probed_only_when_a_page_needs_ocr() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    let bin = t.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let marker = t.path().join("probed");
    // A stand-in `tesseract` that records each call and knows no language.
    let fake = bin.join("tesseract");
    std::fs::write(
        &fake,
        format!("#!/bin/sh\necho \"$@\" >> '{}'\nexit 1\n", marker.display()),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let text = |pdf: &str| {
        Command::new(env!("CARGO_BIN_EXE_kehoach"))
            .current_dir(root())
            .env("PATH", &path)
            .args(["text", pdf])
            .output()
            .expect("run kehoach")
    };
    let o = text("fixtures/pdf/tasks-2024.pdf");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        !marker.exists(),
        "tesseract was started for a born-digital file"
    );
    let o = text("fixtures/scan/tasks-2024-scan.pdf");
    let calls = std::fs::read_to_string(&marker).unwrap_or_default();
    assert_eq!(calls.lines().count(), 1, "{calls}");
    assert!(calls.contains("--list-langs"), "{calls}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("not OCR'd"), "{err}");
}
