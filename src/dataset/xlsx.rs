//! `dataset.xlsx`: a first sheet "Giới thiệu" that explains the dataset
//! (title, sources, dates, one line per sheet with its CSV file, what a
//! row is and the row count), one sheet per CSV dataset named by the
//! table's Vietnamese title, and a sheet "Mô tả cột" describing every
//! column. Header row of Vietnamese titles, frozen, with an autofilter;
//! numbers as numbers, dates as dates; long text wrapped in columns of
//! capped width. Every sheet prints on A4 one page wide (data sheets in
//! landscape) with the header row repeated on each page and the sheet
//! name and page number in the margins.
//!
//! The bytes only depend on the CSVs (and the version of kehoach): the
//! document properties carry a fixed creation time and the dates shown
//! are those of the documents, never the clock. The workbook is written
//! before `datapackage.json`, so everything it says is read from the CSVs.

use super::contract::{FieldType, TableDef, TABLES};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Url, Workbook,
    Worksheet, XlsxError,
};
use std::collections::BTreeSet;
use std::path::Path;

/// Excel's limits.
const MAX_ROWS: u32 = 1_048_576;
const MAX_CELL: usize = 32_767;
const MAX_SHEET_NAME: usize = 31;

/// A text column whose longest value is longer than this many characters
/// is wrapped, in a column this wide.
const WRAP_WIDTH: usize = 50;

/// The first sheet.
pub const INTRO_SHEET: &str = "Giới thiệu";
/// The sheet that describes every column.
pub const COLUMNS_SHEET: &str = "Mô tả cột";

/// Paper size A4 in Excel's numbering.
const A4: u8 = 9;

fn clip(s: &str) -> &str {
    if s.len() <= MAX_CELL {
        return s;
    }
    let mut end = MAX_CELL;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// A valid sheet name from `title` that is not in `taken` (Excel compares
/// sheet names without case): the characters `[]:*?/\` become spaces, no
/// leading or trailing apostrophe, at most 31 characters, and `" (2)"`,
/// `" (3)"`… appended where the name is already taken.
pub fn sheet_name(title: &str, taken: &[String]) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    let clean = clean.trim_matches('\'').trim();
    let base = if clean.is_empty() { "Bảng" } else { clean };
    let cut = |s: &str, n: usize| -> String { s.chars().take(n).collect::<String>() };
    let is_taken = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    let first = cut(base, MAX_SHEET_NAME).trim_end().to_string();
    if !is_taken(&first) {
        return first;
    }
    let mut k = 2u32;
    loop {
        let suffix = format!(" ({k})");
        let head = cut(base, MAX_SHEET_NAME - suffix.chars().count());
        let name = format!("{}{suffix}", head.trim_end());
        if !is_taken(&name) {
            return name;
        }
        k += 1;
    }
}

/// The sheet names of [`TABLES`], in order.
pub fn table_sheet_names() -> Vec<String> {
    let mut taken = vec![INTRO_SHEET.to_string(), COLUMNS_SHEET.to_string()];
    let mut names = Vec::new();
    for t in TABLES {
        let n = sheet_name(t.title, &taken);
        taken.push(n.clone());
        names.push(n);
    }
    names
}

/// What a first read of one CSV learns: rows and the longest value of
/// each column, and for `documents.csv` the facts the first sheet shows.
#[derive(Default)]
struct Scan {
    rows: u64,
    longest: Vec<usize>,
    first_date: Option<String>,
    last_date: Option<String>,
    issuers: BTreeSet<String>,
    pages: u64,
}

fn is_iso_date(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && ExcelDateTime::parse_from_str(v).is_ok()
}

