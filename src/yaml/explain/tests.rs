//! Each explanation fed the real library's error for the mistake it explains.

use crate::yaml::{YamlError, parse};

#[track_caller]
fn explained(text: &str, line: usize, column: usize, words: &str) {
    let e: YamlError = parse::<serde_yaml::Value>(text).unwrap_err();
    assert!(
        (e.line, e.column) == (line, column) && e.message.contains(words),
        "expected {line}:{column} saying {words:?}, got {e:?}"
    );
}

#[test]
fn an_unclosed_double_quote_is_found_where_it_opened() {
    // The library reports it at line 6 ("did not find expected key"), where a later quote
    // ended the value.
    let text = "questions:\n  - question: \"Is it safe?\n    answer: yes it is\n  - question: b\n    answer: c\n  - question: \"Is d ok?\"\n    answer: e\n";
    explained(
        text,
        2,
        15,
        "this quote (\") is never closed: add a closing \"",
    );
}

#[test]
fn an_unclosed_single_quote_is_found_where_it_opened() {
    // The library reports the end of the file.
    let text = "questions:\n  - question: 'Is it safe?\n    answer: yes it is\n  - question: b\n    answer: c\n";
    explained(text, 2, 15, "this quote (') is never closed");
}

#[test]
fn escaped_quotes_and_apostrophes_in_plain_values_do_not_open_or_close() {
    let text = "a: Don't worry\nb: 'it''s fine'\nc: \"say \\\"hi\\\"\"\nd: \"open\ne: f\n";
    explained(text, 4, 4, "never closed");
    // A quoted value may go on over more-indented lines.
    assert!(parse::<serde_yaml::Value>("a: \"long\n  text\"\nb: c\n").is_ok());
    // Quotes inside a block scalar are text.
    explained("a: |\n  \"x\n  y\nb: 'z\n", 4, 4, "never closed");
}

#[test]
fn text_after_a_closing_quote() {
    explained(
        "title: 'Don't panic'\n",
        1,
        13,
        "write an apostrophe as two: ''",
    );
    explained(
        "title: \"Pain\" relief\n",
        1,
        15,
        "put the whole value inside the quotes",
    );
}

#[test]
fn indentation_mistakes() {
    explained("title: a\n\tdescription: b\n", 2, 1, "indented with a tab");
    explained("questions:\n\t- question: a\n", 2, 1, "indented with a tab");
    explained(
        "questions:\n  - question: a\n   answer: b\n",
        3,
        4,
        "`answer` is indented less than the key above it (3 spaces instead of 4)",
    );
    explained(
        "questions:\n  - question: a\n     answer: b\n",
        3,
        6,
        "`answer` is indented more than the line above it (5 spaces instead of 4)",
    );
    explained(
        "questions:\n  - question: a\n    answer: b\n  topics: [x]\n",
        4,
        3,
        "lined up with the list's `-` items but is not one",
    );
}

#[test]
fn colons() {
    explained(
        "title: a\ndescription b\nlanguage: en\n",
        2,
        12,
        "write `description: b`",
    );
    explained(
        "title: a\ndescription:b\n",
        2,
        12,
        "put a space after the `:`: write `description: b`",
    );
    explained(
        "title: Pain: what helps\n",
        1,
        12,
        "put the whole value in quotes, e.g. `\"Pain: what helps\"`",
    );
    explained("title: “Pain: what helps”\n", 1, 13, "typographic quotes");
}

#[test]
fn duplicates_documents_and_lists() {
    explained(
        "title: a\nlanguage: en\ntitle: b\n",
        3,
        1,
        "`title` is written twice here",
    );
    explained(
        "questions:\n  - question: a\n    answer: b\n  - question: c\n    answer: d\n    answer: e\n",
        6,
        5,
        "`answer` is written twice here",
    );
    explained(
        "title: a\n---\nlanguage: en\n",
        2,
        1,
        "starts a second YAML document",
    );
    explained(
        "topics: [pain, sleep\ntitle: x\n",
        1,
        9,
        "`[` is never closed",
    );
}
