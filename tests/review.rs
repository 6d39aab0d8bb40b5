//! `kehoach review` (the HTML report) and `extract --corrections`, end to
//! end: the report of the fixture dataset, a dataset whose rows carry boxes
//! (outlines in a real browser), and a corrections round trip.
//!
//! The browser checks run headless Chromium (`--dump-dom` of a page opened
//! with `#selftest`, which clicks, filters and edits in JS and writes what
//! it saw into the page); without Chromium they print `skipped`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn kehoach() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
}

fn run_ok(cmd: &mut Command) -> String {
    let o = cmd.output().expect("kehoach runs");
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{cmd:?} failed: {err}");
    err
}

fn has(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| has(c))
}

/// The page's DOM after its scripts ran, as headless Chromium serialises it.
fn dump_dom(browser: &str, page: &Path, hash: &str) -> String {
    let profile = tempfile::tempdir().expect("tmp");
    let url = format!("file://{}{hash}", page.display());
    let o = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--virtual-time-budget=3000",
            "--window-size=1400,900",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(o.status.success(), "chromium failed on {url}");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// What the page's self-test wrote.
fn selftest(browser: &str, page: &Path) -> serde_json::Value {
    let dom = dump_dom(browser, page, "#selftest");
    let start = dom.find("<pre id=\"selftest\">").unwrap_or_else(|| {
        panic!(
            "no self-test output in {}:\n{}",
            page.display(),
            &dom[..dom.len().min(2000)]
        )
    }) + "<pre id=\"selftest\">".len();
    let end = start + dom[start..].find("</pre>").expect("closed pre");
    serde_json::from_str(&unescape(&dom[start..end])).expect("self-test JSON")
}

/// Rows of a CSV as maps column → value.
fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("csv");
    let h = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            h.iter()
                .zip(rec.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The fixture dataset (text, scanned and legacy fixtures), made once.
fn fixture_dataset() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let t = tempfile::tempdir().expect("tmp");
        let out = t.path().join("dataset");
        let root = common::root();
        let o = kehoach()
            .current_dir(&root)
            .args([
                "extract",
                "fixtures/pdf",
                "fixtures/scan",
                "fixtures/legacy",
                "--out",
            ])
            .arg(&out)
            .output()
            .expect("kehoach runs");
        assert!(o.status.code().is_some_and(|c| c <= 1), "extract failed");
        (t, out)
    })
    .1
}

