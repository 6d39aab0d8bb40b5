//! Writers: converted documents → the dataset folder.
//!
//! Every file is written to a temporary file in its final folder and renamed
//! into place when complete, so an interrupted run never leaves a half
//! written file and never destroys the previous run's output. CSVs are
//! streamed row by row (nothing is buffered per dataset); the column sets are
//! the public contract in `shared/docs/dataset.md`.

use crate::error::Error;
use crate::package::FileStats;
use crate::pipeline::{Document, Outcome};
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// How CSVs are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// UTF-8 BOM and CRLF line ends, so Excel shows Vietnamese correctly.
    pub excel: bool,
}

pub const DOCUMENTS_COLUMNS: &[&str] = &[
    "doc_id",
    "source_file",
    "sha256",
    "pages",
    "text_source",
    "doc_type",
    "number",
    "issuer",
    "parent_issuer",
    "place",
    "date",
    "title",
    "signer_name",
    "signer_title",
    "status",
    "province",
    "date_text",
    "signer_authority",
    "metadata_source",
    "bytes",
    "producer",
    "creation_date",
    "paragraphs",
    "footnotes",
    "tables",
    "warnings",
    "error",
];
pub const ERRORS_COLUMNS: &[&str] = &["source_file", "stage", "kind", "message", "page"];
pub const SECTIONS_COLUMNS: &[&str] =
    &["doc_id", "section_id", "level", "number", "heading", "page"];
pub const LEGAL_REFS_COLUMNS: &[&str] = &[
    "doc_id",
    "ref_type",
    "ref_number",
    "ref_date",
    "ref_issuer",
    "subject",
    "page",
    "section_id",
    "ref_date_text",
    "found_in",
];
pub const TARGETS_COLUMNS: &[&str] = &[
    "doc_id",
    "section_id",
    "indicator",
    "value",
    "unit",
    "comparator",
    "year",
    "page",
    "text",
];
pub const TASKS_COLUMNS: &[&str] = &[
    "doc_id",
    "table_no",
    "table_title",
    "group",
    "stt",
    "name",
    "lead",
    "partners",
    "timeframe",
    "start",
    "end",
    "page",
    "extra",
    "recurrence",
    "lead_canonical",
    "partners_canonical",
];
pub use crate::agency::AGENCIES_COLUMNS;

/// A CSV being written to a temporary file beside its final path.
///
/// Records are encoded with `csv_core` (the encoder under the `csv` crate,
/// same quoting rules) into a line buffer; the sink hashes and counts what
/// it writes, so that `datapackage.json` gets each file's size, SHA-256 and
/// rows without reading it back, and it can append records already encoded
/// by an earlier run ([`CsvSink::raw`]) byte for byte.
pub struct CsvSink {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
    out: BufWriter<File>,
    core: csv_core::Writer,
    line: Vec<u8>,
    rows: u64,
    tally: Tally,
}

/// Size and SHA-256 of the bytes written so far.
#[derive(Default)]
struct Tally {
    bytes: u64,
    hash: sha2::Sha256,
}

impl Tally {
    fn add(&mut self, b: &[u8]) {
        use sha2::Digest;
        self.bytes += b.len() as u64;
        self.hash.update(b);
    }

    fn stats(self, rows: Option<u64>) -> FileStats {
        use sha2::Digest;
        FileStats {
            bytes: self.bytes,
            hash: crate::pipeline::to_hex(&self.hash.finalize()),
            rows,
        }
    }
}

/// Runs a `csv_core` writing step until it has consumed its input, growing
/// `line` with what it writes.
fn encode_step(
    line: &mut Vec<u8>,
    mut step: impl FnMut(&mut [u8]) -> (csv_core::WriteResult, usize),
) {
    let mut buf = [0u8; 512];
    loop {
        let (res, n) = step(&mut buf);
        line.extend_from_slice(&buf[..n]);
        if res == csv_core::WriteResult::InputEmpty {
            return;
        }
    }
}

