//! Files of the dataset folder on disk: atomic writes (a temporary file
//! beside the final path, renamed into place when complete), staged files
//! waiting for their rename, one flush of the whole folder, and the sizes
//! and hashes `datapackage.json` lists.
//!
//! An interrupted run never leaves a half written file and never destroys
//! the previous run's output.

use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Size, SHA-256 and (for a CSV) data rows of one file of the package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStats {
    pub bytes: u64,
    /// Lowercase hex SHA-256.
    pub hash: String,
    /// Data rows (header not counted) of a CSV; `None` for other files.
    pub rows: Option<u64>,
}

/// Paths (relative to the dataset folder) → their stats.
pub type StatsMap = std::collections::HashMap<String, FileStats>;

pub(crate) fn write_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// A temporary file in `dir` (renamed over the final path when complete).
/// On Unix it is created `rw-r--r--` rather than tempfile's private
/// `rw-------`: the dataset is meant to be published, e.g. served by a web
/// server running as another user.
pub(crate) fn temp_beside(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut b = tempfile::Builder::new();
    b.prefix(".kehoach-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o644));
    }
    b.tempfile_in(dir)
}

/// The folder a file of the dataset is written in.
pub(crate) fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Writes `path` atomically with what `fill` writes (buffered) into a
/// temporary file beside it, renamed over `path` only when all went well.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let werr = write_error(path);
    let tmp = temp_beside(parent(path)).map_err(&werr)?;
    let mut w = BufWriter::new(tmp.reopen().map_err(&werr)?);
    fill(&mut w).map_err(&werr)?;
    w.flush().map_err(&werr)?;
    let file = w.into_inner().map_err(|e| werr(e.into_error()))?;
    file.sync_all().map_err(&werr)?;
    drop(file);
    tmp.persist(path).map_err(|e| werr(e.error))?;
    Ok(())
}

/// A file written completely to a temporary file beside its final path,
/// waiting to be renamed into place ([`Staged::commit`]); dropped, the
/// temporary file is deleted.
///
/// A document's own files are not flushed to disk one by one: an `fsync`
/// per file cost a worker thread ~4 ms each on a virtual disk, as much as
/// converting a page. The rename alone already means a reader (or an
/// interrupted run) only ever sees a complete file; the dataset writer
/// flushes the whole folder to disk once ([`sync_folder`]) before the CSVs
/// and the descriptor that point at those files are renamed into place.
#[derive(Debug)]
pub struct Staged {
    pub(crate) tmp: tempfile::NamedTempFile,
    pub(crate) path: PathBuf,
    pub(crate) stats: FileStats,
}

impl Staged {
    /// Writes `bytes` for `path` into a temporary file beside it.
    pub fn bytes(path: &Path, bytes: &[u8]) -> Result<Staged, Error> {
        let werr = write_error(path);
        let tmp = temp_beside(parent(path)).map_err(&werr)?;
        let mut f = tmp.reopen().map_err(&werr)?;
        f.write_all(bytes).map_err(&werr)?;
        Ok(Staged {
            tmp,
            path: path.to_path_buf(),
            stats: FileStats {
                bytes: bytes.len() as u64,
                hash: crate::digest::sha256_hex(bytes),
                rows: None,
            },
        })
    }

    /// Flushes the file to disk.
    pub fn sync(&self) -> Result<(), Error> {
        self.tmp
            .as_file()
            .sync_all()
            .map_err(write_error(&self.path))
    }

    /// Renames the file into place; returns its stats.
    pub fn commit(self) -> Result<FileStats, Error> {
        let path = self.path;
        self.tmp
            .persist(&path)
            .map_err(|e| write_error(&path)(e.error))?;
        Ok(self.stats)
    }
}

/// Flushes every file written in the folder `dir` to disk: on Linux one
/// `syncfs` of its file system; elsewhere each file of `documents/` and
/// `tables/` is flushed.
pub fn sync_folder(dir: &Path) -> Result<(), Error> {
    #[cfg(target_os = "linux")]
    {
        let d = File::open(dir).map_err(write_error(dir))?;
        rustix::fs::syncfs(&d).map_err(|e| write_error(dir)(e.into()))
    }
    #[cfg(not(target_os = "linux"))]
    {
        for sub in ["documents", "tables"] {
            let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_file() {
                    File::options()
                        .write(true)
                        .open(&p)
                        .and_then(|f| f.sync_all())
                        .map_err(write_error(&p))?;
                }
            }
        }
        Ok(())
    }
}

/// Removes the files in `dir` that are `stale` (ours, not of this run).
pub fn remove_stale(dir: &Path, stale: impl Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if stale(&e.file_name().to_string_lossy()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Whether two paths name one folder.
pub fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Puts `rel` of the folder `from` into the folder `to`: a hard link where
/// the file system allows it (no bytes copied; the old dataset can then be
/// removed without touching the new one), else an atomic copy.
pub fn copy_into(from: &Path, to: &Path, rel: &str) -> Result<(), Error> {
    let src = from.join(rel);
    let dst = to.join(rel);
    if !dst.exists() && std::fs::hard_link(&src, &dst).is_ok() {
        return Ok(());
    }
    let bytes = std::fs::read(&src).map_err(|source| Error::Read { path: src, source })?;
    write_atomic(&dst, &bytes)
}

/// Size and SHA-256 of a file, read in blocks (constant memory however
/// large the CSV).
pub fn file_digest(path: &Path) -> std::io::Result<(u64, String)> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    // an input may be a FIFO or a device: refused, never opened blocking
    let mut f = crate::input::open_regular(path)
        .map_err(|e| match e {
            crate::input::ReadError::Io(io) => io,
            other => std::io::Error::other(other.to_string()),
        })?
        .0;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf)?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok((n, crate::digest::to_hex(&h.finalize())))
}
