//! The dataset layer: converted documents → the open-data dataset folder
//! (CSV, JSON, `datapackage.json`, `schemas/`, `dataset.xlsx`), and the
//! folder read back (incremental runs, merges, validation).
//!
//! One job per file; each imports only those above it in this list, and
//! nothing here is imported by the pipeline stages:
//!
//! ```text
//! contract  every output table's columns (names, types, titles), once; row structs
//! fs        atomic writes, staged files, one syncfs per folder, file digests
//! csv       CsvSink (csv::Writer over a hashing Write) and the one BOM-aware reader
//! xlsx      dataset.xlsx from the finished CSVs
//! package   datapackage.json via serde, streamed from the inputs' spill; schemas/
//! prior     a finished folder read back per input (rows as byte spans)
//! writer    DatasetWriter: Documents → rows, files renamed into place in input order
//! merge     --incremental (Plan) and `merge` of shards, through the writer
//! validate  `kehoach validate`: the folder against its contract
//! ```

pub mod contract;
pub mod csv;
pub mod fs;
pub mod merge;
pub mod package;
pub mod prior;
pub mod validate;
pub mod writer;
pub mod xlsx;

pub use contract::TABLES;
pub use csv::WriteOptions;
pub use writer::{DatasetWriter, Summary};
