//! The dataset writer: converted documents → the dataset folder.
//!
//! Every file is written to a temporary file in its final folder and renamed
//! into place when complete ([`super::fs`]). CSVs are streamed row by row
//! (nothing is buffered per dataset), each row a record struct of
//! [`super::contract`]; a document's own files (its JSON and tables) are
//! staged by the worker that converted it ([`Stager`]) and renamed into
//! place here, in input order.

use super::contract::{
    message_template, number, page_list, AgencyRecord, DocumentRecord, ErrorRecord, LegalRefRecord,
    SectionRecord, TableIndexRecord, TargetRecord, TaskRecord, AGENCIES, DOCUMENTS,
    DOCUMENTS_JSONL, ERRORS, LEGAL_REFS, SECTIONS, TABLE_INDEX, TARGETS, TASKS,
};
use super::csv::{CsvSink, LineSink, WriteOptions};
use super::fs::{copy_into, remove_stale, same_folder, sync_folder, Staged, StatsMap};
use super::prior::{source_of, Prior, PriorKind, RowFile};
use crate::error::Error;
use crate::pipeline::{Document, Issue, IssueKind, Outcome, Stage};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The files of one converted document (its JSON and its tables), written
/// by a [`Stager`] on the worker thread that converted it: serialising,
/// hashing and writing them in parallel leaves the dataset writer only the
/// rows and the renames.
#[derive(Debug)]
pub struct StagedDocument {
    doc_id: String,
    json: Staged,
    tables: Vec<StagedTable>,
    /// The document as one compact line of JSON (for `documents.jsonl`).
    line: Vec<u8>,
    /// Whether the line is also streamed (`--jsonl`).
    stream: bool,
}

/// A table file of a document, staged, with its `tables.csv` facts.
#[derive(Debug)]
struct StagedTable {
    no: u32,
    title: String,
    kind: &'static str,
    method: &'static str,
    pages: String,
    columns: usize,
    /// The header row as a JSON array.
    header: String,
    file: Staged,
}

impl StagedDocument {
    /// The document as one line of JSON (without the newline), when the
    /// stager was asked to stream it (`--jsonl`).
    pub fn jsonl(&self) -> Option<&[u8]> {
        self.stream.then_some(self.line.as_slice())
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
        let line = compact_json(&json);
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
            let mut sink = CsvSink::create(&path, &header, self.opts)?;
            for r in &t.rows {
                sink.text_record(&r.cells)?;
            }
            tables.push(StagedTable {
                no: t.table_no,
                title: t.title.clone(),
                kind: t.table_kind.map_or("", |k| k.as_str()),
                method: t.method.as_str(),
                pages: page_list(t.pages.iter().copied()),
                columns: header.len(),
                header: serde_json::to_string(&header)?,
                file: sink.stage()?,
            });
        }
        Ok(Some(StagedDocument {
            doc_id: doc.doc_id.clone(),
            json,
            tables,
            line,
            stream: self.jsonl,
        }))
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub documents: u64,
    pub failed: u64,
    pub pages: u64,
    pub tasks: u64,
    pub targets: u64,
    /// `errors.csv` rows of severity `warning`.
    pub warnings: u64,
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
    /// `tables.csv`.
    table_index: CsvSink,
    /// `documents.jsonl`.
    bundle: LineSink,
    json_written: crate::ids::DocIdSet,
    /// doc_ids of failed inputs, so a failed copy is one documents.csv row.
    failed_ids: crate::ids::DocIdSet,
    tables_written: BTreeSet<String>,
    /// Agencies named in task rows, for `agencies.csv`.
    agencies: crate::agency::AgencyIndex,
    opts: WriteOptions,
    summary: Summary,
    /// Failed inputs, in input order: (source_file, why).
    failures: Vec<(String, String)>,
    /// Facts for `datapackage.json`, and how to write it.
    inputs: super::package::Inputs,
    /// Folders of reused inputs → whether they are this folder.
    same_folder: std::collections::HashMap<PathBuf, bool>,
    package: super::package::PackageOptions,
}

