//! Publishing a dataset folder all at once.
//!
//! A run writes its whole dataset into a staging folder beside the target
//! (`.<name>.kehoach-staging-<pid>`), flushes it to disk, and only then
//! swaps it in: on Linux with one `renameat2(RENAME_EXCHANGE)`, so at every
//! instant the target path holds either the complete old dataset or the
//! complete new one, also when the process is killed or the disk fills up.
//! The old dataset, left in the staging path by the exchange, is removed
//! afterwards. A run that is interrupted or fails leaves the target as it
//! was; staging folders left by a killed run are removed by the next run
//! over the same target. An interrupted run keeps the documents it finished
//! in a partial folder beside the target ([`partial_path`]), which the next
//! run reuses and removes once it has published.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::error::Error;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// The staging folder of the run in progress, for [`abort_now`].
static CURRENT: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Asks the run in progress to stop (SIGINT/SIGTERM): no more files are
/// converted and nothing is published.
pub fn request_interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// An interruption was asked for.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Removes the staging folder of the run in progress and every scratch
/// folder of the OCR in progress at once (a second signal: the user does
/// not want to wait for the files in progress). The published dataset is
/// not touched.
pub fn abort_now() {
    let dir = CURRENT.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(d) = dir {
        let _ = std::fs::remove_dir_all(d);
    }
    crate::scratch::remove_all();
}

fn set_current(dir: Option<&Path>) {
    *CURRENT.lock().unwrap_or_else(|e| e.into_inner()) = dir.map(Path::to_path_buf);
}

/// A dataset being written, not yet published.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

fn werr(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// The folder holding `target` and the name of `target` in it.
fn parent_and_name(target: &Path) -> Result<(PathBuf, String), Error> {
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string)
        .ok_or_else(|| {
            werr(
                target,
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "the dataset folder needs a plain UTF-8 name (not `.`, `..` or `/`)",
                ),
            )
        })?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// Prefix of the staging folders of `name`.
fn staging_prefix(name: &str) -> String {
    format!(".{name}.kehoach-staging-")
}

/// The process `pid` is running (Linux: `/proc/<pid>` exists).
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(target_os = "linux")]
    {
        Path::new("/proc").join(pid.to_string()).exists()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pid;
        false
    }
}

/// Removes the staging folders of `target` whose run is no longer alive;
/// returns how many were removed.
pub fn remove_stale(target: &Path) -> Result<usize, Error> {
    let (parent, name) = parent_and_name(target)?;
    let prefix = staging_prefix(&name);
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return Ok(0);
    };
    let mut n = 0;
    for e in entries.flatten() {
        let file_name = e.file_name();
        let Some(rest) = file_name.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = rest.parse::<u32>().ok();
        if pid.is_some_and(alive) {
            continue;
        }
        let p = e.path();
        std::fs::remove_dir_all(&p).map_err(|err| werr(&p, err))?;
        n += 1;
    }
    Ok(n)
}

impl Staging {
    /// Creates an empty staging folder for `target`, removing stale ones.
    pub fn begin(target: &Path) -> Result<Staging, Error> {
        let (parent, name) = parent_and_name(target)?;
        std::fs::create_dir_all(&parent).map_err(|e| werr(&parent, e))?;
        remove_stale(target)?;
        let dir = parent.join(format!("{}{}", staging_prefix(&name), std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| werr(&dir, e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| werr(&dir, e))?;
        set_current(Some(&dir));
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
        })
    }

    /// Where the new dataset is written.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder that [`Staging::commit`] replaces.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes the staging folder to disk and swaps it in for the target;
    /// then removes the old dataset.
    pub fn commit(mut self) -> Result<(), Error> {
        if interrupted() {
            return Err(Error::Interrupted);
        }
        sync_dir_tree(&self.dir)?;
        set_current(None);
        let (parent, _) = parent_and_name(&self.target)?;
        if self.target.exists() {
            exchange(&self.dir, &self.target)?;
            self.committed = true;
            // The staging path now holds the old dataset.
            std::fs::remove_dir_all(&self.dir).map_err(|e| werr(&self.dir, e))?;
        } else {
            std::fs::rename(&self.dir, &self.target).map_err(|e| werr(&self.target, e))?;
            self.committed = true;
        }
        sync_dir(&parent)
    }
}

/// Where an interrupted run keeps the documents it finished, for the next
/// run over the same target to reuse: `.<name>.kehoach-partial` beside it
/// (a complete dataset folder of those documents; never published).
pub fn partial_path(target: &Path) -> Result<PathBuf, Error> {
    let (parent, name) = parent_and_name(target)?;
    Ok(parent.join(format!(".{name}.kehoach-partial")))
}

