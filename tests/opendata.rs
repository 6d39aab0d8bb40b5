//! The dataset folder as open data: `datapackage.json`, `kehoach validate`,
//! `--xlsx`, `--meta`.

use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kehoach() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf")
}

/// `kehoach extract fixtures/pdf --out <tmp>/ds <extra>`; returns the folder.
fn extract(tmp: &Path, extra: &[&str]) -> PathBuf {
    let out = tmp.join("ds");
    let o = kehoach()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("extract")
        .arg("fixtures/pdf")
        .arg("--out")
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

fn validate(dir: &Path) -> (Option<i32>, String) {
    let o: Output = kehoach().arg("validate").arg(dir).output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

fn package(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("datapackage.json")).unwrap()).unwrap()
}

fn sha256(bytes: &[u8]) -> String {
    kehoach::pipeline::sha256_hex(bytes)
}

/// Rewrites one cell of a CSV (row 0 = header).
fn edit_csv(path: &Path, f: impl FnOnce(&mut Vec<Vec<String>>)) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    let mut rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    f(&mut rows);
    let mut w = csv::Writer::from_path(path).unwrap();
    for row in rows {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
}

fn col(path: &Path, name: &str) -> usize {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.headers().unwrap().iter().position(|h| h == name).unwrap()
}

#[test]
fn extracted_folder_validates_and_the_package_matches_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = extract(tmp.path(), &[]);
    let (code, out) = validate(&ds);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("is valid"), "{out}");

    let pkg = package(&ds);
    let resources = pkg["resources"].as_array().unwrap();
    let re = regex::Regex::new(kehoach::dataset::contract::NAME_PATTERN).unwrap();
    let mut paths = Vec::new();
    for r in resources {
        let name = r["name"].as_str().unwrap();
        assert!(re.is_match(name), "{name}");
        let path = r["path"].as_str().unwrap();
        paths.push(path.to_string());
        let bytes = std::fs::read(ds.join(path)).unwrap();
        assert_eq!(r["bytes"].as_u64(), Some(bytes.len() as u64), "{path}");
        assert_eq!(
            r["hash"].as_str().unwrap(),
            format!("sha256:{}", sha256(&bytes)),
            "{path}"
        );
        if r["format"] == "csv" {
            let rows = csv::Reader::from_path(ds.join(path))
                .unwrap()
                .records()
                .count();
            assert_eq!(r["rows"].as_u64(), Some(rows as u64), "{path}");
            assert_eq!(r["encoding"], "utf-8");
            for f in r["schema"]["fields"].as_array().unwrap() {
                assert!(
                    f["title"].is_string() && f["type"].is_string(),
                    "{path}: {f}"
                );
            }
        }
    }
    for want in [
        "documents.csv",
        "sections.csv",
        "legal_refs.csv",
        "targets.csv",
        "tasks.csv",
        "tables.csv",
        "errors.csv",
        "documents.jsonl",
    ] {
        assert!(paths.iter().any(|p| p == want), "{want}");
    }
    // The documents' own files are listed by the index and documents.csv,
    // not one resource each (a portal would show hundreds).
    assert!(
        paths
            .iter()
            .all(|p| !p.starts_with("documents/") && !p.starts_with("tables/")),
        "{paths:?}"
    );
    let index = std::fs::read_to_string(ds.join("tables.csv")).unwrap();
    for e in std::fs::read_dir(ds.join("tables")).unwrap().flatten() {
        let p = format!("tables/{}", e.file_name().to_string_lossy());
        let bytes = std::fs::read(e.path()).unwrap();
        assert!(
            index.contains(&format!(",{p},{},{}", bytes.len(), sha256(&bytes))),
            "{p} in tables.csv"
        );
    }
    let docs = std::fs::read_to_string(ds.join("documents.csv")).unwrap();
    let bundle = std::fs::read_to_string(ds.join("documents.jsonl")).unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(ds.join("documents")).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        assert!(docs.contains(&sha256(&bytes)), "{:?}", e.path());
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        let id = v["doc_id"].as_str().unwrap();
        assert!(
            bundle
                .lines()
                .any(|l| serde_json::from_str::<Value>(l).unwrap()["doc_id"] == id),
            "{id} in documents.jsonl"
        );
        n += 1;
    }
    assert_eq!(bundle.lines().count(), n);
    // Table Schemas with keys, Vietnamese descriptions, and the schema files.
    let sections = &resources.iter().find(|r| r["name"] == "sections").unwrap()["schema"];
    assert_eq!(
        sections["primaryKey"],
        serde_json::json!(["doc_id", "section_id"])
    );
    assert_eq!(
        sections["foreignKeys"][0]["reference"]["resource"],
        "documents"
    );
    assert_eq!(sections["missingValues"], serde_json::json!([""]));
    for f in ["document", "documents", "sections", "tasks", "errors"] {
        assert!(ds.join(format!("schemas/{f}.schema.json")).is_file(), "{f}");
    }
    // Dublin Core.
    let dc = &pkg["dc"];
    for k in [
        "title",
        "creator",
        "date",
        "description",
        "publisher",
        "identifier",
        "language",
        "source",
        "subject",
    ] {
        assert!(!dc[k].is_null(), "dc.{k}");
    }
    assert_eq!(dc["language"], "vi");
    assert_eq!(pkg["created"], "2024-01-01T00:00:00Z");
    assert_eq!(pkg["sources"].as_array().unwrap().len(), 9);
    assert_eq!(pkg["tool"]["name"], "kehoach");
}

