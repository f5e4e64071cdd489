//! Rendering: markdown to HTML for every item of the site, then every page through the
//! theme's templates, each page handed to a sink.
//!
//! [`markdown`] turns one text into HTML (with [`targets`] classifying its links,
//! [`highlight`] its code, [`callouts`] its "get help" callouts and [`glossary`] the first
//! use of each glossary word); [`pieces`] runs it over
//! the whole site; [`templates`] loads the theme into the template engine; [`pages`] makes
//! each page's context and renders it; [`sink`] is where rendered pages go. Site paths (the
//! URL contract) are defined in one place, [`paths`]; [`contrast`] is WCAG's colour contrast,
//! for the highlighting colours and the theme's palette.
//!
//! Beside the pages: [`breadcrumbs`] makes each page's trail, [`toc`] a long text's contents
//! list, and [`structured`] its
//! schema.org JSON-LD, both handed to templates; [`site_files`] writes the files for crawlers
//! and feed readers ([`sitemap`], [`feed`], [`robots`]) and the brand colours' stylesheet
//! ([`brand`]) through the same sink, escaped by [`xml`].

pub mod brand;
pub mod breadcrumbs;
pub mod callouts;
pub mod contrast;
pub mod feed;
pub mod glossary;
pub mod highlight;
pub mod markdown;
pub mod pages;
pub mod paths;
pub mod pieces;
pub mod robots;
pub mod search;
pub mod sink;
pub mod site_files;
pub mod sitemap;
pub mod structured;
pub mod targets;
pub mod templates;
pub mod toc;
pub mod writing;
pub mod xml;

pub use markdown::Rendered;
pub use pieces::{Markdown, MarkdownCache, Origin, Piece, render_markdown};
