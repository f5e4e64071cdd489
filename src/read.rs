//! Reading a whole file with a size limit: the one way careleaf reads the site's files
//! (content, settings, templates, the FAQ writer's reads and the preview's static files).
//!
//! A path can name something that is not a file at all: a named pipe (reading it waits for a
//! writer, forever), a device (`/dev/zero` never ends), a folder. A file can also grow between
//! a size check and the read. So a file is checked before it is opened (a device is never even
//! opened), opened without waiting, checked again through the open handle (`fstat`: only a
//! regular file goes on, and nothing can be swapped in between), and read with a bound of one
//! byte past the limit, so a file that grew after the check is caught too.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// The most careleaf reads of one kind of file, and what that kind is called in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
    /// Plural, as in "content files may be at most 8 MiB".
    pub what: &'static str,
}

const MIB: u64 = 1024 * 1024;

/// Content files, settings and templates: text that is parsed whole. The markdown parser's
/// worst cases stay within seconds at this size, and no hand-written page comes near it.
pub const CONTENT: Limit = Limit {
    bytes: 8 * MIB,
    what: "content files",
};

/// The site's lists: `faq.yaml`, `topics.yaml` and `glossary.yaml`. One file holds every
/// question of a site, and a large portal's FAQ of 20,000 entries is about 11 MiB, so these
/// may be larger than other content; YAML of this size parses in about a second.
pub const LISTS: Limit = Limit {
    bytes: 32 * MIB,
    what: "the FAQ, topic and glossary files",
};

