use super::*;

/// Lead/partner cells of a fixture source table: (stt, lead, partner).
fn fixture_cells(
    src: &str,
    lead_col: usize,
    partner_col: Option<usize>,
) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut in_table = false;
    for line in src.lines() {
        if line.starts_with("@table") {
            in_table = true;
            continue;
        }
        if line.starts_with("@end") {
            in_table = false;
            continue;
        }
        if !in_table || line.starts_with('@') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| {
            cols.get(i)
                .map(|s| s.replace("\\n", "\n"))
                .unwrap_or_default()
        };
        let lead = get(lead_col);
        let partner = partner_col.map(get).unwrap_or_default();
        if lead.is_empty() && partner.is_empty() {
            continue;
        }
        out.push((cols[0].to_string(), lead, partner));
    }
    out
}

#[test]
fn dump() {
    let c = Canonicalizer::new();
    let t = include_str!("../../fixtures/src/tasks-2024.txt");
    let s = include_str!("../../fixtures/src/seed-004.txt");
    for (stt, lead, partner) in fixture_cells(t, 2, Some(3))
        .into_iter()
        .chain(fixture_cells(s, 4, None))
    {
        for (r, cell) in [("L", &lead), ("P", &partner)] {
            if cell.is_empty() {
                continue;
            }
            let sr = c.split_roles(cell);
            let m: Vec<String> = sr
                .main
                .iter()
                .map(|b| {
                    let a = c.canonical(b);
                    format!(
                        "{b} => {} [{}{}{}]",
                        a.canonical,
                        a.level,
                        if a.collective { ",coll" } else { "" },
                        if a.known { "" } else { ",UNKNOWN" }
                    )
                })
                .collect();
            let p: Vec<String> = sr
                .partners
                .iter()
                .map(|b| {
                    let a = c.canonical(b);
                    format!(
                        "{b} => {} [{}{}{}]",
                        a.canonical,
                        a.level,
                        if a.collective { ",coll" } else { "" },
                        if a.known { "" } else { ",UNKNOWN" }
                    )
                })
                .collect();
            println!("{stt} {r}: {m:?} | partners {p:?}");
        }
    }
}
