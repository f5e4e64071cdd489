//! `faq add` checks only what an added entry can break: it reads the text of only the
//! articles and pages its links point into (every other article only up to the end of its
//! front matter), and still refuses every break a build would report for the entry, with
//! the build's own words. Each case adds an entry to a site with many articles, then writes
//! the same entry by hand and runs `careleaf check` to compare.

use crate::support::faq::*;
use crate::support::*;

/// How many extra articles the fixture has, so most of its articles are ones no link names.
const BULK: usize = 30;

/// The handmade FAQ site with [`BULK`] more articles (each with its own heading), a draft,
/// an article with its own `slug:` and a page with a heading.
fn big_site() -> Site {
    let site = handmade_site();
    for i in 0..BULK {
        site.write(
            &format!("content/articles/bulk/extra-article-{i}.md"),
            &format!(
                "---\ntitle: Extra article {i}\ntopics: [pain]\n---\nSome text.\n\n\
                 ## Part {i} of the series\n\nMore text about pain.\n"
            ),
        );
    }
    site.write(
        "content/articles/unfinished.md",
        "---\ntitle: Unfinished\ndraft: true\n---\nNot ready.\n\n## Half done\n",
    );
    site.write(
        "content/articles/file-name.md",
        "---\ntitle: Named\nslug: chosen-name\n---\nText.\n\n## Named part\n",
    );
    site.write(
        "content/pages/contact-us.md",
        "---\ntitle: Contact us\n---\nWrite to us.\n\n## By post\n\nOur address.\n",
    );
    site
}

/// `faq add` of a new entry with `answer` (and the id `new`).
fn add_answer(site: &Site, answer: &str) -> Run {
    add(
        site,
        &[
            "--question",
            "A new question?",
            "--answer",
            answer,
            "--id",
            "new",
        ],
    )
}

/// The one problem a refused add printed, without the `careleaf: error (field): ` prefix.
fn refusal(out: &Run, field: &str) -> String {
    assert_eq!(out.code(), Some(1), "the add must be refused:\n{out}");
    let prefix = format!("careleaf: error ({field}): ");
    let problems: Vec<&str> = out
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .collect();
    assert_eq!(problems.len(), 1, "one problem expected:\n{out}");
    problems[0].to_owned()
}

/// What `careleaf check` says with the same entry written into `faq.yaml` by hand.
fn check_with_entry(site: &Site, answer: &str) -> Run {
    let entry = format!(
        "  - id: new\n    question: A new question?\n    answer: \"{}\"\n",
        answer.replace('\\', "\\\\").replace('"', "\\\"")
    );
    site.write(FAQ, &format!("{HANDMADE_FAQ}{entry}"));
    site.check()
}

/// Refused by `faq add` with `message` for the answer, and the build says the same about
/// the same entry written by hand.
fn refused_like_a_build(answer: &str, message: &str) {
    let site = big_site();
    let before = content_state(&site);
    let said = refusal(&add_answer(&site, answer), "answer");
    assert_eq!(said, message, "{answer}");
    assert!(content_state(&site) == before, "{answer}: files changed");
    let check = check_with_entry(&site, answer);
    assert!(
        !check.success(),
        "{answer}: the build must fail too:\n{check}"
    );
    let faq_errors: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.starts_with("content/faq.yaml:") && l.contains(": error: "))
        .collect();
    assert_eq!(faq_errors.len(), 1, "{answer}:\n{check}");
    assert!(
        faq_errors[0].ends_with(&format!(": error: {message}")),
        "{answer}: the build says {:?}",
        faq_errors[0]
    );
}

/// Accepted by `faq add`, and the site builds with it.
fn accepted_like_a_build(answer: &str) {
    let site = big_site();
    let out = add_answer(&site, answer);
    assert!(out.success(), "{answer}: must be accepted:\n{out}");
    assert_eq!(entry(&site, "new").answer, answer);
    assert!(site.build().page("/faq/").has("[id=\"new\"]"));
}

#[test]
fn a_link_to_a_missing_article_is_refused_with_the_builds_hint() {
    // The hint names an article that was read only up to the end of its front matter.
    refused_like_a_build(
        "See [this](/articles/extra-artcle-7/).",
        "broken link `/articles/extra-artcle-7/`: nothing in this site is at \
         /articles/extra-artcle-7/ (did you mean `/articles/extra-article-7/`?)",
    );
}

#[test]
fn a_missing_heading_in_an_existing_article_is_refused_with_the_builds_hint() {
    // Only the article the link points into is read whole: its headings give the hint.
    refused_like_a_build(
        "See [this](/articles/extra-article-7/#part-7-of-the-serie).",
        "broken link `/articles/extra-article-7/#part-7-of-the-serie`: /articles/extra-article-7/ \
         has no heading or entry with the id `part-7-of-the-serie` (did you mean \
         `#part-7-of-the-series`?)",
    );
}

#[test]
fn a_missing_heading_through_a_relative_file_link_is_refused() {
    refused_like_a_build(
        "See [this](articles/bulk/extra-article-3.md#no-such-part).",
        "broken link `articles/bulk/extra-article-3.md#no-such-part`: /articles/extra-article-3/ \
         has no heading or entry with the id `no-such-part`",
    );
}

#[test]
fn a_missing_heading_on_a_page_is_refused() {
    refused_like_a_build(
        "Write to us: [post](/contact-us/#by-mail).",
        "broken link `/contact-us/#by-mail`: /contact-us/ has no heading or entry with the id \
         `by-mail`",
    );
}

