//! The list of a build's pages: each page's job, site path and output file, made once per
//! build and read by the clash check, the renderer and the sitemap. The preview keeps the
//! last build's list and uses it again while no page has moved (the same pages, each with
//! the same slug), which is every build after an edit that changes no slug.

use std::sync::Arc;

use super::jobs::Job;
use crate::render::paths;
use crate::site::Site;

/// Every page of a site, in the order pages are made.
#[derive(Debug)]
pub struct PageList {
    jobs: Vec<Job>,
    /// The slug each page's path is made from ("" for pages at fixed paths).
    slugs: Vec<Box<str>>,
    /// Site paths (`/articles/x/`), by job.
    paths: Vec<String>,
    /// Output files (`articles/x/index.html`), by job.
    files: Vec<String>,
}

impl PageList {
    /// The pages of `site`: `last` again when its pages are `site`'s, each at the same
    /// place, else a list made afresh.
    pub fn of(site: &Site, last: Option<&Arc<PageList>>) -> Arc<PageList> {
        let jobs = Job::all(site);
        if let Some(last) = last
            && last.jobs == jobs
            && jobs
                .iter()
                .zip(&last.slugs)
                .all(|(job, slug)| job.slug(site) == &**slug)
        {
            return Arc::clone(last);
        }
        let slugs = jobs.iter().map(|j| Box::from(j.slug(site))).collect();
        let paths: Vec<String> = jobs.iter().map(|j| j.path(site)).collect();
        let files = paths.iter().map(|p| paths::output_file(p)).collect();
        Arc::new(PageList {
            jobs,
            slugs,
            paths,
            files,
        })
    }

    /// Each page's job, site path and output file.
    pub(super) fn pages(&self) -> impl Iterator<Item = (Job, &str, &str)> {
        self.jobs
            .iter()
            .zip(&self.paths)
            .zip(&self.files)
            .map(|((job, path), file)| (*job, path.as_str(), file.as_str()))
    }

    /// Every page's output file, to check clashes before writing.
    pub fn files(&self) -> &[String] {
        &self.files
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::model;
    use super::*;

    #[test]
    fn the_last_list_is_used_again_until_a_page_moves() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
            std::fs::write(path, text).expect("written");
        };
        write("site.yaml", "title: T\nbase_url: https://example.org/\n");
        write("content/articles/a.md", "---\ntitle: A\n---\nText.\n");
        write("content/articles/b.md", "---\ntitle: B\n---\nText.\n");
        let first = PageList::of(&model(root), None);
        assert!(first.files().contains(&"articles/a/index.html".to_owned()));
        write("content/articles/a.md", "---\ntitle: A\n---\nNew text.\n");
        let again = PageList::of(&model(root), Some(&first));
        assert!(Arc::ptr_eq(&first, &again), "no page moved");
        write(
            "content/articles/a.md",
            "---\ntitle: A\nslug: z\n---\nText.\n",
        );
        let moved = PageList::of(&model(root), Some(&again));
        assert!(!Arc::ptr_eq(&again, &moved));
        let fresh = PageList::of(&model(root), None);
        assert_eq!(moved.files(), fresh.files());
        assert!(moved.files().contains(&"articles/z/index.html".to_owned()));
        assert!(!moved.files().contains(&"articles/a/index.html".to_owned()));
    }
}
