//! Shared helpers for careleaf's integration tests, one job per file, all re-exported here
//! so a test module needs only `use crate::support::*` (and `support::faq::*` for the
//! FAQ-editing helpers).

pub mod faq;

mod ceiling;
mod diagnostics;
mod fixtures;
mod generated;
mod hostile;
mod html;
mod http;
mod links;
mod live;
mod measure;
mod poll;
mod run;
mod server;
mod site;
mod terminal;
mod tree;

pub use ceiling::*;
pub use diagnostics::*;
pub use fixtures::*;
pub use generated::*;
pub use hostile::*;
pub use html::*;
pub use http::*;
pub use links::*;
pub use live::*;
pub use measure::*;
pub use poll::*;
pub use run::*;
pub use server::*;
pub use site::*;
pub use terminal::*;
pub use tree::*;