fn scan(out: &Path, t: &TableDef) -> Result<Scan, String> {
    let path = out.join(t.path());
    let (_, mut rd) = super::csv::open(&path, true).map_err(|x| x.to_string())?;
    let col = |name: &str| {
        if t.name == "documents" {
            t.fields.iter().position(|f| f.name == name)
        } else {
            None
        }
    };
    let (date_col, issuer_col, pages_col) = (col("date"), col("issuer"), col("pages"));
    let mut s = Scan {
        longest: vec![0; t.fields.len()],
        ..Scan::default()
    };
    for rec in rd.records() {
        let rec = rec.map_err(|x| format!("{}: {x}", path.display()))?;
        s.rows += 1;
        for (c, v) in rec.iter().enumerate() {
            if let Some(l) = s.longest.get_mut(c) {
                *l = (*l).max(crate::sheet_safe::original(v).chars().count());
            }
        }
        if let Some(d) = date_col.and_then(|c| rec.get(c)).filter(|d| is_iso_date(d)) {
            if s.first_date.as_deref().is_none_or(|f| d < f) {
                s.first_date = Some(d.to_string());
            }
            if s.last_date.as_deref().is_none_or(|l| d > l) {
                s.last_date = Some(d.to_string());
            }
        }
        if let Some(i) = issuer_col.and_then(|c| rec.get(c)) {
            let i = crate::sheet_safe::original(i).trim();
            if !i.is_empty() {
                s.issuers.insert(i.to_string());
            }
        }
        if let Some(p) = pages_col.and_then(|c| rec.get(c)) {
            s.pages += p.parse::<u64>().unwrap_or(0);
        }
    }
    Ok(s)
}

/// A4, one page wide, as many tall as needed, row 1 on every page, the
/// sheet name in the header and the page number in the footer.
fn print_setup(ws: &mut Worksheet, landscape: bool) {
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_paper_size(A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header("&L&A&R&F");
    ws.set_footer("&CTrang &P / &N");
}

struct Formats {
    head: Format,
    top: Format,
    wrap: Format,
    date: Format,
}

impl Formats {
    fn new() -> Formats {
        let top = Format::new().set_align(FormatAlign::Top);
        Formats {
            head: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDDE6F0))
                .set_border_bottom(FormatBorder::Thin),
            wrap: top.clone().set_text_wrap(),
            date: top.clone().set_num_format("dd/mm/yyyy"),
            top,
        }
    }
}

/// The header's share of a column's width: the title wraps, so its
/// longest word, but no less than 10 characters unless the title is shorter.
fn header_width(title: &str) -> usize {
    let word = title
        .split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    title.chars().count().min(word.max(10))
}

/// One data sheet: the CSV of `t`, its columns as `s` measured them.
fn table_sheet(
    out: &Path,
    t: &TableDef,
    name: &str,
    s: &Scan,
    f: &Formats,
) -> Result<Worksheet, String> {
    let e = |e: XlsxError| e.to_string();
    let mut ws = Worksheet::new();
    ws.set_name(name).map_err(e)?;
    let wrapped: Vec<bool> = t
        .fields
        .iter()
        .enumerate()
        .map(|(c, fd)| {
            matches!(fd.ty, FieldType::String | FieldType::Object)
                && s.longest.get(c).is_some_and(|l| *l > WRAP_WIDTH)
        })
        .collect();
    let mut widths = Vec::with_capacity(t.fields.len());
    for (c, fd) in t.fields.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, fd.title, &f.head)
            .map_err(e)?;
        let data = s.longest.get(c).copied().unwrap_or(0);
        let head = header_width(fd.title);
        let w = match fd.ty {
            FieldType::Date => 12,
            FieldType::Integer | FieldType::Number | FieldType::Boolean => {
                data.max(head).clamp(8, 14)
            }
            FieldType::String | FieldType::Object => data.max(head).clamp(8, WRAP_WIDTH),
        };
        ws.set_column_width(c as u16, (w + 2) as f64).map_err(e)?;
        widths.push(w);
    }
    let head_lines = t
        .fields
        .iter()
        .zip(&widths)
        .map(|(fd, w)| lines(fd.title, *w))
        .max()
        .unwrap_or(1);
    fit_row(&mut ws, 0, head_lines).map_err(e)?;
    let path = out.join(t.path());
    let (_, mut rd) = super::csv::open(&path, true).map_err(|x| x.to_string())?;
    let mut row: u32 = 0;
    for rec in rd.records() {
        let rec = rec.map_err(|x| format!("{}: {x}", path.display()))?;
        if row + 1 >= MAX_ROWS {
            break;
        }
        row += 1;
        let mut tall = 1;
        for (c, v) in rec.iter().enumerate() {
            // the workbook holds typed cells: the exact text, no prefix
            let v = crate::sheet_safe::original(v);
            if v.is_empty() {
                continue;
            }
            let col = c as u16;
            let ty = t.fields.get(c).map_or(FieldType::String, |f| f.ty);
            let text = if wrapped.get(c).copied().unwrap_or(false) {
                tall = tall.max(lines(v, widths.get(c).copied().unwrap_or(WRAP_WIDTH)));
                &f.wrap
            } else {
                &f.top
            };
            match ty {
                FieldType::Integer | FieldType::Number => match v.parse::<f64>() {
                    Ok(n) if n.is_finite() => {
                        ws.write_number_with_format(row, col, n, &f.top)
                            .map_err(e)?;
                    }
                    _ => {
                        ws.write_string_with_format(row, col, clip(v), text)
                            .map_err(e)?;
                    }
                },
                FieldType::Date => match ExcelDateTime::parse_from_str(v) {
                    Ok(d) if v.len() == 10 => {
                        ws.write_datetime_with_format(row, col, &d, &f.date)
                            .map_err(e)?;
                    }
                    _ => {
                        ws.write_string_with_format(row, col, clip(v), text)
                            .map_err(e)?;
                    }
                },
                FieldType::Boolean => {
                    // no cell format: LibreOffice shows a formatted boolean as 1 or 0
                    ws.write_boolean(row, col, v == "true").map_err(e)?;
                }
                FieldType::String | FieldType::Object => {
                    ws.write_string_with_format(row, col, clip(v), text)
                        .map_err(e)?;
                }
            }
        }
        fit_row(&mut ws, row, tall).map_err(e)?;
    }
    ws.set_freeze_panes(1, 0).map_err(e)?;
    let last_col = t.fields.len().saturating_sub(1) as u16;
    ws.autofilter(0, 0, row, last_col).map_err(e)?;
    ws.set_repeat_rows(0, 0).map_err(e)?;
    print_setup(&mut ws, true);
    Ok(ws)
}