fn report(dataset: &Path, out: &Path, extra: &[&str], cwd: &Path) -> String {
    run_ok(
        kehoach()
            .current_dir(cwd)
            .arg("review")
            .arg(dataset)
            .arg("--out")
            .arg(out)
            .args(extra),
    )
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn fixture_report_lists_every_document_and_exactly_its_task_rows() {
    let ds = fixture_dataset();
    let t = tempfile::tempdir().expect("tmp");
    let out = t.path().join("r");
    let msg = report(ds, &out, &[], &common::root());
    assert!(
        msg.contains("review of 13 documents (13 pages, 1 index pages"),
        "{msg}"
    );
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    let docs = csv_rows(&ds.join("documents.csv"));
    assert_eq!(docs.len(), 13);
    assert_eq!(count(&index, "<a href=\"docs/"), 13);
    assert!(index.contains("<html lang=\"vi\">"));
    assert!(index.contains("Rà soát bộ dữ liệu"));
    // Worst first: the warnings column never grows down the list.
    let errors = csv_rows(&ds.join("errors.csv"));
    let warns = |f: &str| errors.iter().filter(|e| e["source_file"] == f).count();
    let mut order: Vec<(usize, &str)> = docs
        .iter()
        .map(|d| {
            let at = index
                .find(&format!("docs/{}.html", d["doc_id"]))
                .expect("listed");
            (at, d["source_file"].as_str())
        })
        .collect();
    order.sort();
    // worst first: failed, then most flagged rows (flags other than `ocr`
    // alone: every row of a scan is OCR'd), then most warnings
    let all_tasks = csv_rows(&ds.join("tasks.csv"));
    let flagged = |f: &str| {
        let id = docs
            .iter()
            .find(|d| d["source_file"] == f)
            .map(|d| d["doc_id"].clone())
            .unwrap_or_default();
        all_tasks
            .iter()
            .filter(|t| {
                t["doc_id"] == id && t["flags"].split(';').any(|f| !f.is_empty() && f != "ocr")
            })
            .count()
    };
    let status = |f: &str| {
        docs.iter()
            .find(|d| d["source_file"] == f)
            .is_some_and(|d| d["status"] != "ok")
    };
    let w: Vec<(bool, usize, usize)> = order
        .iter()
        .map(|(_, f)| (status(f), flagged(f), warns(f)))
        .collect();
    assert!(w.windows(2).all(|p| p[0] >= p[1]), "not worst first: {w:?}");
    // Each document page lists exactly its tasks.csv rows, in order.
    let tasks = csv_rows(&ds.join("tasks.csv"));
    let mut with_rows = 0;
    for d in &docs {
        let id = &d["doc_id"];
        let page = std::fs::read_to_string(out.join("docs").join(format!("{id}.html")))
            .expect("document page");
        let mine: Vec<&BTreeMap<String, String>> =
            tasks.iter().filter(|t| &t["doc_id"] == id).collect();
        assert_eq!(count(&page, "<tr class=\"row"), mine.len(), "{id}");
        for t in &mine {
            assert!(
                page.contains(&format!(
                    "data-orig=\"{}\" contenteditable",
                    t["stt"].replace('&', "&amp;").replace('"', "&quot;")
                )),
                "{id}: stt {:?}",
                t["stt"]
            );
        }
        with_rows += usize::from(!mine.is_empty());
        // Our one script and nothing from the PDFs.
        assert_eq!(count(&page, "<script"), 1, "{id}");
        assert!(page.contains(&d["source_file"]));
    }
    assert_eq!(with_rows, 5);
    assert_eq!(tasks.len(), 166);
    // Seed 002 is a draft (`Số:         /KH-STP`): no number, the symbol shown.
    let draft = docs
        .iter()
        .find(|d| d["source_file"].ends_with("seed-002.pdf"))
        .expect("seed 002");
    assert_eq!(draft["number"], "");
    assert_eq!(draft["number_symbol"], "KH-STP");
    let page = std::fs::read_to_string(out.join("docs").join(format!("{}.html", draft["doc_id"])))
        .expect("page");
    assert!(
        page.contains("<tr><th>Số, ký hiệu</th><td>(số để trống) /KH-STP</td></tr>"),
        "draft number not shown"
    );
    // Page images of the task pages, when pdftoppm is there.
    if has("pdftoppm") || Path::new("/usr/bin/pdftoppm").exists() {
        let imgs = std::fs::read_dir(out.join("img")).expect("img").count();
        assert!(imgs >= 6, "{imgs} images");
        let scan = docs
            .iter()
            .find(|d| d["text_source"] == "ocr")
            .expect("scanned fixture");
        let page =
            std::fs::read_to_string(out.join("docs").join(format!("{}.html", scan["doc_id"])))
                .expect("page");
        assert!(page.contains("loading=\"lazy\""));
        assert!(out
            .join("img")
            .join(format!("{}-3.png", scan["doc_id"]))
            .is_file());
    } else {
        common::skip("page images (pdftoppm not installed)");
    }
    // Same dataset, same bytes.
    let out2 = t.path().join("r2");
    report(ds, &out2, &[], &common::root());
    for name in ["index.html"]
        .into_iter()
        .map(String::from)
        .chain(docs.iter().map(|d| format!("docs/{}.html", d["doc_id"])))
    {
        assert_eq!(
            std::fs::read(out.join(&name)).expect("first"),
            std::fs::read(out2.join(&name)).expect("second"),
            "{name}"
        );
    }
}

#[test]
fn fixture_report_opens_in_chromium_without_errors() {
    let Some(browser) = chromium() else {
        common::skip("chromium not installed");
        return;
    };
    let ds = fixture_dataset();
    let t = tempfile::tempdir().expect("tmp");
    let out = t.path().join("r");
    report(ds, &out, &[], &common::root());
    let index = selftest(browser, &out.join("index.html"));
    assert_eq!(index["errors"], serde_json::json!([]));
    assert_eq!(index["docs"], 13);
    let tasks = csv_rows(&ds.join("tasks.csv"));
    for d in csv_rows(&ds.join("documents.csv")) {
        let id = &d["doc_id"];
        let mine = tasks.iter().filter(|t| &t["doc_id"] == id).count();
        if mine == 0 {
            continue;
        }
        let r = selftest(browser, &out.join("docs").join(format!("{id}.html")));
        assert_eq!(r["errors"], serde_json::json!([]), "{id}");
        assert_eq!(r["rows"].as_array().map(Vec::len), Some(mine), "{id}");
        // Every box that the rows carry lies inside its page image.
        assert_eq!(r["outside"], 0, "{id}");
        assert_eq!(r["outlined"], r["with_box"], "{id}");
        assert_eq!(r["filter_visible_unflagged"], 0, "{id}");
        assert_eq!(r["unfiltered_visible"].as_u64(), Some(mine as u64), "{id}");
    }
}

/// Boxes of rows 1-3 of table 1 of `tasks-2024.pdf`, page 3 (landscape
/// A4), read off the rendered page.
const BOXES: [[f64; 4]; 3] = [
    [56.7, 199.0, 785.2, 250.0],
    [56.7, 250.0, 785.2, 364.0],
    [56.7, 364.0, 785.2, 415.0],
];

/// A dataset of `tasks-2024.pdf` whose first rows carry the provenance
/// fields (`row_id`, `bbox`, `flags`, `cells`) added to its JSON.
fn boxed_dataset(t: &Path) -> (PathBuf, String) {
    let src = t.join("in");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::fs::copy(
        common::root().join("fixtures/pdf/tasks-2024.pdf"),
        src.join("tasks-2024.pdf"),
    )
    .expect("copy");
    let ds = t.join("dataset");
    run_ok(
        kehoach()
            .current_dir(t)
            .args(["extract", "in", "--ocr", "never", "--out"])
            .arg(&ds),
    );
    let docs = csv_rows(&ds.join("documents.csv"));
    let id = docs[0]["doc_id"].clone();
    let path = ds.join("documents").join(format!("{id}.json"));
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("json")).expect("json");
    let tasks = doc["tasks"].as_array_mut().expect("tasks");
    // only the provenance this test sets: no flags or cell boxes of the
    // tables stage
    for t in tasks.iter_mut() {
        t["flags"] = serde_json::json!([]);
        t["cells"] = serde_json::json!({});
        t["bbox"] = serde_json::Value::Null;
    }
    for (i, b) in BOXES.iter().enumerate() {
        let t = &mut tasks[i];
        assert_eq!(t["page"], 3);
        t["bbox"] = serde_json::json!(b);
    }
    tasks[1]["flags"] = serde_json::json!(["ocr", "low_confidence"]);
    tasks[1]["confidence"] = serde_json::json!(0.62);
    tasks[0]["cells"] = serde_json::json!({
        "lead": {"page": 3, "bbox": [400.0, 199.0, 533.0, 250.0],
            "confidence": 0.41, "min_confidence": 0.2, "repaired": true}
    });
    // Text from a PDF is untrusted: it must come out as text.
    tasks[2]["partners"] = serde_json::json!("<img src=x onerror=alert(1)>");
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).expect("json")).expect("write");
    (ds, id)
}

