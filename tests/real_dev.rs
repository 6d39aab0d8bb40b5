//! Table score of the pipeline on the gold documents of `../shared/real-dev`
//! (real government documents with hand-checked tables), cell by cell, as
//! its README defines it and `scripts/score_real_dev.py` computes it: table
//! score = cell accuracy × row precision. DOCX documents are converted to
//! PDF with LibreOffice first. Skipped (with a message) when `../shared` or
//! `soffice` is absent.

mod common;

use common::root;
use kehoach::tasks::Task;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

fn dev_dir() -> PathBuf {
    root().join("../shared/real-dev")
}

/// The file of `../shared/real-dev/<folder>` whose name starts with `prefix`.
fn dev_file(folder: &str, prefix: &str) -> Option<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dev_dir().join(folder))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect();
    v.sort();
    v.into_iter().next()
}

/// NFC, whitespace folded; unless `strict`, case and accents ignored.
fn fold(s: &str, strict: bool) -> String {
    let s: String = s.nfc().collect::<String>();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if strict {
        return s;
    }
    let s = s.replace('đ', "d").replace('Đ', "D");
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

fn ratio(a: &str, b: &str) -> f64 {
    f64::from(similar::TextDiff::from_chars(a, b).ratio())
}

struct Score {
    right: usize,
    checked: usize,
    matched: usize,
    tool_rows: usize,
    misses: Vec<String>,
}

impl Score {
    fn value(&self) -> f64 {
        let extra = self.tool_rows - self.matched;
        let prec = if self.matched + extra == 0 {
            0.0
        } else {
            self.matched as f64 / (self.matched + extra) as f64
        };
        let acc = if self.checked == 0 {
            0.0
        } else {
            self.right as f64 / self.checked as f64
        };
        acc * prec
    }
}

fn agencies_equal(want: &str, got: &str, strict: bool) -> bool {
    let (w, g) = (fold(want, strict), fold(got, strict));
    w == g
        || w.replace(' ', "") == g.replace(';', ",").replace(' ', "")
        || w.replace(' ', "") == g.replace([';', ' '], "")
}

fn score(gold: &serde_json::Value, tasks: &[Task], strict: bool) -> Score {
    let mut used = vec![false; tasks.len()];
    let mut s = Score {
        right: 0,
        checked: 0,
        matched: 0,
        tool_rows: tasks.len(),
        misses: Vec::new(),
    };
    let str_of = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    for t in gold["tables"].as_array().into_iter().flatten() {
        let roles: Vec<String> = t["column_roles"]
            .as_array()
            .into_iter()
            .flatten()
            .map(str_of)
            .collect();
        for g in t["rows"].as_array().into_iter().flatten() {
            if g["is_group"].as_bool() == Some(true) || g["is_summary"].as_bool() == Some(true) {
                continue;
            }
            let cells: Vec<String> = g["cells"]
                .as_array()
                .into_iter()
                .flatten()
                .map(str_of)
                .collect();
            let by = |role: &str| {
                cells
                    .iter()
                    .zip(&roles)
                    .find(|(_, r)| *r == role)
                    .map(|(c, _)| c.clone())
                    .unwrap_or_default()
            };
            let (gname, gstt) = (by("name"), by("stt"));
            let want: Vec<(String, String)> = cells
                .iter()
                .zip(&roles)
                .filter_map(|(c, r)| match r.as_str() {
                    "stt" | "name" | "lead" | "partners" | "timeframe" => {
                        Some((r.clone(), c.clone()))
                    }
                    _ => (!c.trim().is_empty()).then(|| ("other".to_string(), c.clone())),
                })
                .collect();
            s.checked += want.len();
            let stt_key = |x: &str, strict: bool| fold(x, strict).trim_end_matches('.').to_string();
            let mut best: Option<(usize, f64)> = None;
            for (i, task) in tasks.iter().enumerate() {
                if used[i] {
                    continue;
                }
                let mut sim = ratio(&fold(&gname, false), &fold(&task.name, false));
                if stt_key(&gstt, false) == stt_key(&task.stt, false) {
                    sim += 0.01;
                }
                if best.is_none_or(|(_, b)| sim > b) {
                    best = Some((i, sim));
                }
            }
            let Some((bi, sim)) = best.filter(|(_, sim)| *sim >= 0.5) else {
                s.misses
                    .push(format!("missed row stt={gstt:?} name={gname:?}"));
                continue;
            };
            let _ = sim;
            used[bi] = true;
            s.matched += 1;
            let task = &tasks[bi];
            let extra: Vec<String> = task
                .extra
                .values()
                .map(|v| fold(v.as_str().unwrap_or(""), strict))
                .collect();
            for (r, c) in &want {
                let (ok, got) = match r.as_str() {
                    "other" => (extra.contains(&fold(c, strict)), "(extra)".to_string()),
                    "stt" => (
                        stt_key(c, strict) == stt_key(&task.stt, strict),
                        task.stt.clone(),
                    ),
                    "name" => (
                        fold(c, strict) == fold(&task.name, strict),
                        task.name.clone(),
                    ),
                    "timeframe" => (
                        fold(c, strict) == fold(&task.timeframe, strict),
                        task.timeframe.clone(),
                    ),
                    "lead" => (agencies_equal(c, &task.lead, strict), task.lead.clone()),
                    _ => (
                        agencies_equal(c, &task.partners, strict),
                        task.partners.clone(),
                    ),
                };
                if ok {
                    s.right += 1;
                } else {
                    s.misses
                        .push(format!("stt={gstt} {r}: want {c:?} got {got:?}"));
                }
            }
        }
    }
    s
}

/// The PDF of a gold document: the file itself, or a DOCX converted with
/// LibreOffice (cached under target/real-dev-pdf, as the script does).
fn pdf_for(file: &str) -> Option<PathBuf> {
    let src = dev_dir().join("files").join(file);
    if src
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    {
        return Some(src);
    }
    let cache = root().join("target/real-dev-pdf");
    let stem = Path::new(file).file_stem()?.to_string_lossy().to_string();
    let out = cache.join(format!("{stem}.pdf"));
    if !out.exists() {
        std::fs::create_dir_all(&cache).ok()?;
        let ok = std::process::Command::new("soffice")
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&cache)
            .arg(&src)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?
            .success();
        if !ok || !out.exists() {
            return None;
        }
    }
    Some(out)
}

