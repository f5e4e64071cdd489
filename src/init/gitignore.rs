//! The new site's `.gitignore`: what careleaf makes that is not content (the built site,
//! careleaf's own working files) stays out of the editors' commits.
//!
//! A `.gitignore` already there (a repository made on a hosting site comes with one) is
//! kept: only the lines it lacks are added at its end.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// The file's name, at the site's root.
pub const GITIGNORE: &str = ".gitignore";

/// The folders to leave out: the build's output and the writers' lock folder.
const IGNORED: &[&str] = &["/public/", "/.careleaf/"];

/// The text of a new `.gitignore`.
fn new_text() -> String {
    let mut text = String::from(
        "# Made by careleaf: the built site and careleaf's own working files are not content.\n",
    );
    for line in IGNORED {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// Writes `dir/.gitignore`, or adds the missing lines to the one there.
pub fn write(dir: &Path) -> Result<(), Error> {
    let path = dir.join(GITIGNORE);
    let existing = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return fs::write(&path, new_text()).map_err(Error::io("write", &path));
        }
        Err(e) => return Err(Error::io("read", &path)(e)),
    };
    let text = String::from_utf8_lossy(&existing);
    let missing = missing_lines(&text);
    if missing.is_empty() {
        return Ok(());
    }
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut added = String::new();
    if !text.is_empty() && !text.ends_with('\n') {
        added.push_str(nl);
    }
    added.push_str("# Added by careleaf init");
    added.push_str(nl);
    for line in missing {
        added.push_str(line);
        added.push_str(nl);
    }
    fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(added.as_bytes()))
        .map_err(Error::io("write", &path))
}

/// The lines of [`IGNORED`] that `text` does not already have, in any spelling git reads
/// alike for a folder at the root (`/public/`, `/public`, `public/`, `public`).
fn missing_lines(text: &str) -> Vec<&'static str> {
    let bare = |line: &str| {
        line.trim()
            .trim_start_matches('/')
            .trim_end_matches('/')
            .to_owned()
    };
    let present: Vec<String> = text.lines().map(bare).collect();
    IGNORED
        .iter()
        .copied()
        .filter(|line| !present.contains(&bare(line)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_spelling_of_a_folder_counts_as_present() {
        assert_eq!(missing_lines(""), ["/public/", "/.careleaf/"]);
        assert_eq!(missing_lines("public\n"), ["/.careleaf/"]);
        assert_eq!(
            missing_lines("/public\r\n.careleaf/\r\n"),
            Vec::<&str>::new()
        );
        assert_eq!(
            missing_lines("/public/x\n#/.careleaf/\n"),
            ["/public/", "/.careleaf/"]
        );
    }
}
