//! The preview's "add a question" form (`/_careleaf/faq/new`) and its live answer preview
//! (`/_careleaf/faq/preview`) on a real `careleaf serve` (issue 4): the per-process token,
//! the Origin/Host checks, the loopback-only rule, errors shown beside their fields with what
//! was typed kept, landing on the rebuilt FAQ page, and many adds at once through the CLI
//! and the form.

use std::collections::BTreeSet;
use std::sync::{Arc, Barrier};
use std::time::Duration;

use crate::support::faq::*;
use crate::support::*;

/// The fields of a submission, with the token first.
fn fields<'a>(token: &'a str, rest: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("token", token)];
    all.extend_from_slice(rest);
    all
}

/// The `value` of the one element matching `css`.
fn value_of(page: &Page, css: &str) -> String {
    page.one(css)
        .value()
        .attr("value")
        .unwrap_or_else(|| panic!("`{css}` has no value"))
        .to_owned()
}

fn checked(page: &Page, name: &str) -> BTreeSet<String> {
    page.all(&format!("input[type=checkbox][name={name}]"))
        .into_iter()
        .filter(|e| e.value().attr("checked").is_some())
        .map(|e| e.value().attr("value").unwrap_or_default().to_owned())
        .collect()
}

const FIELDS: [&str; 6] = ["question", "answer", "topics", "related", "id", "file"];

/// Checks a 422 page: errors only in `#<field>-errors` (each a box with `role="alert"`
/// holding a list of messages containing its needles), hidden and empty error lists
/// elsewhere, and the summary, which links to each field in error.
fn assert_errors(page: &Page, expected: &[(&str, &[&str])]) {
    for field in FIELDS {
        let list = page.one(&format!("div.field-errors#{field}-errors"));
        let items: Vec<String> = list
            .select(&crate::support::sel("li"))
            .map(text_of)
            .collect();
        match expected.iter().find(|(f, _)| *f == field) {
            Some((_, needles)) => {
                assert_eq!(
                    list.value().attr("role"),
                    Some("alert"),
                    "#{field}-errors is announced"
                );
                assert!(
                    list.value().attr("hidden").is_none(),
                    "#{field}-errors is shown"
                );
                for n in *needles {
                    assert!(
                        items.iter().any(|i| i.contains(n)),
                        "#{field}-errors should contain {n:?}: {items:?}\n{}",
                        page.text
                    );
                }
            }
            None => assert!(
                items.is_empty() && list.value().attr("hidden").is_some(),
                "#{field}-errors should be empty and hidden: {items:?}"
            ),
        }
    }
    assert!(page.has(".error-summary[role=alert]"), "an error summary");
    // `role=alert` on a list would take away its list semantics.
    assert!(!page.has("ul[role]"), "no list has a role");
    let targets = page.hrefs(".error-summary a");
    assert_eq!(
        targets.len(),
        expected
            .iter()
            .map(|(f, _)| page.count(&format!("#{f}-errors li")))
            .sum::<usize>(),
        "one summary link per problem"
    );
    for href in &targets {
        let id = href.strip_prefix('#').expect("a link within the page");
        assert!(page.has(&format!("[id=\"{id}\"]")), "{href} is on the page");
    }
}

// ---------------------------------------------------------------------------------------------
// The form page and its token
// ---------------------------------------------------------------------------------------------