#[test]
fn rows_with_boxes_are_outlined_and_the_flag_filter_hides_the_others() {
    let t = tempfile::tempdir().expect("tmp");
    let (ds, id) = boxed_dataset(t.path());
    let out = t.path().join("r");
    report(&ds, &out, &[], t.path());
    let page_path = out.join("docs").join(format!("{id}.html"));
    let html = std::fs::read_to_string(&page_path).expect("page");
    // Boxes as percentages of the page.
    assert!(
        html.contains("data-row=\"1-2\" data-page=\"3\" data-box=\"6.735,33.428,86.532,8.567\"")
    );
    assert!(html.contains("data-cpage=\"3\" data-box=\"47.512,33.428,15.798,8.567\""));
    assert_eq!(count(&html, "<tr class=\"row flagged\""), 1);
    assert!(html.contains("<span class=\"fl fl-low_confidence\">low_confidence</span>"));
    assert!(html.contains(
        "class=\"c flag\" data-f=\"lead\" title=\"OCR: độ tin cậy 0.41 (thấp nhất 0.20), OCR: đã sửa chính tả\""
    ));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!html.contains("<img src=x"));
    if has("pdftoppm") || Path::new("/usr/bin/pdftoppm").exists() {
        assert!(html.contains(&format!("<img src=\"../img/{id}-3.png\"")));
    }
    // Without images: the rows and a note, no figures.
    let bare = t.path().join("bare");
    report(&ds, &bare, &["--no-images"], t.path());
    let b = std::fs::read_to_string(bare.join("docs").join(format!("{id}.html"))).expect("page");
    assert!(b.contains("Báo cáo không kèm ảnh trang"));
    assert_eq!(count(&b, "<figure"), 0);
    assert_eq!(count(&b, "<tr class=\"row"), 30);
    let Some(browser) = chromium() else {
        common::skip("chromium not installed");
        return;
    };
    if !html.contains("<figure") {
        println!("skipped: outlines (no page images without pdftoppm)");
        return;
    }
    let r = selftest(browser, &page_path);
    assert_eq!(r["errors"], serde_json::json!([]));
    assert_eq!(r["with_box"], 3);
    assert_eq!(r["outlined"], 3, "{r}");
    assert_eq!(r["outside"], 0);
    assert_eq!(r["click_outline"], 1);
    assert_eq!(r["flagged"], 1);
    assert_eq!(r["filter_visible"], 1);
    assert_eq!(r["filter_visible_unflagged"], 0);
    assert_eq!(r["unfiltered_visible"], 30);
    // The export, read back as CSV: the edit and the verdict, with the
    // values the page showed (the document JSON's).
    let doc: serde_json::Value = serde_json::from_slice(
        &std::fs::read(ds.join("documents").join(format!("{id}.json"))).expect("json"),
    )
    .expect("json");
    let name = |i: usize| doc["tasks"][i]["name"].as_str().expect("name").to_string();
    let mut rd = csv::Reader::from_reader(r["csv"].as_str().expect("csv").as_bytes());
    assert_eq!(
        rd.headers().expect("header").iter().collect::<Vec<_>>(),
        [
            "doc_id",
            "row_id",
            "field",
            "extracted",
            "corrected",
            "reviewer_note"
        ]
    );
    let got: Vec<Vec<String>> = rd
        .records()
        .map(|r| r.expect("record").iter().map(String::from).collect())
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        [
            s(&[
                &id,
                "1-2",
                "name",
                &name(0),
                &format!("{} (đã sửa, \"kiểm tra\")", name(0)),
                ""
            ]),
            s(&[&id, "1-3", "row", &name(1), "wrong", ""]),
        ]
    );
    // Screenshots for people (scripts/review-screenshots.sh).
    if let Ok(dir) = std::env::var("KEHOACH_REVIEW_SHOTS") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("mkdir");
        let shot = |page: &Path, hash: &str, png: &str, size: &str| {
            let profile = tempfile::tempdir().expect("tmp");
            let ok = Command::new(browser)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                    "--hide-scrollbars",
                    "--virtual-time-budget=3000",
                ])
                .arg(format!("--window-size={size}"))
                .arg(format!("--user-data-dir={}", profile.path().display()))
                .arg(format!("--screenshot={}", dir.join(png).display()))
                .arg(format!("file://{}{hash}", page.display()))
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "screenshot {png}");
        };
        shot(&page_path, "#row=1-3", "document.png", "1400,1100");
        let fixtures = t.path().join("fixtures-report");
        report(fixture_dataset(), &fixtures, &[], &common::root());
        shot(&fixtures.join("index.html"), "", "index.png", "1400,800");
    }
}

