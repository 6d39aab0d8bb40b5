//! The signature block (phần ký) and document types (thể loại văn bản).
//!
//! Nghị định 30/2020/NĐ-CP fixes the signing prefixes (`TM.`, `KT.`, `Q.`, `TL.`,
//! `TUQ.`) and the type abbreviations (Phụ lục III); both are closed lists, so
//! they are recognised by table, not by guesswork.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::vn::{collapse_ws, fold_key, is_upper_text};

/// Document types and their official abbreviations (Phụ lục III, Nghị định
/// 30/2020), plus types cited as legal bases (`Luật`, `Nghị định`, `Thông tư`…)
/// whose abbreviations appear in symbols (`NĐ-CP`, `TT-BTTTT`). `Công văn` has
/// no abbreviation: its symbol is the issuing body only.
pub const DOC_TYPES: &[(&str, &str)] = &[
    ("Nghị quyết", "NQ"),
    ("Quyết định", "QĐ"),
    ("Chỉ thị", "CT"),
    ("Quy chế", "QC"),
    ("Quy định", "QyĐ"),
    ("Thông cáo", "TC"),
    ("Thông báo", "TB"),
    ("Hướng dẫn", "HD"),
    ("Chương trình", "CTr"),
    ("Kế hoạch", "KH"),
    ("Phương án", "PA"),
    ("Đề án", "ĐA"),
    ("Dự án", "DA"),
    ("Báo cáo", "BC"),
    ("Biên bản", "BB"),
    ("Tờ trình", "TTr"),
    ("Hợp đồng", "HĐ"),
    ("Công điện", "CĐ"),
    ("Bản ghi nhớ", "BGN"),
    ("Bản thỏa thuận", "BTT"),
    ("Giấy ủy quyền", "GUQ"),
    ("Giấy mời", "GM"),
    ("Giấy giới thiệu", "GGT"),
    ("Nghị định", "NĐ"),
    ("Thông tư", "TT"),
    ("Thông tư liên tịch", "TTLT"),
    ("Kết luận", "KL"),
    ("Luật", ""),
    ("Bộ luật", ""),
    ("Công văn", ""),
];

/// Canonical type name for an abbreviation (`QĐ` → `Quyết định`, `KH` →
/// `Kế hoạch`). Case-sensitive except for `Đ`/`D`, since `CTr` ≠ `CT`.
pub fn doc_type_from_abbr(abbr: &str) -> Option<&'static str> {
    if abbr.is_empty() {
        return None;
    }
    let norm = |s: &str| s.replace('Đ', "D");
    let a = norm(abbr);
    DOC_TYPES
        .iter()
        .find(|(_, ab)| !ab.is_empty() && norm(ab) == a)
        .map(|(name, _)| *name)
}

/// Canonical type name from the type line under the header (`KẾ HOẠCH` →
/// `Kế hoạch`, `QUYẾT ĐỊNH` → `Quyết định`), or from an abbreviation alone
/// (`KH`). The line must hold the type only (spaces and a trailing colon allowed),
/// so a sentence starting with `Kế hoạch …` is not taken for a heading.
pub fn doc_type_from_heading(line: &str) -> Option<&'static str> {
    let t = line.trim().trim_end_matches([':', '.']).trim();
    if t.is_empty() {
        return None;
    }
    let key = fold_key(t);
    DOC_TYPES
        .iter()
        .find(|(name, _)| fold_key(name) == key)
        .map(|(name, _)| *name)
        .or_else(|| doc_type_from_abbr(t))
}

/// Signing prefix (thể thức ký): on whose behalf the signer signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SignPrefix {
    /// `TM.` thay mặt: on behalf of a collective body.
    Tm,
    /// `KT.` ký thay: a deputy signing for the head.
    Kt,
    /// `Q.` quyền: acting head.
    Q,
    /// `TL.` thừa lệnh: by order of the head.
    Tl,
    /// `TUQ.` thừa ủy quyền: under delegated authority.
    Tuq,
}

impl SignPrefix {
    /// The prefix as written in documents (`KT.`).
    pub fn as_str(&self) -> &'static str {
        match self {
            SignPrefix::Tm => "TM.",
            SignPrefix::Kt => "KT.",
            SignPrefix::Q => "Q.",
            SignPrefix::Tl => "TL.",
            SignPrefix::Tuq => "TUQ.",
        }
    }
}

/// A signing line `KT. GIÁM ĐỐC`: the prefix and the authority signed for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signing {
    pub prefix: SignPrefix,
    /// The authority as written (`GIÁM ĐỐC`, `ỦY BAN NHÂN DÂN`).
    pub authority: String,
}

static SIGN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<p>TUQ|TM|KT|TL|Q)\s*\.\s*(?P<a>\p{Lu}.*?)\s*$").expect("sign regex")
});

/// Parses a signing prefix line (`KT. GIÁM ĐỐC`, `KT.GIÁM ĐỐC`,
/// `TM. ỦY BAN NHÂN DÂN`). The authority must be upper-case, as the rules ask,
/// which keeps `Q. Ninh …`-like text out.
pub fn parse_signing(line: &str) -> Option<Signing> {
    let c = SIGN_RE.captures(line)?;
    let authority = collapse_ws(&c["a"]);
    if !is_upper_text(&authority) {
        return None;
    }
    let prefix = match &c["p"] {
        "TM" => SignPrefix::Tm,
        "KT" => SignPrefix::Kt,
        "Q" => SignPrefix::Q,
        "TL" => SignPrefix::Tl,
        _ => SignPrefix::Tuq,
    };
    Some(Signing { prefix, authority })
}

