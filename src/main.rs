//! `kehoach`: the command line over the library. It parses arguments, reports
//! progress and errors to the user, and sets the exit status; all the work is
//! in the `kehoach` library.

#![forbid(unsafe_code)]

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use kehoach::dataset::{DatasetWriter, WriteOptions};
use kehoach::pipeline::{self, OcrMode, Options};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "kehoach",
    version,
    // A later `--ocr auto` overrides an earlier `--ocr never` (wrappers
    // that add defaults before the user's options).
    args_override_self = true,
    about = "Turns Vietnamese government plan PDFs (Kế hoạch) into structured open data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert PDFs (files or folders, `-` = paths on stdin) into a dataset folder.
    Extract(ExtractArgs),
    /// Merge dataset folders made by `extract` over disjoint sets of inputs
    /// (shards) into one, as a single `extract` over all of them would write it.
    Merge {
        /// The merged dataset folder to write.
        out: PathBuf,
        /// The shards' dataset folders.
        #[arg(required = true)]
        parts: Vec<PathBuf>,
        /// Also write dataset.xlsx.
        #[arg(long)]
        xlsx: bool,
        /// Dataset meta data for datapackage.json.
        #[arg(long, value_name = "FILE.toml")]
        meta: Option<PathBuf>,
        /// Extra agency aliases (as for `extract`).
        #[arg(long, value_name = "FILE.csv")]
        aliases: Option<PathBuf>,
        /// A reviewer's corrections (corrections.csv from `kehoach review`):
        /// the documents they name are converted again from their recorded
        /// source file (when it is there, unchanged) with them applied.
        #[arg(long, value_name = "FILE.csv")]
        corrections: Option<PathBuf>,
        /// OCR for those documents (give the shards' --ocr).
        #[arg(long, value_enum, default_value_t = Ocr::Auto)]
        ocr: Ocr,
        /// Extra table-header phrases for those documents (give the shards'
        /// --header-vocab).
        #[arg(long, value_name = "FILE.tsv")]
        header_vocab: Option<PathBuf>,
    },
    /// Check a dataset folder against its schemas and datapackage.json before publishing.
    Validate {
        /// The dataset folder (as written by `extract`).
        dir: PathBuf,
    },
    /// Write a static HTML report of a dataset folder for a person to review
    /// (documents worst first, task rows beside page images, corrections).
    Review {
        /// The dataset folder (as written by `extract`).
        dir: PathBuf,
        /// The report folder (default: DIR/review).
        #[arg(long)]
        out: Option<PathBuf>,
        /// No page images (text only; no pdftoppm needed).
        #[arg(long)]
        no_images: bool,
        /// Where relative source_file paths are found (default: the current folder).
        #[arg(long, value_name = "DIR")]
        sources: Option<PathBuf>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
    },
    /// Print a PDF's normalised text (paragraphs separated by a blank line).
    Text {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Ocr::Auto)]
        ocr: Ocr,
    },
    /// A person's view of one document: header fields, pages, outline, legal
    /// references, targets, tables, tasks, text and warnings.
    ///
    /// FILE is a PDF (converted now) or a document JSON of a dataset
    /// (`DATASET/documents/<doc_id>.json`, shown without converting again);
    /// with `--dataset DIR`, a PDF is looked up in that dataset by its hash.
    Inspect {
        file: PathBuf,
        /// Show the document as this dataset folder holds it (no conversion, no OCR).
        #[arg(long)]
        dataset: Option<PathBuf>,
        /// Print the document JSON (as `documents/<doc_id>.json` holds it) instead.
        #[arg(long)]
        json: bool,
        /// Wrap at this many columns (default: $COLUMNS, else 100).
        #[arg(long)]
        width: Option<usize>,
        #[arg(long, value_enum, default_value_t = Ocr::Auto)]
        ocr: Ocr,
        /// Also print every laid-out line with its position (for debugging
        /// layouts; needs the PDF, not a dataset's JSON).
        #[arg(long)]
        lines: bool,
    },
}

/// `--ocr`: the library's [`OcrMode`] as a command-line value (clap stays
/// in the binary).
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Ocr {
    /// OCR pages that have no usable text, when Tesseract is installed.
    Auto,
    Never,
    Always,
}

impl Ocr {
    /// The value as given on the command line.
    fn as_str(self) -> &'static str {
        match self {
            Ocr::Auto => "auto",
            Ocr::Never => "never",
            Ocr::Always => "always",
        }
    }
}

