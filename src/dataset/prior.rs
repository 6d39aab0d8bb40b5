//! Reading finished dataset folders back, per input, for incremental runs
//! and merging shards.
//!
//! A dataset folder written by `extract` records, for every input, its rows
//! in each CSV, its `documents/<doc_id>.json` and `tables/<doc_id>-<n>.csv`.
//! [`Dataset::load`] reads back, per input ([`Prior`]), its `documents.csv`
//! and `errors.csv` rows and *where* its rows lie in the other CSVs (a byte
//! [`Span`] each: an input's rows are written together); the
//! dataset writer re-emits them at the input's place in input order
//! (sorted `source_file`), copying the rows byte for byte, so that
//!
//! * `extract --incremental` converts only inputs whose (path, SHA-256) is
//!   not already `ok` in the output folder ([`Plan`]), and
//! * `merge OUT PART...` joins shards extracted separately ([`merge`]),
//!
//! both giving a folder byte-identical to one full `extract` run, in memory
//! that does not hold the rows. Agencies (`agencies.csv`, the `*_canonical`
//! columns of `tasks.csv`) are recounted from the task rows' `lead` /
//! `partners` cells, so a changed alias list is honoured; `datapackage.json`
//! is rewritten.
//!
//! What the package lists of a reused document (title, tables, sizes and
//! hashes) comes from the folder's `datapackage.json` when it is there and
//! still describes the files: a listed file whose size differs, or that
//! was modified after the descriptor was written, is read again (the quick
//! check `make` and `rsync` use); without a descriptor, each document's
//! JSON is read.

use super::contract::{TableDef, DOCUMENTS, ERRORS, LEGAL_REFS, SECTIONS, TARGETS, TASKS};
use super::fs::FileStats;
use super::package::{DocFacts, TableFacts};
use crate::error::Error;
use serde::Deserialize;
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The CSVs whose rows a [`Prior`] points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFile {
    Sections = 0,
    LegalRefs = 1,
    Targets = 2,
    Tasks = 3,
}

impl RowFile {
    const ALL: [RowFile; 4] = [
        RowFile::Sections,
        RowFile::LegalRefs,
        RowFile::Targets,
        RowFile::Tasks,
    ];

    fn file_name(self) -> String {
        self.table().path()
    }

    fn table(self) -> &'static TableDef {
        match self {
            RowFile::Sections => &SECTIONS,
            RowFile::LegalRefs => &LEGAL_REFS,
            RowFile::Targets => &TARGETS,
            RowFile::Tasks => &TASKS,
        }
    }
}

/// Where one input's rows lie in a CSV: bytes `start..end`, `rows` records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    pub start: u64,
    pub end: u64,
    pub rows: u64,
}

/// The row CSVs of one folder, open for reading spans.
#[derive(Debug)]
pub struct RowStore {
    files: [(PathBuf, Mutex<csv::Reader<File>>); 4],
}

impl RowStore {
    fn open(
        &self,
        which: RowFile,
    ) -> Result<(&Path, std::sync::MutexGuard<'_, csv::Reader<File>>), Error> {
        let (path, file) = &self.files[which as usize];
        let guard = file.lock().map_err(|_| Error::Read {
            path: path.clone(),
            source: std::io::Error::other("reader lock poisoned"),
        })?;
        Ok((path, guard))
    }

    /// The bytes of `span` in `which`.
    pub fn read(&self, which: RowFile, span: Span) -> Result<Vec<u8>, Error> {
        let (path, mut rdr) = self.open(which)?;
        let rerr = |source| Error::Read {
            path: path.to_path_buf(),
            source,
        };
        let len = usize::try_from(span.end.saturating_sub(span.start))
            .map_err(|_| rerr(std::io::Error::other("span too large")))?;
        let mut buf = vec![0; len];
        if len > 0 {
            // The file under the CSV reader: its buffer is cleared by the
            // `seek` of the next `records`.
            let f = rdr.get_mut();
            f.seek(SeekFrom::Start(span.start)).map_err(rerr)?;
            f.read_exact(&mut buf).map_err(rerr)?;
        }
        Ok(buf)
    }

    /// Gives `f` the records of `span` in `which`, parsed (one reader per
    /// file: building a CSV parser costs more than a document's rows).
    pub fn records(
        &self,
        which: RowFile,
        span: Span,
        f: &mut dyn FnMut(&csv::ByteRecord) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let (path, mut rdr) = self.open(which)?;
        let cerr = |source| Error::Csv {
            path: path.to_path_buf(),
            source,
        };
        let mut pos = csv::Position::new();
        pos.set_byte(span.start);
        rdr.seek(pos).map_err(cerr)?;
        let mut rec = csv::ByteRecord::new();
        for _ in 0..span.rows {
            if !rdr.read_byte_record(&mut rec).map_err(cerr)? {
                return Err(invalid(path, "rows end early; run a full extract"));
            }
            f(&rec)?;
        }
        Ok(())
    }
}

