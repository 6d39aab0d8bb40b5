//! `kehoach inspect`: one document as a person reads it in a terminal —
//! header fields, pages, outline, legal references, targets, tables, tasks,
//! text and warnings — wrapped to a width, nothing cut.
//!
//! The view is made from the document JSON (`documents/<doc_id>.json`, or a
//! fresh conversion serialised the same way), so a stored dataset is shown
//! without converting (or OCR'ing) its PDF again, and both show alike.

use serde_json::Value;
use std::fmt::Write as _;

/// Width of the label column.
const LABEL: usize = 12;

/// Whether `v` looks like a kehoach document JSON.
pub fn is_document(v: &Value) -> bool {
    v["doc_id"].is_string() && v["structure"].is_object() && v["pages"].is_array()
}

/// The text view of document JSON `doc`, wrapped to `width` columns (at
/// least 40).
pub fn render(doc: &Value, width: usize) -> String {
    let width = width.max(40);
    let mut v = View {
        out: String::with_capacity(16 * 1024),
        width,
    };
    let s = |x: &Value| x.as_str().unwrap_or("").to_string();
    let m = &doc["structure"]["metadata"];
    v.field("file", &s(&doc["source"]["file"]));
    v.field("doc_id", &s(&doc["doc_id"]));
    v.field("sha256", &s(&doc["source"]["sha256"]));
    v.field(
        "pages",
        &format!(
            "{} (text: {})",
            len(&doc["pages"]),
            doc["text_source"].as_str().unwrap_or("")
        ),
    );
    v.field("producer", &s(&doc["info"]["producer"]));
    v.field("type", &s(&m["doc_type"]));
    let number = match (s(&m["number"]), s(&m["number_symbol"])) {
        (n, sym) if n.is_empty() && !sym.is_empty() => format!("(blank) /{sym}"),
        (n, _) => n,
    };
    v.field_at("number", &number, &m["provenance"]["number"]);
    v.field_at(
        "issuer",
        &join_nonempty(&[s(&m["parent_issuer"]), s(&m["issuer"])], " / "),
        &m["provenance"]["issuer"],
    );
    let date = match (s(&m["date"]), s(&m["date_text"])) {
        (d, t) if d.is_empty() => t,
        (d, t) if t.is_empty() => d,
        (d, t) => format!("{d} ({t})"),
    };
    v.field_at(
        "place, date",
        &join_nonempty(&[s(&m["place"]), date], ", "),
        &m["provenance"]["date"],
    );
    v.field("province", &s(&m["province"]));
    v.field_at("title", &s(&m["title"]), &m["provenance"]["title"]);
    v.field_at(
        "signer",
        &join_nonempty(
            &[
                s(&m["signer_authority"]),
                s(&m["signer_title"]),
                s(&m["signer_name"]),
            ],
            " · ",
        ),
        &m["provenance"]["signer_name"],
    );
    let recipients: Vec<String> = list(&m["recipients"]).iter().map(s).collect();
    v.field("recipients", &recipients.join("; "));
    if m["source"].as_str().is_some_and(|x| x != "header") {
        v.field("read from", &s(&m["source"]));
    }

    v.heading("Pages", len(&doc["pages"]));
    for p in list(&doc["pages"]) {
        let fonts: Vec<String> = list(&p["fonts"]).iter().map(s).collect();
        v.line(&format!(
            "page {:>3}  {:>4.0}×{:<4.0} rot {:>3}  {}  images {}  fonts {}",
            p["number"].as_u64().unwrap_or(0),
            p["width"].as_f64().unwrap_or(0.0),
            p["height"].as_f64().unwrap_or(0.0),
            p["rotate"].as_i64().unwrap_or(0),
            p["text_source"].as_str().unwrap_or(""),
            p["images"].as_u64().unwrap_or(0),
            fonts.join(", ")
        ));
    }

    let st = &doc["structure"];
    v.heading("Outline", len(&st["sections"]));
    for x in list(&st["sections"]) {
        let depth = x["level"].as_u64().unwrap_or(1).saturating_sub(1) as usize;
        v.item(
            &format!("{}{}", "  ".repeat(depth.min(6)), s(&x["number"])),
            &format!("{}{}", s(&x["heading"]), page_note(&x["page"])),
        );
    }

    v.heading("Legal references (căn cứ)", len(&st["legal_refs"]));
    for r in list(&st["legal_refs"]) {
        let what = join_nonempty(
            &[
                s(&r["ref_type"]),
                s(&r["ref_number"]),
                s(&r["ref_date"]),
                s(&r["ref_issuer"]),
            ],
            " ",
        );
        v.item(
            "-",
            &format!(
                "{}{}{}",
                what,
                if s(&r["subject"]).is_empty() {
                    String::new()
                } else {
                    format!(": {}", s(&r["subject"]))
                },
                page_note(&r["page"])
            ),
        );
    }

    v.heading("Targets (chỉ tiêu)", len(&st["targets"]));
    for t in list(&st["targets"]) {
        v.item("-", &format!("{}{}", s(&t["text"]), page_note(&t["page"])));
    }

    v.heading("Tables", len(&doc["tables"]));
    for t in list(&doc["tables"]) {
        let pages: Vec<String> = list(&t["pages"])
            .iter()
            .filter_map(Value::as_u64)
            .map(|p| p.to_string())
            .collect();
        let header: Vec<String> = list(&t["header"]).iter().map(s).collect();
        v.item(
            &format!("table {}", t["table_no"].as_u64().unwrap_or(0)),
            &format!(
                "{} · {} · {} rows · pages {} · {}{}",
                t["table_kind"].as_str().unwrap_or("layout"),
                s(&t["method"]),
                len(&t["rows"]),
                pages.join(", "),
                if s(&t["title"]).is_empty() {
                    String::new()
                } else {
                    format!("{} · ", s(&t["title"]))
                },
                header.join(" | ")
            ),
        );
    }

    v.heading("Tasks (nhiệm vụ)", len(&doc["tasks"]));
    let mut group = String::new();
    for t in list(&doc["tasks"]) {
        let g = s(&t["group"]);
        if g != group && !g.is_empty() {
            v.item("", &format!("[{g}]"));
        }
        group = g;
        let mut facts = vec![s(&t["name"])];
        for (k, label) in [
            ("lead", "chủ trì"),
            ("partners", "phối hợp"),
            ("timeframe", "thời gian"),
        ] {
            if !s(&t[k]).is_empty() {
                facts.push(format!("{label}: {}", s(&t[k])));
            }
        }
        let flags: Vec<String> = list(&t["flags"]).iter().map(s).collect();
        if !flags.is_empty() {
            facts.push(format!("flags: {}", flags.join(", ")));
        }
        v.item(
            &format!("{} {}", s(&t["row_id"]), s(&t["stt"])),
            &format!("{}{}", facts.join(" · "), page_note(&t["page"])),
        );
    }

    v.heading("Text", len(&doc["text"]["paragraphs"]));
    for p in list(&doc["text"]["paragraphs"]) {
        let text = s(&p["text"]).replace('\t', " | ");
        v.item(&format!("p{}", p["page"].as_u64().unwrap_or(0)), &text);
    }

    let warnings = list(&doc["warnings"]);
    if !warnings.is_empty() {
        v.heading("Warnings", warnings.len());
        for w in warnings {
            let page = w["page"]
                .as_u64()
                .map(|p| format!("page {p}: "))
                .unwrap_or_default();
            v.item(&s(&w["kind"]), &format!("{page}{}", s(&w["message"])));
        }
    }
    v.out
}

