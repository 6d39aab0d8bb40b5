//! Private scratch folders (`0700`) for the files handed to subprocesses
//! (a copy of the input for `pdftoppm`, page images for Tesseract).
//!
//! A [`Scratch`] folder is removed when it is dropped, like a
//! [`tempfile::TempDir`], and also by [`remove_all`] when the process is
//! stopped at once (a second Ctrl-C calls `std::process::exit`, which runs
//! no destructors): every live folder is kept in one registry so that none
//! is left in `$TMPDIR` holding a copy of an input.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The paths of the scratch folders alive now; `closed` once
/// [`remove_all`] ran (the process is exiting: no new folder).
struct Registry {
    live: Vec<PathBuf>,
    closed: bool,
}

static LIVE: Mutex<Registry> = Mutex::new(Registry {
    live: Vec::new(),
    closed: false,
});

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// A private temporary folder, removed on drop and by [`remove_all`].
#[derive(Debug)]
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    /// Creates `$TMPDIR/<prefix>XXXXXX`, readable by the owner only.
    /// Fails once [`remove_all`] has run.
    pub fn new(prefix: &str) -> std::io::Result<Scratch> {
        // created under the lock, so that `remove_all` sees every folder
        let mut r = registry();
        if r.closed {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "the run is stopping: no new scratch folder",
            ));
        }
        let mut b = tempfile::Builder::new();
        b.prefix(prefix);
        // tempfile's default is the umask's (0755): the folder holds a copy
        // of the input, so it is made private from the start
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            b.permissions(std::fs::Permissions::from_mode(0o700));
        }
        let dir = b.tempdir()?;
        r.live.push(dir.path().to_path_buf());
        Ok(Scratch { dir })
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let mut r = registry();
        if let Some(i) = r.live.iter().position(|p| p == self.dir.path()) {
            r.live.swap_remove(i);
        }
        // the TempDir field removes the folder after this
    }
}

/// Removes every scratch folder alive now and refuses new ones (the
/// process is about to exit without unwinding). A subprocess still
/// writing into a folder can make one removal fail; it is tried again.
pub fn remove_all() {
    let dirs = {
        let mut r = registry();
        r.closed = true;
        std::mem::take(&mut r.live)
    };
    for d in dirs {
        for _ in 0..3 {
            if std::fs::remove_dir_all(&d).is_ok() || !d.exists() {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // `remove_all` closes the process-wide registry, so it is tested end
    // to end (tests/publish.rs: a second SIGINT during OCR), not here.
    #[test]
    fn private_and_removed_on_drop() {
        let a = Scratch::new("kehoach-test-").expect("scratch");
        let pa = a.path().to_path_buf();
        std::fs::write(pa.join("x"), b"copy").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&pa).expect("stat").permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        assert!(registry().live.contains(&pa));
        drop(a);
        assert!(!pa.exists());
        assert!(!registry().live.contains(&pa));
    }
}
