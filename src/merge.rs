//! Reusing finished dataset folders: incremental runs and merging shards.
//!
//! A dataset folder written by `extract` records, for every input, its rows
//! in each CSV, its `documents/<doc_id>.json` and `tables/<doc_id>-<n>.csv`.
//! [`Dataset::load`] reads those rows back grouped per input ([`Prior`]);
//! the [`DatasetWriter`] re-emits them at the input's place in input order
//! (sorted `source_file`), so that
//!
//! * `extract --incremental` converts only inputs whose (path, SHA-256) is
//!   not already `ok` in the output folder ([`Plan`]), and
//! * `merge OUT PART...` joins shards extracted separately ([`merge`]),
//!
//! both giving a folder byte-identical to one full `extract` run. Agencies
//! (`agencies.csv`, the `*_canonical` columns of `tasks.csv`) are recounted
//! from the task rows' `lead`/`partners` cells; `datapackage.json` is
//! rewritten.

use crate::error::Error;
use crate::output::{
    DatasetWriter, Summary, WriteOptions, DOCUMENTS_COLUMNS, ERRORS_COLUMNS, LEGAL_REFS_COLUMNS,
    SECTIONS_COLUMNS, TARGETS_COLUMNS, TASKS_COLUMNS,
};
use serde::Deserialize;
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::path::{Path, PathBuf};

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
    pub sections: Vec<Vec<String>>,
    pub legal_refs: Vec<Vec<String>>,
    pub targets: Vec<Vec<String>>,
    pub tasks: Vec<Vec<String>>,
    /// Its `errors.csv` rows (warnings, the failure, or the duplicate row).
    pub errors: Vec<Vec<String>>,
    /// The folder holding its `documents/` and `tables/` files.
    pub dir: PathBuf,
    /// Facts from its JSON (ok documents only).
    pub meta: Option<DocMeta>,
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

/// Facts of a document JSON that `datapackage.json` needs.
#[derive(Debug, Clone, Default)]
pub struct DocMeta {
    pub creation_date: Option<String>,
    pub issuer: String,
    pub title: String,
    /// (table_no, title)
    pub tables: Vec<(u32, String)>,
}

#[derive(Deserialize)]
struct JsonDoc {
    #[serde(default)]
    info: JsonInfo,
    structure: JsonStructure,
    #[serde(default)]
    tables: Vec<JsonTable>,
}
#[derive(Deserialize, Default)]
struct JsonInfo {
    #[serde(default)]
    creation_date: Option<String>,
}
#[derive(Deserialize)]
struct JsonStructure {
    metadata: JsonMeta,
}
#[derive(Deserialize)]
struct JsonMeta {
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    title: String,
}
#[derive(Deserialize)]
struct JsonTable {
    table_no: u32,
    #[serde(default)]
    title: String,
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
                return Err(invalid(
                    path,
                    "columns differ from this version of kehoach; run a full extract",
                ));
            }
            continue;
        }
        rows.push(row);
    }
    Ok((bom, rows))
}

fn group(rows: Vec<Vec<String>>, key: usize) -> HashMap<String, Vec<Vec<String>>> {
    let mut m: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    for r in rows {
        m.entry(r[key].clone()).or_default().push(r);
    }
    m
}

fn col(columns: &[&str], name: &str) -> usize {
    columns.iter().position(|c| *c == name).unwrap_or(0)
}

/// What the package needs of a converted document, from its JSON; its
/// table files must exist.
fn doc_meta(dir: &Path, doc_id: &str) -> Result<DocMeta, Error> {
    let p = dir.join("documents").join(format!("{doc_id}.json"));
    let text = std::fs::read(&p).map_err(|source| Error::Read {
        path: p.clone(),
        source,
    })?;
    let j: JsonDoc = serde_json::from_slice(&text)?;
    let m = DocMeta {
        creation_date: j.info.creation_date,
        issuer: j.structure.metadata.issuer,
        title: j.structure.metadata.title,
        tables: j
            .tables
            .into_iter()
            .map(|t| (t.table_no, t.title))
            .collect(),
    };
    for (no, _) in &m.tables {
        let t = dir.join("tables").join(format!("{doc_id}-{no}.csv"));
        if !t.is_file() {
            return Err(invalid(&t, "table file missing"));
        }
    }
    Ok(m)
}

