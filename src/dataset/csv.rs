//! CSV files of the dataset: the writer every CSV is written with, and the
//! one reader every CSV is read back with (past a UTF-8 BOM).
//!
//! [`CsvSink`] is a `csv::Writer` over a [`Hashing`] adapter: the bytes are
//! counted and hashed as they are written, so that `datapackage.json` gets
//! each file's size, SHA-256 and rows without reading it back, and records
//! an earlier run wrote can be appended byte for byte ([`CsvSink::raw`]).
//! [`LineSink`] does the same for the one file of lines, `documents.jsonl`.

use super::contract::TableDef;
use super::fs::{parent, temp_beside, write_error, FileStats, Staged};
use crate::error::Error;
use serde::Serialize;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The UTF-8 byte order mark `--excel` CSVs begin with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How CSVs are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// UTF-8 BOM and CRLF line ends, so Excel shows Vietnamese correctly.
    pub excel: bool,
}

/// A `Write` that counts and hashes what passes through it. Its `flush`
/// only hands on what it was given (the `csv::Writer` above flushes its
/// buffer into it before a raw append); the file below is flushed once, by
/// [`Hashing::into_parts`].
pub struct Hashing<W: Write> {
    inner: W,
    bytes: u64,
    hash: sha2::Sha256,
}

impl<W: Write> Hashing<W> {
    pub fn new(inner: W) -> Hashing<W> {
        use sha2::Digest;
        Hashing {
            inner,
            bytes: 0,
            hash: sha2::Sha256::new(),
        }
    }

