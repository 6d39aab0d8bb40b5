//! `datapackage.json`, `schemas/` and `dataset.xlsx`: the dataset folder
//! as a Frictionless Data Package.
//!
//! `datapackage.json` is deterministic: it depends only on the inputs and on
//! `--meta`. Its `created` is `created` from `--meta` when given, else the
//! newest PDF `/CreationDate` among the converted inputs (in UTC), else it is
//! left out; it is never the clock.
//!
//! The descriptor is serde structs ([`Package`] and below), written by
//! `serde_json`'s pretty printer straight into the file; its three per-input
//! arrays (`sources`, `dc.source`, `resources`) are streamed from the spill
//! file of [`Inputs`] with `Serializer::collect_seq`, so memory does not
//! grow with the number of documents. Fields are declared in alphabetical
//! order: the order `serde_json::Value` objects (a `BTreeMap`) print in,
//! which is how the descriptor was first written.
//!
//! Vietnamese portal rules ask for, mapped from the Data Package fields:
//!
//! | dc           | Data Package                                  |
//! |--------------|-----------------------------------------------|
//! | title        | `title`                                        |
//! | creator      | `contributors[role=author]`                    |
//! | publisher    | `contributors[role=publisher]` (issuing body)  |
//! | date         | date part of `created`                         |
//! | description  | `description`                                  |
//! | identifier   | `id`                                           |
//! | language     | `language` (`vi`)                              |
//! | source       | `sources[].path` (the input PDFs)              |
//! | subject      | `keywords`                                     |
//! | rights       | `licenses[0]`                                  |
//! | type, format | `Dataset`, `text/csv`                          |

use super::contract::{is_resource_name, DOCUMENTS_JSONL, DOCUMENT_SCHEMA, NAME_PATTERN, TABLES};
use super::csv::{file_stats, WriteOptions};
use super::fs::{temp_beside, write_atomic, write_atomic_with, FileStats, StatsMap};
use crate::error::Error;
use crate::pipeline::Source;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

/// Settings of the published dataset, from `--meta FILE.toml`. Every key is
/// optional; see [`Meta::load`] for the defaults.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Package name (`^[-a-z0-9._/]+$`). Default `kehoach-dataset`.
    pub name: Option<String>,
    /// Default: `id` derived from the documents' SHA-256.
    pub identifier: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// `YYYY-MM-DD` or RFC 3339. Default: newest PDF creation date.
    pub created: Option<String>,
    /// Default: the issuing bodies (`issuer`) of the documents.
    pub creator: Option<Vec<String>>,
    /// The issuing body of the dataset (cơ quan ban hành/công bố). Default:
    /// the one creator when there is one (every document issued by the same
    /// body), else none: set it for a dataset of several bodies.
    pub publisher: Option<String>,
    pub keywords: Option<Vec<String>>,
    pub homepage: Option<String>,
    pub version: Option<String>,
    pub language: Option<String>,
    /// A licence id (`license = "cc-by"` or `"CC-BY-4.0"`, see
    /// [`KNOWN_LICENSES`]) or a `[license]` table. Default `cc-by`.
    pub license: Option<LicenseSpec>,
}

/// The licence as `--meta` gives it.
#[derive(Debug, Clone)]
pub enum LicenseSpec {
    /// A known licence id, in CKAN's or the SPDX form.
    Id(String),
    Full(License),
}

