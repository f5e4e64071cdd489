//! The worst inputs of the hardening work, built under a memory and CPU-time ceiling
//! ([`run_with_memory_ceiling`]), so that a return to quadratic time or memory fails here
//! instead of only being slow. Each test also checks the output is the bounded one.

use crate::support::{Built, Site, expect_diag, long_code_line, run_with_memory_ceiling, sel};
use crate::support::{text_of, url_to_file};

/// Mebibytes of memory a build of a 2 MB code line may use. Debug and release builds each
/// need under 30 MiB of data for it; highlighting the line took about 590 MB.
const TWO_MB_LINE_MEMORY_MB: u64 = 128;

#[test]
fn a_two_megabyte_line_is_shown_plain_with_a_warning_at_its_block() {
    let line = long_code_line(2_000_000);
    let article = format!(
        "---\ntitle: Code\n---\n\nA normal block:\n\n```python\nx = 1  # small\n```\n\nA huge one:\n\n```python\n{line}\n```\n\nAfter it.\n"
    );
    let site = Site::from_owned(&[("content/articles/code.md".into(), article.clone())]);
    let run = run_with_memory_ceiling(TWO_MB_LINE_MEMORY_MB, &site, &["build"]);
    assert!(run.success(), "the build must succeed:\n{run}");

    // One warning, at the huge block's fence (line 13), saying why and what to do.
    let diags = run.diagnostics();
    let d = expect_diag(
        &run,
        &diags,
        "warning",
        "content/articles/code.md",
        13,
        "without highlighting",
    );
    assert_eq!(
        d.message,
        "this code block is shown without highlighting: its line 1 has 2,000,000 characters, and careleaf highlights a block only when no line has more than 2,000; break that line, or remove the language name from the block's first line to show it plain without this warning"
    );
    assert_eq!((d.column, d.source_line.as_deref()), (1, Some("```python")));
    let plain_warnings = diags
        .iter()
        .filter(|d| d.message.contains("without highlighting"))
        .count();
    assert_eq!(plain_warnings, 1, "{}", run.stderr);

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
    let file = url_to_file(&built.out, "/articles/code/").unwrap();
    let size = std::fs::metadata(file).unwrap().len();
    assert!(size < 3_000_000, "page is {size} bytes");
}
