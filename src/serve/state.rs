//! What the server shares with the rebuild thread: the published build (site and errors,
//! swapped together) and the messages for open pages.
//!
//! A request takes one [`Published`] and answers from it alone, so it never sees a new site
//! with the previous build's errors, or the reverse. The same channel lets a request wait
//! for the next build instead of polling.

use std::sync::Arc;

use tokio::sync::{broadcast, watch};

use super::preview::Snapshot;
use crate::diag::Digest;

/// One state of the preview as requests see it.
#[derive(Debug, Default)]
pub struct Published {
    /// The last successful build; `None` while the site has never built.
    pub snapshot: Option<Arc<Snapshot>>,
    /// The errors of the last rebuild, as a person is shown them, when it failed.
    pub errors: Option<Digest>,
}

impl Published {
    /// The build the served pages come from (0 before the first one).
    pub fn generation(&self) -> u64 {
        self.snapshot.as_ref().map_or(0, |s| s.generation)
    }

    /// The served page at output path `key` (`faq/index.html`) contains `needle`.
    pub fn page_contains(&self, key: &str, needle: &str) -> bool {
        self.snapshot
            .as_ref()
            .and_then(|s| s.pages.get(key))
            .is_some_and(|page| String::from_utf8_lossy(page).contains(needle))
    }
}

/// The state shared by every request and the rebuild thread.
pub struct Shared {
    published: watch::Sender<Arc<Published>>,
    /// Messages for open pages (JSON).
    pub events: broadcast::Sender<String>,
    /// Changes on every server start, so pages from an earlier run reload.
    pub instance: String,
}

impl Shared {
    /// Nothing published yet.
    pub fn new(instance: String) -> Shared {
        Shared {
            published: watch::Sender::new(Arc::new(Published::default())),
            events: broadcast::channel(64).0,
            instance,
        }
    }

    /// What requests see now.
    pub fn current(&self) -> Arc<Published> {
        self.published.borrow().clone()
    }

    /// Replaces what requests see, in one step, and wakes everyone waiting for a build.
    /// Returns what was published before, for the caller to let go of when it is done with
    /// more urgent work (freeing a large site's last build takes a while).
    #[must_use = "the last build is freed where it is dropped"]
    pub fn publish(&self, published: Published) -> Arc<Published> {
        self.published.send_replace(Arc::new(published))
    }

    /// A receiver that sees every later [`Shared::publish`].
    pub fn subscribe(&self) -> watch::Receiver<Arc<Published>> {
        self.published.subscribe()
    }

    /// The `hello` message a page gets when it connects: the current build and any errors
    /// (those shown, how many there are in all, and the line counting the rest).
    pub fn hello(&self) -> String {
        let now = self.current();
        let errors = now.errors.as_ref();
        serde_json::json!({
            "type": "hello",
            "instance": self.instance,
            "generation": now.generation(),
            "errors": errors.map(|e| &e.shown),
            "error_count": errors.map_or(0, |e| e.errors),
            "more": errors.and_then(|e| e.hidden.line()),
        })
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_publish_replaces_site_and_errors_together_and_wakes_subscribers() {
        let shared = Shared::new("i".into());
        let mut rx = shared.subscribe();
        assert!(!rx.has_changed().unwrap());
        let hello: serde_json::Value = serde_json::from_str(&shared.hello()).unwrap();
        assert_eq!(hello["generation"], 0);
        assert!(hello["errors"].is_null());

        let _ = shared.publish(Published {
            snapshot: None,
            errors: Some(Digest::of(&[crate::diag::Diagnostic::file_error(
                "site.yaml",
                "broken",
            )])),
        });
        assert!(rx.has_changed().unwrap());
        let now = rx.borrow_and_update().clone();
        assert!(Arc::ptr_eq(&now, &shared.current()));
        let hello: serde_json::Value = serde_json::from_str(&shared.hello()).unwrap();
        assert_eq!(hello["errors"][0]["path"], "site.yaml");
        assert_eq!(hello["instance"], "i");
    }
}
