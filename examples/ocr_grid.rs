//! Shows what the OCR stage sees of a scanned page's table grid: the ruling
//! lines found in the image and the cells closed by them.
//!
//!     pdftoppm -r 300 -gray -f 3 -l 3 -singlefile scan.pdf /tmp/page
//!     cargo run --release --example ocr_grid -- /tmp/page.pgm /tmp/grid.pgm
//!
//! prints the page's skew, levels the page as the OCR stage does, prints
//! the rules and cells and writes the page with the rules drawn
//! black-on-grey and every cell's inside white (look at it with any image
//! viewer, or `convert /tmp/grid.pgm /tmp/grid.png`). Useful when a scanned
//! table comes out split or with cells missing.

use kehoach::ocr::{find_cells, find_rules, parse_pgm, rules::page_skew, RuleParams};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), out) = (args.first(), args.get(1)) else {
        eprintln!("usage: ocr_grid PAGE.pgm [OUT.pgm] [DPI]");
        std::process::exit(2);
    };
    let dpi: f32 = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(300.0);
    let img = parse_pgm(&std::fs::read(input)?)?;
    let dark = img.otsu().clamp(128, 200);
    let mut params = RuleParams::for_image(img.width, img.height, dpi);
    params.dark = dark;
    let mut rules = find_rules(&img, &params);
    let skew = page_skew(&rules, img.width, img.height);
    println!("skew (slope of the long rules): {skew:?}");
    let mut img = img;
    if let Some(s) = skew.filter(|s| s.abs() > 0.0035 && s.abs() < 0.1) {
        img = img.levelled(s);
        rules = find_rules(&img, &params);
        println!("levelled");
    }
    let cells = find_cells(&rules, dpi);
    println!(
        "{}×{} px, ink below {dark}: {} horizontal and {} vertical rules, {} cells",
        img.width,
        img.height,
        rules.iter().filter(|r| r.horizontal).count(),
        rules.iter().filter(|r| !r.horizontal).count(),
        cells.len()
    );
    for r in &rules {
        let dir = if r.horizontal { "h" } else { "v" };
        println!(
            "{dir} at {:7.1} from {:5} to {:5} (thickness {:.1})",
            r.pos, r.a, r.b, r.thickness
        );
    }
    for c in &cells {
        println!("cell x {}..{} y {}..{}", c.x0, c.x1, c.y0, c.y1);
    }
    if let Some(out) = out {
        let mut view = img.clone();
        for p in view.pixels.iter_mut() {
            *p = 128 + *p / 2;
        }
        for c in &cells {
            view.fill(c.x0, c.y0, c.x1, c.y1, 255);
        }
        for r in &rules {
            let p = r.pos.round() as usize;
            let (x0, y0, x1, y1) = if r.horizontal {
                (r.a, p.saturating_sub(2), r.b + 1, p + 3)
            } else {
                (p.saturating_sub(2), r.a, p + 3, r.b + 1)
            };
            view.fill(x0, y0, x1, y1, 0);
        }
        view.write_pgm(std::path::Path::new(out))?;
    }
    Ok(())
}
