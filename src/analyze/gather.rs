//! Turns the items' results, kept or made, into one build's [`Analysis`] and warnings. The
//! results stay in the memo for the next build: each item's warnings are handed on as the
//! shared list they are (a large site has a hundred thousand), its figures copied, on every
//! core.

use std::sync::Arc;

use super::item_memo::Analysed;
use super::{Analysis, Item};
use crate::diag::Diagnostics;

/// The analysis of the site from the results of its articles, pages and FAQ entries, with
/// their warnings added to `diags` in that order.
pub fn gather(
    articles: &[Arc<Analysed>],
    pages: &[Arc<Analysed>],
    faq: &[Arc<Analysed>],
    diags: &mut Diagnostics,
) -> Analysis {
    for result in articles.iter().chain(pages).chain(faq) {
        diags.extend_shared(Arc::clone(&result.warnings));
    }
    Analysis {
        articles: items(articles),
        pages: items(pages),
        faq: items(faq),
    }
}

fn items(results: &[Arc<Analysed>]) -> Vec<Arc<Item>> {
    results.iter().map(|r| Arc::clone(&r.item)).collect()
}