#[test]
fn the_form_has_a_token_labelled_fields_and_the_sites_choices() {
    let site = rich_site();
    let serve = Server::start(site.root(), &[]);
    poll_until(
        Duration::from_secs(10),
        "the form's address on stdout",
        || {
            serve
                .stdout()
                .contains(&format!(
                    "Add a question: http://127.0.0.1:{}{FORM}",
                    serve.port
                ))
                .then_some(())
        },
    );
    let r = serve.get(FORM);
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-type")
            .unwrap_or("")
            .starts_with("text/html")
    );
    let token = serve.token();
    assert_eq!(serve.token(), token, "one token per process");
    let page = r.page("(response)");
    let form = page.one("form");
    assert_eq!(form.value().attr("method"), Some("post"));
    assert_eq!(form.value().attr("action"), Some(FORM));
    for id in ["question", "answer", "id"] {
        assert!(page.has(&format!("label[for={id}]")), "a label for #{id}");
        assert!(page.has(&format!("[id={id}][name={id}]")), "#{id}");
    }
    assert!(page.has("textarea#answer"));
    assert_eq!(
        page.attrs("input[type=checkbox][name=topics]", "value"),
        ["pain", "sleep", "needling", "diet"],
        "the topics of topics.yaml, in order"
    );
    let related: BTreeSet<String> = page
        .attrs("input[type=checkbox][name=related]", "value")
        .into_iter()
        .collect();
    let want: BTreeSet<String> = [
        "pain-basics",
        "sleep-tips",
        "needling-guide",
        "needling-safety",
    ]
    .map(str::to_owned)
    .into();
    assert_eq!(related, want);
    assert_errors_hidden(&page);

    // Another server, another token.
    let other = Server::start(site.root(), &[]);
    assert_ne!(other.token(), token);
}

fn assert_errors_hidden(page: &Page) {
    for field in FIELDS {
        let list = page.one(&format!("#{field}-errors"));
        assert!(
            list.value().attr("hidden").is_some(),
            "#{field}-errors hidden"
        );
    }
    assert!(!page.has("[aria-invalid]"));
    assert!(!page.has(".error-summary"));
}

#[test]
fn a_wrong_or_missing_token_is_refused_and_changes_nothing() {
    let site = rich_site();
    let serve = Server::start(site.root(), &[]);
    let token = serve.token();
    let before = content_state(&site);
    // The same token with its first digit changed.
    let other = match token.strip_prefix('0') {
        Some(rest) => format!("1{rest}"),
        None => format!("0{}", &token[1..]),
    };
    let upper = token.to_uppercase();
    let longer = format!("{token}0");
    let shorter = token[..31].to_owned();
    let entry = [
        ("question", "Token test?"),
        ("answer", "Should not be added."),
        ("id", "token-test"),
    ];
    let mut cases: Vec<(&str, Vec<(&str, &str)>)> = vec![("no token", entry.to_vec())];
    for (name, t) in [
        ("empty", ""),
        ("another token", other.as_str()),
        ("longer", longer.as_str()),
        ("shorter", shorter.as_str()),
    ] {
        cases.push((name, fields(t, &entry)));
    }
    if upper != token {
        cases.push(("upper case", fields(&upper, &entry)));
    }
    for (name, f) in &cases {
        for path in [FORM, PREVIEW] {
            let r = serve.post_form(path, f);
            assert_eq!(r.status, 403, "{name} → {path}: {}", r.text());
            assert!(!r.text().contains("<form"), "{name}: no form in a refusal");
        }
    }
    // The token only counts in the body, not in the URL.
    let r = serve.post_form(&format!("{FORM}?token={token}"), &entry);
    assert_eq!(r.status, 403);
    assert!(content_state(&site) == before, "a file changed");
    assert!(!listed_ids(&site).contains(&"token-test".to_owned()));
}

#[test]
fn other_sites_and_other_hosts_are_refused() {
    let site = rich_site();
    let serve = Server::start(site.root(), &[]);
    let token = serve.token();
    let before = content_state(&site);
    let entry = fields(
        &token,
        &[
            ("question", "Cross-site?"),
            ("answer", "Must not be added."),
            ("id", "cross-site"),
        ],
    );
    let other_port = format!("http://127.0.0.1:{}", serve.port.wrapping_add(1));
    for origin in [
        "http://evil.example",
        "https://evil.example",
        "null",
        other_port.as_str(),
        "http://localhost.evil.example",
    ] {
        for path in [FORM, PREVIEW] {
            let r = serve.post_form_headers(path, &entry, &[("Origin", origin)]);
            assert_eq!(r.status, 403, "Origin {origin} → POST {path}: {}", r.text());
        }
        let r = http(serve.port, "GET", FORM, &[("Origin", origin)], b"");
        assert_eq!(r.status, 403, "Origin {origin} → GET {FORM}");
    }
    // DNS rebinding: a page of another name that resolves to this machine.
    let host = format!("evil.example:{}", serve.port);
    let r = serve.post_form_headers(FORM, &entry, &[("Host", host.as_str())]);
    assert_eq!(r.status, 403);
    let r = http(serve.port, "GET", FORM, &[("Host", host.as_str())], b"");
    assert_eq!(r.status, 403);
    assert!(
        !r.text().contains(&token),
        "the token must not leak to another host"
    );
    assert!(content_state(&site) == before, "a file changed");
}

