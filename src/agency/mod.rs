//! Agency canonicalisation (đơn vị chủ trì / phối hợp).
//!
//! Task tables name agencies in many spellings: `Sở Thông tin và Truyền thông`,
//! `Sở TT&TT`, `STTTT`; `Văn phòng UBND tỉnh`, `VP UBND tỉnh`; `hoà`/`hòa`. This
//! module splits a lead/partner cell into the bodies it names
//! ([`split_agencies`], [`split_roles`]), maps each to one canonical name with
//! a level ([`Canonicalizer::canonical`]) and accumulates an `agencies.csv`
//! over a batch ([`AgencyIndex`]).
//!
//! Decisions:
//! - **Splitting.** `;`, bullet lines and line breaks before a new body always
//!   separate. A `,` separates only when what follows starts a body (a head word
//!   such as `Sở`, `UBND`, `Công an`, `Văn phòng`, `Phòng …`, `Bộ`, `Ban …`,
//!   `các …`, or a known alias); so `Sở Văn hóa, Thể thao và Du lịch`,
//!   `Các sở, ban, ngành tỉnh`, `UBND các huyện, thị xã, thành phố` and
//!   `Phòng QL VT, PT &NL` stay whole. `và` separates only before a head word
//!   (`Sở Nội vụ và Sở Tư pháp`, `… và các phòng, ban`, `… và địa phương`), never
//!   inside `Sở Khoa học và Công nghệ`. A cell that is a known alias as a whole is
//!   never split.
//! - **`phối hợp` in a lead cell** (`Văn phòng Sở phối hợp Phòng Kế hoạch - Tài
//!   chính`): the bodies before it are the lead, those after it are partners
//!   ([`split_roles`]); [`split_agencies`] returns both, in order. `chủ trì`
//!   markers and `(chủ trì)`/`(phối hợp)` notes are dropped.
//! - **Canonical names** are the long official names of the *kind* of body, not
//!   of one province's body: `Công an tỉnh Hậu Giang` → `Công an tỉnh`,
//!   `Báo Hậu Giang` → `Báo tỉnh`, `UBND tỉnh Đắk Nông` → `Ủy ban nhân dân tỉnh`;
//!   `doc_ids` tells which documents (hence provinces). Bodies renamed or merged
//!   in 2025 keep their own name (`Sở TT&TT` is not folded into `Sở KH&CN`); a
//!   user alias file can do that.
//! - **Levels**: `tỉnh`, `huyện`, `xã`, `bộ` (ministries and ministry-level
//!   bodies), `trung ương` (Chính phủ, Quốc hội, central Cục), `nội bộ` (internal
//!   units of the issuing body: `Văn phòng Sở`, `Phòng …`, `Ban Giám đốc Sở`,
//!   `Các phòng, ban trực thuộc`), `khác` (enterprises, anything else).
//!   Internal units get their own level rather than `khác` so that they can be
//!   filtered out of cross-agency statistics.
//! - **Collective phrases** (`Các sở, ban, ngành tỉnh`, `UBND cấp huyện`, …) are one
//!   entry with `collective = true`; unknown phrases starting with `các`/`những`
//!   or naming `cấp huyện`/`cấp xã` are collective too.
//! - **Unknown bodies** keep the cleaned spelling (first letter upper-cased,
//!   trailing notes like `(để b/c)` dropped), `known = false`; spellings with
//!   the same key still merge in the index.

mod builtin;
mod index;
mod split;

#[cfg(test)]
mod tests;

pub use index::{AgencyIndex, AgencyRow, Role, TaskAgencies};
pub use split::{split_agencies, split_roles, RoleSplit};

use crate::vn::fold_key;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Administrative level of a body (cấp).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// `tỉnh`: provincial bodies (Sở, UBND tỉnh, Công an tỉnh, …).
    Tinh,
    /// `huyện`: district level.
    Huyen,
    /// `xã`: commune level.
    Xa,
    /// `bộ`: ministries and ministry-level bodies.
    Bo,
    /// `trung ương`: Chính phủ, Quốc hội, central departments.
    TrungUong,
    /// `nội bộ`: internal units of the issuing body (Văn phòng Sở, Phòng …).
    NoiBo,
    /// `khác`: enterprises and anything not classified.
    Khac,
}

