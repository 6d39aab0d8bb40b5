//! `kehoach validate DIR`: checks a dataset folder before it is published.
//!
//! - every CSV of [`super::contract::TABLES`] against its Table Schema: header
//!   names and order, cell count, type of every cell, required fields,
//!   `enum`/`pattern`/`minimum`/`maximum`, Unicode NFC, primary-key uniqueness and the
//!   foreign key `doc_id` → `documents.doc_id`;
//! - every `tables/*.csv` against its row of the index `tables.csv` (path,
//!   `bytes`, `sha256`, `rows`, `header`; cells per row), and no table file
//!   left out of the index;
//! - every `documents/*.json` against `schemas/document.schema.json` (the
//!   copy built into the binary), its `doc_id` against its file name and
//!   against `documents.csv`, its SHA-256 against `json_sha256`; and
//!   `documents.jsonl`: one line per converted document in `documents.csv`
//!   order, each its JSON file without the layout whitespace;
//! - `datapackage.json`: resource names, paths that exist inside the folder,
//!   `bytes`, `hash` and `rows` equal to the files, and no data file left out.
//!
//! Problems are reported as `file:row:field: problem`; rows are counted the
//! way a spreadsheet shows them (the header is row 1). For JSON files the
//! place is a JSON pointer (`file:/structure/targets/0/value: problem`).

use super::contract::{self as package, FieldType, TableDef, TABLES};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::Path;
use unicode_normalization::is_nfc;

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path relative to the dataset folder.
    pub file: String,
    /// Spreadsheet row (header = 1), when about a row of a CSV.
    pub row: Option<u64>,
    /// Column name, JSON pointer or package property, when known.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(r) = self.row {
            write!(f, ":{r}")?;
        }
        if let Some(fl) = &self.field {
            write!(f, ":{fl}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// What `validate` found.
#[derive(Debug, Default)]
pub struct Report {
    pub problems: Vec<Problem>,
    /// Files checked.
    pub files: u64,
    /// CSV data rows checked.
    pub rows: u64,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    fn add(&mut self, file: &str, row: Option<u64>, field: Option<&str>, message: String) {
        self.problems.push(Problem {
            file: file.to_string(),
            row,
            field: field.map(str::to_string),
            message,
        });
    }
}

/// Reads a CSV file (BOM tolerated) into records; the first is the header.
fn read_csv(path: &Path) -> Result<Vec<csv::StringRecord>, String> {
    let (_, mut r) = super::csv::open(path, false).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for rec in r.records() {
        out.push(rec.map_err(|e| e.to_string())?);
    }
    Ok(out)
}

fn is_integer(v: &str) -> bool {
    let d = v.strip_prefix('-').unwrap_or(v);
    !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) && v.parse::<i64>().is_ok()
}

fn is_number(v: &str) -> bool {
    // Dot decimal, optional exponent; no thousands separators, no NaN.
    let (mant, exp) = match v.find(['e', 'E']) {
        Some(i) => (&v[..i], Some(&v[i + 1..])),
        None => (v, None),
    };
    let m = mant.strip_prefix('-').unwrap_or(mant);
    let (int, frac) = match m.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (m, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(int)
        && frac.is_none_or(digits)
        && exp.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)))
}

fn is_date(v: &str) -> bool {
    v.len() == 10
        && v.as_bytes()[4] == b'-'
        && v.as_bytes()[7] == b'-'
        && chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok()
}

