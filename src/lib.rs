//! careleaf: a static site generator for plain-language patient-education websites.
//!
//! A build runs one way, in the order the modules are listed below: settings and theme →
//! content (load and parse) → site model → render (markdown, templates) → link check →
//! output. [`pipeline`] runs those stages; every command goes through it.
//!
//! Problems in the site's files are [`diag::Diagnostic`]s; everything else that can fail is an
//! [`Error`].

// The pipeline's stages, in the order a build runs them (blank lines keep rustfmt from
// sorting them).

// 1. `site.yaml`, read and checked; the site's URL scheme.
pub mod config;

// 1. The theme's templates and static files, with the site's overrides.
pub mod theme;

// 2. Content files read and parsed one by one (articles, pages, FAQ, topics).
pub mod content;

// 3. The site model: checks that need the whole site, indexes, related items.
pub mod site;

// 3b. Analysis of the model: review dates (and what else readers' trust rests on).
pub mod analyze;

// 4. Markdown to HTML, template contexts, pages rendered through the theme.
pub mod render;

// 5. Every internal link and anchor checked against what the build makes.
pub mod links;

// 5a. Which files a check of an edit reads whole: those whose headings its links name.
pub mod edit_focus;

// 5b. Every "get help" callout checked (known kind, emergency number).
pub mod callout_check;

// 5c. Code blocks too big to highlight, shown plain, warned about.
pub mod code_check;

// 5d. Images without alt text, skipped heading levels and links broken by a space.
pub mod writing_check;

// 6. The output folder, staged and swapped in whole.
pub mod output;

// The stages strung together: one staged build for build, check, preview and FAQ checks.
pub mod pipeline;

// How long each stage takes, printed for profiling.
pub mod timings;

// Freed memory handed back to the system between a large build's stages.
pub mod memory;

// What the stages share.

// Results kept between builds under a fingerprint of their inputs (the preview's speed).
pub mod cache;

// 128-bit fingerprints of values, the keys of the cache.
pub mod fingerprint;

// Problems with file, line and column, as the user sees them.
pub mod diag;

// Everything else that can stop a command (I/O on a path, a refused folder, a busy port).
pub mod error;

// The one place the YAML library is called, and its messages made readable.
pub mod yaml;

// One value per worker thread (memos and readers shared by a thread's tasks).
pub mod per_thread;

// Maps keyed by words, for the per-word memos of the analysis and the search index.
pub mod word_map;

// Letters and digits among ASCII bytes, looked up in one table (the word scanners' test).
pub mod byte_class;

// URL slugs and unique ids.
pub mod slug;

// Reading a file whole: regular files only, within a size limit (every read of the site).
pub mod read;

// Filesystem operations the standard library lacks (an atomic swap of two paths).
pub mod fsx;

// Fault and pause points for tests (debug builds only).
pub mod fault;

// What sits on top of the pipeline.

// `careleaf serve`: the live preview (watch, rebuild, HTTP, reload).
pub mod serve;

// Adding questions to the FAQ file safely (command line and preview form).
pub mod faq_edit;

// `careleaf report`: every page and question with its readability and review status.
pub mod report;

// `careleaf init`: a starter site.
pub mod init;

// The command line.
pub mod cli;

pub use error::Error;

// Settings shared by the property tests that fuzz the parsers of editor input.
#[cfg(test)]
mod fuzz;