impl Level {
    /// The value written to `agencies.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Tinh => "tỉnh",
            Level::Huyen => "huyện",
            Level::Xa => "xã",
            Level::Bo => "bộ",
            Level::TrungUong => "trung ương",
            Level::NoiBo => "nội bộ",
            Level::Khac => "khác",
        }
    }

    /// Parses a level as written in an alias file, with or without diacritics
    /// (`tỉnh`, `tinh`, `cấp huyện`, `trung ương`, `noi bo`, …).
    pub fn parse(s: &str) -> Option<Level> {
        let k = fold_key(s);
        let k = k.strip_prefix("cap ").unwrap_or(&k);
        Some(match k {
            "tinh" | "province" => Level::Tinh,
            "huyen" | "district" => Level::Huyen,
            "xa" | "commune" => Level::Xa,
            "bo" | "ministry" => Level::Bo,
            "trung uong" | "tw" | "central" => Level::TrungUong,
            "noi bo" | "don vi noi bo" | "internal" => Level::NoiBo,
            "khac" | "other" => Level::Khac,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One body after canonicalisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    /// Canonical name (the long official form for known bodies; the cleaned
    /// spelling for unknown ones).
    pub canonical: String,
    pub level: Level,
    /// A collective phrase (`Các sở, ban, ngành tỉnh`), not one body.
    pub collective: bool,
    /// Found in the alias table (built-in or user file).
    pub known: bool,
}

/// Errors reading a user alias file.
#[derive(Debug, thiserror::Error)]
pub enum AgencyError {
    #[error("cannot read alias file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("alias file {path}, line {line}: {source}")]
    Csv {
        path: PathBuf,
        line: u64,
        source: csv::Error,
    },
    #[error("alias file {path}, line {line}: {message}")]
    Invalid {
        path: PathBuf,
        line: u64,
        message: String,
    },
}

#[derive(Debug, Clone)]
struct Entry {
    canonical: String,
    level: Level,
    collective: bool,
}

/// Maps agency names to canonical entries: the built-in table plus optional
/// user aliases (which override built-in ones alias by alias).
#[derive(Debug, Clone)]
pub struct Canonicalizer {
    entries: Vec<Entry>,
    by_key: HashMap<String, usize>,
}

impl Default for Canonicalizer {
    fn default() -> Self {
        Canonicalizer::new()
    }
}

impl Canonicalizer {
    /// The built-in table only.
    pub fn new() -> Canonicalizer {
        builtin_canonicalizer().clone()
    }

    fn from_builtin() -> Canonicalizer {
        let mut c = Canonicalizer {
            entries: Vec::new(),
            by_key: HashMap::new(),
        };
        for b in builtin::BUILTIN {
            let idx = c.entries.len();
            c.entries.push(Entry {
                canonical: b.canonical.to_string(),
                level: b.level,
                collective: b.collective,
            });
            for name in std::iter::once(&b.canonical).chain(b.aliases.iter()) {
                let k = key(name);
                debug_assert!(
                    c.by_key.get(&k).is_none_or(|&i| i == idx),
                    "built-in alias {name} maps to two entries"
                );
                c.by_key.entry(k).or_insert(idx);
            }
        }
        c
    }

    /// The built-in table plus a user CSV file of `alias,canonical,level[,collective]`
    /// rows (a header row starting with `alias` is skipped; `#` lines are
    /// comments; `level` may be empty to keep the canonical entry's level or to
    /// guess it; `collective` is `true`/`x`/`1`). A user alias overrides a
    /// built-in alias with the same key; a canonical name that is already a
    /// canonical name reuses that entry (and updates its level when given).
    pub fn with_aliases_file(path: impl AsRef<Path>) -> Result<Canonicalizer, AgencyError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| AgencyError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut c = Canonicalizer::new();
        c.add_aliases_csv(&text, path)?;
        Ok(c)
    }

    /// Adds aliases from CSV text (see [`Canonicalizer::with_aliases_file`]);
    /// `origin` names the source in errors.
    pub fn add_aliases_csv(&mut self, text: &str, origin: &Path) -> Result<(), AgencyError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        for (i, rec) in rdr.records().enumerate() {
            let line = |r: &csv::StringRecord| r.position().map_or(i as u64 + 1, |p| p.line());
            let rec = rec.map_err(|source| AgencyError::Csv {
                path: origin.to_path_buf(),
                line: source.position().map_or(i as u64 + 1, |p| p.line()),
                source,
            })?;
            let field = |n: usize| rec.get(n).unwrap_or("").trim();
            let (alias, canonical) = (field(0), field(1));
            if alias.is_empty() && canonical.is_empty() && rec.len() <= 1 {
                continue;
            }
            if i == 0 && fold_key(alias) == "alias" {
                continue;
            }
            let invalid = |message: String| AgencyError::Invalid {
                path: origin.to_path_buf(),
                line: line(&rec),
                message,
            };
            if alias.is_empty() || canonical.is_empty() || key(alias).is_empty() {
                return Err(invalid(
                    "expected `alias,canonical,level[,collective]` with a non-empty alias and canonical name"
                        .into(),
                ));
            }
            let level = match field(2) {
                "" => None,
                l => Some(Level::parse(l).ok_or_else(|| {
                    invalid(format!(
                        "unknown level `{l}` (tỉnh, huyện, xã, bộ, trung ương, nội bộ, khác)"
                    ))
                })?),
            };
            let collective = match fold_key(field(3)).as_str() {
                "" => None,
                "true" | "x" | "1" | "yes" | "co" => Some(true),
                "false" | "0" | "no" | "khong" => Some(false),
                other => {
                    return Err(invalid(format!(
                        "collective must be true/false, not `{other}`"
                    )))
                }
            };
            self.add_alias(alias, canonical, level, collective);
        }
        Ok(())
    }

    /// Adds one alias (overriding any existing mapping of the same key).
    pub fn add_alias(
        &mut self,
        alias: &str,
        canonical: &str,
        level: Option<Level>,
        collective: Option<bool>,
    ) {
        let canonical = crate::vn::clean(canonical);
        let ck = key(&canonical);
        let existing = self
            .by_key
            .get(&ck)
            .copied()
            .filter(|&i| key(&self.entries[i].canonical) == ck);
        let idx = match existing {
            Some(i) => {
                let e = &mut self.entries[i];
                if let Some(l) = level {
                    e.level = l;
                }
                if let Some(c) = collective {
                    e.collective = c;
                }
                i
            }
            None => {
                let toks = tokens(&canonical);
                let guessed_coll = guess_collective(&toks);
                self.entries.push(Entry {
                    level: level.unwrap_or_else(|| guess_level(&toks)),
                    collective: collective.unwrap_or(guessed_coll),
                    canonical,
                });
                let i = self.entries.len() - 1;
                self.by_key.insert(ck, i);
                i
            }
        };
        self.by_key.insert(key(alias), idx);
    }

    /// Whether `name` (as a whole) is a known alias or canonical name.
    pub fn is_known(&self, name: &str) -> bool {
        self.lookup(&cleaned(name)).is_some()
    }

    /// Canonicalises one body (one item of [`split_agencies`]). Never panics;
    /// an empty or junk name gives an empty canonical name.
    pub fn canonical(&self, name: &str) -> Agency {
        let clean = cleaned(name);
        if let Some(i) = self.lookup(&clean) {
            let e = &self.entries[i];
            return Agency {
                canonical: e.canonical.clone(),
                level: e.level,
                collective: e.collective,
                known: true,
            };
        }
        let toks = tokens(&clean);
        Agency {
            canonical: upper_first(&clean),
            level: guess_level(&toks),
            collective: guess_collective(&toks),
            known: false,
        }
    }

    /// Splits a cell and canonicalises every body, in order, without
    /// duplicates (by canonical name).
    pub fn canonical_cell(&self, cell: &str) -> Vec<Agency> {
        let mut out: Vec<Agency> = Vec::new();
        for body in self.split(cell) {
            let a = self.canonical(&body);
            if !a.canonical.is_empty() && !out.iter().any(|o| o.canonical == a.canonical) {
                out.push(a);
            }
        }
        out
    }

    /// [`split_agencies`] that also protects this canonicalizer's user aliases
    /// from being split.
    pub fn split(&self, cell: &str) -> Vec<String> {
        let r = self.split_roles(cell);
        r.main.into_iter().chain(r.partners).collect()
    }

    /// [`split_roles`] that also protects this canonicalizer's user aliases.
    pub fn split_roles(&self, cell: &str) -> RoleSplit {
        split::split_roles_with(cell, &|s| self.lookup(&cleaned(s)).is_some())
    }

    fn lookup(&self, clean: &str) -> Option<usize> {
        if clean.is_empty() {
            return None;
        }
        let toks = tokens(clean);
        if toks.is_empty() {
            return None;
        }
        let mut variants = vec![toks.clone()];
        if let Some(p) = strip_province(&toks) {
            variants.push(p);
        }
        // Without a trailing note in parentheses (`Công an tỉnh (PA05)`).
        if let Some(open) = clean.rfind('(') {
            if clean.trim_end().ends_with(')') && open > 0 {
                let t = tokens(&clean[..open]);
                if !t.is_empty() {
                    if let Some(p) = strip_province(&t) {
                        variants.push(p);
                    }
                    variants.push(t);
                }
            }
        }
        for v in &variants {
            if let Some(&i) = self.by_key.get(&v.concat()) {
                return Some(i);
            }
        }
        // `tỉnh` is optional at the end: `Sở Tài chính tỉnh` = `Sở Tài chính`,
        // `Công an` = `Công an tỉnh`.
        for v in &variants {
            let k = if v.last().is_some_and(|t| t == "tinh") && v.len() > 1 {
                v[..v.len() - 1].concat()
            } else {
                format!("{}tinh", v.concat())
            };
            if let Some(&i) = self.by_key.get(&k) {
                return Some(i);
            }
        }
        None
    }
}

