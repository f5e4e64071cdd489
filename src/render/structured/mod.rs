//! Structured data (schema.org JSON-LD) for each page: `MedicalWebPage` on articles,
//! `FAQPage` on the FAQ, `WebPage` on standalone pages, `CollectionPage` on lists, `WebSite`
//! on the home page, and a `BreadcrumbList` from the page's breadcrumb trail everywhere but
//! the home page.
//!
//! Each page gets one `<script type="application/ld+json">` holding a `@graph`: one block
//! with one `@context`, whose nodes refer to each other by `@id` (the page names its
//! `BreadcrumbList` as its `breadcrumb`), instead of several blocks that cannot. The nodes
//! are typed values ([`nodes`]) that serde_json serialises, never text pasted together, with
//! every string made safe to sit inside `<script>` as it is written ([`script`]). (Typed
//! values rather than `serde_json::Value` maps: the same JSON for a fraction of the
//! allocations, which matters at one graph a page.)
//!
//! Nothing here claims more than the content says: `lastReviewed` and `reviewedBy` appear only
//! when the item was reviewed, and standalone pages make no review claims at all.

mod nodes;
mod script;

pub use nodes::JsonLd;
use nodes::{
    Agent, Answer, BreadcrumbList, Citation, IdRef, ListItem, Node, PageNode, Question, Thing,
    Typed, WebSite,
};
pub use script::text as script_text;

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

/// One FAQ entry: the question and its answer as the page shows it (HTML), less the
/// definitions of its glossary words.
pub struct FaqFacts<'a> {
    pub question: &'a str,
    pub answer_html: &'a str,
}

impl<'a> Graph<'a> {
    /// The home page: the site (`WebSite`) and the page.
    pub fn home(&self, page: &PageFacts<'a>) -> JsonLd<'a> {
        let url = self.url(page.path);
        let site_id = format!("{url}#website");
        let site = WebSite {
            kind: "WebSite",
            id: site_id.clone(),
            url: url.clone(),
            name: page.title,
            description: described(page.description),
            language: self.language,
        };
        let mut node = self.page_node("WebPage", page, url);
        node.is_part_of = Some(IdRef { id: site_id });
        document(vec![Node::Site(site), Node::Page(Box::new(node))])
    }

    /// A page that lists others (the article and topic indexes, a topic's page).
    pub fn collection(&self, page: &PageFacts<'a>) -> JsonLd<'a> {
        let node = self.page_node("CollectionPage", page, self.url(page.path));
        self.with_trail(page, node)
    }

    /// A standalone page: a plain `WebPage` with its dates, never a review.
    pub fn web_page(
        &self,
        page: &PageFacts<'a>,
        published: Option<Date>,
        updated: Option<Date>,
    ) -> JsonLd<'a> {
        let mut node = self.page_node("WebPage", page, self.url(page.path));
        set_dates(&mut node, published, updated);
        self.with_trail(page, node)
    }

    /// An article: a `MedicalWebPage` written for patients.
    pub fn article(&self, page: &PageFacts<'a>, facts: &ArticleFacts<'a>) -> JsonLd<'a> {
        let mut node = self.page_node("MedicalWebPage", page, self.url(page.path));
        node.headline = Some(page.title);
        set_dates(&mut node, facts.published, facts.updated);
        // Only a review that happened is claimed.
        if let Some(on) = facts.review.reviewed_on {
            node.last_reviewed = Some(on);
            node.reviewed_by = facts.review.reviewed_by.as_deref().map(|by| self.agent(by));
        }
        node.author = facts
            .author
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| self.agent(a));
        node.about = facts
            .topics
            .iter()
            .map(|(name, path)| Thing {
                kind: "Thing",
                name,
                url: self.url(path),
            })
            .collect();
        // schema.org's own MedicalWebPage example names the audience `Patient`; as a node it
        // is a typed value, where a bare IRI string would be read as text.
        node.audience = Some(Typed { kind: "Patient" });
        node.citation = facts.sources.iter().map(citation).collect();
        self.with_trail(page, node)
    }

    /// The FAQ page: every question with its one accepted answer.
    pub fn faq(
        &self,
        page: &PageFacts<'a>,
        entries: impl Iterator<Item = FaqFacts<'a>>,
    ) -> JsonLd<'a> {
        let mut node = self.page_node("FAQPage", page, self.url(page.path));
        node.main_entity = entries
            .map(|e| Question {
                kind: "Question",
                name: e.question,
                accepted_answer: Answer {
                    kind: "Answer",
                    text: e.answer_html,
                },
            })
            .collect();
        self.with_trail(page, node)
    }

    /// The absolute URL of a site path.
    fn url(&self, path: &str) -> String {
        self.urls.absolute(path)
    }

    /// The node every page type starts from; `url` is the page's absolute URL (and its `@id`).
    fn page_node(&self, kind: &'static str, page: &PageFacts<'a>, url: String) -> PageNode<'a> {
        PageNode {
            kind,
            id: url.clone(),
            breadcrumb: (!page.trail.is_empty()).then(|| IdRef { id: trail_id(&url) }),
            url,
            name: page.title,
            description: described(page.description),
            language: self.language,
            ..PageNode::default()
        }
    }

    /// The page's node and, when it has a trail, its `BreadcrumbList`.
    fn with_trail(&self, page: &PageFacts<'a>, node: PageNode<'a>) -> JsonLd<'a> {
        let mut graph = Vec::with_capacity(2);
        let trail = (!page.trail.is_empty()).then(|| BreadcrumbList {
            kind: "BreadcrumbList",
            id: trail_id(&node.url),
            item_list_element: page
                .trail
                .iter()
                .enumerate()
                .map(|(i, c)| ListItem {
                    kind: "ListItem",
                    position: i + 1,
                    name: &c.title,
                    item: self.url(&c.path),
                })
                .collect(),
        });
        graph.push(Node::Page(Box::new(node)));
        graph.extend(trail.map(Node::Trail));
        document(graph)
    }

    /// A reviewer or author: a `Person` when `site.yaml` lists the name under `people:`,
    /// else an `Organization` (a free-text name is most often a team or a body).
    fn agent(&self, name: &'a str) -> Agent<'a> {
        let kind = if self.health.is_person(name) {
            "Person"
        } else {
            "Organization"
        };
        Agent {
            kind,
            name: name.trim(),
        }
    }
}

