//! Structured data (schema.org JSON-LD) for each page: `MedicalWebPage` on articles,
//! `FAQPage` on the FAQ, `WebPage` on standalone pages, `CollectionPage` on lists, `WebSite`
//! on the home page, and a `BreadcrumbList` from the page's breadcrumb trail everywhere but
//! the home page.
//!
//! Each page gets one `<script type="application/ld+json">` holding a `@graph`: one block
//! with one `@context`, whose nodes refer to each other by `@id` (the page names its
//! `BreadcrumbList` as its `breadcrumb`), instead of several blocks that cannot. Values are
//! built as `serde_json` values, never pasted into strings, and the finished JSON is made
//! safe to sit inside `<script>` by [`for_script`].
//!
//! Nothing here claims more than the content says: `lastReviewed` and `reviewedBy` appear only
//! when the item was reviewed, and standalone pages make no review claims at all.

use serde_json::{Map, Value, json};

use super::breadcrumbs::Crumb;
use crate::analyze::Review;
use crate::config::{Health, UrlScheme};
use crate::content::date::Date;
use crate::content::sources::Source;

/// What every page's structured data is made with.
pub struct Graph<'a> {
    pub urls: &'a UrlScheme,
    /// The site's language (`en`), for `inLanguage`.
    pub language: &'a str,
    /// Which names are people (the rest are organisations).
    pub health: &'a Health,
}

/// The page a node describes.
pub struct PageFacts<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// The page's site path (`/articles/x/`).
    pub path: &'a str,
    /// The page's breadcrumb trail (empty on the home page).
    pub trail: &'a [Crumb],
}

/// What an article's `MedicalWebPage` says beyond [`PageFacts`].
pub struct ArticleFacts<'a> {
    pub published: Option<Date>,
    pub updated: Option<Date>,
    pub review: &'a Review,
    pub author: Option<&'a str>,
    /// The article's topics: title and site path.
    pub topics: Vec<(&'a str, String)>,
    pub sources: &'a [Source],
}

/// One FAQ entry: the question and its answer as the page shows it (HTML).
pub struct FaqFacts<'a> {
    pub question: &'a str,
    pub answer_html: &'a str,
}