#[test]
fn a_link_to_a_draft_is_refused_as_a_draft() {
    refused_like_a_build(
        "See [this](/articles/unfinished/).",
        "broken link `/articles/unfinished/`: the article `unfinished` is a draft (build with \
         --drafts to include it)",
    );
}

#[test]
fn an_article_is_known_by_the_slug_its_front_matter_gives() {
    refused_like_a_build(
        "See [this](/articles/file-name/).",
        "broken link `/articles/file-name/`: nothing in this site is at /articles/file-name/ \
         (did you mean `/articles/chosen-name/`?)",
    );
    accepted_like_a_build("See [this](/articles/chosen-name/#named-part).");
}

#[test]
fn a_missing_faq_entry_is_refused() {
    refused_like_a_build(
        "See [this](/faq/#does-it-hurts).",
        "broken link `/faq/#does-it-hurts`: /faq/ has no heading or entry with the id \
         `does-it-hurts` (did you mean `#does-it-hurt`?)",
    );
}

#[test]
fn links_into_articles_pages_topics_and_entries_that_exist_are_accepted() {
    accepted_like_a_build(
        "See [part 7](/articles/extra-article-7/#part-7-of-the-series), \
         [part 3](articles/bulk/extra-article-3.md#part-3-of-the-series), \
         [post](/contact-us/#by-post), [pain](/topics/pain/), [sleep](/faq/#what-helps-sleep) \
         and [the guide](/articles/needling-guide/#during-the-session).",
    );
}

#[test]
fn an_unknown_topic_or_related_article_and_a_repeated_question_are_refused() {
    let site = big_site();
    let out = add(
        &site,
        &["--question", "New?", "--answer", "A.", "--topic", "slep"],
    );
    assert!(refusal(&out, "topic").starts_with("unknown topic `slep` (did you mean `sleep`?)"));
    let out = add(
        &site,
        &[
            "--question",
            "New?",
            "--answer",
            "A.",
            "--related",
            "extra-artcle-29",
        ],
    );
    assert_eq!(
        refusal(&out, "related"),
        "related article `extra-artcle-29` does not exist (did you mean `extra-article-29`?)"
    );
    let out = add(
        &site,
        &[
            "--question",
            "does needling hurt",
            "--answer",
            "A.",
            "--id",
            "x",
        ],
    );
    assert!(refusal(&out, "question").starts_with("this question is already in the FAQ"));
    // A related article read only up to the end of its front matter is a known one.
    let out = add(
        &site,
        &[
            "--question",
            "New?",
            "--answer",
            "A.",
            "--related",
            "extra-article-29",
        ],
    );
    assert!(out.success(), "{out}");
}

#[test]
fn broken_files_elsewhere_are_left_to_the_build_as_before() {
    let site = big_site();
    // An article whose text is not UTF-8, one with a broken link, one with a broken anchor
    // and one whose front matter has an unknown key.
    site.write_bytes(
        "content/articles/bulk/bad-bytes.md",
        b"---\ntitle: Bad bytes\n---\nCaf\xe9 au lait.\n",
    );
    site.write(
        "content/articles/bulk/dead-link.md",
        "---\ntitle: Dead link\n---\nSee [nothing](/articles/nothing-here/).\n",
    );
    site.write(
        "content/articles/bulk/dead-anchor.md",
        "---\ntitle: Dead anchor\n---\nSee [part](/articles/extra-article-1/#nowhere).\n",
    );
    site.write(
        "content/articles/bulk/bad-key.md",
        "---\ntitle: Bad key\ncolour: blue\n---\nText.\n",
    );
    let check = site.check();
    assert!(!check.success(), "{check}");
    // (The broken anchor waits for the others: anchors are confirmed on rendered pages.)
    for file in ["bad-bytes.md", "dead-link.md", "bad-key.md"] {
        assert!(check.stderr.contains(file), "{file}:\n{check}");
    }
    let out = add_answer(
        &site,
        "See [part 1](/articles/extra-article-1/#part-1-of-the-series) and \
         [dead anchor](/articles/dead-anchor/).",
    );
    assert!(out.success(), "{out}");
    // Links to the broken articles are not reported a second time, as in a build.
    let out = add(
        &site,
        &[
            "--question",
            "Bad?",
            "--answer",
            "See [it](/articles/bad-key/).",
            "--id",
            "bad",
        ],
    );
    assert!(out.success(), "{out}");
    // The entry's own problems are still found with those files there.
    let out = add(
        &site,
        &[
            "--question",
            "Other?",
            "--answer",
            "See [x](/articles/dead-anchor/#nowhere).",
            "--id",
            "other",
        ],
    );
    assert_eq!(
        refusal(&out, "answer"),
        "broken link `/articles/dead-anchor/#nowhere`: /articles/dead-anchor/ has no heading \
         or entry with the id `nowhere`"
    );
}

#[test]
fn a_broken_link_already_in_the_faq_still_blocks_an_add_with_the_builds_message() {
    let site = big_site();
    let faq = HANDMADE_FAQ.replace(
        "/articles/needling-guide/#during-the-session",
        "/articles/extra-article-4/#part-5-of-the-series",
    );
    site.write(FAQ, &faq);
    let out = add(
        &site,
        &["--question", "New?", "--answer", "A whole answer."],
    );
    let said = refusal(&out, "faq.yaml");
    let message = "broken link `/articles/extra-article-4/#part-5-of-the-series`: \
                   /articles/extra-article-4/ has no heading or entry with the id \
                   `part-5-of-the-series` (did you mean `#part-4-of-the-series`?)";
    assert!(said.ends_with(&format!(": error: {message}")), "{said}");
    site.check().stderr_has(message);
}