impl CsvSink {
    pub fn create(path: &Path, header: &[&str], opts: WriteOptions) -> Result<CsvSink, Error> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let werr = |source| Error::Write {
            path: path.to_path_buf(),
            source,
        };
        let tmp = temp_beside(dir).map_err(werr)?;
        let file = tmp.reopen().map_err(werr)?;
        let mut b = csv_core::WriterBuilder::new();
        if opts.excel {
            b.terminator(csv_core::Terminator::CRLF);
        }
        let mut sink = CsvSink {
            path: path.to_path_buf(),
            tmp,
            out: BufWriter::with_capacity(1 << 16, file),
            core: b.build(),
            line: Vec::with_capacity(1024),
            rows: 0,
            tally: Tally::default(),
        };
        if opts.excel {
            sink.put(b"\xEF\xBB\xBF")?;
        }
        sink.encode(header)?;
        Ok(sink)
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.tally.add(bytes);
        self.out.write_all(bytes).map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }

    fn encode<I, S>(&mut self, fields: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        let core = &mut self.core;
        for (i, f) in fields.into_iter().enumerate() {
            if i > 0 {
                encode_step(&mut line, |buf| core.delimiter(buf));
            }
            let mut f = f.as_ref();
            encode_step(&mut line, |buf| {
                let (res, nin, nout) = core.field(f, buf);
                f = &f[nin..];
                (res, nout)
            });
        }
        encode_step(&mut line, |buf| core.terminator(buf));
        let r = self.put(&line);
        self.line = line;
        r
    }

    pub fn row<I, S>(&mut self, fields: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        self.rows += 1;
        self.encode(fields)
    }

    /// Appends `rows` records exactly as `bytes` holds them: records that a
    /// sink with the same options wrote (a reused input's rows).
    pub fn raw(&mut self, bytes: &[u8], rows: u64) -> Result<(), Error> {
        self.rows += rows;
        self.put(bytes)
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
        let werr = |source| Error::Write {
            path: self.path.clone(),
            source,
        };
        let mut out = self.out;
        out.flush().map_err(werr)?;
        drop(out.into_inner().map_err(|e| werr(e.into_error()))?);
        Ok(Staged {
            tmp: self.tmp,
            path: self.path,
            stats: self.tally.stats(Some(self.rows)),
        })
    }
}

/// A file written completely to a temporary file beside its final path,
/// waiting to be renamed into place ([`Staged::commit`]); dropped, the
/// temporary file is deleted.
///
/// A document's own files are not flushed to disk one by one: an `fsync`
/// per file cost a worker thread ~4 ms each on a virtual disk, as much as
/// converting a page. The rename alone already means a reader (or an
/// interrupted run) only ever sees a complete file; [`DatasetWriter::finish`]
/// flushes the whole folder to disk once before the CSVs and the
/// descriptor that point at those files are renamed into place.
#[derive(Debug)]
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    stats: FileStats,
}

impl Staged {
    /// Writes `bytes` for `path` into a temporary file beside it.
    pub fn bytes(path: &Path, bytes: &[u8]) -> Result<Staged, Error> {
        let werr = |source| Error::Write {
            path: path.to_path_buf(),
            source,
        };
        let tmp = temp_beside(path.parent().unwrap_or(Path::new("."))).map_err(werr)?;
        let mut f = tmp.reopen().map_err(werr)?;
        f.write_all(bytes).map_err(werr)?;
        Ok(Staged {
            tmp,
            path: path.to_path_buf(),
            stats: FileStats {
                bytes: bytes.len() as u64,
                hash: crate::pipeline::sha256_hex(bytes),
                rows: None,
            },
        })
    }

    /// Flushes the file to disk.
    pub fn sync(&self) -> Result<(), Error> {
        self.tmp
            .as_file()
            .sync_all()
            .map_err(|source| Error::Write {
                path: self.path.clone(),
                source,
            })
    }

    /// Renames the file into place; returns its stats.
    pub fn commit(self) -> Result<FileStats, Error> {
        let path = self.path;
        self.tmp.persist(&path).map_err(|e| Error::Write {
            path: path.clone(),
            source: e.error,
        })?;
        Ok(self.stats)
    }
}