impl Graph<'_> {
    /// The home page: the site (`WebSite`) and the page.
    pub fn home(&self, page: &PageFacts) -> String {
        let site_id = format!("{}#website", self.url(page.path));
        let mut site = Map::new();
        site.insert("@type".into(), "WebSite".into());
        site.insert("@id".into(), site_id.clone().into());
        site.insert("url".into(), self.url(page.path).into());
        site.insert("name".into(), page.title.into());
        if let Some(d) = page.description {
            site.insert("description".into(), d.into());
        }
        site.insert("inLanguage".into(), self.language.into());
        let mut node = self.page_node("WebPage", page);
        node.insert("isPartOf".into(), json!({ "@id": site_id }));
        for_script(vec![Value::Object(site), Value::Object(node)])
    }

    /// A page that lists others (the article and topic indexes, a topic's page).
    pub fn collection(&self, page: &PageFacts) -> String {
        self.with_trail(page, self.page_node("CollectionPage", page))
    }

    /// A standalone page: a plain `WebPage` with its dates, never a review.
    pub fn web_page(
        &self,
        page: &PageFacts,
        published: Option<Date>,
        updated: Option<Date>,
    ) -> String {
        let mut node = self.page_node("WebPage", page);
        insert_dates(&mut node, published, updated);
        self.with_trail(page, node)
    }

    /// An article: a `MedicalWebPage` written for patients.
    pub fn article(&self, page: &PageFacts, facts: &ArticleFacts) -> String {
        let mut node = self.page_node("MedicalWebPage", page);
        node.insert("headline".into(), page.title.into());
        insert_dates(&mut node, facts.published, facts.updated);
        // Only a review that happened is claimed.
        if let Some(on) = facts.review.reviewed_on {
            node.insert("lastReviewed".into(), on.to_string().into());
            if let Some(by) = &facts.review.reviewed_by {
                node.insert("reviewedBy".into(), self.agent(by));
            }
        }
        if let Some(author) = facts.author.map(str::trim).filter(|a| !a.is_empty()) {
            node.insert("author".into(), self.agent(author));
        }
        if !facts.topics.is_empty() {
            let about: Vec<Value> = facts
                .topics
                .iter()
                .map(
                    |(name, path)| json!({ "@type": "Thing", "name": name, "url": self.url(path) }),
                )
                .collect();
            node.insert("about".into(), about.into());
        }
        // schema.org's own MedicalWebPage example names the audience `Patient`; as a node it
        // is a typed value, where a bare IRI string would be read as text.
        node.insert("audience".into(), json!({ "@type": "Patient" }));
        if !facts.sources.is_empty() {
            let cited: Vec<Value> = facts.sources.iter().map(citation).collect();
            node.insert("citation".into(), cited.into());
        }
        self.with_trail(page, node)
    }

    /// The FAQ page: every question with its one accepted answer.
    pub fn faq<'e>(&self, page: &PageFacts, entries: impl Iterator<Item = FaqFacts<'e>>) -> String {
        let mut node = self.page_node("FAQPage", page);
        let questions: Vec<Value> = entries
            .map(|e| {
                json!({
                    "@type": "Question",
                    "name": e.question,
                    "acceptedAnswer": { "@type": "Answer", "text": e.answer_html },
                })
            })
            .collect();
        node.insert("mainEntity".into(), questions.into());
        self.with_trail(page, node)
    }

    /// The absolute URL of a site path.
    fn url(&self, path: &str) -> String {
        self.urls.absolute(path)
    }

    /// The node every page type starts from.
    fn page_node(&self, kind: &str, page: &PageFacts) -> Map<String, Value> {
        let url = self.url(page.path);
        let mut node = Map::new();
        node.insert("@type".into(), kind.into());
        node.insert("@id".into(), url.clone().into());
        node.insert("url".into(), url.into());
        node.insert("name".into(), page.title.into());
        if let Some(d) = page.description.filter(|d| !d.trim().is_empty()) {
            node.insert("description".into(), d.into());
        }
        node.insert("inLanguage".into(), self.language.into());
        if !page.trail.is_empty() {
            node.insert("breadcrumb".into(), json!({ "@id": self.trail_id(page) }));
        }
        node
    }

    /// The page's node and, when it has a trail, its `BreadcrumbList`, as one graph.
    fn with_trail(&self, page: &PageFacts, node: Map<String, Value>) -> String {
        let mut nodes = vec![Value::Object(node)];
        if !page.trail.is_empty() {
            let items: Vec<Value> = page
                .trail
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    json!({
                        "@type": "ListItem",
                        "position": i + 1,
                        "name": c.title,
                        "item": self.url(&c.path),
                    })
                })
                .collect();
            nodes.push(json!({
                "@type": "BreadcrumbList",
                "@id": self.trail_id(page),
                "itemListElement": items,
            }));
        }
        for_script(nodes)
    }

    fn trail_id(&self, page: &PageFacts) -> String {
        format!("{}#breadcrumb", self.url(page.path))
    }

    /// A reviewer or author: a `Person` when `site.yaml` lists the name under `people:`,
    /// else an `Organization` (a free-text name is most often a team or a body).
    fn agent(&self, name: &str) -> Value {
        let kind = if self.health.is_person(name) {
            "Person"
        } else {
            "Organization"
        };
        json!({ "@type": kind, "name": name.trim() })
    }
}

/// `datePublished` and `dateModified` (the update, else the publication).
fn insert_dates(node: &mut Map<String, Value>, published: Option<Date>, updated: Option<Date>) {
    if let Some(p) = published {
        node.insert("datePublished".into(), p.to_string().into());
    }
    if let Some(m) = updated.or(published) {
        node.insert("dateModified".into(), m.to_string().into());
    }
}

