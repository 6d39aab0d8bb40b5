//! The dataset folder as open data: Table Schemas of the CSVs, the JSON
//! Schema of `documents/<doc_id>.json`, `datapackage.json` and `dataset.xlsx`.
//!
//! Every CSV's columns are defined once, in [`TABLES`]: name, Frictionless
//! type, Vietnamese title and description, constraints. The Table Schemas
//! (`schemas/<name>.schema.json`), the `schema` of each resource in
//! `datapackage.json`, `kehoach validate` and the spreadsheet are all made
//! from it, and a test checks that the writers' column lists in
//! [`crate::output`] are the same names in the same order.
//!
//! `datapackage.json` is deterministic: it depends only on the inputs and on
//! `--meta`. Its `created` is `created` from `--meta` when given, else the
//! newest PDF `/CreationDate` among the converted inputs (in UTC), else it is
//! left out; it is never the clock.
//!
//! Dublin Core: the package carries a `dc` object with the elements the
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

use crate::error::Error;
use crate::output::{write_atomic, write_atomic_with, WriteOptions};
use crate::pipeline::Source;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

/// The JSON Schema (2020-12) of `documents/<doc_id>.json`.
pub const DOCUMENT_SCHEMA: &str = include_str!("../schemas/document.schema.json");
/// Resource names must match this (Data Package spec).
pub const NAME_PATTERN: &str = "^[-a-z0-9._/]+$";

/// A Frictionless Table Schema field type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    Number,
    /// ISO `YYYY-MM-DD`.
    Date,
    Boolean,
    /// A JSON object written as text.
    Object,
}

impl FieldType {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::Boolean => "boolean",
            FieldType::Object => "object",
        }
    }
}

/// A column of a CSV: its Table Schema field.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    /// Vietnamese title (the spreadsheet's header).
    pub title: &'static str,
    /// Vietnamese description.
    pub description: &'static str,
    pub required: bool,
    /// Allowed values (`enum` constraint); empty: any.
    pub values: &'static [&'static str],
    /// `pattern` constraint (whole value), if any.
    pub pattern: Option<&'static str>,
    /// `minimum` constraint for integers, if any.
    pub minimum: Option<i64>,
}

const fn field(
    name: &'static str,
    ty: FieldType,
    title: &'static str,
    description: &'static str,
) -> Field {
    Field {
        name,
        ty,
        title,
        description,
        required: false,
        values: &[],
        pattern: None,
        minimum: None,
    }
}

const fn s(name: &'static str, title: &'static str, description: &'static str) -> Field {
    field(name, FieldType::String, title, description)
}

const fn int(name: &'static str, title: &'static str, description: &'static str) -> Field {
    field(name, FieldType::Integer, title, description)
}

const fn date(name: &'static str, title: &'static str, description: &'static str) -> Field {
    field(name, FieldType::Date, title, description)
}

impl Field {
    const fn req(mut self) -> Field {
        self.required = true;
        self
    }
    const fn one_of(mut self, values: &'static [&'static str]) -> Field {
        self.values = values;
        self
    }
    const fn pattern(mut self, p: &'static str) -> Field {
        self.pattern = Some(p);
        self
    }
    const fn min(mut self, m: i64) -> Field {
        self.minimum = Some(m);
        self
    }

    /// The field as a Table Schema JSON object.
    pub fn schema(&self) -> Value {
        let mut f = Map::new();
        f.insert("name".into(), self.name.into());
        f.insert("type".into(), self.ty.as_str().into());
        if self.ty == FieldType::Date {
            f.insert("format".into(), "default".into());
        }
        f.insert("title".into(), self.title.into());
        f.insert("description".into(), self.description.into());
        let mut c = Map::new();
        if self.required {
            c.insert("required".into(), true.into());
        }
        if !self.values.is_empty() {
            c.insert("enum".into(), json!(self.values));
        }
        if let Some(p) = self.pattern {
            c.insert("pattern".into(), p.into());
        }
        if let Some(m) = self.minimum {
            c.insert("minimum".into(), m.into());
        }
        if !c.is_empty() {
            f.insert("constraints".into(), c.into());
        }
        Value::Object(f)
    }
}

/// One CSV of the dataset.
#[derive(Debug, Clone, Copy)]
pub struct TableDef {
    /// Resource name (also the file stem).
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub fields: &'static [Field],
    pub primary_key: &'static [&'static str],
    /// `doc_id` refers to `documents.doc_id`.
    pub doc_fk: bool,
}

impl TableDef {
    pub fn path(&self) -> String {
        format!("{}.csv", self.name)
    }

    pub fn field_names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }

    /// The Frictionless Table Schema.
    pub fn schema(&self) -> Value {
        let mut m = Map::new();
        m.insert(
            "fields".into(),
            Value::Array(self.fields.iter().map(Field::schema).collect()),
        );
        m.insert("missingValues".into(), json!([""]));
        if !self.primary_key.is_empty() {
            m.insert("primaryKey".into(), json!(self.primary_key));
        }
        if self.doc_fk {
            m.insert(
                "foreignKeys".into(),
                json!([{
                    "fields": ["doc_id"],
                    "reference": {"resource": "documents", "fields": ["doc_id"]}
                }]),
            );
        }
        Value::Object(m)
    }

    /// `schemas/<name>.schema.json` as written (pretty, newline at the end).
    pub fn schema_text(&self) -> String {
        let mut t = serde_json::to_string_pretty(&self.schema()).unwrap_or_default();
        t.push('\n');
        t
    }
}

