//! Header vocabulary: which role a printed header cell names, as data.
//!
//! The built-in vocabulary is `header_vocab.tsv` (its first lines describe
//! the format); a user file in the same format extends it
//! ([`HeaderVocab::extend_from_tsv`]). Headers are compared on a folded form
//! ([`fold_header`]: case, accents, punctuation, `/` and line breaks
//! ignored) with a small edit distance tolerated for longer phrases, so
//! `Nhiệm vụ, giải pháp`, `Đơn vị chủ trì/phối hợp` and an OCR'd `Thời øian`
//! all map.

use crate::layout::table::Role;

const BUILTIN: &str = include_str!("header_vocab.tsv");

/// What a vocabulary entry says about a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// One role.
    Role(Role),
    /// Both the lead and the partners (`Đơn vị chủ trì/phối hợp`).
    LeadPartners,
    /// The subject unless a column to its left is; else the lead (`Đơn vị`).
    NameOrLead,
    /// A row label of a total/average row (not a header).
    Summary,
}

/// How a phrase must match a folded header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Match {
    Contains,
    Prefix,
    Whole,
}

#[derive(Debug, Clone)]
struct Entry {
    meaning: Meaning,
    how: Match,
    phrase: String,
}

/// An error in a vocabulary file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("header vocabulary line {line}: {message}")]
pub struct VocabError {
    pub line: usize,
    pub message: String,
}

/// The header vocabulary.
#[derive(Debug, Clone)]
pub struct HeaderVocab {
    entries: Vec<Entry>,
}

impl Default for HeaderVocab {
    fn default() -> Self {
        Self::builtin()
    }
}

/// Folded form of a header or cell: [`crate::vn::fold_key`], then every
/// character that is not a letter or digit becomes a space, runs collapsed.
pub fn fold_header(s: &str) -> String {
    let k = crate::vn::fold_key(s);
    let mut out = String::with_capacity(k.len());
    for c in k.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    let n = out.trim_end().len();
    out.truncate(n);
    out
}

fn parse_meaning(s: &str) -> Option<Meaning> {
    let role = |r: &str| match r {
        "stt" => Some(Role::Stt),
        "name" => Some(Role::Name),
        "lead" => Some(Role::Lead),
        "partners" => Some(Role::Partners),
        "timeframe" => Some(Role::Timeframe),
        "other" => Some(Role::Other),
        _ => None,
    };
    match s {
        "lead+partners" | "partners+lead" => Some(Meaning::LeadPartners),
        "name|lead" => Some(Meaning::NameOrLead),
        "summary" => Some(Meaning::Summary),
        r => role(r).map(Meaning::Role),
    }
}

/// Allowed edit distance for a phrase of `n` letters.
fn tolerance(n: usize) -> usize {
    match n {
        0..=5 => 0,
        6..=11 => 1,
        _ => 2,
    }
}

impl HeaderVocab {
    /// The vocabulary shipped with kehoach.
    pub fn builtin() -> Self {
        let mut v = HeaderVocab {
            entries: Vec::new(),
        };
        // The built-in file is checked by a unit test; a bad line is skipped.
        let _ = v.extend_from_tsv(BUILTIN);
        v
    }

    /// Adds the entries of a TSV text (format of `header_vocab.tsv`); later
    /// entries win over earlier ones of the same phrase length and kind.
    /// Returns the first malformed line as an error (the lines before it are
    /// kept).
    pub fn extend_from_tsv(&mut self, text: &str) -> Result<(), VocabError> {
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let err = |m: &str| VocabError {
                line: i + 1,
                message: m.to_string(),
            };
            let mut parts = line.split('\t');
            let (Some(r), Some(m), Some(p)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(err("expected ROLES<TAB>MATCH<TAB>PHRASE"));
            };
            let meaning = parse_meaning(r.trim()).ok_or_else(|| err("unknown role"))?;
            let how = match m.trim() {
                "=" => Match::Whole,
                "^" => Match::Prefix,
                "*" => Match::Contains,
                _ => return Err(err("MATCH must be =, ^ or *")),
            };
            let phrase = fold_header(p);
            if phrase.is_empty() {
                return Err(err("empty phrase"));
            }
            self.entries.push(Entry {
                meaning,
                how,
                phrase,
            });
        }
        Ok(())
    }

    /// What a header cell means, if the vocabulary knows it.
    pub fn meaning(&self, header: &str) -> Option<Meaning> {
        self.best(&fold_header(header), false)
    }

    /// Whether a row label (the first cell of a row) names a total or an
    /// average (`Tổng cộng`, `Chỉ số chung`).
    pub fn is_summary_label(&self, cell: &str) -> bool {
        self.best(&fold_header(cell), true) == Some(Meaning::Summary)
    }

    /// The role of a header cell alone (a column naming both lead and
    /// partners counts as lead; `Đơn vị` alone as the subject).
    pub fn role(&self, header: &str) -> Role {
        match self.meaning(header) {
            Some(Meaning::Role(r)) => r,
            Some(Meaning::LeadPartners) => Role::Lead,
            Some(Meaning::NameOrLead) => Role::Name,
            Some(Meaning::Summary) | None => Role::Other,
        }
    }

    fn best(&self, key: &str, summary: bool) -> Option<Meaning> {
        if key.is_empty() {
            return None;
        }
        let words: Vec<&str> = key.split(' ').collect();
        let mut best: Option<(usize, Match, usize, Meaning)> = None;
        for (i, e) in self.entries.iter().enumerate() {
            if (e.meaning == Meaning::Summary) != summary {
                continue;
            }
            if matches(key, &words, e) {
                let rank = (e.phrase.len(), e.how, i, e.meaning);
                if best.is_none_or(|b| (rank.0, rank.1, rank.2) > (b.0, b.1, b.2)) {
                    best = Some(rank);
                }
            }
        }
        best.map(|b| b.3)
    }
}