impl From<Ocr> for OcrMode {
    fn from(o: Ocr) -> OcrMode {
        match o {
            Ocr::Auto => OcrMode::Auto,
            Ocr::Never => OcrMode::Never,
            Ocr::Always => OcrMode::Always,
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    // Panics inside a conversion are caught per file and reported as that
    // file's error row; any panic (there or outside the per-file net) is
    // also said on stderr in one line, so none passes unseen.
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("kehoach: internal error (panicked{at}): {msg} (please report)");
    }));
    // SIGINT/SIGTERM: stop after the files in progress and publish nothing;
    // a second signal stops at once (the staging folder is removed).
    let _ = ctrlc::set_handler(|| {
        if kehoach::publish::interrupted() {
            kehoach::publish::abort_now();
            eprintln!("kehoach: interrupted again: stopped; nothing was published");
            std::process::exit(130);
        }
        eprintln!("kehoach: interrupted: finishing the files in progress (press Ctrl-C again to stop at once)");
        kehoach::publish::request_interrupt();
    });
    let r = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Merge {
            out,
            parts,
            xlsx,
            meta,
            aliases,
            corrections,
            ocr,
            header_vocab,
        } => merge(
            out,
            parts,
            xlsx,
            meta,
            aliases,
            Reconvert {
                corrections,
                ocr,
                header_vocab,
            },
        ),
        Command::Validate { dir } => validate(dir),
        Command::Review {
            dir,
            out,
            no_images,
            sources,
            jobs,
        } => review(dir, out, no_images, sources, jobs),
        Command::Text { file, ocr } => text(file, ocr.into()),
        Command::Inspect {
            file,
            dataset,
            json,
            width,
            ocr,
            lines,
        } => inspect(
            &file,
            dataset.as_deref(),
            InspectView { json, width, lines },
            ocr.into(),
        ),
    };
    match r {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("kehoach: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// The built-in table-header vocabulary, extended by `--header-vocab`.
/// Also returns the SHA-256 of the file (empty without one), for
/// [`kehoach::dataset::package::Settings`].
fn header_vocab_from(
    path: Option<&std::path::Path>,
) -> Result<(kehoach::tasks::HeaderVocab, String)> {
    let mut vocab = kehoach::tasks::HeaderVocab::builtin();
    let mut hash = String::new();
    if let Some(p) = path {
        let text = std::fs::read_to_string(p)
            .with_context(|| format!("cannot read the header vocabulary {}", p.display()))?;
        vocab.extend_from_tsv(&text).with_context(|| {
            format!(
                "{}: not a header vocabulary (TSV lines ROLES<TAB>MATCH<TAB>PHRASE, see src/tasks/header_vocab.tsv)",
                p.display()
            )
        })?;
        hash = kehoach::pipeline::sha256_hex(text.as_bytes());
    }
    Ok((vocab, hash))
}

fn read_stdin_paths() -> Result<Vec<PathBuf>> {
    let mut v = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.context("reading input paths from stdin")?;
        let t = line.trim_end_matches(['\r', '\n']);
        if !t.trim().is_empty() {
            v.push(PathBuf::from(t));
        }
    }
    Ok(v)
}

/// The options of `kehoach extract`, as parsed.
#[derive(Args)]
struct ExtractArgs {
    /// PDF files and/or directories (walked recursively); `-` reads paths from stdin.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The dataset folder to write (created if needed).
    #[arg(long)]
    out: PathBuf,
    /// Worker threads (default: all cores). Output never depends on it.
    #[arg(long)]
    jobs: Option<usize>,
    /// OCR for pages without usable text.
    #[arg(long, value_enum, default_value_t = Ocr::Auto)]
    ocr: Ocr,
    /// CSVs with a UTF-8 BOM and CRLF, for Excel.
    #[arg(long)]
    excel: bool,
    /// Also stream one document JSON per line to stdout, in input order.
    #[arg(long)]
    jsonl: bool,
    /// Per-file time limit in seconds (0 = none); a file over it gets an
    /// error row and the batch goes on.
    #[arg(long, default_value_t = 600)]
    time_limit: u64,
    /// Also write dataset.xlsx (one sheet per CSV dataset).
    #[arg(long)]
    xlsx: bool,
    /// Dataset meta data for datapackage.json (title, publisher, license, ...).
    #[arg(long, value_name = "FILE.toml")]
    meta: Option<PathBuf>,
    /// Extra agency aliases (CSV: alias,canonical,level[,collective]) on top
    /// of the built-in list, for agencies.csv and the *_canonical columns.
    #[arg(long, value_name = "FILE.csv")]
    aliases: Option<PathBuf>,
    /// Extra table-header phrases (TSV: ROLES, MATCH, PHRASE, as in
    /// src/tasks/header_vocab.tsv) on top of the built-in vocabulary, for
    /// headers the built-in list does not know.
    #[arg(long, value_name = "FILE.tsv")]
    header_vocab: Option<PathBuf>,
    /// Record absolute input paths relative to this folder (`source_file`);
    /// by default an absolute path is recorded relative to the folder
    /// holding the input it was found under (`/srv/archive` → `archive/...`).
    #[arg(long, value_name = "DIR", conflicts_with = "absolute_paths")]
    root: Option<PathBuf>,
    /// Record input paths exactly as given, absolute ones included.
    #[arg(long)]
    absolute_paths: bool,
    /// Reuse the rows and files of inputs that the --out folder already
    /// holds converted (same path and SHA-256); convert only the others.
    #[arg(long)]
    incremental: bool,
    /// Follow symbolic links that lead out of the input folders (links
    /// inside them are always followed).
    #[arg(long)]
    follow_symlinks: bool,
    /// Largest input file read, in MiB; a bigger file gets an error row.
    #[arg(long, value_name = "MiB", default_value_t = 1024)]
    max_file_size: u64,
    /// Publish an empty dataset when no input PDF is found (otherwise such
    /// a run exits 2 and leaves the --out folder untouched).
    #[arg(long)]
    allow_empty: bool,
    /// A reviewer's corrections (corrections.csv from `kehoach review`),
    /// applied to the rows they still match.
    #[arg(long, value_name = "FILE.csv")]
    corrections: Option<PathBuf>,
    /// Print only errors and the final line (no progress).
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Print a line per file: its pages, text source and time.
    #[arg(long, short)]
    verbose: bool,
}

/// How much `extract` says on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// `extract`'s progress on stderr: a bar on a terminal; otherwise (a log,
/// a pipe) a line every [`Progress::EVERY`] or every
/// [`Progress::EVERY_FILES`] files; with `--verbose` a line per file.
///
/// The time left is reckoned by input bytes, not files: a scanned PDF is
/// large and slow (OCR), a born-digital one small and quick, so bytes track
/// the work of a mixed batch where a count of files swings.
struct Progress {
    total: usize,
    done: usize,
    /// Size of each input to convert, in input order (the order files are done).
    sizes: Vec<u64>,
    total_bytes: u64,
    done_bytes: u64,
    pages: u64,
    start: Instant,
    last_line: Instant,
    bar: Option<indicatif::ProgressBar>,
    verbosity: Verbosity,
}

impl Progress {
    const EVERY: std::time::Duration = std::time::Duration::from_secs(10);
    const EVERY_FILES: usize = 50;

    fn new(files: &[PathBuf], verbosity: Verbosity) -> Progress {
        let total = files.len();
        // An unreadable file still counts for a little.
        let sizes: Vec<u64> = files
            .iter()
            .map(|f| std::fs::metadata(f).map_or(1, |m| m.len().max(1)))
            .collect();
        let total_bytes = sizes.iter().sum();
        let tty = std::io::stderr().is_terminal();
        let bar = (tty && verbosity == Verbosity::Normal).then(|| {
            let b = indicatif::ProgressBar::new(total_bytes);
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{bar:40} {msg}  {elapsed} (eta {eta})")
            {
                b.set_style(style);
            }
            b
        });
        let now = Instant::now();
        Progress {
            total,
            done: 0,
            sizes,
            total_bytes,
            done_bytes: 0,
            pages: 0,
            start: now,
            last_line: now,
            bar,
            verbosity,
        }
    }

    /// `kehoach: 120/317 files, 2310 pages, eta 6m`.
    fn line(&self) -> String {
        let mut l = format!(
            "kehoach: {}/{} files, {} pages",
            self.done, self.total, self.pages
        );
        if self.done < self.total {
            if let Some(left) = seconds_left(
                self.start.elapsed().as_secs_f64(),
                self.done_bytes,
                self.total_bytes,
            ) {
                l.push_str(&format!(", eta {}", duration_words(left)));
            }
        }
        l
    }

    /// One file done; `seconds` is about how long it took.
    fn file_done(&mut self, o: &pipeline::Outcome, seconds: f64) {
        let bytes = self.sizes.get(self.done).copied().unwrap_or(1);
        self.done += 1;
        self.done_bytes += bytes;
        if let Ok(d) = &o.result {
            self.pages += d.pages.len() as u64;
        }
        if let Some(b) = &self.bar {
            b.inc(bytes);
            b.set_message(format!(
                "{}/{} files  {}",
                self.done, self.total, o.source.file
            ));
            return;
        }
        match self.verbosity {
            Verbosity::Quiet => {}
            Verbosity::Verbose => {
                let what = match &o.result {
                    Ok(d) => format!(
                        "{} pages, text {}, {} warnings",
                        d.pages.len(),
                        d.text_source,
                        d.warnings.len()
                    ),
                    Err(e) => format!("failed ({}): {e}", e.kind()),
                };
                eprintln!("{}: {}: {what}, {seconds:.2} s", self.line(), o.source.file);
                self.last_line = Instant::now();
            }
            Verbosity::Normal => {
                if self.last_line.elapsed() >= Self::EVERY
                    || self.done.is_multiple_of(Self::EVERY_FILES)
                {
                    eprintln!("{}", self.line());
                    self.last_line = Instant::now();
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// The seconds a batch has left after `elapsed` seconds for `done` of
/// `total` bytes, at the rate so far; None before the first byte.
fn seconds_left(elapsed: f64, done: u64, total: u64) -> Option<f64> {
    (done > 0).then(|| elapsed / done as f64 * total.saturating_sub(done) as f64)
}

/// Seconds in words: `40s`, `6m`, `1h05m`.
fn duration_words(seconds: f64) -> String {
    let s = seconds.round().max(0.0) as u64;
    if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m", s.div_ceil(60))
    } else {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    }
}

/// Up to this many names in each list of the closing summary.
const LISTED: usize = 10;

/// The closing summary: failed inputs with their reason, skipped non-PDF
/// files, and where every row is.
fn closing_summary(
    failures: &[(String, String)],
    skipped: &[PathBuf],
    warnings: u64,
    out: &std::path::Path,
    verbosity: Verbosity,
) {
    let errors_csv = out.join("errors.csv");
    if !failures.is_empty() {
        eprintln!(
            "kehoach: {} input(s) failed (all errors and warnings in {}):",
            failures.len(),
            errors_csv.display()
        );
        for (f, why) in failures.iter().take(LISTED) {
            eprintln!("kehoach:   {f}: {why}");
        }
        if failures.len() > LISTED {
            eprintln!("kehoach:   ... and {} more", failures.len() - LISTED);
        }
    } else if warnings > 0 && verbosity > Verbosity::Quiet {
        eprintln!(
            "kehoach: {warnings} warning rows in {}",
            errors_csv.display()
        );
    }
    if !skipped.is_empty() && verbosity > Verbosity::Quiet {
        eprintln!("kehoach: {} non-PDF file(s) skipped:", skipped.len());
        for f in skipped.iter().take(LISTED) {
            eprintln!("kehoach:   {}", f.display());
        }
        if skipped.len() > LISTED {
            eprintln!("kehoach:   ... and {} more", skipped.len() - LISTED);
        }
    }
}

fn extract(args: ExtractArgs) -> Result<u8> {
    let ExtractArgs {
        inputs,
        out,
        jobs,
        ocr,
        excel,
        jsonl,
        time_limit,
        xlsx,
        meta,
        aliases,
        header_vocab,
        incremental,
        root,
        absolute_paths,
        follow_symlinks,
        max_file_size,
        allow_empty,
        corrections,
        quiet,
        verbose,
    } = args;
    let verbosity = if quiet {
        Verbosity::Quiet
    } else if verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let input_opts = kehoach::input::InputOptions {
        follow_symlinks,
        max_file_bytes: max_file_size.saturating_mul(1 << 20),
    };
    let corrections = match &corrections {
        Some(p) => Some(std::sync::Arc::new(kehoach::review::Corrections::load(p)?)),
        None => None,
    };
    let canon = match &aliases {
        Some(p) => kehoach::agency::Canonicalizer::with_aliases_file(p)
            .with_context(|| format!("cannot use the alias file {}", p.display()))?,
        None => kehoach::agency::Canonicalizer::new(),
    };
    let (vocab, vocab_hash) = header_vocab_from(header_vocab.as_deref())?;
    let settings = kehoach::dataset::package::Settings {
        ocr: ocr.as_str().into(),
        header_vocab: vocab_hash,
    };
    let start = Instant::now();
    std::sync::LazyLock::force(&BATCH_START);
    let meta = match meta {
        Some(m) => kehoach::dataset::package::Meta::load(&m).map_err(anyhow::Error::msg)?,
        None => kehoach::dataset::package::Meta::default(),
    };
    let mut expanded = Vec::new();
    for i in inputs {
        if i.as_os_str() == "-" {
            expanded.extend(read_stdin_paths()?);
        } else {
            expanded.push(i);
        }
    }
    let naming = if absolute_paths {
        kehoach::input::Naming::AsGiven
    } else {
        let root = match root {
            Some(r) => Some(
                std::path::absolute(&r)
                    .with_context(|| format!("cannot use --root {}", r.display()))?,
            ),
            None => None,
        };
        kehoach::input::Naming::relative(&expanded, root)
    };
    let found = pipeline::collect_inputs(&expanded, &input_opts, &naming)
        .map_err(|e| anyhow::anyhow!("{e}; {} left untouched", out.display()))?;
    if found.files.is_empty() && !allow_empty {
        for (f, m) in &found.missing {
            eprintln!("kehoach: {f}: {m}");
        }
        anyhow::bail!(
            "no input PDF found in {} input(s){}; {} left untouched (use --allow-empty to publish an empty dataset)",
            expanded.len(),
            if found.skipped.is_empty() {
                String::new()
            } else {
                format!(" ({} non-PDF files skipped)", found.skipped.len())
            },
            out.display()
        );
    }
    let (files, missing, skipped) = (found.files, found.missing, found.skipped);
    // An interrupted run over the same --out kept what it finished there.
    let partial = kehoach::publish::partial_path(&out)?;
    let resume = partial.join("documents.csv").is_file();
    let mut reuse_from: Vec<&std::path::Path> = Vec::new();
    if resume {
        reuse_from.push(&partial);
    }
    if incremental {
        reuse_from.push(&out);
    }
    let mut plan = kehoach::dataset::merge::Plan::reusing(
        &files,
        &reuse_from,
        WriteOptions { excel },
        &settings,
        &naming,
    );
    if let Some(why) = plan.not_reused().filter(|_| verbosity > Verbosity::Quiet) {
        eprintln!("kehoach: cannot reuse {why}; converting those inputs");
    }
    if verbosity > Verbosity::Quiet {
        for (file, why) in plan.changed() {
            eprintln!("kehoach: {file}: {why}; converting it again");
        }
    }
    if resume && verbosity > Verbosity::Quiet {
        eprintln!(
            "kehoach: resuming the interrupted run kept in {}: {} inputs reused, {} to convert",
            partial.display(),
            plan.reused(),
            plan.convert.len()
        );
    }
    if let Some(c) = &corrections {
        plan.convert_again(&files, &naming, |doc_id| c.names(doc_id));
    }
    let mut seen = std::collections::BTreeSet::new();
    let files = plan.convert.clone();
    let staging = kehoach::publish::Staging::begin(&out)
        .with_context(|| format!("cannot write the dataset folder {}", out.display()))?;
    let mut writer = DatasetWriter::create(staging.dir(), WriteOptions { excel })
        .with_context(|| format!("cannot write the dataset folder {}", out.display()))?;
    writer.set_package(kehoach::dataset::package::PackageOptions {
        meta,
        xlsx,
        settings,
    });
    let agencies = canon.clone();
    writer.set_canonicalizer(canon);
    for (f, m) in &missing {
        writer.missing_input(f, m)?;
    }
    let jobs = jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let opts = Options {
        time_limit: (time_limit > 0).then(|| std::time::Duration::from_secs(time_limit)),
        input: input_opts,
        amend: corrections
            .clone()
            .map(|c| c as std::sync::Arc<dyn kehoach::pipeline::Amend>),
        agencies: std::sync::Arc::new(agencies),
        header_vocab: std::sync::Arc::new(vocab),
        naming: std::sync::Arc::new(naming),
        ..Options::with_lazy_ocr(ocr.into())
    };
    let mut progress = Progress::new(&files, verbosity);
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    // Each document's JSON and tables are written by the worker that
    // converted it; the writer renames them into place in input order.
    let stager = writer.stager().with_jsonl(jsonl);
    let batch = pipeline::run_batch_with(
        &files,
        &opts,
        jobs,
        |outcome| (worker_seconds(), stager.stage(outcome)),
        |i, outcome, (seconds, staged)| {
            progress.file_done(&outcome, seconds);
            plan.emit_before(
                i,
                &mut writer,
                jsonl.then_some(&mut stdout as &mut dyn Write),
            )?;
            if let Ok(d) = &outcome.result {
                seen.insert(d.doc_id.clone());
            }
            let staged = staged?;
            if let Some(line) = staged.as_ref().and_then(|s| s.jsonl()) {
                let _ = stdout.write_all(line);
                let _ = stdout.write_all(b"\n");
            }
            if matches!(outcome.result, Err(kehoach::Error::Interrupted)) {
                return Err(kehoach::Error::Interrupted);
            }
            // A document finished is written even when an interruption came
            // meanwhile: the partial folder keeps it for the next run.
            writer.write_staged(&outcome, staged)?;
            if kehoach::publish::interrupted() {
                return Err(kehoach::Error::Interrupted);
            }
            Ok(())
        },
    );
    progress.finish();
    match batch {
        Err(kehoach::Error::Interrupted) => {
            return keep_partial(&out, staging, writer, plan);
        }
        r => r?,
    }
    plan.emit_before(
        usize::MAX,
        &mut writer,
        jsonl.then_some(&mut stdout as &mut dyn Write),
    )?;
    if incremental && verbosity > Verbosity::Quiet {
        eprintln!(
            "kehoach: {} unchanged inputs reused, {} converted",
            plan.reused(),
            files.len()
        );
    }
    if let Some(c) = corrections
        .as_ref()
        .filter(|_| verbosity > Verbosity::Quiet)
    {
        for l in c.unmatched_documents(&seen) {
            eprintln!(
                "kehoach: warning: corrections line {}: document {} is not among the inputs; not applied",
                l.line, l.doc_id
            );
        }
    }
    let failures = writer.failures().to_vec();
    let s = writer.finish()?;
    if let Err(e) = staging.commit() {
        if matches!(e, kehoach::Error::Interrupted) {
            return Ok(interrupted(&out, None));
        }
        return Err(e)
            .with_context(|| format!("cannot publish the dataset folder {}", out.display()));
    }
    if resume {
        kehoach::publish::remove_partial(&out)
            .with_context(|| format!("cannot remove {}", partial.display()))?;
    }
    closing_summary(&failures, &skipped, s.warnings, &out, verbosity);
    eprintln!(
        "kehoach: {} documents, {} pages, {} tasks, {} targets, {} failures in {:.2} s -> {}",
        s.documents,
        s.pages,
        s.tasks,
        s.targets,
        s.failed,
        start.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(if s.failed > 0 { 1 } else { 0 })
}

/// Seconds since this worker thread last called it (the first call: since
/// the thread's first file began, about when the batch started): on a
/// worker, about how long its last file took to convert.
fn worker_seconds() -> f64 {
    thread_local! {
        static LAST: std::cell::Cell<Option<Instant>> = const { std::cell::Cell::new(None) };
    }
    let now = Instant::now();
    let since = LAST.with(|l| l.replace(Some(now))).unwrap_or(*BATCH_START);
    now.duration_since(since).as_secs_f64()
}

/// When the process started (for the first file of each worker).
static BATCH_START: std::sync::LazyLock<Instant> = std::sync::LazyLock::new(Instant::now);

/// Says what an interruption left and returns the exit status (130).
fn interrupted(out: &std::path::Path, staging: impl Into<Option<kehoach::publish::Staging>>) -> u8 {
    drop(staging.into());
    eprintln!(
        "kehoach: interrupted: nothing was published; {} holds the previous dataset (run the same command again to convert)",
        out.display()
    );
    130
}

/// An extract interrupted after finishing some documents: completes the
/// dataset of those (and of the inputs it was reusing) in the staging
/// folder and keeps it as the target's partial folder, for the next run to
/// resume from; publishes nothing. Returns the exit status (130).
fn keep_partial(
    out: &std::path::Path,
    staging: kehoach::publish::Staging,
    mut writer: DatasetWriter,
    mut plan: kehoach::dataset::merge::Plan,
) -> Result<u8> {
    plan.emit_before(usize::MAX, &mut writer, None)?;
    let s = writer.finish()?;
    if s.documents == 0 {
        return Ok(interrupted(out, staging));
    }
    let kept = staging.keep_as_partial().with_context(|| {
        format!(
            "cannot keep the finished documents beside {}",
            out.display()
        )
    })?;
    eprintln!(
        "kehoach: interrupted: nothing was published{}; the {} documents finished are kept in {}: run the same command again to resume",
        if out.exists() {
            format!(" ({} holds the previous dataset)", out.display())
        } else {
            String::new()
        },
        s.documents,
        kept.display()
    );
    Ok(130)
}

/// What `merge` converts again, and how (`--corrections`, `--ocr`,
/// `--header-vocab`).
struct Reconvert {
    corrections: Option<PathBuf>,
    ocr: Ocr,
    header_vocab: Option<PathBuf>,
}

fn merge(
    out: PathBuf,
    parts: Vec<PathBuf>,
    xlsx: bool,
    meta: Option<PathBuf>,
    aliases: Option<PathBuf>,
    again: Reconvert,
) -> Result<u8> {
    let start = Instant::now();
    let corrections = match &again.corrections {
        Some(p) => Some(std::sync::Arc::new(kehoach::review::Corrections::load(p)?)),
        None => None,
    };
    let (vocab, vocab_hash) = header_vocab_from(again.header_vocab.as_deref())?;
    let settings = kehoach::dataset::package::Settings {
        ocr: again.ocr.as_str().into(),
        header_vocab: vocab_hash,
    };
    let canon = match &aliases {
        Some(p) => kehoach::agency::Canonicalizer::with_aliases_file(p)
            .with_context(|| format!("cannot use the alias file {}", p.display()))?,
        None => kehoach::agency::Canonicalizer::new(),
    };
    let meta = match meta {
        Some(m) => kehoach::dataset::package::Meta::load(&m).map_err(anyhow::Error::msg)?,
        None => kehoach::dataset::package::Meta::default(),
    };
    let excel = parts
        .first()
        .is_some_and(|p| kehoach::dataset::prior::is_excel(p));
    let staging = kehoach::publish::Staging::begin(&out)
        .with_context(|| format!("cannot write the dataset folder {}", out.display()))?;
    let mut writer = DatasetWriter::create(staging.dir(), WriteOptions { excel })
        .with_context(|| format!("cannot write the dataset folder {}", out.display()))?;
    writer.set_package(kehoach::dataset::package::PackageOptions {
        meta,
        xlsx,
        settings,
    });
    let opts = Options {
        amend: corrections
            .clone()
            .map(|c| c as std::sync::Arc<dyn kehoach::pipeline::Amend>),
        agencies: std::sync::Arc::new(canon.clone()),
        header_vocab: std::sync::Arc::new(vocab),
        ..Options::with_lazy_ocr(again.ocr.into())
    };
    writer.set_canonicalizer(canon);
    let names = |id: &str| corrections.as_ref().is_some_and(|c| c.names(id));
    let m = kehoach::dataset::merge::merge_with(
        &parts,
        writer,
        corrections
            .is_some()
            .then_some(kehoach::dataset::merge::Again {
                names: &names,
                opts: &opts,
            }),
    )?;
    for (doc_id, why) in &m.copied {
        eprintln!(
            "kehoach: warning: corrections for document {doc_id} not applied: {why} (run `kehoach extract` on it with --corrections)"
        );
    }
    if let Some(c) = &corrections {
        for l in c.unmatched_documents(&m.documents) {
            eprintln!(
                "kehoach: warning: corrections line {}: document {} is not in the parts; not applied",
                l.line, l.doc_id
            );
        }
        eprintln!(
            "kehoach: {} documents converted again with their corrections",
            m.converted.len()
        );
    }
    let s = m.summary;
    if let Err(e) = staging.commit() {
        if matches!(e, kehoach::Error::Interrupted) {
            return Ok(interrupted(&out, None));
        }
        return Err(e)
            .with_context(|| format!("cannot publish the dataset folder {}", out.display()));
    }
    eprintln!(
        "kehoach: merged {} parts: {} documents, {} pages, {} tasks, {} targets, {} failures in {:.2} s -> {}",
        parts.len(),
        s.documents,
        s.pages,
        s.tasks,
        s.targets,
        s.failed,
        start.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(if s.failed > 0 { 1 } else { 0 })
}

fn validate(dir: PathBuf) -> Result<u8> {
    let report = kehoach::dataset::validate::validate_dir(&dir);
    let mut out = std::io::stdout().lock();
    for p in &report.problems {
        writeln!(out, "{p}")?;
    }
    if report.ok() {
        writeln!(
            out,
            "kehoach: {} is valid: {} files, {} rows checked",
            dir.display(),
            report.files,
            report.rows
        )?;
        Ok(0)
    } else {
        writeln!(
            out,
            "kehoach: {} problems in {} ({} files, {} rows checked)",
            report.problems.len(),
            dir.display(),
            report.files,
            report.rows
        )?;
        Ok(1)
    }
}

fn review(
    dir: PathBuf,
    out: Option<PathBuf>,
    no_images: bool,
    sources: Option<PathBuf>,
    jobs: Option<usize>,
) -> Result<u8> {
    let start = Instant::now();
    let out = out.unwrap_or_else(|| dir.join("review"));
    let mut opts = kehoach::review::ReviewOptions::new(out.clone());
    opts.images = !no_images;
    if let Some(s) = sources {
        opts.base = s;
    }
    opts.jobs = jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let s = kehoach::review::write_report(&dir, &opts)?;
    eprintln!(
        "kehoach: review of {} documents ({} pages, {} index pages, {} page images, {} sources not found) in {:.2} s -> {}",
        s.documents,
        s.document_pages,
        s.index_pages,
        s.images,
        s.missing_sources,
        start.elapsed().as_secs_f64(),
        out.join("index.html").display()
    );
    Ok(0)
}

fn convert_one(file: &std::path::Path, ocr: OcrMode) -> Result<pipeline::Document> {
    let display = file.display().to_string();
    let opts = Options::with_lazy_ocr(ocr);
    let o = pipeline::convert_file(file, &display, &opts);
    o.result.with_context(|| display.clone())
}

fn text(file: PathBuf, ocr: OcrMode) -> Result<u8> {
    let doc = match convert_one(&file, ocr) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("kehoach: {e:#}");
            return Ok(1);
        }
    };
    for w in &doc.warnings {
        match w.page {
            Some(p) => eprintln!("kehoach: warning: page {p}: {}", w.message),
            None => eprintln!("kehoach: warning: {}", w.message),
        }
    }
    let mut out = std::io::stdout().lock();
    out.write_all(doc.text.render().as_bytes())?;
    Ok(0)
}

/// How `inspect` shows a document.
struct InspectView {
    json: bool,
    width: Option<usize>,
    lines: bool,
}

fn inspect(
    file: &std::path::Path,
    dataset: Option<&std::path::Path>,
    view: InspectView,
    ocr: OcrMode,
) -> Result<u8> {
    let stored = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    // The document JSON's bytes, and the laid-out pages of a fresh conversion.
    let (bytes, layouts) = if stored || dataset.is_some() {
        if view.lines {
            anyhow::bail!(
                "--lines needs the PDF: a dataset keeps no laid-out lines (inspect the PDF without --dataset)"
            );
        }
        let path = match dataset {
            Some(dir) if !stored => {
                let pdf = std::fs::read(file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                let sha = kehoach::digest::sha256_hex(&pdf);
                let path = dir.join("documents").join(format!("{}.json", &sha[..16]));
                if !path.is_file() {
                    anyhow::bail!(
                        "{} is not in the dataset {}: no {} (convert it with `kehoach extract`, or inspect the PDF without --dataset)",
                        file.display(),
                        dir.display(),
                        path.display()
                    );
                }
                path
            }
            _ => file.to_path_buf(),
        };
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        (bytes, None)
    } else {
        let doc = match convert_one(file, ocr) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("kehoach: {e:#}");
                return Ok(1);
            }
        };
        (serde_json::to_vec_pretty(&doc)?, Some(doc.layouts))
    };
    let mut out = std::io::stdout().lock();
    if view.json {
        out.write_all(&bytes)?;
        out.write_all(b"\n")?;
        return Ok(0);
    }
    let doc: serde_json::Value = serde_json::from_slice(&bytes)
        .with_context(|| format!("{} is not JSON", file.display()))?;
    if !kehoach::review::inspect::is_document(&doc) {
        anyhow::bail!("{} is not a kehoach document JSON", file.display());
    }
    let width = view
        .width
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .unwrap_or(100);
    out.write_all(kehoach::review::inspect::render(&doc, width).as_bytes())?;
    if let Some(layouts) = layouts.filter(|_| view.lines) {
        writeln!(out, "\nLines")?;
        for lay in &layouts {
            for l in lay.lines() {
                writeln!(
                    out,
                    "p{:<3} x {:>6.1}-{:<6.1} y {:>6.1}-{:<6.1} col {:>6.1}-{:<6.1} {:>4.1}pt{} {}",
                    l.page,
                    l.x0,
                    l.x1,
                    l.top,
                    l.bottom,
                    l.col_x0,
                    l.col_x1,
                    l.size,
                    if l.bold { " b" } else { "  " },
                    l.text
                )?;
            }
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The time left goes by bytes: after a small quick file and before a
    /// large scan, most of the batch is still to come.
    #[test]
    fn time_left_is_reckoned_by_bytes() {
        assert_eq!(seconds_left(5.0, 0, 100), None);
        // 10 s for the first 1 MB of 11 MB: 100 s left.
        let left = seconds_left(10.0, 1_000_000, 11_000_000).unwrap_or(0.0);
        assert!((left - 100.0).abs() < 1e-9, "{left}");
        assert_eq!(seconds_left(10.0, 11, 11), Some(0.0));
        assert_eq!(duration_words(100.0), "2m");
        assert_eq!(duration_words(3_900.0), "1h05m");
    }
}
