//! End-to-end runs of the `kehoach extract` binary over the fixtures.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn kehoach() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
}

/// Every file under `dir` (relative path → bytes).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    for e in walk(dir) {
        let rel = e.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
        m.insert(rel, std::fs::read(&e).unwrap());
    }
    m
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn run_batch(out: &Path, jobs: &str) -> std::process::Output {
    kehoach()
        .current_dir(root())
        .args(["extract", "fixtures/pdf", "fixtures/broken", "--out"])
        .arg(out)
        .args(["--jobs", jobs])
        .output()
        .unwrap()
}

#[test]
fn bad_files_are_reported_and_the_batch_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    let o = run_batch(&out, "2");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let errors = read_csv(&out.join("errors.csv"));
    let failures: Vec<_> = errors
        .iter()
        .filter(|r| r["source_file"].contains("broken"))
        .collect();
    let kinds: BTreeMap<String, String> = failures
        .iter()
        .map(|r| (r["source_file"].clone(), r["kind"].clone()))
        .collect();
    assert_eq!(failures.len(), 3, "{failures:?}");
    assert_eq!(kinds["fixtures/broken/empty.pdf"], "empty");
    assert_eq!(kinds["fixtures/broken/not-a-pdf.pdf"], "not_pdf");
    assert_eq!(kinds["fixtures/broken/truncated.pdf"], "damaged");
    for f in &failures {
        assert!(!f["message"].is_empty());
    }
    let docs = read_csv(&out.join("documents.csv"));
    let ok = docs.iter().filter(|r| r["status"] == "ok").count();
    let failed = docs.iter().filter(|r| r["status"] == "failed").count();
    assert_eq!(ok, fixture_pdfs().len());
    assert_eq!(failed, 3);
    // every good document has its JSON
    for d in docs.iter().filter(|r| r["status"] == "ok") {
        let p = out.join("documents").join(format!("{}.json", d["doc_id"]));
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        assert_eq!(v["doc_id"], d["doc_id"].as_str());
        assert_eq!(d["sha256"][..16], d["doc_id"]);
    }
    // rows are ordered by source_file
    let names: Vec<&str> = docs.iter().map(|r| r["source_file"].as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    // no temporary files left behind
    assert!(snapshot(&out).keys().all(|k| !k.contains(".kehoach-")));
    // published files are readable by others (a web server), not private
    #[cfg(unix)]
    for f in walk(&out) {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{}: mode {mode:o}", f.display());
    }
}

#[test]
fn output_is_byte_identical_for_any_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    run_batch(&a, "1");
    run_batch(&b, "2");
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert!(v == &sb[k], "{k} differs between --jobs 1 and --jobs 2");
    }
    // re-running into the same folder rewrites the same bytes
    run_batch(&a, "2");
    assert_eq!(snapshot(&a), sa);
}

#[test]
fn bad_usage_exits_2() {
    let o = kehoach().args(["extract", "x.pdf"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}
