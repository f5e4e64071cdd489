//! Asking for a FAQ entry at the terminal (`careleaf faq add` without `--question` or
//! `--answer`): the question, the answer and the topics in turn, each checked as soon as it
//! is given, then the whole entry, then "Add it?".
//!
//! After an invalid value careleaf prints why (as a refused add would) and asks for that
//! value again, keeping everything typed so far. It gives up after [`TRIES`] refused values
//! in a row at one prompt, or when the input ends (Ctrl-D), saying which. Values given on the
//! command line are checked the same way and asked for only when they are refused.

use std::io::{BufRead, Write};
use std::path::Path;

use super::answer_input::AnswerInput;
use super::report::print_problems;
use crate::error::Error;
use crate::faq_edit::{self, Field, NewEntry, Problem};

/// How many refused values one prompt takes before careleaf gives up.
const TRIES: usize = 3;

/// The prompt for the topics.
const TOPICS_PROMPT: &str = "Topics (comma-separated, the first is the group; empty for none): ";

/// Asks for what `entry` lacks; `None` when the person chose not to add it after all.
pub fn ask(root: &Path, entry: NewEntry, input: impl BufRead) -> Result<Option<NewEntry>, Error> {
    let mut asker = Asker {
        root,
        input,
        answer: AnswerInput::from_env(),
    };
    let mut entry = entry;
    // A FAQ or topics file with errors stops any add: say so before anything is typed.
    let mut broken = only_file(faq_edit::question_problems(root, &entry));
    broken.extend(only_file(faq_edit::topics_problems(root, &entry)));
    if !broken.is_empty() {
        return Err(Error::Refused { problems: broken });
    }
    let ask_question = entry.question.trim().is_empty();
    asker.question(&mut entry, ask_question)?;
    let ask_answer = entry.answer.trim().is_empty();
    asker.answer(&mut entry, ask_answer)?;
    let ask_topics = entry.topics.is_empty();
    asker.topics(&mut entry, ask_topics)?;
    let id = asker.whole(&mut entry)?;
    Ok(asker.confirm(&entry, &id)?.then_some(entry))
}

struct Asker<'a, R> {
    root: &'a Path,
    input: R,
    answer: AnswerInput,
}