/// The files of one converted document (its JSON and its tables), written
/// by a [`Stager`] on the worker thread that converted it: serialising,
/// hashing and writing them in parallel leaves the dataset writer only the
/// rows and the renames.
#[derive(Debug)]
pub struct StagedDocument {
    doc_id: String,
    json: Staged,
    /// (table_no, title, header, file).
    tables: Vec<(u32, String, Vec<String>, Staged)>,
    /// The compact JSON line for `--jsonl`, when asked for.
    jsonl: Option<Vec<u8>>,
}

impl StagedDocument {
    /// The document as one line of JSON (without the newline), when the
    /// stager was asked for it.
    pub fn jsonl(&self) -> Option<&[u8]> {
        self.jsonl.as_deref()
    }
}

/// Writes a converted document's own files beside the dataset folder's,
/// from any thread ([`DatasetWriter::stager`]).
#[derive(Debug, Clone)]
pub struct Stager {
    out: PathBuf,
    opts: WriteOptions,
    jsonl: bool,
}

impl Stager {
    /// Also make each document's compact JSON line (`--jsonl`).
    pub fn with_jsonl(mut self, jsonl: bool) -> Stager {
        self.jsonl = jsonl;
        self
    }

    /// Stages the files of `o`'s document (`None` for a failed input).
    pub fn stage(&self, o: &Outcome) -> Result<Option<StagedDocument>, Error> {
        let Ok(doc) = &o.result else {
            return Ok(None);
        };
        let json = serde_json::to_vec_pretty(doc)?;
        let jsonl = self.jsonl.then(|| crate::merge::compact_json(&json));
        let json = Staged::bytes(
            &self
                .out
                .join("documents")
                .join(format!("{}.json", doc.doc_id)),
            &json,
        )?;
        let mut tables = Vec::with_capacity(doc.tables.len());
        for t in &doc.tables {
            let path = self
                .out
                .join("tables")
                .join(format!("{}-{}.csv", doc.doc_id, t.table_no));
            let width = t
                .header
                .len()
                .max(t.rows.first().map_or(0, |r| r.cells.len()));
            let header: Vec<String> = if t.header.is_empty() {
                (1..=width).map(|i| format!("col{i}")).collect()
            } else {
                t.header.clone()
            };
            let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
            let mut sink = CsvSink::create(&path, &header_refs, self.opts)?;
            for r in &t.rows {
                sink.row(&r.cells)?;
            }
            tables.push((t.table_no, t.title.clone(), header, sink.stage()?));
        }
        Ok(Some(StagedDocument {
            doc_id: doc.doc_id.clone(),
            json,
            tables,
            jsonl,
        }))
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
    let dir = path.parent().unwrap_or(Path::new("."));
    let werr = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let tmp = temp_beside(dir).map_err(werr)?;
    let mut w = BufWriter::new(tmp.reopen().map_err(werr)?);
    fill(&mut w).map_err(werr)?;
    w.flush().map_err(werr)?;
    let file = w.into_inner().map_err(|e| werr(e.into_error()))?;
    file.sync_all().map_err(werr)?;
    drop(file);
    tmp.persist(path).map_err(|e| werr(e.error))?;
    Ok(())
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub documents: u64,
    pub failed: u64,
    pub pages: u64,
    pub tasks: u64,
    pub targets: u64,
}

/// The dataset folder being written.
pub struct DatasetWriter {
    out: PathBuf,
    documents: CsvSink,
    errors: CsvSink,
    sections: CsvSink,
    legal_refs: CsvSink,
    targets: CsvSink,
    tasks: CsvSink,
    json_written: crate::ids::DocIdSet,
    /// doc_ids of failed inputs, so a failed copy is one documents.csv row.
    failed_ids: crate::ids::DocIdSet,
    tables_written: BTreeSet<String>,
    /// Agencies named in task rows, for `agencies.csv`.
    agencies: crate::agency::AgencyIndex,
    opts: WriteOptions,
    summary: Summary,
    /// Facts for `datapackage.json`, and how to write it.
    inputs: crate::package::Inputs,
    /// Folders of reused inputs → whether they are this folder.
    same_folder: std::collections::HashMap<PathBuf, bool>,
    package: crate::package::PackageOptions,
}

/// A number as the dataset writes it: dot decimal, no exponent, no `.0`.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

impl DatasetWriter {
    /// Creates the folder (and `documents/`, `tables/`) and opens the CSVs.
    pub fn create(out: &Path, opts: WriteOptions) -> Result<DatasetWriter, Error> {
        for d in [out.to_path_buf(), out.join("documents"), out.join("tables")] {
            std::fs::create_dir_all(&d).map_err(|source| Error::Write { path: d, source })?;
        }
        Ok(DatasetWriter {
            out: out.to_path_buf(),
            documents: CsvSink::create(&out.join("documents.csv"), DOCUMENTS_COLUMNS, opts)?,
            errors: CsvSink::create(&out.join("errors.csv"), ERRORS_COLUMNS, opts)?,
            sections: CsvSink::create(&out.join("sections.csv"), SECTIONS_COLUMNS, opts)?,
            legal_refs: CsvSink::create(&out.join("legal_refs.csv"), LEGAL_REFS_COLUMNS, opts)?,
            targets: CsvSink::create(&out.join("targets.csv"), TARGETS_COLUMNS, opts)?,
            tasks: CsvSink::create(&out.join("tasks.csv"), TASKS_COLUMNS, opts)?,
            json_written: Default::default(),
            failed_ids: Default::default(),
            tables_written: BTreeSet::new(),
            agencies: crate::agency::AgencyIndex::new(crate::agency::Canonicalizer::new()),
            opts,
            summary: Summary::default(),
            inputs: crate::package::Inputs::new(out),
            same_folder: Default::default(),
            package: Default::default(),
        })
    }

