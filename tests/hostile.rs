//! Broken and hostile PDFs (`fixtures/hostile/`, made by
//! `scripts/make-hostile.py`) in one batch with a good file: every bad file
//! is one precise error row, the recoverable ones convert, nothing panics,
//! hangs or blows up memory.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// File → `Err(kind)` (one failure row) or `Ok(text that must be found)`.
const EXPECTED: &[(&str, Result<&str, &str>)] = &[
    ("empty.pdf", Err("empty")),
    ("not-a-pdf.pdf", Err("not_pdf")),
    ("truncated.pdf", Err("damaged")),
    ("no-pages.pdf", Err("no_pages")),
    ("cyclic-pages.pdf", Err("no_pages")),
    ("encrypted-user.pdf", Err("encrypted")),
    ("bad-xref.pdf", Ok("KẾ HOẠCH")),
    ("encrypted-owner-only.pdf", Ok("KẾ HOẠCH")),
    (
        "corrupt-page2.pdf",
        Ok("Trang C: tôi là anh và em là chào các"),
    ),
    ("deep-nesting.pdf", Ok("Deeply nested objects")),
    ("huge-mediabox.pdf", Ok("Enormous page size")),
    ("flate-bomb.pdf", Ok("Flate bomb ahead")),
    ("million-ops.pdf", Ok("Millions of operators")),
    ("huge-length.pdf", Ok("Absurd stream length")),
    // Budgets and recovery (`scripts/gen-hostile-budgets.py`).
    ("cmap-bfrange-bomb.pdf", Ok("Trang CMAP: tôi là anh và em")),
    ("shared-cmap-fonts.pdf", Ok("và là hai các phòng")),
    (
        "form-bombs.pdf",
        Ok("Trang FORM: tôi là anh và em là chào các"),
    ),
    (
        "length-missing-ref.pdf",
        Ok("Trang LENGTH: tôi là anh và em là chào các"),
    ),
    (
        "length-not-integer.pdf",
        Ok("Trang STRING: các phòng có tên"),
    ),
    ("rotate-1e40.pdf", Ok("Trang ROTATE: tôi là anh và em")),
    ("bad-boxes.pdf", Ok("Trang BOXES: các phòng có tên")),
];

/// Each budget or recovery fixture alone, under `--time-limit 10`: the run
/// finishes well within it and under the stated memory bound, the text is
/// kept and the page carries a warning that says what was done.
/// (file, text, warning text, peak RSS bound in MiB). Measured on the
/// release build: 15, 26, 77 (the forms: one 64 MiB decode at a time, the
/// page's 128 MiB budget in all) and 11 MiB for the rest; 0.04–0.8 s each.
const BUDGETS: &[(&str, &str, &str, u64)] = &[
    (
        "cmap-bfrange-bomb.pdf",
        "Trang CMAP: tôi là anh và em",
        "CMap: stopped after mapping",
        60,
    ),
    ("shared-cmap-fonts.pdf", "và là hai các phòng", "", 80),
    (
        "form-bombs.pdf",
        "Trang FORM: tôi là anh và em là chào các",
        "budget of 128 MiB of decoded data is spent",
        160,
    ),
    (
        "length-missing-ref.pdf",
        "Trang LENGTH: tôi là anh",
        "read up to endstream",
        40,
    ),
    (
        "length-not-integer.pdf",
        "Trang STRING: các phòng có tên",
        "read up to endstream",
        40,
    ),
    (
        "rotate-1e40.pdf",
        "Trang ROTATE: tôi là anh và em",
        "written with an exponent (1e40)",
        40,
    ),
    (
        "bad-boxes.pdf",
        "Trang BOXES: các phòng có tên",
        "no usable MediaBox",
        40,
    ),
];

#[test]
fn budgets_and_recovery_one_by_one() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_kehoach");
    let time = Path::new("/usr/bin/time");
    for (k, (name, text, warning, max_mib)) in BUDGETS.iter().enumerate() {
        let out = tmp.path().join(format!("ds{k}"));
        let rss = tmp.path().join(format!("rss{k}"));
        let input = format!("fixtures/hostile/{name}");
        let mut cmd = if time.exists() {
            let mut c = Command::new(time);
            c.arg("-f").arg("%M").arg("-o").arg(&rss).arg(bin);
            c
        } else {
            Command::new(bin)
        };
        let started = std::time::Instant::now();
        let o = cmd
            .current_dir(root())
            .args(["extract", &input, "--out"])
            .arg(&out)
            .args(["--jobs", "1", "--ocr", "never", "--time-limit", "10"])
            .output()
            .unwrap();
        let elapsed = started.elapsed();
        let kb: Option<u64> = std::fs::read_to_string(&rss)
            .ok()
            .and_then(|s| s.lines().last()?.trim().parse().ok());
        eprintln!("{name}: {elapsed:?}, peak RSS {kb:?} KiB");
        assert_eq!(
            o.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(elapsed.as_secs_f64() < 10.0, "{name}: {elapsed:?}");
        match kb {
            Some(kb) => assert!(kb < max_mib * 1024, "{name}: peak RSS {kb} KiB"),
            None => eprintln!("skipped: RSS of {name} (no /usr/bin/time)"),
        }
        let docs = read_csv(&out.join("documents.csv"));
        assert_eq!(docs[0]["status"], "ok", "{name}");
        let t = doc_text(&out, &docs[0]["doc_id"]);
        assert!(t.contains(text), "{name}: {text:?} not in {t:.300}");
        let errors = read_csv(&out.join("errors.csv"));
        if !warning.is_empty() {
            assert!(
                errors
                    .iter()
                    .any(|r| r["stage"] == "pdf" && r["message"].contains(warning)),
                "{name}: no {warning:?} in {errors:?}"
            );
        }
    }
}

