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
    topic_indexes(site);
    if site.options.related_lists {
        let related = related_articles(site);
        for (a, r) in site.articles.iter_mut().zip(related) {
            a.related = r;
        }
        related_faq(site);
    }
    related_topics(site);
}

/// Topic → its articles (in site order) and its FAQ entries (in file order).
fn topic_indexes(site: &mut Site) {
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
}

/// For each article, the articles sharing the most topics with it, then the newest. Shared
/// topics are counted through the topic index, in one dense array per thread that is reset
/// after each article.
fn related_articles(site: &Site) -> Vec<Vec<usize>> {
    let n = site.articles.len();
    (0..n)
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
                    n2.cmp(&n1).then_with(|| site.newer_first(a1, a2))
                };
                top(ranked, RELATED_LIMIT, better)
            },
        )
        .collect()
}

/// For each article, the FAQ entries that name it first, then those sharing its topics.
fn related_faq(site: &mut Site) {
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
}

/// For each topic, the topics that occur together with it on an article or FAQ entry, most
/// often first.
fn related_topics(site: &mut Site) {
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