/// One input as recorded in a dataset folder.
#[derive(Debug, Clone)]
pub struct Prior {
    pub source_file: String,
    pub sha256: String,
    pub bytes: u64,
    /// Empty for an input that could not be read.
    pub doc_id: String,
    pub kind: PriorKind,
    /// Its `documents.csv` row (empty for a duplicate).
    pub documents: Vec<String>,
    /// Its rows in sections, legal_refs, targets and tasks (by [`RowFile`]).
    pub rows: [Span; 4],
    /// The folder's row CSVs the spans point into.
    pub store: Arc<RowStore>,
    /// Its `errors.csv` rows (warnings, the failure, or the duplicate row).
    pub errors: Vec<Vec<String>>,
    /// The folder holding its `documents/` and `tables/` files.
    pub dir: PathBuf,
    /// What the package needs of it (ok documents only).
    pub meta: Option<DocMeta>,
}

impl Prior {
    /// Its span in `which`.
    pub fn span(&self, which: RowFile) -> Span {
        self.rows[which as usize]
    }
}

/// What kind of input a [`Prior`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriorKind {
    /// Converted (`status` ok).
    Ok,
    /// Could not be converted (`status` failed).
    Failed,
    /// Same bytes as an earlier input: one `errors.csv` row.
    Duplicate,
}

/// What `datapackage.json` needs of a reused document.
#[derive(Debug, Clone, Default)]
pub struct DocMeta {
    pub creation_date: Option<String>,
    pub issuer: String,
    pub facts: DocFacts,
}

#[derive(Deserialize)]
struct JsonDoc {
    #[serde(default)]
    tables: Vec<JsonTable>,
}
#[derive(Deserialize)]
struct JsonTable {
    table_no: u32,
    #[serde(default)]
    title: String,
}

/// The parts of a folder's `datapackage.json` that reuse needs.
#[derive(Deserialize)]
struct JsonPackage {
    #[serde(default)]
    resources: Vec<JsonResource>,
}
#[derive(Deserialize)]
struct JsonResource {
    path: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    bytes: Option<u64>,
    #[serde(default)]
    hash: Option<String>,
    #[serde(default)]
    rows: Option<u64>,
    #[serde(default)]
    schema: Option<JsonSchema>,
}
#[derive(Deserialize)]
struct JsonSchema {
    #[serde(default)]
    fields: Vec<JsonField>,
}
#[derive(Deserialize)]
struct JsonField {
    name: String,
}

/// A folder's descriptor, as far as it still describes the files.
#[derive(Default)]
struct Listing {
    /// `documents/<doc_id>.json` → stats.
    json: HashMap<String, FileStats>,
    /// doc_id → its tables in order, with stats and header if current.
    tables: HashMap<String, Vec<TableFacts>>,
}

impl Listing {
    /// Reads `dir/datapackage.json`; empty when it is missing or unreadable.
    fn load(dir: &Path) -> Listing {
        let path = dir.join("datapackage.json");
        let (Ok(text), Ok(meta)) = (std::fs::read(&path), std::fs::metadata(&path)) else {
            return Listing::default();
        };
        let Ok(pkg) = serde_json::from_slice::<JsonPackage>(&text) else {
            return Listing::default();
        };
        let written = meta.modified().ok();
        // A file's recorded stats hold if it has that size and was not
        // modified after the descriptor was written.
        let current = |rel: &str, r: &JsonResource, csv: bool| -> Option<FileStats> {
            let hash = r.hash.as_deref()?.strip_prefix("sha256:")?.to_string();
            let m = std::fs::metadata(dir.join(rel)).ok()?;
            let fresh = match (m.modified().ok(), written) {
                (Some(f), Some(w)) => f <= w,
                _ => false,
            };
            (fresh && Some(m.len()) == r.bytes && r.rows.is_some() == csv).then_some(FileStats {
                bytes: m.len(),
                hash,
                rows: r.rows,
            })
        };
        let mut l = Listing::default();
        for r in &pkg.resources {
            if let Some(id) = r
                .path
                .strip_prefix("documents/")
                .and_then(|n| n.strip_suffix(".json"))
            {
                if let Some(st) = current(&r.path, r, false) {
                    l.json.insert(id.to_string(), st);
                }
            } else if let Some((id, no)) = r
                .path
                .strip_prefix("tables/")
                .and_then(|n| n.strip_suffix(".csv"))
                .and_then(|n| n.split_once('-'))
            {
                let Ok(no) = no.parse::<u32>() else { continue };
                let Some(title) = super::package::table_title_of(id, no, &r.title) else {
                    continue;
                };
                let stats = current(&r.path, r, true);
                let header = stats
                    .as_ref()
                    .and(r.schema.as_ref())
                    .map(|s| s.fields.iter().map(|f| f.name.clone()).collect());
                l.tables
                    .entry(id.to_string())
                    .or_default()
                    .push(TableFacts {
                        no,
                        title,
                        stats,
                        header,
                    });
            }
        }
        l
    }
}

