//! Tables: one model ([`model`]), two strategies that find it on a
//! born-digital page — ruling lines ([`lattice`]) and text alignment
//! ([`stream`]) — and one joining of a table's pieces across pages
//! ([`join`]) for all of them. Scanned pages fill the same model from the OCR
//! stage's cell grid. The header vocabulary that says which column is which belongs to the
//! records stage and is handed to [`stream`] as a classifier and to [`join`]
//! as a [`HeaderSense`]: this module knows geometry, not words.

mod join;
mod lattice;
mod model;
mod stream;

pub use join::{
    column_number_row, continue_rows, join, CellRef, HeaderSense, JoinedTable, TableRow,
};
pub use lattice::find_lattice_tables;
pub use model::{cell_text, Cell, Classify, Method, Role, Table};
pub use stream::find_stream_tables;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Line;
    use crate::pdf::Rule;

    fn line(text: &str, x0: f32, top: f32) -> Line {
        Line {
            page: 1,
            text: text.into(),
            words: Vec::new(),
            x0,
            x1: x0 + 6.0 * text.chars().count() as f32,
            top,
            bottom: top + 12.0,
            baseline: top + 10.0,
            size: 12.0,
            bold: false,
            italic: false,
            col_x0: 0.0,
            col_x1: 0.0,
        }
    }

    fn h(y: f32, x0: f32, x1: f32) -> Rule {
        Rule {
            x0,
            y0: y - 0.25,
            x1,
            y1: y + 0.25,
        }
    }
    fn v(x: f32, y0: f32, y1: f32) -> Rule {
        Rule {
            x0: x - 0.25,
            y0,
            x1: x + 0.25,
            y1,
        }
    }

    /// A Word table whose second row puts its second boundary 45 pt to the
    /// right of the first row's: three columns, not four, each row's text
    /// in its own column.
    #[test]
    fn boundaries_a_little_apart_in_two_rows_are_one() {
        let mut rules = vec![
            h(100.0, 50.0, 500.0),
            h(160.0, 50.0, 500.0),
            h(220.0, 50.0, 500.0),
            v(50.0, 100.0, 220.0),
            v(500.0, 100.0, 220.0),
            v(150.0, 100.0, 220.0),
        ];
        rules.push(v(255.0, 100.0, 160.0));
        rules.push(v(300.0, 160.0, 220.0));
        let lines = vec![
            line("19", 60.0, 120.0),
            line("Thông tư", 160.0, 120.0),
            line("Toàn bộ", 270.0, 120.0),
            line("1", 60.0, 180.0),
            line("Luật", 160.0, 180.0),
            line("Toàn bộ", 320.0, 180.0),
        ];
        let (tables, _) = find_lattice_tables(1, lines, &rules);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.n_cols(), 3, "{:?}", t.cols);
        let texts: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            vec![
                vec!["19", "Thông tư", "Toàn bộ"],
                vec!["1", "Luật", "Toàn bộ"]
            ]
        );
    }

    #[test]
    fn grid_with_group_row_spanning_columns() {
        // 3 columns at x = 50, 100, 300, 400; rows at y = 100, 130, 160
        let rules = vec![
            h(100.0, 50.0, 400.0),
            h(130.0, 50.0, 400.0),
            h(160.0, 50.0, 400.0),
            v(50.0, 100.0, 160.0),
            v(400.0, 100.0, 160.0),
            // inner boundaries only in the second row
            v(100.0, 130.0, 160.0),
            v(300.0, 130.0, 160.0),
        ];
        let lines = vec![
            line("I Nhận thức số", 55.0, 108.0),
            line("1", 60.0, 138.0),
            line("Tuyên truyền", 110.0, 138.0),
            line("Sở TT&TT", 310.0, 138.0),
            line("outside", 50.0, 300.0),
        ];
        let (tables, free) = find_lattice_tables(1, lines, &rules);
        assert_eq!(tables.len(), 1);
        assert_eq!(free.len(), 1);
        let t = &tables[0];
        assert_eq!(t.n_cols(), 3);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].len(), 1);
        assert_eq!(t.rows[0][0].colspan, 3);
        assert_eq!(t.rows[0][0].text, "I Nhận thức số");
        let texts: Vec<&str> = t.rows[1].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, vec!["1", "Tuyên truyền", "Sở TT&TT"]);
    }

    /// A line of words at the given x positions, each 6 pt a letter.
    fn worded(words: &[(&str, f32)], top: f32) -> Line {
        let words: Vec<crate::layout::Word> = words
            .iter()
            .map(|&(t, x0)| crate::layout::Word {
                text: t.into(),
                x0,
                x1: x0 + 6.0 * t.chars().count() as f32,
                top,
                bottom: top + 12.0,
                baseline: top + 10.0,
                size: 12.0,
                font: 0,
                ocr: None,
            })
            .collect();
        let text: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        Line {
            text: text.join(" "),
            x0: words[0].x0,
            x1: words[words.len() - 1].x1,
            words,
            ..line("", 0.0, top)
        }
    }

    /// An Aspose header row drawn without its inner rules: each header word
    /// stands in one column of the rows below, so the row is cut into those
    /// columns; a group title that runs across a boundary keeps its span.
    #[test]
    fn a_header_row_without_inner_rules_takes_the_columns_below() {
        // Columns at x = 50, 150, 250, 400; rows at y = 100, 130, 160, 190.
        let rules = vec![
            h(100.0, 50.0, 400.0),
            h(130.0, 50.0, 400.0),
            h(160.0, 50.0, 400.0),
            h(190.0, 50.0, 400.0),
            v(50.0, 100.0, 190.0),
            v(400.0, 100.0, 190.0),
            v(150.0, 130.0, 160.0),
            v(250.0, 130.0, 160.0),
            v(150.0, 160.0, 190.0),
            v(250.0, 160.0, 190.0),
        ];
        let lines = vec![
            worded(&[("Tên", 60.0), ("tham", 84.0), ("số", 114.0)], 105.0),
            worded(&[("Kiểu", 160.0), ("dữ", 190.0), ("liệu", 208.0)], 105.0),
            worded(&[("Mô", 300.0), ("tả", 318.0)], 105.0),
            worded(&[("username", 60.0)], 138.0),
            worded(&[("String", 160.0)], 138.0),
            worded(&[("Tên", 260.0), ("tài", 284.0), ("khoản", 302.0)], 138.0),
        ];
        let (tables, _) = find_lattice_tables(1, lines, &rules);
        let t = &tables[0];
        let texts: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(texts[0], vec!["Tên tham số", "Kiểu dữ liệu", "Mô tả"]);
        assert_eq!(texts[1], vec!["username", "String", "Tên tài khoản"]);
        assert_eq!(t.rows[2].len(), 3);

        // The same grid with a group title over all columns: "Nhiệm vụ"
        // crosses the boundary at 150, and a title inside the first
        // column stays one cell.
        for title in [
            vec![
                ("I.", 60.0),
                ("Nhiệm", 80.0),
                ("vụ", 145.0),
                ("chung", 170.0),
            ],
            vec![("A.", 60.0), ("Chung", 80.0)],
        ] {
            let lines = vec![worded(&title, 105.0), worded(&[("1", 60.0)], 138.0)];
            let (tables, _) = find_lattice_tables(1, lines, &rules);
            let row = &tables[0].rows[0];
            assert_eq!(row.len(), 1, "{title:?}");
            assert_eq!(row[0].colspan, 3);
        }
    }

    #[test]
    fn cell_text_keeps_bullets_apart() {
        let t = cell_text(["- Duy trì hoạt động", "trang Zalo;", "- Tiếp tục"].into_iter());
        assert_eq!(t, "- Duy trì hoạt động trang Zalo;\n- Tiếp tục");
    }

    #[test]
    fn a_lone_rule_is_not_a_table() {
        let (t, free) =
            find_lattice_tables(1, vec![line("x", 10.0, 10.0)], &[h(700.0, 50.0, 200.0)]);
        assert!(t.is_empty());
        assert_eq!(free.len(), 1);
    }
}
