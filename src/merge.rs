//! Reusing finished dataset folders: incremental runs and merging shards.
//!
//! A dataset folder written by `extract` records, for every input, its rows
//! in each CSV, its `documents/<doc_id>.json` and `tables/<doc_id>-<n>.csv`.
//! [`Dataset::load`] reads back, per input ([`Prior`]), its `documents.csv`
//! and `errors.csv` rows and *where* its rows lie in the other CSVs (a byte
//! [`Span`] each: an input's rows are written together); the
//! [`DatasetWriter`] re-emits them at the input's place in input order
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

use crate::error::Error;
use crate::output::{
    DatasetWriter, Summary, WriteOptions, DOCUMENTS_COLUMNS, ERRORS_COLUMNS, LEGAL_REFS_COLUMNS,
    SECTIONS_COLUMNS, TARGETS_COLUMNS, TASKS_COLUMNS,
};
use crate::package::{DocFacts, FileStats, TableFacts};
use serde::Deserialize;
use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
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

    fn file_name(self) -> &'static str {
        match self {
            RowFile::Sections => "sections.csv",
            RowFile::LegalRefs => "legal_refs.csv",
            RowFile::Targets => "targets.csv",
            RowFile::Tasks => "tasks.csv",
        }
    }

    fn columns(self) -> &'static [&'static str] {
        match self {
            RowFile::Sections => SECTIONS_COLUMNS,
            RowFile::LegalRefs => LEGAL_REFS_COLUMNS,
            RowFile::Targets => TARGETS_COLUMNS,
            RowFile::Tasks => TASKS_COLUMNS,
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
                let Some(title) = crate::package::table_title_of(id, no, &r.title) else {
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

fn invalid(path: &Path, msg: impl Into<String>) -> Error {
    Error::Read {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, msg.into()),
    }
}

const COLUMNS_CHANGED: &str = "columns differ from this version of kehoach; run a full extract";

/// Reads a CSV of the folder: (had a BOM, rows). The header must be `columns`.
fn read_csv(path: &Path, columns: &[&str]) -> Result<(bool, Vec<Vec<String>>), Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let body = if bom { &bytes[3..] } else { &bytes[..] };
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body);
    let mut rows = Vec::new();
    let mut first = true;
    for rec in r.records() {
        let rec = rec.map_err(|source| Error::Csv {
            path: path.to_path_buf(),
            source,
        })?;
        let row: Vec<String> = rec.iter().map(str::to_string).collect();
        if first {
            first = false;
            if row != columns {
                return Err(invalid(path, COLUMNS_CHANGED));
            }
            continue;
        }
        if row.len() != columns.len() {
            return Err(invalid(path, format!("a row has {} fields", row.len())));
        }
        rows.push(row);
    }
    Ok((bom, rows))
}

/// A row CSV, open, and where each document's rows lie in it.
type Scanned = (File, HashMap<String, Span>);

