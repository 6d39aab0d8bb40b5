//! `extract --incremental`, `merge` and `--jsonl`: each must give the bytes
//! of one full `extract` run over the same inputs.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kehoach() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
}

/// Every file under `dir` (relative path → bytes).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(&p).unwrap())
        })
        .collect()
}

fn assert_same(a: &Path, b: &Path) {
    let (sa, sb) = (snapshot(a), snapshot(b));
    assert_eq!(
        sa.keys().collect::<Vec<_>>(),
        sb.keys().collect::<Vec<_>>(),
        "file lists differ"
    );
    for (k, v) in &sa {
        assert!(
            v == &sb[k],
            "{k} differs:\n--- {}\n{}\n--- {}\n{}",
            a.display(),
            String::from_utf8_lossy(v),
            b.display(),
            String::from_utf8_lossy(&sb[k])
        );
    }
}

/// `kehoach extract INPUTS --out OUT EXTRA...`, run in `dir`.
fn extract(dir: &Path, inputs: &[&str], out: &Path, extra: &[&str]) -> Output {
    let o = kehoach()
        .current_dir(dir)
        .arg("extract")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(["--ocr", "never", "--jobs", "2"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        o.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn fixture_names() -> Vec<String> {
    fixture_pdfs()
        .iter()
        .map(|p| format!("fixtures/pdf/{}", p.file_name().unwrap().to_string_lossy()))
        .collect()
}

#[test]
fn incremental_rerun_is_byte_identical_to_a_full_run() {
    let tmp = tempfile::tempdir().unwrap();
    let (full, inc) = (tmp.path().join("full"), tmp.path().join("inc"));
    let all = ["fixtures/pdf", "fixtures/broken"];
    extract(&root(), &all, &full, &[]);

    // Nothing converted before: same as a full run.
    extract(&root(), &all, &inc, &["--incremental"]);
    assert_same(&full, &inc);

    // Everything unchanged: nothing converted.
    let o = extract(&root(), &all, &inc, &["--incremental"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let n = fixture_pdfs().len();
    assert!(
        stderr.contains(&format!("{n} unchanged inputs reused")),
        "{stderr}"
    );
    assert_same(&full, &inc);

    // Other conversion settings: the folder's documents do not stand for
    // this run's; all converted, said why, and the settings recorded.
    let vocab = tmp.path().join("vocab.tsv");
    std::fs::write(&vocab, "name\t*\tviec can lam\n").unwrap();
    for (extra, why) in [
        (
            vec!["--ocr", "auto"],
            "it was converted with --ocr never (this run: --ocr auto)",
        ),
        (
            vec!["--header-vocab", vocab.to_str().unwrap()],
            "it was converted with no --header-vocab (this run: a --header-vocab of SHA-256",
        ),
    ] {
        let again = tmp.path().join("again");
        let _ = std::fs::remove_dir_all(&again);
        extract(&root(), &all, &again, &[]);
        let mut args = vec!["--incremental"];
        args.extend(&extra);
        let o = extract(&root(), &all, &again, &args);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.contains(why) && stderr.contains("0 unchanged inputs reused"),
            "{stderr}"
        );
        let pkg: serde_json::Value =
            serde_json::from_slice(&std::fs::read(again.join("datapackage.json")).unwrap())
                .unwrap();
        let settings = &pkg["tool"]["settings"];
        if extra[0] == "--ocr" {
            assert_eq!(settings["ocr"], "auto");
        } else {
            assert_eq!(settings["header_vocab"].as_str().map(str::len), Some(64));
        }
    }

    // Some inputs done before (a subset), the others new: interleaved.
    let names = fixture_names();
    let odd: Vec<&str> = names
        .iter()
        .skip(1)
        .step_by(2)
        .map(String::as_str)
        .collect();
    let part = tmp.path().join("part");
    extract(&root(), &odd, &part, &[]);
    extract(&root(), &all, &part, &["--incremental"]);
    assert_same(&full, &part);

    // Inputs dropped since: their files and rows go.
    let even: Vec<&str> = names.iter().step_by(2).map(String::as_str).collect();
    let (even_full, even_inc) = (tmp.path().join("even-full"), tmp.path().join("even-inc"));
    extract(&root(), &even, &even_full, &[]);
    extract(&root(), &all, &even_inc, &[]);
    extract(&root(), &even, &even_inc, &["--incremental"]);
    assert_same(&even_full, &even_inc);
}

#[test]
fn incremental_with_xlsx_and_excel_matches_a_full_run() {
    let tmp = tempfile::tempdir().unwrap();
    let (full, inc) = (tmp.path().join("full"), tmp.path().join("inc"));
    let names = fixture_names();
    let some: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    extract(&root(), &some, &full, &["--excel", "--xlsx"]);
    // Written without --excel before: nothing can be reused, all converted.
    extract(&root(), &some, &inc, &[]);
    let o = extract(
        &root(),
        &some,
        &inc,
        &["--excel", "--xlsx", "--incremental"],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("cannot reuse") && stderr.contains("written without --excel"),
        "{stderr}"
    );
    assert_same(&full, &inc);
    let o = extract(
        &root(),
        &some,
        &inc,
        &["--excel", "--xlsx", "--incremental"],
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("3 unchanged inputs reused"));
    assert_same(&full, &inc);
}

#[test]
fn merged_shards_are_byte_identical_to_one_run() {
    let tmp = tempfile::tempdir().unwrap();
    let full = tmp.path().join("full");
    extract(&root(), &["fixtures/pdf", "fixtures/broken"], &full, &[]);
    let names = fixture_names();
    let (a, b) = names.split_at(names.len() / 2);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let mut b: Vec<&str> = b.iter().map(String::as_str).collect();
    b.push("fixtures/broken");
    let (sa, sb) = (tmp.path().join("shard-a"), tmp.path().join("shard-b"));
    extract(&root(), &a, &sa, &[]);
    extract(&root(), &b, &sb, &[]);
    for (name, parts) in [("m1", [&sb, &sa]), ("m2", [&sa, &sb])] {
        let merged = tmp.path().join(name);
        let o = kehoach()
            .arg("merge")
            .arg(&merged)
            .args(parts)
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(1), // the broken inputs are failures, as in the full run
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_same(&full, &merged);
    }
    // A shard whose document JSON was edited is refused, naming the file.
    let doc = std::fs::read_dir(sa.join("documents"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .min()
        .unwrap();
    let mut bytes = std::fs::read(&doc).unwrap();
    bytes.extend_from_slice(b"\n");
    std::fs::write(&doc, bytes).unwrap();
    let merged = tmp.path().join("m3");
    let o = kehoach()
        .arg("merge")
        .arg(&merged)
        .args([&sa, &sb])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("was changed after kehoach wrote it")
            && stderr.contains("extract that part again"),
        "{stderr}"
    );
    assert!(!merged.exists(), "nothing published");
}

#[test]
fn duplicates_and_failures_across_shards_merge_like_one_run() {
    let tmp = tempfile::tempdir().unwrap();
    let inp = tmp.path().join("in");
    std::fs::create_dir(&inp).unwrap();
    let pdfs = fixture_pdfs();
    for (name, src) in [
        ("a.pdf", &pdfs[0]),
        ("b.pdf", &pdfs[1]),
        ("c.pdf", &pdfs[0]),
        ("d.pdf", &pdfs[1]),
    ] {
        std::fs::copy(src, inp.join(name)).unwrap();
    }
    std::fs::write(inp.join("e.pdf"), b"not a pdf").unwrap();
    std::fs::write(inp.join("f.pdf"), b"not a pdf").unwrap();
    let full = tmp.path().join("full");
    extract(tmp.path(), &["in", "missing.pdf"], &full, &[]);
    let errors = std::fs::read_to_string(full.join("errors.csv")).unwrap();
    assert_eq!(errors.matches(",duplicate,").count(), 3, "{errors}");
    // Each shard holds one copy first, so its own run sees no duplicate.
    let (s1, s2) = (tmp.path().join("s1"), tmp.path().join("s2"));
    extract(tmp.path(), &["in/c.pdf", "in/b.pdf", "in/f.pdf"], &s1, &[]);
    extract(
        tmp.path(),
        &["in/a.pdf", "in/d.pdf", "in/e.pdf", "missing.pdf"],
        &s2,
        &[],
    );
    let merged = tmp.path().join("merged");
    let o = kehoach()
        .arg("merge")
        .arg(&merged)
        .args([&s2, &s1])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_same(&full, &merged);

    // Incremental over a folder made from one shard.
    extract(tmp.path(), &["in", "missing.pdf"], &s1, &["--incremental"]);
    assert_same(&full, &s1);
}

/// Lines of `--jsonl` stdout: one compact JSON object per converted input.
fn jsonl_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    let text = std::str::from_utf8(stdout).expect("stdout is UTF-8");
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "last line unterminated"
    );
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("not one JSON value per line: {e}: {l:.200}"));
            assert!(v.is_object(), "not an object: {l:.200}");
            v
        })
        .collect()
}

