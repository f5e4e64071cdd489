//! careleaf: a static site generator for plain-language patient-education websites.
//!
//! The pipeline runs one way: [`config`] → [`content`] (load and parse) → [`site`] (the
//! model: articles, FAQ, topics, links resolved) → [`render`] (markdown, templates,
//! highlighting) → [`output`] (atomic write). [`serve`] (watch, rebuild, HTTP, reload) and
//! [`cli`] sit on top.
//!
//! Problems in the site's files are [`diag::Diagnostic`]s; everything else that can fail is an
//! [`Error`].

pub mod cli;
pub mod config;
pub mod content;
pub mod diag;
pub mod error;
pub mod faq_edit;
pub mod fault;
pub mod fingerprint;
pub mod fsx;
pub mod init;
pub mod links;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod yaml;

pub use error::Error;
