//! Tesseract's TSV output: one row per page/block/paragraph/line/word.
//!
//! ```text
//! level page_num block_num par_num line_num word_num left top width height conf text
//! ```
//!
//! Only level 5 (words) is kept; the block/paragraph/line numbers group the
//! words into Tesseract's text lines.

use unicode_normalization::UnicodeNormalization;

/// One recognised word, in image pixels (origin top-left).
#[derive(Debug, Clone, PartialEq)]
pub struct OcrWord {
    /// Image number (1-based) when Tesseract read a list of images.
    pub page: u32,
    pub block: u32,
    pub par: u32,
    pub line: u32,
    pub word: u32,
    pub left: i32,
    pub top: i32,
    pub width: i32,
    pub height: i32,
    /// Confidence 0–100 (−1 when Tesseract gives none).
    pub conf: f32,
    /// NFC text, trimmed.
    pub text: String,
}

impl OcrWord {
    pub fn right(&self) -> i32 {
        self.left + self.width
    }
    pub fn bottom(&self) -> i32 {
        self.top + self.height
    }
}

/// A Tesseract text line: words left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrLine {
    pub page: u32,
    pub block: u32,
    pub par: u32,
    pub line: u32,
    pub words: Vec<OcrWord>,
}

/// Parses TSV text into words (level 5 rows with non-empty text). Rows that
/// do not parse are skipped; the header row is recognised and skipped.
pub fn parse_tsv(tsv: &str) -> Vec<OcrWord> {
    let mut out = Vec::new();
    for row in tsv.lines() {
        let row = row.trim_end_matches('\r');
        // The text column may itself contain no tabs; split into 12 at most.
        let f: Vec<&str> = row.splitn(12, '\t').collect();
        if f.len() < 11 || f[0] != "5" {
            continue;
        }
        let int = |i: usize| f[i].trim().parse::<i64>().ok();
        let (Some(page), Some(block), Some(par), Some(line), Some(word)) =
            (int(1), int(2), int(3), int(4), int(5))
        else {
            continue;
        };
        let (Some(left), Some(top), Some(width), Some(height)) = (int(6), int(7), int(8), int(9))
        else {
            continue;
        };
        let Ok(conf) = f[10].trim().parse::<f32>() else {
            continue;
        };
        let text: String = f.get(11).copied().unwrap_or("").trim().nfc().collect();
        if text.is_empty() || width <= 0 || height <= 0 {
            continue;
        }
        let clamp = |v: i64| v.clamp(0, i32::MAX as i64) as i32;
        let clampu = |v: i64| v.clamp(0, u32::MAX as i64) as u32;
        out.push(OcrWord {
            page: clampu(page),
            block: clampu(block),
            par: clampu(par),
            line: clampu(line),
            word: clampu(word),
            left: clamp(left),
            top: clamp(top),
            width: clamp(width),
            height: clamp(height),
            conf,
            text,
        });
    }
    out
}

/// Groups words into lines by (image, block, paragraph, line), keeping the order in
/// which Tesseract wrote them; words within a line are sorted left to right.
pub fn group_lines(words: Vec<OcrWord>) -> Vec<OcrLine> {
    let mut lines: Vec<OcrLine> = Vec::new();
    for w in words {
        let key = (w.page, w.block, w.par, w.line);
        match lines
            .iter_mut()
            .rev()
            .find(|l| (l.page, l.block, l.par, l.line) == key)
        {
            Some(l) => l.words.push(w),
            None => lines.push(OcrLine {
                page: key.0,
                block: key.1,
                par: key.2,
                line: key.3,
                words: vec![w],
            }),
        }
    }
    for l in &mut lines {
        l.words.sort_by_key(|w| w.left);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t2480\t3505\t-1\t
2\t1\t1\t0\t0\t0\t390\t223\t1796\t64\t-1\t
4\t1\t1\t1\t1\t0\t390\t223\t1796\t64\t-1\t
5\t1\t1\t1\t1\t1\t432\t230\t113\t37\t96.658241\tBu\u{031b}\u{01a1}\u{0301}c
5\t1\t1\t1\t1\t2\t563\t231\t37\t36\t96.6\t6:
5\t1\t1\t1\t1\t3\t600\t231\t37\t36\t95\t 
5\t1\t1\t1\t2\t1\t336\t290\t96\t37\t91.5\tkhảo
5\t1\t2\t1\t1\t1\t100\t900\t50\t40\tx\tbad
5\t1\t2\t1\t1\t2\t40\t900\t50\t40\t-1\tTT
";

    #[test]
    fn parses_words_and_groups_lines() {
        let words = parse_tsv(SAMPLE);
        assert_eq!(words.len(), 4, "{words:?}");
        // NFC: "Bư" + combining acute on ơ composes.
        assert_eq!(words[0].text, "Bước");
        assert_eq!(words[0].left, 432);
        assert_eq!(words[0].bottom(), 267);
        assert!((words[0].conf - 96.658).abs() < 0.01);
        let lines = group_lines(words);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].words.len(), 2);
        assert_eq!(lines[1].words[0].text, "khảo");
        assert_eq!((lines[2].block, lines[2].words[0].text.as_str()), (2, "TT"));
    }

    #[test]
    fn tolerates_crlf_and_garbage() {
        let words = parse_tsv("5\t1\t1\t1\t1\t1\t1\t2\t3\t4\t50\tabc\r\nnot a row\n5\t1\n");
        assert_eq!(words.len(), 1);
        assert_eq!(words[0].text, "abc");
    }
}
