//! Spreadsheet-safe CSV cells (CSV injection, CWE-1236).
//!
//! Extracted text is untrusted: a PDF can print `=HYPERLINK("http://…")`,
//! and LibreOffice Calc's default CSV import evaluates a cell that starts
//! with `=` (Excel also starts a formula at `+`, `-` and `@`). Every CSV
//! cell that a spreadsheet could read as a formula is therefore written
//! with one leading apostrophe (`'=1+1`): spreadsheets then show it as
//! text, with the apostrophe visible, and nothing runs. Plain numbers
//! (`-5`, `+84`, `-1,5`), a lone `=` or `-`, and list items (`- Tuyên
//! truyền …`: a bullet, a space, words, no function call or DDE) are left
//! alone, since no spreadsheet runs them. The JSON files and `dataset.xlsx` (typed string cells) keep
//! the exact text.

use std::borrow::Cow;

/// The one-character prefix written before a cell that could run as a formula.
pub const PREFIX: char = '\'';

/// Characters that start a formula in some spreadsheet, or that spreadsheets
/// skip before one (tab, carriage return).
fn starts_formula(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// `-5`, `+84`, `-1,5`, `-12.5%`: a number, not a formula.
fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let body = body.strip_suffix('%').unwrap_or(body);
    !body.is_empty()
        && body.starts_with(|c: char| c.is_ascii_digit())
        && body.ends_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// `- Tuyên truyền …`, `+ Hội nghị …`: a list bullet, a space, then words.
/// Documents are full of such cells and no spreadsheet runs them (Excel at
/// worst shows `#NAME?`), so they keep their text, unless they hold what a
/// formula needs to do harm: a DDE call (`|`, `!`) or a function call
/// (`HYPERLINK(`).
fn is_bullet_text(s: &str) -> bool {
    let mut chars = s.chars();
    let (Some(b), Some(sp)) = (chars.next(), chars.next()) else {
        return false;
    };
    if !matches!(b, '-' | '+') || sp != ' ' {
        return false;
    }
    let rest = chars.as_str();
    if rest.contains(['|', '!', '=']) {
        return false;
    }
    // a function call: ASCII letters (and dots) right before `(`
    let bytes = rest.as_bytes();
    let call = bytes.iter().enumerate().any(|(i, &c)| {
        c == b'(' && i > 0 && (bytes[i - 1].is_ascii_alphabetic() || bytes[i - 1] == b'.')
    });
    !call && rest.starts_with(|c: char| c.is_alphabetic() || c.is_numeric() || c == '(')
}

/// A spreadsheet could evaluate `s`, or `s` is such a text behind the
/// prefix already (`'=x` must be written `''=x` to read back as itself).
fn needs_prefix(s: &str) -> bool {
    match s.chars().next() {
        Some(PREFIX) => needs_prefix(&s[PREFIX.len_utf8()..]),
        // a lone `=` or `-` (a comparator, an empty-cell dash) has nothing
        // to compute and is shown as text
        Some(c) => {
            starts_formula(c) && s.len() > c.len_utf8() && !is_plain_number(s) && !is_bullet_text(s)
        }
        None => false,
    }
}

/// The cell as written to a CSV: `s` itself, or `'` + `s` when a
/// spreadsheet could evaluate it.
pub fn cell(s: &str) -> Cow<'_, str> {
    if needs_prefix(s) {
        let mut out = String::with_capacity(s.len() + 1);
        out.push(PREFIX);
        out.push_str(s);
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

/// The extracted text of a CSV cell written by [`cell`].
pub fn original(s: &str) -> &str {
    match s.strip_prefix(PREFIX) {
        Some(rest) if needs_prefix(rest) => rest,
        _ => s,
    }
}

/// A flat record (a `#[derive(Serialize)]` row struct) whose string
/// fields are written through [`cell`]; numbers and booleans unchanged.
/// Used by the CSV writers so that no row type has to remember the rule.
pub struct SafeRecord<'a, T: ?Sized>(pub &'a T);

impl<T: serde::Serialize + ?Sized> serde::Serialize for SafeRecord<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Safe(s))
    }
}

/// A value serialised through [`Safe`].
struct SafeValue<'a, T: ?Sized>(&'a T);

impl<T: serde::Serialize + ?Sized> serde::Serialize for SafeValue<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Safe(s))
    }
}

/// A serializer that hands everything to `S`, strings through [`cell`].
struct Safe<S>(S);