const DOC_ID: Field = s(
    "doc_id",
    "Mã tài liệu",
    "Mã của văn bản: 16 chữ số hệ 16 đầu tiên của mã băm SHA-256 tệp PDF; tham chiếu documents.doc_id.",
)
.req()
.pattern("[0-9a-f]{16}");

const PAGE: Field = int("page", "Trang", "Số trang (bắt đầu từ 1).").min(1);

const SECTION_ID: Field = s(
    "section_id",
    "Mã đề mục",
    "Đường dẫn số thứ tự các cấp đề mục, ví dụ II.3.a; trống nếu nằm trước đề mục đầu tiên.",
);

pub const DOCUMENTS: TableDef = TableDef {
    name: "documents",
    title: "Danh mục văn bản",
    description: "Mỗi dòng là một tệp PDF đầu vào: thể thức văn bản (Nghị định 30/2020/NĐ-CP) và kết quả chuyển đổi.",
    fields: &[
        s(
            "doc_id",
            "Mã tài liệu",
            "16 chữ số hệ 16 đầu tiên của mã băm SHA-256 tệp PDF; không đổi khi đổi tên tệp.",
        )
        .req()
        .pattern("[0-9a-f]{16}"),
        s(
            "source_file",
            "Tệp nguồn",
            "Đường dẫn tệp PDF như được đưa vào hoặc tìm thấy khi duyệt thư mục.",
        )
        .req(),
        s("sha256", "Mã băm SHA-256", "Mã băm SHA-256 của tệp PDF (hệ 16, chữ thường).")
            .pattern("[0-9a-f]{64}"),
        int("pages", "Số trang", "Số trang của tệp PDF.").min(0),
        s(
            "text_source",
            "Nguồn chữ",
            "Cách lấy chữ: text (lớp chữ của PDF), ocr (nhận dạng ảnh), tcvn3 hoặc vni (giải mã bảng mã cũ), mixed (kết hợp), none (không có chữ).",
        )
        .one_of(&["text", "ocr", "tcvn3", "vni", "mixed", "none"]),
        s("doc_type", "Loại văn bản", "Tên loại văn bản, ví dụ Kế hoạch, Quyết định."),
        s("number", "Số, ký hiệu", "Số và ký hiệu văn bản như được in, ví dụ 04/KH-SGTVT."),
        s("issuer", "Cơ quan ban hành", "Tên cơ quan, tổ chức ban hành văn bản, như được in."),
        s(
            "parent_issuer",
            "Cơ quan chủ quản",
            "Tên cơ quan, tổ chức chủ quản trực tiếp (nếu có), như được in.",
        ),
        s("place", "Địa danh", "Địa danh nơi ban hành văn bản."),
        date(
            "date",
            "Ngày ban hành",
            "Ngày ban hành theo ISO 8601 (YYYY-MM-DD); để trống khi ngày in không đầy đủ.",
        ),
        s("title", "Trích yếu nội dung", "Trích yếu nội dung của văn bản."),
        s("signer_name", "Người ký", "Họ và tên người ký."),
        s("signer_title", "Chức vụ người ký", "Chức vụ của người ký, như được in."),
        s(
            "status",
            "Trạng thái",
            "ok: chuyển đổi được; failed: không chuyển đổi được (lý do ở cột error và trong errors.csv).",
        )
        .req()
        .one_of(&["ok", "failed"]),
        s(
            "province",
            "Tỉnh, thành phố",
            "Tỉnh, thành phố suy ra từ cơ quan ban hành hoặc địa danh.",
        ),
        s("date_text", "Ngày tháng (nguyên văn)", "Ngày, tháng, năm ban hành như được in."),
        s(
            "signer_authority",
            "Quyền hạn ký",
            "Quyền hạn ký như được in: TM., KT., TL., TUQ., Q. (nếu có).",
        ),
        s(
            "metadata_source",
            "Nguồn thể thức",
            "Nơi lấy thông tin thể thức: header (phần đầu văn bản), closing_sentence (câu kết), appendix_caption (chú thích phụ lục).",
        ),
        int("bytes", "Dung lượng (byte)", "Kích thước tệp PDF tính bằng byte.").min(0),
        s("producer", "Phần mềm tạo PDF", "Giá trị Producer trong thông tin tài liệu PDF."),
        s(
            "creation_date",
            "Thời điểm tạo PDF",
            "Giá trị CreationDate của tệp PDF, theo ISO 8601 khi đọc được, nếu không thì giữ nguyên.",
        ),
        int("paragraphs", "Số đoạn văn", "Số đoạn văn bản đã nhận ra.").min(0),
        int("footnotes", "Số chú thích", "Số chú thích cuối trang.").min(0),
        int("tables", "Số bảng", "Số bảng tìm thấy (mỗi bảng một tệp trong tables/).").min(0),
        int(
            "warnings",
            "Số cảnh báo",
            "Số cảnh báo của văn bản, chi tiết trong errors.csv.",
        )
        .min(0),
        s("error", "Lỗi", "Lý do không chuyển đổi được (khi trạng thái là failed)."),
    ],
    primary_key: &["doc_id"],
    doc_fk: false,
};

pub const SECTIONS: TableDef = TableDef {
    name: "sections",
    title: "Đề mục",
    description: "Mỗi dòng là một đề mục trong bố cục văn bản (phần, mục, khoản, điểm).",
    fields: &[
        DOC_ID,
        s(
            "section_id",
            "Mã đề mục",
            "Đường dẫn số thứ tự các cấp đề mục, ví dụ II.3.a.",
        )
        .req(),
        int("level", "Cấp đề mục", "Cấp của đề mục; 1 là cấp cao nhất.")
            .req()
            .min(1),
        s(
            "number",
            "Số thứ tự đề mục",
            "Số hoặc chữ đánh số đề mục, ví dụ II, 2.1, a.",
        ),
        s("heading", "Tên đề mục", "Nội dung tên đề mục."),
        PAGE.req(),
    ],
    primary_key: &["doc_id", "section_id"],
    doc_fk: true,
};