const GOOD: &str = "fixtures/pdf/seed-002.pdf";

fn extract(inputs: &[&str], out: &Path, timed: bool) -> (std::process::Output, Option<u64>) {
    let bin = env!("CARGO_BIN_EXE_kehoach");
    let time = Path::new("/usr/bin/time");
    let rss = out.with_extension("rss");
    let mut cmd = if timed && time.exists() {
        let mut c = Command::new(time);
        c.arg("-f").arg("%M").arg("-o").arg(&rss).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let o = cmd
        .current_dir(root())
        .arg("extract")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(["--jobs", "2", "--ocr", "never", "--time-limit", "120"])
        .output()
        .unwrap();
    let kb = std::fs::read_to_string(&rss)
        .ok()
        .and_then(|s| s.lines().last()?.trim().parse().ok());
    (o, kb)
}

fn doc_text(out: &Path, doc_id: &str) -> String {
    let p = out.join("documents").join(format!("{doc_id}.json"));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    let mut s = String::new();
    collect_strings(&v["text"], &mut s);
    s
}

fn collect_strings(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

#[test]
fn hostile_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    let started = std::time::Instant::now();
    let (o, rss_kb) = extract(&["fixtures/hostile", GOOD], &out, true);
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !stderr.to_lowercase().contains("stack overflow"),
        "{stderr}"
    );
    eprintln!("hostile batch: {elapsed:?}, peak RSS {rss_kb:?} KiB");
    if let Some(kb) = rss_kb {
        assert!(kb < 500 * 1024, "peak RSS {kb} KiB");
    }

    let errors = read_csv(&out.join("errors.csv"));
    let docs = read_csv(&out.join("documents.csv"));
    let doc_of = |name: &str| {
        docs.iter()
            .find(|r| r["source_file"].ends_with(name))
            .unwrap_or_else(|| panic!("{name} not in documents.csv"))
    };
    // Every hostile file is listed and expected.
    let on_disk: Vec<String> = std::fs::read_dir(root().join("fixtures/hostile"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    for n in &on_disk {
        assert!(
            EXPECTED.iter().any(|(e, _)| e == n),
            "{n} has no expectation in tests/hostile.rs"
        );
    }
    let failures = |name: &str| -> Vec<&BTreeMap<String, String>> {
        errors
            .iter()
            .filter(|r| r["source_file"].ends_with(&format!("/{name}")))
            .filter(|r| r["kind"] != "page_content" && r["stage"] == "pdf")
            .filter(|r| {
                docs.iter()
                    .any(|d| d["source_file"] == r["source_file"] && d["status"] == "failed")
            })
            .collect()
    };
    for (name, want) in EXPECTED {
        let doc = doc_of(name);
        match want {
            Err(kind) => {
                let f = failures(name);
                assert_eq!(f.len(), 1, "{name}: {f:?}");
                assert_eq!(f[0]["kind"], *kind, "{name}: {:?}", f[0]);
                assert!(f[0]["message"].len() > 5, "{name}: {:?}", f[0]);
                assert_eq!(doc["status"], "failed", "{name}");
            }
            Ok(text) => {
                assert_eq!(doc["status"], "ok", "{name}: {doc:?} {errors:?}");
                let t = doc_text(&out, &doc["doc_id"]);
                assert!(t.contains(text), "{name}: {text:?} not in {t:.300}");
            }
        }
    }
    let enc = failures("encrypted-user.pdf");
    assert_eq!(enc[0]["message"], "encrypted, password required");

    // The corrupt page is a warning on page 2; pages 1 and 3 are read.
    let w: Vec<_> = errors
        .iter()
        .filter(|r| r["source_file"].ends_with("corrupt-page2.pdf"))
        .collect();
    assert!(
        w.iter().any(|r| r["kind"] == "page_content"
            && r["pages"] == "2"
            && r["severity"] == "warning"),
        "{w:?}"
    );
    let t = doc_text(&out, &doc_of("corrupt-page2.pdf")["doc_id"]);
    assert!(t.contains("Trang A: các phòng có tên và là hai"), "{t}");
    // Limits hit are warnings, not silence.
    for name in ["flate-bomb.pdf", "million-ops.pdf"] {
        assert!(
            errors
                .iter()
                .any(|r| r["source_file"].ends_with(name) && r["kind"] == "page_content"),
            "{name}: no warning in {errors:?}"
        );
    }

    // The good file converts exactly as it does alone.
    let alone = tmp.path().join("alone");
    let (o2, _) = extract(&[GOOD], &alone, false);
    assert_eq!(o2.status.code(), Some(0));
    let id = &doc_of("seed-002.pdf")["doc_id"];
    assert_eq!(doc_of("seed-002.pdf")["status"], "ok");
    let a = std::fs::read(out.join("documents").join(format!("{id}.json"))).unwrap();
    let b = std::fs::read(alone.join("documents").join(format!("{id}.json"))).unwrap();
    assert!(a == b, "seed-002 output differs inside the hostile batch");
}