/// Signer titles (chức vụ người ký), canonical spelling. Longest first so that
/// `PHÓ GIÁM ĐỐC` is not read as `GIÁM ĐỐC`.
const TITLES: &[&str] = &[
    "Phó Chánh Văn phòng",
    "Chánh Văn phòng",
    "Phó Tổng Giám đốc",
    "Tổng Giám đốc",
    "Phó Giám đốc",
    "Giám đốc",
    "Phó Chủ tịch",
    "Chủ tịch",
    "Phó Trưởng ban",
    "Trưởng ban",
    "Phó Trưởng phòng",
    "Trưởng phòng",
    "Phó Chánh Thanh tra",
    "Chánh Thanh tra",
    "Phó Cục trưởng",
    "Cục trưởng",
    "Phó Chi cục trưởng",
    "Chi cục trưởng",
    "Thứ trưởng",
    "Bộ trưởng",
    "Phó Bí thư",
    "Bí thư",
    "Phó Viện trưởng",
    "Viện trưởng",
    "Phó Hiệu trưởng",
    "Hiệu trưởng",
    "Thủ trưởng",
    "Phó Thủ tướng",
    "Thủ tướng",
];

/// Recognises a signer's title line (`PHÓ GIÁM ĐỐC`, `CHỦ TỊCH`) and returns its
/// canonical spelling (`Phó Giám đốc`). The line must be the title alone (an
/// optional ` SỞ …`-style tail is not accepted), in upper or normal case.
pub fn signer_title(line: &str) -> Option<&'static str> {
    let key = fold_key(line.trim().trim_end_matches(['.', ':']));
    if key.is_empty() {
        return None;
    }
    TITLES.iter().find(|t| fold_key(t) == key).copied()
}

/// Whether a line looks like a signer's name (`Trịnh Thanh Hùng`): 2–5 words,
/// each capitalised, not all upper-case, letters only. Why: the name is the last
/// line of the signature block, after blank lines left for the signature.
pub fn looks_like_person_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) || is_upper_text(line) {
        return false;
    }
    words.iter().all(|w| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.all(char::is_lowercase)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(doc_type_from_heading("KẾ HOẠCH"), Some("Kế hoạch"));
        assert_eq!(doc_type_from_heading(" KẾ HOẠCH  "), Some("Kế hoạch"));
        assert_eq!(doc_type_from_heading("QUYẾT ĐỊNH"), Some("Quyết định"));
        assert_eq!(doc_type_from_heading("ĐỀ ÁN"), Some("Đề án"));
        assert_eq!(doc_type_from_heading("CHƯƠNG TRÌNH"), Some("Chương trình"));
        assert_eq!(doc_type_from_heading("KH"), Some("Kế hoạch"));
        assert_eq!(doc_type_from_heading("Kế hoạch xây dựng Chính quyền"), None);
        assert_eq!(doc_type_from_heading(""), None);
    }

    #[test]
    fn abbreviations() {
        assert_eq!(doc_type_from_abbr("QĐ"), Some("Quyết định"));
        assert_eq!(doc_type_from_abbr("NĐ"), Some("Nghị định"));
        assert_eq!(doc_type_from_abbr("CTr"), Some("Chương trình"));
        assert_eq!(doc_type_from_abbr("CT"), Some("Chỉ thị"));
        assert_eq!(doc_type_from_abbr("TB"), Some("Thông báo"));
        assert_eq!(doc_type_from_abbr("STTTT"), None);
        assert_eq!(doc_type_from_abbr(""), None);
    }

    #[test]
    fn signing_lines() {
        let s = parse_signing("KT. GIÁM ĐỐC").unwrap();
        assert_eq!(
            (s.prefix, s.authority.as_str()),
            (SignPrefix::Kt, "GIÁM ĐỐC")
        );
        // seed 001: no space after the dot
        assert_eq!(parse_signing("KT.GIÁM ĐỐC").unwrap().prefix, SignPrefix::Kt);
        let s = parse_signing("TM. ỦY BAN NHÂN DÂN").unwrap();
        assert_eq!(s.prefix, SignPrefix::Tm);
        assert_eq!(s.authority, "ỦY BAN NHÂN DÂN");
        assert_eq!(
            parse_signing("TUQ. CHỦ TỊCH").unwrap().prefix,
            SignPrefix::Tuq
        );
        assert_eq!(
            parse_signing("TL. GIÁM ĐỐC").unwrap().prefix,
            SignPrefix::Tl
        );
        assert_eq!(parse_signing("Q. GIÁM ĐỐC").unwrap().prefix, SignPrefix::Q);
        assert!(parse_signing("GIÁM ĐỐC").is_none());
        assert!(parse_signing("KT. Giám đốc ký").is_none());
    }

    #[test]
    fn titles() {
        assert_eq!(signer_title("PHÓ GIÁM ĐỐC"), Some("Phó Giám đốc"));
        assert_eq!(signer_title("GIÁM ĐỐC"), Some("Giám đốc"));
        assert_eq!(signer_title("CHỦ TỊCH"), Some("Chủ tịch"));
        assert_eq!(signer_title("PHÓ CHỦ TỊCH"), Some("Phó Chủ tịch"));
        assert_eq!(signer_title("Giám đốc Sở"), None);
        assert_eq!(signer_title(""), None);
    }

    #[test]
    fn names() {
        assert!(looks_like_person_name("Trịnh Thanh Hùng"));
        assert!(looks_like_person_name("Trần Phượng Quyên"));
        assert!(looks_like_person_name("Nguyễn Nhân Bản"));
        assert!(!looks_like_person_name("PHÓ GIÁM ĐỐC"));
        assert!(!looks_like_person_name("Lưu: VT, VP."));
        assert!(!looks_like_person_name("Sở Giao thông vận tải"));
    }
}