#[test]
fn validate_names_file_row_and_field_of_each_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = extract(tmp.path(), &[]);

    // A corrupt cell: a target value that is not a number (row 3 = 2nd data row).
    let targets = ds.join("targets.csv");
    let value = col(&targets, "value");
    edit_csv(&targets, |rows| rows[2][value] = "nhiều".into());
    // A broken foreign key.
    let sections = ds.join("sections.csv");
    edit_csv(&sections, |rows| rows[1][0] = "ffffffffffffffff".into());
    // A bad date.
    let legal = ds.join("legal_refs.csv");
    let ref_date = col(&legal, "ref_date");
    edit_csv(&legal, |rows| rows[1][ref_date] = "27/4/2021".into());
    // A bad JSON field.
    let json = std::fs::read_dir(ds.join("documents"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .min()
        .unwrap();
    let name = json.file_name().unwrap().to_string_lossy().into_owned();
    let mut v: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    v["pages"][0]["number"] = "một".into();
    std::fs::write(&json, serde_json::to_vec_pretty(&v).unwrap()).unwrap();

    let (code, out) = validate(&ds);
    assert_eq!(code, Some(1), "{out}");
    for want in [
        "targets.csv:3:value: `nhiều` is not a number",
        "sections.csv:2:doc_id: `ffffffffffffffff` is not a doc_id of documents.csv",
        "legal_refs.csv:2:ref_date: `27/4/2021` is not a date YYYY-MM-DD",
        &format!("documents/{name}:/pages/0/number:"),
        &format!("documents/{name}: its SHA-256 is"),
        "documents.jsonl:",
        "datapackage.json:resources/3/hash: targets.csv has hash",
    ] {
        assert!(out.contains(want), "missing `{want}` in\n{out}");
    }
    assert!(out.lines().last().unwrap().contains("problems"), "{out}");
}

/// The table files and the index that lists them: an edited table, a
/// table file the index does not list.
#[test]
fn validate_checks_table_files_against_their_index() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = extract(tmp.path(), &[]);
    let table = std::fs::read_dir(ds.join("tables"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .min()
        .unwrap();
    let name = table.file_name().unwrap().to_string_lossy().into_owned();
    let mut bytes = std::fs::read(&table).unwrap();
    bytes.extend_from_slice(b"x,y\n");
    std::fs::write(&table, bytes).unwrap();
    std::fs::copy(&table, ds.join("tables/0000000000000000-1.csv")).unwrap();
    let (code, out) = validate(&ds);
    assert_eq!(code, Some(1), "{out}");
    for want in [
        format!("sha256: tables/{name} has sha256"),
        format!("bytes: tables/{name} has bytes"),
        format!("rows: tables/{name} has rows"),
        "tables/0000000000000000-1.csv: not listed in tables.csv".to_string(),
    ] {
        assert!(out.contains(&want), "missing `{want}` in\n{out}");
    }
}

#[test]
fn validate_catches_a_deleted_row_and_a_duplicate_key() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = extract(tmp.path(), &[]);
    // Delete the first document: its JSON and rows elsewhere lose their parent.
    let docs = ds.join("documents.csv");
    let mut gone = String::new();
    edit_csv(&docs, |rows| gone = rows.remove(1)[0].clone());
    // Duplicate a section row.
    edit_csv(&ds.join("sections.csv"), |rows| {
        let r = rows[1].clone();
        rows.insert(2, r);
    });
    let (code, out) = validate(&ds);
    assert_eq!(code, Some(1), "{out}");
    for want in [
        format!("`{gone}` is not a doc_id of documents.csv"),
        format!("documents/{gone}.json: no documents.csv row"),
        "datapackage.json:resources/0/rows: documents.csv has 8 rows, the package says 9".into(),
        "sections.csv:3:doc_id+section_id: duplicate primary key".into(),
    ] {
        assert!(out.contains(&want), "missing `{want}` in\n{out}");
    }
}

#[test]
fn runs_are_byte_identical_and_xlsx_has_an_explainer_and_a_sheet_per_dataset() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let da = extract(a.path(), &["--xlsx"]);
    let db = extract(b.path(), &["--xlsx", "--jobs", "1"]);
    let pa = std::fs::read(da.join("datapackage.json")).unwrap();
    assert_eq!(pa, std::fs::read(db.join("datapackage.json")).unwrap());
    let xa = std::fs::read(da.join("dataset.xlsx")).unwrap();
    assert_eq!(xa, std::fs::read(db.join("dataset.xlsx")).unwrap());
    let (code, out) = validate(&da);
    assert_eq!(code, Some(0), "{out}");

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xa)).unwrap();
    let mut wb = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut wb)
        .unwrap();
    // The explainer first, a sheet per CSV under its Vietnamese title, the columns last.
    let names: Vec<&str> = wb
        .split("<sheet name=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(
        names,
        [
            "Giới thiệu",
            "Danh mục văn bản",
            "Đề mục",
            "Văn bản được viện dẫn",
            "Chỉ tiêu",
            "Nhiệm vụ",
            "Bảng trong văn bản",
            "Cơ quan, đơn vị",
            "Lỗi và cảnh báo",
            "Mô tả cột",
        ],
        "{wb}"
    );
    assert!(
        wb.contains("<definedName name=\"_xlnm.Print_Titles\""),
        "{wb}"
    );
    // Sheet 2 (documents): frozen header and an autofilter; numbers as numbers;
    // printed landscape, one page wide.
    let mut s1 = String::new();
    zip.by_name("xl/worksheets/sheet2.xml")
        .unwrap()
        .read_to_string(&mut s1)
        .unwrap();
    assert!(s1.contains("orientation=\"landscape\""), "landscape");
    assert!(
        s1.contains("fitToPage=\"1\"") && s1.contains("fitToHeight=\"0\""),
        "fit"
    );
    assert!(s1.contains("<autoFilter"), "autofilter");
    assert!(s1.contains("state=\"frozen\""), "frozen");
    assert!(s1.contains("<c r=\"D2\""), "pages cell");
    let d2 = &s1[s1.find("<c r=\"D2\"").unwrap()..];
    assert!(
        !d2[..d2.find("</c>").unwrap()].contains("t=\"s\""),
        "pages is a number: {d2:.80}"
    );

    // A run without --xlsx removes the stale workbook and the package no longer lists it.
    extract(a.path(), &[]);
    assert!(!da.join("dataset.xlsx").exists());
    assert!(
        !String::from_utf8(std::fs::read(da.join("datapackage.json")).unwrap())
            .unwrap()
            .contains("dataset.xlsx")
    );
}

