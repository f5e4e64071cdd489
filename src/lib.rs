//! careleaf: a static site generator for plain-language patient-education websites.
//!
//! The pipeline runs one way: [`config`] → [`content`] (load and parse) → [`site`] (the
//! model: articles, FAQ, topics, links resolved) → [`render`] (markdown, templates,
//! highlighting) → [`output`] (atomic write). [`cli`] sits on top.

pub mod links;
pub mod pipeline;
pub mod cli;
pub mod config;
pub mod content;
pub mod diag;
pub mod init;
pub mod output;
pub mod render;
pub mod site;
pub mod slug;
pub mod theme;
pub mod yaml;