impl<'de> Deserialize<'de> for LicenseSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        match Value::deserialize(d)? {
            Value::String(id) => Ok(LicenseSpec::Id(id)),
            v @ Value::Object(_) => serde_json::from_value(v)
                .map(LicenseSpec::Full)
                .map_err(|e| D::Error::custom(format!("[license]: {e}"))),
            _ => Err(D::Error::custom(
                "license must be a licence id (license = \"cc-by\") or a [license] table",
            )),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct License {
    pub name: String,
    pub path: Option<String>,
    pub title: Option<String>,
}

/// Licences known by both id forms: CKAN's licence id (also an Open
/// Definition id, so valid as a Data Package `licenses[].name`), its SPDX
/// id, title and URL. The descriptor names a known licence by its CKAN id,
/// so that `frictionless-ckan-mapper` gives CKAN a `license_id` from its own
/// list; `--meta` accepts either id.
pub const KNOWN_LICENSES: &[(&str, &str, &str, &str)] = &[
    (
        "cc-by",
        "CC-BY-4.0",
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    (
        "cc-by-sa",
        "CC-BY-SA-4.0",
        "Creative Commons Attribution Share-Alike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    (
        "cc-zero",
        "CC0-1.0",
        "Creative Commons CCZero 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    (
        "cc-nc",
        "CC-BY-NC-4.0",
        "Creative Commons Attribution Non-Commercial 4.0",
        "https://creativecommons.org/licenses/by-nc/4.0/",
    ),
    (
        "odc-by",
        "ODC-By-1.0",
        "Open Data Commons Attribution License 1.0",
        "https://opendatacommons.org/licenses/by/1-0/",
    ),
    (
        "odc-odbl",
        "ODbL-1.0",
        "Open Data Commons Open Database License 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    (
        "odc-pddl",
        "PDDL-1.0",
        "Open Data Commons Public Domain Dedication and License 1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
];

impl License {
    /// The licence of id `id` (either form, any case), if known.
    pub fn known(id: &str) -> Option<License> {
        let id = id.trim();
        KNOWN_LICENSES
            .iter()
            .find(|(ckan, spdx, _, _)| {
                ckan.eq_ignore_ascii_case(id) || spdx.eq_ignore_ascii_case(id)
            })
            .map(|&(ckan, _, title, url)| License {
                name: ckan.to_string(),
                path: Some(url.to_string()),
                title: Some(title.to_string()),
            })
    }

    /// What the descriptor lists: a known licence under its CKAN id, with
    /// the URL and title the table gives where `--meta` left them out; any
    /// other as written.
    fn resolved(spec: Option<&LicenseSpec>) -> Result<License, String> {
        match spec {
            None => Ok(License::known("cc-by").unwrap_or(License {
                name: "cc-by".into(),
                path: None,
                title: None,
            })),
            Some(LicenseSpec::Id(id)) => License::known(id).ok_or_else(|| {
                format!(
                    "license `{id}` is not a licence id kehoach knows; use one of {} \
                     (or their SPDX ids {}), or a [license] table with name, path and title",
                    KNOWN_LICENSES
                        .iter()
                        .map(|l| l.0)
                        .collect::<Vec<_>>()
                        .join(", "),
                    KNOWN_LICENSES
                        .iter()
                        .map(|l| l.1)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
            Some(LicenseSpec::Full(l)) => Ok(match License::known(&l.name) {
                Some(k) => License {
                    name: k.name,
                    path: l.path.clone().or(k.path),
                    title: l.title.clone().or(k.title),
                },
                None => l.clone(),
            }),
        }
    }
}

impl Meta {
    /// Reads a TOML meta file; unknown keys are errors (typos are caught).
    pub fn load(path: &Path) -> Result<Meta, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let m: Meta = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(n) = &m.name {
            if !is_resource_name(n) {
                return Err(format!(
                    "{}: name `{n}` must match {NAME_PATTERN}",
                    path.display()
                ));
            }
        }
        License::resolved(m.license.as_ref()).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(c) = &m.created {
            if normalise_datetime(c).is_none() {
                return Err(format!(
                    "{}: created `{c}` is not YYYY-MM-DD or an RFC 3339 date-time",
                    path.display()
                ));
            }
        }
        Ok(m)
    }
}

/// `YYYY-MM-DD` or an RFC 3339 date-time → `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn normalise_datetime(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(
            d.with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
        );
    }
    if s.len() == 10 {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(d.format("%Y-%m-%dT00:00:00Z").to_string());
        }
    }
    None
}

/// One input as the package lists it (a line of the spill file).
#[derive(Debug, Serialize, Deserialize)]
struct Listed {
    file: String,
    sha256: String,
    bytes: u64,
}

/// Facts about the inputs, collected by the dataset writer in input order.
///
/// What `datapackage.json` lists per input (its path, hash, title, tables)
/// is spilled, one JSON line per input, to a temporary file in the dataset
/// folder and read back when the descriptor is written: memory stays flat
/// however many files a batch has. Only the dataset-level aggregates stay
/// in memory: the inputs' SHA-256 (32 bytes each, for the package `id`),
/// the newest creation date and the distinct issuers.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Folder of the spill file (created on the first input).
    dir: PathBuf,
    spill: Option<(tempfile::NamedTempFile, std::io::BufWriter<File>)>,
    /// Converted documents listed.
    docs: usize,
    /// SHA-256 of every input (binary), and any that is not 64 hex digits.
    ids: Vec<[u8; 32]>,
    odd_ids: Vec<String>,
    /// Newest `/CreationDate` (normalised) among the documents.
    created: Option<String>,
    /// Issuers in order of first appearance, and their lowercase forms.
    creators: Vec<String>,
    creators_seen: std::collections::HashSet<String>,
    /// A converted document had no issuer fit to list ([`is_body_name`]).
    issuer_gaps: bool,
}