fn builtin_canonicalizer() -> &'static Canonicalizer {
    static C: OnceLock<Canonicalizer> = OnceLock::new();
    C.get_or_init(Canonicalizer::from_builtin)
}

/// Whether a name is a built-in alias as a whole (used by the free split
/// functions).
fn builtin_known(s: &str) -> bool {
    builtin_canonicalizer().lookup(&cleaned(s)).is_some()
}

/// The matching key of a name: folded tokens (abbreviations such as `UBND`
/// expanded) concatenated without spaces or punctuation, so `Sở TT&TT`,
/// `Sở TTTT` and `Sở TT-TT` agree, as do `hoà` and `hòa`.
pub fn key(name: &str) -> String {
    tokens(name).concat()
}

/// Folded tokens of a name, abbreviations expanded.
fn tokens(name: &str) -> Vec<String> {
    // `Sở NN và PTNT` is `Sở NN&PTNT`: `và` between abbreviations.
    static ABBR_VA: OnceLock<regex::Regex> = OnceLock::new();
    let abbr_va = ABBR_VA.get_or_init(|| {
        regex::Regex::new(r"\b(\p{Lu}{1,6})\s+và\s+(\p{Lu}{1,8})\b").expect("regex")
    });
    let f = fold_key(&abbr_va.replace_all(name, "$1&$2"));
    let mut out = Vec::new();
    for t in f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        let exp: &[&str] = match t {
            "ubnd" => &["uy", "ban", "nhan", "dan"],
            "ub" => &["uy", "ban"],
            "hdnd" => &["hoi", "dong", "nhan", "dan"],
            "vp" => &["van", "phong"],
            "tp" => &["thanh", "pho"],
            "bch" => &["bo", "chi", "huy"],
            "nhnn" => &["ngan", "hang", "nha", "nuoc"],
            "kbnn" => &["kho", "bac", "nha", "nuoc"],
            "bhxh" => &["bao", "hiem", "xa", "hoi"],
            "mttq" => &["mat", "tran", "to", "quoc"],
            "ubmttq" => &["uy", "ban", "mat", "tran", "to", "quoc"],
            "vn" => &["viet", "nam"],
            _ => {
                out.push(t.to_string());
                continue;
            }
        };
        out.extend(exp.iter().map(|s| s.to_string()));
    }
    out
}