/// Scans a row CSV (first column `doc_id`) for where each document's rows
/// lie, without keeping them; returns the file, open, and the spans.
fn scan_spans(path: &Path, columns: &[&str]) -> Result<Scanned, Error> {
    let rerr = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(rerr)?;
    let mut bom = [0u8; 3];
    let base = match file.read_exact(&mut bom) {
        Ok(()) if bom == *b"\xEF\xBB\xBF" => 3,
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
        || rec.iter().ne(columns.iter().map(|c| c.as_bytes()))
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

fn col(columns: &[&str], name: &str) -> usize {
    columns.iter().position(|c| *c == name).unwrap_or(0)
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
        let (excel, documents) = read_csv(&dir.join("documents.csv"), DOCUMENTS_COLUMNS)?;
        let (_, errors) = read_csv(&dir.join("errors.csv"), ERRORS_COLUMNS)?;
        let scanned: Vec<Result<Scanned, Error>> = {
            use rayon::prelude::*;
            RowFile::ALL
                .par_iter()
                .map(|k| scan_spans(&dir.join(k.file_name()), k.columns()))
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
        for e in errors {
            match (e[1].as_str(), e[2].as_str()) {
                ("input", "missing") => missing.push((e[0].clone(), e[3].clone())),
                ("input", "duplicate") => duplicates.push(e),
                _ => by_file.entry(e[0].clone()).or_default().push(e),
            }
        }
        let c = |name| col(DOCUMENTS_COLUMNS, name);
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
            let doc_id = e[3]
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

/// Which inputs of an incremental run are reused and which converted.
#[derive(Debug, Default)]
pub struct Plan {
    /// The inputs to convert, in input order.
    pub convert: Vec<PathBuf>,
    /// Reused inputs, each with the number of converted inputs before it.
    reused: VecDeque<(usize, Prior)>,
    /// How many inputs are reused in all.
    reused_count: usize,
    /// Why an existing folder could not be reused (all inputs converted).
    not_reused: Option<String>,
}

impl Plan {
    /// All of `files` converted.
    pub fn full(files: &[PathBuf]) -> Plan {
        Plan {
            convert: files.to_vec(),
            reused: VecDeque::new(),
            reused_count: 0,
            not_reused: None,
        }
    }

    /// Reuses the inputs of `files` that the folder `out` already holds as
    /// converted documents with the same path and SHA-256. An unreadable
    /// folder, or one written with another `--excel` setting, reuses nothing.
    pub fn incremental(files: &[PathBuf], out: &Path, opts: WriteOptions) -> Plan {
        if !out.join("documents.csv").is_file() {
            return Plan::full(files);
        }
        // Read the folder and hash the inputs at the same time (reading and
        // hashing every input is most of an unchanged re-run).
        let (old, digests) = rayon::join(
            || Dataset::load(out),
            || {
                use rayon::prelude::*;
                files
                    .par_iter()
                    .map(|f| crate::package::file_digest(f).ok())
                    .collect::<Vec<_>>()
            },
        );
        let refuse = |why: String| Plan {
            not_reused: Some(why),
            ..Plan::full(files)
        };
        let old = match old {
            Ok(old) => old,
            Err(e) => return refuse(e.to_string()),
        };
        if old.excel != opts.excel {
            return refuse(format!(
                "it was written {} --excel",
                if old.excel { "with" } else { "without" }
            ));
        }
        let mut ok: HashMap<String, Prior> = old
            .entries
            .into_iter()
            .filter(|p| p.kind == PriorKind::Ok)
            .map(|p| (p.source_file.clone(), p))
            .collect();
        let mut plan = Plan::default();
        for (f, digest) in files.iter().zip(digests) {
            let name = f.to_string_lossy().into_owned();
            match ok.remove(&name) {
                Some(p) if digest.is_some_and(|(n, h)| n == p.bytes && h == p.sha256) => {
                    plan.reused.push_back((plan.convert.len(), p))
                }
                _ => plan.convert.push(f.clone()),
            }
        }
        plan.reused_count = plan.reused.len();
        plan
    }

    /// Converts again the reused inputs whose document `again` names (the
    /// documents of a corrections file, so that each gets them applied);
    /// `files` are the inputs the plan was made from.
    pub fn convert_again(&mut self, files: &[PathBuf], again: impl Fn(&str) -> bool) {
        let mut keep: HashMap<String, Prior> = self
            .reused
            .drain(..)
            .map(|(_, p)| p)
            .filter(|p| !again(&p.doc_id))
            .map(|p| (p.source_file.clone(), p))
            .collect();
        self.convert.clear();
        for f in files {
            match keep.remove(f.to_string_lossy().as_ref()) {
                Some(p) => self.reused.push_back((self.convert.len(), p)),
                None => self.convert.push(f.clone()),
            }
        }
        self.reused_count = self.reused.len();
    }

    /// How many inputs are reused.
    pub fn reused(&self) -> usize {
        self.reused_count
    }

    /// Why the output folder, though there, could not be reused.
    pub fn not_reused(&self) -> Option<&str> {
        self.not_reused.as_deref()
    }

    /// Writes the reused inputs that come before converted input `next`
    /// (`usize::MAX`: all that are left); with `jsonl`, their JSON too.
    pub fn emit_before(
        &mut self,
        next: usize,
        writer: &mut DatasetWriter,
        mut jsonl: Option<&mut dyn Write>,
    ) -> Result<(), Error> {
        while self.reused.front().is_some_and(|(k, _)| *k <= next) {
            let Some((_, p)) = self.reused.pop_front() else {
                break;
            };
            if let Some(w) = jsonl.as_deref_mut() {
                let path = p.dir.join("documents").join(format!("{}.json", p.doc_id));
                let text = std::fs::read(&path).map_err(|source| Error::Read { path, source })?;
                let mut line = compact_json(&text);
                line.push(b'\n');
                let _ = w.write_all(&line);
            }
            writer.write_prior(&p)?;
        }
        Ok(())
    }
}

/// serde_json's pretty output without the layout whitespace: the same bytes
/// as `serde_json::to_string` of the same value.
pub fn compact_json(pretty: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(pretty.len());
    let (mut in_str, mut escaped) = (false, false);
    for &b in pretty {
        if in_str {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_str = false;
            }
        } else if b == b'"' {
            in_str = true;
            out.push(b);
        } else if !b.is_ascii_whitespace() {
            out.push(b);
        }
    }
    out
}

/// Merges dataset folders made by `extract` over disjoint sets of inputs
/// into `out`, as one `extract` run over all the inputs would write it.
/// `writer` is a fresh writer on `out` (with the package options and the
/// canonicalizer set); its options must match the parts' (`--excel`).
pub fn merge(parts: &[PathBuf], mut writer: DatasetWriter) -> Result<Summary, Error> {
    let mut loaded = Vec::new();
    for p in parts {
        loaded.push(Dataset::load(p)?);
    }
    if let Some(first) = loaded.first() {
        if let Some(d) = loaded.iter().find(|d| d.excel != first.excel) {
            return Err(invalid(
                &d.dir,
                "parts written with and without --excel cannot be merged",
            ));
        }
    }
    let mut entries = Vec::new();
    for d in loaded {
        for (f, m) in &d.missing {
            writer.missing_input(f, m)?;
        }
        entries.extend(d.entries);
    }
    entries.sort_by(|a, b| a.source_file.cmp(&b.source_file));
    // The same path in two parts is one input.
    entries.dedup_by(|b, a| a.source_file == b.source_file);
    for e in &entries {
        writer.write_prior(e)?;
    }
    writer.finish()
}

/// Whether a folder was written with `--excel` (its `documents.csv` has a BOM).
pub fn is_excel(dir: &Path) -> bool {
    let mut bom = [0u8; 3];
    File::open(dir.join("documents.csv"))
        .and_then(|mut f| f.read_exact(&mut bom))
        .is_ok_and(|()| bom == *b"\xEF\xBB\xBF")
}

pub(crate) fn source_of(p: &Prior) -> crate::pipeline::Source {
    crate::pipeline::Source {
        file: p.source_file.clone(),
        sha256: p.sha256.clone(),
        bytes: p.bytes,
    }
}

/// Whether two paths name one folder.
pub(crate) fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Copies `rel` from the folder `from` to the folder `to` (atomically).
pub(crate) fn copy_into(from: &Path, to: &Path, rel: &str) -> Result<(), Error> {
    let src = from.join(rel);
    let dst = to.join(rel);
    let bytes = std::fs::read(&src).map_err(|source| Error::Read { path: src, source })?;
    crate::output::write_atomic(&dst, &bytes)
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
            let (_, spans) = scan_spans(&path, &["doc_id", "n", "v"]).unwrap();
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
        let e = scan_spans(&path, &["doc_id", "n"]).unwrap_err();
        assert!(e.to_string().contains("not together"), "{e}");
        std::fs::write(&path, "doc,n\naaaa,1\n").unwrap();
        let e = scan_spans(&path, &["doc_id", "n"]).unwrap_err();
        assert!(e.to_string().contains("columns differ"), "{e}");
    }
}
