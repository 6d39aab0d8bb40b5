//! Batch accumulation of agencies for `agencies.csv`.

use super::{key, Agency, Canonicalizer, Level};
use crate::vn::fold_key;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Which column a cell comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// `Đơn vị chủ trì`.
    Lead,
    /// `Đơn vị phối hợp`.
    Partner,
}

/// The agencies of one task row, canonical and without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskAgencies {
    pub lead: Vec<Agency>,
    /// Partners, including those named after `phối hợp` in the lead cell.
    pub partners: Vec<Agency>,
}

impl TaskAgencies {
    /// `tasks.csv` column `lead_canonical`: canonical names, `; `-joined.
    pub fn lead_canonical(&self) -> String {
        join(&self.lead)
    }

    /// `tasks.csv` column `partners_canonical`.
    pub fn partners_canonical(&self) -> String {
        join(&self.partners)
    }

    fn extend(&mut self, other: TaskAgencies) {
        for a in other.lead {
            push_unique(&mut self.lead, a);
        }
        for a in other.partners {
            push_unique(&mut self.partners, a);
        }
    }
}

fn join(v: &[Agency]) -> String {
    v.iter()
        .map(|a| a.canonical.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn push_unique(v: &mut Vec<Agency>, a: Agency) {
    if !a.canonical.is_empty() && !v.iter().any(|o| o.canonical == a.canonical) {
        v.push(a);
    }
}

#[derive(Debug, Clone)]
struct IndexEntry {
    agency: Agency,
    /// Spellings seen (as split from the cells) and how often.
    aliases: BTreeMap<String, u64>,
    docs: crate::ids::DocIdSet,
    mentions: u64,
    example: String,
}

/// One row of `agencies.csv` (written as `dataset::contract::AgencyRecord`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyRow {
    pub canonical_name: String,
    pub level: Level,
    pub collective: bool,
    /// Every spelling seen, sorted.
    pub aliases: Vec<String>,
    /// Number of distinct documents.
    pub documents: usize,
    /// Number of cells (one task row's lead or partner cell) naming it.
    pub mentions: u64,
    /// Sorted document ids.
    pub doc_ids: Vec<String>,
    pub known: bool,
    pub example: String,
}

impl Canonicalizer {
    /// The bodies a cell names, canonicalised (empty names dropped).
    fn name_bodies(&self, role: Role, cell: &str) -> Vec<Named> {
        let split = self.split_roles(cell);
        let (lead, partners) = match role {
            Role::Lead => (split.main, split.partners),
            Role::Partner => (
                Vec::new(),
                split.main.into_iter().chain(split.partners).collect(),
            ),
        };
        lead.into_iter()
            .map(|w| (w, true))
            .chain(partners.into_iter().map(|w| (w, false)))
            .filter_map(|(written, is_lead)| {
                let agency = self.canonical(&written);
                (!agency.canonical.is_empty()).then(|| Named {
                    key: key(&agency.canonical),
                    written,
                    is_lead,
                    agency,
                })
            })
            .collect()
    }

    /// A task row's canonical agencies (`lead_canonical`,
    /// `partners_canonical`), as [`AgencyIndex::add_task`] gives them,
    /// without counting them: the records stage's call per task.
    pub fn task(&self, lead_cell: &str, partners_cell: &str) -> TaskAgencies {
        let mut out = TaskAgencies::default();
        let named = self
            .name_bodies(Role::Lead, lead_cell)
            .into_iter()
            .chain(self.name_bodies(Role::Partner, partners_cell));
        for n in named {
            if n.is_lead {
                push_unique(&mut out.lead, n.agency);
            } else {
                push_unique(&mut out.partners, n.agency);
            }
        }
        out
    }
}

/// Accumulates the agencies of a batch. Memory: per distinct agency, its
/// spellings and the set of document ids; nothing per row.
#[derive(Debug, Clone, Default)]
pub struct AgencyIndex {
    canon: Canonicalizer,
    entries: HashMap<String, IndexEntry>,
    /// Cells already canonicalised (task tables repeat the same few cells,
    /// `Sở TT&TT`, thousands of times), per role (lead, partner): cell → the
    /// bodies as written, whether each leads, their agency and key. Bounded
    /// by [`MEMO_CELLS`] per role.
    memo: [HashMap<String, std::sync::Arc<[Named]>>; 2],
}

/// At most this many distinct cells are remembered (memory stays flat).
const MEMO_CELLS: usize = 8192;

/// One body named in a cell: as written, lead or partner, canonical, key.
#[derive(Debug, Clone)]
struct Named {
    written: String,
    is_lead: bool,
    agency: Agency,
    key: String,
}

impl AgencyIndex {
    pub fn new(canon: Canonicalizer) -> AgencyIndex {
        AgencyIndex {
            canon,
            entries: HashMap::new(),
            memo: Default::default(),
        }
    }

    pub fn canonicalizer(&self) -> &Canonicalizer {
        &self.canon
    }

    /// Number of distinct agencies so far.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records one cell of a task row (`row_ref`: the row's STT or any id
    /// that is unique within the document) and returns its canonical
    /// agencies. In a lead cell, bodies after `phối hợp` count as partners.
    pub fn add(&mut self, doc_id: &str, role: Role, cell: &str, row_ref: &str) -> TaskAgencies {
        let slot = usize::from(role == Role::Partner);
        let named = match self.memo[slot].get(cell) {
            Some(n) => n.clone(),
            None => {
                let n: std::sync::Arc<[Named]> = self.name_bodies(role, cell).into();
                if self.memo[slot].len() < MEMO_CELLS {
                    self.memo[slot].insert(cell.to_string(), n.clone());
                }
                n
            }
        };
        let mut out = TaskAgencies::default();
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let example = format!("{doc_id}#{row_ref}");
        for n in named.iter() {
            // Looked up before inserting: no key copied per mention.
            if !self.entries.contains_key(&n.key) {
                self.entries.insert(
                    n.key.clone(),
                    IndexEntry {
                        agency: n.agency.clone(),
                        aliases: BTreeMap::new(),
                        docs: Default::default(),
                        mentions: 0,
                        example: example.clone(),
                    },
                );
            }
            let Some(e) = self.entries.get_mut(&n.key) else {
                continue;
            };
            match e.aliases.get_mut(&n.written) {
                Some(c) => *c += 1,
                None => {
                    e.aliases.insert(n.written.clone(), 1);
                }
            }
            e.docs.insert(doc_id);
            if example < e.example {
                e.example.clone_from(&example);
            }
            if seen.insert(&n.key) {
                e.mentions += 1;
            }
            if n.is_lead {
                push_unique(&mut out.lead, n.agency.clone());
            } else {
                push_unique(&mut out.partners, n.agency.clone());
            }
        }
        out
    }

    fn name_bodies(&self, role: Role, cell: &str) -> Vec<Named> {
        self.canon.name_bodies(role, cell)
    }

    /// Records a task row's lead and partner cells; the writer's one call per
    /// row (`lead_canonical`, `partners_canonical`).
    pub fn add_task(
        &mut self,
        doc_id: &str,
        lead_cell: &str,
        partners_cell: &str,
        row_ref: &str,
    ) -> TaskAgencies {
        let mut t = self.add(doc_id, Role::Lead, lead_cell, row_ref);
        t.extend(self.add(doc_id, Role::Partner, partners_cell, row_ref));
        t
    }

    /// Adds another index's counts (built with the same canonicalizer), e.g.
    /// from another worker thread. The result does not depend on the order.
    pub fn merge(&mut self, other: AgencyIndex) {
        for (k, o) in other.entries {
            match self.entries.get_mut(&k) {
                None => {
                    self.entries.insert(k, o);
                }
                Some(e) => {
                    for (alias, n) in o.aliases {
                        *e.aliases.entry(alias).or_insert(0) += n;
                    }
                    e.docs.extend(o.docs);
                    e.mentions += o.mentions;
                    if o.example < e.example {
                        e.example = o.example;
                    }
                }
            }
        }
    }

    /// Rows for `agencies.csv`, sorted by canonical name (folded, then as
    /// written). Unknown bodies are named by their most frequent spelling
    /// (ties: the smallest), so the output does not depend on input order.
    pub fn rows(&self) -> Vec<AgencyRow> {
        let mut rows: Vec<AgencyRow> = self
            .entries
            .values()
            .map(|e| {
                let agency = if e.agency.known {
                    e.agency.clone()
                } else {
                    let best = e
                        .aliases
                        .iter()
                        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                        .map(|(s, _)| s.as_str())
                        .unwrap_or("");
                    self.canon.canonical(best)
                };
                AgencyRow {
                    canonical_name: agency.canonical,
                    level: agency.level,
                    collective: agency.collective,
                    aliases: e.aliases.keys().cloned().collect(),
                    documents: e.docs.len(),
                    mentions: e.mentions,
                    doc_ids: e.docs.to_sorted_vec(),
                    known: agency.known,
                    example: e.example.clone(),
                }
            })
            .collect();
        rows.sort_by_cached_key(|r| (fold_key(&r.canonical_name), r.canonical_name.clone()));
        rows
    }
}
