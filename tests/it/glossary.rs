//! The glossary: `content/glossary.yaml` read strictly (errors pinned as the editor sees
//! them), the `/glossary/` page, and the first use of each glossary word on a page marked up
//! as a toggletip (linked to its entry, never inside headings, links or code, once per page
//! and once per FAQ entry), with the script only where a word is marked.

use crate::support::*;

const GLOSSARY: &str = "\
- term: Trigger point
  aliases: [muscle knot]
  definition: A small, *tight* spot in a muscle.
  link: /topics/

- term: Local twitch response
  definition: A quick jump of the muscle.

- term: Response
  definition: What the body does back.

- term: Therapy
  definition: A treatment.

- term: Acupuncture
  definition: Needles placed by old Chinese ideas.
  link: https://example.com/acupuncture
";

/// An article with `body` under a short front matter.
fn article(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}")
}

/// A site with the glossary above and `files`.
fn site_with(files: &[(&str, &str)]) -> Site {
    let mut all = vec![("content/glossary.yaml", GLOSSARY)];
    all.extend_from_slice(files);
    Site::new(&all)
}

/// The words marked on `page` (the `<dfn>`s inside marked words), in order.
fn marked(page: &Page) -> Vec<String> {
    page.texts(".gloss dfn")
}

#[test]
fn the_first_use_is_marked_as_an_accessible_toggletip() {
    let site = site_with(&[(
        "content/articles/knots.md",
        &article(
            "Knots",
            "A trigger point can hurt. Another trigger point hurts too.\n\nOne more trigger point.\n",
        ),
    )]);
    let built = site.build();
    let page = built.page("/articles/knots/");
    assert_eq!(marked(&page), ["trigger point"]);
    let gloss = page.one(".content p .gloss");
    let html = gloss.html();
    // Without JavaScript the word links to its entry; the button and definition are hidden.
    assert_eq!(
        page.hrefs(".gloss a.gloss-term"),
        ["/glossary/#trigger-point"]
    );
    let button = page.one(".gloss button.gloss-btn");
    let attr = |name: &str| button.value().attr(name).map(str::to_owned);
    assert_eq!(attr("type").as_deref(), Some("button"));
    assert_eq!(attr("aria-expanded").as_deref(), Some("false"));
    assert_eq!(
        attr("aria-label").as_deref(),
        Some("What is Trigger point?")
    );
    assert!(attr("hidden").is_some(), "{html}");
    let tip_id = attr("aria-controls").unwrap();
    assert_eq!(tip_id, "gloss_trigger-point");
    let tip = page.one(&format!("#{tip_id}"));
    assert_eq!(tip.value().attr("role"), Some("status"));
    assert_eq!(tip.value().attr("class"), Some("gloss-tip"));
    assert!(tip.value().attr("hidden").is_some());
    assert_eq!(
        text_of(tip),
        "A small, tight spot in a muscle. More in the glossary"
    );
    assert_eq!(page.count(&format!("#{tip_id} em")), 1, "{html}");
    // The script comes as a file, deferred, only on pages with a marked word.
    // (Every page also has the search box's script.)
    let (scripts, _) = page.scripts_and_stylesheets();
    assert_eq!(scripts, ["/glossary.js", "/search.js"]);
    assert_eq!(page.count("script[src=\"/glossary.js\"][defer]"), 1);
    assert!(built.exists("/glossary.js"));
    assert!(page.ids().iter().filter(|id| *id == &tip_id).count() == 1);
    let home = built.page("/");
    assert_eq!(home.scripts_and_stylesheets().0, ["/search.js"]);
}

#[test]
fn never_in_headings_links_code_images_or_callout_headings() {
    let body = "\
## Trigger point

[a trigger point](/articles/other/) ![trigger point](/pic.png) `trigger point`

```
trigger point
```

<a href=\"/articles/other/\">trigger point</a> and <code>trigger point</code>

> [!ROUTINE]
> See a doctor about a trigger point.
";
    let site = site_with(&[
        ("content/articles/knots.md", &article("Knots", body)),
        ("content/articles/other.md", &article("Other", "Plain.\n")),
        ("static/pic.png", "png"),
    ]);
    let page = site.build().page("/articles/knots/");
    assert_eq!(marked(&page), ["trigger point"]);
    assert_eq!(
        page.count("h2 .gloss, a .gloss, code .gloss, pre .gloss"),
        0
    );
    assert_eq!(page.count(".callout-body .gloss"), 1);
    assert_eq!(page.count(".callout-title .gloss"), 0);
    assert_eq!(page.one("img").value().attr("alt"), Some("trigger point"));
}

