//! The reference tools agree: `frictionless validate` over the dataset made
//! from the fixtures, and `frictionless-ckan-mapper` maps its descriptor to
//! the CKAN dataset a portal expects (both installed by `scripts/setup.sh`
//! with pip).

mod common;
use common::*;
use std::process::Command;

#[test]
fn reference_validator_accepts_the_fixture_dataset() {
    let found = Command::new("frictionless").arg("--version").output();
    if !found.is_ok_and(|o| o.status.success()) {
        skip("`frictionless` not installed (pip install frictionless; scripts/setup.sh does it)");
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

/// `frictionless-ckan-mapper` turns the descriptor into a CKAN dataset with
/// the title and licence `--meta` gave (a licence given by its SPDX id
/// becomes CKAN's id), and one CSV resource per dataset table, by path.
#[test]
fn ckan_mapper_reads_the_descriptor() {
    let have = Command::new("python3")
        .args(["-c", "import frictionless_ckan_mapper"])
        .output();
    if !have.is_ok_and(|o| o.status.success()) {
        skip(
            "python3 module frictionless_ckan_mapper not installed (scripts/setup.sh installs it)",
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let meta = tmp.path().join("portal.toml");
    std::fs::write(
        &meta,
        "title = \"Kế hoạch tỉnh Hậu Giang 2024\"\nlicense = \"CC-BY-4.0\"\n",
    )
    .unwrap();
    let out = tmp.path().join("ds");
    let st = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .current_dir(root())
        .args(["extract", "fixtures/pdf", "--ocr", "never", "--meta"])
        .arg(&meta)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert_eq!(st.code(), Some(0));
    let o = Command::new("python3")
        .current_dir(&out)
        .args([
            "-c",
            "import json, sys\n\
             from frictionless_ckan_mapper import frictionless_to_ckan as f2c\n\
             json.dump(f2c.package(json.load(open('datapackage.json'))), sys.stdout)",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ckan: serde_json::Value = serde_json::from_slice(&o.stdout).expect("CKAN JSON");
    assert_eq!(ckan["title"], "Kế hoạch tỉnh Hậu Giang 2024");
    assert_eq!(ckan["license_id"], "cc-by");
    assert_eq!(
        ckan["license_url"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    let resources = ckan["resources"].as_array().expect("resources");
    // One CKAN resource per file a portal offers, however many documents
    // and tables: the CSVs, the table index, all document JSON in one file.
    let main: Vec<(&str, &str, &str)> = resources
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap_or(""),
                r["format"].as_str().unwrap_or(""),
                r["url"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let mut want: Vec<(&str, &str, String)> = [
        "documents",
        "sections",
        "legal_refs",
        "targets",
        "tasks",
        "tables",
        "agencies",
        "errors",
    ]
    .iter()
    .map(|n| (*n, "csv", format!("{n}.csv")))
    .collect();
    want.push(("documents-json", "jsonl", "documents.jsonl".into()));
    assert_eq!(
        main,
        want.iter()
            .map(|(n, f, u)| (*n, *f, u.as_str()))
            .collect::<Vec<_>>()
    );
}
