//! Finding the input PDFs and reading them safely.
//!
//! An archive folder is untrusted: it may hold FIFOs or device files named
//! `*.pdf` (reading one would hang or never end), links that point out of
//! the folder (`passwd.pdf → /etc/passwd`: publishing any of its bytes
//! would leak it), or files too large to hold in memory. Only regular files
//! are read, links are followed only while they stay inside the input
//! roots (unless the user asks otherwise), and a size cap is enforced while
//! reading, not only from the file's metadata.

use crate::issue_kind::IssueKind;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How inputs are found and read.
#[derive(Debug, Clone, Copy)]
pub struct InputOptions {
    /// Follow symbolic links that lead out of the input folder given
    /// (`--follow-symlinks`). Links inside it are always followed.
    pub follow_symlinks: bool,
    /// Largest input file read, in bytes (`--max-file-size`).
    pub max_file_bytes: u64,
}

/// Default size cap: 1 GiB, far above any archived plan (the largest scans
/// seen are ~60 MB) and well inside memory.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 1 << 30;

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            follow_symlinks: false,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// Why an input could not be read (`errors.csv` kind in [`ReadError::kind`]).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("not a regular file ({0}); only regular PDF files are read")]
    NotRegular(&'static str),
    #[error("file is larger than the limit of {limit} bytes (raise it with --max-file-size)")]
    TooLarge { limit: u64 },
}

impl ReadError {
    /// Short machine-readable kind for `errors.csv`.
    pub fn kind(&self) -> IssueKind {
        match self {
            ReadError::Io(_) => IssueKind::Read,
            ReadError::NotRegular(_) => IssueKind::NotRegularFile,
            ReadError::TooLarge { .. } => IssueKind::TooLarge,
        }
    }
}

/// What kind of file a non-regular file is, in words.
fn file_kind(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        return "a directory";
    }
    "not a regular file"
}

/// Opens `path` without blocking on a FIFO (`O_NONBLOCK` on Unix).
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    o.open(path)
}

/// Opens `path` for reading only if it is a regular file, without ever
/// blocking (a FIFO is refused, not opened for a writer to appear).
pub fn open_regular(path: &Path) -> Result<(File, std::fs::Metadata), ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotRegular(file_kind(&meta.file_type())));
    }
    let f = open_nonblocking(path)?;
    let meta = f.metadata()?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotRegular(file_kind(&meta.file_type())));
    }
    Ok((f, meta))
}

/// Reads a whole input file: only a regular file, at most `max` bytes.
/// The kind is checked on the opened handle, so a file swapped for a FIFO
/// between listing and reading cannot block the batch.
pub fn read_input(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let (f, meta) = open_regular(path)?;
    if meta.len() > max {
        return Err(ReadError::TooLarge { limit: max });
    }
    let mut bytes = Vec::new();
    f.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge { limit: max });
    }
    Ok(bytes)
}

/// How an input's path is recorded in the dataset (`source_file`, the
/// package's `sources`): published datasets should not carry the layout of
/// the machine that made them (`/home/officer/...`).
#[derive(Debug, Clone, Default)]
pub enum Naming {
    /// Every path as given (the library default; `--absolute-paths`).
    #[default]
    AsGiven,
    /// A relative path as given; an absolute one relative to `root`
    /// (`--root`) when it lies under it, else to the folder holding the
    /// input it was found under: `/srv/archive/2022/x.pdf`, found under the
    /// input folder `/srv/archive`, is recorded as `archive/2022/x.pdf`; an
    /// absolute file named on its own (or on stdin) by its file name.
    Relative {
        root: Option<PathBuf>,
        /// The folders holding each absolute input given, longest first.
        parents: Vec<PathBuf>,
    },
}

impl Naming {
    /// [`Naming::Relative`] for the inputs `given` (as on the command line).
    pub fn relative(given: &[PathBuf], root: Option<PathBuf>) -> Naming {
        let mut parents: Vec<PathBuf> = given
            .iter()
            .filter(|g| g.is_absolute())
            .filter_map(|g| g.parent().map(Path::to_path_buf))
            .collect();
        parents.sort_by_key(|p| std::cmp::Reverse(p.as_os_str().len()));
        parents.dedup();
        Naming::Relative { root, parents }
    }

    /// How `path` (as found) is recorded: NFC text, `/` between folders.
    pub fn name(&self, path: &Path) -> String {
        let rel = match self {
            Naming::Relative { root, parents } if path.is_absolute() => root
                .iter()
                .chain(parents)
                .find_map(|r| path.strip_prefix(r).ok())
                .filter(|r| !r.as_os_str().is_empty())
                .or_else(|| path.file_name().map(Path::new))
                .unwrap_or(path),
            _ => path,
        };
        let text = rel.to_string_lossy();
        let text = if std::path::MAIN_SEPARATOR != '/' && path.is_absolute() {
            std::borrow::Cow::Owned(text.replace(std::path::MAIN_SEPARATOR, "/"))
        } else {
            text
        };
        crate::vn::nfc_cow(&text).into_owned()
    }
}