/// A finished dataset folder, read back per input.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub dir: PathBuf,
    /// Written with `--excel` (UTF-8 BOM, CRLF).
    pub excel: bool,
    /// Inputs in the folder's order (ok, failed and duplicate inputs).
    pub entries: Vec<Prior>,
    /// Inputs that were missing: (path, message).
    pub missing: Vec<(String, String)>,
}

pub(crate) fn invalid(path: &Path, msg: impl Into<String>) -> Error {
    Error::Read {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, msg.into()),
    }
}

const COLUMNS_CHANGED: &str = "columns differ from this version of kehoach; run a full extract";

/// Reads a CSV of the folder: (had a BOM, rows). The header must be the
/// columns of `t`.
fn read_csv(path: &Path, t: &TableDef) -> Result<(bool, Vec<Vec<String>>), Error> {
    let (bom, mut r) = super::csv::open(path, false)?;
    let mut rows = Vec::new();
    let mut first = true;
    for rec in r.records() {
        let rec = rec.map_err(|e| super::csv::read_error(path, e))?;
        if first {
            first = false;
            if rec.iter().ne(t.columns()) {
                return Err(invalid(path, COLUMNS_CHANGED));
            }
            continue;
        }
        if rec.len() != t.fields.len() {
            return Err(invalid(path, format!("a row has {} fields", rec.len())));
        }
        rows.push(rec.iter().map(str::to_string).collect());
    }
    Ok((bom, rows))
}

/// A row CSV, open, and where each document's rows lie in it.
type Scanned = (File, HashMap<String, Span>);

/// Scans a row CSV (first column `doc_id`) for where each document's rows
/// lie, without keeping them; returns the file, open, and the spans.
fn scan_spans<'c>(
    path: &Path,
    columns: impl IntoIterator<Item = &'c str>,
) -> Result<Scanned, Error> {
    let rerr = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(rerr)?;
    let mut bom = [0u8; 3];
    let base = match file.read_exact(&mut bom) {
        Ok(()) if bom == super::csv::BOM => 3,
        _ => 0,
    };
    file.seek(SeekFrom::Start(base)).map_err(rerr)?;
    let len = file.metadata().map_err(rerr)?.len();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(std::io::BufReader::with_capacity(1 << 16, &file));
    let mut rec = csv::ByteRecord::new();
    let cerr = |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    };
    if !r.read_byte_record(&mut rec).map_err(cerr)?
        || rec.iter().ne(columns.into_iter().map(str::as_bytes))
    {
        return Err(invalid(path, COLUMNS_CHANGED));
    }
    let mut spans: HashMap<String, Span> = HashMap::new();
    let mut cur: Option<(Vec<u8>, Span)> = None;
    let close = |spans: &mut HashMap<String, Span>, id: Vec<u8>, span: Span| -> Result<(), Error> {
        let id = String::from_utf8(id).map_err(|_| invalid(path, "a doc_id is not text"))?;
        if spans.insert(id.clone(), span).is_some() {
            return Err(invalid(
                path,
                format!("the rows of document {id} are not together; run a full extract"),
            ));
        }
        Ok(())
    };
    // A record's position is where the reader began it: after a CRLF
    // terminator that is the `\n` (the reader ends a record at `\r`).
    let mut peek = File::open(path).map_err(rerr)?;
    let mut record_start = |at: u64| -> Result<u64, Error> {
        let mut b = [0u8; 1];
        peek.seek(SeekFrom::Start(at)).map_err(rerr)?;
        peek.read_exact(&mut b).map_err(rerr)?;
        Ok(if b[0] == b'\n' { at + 1 } else { at })
    };
    while r.read_byte_record(&mut rec).map_err(cerr)? {
        let at = base + rec.position().map_or(0, |p| p.byte());
        let id = rec.get(0).unwrap_or_default();
        match &mut cur {
            Some((cid, span)) if cid.as_slice() == id => span.rows += 1,
            _ => {
                let start = record_start(at)?;
                if let Some((cid, mut span)) = cur.take() {
                    span.end = start;
                    close(&mut spans, cid, span)?;
                }
                cur = Some((
                    id.to_vec(),
                    Span {
                        start,
                        end: 0,
                        rows: 1,
                    },
                ));
            }
        }
    }
    if let Some((cid, mut span)) = cur.take() {
        span.end = len;
        close(&mut spans, cid, span)?;
    }
    drop(r);
    Ok((file, spans))
}