/// The sheet that describes every column of every table.
fn columns_sheet(names: &[String], f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(COLUMNS_SHEET)?;
    let cols = [
        "Trang tính",
        "Tệp CSV",
        "Cột",
        "Tiêu đề",
        "Kiểu",
        "Bắt buộc",
        "Mô tả",
    ];
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.head)?;
    }
    let mut row = 0u32;
    for (t, name) in TABLES.iter().zip(names) {
        for fd in t.fields {
            row += 1;
            ws.write_string_with_format(row, 0, name, &f.top)?;
            ws.write_string_with_format(row, 1, t.path(), &f.top)?;
            ws.write_string_with_format(row, 2, fd.name, &f.top)?;
            ws.write_string_with_format(row, 3, fd.title, &f.wrap)?;
            ws.write_string_with_format(row, 4, fd.ty.as_str(), &f.top)?;
            let required = if fd.required { "có" } else { "không" };
            ws.write_string_with_format(row, 5, required, &f.top)?;
            ws.write_string_with_format(row, 6, fd.description, &f.wrap)?;
            fit_row(
                &mut ws,
                row,
                lines(fd.description, 60).max(lines(fd.title, 30)),
            )?;
        }
    }
    for (c, w) in [24, 18, 20, 30, 10, 10, 60].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row, 6)?;
    ws.set_repeat_rows(0, 0)?;
    print_setup(&mut ws, true);
    Ok(ws)
}

/// Lines that `text` takes wrapped in a column `width` characters wide
/// (a character of text is narrower than the `0` that widths count in, so
/// this errs on the tall side).
fn lines(text: &str, width: usize) -> usize {
    let width = width.max(1);
    text.split('\n')
        .map(|l| l.chars().count().div_ceil(width).max(1))
        .sum()
}

/// Sets the height of `row` to hold `lines` lines when that is more than
/// one. Neither Excel nor LibreOffice fits the height of a row to its
/// wrapped text when opening a file, so a row of wrapped text gets a height.
fn fit_row(ws: &mut Worksheet, row: u32, lines: usize) -> Result<(), XlsxError> {
    if lines > 1 {
        ws.set_row_height(row, (15.0 * lines as f64).min(409.0))?;
    }
    Ok(())
}

