//! Cross-links: topic → articles and topic → FAQ indexes, related articles, related FAQ
//! entries and related topics.
//!
//! Related articles and FAQ entries come from [`Overlap`] (the most shared topics first),
//! never from comparing every pair, so the cost does not grow with the square of the site.

use std::collections::HashMap;

use rayon::prelude::*;

use super::overlap::Overlap;
use super::{RELATED_LIMIT, Site};

/// Fills every index and related list of `site`.
pub fn index(site: &mut Site) {
    topic_indexes(site);
    if site.options.related_lists {
        let related = related_articles(site);
        for (a, r) in site.articles.iter_mut().zip(related) {
            a.related = r.into();
        }
        related_faq(site);
    }
    related_topics(site);
}

/// Topic → its articles (in site order) and its FAQ entries (in file order).
fn topic_indexes(site: &mut Site) {
    for (ai, a) in site.articles.iter().enumerate() {
        for &t in a.topics.iter() {
            site.topics[t].articles.push(ai);
        }
    }
    for (fi, f) in site.faq.iter().enumerate() {
        for &t in f.topics.iter() {
            site.topics[t].faq.push(fi);
        }
    }
}

/// For each article, the articles sharing the most topics with it, then the newest.
fn related_articles(site: &Site) -> Vec<Vec<usize>> {
    let n = site.articles.len();
    let mut newest: Vec<usize> = (0..n).collect();
    newest.sort_by(|&a, &b| site.newer_first(a, b));
    let rank = ranks(&newest);
    let topics = site.articles.iter().map(|a| a.topics.to_vec()).collect();
    let overlap = Overlap::new(topics, &rank);
    (0..n)
        .into_par_iter()
        .map(|ai| {
            overlap.best(&site.articles[ai].topics, RELATED_LIMIT, |other| {
                other == ai
            })
        })
        .collect()
}

/// For each article, the FAQ entries that name it first, then those sharing the most of its
/// topics (in file order).
fn related_faq(site: &mut Site) {
    let mut explicit: Vec<Vec<usize>> = vec![Vec::new(); site.articles.len()];
    for (fi, f) in site.faq.iter().enumerate() {
        for &ai in f.related.iter() {
            explicit[ai].push(fi);
        }
    }
    let in_file_order: Vec<usize> = (0..site.faq.len()).collect();
    let topics = site.faq.iter().map(|f| f.topics.to_vec()).collect();
    let overlap = Overlap::new(topics, &in_file_order);
    let lists: Vec<Vec<usize>> = explicit
        .into_par_iter()
        .enumerate()
        .map(|(ai, mut list)| {
            let room = RELATED_LIMIT.saturating_sub(list.len());
            let ranked = overlap.best(&site.articles[ai].topics, room, |fi| list.contains(&fi));
            list.extend(ranked);
            list.truncate(RELATED_LIMIT);
            list
        })
        .collect();
    for (a, list) in site.articles.iter_mut().zip(lists) {
        a.related_faq = list.into();
    }
}

/// Each item's place in `order`.
fn ranks(order: &[usize]) -> Vec<usize> {
    let mut rank = vec![0; order.len()];
    for (place, &i) in order.iter().enumerate() {
        rank[i] = place;
    }
    rank
}

/// For each topic, the topics that occur together with it on an article or FAQ entry, most
/// often first.
fn related_topics(site: &mut Site) {
    let mut pairs: Vec<HashMap<usize, usize>> = vec![HashMap::new(); site.topics.len()];
    let sets = site
        .articles
        .iter()
        .map(|a| &a.topics[..])
        .chain(site.faq.iter().map(|f| &f.topics[..]));
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