impl<R: BufRead> Asker<'_, R> {
    /// The question (and, when the id made from it is taken, an id), asked for when `ask`.
    fn question(&mut self, entry: &mut NewEntry, ask: bool) -> Result<(), Error> {
        let mut ask = ask;
        let mut refused = Refusals::new("question");
        loop {
            if ask {
                entry.question = self.line("Question: ", "the question")?;
            }
            let problems = faq_edit::question_problems(self.root, entry);
            if problems.is_empty() {
                return Ok(());
            }
            let (bad_question, bad_id) =
                (has(&problems, Field::Question), has(&problems, Field::Id));
            if !bad_question && !bad_id {
                return Err(Error::Refused { problems });
            }
            refused.count(&problems)?;
            ask = bad_question;
            if !bad_question {
                // The question is fine; only its link is taken or cannot be made.
                entry.id = Some(self.line(
                    "Id (the entry's link, /faq/#ID: lowercase letters, digits and hyphens): ",
                    "the id",
                )?);
            }
        }
    }

    /// The answer, asked for when `ask`; the editor reopens on a refused answer.
    fn answer(&mut self, entry: &mut NewEntry, ask: bool) -> Result<(), Error> {
        let mut ask = ask;
        let mut refused = Refusals::new("answer");
        loop {
            if ask {
                entry.answer = self.answer.read(&mut self.input, &entry.answer)?;
            }
            // The whole entry goes through a build's checks; only the answer's part counts
            // here (the topics are checked next).
            let problems = match faq_edit::check(self.root, entry) {
                Ok(_) => Vec::new(),
                Err(p) => only(p, Field::Answer),
            };
            if problems.is_empty() {
                return Ok(());
            }
            refused.count(&problems)?;
            ask = true;
        }
    }

    /// The topics, asked for when `ask` (listing the known ones).
    fn topics(&mut self, entry: &mut NewEntry, ask: bool) -> Result<(), Error> {
        let mut ask = ask;
        let mut refused = Refusals::new("topics");
        let known = faq_edit::list_topics(self.root);
        loop {
            if ask {
                if !known.is_empty() {
                    eprintln!("Known topics: {}", known.join(", "));
                }
                let line = self.line(TOPICS_PROMPT, "the topics")?;
                entry.topics = line
                    .split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect();
            }
            let problems = faq_edit::topics_problems(self.root, entry);
            if problems.is_empty() {
                return Ok(());
            }
            if !has(&problems, Field::Topics) {
                // A new topic given on the command line: nothing to ask.
                return Err(Error::Refused { problems });
            }
            refused.count(&problems)?;
            ask = true;
        }
    }

    /// The whole entry, as an add checks it; returns its id. A value refused only now (the
    /// FAQ changed meanwhile, an answer that needs its topics) is checked and asked for
    /// again at its own prompt, at most [`TRIES`] rounds.
    fn whole(&mut self, entry: &mut NewEntry) -> Result<String, Error> {
        let mut rounds = 0;
        loop {
            let problems = match faq_edit::check(self.root, entry) {
                Ok(id) => return Ok(id),
                Err(p) => p,
            };
            rounds += 1;
            if rounds > TRIES {
                return Err(Error::Refused { problems });
            }
            if has(&problems, Field::Question) || has(&problems, Field::Id) {
                self.question(entry, false)?;
            } else if has(&problems, Field::Answer) {
                self.answer(entry, false)?;
            } else if has(&problems, Field::Topics) {
                self.topics(entry, false)?;
            } else {
                return Err(Error::Refused { problems });
            }
        }
    }

    /// "Add it?": true for yes (or just Enter), false for no.
    fn confirm(&mut self, entry: &NewEntry, id: &str) -> Result<bool, Error> {
        let mut place = crate::render::paths::faq_entry(id);
        if let Some(first) = entry.topics.first() {
            place.push_str(&format!(", under the topic `{first}`"));
        }
        eprintln!("The question will be at {place}.");
        for _ in 0..TRIES {
            let reply = self.line("Add it to content/faq.yaml? [Y/n] ", "a reply")?;
            match reply.trim().to_lowercase().as_str() {
                "" | "y" | "yes" => return Ok(true),
                "n" | "no" => return Ok(false),
                _ => eprintln!("careleaf: please answer y (yes) or n (no)"),
            }
        }
        Err(Error::GaveUp {
            what: "reply to \"Add it?\"",
            tries: TRIES,
        })
    }

    /// One line typed after `label`, without its line ending.
    fn line(&mut self, label: &str, what: &'static str) -> Result<String, Error> {
        eprint!("{label}");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        let read = self
            .input
            .read_line(&mut line)
            .map_err(|source| Error::Input {
                what: "your answer",
                source,
            })?;
        if read == 0 {
            // Ctrl-D: leave the prompt's line before the error is printed.
            eprintln!();
            return Err(Error::InputEnded { what });
        }
        Ok(line.trim_end_matches(['\n', '\r']).to_owned())
    }
}

/// Counts the refused values at one prompt, printing why each was refused.
struct Refusals {
    what: &'static str,
    count: usize,
}

impl Refusals {
    fn new(what: &'static str) -> Self {
        Refusals { what, count: 0 }
    }

    /// Prints `problems`; an error once [`TRIES`] values were refused.
    fn count(&mut self, problems: &[Problem]) -> Result<(), Error> {
        print_problems(problems);
        self.count += 1;
        if self.count >= TRIES {
            return Err(Error::GaveUp {
                what: self.what,
                tries: TRIES,
            });
        }
        Ok(())
    }
}

fn has(problems: &[Problem], field: Field) -> bool {
    problems.iter().any(|p| p.field == field)
}

fn only(problems: Vec<Problem>, field: Field) -> Vec<Problem> {
    problems.into_iter().filter(|p| p.field == field).collect()
}

fn only_file(problems: Vec<Problem>) -> Vec<Problem> {
    only(problems, Field::File)
}
