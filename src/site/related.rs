//! Cross-links: topic → articles and topic → FAQ indexes, related articles, related FAQ
//! entries and related topics.
//!
//! Related articles come from the topic index (articles sharing the most topics, then the
//! newest), never from comparing every pair of articles, so the cost grows with the size of
//! each article's topics, not with the square of the site.

use std::cmp::Ordering;
use std::collections::HashMap;

use rayon::prelude::*;

use super::{RELATED_LIMIT, Site};

/// Fills every index and related list of `site`.
pub fn index(site: &mut Site) {
    for (ai, a) in site.articles.iter().enumerate() {
        for &t in &a.topics {
            site.topics[t].articles.push(ai);
        }
    }
    for (fi, f) in site.faq.iter().enumerate() {
        for &t in &f.topics {
            site.topics[t].faq.push(fi);
        }
    }

    // Related articles: count shared topics through the index, keep the best few. Counts
    // live in one dense array per thread, reset after each article.
    let n = site.articles.len();
    let related: Vec<Vec<usize>> = (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0u32; n], Vec::new()),
            |(counts, touched), ai| {
                for &t in &site.articles[ai].topics {
                    for &other in &site.topics[t].articles {
                        if other != ai {
                            if counts[other] == 0 {
                                touched.push(other);
                            }
                            counts[other] += 1;
                        }
                    }
                }
                let ranked: Vec<(usize, usize)> =
                    touched.iter().map(|&i| (i, counts[i] as usize)).collect();
                for &i in touched.iter() {
                    counts[i] = 0;
                }
                touched.clear();
                let better = |&(a1, n1): &(usize, usize), &(a2, n2): &(usize, usize)| {
                    n2.cmp(&n1)
                        .then_with(|| {
                            site.articles[a2]
                                .doc
                                .front
                                .date
                                .cmp(&site.articles[a1].doc.front.date)
                        })
                        .then(a1.cmp(&a2))
                };
                top(ranked, RELATED_LIMIT, better)
            },
        )
        .collect();
    for (a, r) in site.articles.iter_mut().zip(related) {
        a.related = r;
    }

    // Related FAQ entries: those that name the article first, then those sharing topics.
    let mut explicit: Vec<Vec<usize>> = vec![Vec::new(); site.articles.len()];
    for (fi, f) in site.faq.iter().enumerate() {
        for &ai in &f.related {
            explicit[ai].push(fi);
        }
    }
    for (ai, list) in explicit.into_iter().enumerate() {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for &t in &site.articles[ai].topics {
            for &fi in &site.topics[t].faq {
                *shared.entry(fi).or_default() += 1;
            }
        }
        let mut ranked: Vec<(usize, usize)> = shared
            .into_iter()
            .filter(|(fi, _)| !list.contains(fi))
            .collect();
        ranked.sort_by(|&(f1, n1), &(f2, n2)| n2.cmp(&n1).then(f1.cmp(&f2)));
        let mut out = list;
        out.extend(ranked.into_iter().map(|(fi, _)| fi));
        out.truncate(RELATED_LIMIT);
        site.articles[ai].related_faq = out;
    }

    // Related topics: those that occur together on an article or FAQ entry.
    let mut pairs: Vec<HashMap<usize, usize>> = vec![HashMap::new(); site.topics.len()];
    let sets = site
        .articles
        .iter()
        .map(|a| &a.topics)
        .chain(site.faq.iter().map(|f| &f.topics));
    for set in sets {
        for &x in set {
            for &y in set {
                if x != y {
                    *pairs[x].entry(y).or_default() += 1;
                }
            }
        }
    }
    for (ti, counts) in pairs.into_iter().enumerate() {
        let mut ranked: Vec<(usize, usize)> = counts.into_iter().collect();
        ranked.sort_by(|&(t1, n1), &(t2, n2)| n2.cmp(&n1).then(t1.cmp(&t2)));
        site.topics[ti].related = ranked.into_iter().map(|(t, _)| t).collect();
    }
}

/// The first `k` items of `items` in `order`, without sorting the rest.
fn top<F>(mut items: Vec<(usize, usize)>, k: usize, order: F) -> Vec<usize>
where
    F: Fn(&(usize, usize), &(usize, usize)) -> Ordering,
{
    if items.len() > k {
        items.select_nth_unstable_by(k, &order);
        items.truncate(k);
    }
    items.sort_by(&order);
    // Collect from a borrowed iterator: `into_iter()` would reuse (and keep) the large
    // allocation of `items`.
    items.iter().map(|&(i, _)| i).collect()
}
