//! Articles and standalone pages: YAML front matter between `---` lines, then markdown.

use serde::Deserialize;

use super::date::Date;
use super::source::SourceFile;
use super::sources::Source;
use crate::diag::Diagnostic;
use crate::slug;

/// What an editor may write at the top of an article or page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub reviewed_on: Option<Date>,
    #[serde(default)]
    pub reviewed_by: Option<String>,
    /// When the next review is due; without it, `reviewed_on` plus the site's
    /// `review_interval_months`.
    #[serde(default)]
    pub next_review: Option<Date>,
    #[serde(default)]
    pub author: Option<String>,
    /// The publications the page rests on, shown as a numbered list.
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
}

/// A parsed article or page.
#[derive(Debug, Clone)]
pub struct Document {
    pub source: SourceFile,
    pub front: FrontMatter,
    /// Byte offset in `source.text` where the markdown body starts.
    pub body_start: usize,
    /// The URL slug: the explicit `slug`, or the file stem made into a slug.
    pub slug: String,
    /// False when only the front matter was read (a check that needs no body) or the text
    /// was let go: the body reads as empty then, which says nothing about the file's.
    pub whole: bool,
}

impl Document {
    /// Lets go of the file's text, keeping what was parsed from it (see
    /// [`SourceFile::release_text`]); the body reads as empty then.
    pub fn release_text(&mut self) {
        self.source.release_text();
        self.body_start = 0;
        self.whole = false;
    }

    pub fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }

    /// Parses a file's front matter and works out its slug. All problems found are returned.
    pub fn parse(source: SourceFile) -> Result<Document, Vec<Diagnostic>> {
        let (yaml, body_start) = split_front_matter(&source.text)
            .map_err(|(line, msg)| vec![source.error(line, 1, msg)])?;
        if yaml.trim().is_empty() {
            return Err(vec![empty_front_matter(&source, body_start)]);
        }
        let front: FrontMatter = crate::yaml::parse_plain_first(yaml).map_err(|e| {
            // The YAML starts on line 2, after the opening `---`.
            vec![source.error(e.line + 1, e.column, e.message)]
        })?;
        let mut errors = Vec::new();
        if front.title.trim().is_empty() {
            let (l, c) = source.locate_key("title");
            errors.push(source.error(l, c, "`title` must not be empty"));
        }
        let slug = match &front.slug {
            Some(s) if !slug::is_valid(s) => {
                let (l, c) = source.locate_key("slug");
                errors.push(source.error(l, c, slug::invalid_reason("slug", s)));
                String::new()
            }
            Some(s) => s.clone(),
            None => {
                let stem = source
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let s = slug::slugify(&stem);
                if s.is_empty() {
                    errors.push(source.error(
                        1,
                        1,
                        format!(
                            "cannot make a URL slug from the file name `{stem}`; add a `slug:` line"
                        ),
                    ));
                }
                s
            }
        };
        let fm_end = source.position(body_start).line - 1;
        for t in &front.topics {
            if !slug::is_valid(t) {
                let (l, c) = source.locate_key_value("topics", t, 1, fm_end);
                errors.push(source.error(l, c, slug::invalid_reason("topic", t)));
            }
        }
        errors.extend(super::sources::check(&source, &front.sources, 1, fm_end));
        if let (Some(next), Some(done)) = (front.next_review, front.reviewed_on)
            && next <= done
        {
            let (l, c) = source.locate_key_value("next_review", &next.to_string(), 1, fm_end);
            errors.push(source.error(
                l,
                c,
                format!("next_review ({next}) must come after reviewed_on ({done})"),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Document {
            source,
            front,
            body_start,
            slug,
            whole: true,
        })
    }

    /// The last line of the front matter block, for locating keys inside it.
    pub fn front_matter_end_line(&self) -> usize {
        // The body starts on the line after the closing `---`: the newlines before it are
        // counted here, so the site model (which asks for every article) does not make each
        // file's line index on one core; a message that needs the index makes it later.
        let front = self.source.text.get(..self.body_start).unwrap_or("");
        front.bytes().filter(|&b| b == b'\n').count()
    }
}

/// Splits `---\nyaml\n---\nbody` into the YAML text and the byte offset of the body.
/// The opening `---` must be the file's first line. Errors carry a 1-based line.
pub fn split_front_matter(text: &str) -> Result<(&str, usize), (usize, String)> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err((
            1,
            "the file must start with front matter: a `---` line, `title: ...`, and another `---` line"
                .to_owned(),
        ));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            let body = (end + 1).min(text.len());
            return Ok((&text[yaml_start..pos], body));
        }
        pos = end + 1;
    }
    match first_body_line(text) {
        Some(line) => Err((
            line,
            "the front matter is not closed: add a `---` line above this one".to_owned(),
        )),
        None => Err((
            1,
            "the front matter is not closed: add a `---` line after it".to_owned(),
        )),
    }
}

/// How many bytes at the start of a file hold its front matter and the line that closes it,
/// once `start` (the file's first bytes) holds them all; `None` until then. Parsing those
/// bytes gives the document without its text, for checks that need every article's slug,
/// topics and draft state but not its text. Only the valid UTF-8 at the start counts, so a
/// file whose front matter is not valid UTF-8 is read on to its end and refused as a whole.
pub fn front_matter_len(start: &[u8]) -> Option<usize> {
    const BOM: &[u8] = "\u{feff}".as_bytes();
    let (bom, rest) = match start.strip_prefix(BOM) {
        Some(rest) => (BOM.len(), rest),
        None => (0, start),
    };
    let valid = match std::str::from_utf8(rest) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&rest[..e.valid_up_to()]).ok()?,
    };
    let (_, body) = split_front_matter(valid).ok()?;
    // The closing line must be whole: `---` at the end of a block may go on in the next.
    valid[..body].ends_with('\n').then_some(bom + body)
}

