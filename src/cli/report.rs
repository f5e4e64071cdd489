//! Telling the person what happened: the one place the command line prints diagnostics,
//! refused FAQ entries and errors, and turns a failure into an exit status.

use std::io::Write;
use std::process::ExitCode;

use crate::diag::Diagnostics;
use crate::error::Error;

/// Prints the diagnostics a person is shown (at most 20 a file and 200 in all, then one
/// line counting the rest by kind: see [`Digest`](crate::diag::Digest)), each with its
/// source line and caret, on standard error. Standard error is unbuffered and a diagnostic
/// is written in a dozen pieces, so the output goes through a buffer.
pub fn print_diagnostics(diags: &Diagnostics) {
    let stderr = std::io::stderr();
    let mut err = std::io::BufWriter::new(stderr.lock());
    let _ = diags.digest().write_to(&mut err);
    let _ = err.flush();
}

/// Prints why a FAQ entry is refused, one line a reason naming the input it is about:
/// `careleaf: error (topic): unknown topic ...`.
pub fn print_problems(problems: &[crate::faq_edit::Problem]) {
    let mut err = std::io::stderr().lock();
    for p in problems {
        let _ = writeln!(err, "careleaf: error ({}): {}", p.field.label(), p.message);
    }
}

/// `1 page`, `2 pages`, `40,000 errors`.
pub fn plural(n: usize, word: &str) -> String {
    let count = crate::diag::thousands(n);
    if n == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// The count line after a run's diagnostics: `careleaf: 2 errors and 1 warning`.
fn summary(diags: &Diagnostics) -> String {
    format!(
        "careleaf: {} and {}",
        plural(diags.error_count(), "error"),
        plural(diags.warning_count(), "warning")
    )
}

/// Prints why a command failed and returns its exit status. `note` says what the failure
/// left untouched ("nothing was written"), for commands that guarantee it.
pub fn failure(error: &Error, note: Option<&str>) -> ExitCode {
    if let Error::Site(diags) = error {
        print_diagnostics(diags);
        let tail = note.map(|n| format!("; {n}")).unwrap_or_default();
        eprintln!("{}{tail}", summary(diags));
        return ExitCode::FAILURE;
    }
    if let Error::Refused { problems } = error {
        print_problems(problems);
    }
    let mut err = std::io::stderr().lock();
    if !matches!(error, Error::Refused { .. }) {
        let _ = writeln!(err, "careleaf: error: {}", error.report());
    }
    if let Some(n) = note {
        let _ = writeln!(err, "careleaf: {n}");
    }
    ExitCode::FAILURE
}
