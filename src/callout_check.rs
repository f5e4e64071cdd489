//! Checking the "get help" callouts the markdown renderer recorded, in every piece of the
//! site (files and markdown held in YAML alike): an unknown `[!KIND]` is an error with the
//! closest kind suggested, a known marker with text after it on its line is an error (it
//! stays a plain quote), and an emergency callout on a site without `emergency_number` is a
//! warning, since it can then only say "your local emergency number".

use crate::diag::{Diagnostics, Kind, Severity, did_you_mean};
use crate::render::Markdown;
use crate::render::callouts::{Callout, CalloutKind, KINDS};

/// GitHub's own alert kinds, which careleaf does not show.
const GITHUB_ALERTS: &[&str] = &["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

/// What each of careleaf's callouts means, for messages.
const THE_KINDS: &str = "a callout is `[!EMERGENCY]` (call the emergency number now), \
                         `[!URGENT]` (get help today) or `[!ROUTINE]` (talk to your doctor)";

/// Reports on every callout of `md`; `emergency_number` is the site's.
pub fn check(md: &Markdown, emergency_number: Option<&str>, diags: &mut Diagnostics) {
    for piece in md.all() {
        for callout in &piece.rendered.callouts {
            if let Some((severity, message)) = problem(callout, emergency_number) {
                let written = callout.written();
                let d =
                    piece.diagnostic(severity, callout.offset, &written, callout.repeat, message);
                diags.push(d.with_kind(Kind::Callout));
            }
        }
    }
}

/// What is wrong with one callout, if anything.
fn problem(callout: &Callout, emergency_number: Option<&str>) -> Option<(Severity, String)> {
    let written = callout.written();
    let Some(kind) = callout.kind else {
        return Some((Severity::Error, unknown_message(callout)));
    };
    if callout.text_after {
        return Some((
            Severity::Error,
            format!(
                "`{written}` must be alone on the first line of the quote, with the callout's text on the lines after it (as on GitHub); as written, this is a plain quote"
            ),
        ));
    }
    if kind == CalloutKind::Emergency && emergency_number.is_none() {
        return Some((
            Severity::Warning,
            "this emergency callout can only say \"call your local emergency number\": set `emergency_number` in site.yaml (e.g. `emergency_number: \"999\"`) so it names the number to call".to_owned(),
        ));
    }
    None
}

fn unknown_message(callout: &Callout) -> String {
    let written = callout.written();
    let name = callout.name.to_ascii_uppercase();
    let markers: Vec<String> = KINDS.iter().map(|(kind, _)| kind.marker()).collect();
    let hint = did_you_mean(&format!("[!{name}]"), markers.iter().map(String::as_str));
    if GITHUB_ALERTS.contains(&name.as_str()) {
        format!(
            "`{written}` is one of GitHub's alerts, which careleaf does not show{hint}: {THE_KINDS}; for a plain quote, remove the `{written}` line"
        )
    } else {
        format!("unknown callout `{written}`{hint}: {THE_KINDS}")
    }
}
