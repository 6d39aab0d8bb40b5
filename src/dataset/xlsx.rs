//! `dataset.xlsx`: one sheet per CSV dataset, plus a sheet describing
//! the columns. Header row of Vietnamese titles, frozen, with an
//! autofilter; numbers as numbers, dates as dates. The document
//! properties carry a fixed creation time, so the bytes only depend on
//! the CSVs.

use super::contract::{FieldType, TABLES};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use std::path::Path;

/// Excel's limits.
const MAX_ROWS: u32 = 1_048_576;
const MAX_CELL: usize = 32_767;

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

/// The workbook of the CSVs in the finished folder `out`.
pub fn workbook(out: &Path) -> Result<Vec<u8>, String> {
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1).map_err(e)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&fixed)
            .set_title("kehoach dataset")
            .set_comment("Tạo bởi kehoach từ các tệp CSV của bộ dữ liệu"),
    );
    let head = Format::new().set_bold().set_text_wrap();
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    for t in TABLES {
        let path = out.join(t.path());
        let (_, mut rd) = super::csv::open(&path, true).map_err(|x| x.to_string())?;
        let ws = wb.add_worksheet();
        ws.set_name(t.name).map_err(e)?;
        let mut widths: Vec<usize> = t.fields.iter().map(|f| f.title.chars().count()).collect();
        for (c, f) in t.fields.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, f.title, &head)
                .map_err(e)?;
        }
        let mut row: u32 = 0;
        for rec in rd.records() {
            let rec = rec.map_err(|x| format!("{}: {x}", path.display()))?;
            if row + 1 >= MAX_ROWS {
                break;
            }
            row += 1;
            for (c, v) in rec.iter().enumerate() {
                // the workbook holds typed cells: the exact text, no prefix
                let v = crate::sheet_safe::original(v);
                if v.is_empty() {
                    continue;
                }
                let col = c as u16;
                let ty = t.fields.get(c).map_or(FieldType::String, |f| f.ty);
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(v.chars().count().min(60));
                }
                match ty {
                    FieldType::Integer | FieldType::Number => match v.parse::<f64>() {
                        Ok(n) if n.is_finite() => {
                            ws.write_number(row, col, n).map_err(e)?;
                        }
                        _ => {
                            ws.write_string(row, col, clip(v)).map_err(e)?;
                        }
                    },
                    FieldType::Date => match ExcelDateTime::parse_from_str(v) {
                        Ok(d) if v.len() == 10 => {
                            ws.write_datetime_with_format(row, col, &d, &date_fmt)
                                .map_err(e)?;
                        }
                        _ => {
                            ws.write_string(row, col, clip(v)).map_err(e)?;
                        }
                    },
                    FieldType::Boolean => {
                        ws.write_boolean(row, col, v == "true").map_err(e)?;
                    }
                    FieldType::String | FieldType::Object => {
                        ws.write_string(row, col, clip(v)).map_err(e)?;
                    }
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            let ty = t.fields[c].ty;
            let w = match ty {
                FieldType::Date => 12,
                FieldType::Integer | FieldType::Number | FieldType::Boolean => (*w).clamp(8, 14),
                _ => (*w).clamp(10, 60),
            };
            ws.set_column_width(c as u16, (w + 2) as f64).map_err(e)?;
        }
        ws.set_row_height(0, 30).map_err(e)?;
        ws.set_freeze_panes(1, 0).map_err(e)?;
        let last_col = t.fields.len().saturating_sub(1) as u16;
        ws.autofilter(0, 0, row, last_col).map_err(e)?;
    }
    // The columns explained.
    let ws = wb.add_worksheet();
    ws.set_name("mo_ta_cot").map_err(e)?;
    let cols = ["Bảng", "Cột", "Tiêu đề", "Kiểu", "Bắt buộc", "Mô tả"];
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)
            .map_err(e)?;
    }
    let mut row = 0u32;
    for t in TABLES {
        for f in t.fields {
            row += 1;
            ws.write_string(row, 0, t.name).map_err(e)?;
            ws.write_string(row, 1, f.name).map_err(e)?;
            ws.write_string(row, 2, f.title).map_err(e)?;
            ws.write_string(row, 3, f.ty.as_str()).map_err(e)?;
            ws.write_boolean(row, 4, f.required).map_err(e)?;
            ws.write_string(row, 5, f.description).map_err(e)?;
        }
    }
    for (c, w) in [12, 18, 30, 10, 10, 90].iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(e)?;
    }
    ws.set_freeze_panes(1, 0).map_err(e)?;
    ws.autofilter(0, 0, row, 5).map_err(e)?;
    wb.save_to_buffer().map_err(e)
}