fn hex32(s: &str) -> Option<[u8; 32]> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = digit(b[2 * i])? << 4 | digit(b[2 * i + 1])?;
    }
    Some(out)
}

impl Inputs {
    /// Facts spilled into a temporary file in `dir` (the dataset folder).
    pub fn new(dir: &Path) -> Inputs {
        Inputs {
            dir: dir.to_path_buf(),
            ..Default::default()
        }
    }

    fn push(&mut self, l: &Listed) -> Result<(), Error> {
        if !l.sha256.is_empty() {
            match hex32(&l.sha256) {
                Some(h) => self.ids.push(h),
                None => self.odd_ids.push(l.sha256.clone()),
            }
        }
        let werr = |dir: &Path, source| Error::Write {
            path: dir.to_path_buf(),
            source,
        };
        if self.spill.is_none() {
            let tmp = temp_beside(&self.dir).map_err(|e| werr(&self.dir, e))?;
            let w = std::io::BufWriter::new(tmp.reopen().map_err(|e| werr(&self.dir, e))?);
            self.spill = Some((tmp, w));
        }
        if let Some((tmp, w)) = &mut self.spill {
            serde_json::to_writer(&mut *w, l)?;
            w.write_all(b"\n").map_err(|e| werr(tmp.path(), e))?;
        }
        Ok(())
    }

    /// A converted document (not a duplicate).
    pub fn document(
        &mut self,
        source: &Source,
        issuer: &str,
        creation_date: Option<&str>,
    ) -> Result<(), Error> {
        self.docs += 1;
        if let Some(c) = creation_date.and_then(normalise_datetime) {
            if self.created.as_ref().is_none_or(|m| c > *m) {
                self.created = Some(c);
            }
        }
        let i = issuer.trim();
        if !is_body_name(i) {
            self.issuer_gaps = true;
        } else if self.creators_seen.insert(i.to_lowercase()) {
            self.creators.push(i.to_string());
        }
        self.push(&Listed {
            file: source.file.clone(),
            sha256: source.sha256.clone(),
            bytes: source.bytes,
        })
    }

    /// An input that could not be converted.
    pub fn failed(&mut self, source: &Source) -> Result<(), Error> {
        self.push(&Listed {
            file: source.file.clone(),
            sha256: source.sha256.clone(),
            bytes: source.bytes,
        })
    }

    /// Hands the spilled lines to the file, before [`Inputs::listed`].
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.spill {
            Some((_, w)) => w.flush(),
            None => Ok(()),
        }
    }

    /// The inputs listed so far (up to the last [`Inputs::flush`]), read
    /// back from the spill file in order.
    fn listed(&self) -> std::io::Result<impl Iterator<Item = std::io::Result<Listed>>> {
        use std::io::BufRead;
        let reader = match &self.spill {
            Some((tmp, _)) => Some(BufReader::new(tmp.reopen()?)),
            None => None,
        };
        Ok(reader
            .into_iter()
            .flat_map(|r| r.lines())
            .map(|line| serde_json::from_str::<Listed>(&line?).map_err(std::io::Error::other)))
    }

    /// The package `id`'s digest input: the inputs' distinct SHA-256 in
    /// order, one per line.
    fn id_digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        if self.odd_ids.is_empty() {
            let mut ids = self.ids.clone();
            ids.sort_unstable();
            ids.dedup();
            for (i, id) in ids.iter().enumerate() {
                if i > 0 {
                    h.update(b"\n");
                }
                h.update(crate::digest::to_hex(id).as_bytes());
            }
        } else {
            let mut all: Vec<String> = self.ids.iter().map(|i| crate::digest::to_hex(i)).collect();
            all.extend(self.odd_ids.iter().cloned());
            all.sort();
            all.dedup();
            h.update(all.join("\n").as_bytes());
        }
        crate::digest::to_hex(&h.finalize())
    }
}