/// Replaces a trailing province name by `tinh` (`cong an tinh hau giang` →
/// `cong an tinh`, `bao hau giang` → `bao tinh`, `ubnd thanh pho ha noi` →
/// `… tinh`); `None` when the name does not end with a province.
fn strip_province(toks: &[String]) -> Option<Vec<String>> {
    static P: OnceLock<Vec<(Vec<String>, bool)>> = OnceLock::new();
    let provinces = P.get_or_init(|| {
        let mut v: Vec<(Vec<String>, bool)> = builtin::PROVINCES
            .iter()
            .map(|p| {
                let central = builtin::CENTRAL_CITIES.contains(p);
                (tokens(p), central)
            })
            .collect();
        v.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        v
    });
    for (p, central) in provinces {
        if toks.len() > p.len() && toks.ends_with(p) {
            let mut rest = toks[..toks.len() - p.len()].to_vec();
            if *central && rest.ends_with(&["thanh".to_string(), "pho".to_string()]) {
                rest.truncate(rest.len() - 2);
            }
            if rest.is_empty() {
                return None;
            }
            if rest.last().is_some_and(|t| t != "tinh") {
                rest.push("tinh".to_string());
            }
            return Some(rest);
        }
    }
    None
}

/// Guessed level of an unknown body from its folded tokens.
fn guess_level(toks: &[String]) -> Level {
    let s = format!(" {} ", toks.join(" "));
    let starts = |p: &str| s.starts_with(&format!(" {p} "));
    let has = |p: &str| s.contains(&format!(" {p} "));
    if starts("bo phan") {
        return Level::NoiBo;
    }
    if starts("bo") && !starts("bo chi huy") {
        return Level::Bo;
    }
    if starts("chinh phu")
        || starts("thu tuong")
        || starts("quoc hoi")
        || starts("tong cuc")
        || has("trung uong")
        || (starts("cuc") && !has("tinh"))
    {
        return Level::TrungUong;
    }
    if has("cap xa")
        || starts("xa") && !starts("xa hoi")
        || starts("phuong")
        || starts("thi tran")
        || starts("uy ban nhan dan xa")
        || starts("uy ban nhan dan phuong")
        || starts("uy ban nhan dan thi tran")
    {
        return Level::Xa;
    }
    if has("cap huyen") || has("huyen") || has("thi xa") || starts("uy ban nhan dan thanh pho") {
        return Level::Huyen;
    }
    if starts("van phong so")
        || starts("thanh tra so")
        || starts("ban giam doc")
        || starts("giam doc so")
        || starts("lanh dao so")
        || starts("phong")
        || starts("cac phong")
        || has("truc thuoc")
        || has("thuoc so")
    {
        return Level::NoiBo;
    }
    if has("tinh") || starts("so") || starts("tinh") {
        return Level::Tinh;
    }
    Level::Khac
}