fn matches(key: &str, words: &[&str], e: &Entry) -> bool {
    let tol = tolerance(e.phrase.chars().filter(|c| *c != ' ').count());
    let close =
        |a: &str| a == e.phrase || (tol > 0 && crate::vn::edit_distance(a, &e.phrase) <= tol);
    match e.how {
        Match::Whole => close(key),
        Match::Prefix => {
            let n = e.phrase.split(' ').count();
            words.len() >= n && close(&words[..n].join(" "))
        }
        Match::Contains => {
            let n = e.phrase.split(' ').count();
            words.len() >= n && words.windows(n).any(|w| w.join(" ") == e.phrase)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_file_parses() {
        let mut v = HeaderVocab {
            entries: Vec::new(),
        };
        assert_eq!(v.extend_from_tsv(BUILTIN), Ok(()));
        assert!(v.entries.len() > 80, "{}", v.entries.len());
    }

    #[test]
    fn folding_ignores_case_accents_punctuation() {
        assert_eq!(fold_header("Nhiệm vụ, giải pháp"), "nhiem vu giai phap");
        assert_eq!(
            fold_header("Đơn vị chủ trì/\nphối hợp"),
            "don vi chu tri phoi hop"
        );
        assert_eq!(fold_header(" (1) "), "1");
    }

    #[test]
    fn real_headers_map_to_roles() {
        let v = HeaderVocab::builtin();
        let cases = [
            ("STT", Role::Stt),
            ("TT", Role::Stt),
            ("Thứ tự các bước", Role::Stt),
            ("Nhiệm vụ, giải pháp", Role::Name),
            ("Nội dung công việc", Role::Name),
            ("Nội dung nhiệm vụ ủy quyền", Role::Name),
            ("Thủ tục hành chính", Role::Name),
            ("Tên TTHC", Role::Name),
            ("Tên thủ tục hành chính", Role::Name),
            ("Địa phương", Role::Name),
            ("Đơn vị", Role::Name),
            ("Đơn vị được kiểm tra", Role::Name),
            ("Cơ quan, đơn vị", Role::Name),
            ("Tên TC/TCTP", Role::Name),
            ("Họ và tên", Role::Name),
            ("Chỉ tiêu", Role::Name),
            ("Cơ quan chủ trì", Role::Lead),
            ("Sở, ngành chủ trì", Role::Lead),
            ("Trách nhiệm thực hiện", Role::Lead),
            ("Chủ trì thực hiện", Role::Lead),
            ("Đơn vị/cá nhân thực hiện", Role::Lead),
            ("Cơ quan phối hợp", Role::Partners),
            ("Phối hợp thực hiện", Role::Partners),
            ("Thời hạn hoàn thành", Role::Timeframe),
            ("Thời hạn giải quyết", Role::Timeframe),
            ("Tiến độ", Role::Timeframe),
            ("Thời gian- Địa điểm", Role::Timeframe),
            (
                "Thời gian thực hiện (tính theo ngày, giờ làm việc)",
                Role::Timeframe,
            ),
            ("Thời øian thực hiện", Role::Timeframe),
            ("Ghi chú", Role::Other),
            ("Đơn vị tính", Role::Other),
            ("Căn cứ pháp lý", Role::Other),
            ("Điểm tự đánh giá", Role::Other),
            ("Kết quả đạt được năm 2023, nguyên nhân", Role::Other),
            ("Lâm Đồng Điểm số", Role::Other),
            ("KOL", Role::Other),
            ("Giải", Role::Other),
            // two letters: no fuzzy match (`TL` is not `TT`)
            ("TL", Role::Other),
            ("", Role::Other),
        ];
        for (h, want) in cases {
            assert_eq!(v.role(h), want, "{h:?}");
        }
        assert_eq!(
            v.meaning("Đơn vị chủ trì/phối hợp"),
            Some(Meaning::LeadPartners)
        );
        assert_eq!(v.meaning("Đơn vị"), Some(Meaning::NameOrLead));
    }

    #[test]
    fn summary_labels() {
        let v = HeaderVocab::builtin();
        for s in [
            "Tổng cộng",
            "TỔNG CỘNG:",
            "Chỉ số chung",
            "Chỉ số cao nhất",
            "Chỉ số trung bình",
            "Tổng thời gian giải quyết thủ tục hành chính",
            "Cộng",
        ] {
            assert!(v.is_summary_label(s), "{s}");
        }
        for s in [
            "Tổ chức hội nghị",
            "Công an tỉnh",
            "1",
            "Chi phí gia nhập thị trường",
        ] {
            assert!(!v.is_summary_label(s), "{s}");
        }
    }

    #[test]
    fn user_entries_extend_and_errors_name_the_line() {
        let mut v = HeaderVocab::builtin();
        assert_eq!(v.role("Hạng mục"), Role::Other);
        v.extend_from_tsv("# mine\nname\t^\thạng mục\n").unwrap();
        assert_eq!(v.role("Hạng mục đầu tư"), Role::Name);
        let e = v.extend_from_tsv("\nbogus\t=\tx\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(v.extend_from_tsv("name\t?\tx").is_err());
    }
}
