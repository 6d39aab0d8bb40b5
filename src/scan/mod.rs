//! Pure recognisers for the patterns of Vietnamese plans (numbering, citations, dates, targets, time frames).
//!
//! Every function here takes `&str` (one re-joined paragraph or line), allocates
//! only its result, never panics, and knows nothing about pages or layout: the
//! structure and table stages call them.

pub mod date;
pub mod legal;
pub mod numbering;
pub mod row_numbers;
pub mod signature;
pub mod target;
pub mod timeframe;

#[cfg(test)]
mod robustness {
    //! No recogniser may panic: run all of them over every line and every
    //! re-joined paragraph of the seeds, and over junk strings.

    const SEEDS: &[&str] = &[
        include_str!("testdata/000_3512de8bcff0f007.txt"),
        include_str!("testdata/001_6fa9aa00d2f295d8.txt"),
        include_str!("testdata/002_7b37c9e1819dbb05.txt"),
        include_str!("testdata/004_e2403546871f551a.txt"),
    ];

    /// Paragraphs roughly as the normaliser hands them over: table cells
    /// (tab-separated) on their own; other lines joined with single spaces
    /// until a line ends a sentence or the next opens with a label or `Căn cứ`.
    pub(super) fn paragraphs(seed: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut cur = String::new();
        for line in seed.lines() {
            let l = crate::vn::collapse_ws(line);
            if l.is_empty() {
                continue;
            }
            if line.contains('\t') {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                out.extend(
                    line.split('\t')
                        .map(crate::vn::collapse_ws)
                        .filter(|c| !c.is_empty()),
                );
                continue;
            }
            let opens = super::numbering::parse_numbering(&l).is_some()
                || l.starts_with("Căn cứ")
                || l.starts_with("Thực hiện");
            if opens && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(&l);
            if l.ends_with(['.', ';', ':']) {
                out.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    }

    fn run_all(s: &str) {
        let _ = super::numbering::parse_numbering(s);
        let _ = super::date::find_dates(s);
        let _ = super::date::parse_place_date(s);
        let _ = super::date::parse_so_line(s);
        let _ = super::date::parse_doc_number(s);
        for r in super::legal::find_legal_refs(s) {
            assert!(s.get(r.span.clone()).is_some(), "bad span in {s:?}");
            let _ = r.dedup_key();
        }
        let _ = super::target::find_targets(s);
        let _ = super::target::target_year(s);
        let _ = super::timeframe::parse_timeframe(s);
        let _ = super::signature::parse_signing(s);
        let _ = super::signature::signer_title(s);
        let _ = super::signature::doc_type_from_heading(s);
        let _ = crate::vn::fold_key(s);
        let _ = crate::vn::title_case_vi(s);
        let _ = crate::vn::parse_vn_number(s);
    }

    #[test]
    fn no_panics_on_seeds_and_junk() {
        for seed in SEEDS {
            for line in seed.lines() {
                run_all(line);
            }
            for p in paragraphs(seed) {
                run_all(&p);
                // every prefix on a char boundary, to hit truncated patterns
                for (i, _) in p.char_indices().step_by(53) {
                    run_all(&p[..i]);
                    run_all(&p[i..]);
                }
            }
        }
        for junk in [
            "",
            " ",
            "\u{0}",
            "()",
            ")(",
            "số",
            "Số:",
            "của",
            "Quyết định số",
            "Quyết định số 1/",
            "1/QĐ-",
            "//",
            "%",
            "đạt %",
            "trên",
            "Quý",
            "Quý IIII/2024",
            "Tháng 13/2024",
            "99/99/9999",
            "ngày tháng năm",
            "9999999999999999999999%",
            "Luật ",
            "Luật A 1/1/2000",
            "KT.",
            "TM. ",
            "Phần",
            "I.",
            "a)",
            "(",
            "-",
            "+",
            "–",
            "\u{301}\u{301}",
            "ẞ",
            "İ",
            "1.2.3.4.5.6.7.8.9.10.11.12",
            "Trước",
            "Từ",
            "2025-2023",
            "của ,,,;;;",
        ] {
            run_all(junk);
        }
    }
}

#[cfg(test)]
mod survey {
    //! `cargo test --lib scan::survey -- --ignored --nocapture` prints what the
    //! recognisers find in the seeds, for checking recall by eye.

    #[test]
    #[ignore]
    fn print_seed_findings() {
        let seeds = [
            include_str!("testdata/000_3512de8bcff0f007.txt"),
            include_str!("testdata/001_6fa9aa00d2f295d8.txt"),
            include_str!("testdata/002_7b37c9e1819dbb05.txt"),
            include_str!("testdata/004_e2403546871f551a.txt"),
        ];
        for (i, seed) in seeds.iter().enumerate() {
            println!("=== seed {i}");
            for p in super::robustness::paragraphs(seed) {
                {
                    let cell = p.as_str();
                    for r in super::legal::find_legal_refs(cell) {
                        println!(
                            "REF {} | {} | {:?} | {} | {}",
                            r.ref_type,
                            r.number,
                            r.date.iso(),
                            r.issuer,
                            r.subject
                        );
                    }
                    for t in super::target::find_targets(cell) {
                        println!(
                            "TGT {} {} {} | {}",
                            t.comparator.as_str(),
                            t.value,
                            t.unit,
                            t.indicator
                        );
                    }
                }
                if let Some(n) = super::numbering::parse_numbering(&p) {
                    println!("NUM {:?} {} d{}", n.kind, n.label, n.depth);
                }
            }
        }
    }
}
