//! Acceptance tests of the tables stage: appendix tables → `DocTable` → `Task`
//! rows, checked cell by cell against expectations written from the sources
//! the PDFs were typeset from (`fixtures/expected/*.table.json`).

mod common;
use common::*;
use kehoach::layout::table::Role;
use kehoach::tasks::{DocTable, Task};

/// The document's table with the expected header (exactly one).
fn the_table<'a>(doc: &'a kehoach::pipeline::Document, header: &[String]) -> &'a DocTable {
    let found: Vec<&DocTable> = doc.tables.iter().filter(|t| t.header == header).collect();
    assert_eq!(
        found.len(),
        1,
        "tables with header {header:?}: {:?}",
        doc.tables
            .iter()
            .map(|t| (&t.header, t.rows.len(), &t.pages))
            .collect::<Vec<_>>()
    );
    found[0]
}

/// Agencies as `Task` keeps them: bullet items joined by `; `.
fn agencies(cell: &str) -> String {
    if !cell.contains('\n') {
        return cell.to_string();
    }
    cell.split('\n')
        .map(|l| {
            l.trim_start_matches(['-', '+', '•'])
                .trim()
                .trim_end_matches([';', ','])
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Checks one fixture table; returns (cells right, cells expected) and the
/// list of mismatches.
fn check(pdf: &str, stem: &str, roles: &[Role]) -> (usize, usize, Vec<String>) {
    let want = expected_table(stem);
    let doc = convert(&root().join("fixtures/pdf").join(pdf));
    let t = the_table(&doc, &want.header);
    let mut bad = Vec::new();
    if t.title != want.title {
        bad.push(format!("title: {:?} != {:?}", t.title, want.title));
    }
    if t.caption != want.caption {
        bad.push(format!("caption: {:?} != {:?}", t.caption, want.caption));
    }
    if t.roles != roles {
        bad.push(format!("roles: {:?} != {roles:?}", t.roles));
    }
    let stt_col = roles.iter().position(|r| *r == Role::Stt).unwrap();

    // Rows of the table as found: the expected data rows and group rows, in
    // document order, and nothing else.
    let tasks: Vec<&Task> = doc
        .tasks
        .iter()
        .filter(|k| k.table_no == t.table_no)
        .collect();
    let mut data = Vec::new();
    let mut groups = Vec::new();
    let mut ti = 0;
    for row in &t.rows {
        let stt = &row.cells[stt_col];
        if ti < tasks.len() && tasks[ti].stt == *stt {
            data.push(row);
            ti += 1;
        } else {
            let name: Vec<&str> = row
                .cells
                .iter()
                .enumerate()
                .filter(|(c, v)| *c != stt_col && !v.is_empty())
                .map(|(_, v)| v.as_str())
                .collect();
            groups.push((stt.trim_end_matches('.').to_string(), name.join(" ")));
        }
    }
    if groups != want.groups {
        bad.push(format!(
            "group rows: {groups:?}\n   expected {:?}",
            want.groups
        ));
    }
    if tasks.len() != want.rows.len() || data.len() != want.rows.len() {
        bad.push(format!(
            "data rows: {} tasks, {} table rows; expected {}",
            tasks.len(),
            data.len(),
            want.rows.len()
        ));
    }
    let (mut right, mut total) = (0, 0);
    for (i, (group, cells)) in want.rows.iter().enumerate() {
        total += cells.len();
        let Some(row) = data.get(i) else {
            bad.push(format!("row {} missing", cells[stt_col]));
            continue;
        };
        for (c, w) in cells.iter().enumerate() {
            let got = row.cells.get(c).map_or("", |s| s.as_str());
            if got == w {
                right += 1;
            } else {
                bad.push(format!(
                    "row {} col {c}:\n   got      {got:?}\n   expected {w:?}",
                    cells[stt_col]
                ));
            }
        }
        // The task made from the row.
        let task = tasks[i];
        if task.group != *group {
            bad.push(format!(
                "row {} group: {:?} != {group:?}",
                cells[stt_col], task.group
            ));
        }
        let by_role = |role: Role| {
            roles
                .iter()
                .position(|r| *r == role)
                .map_or(String::new(), |c| cells[c].clone())
        };
        let fields = [
            ("stt", task.stt.clone(), by_role(Role::Stt)),
            ("name", task.name.clone(), by_role(Role::Name)),
            ("lead", task.lead.clone(), agencies(&by_role(Role::Lead))),
            (
                "partners",
                task.partners.clone(),
                agencies(&by_role(Role::Partners)),
            ),
            (
                "timeframe",
                task.timeframe.clone(),
                by_role(Role::Timeframe),
            ),
        ];
        for (f, got, w) in fields {
            if got != w {
                bad.push(format!("task {} {f}: {got:?} != {w:?}", cells[stt_col]));
            }
        }
        for (c, r) in roles.iter().enumerate() {
            if *r == Role::Other {
                let got = task.extra.get(&want.header[c]).and_then(|v| v.as_str());
                if got != Some(cells[c].as_str()) {
                    bad.push(format!(
                        "task {} extra[{:?}]: {got:?}",
                        cells[stt_col], want.header[c]
                    ));
                }
            }
        }
        if task.extra.len() != roles.iter().filter(|r| **r == Role::Other).count() {
            bad.push(format!(
                "task {} extra keys: {:?}",
                cells[stt_col],
                task.extra.keys().collect::<Vec<_>>()
            ));
        }
    }
    eprintln!("{pdf}: cells right {right}/{total}");
    (right, total, bad)
}

fn assert_table(pdf: &str, stem: &str, roles: &[Role]) {
    let (right, total, bad) = check(pdf, stem, roles);
    assert!(
        bad.is_empty() && right == total,
        "{pdf}: cells right {right}/{total}; {} problems:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

const TASK_ROLES: [Role; 5] = [
    Role::Stt,
    Role::Name,
    Role::Lead,
    Role::Partners,
    Role::Timeframe,
];

#[test]
fn tasks_2024_bordered() {
    assert_table("tasks-2024.pdf", "tasks-2024", &TASK_ROLES);
}

#[test]
fn tasks_2024_borderless() {
    assert_table(
        "tasks-2024-borderless.pdf",
        "tasks-2024-borderless",
        &TASK_ROLES,
    );
}

#[test]
fn tasks_2024_second_producer() {
    assert_table(
        "tasks-2024-reportlab.pdf",
        "tasks-2024-reportlab",
        &TASK_ROLES,
    );
}

#[test]
fn seed_004_appendix() {
    assert_table(
        "seed-004.pdf",
        "seed-004",
        &[Role::Stt, Role::Name, Role::Other, Role::Other, Role::Lead],
    );
}

/// Rows split by a page break are one row, on the page where they start
/// (`fixtures/README.md` lists them).
#[test]
fn split_rows_start_on_their_first_page() {
    let cases: [(&str, &[(&str, u32)]); 4] = [
        ("tasks-2024.pdf", &[("6", 3), ("13", 4), ("29", 6)]),
        (
            "tasks-2024-borderless.pdf",
            &[("6", 3), ("13", 4), ("21", 5), ("29", 6)],
        ),
        ("tasks-2024-reportlab.pdf", &[("21", 5), ("29", 6)]),
        (
            "seed-004.pdf",
            &[
                ("1.3", 4),
                ("2.1", 5),
                ("3.1", 6),
                ("4.4", 7),
                ("6.1", 9),
                ("6.6", 10),
                ("6.11", 11),
                ("7.5", 13),
            ],
        ),
    ];
    for (pdf, rows) in cases {
        let doc = convert(&root().join("fixtures/pdf").join(pdf));
        for (stt, page) in rows {
            let found: Vec<&Task> = doc.tasks.iter().filter(|t| t.stt == *stt).collect();
            assert_eq!(
                found.len(),
                1,
                "{pdf}: task {stt} found {} times",
                found.len()
            );
            assert_eq!(found[0].page, *page, "{pdf}: task {stt}");
        }
        // No row without its number (an unmerged continuation).
        assert!(
            doc.tasks.iter().all(|t| !t.stt.is_empty()),
            "{pdf}: a task without STT"
        );
    }
}

/// Every distinct time frame of tasks-2024, in all three producers.
#[test]
fn time_frames_of_tasks_2024() {
    let want: [(&str, &str, &str, &str); 9] = [
        ("Quý III/2024", "2024-07-01", "2024-09-30", ""),
        ("Quý IV/2024", "2024-10-01", "2024-12-31", ""),
        ("Tháng 10/2024", "2024-10-01", "2024-10-31", ""),
        ("Trước 30/6/2024", "", "2024-06-30", ""),
        ("Trước 15/12/2024", "", "2024-12-15", ""),
        ("2024-2025", "2024-01-01", "2025-12-31", ""),
        ("Năm 2024", "2024-01-01", "2024-12-31", ""),
        ("Thường xuyên", "", "", "ongoing"),
        ("Định kỳ hàng tháng", "", "", "monthly"),
    ];
    for pdf in [
        "tasks-2024.pdf",
        "tasks-2024-borderless.pdf",
        "tasks-2024-reportlab.pdf",
    ] {
        let doc = convert(&root().join("fixtures/pdf").join(pdf));
        let mut seen = std::collections::BTreeSet::new();
        for t in &doc.tasks {
            let Some(w) = want.iter().find(|w| w.0 == t.timeframe) else {
                panic!(
                    "{pdf}: task {}: unexpected time frame {:?}",
                    t.stt, t.timeframe
                );
            };
            assert_eq!(
                (t.start.as_str(), t.end.as_str(), t.recurrence.as_str()),
                (w.1, w.2, w.3),
                "{pdf}: task {} {:?}",
                t.stt,
                t.timeframe
            );
            seen.insert(w.0);
        }
        assert_eq!(seen.len(), want.len(), "{pdf}: time frames seen {seen:?}");
    }
}

/// Every cell of a table-shape fixture (`scripts/gen-table-fixtures.py`):
/// each expected row is one task of the table with that header, in order,
/// with its group, the cells under their roles and the other columns in
/// `extra`; group, summary and column-number rows are not tasks. Returns
/// the table's tasks.
fn assert_shapes(pdf: &str, stem: &str, kind: kehoach::tasks::TableKind) -> Vec<Task> {
    let want = expected_table(stem);
    let path = root().join("fixtures/tables").join(pdf);
    let doc = convert(&path);
    let t = the_table(&doc, &want.header);
    assert_eq!(t.title, want.title, "{pdf} {stem}");
    assert_eq!(t.table_kind, Some(kind), "{pdf} {stem}");
    let tasks: Vec<Task> = doc
        .tasks
        .iter()
        .filter(|k| k.table_no == t.table_no)
        .cloned()
        .collect();
    let mut bad = Vec::new();
    if tasks.len() != want.rows.len() {
        bad.push(format!(
            "{} tasks, {} expected",
            tasks.len(),
            want.rows.len()
        ));
    }
    for (task, (group, cells)) in tasks.iter().zip(&want.rows) {
        if &task.group != group {
            bad.push(format!(
                "{}: group {:?} != {group:?}",
                task.row_id, task.group
            ));
        }
        for (j, (role, cell)) in t.roles.iter().zip(cells).enumerate() {
            let got = match role {
                Role::Stt => task.stt.clone(),
                Role::Name => task.name.clone(),
                Role::Lead => task.lead.clone(),
                Role::Partners => task.partners.clone(),
                Role::Timeframe => task.timeframe.clone(),
                Role::Other => task
                    .extra
                    .get(&t.header[j])
                    .and_then(|v| v.as_str())
                    .unwrap_or("(missing)")
                    .to_string(),
            };
            if &got != cell {
                bad.push(format!("{} col {j}: {got:?} != {cell:?}", task.row_id));
            }
        }
    }
    assert!(bad.is_empty(), "{pdf} {stem}:\n{}", bad.join("\n"));
    tasks
}

#[test]
fn score_table_with_two_row_header_and_summary_row() {
    for pdf in ["shapes-lo.pdf", "shapes-rl.pdf"] {
        let tasks = assert_shapes(pdf, "shapes-score", kehoach::tasks::TableKind::Score);
        assert!(tasks.iter().all(|k| k.page == 1), "{pdf}");
    }
}

#[test]
fn task_table_with_merges_continuing_without_header() {
    use kehoach::tasks::RowFlag;
    for pdf in ["shapes-lo.pdf", "shapes-rl.pdf"] {
        let tasks = assert_shapes(pdf, "shapes-tasks", kehoach::tasks::TableKind::Task);
        // the name merged over two rows is on both, flagged
        for k in &tasks[..2] {
            assert!(k.flags.contains(&RowFlag::MergedCell), "{pdf} {}", k.row_id);
        }
        // the rows continue on the next page, one table
        let pages: std::collections::BTreeSet<u32> = tasks.iter().map(|k| k.page).collect();
        assert!(pages.len() >= 2, "{pdf}: pages {pages:?}");
        // provenance: row ids are unique, boxes lie on the page
        let ids: std::collections::BTreeSet<&str> =
            tasks.iter().map(|k| k.row_id.as_str()).collect();
        assert_eq!(ids.len(), tasks.len(), "{pdf}");
        for k in &tasks {
            let b = k.bbox.expect("bbox");
            assert!(
                b[0] < b[2] && b[1] < b[3] && b[3] <= 842.0,
                "{pdf} {}: {b:?}",
                k.row_id
            );
            let name = k.cells.get("name").expect("name cell");
            assert!(name.bbox[0] >= b[0] - 0.5 && name.bbox[2] <= b[2] + 0.5);
        }
    }
}

/// A user's header vocabulary (`--header-vocab`, `Options.header_vocab`)
/// is used for the table headers: here `Đơn vị phối hợp` declared a column
/// of its own (`other`), so the partners move to `extra`.
#[test]
fn a_user_header_vocabulary_decides_the_roles() {
    let pdf = common::root().join("fixtures/pdf/tasks-2024.pdf");
    let plain = common::convert(&pdf);
    assert_eq!(plain.tasks.len(), 30);
    assert_eq!(
        plain.tasks[0].partners,
        "Báo Hậu Giang; Đài Phát thanh và Truyền hình Hậu Giang"
    );
    let mut vocab = kehoach::tasks::HeaderVocab::builtin();
    vocab
        .extend_from_tsv("other\t=\tdon vi phoi hop\n")
        .expect("a valid line");
    let opts = kehoach::pipeline::Options {
        header_vocab: std::sync::Arc::new(vocab),
        ..Default::default()
    };
    let doc = kehoach::pipeline::convert_file(&pdf, "tasks-2024.pdf", &opts)
        .result
        .expect("converts");
    assert_eq!(doc.tasks.len(), 30);
    assert!(doc.tasks.iter().all(|t| t.partners.is_empty()));
    assert_eq!(
        doc.tasks[0]
            .extra
            .get("Đơn vị phối hợp")
            .and_then(|v| v.as_str()),
        Some("Báo Hậu Giang; Đài Phát thanh và Truyền hình Hậu Giang")
    );
}

/// A header vocabulary file that is not one is refused before any input
/// is read, with the file and line named.
#[test]
fn a_bad_header_vocabulary_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("vocab.tsv");
    std::fs::write(&bad, "nhiem vu chinh\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .arg("extract")
        .arg(common::root().join("fixtures/pdf/tasks-2024.pdf"))
        .arg("--out")
        .arg(dir.path().join("ds"))
        .arg("--header-vocab")
        .arg(&bad)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("vocab.tsv") && err.contains("line 1"), "{err}");
    assert!(!dir.path().join("ds").exists());
}

/// Every cell of a ruled table keeps where it is: each filled cell has a
/// box on one of the table's pages, inside that page, and the boxes of a
/// row run left to right without overlapping.
#[test]
fn table_cells_keep_their_boxes() {
    let doc = convert(&root().join("fixtures/pdf/tasks-2024.pdf"));
    let t = &doc.tables[0];
    let mut bad = Vec::new();
    let mut seen = 0;
    for (i, row) in t.rows.iter().enumerate() {
        let mut right = f32::MIN;
        for (j, cell) in row.cells.iter().enumerate() {
            let b = row.boxes.get(j).copied().flatten();
            let Some(b) = b else {
                if !cell.is_empty() && row.spans.get(j) != Some(&0) {
                    bad.push(format!("row {i} col {j}: text without a box"));
                }
                continue;
            };
            seen += 1;
            let page = doc.pages.iter().find(|p| p.number == b.page);
            let inside = page.is_some_and(|p| {
                let [x0, y0, x1, y1] = b.bbox;
                0.0 <= x0 && x0 < x1 && x1 <= p.width && 0.0 <= y0 && y0 < y1 && y1 <= p.height
            });
            if !t.pages.contains(&b.page) || !inside {
                bad.push(format!(
                    "row {i} col {j}: box {:?} on page {}",
                    b.bbox, b.page
                ));
            }
            if b.bbox[0] + 0.5 < right {
                bad.push(format!(
                    "row {i} col {j}: box starts left of the one before"
                ));
            }
            right = b.bbox[2];
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
    // 38 rows of five columns, the group rows one cell each.
    assert!(seen >= 150, "{seen} boxes");
    // And they reach the document JSON.
    let json = serde_json::to_value(&doc).expect("json");
    let boxes = &json["tables"][0]["rows"][1]["boxes"];
    assert_eq!(boxes.as_array().map(Vec::len), Some(5), "{boxes}");
    assert_eq!(boxes[1]["page"], 3);
}
