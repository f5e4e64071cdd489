//! Ranking items by the topics they share with a query: the most shared topics first, then
//! a fixed order (newest first for articles, file order for FAQ entries), the first few only.
//!
//! Counting shared topics item by item costs, for every query, every item of every one of its
//! topics: on a site where a topic holds a tenth of the articles that is quadratic. Instead
//! every item is filed under each small set of its topics, in rank order. An item among the
//! best `k` for a query sharing `c` topics with it is, in the list of those `c` topics, behind
//! at most `k - 1` better items (every item in that list shares at least those topics and is
//! ranked ahead of it when it comes first), so looking at the first few of each subset's list
//! finds the exact answer, whatever the size of the site.
//!
//! Queries with many topics (more than [`MAX_QUERY`]) and items with very many (more than
//! [`MAX_FILED`], whose subsets would be too many to file) are counted the direct way.

use crate::word_map::FastMap;

/// The largest topic set a query answers through the subset lists.
const MAX_QUERY: usize = 4;
/// Items with more topics than this are not filed under subsets but checked by every query.
const MAX_FILED: usize = 16;

/// Items filed under every subset (of at most [`MAX_QUERY`] topics) of their topic sets.
pub struct Overlap<'a> {
    /// Each item's topics, sorted.
    topics: Vec<Vec<usize>>,
    /// Each item's place in the ranking order (lower is better).
    rank: &'a [usize],
    /// Topic subset → its items, best first.
    lists: FastMap<Vec<usize>, Vec<usize>>,
    /// Items with more than [`MAX_FILED`] topics, best first.
    wide: Vec<usize>,
}

impl<'a> Overlap<'a> {
    /// Files `items` (each item's topics, without repeats) ranked by `rank`.
    pub fn new(items: Vec<Vec<usize>>, rank: &'a [usize]) -> Overlap<'a> {
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by_key(|&i| rank[i]);
        let mut topics = items;
        for t in &mut topics {
            t.sort_unstable();
        }
        let mut lists: FastMap<Vec<usize>, Vec<usize>> = FastMap::default();
        let mut wide = Vec::new();
        for &i in &order {
            if topics[i].len() > MAX_FILED {
                wide.push(i);
                continue;
            }
            // Most subsets have a list already: only a new one's key is allocated.
            for_each_subset(
                &topics[i],
                MAX_QUERY,
                &mut |subset| match lists.get_mut(subset) {
                    Some(list) => list.push(i),
                    None => {
                        lists.insert(subset.to_vec(), vec![i]);
                    }
                },
            );
        }
        Overlap {
            topics,
            rank,
            lists,
            wide,
        }
    }

    /// The best `k` items sharing at least one topic with `query`, leaving out those
    /// `excluded` says.
    pub fn best(&self, query: &[usize], k: usize, excluded: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut query = query.to_vec();
        query.sort_unstable();
        query.dedup();
        let mut candidates: Vec<usize> = if query.len() > MAX_QUERY {
            // Every item sharing a topic: the one-topic lists (wide items are added below).
            query
                .iter()
                .filter_map(|&t| self.lists.get([t].as_slice()))
                .flatten()
                .copied()
                .collect()
        } else {
            self.subset_heads(&query, k, &excluded)
        };
        candidates.extend(self.wide.iter().copied());
        candidates.sort_unstable();
        candidates.dedup();
        let mut scored: Vec<(usize, usize)> = candidates
            .into_iter()
            .filter(|&i| !excluded(i))
            .map(|i| (shared(&query, &self.topics[i]), i))
            .filter(|&(n, _)| n > 0)
            .collect();
        let order = |a: &(usize, usize), b: &(usize, usize)| {
            b.0.cmp(&a.0).then(self.rank[a.1].cmp(&self.rank[b.1]))
        };
        if scored.len() > k {
            scored.select_nth_unstable_by(k, order);
            scored.truncate(k);
        }
        scored.sort_by(order);
        scored.into_iter().map(|(_, i)| i).collect()
    }

    /// The first `k` items, not counting excluded ones, of every subset list of `query`.
    fn subset_heads(
        &self,
        query: &[usize],
        k: usize,
        excluded: &impl Fn(usize) -> bool,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        for_each_subset(query, MAX_QUERY, &mut |subset| {
            if let Some(list) = self.lists.get(subset) {
                let mut kept = 0;
                for &i in list {
                    if kept == k {
                        break;
                    }
                    out.push(i);
                    if !excluded(i) {
                        kept += 1;
                    }
                }
            }
        });
        out
    }
}

/// How many topics two sorted topic lists share.
fn shared(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Calls `f` with every non-empty subset of the sorted `set` of at most `max` members, each
/// sorted.
fn for_each_subset(set: &[usize], max: usize, f: &mut impl FnMut(&[usize])) {
    fn walk(
        set: &[usize],
        from: usize,
        max: usize,
        current: &mut Vec<usize>,
        f: &mut impl FnMut(&[usize]),
    ) {
        for i in from..set.len() {
            current.push(set[i]);
            f(current);
            if current.len() < max {
                walk(set, i + 1, max, current, f);
            }
            current.pop();
        }
    }
    walk(set, 0, max, &mut Vec::new(), f);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The direct way: count every item's shared topics and sort.
    fn by_counting(
        items: &[Vec<usize>],
        rank: &[usize],
        query: &[usize],
        k: usize,
        skip: &[usize],
    ) -> Vec<usize> {
        let mut scored: Vec<(usize, usize)> = (0..items.len())
            .filter(|i| !skip.contains(i))
            .map(|i| (items[i].iter().filter(|t| query.contains(t)).count(), i))
            .filter(|&(n, _)| n > 0)
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(rank[a.1].cmp(&rank[b.1])));
        scored.into_iter().take(k).map(|(_, i)| i).collect()
    }

    fn dedup(mut v: Vec<usize>) -> Vec<usize> {
        v.sort_unstable();
        v.dedup();
        v
    }

    proptest! {
        #[test]
        fn subset_lists_give_what_counting_gives(
            items in prop::collection::vec(prop::collection::vec(0usize..7, 0..6), 1..60),
            wide_topics in prop::collection::vec(0usize..20, 17..20),
            seed in 0usize..1000,
            k in 1usize..6,
        ) {
            let mut items: Vec<Vec<usize>> = items.into_iter().map(dedup).collect();
            // One item with more topics than are filed.
            items.push(dedup(wide_topics));
            let n = items.len();
            let rank: Vec<usize> = (0..n).map(|i| (i * 7919 + seed) % n).collect();
            // Ranks must be distinct: a permutation.
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by_key(|&i| (rank[i], i));
            let mut rank = vec![0; n];
            for (r, &i) in order.iter().enumerate() {
                rank[i] = r;
            }
            let overlap = Overlap::new(items.clone(), &rank);
            for q in 0..n {
                let skip = [q, (q + 1) % n];
                let got = overlap.best(&items[q], k, |i| skip.contains(&i));
                prop_assert_eq!(got, by_counting(&items, &rank, &items[q], k, &skip));
            }
        }
    }

    #[test]
    fn subsets_are_listed_once_each() {
        let mut seen = Vec::new();
        for_each_subset(&[1, 2, 3], 2, &mut |s| seen.push(s.to_vec()));
        assert_eq!(
            seen,
            vec![
                vec![1],
                vec![1, 2],
                vec![1, 3],
                vec![2],
                vec![2, 3],
                vec![3]
            ]
        );
    }
}
