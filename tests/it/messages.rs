//! Every message careleaf prints about a site's files or a command, as the person running it
//! sees it: the whole standard error of a real run on a small fixture site, kept as an inline
//! snapshot, so a change of wording, line, column or caret is one reviewed diff. The site's
//! temporary folder is written `[SITE]`, and other parts that change from run to run have
//! placeholders too.
//!
//! Messages that older tests already pin down have their one snapshot there instead:
//! `errors` (the common content errors), `cli` (init, a missing site, usage errors),
//! `output_safety` (output folders careleaf refuses), `faq_add` (refused entries, files that
//! cannot be read or written, editors) and `serve_http` (ports, a missing site folder, a
//! network-wide bind). Each message has exactly one snapshot.

use crate::support::*;

/// Builds `site`, which must fail without writing anything, and returns its whole standard
/// error ready for a snapshot.
fn failed_build(site: &Site) -> String {
    let run = site.build_args(&[]).failed();
    assert_eq!(run.stdout, "", "{run}");
    assert!(
        !site.public().exists(),
        "a failed build wrote its output:\n{run}"
    );
    site.redact(&run.stderr)
}

/// [`failed_build`] of a site with the default settings plus `files`.
fn build_errors(files: &[(&str, &str)]) -> String {
    failed_build(&Site::new(files))
}

/// An article with `front` as its front matter and a one-line body.
fn article(front: &str) -> String {
    format!("---\n{front}---\nBody.\n")
}

// ---------------------------------------------------------------------------------------------
// Reading the files
// ---------------------------------------------------------------------------------------------