/// The inputs found on the command line.
#[derive(Debug, Default)]
pub struct Inputs {
    /// PDF files to convert, sorted by the name each is recorded under
    /// ([`Naming`]), without duplicates.
    pub files: Vec<PathBuf>,
    /// Inputs that could not be used: (path as given, reason). Each becomes
    /// an `errors.csv` row.
    pub missing: Vec<(String, String)>,
    /// Files in the folders that are not PDFs, by path (skipped).
    pub skipped: Vec<PathBuf>,
}

fn is_pdf_name(p: &Path) -> bool {
    p.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
}

/// Expands the command line's inputs into PDF files, sorted by path.
///
/// A file named on the command line is used as given (even through a link:
/// the user named it). Directories are walked recursively (`*.pdf` in any
/// letter case); a link inside a folder is followed only when its target
/// stays inside that folder, or when `follow_symlinks` is set; link loops
/// are skipped; FIFOs, devices and sockets named `*.pdf` are reported,
/// never opened.
///
/// Two different files that `naming` would record under one name are an
/// error (`Err` names them): one of them would be lost in a merge.
pub fn collect_inputs(
    inputs: &[PathBuf],
    opts: &InputOptions,
    naming: &Naming,
) -> Result<Inputs, String> {
    let mut out = Inputs::default();
    for input in inputs {
        if input.is_dir() {
            walk_dir(input, opts, &mut out);
        } else if std::fs::symlink_metadata(input).is_ok() {
            out.files.push(input.clone());
        } else {
            out.missing.push((
                input.display().to_string(),
                "no such file or directory".to_string(),
            ));
        }
    }
    let mut named: Vec<(String, PathBuf)> =
        out.files.drain(..).map(|f| (naming.name(&f), f)).collect();
    named.sort();
    named.dedup();
    if let Some(w) = named.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(format!(
            "{} and {} would both be recorded as {}; give --root (a folder above both) or --absolute-paths",
            w[0].1.display(),
            w[1].1.display(),
            w[0].0
        ));
    }
    out.files = named.into_iter().map(|(_, f)| f).collect();
    for m in &mut out.missing {
        m.0 = naming.name(Path::new(&m.0));
    }
    out.skipped
        .sort_by(|a, b| a.to_string_lossy().cmp(&b.to_string_lossy()));
    Ok(out)
}