/// How the package is written: meta data and the optional spreadsheet.
#[derive(Debug, Clone, Default)]
pub struct PackageOptions {
    pub meta: Meta,
    /// Also write `dataset.xlsx`.
    pub xlsx: bool,
    /// How the documents were converted (recorded as `tool.settings`).
    pub settings: Settings,
}

/// The conversion settings that change what a document converts to,
/// recorded in `datapackage.json` (`tool.settings`): a run that reuses a
/// folder's documents (`--incremental`, a resumed run, `merge`) reuses
/// them only when they were converted the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// SHA-256 of the `--header-vocab` file added to the built-in table
    /// header vocabulary; empty for the built-in vocabulary alone.
    #[serde(default)]
    pub header_vocab: String,
    /// `--ocr`: `auto`, `never` or `always`.
    pub ocr: String,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            ocr: "auto".into(),
            header_vocab: String::new(),
        }
    }
}

impl Settings {
    /// How `self` (a folder's) differs from `now` (this run's), in the
    /// options' words; `None` when they are the same.
    pub fn differs(&self, now: &Settings) -> Option<String> {
        let vocab = |h: &str| {
            if h.is_empty() {
                "no --header-vocab".to_string()
            } else {
                format!("a --header-vocab of SHA-256 {}", &h[..h.len().min(12)])
            }
        };
        let mut d = Vec::new();
        if self.ocr != now.ocr {
            d.push(format!("--ocr {} (this run: --ocr {})", self.ocr, now.ocr));
        }
        if self.header_vocab != now.header_vocab {
            d.push(format!(
                "{} (this run: {})",
                vocab(&self.header_vocab),
                vocab(&now.header_vocab)
            ));
        }
        (!d.is_empty()).then(|| format!("it was converted with {}", d.join(" and ")))
    }
}

/// The package descriptor, `datapackage.json`.
#[derive(Serialize)]
struct Package<'a> {
    contributors: Vec<Contributor<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<&'a str>,
    dc: DublinCore<'a>,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    homepage: Option<&'a str>,
    id: &'a str,
    keywords: &'a [String],
    language: &'a str,
    licenses: [&'a LicenseOut<'a>; 1],
    name: &'a str,
    profile: &'static str,
    resources: Resources<'a>,
    sources: Sources<'a>,
    title: &'a str,
    tool: Tool<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
}

#[derive(Serialize)]
struct Contributor<'a> {
    role: &'static str,
    title: &'a str,
}

#[derive(Serialize)]
struct LicenseOut<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct Tool<'a> {
    // In key order: the descriptor is serde_json's pretty form of itself.
    name: &'static str,
    settings: &'a Settings,
    version: &'static str,
}

/// The `dc` object: Dublin Core elements (see the module documentation).
#[derive(Serialize)]
struct DublinCore<'a> {
    creator: &'a [String],
    date: Option<&'a str>,
    description: &'a str,
    format: &'static str,
    identifier: &'a str,
    language: &'a str,
    publisher: &'a str,
    rights: Option<&'a str>,
    source: DcSources<'a>,
    subject: &'a [String],
    title: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// One input PDF in `sources`.
#[derive(Serialize)]
struct SourceOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hash: Option<String>,
    path: String,
    title: String,
}

/// One resource: a CSV (`dialect`, `schema`, `rows`), a document's JSON
/// (`jsonSchema`, `type: file`) or the workbook.
#[derive(Serialize)]
struct Resource<'a> {
    bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dialect: Option<Dialect>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    format: &'static str,
    hash: String,
    #[serde(rename = "jsonSchema", skip_serializing_if = "Option::is_none")]
    json_schema: Option<&'static str>,
    mediatype: &'static str,
    name: String,
    path: String,
    profile: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<Value>,
    title: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
}