impl DatasetWriter {
    /// Creates the folder (and `documents/`, `tables/`) and opens the CSVs.
    pub fn create(out: &Path, opts: WriteOptions) -> Result<DatasetWriter, Error> {
        for d in [out.to_path_buf(), out.join("documents"), out.join("tables")] {
            std::fs::create_dir_all(&d).map_err(|source| Error::Write { path: d, source })?;
        }
        Ok(DatasetWriter {
            out: out.to_path_buf(),
            documents: CsvSink::table(out, &DOCUMENTS, opts)?,
            errors: CsvSink::table(out, &ERRORS, opts)?,
            sections: CsvSink::table(out, &SECTIONS, opts)?,
            legal_refs: CsvSink::table(out, &LEGAL_REFS, opts)?,
            targets: CsvSink::table(out, &TARGETS, opts)?,
            tasks: CsvSink::table(out, &TASKS, opts)?,
            table_index: CsvSink::table(out, &TABLE_INDEX, opts)?,
            bundle: LineSink::create(&out.join(DOCUMENTS_JSONL))?,
            json_written: Default::default(),
            failed_ids: Default::default(),
            tables_written: BTreeSet::new(),
            agencies: crate::agency::AgencyIndex::new(crate::agency::Canonicalizer::new()),
            opts,
            summary: Summary::default(),
            failures: Vec::new(),
            inputs: super::package::Inputs::new(out),
            same_folder: Default::default(),
            package: Default::default(),
        })
    }

    /// Sets the package meta data and whether `dataset.xlsx` is written.
    pub fn set_package(&mut self, p: super::package::PackageOptions) {
        self.package = p;
    }

    /// How the documents are converted, as the package records it.
    pub fn settings(&self) -> &super::package::Settings {
        &self.package.settings
    }

    /// Records `s` as how the documents were converted.
    pub fn set_settings(&mut self, s: super::package::Settings) {
        self.package.settings = s;
    }

    /// Uses `canon` (built-in plus user aliases) for agency names.
    pub fn set_canonicalizer(&mut self, canon: crate::agency::Canonicalizer) {
        self.agencies = crate::agency::AgencyIndex::new(canon);
    }