macro_rules! forward {
    ($($name:ident($t:ty)),* $(,)?) => {
        $(fn $name(self, v: $t) -> Result<S::Ok, S::Error> { self.0.$name(v) })*
    };
}

impl<S: serde::Serializer> serde::Serializer for Safe<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Safe<S::SerializeSeq>;
    type SerializeTuple = Safe<S::SerializeTuple>;
    type SerializeTupleStruct = Safe<S::SerializeTupleStruct>;
    type SerializeTupleVariant = S::SerializeTupleVariant;
    type SerializeMap = S::SerializeMap;
    type SerializeStruct = Safe<S::SerializeStruct>;
    type SerializeStructVariant = S::SerializeStructVariant;

    forward!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
    );

    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        self.0.serialize_str(&cell(v))
    }
    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_none()
    }
    fn serialize_some<T: serde::Serialize + ?Sized>(self, v: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&SafeValue(v))
    }
    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit()
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_struct(name)
    }
    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_variant(name, index, variant)
    }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        name: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, &SafeValue(v))
    }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, &SafeValue(v))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(Safe)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len).map(Safe)
    }
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0.serialize_tuple_struct(name, len).map(Safe)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.0.serialize_tuple_variant(name, index, variant, len)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0.serialize_map(len)
    }
    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.0.serialize_struct(name, len).map(Safe)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.0.serialize_struct_variant(name, index, variant, len)
    }
}

impl<S: serde::ser::SerializeStruct> serde::ser::SerializeStruct for Safe<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(key, &SafeValue(v))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

macro_rules! compound {
    ($tr:ident, $method:ident) => {
        impl<S: serde::ser::$tr> serde::ser::$tr for Safe<S> {
            type Ok = S::Ok;
            type Error = S::Error;
            fn $method<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), S::Error> {
                self.0.$method(&SafeValue(v))
            }
            fn end(self) -> Result<S::Ok, S::Error> {
                self.0.end()
            }
        }
    };
}
compound!(SerializeSeq, serialize_element);
compound!(SerializeTuple, serialize_element);
compound!(SerializeTupleStruct, serialize_field);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_get_the_prefix() {
        for s in [
            "=1+1",
            "=HYPERLINK(\"http://e.com\";\"c\")",
            "+1+1",
            "-1+1",
            "@SUM(1;2)",
            "- HYPERLINK(\"http://e\")",
            "- 2+3+cmd|' /C calc'!A0",
            "- x =1+1",
            "\t=1+1",
            "\r=1",
        ] {
            let c = cell(s);
            assert_eq!(c, format!("'{s}"), "{s:?}");
            assert_eq!(original(&c), s);
        }
    }

    #[test]
    fn text_and_numbers_are_unchanged() {
        for s in [
            "",
            "Sở Thông tin và Truyền thông",
            "1",
            "-5",
            "+84",
            "-1,5",
            "-12.5%",
            "'quoted'",
            "Quý III/2024",
            "97,14%",
            "=",
            "-",
            "- Tuyên truyền về chuyển đổi số",
            "- Trong thời hạn 03 ngày làm việc (kể từ ngày nhận hồ sơ)",
            "+ Hội nghị",
        ] {
            assert!(matches!(cell(s), Cow::Borrowed(_)), "{s:?}");
            assert_eq!(original(s), s);
        }
    }

    #[test]
    fn records_are_written_safely() {
        #[derive(serde::Serialize)]
        struct Row<'a> {
            name: &'a str,
            page: u32,
            lead: String,
            end: Option<&'a str>,
        }
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        w.serialize(SafeRecord(&Row {
            name: "=HYPERLINK(\"http://e\")",
            page: 3,
            lead: "Sở Y tế".into(),
            end: Some("-1+1"),
        }))
        .expect("serialize");
        let bytes = w.into_inner().expect("flush");
        assert_eq!(
            String::from_utf8(bytes).expect("utf8"),
            "\"'=HYPERLINK(\"\"http://e\"\")\",3,Sở Y tế,'-1+1\n"
        );
    }

    #[test]
    fn original_of_an_apostrophe_that_was_in_the_text() {
        // an apostrophe before a non-formula is the text's own
        assert_eq!(original("'abc"), "'abc");
        // text that itself began with `'=` is written `''=` and read back
        assert_eq!(cell("'=x"), "''=x");
        assert_eq!(original(&cell("'=x")), "'=x");
        assert_eq!(original(&cell("''=x")), "''=x");
    }
}
