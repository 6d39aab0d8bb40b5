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
//! Nothing is reused on trust: a folder is read only with its
//! `datapackage.json`, and every file reused is checked against the size
//! and SHA-256 recorded there. A row CSV edited by hand, or saved again by a
//! spreadsheet, makes the whole folder unusable (its rows cannot be told
//! apart from the tool's); a document's own JSON or table file that
//! changed has that input converted again ([`Prior::changed`]).

use super::contract::{
    TableDef, DOCUMENTS, ERRORS, LEGAL_REFS, SECTIONS, TABLE_INDEX, TARGETS, TASKS,
};
use super::fs::FileStats;
use super::package::Settings;
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
    /// `tables.csv`, the index of the documents' table files.
    TableIndex = 4,
}

impl RowFile {
    const ALL: [RowFile; 5] = [
        RowFile::Sections,
        RowFile::LegalRefs,
        RowFile::Targets,
        RowFile::Tasks,
        RowFile::TableIndex,
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
            RowFile::TableIndex => &TABLE_INDEX,
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
    files: [(PathBuf, Mutex<csv::Reader<File>>); 5],
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
    pub rows: [Span; 5],
    /// The folder's row CSVs the spans point into.
    pub store: Arc<RowStore>,
    /// Its `errors.csv` rows (warnings, the failure, or the duplicate row).
    pub errors: Vec<Vec<String>>,
    /// The folder holding its `documents/` and `tables/` files.
    pub dir: PathBuf,
    /// What the package needs of it (ok documents only).
    pub meta: Option<DocMeta>,
    /// Why its own files (`documents/<doc_id>.json`, its tables) cannot be
    /// reused: changed since they were written, or missing.
    pub changed: Option<String>,
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

/// What the writer needs of a reused document beyond its rows.
#[derive(Debug, Clone, Default)]
pub struct DocMeta {
    pub creation_date: Option<String>,
    pub issuer: String,
    /// Its table files (`tables/<doc_id>-<no>.csv`), checked.
    pub tables: Vec<ListedTable>,
}

/// A table file of a document as `tables.csv` lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListedTable {
    pub no: u32,
    /// Its path inside the folder.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// The parts of a folder's `datapackage.json` that reuse needs.
#[derive(Deserialize)]
struct JsonPackage {
    #[serde(default)]
    resources: Vec<JsonResource>,
    #[serde(default)]
    tool: Option<JsonTool>,
}
#[derive(Deserialize)]
struct JsonTool {
    #[serde(default)]
    settings: Option<Settings>,
}
#[derive(Deserialize)]
struct JsonResource {
    path: String,
    #[serde(default)]
    bytes: Option<u64>,
    #[serde(default)]
    hash: Option<String>,
    #[serde(default)]
    rows: Option<u64>,
}

/// What a folder's descriptor and table index record of its files.
#[derive(Default)]
struct Listing {
    /// Every file the descriptor lists (path inside the folder) → its
    /// recorded size, hash and rows.
    files: HashMap<String, FileStats>,
    /// doc_id → its table files in order, as `tables.csv` lists them.
    tables: HashMap<String, Vec<ListedTable>>,
    /// How its documents were converted (`None`: not recorded).
    settings: Option<Settings>,
}

impl Listing {
    /// Reads `dir/datapackage.json`: without it nothing vouches for the
    /// folder's files, and nothing is reused.
    fn load(dir: &Path) -> Result<Listing, Error> {
        let path = dir.join("datapackage.json");
        let text = std::fs::read(&path).map_err(|_| {
            invalid(
                dir,
                "it has no datapackage.json to check its files against; run a full extract",
            )
        })?;
        let pkg = serde_json::from_slice::<JsonPackage>(&text)
            .map_err(|e| invalid(&path, format!("not a kehoach descriptor: {e}")))?;
        let mut l = Listing {
            settings: pkg.tool.and_then(|t| t.settings),
            ..Listing::default()
        };
        for r in pkg.resources {
            let Some(hash) = r.hash.as_deref().and_then(|h| h.strip_prefix("sha256:")) else {
                continue;
            };
            l.files.insert(
                r.path,
                FileStats {
                    bytes: r.bytes.unwrap_or(0),
                    hash: hash.to_string(),
                    rows: r.rows,
                },
            );
        }
        Ok(l)
    }

    /// Reads the table index (`tables.csv`, already checked).
    fn read_tables(&mut self, dir: &Path) -> Result<(), Error> {
        let path = dir.join(TABLE_INDEX.path());
        let (_, rows) = read_csv(&path, &TABLE_INDEX)?;
        let c = |name| TABLE_INDEX.column(name).unwrap_or(0);
        let (no, file, bytes, hash) = (c("table_no"), c("path"), c("bytes"), c("sha256"));
        for r in rows {
            let no = r[no]
                .parse()
                .map_err(|_| invalid(&path, format!("table_no `{}` is not a number", r[no])))?;
            self.tables
                .entry(r[0].clone())
                .or_default()
                .push(ListedTable {
                    no,
                    path: r[file].clone(),
                    bytes: r[bytes].parse().unwrap_or(0),
                    sha256: r[hash].clone(),
                });
        }
        Ok(())
    }

    /// Whether a document's own files are the ones recorded: its JSON (by
    /// `json_sha256` of its `documents.csv` row) and its `count` tables
    /// (by `tables.csv`). Returns its tables, or why not.
    fn check_document(
        &self,
        dir: &Path,
        id: &str,
        json_sha256: &str,
        count: usize,
    ) -> Result<Vec<ListedTable>, String> {
        let same = |rel: &str, bytes: Option<u64>, hash: &str| -> Result<(), String> {
            let (n, h) =
                super::fs::file_digest(&dir.join(rel)).map_err(|e| format!("{rel}: {e}"))?;
            if h != hash || bytes.is_some_and(|b| b != n) {
                return Err(format!(
                    "{rel} was changed after kehoach wrote it (its SHA-256 is not the one recorded)"
                ));
            }
            Ok(())
        };
        same(&format!("documents/{id}.json"), None, json_sha256)?;
        let tables = self.tables.get(id).map_or(&[][..], Vec::as_slice);
        if tables.len() != count {
            return Err(format!(
                "tables.csv lists {} of its {count} tables",
                tables.len()
            ));
        }
        for t in tables {
            if t.path != format!("tables/{id}-{}.csv", t.no) {
                return Err(format!("tables.csv lists {} as its table {}", t.path, t.no));
            }
            same(&t.path, Some(t.bytes), &t.sha256)?;
        }
        Ok(tables.to_vec())
    }

    /// The stats of the folder's file `rel`, read now, if they are the ones
    /// the descriptor records; else why not.
    fn check(&self, dir: &Path, rel: &str, csv: bool) -> Result<FileStats, String> {
        let Some(want) = self.files.get(rel) else {
            return Err(format!("{rel} is not listed in datapackage.json"));
        };
        let have = super::csv::file_stats(dir, rel, csv).map_err(|e| e.to_string())?;
        if have.bytes != want.bytes || have.hash != want.hash {
            return Err(format!(
                "{rel} was changed after kehoach wrote it (its SHA-256 is not the one \
                 datapackage.json records: edited, or saved again by a spreadsheet?)"
            ));
        }
        Ok(have)
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
    /// How its documents were converted, as its descriptor records it
    /// (`None` for a folder that does not record it).
    pub settings: Option<Settings>,
}

impl Dataset {
    /// Why its documents cannot stand for this run's, converted with `now`.
    pub fn unlike(&self, now: &Settings) -> Option<String> {
        match &self.settings {
            None => Some("it does not record how its documents were converted".into()),
            Some(s) => s.differs(now),
        }
    }
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

impl Dataset {
    /// Reads the folder `dir` as written by `extract` (or `merge`).
    pub fn load(dir: &Path) -> Result<Dataset, Error> {
        // Its CSVs must be the files it wrote: rows edited by hand (or a
        // file saved again by a spreadsheet) are never carried forward.
        let mut listing = Listing::load(dir)?;
        {
            use rayon::prelude::*;
            let csvs: Vec<String> = [&DOCUMENTS, &ERRORS]
                .into_iter()
                .map(TableDef::path)
                .chain(RowFile::ALL.iter().map(|k| k.file_name()))
                .collect();
            csvs.par_iter().try_for_each(|rel| {
                listing
                    .check(dir, rel, false)
                    .map(drop)
                    .map_err(|why| invalid(&dir.join(rel), format!("{why}; run a full extract")))
            })?;
        }
        listing.read_tables(dir)?;
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
        let (json_col, issuer_col, created_col) =
            (c("json_sha256"), c("issuer"), c("creation_date"));
        // What the package needs of each document, and whether its own
        // files are still the ones the descriptor records (read on all
        // cores: a reused file is checked by its hash, never trusted).
        let metas: Vec<(Option<DocMeta>, Option<String>)> = {
            use rayon::prelude::*;
            documents
                .par_iter()
                .map(|d| {
                    if d[status] != "ok" {
                        return (None, None);
                    }
                    let id = d[0].as_str();
                    let count: usize = d[tables_col].parse().unwrap_or(usize::MAX);
                    let (tables, changed) =
                        match listing.check_document(dir, id, &d[json_col], count) {
                            Ok(t) => (t, None),
                            Err(why) => (Vec::new(), Some(why)),
                        };
                    let created = &d[created_col];
                    (
                        Some(DocMeta {
                            creation_date: (!created.is_empty()).then(|| created.clone()),
                            issuer: d[issuer_col].clone(),
                            tables,
                        }),
                        changed,
                    )
                })
                .collect()
        };
        let mut entries = Vec::new();
        let mut known: HashMap<String, (String, u64)> = HashMap::new();
        for (d, (meta, changed)) in documents.into_iter().zip(metas) {
            let doc_id = d[0].clone();
            let ok = d[status] == "ok";
            let bytes = d[bytes_col].parse().unwrap_or(0);
            known.insert(doc_id.clone(), (d[2].clone(), bytes));
            let mut rows = [Span::default(); 5];
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
                changed,
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
                rows: [Span::default(); 5],
                store: store.clone(),
                errors: vec![e],
                dir: dir.to_path_buf(),
                meta: None,
                changed: None,
            });
        }
        // Input order: by path (stable, so a folder's own order is kept).
        entries.sort_by(|a, b| a.source_file.cmp(&b.source_file));
        Ok(Dataset {
            dir: dir.to_path_buf(),
            excel,
            entries,
            missing,
            settings: listing.settings,
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