#[test]
fn whole_words_any_case_plurals_and_aliases() {
    let body = "\
Untriggered points are not marked, nor are acupuncturists.

TRIGGER POINTS and therapies and muscle knots. Acupuncture's history.
";
    let site = site_with(&[("content/articles/knots.md", &article("Knots", body))]);
    let page = site.build().page("/articles/knots/");
    // "muscle knots" is an alias of the trigger point entry, already marked.
    assert_eq!(
        marked(&page),
        ["TRIGGER POINTS", "therapies", "Acupuncture"]
    );
    assert_eq!(
        page.hrefs("a.gloss-term"),
        [
            "/glossary/#trigger-point",
            "/glossary/#therapy",
            "/glossary/#acupuncture"
        ]
    );
    let site = site_with(&[(
        "content/articles/knots.md",
        &article("Knots", "Two muscle knots, then a trigger point.\n"),
    )]);
    let page = site.build().page("/articles/knots/");
    assert_eq!(marked(&page), ["muscle knots"]);
}

#[test]
fn pages_are_marked_too() {
    let site = site_with(&[(
        "content/pages/help.md",
        &article("Help", "Ask about therapy. More therapy.\n"),
    )]);
    let page = site.build().page("/help/");
    assert_eq!(marked(&page), ["therapy"]);
    assert_eq!(
        page.scripts_and_stylesheets().0,
        ["/glossary.js", "/search.js"]
    );
}

#[test]
fn the_longest_name_wins() {
    let body = "A local twitch response is one kind of response.\n";
    let site = site_with(&[("content/articles/knots.md", &article("Knots", body))]);
    let page = site.build().page("/articles/knots/");
    assert_eq!(marked(&page), ["local twitch response", "response"]);
}

