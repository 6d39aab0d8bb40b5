//! `extract --incremental` and `merge`: dataset folders reused.
//!
//! [`Plan`] decides which inputs of an incremental run are reused from the
//! output folder (same path and SHA-256, converted) and which converted;
//! [`merge`] joins shards extracted separately. Both hand the reused inputs
//! ([`Prior`], read back by [`super::prior`]) to the dataset writer at their
//! place in input order, so the folder is byte-identical to one full
//! `extract` run.

use super::csv::WriteOptions;
use super::package::Settings;
use super::prior::{Dataset, Prior, PriorKind};
use super::writer::{prior_line, DatasetWriter, Summary};
use crate::error::Error;
use crate::input::Naming;
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Which inputs of an incremental run are reused and which converted.
#[derive(Debug, Default)]
pub struct Plan {
    /// The inputs to convert, in input order.
    pub convert: Vec<PathBuf>,
    /// Reused inputs, each with the number of converted inputs before it.
    reused: VecDeque<(usize, Prior)>,
    /// How many inputs are reused in all.
    reused_count: usize,
    /// Why an existing folder could not be reused (all inputs converted).
    not_reused: Option<String>,
    /// Inputs converted again because their files in the folder changed:
    /// (source_file, why).
    changed: Vec<(String, String)>,
}

impl Plan {
    /// All of `files` converted.
    pub fn full(files: &[PathBuf]) -> Plan {
        Plan {
            convert: files.to_vec(),
            reused: VecDeque::new(),
            reused_count: 0,
            not_reused: None,
            changed: Vec::new(),
        }
    }

    /// Reuses the inputs of `files` that the folder `out` already holds as
    /// converted documents with the same path and SHA-256. An unreadable
    /// folder, or one written with another `--excel` setting, reuses nothing.
    pub fn incremental(
        files: &[PathBuf],
        out: &Path,
        opts: WriteOptions,
        settings: &Settings,
        naming: &Naming,
    ) -> Plan {
        Plan::reusing(files, &[out], opts, settings, naming)
    }

    /// [`Plan::incremental`] over several folders (an interrupted run's
    /// partial folder and the published one): an input is reused from the
    /// first folder that holds it converted. A folder that cannot be used
    /// is left out and said in [`Plan::not_reused`].
    pub fn reusing(
        files: &[PathBuf],
        dirs: &[&Path],
        opts: WriteOptions,
        settings: &Settings,
        naming: &Naming,
    ) -> Plan {
        let dirs: Vec<&Path> = dirs
            .iter()
            .copied()
            .filter(|d| d.join("documents.csv").is_file())
            .collect();
        if dirs.is_empty() {
            return Plan::full(files);
        }
        // Read the folders and hash the inputs at the same time (reading and
        // hashing every input is most of an unchanged re-run).
        let (loaded, digests) = rayon::join(
            || dirs.iter().map(|d| Dataset::load(d)).collect::<Vec<_>>(),
            || {
                use rayon::prelude::*;
                files
                    .par_iter()
                    .map(|f| super::fs::file_digest(f).ok())
                    .collect::<Vec<_>>()
            },
        );
        let mut ok: HashMap<String, Prior> = HashMap::new();
        let mut changed: HashMap<String, String> = HashMap::new();
        let mut refused = Vec::new();
        for (dir, old) in dirs.iter().zip(loaded) {
            let old = match old {
                Ok(old) if old.excel != opts.excel => {
                    refused.push(format!(
                        "{}: it was written {} --excel",
                        dir.display(),
                        if old.excel { "with" } else { "without" }
                    ));
                    continue;
                }
                Ok(old) => match old.unlike(settings) {
                    Some(why) => {
                        refused.push(format!("{}: {why}", dir.display()));
                        continue;
                    }
                    None => old,
                },
                Err(Error::Read { path, source }) => {
                    refused.push(format!("{}: {source}", path.display()));
                    continue;
                }
                Err(e) => {
                    refused.push(e.to_string());
                    continue;
                }
            };
            for p in old.entries.into_iter().filter(|p| p.kind == PriorKind::Ok) {
                match &p.changed {
                    Some(why) => {
                        changed.entry(p.source_file.clone()).or_insert(why.clone());
                    }
                    None => {
                        ok.entry(p.source_file.clone()).or_insert(p);
                    }
                }
            }
        }
        let mut plan = Plan {
            not_reused: (!refused.is_empty()).then(|| refused.join("; ")),
            ..Plan::default()
        };
        for (f, digest) in files.iter().zip(digests) {
            let name = naming.name(f);
            match ok.remove(&name) {
                Some(p) if digest.is_some_and(|(n, h)| n == p.bytes && h == p.sha256) => {
                    plan.reused.push_back((plan.convert.len(), p))
                }
                None if changed.contains_key(&name) => {
                    let why = changed.remove(&name).unwrap_or_default();
                    plan.changed.push((name, why));
                    plan.convert.push(f.clone());
                }
                _ => plan.convert.push(f.clone()),
            }
        }
        plan.reused_count = plan.reused.len();
        plan
    }

