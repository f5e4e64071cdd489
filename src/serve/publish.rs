//! Announcing each build: the lines in the terminal, the new state requests see, and the
//! message that tells open pages to reload (or update in place), swap stylesheets or show
//! errors.

use super::preview::{Change, Outcome, Preview};
use super::state::{Published, Shared};

/// How many changed files a "rebuilt" line names before it says "and N more".
const NAMED: usize = 3;
/// How many changed pages a reload message names; past this it says `"every_page": true`
/// (a glossary or template edit on a large site changes every page: tens of thousands of
/// names sent to every open tab would cost more than they save).
const NAMED_PAGES: usize = 1000;

/// Prints a rebuild's result, updates what the server serves and tells open pages.
/// `changed`: the files (relative to the site) whose changes caused the rebuild; `None` for
/// the first build.
pub fn publish(shared: &Shared, preview: &Preview, outcome: Outcome, changed: Option<&[String]>) {
    let had_errors = shared.current().errors.is_some();
    match outcome {
        Outcome::Built {
            change,
            elapsed,
            warnings,
        } => {
            let snapshot = preview.snapshot();
            let generation = snapshot.as_ref().map_or(0, |s| s.generation);
            // The last build is let go of after open pages have been told.
            let _last = shared.publish(Published {
                snapshot,
                errors: None,
            });
            let message = match (&change, had_errors) {
                // Fixing an error always reloads, even if the site is as it was before.
                (_, true) | (Change::Reload, _) => Some(serde_json::json!({"type": "reload"})),
                (Change::Pages(paths), false) => Some(pages_changed(paths, generation)),
                (Change::Stylesheets(paths), false) => Some(
                    serde_json::json!({"type": "css", "paths": paths, "generation": generation}),
                ),
                (Change::None, false) => None,
            };
            // Open pages reload first: a site with thousands of warnings takes far longer
            // to print them than to rebuild.
            if let Some(m) = message {
                let _ = shared.events.send(m.to_string());
            }
            print_diagnostics(&warnings);
            if let Some(changed) = changed {
                let what = match change {
                    Change::None => "no visible change",
                    Change::Stylesheets(_) => "stylesheets updated",
                    Change::Pages(_) | Change::Reload => "pages updated",
                };
                eprintln!(
                    "careleaf: rebuilt in {} ms ({what}) after changes to {}",
                    elapsed.as_millis(),
                    name_files(changed)
                );
            }
        }
        Outcome::Failed(diags) => {
            print_diagnostics(&diags);
            eprintln!(
                "careleaf: the site has {} error(s); the preview shows them and keeps the last good version",
                diags.error_count()
            );
            // Open pages get the errors a person is shown, not all of them: a file with
            // thousands of broken links must not make a message of many megabytes.
            let errors = diags.error_digest();
            let message = serde_json::json!({
                "type": "error",
                "errors": errors.shown,
                "error_count": errors.errors,
                "more": errors.hidden.line(),
            });
            // The last good site stays, now shown with these errors.
            let _last = shared.publish(Published {
                snapshot: shared.current().snapshot.clone(),
                errors: Some(errors),
            });
            let _ = shared.events.send(message.to_string());
        }
    }
}

/// The message for a build that changed only pages (`paths`: output paths such as
/// `articles/x/index.html`, `search/w/ab.json`). It is a `reload` message, so a client that
/// knows nothing more reloads; the live client reloads or updates in place only a page named
/// in `pages` (the HTML ones, which are what tabs show), or every page when `every_page` is
/// true, and leaves the others as they are.
fn pages_changed(paths: &[String], generation: u64) -> serde_json::Value {
    let html: Vec<&String> = paths.iter().filter(|p| p.ends_with(".html")).collect();
    if html.len() > NAMED_PAGES {
        serde_json::json!({"type": "reload", "generation": generation, "every_page": true})
    } else {
        serde_json::json!({"type": "reload", "generation": generation, "pages": html})
    }
}

/// Prints what a person is shown of a build's diagnostics (see
/// [`Digest`](crate::diag::Digest)) on standard error, through a buffer (standard error is
/// unbuffered, and each diagnostic is written in many pieces).
fn print_diagnostics(diags: &crate::diag::Diagnostics) {
    use std::io::Write;
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    let _ = diags.digest().write_to(&mut err);
    let _ = err.flush();
}

/// `a.md`, `a.md and b.md`, `a.md, b.md, c.md and 4 more`.
fn name_files(files: &[String]) -> String {
    let shown = &files[..files.len().min(NAMED)];
    let rest = files.len() - shown.len();
    match (shown, rest) {
        ([], _) => "the site".to_owned(),
        ([one], 0) => one.clone(),
        (_, 0) => {
            let (last, first) = shown.split_last().unwrap_or((&shown[0], &[]));
            format!("{} and {last}", first.join(", "))
        }
        (_, n) => format!("{} and {n} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::{NAMED_PAGES, name_files, pages_changed};

    #[test]
    fn changed_files_are_named_briefly() {
        let f = |n: usize| -> Vec<String> { (1..=n).map(|i| format!("f{i}.md")).collect() };
        assert_eq!(name_files(&f(0)), "the site");
        assert_eq!(name_files(&f(1)), "f1.md");
        assert_eq!(name_files(&f(2)), "f1.md and f2.md");
        assert_eq!(name_files(&f(3)), "f1.md, f2.md and f3.md");
        assert_eq!(name_files(&f(7)), "f1.md, f2.md, f3.md and 4 more");
    }

    #[test]
    fn a_page_change_names_the_pages_up_to_a_limit() {
        let paths =
            |n: usize| -> Vec<String> { (0..n).map(|i| format!("p{i}/index.html")).collect() };
        let mut two = paths(2);
        two.push("search/w/ab.json".to_owned());
        let m = pages_changed(&two, 7);
        assert_eq!(
            m,
            serde_json::json!({"type": "reload", "generation": 7, "pages": ["p0/index.html", "p1/index.html"]})
        );
        assert_eq!(
            pages_changed(&paths(NAMED_PAGES), 1)["pages"]
                .as_array()
                .map(Vec::len),
            Some(NAMED_PAGES)
        );
        assert_eq!(
            pages_changed(&paths(NAMED_PAGES + 1), 8),
            serde_json::json!({"type": "reload", "generation": 8, "every_page": true})
        );
    }
}