#[test]
fn corrections_round_trip_through_extract_incremental_and_a_changed_input() {
    let t = tempfile::tempdir().expect("tmp");
    let (ds, id) = boxed_dataset(t.path());
    let before = csv_rows(&ds.join("tasks.csv"));
    // The reviewer's export: from the page in Chromium when there is one,
    // else the same lines written here.
    let name1 = before[0]["name"].clone();
    let corrected = format!("{name1} (đã sửa, \"kiểm tra\")");
    let csv_text = match chromium() {
        Some(browser) if has("pdftoppm") || Path::new("/usr/bin/pdftoppm").exists() => {
            let out = t.path().join("r");
            report(&ds, &out, &[], t.path());
            let r = selftest(browser, &out.join("docs").join(format!("{id}.html")));
            r["csv"].as_str().expect("csv").to_string()
        }
        _ => {
            println!(
                "skipped: export from the browser (chromium not installed); written by the test"
            );
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(kehoach::review::corrections::COLUMNS)
                .expect("csv");
            w.write_record([id.as_str(), "1-2", "name", &name1, &corrected, ""])
                .expect("csv");
            w.write_record([id.as_str(), "1-3", "row", &before[1]["name"], "wrong", ""])
                .expect("csv");
            String::from_utf8(w.into_inner().expect("csv")).expect("utf-8")
        }
    };
    let corr = t.path().join("corrections.csv");
    std::fs::write(&corr, &csv_text).expect("write");
    // extract --corrections: exactly that cell changes.
    let fixed = t.path().join("fixed");
    let extract = |out: &Path, extra: &[&str]| {
        run_ok(
            kehoach()
                .current_dir(t.path())
                .args(["extract", "in", "--ocr", "never", "--corrections"])
                .arg(&corr)
                .arg("--out")
                .arg(out)
                .args(extra),
        )
    };
    extract(&fixed, &[]);
    let changed_cells = |a: &[BTreeMap<String, String>], b: &[BTreeMap<String, String>]| {
        assert_eq!(a.len(), b.len());
        let mut d = Vec::new();
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            for (k, v) in x {
                if y.get(k) != Some(v) {
                    d.push((i, k.clone(), y.get(k).cloned().unwrap_or_default()));
                }
            }
        }
        d
    };
    let after = csv_rows(&fixed.join("tasks.csv"));
    // ... and the row is flagged `corrected`.
    let flags = match before[0]["flags"].as_str() {
        "" => "corrected".to_string(),
        f => format!("{f};corrected"),
    };
    assert_eq!(
        changed_cells(&before, &after),
        [
            (0, "flags".to_string(), flags),
            (0, "name".to_string(), corrected.clone())
        ]
    );
    let errs = csv_rows(&fixed.join("errors.csv"));
    let review: Vec<(&str, &str)> = errs
        .iter()
        .filter(|e| e["stage"] == "review")
        .map(|e| (e["kind"].as_str(), e["message"].as_str()))
        .collect();
    assert_eq!(review.len(), 2, "{review:?}");
    assert_eq!(review[0].0, "corrected");
    assert!(review[0]
        .1
        .starts_with("row 1-2 name corrected: `Tuyên truyền"));
    assert_eq!(
        review[1],
        ("reviewed_wrong", "row 1-3 marked wrong by a reviewer")
    );
    // The report shows the corrected row.
    let rep = t.path().join("r-fixed");
    report(&fixed, &rep, &["--no-images"], t.path());
    let page = std::fs::read_to_string(rep.join("docs").join(format!("{id}.html"))).expect("page");
    assert!(page.contains("<span class=\"fl fl-corrected\">corrected</span>"));
    assert!(page.contains("class=\"c corrected\" data-f=\"name\""));
    // --incremental keeps it (the document is converted again and corrected).
    let msg = extract(&fixed, &["--incremental"]);
    assert!(
        msg.contains("0 unchanged inputs reused, 1 converted"),
        "{msg}"
    );
    assert_eq!(csv_rows(&fixed.join("tasks.csv")), after);
    // A correction whose value changed since the review: reported, not applied.
    let stale = csv_text.replacen(
        &format!("{id},1-2,name,\""),
        &format!("{id},1-2,name,\"Cũ: "),
        1,
    );
    assert_ne!(stale, csv_text);
    std::fs::write(&corr, &stale).expect("write");
    let out3 = t.path().join("stale");
    extract(&out3, &[]);
    assert_eq!(
        changed_cells(&before, &csv_rows(&out3.join("tasks.csv"))),
        []
    );
    let errs = csv_rows(&out3.join("errors.csv"));
    let stale_rows: Vec<&str> = errs
        .iter()
        .filter(|e| e["kind"] == "stale_correction")
        .map(|e| e["message"].as_str())
        .collect();
    assert_eq!(stale_rows.len(), 1);
    assert!(
        stale_rows[0].contains("line 2: row 1-2 name is now `Tuyên truyền"),
        "{}",
        stale_rows[0]
    );
    // The input's table changed (another file at the same path): a new
    // document, so the corrections name no input and touch nothing.
    std::fs::write(&corr, &csv_text).expect("write");
    std::fs::copy(
        common::root().join("fixtures/pdf/tasks-2024-reportlab.pdf"),
        t.path().join("in/tasks-2024.pdf"),
    )
    .expect("copy");
    let msg = extract(&fixed, &["--incremental"]);
    assert!(
        msg.contains(&format!(
            "corrections line 2: document {id} is not among the inputs; not applied"
        )),
        "{msg}"
    );
    let now = csv_rows(&fixed.join("tasks.csv"));
    assert!(now.iter().all(|r| r["doc_id"] != id));
    assert!(now.iter().all(|r| !r["name"].contains("đã sửa")));
    let errs = csv_rows(&fixed.join("errors.csv"));
    assert!(errs.iter().all(|e| e["stage"] != "review"));
}