    /// Flushes the writer below; returns it with the size and hash.
    pub fn into_parts(mut self) -> std::io::Result<(W, u64, String)> {
        use sha2::Digest;
        self.inner.flush()?;
        let hash = crate::digest::to_hex(&self.hash.finalize());
        Ok((self.inner, self.bytes, hash))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

type Inner = Hashing<BufWriter<File>>;

/// A CSV being written to a temporary file beside its final path.
pub struct CsvSink {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
    /// `None` only while [`CsvSink::raw`] appends below it.
    w: Option<csv::Writer<Inner>>,
    builder: csv::WriterBuilder,
    rows: u64,
}

impl CsvSink {
    /// A CSV with the header `header` (no BOM, LF; BOM and CRLF with
    /// `excel`). Records may have other numbers of fields than the header.
    pub fn create<I, S>(path: &Path, header: I, opts: WriteOptions) -> Result<CsvSink, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        let werr = write_error(path);
        let tmp = temp_beside(parent(path)).map_err(&werr)?;
        let file = tmp.reopen().map_err(&werr)?;
        let mut out = Hashing::new(BufWriter::with_capacity(1 << 16, file));
        if opts.excel {
            out.write_all(BOM).map_err(&werr)?;
        }
        let mut builder = csv::WriterBuilder::new();
        builder
            .has_headers(false)
            .flexible(true)
            .terminator(if opts.excel {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            });
        let mut sink = CsvSink {
            path: path.to_path_buf(),
            tmp,
            w: Some(builder.from_writer(out)),
            builder,
            rows: 0,
        };
        sink.record(
            header
                .into_iter()
                .map(|h| match std::str::from_utf8(h.as_ref()) {
                    Ok(t) => crate::sheet_safe::cell(t).into_owned().into_bytes(),
                    Err(_) => h.as_ref().to_vec(),
                }),
        )?;
        sink.rows = 0;
        Ok(sink)
    }

    /// A CSV of the dataset table `t` in the folder `out`, header written.
    pub fn table(out: &Path, t: &TableDef, opts: WriteOptions) -> Result<CsvSink, Error> {
        CsvSink::create(&out.join(t.path()), t.columns(), opts)
    }

    fn writer(&mut self) -> Result<&mut csv::Writer<Inner>, Error> {
        self.w
            .as_mut()
            .ok_or_else(|| write_error(&self.path)(std::io::Error::other("CSV writer closed")))
    }

    /// Writes one row: a record struct of [`super::contract`].
    pub fn row(&mut self, rec: &impl Serialize) -> Result<(), Error> {
        self.rows += 1;
        let r = self.writer()?.serialize(crate::sheet_safe::SafeRecord(rec));
        r.map_err(|e| csv_error(&self.path, e))
    }

    /// Writes one row of extracted text (a table's cells), each cell
    /// spreadsheet-safe ([`crate::sheet_safe`]).
    pub fn text_record(&mut self, cells: &[String]) -> Result<(), Error> {
        self.record(
            cells
                .iter()
                .map(|c| crate::sheet_safe::cell(c).into_owned()),
        )
    }

    /// Writes one row given as its fields.
    pub fn record<I, S>(&mut self, fields: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        self.rows += 1;
        let r = self.writer()?.write_record(fields);
        r.map_err(|e| csv_error(&self.path, e))
    }

    /// Appends `rows` records exactly as `bytes` holds them: records that a
    /// sink with the same options wrote (a reused input's rows).
    pub fn raw(&mut self, bytes: &[u8], rows: u64) -> Result<(), Error> {
        self.rows += rows;
        let werr = write_error(&self.path);
        let w = self
            .w
            .take()
            .ok_or_else(|| werr(std::io::Error::other("CSV writer closed")))?;
        let mut inner = w.into_inner().map_err(|e| werr(e.into_error()))?;
        inner.write_all(bytes).map_err(&werr)?;
        self.w = Some(self.builder.from_writer(inner));
        Ok(())
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The final file's name (`tasks.csv`).
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Flushes the file to disk and renames it into place; returns its
    /// size, SHA-256 and data rows.
    pub fn finish(self) -> Result<FileStats, Error> {
        let staged = self.stage()?;
        staged.sync()?;
        staged.commit()
    }

    /// Completes the file, not yet renamed into place nor flushed to disk
    /// (see [`Staged`]).
    pub fn stage(self) -> Result<Staged, Error> {
        let werr = write_error(&self.path);
        let w = self
            .w
            .ok_or_else(|| werr(std::io::Error::other("CSV writer closed")))?;
        let hashing = w.into_inner().map_err(|e| werr(e.into_error()))?;
        let (out, bytes, hash) = hashing.into_parts().map_err(&werr)?;
        drop(out.into_inner().map_err(|e| werr(e.into_error()))?);
        drop(werr);
        Ok(Staged {
            tmp: self.tmp,
            path: self.path,
            stats: FileStats {
                bytes,
                hash,
                rows: Some(self.rows),
            },
        })
    }
}

/// A file of lines (`documents.jsonl`) being written to a temporary file
/// beside its final path, counted and hashed as it goes.
pub struct LineSink {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
    w: Inner,
}

impl LineSink {
    pub fn create(path: &Path) -> Result<LineSink, Error> {
        let werr = write_error(path);
        let tmp = temp_beside(parent(path)).map_err(&werr)?;
        let file = tmp.reopen().map_err(&werr)?;
        Ok(LineSink {
            path: path.to_path_buf(),
            tmp,
            w: Hashing::new(BufWriter::with_capacity(1 << 16, file)),
        })
    }

    /// Appends `line` (without its newline) and a newline.
    pub fn line(&mut self, line: &[u8]) -> Result<(), Error> {
        let werr = write_error(&self.path);
        self.w.write_all(line).map_err(&werr)?;
        self.w.write_all(b"\n").map_err(&werr)
    }

    /// Flushes the file to disk and renames it into place; returns its
    /// size and SHA-256.
    pub fn finish(self) -> Result<FileStats, Error> {
        let werr = write_error(&self.path);
        let (out, bytes, hash) = self.w.into_parts().map_err(&werr)?;
        drop(out.into_inner().map_err(|e| werr(e.into_error()))?);
        drop(werr);
        let staged = Staged {
            tmp: self.tmp,
            path: self.path,
            stats: FileStats {
                bytes,
                hash,
                rows: None,
            },
        };
        staged.sync()?;
        staged.commit()
    }
}

fn csv_error(path: &Path, source: csv::Error) -> Error {
    if source.is_io_error() {
        if let csv::ErrorKind::Io(e) = source.into_kind() {
            return write_error(path)(e);
        }
        return write_error(path)(std::io::Error::other("CSV write failed"));
    }
    Error::Csv {
        path: path.to_path_buf(),
        source,
    }
}

/// Whether the reader is at a UTF-8 BOM; if so, skips it.
pub fn skip_bom(r: &mut impl BufRead) -> std::io::Result<bool> {
    let bom = r.fill_buf()?.starts_with(BOM);
    if bom {
        r.consume(BOM.len());
    }
    Ok(bom)
}

/// Opens a CSV of the dataset for reading, past a UTF-8 BOM if there is
/// one (`--excel`): whether it had one, and the reader (records of any
/// length; `headers`: the first record is the header).
pub fn open(path: &Path, headers: bool) -> Result<(bool, csv::Reader<BufReader<File>>), Error> {
    let rerr = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut r = BufReader::with_capacity(1 << 16, File::open(path).map_err(rerr)?);
    let bom = skip_bom(&mut r).map_err(rerr)?;
    let rdr = csv::ReaderBuilder::new()
        .has_headers(headers)
        .flexible(true)
        .from_reader(r);
    Ok((bom, rdr))
}

/// Data rows of a CSV (the header row is not counted), streamed.
pub fn csv_rows(path: &Path) -> Result<u64, Error> {
    let (_, mut r) = open(path, true)?;
    let mut n = 0;
    let mut rec = csv::ByteRecord::new();
    while r
        .read_byte_record(&mut rec)
        .map_err(|e| read_error(path, e))?
    {
        n += 1;
    }
    Ok(n)
}

/// The header row of a CSV.
pub fn csv_header(path: &Path) -> Result<Vec<String>, Error> {
    let (_, mut r) = open(path, false)?;
    let mut rec = csv::StringRecord::new();
    if r.read_record(&mut rec).map_err(|e| read_error(path, e))? {
        Ok(rec.iter().map(str::to_string).collect())
    } else {
        Ok(Vec::new())
    }
}

/// A CSV read error of `path`.
pub fn read_error(path: &Path, source: csv::Error) -> Error {
    Error::Csv {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads the stats of the file `path` of the folder `out`.
pub fn file_stats(out: &Path, path: &str, csv: bool) -> Result<FileStats, Error> {
    let full = out.join(path);
    let (bytes, hash) = super::fs::file_digest(&full).map_err(|source| Error::Read {
        path: full.clone(),
        source,
    })?;
    let rows = if csv { Some(csv_rows(&full)?) } else { None };
    Ok(FileStats { bytes, hash, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sink writes what `csv` writes (quoting, CRLF and BOM for Excel,
    /// an empty single field as `""`) and counts and hashes those bytes.
    #[test]
    fn sink_bytes_and_stats() {
        let dir = tempfile::tempdir().unwrap();
        for (excel, want) in [
            (
                false,
                "a,b\n1,\"x,y\"\n\"\"\n\"q\"\"\",\"two\nlines\"\nraw\n",
            ),
            (
                true,
                "\u{feff}a,b\r\n1,\"x,y\"\r\n\"\"\r\n\"q\"\"\",\"two\nlines\"\r\nraw\n",
            ),
        ] {
            let path = dir.path().join(format!("t{excel}.csv"));
            let mut s = CsvSink::create(&path, ["a", "b"], WriteOptions { excel }).unwrap();
            s.record(["1", "x,y"]).unwrap();
            s.record([""]).unwrap();
            s.row(&("q\"", "two\nlines")).unwrap();
            s.raw(b"raw\n", 1).unwrap();
            let st = s.finish().unwrap();
            let bytes = std::fs::read(&path).unwrap();
            assert_eq!(String::from_utf8(bytes.clone()).unwrap(), want);
            assert_eq!(st.rows, Some(4));
            assert_eq!(st.bytes, bytes.len() as u64);
            assert_eq!(st.hash, crate::digest::sha256_hex(&bytes));
            let (bom, _) = open(&path, true).unwrap();
            assert_eq!(bom, excel);
            assert_eq!(csv_rows(&path).unwrap(), 4);
            assert_eq!(csv_header(&path).unwrap(), ["a", "b"]);
        }
    }
}
