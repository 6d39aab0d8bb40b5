//! Row numbers of an STT column ("số thứ tự") as OCR misreads them (`l`,
//! `I`, `lãi` for 1, 11; a digit lost or doubled), mended from the numbers
//! above and below them. The OCR stage runs it over a page's column, the
//! records stage over a table joined across pages.

/// A row label's number, when it is a plain number (`7`, `12.`).
fn number(s: &str) -> Option<u32> {
    let s = s.trim_end_matches(['.', ')', ',', ';', ':']);
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A group row's label in the STT column: a roman numeral (`II`, `IV.`)
/// or one capital letter (`B.`).
fn is_group_label(s: &str) -> bool {
    let s = s.trim().trim_end_matches(['.', ')']);
    !s.is_empty()
        && (s.chars().all(|c| "IVXLC".contains(c))
            || (s.chars().count() == 1 && s.chars().all(|c| c.is_ascii_uppercase())))
}

/// Reads a misread row number as digits: letters that Tesseract puts for
/// `1` (`l`, `I`, `|`, `i`, `í`, `!`), `0` (`O`, `o`), `5` (`S`), `8` (`B`),
/// `2` (`Z`); other letters (a stray accent `ã`) are dropped, provided at
/// least one character maps. Returns the digits and how many letters were
/// dropped.
fn as_digits(s: &str) -> Option<(String, usize)> {
    let s = s.trim_end_matches(['.', ')']);
    let mut out = String::new();
    let mut dropped = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c,
            'l' | 'I' | 'Ì' | 'Í' | 'Ỉ' | 'Ĩ' | 'Ị' | '|' | 'i' | 'í' | 'ì' | 'ỉ' | 'ĩ' | 'ị'
            | '!' | 'j' | 'J' | 'L' => '1',
            'O' | 'o' | 'D' | 'Q' => '0',
            'S' | 's' => '5',
            'B' => '8',
            'Z' | 'z' => '2',
            'g' => '9',
            'ã' | 'á' | 'à' | 'â' | 'a' | ' ' | '\'' | '`' | '’' => {
                dropped += usize::from(c != ' ');
                continue;
            }
            _ => return None,
        };
        out.push(d);
    }
    (!out.is_empty() && out.len() <= 3).then_some((out, dropped))
}

