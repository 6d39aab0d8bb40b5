//! Helpers shared by the end-to-end tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture_pdfs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/pdf"))
        .expect("fixtures/pdf exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    v.sort();
    v
}

pub fn expected_text(pdf: &Path) -> Option<String> {
    let stem = pdf.file_stem()?.to_str()?;
    std::fs::read_to_string(root().join("fixtures/expected").join(format!("{stem}.txt"))).ok()
}

/// Whitespace folded: every run of whitespace becomes one space.
pub fn fold_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Character similarity in 0..=1 (2·matches / total, as difflib's ratio).
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let ops =
        similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &a, &b, Some(deadline));
    let matched: usize = ops
        .iter()
        .filter_map(|op| match op {
            similar::DiffOp::Equal { len, .. } => Some(*len),
            _ => None,
        })
        .sum();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * matched as f64 / (a.len() + b.len()) as f64
}

pub fn convert(pdf: &Path) -> kehoach::pipeline::Document {
    let o = kehoach::pipeline::convert_file(
        pdf,
        &pdf.display().to_string(),
        &kehoach::pipeline::Options::default(),
    );
    o.result
        .unwrap_or_else(|e| panic!("{}: {e}", pdf.display()))
}

/// A CSV file's rows as maps from header to value.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Expected table of one fixture (see `fixtures/README.md`).
pub struct ExpectedTable {
    pub title: String,
    pub caption: String,
    pub header: Vec<String>,
    /// (stt, name) of every group row, in order.
    pub groups: Vec<(String, String)>,
    /// (group path, cells) of every data row, in order.
    pub rows: Vec<(String, Vec<String>)>,
}

pub fn expected_table(stem: &str) -> ExpectedTable {
    let path = root().join(format!("fixtures/expected/{stem}.table.json"));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    ExpectedTable {
        title: s(&v["title"]),
        caption: s(&v["caption"]),
        header: v["header"].as_array().unwrap().iter().map(s).collect(),
        groups: v["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| (s(&g["stt"]), s(&g["name"])))
            .collect(),
        rows: v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    s(&r["group"]),
                    r["cells"].as_array().unwrap().iter().map(s).collect(),
                )
            })
            .collect(),
    }
}

/// Reports a test that cannot run here (a missing optional tool or
/// `../shared`). With `KEHOACH_REQUIRE_ALL=1` (set by `.ci/run`) a skip is a
/// failure, so CI never passes a test that did not run.
pub fn skip(why: &str) {
    if std::env::var_os("KEHOACH_REQUIRE_ALL").is_some_and(|v| v == "1") {
        panic!("KEHOACH_REQUIRE_ALL=1 but this test cannot run: {why}");
    }
    eprintln!("skipped: {why}");
}

/// Every file under `dir` (path relative to it, bytes), sorted: a dataset
/// folder's whole content, to compare two folders exactly.
pub fn file_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("under dir").to_path_buf();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    v.sort();
    v
}