#[test]
fn a_bad_corrections_file_is_refused_with_its_line_and_column() {
    let t = tempfile::tempdir().expect("tmp");
    let corr = t.path().join("c.csv");
    std::fs::write(
        &corr,
        "doc_id,row_id,field,extracted,corrected,reviewer_note\n0123456789abcdef,1-1,owner,a,b,\n",
    )
    .expect("write");
    let o = kehoach()
        .args(["extract", "--corrections"])
        .arg(&corr)
        .arg("--out")
        .arg(t.path().join("o"))
        .arg(common::root().join("fixtures/pdf/seed-000.pdf"))
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("c.csv: line 2, column `field`: `owner` is not one of group, stt, name"),
        "{err}"
    );
}

#[test]
fn the_source_file_gone_is_said_on_the_page() {
    let t = tempfile::tempdir().expect("tmp");
    let (ds, id) = boxed_dataset(t.path());
    std::fs::remove_file(t.path().join("in/tasks-2024.pdf")).expect("rm");
    let out = t.path().join("r");
    let msg = report(&ds, &out, &[], t.path());
    assert!(msg.contains("1 sources not found"), "{msg}");
    let page = std::fs::read_to_string(out.join("docs").join(format!("{id}.html"))).expect("page");
    assert!(page.contains("Không còn tệp nguồn tại <code>in/tasks-2024.pdf</code>"));
    assert_eq!(count(&page, "<figure"), 0);
}