    /// Sets the package meta data and whether `dataset.xlsx` is written.
    pub fn set_package(&mut self, p: crate::package::PackageOptions) {
        self.package = p;
    }

    /// Uses `canon` (built-in plus user aliases) for agency names.
    pub fn set_canonicalizer(&mut self, canon: crate::agency::Canonicalizer) {
        self.agencies = crate::agency::AgencyIndex::new(canon);
    }

    /// An input that could not even be found (bad path on the command line).
    pub fn missing_input(&mut self, file: &str, message: &str) -> Result<(), Error> {
        self.summary.failed += 1;
        self.errors.row([file, "input", "missing", message, ""])
    }

    /// A [`Stager`] for this folder, to write documents' own files on the
    /// threads that convert them.
    pub fn stager(&self) -> Stager {
        Stager {
            out: self.out.clone(),
            opts: self.opts,
            jsonl: false,
        }
    }

    /// Writes one outcome: its JSON, its rows, its errors.
    pub fn write(&mut self, o: &Outcome) -> Result<(), Error> {
        let staged = self.stager().stage(o)?;
        self.write_staged(o, staged)
    }

    /// Writes one outcome whose own files `staged` holds (from
    /// [`Stager::stage`] of the same outcome): renames them into place and
    /// writes its rows and errors.
    pub fn write_staged(
        &mut self,
        o: &Outcome,
        staged: Option<StagedDocument>,
    ) -> Result<(), Error> {
        match &o.result {
            Ok(doc) => {
                let staged = match staged {
                    Some(s) if s.doc_id == doc.doc_id => s,
                    _ => match self.stager().stage(o)? {
                        Some(s) => s,
                        None => return Ok(()),
                    },
                };
                self.write_document(doc, staged)
            }
            Err(e) => {
                self.summary.failed += 1;
                self.inputs.failed(&o.source)?;
                let doc_id = o.source.sha256.get(..16).unwrap_or("");
                if !doc_id.is_empty() && !self.failed_ids.insert(doc_id) {
                    // Same bytes as an earlier failed input: keep doc_id unique.
                    return self.errors.row([
                        o.source.file.as_str(),
                        "input",
                        "duplicate",
                        &format!("same content as an earlier input (doc_id {doc_id})"),
                        "",
                    ]);
                }
                let msg = e.to_string();
                self.documents.row(documents_row_failed(doc_id, o, &msg))?;
                self.errors
                    .row([o.source.file.as_str(), stage_of(e), e.kind(), &msg, ""])
            }
        }
    }

