//! [`Error`]: everything that can stop a command other than a problem in the site's files.
//!
//! Problems in the site's own files (a bad date, a broken link, an unknown topic) are
//! [`Diagnostic`](crate::diag::Diagnostic)s pinned to a file and line; a run that finds any
//! ends with [`Error::Site`] carrying them all. Everything else — a folder that cannot be
//! written, an output folder careleaf refuses to replace, a busy port, a refused FAQ entry,
//! missing command-line input — is one of the other variants, which keep the path and the
//! underlying error instead of flattening them into a string.
//!
//! Messages follow the same rules as diagnostics: they start lowercase, name the path, end
//! without a period, and keep advice for [`Error::hint`], which [`Error::report`] prints in
//! parentheses after the chain of causes.

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::diag::Diagnostics;
use crate::faq_edit::Problem;

/// Why a command could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site has errors in its files (and possibly warnings), all found in one run.
    #[error("the site has {}", errors(.0))]
    Site(Diagnostics),

    /// An operation on a named file or folder failed, e.g. "cannot write /x/y".
    #[error("cannot {action} {}", path.display())]
    Io {
        /// What careleaf was doing, as a verb phrase that reads before the path.
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    /// `--root` names no readable folder.
    #[error("cannot open the site folder {}", path.display())]
    SiteFolder {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    /// The output folder is the site itself, or holds it.
    #[error(
        "refusing to write the site into {}: it is or contains the site folder, and replacing it would delete your content",
        path.display()
    )]
    OutputHoldsSite { path: PathBuf },

    /// The output folder is inside one of the folders careleaf reads.
    #[error(
        "refusing to write the site into {}: it is inside the site's {folder}/ folder, which careleaf reads",
        path.display()
    )]
    OutputInSources { path: PathBuf, folder: &'static str },

    /// The output folder is not empty and careleaf did not make it.
    #[error(
        "refusing to replace {}: it is not empty and has no {} file, so careleaf did not make it",
        path.display(),
        crate::output::MARKER
    )]
    OutputNotOurs { path: PathBuf },

    /// A file (or something else that is not a folder) stands where the output folder goes.
    #[error("refusing to replace {}: it is not a folder", path.display())]
    OutputNotAFolder { path: PathBuf },

    /// The lock that serialises careleaf's writers could not be taken.
    #[error("cannot lock {}", path.display())]
    Lock {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    /// An editor's save came in during a write and could not be put back in place.
    #[error(
        "{} changed while careleaf was writing it, and the change could not be put back; it is kept as {}",
        path.display(),
        kept.display()
    )]
    SaveNotRestored { path: PathBuf, kept: PathBuf },

    /// The file careleaf would replace is a symbolic link.
    #[error(
        "refusing to replace {}: it is a symbolic link to {}, and replacing it would cut the link, so that file would never get the change",
        path.display(),
        target.display()
    )]
    Symlinked { path: PathBuf, target: PathBuf },

    /// Another program kept the file open for writing, so replacing it could lose its writes.
    #[error(
        "{} is open for writing in another program, and replacing it now could lose what that program writes",
        path.display()
    )]
    OpenForWriting { path: PathBuf },

    /// The FAQ file changed under every attempt of an add.
    #[error("{} kept changing while careleaf tried to add the entry", path.display())]
    FaqBusy { path: PathBuf },

    /// The FAQ entry was refused; each problem names the input it is about.
    #[error("the entry was refused: {}", join_problems(problems))]
    Refused { problems: Vec<Problem> },

    /// `careleaf init` was pointed at something other than a folder.
    #[error("cannot create a site in {}: it exists and is not a folder", path.display())]
    InitNotAFolder { path: PathBuf },

    /// `careleaf init` was pointed at a folder that has files in it.
    #[error("cannot create a site in {}: it is not empty", path.display())]
    InitNotEmpty { path: PathBuf },

    /// `SOURCE_DATE_EPOCH` is set but is not a number of seconds since 1970.
    #[error(
        "SOURCE_DATE_EPOCH is `{value}`, which is not a number of seconds since 1970-01-01 00:00 UTC"
    )]
    SourceDateEpoch { value: String },

    /// A value the command needs was not given and cannot be asked for.
    #[error("missing {what}")]
    MissingInput { what: &'static str },

    /// Reading what the person typed failed.
    #[error("cannot read {what}")]
    Input {
        what: &'static str,
        #[source]
        source: io::Error,
    },

    /// `$VISUAL` / `$EDITOR` could not be started.
    #[error("cannot start your editor `{editor}`")]
    EditorStart {
        editor: String,
        #[source]
        source: io::Error,
    },

    /// The editor ran but reported failure.
    #[error("your editor `{editor}` did not finish successfully ({status})")]
    EditorFailed {
        editor: String,
        status: std::process::ExitStatus,
    },

    /// The preview cannot listen on the address it was given.
    #[error("cannot listen on {addr}")]
    Listen {
        addr: SocketAddr,
        #[source]
        source: io::Error,
    },

    /// The preview's server could not start.
    #[error("cannot start the server")]
    ServerStart {
        #[source]
        source: io::Error,
    },

    /// The preview's server stopped with an error.
    #[error("the server stopped")]
    Server {
        #[source]
        source: io::Error,
    },
}