/// The first sheet: what the dataset is and what each sheet holds.
fn intro_sheet(
    names: &[String],
    scans: &[Scan],
    docs: &Scan,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(INTRO_SHEET)?;
    let widths = [26usize, 18, 70, 12];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w as f64)?;
    }
    let title = Format::new().set_bold().set_font_size(14);
    let label = f.top.clone().set_bold();
    let merged = f.wrap.clone();
    let link = f.top.clone().set_hyperlink();
    let all: usize = widths[1..].iter().sum();
    ws.write_string_with_format(
        0,
        0,
        format!(
            "Dữ liệu có cấu trúc từ {} văn bản kế hoạch của cơ quan nhà nước",
            docs.rows
        ),
        &title,
    )?;
    let about = "Thông tin thể thức, đề mục, văn bản được viện dẫn, chỉ tiêu và nhiệm vụ \
                 trích xuất tự động từ các tệp PDF kế hoạch của cơ quan nhà nước bằng công cụ \
                 kehoach. Mỗi trang tính sau trang này là một tệp CSV của bộ dữ liệu, cùng \
                 các cột và cùng thứ tự dòng.";
    let mut row = 2u32;
    ws.write_string_with_format(row, 0, "Mô tả", &label)?;
    ws.merge_range(row, 1, row, 3, about, &merged)?;
    fit_row(&mut ws, row, lines(about, all))?;
    let fact = |ws: &mut Worksheet, row: &mut u32, l: &str| -> Result<(), XlsxError> {
        *row += 1;
        ws.write_string_with_format(*row, 0, l, &label)?;
        Ok(())
    };
    fact(&mut ws, &mut row, "Số văn bản (tệp PDF nguồn)")?;
    ws.write_number_with_format(row, 1, docs.rows as f64, &f.top)?;
    fact(&mut ws, &mut row, "Số cơ quan ban hành")?;
    ws.write_number_with_format(row, 1, docs.issuers.len() as f64, &f.top)?;
    fact(&mut ws, &mut row, "Tổng số trang")?;
    ws.write_number_with_format(row, 1, docs.pages as f64, &f.top)?;
    for (l, d) in [
        ("Ngày ban hành sớm nhất", &docs.first_date),
        ("Ngày ban hành mới nhất", &docs.last_date),
    ] {
        fact(&mut ws, &mut row, l)?;
        match d.as_deref().map(ExcelDateTime::parse_from_str) {
            Some(Ok(d)) => {
                ws.write_datetime_with_format(row, 1, &d, &f.date)?;
            }
            _ => {
                ws.write_string_with_format(row, 1, "không rõ", &f.top)?;
            }
        }
    }
    fact(&mut ws, &mut row, "Công cụ")?;
    ws.write_string_with_format(
        row,
        1,
        concat!("kehoach ", env!("CARGO_PKG_VERSION")),
        &f.top,
    )?;
    row += 2;
    let head_row = row;
    for (c, h) in ["Trang tính", "Tệp CSV", "Mỗi dòng là", "Số dòng"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(row, c as u16, *h, &f.head)?;
    }
    let mut truncated = Vec::new();
    for ((t, name), s) in TABLES.iter().zip(names).zip(scans) {
        row += 1;
        // a link to the sheet; names never hold an apostrophe unescaped
        let target = format!("internal:'{}'!A1", name.replace('\'', "''"));
        ws.write_url_with_format(row, 0, Url::new(target).set_text(name), &link)?;
        ws.write_string_with_format(row, 1, t.path(), &f.top)?;
        ws.write_string_with_format(row, 2, t.description, &f.wrap)?;
        fit_row(&mut ws, row, lines(t.description, widths[2]))?;
        ws.write_number_with_format(row, 3, s.rows as f64, &f.top)?;
        if s.rows >= u64::from(MAX_ROWS) {
            truncated.push(name.as_str());
        }
    }
    row += 1;
    let fields: usize = TABLES.iter().map(|t| t.fields.len()).sum();
    let target = format!("internal:'{COLUMNS_SHEET}'!A1");
    ws.write_url_with_format(row, 0, Url::new(target).set_text(COLUMNS_SHEET), &link)?;
    ws.write_string_with_format(row, 1, "datapackage.json", &f.top)?;
    let what = "Mỗi dòng là một cột của một bảng: tên cột trong tệp CSV, tiêu đề, kiểu, \
                bắt buộc hay không, mô tả.";
    ws.write_string_with_format(row, 2, what, &f.wrap)?;
    fit_row(&mut ws, row, lines(what, widths[2]))?;
    ws.write_number_with_format(row, 3, fields as f64, &f.top)?;
    let mut notes = vec![format!(
        "Trang tính «{COLUMNS_SHEET}» mô tả từng cột của mọi bảng. Mô tả máy đọc được \
         (Data Package, Table Schema) ở datapackage.json và thư mục schemas/; văn bản đầy đủ \
         ở documents.jsonl (mỗi văn bản một dòng) và thư mục documents/, các bảng gốc ở thư mục \
         tables/ (danh mục ở trang tính «Bảng trong văn bản»)."
    )];
    if !truncated.is_empty() {
        notes.push(format!(
            "Các trang tính {} chỉ chứa {} dòng đầu (giới hạn của Excel); tệp CSV có đủ mọi dòng.",
            truncated.join(", "),
            MAX_ROWS - 1
        ));
    }
    row += 1;
    for n in &notes {
        row += 1;
        ws.merge_range(row, 0, row, 3, n, &merged)?;
        fit_row(&mut ws, row, lines(n, widths.iter().sum()))?;
    }
    ws.set_repeat_rows(head_row, head_row)?;
    print_setup(&mut ws, false);
    Ok(ws)
}