/// In front matter that is never closed, the first line that cannot be part of it (the
/// text's first line, after a blank line), where the closing `---` was left out.
fn first_body_line(text: &str) -> Option<usize> {
    let mut after_blank = false;
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            after_blank = true;
            continue;
        }
        if after_blank && !looks_like_yaml(line) {
            return Some(i + 1);
        }
        after_blank = false;
    }
    None
}

/// A `key: value` line, a list item or an indented line.
fn looks_like_yaml(line: &str) -> bool {
    if line.starts_with([' ', '-']) {
        return true;
    }
    line.split_once(':').is_some_and(|(key, rest)| {
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            && (rest.is_empty() || rest.starts_with(' '))
    })
}

/// The error for front matter with nothing in it: when the lines after it look like front
/// matter, the opening `---` was written twice.
fn empty_front_matter(source: &SourceFile, body_start: usize) -> Diagnostic {
    let closing = source.position(body_start).line - 1;
    let next = source.text[body_start..].lines().next().unwrap_or("");
    if closing == 2 && looks_like_yaml(next) && !next.starts_with([' ', '-']) {
        return source.error(
            2,
            1,
            "this `---` closes the front matter straight away, so the lines after it are read as text: remove one of the two `---` lines at the top",
        );
    }
    source.error(
        1,
        1,
        "the front matter is empty; it needs at least a `title:` line",
    )
}

#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn src(name: &str, text: &str) -> SourceFile {
        SourceFile::new(
            format!("content/articles/{name}"),
            PathBuf::from(format!("/site/content/articles/{name}")),
            text,
        )
    }

    #[test]
    fn splits_front_matter() {
        let (yaml, body) = split_front_matter("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(yaml, "title: a\n");
        assert_eq!(&"---\ntitle: a\n---\nbody\n"[body..], "body\n");
        assert!(split_front_matter("title: a\n").is_err());
        assert!(
            split_front_matter("---\ntitle: a\n")
                .unwrap_err()
                .1
                .contains("not closed")
        );
        // a later `---` in the body is not front matter
        let (_, body) = split_front_matter("---\nt: 1\n---\na\n---\nb\n").unwrap();
        assert_eq!(body, 13);
    }

    #[test]
    fn the_front_matter_ends_on_the_closing_line() {
        for text in [
            "---\ntitle: A\ntopics: [pain]\n---\nBody\nmore\n",
            "---\r\ntitle: A\r\ntopics: [pain]\r\n---\r\nBody\r\n",
        ] {
            let doc = Document::parse(src("a.md", text)).unwrap();
            assert_eq!(doc.front_matter_end_line(), 4, "{text:?}");
            // The same line as the file's line index gives, one before the body's.
            assert_eq!(doc.source.position(doc.body_start).line, 5);
        }
    }

    #[test]
    fn the_front_matter_length_is_known_once_its_closing_line_is_whole() {
        let text = "---\ntitle: a\n---\nbody\n";
        assert_eq!(front_matter_len(text.as_bytes()), Some(17));
        // The closing `---` may go on in the next block: not known yet.
        assert_eq!(front_matter_len(b"---\ntitle: a\n---"), None);
        assert_eq!(front_matter_len(b"---\ntitle: a\n"), None);
        assert_eq!(front_matter_len(b"title: a\n---\n"), None);
        // A byte order mark and Windows line ends are part of what is read.
        let bom = "\u{feff}---\r\ntitle: a\r\n---\r\nbody";
        assert_eq!(front_matter_len(bom.as_bytes()), Some(bom.len() - 4));
        // Text that is not UTF-8 after the front matter is not read; inside it, everything is.
        assert_eq!(front_matter_len(b"---\nt: a\n---\n\xe9"), Some(13));
        assert_eq!(front_matter_len(b"---\nt: \xe9\n---\nbody\n"), None);
        // What is read parses as the document without its text.
        let head = &text[..17];
        let doc = Document::parse(src("a.md", head)).unwrap();
        assert_eq!((doc.front.title.as_str(), doc.body()), ("a", ""));
    }

    #[test]
    fn slug_defaults_to_transliterated_stem() {
        let d = Document::parse(src("Ménière Disease.md", "---\ntitle: M\n---\n")).unwrap();
        assert_eq!(d.slug, "meniere-disease");
    }

    #[test]
    fn errors_point_into_the_file() {
        let errs =
            Document::parse(src("a.md", "---\ntitle: A\ndate: 2026-02-30\n---\n")).unwrap_err();
        assert_eq!(errs[0].line, 3, "{:?}", errs[0]);
        assert!(errs[0].message.contains("no such day"));

        let errs =
            Document::parse(src("a.md", "---\ntitle: A\nslug: Not Valid\n---\n")).unwrap_err();
        assert_eq!(errs[0].line, 3);
        assert!(errs[0].message.contains("try `not-valid`"));

        let errs = Document::parse(src("a.md", "---\ntitle: A\nreviwed_on: 2026-01-01\n---\n"))
            .unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (3, 1));
        assert!(errs[0].message.contains("did you mean `reviewed_on`"));
    }
}
