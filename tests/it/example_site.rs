//! The repository's own example site (`site.yaml` and `content/` at the crate root), built
//! into a temp folder: every internal link resolves, every page carries the disclaimer, and
//! the content meets the minimums.

use std::path::Path;

use crate::support::*;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn base_url() -> String {
    let yaml = std::fs::read_to_string(Path::new(ROOT).join("site.yaml")).unwrap();
    yaml.lines()
        .find_map(|l| l.strip_prefix("base_url:"))
        .expect("site.yaml has a base_url")
        .trim()
        .trim_matches(['"', '\''])
        .to_owned()
}

/// The base path of the example site's base_url (`""` for a domain root).
fn base_path() -> String {
    let url = base_url();
    let after = url.find("://").map_or(0, |i| i + 3);
    url[after..].find('/').map_or(String::new(), |i| {
        url[after + i..].trim_end_matches('/').to_owned()
    })
}

/// Builds the example site into a fresh temp folder (never into the repository).
fn build_example() -> (tempfile::TempDir, Built) {
    let tmp = tempfile::Builder::new()
        .prefix("careleaf-example-")
        .tempdir()
        .unwrap();
    let out = tmp.path().join("public");
    let run = careleaf(&[
        "build".as_ref(),
        "--root".as_ref(),
        ROOT.as_ref(),
        "--output".as_ref(),
        out.as_os_str(),
    ])
    .ok();
    let built = Built {
        out,
        base_path: String::new(),
        run,
    }
    .with_base_path(&base_path());
    (tmp, built)
}

fn url(built: &Built, site_path: &str) -> String {
    format!("{}{site_path}", built.base_path)
}

#[test]
fn example_site_builds_without_warnings() {
    let (_tmp, built) = build_example();
    assert!(
        !built.run.stderr.contains("warning") && !built.run.stderr.contains("error"),
        "{}",
        built.run
    );
}

/// The example is the site careleaf shows people: it must pass its strictest check, and
/// every article and page must read at SMOG grade 8 or below.
#[test]
fn the_example_passes_strict_checks_and_reads_at_grade_8_or_below() {
    careleaf(&["check", "--strict", "--root", ROOT]).ok();
    let run = careleaf(&["report", "--format", "json", "--root", ROOT]).ok();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let items = report["items"].as_array().expect("items");
    let mut scored = 0;
    for item in items.iter().filter(|i| i["kind"] != "faq") {
        let smog = item["smog_grade"].as_f64().expect("a SMOG grade");
        assert!(smog <= 8.0, "{} reads at SMOG grade {smog}", item["title"]);
        scored += 1;
    }
    assert!(scored >= 7, "six articles and the about page: {scored}");
}

#[test]
fn every_internal_link_of_the_example_site_resolves() {
    let (_tmp, built) = build_example();
    assert_links_resolve(&built.out, &base_url());
}

#[test]
fn every_id_on_every_example_page_is_unique() {
    let (_tmp, built) = build_example();
    let dups = duplicate_ids(&built.out);
    assert!(dups.is_empty(), "repeated ids:\n{}", dups.join("\n"));
}

#[test]
fn every_example_page_has_the_disclaimer() {
    let (_tmp, built) = build_example();
    let files = built.html_files();
    assert!(files.len() >= 12, "{files:?}");
    for rel in files {
        let page = built.page(&url(&built, &file_to_url(&rel)));
        let text = page.text(".disclaimer");
        assert!(
            text.contains("not medical advice"),
            "{rel}: disclaimer is {text:?}"
        );
    }
}

#[test]
fn example_site_has_enough_articles_and_faq_entries() {
    let (_tmp, built) = build_example();
    let list = built.page(&url(&built, "/articles/"));
    let articles = list.hrefs(".article-list a");
    assert!(articles.len() >= 6, "only {} articles", articles.len());
    for a in &articles {
        assert!(built.exists(a), "{a} is listed but missing");
    }
    let faq = built.page(&url(&built, "/faq/"));
    let entries = faq.attrs("article.faq-entry", "id");
    assert!(entries.len() >= 12, "only {} FAQ entries", entries.len());
    let questions = faq.texts(".faq-question").join("\n").to_lowercase();
    for needle in ["acupuncture", "sessions", "hurt", "medic", "avoid"] {
        assert!(
            questions.contains(needle),
            "no FAQ question about {needle:?}"
        );
    }
    let about = built.page(&url(&built, "/about/"));
    assert!(
        about
            .text("main")
            .to_lowercase()
            .contains("not medical advice")
    );
}

#[test]
fn example_articles_are_long_enough() {
    let (_tmp, built) = build_example();
    let list = built.page(&url(&built, "/articles/"));
    for a in list.hrefs(".article-list a") {
        let page = built.page(&a);
        let words = text_of(page.one(".content")).split_whitespace().count();
        assert!(words >= 600, "{a}: {words} words");
    }
}

