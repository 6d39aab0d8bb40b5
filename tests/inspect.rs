//! `kehoach inspect`: a PDF converted now, its document JSON in a dataset,
//! and the PDF looked up in that dataset show the same view, wrapped to the
//! width asked, nothing cut; `--json` prints the stored document JSON.

mod common;
use common::*;
use std::process::Command;

fn kehoach() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kehoach"));
    c.current_dir(root());
    c
}

fn stdout_of(c: &mut Command) -> String {
    let o = c.output().expect("run kehoach");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("UTF-8")
}

#[test]
fn the_pdf_and_its_dataset_json_show_alike() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("ds");
    let pdf = "fixtures/pdf/tasks-2024.pdf";
    stdout_of(
        kehoach()
            .args(["extract", pdf, "--ocr", "never", "--quiet", "--out"])
            .arg(&ds),
    );
    let id = "7da4026c4335d31d"; // the first 16 hex of the fixture's SHA-256
    let json = ds.join("documents").join(format!("{id}.json"));
    let fresh = stdout_of(kehoach().args(["inspect", pdf, "--ocr", "never", "--width", "80"]));
    let stored = stdout_of(kehoach().arg("inspect").arg(&json).args(["--width", "80"]));
    let looked_up = stdout_of(
        kehoach()
            .args(["inspect", pdf, "--width", "80", "--dataset"])
            .arg(&ds),
    );
    assert_eq!(stored, fresh);
    assert_eq!(looked_up, fresh);
    // Wrapped, not cut: every line fits, and a long task name is there whole.
    assert!(fresh.lines().all(|l| l.chars().count() <= 80), "{fresh}");
    let flat = fresh.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "number 15/KH-STTTT (p1)",
        "issuer UBND TỈNH HẬU GIANG / SỞ THÔNG TIN VÀ TRUYỀN THÔNG (p1)",
        "place, date Hậu Giang, 2024-01-25 (ngày 25 tháng 01 năm 2024) (p1)",
        "signer KT. GIÁM ĐỐC · PHÓ GIÁM ĐỐC · Lê Minh Tâm (p2)",
        "Tasks (nhiệm vụ) (30)",
        "1-2 1 Tuyên truyền, phổ biến về chuyển đổi số trên Báo Hậu Giang, Đài Phát thanh và \
         Truyền hình tỉnh, Cổng thông tin điện tử tỉnh và hệ thống thông tin cơ sở · chủ trì: \
         Sở TT&TT · phối hợp: Báo Hậu Giang; Đài Phát thanh và Truyền hình Hậu Giang · thời \
         gian: Thường xuyên (p3)",
    ] {
        assert!(flat.contains(want), "missing `{want}` in:\n{fresh}");
    }
    // --json: the document JSON as the dataset holds it.
    let printed = stdout_of(kehoach().args(["inspect", pdf, "--ocr", "never", "--json"]));
    let mut file = std::fs::read(&json).unwrap();
    file.push(b'\n');
    assert_eq!(printed.as_bytes(), file.as_slice());
}

#[test]
fn what_a_dataset_cannot_show_is_said() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("ds");
    stdout_of(
        kehoach()
            .args(["extract", "fixtures/pdf/tasks-2024.pdf", "--ocr", "never"])
            .args(["--quiet", "--out"])
            .arg(&ds),
    );
    // A PDF the dataset does not hold.
    let o = kehoach()
        .args(["inspect", "fixtures/pdf/seed-002.pdf", "--dataset"])
        .arg(&ds)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("fixtures/pdf/seed-002.pdf is not in the dataset"),
        "{err}"
    );
    // Laid-out lines are not stored.
    let o = kehoach()
        .arg("inspect")
        .arg(ds.join("documents/7da4026c4335d31d.json"))
        .arg("--lines")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--lines needs the PDF"));
    // Another JSON file is not a document.
    let o = kehoach()
        .arg("inspect")
        .arg(ds.join("datapackage.json"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a kehoach document JSON"));
}
