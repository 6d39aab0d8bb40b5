//! The dataset's contract: every output table's columns, defined once.
//!
//! [`TABLES`] holds each CSV of the folder: its name, and per column the
//! Frictionless type, Vietnamese title and description and constraints.
//! The writers' header rows, the Table Schemas (`schemas/<name>.schema.json`
//! and the `schema` of each resource in `datapackage.json`), `kehoach
//! validate`, the spreadsheet and the readers of `merge` all take the
//! columns from here. The rows are written as the `*Row` structs below (one
//! per table, serialised by `csv`); a test checks that each struct's fields
//! are its table's columns, in order. The public contract is
//! `shared/docs/dataset.md`.

use serde::Serialize;
use serde_json::{json, Map, Value};

/// The JSON Schema (2020-12) of `documents/<doc_id>.json`.
pub const DOCUMENT_SCHEMA: &str = include_str!("../../schemas/document.schema.json");
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
    /// `minimum` constraint for numbers, if any.
    pub minimum: Option<i64>,
    /// `maximum` constraint for numbers, if any.
    pub maximum: Option<i64>,
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
        maximum: None,
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
    const fn max(mut self, m: i64) -> Field {
        self.maximum = Some(m);
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
        if let Some(m) = self.maximum {
            c.insert("maximum".into(), m.into());
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
        s(
            "number",
            "Số, ký hiệu",
            "Số và ký hiệu văn bản như được in, ví dụ 04/KH-SGTVT; để trống khi số chưa điền (Số:   /KH-UBND), ký hiệu khi đó ở cột number_symbol.",
        ),
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
            "number_symbol",
            "Ký hiệu",
            "Ký hiệu văn bản sau số (và năm), ví dụ KH-SGTVT; vẫn có khi số để trống (văn bản điền số bằng tay sau khi ký), khi đó cột number để trống.",
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
        s(
            "json_sha256",
            "Mã băm tệp JSON",
            "Mã băm SHA-256 (hệ 16) của tệp documents/<doc_id>.json của văn bản; trống khi trạng thái là failed.",
        )
        .pattern("[0-9a-f]{64}"),
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
            "Suy ra từ thời gian thực hiện, hoặc từ cột thời gian kết thúc khi bảng có riêng cột bắt đầu và cột kết thúc (ISO 8601); trống khi không xác định.",
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
        s(
            "row_id",
            "Mã dòng",
            "Mã ổn định của dòng trong văn bản ({table_no}-{số dòng}); trỏ vào tasks[] của documents/<doc_id>.json (trang, vị trí ô).",
        ),
        s(
            "table_kind",
            "Loại bảng",
            "task (nhiệm vụ), indicator (chỉ tiêu), score (chấm điểm, xếp hạng), list (danh sách).",
        ),
        s(
            "flags",
            "Cờ cần kiểm tra",
            "Lý do cần xem lại, cách nhau bằng dấu chấm phẩy: stitched (ghép qua trang), merged_cell (ô gộp), role_guessed (cột nội dung do đoán), timeframe_unparsed (không đọc được ngày), corrected (người rà soát đã sửa một ô, giá trị gốc ở errors.csv), ocr (có chữ đọc bằng OCR từ ảnh quét), low_confidence (độ tin cậy OCR dưới 0,6), repaired (OCR đọc sai chính tả, đã sửa tự động).",
        ),
        field(
            "confidence",
            FieldType::Number,
            "Độ tin cậy OCR",
            "Từ 0 đến 1: trong các ô của dòng có chữ đọc bằng OCR, mức tin cậy trung bình của Tesseract cho các từ của ô thấp nhất (chia 100); trống khi dòng lấy từ lớp chữ của PDF.",
        )
        .min(0)
        .max(1),
        s("number", "Số ký hiệu văn bản", "Số và ký hiệu của văn bản chứa nhiệm vụ (như documents.csv)."),
        s("title", "Trích yếu văn bản", "Trích yếu của văn bản chứa nhiệm vụ."),
        s("issuer", "Cơ quan ban hành", "Cơ quan ban hành văn bản chứa nhiệm vụ."),
        date("date", "Ngày ban hành", "Ngày ban hành văn bản (ISO 8601); trống khi không đầy đủ."),
        s("source_file", "Tệp nguồn", "Đường dẫn tệp đầu vào của văn bản."),
    ],
    primary_key: &[],
    doc_fk: true,
};

