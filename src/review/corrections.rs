//! A reviewer's corrections (`corrections.csv`) applied to converted documents.
//!
//! The file has the columns `doc_id, row_id, field, extracted, corrected,
//! reviewer_note` (any order, header first; a UTF-8 BOM and CRLF, as Excel
//! writes them, are fine). Each line corrects one cell of one task row, or,
//! with `field` = `row`, records a verdict on the whole row (`corrected` is
//! `correct` or `wrong`, `extracted` the row's `name` when it was reviewed).
//!
//! A correction is applied to a row only when the document hash (`doc_id`),
//! the `row_id` and the `extracted` value all still match: a re-extraction by
//! a newer kehoach that reads the row the same way keeps the correction, and
//! one whose row changed gets a `stale_correction` warning instead. Nothing
//! is ever applied to another row or another document.

use crate::pipeline::{Amend, Document, Issue};
use crate::tasks::Task;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The columns of `corrections.csv`, in the order the report exports them.
pub const COLUMNS: [&str; 6] = [
    "doc_id",
    "row_id",
    "field",
    "extracted",
    "corrected",
    "reviewer_note",
];

/// Why a corrections file cannot be used. Lines are 1-based and count the
/// header; columns are named.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionsError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: line {line}: not valid CSV: {message}")]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{path}: line 1: the header has no column `{column}` (expected {expected})")]
    MissingColumn {
        path: PathBuf,
        column: &'static str,
        expected: String,
    },
    #[error("{path}: line {line}, column `{column}`: {problem}")]
    Value {
        path: PathBuf,
        line: u64,
        column: &'static str,
        problem: String,
    },
    #[error(
        "{path}: line {line}: corrects the same cell as line {first} ({doc_id} {row_id} {field})"
    )]
    Duplicate {
        path: PathBuf,
        line: u64,
        first: u64,
        doc_id: String,
        row_id: String,
        field: &'static str,
    },
}

/// A correctable field of a task row, or the whole row (a verdict).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Group,
    Stt,
    Name,
    Lead,
    Partners,
    Timeframe,
    Start,
    End,
    Recurrence,
    /// A verdict on the whole row (`correct` / `wrong`).
    Row,
}

impl Field {
    pub const ALL: [Field; 10] = [
        Field::Group,
        Field::Stt,
        Field::Name,
        Field::Lead,
        Field::Partners,
        Field::Timeframe,
        Field::Start,
        Field::End,
        Field::Recurrence,
        Field::Row,
    ];

    /// The name used in `corrections.csv` (the `tasks.csv` column).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Group => "group",
            Field::Stt => "stt",
            Field::Name => "name",
            Field::Lead => "lead",
            Field::Partners => "partners",
            Field::Timeframe => "timeframe",
            Field::Start => "start",
            Field::End => "end",
            Field::Recurrence => "recurrence",
            Field::Row => "row",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The task's current value of this field (a verdict compares the name).
    pub fn get(self, t: &Task) -> &str {
        match self {
            Field::Group => &t.group,
            Field::Stt => &t.stt,
            Field::Name | Field::Row => &t.name,
            Field::Lead => &t.lead,
            Field::Partners => &t.partners,
            Field::Timeframe => &t.timeframe,
            Field::Start => &t.start,
            Field::End => &t.end,
            Field::Recurrence => &t.recurrence,
        }
    }

    fn slot(self, t: &mut Task) -> Option<&mut String> {
        Some(match self {
            Field::Group => &mut t.group,
            Field::Stt => &mut t.stt,
            Field::Name => &mut t.name,
            Field::Lead => &mut t.lead,
            Field::Partners => &mut t.partners,
            Field::Timeframe => &mut t.timeframe,
            Field::Start => &mut t.start,
            Field::End => &mut t.end,
            Field::Recurrence => &mut t.recurrence,
            Field::Row => return None,
        })
    }
}

/// A reviewer's verdict on a whole row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Correct,
    Wrong,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Correct => "correct",
            Verdict::Wrong => "wrong",
        }
    }
}

/// What a line of the file asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Replace the cell's value.
    Set(String),
    /// Record a verdict on the row.
    Verdict(Verdict),
}

