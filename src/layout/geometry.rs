//! Plane geometry shared by the stages that find structure on a page: the
//! layout's columns, the table strategies and the OCR stage's cell grid.
//! Pure functions over numbers; nothing here knows text or PDF.

/// Disjoint sets over `0..n` (union–find with path halving): rules that
/// touch form one table, pixel runs that meet form one rule.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    /// The representative of `i`'s set.
    pub fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Joins the sets of `a` and `b`.
    pub fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra] = rb;
        }
    }
}

/// How [`cluster`] decides that a position joins the group before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linkage {
    /// Within the tolerance of the previous position (a chain: drawn rules
    /// of one grid line, each a hair off the last).
    Chain,
    /// Within the tolerance of the group's mean so far (a scan's rule
    /// fragments, which must not drift along a slanted page).
    Mean,
}

/// Groups sorted-on-the-fly positions that lie within `tol` of each other.
/// Returns, for each group in increasing order, the indices into `pos` of
/// its members (each list in increasing position).
pub fn cluster(pos: &[f32], tol: f32, linkage: Linkage) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..pos.len()).collect();
    order.sort_by(|&a, &b| pos[a].total_cmp(&pos[b]));
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut sum = 0.0f32;
    for i in order {
        let x = pos[i];
        let joins = out.last().is_some_and(|g| match linkage {
            Linkage::Chain => g.last().is_some_and(|&j| x - pos[j] <= tol),
            Linkage::Mean => x - sum / g.len() as f32 <= tol,
        });
        match out.last_mut() {
            Some(g) if joins => {
                g.push(i);
                sum += x;
            }
            _ => {
                out.push(vec![i]);
                sum = x;
            }
        }
    }
    out
}

/// The mean of the positions at `members`.
pub fn mean(pos: &[f32], members: &[usize]) -> f32 {
    members.iter().map(|&i| pos[i]).sum::<f32>() / members.len().max(1) as f32
}

/// The sorted, merged union of intervals `(a, b)`.
pub fn merge_intervals(mut v: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The parts of `(lo, hi)` that no interval of `merged` (sorted, disjoint:
/// see [`merge_intervals`]) covers, left to right.
pub fn gaps(merged: &[(f32, f32)], lo: f32, hi: f32) -> Vec<(f32, f32)> {
    let mut out = Vec::new();
    if hi <= lo {
        return out;
    }
    let mut cursor = lo;
    for &(a, b) in merged {
        if b <= lo {
            continue;
        }
        if a >= hi {
            break;
        }
        if a > cursor {
            out.push((cursor, a));
        }
        cursor = cursor.max(b);
    }
    if hi > cursor {
        out.push((cursor, hi));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_find_joins_chains() {
        let mut u = UnionFind::new(5);
        u.union(0, 1);
        u.union(3, 4);
        u.union(1, 4);
        assert_eq!(u.find(0), u.find(3));
        assert_ne!(u.find(2), u.find(0));
    }

    #[test]
    fn chain_and_mean_linkage_differ_on_a_drift() {
        let pos = [10.0, 11.5, 13.0, 14.5, 40.0];
        let chain = cluster(&pos, 2.0, Linkage::Chain);
        assert_eq!(chain, vec![vec![0, 1, 2, 3], vec![4]]);
        let mean_l = cluster(&pos, 2.0, Linkage::Mean);
        assert_eq!(mean_l, vec![vec![0, 1], vec![2, 3], vec![4]]);
        assert!((mean(&pos, &chain[0]) - 12.25).abs() < 1e-6);
    }

    #[test]
    fn gaps_are_the_uncovered_parts() {
        let m = merge_intervals(vec![(5.0, 7.0), (1.0, 3.0), (2.0, 4.0)]);
        assert_eq!(m, vec![(1.0, 4.0), (5.0, 7.0)]);
        assert_eq!(
            gaps(&m, 0.0, 10.0),
            vec![(0.0, 1.0), (4.0, 5.0), (7.0, 10.0)]
        );
        assert_eq!(gaps(&m, 2.0, 6.0), vec![(4.0, 5.0)]);
        assert!(gaps(&m, 6.0, 6.0).is_empty());
    }
}