pub const ERRORS: TableDef = TableDef {
    name: "errors",
    title: "Lỗi và cảnh báo",
    description: "Mỗi dòng là một loại lỗi hoặc cảnh báo khi chuyển đổi một tệp đầu vào: cùng công đoạn, cùng loại và cùng nội dung (trừ các số) gộp thành một dòng, với số lần và các trang.",
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
        s(
            "severity",
            "Mức độ",
            "error: tệp không chuyển đổi được (lỗi); warning: tệp vẫn được chuyển đổi (cảnh báo).",
        )
        .req()
        .one_of(&["error", "warning"]),
        s(
            "message",
            "Nội dung",
            "Mô tả lỗi hoặc cảnh báo (lần gặp đầu tiên khi cùng loại lặp lại).",
        ),
        int(
            "page",
            "Trang",
            "Trang đầu tiên liên quan (nếu có); mọi trang ở cột pages.",
        )
        .min(1),
        int(
            "count",
            "Số lần",
            "Số lần gặp lỗi hoặc cảnh báo cùng loại, cùng nội dung (trừ các số) trong tệp.",
        )
        .req()
        .min(1),
        s(
            "pages",
            "Các trang",
            "Các trang liên quan, tăng dần, khoảng liền nhau viết gộp, cách nhau bằng dấu chấm phẩy (như 1-3;7); trống nếu không gắn với trang.",
        )
        .pattern("[0-9]+(-[0-9]+)?(;[0-9]+(-[0-9]+)?)*"),
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

/// `tables.csv`: the index of the tables found in the documents (bảng),
/// each with its own file `tables/<doc_id>-<table_no>.csv` and that file's
/// size and hash: one resource however many tables there are.
pub const TABLE_INDEX: TableDef = TableDef {
    name: "tables",
    title: "Bảng trong văn bản",
    description: "Mỗi dòng là một bảng tìm thấy trong một văn bản, với loại bảng, các trang, tiêu đề cột và tệp CSV riêng của bảng (tables/<doc_id>-<table_no>.csv: các dòng của bảng như đã tìm thấy, dòng đầu là tiêu đề cột).",
    fields: &[
        s("doc_id", "Mã tài liệu", "Mã của văn bản chứa bảng (documents.doc_id).")
            .req()
            .pattern("[0-9a-f]{16}"),
        int("table_no", "Số thứ tự bảng", "Số thứ tự của bảng trong văn bản, từ 1.")
            .req()
            .min(1),
        s("title", "Tên bảng", "Tên bảng (tiêu đề phụ lục hoặc dòng chữ ngay trên bảng)."),
        s(
            "table_kind",
            "Loại bảng",
            "task (nhiệm vụ), indicator (chỉ tiêu), score (chấm điểm, xếp hạng), list (danh sách); trống khi bảng không có cột số thứ tự.",
        )
        .one_of(&["task", "indicator", "score", "list"]),
        s(
            "method",
            "Cách tìm bảng",
            "lattice (theo đường kẻ ô, kể cả trang quét), stream (theo căn lề chữ).",
        )
        .one_of(&["lattice", "stream"]),
        s("pages", "Các trang", "Các trang có bảng, ví dụ 5-7 hoặc 3;5."),
        int("rows", "Số dòng", "Số dòng dữ liệu của tệp bảng (không kể dòng tiêu đề).").min(0),
        int("columns", "Số cột", "Số cột của tệp bảng.").min(0),
        s(
            "header",
            "Tiêu đề cột",
            "Các tiêu đề cột của tệp bảng, dạng mảng JSON.",
        ),
        s("path", "Tệp", "Đường dẫn của tệp bảng trong bộ dữ liệu.").req(),
        int("bytes", "Dung lượng (byte)", "Kích thước tệp bảng tính bằng byte.").min(0),
        s("sha256", "Mã băm", "Mã băm SHA-256 (hệ 16) của tệp bảng.")
            .req()
            .pattern("[0-9a-f]{64}"),
    ],
    primary_key: &["doc_id", "table_no"],
    doc_fk: true,
};

/// Every converted document's JSON, one compact line each in the order of
/// `documents.csv`: the bytes of `documents/<doc_id>.json` without the
/// layout whitespace (one resource for a portal, one file for Spark).
pub const DOCUMENTS_JSONL: &str = "documents.jsonl";

/// Every CSV of the dataset, in the order of the package.
pub const TABLES: &[TableDef] = &[
    DOCUMENTS,
    SECTIONS,
    LEGAL_REFS,
    TARGETS,
    TASKS,
    TABLE_INDEX,
    AGENCIES,
    ERRORS,
];

/// The table called `name`.
pub fn table(name: &str) -> Option<&'static TableDef> {
    TABLES.iter().find(|t| t.name == name)
}

