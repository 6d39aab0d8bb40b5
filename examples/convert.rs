//! Using kehoach as a library: convert one PDF held in memory and read the
//! header fields, legal bases and task rows of the result.
//!
//! ```sh
//! cargo run --release --example convert -- fixtures/pdf/tasks-2024.pdf
//! ```

use kehoach::pipeline::{convert_bytes, OcrMode, Options};

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fixtures/pdf/tasks-2024.pdf".to_string());
    let bytes = std::fs::read(&path)?;
    // OCR only when a page has no usable text and Tesseract is installed.
    let opts = Options::with_ocr(OcrMode::Auto);
    let doc = convert_bytes(&path, &bytes, &opts)?;

    let m = &doc.structure.metadata;
    println!("doc_id      {}", doc.doc_id);
    println!("text_source {}", doc.text_source);
    println!("number      {}", m.number);
    println!("issuer      {}", m.issuer);
    println!("date        {}", m.date);
    println!("title       {}", m.title);
    for r in doc.structure.legal_refs.iter().take(3) {
        println!(
            "căn cứ      {} {} ({})",
            r.ref_type, r.ref_number, r.ref_date
        );
    }
    println!("tasks       {}", doc.tasks.len());
    for t in doc.tasks.iter().take(3) {
        println!("  {:>3}  {}  | {} | {}", t.stt, t.name, t.lead, t.timeframe);
    }
    for w in &doc.warnings {
        println!("warning     {w:?}");
    }
    Ok(())
}
