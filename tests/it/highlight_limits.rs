//! Code too big to highlight: a 2 MB line once cost 18 s, 500 MB and a 120 MB page. Such a
//! block is shown plain (escaped, in the same markup) with a warning at the block, in a
//! markdown file and in markdown held in YAML, while normal blocks are still highlighted.
//! The build runs under a CPU-time and memory ceiling, so a return to highlighting it fails
//! here instead of only being slow.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::support::{Built, Diag, Opts, Run, Site, careleaf_with, expect_diag, sel, text_of};

/// CPU seconds and bytes of data (heap and stacks) the build may use: far above what it
/// needs (about 0.1 s and 40 MB in a debug build), far below what highlighting a 2 MB line
/// takes (seconds, and half a gigabyte).
const CPU_SECONDS: u32 = 10;
const DATA_BYTES: u64 = 256 * 1024 * 1024;

/// `careleaf build` of `site` under [`CPU_SECONDS`] and [`DATA_BYTES`] (`prlimit`): the kernel
/// kills a run over the CPU limit and fails its allocations over the memory one.
fn build_within_limits(site: &Site) -> Run {
    let args: Vec<OsString> = vec![
        format!("--cpu={CPU_SECONDS}").into(),
        format!("--data={DATA_BYTES}").into(),
        crate::support::BIN.into(),
        "build".into(),
        "--root".into(),
        site.root().into(),
    ];
    let opts = Opts {
        bin: Some(PathBuf::from("prlimit")),
        ..Opts::default()
    };
    careleaf_with(&args, &opts)
}

/// A line of Python-like code `chars` characters long.
fn long_line(chars: usize) -> String {
    "x = f(1, 'a') + y; ".repeat(chars / 19 + 1)[..chars].to_owned()
}

const WARNING: &str = "this code block is shown without highlighting: its line 1 has 2,000,000 characters, and careleaf highlights a block only when no line has more than 2,000; break that line, or remove the language name from the block's first line to show it plain without this warning";

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
fn a_two_megabyte_line_is_shown_plain_with_a_warning_at_its_block() {
    let line = long_line(2_000_000);
    let article = format!(
        "---\ntitle: Code\n---\n\nA normal block:\n\n```python\nx = 1  # small\n```\n\nA huge one:\n\n```python\n{line}\n```\n\nAfter it.\n"
    );
    let site = Site::from_owned(&[("content/articles/code.md".into(), article.clone())]);
    let run = build_within_limits(&site);
    assert!(
        run.success(),
        "the build must succeed within the limits:\n{}",
        run.stderr
    );
    let fence = fence_line(&article, "```python", 1);
    let d = expect_diag(
        &run,
        &run.diagnostics(),
        "warning",
        "content/articles/code.md",
        fence,
        "without highlighting",
    )
    .clone();
    assert_eq!(d.message, WARNING);
    assert_eq!((d.column, d.source_line.as_deref()), (1, Some("```python")));
    assert_eq!(warnings(&run).len(), 1, "{}", run.stderr);

    let built = Built::new(site.public(), run);
    let page = built.page("/articles/code/");
    let blocks = page.all(".content pre.code");
    assert_eq!(blocks.len(), 2);
    // The normal block is still highlighted.
    assert!(
        blocks[0].select(&sel("span[class^=hl-]")).count() > 2,
        "{}",
        blocks[0].html()
    );
    // The huge one is the text as written, escaped, in the same markup, with no spans.
    let huge = blocks[1];
    assert_eq!(huge.value().attr("tabindex"), Some("0"));
    let code = huge.select(&sel("code.language-python")).next().unwrap();
    assert_eq!(code.select(&sel("span")).count(), 0);
    assert_eq!(text_of(code), line);
    // The page is about the size of the text, not the 120 MB that highlighting made.
    let size = std::fs::metadata(built.out.join("articles/code/index.html"))
        .unwrap()
        .len();
    assert!(size < 3_000_000, "page is {size} bytes");
}

#[test]
fn code_in_yaml_is_limited_too_and_warned_about_at_its_fence() {
    // Two blocks written alike before the long one: the warning finds the third.
    let faq = format!(
        "questions:\n  - id: code\n    question: What is the code?\n    answer: |\n      Some code:\n\n      ```python\n      x = 1\n      ```\n\n      ```python\n      x = 2\n      ```\n\n      ```python\n      {}\n      ```\n",
        long_line(2_001)
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
    article.push_str(&format!("```txt\n{}\n```\n", long_line(3_000)));
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