/// The workbook of the CSVs in the finished folder `out`.
pub fn workbook(out: &Path) -> Result<Vec<u8>, String> {
    let e = |e: XlsxError| e.to_string();
    let mut wb = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1).map_err(e)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&fixed)
            .set_title("kehoach dataset")
            .set_comment("Tạo bởi kehoach từ các tệp CSV của bộ dữ liệu"),
    );
    let f = Formats::new();
    let names = table_sheet_names();
    let scans = TABLES
        .iter()
        .map(|t| scan(out, t))
        .collect::<Result<Vec<_>, _>>()?;
    let no_docs = Scan::default();
    let docs = TABLES
        .iter()
        .position(|t| t.name == "documents")
        .and_then(|i| scans.get(i))
        .unwrap_or(&no_docs);
    wb.push_worksheet(intro_sheet(&names, &scans, docs, &f).map_err(e)?);
    for ((t, name), s) in TABLES.iter().zip(&names).zip(&scans) {
        wb.push_worksheet(table_sheet(out, t, name, s, &f)?);
    }
    wb.push_worksheet(columns_sheet(&names, &f).map_err(e)?);
    wb.save_to_buffer().map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn sheet_names_are_valid_unique_and_vietnamese() {
        let names = table_sheet_names();
        assert_eq!(names.len(), TABLES.len());
        assert!(names.contains(&"Lỗi và cảnh báo".to_string()));
        assert!(names.contains(&"Nhiệm vụ".to_string()));
        let mut all = names.clone();
        all.push(INTRO_SHEET.into());
        all.push(COLUMNS_SHEET.into());
        let lower: BTreeSet<String> = all.iter().map(|n| n.to_lowercase()).collect();
        assert_eq!(lower.len(), all.len(), "unique: {all:?}");
        for n in &all {
            assert!(n.chars().count() <= 31 && !n.is_empty(), "{n}");
            assert!(!n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
        }
    }

    #[test]
    fn sheet_name_cleans_cuts_and_dedupes() {
        let long = "Danh sách các cơ quan: chủ trì/phối hợp [tất cả]?";
        let a = sheet_name(long, &[]);
        assert_eq!(a.chars().count(), 31);
        assert!(!a.contains([':', '/', '[', ']', '?']), "{a}");
        let b = sheet_name(long, std::slice::from_ref(&a));
        assert!(b.ends_with(" (2)") && b.chars().count() <= 31, "{b}");
        let c = sheet_name(long, &[a.to_uppercase(), b.clone()]);
        assert!(c.ends_with(" (3)"), "{c}");
        assert_eq!(sheet_name("'*'", &[]), "Bảng");
        assert_eq!(sheet_name("Nhiệm vụ", &["nhiệm vụ".into()]), "Nhiệm vụ (2)");
    }

    fn part(zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> String {
        let mut s = String::new();
        zip.by_name(name)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .read_to_string(&mut s)
            .expect("utf-8");
        s
    }

    /// A folder with every table's CSV: headers, and a document and a task
    /// with a long name.
    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for t in TABLES {
            let mut w = ::csv::Writer::from_path(dir.path().join(t.path())).expect("csv");
            w.write_record(t.field_names()).expect("header");
            let value = |name: &str| -> String {
                match (t.name, name) {
                    ("documents", "date") => "2024-03-15".into(),
                    ("documents", "pages") => "7".into(),
                    ("documents", "issuer") => "UBND tỉnh Hà Giang".into(),
                    ("tasks", "name") => "Triển khai ".repeat(20),
                    ("tasks", "table_no") => "1".into(),
                    (_, "doc_id") => "0123456789abcdef".into(),
                    _ => String::new(),
                }
            };
            if t.name == "documents" || t.name == "tasks" {
                let row: Vec<String> = t.fields.iter().map(|f| value(f.name)).collect();
                w.write_record(&row).expect("row");
            }
            w.flush().expect("flush");
        }
        dir
    }

    #[test]
    fn workbook_explains_itself_wraps_long_text_and_prints_one_page_wide() {
        let dir = folder();
        let bytes = workbook(dir.path()).expect("workbook");
        assert_eq!(bytes, workbook(dir.path()).expect("again"), "deterministic");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let wb = part(&mut zip, "xl/workbook.xml");
        let sheets: Vec<&str> = wb
            .split("<sheet name=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        let mut want = vec![INTRO_SHEET.to_string()];
        want.extend(table_sheet_names());
        want.push(COLUMNS_SHEET.into());
        assert_eq!(sheets, want);
        assert!(
            wb.contains("<definedName name=\"_xlnm.Print_Titles\""),
            "{wb}"
        );

        let intro = part(&mut zip, "xl/worksheets/sheet1.xml");
        // one page wide: fitToWidth is left at its default, 1
        assert!(intro.contains("fitToPage=\"1\""), "{intro:.2000}");
        assert!(intro.contains("fitToHeight=\"0\""), "{intro:.2000}");
        assert!(!intro.contains("fitToWidth"), "{intro:.2000}");
        let strings = part(&mut zip, "xl/sharedStrings.xml");
        for s in [
            "Dữ liệu có cấu trúc từ 1 văn bản",
            "Ngày ban hành mới nhất",
            "tasks.csv",
            "Mỗi dòng là một nhiệm vụ",
            COLUMNS_SHEET,
        ] {
            assert!(strings.contains(s), "{s}");
        }

        let tasks_sheet = 2 + TABLES
            .iter()
            .position(|t| t.name == "tasks")
            .expect("tasks");
        let tasks = part(&mut zip, &format!("xl/worksheets/sheet{tasks_sheet}.xml"));
        for want in [
            "<pageSetup paperSize=\"9\"",
            "orientation=\"landscape\"",
            "fitToHeight=\"0\"",
            "fitToPage=\"1\"",
            "<autoFilter",
            "state=\"frozen\"",
            "<oddHeader>",
        ] {
            assert!(tasks.contains(want), "{want} in {tasks:.3000}");
        }
        // the long name column is capped; no data row has a set height
        let name_col = 1 + TABLES
            .iter()
            .find(|t| t.name == "tasks")
            .and_then(|t| t.fields.iter().position(|f| f.name == "name"))
            .expect("name");
        let col = format!("<col min=\"{name_col}\" max=\"{name_col}\" width=\"");
        let w: f64 = tasks
            .split(&col)
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{col} in {tasks:.3000}"));
        assert!((50.0..=61.0).contains(&w), "name width {w}");
        // the task's long name wraps on 5 lines of 50 characters: its row is 5 lines tall
        assert!(tasks.contains("<row r=\"2\" spans=\"1:"), "{tasks:.3000}");
        let r2 = &tasks[tasks.find("<row r=\"2\"").unwrap_or(0)..];
        assert!(
            r2[..r2.find('>').unwrap_or(0)].contains("ht=\"75\""),
            "{r2:.200}"
        );
        let styles = part(&mut zip, "xl/styles.xml");
        assert!(styles.contains("wrapText=\"1\""), "wrap");
        assert!(styles.contains("vertical=\"top\""), "top");
    }
}