/// Checks one cell against its field; `None` when it is fine.
fn check_cell(
    f: &package::Field,
    v: &str,
    patterns: &mut HashMap<&'static str, regex::Regex>,
) -> Option<String> {
    if v.is_empty() {
        return f.required.then(|| "required value is missing".to_string());
    }
    let ok = match f.ty {
        FieldType::String => true,
        FieldType::Integer => is_integer(v),
        FieldType::Number => is_number(v),
        FieldType::Date => is_date(v),
        FieldType::Boolean => v == "true" || v == "false",
        FieldType::Object => serde_json::from_str::<serde_json::Map<String, Value>>(v).is_ok(),
    };
    if !ok {
        let what = match f.ty {
            FieldType::Integer => "an integer",
            FieldType::Number => "a number (dot decimal)",
            FieldType::Date => "a date YYYY-MM-DD",
            FieldType::Boolean => "true or false",
            FieldType::Object => "a JSON object",
            FieldType::String => "a string",
        };
        return Some(format!("`{}` is not {what}", short(v)));
    }
    if !f.values.is_empty() && !f.values.contains(&v) {
        return Some(format!(
            "`{}` is not one of {}",
            short(v),
            f.values.join(", ")
        ));
    }
    if let Some(p) = f.pattern {
        let re = patterns
            .entry(p)
            .or_insert_with(|| regex::Regex::new(&format!("^(?:{p})$")).expect("schema pattern"));
        if !re.is_match(v) {
            return Some(format!("`{}` does not match {p}", short(v)));
        }
    }
    if let Some(m) = f.minimum {
        if v.parse::<f64>().is_ok_and(|n| n < m as f64) {
            return Some(format!("{v} is less than {m}"));
        }
    }
    if let Some(m) = f.maximum {
        if v.parse::<f64>().is_ok_and(|n| n > m as f64) {
            return Some(format!("{v} is more than {m}"));
        }
    }
    if f.ty == FieldType::String && !is_nfc(v) {
        return Some("text is not Unicode NFC".to_string());
    }
    None
}

fn short(v: &str) -> String {
    let mut s: String = v.chars().take(60).collect();
    if s.len() < v.len() {
        s.push('…');
    }
    s
}

/// Checks a header row against the expected names.
fn check_header(rep: &mut Report, file: &str, header: &csv::StringRecord, expected: &[&str]) {
    let found: Vec<&str> = header.iter().collect();
    if found == expected {
        return;
    }
    for (i, e) in expected.iter().enumerate() {
        match found.get(i) {
            Some(f) if f == e => {}
            Some(f) => rep.add(
                file,
                Some(1),
                Some(e),
                format!("header: column {} is `{f}`, expected `{e}`", i + 1),
            ),
            None => rep.add(
                file,
                Some(1),
                Some(e),
                format!("header: column {} `{e}` is missing", i + 1),
            ),
        }
    }
    for f in found.iter().skip(expected.len()) {
        rep.add(
            file,
            Some(1),
            Some(f),
            "header: unexpected column".to_string(),
        );
    }
}

/// Checks one of the dataset's CSVs; returns its `doc_id` values (documents.csv).
fn check_table(
    rep: &mut Report,
    dir: &Path,
    t: &TableDef,
    doc_ids: Option<&HashSet<String>>,
) -> Vec<(String, String)> {
    let file = t.path();
    let recs = match read_csv(&dir.join(&file)) {
        Ok(r) => r,
        Err(e) => {
            rep.add(&file, None, None, format!("cannot read: {e}"));
            return Vec::new();
        }
    };
    rep.files += 1;
    let Some(header) = recs.first() else {
        rep.add(&file, None, None, "empty file: no header row".to_string());
        return Vec::new();
    };
    let names = t.field_names();
    check_header(rep, &file, header, &names);
    let mut patterns = HashMap::new();
    let pk: Vec<usize> = t
        .primary_key
        .iter()
        .filter_map(|k| names.iter().position(|n| n == k))
        .collect();
    let mut keys: HashMap<Vec<String>, u64> = HashMap::new();
    let status_col = names.iter().position(|n| *n == "status");
    let mut ids = Vec::new();
    for (i, rec) in recs.iter().enumerate().skip(1) {
        let row = i as u64 + 1;
        rep.rows += 1;
        if rec.len() != names.len() {
            rep.add(
                &file,
                Some(row),
                None,
                format!("{} cells, expected {}", rec.len(), names.len()),
            );
            continue;
        }
        for (f, v) in t.fields.iter().zip(rec.iter()) {
            if let Some(m) = check_cell(f, v, &mut patterns) {
                rep.add(&file, Some(row), Some(f.name), m);
            }
        }
        if !pk.is_empty() {
            let key: Vec<String> = pk.iter().map(|&c| rec[c].to_string()).collect();
            if let Some(first) = keys.get(&key) {
                rep.add(
                    &file,
                    Some(row),
                    Some(&t.primary_key.join("+")),
                    format!(
                        "duplicate primary key ({}), first at row {first}",
                        key.join(", ")
                    ),
                );
            } else {
                keys.insert(key, row);
            }
        }
        if let (true, Some(ids)) = (t.doc_fk, doc_ids) {
            let id = &rec[0];
            if !id.is_empty() && !ids.contains(id) {
                rep.add(
                    &file,
                    Some(row),
                    Some("doc_id"),
                    format!("`{id}` is not a doc_id of documents.csv"),
                );
            }
        }
        if t.name == "documents" {
            let status = status_col.map(|c| rec[c].to_string()).unwrap_or_default();
            ids.push((rec[0].to_string(), status));
        }
    }
    ids
}

