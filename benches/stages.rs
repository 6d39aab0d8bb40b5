//! Micro-benchmarks of the pipeline's stages on the fixture PDFs.
//!
//! Inputs are loaded (and earlier stages run) once; each benchmark times one
//! stage over the whole fixture set, and the writers over the converted
//! fixtures. Run with `cargo bench --bench stages`.

use criterion::{criterion_group, criterion_main, Criterion};
use kehoach::layout::{self, PageLayout};
use kehoach::pdf::{Limits, Page, PdfFile};
use kehoach::{legacy, normalize, structure, tasks};
use std::hint::black_box;
use std::time::Duration;

struct Doc {
    bytes: Vec<u8>,
    pages: Vec<Page>,
    layouts: Vec<PageLayout>,
    tables: Vec<tasks::DocTable>,
    text: normalize::Text,
}

fn fixtures() -> Vec<Doc> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/pdf");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures/pdf")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read fixture");
            let pdf = PdfFile::open(&bytes, Limits::default()).expect("open fixture");
            let pages: Vec<Page> = (0..pdf.page_count()).map(|i| pdf.page(i)).collect();
            let layouts: Vec<PageLayout> = pages
                .iter()
                .map(|p| layout::layout_page(p, &kehoach::tasks::header_role))
                .collect();
            let tables = tasks::assemble(&layouts);
            let tt: Vec<_> = tables.iter().filter_map(|t| t.text()).collect();
            let text = normalize::normalize(&layouts, &tt);
            Doc {
                bytes,
                pages,
                layouts,
                tables,
                text,
            }
        })
        .collect()
}

/// Each font's text on a page, as the pipeline hands it to the classifier.
fn font_runs(page: &Page) -> Vec<(String, String)> {
    let mut texts = vec![String::new(); page.fonts.len()];
    for g in &page.glyphs {
        if let Some(t) = texts.get_mut(g.font as usize) {
            t.push(g.ch);
        }
    }
    texts
        .into_iter()
        .zip(&page.fonts)
        .map(|(t, f)| (t, f.base_font.clone()))
        .collect()
}

fn stages(c: &mut Criterion) {
    let docs = fixtures();
    let mut g = c.benchmark_group("stages");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));

    g.bench_function("pdf_open_and_pages", |b| {
        b.iter(|| {
            for d in &docs {
                let pdf = PdfFile::open(black_box(&d.bytes), Limits::default()).unwrap();
                for i in 0..pdf.page_count() {
                    black_box(pdf.page(i));
                }
            }
        })
    });
    g.bench_function("layout", |b| {
        b.iter(|| {
            for d in &docs {
                for p in &d.pages {
                    black_box(layout::layout_page(
                        black_box(p),
                        &kehoach::tasks::header_role,
                    ));
                }
            }
        })
    });
    g.bench_function("table_assembly", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(tasks::assemble(black_box(&d.layouts)));
            }
        })
    });
    g.bench_function("normalize", |b| {
        b.iter(|| {
            for d in &docs {
                let tt: Vec<_> = d.tables.iter().filter_map(|t| t.text()).collect();
                black_box(normalize::normalize(black_box(&d.layouts), &tt));
            }
        })
    });
    g.bench_function("structure", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(structure::analyse(black_box(&d.text)));
            }
        })
    });
    g.bench_function("tasks", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(tasks::tasks(black_box(&d.tables)));
            }
        })
    });
    let runs: Vec<Vec<(String, String)>> = docs
        .iter()
        .flat_map(|d| d.pages.iter().map(font_runs))
        .collect();
    g.bench_function("legacy_classify_page", |b| {
        b.iter(|| {
            for page in &runs {
                let r: Vec<(&str, Option<&str>)> = page
                    .iter()
                    .map(|(t, f)| (t.as_str(), Some(f.as_str())))
                    .collect();
                black_box(legacy::classify_page(black_box(&r)));
            }
        })
    });
    // Writers: the fixture documents written as a whole dataset folder
    // (CSV rows, JSON, tables, agencies, datapackage.json) into a fresh
    // temporary folder per iteration.
    let outcomes: Vec<kehoach::pipeline::Outcome> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/pdf"))
            .expect("fixtures/pdf")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
            .map(|p| {
                let opts = kehoach::pipeline::Options::with_ocr(kehoach::pipeline::OcrMode::Never);
                kehoach::pipeline::convert_file(&p, &p.to_string_lossy(), &opts)
            })
            .collect();
    g.bench_function("write_dataset", |b| {
        b.iter(|| {
            let dir = tempfile::tempdir().expect("temp folder");
            let mut w = kehoach::dataset::DatasetWriter::create(dir.path(), Default::default())
                .expect("dataset folder");
            for o in &outcomes {
                w.write(black_box(o)).expect("write");
            }
            black_box(w.finish().expect("finish"));
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