#[test]
fn jsonl_stdout_is_one_json_object_per_converted_input() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    let o = extract(
        &root(),
        &["fixtures/pdf", "fixtures/broken"],
        &out,
        &["--jsonl"],
    );
    let lines = jsonl_lines(&o.stdout);
    // One per converted input (not the broken ones), in input order.
    let names = fixture_names();
    assert_eq!(lines.len(), names.len());
    for (v, name) in lines.iter().zip(&names) {
        assert_eq!(v["source"]["file"], name.as_str());
        let id = v["doc_id"].as_str().unwrap();
        let json = std::fs::read(out.join("documents").join(format!("{id}.json"))).unwrap();
        let written: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(&written, v, "{name}: the line is its document JSON");
    }
    // Reused inputs stream the same bytes.
    let again = extract(
        &root(),
        &["fixtures/pdf", "fixtures/broken"],
        &out,
        &["--jsonl", "--incremental"],
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&again.stdout)
    );
}

/// Nothing in an old folder is reused unless its descriptor vouches for it:
/// a row CSV edited by hand (one cell, same row order) or a document's JSON
/// or table edited after the run is never carried forward: the folder or
/// that input is converted again, said why, and the result is the full
/// run's, bytes and hashes alike.
#[test]
fn incremental_never_carries_an_edited_file_forward() {
    let tmp = tempfile::tempdir().unwrap();
    let (full, inc) = (tmp.path().join("full"), tmp.path().join("inc"));
    let all = ["fixtures/pdf"];
    extract(&root(), &all, &full, &[]);
    extract(&root(), &all, &inc, &[]);

    // A row CSV whose rows were reordered by hand: not reusable, said why,
    // everything converted again.
    let sections = inc.join("sections.csv");
    let text = std::fs::read_to_string(&sections).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let last = lines.pop().unwrap();
    lines.insert(1, last);
    std::fs::write(&sections, lines.join("\n") + "\n").unwrap();
    let o = extract(&root(), &all, &inc, &["--incremental"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("cannot reuse") && stderr.contains("sections.csv was changed"),
        "{stderr}"
    );
    assert_same(&full, &inc);

    // One cell of tasks.csv edited in place (as a spreadsheet saves it).
    let tasks = inc.join("tasks.csv");
    let text = std::fs::read_to_string(&tasks).unwrap();
    let edited = text.replacen("Sở Giao thông", "SỞ Giao thông", 1);
    assert_ne!(
        edited, text,
        "the fixtures name Sở Giao thông in a task row"
    );
    std::fs::write(&tasks, edited).unwrap();
    let o = extract(&root(), &all, &inc, &["--incremental"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("tasks.csv was changed after kehoach wrote it")
            && stderr.contains("0 unchanged inputs reused"),
        "{stderr}"
    );
    assert_same(&full, &inc);

    // Without its descriptor nothing vouches for the folder.
    std::fs::remove_file(inc.join("datapackage.json")).unwrap();
    let o = extract(&root(), &all, &inc, &["--incremental"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("no datapackage.json to check its files against"),
        "{stderr}"
    );
    assert_same(&full, &inc);

    // A table file and a document JSON edited by hand after the run: those
    // two inputs are converted again, the others reused.
    let table = std::fs::read_dir(inc.join("tables"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .min()
        .expect("the fixtures have tables");
    let doc = std::fs::read_dir(inc.join("documents"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .min()
        .unwrap();
    let table_doc = table.file_name().unwrap().to_string_lossy()[..16].to_string();
    assert!(!doc.to_string_lossy().contains(&table_doc), "two inputs");
    for p in [&table, &doc] {
        let mut bytes = std::fs::read(p).unwrap();
        bytes.extend_from_slice(b"\n");
        std::fs::write(p, bytes).unwrap();
    }
    let o = extract(&root(), &all, &inc, &["--incremental"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let n = fixture_pdfs().len();
    assert!(
        stderr.contains(&format!("{} unchanged inputs reused, 2 converted", n - 2))
            && stderr.matches("converting it again").count() == 2,
        "{stderr}"
    );
    assert_same(&full, &inc);
}