#[test]
fn meta_file_sets_the_dataset_fields() {
    let tmp = tempfile::tempdir().unwrap();
    let meta = tmp.path().join("meta.toml");
    std::fs::write(
        &meta,
        r#"
name = "ke-hoach-hau-giang"
title = "Kế hoạch chuyển đổi số tỉnh Hậu Giang"
publisher = "Sở Thông tin và Truyền thông tỉnh Hậu Giang"
created = "2024-03-01"
keywords = ["chuyển đổi số"]
[license]
name = "ODC-BY-1.0"
path = "https://opendatacommons.org/licenses/by/1-0/"
"#,
    )
    .unwrap();
    let ds = extract(tmp.path(), &["--meta", meta.to_str().unwrap(), "--excel"]);
    let pkg = package(&ds);
    assert_eq!(pkg["name"], "ke-hoach-hau-giang");
    assert_eq!(pkg["created"], "2024-03-01T00:00:00Z");
    assert_eq!(pkg["dc"]["date"], "2024-03-01");
    assert_eq!(
        pkg["dc"]["publisher"],
        "Sở Thông tin và Truyền thông tỉnh Hậu Giang"
    );
    // Given by its SPDX id, written under CKAN's, with the path given.
    assert_eq!(pkg["licenses"][0]["name"], "odc-by");
    assert_eq!(
        pkg["licenses"][0]["path"],
        "https://opendatacommons.org/licenses/by/1-0/"
    );
    assert_eq!(pkg["dc"]["subject"], serde_json::json!(["chuyển đổi số"]));
    assert_eq!(pkg["resources"][0]["encoding"], "utf-8-sig");
    let (code, out) = validate(&ds);
    assert_eq!(code, Some(0), "{out}");

    // A misspelt key is bad usage; a licence kehoach does not know, or a
    // misspelt licence key, says what is allowed.
    for (bad, said) in [
        ("titel = \"x\"\n", "titel"),
        ("license = \"mit\"\n", "use one of cc-by, cc-by-sa"),
        (
            "[license]\nnme = \"x\"\n",
            "unknown field `nme`, expected one of `name`",
        ),
        (
            "license = 3\n",
            "a licence id (license = \"cc-by\") or a [license] table",
        ),
    ] {
        std::fs::write(&meta, bad).unwrap();
        let o = kehoach()
            .arg("extract")
            .arg(fixtures())
            .arg("--out")
            .arg(tmp.path().join("other"))
            .arg("--meta")
            .arg(&meta)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(said), "{bad}: {err}");
    }
}

