//! CSVs of the dataset are safe to open in a spreadsheet: cells that a PDF
//! printed as formulas (`=HYPERLINK(…)`, `=1+1`, `+1+1`, `@SUM`) are not
//! evaluated by LibreOffice Calc's default CSV import, while the JSON keeps
//! the exact text and `dataset.xlsx` holds it as strings.

mod common;
use std::path::Path;
use std::process::Command;

fn kehoach() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
}

fn extract(out: &Path) {
    let pdf = common::root().join("fixtures/spreadsheet/formula.pdf");
    let o = kehoach()
        .arg("extract")
        .arg(&pdf)
        .args(["--xlsx", "--out"])
        .arg(out)
        .output()
        .expect("run");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn formula_cells_are_written_as_text() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("ds");
    extract(&out);
    let tasks = common::read_csv(&out.join("tasks.csv"));
    let cells: Vec<(&str, &str, &str)> = tasks
        .iter()
        .map(|r| {
            (
                r["name"].as_str(),
                r["lead"].as_str(),
                r["partners"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        cells,
        vec![
            (
                "'=1+1",
                "'=HYPERLINK(\"http:// example.com\",\"bấm\")",
                "'+1+1"
            ),
            ("'@SUM(1;2)", "Sở Y tế", "'-1+1"),
            (
                "- Tuyên truyền về chuyển đổi số",
                "Sở Thông tin và Truyền thông",
                "'=A1"
            ),
        ]
    );
    // the document JSON keeps the extracted text exactly
    let id = &tasks[0]["doc_id"];
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join(format!("documents/{id}.json"))).expect("json"),
    )
    .expect("parse");
    assert_eq!(json["tasks"][0]["name"], "=1+1");
    assert_eq!(json["tasks"][2]["partners"], "=A1");
    // the dataset is still valid
    let v = kehoach()
        .arg("validate")
        .arg(&out)
        .output()
        .expect("validate");
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
    // the workbook's cells are the exact text, as strings
    let xlsx = std::fs::File::open(out.join("dataset.xlsx")).expect("xlsx");
    let mut zip = zip::ZipArchive::new(xlsx).expect("zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        if name.starts_with("xl/") && name.ends_with(".xml") {
            std::io::Read::read_to_string(&mut f, &mut all).expect("read");
        }
    }
    assert!(
        !all.contains("<f>") && !all.contains("<f "),
        "a formula in the workbook"
    );
    assert!(all.contains(">=1+1<"), "the exact text is in the workbook");
}

#[test]
fn libreoffice_evaluates_no_cell_of_any_csv() {
    if Command::new("soffice").arg("--version").output().is_err() {
        common::skip("LibreOffice (soffice) not installed");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("ds");
    extract(&out);
    let mut csvs: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    csvs.sort();
    assert!(csvs.len() >= 8);
    let conv = tmp.path().join("xlsx");
    let profile = tmp.path().join("profile");
    let o = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&conv)
        .args(&csvs)
        .output()
        .expect("soffice");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut seen_text = false;
    for csv in &csvs {
        let stem = csv.file_stem().and_then(|s| s.to_str()).expect("stem");
        let x = std::fs::File::open(conv.join(format!("{stem}.xlsx")))
            .unwrap_or_else(|e| panic!("{stem}.xlsx: {e}"));
        let mut zip = zip::ZipArchive::new(x).expect("zip");
        let mut sheet = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").expect("sheet"),
            &mut sheet,
        )
        .expect("read");
        assert!(
            !sheet.contains("<f>") && !sheet.contains("<f "),
            "LibreOffice evaluated a cell of {}",
            csv.display()
        );
        let mut strings = String::new();
        if let Ok(mut f) = zip.by_name("xl/sharedStrings.xml") {
            std::io::Read::read_to_string(&mut f, &mut strings).expect("read");
        }
        seen_text |= strings.contains("=HYPERLINK");
    }
    assert!(seen_text, "the formula text is shown as text");
}