fn walk_dir(root: &Path, opts: &InputOptions, out: &mut Inputs) {
    let canon_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut outside: Vec<String> = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 || !e.path_is_symlink() || opts.follow_symlinks {
                return true;
            }
            let inside = std::fs::canonicalize(e.path())
                .map(|t| t.starts_with(&canon_root))
                .unwrap_or(false);
            if !inside {
                outside.push(e.path().display().to_string());
            }
            inside
        });
    for entry in walker {
        match entry {
            Ok(e) => {
                let p = e.path();
                let ft = e.file_type();
                if ft.is_dir() {
                    continue;
                }
                if !is_pdf_name(p) {
                    out.skipped.push(p.to_path_buf());
                } else if ft.is_file() {
                    out.files.push(p.to_path_buf());
                } else {
                    out.missing.push((
                        p.display().to_string(),
                        ReadError::NotRegular(file_kind(&ft)).to_string(),
                    ));
                }
            }
            Err(e) => {
                // A symlink loop is reported by walkdir; skip it.
                if e.loop_ancestor().is_none() {
                    let at = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| root.display().to_string());
                    let why = e
                        .io_error()
                        .map(|io| io.to_string())
                        .unwrap_or_else(|| "cannot be read".to_string());
                    out.missing.push((at, why));
                }
            }
        }
    }
    for p in outside {
        out.missing.push((
            p,
            "symbolic link leads out of the input folder; not followed (use --follow-symlinks to follow it)"
                .to_string(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn fifo_and_device_are_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("x.pdf");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo not available");
            return;
        }
        let e = read_input(&fifo, 1 << 20).expect_err("a FIFO is not read");
        assert_eq!(e.kind(), "not_regular_file");
        assert!(e.to_string().contains("a FIFO"), "{e}");
        let e = read_input(Path::new("/dev/zero"), 1 << 20).expect_err("a device is not read");
        assert!(e.to_string().contains("a character device"), "{e}");
        // in a folder, the FIFO is listed as unusable and never opened
        let found = collect_inputs(
            &[dir.path().to_path_buf()],
            &InputOptions::default(),
            &Naming::AsGiven,
        )
        .unwrap();
        assert!(found.files.is_empty());
        assert_eq!(found.missing.len(), 1);
        assert!(found.missing[0].1.contains("a FIFO"), "{:?}", found.missing);
    }

    /// Absolute inputs are recorded without the machine's folders above
    /// them; relative ones as given; two files under one name are refused.
    #[test]
    fn absolute_inputs_are_recorded_relative_to_their_folder() {
        let given = [
            PathBuf::from("/srv/archive"),
            PathBuf::from("/home/officer/scan.pdf"),
            PathBuf::from("fixtures/pdf"),
        ];
        let n = Naming::relative(&given, None);
        assert_eq!(
            n.name(Path::new("/srv/archive/2022/ke hoach.pdf")),
            "archive/2022/ke hoach.pdf"
        );
        assert_eq!(n.name(Path::new("/home/officer/scan.pdf")), "scan.pdf");
        assert_eq!(
            n.name(Path::new("fixtures/pdf/seed-001.pdf")),
            "fixtures/pdf/seed-001.pdf"
        );
        // A file given on stdin, outside every input folder: its name.
        assert_eq!(n.name(Path::new("/mnt/x/y.pdf")), "y.pdf");
        let rooted = Naming::relative(&given, Some(PathBuf::from("/srv")));
        assert_eq!(
            rooted.name(Path::new("/srv/archive/2022/a.pdf")),
            "archive/2022/a.pdf"
        );
        assert_eq!(rooted.name(Path::new("/home/officer/scan.pdf")), "scan.pdf");
        assert_eq!(
            Naming::AsGiven.name(Path::new("/srv/archive/a.pdf")),
            "/srv/archive/a.pdf"
        );
        // NFD on disk (macOS copies), NFC recorded.
        let nfd = "/srv/archive/Ke\u{302}\u{301} hoa\u{323}ch.pdf";
        assert_eq!(n.name(Path::new(nfd)), "archive/Kế hoạch.pdf");

        let dir = tempfile::tempdir().expect("tempdir");
        for sub in ["a", "b"] {
            std::fs::create_dir(dir.path().join(sub)).expect("mkdir");
            std::fs::write(dir.path().join(sub).join("x.pdf"), b"%PDF").expect("write");
        }
        let files = [dir.path().join("a/x.pdf"), dir.path().join("b/x.pdf")];
        let e = collect_inputs(
            &files,
            &InputOptions::default(),
            &Naming::relative(&files, None),
        )
        .expect_err("two files named x.pdf");
        assert!(e.contains("would both be recorded as x.pdf"), "{e}");
        let ok = collect_inputs(
            &files,
            &InputOptions::default(),
            &Naming::relative(&files, Some(dir.path().to_path_buf())),
        )
        .expect("--root tells them apart");
        assert_eq!(ok.files, files);
    }

    #[test]
    fn size_cap_is_enforced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("big.pdf");
        std::fs::write(&f, vec![b'%'; 4096]).expect("write");
        assert_eq!(read_input(&f, 4096).expect("at the cap").len(), 4096);
        let e = read_input(&f, 4095).expect_err("over the cap");
        assert_eq!(e.kind(), "too_large");
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_folder_are_not_followed() {
        let outer = tempfile::tempdir().expect("tempdir");
        let root = outer.path().join("in");
        std::fs::create_dir(&root).expect("mkdir");
        let secret = outer.path().join("secret.txt");
        std::fs::write(&secret, b"root:x:0:0").expect("write");
        std::fs::write(root.join("a.pdf"), b"%PDF-1.4").expect("write");
        std::os::unix::fs::symlink(&secret, root.join("passwd.pdf")).expect("link");
        std::os::unix::fs::symlink(root.join("a.pdf"), root.join("b.pdf")).expect("link");
        std::fs::write(root.join("notes.txt"), b"x").expect("write");
        let found = collect_inputs(
            std::slice::from_ref(&root),
            &InputOptions::default(),
            &Naming::AsGiven,
        )
        .unwrap();
        assert_eq!(found.files, vec![root.join("a.pdf"), root.join("b.pdf")]);
        assert_eq!(found.missing.len(), 1);
        assert!(found.missing[0].0.ends_with("passwd.pdf"));
        assert!(found.missing[0].1.contains("--follow-symlinks"));
        assert_eq!(found.skipped, vec![root.join("notes.txt")]);
        let all = collect_inputs(
            std::slice::from_ref(&root),
            &InputOptions {
                follow_symlinks: true,
                ..InputOptions::default()
            },
            &Naming::AsGiven,
        )
        .unwrap();
        assert_eq!(all.files.len(), 3);
    }
}