fn soffice_present() -> bool {
    std::process::Command::new("soffice")
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// (gold name prefix, lowest score accepted, lowest with accents compared):
/// the measured scores.
/// d03: its second table has two time columns (start, end) and a task has
/// one `timeframe`, so one cell of each of its three rows cannot be right:
/// 28/31 at best under this measure (the end column's text is kept in
/// `extra` and gives `end`, see `d03_end_column_gives_the_end_date`).
/// d02 (gold in tests/gold): a two-row header of labels over units, and
/// footnote marks raised beside their numbers.
const DIGITAL: &[(&str, f64, f64)] = &[
    ("d01", 1.0, 1.0),
    ("d02", 1.0, 1.0),
    ("d03", 0.90, 0.90),
    ("d05", 1.0, 1.0),
    ("d06", 1.0, 1.0),
    ("x02", 1.0, 1.0),
    ("x03", 1.0, 1.0),
];

#[test]
fn digital_gold_documents_score_at_least_their_floor() {
    let dev = dev_dir();
    if !dev.join("gold").is_dir() {
        common::skip(&format!("{} not present", dev.display()));
        return;
    }
    let soffice = soffice_present();
    // real-dev's gold, and the gold written here for its files without
    // (tests/gold, same format).
    let mut names: Vec<PathBuf> = [dev.join("gold"), root().join("tests/gold")]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).into_iter().flatten().flatten())
        .map(|e| e.path())
        .collect();
    names.sort_by_key(|p| p.file_name().map(|n| n.to_os_string()));
    let mut failures = Vec::new();
    for (prefix, floor, strict_floor) in DIGITAL {
        let Some(path) = names.iter().find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        }) else {
            eprintln!("skipped {prefix}: no gold file");
            continue;
        };
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let file = gold["pdf"].as_str().unwrap_or("");
        if !file.to_ascii_lowercase().ends_with(".pdf") && !soffice {
            common::skip(&format!(
                "{prefix}: soffice not installed (needed for {file})"
            ));
            continue;
        }
        let Some(pdf) = pdf_for(file) else {
            eprintln!("skipped {prefix}: could not convert {file}");
            continue;
        };
        let doc = common::convert(&pdf);
        let lenient = score(&gold, &doc.tasks, false);
        let strict = score(&gold, &doc.tasks, true);
        eprintln!(
            "{prefix}: score {:.3} (strict {:.3}), cells {}/{}, rows matched {}/{} tool rows",
            lenient.value(),
            strict.value(),
            lenient.right,
            lenient.checked,
            lenient.matched,
            lenient.tool_rows
        );
        if lenient.value() < *floor || strict.value() < *strict_floor {
            failures.push(format!(
                "{prefix}: {:.3} (strict {:.3}) below {floor} / {strict_floor}:\n  {}",
                lenient.value(),
                strict.value(),
                strict.misses.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// d03's second table has a start and an end column (both `timeframe` in
/// the gold): each task keeps the start as its `timeframe`, the end column's
/// text among its extra cells, and takes `end` from the end column
/// (`17g00 ngày 16/11/2025` → 2025-11-16), not from the start.
#[test]
fn d03_end_column_gives_the_end_date() {
    let dev = dev_dir();
    let Some(path) = dev_file("gold", "d03") else {
        common::skip(&format!("{}: no d03 gold", dev.display()));
        return;
    };
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let Some(pdf) = pdf_for(gold["pdf"].as_str().unwrap_or("")) else {
        common::skip("d03: no PDF");
        return;
    };
    let doc = common::convert(&pdf);
    let table = &gold["tables"][1];
    let roles: Vec<&str> = table["column_roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    let times: Vec<usize> = (0..roles.len())
        .filter(|&j| roles[j] == "timeframe")
        .collect();
    assert_eq!(times.len(), 2);
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    for g in rows {
        let cells: Vec<&str> = g["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let (start, end) = (cells[times[0]], cells[times[1]]);
        let t = doc
            .tasks
            .iter()
            .find(|t| t.timeframe == start)
            .unwrap_or_else(|| panic!("no task with timeframe {start:?}"));
        // `17g00 ngày 16/11/2025` → `2025-11-16`.
        let dmy: Vec<&str> = end.rsplit(' ').next().unwrap().split('/').collect();
        let iso = format!("{}-{}-{:0>2}", dmy[2], dmy[1], dmy[0]);
        assert_eq!(t.end, iso, "{start} .. {end}");
        assert!(t.start < t.end, "{start} .. {end}");
        assert!(
            t.extra.values().any(|v| v.as_str() == Some(end)),
            "{end} not among the extra cells"
        );
    }
}

/// Scanned gold documents: (gold name prefix, lowest score, lowest with
/// accents compared, lowest share of gold data rows found with their row
/// number right), the measured figures (`python3 scripts/score_real_dev.py
/// s0` gives the same scores within 0.02: its row matching uses difflib). OCR text is not yet as right as a text layer:
/// a cell is right only when every character of it is, and the long cells
/// of s01 lose one in eight to a misread letter. s02 is a form without row
/// numbers (share 0 by definition); s03 a 100 dpi JPEG scan whose list runs
/// over two pages out of order, its outer border faded out of the image over
/// the top rows (closed by the rows' corners); s06 a field list with codes
/// like `ma_bn` whose underscores are short lines touching no rule (no
/// walls: they once cut rows in two) and whose `t_` OCR reads as a symbol
/// (`+ thuoc`: the records stage's identifier-column repair); s02's raised
/// footnote mark `(2)`, read `2`, is written `(2)`. A value repeated
/// down a column mends its garbled copies (`Công an nh` → `Công an tỉnh`).
const SCANNED: &[(&str, f64, f64, f64)] = &[
    ("s01", 0.95, 0.67, 1.0),
    ("s02", 1.0, 0.5, 0.0),
    ("s03", 0.54, 0.46, 1.0),
    ("s06", 0.80, 0.75, 1.0),
];

/// The share of the gold's data rows that reach the tasks with their row
/// number right.
fn stt_recall(gold: &serde_json::Value, tasks: &[Task]) -> f64 {
    let mut want: Vec<String> = Vec::new();
    for t in gold["tables"].as_array().into_iter().flatten() {
        let Some(stt) = t["column_roles"]
            .as_array()
            .and_then(|r| r.iter().position(|r| r.as_str() == Some("stt")))
        else {
            continue;
        };
        for g in t["rows"].as_array().into_iter().flatten() {
            if g["is_group"].as_bool() == Some(true) || g["is_summary"].as_bool() == Some(true) {
                continue;
            }
            let s = g["cells"][stt].as_str().unwrap_or("").trim_end_matches('.');
            if !s.is_empty() {
                want.push(s.to_string());
            }
        }
    }
    if want.is_empty() {
        return 0.0;
    }
    let mut have: Vec<String> = tasks
        .iter()
        .map(|t| t.stt.trim_end_matches('.').to_string())
        .collect();
    let found = want
        .iter()
        .filter(|w| {
            have.iter()
                .position(|h| h == *w)
                .map(|i| have.swap_remove(i))
                .is_some()
        })
        .count();
    found as f64 / want.len() as f64
}

#[test]
fn scanned_gold_documents_score_at_least_their_floor() {
    let dev = dev_dir();
    if !dev.join("gold").is_dir() {
        common::skip(&format!("{} not present", dev.display()));
        return;
    }
    if kehoach::ocr::Ocr::availability().is_err() {
        common::skip("Tesseract (vie) or pdftoppm not installed");
        return;
    }
    let opts = kehoach::pipeline::Options::with_ocr(kehoach::pipeline::OcrMode::Auto);
    let mut failures = Vec::new();
    for (prefix, floor, strict_floor, recall_floor) in SCANNED {
        let Some(path) = dev_file("gold", prefix) else {
            failures.push(format!("{prefix}: no gold file"));
            continue;
        };
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let pdf = dev.join("files").join(gold["pdf"].as_str().unwrap_or(""));
        let doc = kehoach::pipeline::convert_file(&pdf, &pdf.display().to_string(), &opts)
            .result
            .unwrap_or_else(|e| panic!("{}: {e}", pdf.display()));
        // Each gold table is one table over all its pages: a page number,
        // an official's initials or specks in the margin do not cut it
        // (s01 came out as four tables before they were told apart).
        for t in gold["tables"].as_array().into_iter().flatten() {
            let mut want: Vec<u32> = t["pages"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_u64().map(|p| p as u32))
                .collect();
            want.sort_unstable();
            let found = doc.tables.iter().any(|d| {
                let mut got = d.pages.clone();
                got.sort_unstable();
                got == want
            });
            if !found {
                let all: Vec<&Vec<u32>> = doc.tables.iter().map(|d| &d.pages).collect();
                failures.push(format!("{prefix}: no table over pages {want:?}: {all:?}"));
            }
        }
        let lenient = score(&gold, &doc.tasks, false);
        let strict = score(&gold, &doc.tasks, true);
        let recall = stt_recall(&gold, &doc.tasks);
        eprintln!(
            "{prefix}: score {:.3} (strict {:.3}), cells {}/{}, rows matched {}/{} tool rows, row numbers {:.3}",
            lenient.value(),
            strict.value(),
            lenient.right,
            lenient.checked,
            lenient.matched,
            lenient.tool_rows,
            recall
        );
        if lenient.value() < *floor || strict.value() < *strict_floor || recall < *recall_floor {
            failures.push(format!(
                "{prefix}: {:.3} (strict {:.3}, row numbers {recall:.3}) below {floor} / {strict_floor} / {recall_floor}:\n  {}",
                lenient.value(),
                strict.value(),
                lenient.misses.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// d11, a 52-page register of legal acts (no gold yet): the table runs on
/// over all its pages with a page number at the foot of each (not text
/// between a table and its continuation) and, on page 23, one column
/// boundary drawn 45 pt apart in two rows (one boundary, not two); the act
/// in rows `1`/`Luật Đất đai` is one cell merged over fifteen sub-rows
/// across several pages, so each sub-row carries its number and name (one
/// fact per row); groups I–III.
#[test]
fn a_register_runs_over_its_pages_with_merged_rows_repeated() {
    let dev = dev_dir();
    let Some(pdf) = dev_file("files", "d11_") else {
        common::skip(&format!("{} not present", dev.display()));
        return;
    };
    let doc = common::convert(&pdf);
    let first = doc.tables.first().expect("a table");
    assert_eq!(doc.tables.len(), 1);
    assert_eq!(first.pages.len(), 52, "{:?}", first.pages);
    let land: Vec<&Task> = doc
        .tasks
        .iter()
        .filter(|t| t.stt == "1" && t.name.starts_with("Luật Đất đai"))
        .collect();
    assert_eq!(land.len(), 15);
    assert!(doc
        .tasks
        .iter()
        .all(|t| !t.stt.is_empty() && !t.name.is_empty()));
    assert_eq!(doc.tasks.len(), 88);
    assert!(doc
        .tasks
        .last()
        .is_some_and(|t| t.group.starts_with("III. ")));
}

/// d13 (Aspose.Words for .NET, no gold yet): its API tables draw the
/// header row under one border without inner rules; each header word
/// stands in a column of the rows below, so the header is cut into those
/// columns, cell by cell as printed on page 2 (and on page 3 for a header
/// left at the foot of page 2).
#[test]
fn header_rows_without_inner_rules_take_the_columns_below() {
    let dev = dev_dir();
    let Some(pdf) = dev_file("files", "d13_") else {
        common::skip(&format!("{} not present", dev.display()));
        return;
    };
    let doc = common::convert(&pdf);
    let on_page_2: Vec<_> = doc.tables.iter().filter(|t| t.pages == [2]).collect();
    let cells =
        |k: usize| -> Vec<Vec<String>> { on_page_2[k].csv_rows().map(|r| r.to_vec()).collect() };
    let params = ["Tên tham số", "Kiểu dữ liệu – giá trị", "Bắt buộc", "Mô tả"];
    assert_eq!(
        cells(0),
        [
            params.to_vec(),
            vec![
                "Content-Type",
                "String",
                "x",
                "application/x-www-form-urlencoded"
            ]
        ]
    );
    assert_eq!(
        cells(1),
        [
            params.to_vec(),
            vec!["username", "String", "x", "Tên tài khoản được cấp"],
            vec![
                "password",
                "String",
                "x",
                "Mật khẩu truy cập được cấp (mã hóa MD5 uppercase)"
            ],
        ]
    );
    assert_eq!(
        cells(2),
        [
            vec!["Tên trường", "Kiểu dữ liệu – giá trị", "Mô tả"],
            vec!["maKetQua", "String", "Mã kết quả trả về"],
            vec!["APIKey", "ResultObject", "Dữ liệu trả về"],
        ]
    );
    // The last header row of page 2 stands alone at the foot of the page;
    // its rows are on page 3: one table, that header, the rows below.
    let over = doc
        .tables
        .iter()
        .find(|t| t.pages == [2, 3])
        .expect("a table over pages 2-3");
    let rows: Vec<Vec<String>> = over.csv_rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows[0], ["Tên trường", "Kiểu dữ liệu – giá trị", "Mô tả"]);
    assert_eq!(
        rows[1],
        ["access_token", "String", "Mã token truy cập hệ thống"]
    );
    assert_eq!(rows.len(), 6);
    assert_eq!(
        rows[5],
        ["expires_in", "datetime", "Thời gian hết hạn token(UTC)"]
    );
}

/// d09 (Aspose.Words for Java, e-signed; no gold yet): the evidence cell
/// of criteria 1.6.1 and 1.6.2 is one cell merged over both rows that runs
/// from page 5 onto page 6, where 1.6.1 is cut by the break. Both rows
/// carry the whole cell, from its first item on page 5 to its last on
/// page 6.
#[test]
fn a_merged_cell_over_a_page_break_is_whole_on_each_row() {
    let dev = dev_dir();
    let Some(pdf) = dev_file("files", "d09_") else {
        common::skip(&format!("{} not present", dev.display()));
        return;
    };
    let doc = common::convert(&pdf);
    let table = doc.tables.first().expect("a table");
    assert_eq!(table.rows.len(), 108);
    let evidence = |stt: &str| -> &str {
        let r = table
            .rows
            .iter()
            .find(|r| r.cells[0] == stt)
            .unwrap_or_else(|| panic!("no row {stt}"));
        &r.cells[4]
    };
    let whole = evidence("1.6.1");
    assert!(
        whole.starts_with("- Tài liệu chứng minh về việc tổ chức các cuộc đối thoại"),
        "{whole}"
    );
    assert!(whole.ends_with("- TLKC khác (nếu có)."), "{whole}");
    assert_eq!(evidence("1.6.2"), whole);
}