fn document(graph: Vec<Node>) -> JsonLd {
    JsonLd {
        context: "https://schema.org",
        graph,
    }
}

/// The `@id` of a page's `BreadcrumbList`.
fn trail_id(page_url: &str) -> String {
    [page_url, "#breadcrumb"].concat()
}

/// A description worth giving (none for an empty one).
fn described(description: Option<&str>) -> Option<&str> {
    description.filter(|d| !d.trim().is_empty())
}

/// `datePublished` and `dateModified` (the update, else the publication).
fn set_dates(node: &mut PageNode, published: Option<Date>, updated: Option<Date>) {
    node.date_published = published;
    node.date_modified = updated.or(published);
}

/// A source as a `CreativeWork`: its title (which a bare URL would lose, and which a source
/// without any address still has), its best link as `url`, and its DOI and PubMed records as
/// `sameAs`, the same work's other addresses.
fn citation(source: &Source) -> Citation<'_> {
    let url = source.link();
    let same_as = [source.doi_url(), source.pmid_url()]
        .into_iter()
        .flatten()
        .filter(|u| Some(u) != url.as_ref())
        .collect();
    Citation {
        kind: "CreativeWork",
        name: &source.title,
        url,
        same_as,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn value<T: serde::Serialize>(v: T) -> Value {
        serde_json::to_value(v).unwrap()
    }

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
    fn citations_keep_the_title_and_every_address() {
        let all = value(citation(&source(
            Some("https://x.org/a"),
            Some("10.1/x"),
            Some("123"),
        )));
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
        let doi = value(citation(&source(None, Some("10.1/x"), Some("123"))));
        assert_eq!(doi["url"], "https://doi.org/10.1/x");
        assert_eq!(
            doi["sameAs"],
            json!(["https://pubmed.ncbi.nlm.nih.gov/123/"])
        );
        let bare = value(citation(&source(None, None, None)));
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
            value(graph.agent(" Dr Ann Lee ")),
            json!({ "@type": "Person", "name": "Dr Ann Lee" })
        );
        assert_eq!(
            value(graph.agent("Clinical Team")),
            json!({ "@type": "Organization", "name": "Clinical Team" })
        );
    }
}
