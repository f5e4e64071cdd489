//! Where rendered pages go: the [`Sink`] contract, and [`MemorySink`], which keeps them in
//! memory (for the preview and for tests).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Receives each rendered page (path relative to the output folder, bytes) as soon as it is
/// made, so a large site is never held in memory whole. Called from several threads.
pub type Sink<'a> = dyn Fn(&str, &Arc<[u8]>) -> Result<(), String> + Sync + 'a;

/// A rendered file of the output, by path relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Keeps every page it is handed, in the order they came.
#[derive(Debug, Default)]
pub struct MemorySink {
    pages: Mutex<Vec<(String, Arc<[u8]>)>>,
}

impl MemorySink {
    pub fn new() -> Self {
        Self::default()
    }

    /// The sink to hand to a build.
    pub fn sink(&self) -> impl Fn(&str, &Arc<[u8]>) -> Result<(), String> + Sync + '_ {
        |path, bytes| {
            self.pages
                .lock()
                .map_err(|_| "a rendering thread failed".to_owned())?
                .push((path.to_owned(), bytes.clone()));
            Ok(())
        }
    }

    /// The pages by output path (the bytes shared, not copied).
    pub fn into_pages(self) -> HashMap<String, Arc<[u8]>> {
        self.into_vec().into_iter().collect()
    }

    /// The pages as files sorted by path; a path handed over twice appears twice.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files: Vec<OutputFile> = self
            .into_vec()
            .into_iter()
            .map(|(path, bytes)| OutputFile {
                path,
                bytes: bytes.to_vec(),
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    fn into_vec(self) -> Vec<(String, Arc<[u8]>)> {
        // A poisoned lock: a rendering thread panicked; what it had handed over is intact.
        self.pages
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_pages_as_handed_over() {
        let memory = MemorySink::new();
        let sink = memory.sink();
        let page: Arc<[u8]> = Arc::from(&b"<p>b</p>"[..]);
        sink("b/index.html", &page).unwrap();
        sink("a/index.html", &Arc::from(&b"<p>a</p>"[..])).unwrap();
        sink("a/index.html", &Arc::from(&b"<p>again</p>"[..])).unwrap();
        drop(sink);
        let files = memory.into_files();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a/index.html", "a/index.html", "b/index.html"]);
        assert_eq!(files[2].bytes, b"<p>b</p>");

        let memory = MemorySink::new();
        memory.sink()("b/index.html", &page).unwrap();
        let pages = memory.into_pages();
        assert!(
            Arc::ptr_eq(&pages["b/index.html"], &page),
            "bytes are shared"
        );
    }
}