impl Dataset {
    /// Reads the folder `dir` as written by `extract` (or `merge`).
    pub fn load(dir: &Path) -> Result<Dataset, Error> {
        let (excel, documents) = read_csv(&dir.join("documents.csv"), DOCUMENTS_COLUMNS)?;
        let (_, errors) = read_csv(&dir.join("errors.csv"), ERRORS_COLUMNS)?;
        let (_, sections) = read_csv(&dir.join("sections.csv"), SECTIONS_COLUMNS)?;
        let (_, legal_refs) = read_csv(&dir.join("legal_refs.csv"), LEGAL_REFS_COLUMNS)?;
        let (_, targets) = read_csv(&dir.join("targets.csv"), TARGETS_COLUMNS)?;
        let (_, tasks) = read_csv(&dir.join("tasks.csv"), TASKS_COLUMNS)?;
        let mut sections = group(sections, 0);
        let mut legal_refs = group(legal_refs, 0);
        let mut targets = group(targets, 0);
        let mut tasks = group(tasks, 0);
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
        let status = col(DOCUMENTS_COLUMNS, "status");
        let bytes_col = col(DOCUMENTS_COLUMNS, "bytes");
        let mut entries = Vec::new();
        let mut known: HashMap<String, (String, u64)> = HashMap::new();
        // The documents' JSON (for their titles and tables), read on all
        // cores; then the entries in order.
        let metas: Vec<Result<Option<DocMeta>, Error>> = {
            use rayon::prelude::*;
            documents
                .par_iter()
                .map(|d| {
                    if d[status] == "ok" {
                        doc_meta(dir, &d[0]).map(Some)
                    } else {
                        Ok(None)
                    }
                })
                .collect()
        };
        for (d, meta) in documents.into_iter().zip(metas) {
            let doc_id = d[0].clone();
            let ok = d[status] == "ok";
            let bytes = d[bytes_col].parse().unwrap_or(0);
            let meta = meta?;
            known.insert(doc_id.clone(), (d[2].clone(), bytes));
            let take = |m: &mut HashMap<String, Vec<Vec<String>>>| {
                if ok {
                    m.remove(&doc_id).unwrap_or_default()
                } else {
                    Vec::new()
                }
            };
            entries.push(Prior {
                source_file: d[1].clone(),
                sha256: d[2].clone(),
                bytes,
                doc_id: doc_id.clone(),
                kind: if ok { PriorKind::Ok } else { PriorKind::Failed },
                sections: take(&mut sections),
                legal_refs: take(&mut legal_refs),
                targets: take(&mut targets),
                tasks: take(&mut tasks),
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
                sections: Vec::new(),
                legal_refs: Vec::new(),
                targets: Vec::new(),
                tasks: Vec::new(),
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
}

impl Plan {
    /// All of `files` converted.
    pub fn full(files: &[PathBuf]) -> Plan {
        Plan {
            convert: files.to_vec(),
            reused: VecDeque::new(),
            reused_count: 0,
        }
    }

    /// Reuses the inputs of `files` that the folder `out` already holds as
    /// converted documents with the same path and SHA-256. An unreadable
    /// folder, or one written with another `--excel` setting, reuses nothing.
    pub fn incremental(files: &[PathBuf], out: &Path, opts: WriteOptions) -> Plan {
        let Ok(old) = Dataset::load(out) else {
            return Plan::full(files);
        };
        if old.excel != opts.excel {
            return Plan::full(files);
        }
        let mut ok: HashMap<String, Prior> = old
            .entries
            .into_iter()
            .filter(|p| p.kind == PriorKind::Ok)
            .map(|p| (p.source_file.clone(), p))
            .collect();
        let mut plan = Plan::default();
        // Hash the candidates on all cores (reading and hashing every input
        // is most of an unchanged re-run).
        let same: Vec<bool> = {
            use rayon::prelude::*;
            files
                .par_iter()
                .map(|f| {
                    let name = f.to_string_lossy();
                    ok.get(name.as_ref()).is_some_and(|p| {
                        std::fs::metadata(f).is_ok_and(|m| m.len() == p.bytes)
                            && crate::package::file_digest(f).is_ok_and(|(_, h)| h == p.sha256)
                    })
                })
                .collect()
        };
        for (f, same) in files.iter().zip(same) {
            let name = f.to_string_lossy().into_owned();
            match ok.remove(&name) {
                Some(p) if same => plan.reused.push_back((plan.convert.len(), p)),
                _ => plan.convert.push(f.clone()),
            }
        }
        plan.reused_count = plan.reused.len();
        plan
    }

    /// How many inputs are reused.
    pub fn reused(&self) -> usize {
        self.reused_count
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
    std::fs::read(dir.join("documents.csv")).is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF"))
}

/// A stand-in [`crate::pipeline::Document`] carrying only what
/// `datapackage.json` needs of a reused document.
pub(crate) fn stub_document(p: &Prior) -> crate::pipeline::Document {
    let m = p.meta.clone().unwrap_or_default();
    let mut structure = crate::structure::Structure::default();
    structure.metadata.issuer = m.issuer;
    structure.metadata.title = m.title;
    crate::pipeline::Document {
        doc_id: p.doc_id.clone(),
        source: source_of(p),
        info: crate::pdf::DocInfo {
            creation_date: m.creation_date,
            ..Default::default()
        },
        text_source: String::new(),
        pages: Vec::new(),
        text: Default::default(),
        structure,
        tables: m
            .tables
            .into_iter()
            .map(|(table_no, title)| crate::tasks::DocTable {
                table_no,
                title,
                caption: String::new(),
                method: String::new(),
                pages: Vec::new(),
                header: Vec::new(),
                roles: Vec::new(),
                rows: Vec::new(),
                fragments: Vec::new(),
            })
            .collect(),
        tasks: Vec::new(),
        warnings: Vec::new(),
        layouts: Vec::new(),
    }
}

pub(crate) fn source_of(p: &Prior) -> crate::pipeline::Source {
    crate::pipeline::Source {
        file: p.source_file.clone(),
        sha256: p.sha256.clone(),
        bytes: p.bytes,
    }
}

/// Copies `rel` from `from` to `to` (atomically) unless they are one folder.
pub(crate) fn copy_into(from: &Path, to: &Path, rel: &str) -> Result<(), Error> {
    let src = from.join(rel);
    let dst = to.join(rel);
    let same = match (src.canonicalize(), dst.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Ok(());
    }
    let bytes = std::fs::read(&src).map_err(|source| Error::Read { path: src, source })?;
    crate::output::write_atomic(&dst, &bytes)
}
