//! Inputs that must never cost the user a published dataset, hang the batch
//! or leak a file's bytes: a mistyped path, an empty folder, a FIFO or
//! device named `*.pdf`, a link out of the input folder.

mod common;
use common::file_tree as tree;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn kehoach() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pdf")
        .join(name)
}

/// Runs `cmd`, killing it after `limit`; returns its output, or panics on a hang.
fn run_with_limit(mut cmd: Command, limit: Duration) -> std::process::Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("kehoach still running after {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn published(input: &Path, out: &Path) {
    let o = kehoach()
        .arg("extract")
        .arg(input)
        .arg("--out")
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
fn a_mistyped_path_or_an_empty_folder_leaves_the_dataset_untouched() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("ds");
    published(&fixture("seed-001.pdf"), &out);
    let before = tree(&out);
    assert!(before.iter().any(|(p, _)| p.starts_with("documents")));
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    std::fs::write(empty.join("readme.txt"), "not a pdf").expect("write");
    for input in [tmp.path().join("nonexistent"), empty] {
        let o = kehoach()
            .arg("extract")
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("no input PDF found"), "{err}");
        assert!(err.contains("left untouched"), "{err}");
        assert_eq!(
            tree(&out),
            before,
            "{} changed the dataset",
            input.display()
        );
    }
    // asked for explicitly, an empty dataset is published
    let o = kehoach()
        .arg("extract")
        .arg(tmp.path().join("nonexistent"))
        .args(["--allow-empty", "--out"])
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    assert!(!out
        .join("documents")
        .read_dir()
        .is_ok_and(|mut d| d.next().is_some()));
}

#[cfg(unix)]
#[test]
fn fifo_and_devices_get_an_error_row_not_a_hang() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::copy(fixture("seed-001.pdf"), input.join("a.pdf")).expect("copy");
    let fifo = input.join("x.pdf");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo not available");
        return;
    }
    let out = tmp.path().join("ds");
    // the FIFO inside a folder, and named on the command line
    for (args, incremental) in [
        (vec![input.clone()], false),
        (vec![input.join("a.pdf"), fifo.clone()], false),
        (vec![input.join("a.pdf"), fifo.clone()], true),
    ] {
        let mut cmd = kehoach();
        cmd.arg("extract").args(&args).arg("--out").arg(&out);
        if incremental {
            cmd.arg("--incremental");
        }
        let o = run_with_limit(cmd, Duration::from_secs(60));
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let errors = std::fs::read_to_string(out.join("errors.csv")).expect("errors.csv");
        let row = errors
            .lines()
            .find(|l| l.contains("x.pdf"))
            .unwrap_or_else(|| panic!("no row for the FIFO:\n{errors}"));
        assert!(row.contains("FIFO"), "{row}");
        let docs = std::fs::read_to_string(out.join("documents.csv")).expect("documents.csv");
        assert!(docs.contains("a.pdf"));
    }
    // `text` on a device ends at once with a specific error
    let mut cmd = kehoach();
    cmd.args(["text", "/dev/zero"]);
    let o = run_with_limit(cmd, Duration::from_secs(20));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("character device"), "{err}");
}

/// No file of the dataset holds the secret file's bytes.
fn assert_no_leak(out: &Path) {
    for (p, bytes) in tree(out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("SECRET") && !text.contains("root:x"),
            "{} leaks",
            p.display()
        );
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_folder_publishes_nothing_of_its_target() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::copy(fixture("seed-001.pdf"), input.join("a.pdf")).expect("copy");
    let secret = tmp.path().join("secret");
    std::fs::write(&secret, "root:x:0:0:SECRET-MARKER:/root:/bin/bash\n").expect("write");
    std::os::unix::fs::symlink(&secret, input.join("passwd.pdf")).expect("link");
    let out = tmp.path().join("ds");
    let o = kehoach()
        .arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    assert_no_leak(&out);
    let errors = std::fs::read_to_string(out.join("errors.csv")).expect("errors.csv");
    assert!(errors.contains("--follow-symlinks"), "{errors}");
    // followed on request, the target is read but still not quoted
    let o = kehoach()
        .arg("extract")
        .arg(&input)
        .args(["--follow-symlinks", "--out"])
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    assert_no_leak(&out);
    let errors = std::fs::read_to_string(out.join("errors.csv")).expect("errors.csv");
    assert!(errors.contains("not_pdf"), "{errors}");
}