    /// An input that could not even be found (bad path on the command line).
    pub fn missing_input(&mut self, file: &str, message: &str) -> Result<(), Error> {
        let (file, message) = (&*crate::vn::nfc_cow(file), &*crate::vn::nfc_cow(message));
        self.summary.failed += 1;
        self.failures.push((file.to_string(), message.to_string()));
        self.errors.row(&ErrorRecord {
            source_file: file,
            stage: Stage::Input.as_str(),
            kind: IssueKind::Missing.as_str(),
            severity: "error",
            message,
            count: 1,
            page: None,
            pages: String::new(),
        })
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
                self.failures.push((o.source.file.clone(), e.to_string()));
                self.inputs.failed(&o.source)?;
                let doc_id = o.source.sha256.get(..16).unwrap_or("");
                if !doc_id.is_empty() && !self.failed_ids.insert(doc_id) {
                    // Same bytes as an earlier failed input: keep doc_id unique.
                    return self.duplicate(&o.source.file, doc_id);
                }
                let msg = e.to_string();
                self.documents.row(&DocumentRecord {
                    doc_id,
                    source_file: &o.source.file,
                    sha256: &o.source.sha256,
                    status: "failed",
                    bytes: o.source.bytes,
                    error: &msg,
                    ..Default::default()
                })?;
                self.errors.row(&ErrorRecord {
                    source_file: &o.source.file,
                    stage: Stage::of_error(e).as_str(),
                    kind: e.kind().as_str(),
                    severity: "error",
                    message: &msg,
                    count: 1,
                    page: None,
                    pages: String::new(),
                })
            }
        }
    }

    fn write_document(&mut self, doc: &Document, staged: StagedDocument) -> Result<(), Error> {
        if !self.json_written.insert(&doc.doc_id) {
            // Same bytes under another name: one document, one warning.
            return self.duplicate(&doc.source.file, &doc.doc_id);
        }
        self.summary.documents += 1;
        self.summary.pages += doc.pages.len() as u64;
        self.summary.tasks += doc.tasks.len() as u64;
        self.summary.targets += doc.structure.targets.len() as u64;
        let json = staged.json.commit()?;
        self.bundle.line(&staged.line)?;
        for t in staged.tables {
            let name = format!("{}-{}.csv", doc.doc_id, t.no);
            let st = t.file.commit()?;
            self.table_index.row(&TableIndexRecord {
                doc_id: &doc.doc_id,
                table_no: t.no,
                title: &t.title,
                table_kind: t.kind,
                method: t.method,
                pages: &t.pages,
                rows: st.rows.unwrap_or(0),
                columns: t.columns,
                header: &t.header,
                path: &format!("tables/{name}"),
                bytes: st.bytes,
                sha256: &st.hash,
            })?;
            self.tables_written.insert(name);
        }
        let m = &doc.structure.metadata;
        self.documents.row(&DocumentRecord {
            doc_id: &doc.doc_id,
            source_file: &doc.source.file,
            sha256: &doc.source.sha256,
            pages: Some(doc.pages.len()),
            text_source: doc.text_source.as_str(),
            doc_type: &m.doc_type,
            number: &m.number,
            issuer: &m.issuer,
            parent_issuer: &m.parent_issuer,
            place: &m.place,
            date: &m.date,
            title: &m.title,
            signer_name: &m.signer_name,
            signer_title: &m.signer_title,
            status: "ok",
            province: &m.province,
            date_text: &m.date_text,
            signer_authority: &m.signer_authority,
            number_symbol: &m.number_symbol,
            metadata_source: &m.source,
            bytes: doc.source.bytes,
            producer: doc.info.producer.as_deref().unwrap_or(""),
            creation_date: doc.info.creation_date.as_deref().unwrap_or(""),
            paragraphs: Some(doc.text.paragraphs.len()),
            footnotes: Some(doc.text.footnotes.len()),
            tables: Some(doc.tables.len()),
            warnings: Some(doc.warnings.len()),
            error: "",
            json_sha256: &json.hash,
        })?;
        let id = doc.doc_id.as_str();
        for sec in &doc.structure.sections {
            self.sections.row(&SectionRecord {
                doc_id: id,
                section_id: &sec.section_id,
                level: sec.level,
                number: &sec.number,
                heading: &sec.heading,
                page: sec.page,
            })?;
        }
        for r in &doc.structure.legal_refs {
            self.legal_refs.row(&LegalRefRecord {
                doc_id: id,
                ref_type: &r.ref_type,
                ref_number: &r.ref_number,
                ref_date: &r.ref_date,
                ref_issuer: &r.ref_issuer,
                subject: &r.subject,
                page: r.page,
                section_id: &r.section_id,
                ref_date_text: &r.ref_date_text,
                found_in: &r.found_in,
            })?;
        }
        for t in &doc.structure.targets {
            self.targets.row(&TargetRecord {
                doc_id: id,
                section_id: &t.section_id,
                indicator: &t.indicator,
                value: number(t.value),
                unit: &t.unit,
                comparator: &t.comparator,
                year: t.year,
                page: t.page,
                text: &t.text,
            })?;
        }
        for (i, t) in doc.tasks.iter().enumerate() {
            let extra = if t.extra.is_empty() {
                String::new()
            } else {
                serde_json::to_string(&t.extra)?
            };
            // The records stage canonicalised the row; the index counts it
            // for agencies.csv.
            self.agencies
                .add_task(id, &t.lead, &t.partners, &(i + 1).to_string());
            self.tasks.row(&TaskRecord {
                doc_id: id,
                table_no: t.table_no,
                table_title: &t.table_title,
                group: &t.group,
                stt: &t.stt,
                name: &t.name,
                lead: &t.lead,
                partners: &t.partners,
                timeframe: &t.timeframe,
                start: &t.start,
                end: &t.end,
                page: t.page,
                extra: &extra,
                recurrence: &t.recurrence,
                lead_canonical: &t.lead_canonical,
                partners_canonical: &t.partners_canonical,
                row_id: &t.row_id,
                table_kind: t.table_kind.as_str(),
                flags: t
                    .flags
                    .iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join(";"),
                confidence: t.confidence.map(number).unwrap_or_default(),
                number: &m.number,
                title: &m.title,
                issuer: &m.issuer,
                date: &m.date,
                source_file: &doc.source.file,
            })?;
        }
        self.inputs
            .document(&doc.source, &m.issuer, doc.info.creation_date.as_deref())?;
        for g in aggregate(&doc.warnings) {
            self.summary.warnings += 1;
            self.errors.row(&ErrorRecord {
                source_file: &doc.source.file,
                stage: g.first.stage.as_str(),
                kind: g.first.kind.as_str(),
                severity: "warning",
                message: &g.first.message,
                page: g.pages.iter().copied().min(),
                count: g.count,
                pages: page_list(g.pages),
            })?;
        }
        Ok(())
    }

    /// Writes an input recorded in a finished dataset folder (an unchanged
    /// input of `--incremental`, or a shard's input of `merge`): its rows as
    /// they were, its JSON and tables copied unless already in place, its
    /// agencies recounted. See [`super::merge`].
    pub fn write_prior(&mut self, p: &Prior) -> Result<(), Error> {
        let id = p.doc_id.as_str();
        match p.kind {
            PriorKind::Duplicate => {
                if self.failed_ids.contains(id) {
                    self.summary.failed += 1;
                    self.failures.push((
                        p.source_file.clone(),
                        format!("same content as an earlier failed input (doc_id {id})"),
                    ));
                    self.inputs.failed(&source_of(p))?;
                }
                self.prior_errors(&p.errors)?;
            }
            PriorKind::Failed => {
                self.summary.failed += 1;
                let why = DOCUMENTS
                    .column("error")
                    .and_then(|c| p.documents.get(c))
                    .cloned()
                    .unwrap_or_default();
                self.failures.push((p.source_file.clone(), why));
                self.inputs.failed(&source_of(p))?;
                if !id.is_empty() && !self.failed_ids.insert(id) {
                    return self.duplicate(&p.source_file, id);
                }
                self.documents.record(&p.documents)?;
                self.prior_errors(&p.errors)?;
            }
            PriorKind::Ok => {
                if !self.json_written.insert(id) {
                    return self.duplicate(&p.source_file, id);
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
                    .or_insert_with(|| same_folder(&p.dir, &self.out));
                if copy {
                    copy_into(&p.dir, &self.out, &format!("documents/{id}.json"))?;
                }
                self.bundle.line(&prior_line(p)?)?;
                self.documents.record(&p.documents)?;
                for (k, sink) in [
                    (RowFile::Sections, &mut self.sections),
                    (RowFile::LegalRefs, &mut self.legal_refs),
                    (RowFile::Targets, &mut self.targets),
                    (RowFile::TableIndex, &mut self.table_index),
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
                        if rec.len() != TASKS.fields.len() {
                            return Err(bad(format!(
                                "a row of document {id} has {} fields",
                                rec.len()
                            )));
                        }
                        let utf8 = |_| bad(format!("a row of document {id} is not UTF-8"));
                        let lead = std::str::from_utf8(&rec[6]).map_err(utf8)?;
                        let partners = std::str::from_utf8(&rec[7]).map_err(utf8)?;
                        let (lead, partners) = (
                            crate::sheet_safe::original(lead),
                            crate::sheet_safe::original(partners),
                        );
                        let ag = agencies.add_task(id, lead, partners, &i.to_string());
                        let lead_c = crate::sheet_safe::cell(&ag.lead_canonical()).into_owned();
                        let partners_c =
                            crate::sheet_safe::cell(&ag.partners_canonical()).into_owned();
                        tasks.record(
                            rec.iter()
                                .take(14)
                                .chain([lead_c.as_bytes(), partners_c.as_bytes()])
                                .chain(rec.iter().skip(16)),
                        )
                    })?;
                for t in &meta.tables {
                    if copy {
                        copy_into(&p.dir, &self.out, &t.path)?;
                    }
                    self.tables_written.insert(format!("{id}-{}.csv", t.no));
                }
                self.inputs
                    .document(&source_of(p), &meta.issuer, meta.creation_date.as_deref())?;
                self.prior_errors(&p.errors)?;
            }
        }
        Ok(())
    }

    /// Writes `errors.csv` rows read back from a finished folder.
    fn prior_errors(&mut self, rows: &[Vec<String>]) -> Result<(), Error> {
        let severity = ERRORS.column("severity");
        for e in rows {
            if severity
                .and_then(|c| e.get(c))
                .is_some_and(|s| s == "warning")
            {
                self.summary.warnings += 1;
            }
            self.errors.record(e)?;
        }
        Ok(())
    }

    /// The inputs that failed so far, in input order: (source_file, why).
    pub fn failures(&self) -> &[(String, String)] {
        &self.failures
    }

    /// Flushes every CSV into place and removes documents of earlier runs
    /// that this run did not produce, so the folder is a function of the
    /// inputs. Returns the counts.
    pub fn finish(mut self) -> Result<Summary, Error> {
        let summary = self.summary;
        let mut agencies = CsvSink::table(&self.out, &AGENCIES, self.opts)?;
        for row in self.agencies.rows() {
            agencies.row(&AgencyRecord::from(&row))?;
        }
        // The documents' own files, renamed into place unflushed, reach the
        // disk before the CSVs that list them do.
        sync_folder(&self.out)?;
        let mut known = StatsMap::new();
        for sink in [
            agencies,
            self.documents,
            self.errors,
            self.sections,
            self.legal_refs,
            self.targets,
            self.tasks,
            self.table_index,
        ] {
            let name = sink.file_name();
            known.insert(name, sink.finish()?);
        }
        known.insert(DOCUMENTS_JSONL.to_string(), self.bundle.finish()?);
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
        super::package::write_package(
            &self.out,
            &mut self.inputs,
            &self.package,
            self.opts,
            known,
        )?;
        Ok(summary)
    }
}

