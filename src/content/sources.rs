//! `sources:` in front matter and on FAQ entries: the publications a page rests on, read
//! strictly and checked (a web address, a DOI, a PubMed id), for a numbered "Sources" list
//! and for structured data.

use serde::{Deserialize, Deserializer, Serialize};

use super::date::Date;

/// One source.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The title of the publication or page.
    pub title: String,
    /// Where to read it.
    #[serde(default)]
    pub url: Option<String>,
    /// Who published it (a journal, an organisation).
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub year: Option<u16>,
    /// A Digital Object Identifier, `10.` followed by the rest (`10.1136/annrheumdis-2016-209724`).
    #[serde(default, deserialize_with = "text_or_number")]
    pub doi: Option<String>,
    /// A PubMed id: digits only (`25125935`).
    #[serde(default, deserialize_with = "text_or_number")]
    pub pmid: Option<String>,
    /// When a web page was last read, for pages that change.
    #[serde(default)]
    pub accessed: Option<Date>,
}

/// A problem with one field of a source: the key, the value as written, and the message.
pub struct SourceProblem {
    pub key: &'static str,
    pub value: String,
    pub message: String,
}

impl Source {
    /// The DOI as a link.
    pub fn doi_url(&self) -> Option<String> {
        self.doi.as_ref().map(|d| format!("https://doi.org/{d}"))
    }

    /// The PubMed record as a link.
    pub fn pmid_url(&self) -> Option<String> {
        self.pmid
            .as_ref()
            .map(|p| format!("https://pubmed.ncbi.nlm.nih.gov/{p}/"))
    }

    /// The best link for the source: its own address, else its DOI, else its PubMed record.
    pub fn link(&self) -> Option<String> {
        self.url
            .clone()
            .or_else(|| self.doi_url())
            .or_else(|| self.pmid_url())
    }

    /// What is wrong with the values (serde has checked the keys and types).
    pub fn problems(&self) -> Vec<SourceProblem> {
        let mut out = Vec::new();
        let mut bad = |key, value: &str, message: String| {
            out.push(SourceProblem {
                key,
                value: value.to_owned(),
                message,
            })
        };
        if self.title.trim().is_empty() {
            bad("title", &self.title, "a source needs a `title`".to_owned());
        }
        if let Some(url) = &self.url {
            let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
            if !scheme_ok || url.contains(char::is_whitespace) {
                bad(
                    "url",
                    url,
                    format!(
                        "`{url}` is not a web address; write it in full, starting with https://"
                    ),
                );
            }
        }
        if let Some(doi) = &self.doi {
            let shape_ok = doi.starts_with("10.") && doi.contains('/');
            if !shape_ok || doi.contains(char::is_whitespace) {
                bad(
                    "doi",
                    doi,
                    format!(
                        "`{doi}` is not a DOI; a DOI starts with `10.` and has a `/`, e.g. 10.1136/annrheumdis-2016-209724 (without https://doi.org/)"
                    ),
                );
            }
        }
        if let Some(pmid) = &self.pmid
            && (pmid.is_empty() || !pmid.chars().all(|c| c.is_ascii_digit()))
        {
            bad(
                "pmid",
                pmid,
                format!("`{pmid}` is not a PubMed id; it is only digits, e.g. 25125935"),
            );
        }
        out
    }
}

/// Checks `sources` written between lines `from` and `to` of `file` (a front matter block
/// or a FAQ entry) and returns an error for each bad value, at that value in its own item.
pub fn check(
    file: &super::source::SourceFile,
    sources: &[Source],
    from: usize,
    to: usize,
) -> Vec<crate::diag::Diagnostic> {
    // Nearly every list is sound: its place in the file is looked for only for a problem.
    let problems: Vec<Vec<SourceProblem>> = sources.iter().map(Source::problems).collect();
    if problems.iter().all(Vec::is_empty) {
        return Vec::new();
    }
    let Some((key_line, _)) = file.locate_key_in("sources", from, to) else {
        return Vec::new();
    };
    let items = item_lines(file, key_line, to);
    let mut out = Vec::new();
    for (i, problems) in problems.into_iter().enumerate() {
        // The item's own lines when the list is written one item per `- ` line.
        let (start, end) = match items.get(i) {
            Some(&first) if items.len() == sources.len() => {
                (first, items.get(i + 1).map_or(to, |next| next - 1))
            }
            _ => (key_line, to),
        };
        for p in problems {
            let (line, col) = if p.value.trim().is_empty() {
                file.locate_key_in(p.key, start, end).unwrap_or((start, 1))
            } else {
                file.locate_key_value(p.key, &p.value, start, end)
            };
            out.push(file.error(line, col, p.message));
        }
    }
    out
}

/// The first line of each `- ` item of the block list under the key on `key_line`.
fn item_lines(file: &super::source::SourceFile, key_line: usize, to: usize) -> Vec<usize> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let key_indent = file.line(key_line).map_or(0, indent);
    let mut dash: Option<usize> = None;
    let mut items = Vec::new();
    for (n, line) in file.lines_between(key_line + 1, to) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let is_item = trimmed == "-" || trimmed.starts_with("- ");
        let at = indent(line);
        if at < key_indent || (at == key_indent && !is_item) {
            break;
        }
        if is_item && dash.is_none_or(|d| d == at) {
            dash = Some(at);
            items.push(n);
        }
    }
    items
}

/// Reads `pmid: 25125935` (a number in YAML) and `pmid: "25125935"` alike.
fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Number(u64),
    }
    Ok(Option::<TextOrNumber>::deserialize(d)?.map(|v| match v {
        TextOrNumber::Text(s) => s.trim().to_owned(),
        TextOrNumber::Number(n) => n.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(yaml: &str) -> Source {
        crate::yaml::parse(yaml).expect("a valid source")
    }

    #[test]
    fn links_come_from_url_doi_or_pmid() {
        let s = source(
            "title: EULAR recommendations\ndoi: 10.1136/annrheumdis-2016-209724\npmid: 27377815\nyear: 2017\n",
        );
        assert_eq!(s.pmid.as_deref(), Some("27377815"));
        assert_eq!(
            s.doi_url().as_deref(),
            Some("https://doi.org/10.1136/annrheumdis-2016-209724")
        );
        assert_eq!(
            s.pmid_url().as_deref(),
            Some("https://pubmed.ncbi.nlm.nih.gov/27377815/")
        );
        assert_eq!(s.link(), s.doi_url());
        assert!(s.problems().is_empty());
        let s = source(
            "title: NHS\nurl: https://www.nhs.uk/conditions/fibromyalgia/\naccessed: 2026-03-01\n",
        );
        assert_eq!(
            s.link().as_deref(),
            Some("https://www.nhs.uk/conditions/fibromyalgia/")
        );
    }

    #[test]
    fn bad_values_are_named() {
        let s = source("title: ''\nurl: www.nhs.uk\ndoi: https://doi.org/10.1/x\npmid: PMC123\n");
        let keys: Vec<&str> = s.problems().iter().map(|p| p.key).collect();
        assert_eq!(keys, ["title", "url", "doi", "pmid"]);
    }

    #[test]
    fn keys_are_strict() {
        let err = crate::yaml::parse::<Source>("title: x\nautor: y\n").unwrap_err();
        assert!(
            err.message.contains("unknown key `autor`"),
            "{}",
            err.message
        );
    }
}