/// A source as a `CreativeWork`: its title (which a bare URL would lose, and which a source
/// without any address still has), its best link as `url`, and its DOI and PubMed records as
/// `sameAs`, the same work's other addresses.
fn citation(source: &Source) -> Value {
    let mut work = Map::new();
    work.insert("@type".into(), "CreativeWork".into());
    work.insert("name".into(), source.title.clone().into());
    let url = source.link();
    let same_as: Vec<Value> = [source.doi_url(), source.pmid_url()]
        .into_iter()
        .flatten()
        .filter(|u| Some(u) != url.as_ref())
        .map(Value::from)
        .collect();
    if let Some(url) = url {
        work.insert("url".into(), url.into());
    }
    if !same_as.is_empty() {
        work.insert("sameAs".into(), same_as.into());
    }
    Value::Object(work)
}

/// The graph `nodes` as the text of a `<script type="application/ld+json">` element.
fn for_script(nodes: Vec<Value>) -> String {
    let doc = json!({ "@context": "https://schema.org", "@graph": nodes });
    escape_for_script(&doc.to_string())
}

/// JSON text made safe inside an HTML `<script>` element: `<`, `>` and `&` (which can only
/// occur inside JSON strings) become `\u003c`, `\u003e` and `\u0026`, so no value can close
/// the element or open a comment; the line and paragraph separators are escaped too, for
/// consumers that read the text as JavaScript. The JSON means exactly what it meant.
pub fn escape_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(url: Option<&str>, doi: Option<&str>, pmid: Option<&str>) -> Source {
        Source {
            title: "A review".to_owned(),
            url: url.map(str::to_owned),
            publisher: None,
            year: None,
            doi: doi.map(str::to_owned),
            pmid: pmid.map(str::to_owned),
            accessed: None,
        }
    }

    #[test]
    fn script_text_cannot_close_the_element_and_means_the_same() {
        let nasty = "</script><script>alert(1)</script><!-- & \u{2028}";
        let text = for_script(vec![json!({ "name": nasty })]);
        for bad in ['<', '>', '&', '\u{2028}'] {
            assert!(!text.contains(bad), "{bad:?} in {text}");
        }
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["@graph"][0]["name"], nasty);
        assert_eq!(back["@context"], "https://schema.org");
    }

    #[test]
    fn citations_keep_the_title_and_every_address() {
        let all = citation(&source(
            Some("https://x.org/a"),
            Some("10.1/x"),
            Some("123"),
        ));
        assert_eq!(
            all,
            json!({
                "@type": "CreativeWork",
                "name": "A review",
                "url": "https://x.org/a",
                "sameAs": ["https://doi.org/10.1/x", "https://pubmed.ncbi.nlm.nih.gov/123/"],
            })
        );
        // Without its own address, the DOI is the URL and is not repeated.
        let doi = citation(&source(None, Some("10.1/x"), Some("123")));
        assert_eq!(doi["url"], "https://doi.org/10.1/x");
        assert_eq!(
            doi["sameAs"],
            json!(["https://pubmed.ncbi.nlm.nih.gov/123/"])
        );
        let bare = citation(&source(None, None, None));
        assert_eq!(bare, json!({ "@type": "CreativeWork", "name": "A review" }));
    }

    #[test]
    fn names_are_organisations_unless_the_site_lists_them_as_people() {
        let health = Health {
            people: vec!["Dr Ann Lee".to_owned()],
            ..Health::default()
        };
        let urls = UrlScheme::root_only("https://example.org");
        let graph = Graph {
            urls: &urls,
            language: "en",
            health: &health,
        };
        assert_eq!(
            graph.agent(" Dr Ann Lee "),
            json!({ "@type": "Person", "name": "Dr Ann Lee" })
        );
        assert_eq!(
            graph.agent("Clinical Team"),
            json!({ "@type": "Organization", "name": "Clinical Team" })
        );
    }
}