/// Static files as the preview serves them, read whole into memory for each request.
/// Larger than [`CONTENT`] because static files include PDFs, photos, audio and short video
/// clips: 64 MiB holds an hour of speech as MP3 or a long PDF booklet, more than a
/// patient-education page should ask a reader to download on a phone, while keeping each
/// request's memory to 64 MiB. The build copies static files without reading them into
/// memory, so it publishes larger ones; the preview says why it does not serve them.
pub const STATIC: Limit = Limit {
    bytes: 64 * MIB,
    what: "static files",
};

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The operating system refused (the file is missing, not readable, ...).
    #[error(transparent)]
    Io(#[from] io::Error),

    /// A named pipe, device, socket or folder stands where a file should be.
    #[error("it is {kind}, not a regular file")]
    NotAFile { kind: &'static str },

    /// The file is over the limit.
    #[error("the file is {}; {} may be at most {}", mib(*.size), .limit.what, mib(.limit.bytes))]
    TooLarge { size: u64, limit: Limit },

    /// The file was within the limit when checked and grew past it while being read.
    #[error("the file grew past {} while careleaf read it; {} may be at most {}", mib(.limit.bytes), .limit.what, mib(.limit.bytes))]
    Grew { limit: Limit },
}

/// A size in MiB for messages, rounded up to a tenth so that a file just over a limit never
/// reads as the limit itself ("8.1 MiB", not "8 MiB").
pub fn mib(bytes: u64) -> String {
    let tenths = bytes.saturating_mul(10).div_ceil(MIB);
    match (tenths / 10, tenths % 10) {
        (whole, 0) => format!("{whole} MiB"),
        (whole, tenth) => format!("{whole}.{tenth} MiB"),
    }
}

impl ReadError {
    /// True when nothing exists at the path (so the caller may treat the file as absent).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }

    /// As an [`io::Error`], for errors that carry one (the message is kept).
    pub fn into_io(self) -> io::Error {
        match self {
            ReadError::Io(e) => e,
            ReadError::NotAFile { .. } => io::Error::new(io::ErrorKind::InvalidInput, self),
            ReadError::TooLarge { .. } | ReadError::Grew { .. } => {
                io::Error::new(io::ErrorKind::FileTooLarge, self)
            }
        }
    }
}

/// Reads all of the regular file at `path` (following symlinks), at most `limit.bytes`.
pub fn file(path: &Path, limit: Limit) -> Result<Vec<u8>, ReadError> {
    file_with(path, limit, || {})
}

/// [`file`] with `after_check` run between the size check and the read (the tests' way of
/// growing a file at that moment).
fn file_with(path: &Path, limit: Limit, after_check: impl FnOnce()) -> Result<Vec<u8>, ReadError> {
    // Refuse a pipe or device before opening it: opening can have effects of its own.
    regular(&std::fs::metadata(path)?, limit)?;
    let file = open(path)?;
    read_open(&file, limit, after_check)
}

/// Reads the start of the regular file at `path`, checked as [`file`] checks it: block by
/// block until `enough`, given the bytes read so far, says how many of them are wanted, or
/// to the end of the file (at most `limit.bytes`, as [`file`]). For files of which only a
/// header is needed: the front matter of articles whose text a check does not need.
pub fn head(
    path: &Path,
    limit: Limit,
    enough: impl Fn(&[u8]) -> Option<usize>,
) -> Result<Vec<u8>, ReadError> {
    /// Front matter is a few hundred bytes; one block is nearly always all it takes.
    const BLOCK: usize = 4096;
    regular(&std::fs::metadata(path)?, limit)?;
    let mut file = open(path)?;
    regular(&file.metadata()?, limit)?;
    let mut bytes = Vec::with_capacity(BLOCK);
    loop {
        let start = bytes.len();
        bytes.resize(start + BLOCK, 0);
        let n = loop {
            match file.read(&mut bytes[start..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        };
        bytes.truncate(start + n);
        if bytes.len() as u64 > limit.bytes {
            return Err(ReadError::Grew { limit });
        }
        if n == 0 {
            return Ok(bytes);
        }
        if let Some(wanted) = enough(&bytes) {
            bytes.truncate(wanted);
            // Callers keep thousands of these: keep none of the block's spare room.
            bytes.shrink_to_fit();
            return Ok(bytes);
        }
    }
}

/// Opens `path` for reading without waiting: opening a named pipe would otherwise block until
/// some other process opened it for writing.
fn open(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// Reads an open file from where its handle stands: the handle must be a regular file within
/// `limit`, and the read stops one byte past the limit whatever the file does meanwhile.
pub fn handle(file: &File, limit: Limit) -> Result<Vec<u8>, ReadError> {
    read_open(file, limit, || {})
}

/// [`handle`] with `after_check` run between the size check and the read.
fn read_open(file: &File, limit: Limit, after_check: impl FnOnce()) -> Result<Vec<u8>, ReadError> {
    let meta = file.metadata()?;
    regular(&meta, limit)?;
    after_check();
    // The capacity is only a hint; the bound is `take`.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(ReadError::Grew { limit });
    }
    Ok(bytes)
}

/// Checks that `meta` describes a regular file within `limit`.
fn regular(meta: &Metadata, limit: Limit) -> Result<(), ReadError> {
    if !meta.is_file() {
        return Err(ReadError::NotAFile {
            kind: kind_of(meta),
        });
    }
    if meta.len() > limit.bytes {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok(())
}

/// What something that is not a regular file is, for messages.
fn kind_of(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    if t.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a file"
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: Limit = Limit {
        bytes: 10,
        what: "test files",
    };

    #[test]
    fn sizes_just_over_a_limit_do_not_read_as_the_limit() {
        assert_eq!(mib(8 * MIB), "8 MiB");
        assert_eq!(mib(8 * MIB + 1), "8.1 MiB");
        assert_eq!(mib(64 * MIB), "64 MiB");
        assert_eq!(mib(3 * 1024 * MIB), "3072 MiB");
        assert_eq!(mib(1), "0.1 MiB");
    }

    #[test]
    fn reads_a_file_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "0123456789").unwrap();
        assert_eq!(file(&path, SMALL).unwrap(), b"0123456789");
        std::fs::write(&path, "0123456789x").unwrap();
        let e = file(&path, SMALL).unwrap_err();
        assert!(matches!(e, ReadError::TooLarge { size: 11, .. }), "{e:?}");
        let missing = file(&dir.path().join("none"), SMALL).unwrap_err();
        assert!(missing.is_not_found());
    }

    #[test]
    fn a_head_is_read_until_it_is_enough_or_the_file_ends() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let text = format!("head\n{}", "body ".repeat(5000));
        std::fs::write(&path, &text).unwrap();
        let limit = CONTENT;
        // Enough once the first line is there.
        let first_line = |b: &[u8]| b.iter().position(|&c| c == b'\n').map(|i| i + 1);
        assert_eq!(head(&path, limit, first_line).unwrap(), b"head\n");
        // Never enough: the whole file, in several blocks.
        assert_eq!(head(&path, limit, |_| None).unwrap(), text.as_bytes());
        // Still a file of at most the limit, checked before reading.
        let e = head(&path, SMALL, first_line).unwrap_err();
        assert!(matches!(e, ReadError::TooLarge { .. }), "{e:?}");
        let e = head(dir.path(), limit, first_line).unwrap_err();
        assert!(matches!(e, ReadError::NotAFile { .. }), "{e:?}");
    }

    #[test]
    fn a_file_that_grows_after_the_check_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "short").unwrap();
        let grow = || {
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .unwrap();
            std::io::Write::write_all(&mut f, &[b'x'; 100]).unwrap();
        };
        let e = file_with(&path, SMALL, grow).unwrap_err();
        assert!(matches!(e, ReadError::Grew { limit: SMALL }), "{e:?}");
        assert_eq!(e.into_io().kind(), io::ErrorKind::FileTooLarge);
    }

    #[cfg(unix)]
    #[test]
    fn pipes_devices_and_folders_are_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("faq.yaml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let e = file(&fifo, CONTENT).unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is a named pipe (FIFO), not a regular file"
        );
        // Through the handle too: a pipe opened without waiting is refused by `fstat`.
        let handle = open(&fifo).unwrap();
        let e = super::handle(&handle, CONTENT).unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is a named pipe (FIFO), not a regular file"
        );

        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert_eq!(
            file(&zero, CONTENT).unwrap_err().to_string(),
            "it is a device, not a regular file"
        );
        assert_eq!(
            file(dir.path(), CONTENT).unwrap_err().to_string(),
            "it is a folder, not a regular file"
        );
    }
}