#[test]
fn each_faq_entry_marks_its_own_first_use_and_questions_are_never_marked() {
    let faq = "\
intro: Questions about a trigger point.
questions:
  - question: What is a trigger point?
    id: what-is-a-trigger-point
    answer: |
      A trigger point is a knot. A trigger point can hurt.
  - question: Does therapy help?
    id: does-therapy-help
    answer: Therapy for a trigger point helps. So does more therapy.
";
    let site = site_with(&[("content/faq.yaml", faq)]);
    let page = site.build().page("/faq/");
    assert_eq!(page.count(".faq-question .gloss"), 0);
    assert_eq!(page.count(".faq-intro .gloss"), 0);
    let answers = page.all(".faq-answer");
    let words: Vec<Vec<String>> = answers
        .iter()
        .map(|a| a.select(&sel(".gloss dfn")).map(text_of).collect())
        .collect();
    assert_eq!(
        words,
        [vec!["trigger point"], vec!["Therapy", "trigger point"]]
    );
    // Each toggletip has its own id, made from its entry's.
    let ids = page.attrs(".gloss-btn", "aria-controls");
    assert_eq!(
        ids,
        [
            "what-is-a-trigger-point_gloss_trigger-point",
            "does-therapy-help_gloss_therapy",
            "does-therapy-help_gloss_trigger-point"
        ]
    );
    for id in &ids {
        assert_eq!(page.count(&format!("[id=\"{id}\"]")), 1, "{id}");
    }
    assert_eq!(
        page.scripts_and_stylesheets().0,
        ["/glossary.js", "/search.js"]
    );
    // The structured data quotes each answer without the definitions of its words.
    let json: serde_json::Value =
        serde_json::from_str(&page.text("script[type=\"application/ld+json\"]")).unwrap();
    let answers: Vec<&str> = json["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["@type"] == "FAQPage")
        .flat_map(|n| n["mainEntity"].as_array().unwrap())
        .map(|q| q["acceptedAnswer"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        answers,
        [
            "<p>A trigger point is a knot. A trigger point can hurt.</p>\n",
            "<p>Therapy for a trigger point helps. So does more therapy.</p>\n"
        ]
    );
    // The home page lists the questions without toggletips.
    assert_eq!(site.build().page("/").count(".gloss"), 0);
}

#[test]
fn topic_descriptions_are_not_marked() {
    let site = site_with(&[
        (
            "content/topics.yaml",
            "pain:\n  title: Pain\n  description: All about a trigger point.\n",
        ),
        (
            "content/articles/knots.md",
            "---\ntitle: Knots\ntopics: [pain]\n---\nA trigger point.\n",
        ),
    ]);
    let built = site.build();
    let topic = built.page("/topics/pain/");
    assert_eq!(
        topic.text(".topic-description"),
        "All about a trigger point."
    );
    assert_eq!(topic.count(".gloss"), 0);
    assert_eq!(marked(&built.page("/articles/knots/")), ["trigger point"]);
}

#[test]
fn the_glossary_page_lists_every_entry_alphabetically_with_anchors() {
    let site = site_with(&[(
        "content/articles/knots.md",
        &article("Knots", "About trigger points.\n"),
    )]);
    let built = site.build();
    let page = built.page("/glossary/");
    assert_eq!(page.text("h1"), "Glossary");
    assert_eq!(
        page.texts(".glossary dt"),
        [
            "Acupuncture",
            "Local twitch response",
            "Response",
            "Therapy",
            "Trigger point"
        ]
    );
    assert_eq!(
        page.attrs(".glossary dt", "id"),
        [
            "acupuncture",
            "local-twitch-response",
            "response",
            "therapy",
            "trigger-point"
        ]
    );
    assert_eq!(page.count(".glossary dt dfn"), 5);
    let knot = page.one("#trigger-point + dd");
    assert_eq!(
        knot.select(&sel("p")).map(text_of).collect::<Vec<_>>(),
        [
            "A small, tight spot in a muscle.",
            "Also called: muscle knot.",
            "Read more about Trigger point"
        ]
    );
    assert_eq!(
        page.hrefs(".glossary-more a"),
        ["https://example.com/acupuncture", "/topics/"]
    );
    // The page never marks its own words, so it loads no script.
    assert_eq!(page.count(".gloss"), 0);
    assert_eq!(page.scripts_and_stylesheets().0, ["/search.js"]);
    assert_eq!(
        page.texts(".breadcrumbs a"),
        ["Home", "Glossary"],
        "the glossary page sits under the home page"
    );
    // Every page links to it from its footer.
    for rel in built.html_files() {
        let p = built.page(&file_to_url(&rel));
        assert_eq!(
            p.hrefs(".site-footer .glossary-link a"),
            ["/glossary/"],
            "{rel}"
        );
    }
}

#[test]
fn a_site_without_a_glossary_has_no_page_no_link_and_no_script() {
    let site = Site::new(&[(
        "content/articles/knots.md",
        &article("Knots", "About trigger points.\n"),
    )]);
    let built = site.build();
    assert!(!built.exists("/glossary/"));
    let page = built.page("/articles/knots/");
    assert_eq!(page.count(".gloss"), 0);
    assert_eq!(page.count(".glossary-link"), 0);
    assert_eq!(page.scripts_and_stylesheets().0, ["/search.js"]);
}

#[test]
fn links_carry_the_base_path() {
    let yaml = SITE_YAML.replace("https://example.org/", "https://example.org/guide/");
    let site = site_with(&[
        ("site.yaml", &yaml),
        (
            "content/articles/knots.md",
            &article("Knots", "About trigger points.\n"),
        ),
    ]);
    let built = site.build().with_base_path("/guide");
    let page = built.page("/guide/articles/knots/");
    assert_eq!(
        page.hrefs(".gloss a"),
        [
            "/guide/glossary/#trigger-point",
            "/guide/glossary/#trigger-point"
        ]
    );
    assert_eq!(
        page.scripts_and_stylesheets().0,
        ["/guide/glossary.js", "/guide/search.js"]
    );
    let glossary = built.page("/guide/glossary/");
    assert!(
        glossary
            .hrefs(".glossary-more a")
            .contains(&"/guide/topics/".to_owned())
    );
}

#[test]
fn links_to_glossary_entries_are_checked() {
    let site = site_with(&[
        (
            "content/articles/knots.md",
            &article("Knots", "See [the word](/glossary/#therapy).\n"),
        ),
        (
            "content/articles/other.md",
            &article("Other", "See [the word](/glossary/#no-such-word).\n"),
        ),
    ]);
    let run = site.build_args(&[]).failed();
    let errors = run.diagnostics();
    assert_eq!(errors.len(), 1, "{run}");
    assert_eq!(errors[0].path, "content/articles/other.md");
    assert!(errors[0].message.contains("no-such-word"), "{run}");
}

#[test]
fn glossary_words_are_allowed_by_the_plain_language_checks() {
    let body = "Electromyography can help. Ask about a myofascial release and an EMG.\n";
    let without = Site::new(&[("content/articles/emg.md", &article("Tests", body))]);
    let names = |site: &Site| -> Vec<String> {
        site.check()
            .ok()
            .diagnostics()
            .iter()
            .filter(|d| d.message.ends_with("[long_words]") || d.message.ends_with("[acronyms]"))
            .map(|d| d.message.split('”').next().unwrap_or("").to_owned())
            .collect()
    };
    assert_eq!(
        names(&without),
        ["“Electromyography", "“myofascial", "“EMG"]
    );
    let glossary = "\
- term: electromyography
  aliases: [EMG]
  definition: A test of the muscles' electric signals.
- term: Myofascial release
  definition: Firm, slow pressing of a muscle.
";
    let with = Site::new(&[
        ("content/articles/emg.md", &article("Tests", body)),
        ("content/glossary.yaml", glossary),
    ]);
    assert!(names(&with).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Errors in glossary.yaml
// ---------------------------------------------------------------------------------------------

/// Builds a site with `glossary` as its glossary, which must fail; its standard error.
fn glossary_errors(glossary: &str) -> String {
    let site = Site::new(&[("content/glossary.yaml", glossary)]);
    let run = site.build_args(&[]).failed();
    site.redact(&run.stderr)
}

#[test]
fn an_unknown_key_suggests_the_right_one() {
    insta::assert_snapshot!(glossary_errors("- term: Knot\n  aliasses: [knots]\n  definition: A tight spot.\n"), @"
    content/glossary.yaml:2:3: error: unknown key `aliasses` (did you mean `aliases`?); allowed keys: term, aliases, definition, link
      |
    2 |   aliasses: [knots]
      |   ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_missing_definition() {
    insta::assert_snapshot!(glossary_errors("- term: Knot\n  aliases: [lump]\n"), @"
    content/glossary.yaml:1:3: error: missing required key `definition`
      |
    1 | - term: Knot
      |   ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_glossary_that_is_not_a_list() {
    insta::assert_snapshot!(glossary_errors("term: Knot\ndefinition: A tight spot.\n"), @"
    content/glossary.yaml:1:1: error: invalid type: map, expected a list of entries, each starting with `- term:`
      |
    1 | term: Knot
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn a_repeated_term_or_alias_names_both_places() {
    insta::assert_snapshot!(glossary_errors("\
- term: Trigger point
  aliases: [knot]
  definition: A tight spot.
- term: Knot
  definition: A tight spot.
- term: trigger  POINT
  definition: Again.
- term: Trigger-point
  definition: The same anchor.
"), @"
    content/glossary.yaml:4:9: error: term `Knot` is already in the glossary as `knot` at content/glossary.yaml:2:13; each term and alias may appear once
      |
    4 | - term: Knot
      |         ^

    content/glossary.yaml:6:9: error: term `trigger  POINT` is already in the glossary as `Trigger point` at content/glossary.yaml:1:9; each term and alias may appear once
      |
    6 | - term: trigger  POINT
      |         ^

    content/glossary.yaml:8:9: error: term `Trigger-point` has the same glossary anchor (`#trigger-point`) as `Trigger point` at content/glossary.yaml:1:9
      |
    8 | - term: Trigger-point
      |         ^

    careleaf: 3 errors and 0 warnings; nothing was written
    ");
}

#[test]
fn a_definition_must_be_one_paragraph_and_a_link_must_resolve() {
    insta::assert_snapshot!(glossary_errors("\
- term: Knot
  definition: |
    A tight spot.

    - in a muscle
- term: Lump
  definition: A bump, as [a knot](/articles/knot/) is.
  link: /articles/missing/
- term: '***'
  definition: Nothing.
"), @"
    content/glossary.yaml:2:3: error: a `definition` is one paragraph of text (bold, italics and links are fine; headings, lists, quotes and blank lines are not)
      |
    2 |   definition: |
      |   ^

    content/glossary.yaml:7:35: error: broken link `/articles/knot/`: nothing in this site is at /articles/knot/ (did you mean `/articles/`?)
      |
    7 |   definition: A bump, as [a knot](/articles/knot/) is.
      |                                   ^

    content/glossary.yaml:8:9: error: broken link `/articles/missing/`: nothing in this site is at /articles/missing/ (did you mean `/articles/`?)
      |
    8 |   link: /articles/missing/
      |         ^

    content/glossary.yaml:9:3: error: `term` needs at least one letter or digit
      |
    9 | - term: '***'
      |   ^

    careleaf: 4 errors and 0 warnings; nothing was written
    ");
}
