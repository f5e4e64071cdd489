//! What builds but is almost certainly a mistake is a warning where it was made: an article
//! with no text (its page would be blank), a topic with no articles and no questions (its
//! page would be empty) and an FAQ answer of fewer than 8 words. `--strict` makes them
//! errors, like every warning.

use crate::support::*;

/// An article with a body of `body`, on the topic `pain`.
fn article(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ntopics: [pain]\n---\n{body}")
}

const ANSWER: &str = "Rest for a day, then move gently again.";

#[test]
fn an_article_with_no_text_warns_at_the_file_and_fails_a_strict_build() {
    let site = Site::new(&[
        ("content/articles/blank.md", &article("Blank", "")),
        (
            "content/articles/spaces.md",
            &article("Spaces", "\n   \n\t\n"),
        ),
        (
            "content/articles/fine.md",
            &article("Fine", "Pain is real, and it can be treated.\n"),
        ),
    ]);
    let run = site.check().ok();
    insta::assert_snapshot!(run.stderr, @"
    content/articles/blank.md: warning: the article has no text after its front matter, so its page would be blank; write it below the closing `---` line

    content/articles/spaces.md: warning: the article has no text after its front matter, so its page would be blank; write it below the closing `---` line
    ");
    let strict = site.build_args(&["--strict"]).failed();
    assert_eq!(strict.diagnostics().len(), 2, "{strict}");
    assert!(!site.public().exists());
}

#[test]
fn a_topic_with_no_articles_and_no_questions_warns_at_its_line() {
    let site = Site::new(&[
        (
            "content/topics.yaml",
            "pain:\n  title: Pain\nsleep:\n  title: Sleep\ndiet:\n  title: Diet\n",
        ),
        ("content/articles/a.md", &article("A", "Some text here.\n")),
        (
            "content/faq.yaml",
            &format!(
                "questions:\n  - id: q\n    question: Q?\n    answer: {ANSWER}\n    topics: [sleep]\n"
            ),
        ),
    ]);
    let run = site.check().ok();
    insta::assert_snapshot!(run.stderr, @"
    content/topics.yaml:5:1: warning: topic `diet` has no articles and no questions, so its page would be empty; add `diet` to the `topics:` of an article or question, or remove the topic
      |
    5 | diet:
      | ^
    ");
}

#[test]
fn a_topic_that_looks_unused_only_because_of_an_error_is_not_warned_about() {
    let site = Site::new(&[
        (
            "content/topics.yaml",
            "pain:\n  title: Pain\nsleep:\n  title: Sleep\n",
        ),
        ("content/articles/a.md", &article("A", "Some text here.\n")),
        (
            "content/articles/b.md",
            "---\ntitle: B\ntopics: [slep]\n---\nSome text here.\n",
        ),
    ]);
    let run = site.check().failed();
    let diags = run.diagnostics();
    assert_eq!(diags.len(), 1, "only the misspelt topic: {run}");
    assert!(diags[0].message.contains("did you mean `sleep`"), "{run}");
}

#[test]
fn an_answer_of_fewer_than_eight_words_warns_at_the_answer() {
    let faq = format!(
        "questions:
  - id: short
    question: Does it hurt?
    answer: A little, at first.
  - id: block
    question: How long?
    answer: |
      About half an hour,
      *often* less.
  - id: eight
    question: What helps?
    answer: Rest, warmth and gentle movement help most people.
  - id: long
    question: When?
    answer: {ANSWER}
"
    );
    let site = Site::new(&[("content/faq.yaml", &faq)]);
    let run = site.check().ok();
    insta::assert_snapshot!(run.stderr, @"
    content/faq.yaml:4:5: warning: the answer has only 4 words; write at least 8 (a whole sentence), so it answers the question on its own
      |
    4 |     answer: A little, at first.
      |     ^

    content/faq.yaml:7:5: warning: the answer has only 6 words; write at least 8 (a whole sentence), so it answers the question on its own
      |
    7 |     answer: |
      |     ^
    ");
}

#[test]
fn many_likely_mistakes_are_counted_by_kind_once_the_room_runs_out() {
    let mut files: Vec<(String, String)> = (0..230)
        .map(|i| (format!("content/articles/a{i:03}.md"), article("Blank", "")))
        .collect();
    files.push((
        "content/topics.yaml".into(),
        "pain:\n  title: Pain\n".into(),
    ));
    let site = Site::from_owned(&files);
    let run = site.check().ok();
    assert!(
        run.stderr
            .contains("and 30 more: 30 warnings (empty articles)"),
        "{run}"
    );
    assert_eq!(run.stderr.matches(": warning: ").count(), 200, "{run}");
    assert!(run.stdout.contains("no errors, 230 warnings"), "{run}");
}
