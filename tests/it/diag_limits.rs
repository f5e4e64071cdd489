//! Diagnostics stay bounded whatever the input: a file with tens of thousands of problems
//! gives a short report (20 a file, 200 a run, then one line counting the rest by kind) in
//! linear time and little memory, on the terminal, in the preview's overlay messages and on
//! its error page; exit statuses and count lines still use the full counts.

use crate::support::*;

/// An article whose body is `n` links to pages that do not exist, one a line.
fn broken_links_article(n: usize) -> String {
    let mut text = String::from("---\ntitle: Links\n---\n");
    for i in 0..n {
        text.push_str(&format!("[page {i}](/missing-{i}/)\n\n"));
    }
    text
}

#[test]
fn forty_thousand_broken_links_give_a_short_report_in_little_memory() {
    let site = Site::new(&[("content/articles/links.md", &broken_links_article(40_000))]);
    let m = careleaf_measured(site.root(), &["build"]);
    assert_eq!(m.code, Some(1), "the build fails:\n{}", m.stderr_tail);
    assert!(
        m.stdout_bytes + m.stderr_bytes < 5 * 1024 * 1024,
        "the output is {} + {} bytes (limit 5 MB); it starts:\n{}",
        m.stdout_bytes,
        m.stderr_bytes,
        m.stderr_head
    );
    assert!(
        m.peak_mib < 200,
        "the build peaked at {} MiB (limit 200 MiB)",
        m.peak_mib
    );
    let shown = m.stderr_head.matches(": error: ").count();
    assert_eq!(
        shown, 20,
        "20 errors shown for one file:\n{}",
        m.stderr_head
    );
    assert!(
        m.stderr_tail.contains("more: 39,980 errors (broken links)"),
        "{}",
        m.stderr_tail
    );
    assert!(
        m.stderr_tail.contains("40,000 errors"),
        "the count line uses the full count:\n{}",
        m.stderr_tail
    );
    assert!(!site.public().exists(), "nothing was written");
}

#[test]
fn twenty_thousand_broken_links_on_one_line_do_not_copy_the_line_each_time() {
    // 270 KB on one line: printing the whole line with each error would be 5 GB.
    let links: Vec<String> = (0..20_000).map(|i| format!("[p](/m{i}/)")).collect();
    let text = format!("---\ntitle: Links\n---\n{}\n", links.join(" "));
    let site = Site::new(&[("content/articles/links.md", &text)]);
    let m = careleaf_measured(site.root(), &["build"]);
    assert_eq!(m.code, Some(1), "the build fails:\n{}", m.stderr_tail);
    assert!(
        m.stdout_bytes + m.stderr_bytes < 1024 * 1024,
        "the output is {} bytes; it starts:\n{}",
        m.stderr_bytes,
        m.stderr_head
    );
    assert!(m.peak_mib < 200, "the build peaked at {} MiB", m.peak_mib);
    assert!(
        m.stderr_tail.contains("more: 19,980 errors (broken links)"),
        "{}",
        m.stderr_tail
    );
}

#[test]
fn a_broken_link_far_down_a_long_line_is_shown_in_a_window_with_its_caret() {
    let filler = "word ".repeat(4_000);
    let text = format!("---\ntitle: Long\n---\n{filler}[here](/nowhere/) {filler}\n");
    let site = Site::new(&[("content/articles/long.md", &text)]);
    let run = site.build_args(&[]).failed();
    let errors: Vec<Diag> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.severity == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert_eq!(
        (errors[0].line, errors[0].column),
        (4, 20_001),
        "{}",
        run.stderr
    );
    let source = errors[0].source_line.as_deref().expect("a source line");
    assert!(source.chars().count() <= 82, "the line is cut: {source:?}");
    assert!(
        source.starts_with('…') && source.ends_with('…'),
        "{source:?}"
    );
    // The caret sits under the link's first character.
    let caret = errors[0].caret.expect("a caret");
    let under: String = source.chars().skip(caret).take(6).collect();
    assert_eq!(under, "[here]", "{}", run.stderr);
}

#[test]
fn many_files_with_warnings_show_two_hundred_then_a_count_by_kind() {
    // 30 articles with 25 over-long sentences each: 750 warnings.
    let sentence = format!("{}.\n\n", ["word"; 30].join(" "));
    let body = sentence.repeat(25);
    let files: Vec<(String, String)> = (0..30)
        .map(|i| {
            (
                format!("content/articles/a{i:02}.md"),
                format!("---\ntitle: A{i}\n---\n{body}"),
            )
        })
        .collect();
    let site = Site::from_owned(&files);
    let run = site.build_args(&[]).ok();
    let warnings = run.stderr.matches(": warning: ").count();
    assert_eq!(warnings, 200, "{}", &run.stderr[run.stderr.len() - 2000..]);
    let first = run.stderr.matches("content/articles/a00.md:").count();
    assert_eq!(first, 20, "20 for one file");
    assert!(
        run.stderr
            .contains("and 550 more: 550 warnings [long_sentences]"),
        "{}",
        &run.stderr[run.stderr.len() - 2000..]
    );
}

#[test]
fn the_preview_sends_open_pages_a_bounded_error_message() {
    let (_outer, site) =
        site_in_folder(&[("content/articles/a.md", "---\ntitle: A\n---\nFine.\n")]);
    let server = Server::start(site.root(), &[]);
    let mut ws = server.live();
    assert!(ws.expect("hello")["errors"].is_null());
    site.write("content/articles/a.md", &broken_links_article(2_500));
    let error = ws.expect("error");
    let size = error.to_string().len();
    assert!(size < 100_000, "the message is {size} bytes");
    assert_eq!(
        error["errors"].as_array().map(Vec::len),
        Some(20),
        "{error}"
    );
    assert_eq!(error["error_count"], 2_500);
    assert_eq!(error["more"], "and 2,480 more: 2,480 errors (broken links)");
    // A page opened now is told the same, bounded.
    let mut late = server.live();
    let hello = late.expect("hello");
    assert_eq!(
        hello["errors"].as_array().map(Vec::len),
        Some(20),
        "{hello}"
    );
}

#[test]
fn the_first_build_error_page_is_bounded() {
    let (_outer, site) = site_in_folder(&[("content/articles/a.md", &broken_links_article(2_500))]);
    let server = Server::start(site.root(), &[]);
    let page = server.get("/");
    assert!(
        page.body.len() < 100_000,
        "the page is {} bytes",
        page.body.len()
    );
    let html = page.page("/");
    assert_eq!(html.count(".careleaf-errors li"), 20);
    assert_eq!(
        html.text(".careleaf-more"),
        "and 2,480 more: 2,480 errors (broken links)"
    );
}
