//! A dataset folder is replaced only by a complete new one: a run killed at
//! any moment leaves the complete old dataset (or, once swapped in, the
//! complete new one), which `kehoach validate` accepts, and the next run
//! removes what the killed one left beside it.

mod common;
use common::file_tree as tree;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn kehoach() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf")
}

fn extract(inputs: &[PathBuf], out: &Path) -> Command {
    let mut c = kehoach();
    c.arg("extract")
        .args(inputs)
        .args(["--jobs", "2", "--xlsx", "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn validate(out: &Path) {
    let o = kehoach()
        .arg("validate")
        .arg(out)
        .output()
        .expect("validate");
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[cfg(unix)]
#[test]
fn a_kill_at_any_moment_leaves_the_old_or_the_new_dataset() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let old_inputs = vec![fixtures().join("seed-001.pdf")];
    let new_inputs: Vec<PathBuf> = [
        "seed-000.pdf",
        "seed-004.pdf",
        "tasks-2024.pdf",
        "seed-002.pdf",
    ]
    .iter()
    .map(|f| fixtures().join(f))
    .collect();
    // the two datasets a trial may end with, made without interruption
    let reference_new = tmp.path().join("new");
    assert!(
        extract(&new_inputs, &reference_new)
            .status()
            .expect("run")
            .code()
            == Some(0)
    );
    let new_tree = tree(&reference_new);
    let out = tmp.path().join("ds");
    assert!(extract(&old_inputs, &out).status().expect("run").code() == Some(0));
    let old_tree = tree(&out);
    // how long a full run takes, to spread the kills over it
    let t0 = Instant::now();
    let reference_again = tmp.path().join("again");
    assert!(
        extract(&new_inputs, &reference_again)
            .status()
            .expect("run")
            .code()
            == Some(0)
    );
    let full = t0.elapsed();
    std::fs::remove_dir_all(&reference_again).expect("rm");

    let trials = 50u32;
    let (mut saw_old, mut saw_new) = (0, 0);
    for i in 0..trials {
        // back to the old dataset when a trial published the new one
        if tree(&out) != old_tree {
            std::fs::remove_dir_all(&out).expect("rm");
            assert!(extract(&old_inputs, &out).status().expect("run").code() == Some(0));
        }
        let at = full.mul_f64(f64::from(i) / f64::from(trials - 1) * 1.1);
        let mut child = extract(&new_inputs, &out).spawn().expect("spawn");
        let start = Instant::now();
        while start.elapsed() < at {
            if child.try_wait().expect("wait").is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&out);
        if now == old_tree {
            saw_old += 1;
        } else if now == new_tree {
            saw_new += 1;
        } else {
            panic!(
                "trial {i} (kill after {at:?}): the folder is neither the old nor the new dataset"
            );
        }
        validate(&out);
    }
    assert!(saw_old > 0 && saw_new > 0, "old {saw_old}, new {saw_new}");
    // a run after the kills leaves nothing beside the dataset
    assert!(extract(&new_inputs, &out).status().expect("run").code() == Some(0));
    let beside: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("kehoach"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
    assert_eq!(tree(&out), new_tree);
}

#[cfg(unix)]
#[test]
fn sigint_keeps_the_old_dataset_and_the_next_run_resumes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("ds");
    assert!(
        extract(&[fixtures().join("seed-001.pdf")], &out)
            .status()
            .expect("run")
            .code()
            == Some(0)
    );
    let old_tree = tree(&out);
    // many distinct inputs (a fixture with a trailing comment after
    // `%%EOF`) so that the run is still going when the signal comes
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    let base = std::fs::read(fixtures().join("seed-001.pdf")).expect("read");
    for i in 0..200 {
        let mut b = base.clone();
        b.extend_from_slice(format!("\n% copy {i}\n").as_bytes());
        std::fs::write(input.join(format!("{i:03}.pdf")), b).expect("write");
    }
    let mut c = kehoach();
    c.arg("extract")
        .arg(&input)
        .args(["--jobs", "1", "--out"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn");
    std::thread::sleep(Duration::from_millis(300));
    let pid = child.id().to_string();
    let status = Command::new("kill").args(["-INT", &pid]).status();
    if !status.is_ok_and(|s| s.success()) {
        let _ = child.kill();
        let _ = child.wait();
        panic!("kill(1) could not signal the run");
    }
    let o = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    assert_eq!(tree(&out), old_tree);
    // The documents finished before the signal are kept beside it, as a
    // dataset folder of their own, and nothing else.
    let beside = || -> Vec<String> {
        std::fs::read_dir(tmp.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.contains("kehoach"))
            .collect()
    };
    let partial = tmp.path().join(".ds.kehoach-partial");
    assert_eq!(beside(), [".ds.kehoach-partial"], "{err}");
    assert!(err.contains("documents finished are kept in"), "{err}");
    let kept = std::fs::read_to_string(partial.join("documents.csv"))
        .expect("partial documents.csv")
        .lines()
        .count()
        - 1;
    assert!((1..200).contains(&kept), "{kept} documents kept");
    // The same command again resumes: those are reused, and the dataset is
    // the one an uninterrupted run writes.
    let run = |out: &Path| {
        kehoach()
            .arg("extract")
            .arg(&input)
            .args(["--jobs", "1", "--out"])
            .arg(out)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("run")
    };
    let o = run(&out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!("{kept} inputs reused, {} to convert", 200 - kept)),
        "{err}"
    );
    assert!(beside().is_empty(), "{:?}", beside());
    let whole = tmp.path().join("whole");
    assert_eq!(run(&whole).status.code(), Some(0));
    assert_eq!(tree(&out), tree(&whole));
}

/// A second Ctrl-C stops at once (`exit`, no destructors), and the OCR's
/// private scratch folders — each holding a copy of the input — go with
/// the staging folder instead of staying in `$TMPDIR`.
#[cfg(unix)]
#[test]
fn second_sigint_during_ocr_leaves_no_scratch_folder() {
    if let Err(e) = kehoach::ocr::Ocr::availability() {
        common::skip(&format!("{e}"));
        return;
    }
    let scan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/scan/tasks-2024-scan.pdf");
    let tmp = tempfile::tempdir().expect("tempdir");
    let scratch_root = tmp.path().join("tmp");
    std::fs::create_dir(&scratch_root).expect("mkdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    let base = std::fs::read(&scan).expect("read");
    for i in 0..4 {
        let mut b = base.clone();
        b.extend_from_slice(format!("\n% copy {i}\n").as_bytes());
        std::fs::write(input.join(format!("{i}.pdf")), b).expect("write");
    }
    let out = tmp.path().join("ds");
    let child = kehoach()
        .arg("extract")
        .arg(&input)
        .args(["--jobs", "2", "--ocr", "always", "--out"])
        .arg(&out)
        .env("TMPDIR", &scratch_root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // wait until OCR has made its folders
    let t0 = Instant::now();
    let count = || {
        std::fs::read_dir(&scratch_root)
            .map(|d| d.flatten().count())
            .unwrap_or(0)
    };
    while count() == 0 && t0.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(count() > 0, "OCR never made a scratch folder in $TMPDIR");
    let pid = child.id().to_string();
    for _ in 0..2 {
        let ok = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "kill(1) could not signal the run");
        std::thread::sleep(Duration::from_millis(100));
    }
    let o = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted again"), "{err}");
    assert!(!out.exists(), "nothing is published");
    // subprocesses killed by the same signal may still be exiting
    let t1 = Instant::now();
    while count() > 0 && t1.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let left: Vec<_> = std::fs::read_dir(&scratch_root)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert!(left.is_empty(), "scratch folders left in $TMPDIR: {left:?}");
}
