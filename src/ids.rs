//! Sets of document ids (`doc_id`: the first 16 hex digits of an input's
//! SHA-256) that a batch keeps for its whole length.
//!
//! A batch remembers which documents it wrote (duplicates, stale files) and
//! which documents name each agency; kept as strings, those sets were most
//! of what grew with the number of inputs. A `doc_id` is held here as the
//! `u64` its hex digits spell (8 bytes instead of a 40-byte `String`); any
//! other id (a library caller's own) is kept as text.

use std::collections::BTreeSet;

/// A set of document ids, listed in string order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocIdSet {
    hex: BTreeSet<u64>,
    other: BTreeSet<String>,
}

/// The value of a 16-digit lowercase hex id (the form that prints back the
/// same with `{:016x}`).
fn hex16(id: &str) -> Option<u64> {
    let ok = id.len() == 16 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if ok {
        u64::from_str_radix(id, 16).ok()
    } else {
        None
    }
}

impl DocIdSet {
    pub fn new() -> DocIdSet {
        DocIdSet::default()
    }

    /// Adds `id`; false if it was there.
    pub fn insert(&mut self, id: &str) -> bool {
        match hex16(id) {
            Some(v) => self.hex.insert(v),
            None if self.other.contains(id) => false,
            None => self.other.insert(id.to_string()),
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        match hex16(id) {
            Some(v) => self.hex.contains(&v),
            None => self.other.contains(id),
        }
    }

    pub fn len(&self) -> usize {
        self.hex.len() + self.other.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds every id of `other`.
    pub fn extend(&mut self, other: DocIdSet) {
        self.hex.extend(other.hex);
        self.other.extend(other.other);
    }

    /// The ids as text, sorted.
    pub fn to_sorted_vec(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .hex
            .iter()
            .map(|h| format!("{h:016x}"))
            .chain(self.other.iter().cloned())
            .collect();
        v.sort();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_text_and_order() {
        let mut s = DocIdSet::new();
        for id in [
            "00ab000000000001",
            "ffff000000000000",
            "doc-b",
            "00AB000000000001",
            "0a",
        ] {
            assert!(s.insert(id), "{id}");
        }
        assert!(!s.insert("00ab000000000001"));
        assert!(!s.insert("doc-b"));
        assert!(s.contains("ffff000000000000") && s.contains("00AB000000000001"));
        assert!(!s.contains("ffff000000000001"));
        assert_eq!(s.len(), 5);
        assert_eq!(
            s.to_sorted_vec(),
            [
                "00AB000000000001",
                "00ab000000000001",
                "0a",
                "doc-b",
                "ffff000000000000"
            ]
        );
        let mut t = DocIdSet::new();
        t.insert("1111111111111111");
        t.insert("doc-b");
        s.extend(t);
        assert_eq!(s.len(), 6);
    }
}