/// The CSV dialect of a tabular resource.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Dialect {
    delimiter: &'static str,
    double_quote: bool,
    header: bool,
    line_terminator: &'static str,
    quote_char: &'static str,
}

impl Dialect {
    fn of(opts: WriteOptions) -> Dialect {
        Dialect {
            delimiter: ",",
            double_quote: true,
            header: true,
            line_terminator: if opts.excel { "\r\n" } else { "\n" },
            quote_char: "\"",
        }
    }
}

/// An element of a streamed array: made, or the error that stops the write.
struct Item<T>(Result<T, Error>);

impl<T: Serialize> Serialize for Item<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Ok(v) => v.serialize(s),
            Err(e) => Err(serde::ser::Error::custom(e)),
        }
    }
}

fn listed<E: serde::ser::Error>(
    inputs: &Inputs,
) -> Result<impl Iterator<Item = Result<Listed, Error>>, E> {
    let it = inputs.listed().map_err(E::custom)?;
    Ok(it.map(|l| l.map_err(|e| Error::Json(serde_json::Error::io(e)))))
}

/// `dc.source`: the input paths, from the spill.
struct DcSources<'a>(&'a Inputs);

impl Serialize for DcSources<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(listed::<S::Error>(self.0)?.map(|l| Item(l.map(|l| l.file))))
    }
}

/// `sources`: the input PDFs with their hash and size, from the spill.
struct Sources<'a>(&'a Inputs);

impl Serialize for Sources<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(listed::<S::Error>(self.0)?.map(|l| {
            Item(l.map(|l| {
                let hashed = !l.sha256.is_empty();
                SourceOut {
                    bytes: hashed.then_some(l.bytes),
                    hash: hashed.then(|| format!("sha256:{}", l.sha256)),
                    title: l.file.clone(),
                    path: l.file,
                }
            }))
        }))
    }
}

/// `resources`: the CSVs (the table index among them), the documents'
/// JSON in one file, the workbook: a handful of resources however many
/// documents and tables there are (a portal maps each to one download).
struct Resources<'a> {
    out: &'a Path,
    opts: WriteOptions,
    xlsx: bool,
    /// Stats of the files already known (the writer's, the files read).
    known: StatsMap,
}

impl Resources<'_> {
    /// Stats of `path`: listed, known, or read now.
    fn stats(&self, path: &str, have: Option<&FileStats>, csv: bool) -> Result<FileStats, Error> {
        match have.or_else(|| self.known.get(path)) {
            Some(s) if s.rows.is_some() == csv => Ok(s.clone()),
            _ => file_stats(self.out, path, csv),
        }
    }

    /// A tabular resource (dialect, Table Schema, rows).
    fn csv(
        &self,
        name: String,
        path: String,
        title: String,
        description: &'static str,
        schema: Value,
        have: Option<&FileStats>,
    ) -> Result<Resource<'static>, Error> {
        let st = self.stats(&path, have, true)?;
        Ok(Resource {
            description: (!description.is_empty()).then_some(description),
            dialect: Some(Dialect::of(self.opts)),
            encoding: Some(if self.opts.excel {
                "utf-8-sig"
            } else {
                "utf-8"
            }),
            format: "csv",
            mediatype: "text/csv",
            profile: "tabular-data-resource",
            rows: st.rows,
            schema: Some(schema),
            kind: None,
            ..Resource::file(name, path, title, &st)
        })
    }

    /// A plain file resource (a document's JSON, the workbook).
    fn file(
        &self,
        name: String,
        path: String,
        title: String,
        have: Option<&FileStats>,
    ) -> Result<Resource<'static>, Error> {
        let st = self.stats(&path, have, false)?;
        Ok(Resource::file(name, path, title, &st))
    }
}