/// Unknown phrases that name a group rather than one body.
fn guess_collective(toks: &[String]) -> bool {
    let first = toks.first().map(String::as_str);
    matches!(first, Some("cac" | "nhung"))
        || toks
            .windows(2)
            .any(|w| w[0] == "cap" && matches!(w[1].as_str(), "huyen" | "xa"))
}

/// A body cleaned for canonicalisation: NFC, spaces, bullets and separators
/// trimmed, role markers and trailing notes in parentheses starting with a
/// lower-case letter (`(để b/c)`, `(th/h)`) dropped; acronyms such as `(SOC)`
/// are kept.
fn cleaned(name: &str) -> String {
    static ROLE: OnceLock<regex::Regex> = OnceLock::new();
    let role = ROLE.get_or_init(|| {
        regex::Regex::new(
            r"(?i)^\s*(?:chủ\s+trì|phối\s+hợp)(?:\s+(?:với|cùng))?\s*[:,]?|\(\s*(?:chủ\s+trì|phối\s+hợp)\s*\)",
        )
        .expect("regex")
    });
    let c = crate::vn::clean(name);
    let mut s = split::trim_body(&role.replace_all(&c, " "));
    loop {
        let t = s.trim_end();
        if !t.ends_with(')') {
            break;
        }
        let Some(open) = t.rfind('(') else { break };
        let inner = &t[open + 1..t.len() - 1];
        let note = inner
            .chars()
            .find(|c| c.is_alphabetic())
            .is_none_or(char::is_lowercase);
        if !note || open == 0 {
            break;
        }
        s = split::trim_body(&t[..open]);
    }
    if !s.chars().any(char::is_alphanumeric) {
        s.clear();
    }
    s
}

fn upper_first(s: &str) -> String {
    let mut it = s.chars();
    match it.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(it).collect(),
        _ => s.to_string(),
    }
}