#[test]
fn a_content_file_over_the_size_limit() {
    let site = Site::new(&[]);
    let mut big = b"---\ntitle: Big\n---\n".to_vec();
    big.resize(8 * 1024 * 1024 + 1, b'a');
    site.write_bytes("content/articles/big.md", &big);
    insta::assert_snapshot!(failed_build(&site), @"
    content/articles/big.md: error: the file is 8.1 MiB; content files may be at most 8 MiB

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_template_that_is_not_utf8() {
    let site = Site::new(&[]);
    site.write_bytes("templates/page.html", b"<h1>Caf\xe9</h1>\n");
    insta::assert_snapshot!(failed_build(&site), @"
    templates/page.html: error: the template is not valid UTF-8 text

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

// ---------------------------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------------------------

#[test]
fn a_file_without_front_matter() {
    let stderr = build_errors(&[("content/articles/plain.md", "# Just markdown\n\nText.\n")]);
    insta::assert_snapshot!(stderr, @"
    content/articles/plain.md:1:1: error: the file must start with front matter: a `---` line, `title: ...`, and another `---` line
      |
    1 | # Just markdown
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn front_matter_that_is_not_closed() {
    let stderr = build_errors(&[("content/articles/open.md", "---\ntitle: Open\n\nText.\n")]);
    insta::assert_snapshot!(stderr, @"
    content/articles/open.md:1:1: error: the front matter is not closed: add a `---` line after it
      |
    1 | ---
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn empty_front_matter() {
    let stderr = build_errors(&[("content/articles/empty.md", "---\n---\nText.\n")]);
    insta::assert_snapshot!(stderr, @"
    content/articles/empty.md:1:1: error: the front matter is empty; it needs at least a `title:` line
      |
    1 | ---
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn front_matter_that_is_a_list() {
    let stderr = build_errors(&[("content/articles/list.md", "---\n- a\n- b\n---\nText.\n")]);
    insta::assert_snapshot!(stderr, @"
    content/articles/list.md:2:1: error: invalid type: sequence, expected struct FrontMatter
      |
    2 | - a
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_control_character_in_front_matter() {
    let stderr = build_errors(&[(
        "content/articles/nul.md",
        "---\ntitle: Nul \u{0}here\n---\nText.\n",
    )]);
    // The invisible character is shown as a symbol, so the snapshot reads as lines.
    insta::assert_snapshot!(stderr.replace('\u{0}', "␀"), @"
    content/articles/nul.md:2:1: error: control characters are not allowed at position 11
      |
    2 | title: Nul ␀here
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_tab_indenting_front_matter() {
    let stderr = build_errors(&[(
        "content/articles/tabs.md",
        "---\ntitle: Tabs\n\ttopics: [pain]\n---\nText.\n",
    )]);
    insta::assert_snapshot!(stderr, @"
    content/articles/tabs.md:3:1: error: found a tab character that violates indentation
      |
    3 | 	topics: [pain]
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_word_where_a_number_belongs() {
    let stderr = build_errors(&[(
        "content/articles/weight.md",
        &article("title: Weight\nweight: heavy\n"),
    )]);
    insta::assert_snapshot!(stderr, @r#"
    content/articles/weight.md:3:9: error: invalid type: string "heavy", expected i64
      |
    3 | weight: heavy
      |         ^

    careleaf: 1 error and 0 warnings; nothing was written
    "#);
}

#[test]
fn a_list_where_text_belongs() {
    let stderr = build_errors(&[(
        "content/articles/title-list.md",
        &article("title: [Pain, Sleep]\n"),
    )]);
    insta::assert_snapshot!(stderr, @"
    content/articles/title-list.md:2:8: error: invalid type: sequence, expected a string
      |
    2 | title: [Pain, Sleep]
      |        ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn front_matter_nested_too_deep() {
    let deep = format!(
        "title: Deep\nextra: {}{}\n",
        "[".repeat(200),
        "]".repeat(200)
    );
    let stderr = build_errors(&[("content/articles/deep.md", &article(&deep))]);
    insta::assert_snapshot!(stderr, @"
    content/articles/deep.md:3:135: error: recursion limit exceeded
      |
    3 | …[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[…
      |                                ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn an_empty_title() {
    let stderr = build_errors(&[(
        "content/articles/untitled.md",
        &article("title: \"\"\ndescription: Still untitled.\n"),
    )]);
    insta::assert_snapshot!(stderr, @r#"
    content/articles/untitled.md:2:1: error: `title` must not be empty
      |
    2 | title: ""
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    "#);
}

#[test]
fn a_topic_that_is_not_a_slug() {
    let stderr = build_errors(&[(
        "content/articles/relief.md",
        &article("title: Relief\ntopics: [pain, Pain Relief]\n"),
    )]);
    insta::assert_snapshot!(stderr, @"
    content/articles/relief.md:3:16: error: topic `Pain Relief` must use only lowercase letters a-z, digits and single hyphens (try `pain-relief`)
      |
    3 | topics: [pain, Pain Relief]
      |                ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_slug_that_suggests_nothing() {
    let stderr = build_errors(&[(
        "content/articles/odd.md",
        &article("title: Odd\nslug: \"***\"\n"),
    )]);
    insta::assert_snapshot!(stderr, @r#"
    content/articles/odd.md:3:1: error: slug `***` must use only lowercase letters a-z, digits and hyphens
      |
    3 | slug: "***"
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    "#);
}

#[test]
fn a_file_name_that_makes_no_slug() {
    let stderr = build_errors(&[("content/articles/¿¡.md", &article("title: Marks\n"))]);
    insta::assert_snapshot!(stderr, @"
    content/articles/¿¡.md:1:1: error: cannot make a URL slug from the file name `¿¡`; add a `slug:` line
      |
    1 | ---
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn two_pages_with_one_slug() {
    let stderr = build_errors(&[
        ("content/pages/about.md", &article("title: About\n")),
        (
            "content/pages/team.md",
            &article("title: Our team\nslug: about\n"),
        ),
    ]);
    insta::assert_snapshot!(stderr, @"
    content/pages/team.md:3:1: error: duplicate page slug `about`: content/pages/about.md also uses it
      |
    3 | slug: about
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

// ---------------------------------------------------------------------------------------------
// site.yaml
// ---------------------------------------------------------------------------------------------

/// [`build_errors`] of a site whose `site.yaml` is `settings`.
fn settings_errors(settings: &str) -> String {
    build_errors(&[("site.yaml", settings)])
}

#[test]
fn a_base_url_that_is_not_a_url() {
    insta::assert_snapshot!(settings_errors("title: T\nbase_url: example.org\n"), @"
    site.yaml:2:1: error: base_url `example.org` must be an absolute URL such as `https://example.org/`
      |
    2 | base_url: example.org
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_base_url_with_another_scheme() {
    insta::assert_snapshot!(settings_errors("title: T\nbase_url: ftp://example.org/\n"), @"
    site.yaml:2:1: error: base_url `ftp://example.org/` must start with `https://` or `http://`
      |
    2 | base_url: ftp://example.org/
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_base_url_without_a_host() {
    insta::assert_snapshot!(settings_errors("title: T\nbase_url: https:///guide/\n"), @"
    site.yaml:2:1: error: base_url `https:///guide/` has no valid host
      |
    2 | base_url: https:///guide/
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_base_url_with_a_query() {
    insta::assert_snapshot!(settings_errors("title: T\nbase_url: https://example.org/?lang=en\n"), @"
    site.yaml:2:1: error: base_url `https://example.org/?lang=en` must not contain a query or fragment
      |
    2 | base_url: https://example.org/?lang=en
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_theme_name_that_is_not_a_folder_name() {
    insta::assert_snapshot!(settings_errors("title: T\nbase_url: https://example.org/\ntheme: ../shared\n"), @"
    site.yaml:3:1: error: theme `../shared` must be a folder name under themes/ (letters, digits, - and _)
      |
    3 | theme: ../shared
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_theme_that_is_not_there() {
    insta::assert_snapshot!(settings_errors("title: T\nbase_url: https://example.org/\ntheme: plain\n"), @"
    site.yaml: error: theme `plain` not found: there is no folder themes/plain/ in the site

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

// ---------------------------------------------------------------------------------------------
// Themes and templates
// ---------------------------------------------------------------------------------------------

#[test]
fn a_theme_without_its_templates() {
    let yaml = format!("title: T\nbase_url: https://example.org/\ntheme: bare\n{TRUST_YAML}");
    let stderr = build_errors(&[
        ("site.yaml", &yaml),
        (
            "themes/bare/templates/base.html",
            "<html><body>{% block content %}{% endblock content %}</body></html>\n",
        ),
        (
            "themes/bare/templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}{{ page.title }}{% endblock content %}\n",
        ),
    ]);
    insta::assert_snapshot!(stderr, @"
    templates: error: the theme has no `index.html` template

    templates: error: the theme has no `articles.html` template

    templates: error: the theme has no `article.html` template

    templates: error: the theme has no `topics.html` template

    templates: error: the theme has no `topic.html` template

    templates: error: the theme has no `faq.html` template

    templates: error: the theme has no `404.html` template

    careleaf: 7 errors and 0 warnings; nothing was written
    ");
}

#[test]
fn a_template_with_a_syntax_error() {
    let stderr = build_errors(&[(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }</h1>\n{% endblock content %}\n",
    )]);
    insta::assert_snapshot!(stderr, @"
    templates/page.html:3:19: error: template error: Found `}` but expected }}.
      |
    3 | <h1>{{ page.title }</h1>
      |                   ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_template_naming_a_value_that_is_not_there() {
    let stderr = build_errors(&[
        ("content/pages/about.md", &article("title: About us\n")),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.subtitle }}</h1>\n{% endblock content %}\n",
        ),
    ]);
    insta::assert_snapshot!(stderr, @"
    templates/page.html:3:13: error: cannot render the page: Field `subtitle` is not defined. Available fields: author, content, date, description, extra, headings, long, reading_minutes, review, reviewed_by, reviewed_on, slug, sources, title, toc, topics, updated, url, word_count
      |
    3 | <h1>{{ page.subtitle }}</h1>
      |             ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

// ---------------------------------------------------------------------------------------------
// topics.yaml
// ---------------------------------------------------------------------------------------------

#[test]
fn topics_written_as_a_list() {
    let stderr = build_errors(&[("content/topics.yaml", "- pain\n- sleep\n")]);
    insta::assert_snapshot!(stderr, @"
    content/topics.yaml:1:1: error: invalid type: sequence, expected a mapping of topic slugs to `title:` and `description:`
      |
    1 | - pain
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_topic_name_that_is_not_a_slug() {
    let stderr = build_errors(&[(
        "content/topics.yaml",
        "pain:\n  title: Pain\nDry Needling:\n  title: Dry needling\n",
    )]);
    insta::assert_snapshot!(stderr, @"
    content/topics.yaml:3:1: error: topic `Dry Needling` must use only lowercase letters a-z, digits and single hyphens (try `dry-needling`)
      |
    3 | Dry Needling:
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_topic_with_an_empty_title() {
    let stderr = build_errors(&[(
        "content/topics.yaml",
        "pain:\n  title: Pain\nsleep:\n  title: \"\"\n  description: Rest.\n",
    )]);
    insta::assert_snapshot!(stderr, @"
    content/topics.yaml:3:1: error: topic `sleep` needs a `title`
      |
    3 | sleep:
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_topic_defined_twice() {
    let stderr = build_errors(&[(
        "content/topics.yaml",
        "pain:\n  title: Pain\nsleep:\n  title: Sleep\npain:\n  title: Pain again\n",
    )]);
    insta::assert_snapshot!(stderr, @"
    content/topics.yaml:1:1: error: topic `pain` is defined twice
      |
    1 | pain:
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

// ---------------------------------------------------------------------------------------------
// faq.yaml
// ---------------------------------------------------------------------------------------------

#[test]
fn questions_that_are_not_a_list() {
    let stderr = build_errors(&[("content/faq.yaml", "title: Questions\nquestions: 7\n")]);
    insta::assert_snapshot!(stderr, @"
    content/faq.yaml:2:12: error: invalid type: integer `7`, expected a sequence
      |
    2 | questions: 7
      |            ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn an_entry_with_an_empty_question_and_answer() {
    let stderr = build_errors(&[(
        "content/faq.yaml",
        "questions:\n  - id: blank\n    question: \"\"\n    answer: \"  \"\n",
    )]);
    insta::assert_snapshot!(stderr, @r#"
    content/faq.yaml:3:5: error: `question` must not be empty
      |
    3 |     question: ""
      |     ^

    content/faq.yaml:4:5: error: `answer` must not be empty
      |
    4 |     answer: "  "
      |     ^

    careleaf: 2 errors and 0 warnings; nothing was written
    "#);
}

#[test]
fn a_question_that_makes_no_id() {
    let stderr = build_errors(&[(
        "content/faq.yaml",
        "questions:\n  - question: \"???\"\n    answer: Nothing to link to.\n",
    )]);
    insta::assert_snapshot!(stderr, @r#"
    content/faq.yaml:2:5: error: cannot make an id from this question; add an `id:` line
      |
    2 |   - question: "???"
      |     ^

    careleaf: 1 error and 0 warnings; nothing was written
    "#);
}

#[test]
fn a_related_article_that_does_not_exist() {
    let stderr = build_errors(&[
        (
            "content/articles/sleep-tips.md",
            &article("title: Sleep tips\n"),
        ),
        (
            "content/faq.yaml",
            "questions:\n  - id: sleep\n    question: What helps sleep?\n    answer: Routine.\n    related: [sleep-tip]\n",
        ),
    ]);
    insta::assert_snapshot!(stderr, @"
    content/faq.yaml:5:15: error: related article `sleep-tip` does not exist (did you mean `sleep-tips`?)
      |
    5 |     related: [sleep-tip]
      |               ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_related_article_that_is_a_draft() {
    let stderr = build_errors(&[
        (
            "content/articles/naps.md",
            &article("title: Naps\ndraft: true\n"),
        ),
        (
            "content/faq.yaml",
            "questions:\n  - id: naps\n    question: Do naps help?\n    answer: Short ones.\n    related: [naps]\n",
        ),
    ]);
    insta::assert_snapshot!(stderr, @"
    content/faq.yaml:5:15: error: related article `naps` is a draft (build with --drafts to include it)
      |
    5 |     related: [naps]
      |               ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

// ---------------------------------------------------------------------------------------------
// Links to drafts
// ---------------------------------------------------------------------------------------------

#[test]
fn links_to_a_draft_article() {
    let stderr = build_errors(&[
        (
            "content/articles/naps.md",
            &article("title: Naps\ndraft: true\n"),
        ),
        (
            "content/articles/sleep.md",
            "---\ntitle: Sleep\n---\nRead [about naps](/articles/naps/).\n\nOr [the file](naps.md).\n",
        ),
    ]);
    insta::assert_snapshot!(stderr, @"
    content/articles/sleep.md:4:6: error: broken link `/articles/naps/`: the article `naps` is a draft (build with --drafts to include it)
      |
    4 | Read [about naps](/articles/naps/).
      |      ^

    content/articles/sleep.md:6:4: error: broken link `naps.md`: that article is a draft (build with --drafts to include it)
      |
    6 | Or [the file](naps.md).
      |    ^

    careleaf: 2 errors and 0 warnings; nothing was written
    ");
}

// ---------------------------------------------------------------------------------------------
// The preview
// ---------------------------------------------------------------------------------------------

#[test]
fn the_preview_shows_a_failing_build() {
    let site = Site::new(&[(
        "content/faq.yaml",
        "questions:\n  - id: sleep\n    question: What helps sleep?\n    answer: Routine.\n    topics: [pain, sleep\n",
    )]);
    let server = Server::start(site.root(), &[]);
    let stderr = server.wait_stderr("keeps the last good version\n");
    insta::assert_snapshot!(site.redact(&stderr), @"
    content/faq.yaml:6:1: error: did not find expected ',' or ']'

    careleaf: the site has 1 error(s); the preview shows them and keeps the last good version
    ");
}

#[test]
fn the_preview_cannot_open_a_browser() {
    let site = Site::new(&[]);
    // A search path where no program opens a browser.
    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().to_str().unwrap();
    let server = Server::try_start(site.root(), &["--open"], &[("PATH", path)])
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = server.wait_stderr(" yourself\n");
    let stderr = redact(&stderr, &[(server.url.as_str(), "[URL]")]);
    insta::assert_snapshot!(stderr, @"careleaf: could not open a browser; open [URL] yourself");
    // The preview goes on all the same.
    assert_eq!(server.get("/").status, 200);
    assert!(server.stderr_count("could not open") == 1);
}

// ---------------------------------------------------------------------------------------------
// Arguments that do not go together
// ---------------------------------------------------------------------------------------------

#[test]
fn a_new_topic_without_its_title() {
    let site = Site::new(&[]);
    let run = careleaf_in(
        &site,
        &[
            "faq",
            "add",
            "--question",
            "Q?",
            "--answer",
            "A.",
            "--new-topic",
            "fatigue",
        ],
    )
    .failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    error: the following required arguments were not provided:
      --topic-title <TITLE>

    Usage: careleaf faq add --new-topic <SLUG> --topic-title <TITLE> --question <QUESTION> --answer <ANSWER> --root <DIR>

    For more information, try '--help'.
    ");
}

#[test]
fn an_answer_given_twice() {
    let site = Site::new(&[]);
    let run = careleaf_in(
        &site,
        &[
            "faq",
            "add",
            "--question",
            "Q?",
            "--answer",
            "A.",
            "--answer-file",
            "a.md",
        ],
    )
    .failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    error: the argument '--answer <ANSWER>' cannot be used with '--answer-file <FILE>'

    Usage: careleaf faq add --question <QUESTION> --answer <ANSWER> --root <DIR>

    For more information, try '--help'.
    ");
}

#[test]
fn a_bind_address_that_is_not_an_address() {
    let site = Site::new(&[]);
    let run = site.command("serve", &["--bind", "localhost"]).failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    error: invalid value 'localhost' for '--bind <ADDRESS>': invalid IP address syntax

    For more information, try '--help'.
    ");
}