/// One line of `corrections.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    pub doc_id: String,
    pub row_id: String,
    pub field: Field,
    /// The value the reviewer saw; must still be the row's value.
    pub extracted: String,
    pub change: Change,
    pub note: String,
}

/// The kinds of the issues (`errors.csv` rows, stage `review`) that
/// applying corrections adds to a document: `Corrected`, `ReviewedCorrect`,
/// `ReviewedWrong`, `StaleCorrection`.
pub use crate::issue_kind::IssueKind;

/// The stage name of the issues added by [`apply_corrections`].
pub const STAGE: &str = "review";

/// A parsed corrections file, by document.
#[derive(Debug, Clone, Default)]
pub struct Corrections {
    by_doc: BTreeMap<String, Vec<Correction>>,
    path: String,
}

impl Corrections {
    /// Reads and checks `path`.
    pub fn load(path: &Path) -> Result<Corrections, CorrectionsError> {
        let bytes = std::fs::read(path).map_err(|source| CorrectionsError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Corrections::parse(&bytes, path)
    }

    /// Parses the bytes of a corrections file (`path` names it in errors).
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Corrections, CorrectionsError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let p = || path.to_path_buf();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(bytes);
        // The 1-based line where the record at `byte` starts: csv gives the
        // end of the record before it (blank lines and the terminator are
        // skipped here), and its own line count lags behind.
        let line_at = |byte: u64| {
            let mut at = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
            while bytes.get(at).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                at += 1;
            }
            bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1
        };
        let csv_err = |e: csv::Error| CorrectionsError::Csv {
            path: p(),
            line: e.position().map(|pos| line_at(pos.byte())).unwrap_or(1),
            message: e.to_string(),
        };
        let header = rdr.headers().map_err(csv_err)?.clone();
        let mut at = [0usize; 6];
        for (k, col) in COLUMNS.iter().enumerate() {
            at[k] = header
                .iter()
                .position(|h| h.trim() == *col)
                .ok_or_else(|| CorrectionsError::MissingColumn {
                    path: p(),
                    column: col,
                    expected: COLUMNS.join(","),
                })?;
        }
        let mut by_doc: BTreeMap<String, Vec<Correction>> = BTreeMap::new();
        let mut seen: BTreeMap<(String, String, Field), u64> = BTreeMap::new();
        for rec in rdr.records() {
            let rec = rec.map_err(csv_err)?;
            let line = rec.position().map(|pos| line_at(pos.byte())).unwrap_or(0);
            let get = |k: usize| rec.get(at[k]).unwrap_or("");
            let bad = |column: &'static str, problem: String| CorrectionsError::Value {
                path: p(),
                line,
                column,
                problem,
            };
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let doc_id = get(0).trim();
            if doc_id.len() != 16 || !doc_id.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad(
                    "doc_id",
                    format!("`{doc_id}` is not a document id (16 hex digits)"),
                ));
            }
            let doc_id = doc_id.to_ascii_lowercase();
            let row_id = get(1).trim().to_string();
            if row_id.is_empty() {
                return Err(bad("row_id", "empty".into()));
            }
            let field_text = get(2).trim();
            let field = Field::parse(field_text).ok_or_else(|| {
                let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
                bad(
                    "field",
                    format!("`{field_text}` is not one of {}", names.join(", ")),
                )
            })?;
            let corrected = get(4);
            let change = if field == Field::Row {
                match corrected.trim() {
                    "correct" => Change::Verdict(Verdict::Correct),
                    "wrong" => Change::Verdict(Verdict::Wrong),
                    other => {
                        return Err(bad(
                            "corrected",
                            format!("a row verdict is `correct` or `wrong`, not `{other}`"),
                        ))
                    }
                }
            } else {
                Change::Set(corrected.to_string())
            };
            let key = (doc_id.clone(), row_id.clone(), field);
            if let Some(&first) = seen.get(&key) {
                return Err(CorrectionsError::Duplicate {
                    path: p(),
                    line,
                    first,
                    doc_id,
                    row_id,
                    field: field.as_str(),
                });
            }
            seen.insert(key, line);
            by_doc.entry(doc_id.clone()).or_default().push(Correction {
                line,
                doc_id,
                row_id,
                field,
                extracted: get(3).to_string(),
                change,
                note: get(5).to_string(),
            });
        }
        Ok(Corrections {
            by_doc,
            path: path.display().to_string(),
        })
    }

    /// Whether any line names document `doc_id`.
    pub fn names(&self, doc_id: &str) -> bool {
        self.by_doc.contains_key(doc_id)
    }

    /// The documents named, in order.
    pub fn doc_ids(&self) -> impl Iterator<Item = &str> {
        self.by_doc.keys().map(String::as_str)
    }

    /// The corrections of one document, in file order.
    pub fn of(&self, doc_id: &str) -> &[Correction] {
        self.by_doc.get(doc_id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// How many lines in all.
    pub fn len(&self) -> usize {
        self.by_doc.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.by_doc.is_empty()
    }

    /// The lines naming documents not in `seen` (not converted in this run).
    pub fn unmatched_documents<'a>(&'a self, seen: &BTreeSet<String>) -> Vec<&'a Correction> {
        self.by_doc
            .iter()
            .filter(|(d, _)| !seen.contains(*d))
            .flat_map(|(_, v)| v.iter())
            .collect()
    }
}

