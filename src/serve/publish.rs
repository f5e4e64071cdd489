//! Announcing each build: the lines in the terminal, the new state requests see, and the
//! message that tells open pages to reload, swap stylesheets or show errors.

use super::preview::{Change, Outcome, Preview};
use super::state::{Published, Shared};

/// Prints a rebuild's result, updates what the server serves and tells open pages.
pub fn publish(shared: &Shared, preview: &Preview, outcome: Outcome, first: bool) {
    let had_errors = shared.current().errors.is_some();
    match outcome {
        Outcome::Built {
            change,
            elapsed,
            warnings,
        } => {
            for w in warnings.iter() {
                eprintln!("{w}\n");
            }
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
            if !first {
                let what = match change {
                    Change::None => "no visible change",
                    Change::Stylesheets(_) => "stylesheets updated",
                    Change::Reload => "pages updated",
                };
                eprintln!("careleaf: rebuilt in {} ms ({what})", elapsed.as_millis());
            }
            if let Some(m) = message {
                let _ = shared.events.send(m.to_string());
            }
        }
        Outcome::Failed(diags) => {
            for d in diags.iter() {
                eprintln!("{d}\n");
            }
            eprintln!(
                "careleaf: the site has {} error(s); the preview shows them and keeps the last good version",
                diags.error_count()
            );
            let errors: Vec<crate::diag::Diagnostic> =
                diags.iter().filter(|d| d.is_error()).cloned().collect();
            let message = serde_json::json!({"type": "error", "errors": errors});
            // The last good site stays, now shown with these errors.
            shared.publish(Published {
                snapshot: shared.current().snapshot.clone(),
                errors: Some(errors),
            });
            let _ = shared.events.send(message.to_string());
        }
    }
}
