//! Reading a FAQ answer from the person at the terminal: in their editor (`$VISUAL` or
//! `$EDITOR`) when one is set and works, otherwise typed at the terminal until a line holding
//! only a `.`.
//!
//! An editor that cannot be started or does not finish successfully is not the end of the
//! add: careleaf says why and reads the answer from the terminal instead (and keeps doing so
//! for the rest of the run), so what was typed before is never lost.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use crate::error::Error;

/// Where the answer comes from.
pub struct AnswerInput {
    /// `None` once the editor has failed (or when none is set).
    editor: Option<String>,
}

impl AnswerInput {
    /// The editor named by `$VISUAL` or `$EDITOR`, if any.
    pub fn from_env() -> Self {
        let editor = std::env::var_os("VISUAL")
            .or_else(|| std::env::var_os("EDITOR"))
            .map(|e| e.to_string_lossy().into_owned())
            .filter(|e| !e.trim().is_empty());
        AnswerInput { editor }
    }

    /// Asks for the answer. `previous` (the answer typed before, if it was refused) is what
    /// the editor opens with.
    pub fn read(&mut self, input: &mut impl BufRead, previous: &str) -> Result<String, Error> {
        if let Some(editor) = &self.editor {
            match in_editor(editor, previous) {
                Ok(text) => return Ok(text),
                Err(e) => {
                    eprintln!("careleaf: {}; type the answer here instead.", e.report());
                    self.editor = None;
                }
            }
        }
        at_terminal(input)
    }
}

/// The answer typed at the terminal, ended by a line holding only `.` (or by Ctrl-D).
fn at_terminal(input: &mut impl BufRead) -> Result<String, Error> {
    eprintln!("Answer (markdown; end it with a line holding only a '.'):");
    let mut text = String::new();
    loop {
        let mut line = String::new();
        let read = input.read_line(&mut line).map_err(|source| Error::Input {
            what: "the answer",
            source,
        })?;
        if read == 0 {
            if text.trim().is_empty() {
                return Err(Error::InputEnded { what: "the answer" });
            }
            return Ok(text);
        }
        if line.trim_end_matches(['\n', '\r']) == "." {
            return Ok(text);
        }
        text.push_str(&line);
    }
}

/// Opens `editor` on a file holding `previous` and returns what was saved in it.
fn in_editor(editor: &str, previous: &str) -> Result<String, Error> {
    let path = answer_file();
    write_new(&path, previous).map_err(Error::io("create", &path))?;
    eprintln!(
        "Opening your editor for the answer (markdown). Save and close it when you are done."
    );
    let status = std::process::Command::new(editor)
        .arg(&path)
        .status()
        .map_err(|source| Error::EditorStart {
            editor: editor.to_owned(),
            source,
        });
    let text = std::fs::read_to_string(&path);
    let _ = std::fs::remove_file(&path);
    let status = status?;
    if !status.success() {
        return Err(Error::EditorFailed {
            editor: editor.to_owned(),
            status,
        });
    }
    text.map_err(Error::io("read", &path))
}

/// The temporary file the editor opens.
fn answer_file() -> PathBuf {
    std::env::temp_dir().join(format!("careleaf-answer-{}.md", std::process::id()))
}

/// Creates `path` afresh with `text`: a file or link of that name left in the shared
/// temporary folder is removed first, never written through.
fn write_new(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let _ = std::fs::remove_file(path);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminal_answer_ends_at_a_lone_dot_or_the_end_of_input() {
        let mut input = "First line.\n  - a list\n.\nnot read\n".as_bytes();
        assert_eq!(
            at_terminal(&mut input).unwrap(),
            "First line.\n  - a list\n"
        );
        let mut input = "No dot.\r\n".as_bytes();
        assert_eq!(at_terminal(&mut input).unwrap(), "No dot.\r\n");
        let mut input = "".as_bytes();
        assert_eq!(
            at_terminal(&mut input).unwrap_err().report(),
            "the input ended while careleaf was asking for the answer"
        );
    }
}
