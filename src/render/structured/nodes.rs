//! The schema.org nodes careleaf writes, as typed values that serde_json serialises: each
//! field is a schema.org property (renamed to its JSON-LD name), and absent or empty ones are
//! left out, so a node never carries a claim its page does not make.

use serde::Serialize;

use crate::content::date::Date;

/// The whole JSON-LD document of a page: one `@graph`. Templates get it as text
/// ([`super::script_text`]); a page's fingerprint takes the values themselves.
#[derive(Serialize)]
pub struct JsonLd<'a> {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@graph")]
    pub graph: Vec<Node<'a>>,
}

/// One node of a page's graph.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Node<'a> {
    Site(WebSite<'a>),
    Page(Box<PageNode<'a>>),
    Trail(BreadcrumbList<'a>),
}

/// A reference to a node by its `@id`.
#[derive(Serialize, Debug, PartialEq)]
pub struct IdRef {
    #[serde(rename = "@id")]
    pub id: String,
}

/// The site itself, on the home page.
#[derive(Serialize)]
pub struct WebSite<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id")]
    pub id: String,
    pub url: String,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    #[serde(rename = "inLanguage")]
    pub language: &'a str,
}

/// A page: `WebPage`, `CollectionPage`, `MedicalWebPage` or `FAQPage`.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PageNode<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id")]
    pub id: String,
    pub url: String,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    #[serde(rename = "inLanguage")]
    pub language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_published: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_reviewed: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<Agent<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<Agent<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<Thing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<Typed>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citation: Vec<Citation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub main_entity: Vec<Question<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_part_of: Option<IdRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breadcrumb: Option<IdRef>,
}

/// A node that is only its type (`{"@type": "Patient"}`).
#[derive(Serialize, Debug, PartialEq)]
pub struct Typed {
    #[serde(rename = "@type")]
    pub kind: &'static str,
}

/// A `Person` or an `Organization`, by name.
#[derive(Serialize, Debug, PartialEq)]
pub struct Agent<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: &'a str,
}

/// A `Thing` a page is about (one of its topics).
#[derive(Serialize)]
pub struct Thing<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: &'a str,
    pub url: String,
}

/// A source, as a `CreativeWork`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Citation<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<String>,
}

/// A FAQ entry: the question and its one accepted answer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Question<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: &'a str,
    pub accepted_answer: Answer<'a>,
}

#[derive(Serialize)]
pub struct Answer<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub text: &'a str,
}

/// A page's breadcrumb trail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BreadcrumbList<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id")]
    pub id: String,
    pub item_list_element: Vec<ListItem<'a>>,
}

/// One step of a trail: its position (from 1), title and absolute URL.
#[derive(Serialize)]
pub struct ListItem<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub position: usize,
    pub name: &'a str,
    pub item: String,
}