pub const LEGAL_REFS: TableDef = TableDef {
    name: "legal_refs",
    title: "Văn bản được viện dẫn",
    description: "Mỗi dòng là một văn bản được căn cứ hoặc viện dẫn, một lần cho mỗi văn bản được dẫn trong mỗi văn bản.",
    fields: &[
        DOC_ID,
        s(
            "ref_type",
            "Loại văn bản được dẫn",
            "Ví dụ Luật, Nghị định, Quyết định, Kế hoạch.",
        ),
        s("ref_number", "Số, ký hiệu văn bản được dẫn", "Ví dụ 749/QĐ-TTg."),
        date(
            "ref_date",
            "Ngày ban hành văn bản được dẫn",
            "Theo ISO 8601 (YYYY-MM-DD); để trống khi không có hoặc không đầy đủ.",
        ),
        s("ref_issuer", "Cơ quan ban hành văn bản được dẫn", "Như được viết."),
        s("subject", "Trích yếu văn bản được dẫn", "Như được viết."),
        int("page", "Trang", "Trang đầu tiên nhắc đến văn bản (bắt đầu từ 1).")
            .req()
            .min(1),
        s(
            "section_id",
            "Đề mục",
            "Đề mục nơi văn bản được nhắc đến lần đầu; trống nếu trước đề mục đầu tiên.",
        ),
        s("ref_date_text", "Ngày (nguyên văn)", "Ngày của văn bản được dẫn như được viết."),
        s(
            "found_in",
            "Vị trí",
            "body: trong phần thân văn bản; footnote: trong chú thích.",
        )
        .one_of(&["body", "footnote"]),
    ],
    primary_key: &["doc_id", "ref_type", "ref_number", "subject"],
    doc_fk: true,
};

pub const TARGETS: TableDef = TableDef {
    name: "targets",
    title: "Chỉ tiêu",
    description: "Mỗi dòng là một chỉ tiêu đo lường được nêu trong văn bản.",
    fields: &[
        DOC_ID,
        SECTION_ID,
        s("indicator", "Chỉ tiêu", "Nội dung được đo."),
        field(
            "value",
            FieldType::Number,
            "Giá trị",
            "Giá trị số của chỉ tiêu (dấu chấm thập phân).",
        )
        .req(),
        s("unit", "Đơn vị tính", "Ví dụ %, tỷ đồng, tin, bài/tuần."),
        s(
            "comparator",
            "Phép so sánh",
            "> (trên), >= (ít nhất, không thấp hơn), = (đạt), < (dưới), <= (không quá).",
        )
        .one_of(&[">", ">=", "=", "<", "<="]),
        int(
            "year",
            "Năm",
            "Năm phải đạt chỉ tiêu, lấy từ đề mục hoặc trích yếu (nếu có).",
        ),
        PAGE.req(),
        s("text", "Nguyên văn", "Câu nêu chỉ tiêu như được viết."),
    ],
    primary_key: &[],
    doc_fk: true,
};

pub const TASKS: TableDef = TableDef {
    name: "tasks",
    title: "Nhiệm vụ",
    description:
        "Mỗi dòng là một nhiệm vụ: dòng dữ liệu của bảng có cột STT (dòng nhóm điền vào cột group).",
    fields: &[
        DOC_ID,
        int(
            "table_no",
            "Số thứ tự bảng",
            "Bảng thứ mấy trong văn bản (bắt đầu từ 1); bảng gốc ở tables/<doc_id>-<table_no>.csv.",
        )
        .req()
        .min(1),
        s(
            "table_title",
            "Tên bảng",
            "Tên bảng hoặc phụ lục chứa nhiệm vụ.",
        ),
        s(
            "group",
            "Nhóm nhiệm vụ",
            "Các dòng nhóm phía trên, từ ngoài vào trong, nối bằng ' > '.",
        ),
        s("stt", "STT", "Số thứ tự như được in."),
        s("name", "Tên nhiệm vụ", "Tên nhiệm vụ, nội dung công việc."),
        s(
            "lead",
            "Đơn vị chủ trì",
            "Như được viết; nhiều đơn vị cách nhau bằng dấu chấm phẩy.",
        ),
        s(
            "partners",
            "Đơn vị phối hợp",
            "Như được viết; nhiều đơn vị cách nhau bằng dấu chấm phẩy.",
        ),
        s("timeframe", "Thời gian thực hiện", "Như được viết."),
        date(
            "start",
            "Ngày bắt đầu",
            "Suy ra từ thời gian thực hiện (ISO 8601); trống khi không xác định.",
        ),
        date(
            "end",
            "Hạn hoàn thành",
            "Suy ra từ thời gian thực hiện (ISO 8601); trống khi không xác định.",
        ),
        PAGE.req(),
        field(
            "extra",
            FieldType::Object,
            "Cột khác",
            "Đối tượng JSON chứa các cột khác của bảng, khóa là tiêu đề cột.",
        ),
        s(
            "recurrence",
            "Tính định kỳ",
            "ongoing (thường xuyên), monthly (hằng tháng), ...; trống nếu không định kỳ.",
        ),
        s(
            "lead_canonical",
            "Đơn vị chủ trì (chuẩn hóa)",
            "Tên chuẩn của các đơn vị chủ trì, phân cách bằng dấu chấm phẩy (xem agencies.csv).",
        ),
        s(
            "partners_canonical",
            "Đơn vị phối hợp (chuẩn hóa)",
            "Tên chuẩn của các đơn vị phối hợp, phân cách bằng dấu chấm phẩy (xem agencies.csv).",
        ),
    ],
    primary_key: &[],
    doc_fk: true,
};