/// The example's markdown files under `content/<dir>`, as (path relative to the root,
/// front matter as YAML, body).
fn example_markdown(dir: &str) -> Vec<(String, serde_yaml::Value, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(Path::new(ROOT).join("content").join(dir)) {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let rest = text.strip_prefix("---\n").expect("front matter");
        let (front, body) = rest.split_once("\n---\n").expect("end of front matter");
        let rel = path.strip_prefix(ROOT).unwrap().display().to_string();
        out.push((rel, serde_yaml::from_str(front).unwrap(), body.to_owned()));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn example_faq() -> serde_yaml::Value {
    let text = std::fs::read_to_string(Path::new(ROOT).join("content/faq.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

#[test]
fn example_articles_list_their_sources_in_front_matter_not_the_body() {
    let articles = example_markdown("articles");
    assert_eq!(articles.len(), 6, "{articles:?}");
    for (rel, front, body) in &articles {
        let sources = front["sources"].as_sequence().map_or(&[][..], |s| s);
        assert!(sources.len() >= 2, "{rel}: only {} sources", sources.len());
        for s in sources {
            assert!(
                s["title"].as_str().is_some_and(|t| !t.is_empty()),
                "{rel}: {s:?}"
            );
        }
        for line in body.lines() {
            let heading = line.trim_start_matches('#').trim().to_lowercase();
            assert!(
                !(line.starts_with('#') && (heading == "sources" || heading == "references")),
                "{rel} still has a {line:?} section in its body"
            );
        }
    }
}

#[test]
fn example_faq_answers_that_state_findings_cite_sources() {
    let faq = example_faq();
    let questions = faq["questions"].as_sequence().unwrap();
    assert!(questions.len() >= 20, "only {} questions", questions.len());
    for id in [
        "is-fibromyalgia-real",
        "what-causes-fibromyalgia",
        "does-dry-needling-work",
        "what-side-effects",
        "who-should-avoid-dry-needling",
        "warning-signs-after-needling",
        "can-exercise-help",
    ] {
        let entry = questions
            .iter()
            .find(|q| q["id"].as_str() == Some(id))
            .unwrap_or_else(|| panic!("no FAQ entry {id}"));
        let sources = entry["sources"].as_sequence().map_or(0, Vec::len);
        assert!(sources >= 1, "FAQ entry {id} cites no source");
    }
}

/// No example page, article or answer may claim a medical review that did not happen, and
/// the built articles say so.
#[test]
fn example_site_claims_no_medical_review() {
    let mut fronts = example_markdown("articles");
    fronts.extend(example_markdown("pages"));
    for (rel, front, _) in &fronts {
        for key in ["reviewed_on", "reviewed_by", "next_review"] {
            assert!(front.get(key).is_none(), "{rel} has {key}");
        }
    }
    let faq = example_faq();
    assert!(faq.get("reviewed_by").is_none(), "faq.yaml has reviewed_by");
    for q in faq["questions"].as_sequence().unwrap() {
        for key in ["reviewed_on", "reviewed_by", "next_review"] {
            assert!(q.get(key).is_none(), "FAQ entry {:?} has {key}", q["id"]);
        }
    }
    let (_tmp, built) = build_example();
    let page = built.page(&url(&built, "/articles/what-is-fibromyalgia/"));
    assert_eq!(
        page.texts(".not-reviewed"),
        ["This article has not been medically reviewed yet."]
    );
    let about = built
        .page(&url(&built, "/about/"))
        .text("main")
        .to_lowercase();
    assert!(about.contains("no one has checked these pages"), "{about}");
}

/// The blockquote of the emergency callout in `markdown` (its lines without `> `), if any.
fn emergency_callout(markdown: &str) -> Option<String> {
    let mut lines = markdown.lines().map(str::trim_start);
    lines.find(|l| *l == "> [!EMERGENCY]")?;
    let quote: Vec<&str> = lines
        .map_while(|l| l.strip_prefix('>'))
        .map(str::trim)
        .collect();
    Some(quote.join(" "))
}

/// Chest pain or breathlessness after needling near the chest is an emergency, in the
/// safety guide and in the FAQ's warning-signs answer.
#[test]
fn example_safety_advice_marks_chest_symptoms_after_needling_as_an_emergency() {
    let articles = example_markdown("articles");
    let (_, _, safety) = articles
        .iter()
        .find(|(rel, _, _)| rel.ends_with("dry-needling-safety.md"))
        .unwrap();
    let faq = example_faq();
    let warning = faq["questions"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|q| q["id"].as_str() == Some("warning-signs-after-needling"))
        .unwrap()["answer"]
        .as_str()
        .unwrap()
        .to_owned();
    for (what, text) in [("the safety guide", safety), ("the FAQ answer", &warning)] {
        let callout = emergency_callout(text)
            .unwrap_or_else(|| panic!("{what} has no emergency callout"))
            .to_lowercase();
        for needle in [
            "chest pain",
            "short of breath",
            "chest, upper back, shoulders or neck",
            "emergency department",
        ] {
            assert!(
                callout.contains(needle),
                "{what}: {needle:?} not in {callout:?}"
            );
        }
    }
}

#[test]
fn example_topics_have_descriptions_and_link_both_ways() {
    let (_tmp, built) = build_example();
    let topics = built.page(&url(&built, "/topics/"));
    let links = topics.hrefs(".topic-list h2 a");
    assert!(links.len() >= 3, "{links:?}");
    assert_eq!(topics.count(".topic-list .topic-description"), links.len());
    for t in links {
        let topic = built.page(&t);
        for a in topic.hrefs(".topic-articles a") {
            assert!(
                built.page(&a).hrefs(".topic-links a").contains(&t),
                "{a} is on {t} but does not link back"
            );
        }
        for f in topic.hrefs(".topic-faq a") {
            let (page, id) = f.split_once('#').expect("FAQ links carry an anchor");
            let faq = built.page(page);
            let entry = faq.one(&format!("[id=\"{id}\"]"));
            let back: Vec<&str> = entry
                .select(&sel(".entry-topics a"))
                .filter_map(|e| e.value().attr("href"))
                .collect();
            assert!(back.contains(&t.as_str()), "{f} does not link back to {t}");
        }
    }
}

#[test]
fn building_the_example_does_not_touch_the_repository() {
    let before = snapshot(&Path::new(ROOT).join("content"));
    let (_tmp, built) = build_example();
    assert!(built.out.join("index.html").is_file());
    assert_same_tree(
        &before,
        &snapshot(&Path::new(ROOT).join("content")),
        "the example content",
    );
}