/// Table titles of a converted document, from its JSON; its table files
/// must exist.
fn doc_tables(dir: &Path, doc_id: &str) -> Result<Vec<TableFacts>, Error> {
    let p = dir.join("documents").join(format!("{doc_id}.json"));
    let text = std::fs::read(&p).map_err(|source| Error::Read {
        path: p.clone(),
        source,
    })?;
    let j: JsonDoc = serde_json::from_slice(&text)?;
    let tables: Vec<TableFacts> = j
        .tables
        .into_iter()
        .map(|t| TableFacts {
            no: t.table_no,
            title: t.title,
            stats: None,
            header: None,
        })
        .collect();
    for t in &tables {
        let f = dir.join("tables").join(format!("{doc_id}-{}.csv", t.no));
        if !f.is_file() {
            return Err(invalid(&f, "table file missing"));
        }
    }
    Ok(tables)
}

impl Dataset {
    /// Reads the folder `dir` as written by `extract` (or `merge`).
    pub fn load(dir: &Path) -> Result<Dataset, Error> {
        let (excel, documents) = read_csv(&dir.join(DOCUMENTS.path()), &DOCUMENTS)?;
        let (_, errors) = read_csv(&dir.join(ERRORS.path()), &ERRORS)?;
        let scanned: Vec<Result<Scanned, Error>> = {
            use rayon::prelude::*;
            RowFile::ALL
                .par_iter()
                .map(|k| scan_spans(&dir.join(k.file_name()), k.table().columns()))
                .collect()
        };
        let mut files = Vec::new();
        let mut spans = Vec::new();
        for (k, s) in RowFile::ALL.iter().zip(scanned) {
            let (f, m) = s?;
            let rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(f);
            files.push((dir.join(k.file_name()), Mutex::new(rdr)));
            spans.push(m);
        }
        let store = Arc::new(RowStore {
            files: files
                .try_into()
                .map_err(|_| invalid(dir, "row files missing"))?,
        });
        let listing = Listing::load(dir);
        let mut missing = Vec::new();
        let mut duplicates = Vec::new();
        let mut by_file: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        let message = ERRORS.column("message").unwrap_or(3);
        for e in errors {
            match (e[1].as_str(), e[2].as_str()) {
                ("input", "missing") => missing.push((e[0].clone(), e[message].clone())),
                ("input", "duplicate") => duplicates.push(e),
                _ => by_file.entry(e[0].clone()).or_default().push(e),
            }
        }
        let c = |name| DOCUMENTS.column(name).unwrap_or(0);
        let (status, bytes_col, tables_col) = (c("status"), c("bytes"), c("tables"));
        let (title_col, issuer_col, created_col) = (c("title"), c("issuer"), c("creation_date"));
        // What the package needs of each document: from the descriptor
        // when it lists the document as it is; else from its JSON (read on
        // all cores).
        let metas: Vec<Result<Option<DocMeta>, Error>> = {
            use rayon::prelude::*;
            documents
                .par_iter()
                .map(|d| {
                    if d[status] != "ok" {
                        return Ok(None);
                    }
                    let id = d[0].as_str();
                    let listed = listing.tables.get(id).map_or(&[][..], Vec::as_slice);
                    let count: usize = d[tables_col].parse().unwrap_or(usize::MAX);
                    let tables = if listed.len() == count
                        && listed
                            .iter()
                            .all(|t| dir.join(format!("tables/{id}-{}.csv", t.no)).is_file())
                    {
                        listed.to_vec()
                    } else {
                        doc_tables(dir, id)?
                    };
                    let created = &d[created_col];
                    Ok(Some(DocMeta {
                        creation_date: (!created.is_empty()).then(|| created.clone()),
                        issuer: d[issuer_col].clone(),
                        facts: DocFacts {
                            doc_id: id.to_string(),
                            title: d[title_col].clone(),
                            tables,
                            json: listing.json.get(id).cloned(),
                        },
                    }))
                })
                .collect()
        };
        let mut entries = Vec::new();
        let mut known: HashMap<String, (String, u64)> = HashMap::new();
        for (d, meta) in documents.into_iter().zip(metas) {
            let doc_id = d[0].clone();
            let ok = d[status] == "ok";
            let bytes = d[bytes_col].parse().unwrap_or(0);
            let meta = meta?;
            known.insert(doc_id.clone(), (d[2].clone(), bytes));
            let mut rows = [Span::default(); 4];
            if ok {
                for (k, m) in spans.iter_mut().enumerate() {
                    rows[k] = m.remove(&doc_id).unwrap_or_default();
                }
            }
            entries.push(Prior {
                source_file: d[1].clone(),
                sha256: d[2].clone(),
                bytes,
                doc_id,
                kind: if ok { PriorKind::Ok } else { PriorKind::Failed },
                rows,
                store: store.clone(),
                errors: by_file.remove(&d[1]).unwrap_or_default(),
                documents: d,
                dir: dir.to_path_buf(),
                meta,
            });
        }
        for e in duplicates {
            let doc_id = e[message]
                .rsplit_once("(doc_id ")
                .and_then(|(_, r)| r.strip_suffix(')'))
                .unwrap_or("")
                .to_string();
            let (sha256, bytes) = known.get(&doc_id).cloned().unwrap_or_default();
            entries.push(Prior {
                source_file: e[0].clone(),
                sha256,
                bytes,
                doc_id,
                kind: PriorKind::Duplicate,
                documents: Vec::new(),
                rows: [Span::default(); 4],
                store: store.clone(),
                errors: vec![e],
                dir: dir.to_path_buf(),
                meta: None,
            });
        }
        // Input order: by path (stable, so a folder's own order is kept).
        entries.sort_by(|a, b| a.source_file.cmp(&b.source_file));
        Ok(Dataset {
            dir: dir.to_path_buf(),
            excel,
            entries,
            missing,
        })
    }
}