    fn write_document(&mut self, doc: &Document, staged: StagedDocument) -> Result<(), Error> {
        if !self.json_written.insert(&doc.doc_id) {
            // Same bytes under another name: one document, one warning.
            return self.errors.row([
                doc.source.file.as_str(),
                "input",
                "duplicate",
                &format!("same content as an earlier input (doc_id {})", doc.doc_id),
                "",
            ]);
        }
        self.summary.documents += 1;
        self.summary.pages += doc.pages.len() as u64;
        self.summary.tasks += doc.tasks.len() as u64;
        self.summary.targets += doc.structure.targets.len() as u64;
        let mut facts = crate::package::DocFacts {
            doc_id: doc.doc_id.clone(),
            title: doc.structure.metadata.title.clone(),
            tables: Vec::with_capacity(staged.tables.len()),
            json: Some(staged.json.commit()?),
        };
        for (no, title, header, file) in staged.tables {
            facts.tables.push(crate::package::TableFacts {
                no,
                title,
                stats: Some(file.commit()?),
                header: Some(header),
            });
            self.tables_written
                .insert(format!("{}-{no}.csv", doc.doc_id));
        }
        let m = &doc.structure.metadata;
        let row: Vec<String> = vec![
            doc.doc_id.clone(),
            doc.source.file.clone(),
            doc.source.sha256.clone(),
            doc.pages.len().to_string(),
            doc.text_source.clone(),
            m.doc_type.clone(),
            m.number.clone(),
            m.issuer.clone(),
            m.parent_issuer.clone(),
            m.place.clone(),
            m.date.clone(),
            m.title.clone(),
            m.signer_name.clone(),
            m.signer_title.clone(),
            "ok".into(),
            m.province.clone(),
            m.date_text.clone(),
            m.signer_authority.clone(),
            m.source.clone(),
            doc.source.bytes.to_string(),
            opt(&doc.info.producer).to_string(),
            opt(&doc.info.creation_date).to_string(),
            doc.text.paragraphs.len().to_string(),
            doc.text.footnotes.len().to_string(),
            doc.tables.len().to_string(),
            doc.warnings.len().to_string(),
            String::new(),
        ];
        debug_assert_eq!(row.len(), DOCUMENTS_COLUMNS.len());
        self.documents.row(&row)?;
        let id = doc.doc_id.as_str();
        for sec in &doc.structure.sections {
            self.sections.row([
                id,
                &sec.section_id,
                &sec.level.to_string(),
                &sec.number,
                &sec.heading,
                &sec.page.to_string(),
            ])?;
        }
        for r in &doc.structure.legal_refs {
            self.legal_refs.row([
                id,
                &r.ref_type,
                &r.ref_number,
                &r.ref_date,
                &r.ref_issuer,
                &r.subject,
                &r.page.to_string(),
                &r.section_id,
                &r.ref_date_text,
                &r.found_in,
            ])?;
        }
        for t in &doc.structure.targets {
            self.targets.row([
                id,
                &t.section_id,
                &t.indicator,
                &number(t.value),
                &t.unit,
                &t.comparator,
                &t.year.map(|y| y.to_string()).unwrap_or_default(),
                &t.page.to_string(),
                &t.text,
            ])?;
        }
        for (i, t) in doc.tasks.iter().enumerate() {
            let extra = serde_json::to_string(&t.extra)?;
            let ag = self
                .agencies
                .add_task(id, &t.lead, &t.partners, &(i + 1).to_string());
            let (lead_c, partners_c) = (ag.lead_canonical(), ag.partners_canonical());
            self.tasks.row([
                id,
                &t.table_no.to_string(),
                &t.table_title,
                &t.group,
                &t.stt,
                &t.name,
                &t.lead,
                &t.partners,
                &t.timeframe,
                &t.start,
                &t.end,
                &t.page.to_string(),
                if t.extra.is_empty() { "" } else { &extra },
                &t.recurrence,
                &lead_c,
                &partners_c,
            ])?;
        }
        self.inputs.document(
            &doc.source,
            &m.issuer,
            doc.info.creation_date.as_deref(),
            facts,
        )?;
        for w in &doc.warnings {
            let page = w.page.map(|p| p.to_string()).unwrap_or_default();
            self.errors.row([
                doc.source.file.as_str(),
                &w.stage,
                &w.kind,
                &w.message,
                &page,
            ])?;
        }
        Ok(())
    }

