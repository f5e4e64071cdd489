//! `careleaf faq`: list, check and add FAQ entries from the command line.
//!
//! `faq add` asks for missing values when standard input is a terminal ([`super::faq_ask`]),
//! and fails with a clear message when it is not, instead of waiting.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use crate::diag::Diagnostics;
use crate::error::Error;
use crate::faq_edit::{self, NewEntry};

#[derive(Subcommand, Debug)]
pub enum FaqCommand {
    /// Add a question and its answer to content/faq.yaml.
    Add(AddArgs),
    /// List the questions: id, question, topics.
    List {
        /// Only questions of this topic.
        #[arg(long, value_name = "SLUG")]
        topic: Option<String>,
    },
    /// Check content/faq.yaml (and its links) without building.
    Check {
        /// Treat every warning as an error.
        #[arg(long)]
        strict: bool,
    },
}

#[derive(Args, Debug, Default)]
pub struct AddArgs {
    /// The question, as readers will see it.
    #[arg(long)]
    pub question: Option<String>,
    /// The answer (markdown).
    #[arg(long, conflicts_with = "answer_file")]
    pub answer: Option<String>,
    /// Read the answer from a file ("-" for standard input).
    #[arg(long, value_name = "FILE")]
    pub answer_file: Option<PathBuf>,
    /// A topic slug (repeat for several; the first is the group it is shown under).
    #[arg(long = "topic", value_name = "SLUG")]
    pub topics: Vec<String>,
    /// A related article's slug (repeat for several).
    #[arg(long = "related", value_name = "ARTICLE")]
    pub related: Vec<String>,
    /// The entry's id (default: made from the question). It is the entry's link: /faq/#ID.
    #[arg(long)]
    pub id: Option<String>,
    /// Add this topic to content/topics.yaml first (needs --topic-title).
    #[arg(long, value_name = "SLUG", requires = "topic_title")]
    pub new_topic: Option<String>,
    /// The title of the topic added with --new-topic.
    #[arg(long, value_name = "TITLE", requires = "new_topic")]
    pub topic_title: Option<String>,
}

impl FaqCommand {
    /// True for `faq add`, the one that writes.
    pub fn is_add(&self) -> bool {
        matches!(self, FaqCommand::Add(_))
    }
}

/// Runs a `careleaf faq` command for the site at `root`.
pub fn run(root: &Path, cmd: FaqCommand) -> Result<(), Error> {
    match cmd {
        FaqCommand::List { topic } => {
            let entries = faq_edit::list(root, topic.as_deref())?;
            let mut out = std::io::stdout().lock();
            for e in entries {
                let _ = writeln!(out, "{}\t{}\t{}", e.id, e.question, e.topics.join(", "));
            }
            Ok(())
        }
        FaqCommand::Check { strict } => check(root, strict),
        FaqCommand::Add(args) => add(root, args),
    }
}

/// Checks the FAQ with everything a build checks for it (topics, related articles, links).
fn check(root: &Path, strict: bool) -> Result<(), Error> {
    let options = crate::site::Options {
        strict,
        ..crate::site::Options::new(crate::content::date::today()?)
    };
    let diags = crate::pipeline::check_content(root, options, &Default::default());
    let mut faq = Diagnostics::new();
    faq.extend(diags.into_iter().filter(|d| {
        d.path == crate::content::faq::FAQ_FILE || d.path == crate::config::CONFIG_FILE
    }));
    if faq.has_errors() {
        return Err(Error::Site(faq));
    }
    super::print_diagnostics(&faq);
    println!(
        "The FAQ has no errors ({}).",
        super::plural(faq.warning_count(), "warning")
    );
    Ok(())
}

fn add(root: &Path, args: AddArgs) -> Result<(), Error> {
    let Some(entry) = gather(root, args)? else {
        println!("Nothing was added; content/faq.yaml was not changed.");
        return Ok(());
    };
    let added = faq_edit::add(root, &entry)?;
    println!(
        "Added \"{}\" to content/faq.yaml (id `{}`).",
        entry.question.trim(),
        added.id
    );
    println!("It will appear at {}", added.faq_path);
    for t in &added.topic_paths {
        println!("and on {t}");
    }
    Ok(())
}

/// The answer named by `--answer-file` ("-": standard input).
fn answer_from_file(path: Option<&Path>) -> Result<Option<String>, Error> {
    match path {
        Some(p) if p.as_os_str() == "-" => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|source| Error::Input {
                    what: "the answer from standard input",
                    source,
                })?;
            Ok(Some(s))
        }
        Some(p) => std::fs::read_to_string(p)
            .map(Some)
            .map_err(Error::io("read the answer file", p)),
        None => Ok(None),
    }
}

/// The entry from the arguments, asking for what is missing when a person is at the
/// terminal; `None` when they chose not to add it.
fn gather(root: &Path, args: AddArgs) -> Result<Option<NewEntry>, Error> {
    let from_file = answer_from_file(args.answer_file.as_deref())?;
    let entry = NewEntry {
        question: args.question.unwrap_or_default(),
        answer: args.answer.or(from_file).unwrap_or_default(),
        topics: args.topics,
        related: args.related,
        id: args.id,
        new_topic: args.new_topic.zip(args.topic_title),
    };
    let missing_question = entry.question.trim().is_empty();
    let missing_answer = entry.answer.trim().is_empty();
    if !missing_question && !missing_answer {
        return Ok(Some(entry));
    }
    let interactive =
        std::io::stdin().is_terminal() && args.answer_file.as_deref() != Some(Path::new("-"));
    if !interactive {
        let what = match (missing_question, missing_answer) {
            (true, true) => "--question and --answer (or --answer-file)",
            (true, false) => "--question",
            _ => "--answer (or --answer-file)",
        };
        return Err(Error::MissingInput { what });
    }
    super::faq_ask::ask(root, entry, std::io::stdin().lock())
}
