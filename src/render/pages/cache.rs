//! Rendered pages kept between builds. Each is remembered under the fingerprint of everything
//! it is made from: the templates, the `site` value, its own context (fed into the hash by
//! the same code that makes the context, see [`super::jobs::PageCtx`]), its template and its
//! output path. A page whose fingerprint is unchanged is not rendered again.

use std::sync::Arc;

use serde::Serialize;

use super::context::SiteCtx;
use super::jobs::{Job, PageCtx};
use super::shared::Shared;
use crate::cache::{Generation, Memo};
use crate::fingerprint::Fingerprint;
use crate::render::structured::JsonLd;

/// Rendered pages kept between builds (the preview rebuilds often).
#[derive(Debug, Default)]
pub struct PageCache {
    memo: Memo<Arc<[u8]>>,
}

impl PageCache {
    /// A cache that keeps rendered pages between builds (the default keeps nothing).
    pub fn enabled() -> Self {
        PageCache {
            memo: Memo::enabled(),
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.memo.is_enabled()
    }

    pub(super) fn generation(&mut self) -> Generation<'_, Arc<[u8]>> {
        self.memo.generation()
    }
}

/// Fingerprints the pages of one build.
pub(super) struct PageKeys {
    /// What every page depends on: the templates and the `site` value.
    base: u128,
}

impl PageKeys {
    /// `templates` is the fingerprint of the theme's templates.
    pub fn new(templates: u128, site_ctx: &SiteCtx) -> Self {
        let mut base = FingerprintCtx::new(templates);
        base.insert("site", site_ctx);
        PageKeys {
            base: base.0.finish(),
        }
    }

    /// The fingerprint of `job`'s page, written to `file`.
    pub fn of(&self, job: Job, file: &str, shared: &Shared) -> u128 {
        let mut fp = FingerprintCtx::new(self.base);
        job.context(shared, &mut fp);
        fp.0.add(job.template());
        fp.0.add(file);
        fp.0.finish()
    }
}

/// Fingerprints a context's values without building it.
struct FingerprintCtx(Fingerprint);

impl FingerprintCtx {
    fn new(seed: u128) -> Self {
        let mut f = Fingerprint::new();
        f.add(&seed);
        FingerprintCtx(f)
    }
}

impl PageCtx for FingerprintCtx {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.0.add(key);
        self.0.add(value);
    }

    /// Structured data goes in as its values, not as the text made from them.
    fn insert_json_ld(&mut self, key: &'static str, doc: Option<&JsonLd>) {
        self.0.add(key);
        self.0.add(&doc);
    }

    /// Lists of summaries and FAQ entries go in by their precomputed fingerprints.
    fn insert_items<T: Serialize>(
        &mut self,
        key: &'static str,
        _items: &[T],
        idx: &[usize],
        fps: &[u128],
    ) {
        self.0.add(key);
        self.0.add(&idx.len());
        for &i in idx {
            self.0.add(&fps[i]);
        }
    }
}