    /// Writes an input recorded in a finished dataset folder (an unchanged
    /// input of `--incremental`, or a shard's input of `merge`): its rows as
    /// they were, its JSON and tables copied unless already in place, its
    /// agencies recounted. See [`crate::merge`].
    pub fn write_prior(&mut self, p: &crate::merge::Prior) -> Result<(), Error> {
        use crate::merge::PriorKind;
        let id = p.doc_id.as_str();
        let dup = |file: &str| {
            [
                file.to_string(),
                "input".into(),
                "duplicate".into(),
                format!("same content as an earlier input (doc_id {id})"),
                String::new(),
            ]
        };
        match p.kind {
            PriorKind::Duplicate => {
                if self.failed_ids.contains(id) {
                    self.summary.failed += 1;
                    self.inputs.failed(&crate::merge::source_of(p))?;
                }
                for e in &p.errors {
                    self.errors.row(e)?;
                }
            }
            PriorKind::Failed => {
                self.summary.failed += 1;
                self.inputs.failed(&crate::merge::source_of(p))?;
                if !id.is_empty() && !self.failed_ids.insert(id) {
                    return self.errors.row(dup(&p.source_file));
                }
                self.documents.row(&p.documents)?;
                for e in &p.errors {
                    self.errors.row(e)?;
                }
            }
            PriorKind::Ok => {
                use crate::merge::RowFile;
                if !self.json_written.insert(id) {
                    return self.errors.row(dup(&p.source_file));
                }
                let meta = p.meta.clone().unwrap_or_default();
                self.summary.documents += 1;
                self.summary.pages += p.documents[3].parse::<u64>().unwrap_or(0);
                self.summary.tasks += p.span(RowFile::Tasks).rows;
                self.summary.targets += p.span(RowFile::Targets).rows;
                // Its files stay in place when reused in the same folder.
                let copy = !*self
                    .same_folder
                    .entry(p.dir.clone())
                    .or_insert_with(|| crate::merge::same_folder(&p.dir, &self.out));
                if copy {
                    crate::merge::copy_into(&p.dir, &self.out, &format!("documents/{id}.json"))?;
                }
                self.documents.row(&p.documents)?;
                for (k, sink) in [
                    (RowFile::Sections, &mut self.sections),
                    (RowFile::LegalRefs, &mut self.legal_refs),
                    (RowFile::Targets, &mut self.targets),
                ] {
                    let span = p.span(k);
                    sink.raw(&p.store.read(k, span)?, span.rows)?;
                }
                // Task rows get their agency columns again.
                let mut i = 0;
                let (tasks, agencies) = (&mut self.tasks, &mut self.agencies);
                p.store
                    .records(RowFile::Tasks, p.span(RowFile::Tasks), &mut |rec| {
                        i += 1;
                        let bad = |what: String| Error::Read {
                            path: p.dir.join("tasks.csv"),
                            source: std::io::Error::new(std::io::ErrorKind::InvalidData, what),
                        };
                        if rec.len() != TASKS_COLUMNS.len() {
                            return Err(bad(format!(
                                "a row of document {id} has {} fields",
                                rec.len()
                            )));
                        }
                        let utf8 = |_| bad(format!("a row of document {id} is not UTF-8"));
                        let lead = std::str::from_utf8(&rec[6]).map_err(utf8)?;
                        let partners = std::str::from_utf8(&rec[7]).map_err(utf8)?;
                        let ag = agencies.add_task(id, lead, partners, &i.to_string());
                        let (lead_c, partners_c) = (ag.lead_canonical(), ag.partners_canonical());
                        tasks.row(
                            rec.iter()
                                .take(14)
                                .chain([lead_c.as_bytes(), partners_c.as_bytes()]),
                        )
                    })?;
                for t in &meta.facts.tables {
                    let name = format!("{id}-{}.csv", t.no);
                    if copy {
                        crate::merge::copy_into(&p.dir, &self.out, &format!("tables/{name}"))?;
                    }
                    self.tables_written.insert(name);
                }
                self.inputs.document(
                    &crate::merge::source_of(p),
                    &meta.issuer,
                    meta.creation_date.as_deref(),
                    meta.facts,
                )?;
                for e in &p.errors {
                    self.errors.row(e)?;
                }
            }
        }
        Ok(())
    }