    /// Converts again the reused inputs whose document `again` names (the
    /// documents of a corrections file, so that each gets them applied);
    /// `files` are the inputs the plan was made from.
    pub fn convert_again(
        &mut self,
        files: &[PathBuf],
        naming: &Naming,
        again: impl Fn(&str) -> bool,
    ) {
        let mut keep: HashMap<String, Prior> = self
            .reused
            .drain(..)
            .map(|(_, p)| p)
            .filter(|p| !again(&p.doc_id))
            .map(|p| (p.source_file.clone(), p))
            .collect();
        self.convert.clear();
        for f in files {
            match keep.remove(&naming.name(f)) {
                Some(p) => self.reused.push_back((self.convert.len(), p)),
                None => self.convert.push(f.clone()),
            }
        }
        self.reused_count = self.reused.len();
    }

    /// How many inputs are reused.
    pub fn reused(&self) -> usize {
        self.reused_count
    }

    /// Inputs converted again because their own files in the folder were
    /// changed after they were written: (source_file, why).
    pub fn changed(&self) -> &[(String, String)] {
        &self.changed
    }

    /// Why the output folder, though there, could not be reused.
    pub fn not_reused(&self) -> Option<&str> {
        self.not_reused.as_deref()
    }

    /// Writes the reused inputs that come before converted input `next`
    /// (`usize::MAX`: all that are left); with `jsonl`, their JSON too.
    pub fn emit_before(
        &mut self,
        next: usize,
        writer: &mut DatasetWriter,
        mut jsonl: Option<&mut dyn Write>,
    ) -> Result<(), Error> {
        while self.reused.front().is_some_and(|(k, _)| *k <= next) {
            let Some((_, p)) = self.reused.pop_front() else {
                break;
            };
            if let Some(w) = jsonl.as_deref_mut() {
                let mut line = prior_line(&p)?;
                line.push(b'\n');
                let _ = w.write_all(&line);
            }
            writer.write_prior(&p)?;
        }
        Ok(())
    }
}

/// Merges dataset folders made by `extract` over disjoint sets of inputs
/// into `out`, as one `extract` run over all the inputs would write it.
/// `writer` is a fresh writer on `out` (with the package options and the
/// canonicalizer set); its options must match the parts' (`--excel`).
pub fn merge(parts: &[PathBuf], writer: DatasetWriter) -> Result<Summary, Error> {
    merge_with(parts, writer, None).map(|m| m.summary)
}

/// The documents a merge converts again instead of copying their rows:
/// those a reviewer's corrections name, so that each gets them applied
/// (`opts.amend`) as `extract --corrections` would.
pub struct Again<'a> {
    /// Whether a document (by `doc_id`) is to be converted again.
    pub names: &'a (dyn Fn(&str) -> bool + Sync),
    /// The conversion options: the shards' (`--ocr`, header vocabulary),
    /// with the corrections as `amend`.
    pub opts: &'a crate::pipeline::Options,
}

/// What a [`merge_with`] did.
#[derive(Debug)]
pub struct Merged {
    pub summary: Summary,
    /// The documents of the parts, by `doc_id` (converted and failed).
    pub documents: std::collections::BTreeSet<String>,
    /// The documents converted again, by `doc_id`.
    pub converted: Vec<String>,
    /// Documents to convert again whose rows were copied as they were,
    /// with why (their source file gone or changed, or it failed).
    pub copied: Vec<(String, String)>,
}