/// The stable id of task `i` of `tasks` inside its document:
/// `<table_no>-<k>`, `k` the 1-based place of the task among the tasks of
/// its table (`"1-7"`: table 1, seventh task row).
pub fn row_id(tasks: &[Task], i: usize) -> String {
    let Some(t) = tasks.get(i) else {
        return String::new();
    };
    let k = tasks[..i]
        .iter()
        .filter(|o| o.table_no == t.table_no)
        .count()
        + 1;
    format!("{}-{k}", t.table_no)
}

/// Every task's [`row_id`], in order.
pub fn row_ids(tasks: &[Task]) -> Vec<String> {
    let mut per_table: BTreeMap<u32, usize> = BTreeMap::new();
    tasks
        .iter()
        .map(|t| {
            let k = per_table.entry(t.table_no).or_insert(0);
            *k += 1;
            // the tables stage's own id; counted per table only for rows
            // made without one
            if t.row_id.is_empty() {
                format!("{}-{k}", t.table_no)
            } else {
                t.row_id.clone()
            }
        })
        .collect()
}

/// Applies the corrections of `doc` (by its `doc_id`) to its task rows and
/// returns the issues to add to its warnings: one per applied correction or
/// verdict (with the original value), one `stale_correction` per line whose
/// row is gone or whose `extracted` value is no longer the row's value.
pub fn apply_corrections(doc: &mut Document, corrections: &Corrections) -> Vec<Issue> {
    corrections.amend(doc)
}

impl Amend for Corrections {
    fn amend(&self, doc: &mut Document) -> Vec<Issue> {
        apply(doc, self)
    }
}

fn apply(doc: &mut Document, corrections: &Corrections) -> Vec<Issue> {
    let list = corrections.of(&doc.doc_id);
    if list.is_empty() {
        return Vec::new();
    }
    let ids = row_ids(&doc.tasks);
    let by_id: BTreeMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut issues = Vec::new();
    let src = &corrections.path;
    for c in list {
        let issue = |kind: IssueKind, message: String, page: Option<u32>| Issue {
            stage: crate::pipeline::Stage::Review,
            kind,
            message,
            page,
        };
        let Some(&i) = by_id.get(c.row_id.as_str()) else {
            issues.push(issue(
                IssueKind::StaleCorrection,
                format!(
                    "{src} line {}: row {} is no longer in the document; {} not applied",
                    c.line,
                    c.row_id,
                    c.field.as_str()
                ),
                None,
            ));
            continue;
        };
        let task = &mut doc.tasks[i];
        let page = Some(task.page);
        let current = c.field.get(task);
        if current != c.extracted {
            issues.push(issue(
                IssueKind::StaleCorrection,
                format!(
                    "{src} line {}: row {} {} is now `{}`, not `{}` as reviewed; not applied",
                    c.line,
                    c.row_id,
                    c.field.as_str(),
                    current,
                    c.extracted
                ),
                page,
            ));
            continue;
        }
        let note = if c.note.is_empty() {
            String::new()
        } else {
            format!(" ({})", c.note)
        };
        match &c.change {
            Change::Verdict(v) => {
                let kind = match v {
                    Verdict::Correct => IssueKind::ReviewedCorrect,
                    Verdict::Wrong => IssueKind::ReviewedWrong,
                };
                issues.push(issue(
                    kind,
                    format!("row {} marked {} by a reviewer{note}", c.row_id, v.as_str()),
                    page,
                ));
            }
            Change::Set(value) => {
                if let Some(slot) = c.field.slot(task) {
                    let original = std::mem::replace(slot, value.clone());
                    if !task.flags.contains(&crate::tasks::RowFlag::Corrected) {
                        task.flags.push(crate::tasks::RowFlag::Corrected);
                    }
                    issues.push(issue(
                        IssueKind::Corrected,
                        format!(
                            "row {} {} corrected: `{original}` -> `{value}`{note}",
                            c.row_id,
                            c.field.as_str()
                        ),
                        page,
                    ));
                }
            }
        }
    }
    issues
}

