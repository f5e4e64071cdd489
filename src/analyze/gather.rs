//! Turns the items' results, kept or made, into one build's [`Analysis`] and warnings. Every
//! build hands on copies: the results stay in the memo for the next build. On a large site
//! this copying is most of what a rebuild's analysis costs (a hundred thousand warnings), so
//! it is spread over the cores, and the list of warnings makes room for all of them at once.

use std::sync::Arc;

use rayon::prelude::*;

use super::item_memo::Analysed;
use super::{Analysis, Item};
use crate::diag::{Diagnostic, Diagnostics};

/// Results copied per task: enough to outweigh a task's cost, few enough to share the work.
const CHUNK: usize = 512;

/// The analysis of the site from the results of its articles, pages and FAQ entries, with
/// their warnings added to `diags` in that order.
pub fn gather(
    articles: &[Arc<Analysed>],
    pages: &[Arc<Analysed>],
    faq: &[Arc<Analysed>],
    diags: &mut Diagnostics,
) -> Analysis {
    let chunks: Vec<&[Arc<Analysed>]> = [articles, pages, faq]
        .into_iter()
        .flat_map(|list| list.chunks(CHUNK))
        .collect();
    let warnings: Vec<Vec<Diagnostic>> = chunks
        .par_iter()
        .map(|chunk| {
            chunk
                .iter()
                .flat_map(|r| r.warnings.iter().cloned())
                .collect()
        })
        .collect();
    let count = warnings.iter().map(Vec::len).sum();
    diags.extend(Counted {
        inner: warnings.into_iter().flatten(),
        left: count,
    });
    Analysis {
        articles: items(articles),
        pages: items(pages),
        faq: items(faq),
    }
}

fn items(results: &[Arc<Analysed>]) -> Vec<Item> {
    results.par_iter().map(|r| r.item.clone()).collect()
}

/// An iterator that says how many items it has left, so that a list it extends grows once.
struct Counted<I> {
    inner: I,
    left: usize,
}

impl<I: Iterator> Iterator for Counted<I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        let next = self.inner.next()?;
        self.left = self.left.saturating_sub(1);
        Some(next)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}
