//! `careleaf faq`: list, check and add FAQ entries from the command line.
//!
//! `faq add` asks for missing values when standard input is a terminal (listing the known
//! topics; a multi-line answer opens `$EDITOR`, or is read until end of input), and fails
//! with a clear message when it is not, instead of waiting.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::faq_edit::{self, AddError, Field, NewEntry};

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
    Check,
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

/// Runs a `careleaf faq` command for the site at `root`.
pub fn run(root: &Path, cmd: FaqCommand) -> ExitCode {
    match cmd {
        FaqCommand::List { topic } => match faq_edit::list(root, topic.as_deref()) {
            Ok(entries) => {
                let mut out = std::io::stdout().lock();
                for e in entries {
                    let _ = writeln!(out, "{}\t{}\t{}", e.id, e.question, e.topics.join(", "));
                }
                ExitCode::SUCCESS
            }
            Err(diags) => {
                for d in diags {
                    eprintln!("{d}\n");
                }
                ExitCode::FAILURE
            }
        },
        FaqCommand::Check => check(root),
        FaqCommand::Add(args) => add(root, args),
    }
}

/// Checks the FAQ with everything a build checks for it (topics, related articles, links).
fn check(root: &Path) -> ExitCode {
    let diags =
        crate::pipeline::check_content(root, crate::site::Options::default(), &Default::default());
    let faq: Vec<_> = diags
        .iter()
        .filter(|d| d.path == crate::content::faq::FAQ_FILE || d.path == crate::config::CONFIG_FILE)
        .collect();
    for d in &faq {
        eprintln!("{d}\n");
    }
    let errors = faq.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        eprintln!("careleaf: {errors} error(s) in the FAQ");
        ExitCode::FAILURE
    } else {
        println!("The FAQ has no errors ({} warning(s)).", faq.len());
        ExitCode::SUCCESS
    }
}

fn add(root: &Path, args: AddArgs) -> ExitCode {
    let entry = match gather(root, args) {
        Ok(e) => e,
        Err(message) => {
            eprintln!("careleaf: error: {message}");
            return ExitCode::FAILURE;
        }
    };
    match faq_edit::add(root, &entry) {
        Ok(added) => {
            println!(
                "Added \"{}\" to content/faq.yaml (id `{}`).",
                entry.question.trim(),
                added.id
            );
            println!("It will appear at {}", added.faq_path);
            for t in &added.topic_paths {
                println!("and on {t}");
            }
            ExitCode::SUCCESS
        }
        Err(AddError::Invalid(problems)) => {
            for p in &problems {
                let label = match p.field {
                    Field::Question => "question",
                    Field::Answer => "answer",
                    Field::Topics => "topic",
                    Field::Related => "related",
                    Field::Id => "id",
                    Field::NewTopic => "new topic",
                    Field::File => "faq.yaml",
                };
                eprintln!("careleaf: error ({label}): {}", p.message);
            }
            eprintln!("careleaf: nothing was changed");
            ExitCode::FAILURE
        }
        Err(e @ AddError::Io(_)) => {
            eprintln!("careleaf: error: {e}");
            eprintln!("careleaf: nothing was changed");
            ExitCode::FAILURE
        }
    }
}

/// The entry from the arguments, asking for what is missing when a person is at the terminal.
fn gather(root: &Path, args: AddArgs) -> Result<NewEntry, String> {
    let answer_from_file = match &args.answer_file {
        Some(p) if p.as_os_str() == "-" => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| format!("cannot read the answer from standard input: {e}"))?;
            Some(s)
        }
        Some(p) => Some(
            std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read the answer file {}: {e}", p.display()))?,
        ),
        None => None,
    };
    let mut entry = NewEntry {
        question: args.question.unwrap_or_default(),
        answer: args.answer.or(answer_from_file).unwrap_or_default(),
        topics: args.topics,
        related: args.related,
        id: args.id,
        new_topic: args.new_topic.zip(args.topic_title),
    };
    let missing_question = entry.question.trim().is_empty();
    let missing_answer = entry.answer.trim().is_empty();
    if !missing_question && !missing_answer {
        return Ok(entry);
    }
    let interactive =
        std::io::stdin().is_terminal() && args.answer_file.as_deref() != Some(Path::new("-"));
    if !interactive {
        let what = match (missing_question, missing_answer) {
            (true, true) => "--question and --answer (or --answer-file)",
            (true, false) => "--question",
            _ => "--answer (or --answer-file)",
        };
        return Err(format!(
            "missing {what}. Standard input is not a terminal, so careleaf cannot ask for it; give it on the command line"
        ));
    }
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    if missing_question {
        entry.question = prompt_line(&mut input, "Question: ")?;
    }
    if missing_answer {
        entry.answer = prompt_answer(&mut input)?;
    }
    if entry.topics.is_empty() {
        let known = crate::faq_edit::list_topics(root);
        if !known.is_empty() {
            eprintln!("Known topics: {}", known.join(", "));
        }
        let line = prompt_line(
            &mut input,
            "Topics (comma-separated, the first is the group; empty for none): ",
        )?;
        entry.topics = line
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
    }
    Ok(entry)
}

fn prompt_line(input: &mut impl BufRead, label: &str) -> Result<String, String> {
    eprint!("{label}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    input
        .read_line(&mut line)
        .map_err(|e| format!("cannot read your answer: {e}"))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

/// The answer: in `$EDITOR` when one is set, otherwise typed until end of input.
fn prompt_answer(input: &mut impl BufRead) -> Result<String, String> {
    if let Some(editor) = std::env::var_os("VISUAL").or_else(|| std::env::var_os("EDITOR")) {
        let path = std::env::temp_dir().join(format!("careleaf-answer-{}.md", std::process::id()));
        std::fs::write(&path, "").map_err(|e| format!("cannot make a file for the answer: {e}"))?;
        eprintln!(
            "Opening your editor for the answer (markdown). Save and close it when you are done."
        );
        let status = std::process::Command::new(&editor)
            .arg(&path)
            .status()
            .map_err(|e| {
                format!(
                    "cannot start your editor ({}): {e}",
                    editor.to_string_lossy()
                )
            })?;
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let _ = std::fs::remove_file(&path);
        if !status.success() {
            return Err("the editor did not finish successfully; nothing was changed".to_owned());
        }
        return Ok(text);
    }
    eprintln!("Answer (markdown; end with Ctrl-D on a line of its own):");
    let mut text = String::new();
    input
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read the answer: {e}"))?;
    Ok(text)
}