pub const ERRORS: TableDef = TableDef {
    name: "errors",
    title: "Lỗi và cảnh báo",
    description: "Mỗi dòng là một lỗi hoặc cảnh báo khi chuyển đổi một tệp đầu vào.",
    fields: &[
        s("source_file", "Tệp nguồn", "Đường dẫn tệp đầu vào.").req(),
        s(
            "stage",
            "Công đoạn",
            "Công đoạn xảy ra: input, pdf, layout, ocr, structure, output, internal.",
        )
        .req(),
        s(
            "kind",
            "Loại",
            "Mã loại lỗi hoặc cảnh báo, ví dụ not_pdf, no_text_layer, duplicate.",
        )
        .req(),
        s("message", "Nội dung", "Mô tả lỗi hoặc cảnh báo."),
        int("page", "Trang", "Trang liên quan (nếu có).").min(1),
    ],
    primary_key: &[],
    doc_fk: false,
};

pub const AGENCIES: TableDef = TableDef {
    name: "agencies",
    title: "Cơ quan, đơn vị",
    description: "Mỗi dòng là một cơ quan, đơn vị (tên chuẩn) được nêu trong cột chủ trì hoặc phối hợp của các nhiệm vụ, với mọi cách viết đã gặp.",
    fields: &[
        s("canonical_name", "Tên chuẩn", "Tên chuẩn của cơ quan, đơn vị.").req(),
        s(
            "level",
            "Cấp",
            "Cấp của cơ quan: tỉnh, huyện, xã, bộ, trung ương, nội bộ (đơn vị thuộc cơ quan ban hành), khác.",
        )
        .one_of(&["tỉnh", "huyện", "xã", "bộ", "trung ương", "nội bộ", "khác"]),
        field(
            "collective",
            FieldType::Boolean,
            "Tập thể",
            "true nếu là cụm từ chỉ nhiều cơ quan (các sở, ban, ngành tỉnh; UBND cấp huyện).",
        ),
        s("aliases", "Các cách viết", "Mọi cách viết đã gặp, phân cách bằng dấu chấm phẩy."),
        int("documents", "Số văn bản", "Số văn bản có nêu cơ quan này.").min(0),
        int("mentions", "Số lần nêu", "Số lần được nêu trong các dòng nhiệm vụ.").min(0),
        s("doc_ids", "Mã văn bản", "Các doc_id có nêu cơ quan này, phân cách bằng dấu chấm phẩy."),
        field(
            "known",
            FieldType::Boolean,
            "Có trong danh mục",
            "true nếu tên khớp danh mục bí danh có sẵn hoặc tệp bí danh của người dùng.",
        ),
        s("example", "Ví dụ", "Một chỗ nêu cơ quan này: doc_id#số thứ tự dòng nhiệm vụ."),
    ],
    primary_key: &["canonical_name"],
    doc_fk: false,
};

/// Every CSV of the dataset, in the order of the package.
pub const TABLES: &[TableDef] = &[
    DOCUMENTS, SECTIONS, LEGAL_REFS, TARGETS, TASKS, AGENCIES, ERRORS,
];

/// The table called `name`.
pub fn table(name: &str) -> Option<&'static TableDef> {
    TABLES.iter().find(|t| t.name == name)
}

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
    /// The issuing body of the dataset (cơ quan ban hành/công bố). Default: the creators.
    pub publisher: Option<String>,
    pub keywords: Option<Vec<String>>,
    pub homepage: Option<String>,
    pub version: Option<String>,
    pub language: Option<String>,
    pub license: Option<License>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct License {
    pub name: String,
    pub path: Option<String>,
    pub title: Option<String>,
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

/// Whether `s` is a valid resource or package name.
pub fn is_resource_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.' | b'_' | b'/')
        })
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

/// What the package lists of one converted document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocFacts {
    pub doc_id: String,
    /// Its title (`structure.metadata.title`), the resource's title.
    pub title: String,
    /// Its tables (`tables/<doc_id>-<no>.csv`), in order.
    pub tables: Vec<TableFacts>,
    /// Size and hash of `documents/<doc_id>.json` when already known (else
    /// the file is read when the package is written).
    pub json: Option<FileStats>,
}

/// What the package lists of one table file of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableFacts {
    pub no: u32,
    pub title: String,
    /// Size, hash and rows of the CSV when already known.
    pub stats: Option<FileStats>,
    /// Its header row when already known.
    #[serde(default)]
    pub header: Option<Vec<String>>,
}

