//! Adding FAQ entries safely: the one write path behind `careleaf faq add` and the preview's
//! "add a question" form.
//!
//! An entry is checked before anything is written (question, unique id, no near-duplicate
//! question, known topics, existing related articles, and the answer's markdown and links,
//! through the same pipeline as a build with the new text in place of the file). Only
//! problems in `faq.yaml` or in the new entry block an add, so the check reads only what an
//! entry can break: every article's front matter, the text of only the articles the FAQ's
//! links point into with a `#heading` ([`crate::edit_focus`]), and no related lists. The entry is then appended as
//! text ([`entry_text`]), the result is read back and compared with the old entries plus the
//! new one, and the file is replaced atomically ([`atomic`]) under a lock ([`lock`]); if
//! the file changed meanwhile, the add starts over from the new contents.
//!
//! The parts: `entry.rs` (what is asked and answered), `input.rs` (the entry as typed),
//! `validate.rs` and `compose.rs` (the checks and the new text), `early.rs` (checks of one
//! value while the rest is still being typed), `add.rs` (the transaction), `atomic.rs`
//! (replacing a file), `lock.rs` (the writers' lock in `.careleaf/`), `lease.rs` (noticing
//! other programs writing it), `leftovers.rs` (temporary files of killed writers) and
//! `query.rs` (read-only views for the command line and the form).

mod add;
pub mod atomic;
mod compose;
mod early;
mod entry;
pub mod entry_text;
mod input;
mod lease;
mod leftovers;
pub mod lock;
mod query;
mod validate;

pub use add::add;
pub use early::{question_problems, topics_problems};
pub use entry::{Added, Field, NewEntry, Problem};
pub use input::normalise_question;
pub use query::{Choices, Listed, choices, list, list_topics, render_answer};
pub use validate::check;
