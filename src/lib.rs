//! careleaf: a static site generator for plain-language patient-education websites.
//!
//! A build runs one way, in the order the modules are listed below: settings and theme →
//! content (load and parse) → site model → render (markdown, templates) → link check →
//! output. [`pipeline`] runs those stages; every command goes through it.

// The pipeline's stages, in the order a build runs them.
/// Stage 1: `site.yaml`, read and checked; the site's URL scheme.
pub mod config;
/// Stage 2: content files read and parsed one by one (articles, pages, FAQ, topics).
pub mod content;
/// Stage 5: every internal link and anchor checked against what the build makes.
pub mod links;
/// Stage 6: the output folder, staged and swapped in whole.
pub mod output;
/// The stages strung together: one staged build for build, check, preview and FAQ checks.
pub mod pipeline;
/// Stage 4: markdown to HTML, template contexts, pages rendered through the theme.
pub mod render;
/// Stage 3: the site model: checks that need the whole site, indexes, related items.
pub mod site;
/// Stage 1: the theme's templates and static files, with the site's overrides.
pub mod theme;

// What the stages share.
/// Results kept between builds under a fingerprint of their inputs (the preview's speed).
pub mod cache;
/// Problems with file, line and column, as the user sees them.
pub mod diag;
/// 128-bit fingerprints of values, the keys of [`cache`].
pub mod fingerprint;
/// Filesystem operations the standard library lacks (an atomic swap of two paths).
pub mod fsx;
/// URL slugs and unique ids.
pub mod slug;
/// The one place the YAML library is called, and its messages made readable.
pub mod yaml;

// What sits on top of the pipeline.
/// The command line.
pub mod cli;
/// Adding questions to the FAQ file safely (command line and preview form).
pub mod faq_edit;
/// `careleaf init`: a starter site.
pub mod init;
/// `careleaf serve`: the live preview (watch, rebuild, HTTP, reload).
pub mod serve;