/// One input as the package lists it (a line of the spill file).
#[derive(Debug, Serialize, Deserialize)]
struct Listed {
    file: String,
    sha256: String,
    bytes: u64,
    doc: Option<DocFacts>,
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
            let tmp = crate::output::temp_beside(&self.dir).map_err(|e| werr(&self.dir, e))?;
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
        facts: DocFacts,
    ) -> Result<(), Error> {
        self.docs += 1;
        if let Some(c) = creation_date.and_then(normalise_datetime) {
            if self.created.as_ref().is_none_or(|m| c > *m) {
                self.created = Some(c);
            }
        }
        let i = issuer.trim();
        if !i.is_empty() && self.creators_seen.insert(i.to_lowercase()) {
            self.creators.push(i.to_string());
        }
        self.push(&Listed {
            file: source.file.clone(),
            sha256: source.sha256.clone(),
            bytes: source.bytes,
            doc: Some(facts),
        })
    }

    /// An input that could not be converted.
    pub fn failed(&mut self, source: &Source) -> Result<(), Error> {
        self.push(&Listed {
            file: source.file.clone(),
            sha256: source.sha256.clone(),
            bytes: source.bytes,
            doc: None,
        })
    }

    /// The inputs listed so far, read back from the spill file in order.
    fn listed(&mut self) -> std::io::Result<impl Iterator<Item = std::io::Result<Listed>>> {
        use std::io::BufRead;
        let reader = match &mut self.spill {
            Some((tmp, w)) => {
                w.flush()?;
                Some(BufReader::new(tmp.reopen()?))
            }
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
                h.update(crate::pipeline::to_hex(id).as_bytes());
            }
        } else {
            let mut all: Vec<String> = self
                .ids
                .iter()
                .map(|i| crate::pipeline::to_hex(i))
                .collect();
            all.extend(self.odd_ids.iter().cloned());
            all.sort();
            all.dedup();
            h.update(all.join("\n").as_bytes());
        }
        crate::pipeline::to_hex(&h.finalize())
    }
}

/// How the package is written: meta data and the optional spreadsheet.
#[derive(Debug, Clone, Default)]
pub struct PackageOptions {
    pub meta: Meta,
    /// Also write `dataset.xlsx`.
    pub xlsx: bool,
}

/// Size and SHA-256 of a file, read in blocks (constant memory however
/// large the CSV).
pub fn file_digest(path: &Path) -> std::io::Result<(u64, String)> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf)?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok((n, crate::pipeline::to_hex(&h.finalize())))
}

/// A CSV reader over a file, past a UTF-8 BOM if there is one.
fn csv_reader(path: &Path, headers: bool) -> Result<csv::Reader<BufReader<File>>, String> {
    use std::io::BufRead;
    let mut r = BufReader::new(File::open(path).map_err(|e| e.to_string())?);
    if r.fill_buf()
        .map_err(|e| e.to_string())?
        .starts_with(b"\xEF\xBB\xBF")
    {
        r.consume(3);
    }
    Ok(csv::ReaderBuilder::new()
        .has_headers(headers)
        .flexible(true)
        .from_reader(r))
}

/// Data rows of a CSV (the header row is not counted), streamed.
pub fn csv_rows(path: &Path) -> Result<u64, String> {
    let mut r = csv_reader(path, true)?;
    let mut n = 0;
    let mut rec = csv::ByteRecord::new();
    while r.read_byte_record(&mut rec).map_err(|e| e.to_string())? {
        n += 1;
    }
    Ok(n)
}

/// The header row of a CSV.
pub fn csv_header(path: &Path) -> Result<Vec<String>, String> {
    let mut r = csv_reader(path, false)?;
    let mut rec = csv::StringRecord::new();
    if r.read_record(&mut rec).map_err(|e| e.to_string())? {
        Ok(rec.iter().map(str::to_string).collect())
    } else {
        Ok(Vec::new())
    }
}

/// Writes `schemas/`, `dataset.xlsx` (or removes a stale one) and
/// `datapackage.json` into the finished dataset folder `out`. `known`
/// holds the stats of files the writer already tallied (the CSVs); the
/// other listed files without stats in `inputs` are read here.
pub fn write_package(
    out: &Path,
    inputs: &mut Inputs,
    p: &PackageOptions,
    opts: WriteOptions,
    known: StatsMap,
) -> Result<(), Error> {
    let werr = |path: &Path, source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let schemas = out.join("schemas");
    std::fs::create_dir_all(&schemas).map_err(|e| werr(&schemas, e))?;
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
        let bytes = crate::package::xlsx::workbook(out)
            .map_err(|e| werr(&xlsx, std::io::Error::other(e)))?;
        write_atomic(&xlsx, &bytes)?;
    } else if xlsx.exists() {
        // A spreadsheet of an earlier run no longer matches the CSVs.
        std::fs::remove_file(&xlsx).map_err(|e| werr(&xlsx, e))?;
    }
    // The descriptor is written as it is made: its head with the three
    // per-input arrays left empty, and those arrays streamed from the spill
    // file element by element: the same bytes as `to_vec_pretty` of the
    // whole, in memory that does not grow with the number of documents.
    let head = serde_json::to_vec_pretty(&package_head(inputs, p))?;
    #[derive(Clone, Copy)]
    enum Slot {
        DcSource,
        Sources,
        Resources,
    }
    let mut slots = Vec::new();
    for (mark, slot) in [
        (&b"\"source\": []"[..], Slot::DcSource),
        (b"\"sources\": []", Slot::Sources),
        (b"\"resources\": []", Slot::Resources),
    ] {
        let at = head
            .windows(mark.len())
            .position(|w| w == mark)
            .ok_or_else(|| {
                werr(
                    out,
                    std::io::Error::other("package head without its arrays"),
                )
            })?;
        slots.push((at, mark.len(), slot));
    }
    slots.sort_by_key(|s| s.0);
    let path = out.join("datapackage.json");
    write_atomic_with(&path, |w| {
        let mut done = 0;
        for (at, len, slot) in slots {
            // Up to and with the key: `"sources": `.
            w.write_all(&head[done..at + len - 2])?;
            done = at + len;
            match slot {
                Slot::DcSource => write_array(w, 6, &mut |emit| {
                    for l in inputs.listed()? {
                        emit(Value::String(l?.file))?;
                    }
                    Ok(())
                })?,
                Slot::Sources => write_array(w, 4, &mut |emit| {
                    for l in inputs.listed()? {
                        let l = l?;
                        let mut m = Map::new();
                        m.insert("title".into(), l.file.clone().into());
                        m.insert("path".into(), l.file.into());
                        if !l.sha256.is_empty() {
                            m.insert("hash".into(), format!("sha256:{}", l.sha256).into());
                            m.insert("bytes".into(), l.bytes.into());
                        }
                        emit(Value::Object(m))?;
                    }
                    Ok(())
                })?,
                Slot::Resources => write_array(w, 4, &mut |emit| {
                    package_resources(out, inputs, p, opts, &known, emit)
                })?,
            }
        }
        w.write_all(&head[done..])?;
        w.write_all(b"\n")
    })
}