impl Resource<'static> {
    /// A JSON file resource of the stats `st`.
    fn file(name: String, path: String, title: String, st: &FileStats) -> Resource<'static> {
        Resource {
            bytes: st.bytes,
            description: None,
            dialect: None,
            encoding: None,
            format: "json",
            hash: format!("sha256:{}", st.hash),
            json_schema: None,
            mediatype: "application/json",
            name,
            path,
            profile: "data-resource",
            rows: None,
            schema: None,
            title,
            // A plain file to Frictionless: without it, `frictionless
            // validate` reads a document JSON (it has a `tasks` key) as an
            // Inquiry.
            kind: Some("file"),
        }
    }
}

impl Serialize for Resources<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let tables = TABLES.iter().map(|t| {
            Item(self.csv(
                t.name.to_string(),
                t.path(),
                t.title.to_string(),
                t.description,
                t.schema(),
                None,
            ))
        });
        let bundle = Item(
            self.file(
                "documents-json".to_string(),
                DOCUMENTS_JSONL.to_string(),
                "Toàn văn có cấu trúc của các văn bản (JSON Lines)".to_string(),
                None,
            )
            .map(|r| Resource {
                description: Some(
                    "Mỗi dòng là một văn bản đã chuyển đổi, theo thứ tự của documents.csv: \
                     đúng nội dung tệp documents/<doc_id>.json ở dạng một dòng, hợp lệ theo \
                     schemas/document.schema.json.",
                ),
                encoding: Some("utf-8"),
                format: "jsonl",
                json_schema: Some("schemas/document.schema.json"),
                mediatype: "application/jsonl",
                ..r
            }),
        );
        let xlsx = self.xlsx.then(|| {
            Item(
                self.file(
                    "dataset-xlsx".to_string(),
                    "dataset.xlsx".to_string(),
                    "Bảng tính Excel của các bảng dữ liệu CSV".to_string(),
                    None,
                )
                .map(|r| Resource {
                    format: "xlsx",
                    mediatype: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    ..r
                }),
            )
        });
        s.collect_seq(tables.chain([bundle]).chain(xlsx))
    }
}

/// Writes `schemas/`, `dataset.xlsx` (or removes a stale one) and
/// `datapackage.json` into the finished dataset folder `out`. `known`
/// holds the stats of files the writer already tallied (the CSVs); the
/// other listed files without stats in `inputs` are read here, on all
/// cores, before the descriptor is written.
pub fn write_package(
    out: &Path,
    inputs: &mut Inputs,
    p: &PackageOptions,
    opts: WriteOptions,
    mut known: StatsMap,
) -> Result<(), Error> {
    let schemas = out.join("schemas");
    std::fs::create_dir_all(&schemas).map_err(super::fs::write_error(&schemas))?;
    write_atomic(
        &schemas.join("document.schema.json"),
        DOCUMENT_SCHEMA.as_bytes(),
    )?;
    for t in TABLES {
        write_atomic(
            &schemas.join(format!("{}.schema.json", t.name)),
            t.schema_text().as_bytes(),
        )?;
    }
    let xlsx = out.join("dataset.xlsx");
    if p.xlsx {
        let bytes = super::xlsx::workbook(out)
            .map_err(|e| super::fs::write_error(&xlsx)(std::io::Error::other(e)))?;
        write_atomic(&xlsx, &bytes)?;
    } else if xlsx.exists() {
        // A spreadsheet of an earlier run no longer matches the CSVs.
        std::fs::remove_file(&xlsx).map_err(super::fs::write_error(&xlsx))?;
    }
    inputs.flush().map_err(super::fs::write_error(out))?;
    // Sizes, hashes and row counts of the listed files not yet known, read
    // on all cores first; the resources are then made in order.
    let mut wanted: Vec<(String, bool)> = TABLES
        .iter()
        .map(|t| (t.path(), true))
        .filter(|(p, _)| !known.contains_key(p))
        .collect();
    if !known.contains_key(DOCUMENTS_JSONL) {
        wanted.push((DOCUMENTS_JSONL.to_string(), false));
    }
    {
        use rayon::prelude::*;
        let read: Vec<(String, FileStats)> = wanted
            .par_iter()
            .filter_map(|(path, csv)| Some((path.clone(), file_stats(out, path, *csv).ok()?)))
            .collect();
        known.extend(read);
    }
    let h = Head::of(inputs, p);
    // `Meta::load` checked it; a library caller's unknown id is named as given.
    let resolved = License::resolved(p.meta.license.as_ref()).unwrap_or_else(|_| License {
        name: match &p.meta.license {
            Some(LicenseSpec::Id(id)) => id.clone(),
            _ => "cc-by".into(),
        },
        path: None,
        title: None,
    });
    let license = LicenseOut {
        name: &resolved.name,
        path: resolved.path.as_deref(),
        title: resolved.title.as_deref(),
    };
    let mut contributors: Vec<Contributor> = h
        .creators
        .iter()
        .map(|c| Contributor {
            role: "author",
            title: c,
        })
        .collect();
    if !h.publisher.is_empty() {
        contributors.push(Contributor {
            role: "publisher",
            title: &h.publisher,
        });
    }
    let inputs: &Inputs = inputs;
    let pkg = Package {
        contributors,
        created: h.created.as_deref(),
        dc: DublinCore {
            creator: &h.creators,
            date: h.created.as_deref().map(|c| &c[..10]),
            description: &h.description,
            format: "text/csv",
            identifier: &h.id,
            language: &h.language,
            publisher: &h.publisher,
            rights: license.title.or(Some(license.name)),
            source: DcSources(inputs),
            subject: &h.keywords,
            title: &h.title,
            kind: "Dataset",
        },
        description: &h.description,
        homepage: p.meta.homepage.as_deref(),
        id: &h.id,
        keywords: &h.keywords,
        language: &h.language,
        licenses: [&license],
        name: &h.name,
        profile: "data-package",
        resources: Resources {
            out,
            opts,
            xlsx: p.xlsx,
            known,
        },
        sources: Sources(inputs),
        title: &h.title,
        tool: Tool {
            name: "kehoach",
            settings: &p.settings,
            version: env!("CARGO_PKG_VERSION"),
        },
        version: p.meta.version.as_deref(),
    };
    write_atomic_with(&out.join("datapackage.json"), |w| {
        serde_json::to_writer_pretty(&mut *w, &pkg).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })
}

