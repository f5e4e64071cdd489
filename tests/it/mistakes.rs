//! The corpus of editing mistakes (`tests/mistakes/*.case`): the mistakes people make in
//! YAML and markdown with an ordinary text editor, each written into a small clean site and
//! built with the real binary. Every case says what careleaf must do (an error, a warning,
//! or build it as written), the file, line and column it must point at, and words its
//! message must contain; careleaf pointing anywhere else fails the case. All cases run, and
//! every failing one is reported at once.
//!
//! A case file starts with `#` comments saying what the editor did, then lines of
//! expectations, then the files:
//!
//! ```text
//! error: content/faq.yaml:4:15        (or `warning:`; one line per message expected)
//! says: never closed                   (words that message must contain; any number)
//! builds                               (no expectation: the site builds with no message)
//! shows: /articles/case/ <h1>no</h1>   (the built page holds this text)
//! remove: content/topics.yaml          (a file of the clean site to leave out)
//! crlf                                 (write the case's files with Windows line ends)
//! === content/faq.yaml                 (a file of the site, replacing the clean one)
//! ...its text...
//! ```

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::*;

/// The clean site every case starts from: it builds with no message at all.
const CLEAN_SITE: &[(&str, &str)] = &[
    (
        "content/topics.yaml",
        "pain:\n  title: Pain\n  description: Living with pain from day to day.\n",
    ),
    (
        "content/articles/base.md",
        "---\ntitle: Living with pain\ntopics: [pain]\n---\nPain can come and go. Rest when you need to, and move a little each day.\n",
    ),
    (
        "content/faq.yaml",
        "questions:\n  - question: Can I go for a walk?\n    id: walk\n    topics: [pain]\n    answer: Yes. A short walk each day is good for most people.\n",
    ),
];

/// One message a case expects.
#[derive(Debug)]
struct Expected {
    severity: String,
    path: String,
    line: usize,
    column: usize,
    says: Vec<String>,
}

/// One case: what careleaf must say, and the files that make the mistake.
#[derive(Debug, Default)]
struct Case {
    expected: Vec<Expected>,
    builds: bool,
    shows: Vec<(String, String)>,
    remove: Vec<String>,
    crlf: bool,
    files: Vec<(String, String)>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mistakes")
}

/// Reads a case file; a malformed one is a failure of the corpus itself.
fn read_case(path: &Path) -> Result<Case, String> {
    let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let mut case = Case::default();
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next_if(|l| !l.starts_with("=== ")) {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == "builds" {
            case.builds = true;
        } else if line == "crlf" {
            case.crlf = true;
        } else if let Some(words) = line.strip_prefix("says: ") {
            let last = case
                .expected
                .last_mut()
                .ok_or("`says:` before any message")?;
            last.says.push(words.to_owned());
        } else if let Some(rest) = line.strip_prefix("shows: ") {
            let (url, text) = rest.split_once(' ').ok_or("`shows: URL TEXT`")?;
            case.shows.push((url.to_owned(), text.to_owned()));
        } else if let Some(file) = line.strip_prefix("remove: ") {
            case.remove.push(file.to_owned());
        } else if let Some((severity, place)) = line.split_once(": ") {
            let mut parts = place.rsplitn(3, ':');
            let (col, ln, file) = (parts.next(), parts.next(), parts.next());
            let (Some(col), Some(ln), Some(file)) = (col, ln, file) else {
                return Err(format!("`{line}` is not `error: PATH:LINE:COL`"));
            };
            if severity != "error" && severity != "warning" {
                return Err(format!("unknown expectation `{line}`"));
            }
            case.expected.push(Expected {
                severity: severity.to_owned(),
                path: file.to_owned(),
                line: ln.parse().map_err(|_| format!("bad line in `{line}`"))?,
                column: col.parse().map_err(|_| format!("bad column in `{line}`"))?,
                says: Vec::new(),
            });
        } else {
            return Err(format!("unknown line `{line}`"));
        }
    }
    while let Some(header) = lines.next() {
        let file = header
            .trim_end()
            .strip_prefix("=== ")
            .ok_or("files start with `=== PATH`")?;
        let mut body = String::new();
        while let Some(line) = lines.next_if(|l| !l.starts_with("=== ")) {
            body.push_str(line);
        }
        if case.crlf {
            body = body.replace('\n', "\r\n");
        }
        case.files.push((file.to_owned(), body));
    }
    if case.files.is_empty() {
        return Err("no files".to_owned());
    }
    if case.builds != case.expected.is_empty() {
        return Err("say either `builds` or the messages expected".to_owned());
    }
    if case.expected.iter().any(|e| e.says.is_empty()) {
        return Err("every message expected needs `says:` words".to_owned());
    }
    Ok(case)
}