/// Whether a folder was written with `--excel` (its `documents.csv` has a BOM).
pub fn is_excel(dir: &Path) -> bool {
    let mut bom = [0u8; 3];
    File::open(dir.join("documents.csv"))
        .and_then(|mut f| f.read_exact(&mut bom))
        .is_ok_and(|()| bom == super::csv::BOM)
}

/// Where the input came from, as the package lists it.
pub(crate) fn source_of(p: &Prior) -> crate::pipeline::Source {
    crate::pipeline::Source {
        file: p.source_file.clone(),
        sha256: p.sha256.clone(),
        bytes: p.bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spans cover each document's records exactly, terminators included,
    /// with LF and with Excel's BOM + CRLF, across quoted line breaks.
    #[test]
    fn spans_cover_each_documents_records() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bom, nl) in [("lf.csv", "", "\n"), ("crlf.csv", "\u{feff}", "\r\n")] {
            let rows = [
                format!("aaaa,1,\"two{nl}lines\"{nl}"),
                format!("aaaa,2,x{nl}"),
                format!("bbbb,1,\"a \"\"quote\"\"\"{nl}"),
                format!("cccc,1,{nl}"),
            ];
            let text = format!("{bom}doc_id,n,v{nl}{}", rows.concat());
            let path = dir.path().join(name);
            std::fs::write(&path, &text).unwrap();
            let (_, spans) = scan_spans(&path, ["doc_id", "n", "v"]).unwrap();
            let bytes = text.as_bytes();
            let cut = |id: &str| {
                let s = spans[id];
                (
                    std::str::from_utf8(&bytes[s.start as usize..s.end as usize]).unwrap(),
                    s.rows,
                )
            };
            assert_eq!(cut("aaaa"), (rows[..2].concat().as_str(), 2), "{name}");
            assert_eq!(cut("bbbb"), (rows[2].as_str(), 1), "{name}");
            assert_eq!(cut("cccc"), (rows[3].as_str(), 1), "{name}");
        }
    }

    /// A document whose rows are split (an edited file) is refused.
    #[test]
    fn scattered_rows_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "doc_id,n\naaaa,1\nbbbb,1\naaaa,2\n").unwrap();
        let e = scan_spans(&path, ["doc_id", "n"]).unwrap_err();
        assert!(e.to_string().contains("not together"), "{e}");
        std::fs::write(&path, "doc,n\naaaa,1\n").unwrap();
        let e = scan_spans(&path, ["doc_id", "n"]).unwrap_err();
        assert!(e.to_string().contains("columns differ"), "{e}");
    }
}