#[test]
fn a_run_with_failures_still_validates() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(fixtures().join("seed-001.pdf"), input.join("a.pdf")).unwrap();
    std::fs::copy(fixtures().join("seed-001.pdf"), input.join("b.pdf")).unwrap();
    std::fs::write(input.join("bad.pdf"), "hello").unwrap();
    std::fs::write(input.join("bad2.pdf"), "hello").unwrap();
    let out = tmp.path().join("ds");
    let o = kehoach()
        .arg("extract")
        .arg(&input)
        .arg(tmp.path().join("missing.pdf"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let (code, report) = validate(&out);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(package(&out)["resources"][0]["rows"], 2);
}

/// `datapackage.json` is written in pieces (its per-input arrays streamed
/// from a spill file); the result must be exactly serde_json's pretty form
/// of the whole, with failed inputs, duplicates and with no input at all.
#[test]
fn streamed_descriptor_is_the_pretty_form_of_the_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for f in ["seed-001.pdf", "tasks-2024.pdf"] {
        std::fs::copy(fixtures().join(f), input.join(f)).unwrap();
    }
    std::fs::copy(fixtures().join("seed-001.pdf"), input.join("copy.pdf")).unwrap();
    std::fs::write(input.join("bad.pdf"), "hello").unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for (name, inputs) in [("some", vec![input.clone()]), ("none", vec![empty])] {
        let out = tmp.path().join(name);
        let o = kehoach()
            .arg("extract")
            .args(&inputs)
            .args(["--xlsx", "--allow-empty", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.code().is_some_and(|c| c <= 1), "{name}");
        let bytes = std::fs::read(out.join("datapackage.json")).unwrap();
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        let mut pretty = serde_json::to_vec_pretty(&v).unwrap();
        pretty.push(b'\n');
        assert!(
            pretty == bytes,
            "{name}: {}",
            String::from_utf8_lossy(&bytes)
        );
        // The two documents and the failed input (a duplicate is one source).
        let n = if name == "some" { 3 } else { 0 };
        assert_eq!(v["sources"].as_array().unwrap().len(), n, "{name}");
        assert_eq!(v["dc"]["source"].as_array().unwrap().len(), n, "{name}");
        let docs = std::fs::read_to_string(out.join("documents.jsonl")).unwrap();
        assert_eq!(
            docs.lines().count(),
            if name == "some" { 2 } else { 0 },
            "{name}"
        );
    }
}

/// A published dataset does not carry the folders of the machine that made
/// it: an absolute input folder is recorded from its own name on
/// (`pdf/seed-001.pdf`) in every CSV and the descriptor's sources, the same
/// for `--incremental`; `--absolute-paths` keeps the paths as given; two
/// files that would be recorded alike are refused before anything is
/// written.
#[test]
fn absolute_input_paths_do_not_leak() {
    let tmp = tempfile::tempdir().unwrap();
    let abs = fixtures();
    let run = |out: &Path, extra: &[&str]| {
        let o = kehoach()
            .arg("extract")
            .arg(&abs)
            .arg("--out")
            .arg(out)
            .args(["--ocr", "never"])
            .args(extra)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let out = tmp.path().join("rel");
    assert_eq!(run(&out, &[]).0, Some(0));
    let home = Path::new(env!("CARGO_MANIFEST_DIR"))
        .to_string_lossy()
        .into_owned();
    for f in [
        "documents.csv",
        "tasks.csv",
        "errors.csv",
        "datapackage.json",
    ] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(!text.contains(&home), "{f} names {home}");
    }
    let docs = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    assert!(docs.contains(",pdf/seed-001.pdf,"), "{docs}");
    let pkg = package(&out);
    let sources: Vec<&str> = pkg["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["path"].as_str())
        .collect();
    assert!(sources.contains(&"pdf/seed-001.pdf"), "{sources:?}");
    let (code, stderr) = run(&out, &["--incremental"]);
    assert_eq!(code, Some(0), "{stderr}");
    let n = std::fs::read_dir(&abs).unwrap().count();
    assert!(
        stderr.contains(&format!("{n} unchanged inputs reused")),
        "{stderr}"
    );

    let kept = tmp.path().join("abs");
    assert_eq!(run(&kept, &["--absolute-paths"]).0, Some(0));
    let docs = std::fs::read_to_string(kept.join("documents.csv")).unwrap();
    let want = format!(",{}/seed-001.pdf,", abs.display());
    assert!(docs.contains(&want), "{docs}");

    // Two folders holding a file of the same name, given as files.
    for sub in ["a", "b"] {
        std::fs::create_dir(tmp.path().join(sub)).unwrap();
        std::fs::copy(abs.join("seed-001.pdf"), tmp.path().join(sub).join("x.pdf")).unwrap();
    }
    let clash = tmp.path().join("clash");
    let o = kehoach()
        .arg("extract")
        .arg(tmp.path().join("a/x.pdf"))
        .arg(tmp.path().join("b/x.pdf"))
        .arg("--out")
        .arg(&clash)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("would both be recorded as x.pdf"),
        "{stderr}"
    );
    assert!(!clash.exists());
}