/// Builds `case` in a fresh site; what went wrong, if anything.
fn run_case(case: &Case) -> Vec<String> {
    let mut files: Vec<(String, String)> = CLEAN_SITE
        .iter()
        .filter(|(p, _)| !case.remove.iter().any(|r| r == p))
        .filter(|(p, _)| !case.files.iter().any(|(f, _)| f == p))
        .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
        .collect();
    files.extend(case.files.iter().cloned());
    let site = Site::from_owned(&files);
    let run = site.build_args(&[]);
    let said = run.diagnostics();
    let mut problems = Vec::new();
    let must_fail = case.expected.iter().any(|e| e.severity == "error");
    if run.success() == must_fail {
        problems.push(format!(
            "the build {} but should have {}",
            if run.success() { "succeeded" } else { "failed" },
            if must_fail { "failed" } else { "succeeded" }
        ));
    }
    let mut matched = vec![false; said.len()];
    for e in &case.expected {
        let at = said.iter().position(|d| {
            d.severity == e.severity && d.path == e.path && d.line == e.line && d.column == e.column
        });
        let Some(i) = at else {
            problems.push(format!(
                "no {} at {}:{}:{}",
                e.severity, e.path, e.line, e.column
            ));
            continue;
        };
        matched[i] = true;
        for words in &e.says {
            if !said[i].message.contains(words.as_str()) {
                problems.push(format!(
                    "the {} at {}:{}:{} does not say {words:?}",
                    e.severity, e.path, e.line, e.column
                ));
            }
        }
    }
    for (d, _) in said.iter().zip(&matched).filter(|(_, m)| !**m) {
        problems.push(format!(
            "careleaf also said {}:{}:{}: {}",
            d.path, d.line, d.column, d.severity
        ));
    }
    for (url, text) in &case.shows {
        let page = url_to_file(&site.public(), url).and_then(|f| fs::read_to_string(f).ok());
        if !page.is_some_and(|p| p.contains(text.as_str())) {
            problems.push(format!("the page {url} does not show {text:?}"));
        }
    }
    if !problems.is_empty() {
        problems.push(format!("careleaf printed:\n{}", run.stderr));
    }
    problems
}

#[test]
fn every_mistake_is_explained_where_it_was_made() {
    let mut paths: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .expect("tests/mistakes")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 40, "the corpus has {} cases", paths.len());
    let mut report = String::new();
    let mut failed = 0;
    for path in &paths {
        let problems = match read_case(path) {
            Ok(case) => run_case(&case),
            Err(e) => vec![format!("cannot read the case: {e}")],
        };
        if !problems.is_empty() {
            failed += 1;
            let name = path.file_name().unwrap().to_string_lossy();
            let _ = writeln!(report, "--- {name}\n{}", problems.join("\n"));
        }
    }
    assert!(
        failed == 0,
        "{failed} of {} cases failed:\n{report}",
        paths.len()
    );
}

#[test]
fn the_clean_site_builds_without_a_message() {
    let site = Site::new(CLEAN_SITE);
    let run = site.build_args(&[]).ok();
    assert_eq!(run.diagnostics(), Vec::new(), "{run}");
}
