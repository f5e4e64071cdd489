//! Adding FAQ entries safely: the one write path behind `careleaf faq add` and the preview's
//! "add a question" form.
//!
//! An entry is checked before anything is written (question, unique id, no near-duplicate
//! question, known topics, existing related articles, and the answer's markdown and links,
//! through the same pipeline as a build with the new text in place of the file). Only
//! problems in `faq.yaml` or in the new entry block an add. The entry is then appended as
//! text ([`entry_text`]), the result is read back and compared with the old entries plus the
//! new one, and the file is replaced atomically under a lock ([`atomic`]); if the file
//! changed meanwhile, the add starts over from the new contents.
//!
//! The parts: `entry.rs` (what is asked and answered), `input.rs` (the entry as typed),
//! `validate.rs` and `compose.rs` (the checks and the new text), `add.rs` (the transaction),
//! `atomic.rs` (replacing a file), `lease.rs` (noticing other programs writing it),
//! `leftovers.rs` (temporary files of killed writers) and `query.rs` (read-only views for
//! the command line and the form).

mod add;
pub mod atomic;
mod compose;
mod entry;
pub mod entry_text;
mod input;
mod lease;
mod leftovers;
mod query;
mod validate;

pub use add::add;
pub use entry::{Added, Field, NewEntry, Problem};
pub use input::normalise_question;
pub use query::{Choices, Listed, choices, list, list_topics, render_answer};
pub use validate::check;