/// The `(row_id, field)` of a `corrected` issue's message, as
/// [`apply_corrections`] writes it (`row 1-7 lead corrected: ...`).
pub fn parse_corrected_message(message: &str) -> Option<(String, String)> {
    let rest = message.strip_prefix("row ")?;
    let (head, _) = rest.split_once(" corrected: ")?;
    let (row, field) = head.split_once(' ')?;
    Field::parse(field)?;
    Some((row.to_string(), field.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(table_no: u32, name: &str) -> Task {
        Task {
            table_no,
            table_title: String::new(),
            group: String::new(),
            stt: String::new(),
            name: name.into(),
            lead: "Sở TT&TT".into(),
            partners: String::new(),
            timeframe: String::new(),
            start: String::new(),
            end: String::new(),
            recurrence: String::new(),
            page: 3,
            extra: serde_json::Map::new(),
            row_id: String::new(),
            bbox: None,
            cells: Default::default(),
            table_kind: crate::tasks::TableKind::Task,
            flags: Vec::new(),
            confidence: None,
            lead_canonical: String::new(),
            partners_canonical: String::new(),
        }
    }

    fn parse(s: &str) -> Result<Corrections, CorrectionsError> {
        Corrections::parse(s.as_bytes(), Path::new("c.csv"))
    }

    #[test]
    fn row_ids_count_per_table() {
        let t = vec![task(1, "a"), task(1, "b"), task(2, "c"), task(1, "d")];
        assert_eq!(row_ids(&t), ["1-1", "1-2", "2-1", "1-3"]);
        assert_eq!(row_id(&t, 3), "1-3");
        assert_eq!(row_id(&t, 2), "2-1");
        assert_eq!(row_id(&t, 9), "");
    }

    #[test]
    fn parses_bom_crlf_and_any_column_order() {
        let c = parse(
            "\u{feff}row_id,doc_id,field,extracted,corrected,reviewer_note\r\n\
             1-2,00AA11bb22cc33dd,lead,Sở TT&TT,Sở Thông tin và Truyền thông,viết tắt\r\n\
             \r\n\
             1-3,00aa11bb22cc33dd,row,x,wrong,\r\n",
        )
        .unwrap();
        assert_eq!(c.len(), 2);
        let l = c.of("00aa11bb22cc33dd");
        assert_eq!(l[0].line, 2);
        assert_eq!(l[0].field, Field::Lead);
        assert_eq!(
            l[0].change,
            Change::Set("Sở Thông tin và Truyền thông".into())
        );
        assert_eq!(l[0].note, "viết tắt");
        assert_eq!(l[1].line, 4);
        assert_eq!(l[1].change, Change::Verdict(Verdict::Wrong));
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let h = "doc_id,row_id,field,extracted,corrected,reviewer_note\n";
        let e = parse(&format!(
            "{h}00aa11bb22cc33dd,1-1,name,a,b,\nxyz,1-1,name,a,b,\n"
        ))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.csv: line 3, column `doc_id`: `xyz` is not a document id (16 hex digits)"
        );
        let e = parse(&format!("{h}00aa11bb22cc33dd,1-1,owner,a,b,\n")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("c.csv: line 2, column `field`: `owner` is not one of group, stt,"),
            "{e}"
        );
        let e = parse(&format!("{h}00aa11bb22cc33dd,,name,a,b,\n")).unwrap_err();
        assert_eq!(e.to_string(), "c.csv: line 2, column `row_id`: empty");
        let e = parse(&format!("{h}00aa11bb22cc33dd,1-1,row,a,maybe,\n")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.csv: line 2, column `corrected`: a row verdict is `correct` or `wrong`, not `maybe`"
        );
        let e = parse("doc_id,row_id,field,extracted,corrected\n").unwrap_err();
        assert!(matches!(
            e,
            CorrectionsError::MissingColumn {
                column: "reviewer_note",
                ..
            }
        ));
        let e = parse(&format!(
            "{h}00aa11bb22cc33dd,1-1,name,a,b,\n00aa11bb22cc33dd,1-1,name,a,c,\n"
        ))
        .unwrap_err();
        assert!(
            matches!(
                e,
                CorrectionsError::Duplicate {
                    line: 3,
                    first: 2,
                    ..
                }
            ),
            "{e}"
        );
        let e = parse(&format!("{h}00aa11bb22cc33dd,1-1,name\n")).unwrap_err();
        assert!(matches!(e, CorrectionsError::Csv { line: 2, .. }), "{e:?}");
    }

    fn doc(tasks: Vec<Task>) -> Document {
        let src = crate::pipeline::Source {
            file: "x.pdf".into(),
            sha256: "00aa11bb22cc33dd".repeat(4),
            bytes: 1,
        };
        let pdf = include_bytes!("../../fixtures/pdf/seed-000.pdf");
        let mut d = crate::pipeline::convert_bytes(
            "x.pdf",
            pdf,
            &crate::pipeline::Options::with_ocr(crate::pipeline::OcrMode::Never),
        )
        .unwrap();
        d.doc_id = "00aa11bb22cc33dd".into();
        d.source = src;
        d.tasks = tasks;
        d
    }

    #[test]
    fn applies_matching_rows_only_and_reports_stale_ones() {
        let mut d = doc(vec![task(1, "Tuyên truyền"), task(1, "Đào tạo")]);
        let c = parse(
            "doc_id,row_id,field,extracted,corrected,reviewer_note\n\
             00aa11bb22cc33dd,1-2,lead,Sở TT&TT,Sở Thông tin và Truyền thông,\n\
             00aa11bb22cc33dd,1-1,name,Tuyên truyền cũ,Mới,\n\
             00aa11bb22cc33dd,1-9,name,x,y,\n\
             00aa11bb22cc33dd,1-1,row,Tuyên truyền,correct,ok\n\
             ffaa11bb22cc33dd,1-1,name,Tuyên truyền,Khác,\n",
        )
        .unwrap();
        let issues = apply_corrections(&mut d, &c);
        assert_eq!(d.tasks[1].lead, "Sở Thông tin và Truyền thông");
        assert_eq!(d.tasks[0].name, "Tuyên truyền");
        assert_eq!(d.tasks[0].lead, "Sở TT&TT");
        let kinds: Vec<&str> = issues.iter().map(|i| i.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "corrected",
                "stale_correction",
                "stale_correction",
                "reviewed_correct"
            ]
        );
        assert_eq!(
            issues[0].message,
            "row 1-2 lead corrected: `Sở TT&TT` -> `Sở Thông tin và Truyền thông`"
        );
        assert_eq!(
            issues[1].message,
            "c.csv line 3: row 1-1 name is now `Tuyên truyền`, not `Tuyên truyền cũ` as reviewed; not applied"
        );
        assert_eq!(
            issues[2].message,
            "c.csv line 4: row 1-9 is no longer in the document; name not applied"
        );
        assert!(issues
            .iter()
            .all(|i| i.stage == crate::pipeline::Stage::Review));
        assert_eq!(
            parse_corrected_message(&issues[0].message),
            Some(("1-2".to_string(), "lead".to_string()))
        );
        assert_eq!(parse_corrected_message(&issues[1].message), None);
        let seen: BTreeSet<String> = ["00aa11bb22cc33dd".to_string()].into();
        let other = c.unmatched_documents(&seen);
        assert_eq!(other.len(), 1);
        assert_eq!(other[0].line, 6);
    }
}