impl TableDef {
    /// The table's column names, in order (its header row).
    pub fn columns(&self) -> impl ExactSizeIterator<Item = &'static str> + Clone {
        self.fields.iter().map(|f| f.name)
    }

    /// The position of column `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

/// Whether `s` is a valid resource or package name.
pub fn is_resource_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.' | b'_' | b'/')
        })
}

// The rows, one struct per table, fields in the order of its columns.

/// A row of `documents.csv` ([`DOCUMENTS`]); numbers are empty for a
/// failed input.
#[derive(Debug, Default, Serialize)]
pub struct DocumentRecord<'a> {
    pub doc_id: &'a str,
    pub source_file: &'a str,
    pub sha256: &'a str,
    pub pages: Option<usize>,
    pub text_source: &'a str,
    pub doc_type: &'a str,
    pub number: &'a str,
    pub issuer: &'a str,
    pub parent_issuer: &'a str,
    pub place: &'a str,
    pub date: &'a str,
    pub title: &'a str,
    pub signer_name: &'a str,
    pub signer_title: &'a str,
    pub status: &'a str,
    pub province: &'a str,
    pub date_text: &'a str,
    pub signer_authority: &'a str,
    pub number_symbol: &'a str,
    pub metadata_source: &'a str,
    pub bytes: u64,
    pub producer: &'a str,
    pub creation_date: &'a str,
    pub paragraphs: Option<usize>,
    pub footnotes: Option<usize>,
    pub tables: Option<usize>,
    pub warnings: Option<usize>,
    pub error: &'a str,
    pub json_sha256: &'a str,
}

/// A row of `tables.csv` ([`TABLE_INDEX`]).
#[derive(Debug, Default, Serialize)]
pub struct TableIndexRecord<'a> {
    pub doc_id: &'a str,
    pub table_no: u32,
    pub title: &'a str,
    pub table_kind: &'a str,
    pub method: &'a str,
    pub pages: &'a str,
    pub rows: u64,
    pub columns: usize,
    pub header: &'a str,
    pub path: &'a str,
    pub bytes: u64,
    pub sha256: &'a str,
}

/// A row of `errors.csv` ([`ERRORS`]).
#[derive(Debug, Default, Serialize)]
pub struct ErrorRecord<'a> {
    pub source_file: &'a str,
    pub stage: &'a str,
    pub kind: &'a str,
    /// `error` (the file failed) or `warning`.
    pub severity: &'a str,
    pub message: &'a str,
    /// The first of the pages (the contract's `page` column).
    pub page: Option<u32>,
    pub count: u64,
    /// [`page_list`] of the pages.
    pub pages: String,
}

/// Pages as `errors.csv` writes them: ascending, without repeats, runs of
/// consecutive pages as `a-b`, separated by `;` (`1-3;7`).
pub fn page_list(pages: impl IntoIterator<Item = u32>) -> String {
    let mut v: Vec<u32> = pages.into_iter().collect();
    v.sort_unstable();
    v.dedup();
    let mut out = String::new();
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j + 1 < v.len() && v[j + 1] == v[j] + 1 {
            j += 1;
        }
        if !out.is_empty() {
            out.push(';');
        }
        out.push_str(&v[i].to_string());
        if j > i {
            out.push('-');
            out.push_str(&v[j].to_string());
        }
        i = j + 1;
    }
    out
}

/// The template of a message, for grouping repeated warnings: every run of
/// ASCII digits as `#` (page numbers, counts, offsets).
pub fn message_template(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_digits = false;
    for c in message.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

/// A row of `sections.csv` ([`SECTIONS`]).
#[derive(Debug, Default, Serialize)]
pub struct SectionRecord<'a> {
    pub doc_id: &'a str,
    pub section_id: &'a str,
    pub level: u32,
    pub number: &'a str,
    pub heading: &'a str,
    pub page: u32,
}

/// A row of `legal_refs.csv` ([`LEGAL_REFS`]).
#[derive(Debug, Default, Serialize)]
pub struct LegalRefRecord<'a> {
    pub doc_id: &'a str,
    pub ref_type: &'a str,
    pub ref_number: &'a str,
    pub ref_date: &'a str,
    pub ref_issuer: &'a str,
    pub subject: &'a str,
    pub page: u32,
    pub section_id: &'a str,
    pub ref_date_text: &'a str,
    pub found_in: &'a str,
}