/// Validates the dataset folder `dir`.
pub fn validate_dir(dir: &Path) -> Report {
    let mut rep = Report::default();
    if !dir.is_dir() {
        rep.add(
            &dir.display().to_string(),
            None,
            None,
            "not a folder".to_string(),
        );
        return rep;
    }
    // CSVs, documents.csv first for the foreign keys.
    let docs = check_table(&mut rep, dir, &package::DOCUMENTS, None);
    let all_ids: HashSet<String> = docs.iter().map(|(id, _)| id.clone()).collect();
    let ok_ids: BTreeSet<String> = docs
        .iter()
        .filter(|(_, s)| s == "ok")
        .map(|(id, _)| id.clone())
        .collect();
    for t in TABLES.iter().filter(|t| t.name != "documents") {
        check_table(&mut rep, dir, t, Some(&all_ids));
    }
    check_documents(&mut rep, dir, &ok_ids);
    check_bundle(&mut rep, dir);
    check_table_files(&mut rep, dir);
    check_package(&mut rep, dir);
    rep
}

/// `documents.csv`'s converted rows in order: (doc_id, json_sha256).
fn converted(dir: &Path) -> Vec<(String, String)> {
    let t = &package::DOCUMENTS;
    let (Some(status), Some(hash)) = (t.column("status"), t.column("json_sha256")) else {
        return Vec::new();
    };
    read_csv(&dir.join(t.path()))
        .unwrap_or_default()
        .iter()
        .skip(1)
        .filter(|r| r.get(status) == Some("ok"))
        .map(|r| {
            (
                r.get(0).unwrap_or("").to_string(),
                r.get(hash).unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// `documents.jsonl` and `json_sha256` against the documents' JSON files.
fn check_bundle(rep: &mut Report, dir: &Path) {
    const FILE: &str = package::DOCUMENTS_JSONL;
    let docs = converted(dir);
    let bundle = match std::fs::read(dir.join(FILE)) {
        Ok(b) => b,
        Err(e) => {
            rep.add(FILE, None, None, format!("cannot read: {e}"));
            return;
        }
    };
    rep.files += 1;
    let lines: Vec<&[u8]> = bundle
        .strip_suffix(b"\n")
        .map(|b| b.split(|&c| c == b'\n').collect())
        .unwrap_or_default();
    if lines.len() != docs.len() {
        rep.add(
            FILE,
            None,
            None,
            format!(
                "{} lines, but documents.csv lists {} converted documents",
                lines.len(),
                docs.len()
            ),
        );
    }
    for (i, (id, want)) in docs.iter().enumerate() {
        let file = format!("documents/{id}.json");
        let Ok(text) = std::fs::read(dir.join(&file)) else {
            continue; // said by check_documents
        };
        let have = crate::digest::sha256_hex(&text);
        if have != *want {
            rep.add(
                &file,
                None,
                None,
                format!("its SHA-256 is {have}, documents.csv says {want}"),
            );
        }
        if lines
            .get(i)
            .is_some_and(|l| *l != super::writer::compact_json(&text).as_slice())
        {
            rep.add(
                FILE,
                Some(i as u64 + 1),
                None,
                format!("not the content of {file}"),
            );
        }
    }
}

/// The table files against their index, `tables.csv`.
fn check_table_files(rep: &mut Report, dir: &Path) {
    let t = &package::TABLE_INDEX;
    let Ok(rows) = read_csv(&dir.join(t.path())) else {
        return; // said by check_table
    };
    let col = |name: &str| t.column(name).unwrap_or(0);
    let mut listed = HashSet::new();
    for (i, r) in rows.iter().enumerate().skip(1) {
        let at = Some(i as u64 + 1);
        let get = |name: &str| r.get(col(name)).unwrap_or("");
        let path = get("path");
        let want = format!("tables/{}-{}.csv", get("doc_id"), get("table_no"));
        if path != want {
            rep.add(
                t.path().as_str(),
                at,
                Some("path"),
                format!("`{path}` is not the table's file name ({want})"),
            );
            continue;
        }
        listed.insert(path.to_string());
        let full = dir.join(path);
        let Some((bytes, hash)) = digest_listed(rep, &full, path, "tables.csv") else {
            continue;
        };
        let mut differs = |field: &str, have: String| {
            if get(field) != have {
                rep.add(
                    &t.path(),
                    at,
                    Some(field),
                    format!("{path} has {field} {have}, tables.csv says {}", get(field)),
                );
            }
        };
        differs("bytes", bytes.to_string());
        differs("sha256", hash);
        if let Ok(n) = super::csv::csv_rows(&full) {
            differs("rows", n.to_string());
        }
        let header: Vec<String> =
            serde_json::from_str(crate::sheet_safe::original(get("header"))).unwrap_or_default();
        let fields: Vec<&str> = header.iter().map(String::as_str).collect();
        check_plain_table(rep, dir, path, &fields);
    }
    for n in list(&dir.join("tables"), ".csv") {
        let p = format!("tables/{n}");
        if !listed.contains(&p) {
            rep.add(&p, None, None, "not listed in tables.csv".to_string());
        }
    }
}

fn check_documents(rep: &mut Report, dir: &Path, ok_ids: &BTreeSet<String>) {
    let schema: Value = match serde_json::from_str(package::DOCUMENT_SCHEMA) {
        Ok(v) => v,
        Err(e) => {
            rep.add("schemas/document.schema.json", None, None, e.to_string());
            return;
        }
    };
    let validator = match jsonschema::draft202012::new(&schema) {
        Ok(v) => v,
        Err(e) => {
            rep.add("schemas/document.schema.json", None, None, e.to_string());
            return;
        }
    };
    let mut seen = BTreeSet::new();
    for name in list(&dir.join("documents"), ".json") {
        let file = format!("documents/{name}");
        rep.files += 1;
        let stem = name.trim_end_matches(".json").to_string();
        let v: Value = match std::fs::read(dir.join(&file))
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
        {
            Ok(v) => v,
            Err(e) => {
                rep.add(&file, None, None, format!("not JSON: {e}"));
                continue;
            }
        };
        for e in validator.iter_errors(&v) {
            let at = e.instance_path().to_string();
            let at = if at.is_empty() { "/".to_string() } else { at };
            rep.add(&file, None, Some(&at), e.to_string());
        }
        match v.get("doc_id").and_then(Value::as_str) {
            Some(id) if id != stem => rep.add(
                &file,
                None,
                Some("/doc_id"),
                format!("`{id}` does not match the file name"),
            ),
            _ => {}
        }
        if !ok_ids.contains(&stem) {
            rep.add(
                &file,
                None,
                None,
                "no documents.csv row with this doc_id and status ok".to_string(),
            );
        }
        seen.insert(stem);
    }
    for id in ok_ids.difference(&seen) {
        rep.add(
            &format!("documents/{id}.json"),
            None,
            None,
            "missing: documents.csv says this document was converted".to_string(),
        );
    }
}

/// Size and SHA-256 of the file `full` that `listing` lists as `path`; a
/// problem when it cannot be read.
fn digest_listed(
    rep: &mut Report,
    full: &Path,
    path: &str,
    listing: &str,
) -> Option<(u64, String)> {
    match super::fs::file_digest(full) {
        Ok(x) => Some(x),
        Err(e) => {
            rep.add(
                path,
                None,
                None,
                format!("listed in {listing} but cannot be read: {e}"),
            );
            None
        }
    }
}

/// File names in `dir` ending with `ext`, sorted (temporary files excluded).
fn list(dir: &Path, ext: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(ext) && !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn check_package(rep: &mut Report, dir: &Path) {
    const FILE: &str = "datapackage.json";
    let pkg: Value = match std::fs::read(dir.join(FILE))
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            rep.add(FILE, None, None, format!("cannot read: {e}"));
            return;
        }
    };
    rep.files += 1;
    if let Some(n) = pkg.get("name").and_then(Value::as_str) {
        if !package::is_resource_name(n) {
            rep.add(
                FILE,
                None,
                Some("name"),
                format!("`{n}` must match {}", package::NAME_PATTERN),
            );
        }
    }
    for key in ["name", "title", "licenses", "resources"] {
        if pkg.get(key).is_none() {
            rep.add(FILE, None, Some(key), "missing".to_string());
        }
    }
    let Some(resources) = pkg.get("resources").and_then(Value::as_array) else {
        rep.add(FILE, None, Some("resources"), "not an array".to_string());
        return;
    };
    let mut names = HashSet::new();
    let mut paths = HashSet::new();
    for (i, r) in resources.iter().enumerate() {
        let at = format!("resources/{i}");
        let name = r.get("name").and_then(Value::as_str).unwrap_or("");
        if !package::is_resource_name(name) {
            rep.add(
                FILE,
                None,
                Some(&format!("{at}/name")),
                format!("`{name}` must match {}", package::NAME_PATTERN),
            );
        }
        if !names.insert(name.to_string()) {
            rep.add(
                FILE,
                None,
                Some(&format!("{at}/name")),
                format!("duplicate resource name `{name}`"),
            );
        }
        let Some(path) = r.get("path").and_then(Value::as_str) else {
            rep.add(
                FILE,
                None,
                Some(&format!("{at}/path")),
                "missing".to_string(),
            );
            continue;
        };
        let safe = !path.is_empty()
            && !path.starts_with('/')
            && !path.contains('\\')
            && path
                .split('/')
                .all(|c| !c.is_empty() && c != "." && c != "..");
        if !safe {
            rep.add(
                FILE,
                None,
                Some(&format!("{at}/path")),
                format!("`{path}` must be a relative path inside the folder"),
            );
            continue;
        }
        paths.insert(path.to_string());
        let full = dir.join(path);
        let Some((bytes, hash)) = digest_listed(rep, &full, path, FILE) else {
            continue;
        };
        if r.get("bytes").and_then(Value::as_u64) != Some(bytes) {
            rep.add(
                FILE,
                None,
                Some(&format!("{at}/bytes")),
                format!(
                    "{path} has {bytes} bytes, the package says {}",
                    r.get("bytes").unwrap_or(&Value::Null)
                ),
            );
        }
        let want = format!("sha256:{hash}");
        if r.get("hash").and_then(Value::as_str) != Some(want.as_str()) {
            rep.add(
                FILE,
                None,
                Some(&format!("{at}/hash")),
                format!(
                    "{path} has hash {want}, the package says {}",
                    r.get("hash").unwrap_or(&Value::Null)
                ),
            );
        }
        if r.get("format").and_then(Value::as_str) == Some("csv") {
            match super::csv::csv_rows(&full) {
                Ok(n) if r.get("rows").and_then(Value::as_u64) != Some(n) => rep.add(
                    FILE,
                    None,
                    Some(&format!("{at}/rows")),
                    format!(
                        "{path} has {n} rows, the package says {}",
                        r.get("rows").unwrap_or(&Value::Null)
                    ),
                ),
                Ok(_) => {}
                Err(e) => rep.add(path, None, None, format!("cannot read: {e}")),
            }
            let fields: Vec<&str> = r
                .pointer("/schema/fields")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|f| f.get("name").and_then(Value::as_str).unwrap_or(""))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(t) = package::table(name).filter(|t| t.path() == path) {
                if fields != t.field_names() {
                    rep.add(
                        FILE,
                        None,
                        Some(&format!("{at}/schema")),
                        format!("the schema of {name} is not the one of this kehoach version"),
                    );
                }
            }
        }
    }
    // Data files the package does not describe.
    let mut on_disk: Vec<String> = TABLES.iter().map(|t| t.path()).collect();
    on_disk.push(package::DOCUMENTS_JSONL.to_string());
    if dir.join("dataset.xlsx").exists() {
        on_disk.push("dataset.xlsx".to_string());
    }
    for p in on_disk {
        if dir.join(&p).exists() && !paths.contains(&p) {
            rep.add(
                &p,
                None,
                None,
                "not described in datapackage.json".to_string(),
            );
        }
    }
}

/// A `tables/*.csv`: header as its resource schema says, same width rows.
fn check_plain_table(rep: &mut Report, dir: &Path, path: &str, fields: &[&str]) {
    let recs = match read_csv(&dir.join(path)) {
        Ok(r) => r,
        Err(e) => {
            rep.add(path, None, None, format!("cannot read: {e}"));
            return;
        }
    };
    rep.files += 1;
    let Some(header) = recs.first() else {
        rep.add(path, None, None, "empty file: no header row".to_string());
        return;
    };
    check_header(rep, path, header, fields);
    for (i, rec) in recs.iter().enumerate().skip(1) {
        rep.rows += 1;
        if rec.len() != fields.len() {
            rep.add(
                path,
                Some(i as u64 + 1),
                None,
                format!("{} cells, expected {}", rec.len(), fields.len()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates() {
        for ok in ["0", "12", "-3", "1.5", "1e6", "2.5E-3"] {
            assert!(is_number(ok), "{ok}");
        }
        for bad in ["", "1,5", "1.", ".5", "NaN", "1 000", "abc"] {
            assert!(!is_number(bad), "{bad}");
        }
        assert!(is_integer("-12") && !is_integer("1.0") && !is_integer("+1"));
        assert!(is_date("2024-02-29") && !is_date("2023-02-29") && !is_date("2024-2-9"));
    }

    /// `confidence` of tasks.csv: empty or a number from 0 to 1.
    #[test]
    fn confidence_is_between_0_and_1() {
        let f = package::TASKS
            .fields
            .iter()
            .find(|f| f.name == "confidence")
            .expect("a confidence column");
        let mut patterns = HashMap::new();
        for ok in ["", "0", "0.532", "1"] {
            assert_eq!(check_cell(f, ok, &mut patterns), None, "{ok}");
        }
        assert_eq!(
            check_cell(f, "1.2", &mut patterns).as_deref(),
            Some("1.2 is more than 1")
        );
        assert_eq!(
            check_cell(f, "-0.1", &mut patterns).as_deref(),
            Some("-0.1 is less than 0")
        );
        assert!(check_cell(f, "0,9", &mut patterns).is_some());
    }

    #[test]
    fn problem_format() {
        let p = Problem {
            file: "targets.csv".into(),
            row: Some(3),
            field: Some("value".into()),
            message: "`x` is not a number".into(),
        };
        assert_eq!(p.to_string(), "targets.csv:3:value: `x` is not a number");
    }
}