/// Removes the target's partial folder (once a run that reused it has
/// published).
pub fn remove_partial(target: &Path) -> Result<(), Error> {
    let p = partial_path(target)?;
    match std::fs::remove_dir_all(&p) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(werr(&p, e)),
        _ => Ok(()),
    }
}

impl Staging {
    /// Keeps the staging folder, its dataset complete, as the target's
    /// partial folder ([`partial_path`], replacing an older one: the new one
    /// holds its reused documents too); the target is not touched.
    pub fn keep_as_partial(mut self) -> Result<PathBuf, Error> {
        sync_dir_tree(&self.dir)?;
        set_current(None);
        let (parent, _) = parent_and_name(&self.target)?;
        let kept = partial_path(&self.target)?;
        if kept.exists() {
            exchange(&self.dir, &kept)?;
            self.committed = true;
            std::fs::remove_dir_all(&self.dir).map_err(|e| werr(&self.dir, e))?;
        } else {
            std::fs::rename(&self.dir, &kept).map_err(|e| werr(&kept, e))?;
            self.committed = true;
        }
        sync_dir(&parent)?;
        Ok(kept)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            set_current(None);
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Swaps the folders `a` and `b` atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<(), Error> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // Some file systems (older NFS, overlay on old kernels) lack it.
        Err(rustix::io::Errno::INVAL) | Err(rustix::io::Errno::NOSYS) => exchange_by_renames(a, b),
        Err(e) => Err(werr(b, e.into())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> Result<(), Error> {
    exchange_by_renames(a, b)
}

/// Two renames: `b` → a side name, `a` → `b`, side name → `a`. Between the
/// first two the target is missing for an instant; used only where the
/// atomic exchange is not available.
fn exchange_by_renames(a: &Path, b: &Path) -> Result<(), Error> {
    let side = a.with_extension("old");
    std::fs::rename(b, &side).map_err(|e| werr(b, e))?;
    if let Err(e) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&side, b);
        return Err(werr(b, e));
    }
    std::fs::rename(&side, a).map_err(|e| werr(a, e))
}

/// Flushes every file under `dir` to disk (Linux: one `syncfs`).
fn sync_dir_tree(dir: &Path) -> Result<(), Error> {
    #[cfg(target_os = "linux")]
    {
        let d = std::fs::File::open(dir).map_err(|e| werr(dir, e))?;
        rustix::fs::syncfs(&d).map_err(|e| werr(dir, e.into()))
    }
    #[cfg(not(target_os = "linux"))]
    {
        for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
            if e.file_type().is_file() {
                let f = std::fs::File::open(e.path()).map_err(|err| werr(e.path(), err))?;
                f.sync_all().map_err(|err| werr(e.path(), err))?;
            }
        }
        Ok(())
    }
}

/// Flushes a folder's entries (the renames in it) to disk.
fn sync_dir(dir: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    {
        let d = std::fs::File::open(dir).map_err(|e| werr(dir, e))?;
        d.sync_all().map_err(|e| werr(dir, e))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(p: &Path, s: &str) {
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, s).expect("write");
    }

    #[test]
    fn commit_replaces_the_whole_folder() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let target = tmp.path().join("ds");
        write(&target.join("old.csv"), "old");
        write(&target.join("documents/a.json"), "{}");
        let s = Staging::begin(&target).expect("begin");
        write(&s.dir().join("new.csv"), "new");
        // nothing is visible before the commit
        assert!(target.join("old.csv").exists());
        assert!(!target.join("new.csv").exists());
        s.commit().expect("commit");
        assert_eq!(
            std::fs::read_to_string(target.join("new.csv")).expect("read"),
            "new"
        );
        assert!(!target.join("old.csv").exists());
        assert!(!target.join("documents").exists());
        // only the dataset is left beside it
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("ds")]);
    }

    #[test]
    fn a_dropped_staging_leaves_the_target_untouched() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let target = tmp.path().join("ds");
        write(&target.join("old.csv"), "old");
        {
            let s = Staging::begin(&target).expect("begin");
            write(&s.dir().join("new.csv"), "half");
        }
        assert_eq!(
            std::fs::read_to_string(target.join("old.csv")).expect("read"),
            "old"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).expect("ls").count(), 1);
    }

    #[test]
    fn first_publish_and_stale_staging_of_a_dead_run() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let target = tmp.path().join("ds");
        // a killed run's staging folder (pid far above any real one)
        let stale = tmp.path().join(".ds.kehoach-staging-4294967");
        write(&stale.join("x.csv"), "x");
        let s = Staging::begin(&target).expect("begin");
        assert!(!stale.exists());
        write(&s.dir().join("new.csv"), "new");
        s.commit().expect("commit");
        assert!(target.join("new.csv").exists());
    }
}
