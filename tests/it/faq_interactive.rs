//! `careleaf faq add` at a terminal (a real pseudo-terminal): the prompts in order, asking
//! again after an invalid value while keeping everything typed so far, the answer in
//! `$EDITOR` or typed at the terminal when the editor cannot be used, and the entry appended
//! to `faq.yaml` byte for byte.

use crate::support::faq::*;
use crate::support::*;

const TOPICS_PROMPT: &str = "Topics (comma-separated, the first is the group; empty for none): ";
const CONFIRM: &str = "Add it to content/faq.yaml? [Y/n] ";

/// The site's FAQ now, after checking that it is `old` with one block appended at its end
/// (every old byte kept); returns the appended block.
fn appended(site: &Site, old: &[u8], id: &str) -> String {
    let new = read(site, FAQ);
    let (pos, inserted) = assert_inserted(old, &new, id);
    assert_eq!(pos, old.len(), "the entry is not at the end of the file");
    inserted
}

/// The whole conversation: a question, the answer in `$EDITOR`, a typo at the topics prompt
/// ("did you mean"), the right topic, "Add it?". Nothing typed before the typo is lost.
#[test]
fn a_whole_add_with_an_editor_and_a_typo_at_the_topics() {
    let site = rich_site();
    let old = read(&site, FAQ);
    let tools = tempfile::tempdir().unwrap();
    let editor = script(
        tools.path(),
        "editor",
        "printf 'Yes. A warm bath can ease the soreness after a session.\\n' > \"$1\"\n",
    );
    let mut t = Terminal::start(&site, Some(&editor), &["faq", "add"]);
    t.expect("Question: ");
    t.type_line("Can I have a warm bath after needling?");
    t.expect("Known topics: pain, sleep, needling, diet\n");
    t.expect(TOPICS_PROMPT);
    t.type_line("neddling");
    t.expect("did you mean `needling`?");
    t.expect(TOPICS_PROMPT);
    t.type_line("needling, pain");
    t.expect(CONFIRM);
    t.type_line("y");
    let (code, shown) = t.finish();
    assert_eq!(code, 0, "{shown}");
    insta::assert_snapshot!(shown, @r#"
    Question: ⟨typed: Can I have a warm bath after needling?⟩
    Opening your editor for the answer (markdown). Save and close it when you are done.
    Known topics: pain, sleep, needling, diet
    Topics (comma-separated, the first is the group; empty for none): ⟨typed: neddling⟩
    careleaf: error (topic): unknown topic `neddling` (did you mean `needling`?); known topics: pain, sleep, needling, diet (add one on purpose with --new-topic neddling --topic-title "...")
    Known topics: pain, sleep, needling, diet
    Topics (comma-separated, the first is the group; empty for none): ⟨typed: needling, pain⟩
    The question will be at /faq/#can-i-have-a-warm-bath-after-needling, under the topic `needling`.
    Add it to content/faq.yaml? [Y/n] ⟨typed: y⟩
    Added "Can I have a warm bath after needling?" to content/faq.yaml (id `can-i-have-a-warm-bath-after-needling`).
    It will appear at /faq/#can-i-have-a-warm-bath-after-needling
    and on /topics/needling/
    and on /topics/pain/
    "#);
    assert_eq!(
        appended(&site, &old, "can-i-have-a-warm-bath-after-needling"),
        "  - id: can-i-have-a-warm-bath-after-needling\n    question: \"Can I have a warm bath after needling?\"\n    answer: |\n      Yes. A warm bath can ease the soreness after a session.\n    topics: [needling, pain]\n"
    );
    careleaf_in(&site, &["faq", "check"]).ok();
}

/// With an editor that cannot be started (or that fails), the answer is typed at the
/// terminal, ending with a line holding only `.`; the question typed before is kept.
#[test]
fn without_a_working_editor_the_answer_is_typed_at_the_terminal() {
    let tools = tempfile::tempdir().unwrap();
    let missing = tools.path().join("no-such-editor");
    let failing = script(tools.path(), "failing-editor", "exit 3\n");
    let mut said = String::new();
    for editor in [missing.to_str().unwrap(), failing.as_str()] {
        let site = rich_site();
        let old = read(&site, FAQ);
        let mut t = Terminal::start(&site, Some(editor), &["faq", "add", "--topic", "sleep"]);
        t.expect("Question: ");
        t.type_line("Does a warm bath help me sleep?");
        t.expect("end it with a line holding only a '.'):\n");
        t.type_line("It can. A warm bath an hour before bed helps many people");
        t.type_line("fall asleep.");
        t.type_line(".");
        t.expect(CONFIRM);
        t.type_line("");
        let (code, shown) = t.finish();
        assert_eq!(code, 0, "{shown}");
        said.push_str(&shown.replace(tools.path().to_str().unwrap(), "[TOOLS]"));
        said.push_str("== appended\n");
        said.push_str(&appended(&site, &old, "does-a-warm-bath-help-me-sleep"));
        said.push_str("==\n");
    }
    insta::assert_snapshot!(said, @r#"
    Question: ⟨typed: Does a warm bath help me sleep?⟩
    Opening your editor for the answer (markdown). Save and close it when you are done.
    careleaf: cannot start your editor `[TOOLS]/no-such-editor`: No such file or directory (os error 2); type the answer here instead.
    Answer (markdown; end it with a line holding only a '.'):
    ⟨typed: It can. A warm bath an hour before bed helps many people⟩
    ⟨typed: fall asleep.⟩
    ⟨typed: .⟩
    The question will be at /faq/#does-a-warm-bath-help-me-sleep, under the topic `sleep`.
    Add it to content/faq.yaml? [Y/n] ⟨typed: ⟩
    Added "Does a warm bath help me sleep?" to content/faq.yaml (id `does-a-warm-bath-help-me-sleep`).
    It will appear at /faq/#does-a-warm-bath-help-me-sleep
    and on /topics/sleep/
    == appended
      - id: does-a-warm-bath-help-me-sleep
        question: "Does a warm bath help me sleep?"
        answer: |
          It can. A warm bath an hour before bed helps many people
          fall asleep.
        topics: [sleep]
    ==
    Question: ⟨typed: Does a warm bath help me sleep?⟩
    Opening your editor for the answer (markdown). Save and close it when you are done.
    careleaf: your editor `[TOOLS]/failing-editor` did not finish successfully (exit status: 3); type the answer here instead.
    Answer (markdown; end it with a line holding only a '.'):
    ⟨typed: It can. A warm bath an hour before bed helps many people⟩
    ⟨typed: fall asleep.⟩
    ⟨typed: .⟩
    The question will be at /faq/#does-a-warm-bath-help-me-sleep, under the topic `sleep`.
    Add it to content/faq.yaml? [Y/n] ⟨typed: ⟩
    Added "Does a warm bath help me sleep?" to content/faq.yaml (id `does-a-warm-bath-help-me-sleep`).
    It will appear at /faq/#does-a-warm-bath-help-me-sleep
    and on /topics/sleep/
    == appended
      - id: does-a-warm-bath-help-me-sleep
        question: "Does a warm bath help me sleep?"
        answer: |
          It can. A warm bath an hour before bed helps many people
          fall asleep.
        topics: [sleep]
    ==
    "#);
}

/// A duplicate question, an answer with a broken link and a typo in a topic are each
/// refused at their own prompt and asked for again; what was accepted before stays. "n" at
/// the end adds nothing.
#[test]
fn each_refused_value_is_asked_for_again_and_no_adds_nothing() {
    let site = rich_site();
    let before = content_state(&site);
    let mut t = Terminal::start(&site, None, &["faq", "add"]);
    t.expect("Question: ");
    t.type_line("What helps sleep?");
    t.expect("this question is already in the FAQ");
    t.expect("Question: ");
    t.type_line("What helps me sleep after needling?");
    t.expect("end it with a line holding only a '.'):\n");
    t.type_line("See [the tips](/articles/no-such-tips/).");
    t.type_line(".");
    t.expect("end it with a line holding only a '.'):\n");
    t.type_line("See [the sleep tips](/articles/sleep-tips/) for help.");
    t.type_line(".");
    t.expect(TOPICS_PROMPT);
    t.type_line("slep");
    t.expect(TOPICS_PROMPT);
    t.type_line("sleep");
    t.expect(CONFIRM);
    t.type_line("maybe");
    t.expect(CONFIRM);
    t.type_line("n");
    let (code, shown) = t.finish();
    assert_eq!(code, 0, "{shown}");
    insta::assert_snapshot!(shown, @r#"
    Question: ⟨typed: What helps sleep?⟩
    careleaf: error (question): this question is already in the FAQ: "What helps sleep?" (id `sleep-help`, content/faq.yaml:9)
    Question: ⟨typed: What helps me sleep after needling?⟩
    Answer (markdown; end it with a line holding only a '.'):
    ⟨typed: See [the tips](/articles/no-such-tips/).⟩
    ⟨typed: .⟩
    careleaf: error (answer): broken link `/articles/no-such-tips/`: nothing in this site is at /articles/no-such-tips/ (did you mean `/articles/`?)
    Answer (markdown; end it with a line holding only a '.'):
    ⟨typed: See [the sleep tips](/articles/sleep-tips/) for help.⟩
    ⟨typed: .⟩
    Known topics: pain, sleep, needling, diet
    Topics (comma-separated, the first is the group; empty for none): ⟨typed: slep⟩
    careleaf: error (topic): unknown topic `slep` (did you mean `sleep`?); known topics: pain, sleep, needling, diet (add one on purpose with --new-topic slep --topic-title "...")
    Known topics: pain, sleep, needling, diet
    Topics (comma-separated, the first is the group; empty for none): ⟨typed: sleep⟩
    The question will be at /faq/#what-helps-me-sleep-after-needling, under the topic `sleep`.
    Add it to content/faq.yaml? [Y/n] ⟨typed: maybe⟩
    careleaf: please answer y (yes) or n (no)
    Add it to content/faq.yaml? [Y/n] ⟨typed: n⟩
    Nothing was added; content/faq.yaml was not changed.
    "#);
    assert!(content_state(&site) == before, "files changed");
}

/// A refused answer reopens the editor on what was written, so only the mistake needs
/// fixing.
#[test]
fn a_refused_answer_reopens_the_editor_on_the_text_written_before() {
    let site = rich_site();
    let old = read(&site, FAQ);
    let tools = tempfile::tempdir().unwrap();
    // First time: an answer with a broken link. Then: fixes the link only if the file it is
    // given still holds that answer (otherwise it writes the broken one again).
    let editor = script(
        tools.path(),
        "editor",
        "if grep -q 'no-such-tips' \"$1\"; then\n  sed -i 's|/articles/no-such-tips/|/articles/sleep-tips/|' \"$1\"\nelse\n  printf 'See [the tips](/articles/no-such-tips/) for help at night.\\n' > \"$1\"\nfi\n",
    );
    let mut t = Terminal::start(
        &site,
        Some(&editor),
        &[
            "faq",
            "add",
            "--question",
            "Where are the sleep tips?",
            "--topic",
            "sleep",
        ],
    );
    t.expect("broken link `/articles/no-such-tips/`");
    t.expect(CONFIRM);
    t.type_line("yes");
    let (code, shown) = t.finish();
    assert_eq!(code, 0, "{shown}");
    insta::assert_snapshot!(shown, @r#"
    Opening your editor for the answer (markdown). Save and close it when you are done.
    careleaf: error (answer): broken link `/articles/no-such-tips/`: nothing in this site is at /articles/no-such-tips/ (did you mean `/articles/`?)
    Opening your editor for the answer (markdown). Save and close it when you are done.
    The question will be at /faq/#where-are-the-sleep-tips, under the topic `sleep`.
    Add it to content/faq.yaml? [Y/n] ⟨typed: yes⟩
    Added "Where are the sleep tips?" to content/faq.yaml (id `where-are-the-sleep-tips`).
    It will appear at /faq/#where-are-the-sleep-tips
    and on /topics/sleep/
    "#);
    assert_eq!(
        appended(&site, &old, "where-are-the-sleep-tips"),
        "  - id: where-are-the-sleep-tips\n    question: \"Where are the sleep tips?\"\n    answer: |\n      See [the tips](/articles/sleep-tips/) for help at night.\n    topics: [sleep]\n"
    );
}

/// Three refused values at one prompt, or the end of input (Ctrl-D) at any prompt, stop the
/// add with a message saying so, and nothing is written.
#[test]
fn giving_up_or_ending_the_input_changes_nothing() {
    let site = rich_site();
    let before = content_state(&site);
    let mut said = String::new();

    let mut t = Terminal::start(&site, None, &["faq", "add", "--question", "Typos?"]);
    t.expect("end it with a line holding only a '.'):\n");
    t.type_line("Three typos in a row are too many for one prompt.");
    t.type_line(".");
    for typo in ["slep", "sleeep", "sle ep"] {
        t.expect(TOPICS_PROMPT);
        t.type_line(typo);
    }
    let (code, shown) = t.finish();
    assert_eq!(code, 1, "{shown}");
    said.push_str(&shown);

    let mut t = Terminal::start(&site, None, &["faq", "add"]);
    t.expect("Question: ");
    t.end_input();
    let (code, shown) = t.finish();
    assert_eq!(code, 1, "{shown}");
    said.push_str(&format!("\n==\n{shown}"));

    let mut t = Terminal::start(&site, None, &["faq", "add", "--topic", "sleep"]);
    t.expect("Question: ");
    t.type_line("Ended?");
    t.expect("end it with a line holding only a '.'):\n");
    t.end_input();
    let (code, shown) = t.finish();
    assert_eq!(code, 1, "{shown}");
    said.push_str(&format!("\n==\n{shown}"));
    insta::assert_snapshot!(said, @r#"
    Answer (markdown; end it with a line holding only a '.'):
    ⟨typed: Three typos in a row are too many for one prompt.⟩
    ⟨typed: .⟩
    Known topics: pain, sleep, needling, diet
    Topics (comma-separated, the first is the group; empty for none): ⟨typed: slep⟩
    careleaf: error (topic): unknown topic `slep` (did you mean `sleep`?); known topics: pain, sleep, needling, diet (add one on purpose with --new-topic slep --topic-title "...")
    Known topics: pain, sleep, needling, diet
    Topics (comma-separated, the first is the group; empty for none): ⟨typed: sleeep⟩
    careleaf: error (topic): unknown topic `sleeep` (did you mean `sleep`?); known topics: pain, sleep, needling, diet (add one on purpose with --new-topic sleeep --topic-title "...")
    Known topics: pain, sleep, needling, diet
    Topics (comma-separated, the first is the group; empty for none): ⟨typed: sle ep⟩
    careleaf: error (topic): topic `sle ep` must use only lowercase letters a-z, digits and single hyphens (try `sle-ep`)
    careleaf: error: still no usable topics after 3 tries
    careleaf: nothing was changed

    ==
    Question: ⟨Ctrl-D⟩
    careleaf: error: the input ended while careleaf was asking for the question
    careleaf: nothing was changed

    ==
    Question: ⟨typed: Ended?⟩
    Answer (markdown; end it with a line holding only a '.'):
    ⟨Ctrl-D⟩careleaf: error: the input ended while careleaf was asking for the answer
    careleaf: nothing was changed
    "#);
    assert!(content_state(&site) == before, "files changed");
}

/// A `faq.yaml` with errors stops any add: careleaf says so before asking for anything.
#[test]
fn a_broken_faq_is_reported_before_anything_is_asked() {
    let site = rich_site();
    site.write(
        FAQ,
        "questions:\n  - question: \"Unclosed?\n    answer: Yes.\n",
    );
    let before = content_state(&site);
    let t = Terminal::start(&site, None, &["faq", "add"]);
    let (code, shown) = t.finish();
    assert_eq!(code, 1, "{shown}");
    assert!(!shown.contains("Question:"), "{shown}");
    assert!(
        shown.starts_with("careleaf: error (faq.yaml): content/faq.yaml has errors; fix them before adding an entry:"),
        "{shown}"
    );
    assert!(
        shown.ends_with("careleaf: nothing was changed\n"),
        "{shown}"
    );
    assert!(content_state(&site) == before, "files changed");
}

/// A new question whose link (the id made from it) is taken by another question: careleaf
/// asks for an id, and asks again while the id is not usable.
#[test]
fn a_taken_link_asks_for_an_id() {
    let site = rich_site();
    let old = read(&site, FAQ);
    let mut t = Terminal::start(&site, None, &["faq", "add", "--topic", "sleep"]);
    t.expect("Question: ");
    t.type_line("Sleep help?");
    t.expect("Id (the entry's link, /faq/#ID: lowercase letters, digits and hyphens): ");
    t.type_line("Sleep Help");
    t.expect("Id (the entry's link, /faq/#ID: lowercase letters, digits and hyphens): ");
    t.type_line("sleep-help-at-night");
    t.expect("end it with a line holding only a '.'):\n");
    t.type_line("Ask your nurse about ways to sleep better with pain.");
    t.type_line(".");
    t.expect(CONFIRM);
    t.type_line("y");
    let (code, shown) = t.finish();
    assert_eq!(code, 0, "{shown}");
    insta::assert_snapshot!(shown, @r#"
    Question: ⟨typed: Sleep help?⟩
    careleaf: error (id): the id `sleep-help` is already used by the entry at content/faq.yaml:9 ("What helps sleep?"); choose another id
    Id (the entry's link, /faq/#ID: lowercase letters, digits and hyphens): ⟨typed: Sleep Help⟩
    careleaf: error (id): id `Sleep Help` must use only lowercase letters a-z, digits and single hyphens (try `sleep-help`)
    Id (the entry's link, /faq/#ID: lowercase letters, digits and hyphens): ⟨typed: sleep-help-at-night⟩
    Answer (markdown; end it with a line holding only a '.'):
    ⟨typed: Ask your nurse about ways to sleep better with pain.⟩
    ⟨typed: .⟩
    The question will be at /faq/#sleep-help-at-night, under the topic `sleep`.
    Add it to content/faq.yaml? [Y/n] ⟨typed: y⟩
    Added "Sleep help?" to content/faq.yaml (id `sleep-help-at-night`).
    It will appear at /faq/#sleep-help-at-night
    and on /topics/sleep/
    "#);
    assert_eq!(
        appended(&site, &old, "sleep-help-at-night"),
        "  - id: sleep-help-at-night\n    question: \"Sleep help?\"\n    answer: |\n      Ask your nurse about ways to sleep better with pain.\n    topics: [sleep]\n"
    );
}