/// Takes each element of a JSON array as it is made.
type Emit<'a> = dyn FnMut(Value) -> std::io::Result<()> + 'a;

/// A JSON array as `to_vec_pretty` writes it at a depth whose elements are
/// indented by `indent` spaces, with the elements `fill` gives one by one.
fn write_array(
    w: &mut dyn Write,
    indent: usize,
    fill: &mut dyn FnMut(&mut Emit) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let pad = " ".repeat(indent);
    w.write_all(b"[")?;
    let mut first = true;
    fill(&mut |v| {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        let text = serde_json::to_vec_pretty(&v)?;
        for (i, line) in text.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                w.write_all(b"\n")?;
            }
            w.write_all(pad.as_bytes())?;
            w.write_all(line)?;
        }
        Ok(())
    })?;
    if !first {
        w.write_all(b"\n")?;
        w.write_all(&pad.as_bytes()[..indent - 2])?;
    }
    w.write_all(b"]")
}

/// Size, SHA-256 and (for a CSV) data rows of one file of the package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStats {
    pub bytes: u64,
    /// Lowercase hex SHA-256.
    pub hash: String,
    /// Data rows (header not counted) of a CSV; `None` for other files.
    pub rows: Option<u64>,
}

/// Paths (relative to the dataset folder) → their stats.
pub type StatsMap = std::collections::HashMap<String, FileStats>;

/// Reads the stats of the file `path` of the folder `out`.
pub fn file_stats(out: &Path, path: &str, csv: bool) -> std::io::Result<FileStats> {
    let full = out.join(path);
    let (bytes, hash) = file_digest(&full)?;
    let rows = if csv {
        Some(csv_rows(&full).map_err(std::io::Error::other)?)
    } else {
        None
    };
    Ok(FileStats { bytes, hash, rows })
}