fn list(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or(&[])
}

fn len(v: &Value) -> usize {
    list(v).len()
}

fn join_nonempty(parts: &[String], sep: &str) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(sep)
}

fn page_note(page: &Value) -> String {
    page.as_u64()
        .map(|p| format!(" (p{p})"))
        .unwrap_or_default()
}

struct View {
    out: String,
    width: usize,
}

impl View {
    /// `label  value`, the value wrapped under itself; nothing for an empty value.
    fn field(&mut self, label: &str, value: &str) {
        if !value.is_empty() {
            self.labelled(label, value, LABEL);
        }
    }

    /// A header field with the page it was read from.
    fn field_at(&mut self, label: &str, value: &str, at: &Value) {
        if !value.is_empty() {
            self.labelled(label, &format!("{value}{}", page_note(&at["page"])), LABEL);
        }
    }

    /// A list entry: a short label and its text wrapped under the text.
    fn item(&mut self, label: &str, text: &str) {
        let pad = (label.chars().count() + 3).clamp(4, LABEL);
        self.labelled(&format!("  {label}"), text, pad);
    }

    fn labelled(&mut self, label: &str, value: &str, pad: usize) {
        let pad = pad.max(label.chars().count() + 1);
        let first = format!("{label:<pad$}");
        let rest = " ".repeat(pad);
        let opts = textwrap::Options::new(self.width)
            .initial_indent(&first)
            .subsequent_indent(&rest)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .break_words(true);
        for (k, part) in value.split('\n').enumerate() {
            let opts = if k == 0 {
                opts.clone()
            } else {
                opts.clone().initial_indent(&rest)
            };
            for l in textwrap::wrap(part, opts) {
                let _ = writeln!(self.out, "{}", l.trim_end());
            }
        }
    }

