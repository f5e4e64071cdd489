//! Rendering: markdown to HTML for every item of the site, then every page through the
//! theme's templates, each page handed to a sink.
//!
//! [`markdown`] turns one text into HTML (with [`targets`] classifying its links,
//! [`highlight`] its code and [`callouts`] its "get help" callouts); [`pieces`] runs it over
//! the whole site; [`templates`] loads the theme into the template engine; [`pages`] makes
//! each page's context and renders it; [`sink`] is where rendered pages go. Site paths (the
//! URL contract) are defined in one place, [`paths`]; [`contrast`] is WCAG's colour contrast,
//! for the highlighting colours and the theme's palette.

pub mod callouts;
pub mod contrast;
pub mod highlight;
pub mod markdown;
pub mod pages;
pub mod paths;
pub mod pieces;
pub mod sink;
pub mod targets;
pub mod templates;

pub use markdown::Rendered;
pub use pieces::{Markdown, MarkdownCache, Origin, Piece, render_markdown};
