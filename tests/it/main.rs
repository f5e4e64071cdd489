//! careleaf's integration tests, compiled into one test binary (as mdBook does) so the shared
//! helpers in [`support`] are built once. Each module tests one area through the real
//! `careleaf` binary, fixture sites in temporary folders and a real HTML parser.

mod support;

mod branding;
mod browser;
mod build_pages;
mod cli;
mod cross_links;
mod diag_limits;
mod errors;
mod example_site;
mod faq_add;
mod faq_add_scope;
mod faq_form;
mod faq_interactive;
mod faq_safety;
mod file_reads;
mod glossary;
mod health_pages;
mod highlight_limits;
mod likely_mistakes;
mod limits;
mod markdown;
mod messages;
mod mistakes;
mod navigation;
mod output_safety;
mod page_metadata;
mod parallel;
mod readability;
mod repeats;
mod report;
mod review;
mod search;
mod serve_http;
mod serve_incremental;
mod serve_limits;
mod site_files;