/// [`merge`], converting again the documents `again` names from their
/// recorded `source_file` when it is still there with the same SHA-256
/// (in parallel, on rayon's pool); the others are copied.
pub fn merge_with(
    parts: &[PathBuf],
    mut writer: DatasetWriter,
    again: Option<Again>,
) -> Result<Merged, Error> {
    let mut loaded = Vec::new();
    for p in parts {
        loaded.push(Dataset::load(p)?);
    }
    if let Some(first) = loaded.first() {
        if let Some(d) = loaded.iter().find(|d| d.excel != first.excel) {
            return Err(super::prior::invalid(
                &d.dir,
                "parts written with and without --excel cannot be merged",
            ));
        }
    }
    // The parts must have been converted alike; the merged folder records
    // how. Converting documents again needs this run's options to match.
    if let Some(first) = loaded.first() {
        let settings = match &first.settings {
            Some(s) => s.clone(),
            None => {
                return Err(super::prior::invalid(
                    &first.dir,
                    "it does not record how its documents were converted; extract it again",
                ))
            }
        };
        let base = if again.is_some() {
            writer.settings().clone()
        } else {
            settings.clone()
        };
        if let Some((d, why)) = loaded.iter().find_map(|d| Some((d, d.unlike(&base)?))) {
            return Err(super::prior::invalid(
                &d.dir,
                format!("{why}; give merge the options the parts were extracted with"),
            ));
        }
        writer.set_settings(settings);
    }
    if let Some((d, p)) = loaded
        .iter()
        .find_map(|d| Some((d, d.entries.iter().find(|p| p.changed.is_some())?)))
    {
        return Err(super::prior::invalid(
            &d.dir,
            format!(
                "{} (input {}); extract that part again",
                p.changed.as_deref().unwrap_or_default(),
                p.source_file
            ),
        ));
    }
    let mut entries = Vec::new();
    for d in loaded {
        for (f, m) in &d.missing {
            writer.missing_input(f, m)?;
        }
        entries.extend(d.entries);
    }
    entries.sort_by(|a, b| a.source_file.cmp(&b.source_file));
    // The same path in two parts is one input; two files under one name
    // (shards that recorded different folders' `x.pdf` alike) would lose one.
    if let Some(w) = entries.windows(2).find(|w| {
        w[0].source_file == w[1].source_file
            && w[0].sha256 != w[1].sha256
            && !w[0].sha256.is_empty()
            && !w[1].sha256.is_empty()
    }) {
        return Err(super::prior::invalid(
            &w[1].dir,
            format!(
                "{} is another file in {}: the parts record two different files under one name; extract them with --root (a folder above all inputs)",
                w[1].source_file,
                w[0].dir.display()
            ),
        ));
    }
    entries.dedup_by(|b, a| a.source_file == b.source_file);
    let mut copied = Vec::new();
    let converted = match &again {
        Some(a) => convert_again(&entries, a, &mut copied),
        None => Vec::new(),
    };
    let mut done = converted.into_iter().peekable();
    let mut converted = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        match done.next_if(|(k, _)| *k == i) {
            Some((_, o)) => {
                writer.write(&o)?;
                converted.push(e.doc_id.clone());
            }
            None => writer.write_prior(e)?,
        }
    }
    let documents = entries
        .iter()
        .filter(|e| !e.doc_id.is_empty())
        .map(|e| e.doc_id.clone())
        .collect();
    Ok(Merged {
        summary: writer.finish()?,
        documents,
        converted,
        copied,
    })
}

/// Converts the entries `again` names whose source is unchanged; returns
/// them by index, in order, and says in `copied` why the others are not.
fn convert_again(
    entries: &[Prior],
    again: &Again,
    copied: &mut Vec<(String, String)>,
) -> Vec<(usize, crate::pipeline::Outcome)> {
    use rayon::prelude::*;
    let named: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].kind == PriorKind::Ok && (again.names)(&entries[i].doc_id))
        .collect();
    let tried: Vec<(usize, Result<crate::pipeline::Outcome, String>)> = named
        .par_iter()
        .map(|&i| {
            let e = &entries[i];
            let path = Path::new(&e.source_file);
            let r = match super::fs::file_digest(path) {
                Err(err) => Err(format!(
                    "its source {} cannot be read: {err}",
                    e.source_file
                )),
                Ok((n, h)) if n != e.bytes || h != e.sha256 => {
                    Err(format!("its source {} has changed", e.source_file))
                }
                Ok(_) => {
                    let o = crate::pipeline::convert_file(path, &e.source_file, again.opts);
                    match &o.result {
                        Ok(d) if d.doc_id == e.doc_id => Ok(o),
                        Ok(_) => Err(format!("its source {} has changed", e.source_file)),
                        Err(err) => {
                            Err(format!("converting {} again failed: {err}", e.source_file))
                        }
                    }
                }
            };
            (i, r)
        })
        .collect();
    let mut out = Vec::new();
    for (i, r) in tried {
        match r {
            Ok(o) => out.push((i, o)),
            Err(why) => copied.push((entries[i].doc_id.clone(), why)),
        }
    }
    out
}