/// Repairs the row numbers of one STT column, top to bottom: a label that is
/// not a plain number becomes the number that its reading as digits gives
/// (`l` → `1`, `lãi` → `11`) when that number is the one after the number
/// above it or before the number below it; a label that breaks the sequence
/// where the numbers above and below leave one place (`12`, `15`, `14`;
/// a digit lost or doubled: `16`, `1`, `18`) becomes that number. Group
/// labels (`I`, `II`, an empty cell) that fit no sequence stay as they are.
/// Returns the indices changed.
pub fn repair_row_numbers(labels: &mut [String]) -> Vec<usize> {
    let mut changed = Vec::new();
    for i in 0..labels.len() {
        // The number above; over a group label (`II`, `B.`) the one before
        // it, for numbering that runs on through its groups.
        let prev = i.checked_sub(1).and_then(|p| {
            let above = labels.get(p)?;
            match number(above) {
                Some(n) => Some(n),
                None if is_group_label(above) => number(labels.get(p.checked_sub(1)?)?),
                None => None,
            }
        });
        let next = labels.get(i + 1).and_then(|s| number(s));
        let cur = labels[i].trim().to_string();
        if cur.is_empty() {
            continue;
        }
        let fits = |n: u32| prev.is_some_and(|p| p + 1 == n) || next.is_some_and(|q| q == n + 1);
        let fixed = match number(&cur) {
            Some(n) => match (prev, next) {
                // A digit lost or doubled (`1` for 17, `335` for 35) is
                // mended; a longer number (a year) is no misread row number.
                (Some(p), Some(q))
                    if q == p + 2
                        && n != p + 1
                        && (p + 1).to_string().len().abs_diff(n.to_string().len()) <= 1 =>
                {
                    Some(p + 1)
                }
                _ => None,
            },
            None => as_digits(&cur)
                .and_then(|(d, dropped)| {
                    let n = d.parse::<u32>().ok().filter(|&n| fits(n));
                    // A digit read as a letter (`1ã` for 13): the number
                    // the place wants, when it starts with the digits read
                    // and the letters make up its missing digits.
                    n.or_else(|| {
                        let want = prev
                            .map(|p| p + 1)
                            .or(next.and_then(|q| q.checked_sub(1)))?;
                        let w = want.to_string();
                        (dropped > 0 && w.len() == d.len() + dropped && w.starts_with(&d))
                            .then_some(want)
                    })
                })
                .or_else(|| {
                    // `2 ¬ ì M`: the number, then specks read as letters.
                    let mut words = cur.split_whitespace();
                    let n = words.next().and_then(number).filter(|&n| fits(n))?;
                    let speck = |w: &str| {
                        let k = w.chars().count();
                        k == 1 && !w.chars().any(|c| c.is_ascii_digit())
                            || k == 2 && w.chars().all(|c| !c.is_alphanumeric())
                    };
                    words.all(speck).then_some(n)
                })
                .or_else(|| {
                    // Unreadable, between two numbers one place apart.
                    let garbage = !cur.chars().all(|c| "IVXL".contains(c));
                    match (prev, next) {
                        (Some(p), Some(q)) if garbage && q == p + 2 => Some(p + 1),
                        _ => None,
                    }
                }),
        };
        if let Some(n) = fixed {
            let dot = if cur.ends_with('.') { "." } else { "" };
            labels[i] = format!("{n}{dot}");
            changed.push(i);
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn row_numbers_from_their_neighbours() {
        let mut l = v(&["I", "l", "2", "3", "lãi", "5"]);
        // `lãi` between 3 and 5 is 4 by place, although its digits say 11.
        assert_eq!(repair_row_numbers(&mut l), vec![1, 4]);
        assert_eq!(l, v(&["I", "1", "2", "3", "4", "5"]));
        let mut l = v(&["10", "lãi", "12"]);
        assert_eq!(repair_row_numbers(&mut l), vec![1]);
        assert_eq!(l[1], "11");
        let mut l = v(&["12", "15", "14"]);
        repair_row_numbers(&mut l);
        assert_eq!(l[1], "13");
        // A digit lost or doubled (s06: `1` for 17, `335` for 35).
        let mut l = v(&["16", "1", "18", "34", "335", "36"]);
        repair_row_numbers(&mut l);
        assert_eq!(l, v(&["16", "17", "18", "34", "35", "36"]));
        let mut l = v(&["6.", "I.", "8."]);
        repair_row_numbers(&mut l);
        assert_eq!(l[1], "7.");
        let mut l = v(&["1", "2 ¬ ì M"]);
        assert_eq!(repair_row_numbers(&mut l), vec![1]);
        assert_eq!(l[1], "2");
        // Numbering that runs on through a group row (`II`): `ñ` between
        // 4 and 6 is 5; numbering that starts again stays.
        let mut l = v(&["3", "4", "II", "ñ", "6"]);
        assert_eq!(repair_row_numbers(&mut l), vec![3]);
        assert_eq!(l[3], "5");
        let mut l = v(&["3", "4", "II", "1", "2"]);
        assert!(repair_row_numbers(&mut l).is_empty());
        // A capital I with a mark is a 1; a digit read as a letter is the
        // one the place wants when the digits read begin it (s03 `1ã`).
        let mut l = v(&["Ì", "2", "3"]);
        assert_eq!(repair_row_numbers(&mut l), vec![0]);
        assert_eq!(l[0], "1");
        let mut l = v(&["11", "12", "1ã"]);
        assert_eq!(repair_row_numbers(&mut l), vec![2]);
        assert_eq!(l[2], "13");
        let mut l = v(&["11", "12", "2ã"]);
        assert!(repair_row_numbers(&mut l).is_empty());
        // A number read with a comma or semicolon for its dot is a number
        // (s08 `3;`): `Ki` between `1.` and it is 2.
        let mut l = v(&["1.", "Ki", "3;"]);
        assert_eq!(repair_row_numbers(&mut l), vec![1]);
        assert_eq!(l[1], "2");
        // Words after the number are no specks: left alone.
        let mut l = v(&["1", "2 Sở Y tế"]);
        assert!(repair_row_numbers(&mut l).is_empty());
    }

    #[test]
    fn group_labels_and_real_sequences_stay() {
        let mut l = v(&["I", "1", "2", "II", "3", "4", "III", "", "5"]);
        assert!(repair_row_numbers(&mut l).is_empty(), "{l:?}");
        let mut l = v(&["1", "2", "2", "3"]);
        assert!(repair_row_numbers(&mut l).is_empty());
        // A year or a long number is not a row number to repair.
        let mut l = v(&["1", "2024", "3"]);
        assert!(repair_row_numbers(&mut l).is_empty());
    }
}
