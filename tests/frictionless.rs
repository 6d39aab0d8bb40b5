//! The reference validator agrees: `frictionless validate` (installed by
//! `scripts/setup.sh` with pip) over the dataset made from all fixtures.

mod common;
use common::*;
use std::process::Command;

#[test]
fn reference_validator_accepts_the_fixture_dataset() {
    let found = Command::new("frictionless").arg("--version").output();
    if !found.is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED: `frictionless` not installed (pip install frictionless; scripts/setup.sh does it)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    let st = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .current_dir(root())
        .args([
            "extract",
            "fixtures/pdf",
            "--xlsx",
            "--ocr",
            "never",
            "--out",
        ])
        .arg(&out)
        .status()
        .unwrap();
    assert_eq!(st.code(), Some(0));
    // kehoach's own validator agrees.
    let own = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .arg("validate")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        own.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&own.stdout)
    );
    let o = Command::new("frictionless")
        .current_dir(&out)
        .args(["validate", "--type", "package", "datapackage.json"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "frictionless says invalid:\n{report}");
    assert!(
        report.contains("VALID") && !report.contains("INVALID"),
        "{report}"
    );
}
