//! The add transaction: take the lock, plan the new texts from the files as they are now,
//! write `topics.yaml` (for a new topic) and then `faq.yaml`, and start over when a file
//! changed meanwhile. A refused or failed add takes back the topic it wrote, so it changes
//! no file. An add killed between the two writes leaves the topic defined; running it again
//! finds the topic with the same title, takes it as its own and writes the entry.

use std::path::Path;

use super::atomic::{self, Replaced};
use super::entry::{Added, NewEntry};
use super::input::{basic_problems, tidy};
use super::leftovers;
use super::validate::{Plan, plan};
use crate::content::faq::FAQ_FILE;
use crate::content::topics::TOPICS_FILE;
use crate::error::Error;

/// How many times an add starts over when the file keeps changing under it.
const ATTEMPTS: usize = 20;

/// `topics.yaml` as it was before this add, and as this add wrote it.
struct TopicsWritten {
    before: Option<Vec<u8>>,
    ours: String,
}

/// Checks `entry` against the site at `root` and adds it to `content/faq.yaml`.
pub fn add(root: &Path, entry: &NewEntry) -> Result<Added, Error> {
    let entry = tidy(entry);
    let problems = basic_problems(&entry);
    if !problems.is_empty() {
        return Err(Error::Refused { problems });
    }
    let faq_path = root.join(FAQ_FILE);
    let topics_path = root.join(TOPICS_FILE);
    let _lock = atomic::Lock::acquire(&faq_path)?;
    // Under the lock no other careleaf writer is mid-write: a temporary file whose process is
    // gone was left by a writer that was killed.
    leftovers::remove_stale(&faq_path);
    leftovers::remove_stale(&topics_path);
    let mut topics_written: Option<TopicsWritten> = None;
    let result = attempts(root, &entry, &mut topics_written);
    if result.is_err() {
        // A refused add changes no file: take back the topic this add wrote, if any.
        if let Some(written) = topics_written {
            undo_topics(&topics_path, written);
        }
    }
    result
}

/// Plans and writes until the files stay still long enough, at most [`ATTEMPTS`] times.
fn attempts(
    root: &Path,
    entry: &NewEntry,
    topics_written: &mut Option<TopicsWritten>,
) -> Result<Added, Error> {
    let faq_path = root.join(FAQ_FILE);
    let topics_path = root.join(TOPICS_FILE);
    for _ in 0..ATTEMPTS {
        let old_faq = atomic::read_current(&faq_path)?;
        let old_topics = atomic::read_current(&topics_path)?;
        let plan = plan(root, entry, old_faq.as_deref(), old_topics.as_deref())
            .map_err(|problems| Error::Refused { problems })?;
        if let Some(new_topics) = &plan.topics_text {
            match atomic::replace(&topics_path, old_topics.as_deref(), new_topics.as_bytes())? {
                Replaced::Done => {
                    *topics_written = Some(TopicsWritten {
                        before: old_topics.clone(),
                        ours: new_topics.clone(),
                    });
                }
                Replaced::Changed => continue,
            }
        }
        crate::fault::pause_point("before-faq-write");
        crate::fault::fail_point("faq-write", "faq.yaml could not be written").map_err(
            |source| Error::Io {
                action: "write",
                path: faq_path.clone(),
                source,
            },
        )?;
        match atomic::replace(&faq_path, old_faq.as_deref(), plan.faq_text.as_bytes())? {
            Replaced::Done => return Ok(added(plan)),
            Replaced::Changed => continue,
        }
    }
    Err(Error::FaqBusy { path: faq_path })
}

/// Where the entry of a written plan appears.
fn added(plan: Plan) -> Added {
    Added {
        faq_path: crate::render::paths::faq_entry(&plan.id),
        topic_paths: plan
            .topics
            .iter()
            .map(|t| crate::render::paths::topic(t))
            .collect(),
        id: plan.id,
    }
}

/// Puts `topics.yaml` back as it was, if it still holds what this add wrote.
fn undo_topics(path: &Path, written: TopicsWritten) {
    let ours = written.ours.as_bytes();
    match written.before {
        Some(old) => {
            let _ = atomic::replace(path, Some(ours), &old);
        }
        None => {
            if atomic::read_current(path).is_ok_and(|now| now.as_deref() == Some(ours)) {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}