/// A row of `targets.csv` ([`TARGETS`]); `value` as [`number`] writes it.
#[derive(Debug, Default, Serialize)]
pub struct TargetRecord<'a> {
    pub doc_id: &'a str,
    pub section_id: &'a str,
    pub indicator: &'a str,
    pub value: String,
    pub unit: &'a str,
    pub comparator: &'a str,
    pub year: Option<u16>,
    pub page: u32,
    pub text: &'a str,
}

/// A row of `tasks.csv` ([`TASKS`]); `extra` is the JSON text of the other
/// columns (empty when there are none).
#[derive(Debug, Default, Serialize)]
pub struct TaskRecord<'a> {
    pub doc_id: &'a str,
    pub table_no: u32,
    pub table_title: &'a str,
    pub group: &'a str,
    pub stt: &'a str,
    pub name: &'a str,
    pub lead: &'a str,
    pub partners: &'a str,
    pub timeframe: &'a str,
    pub start: &'a str,
    pub end: &'a str,
    pub page: u32,
    pub extra: &'a str,
    pub recurrence: &'a str,
    pub lead_canonical: &'a str,
    pub partners_canonical: &'a str,
    pub row_id: &'a str,
    pub table_kind: &'a str,
    pub flags: String,
    /// [`crate::tasks::Task::confidence`] as [`number`] writes it; empty
    /// for a text-layer row.
    pub confidence: String,
    pub number: &'a str,
    pub title: &'a str,
    pub issuer: &'a str,
    pub date: &'a str,
    pub source_file: &'a str,
}

/// A row of `agencies.csv` ([`AGENCIES`]).
#[derive(Debug, Default, Serialize)]
pub struct AgencyRecord<'a> {
    pub canonical_name: &'a str,
    pub level: &'a str,
    pub collective: bool,
    pub aliases: String,
    pub documents: usize,
    pub mentions: u64,
    pub doc_ids: String,
    pub known: bool,
    pub example: &'a str,
}

impl<'a> From<&'a crate::agency::AgencyRow> for AgencyRecord<'a> {
    fn from(r: &'a crate::agency::AgencyRow) -> AgencyRecord<'a> {
        AgencyRecord {
            canonical_name: &r.canonical_name,
            level: r.level.as_str(),
            collective: r.collective,
            aliases: r.aliases.join("; "),
            documents: r.documents,
            mentions: r.mentions,
            doc_ids: r.doc_ids.join("; "),
            known: r.known,
            example: &r.example,
        }
    }
}

/// A number as the dataset writes it: dot decimal, no exponent, no `.0`.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header `csv` makes of a record struct: its field names.
    fn header_of(row: impl Serialize) -> Vec<String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(row).unwrap();
        let bytes = w.into_inner().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let first = r.records().next().unwrap().unwrap();
        first.iter().map(str::to_string).collect()
    }

    #[test]
    fn records_are_the_columns_of_their_tables() {
        let pairs = [
            (header_of(DocumentRecord::default()), &DOCUMENTS),
            (header_of(ErrorRecord::default()), &ERRORS),
            (header_of(SectionRecord::default()), &SECTIONS),
            (header_of(LegalRefRecord::default()), &LEGAL_REFS),
            (header_of(TargetRecord::default()), &TARGETS),
            (header_of(TaskRecord::default()), &TASKS),
            (header_of(AgencyRecord::default()), &AGENCIES),
            (header_of(TableIndexRecord::default()), &TABLE_INDEX),
        ];
        for (header, t) in pairs {
            let cols: Vec<&str> = t.columns().collect();
            assert_eq!(header, cols, "{}", t.name);
        }
        assert_eq!(DOCUMENTS.column("status"), Some(14));
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
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
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
                "{} is stale: run KEHOACH_BLESS=1 cargo test --lib dataset::contract",
                p.display()
            );
        }
        let v: Value = serde_json::from_str(DOCUMENT_SCHEMA).unwrap();
        assert!(jsonschema::draft202012::new(&v).is_ok());
    }

    #[test]
    fn page_lists_are_compact_and_sorted() {
        assert_eq!(page_list([]), "");
        assert_eq!(page_list([7, 1, 2, 3, 2]), "1-3;7");
        assert_eq!(page_list([4]), "4");
        assert_eq!(page_list([9, 5, 6]), "5-6;9");
        assert_eq!(
            message_template("font F12 on page 30 unreadable"),
            "font F# on page # unreadable"
        );
    }

    #[test]
    fn numbers_are_written_without_exponent_or_point_zero() {
        assert_eq!(number(80.0), "80");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(-3.0), "-3");
    }
}
