//! Code too big to highlight: a 2 MB line once cost 18 s, 500 MB and a 120 MB page. Such a
//! block is shown plain (escaped, in the same markup) with a warning at the block, in a
//! markdown file and in markdown held in YAML, while normal blocks are still highlighted.
//! The builds run under a CPU-time and memory ceiling; the worst case, a 2 MB line, is
//! built in [`crate::limits`].

use crate::support::{
    Built, Diag, Run, Site, expect_diag, long_code_line, run_with_memory_ceiling, sel,
};

/// Mebibytes of memory the builds here may use: far above what they need (under 30 MiB),
/// far below what highlighting big code took (half a gigabyte for a 2 MB line).
const MEMORY_MB: u64 = 256;

fn build_within_limits(site: &Site) -> Run {
    run_with_memory_ceiling(MEMORY_MB, site, &["build"])
}

/// The 1-based line of the `n`-th (from 0) line that is `fence` (closing fences are plain
/// ```` ``` ````, so they never count).
fn fence_line(text: &str, fence: &str, n: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == fence)
        .nth(n)
        .expect("the fixture has this fence")
        .0
        + 1
}

fn warnings(run: &Run) -> Vec<Diag> {
    run.diagnostics()
        .into_iter()
        .filter(|d| d.severity == "warning" && d.message.contains("without highlighting"))
        .collect()
}

#[test]
fn code_in_yaml_is_limited_too_and_warned_about_at_its_fence() {
    // Two blocks written alike before the long one: the warning finds the third.
    let faq = format!(
        "questions:\n  - id: code\n    question: What is the code?\n    answer: |\n      Some code:\n\n      ```python\n      x = 1\n      ```\n\n      ```python\n      x = 2\n      ```\n\n      ```python\n      {}\n      ```\n",
        long_code_line(2_001)
    );
    let site = Site::from_owned(&[("content/faq.yaml".into(), faq.clone())]);
    let run = build_within_limits(&site);
    assert!(run.success(), "{}", run.stderr);
    let fence = fence_line(&faq, "```python", 2);
    let d = expect_diag(
        &run,
        &run.diagnostics(),
        "warning",
        "content/faq.yaml",
        fence,
        "its line 1 has 2,001 characters",
    )
    .clone();
    assert_eq!(d.column, 7);
    assert_eq!(warnings(&run).len(), 1, "{}", run.stderr);
    let built = Built::new(site.public(), run);
    let page = built.page("/faq/");
    let blocks = page.all("pre.code");
    assert_eq!(blocks.len(), 3);
    assert!(blocks[1].select(&sel("span[class^=hl-]")).count() > 0);
    assert_eq!(blocks[2].select(&sel("span")).count(), 0);
}

#[test]
fn one_warning_per_text_counts_the_other_plain_blocks() {
    // Four blocks of 60 KB: the first three fit in the 200 KB a text may have highlighted,
    // the fourth does not; then a block with a long line. One warning, at the fourth.
    // (Plain text is the quickest language to highlight, which keeps this test quick.)
    let big = "x = 1\n".repeat(10_000);
    let mut article = String::from("---\ntitle: Code\n---\n\n");
    for _ in 0..4 {
        article.push_str(&format!("```txt\n{big}```\n\n"));
    }
    article.push_str(&format!("```txt\n{}\n```\n", long_code_line(3_000)));
    let site = Site::from_owned(&[("content/articles/code.md".into(), article.clone())]);
    let run = build_within_limits(&site);
    assert!(run.success(), "{}", run.stderr);
    let fourth = fence_line(&article, "```txt", 3);
    let all = warnings(&run);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].line, fourth);
    assert_eq!(
        all[0].message,
        "this code block is shown without highlighting: the code blocks before it in the same text already have the 204,800 bytes (200 KB) of code careleaf highlights in one text; shorten them, or remove the language name from the block's first line to show it plain without this warning; 1 more code block after it is shown without highlighting too"
    );
    let built = Built::new(site.public(), run);
    let page = built.page("/articles/code/");
    let highlighted: Vec<bool> = page
        .all(".content pre.code")
        .iter()
        .map(|b| b.select(&sel("span")).count() > 0)
        .collect();
    assert_eq!(highlighted, [true, true, true, false, false]);
}