    /// Flushes every CSV into place and removes documents of earlier runs
    /// that this run did not produce, so the folder is a function of the
    /// inputs. Returns the counts.
    pub fn finish(mut self) -> Result<Summary, Error> {
        let summary = self.summary;
        let mut agencies =
            CsvSink::create(&self.out.join("agencies.csv"), AGENCIES_COLUMNS, self.opts)?;
        for row in self.agencies.rows() {
            agencies.row(row.record())?;
        }
        // The documents' own files, renamed into place unflushed, reach the
        // disk before the CSVs that list them do.
        sync_folder(&self.out)?;
        let mut known = crate::package::StatsMap::new();
        for sink in [
            agencies,
            self.documents,
            self.errors,
            self.sections,
            self.legal_refs,
            self.targets,
            self.tasks,
        ] {
            let name = sink.file_name();
            known.insert(name, sink.finish()?);
        }
        // Files of earlier runs that this run did not produce.
        let (docs, tables) = (&self.json_written, &self.tables_written);
        remove_stale(&self.out.join("documents"), |name| {
            name.strip_suffix(".json")
                .is_some_and(|id| is_doc_id(id) && !docs.contains(id))
        });
        remove_stale(&self.out.join("tables"), |name| {
            let ours = name
                .strip_suffix(".csv")
                .and_then(|n| n.split_once('-'))
                .is_some_and(|(id, no)| is_doc_id(id) && no.parse::<u32>().is_ok());
            ours && !tables.contains(name)
        });
        crate::package::write_package(
            &self.out,
            &mut self.inputs,
            &self.package,
            self.opts,
            known,
        )?;
        Ok(summary)
    }
}

/// Flushes every file written in the folder `dir` to disk: on Linux one
/// `syncfs` of its file system; elsewhere each file of `documents/` and
/// `tables/` is flushed.
fn sync_folder(dir: &Path) -> Result<(), Error> {
    let werr = |path: &Path, source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    #[cfg(target_os = "linux")]
    {
        let d = File::open(dir).map_err(|e| werr(dir, e))?;
        rustix::fs::syncfs(&d).map_err(|e| werr(dir, e.into()))
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
                        .map_err(|e| werr(&p, e))?;
                }
            }
        }
        Ok(())
    }
}

/// Removes the files in `dir` that are `stale` (ours, not of this run).
fn remove_stale(dir: &Path, stale: impl Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if stale(&e.file_name().to_string_lossy()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn is_doc_id(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn stage_of(e: &Error) -> &'static str {
    match e {
        Error::Read { .. } => "input",
        Error::Pdf(_) => "pdf",
        Error::Panic(_) => "internal",
        Error::TimeLimit { .. } => "pipeline",
        _ => "output",
    }
}

fn documents_row_failed<'a>(doc_id: &'a str, o: &'a Outcome, msg: &'a str) -> Vec<String> {
    let mut row = vec![String::new(); DOCUMENTS_COLUMNS.len()];
    row[0] = doc_id.to_string();
    row[1] = o.source.file.clone();
    row[2] = o.source.sha256.clone();
    let col = |name: &str| {
        DOCUMENTS_COLUMNS
            .iter()
            .position(|c| *c == name)
            .unwrap_or(0)
    };
    row[col("status")] = "failed".to_string();
    row[col("bytes")] = o.source.bytes.to_string();
    row[col("error")] = msg.to_string();
    row
}
