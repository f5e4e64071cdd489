//! Large generated sites: many articles with overlapping topics, dates, headings and links to
//! each other's sections, FAQ entries that link articles, a glossary and a page, for the
//! tests whose point is size (parallel builds, the preview on a large site).

/// The topics every generated site defines.
const TOPICS: [&str; 9] = [
    "pain", "sleep", "needling", "diet", "exercise", "fatigue", "stress", "work", "family",
];

/// The files of a site with `articles` articles and `faq` FAQ entries (paths and texts).
pub fn generated_site_files(articles: usize, faq: usize) -> Vec<(String, String)> {
    let mut files = vec![
        (
            "site.yaml".to_owned(),
            "title: Generated health site\nbase_url: https://example.org\n".to_owned(),
        ),
        ("content/topics.yaml".to_owned(), topics_yaml()),
        ("content/glossary.yaml".to_owned(), GLOSSARY.to_owned()),
        (
            "content/pages/about.md".to_owned(),
            "---\ntitle: About us\n---\nWe are a small clinic. Read [the first article](/articles/article-0000/).\n"
                .to_owned(),
        ),
        ("content/faq.yaml".to_owned(), faq_yaml(faq, articles)),
    ];
    files.extend((0..articles).map(|i| generated_article(i, articles)));
    files
}

fn topics_yaml() -> String {
    TOPICS
        .iter()
        .map(|t| {
            format!(
                "{t}:\n  title: {}\n  description: All about {t}.\n",
                t.to_uppercase()
            )
        })
        .collect()
}

const GLOSSARY: &str = "\
- term: trigger point
  aliases: [trigger points]
  definition: A small tight spot in a muscle that hurts when pressed.
- term: fatigue
  definition: Tiredness that rest does not fix.
";

/// The path and text of article `i` of `n`: one to three topics, a date, two sections, and
/// links to the next article's section and to a FAQ answer.
pub fn generated_article(i: usize, n: usize) -> (String, String) {
    let t = |k: usize| TOPICS[(i * 7 + k * 3 + i / 5) % TOPICS.len()];
    let topics = match i % 3 {
        0 => format!("[{}]", t(0)),
        1 => format!("[{}, {}]", t(0), t(1)),
        _ => format!("[{}, {}, {}]", t(0), t(1), t(2)),
    };
    let next = (i + 1) % n;
    let date = format!("20{:02}-{:02}-{:02}", 20 + i % 6, 1 + i % 12, 1 + i % 28);
    (
        format!("content/articles/part-{}/article-{i:04}.md", i % 10),
        format!(
            "---\ntitle: Article {i} about {t0}\ndescription: Plain facts about {t0}, number {i}.\ntopics: {topics}\ndate: {date}\n---\n\
A trigger point can cause pain. This is article {i}. Rest helps with fatigue.\n\n\
## Details\n\nSee [the next article](/articles/article-{next:04}/#details) and [a question](/faq/#q-{q}).\n\n\
## Help\n\nTalk to your doctor about {t0}.\n",
            t0 = t(0),
            q = i % 7,
        ),
    )
}

fn faq_yaml(faq: usize, articles: usize) -> String {
    let mut out = String::from("title: Questions\nquestions:\n");
    for q in 0..faq {
        let topic = TOPICS[q % TOPICS.len()];
        let article = (q * 13) % articles.max(1);
        out.push_str(&format!(
            "  - id: q-{q}\n    question: Question number {q} about {topic}?\n    answer: \
             Yes, it can help many people. Read [article {article}](/articles/article-{article:04}/).\n    \
             topics: [{topic}]\n"
        ));
    }
    out
}