fn is_doc_id(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

impl DatasetWriter {
    /// The `errors.csv` row of an input with the same bytes as an earlier
    /// one (one document per `doc_id`).
    fn duplicate(&mut self, file: &str, doc_id: &str) -> Result<(), Error> {
        self.summary.warnings += 1;
        self.errors.row(&ErrorRecord {
            source_file: file,
            stage: Stage::Input.as_str(),
            kind: IssueKind::Duplicate.as_str(),
            severity: "warning",
            message: &format!("same content as an earlier input (doc_id {doc_id})"),
            count: 1,
            page: None,
            pages: String::new(),
        })
    }
}

/// Warnings of one document that repeat: same stage, kind and
/// [`message_template`].
struct Group<'a> {
    first: &'a Issue,
    count: u64,
    pages: Vec<u32>,
}

/// A document's warnings grouped into `errors.csv` rows, in the order of
/// each group's first warning (the pipeline's order, so deterministic).
/// A reviewer's decisions (stage `review`) each stay a row of their own.
fn aggregate(issues: &[Issue]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut at: std::collections::HashMap<(Stage, &str, String), usize> =
        std::collections::HashMap::new();
    for w in issues {
        // A reviewer's decisions are a row each.
        let key = (w.stage != Stage::Review)
            .then(|| (w.stage, w.kind.as_str(), message_template(&w.message)));
        match key.as_ref().and_then(|k| at.get(k).copied()) {
            Some(i) => {
                let g = &mut groups[i];
                g.count += 1;
                g.pages.extend(w.page);
            }
            None => {
                if let Some(k) = key {
                    at.insert(k, groups.len());
                }
                groups.push(Group {
                    first: w,
                    count: 1,
                    pages: w.page.into_iter().collect(),
                });
            }
        }
    }
    groups
}

/// serde_json's pretty output without the layout whitespace: the same bytes
/// as `serde_json::to_string` of the same value.
/// The `documents.jsonl` line of a reused document: its JSON file, compact.
pub fn prior_line(p: &Prior) -> Result<Vec<u8>, Error> {
    let path = p.dir.join("documents").join(format!("{}.json", p.doc_id));
    let text = std::fs::read(&path).map_err(|source| Error::Read { path, source })?;
    Ok(compact_json(&text))
}

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
