//! Long lists: a list with more items than the limit (7 by default: CDC Clear Communication
//! Index item 8) is hard to take in. Items of nested lists count for their own list only,
//! so splitting a long list into sub-lists is the fix.

use super::super::prose::Prose;
use super::{Finding, LintKind};

pub(super) fn check(prose: &Prose, max_items: usize, out: &mut Vec<Finding>) {
    for list in prose.lists.iter().filter(|l| l.items > max_items) {
        out.push(Finding {
            kind: LintKind::LongList,
            byte_start: list.src.start,
            byte_end: list.src.end,
            message: format!(
                "This list has {} items; more than {max_items} are hard to take in: group them \
                 under short headings or into sub-lists",
                list.items
            ),
        });
    }
}