// ---------------------------------------------------------------------------------------------
// Adding through the form
// ---------------------------------------------------------------------------------------------

#[test]
fn a_good_entry_lands_on_the_rebuilt_faq_page() {
    let site = rich_site();
    let serve = Server::start(site.root(), &[]);
    let token = serve.token();
    let old = read(&site, FAQ);
    let question = "Can I drive after a session? 🚗";
    let r = serve.post_form(
        FORM,
        &fields(
            &token,
            &[
                ("question", question),
                // A textarea sends CRLF.
                (
                    "answer",
                    "Usually **yes**.\r\n\r\nWait if you feel dizzy: \"10 minutes\".\r\n",
                ),
                ("topics", "needling"),
                ("topics", "pain"),
                ("related", "needling-safety"),
                ("id", ""),
            ],
        ),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let location = r.header("location").expect("a Location").to_owned();
    let id = location
        .strip_prefix("/faq/#")
        .expect("to the FAQ page's entry");
    assert!(id.starts_with("can-i-drive-after-a-session"), "{location}");

    // The file: only the new entry was inserted, and it reads back exactly.
    let new = read(&site, FAQ);
    assert_inserted(&old, &new, id);
    let e = entry(&site, id);
    assert_eq!(e.question, question);
    assert_eq!(
        e.answer,
        "Usually **yes**.\n\nWait if you feel dizzy: \"10 minutes\".\n"
    );
    assert_eq!(e.topics, ["needling", "pain"]);
    assert_eq!(e.related, ["needling-safety"]);

    // The redirect came after the rebuild: the page has the entry right away.
    let faq = serve.get("/faq/");
    assert_eq!(faq.status, 200);
    let page = faq.page("(response)");
    let article = page.one(&format!("[id=\"{id}\"]"));
    assert_eq!(
        text_of(
            article
                .select(&crate::support::sel(".faq-question"))
                .next()
                .expect("a question")
        ),
        question
    );
    assert_eq!(
        article
            .select(&crate::support::sel(".faq-answer strong"))
            .map(text_of)
            .collect::<Vec<_>>(),
        ["yes"]
    );
    let topic = serve.get("/topics/needling/").page("(response)");
    assert!(
        topic
            .hrefs("a")
            .iter()
            .any(|h| h.ends_with(&format!("#{id}"))),
        "the topic page lists the entry"
    );
    assert!(listed_ids(&site).contains(&id.to_owned()));
    site.build();
}

#[test]
fn problems_are_shown_beside_their_fields_and_what_was_typed_is_kept() {
    let site = rich_site();
    let serve = Server::start(site.root(), &[]);
    let token = serve.token();
    let before = content_state(&site);

    // What was typed comes back, escaped, whatever the problem.
    let typed_answer = "Keep <b>this</b> & \"that\" 'too'\r\nsecond line: ok # kept\r\n";
    let r = serve.post_form(
        FORM,
        &fields(
            &token,
            &[
                ("question", "does NEEDLING   hurt"),
                ("answer", typed_answer),
                ("topics", "sleep"),
                ("topics", "diet"),
                ("related", "sleep-tips"),
                ("id", "my-id"),
            ],
        ),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let page = r.page("(response)");
    assert_errors(
        &page,
        &[(
            "question",
            &["already in the FAQ", "Does needling hurt?", "does-it-hurt"],
        )],
    );
    assert_eq!(value_of(&page, "input#question"), "does NEEDLING   hurt");
    assert_eq!(
        page.one("input#question").value().attr("aria-invalid"),
        Some("true")
    );
    assert!(page.one("input#id").value().attr("aria-invalid").is_none());
    assert!(
        page.one("textarea#answer")
            .value()
            .attr("aria-invalid")
            .is_none()
    );
    // (An HTML parser reads the textarea's CRLF as LF, as a browser does.)
    assert_eq!(
        page.one("textarea#answer").text().collect::<String>(),
        typed_answer.replace("\r\n", "\n")
    );
    assert!(!r.text().contains("<b>this</b>"), "typed text is escaped");
    assert_eq!(value_of(&page, "input#id"), "my-id");
    assert_eq!(
        checked(&page, "topics"),
        ["sleep", "diet"].map(str::to_owned).into()
    );
    assert_eq!(checked(&page, "related"), ["sleep-tips".to_owned()].into());
    assert_eq!(
        value_of(&page, "input[name=token]"),
        token,
        "the form can be sent again"
    );

    // One problem per field, each beside its own field.
    // (case, fields, the field shown in error, what its errors say, the invalid element)
    type Case<'a> = (
        &'a str,
        &'a [(&'a str, &'a str)],
        &'a str,
        &'a [&'a str],
        &'a str,
    );
    let cases: &[Case] = &[
        (
            "unknown related article",
            &[
                ("question", "New one?"),
                ("answer", "A."),
                ("related", "no-such-article"),
            ],
            "related",
            &["no-such-article", "does not exist"],
            "fieldset",
        ),
        (
            "unknown topic",
            &[
                ("question", "New one?"),
                ("answer", "A."),
                ("topics", "slep"),
            ],
            "topics",
            &["unknown topic `slep`", "did you mean `sleep`"],
            "fieldset",
        ),
        (
            "broken link in the answer",
            &[
                ("question", "New one?"),
                ("answer", "See [x](/articles/nope/)."),
            ],
            "answer",
            &["broken link `/articles/nope/`"],
            "textarea#answer",
        ),
        (
            "invalid id",
            &[
                ("question", "New one?"),
                ("answer", "A."),
                ("id", "Bad <Id>"),
            ],
            "id",
            &["Bad <Id>", "(try `bad-id`)"],
            "input#id",
        ),
        (
            "duplicate id",
            &[
                ("question", "New one?"),
                ("answer", "A."),
                ("id", "sleep-help"),
            ],
            "id",
            &["`sleep-help` is already used", "What helps sleep?"],
            "input#id",
        ),
        (
            "two-line question",
            &[("question", "Line one\r\nline two?"), ("answer", "A.")],
            "question",
            &["one line"],
            "input#question",
        ),
    ];
    for (name, f, field, needles, input) in cases {
        let r = serve.post_form(FORM, &fields(&token, f));
        assert_eq!(r.status, 422, "{name}: {}", r.text());
        let page = r.page("(response)");
        assert_errors(&page, &[(field, needles)]);
        let invalid: Vec<_> = page.all("[aria-invalid=true]");
        assert_eq!(invalid.len(), 1, "{name}: one invalid field");
        assert!(
            page.all(input).contains(&invalid[0]),
            "{name}: aria-invalid on {input}"
        );
        for (k, v) in *f {
            // (An HTML parser reads CRLF as LF.)
            let v = &v.replace("\r\n", "\n");
            match *k {
                "question" | "id" => assert_eq!(&value_of(&page, &format!("input#{k}")), v),
                "answer" => assert_eq!(&page.one("textarea#answer").text().collect::<String>(), v),
                // (A value the form never offered has no box to tick.)
                _ => assert!(
                    checked(&page, k).contains(v)
                        || !page.has(&format!("input[name={k}][value=\"{v}\"]")),
                    "{name}: {k}={v} stays ticked"
                ),
            }
        }
        let described = invalid[0].value().attr("aria-describedby").unwrap_or("");
        assert!(
            described.contains(&format!("{field}-errors")),
            "{name}: the field points at its errors ({described})"
        );
    }

    // Nothing at all.
    let r = serve.post_form(FORM, &fields(&token, &[("question", ""), ("answer", "  ")]));
    assert_eq!(r.status, 422);
    assert_errors(
        &r.page("(response)"),
        &[
            ("question", &["the question is empty"]),
            ("answer", &["the answer is empty"]),
        ],
    );
    assert!(
        content_state(&site) == before,
        "a refused entry changed a file"
    );

    // A problem with the file itself is shown at the top.
    site.write(FAQ, "questions: [{question: Q?, answer: A.}]\n");
    let flow = content_state(&site);
    let r = serve.post_form(
        FORM,
        &fields(&token, &[("question", "New one?"), ("answer", "A.")]),
    );
    assert_eq!(r.status, 422);
    let page = r.page("(response)");
    assert_errors(&page, &[("file", &["one-line list", "block list"])]);
    assert_eq!(value_of(&page, "input#question"), "New one?");
    assert!(content_state(&site) == flow);
}

