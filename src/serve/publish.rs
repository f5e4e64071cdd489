//! Announcing each build: the lines in the terminal, the new state requests see, and the
//! message that tells open pages to reload, swap stylesheets or show errors.

use super::preview::{Change, Outcome, Preview};
use super::state::{Published, Shared};

/// How many changed files a "rebuilt" line names before it says "and N more".
const NAMED: usize = 3;

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
            shared.publish(Published {
                snapshot,
                errors: None,
            });
            let message = match (&change, had_errors) {
                // Fixing an error always reloads, even if the site is as it was before.
                (_, true) | (Change::Reload, _) => Some(serde_json::json!({"type": "reload"})),
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
                    Change::Reload => "pages updated",
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
            shared.publish(Published {
                snapshot: shared.current().snapshot.clone(),
                errors: Some(errors),
            });
            let _ = shared.events.send(message.to_string());
        }
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
    use super::name_files;

    #[test]
    fn changed_files_are_named_briefly() {
        let f = |n: usize| -> Vec<String> { (1..=n).map(|i| format!("f{i}.md")).collect() };
        assert_eq!(name_files(&f(0)), "the site");
        assert_eq!(name_files(&f(1)), "f1.md");
        assert_eq!(name_files(&f(2)), "f1.md and f2.md");
        assert_eq!(name_files(&f(3)), "f1.md, f2.md and f3.md");
        assert_eq!(name_files(&f(7)), "f1.md, f2.md, f3.md and 4 more");
    }
}