/// Adds `bytes`, `hash` (and `rows`) of `path` to a resource, from `known`
/// when it has them.
fn stats(
    out: &Path,
    path: &str,
    r: &mut Map<String, Value>,
    csv: bool,
    known: Option<&FileStats>,
) -> std::io::Result<()> {
    let st = match known {
        Some(s) if s.rows.is_some() == csv => s.clone(),
        _ => file_stats(out, path, csv)?,
    };
    r.insert("bytes".into(), st.bytes.into());
    r.insert("hash".into(), format!("sha256:{}", st.hash).into());
    if let Some(rows) = st.rows {
        r.insert("rows".into(), rows.into());
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn csv_resource(
    known: Option<&FileStats>,
    out: &Path,
    name: &str,
    path: &str,
    title: &str,
    description: &str,
    schema: Value,
    opts: WriteOptions,
) -> std::io::Result<Value> {
    let mut r = Map::new();
    r.insert("name".into(), name.into());
    r.insert("path".into(), path.into());
    r.insert("profile".into(), "tabular-data-resource".into());
    r.insert("title".into(), title.into());
    if !description.is_empty() {
        r.insert("description".into(), description.into());
    }
    r.insert("format".into(), "csv".into());
    r.insert("mediatype".into(), "text/csv".into());
    r.insert(
        "encoding".into(),
        if opts.excel { "utf-8-sig" } else { "utf-8" }.into(),
    );
    r.insert(
        "dialect".into(),
        json!({
            "delimiter": ",",
            "quoteChar": "\"",
            "doubleQuote": true,
            "header": true,
            "lineTerminator": if opts.excel { "\r\n" } else { "\n" },
        }),
    );
    r.insert("schema".into(), schema);
    stats(out, path, &mut r, true, known)?;
    Ok(Value::Object(r))
}

/// The title of table `no` of document `doc_id` in the package.
pub fn table_resource_title(doc_id: &str, no: u32, title: &str) -> String {
    if title.is_empty() {
        format!("Bảng {no} của văn bản {doc_id}")
    } else {
        format!("{title} (bảng {no} của văn bản {doc_id})")
    }
}

/// The table title that [`table_resource_title`] made `resource_title` of.
pub fn table_title_of(doc_id: &str, no: u32, resource_title: &str) -> Option<String> {
    if resource_title == format!("Bảng {no} của văn bản {doc_id}") {
        return Some(String::new());
    }
    resource_title
        .strip_suffix(&format!(" (bảng {no} của văn bản {doc_id})"))
        .map(str::to_string)
}

/// The package's resources, given to `emit` one at a time in order (the
/// CSV tables, each document's tables, each document's JSON, the
/// workbook), so that no more than one is held in memory.
fn package_resources(
    out: &Path,
    inputs: &mut Inputs,
    p: &PackageOptions,
    opts: WriteOptions,
    known: &StatsMap,
    emit: &mut dyn FnMut(Value) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // Sizes, hashes and row counts of the listed files not yet known, read
    // on all cores first; the resources are then made in order.
    let mut wanted: Vec<(String, bool)> = TABLES
        .iter()
        .map(|t| (t.path(), true))
        .filter(|(p, _)| !known.contains_key(p))
        .collect();
    for l in inputs.listed()? {
        let Some(d) = l?.doc else { continue };
        for t in d.tables.iter().filter(|t| t.stats.is_none()) {
            wanted.push((format!("tables/{}-{}.csv", d.doc_id, t.no), true));
        }
        if d.json.is_none() {
            wanted.push((format!("documents/{}.json", d.doc_id), false));
        }
    }
    let read: StatsMap = {
        use rayon::prelude::*;
        wanted
            .par_iter()
            .filter_map(|(path, csv)| Some((path.clone(), file_stats(out, path, *csv).ok()?)))
            .collect()
    };
    let lookup = |path: &str, have: Option<&FileStats>| -> Option<FileStats> {
        have.or_else(|| known.get(path))
            .or_else(|| read.get(path))
            .cloned()
    };
    for t in TABLES {
        let path = t.path();
        emit(csv_resource(
            lookup(&path, None).as_ref(),
            out,
            t.name,
            &path,
            t.title,
            t.description,
            t.schema(),
            opts,
        )?)?;
    }
    for l in inputs.listed()? {
        let Some(d) = l?.doc else { continue };
        for t in &d.tables {
            let path = format!("tables/{}-{}.csv", d.doc_id, t.no);
            let header = match &t.header {
                Some(h) => h.clone(),
                None => csv_header(&out.join(&path)).map_err(std::io::Error::other)?,
            };
            let fields: Vec<Value> = header
                .iter()
                .map(|h| json!({"name": h, "type": "string", "title": h}))
                .collect();
            emit(csv_resource(
                lookup(&path, t.stats.as_ref()).as_ref(),
                out,
                &format!("table-{}-{}", d.doc_id, t.no),
                &path,
                &table_resource_title(&d.doc_id, t.no, &t.title),
                "Bảng như được tìm thấy trong văn bản, dòng đầu là tiêu đề cột.",
                json!({"fields": fields, "missingValues": []}),
                opts,
            )?)?;
        }
    }
    for l in inputs.listed()? {
        let Some(d) = l?.doc else { continue };
        let path = format!("documents/{}.json", d.doc_id);
        let mut r = Map::new();
        r.insert("name".into(), format!("document-{}", d.doc_id).into());
        r.insert("path".into(), path.clone().into());
        r.insert("profile".into(), "data-resource".into());
        // A plain file to Frictionless: without it, `frictionless validate`
        // reads a document JSON (it has a `tasks` key) as an Inquiry.
        r.insert("type".into(), "file".into());
        let title = if d.title.is_empty() {
            format!("Văn bản {}", d.doc_id)
        } else {
            d.title.clone()
        };
        r.insert("title".into(), title.into());
        r.insert("format".into(), "json".into());
        r.insert("mediatype".into(), "application/json".into());
        r.insert("encoding".into(), "utf-8".into());
        r.insert("jsonSchema".into(), "schemas/document.schema.json".into());
        stats(
            out,
            &path,
            &mut r,
            false,
            lookup(&path, d.json.as_ref()).as_ref(),
        )?;
        emit(Value::Object(r))?;
    }
    if p.xlsx {
        let mut r = Map::new();
        r.insert("name".into(), "dataset-xlsx".into());
        r.insert("path".into(), "dataset.xlsx".into());
        r.insert("profile".into(), "data-resource".into());
        r.insert("type".into(), "file".into());
        r.insert(
            "title".into(),
            "Bảng tính Excel của các bảng dữ liệu CSV".into(),
        );
        r.insert("format".into(), "xlsx".into());
        r.insert(
            "mediatype".into(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".into(),
        );
        stats(out, "dataset.xlsx", &mut r, false, None)?;
        emit(Value::Object(r))?;
    }
    Ok(())
}

/// The package descriptor without its resources (`"resources": []`).
fn package_head(inputs: &Inputs, p: &PackageOptions) -> Value {
    let meta = &p.meta;
    // Dataset level.
    let id = meta
        .identifier
        .clone()
        .unwrap_or_else(|| format!("kehoach-{}", &inputs.id_digest()[..16]));
    let name = meta
        .name
        .clone()
        .unwrap_or_else(|| "kehoach-dataset".to_string());
    let title = meta.title.clone().unwrap_or_else(|| {
        format!(
            "Dữ liệu có cấu trúc từ {} văn bản kế hoạch của cơ quan nhà nước",
            inputs.docs
        )
    });
    let description = meta.description.clone().unwrap_or_else(|| {
        "Thông tin thể thức, đề mục, văn bản được viện dẫn, chỉ tiêu và nhiệm vụ trích xuất tự động \
         từ các tệp PDF kế hoạch của cơ quan nhà nước bằng công cụ kehoach. \
         Mỗi tệp CSV có lược đồ (Table Schema) mô tả các cột; văn bản đầy đủ ở thư mục documents/, \
         các bảng gốc ở thư mục tables/, lỗi và cảnh báo ở errors.csv."
            .to_string()
    });
    let created = meta
        .created
        .as_deref()
        .and_then(normalise_datetime)
        .or_else(|| inputs.created.clone());
    let creators: Vec<String> = match &meta.creator {
        Some(c) => c.clone(),
        None => inputs.creators.clone(),
    };
    let publisher = meta
        .publisher
        .clone()
        .unwrap_or_else(|| creators.join("; "));
    let keywords = meta.keywords.clone().unwrap_or_else(|| {
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
    });
    let license = match &meta.license {
        Some(l) => {
            let mut m = Map::new();
            m.insert("name".into(), l.name.clone().into());
            if let Some(p) = &l.path {
                m.insert("path".into(), p.clone().into());
            }
            if let Some(t) = &l.title {
                m.insert("title".into(), t.clone().into());
            }
            Value::Object(m)
        }
        None => json!({
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0",
        }),
    };
    let language = meta.language.clone().unwrap_or_else(|| "vi".to_string());
    let mut contributors: Vec<Value> = creators
        .iter()
        .map(|c| json!({"title": c, "role": "author"}))
        .collect();
    if !publisher.is_empty() {
        contributors.push(json!({"title": publisher, "role": "publisher"}));
    }

    let mut pkg = Map::new();
    pkg.insert("profile".into(), "data-package".into());
    pkg.insert("name".into(), name.into());
    pkg.insert("id".into(), id.clone().into());
    pkg.insert("title".into(), title.clone().into());
    pkg.insert("description".into(), description.clone().into());
    if let Some(c) = &created {
        pkg.insert("created".into(), c.clone().into());
    }
    if let Some(v) = &meta.version {
        pkg.insert("version".into(), v.clone().into());
    }
    if let Some(h) = &meta.homepage {
        pkg.insert("homepage".into(), h.clone().into());
    }
    pkg.insert("language".into(), language.clone().into());
    pkg.insert("keywords".into(), json!(keywords));
    pkg.insert("licenses".into(), json!([license.clone()]));
    pkg.insert("contributors".into(), Value::Array(contributors));
    // Streamed in by `write_package`.
    pkg.insert("sources".into(), Value::Array(Vec::new()));
    pkg.insert(
        "tool".into(),
        json!({"name": "kehoach", "version": env!("CARGO_PKG_VERSION")}),
    );
    pkg.insert(
        "dc".into(),
        json!({
            "title": title,
            "creator": creators,
            "publisher": publisher,
            "date": created.as_deref().map(|c| &c[..10]),
            "description": description,
            "identifier": id,
            "language": language,
            "source": [], // streamed in by `write_package`
            "subject": keywords,
            "rights": license.get("title").or(license.get("name")).cloned(),
            "type": "Dataset",
            "format": "text/csv",
        }),
    );
    pkg.insert("resources".into(), Value::Array(Vec::new()));
    Value::Object(pkg)
}

pub mod xlsx {
    //! `dataset.xlsx`: one sheet per CSV dataset, plus a sheet describing
    //! the columns. Header row of Vietnamese titles, frozen, with an
    //! autofilter; numbers as numbers, dates as dates. The document
    //! properties carry a fixed creation time, so the bytes only depend on
    //! the CSVs.

    use super::{FieldType, TABLES};
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
            let bytes = std::fs::read(&path).map_err(|x| format!("{}: {x}", path.display()))?;
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let mut rd = csv::ReaderBuilder::new()
                .has_headers(true)
                .flexible(true)
                .from_reader(body);
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
                    FieldType::Integer | FieldType::Number | FieldType::Boolean => {
                        (*w).clamp(8, 14)
                    }
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output;

    #[test]
    fn writer_columns_equal_schema_fields() {
        let pairs: [(&[&str], &TableDef); 7] = [
            (output::AGENCIES_COLUMNS, &AGENCIES),
            (output::DOCUMENTS_COLUMNS, &DOCUMENTS),
            (output::SECTIONS_COLUMNS, &SECTIONS),
            (output::LEGAL_REFS_COLUMNS, &LEGAL_REFS),
            (output::TARGETS_COLUMNS, &TARGETS),
            (output::TASKS_COLUMNS, &TASKS),
            (output::ERRORS_COLUMNS, &ERRORS),
        ];
        for (cols, t) in pairs {
            assert_eq!(cols, t.field_names().as_slice(), "{}", t.name);
        }
    }

    #[test]
    fn every_field_is_described_and_keys_exist() {
        for t in TABLES {
            assert!(is_resource_name(t.name));
            for f in t.fields {
                assert!(
                    !f.title.is_empty() && !f.description.is_empty(),
                    "{}",
                    f.name
                );
            }
            for k in t.primary_key {
                assert!(t.fields.iter().any(|f| f.name == *k), "{}.{k}", t.name);
            }
            if t.doc_fk {
                assert_eq!(t.fields[0].name, "doc_id");
            }
        }
    }

    /// `schemas/` in the repository is what the code writes. Run with
    /// `KEHOACH_BLESS=1` to rewrite it after changing [`TABLES`].
    #[test]
    fn repository_schemas_are_current() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        let bless = std::env::var_os("KEHOACH_BLESS").is_some();
        for t in TABLES {
            let p = dir.join(format!("{}.schema.json", t.name));
            if bless {
                std::fs::write(&p, t.schema_text()).unwrap();
            }
            let on_disk = std::fs::read_to_string(&p).unwrap_or_default();
            assert_eq!(
                on_disk,
                t.schema_text(),
                "{} is stale: run KEHOACH_BLESS=1 cargo test --lib package",
                p.display()
            );
        }
        let v: Value = serde_json::from_str(DOCUMENT_SCHEMA).unwrap();
        assert!(jsonschema::draft202012::new(&v).is_ok());
    }

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
        let want = |ids: &[&str]| crate::pipeline::sha256_hex(ids.join("\n").as_bytes());
        assert_eq!(inputs.id_digest(), want(&[&b, &a]));
        inputs.failed(&src("v.pdf", "ZZ")).unwrap();
        assert_eq!(inputs.id_digest(), want(&[&b, "ZZ", &a]));
        let files: Vec<String> = inputs.listed().unwrap().map(|l| l.unwrap().file).collect();
        assert_eq!(files, ["x.pdf", "y.pdf", "z.pdf", "w.pdf", "v.pdf"]);
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