fn errors(diags: &Diagnostics) -> String {
    match diags.error_count() {
        1 => "1 error".to_owned(),
        n => format!("{n} errors"),
    }
}

fn join_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| p.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    /// An [`Error::Io`] maker for `map_err`: `.map_err(Error::io("write", &path))`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io {
            action,
            path,
            source,
        }
    }

    /// What the person can do about it, when careleaf knows.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            Error::OutputNotOurs { .. } => {
                Some("choose another --output folder, or add --force to replace it")
            }
            Error::OutputNotAFolder { .. } => Some("choose another --output folder"),
            Error::FaqBusy { .. } => Some("try again"),
            Error::Symlinked { .. } => Some(
                "make the change in the file the link points to, or replace the link with a copy of that file",
            ),
            Error::OpenForWriting { .. } => {
                Some("save and close the file in that program, then try again")
            }
            Error::InitNotEmpty { .. } => {
                Some("careleaf init only writes into a new or empty folder")
            }
            Error::MissingInput { .. } => Some(
                "standard input is not a terminal, so careleaf cannot ask for it; give it on the command line",
            ),
            Error::Listen { .. } => Some("choose another --port, or --port 0 for any free port"),
            Error::SourceDateEpoch { .. } => {
                Some("set it to a whole number such as 1767225600, or unset it to use today's date")
            }
            _ => None,
        }
    }

    /// The whole message on one line: this error, each underlying cause joined with ": ",
    /// then the hint in parentheses.
    pub fn report(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(c) = cause {
            text.push_str(": ");
            text.push_str(&c.to_string());
            cause = c.source();
        }
        if let Some(hint) = self.hint() {
            text.push_str(&format!(" ({hint})"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_joins_causes_and_ends_with_the_hint() {
        let e = Error::Listen {
            addr: "127.0.0.1:1111".parse().unwrap(),
            source: io::Error::new(io::ErrorKind::AddrInUse, "address in use"),
        };
        assert_eq!(
            e.report(),
            "cannot listen on 127.0.0.1:1111: address in use (choose another --port, or --port 0 for any free port)"
        );
        let e = Error::io("write", "/x/y")(io::Error::other("disk full"));
        assert_eq!(e.to_string(), "cannot write /x/y");
        assert_eq!(e.report(), "cannot write /x/y: disk full");
        assert!(std::error::Error::source(&e).is_some(), "the cause is kept");
    }

    /// Errors the integration tests cannot provoke on demand.
    #[test]
    fn rare_errors_read_well() {
        let e = Error::FaqBusy {
            path: "site/content/faq.yaml".into(),
        };
        assert_eq!(
            e.report(),
            "site/content/faq.yaml kept changing while careleaf tried to add the entry (try again)"
        );
        let e = Error::SaveNotRestored {
            path: "c/faq.yaml".into(),
            kept: "c/.faq.yaml.careleaf-7.tmp".into(),
        };
        assert_eq!(
            e.report(),
            "c/faq.yaml changed while careleaf was writing it, and the change could not be put back; it is kept as c/.faq.yaml.careleaf-7.tmp"
        );
        let e = Error::Input {
            what: "your answer",
            source: io::Error::other("stream closed"),
        };
        assert_eq!(e.report(), "cannot read your answer: stream closed");
        let e = Error::Server {
            source: io::Error::other("accept failed"),
        };
        assert_eq!(e.report(), "the server stopped: accept failed");
    }
}