#[test]
fn merge_converts_again_the_documents_corrections_name() {
    let t = tempfile::tempdir().expect("tmp");
    for (dir, fixture) in [("a", "tasks-2024.pdf"), ("b", "seed-000.pdf")] {
        let d = t.path().join("in").join(dir);
        std::fs::create_dir_all(&d).expect("mkdir");
        std::fs::copy(
            common::root().join("fixtures/pdf").join(fixture),
            d.join(fixture),
        )
        .expect("copy");
    }
    let extract = |inputs: &[&str], out: &str, extra: &[&str]| {
        run_ok(
            kehoach()
                .current_dir(t.path())
                .arg("extract")
                .args(inputs)
                .args(["--ocr", "never", "--out", out])
                .args(extra),
        )
    };
    extract(&["in/a"], "s1", &[]);
    extract(&["in/b"], "s2", &[]);
    let rows = csv_rows(&t.path().join("s1/tasks.csv"));
    let id = rows[0]["doc_id"].clone();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(kehoach::review::corrections::COLUMNS)
        .expect("csv");
    w.write_record([
        id.as_str(),
        &rows[0]["row_id"],
        "lead",
        &rows[0]["lead"],
        "Sở Tài chính",
        "",
    ])
    .expect("csv");
    w.write_record(["0123456789abcdef", "1-1", "row", "", "correct", ""])
        .expect("csv");
    std::fs::write(t.path().join("c.csv"), w.into_inner().expect("csv")).expect("write");
    // One extract over both inputs with the corrections ...
    extract(&["in/a", "in/b"], "whole", &["--corrections", "c.csv"]);
    // ... is what merging the shards with them writes.
    let merge = |out: &str| {
        run_ok(kehoach().current_dir(t.path()).args([
            "merge",
            out,
            "s1",
            "s2",
            "--ocr",
            "never",
            "--corrections",
            "c.csv",
        ]))
    };
    let msg = merge("merged");
    assert!(
        msg.contains("1 documents converted again with their corrections"),
        "{msg}"
    );
    assert!(
        msg.contains("corrections line 3: document 0123456789abcdef is not in the parts"),
        "{msg}"
    );
    for f in [
        "documents.csv",
        "tasks.csv",
        "errors.csv",
        "agencies.csv",
        "datapackage.json",
    ] {
        assert_eq!(
            std::fs::read(t.path().join("merged").join(f)).expect("merged"),
            std::fs::read(t.path().join("whole").join(f)).expect("whole"),
            "{f}"
        );
    }
    let merged = csv_rows(&t.path().join("merged/tasks.csv"));
    assert_eq!(merged[0]["lead"], "Sở Tài chính");
    assert!(merged[0]["flags"].contains("corrected"));
    // The corrected lead's canonical name, in the CSV and the document JSON.
    assert_eq!(merged[0]["lead_canonical"], "Sở Tài chính");
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(t.path().join(format!("merged/documents/{id}.json"))).expect("json"),
    )
    .expect("json");
    let task = json["tasks"]
        .as_array()
        .and_then(|v| v.iter().find(|k| k["row_id"] == rows[0]["row_id"].as_str()))
        .expect("corrected task in the JSON");
    assert_eq!(task["lead"], "Sở Tài chính");
    assert_eq!(task["lead_canonical"], "Sở Tài chính");
    // Its source changed since the shard: the rows are copied, uncorrected.
    std::fs::copy(
        common::root().join("fixtures/pdf/tasks-2024-reportlab.pdf"),
        t.path().join("in/a/tasks-2024.pdf"),
    )
    .expect("copy");
    let msg = merge("merged2");
    assert!(
        msg.contains(&format!(
            "corrections for document {id} not applied: its source in/a/tasks-2024.pdf has changed"
        )),
        "{msg}"
    );
    assert_eq!(csv_rows(&t.path().join("merged2/tasks.csv"))[0], rows[0]);
}