/// The dataset-level values of the descriptor, from `--meta` or made from
/// the inputs.
struct Head {
    id: String,
    name: String,
    title: String,
    description: String,
    created: Option<String>,
    creators: Vec<String>,
    publisher: String,
    keywords: Vec<String>,
    language: String,
}

/// An issuer fit to name as the dataset's creator or publisher: a name of
/// two words or more (a lone `Sở` is a header block read in part).
fn is_body_name(s: &str) -> bool {
    s.split_whitespace().nth(1).is_some()
}

impl Head {
    fn of(inputs: &Inputs, p: &PackageOptions) -> Head {
        let meta = &p.meta;
        let creators: Vec<String> = match &meta.creator {
            Some(c) => c.clone(),
            None => inputs.creators.clone(),
        };
        Head {
            id: meta
                .identifier
                .clone()
                .unwrap_or_else(|| format!("kehoach-{}", &inputs.id_digest()[..16])),
            name: meta
                .name
                .clone()
                .unwrap_or_else(|| "kehoach-dataset".to_string()),
            title: meta.title.clone().unwrap_or_else(|| {
                format!(
                    "Dữ liệu có cấu trúc từ {} văn bản kế hoạch của cơ quan nhà nước",
                    inputs.docs
                )
            }),
            description: meta.description.clone().unwrap_or_else(|| {
                "Thông tin thể thức, đề mục, văn bản được viện dẫn, chỉ tiêu và nhiệm vụ trích xuất tự động \
                 từ các tệp PDF kế hoạch của cơ quan nhà nước bằng công cụ kehoach. \
                 Mỗi tệp CSV có lược đồ (Table Schema) mô tả các cột; văn bản đầy đủ ở documents.jsonl \
                 (mỗi văn bản một dòng; từng tệp ở thư mục documents/), các bảng gốc ở thư mục tables/ \
                 (danh mục ở tables.csv), lỗi và cảnh báo ở errors.csv."
                    .to_string()
            }),
            created: meta
                .created
                .as_deref()
                .and_then(normalise_datetime)
                .or_else(|| inputs.created.clone()),
            // Only one issuing body, named by every document, publishes
            // the dataset by default; else `--meta` says who does.
            publisher: meta.publisher.clone().unwrap_or_else(|| {
                let single = !(meta.creator.is_none() && inputs.issuer_gaps);
                match creators.as_slice() {
                    [one] if single => one.clone(),
                    _ => String::new(),
                }
            }),
            creators,
            keywords: meta.keywords.clone().unwrap_or_else(|| {
                [
                    "kế hoạch",
                    "văn bản hành chính",
                    "chỉ tiêu",
                    "nhiệm vụ",
                    "dữ liệu mở",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect()
            }),
            language: meta.language.clone().unwrap_or_else(|| "vi".to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The package id digests the inputs' distinct SHA-256 in order, one
    /// per line, whether they are held as bytes or (not hex) as text; the
    /// spill gives the inputs back in order.
    #[test]
    fn inputs_digest_and_spill() {
        let dir = tempfile::tempdir().unwrap();
        let src = |file: &str, sha: &str| Source {
            file: file.into(),
            sha256: sha.into(),
            bytes: 1,
        };
        let (a, b) = ("b".repeat(64), "0a".repeat(32));
        let mut inputs = Inputs::new(dir.path());
        inputs.failed(&src("x.pdf", &a)).unwrap();
        inputs.failed(&src("y.pdf", &b)).unwrap();
        inputs.failed(&src("z.pdf", &a)).unwrap();
        inputs.failed(&src("w.pdf", "")).unwrap();
        let want = |ids: &[&str]| crate::digest::sha256_hex(ids.join("\n").as_bytes());
        assert_eq!(inputs.id_digest(), want(&[&b, &a]));
        inputs.failed(&src("v.pdf", "ZZ")).unwrap();
        assert_eq!(inputs.id_digest(), want(&[&b, "ZZ", &a]));
        inputs.flush().unwrap();
        let files: Vec<String> = inputs.listed().unwrap().map(|l| l.unwrap().file).collect();
        assert_eq!(files, ["x.pdf", "y.pdf", "z.pdf", "w.pdf", "v.pdf"]);
    }

    /// The publisher by default is the one issuing body every document
    /// names; with a document whose issuer was not read (or read as a lone
    /// `Sở`), or with two bodies, there is none unless `--meta` gives it.
    #[test]
    fn the_default_publisher_is_the_one_issuer() {
        let dir = tempfile::tempdir().unwrap();
        let src = |n: u8| Source {
            file: format!("{n}.pdf"),
            sha256: format!("{n:02x}").repeat(32),
            bytes: 1,
        };
        let publisher = |issuers: &[&str], meta: Meta| {
            let mut inputs = Inputs::new(dir.path());
            for (n, i) in issuers.iter().enumerate() {
                inputs.document(&src(n as u8), i, None).unwrap();
            }
            let h = Head::of(
                &inputs,
                &PackageOptions {
                    meta,
                    ..Default::default()
                },
            );
            (h.publisher, h.creators)
        };
        let one = "SỞ TƯ PHÁP";
        assert_eq!(
            publisher(&[one, "Sở Tư pháp"], Meta::default()),
            (one.to_string(), vec![one.to_string()])
        );
        assert_eq!(
            publisher(&[one, "Sở", ""], Meta::default()),
            (String::new(), vec![one.to_string()])
        );
        assert_eq!(
            publisher(&[one, "SỞ NỘI VỤ"], Meta::default()).0,
            String::new()
        );
        let given = Meta {
            publisher: Some("UBND tỉnh Hậu Giang".into()),
            ..Meta::default()
        };
        assert_eq!(publisher(&[one, "Sở"], given).0, "UBND tỉnh Hậu Giang");
    }

    #[test]
    fn datetimes_normalise_to_utc() {
        assert_eq!(
            normalise_datetime("2024-01-01T07:00:00+07:00").as_deref(),
            Some("2024-01-01T00:00:00Z")
        );
        assert_eq!(
            normalise_datetime("2024-02-29").as_deref(),
            Some("2024-02-29T00:00:00Z")
        );
        assert_eq!(normalise_datetime("D:2024"), None);
    }
}