#[test]
fn a_related_problem_is_shown_beside_related_articles_in_a_commented_file() {
    let site = handmade_site();
    let serve = Server::start(site.root(), &[]);
    let token = serve.token();
    let r = serve.post_form(
        FORM,
        &fields(
            &token,
            &[
                ("question", "New one?"),
                ("answer", "See no-such-article later."),
                ("related", "no-such-article"),
            ],
        ),
    );
    assert_eq!(r.status, 422);
    assert_errors(&r.page("(response)"), &[("related", &["no-such-article"])]);
}

#[test]
fn an_answer_with_blank_lines_at_the_end_does_not_block_the_next_add() {
    let site = rich_site();
    let serve = Server::start(site.root(), &[]);
    let token = serve.token();
    let r = serve.post_form(
        FORM,
        &fields(
            &token,
            &[("question", "First?"), ("answer", "Yes.\r\n\r\n")],
        ),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let r = serve.post_form(
        FORM,
        &fields(&token, &[("question", "Second?"), ("answer", "Also yes.")]),
    );
    assert_eq!(r.status, 303, "{}", r.text());
}

#[test]
fn a_failed_write_is_shown_and_changes_nothing() {
    let site = rich_site();
    let serve = Server::try_start(site.root(), &[], &[("CARELEAF_TEST_FAULT", "temp-write")])
        .unwrap_or_else(|e| panic!("{e}"));
    let token = serve.token();
    let before = content_state(&site);
    let r = serve.post_form(
        FORM,
        &fields(
            &token,
            &[("question", "Disk full?"), ("answer", "Try again.")],
        ),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let page = r.page("(response)");
    // The file named as the server knows it (the site folder, resolved), and the cause.
    let message = format!(
        "cannot write {}: injected fault: the temporary file could not be written",
        site.root().canonicalize().unwrap().join(FAQ).display()
    );
    assert_errors(&page, &[("file", &[message.as_str()])]);
    assert_eq!(value_of(&page, "input#question"), "Disk full?");
    assert!(content_state(&site) == before);
    assert!(temp_files(&site).is_empty());
}

#[test]
fn a_double_submit_adds_the_entry_once() {
    let site = rich_site();
    let serve = Arc::new(Server::start(site.root(), &[]));
    let token = serve.token();
    let barrier = Arc::new(Barrier::new(2));
    let posts: Vec<_> = (0..2)
        .map(|_| {
            let serve = serve.clone();
            let token = token.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                serve.post_form(
                    FORM,
                    &fields(
                        &token,
                        &[("question", "Sent twice?"), ("answer", "Only once.")],
                    ),
                )
            })
        })
        .collect();
    let mut results: Vec<HttpResponse> = posts.into_iter().map(|p| p.join().unwrap()).collect();
    results.sort_by_key(|r| r.status);
    assert_eq!(
        results.iter().map(|r| r.status).collect::<Vec<_>>(),
        [303, 422]
    );
    // The second post's question is the one the first added: that is the reason, and the id
    // it shares with that entry is not a second problem.
    assert_errors(
        &results[1].page("(response)"),
        &[("question", &["already in the FAQ", "sent-twice"])],
    );
    let ids = listed_ids(&site);
    assert_eq!(
        ids.iter().filter(|i| *i == "sent-twice").count(),
        1,
        "{ids:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The live preview of the answer
// ---------------------------------------------------------------------------------------------

#[test]
fn the_preview_renders_the_answer_like_the_site_and_reports_problems() {
    let site = rich_site();
    let serve = Server::start(site.root(), &[]);
    let token = serve.token();
    let before = content_state(&site);

    let r = serve.post_form(
        PREVIEW,
        &fields(
            &token,
            &[
                ("question", "Preview?"),
                (
                    "answer",
                    "**x** and [sleep](/articles/sleep-tips/)\r\n\r\n- one\r\n- two\r\n",
                ),
            ],
        ),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.header("content-type")
            .unwrap_or("")
            .starts_with("application/json")
    );
    let j = r.json();
    let html = j["html"].as_str().expect("html");
    assert!(html.contains("<strong>x</strong>"), "{html}");
    assert!(html.contains("href=\"/articles/sleep-tips/\""), "{html}");
    assert!(html.contains("<li>one</li>"), "{html}");
    assert_eq!(j["problems"], serde_json::json!([]));

    // The same rules as the form.
    let problems = |question: &str, answer: &str| -> (String, Vec<(String, String)>) {
        let r = serve.post_form(
            PREVIEW,
            &fields(&token, &[("question", question), ("answer", answer)]),
        );
        assert_eq!(r.status, 200);
        let j = r.json();
        let list = j["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .map(|p| {
                (
                    p["field"].as_str().unwrap().to_owned(),
                    p["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        (j["html"].as_str().unwrap().to_owned(), list)
    };
    let (_, p) = problems("Does needling hurt", "Fine.");
    assert!(
        p.len() == 1 && p[0].0 == "question" && p[0].1.contains("already in the FAQ"),
        "{p:?}"
    );
    let (html, p) = problems("A new question?", "See [x](/articles/nope/).");
    assert!(
        p.len() == 1 && p[0].0 == "answer" && p[0].1.contains("broken link `/articles/nope/`"),
        "{p:?}"
    );
    assert!(html.contains("href=\"/articles/nope/\""), "{html}");

    // An empty form (the page's first preview) has no problems yet.
    let r = serve.post_form(
        PREVIEW,
        &fields(&token, &[("question", ""), ("answer", "")]),
    );
    assert_eq!(r.json()["problems"], serde_json::json!([]));

    // The preview never writes.
    assert!(content_state(&site) == before);
    assert_eq!(serve.post_form(PREVIEW, &[("answer", "**x**")]).status, 403);
}

// ---------------------------------------------------------------------------------------------
// Loopback only
// ---------------------------------------------------------------------------------------------

#[test]
fn bound_to_all_interfaces_the_form_does_not_exist() {
    let site = rich_site();
    // Every machine with IPv4 can listen on all interfaces; a failure here is a failure.
    let serve = Server::try_start(site.root(), &["--bind", "0.0.0.0"], &[])
        .unwrap_or_else(|e| panic!("cannot serve on 0.0.0.0: {e}"));
    let before = content_state(&site);
    let home = serve.get("/");
    assert_eq!(home.status, 200, "a normal page is served");
    let faq = serve.get("/faq/");
    assert_eq!(faq.status, 200);
    assert_eq!(serve.get(FORM).status, 404);
    for path in ["/_careleaf/faq/form.js", "/_careleaf/faq/form.css"] {
        assert_eq!(serve.get(path).status, 404, "{path}");
    }
    let f = [
        ("token", "00000000000000000000000000000000"),
        ("question", "Over the network?"),
        ("answer", "Must not be added."),
    ];
    assert_eq!(serve.post_form(FORM, &f).status, 404);
    assert_eq!(serve.post_form(PREVIEW, &f).status, 404);
    // "Content report" is the last line the preview prints as it starts.
    let out = serve.wait_stdout("Content report:");
    assert!(!out.contains("Add a question"), "{}", serve.stdout());
    assert!(content_state(&site) == before);
}

// ---------------------------------------------------------------------------------------------
// Many adds at once
// ---------------------------------------------------------------------------------------------

#[test]
fn many_adds_at_once_through_the_cli_and_the_form_all_land() {
    const CLI: usize = 12;
    const FORMS: usize = 6;
    let site = rich_site();
    let serve = Arc::new(Server::start(site.root(), &[]));
    let token = serve.token();
    let barrier = Arc::new(Barrier::new(CLI + FORMS));
    let mut cli = Vec::new();
    for i in 0..CLI {
        let root = site.root().to_path_buf();
        let barrier = barrier.clone();
        cli.push(std::thread::spawn(move || {
            barrier.wait();
            careleaf_with(
                &[
                    "faq",
                    "add",
                    "--root",
                    root.to_str().unwrap(),
                    "--question",
                    &format!("Asked on the command line, number {i}?"),
                    "--answer",
                    &format!("Answer {i}:\nwith two lines."),
                    "--topic",
                    "pain",
                    "--id",
                    &format!("cli-{i}"),
                ],
                &Opts {
                    timeout: Duration::from_secs(25),
                    ..Opts::default()
                },
            )
        }));
    }
    let mut forms = Vec::new();
    for i in 0..FORMS {
        let serve = serve.clone();
        let token = token.clone();
        let barrier = barrier.clone();
        forms.push(std::thread::spawn(move || {
            let question = format!("Asked in the form, number {i}?");
            let answer = format!("Form answer {i}.\r\nSecond line.");
            let id = format!("form-{i}");
            barrier.wait();
            serve.post_form(
                FORM,
                &fields(
                    &token,
                    &[
                        ("question", question.as_str()),
                        ("answer", answer.as_str()),
                        ("topics", "sleep"),
                        ("id", id.as_str()),
                    ],
                ),
            )
        }));
    }
    for (i, c) in cli.into_iter().enumerate() {
        let out = c.join().unwrap();
        assert!(out.success(), "CLI add {i}:\n{out}");
    }
    for (i, f) in forms.into_iter().enumerate() {
        let r = f.join().unwrap();
        assert_eq!(r.status, 303, "form add {i}: {}", r.text());
        assert_eq!(
            r.header("location"),
            Some(format!("/faq/#form-{i}").as_str())
        );
    }

    let mut want: Vec<String> = RICH_FAQ_IDS.map(str::to_owned).to_vec();
    want.extend((0..CLI).map(|i| format!("cli-{i}")));
    want.extend((0..FORMS).map(|i| format!("form-{i}")));
    let all = entries(&site);
    let ids: Vec<String> = all.iter().map(|e| e.id.clone().unwrap()).collect();
    assert_eq!(ids.len(), want.len(), "no entry lost or doubled: {ids:?}");
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>(),
        want.iter().collect::<BTreeSet<_>>()
    );
    assert_eq!(
        &ids[..4],
        &want[..4],
        "the old entries stay first, in order"
    );
    for e in &all {
        if let Some(i) = e.id.as_deref().and_then(|id| id.strip_prefix("form-")) {
            assert_eq!(e.answer, format!("Form answer {i}.\nSecond line."));
        }
        if let Some(i) = e.id.as_deref().and_then(|id| id.strip_prefix("cli-")) {
            assert_eq!(e.answer, format!("Answer {i}:\nwith two lines."));
        }
    }
    let listed = listed_ids(&site);
    assert_eq!(listed, ids);

    // The preview catches up with every one of them.
    poll_until(
        Duration::from_secs(15),
        "the preview shows every entry",
        || {
            let page = serve.get("/faq/").page("(response)");
            want.iter()
                .all(|id| page.has(&format!("[id=\"{id}\"]")))
                .then_some(())
        },
    );
    assert!(temp_files(&site).is_empty(), "{:?}", temp_files(&site));
    site.build();
}

// ---------------------------------------------------------------------------------------------
// No inline script or style
// ---------------------------------------------------------------------------------------------

/// Checks a form page: nothing inline, and its scripts and stylesheets are served with
/// their types. Returns the script's text.
fn assert_no_inline_code(serve: &Server, page: &Page) -> String {
    assert_eq!(page.inline_code(), Vec::<String>::new(), "{}", page.text);
    let (scripts, stylesheets) = page.scripts_and_stylesheets();
    assert_eq!(scripts, ["/_careleaf/faq/form.js"], "{}", page.text);
    assert_eq!(
        stylesheets,
        ["/style.css", "/_careleaf/faq/form.css"],
        "the site's stylesheet, then the form's"
    );
    for url in &stylesheets {
        assert_served_as(&serve.get(url), url, "text/css; charset=utf-8");
    }
    let js = serve.get(&scripts[0]);
    assert_served_as(&js, &scripts[0], "text/javascript; charset=utf-8");
    js.text()
}

#[test]
fn the_form_page_has_no_inline_script_or_style() {
    let site = rich_site();
    let serve = Server::start(site.root(), &[]);
    let page = serve.get(FORM).page(FORM);
    let js = assert_no_inline_code(&serve, &page);
    // The script finds the preview's address on the form, not in its own text.
    assert_eq!(
        page.one("form").value().attr("data-preview-url"),
        Some(PREVIEW)
    );
    assert!(js.contains("data-preview-url"), "{js}");
    assert!(
        !js.contains(PREVIEW),
        "the address is not written into the script"
    );
    // The stylesheet styles what the page has.
    let css = serve.get("/_careleaf/faq/form.css").text();
    for class in ["careleaf-form", "field-errors", "answer-preview"] {
        assert!(css.contains(class), "form.css styles {class}");
        assert!(page.text.contains(class), "the page has {class}");
    }
    assert!(
        css.contains(".error-summary"),
        "form.css styles the error summary"
    );

    // A page with problems, and typed text that looks like markup, has nothing inline
    // either (what was typed is escaped, never run).
    let token = serve.token();
    let r = serve.post_form(
        FORM,
        &fields(
            &token,
            &[
                ("question", "<script>alert(1)</script>"),
                (
                    "answer",
                    "<style>*{}</style><b onclick=\"x()\" style=\"y\">",
                ),
                ("id", "\" onmouseover=\"x()"),
            ],
        ),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let page = r.page("(response)");
    assert!(page.has(".error-summary[tabindex='-1']"));
    assert_no_inline_code(&serve, &page);
    assert_eq!(
        value_of(&page, "input#question"),
        "<script>alert(1)</script>"
    );
    assert_eq!(value_of(&page, "input#id"), "\" onmouseover=\"x()");
}

/// The form takes the same writers' lock as `careleaf faq add`, `.careleaf/faq.yaml.lock`:
/// while another writer holds it, the form's add waits, and goes through once it is free.
#[test]
fn the_form_waits_for_the_writers_lock_in_dot_careleaf() {
    let site = rich_site();
    let serve = Arc::new(Server::start(site.root(), &[]));
    let token = serve.token();
    std::fs::create_dir_all(site.path(LOCK_DIR)).unwrap();
    let lock = std::fs::File::create(site.path(LOCK)).unwrap();
    lock.lock().unwrap();
    let (sent, received) = std::sync::mpsc::channel();
    let post = {
        let serve = serve.clone();
        std::thread::spawn(move || {
            let r = serve.post_form(
                FORM,
                &fields(
                    &token,
                    &[
                        ("question", "Waited for the lock?"),
                        ("answer", "Yes, it did."),
                    ],
                ),
            );
            sent.send(r).unwrap();
        })
    };
    // Held by us, the lock keeps the add waiting (a slow machine only makes this wait longer).
    assert!(
        received.recv_timeout(Duration::from_secs(1)).is_err(),
        "the form added while another writer held the lock"
    );
    assert!(!listed_ids(&site).contains(&"waited-for-the-lock".to_owned()));
    lock.unlock().unwrap();
    let r = received
        .recv_timeout(Duration::from_secs(30))
        .expect("the form's add to finish once the lock is free");
    post.join().unwrap();
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(listed_ids(&site).contains(&"waited-for-the-lock".to_owned()));
    assert!(!site.path(OLD_LOCK).exists());
}