    fn heading(&mut self, name: &str, count: usize) {
        let _ = writeln!(self.out, "\n{name} ({count})");
    }

    fn line(&mut self, text: &str) {
        self.item("", text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "doc_id": "7da4026c4335d31d",
            "source": {"file": "a.pdf", "sha256": "7da4", "bytes": 1},
            "info": {},
            "text_source": "text",
            "pages": [{"number": 1, "width": 595.0, "height": 842.0, "rotate": 0,
                       "text_source": "text", "images": 0, "fonts": ["Times"]}],
            "structure": {
                "metadata": {
                    "doc_type": "Kế hoạch", "number": "15/KH-STTTT", "number_symbol": "KH-STTTT",
                    "parent_issuer": "UBND TỈNH HẬU GIANG", "issuer": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
                    "place": "Hậu Giang", "date": "2024-01-25", "date_text": "ngày 25 tháng 01 năm 2024",
                    "province": "Hậu Giang", "title": "Chuyển đổi số năm 2024 của Sở Thông tin và Truyền thông tỉnh Hậu Giang",
                    "signer_authority": "KT. GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC", "signer_name": "Lê Minh Tâm",
                    "recipients": ["UBND tỉnh"], "source": "header",
                    "provenance": {"number": {"page": 1, "bbox": [1.0, 2.0, 3.0, 4.0]}}
                },
                "sections": [], "legal_refs": [], "targets": []
            },
            "tables": [],
            "tasks": [{"row_id": "1-2", "stt": "1", "group": "I. Nhận thức số",
                       "name": "Tuyên truyền, phổ biến về chuyển đổi số trên Báo Hậu Giang, Đài Phát thanh và Truyền hình tỉnh",
                       "lead": "Sở TT&TT", "partners": "", "timeframe": "Thường xuyên", "page": 3,
                       "flags": ["stitched"]}],
            "text": {"paragraphs": [], "footnotes": [], "removed": []},
            "warnings": []
        })
    }

    /// Every field is shown whole: long values wrap within the width, under
    /// their own column, and join back to the value.
    #[test]
    fn long_values_wrap_and_nothing_is_cut() {
        let out = render(&doc(), 50);
        assert!(out.lines().all(|l| l.chars().count() <= 50), "{out}");
        assert!(out.contains("number      15/KH-STTTT (p1)\n"), "{out}");
        let title: Vec<&str> = out
            .lines()
            .skip_while(|l| !l.starts_with("title"))
            .take_while(|l| l.starts_with("title") || l.starts_with("            "))
            .map(|l| l[LABEL..].trim())
            .collect();
        assert_eq!(
            title.join(" "),
            "Chuyển đổi số năm 2024 của Sở Thông tin và Truyền thông tỉnh Hậu Giang"
        );
        assert!(out.contains("Tasks (nhiệm vụ) (1)"), "{out}");
        assert!(out.contains("[I. Nhận thức số]"), "{out}");
        let task: String = out
            .lines()
            .skip_while(|l| !l.starts_with("  1-2 1"))
            .take(10)
            .collect::<Vec<_>>()
            .join(" ");
        let task = task.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            task.contains("Truyền hình tỉnh · chủ trì: Sở TT&TT · thời gian: Thường xuyên · flags: stitched (p3)"),
            "{task}"
        );
    }

    #[test]
    fn a_document_json_is_told_from_other_json() {
        assert!(is_document(&doc()));
        assert!(!is_document(&json!({"resources": []})));
    }
}
