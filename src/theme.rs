//! Themes: where templates and static assets come from.
//!
//! A site uses `themes/<name>/` from its own folder when it has one; the `default` theme is
//! also embedded in the binary (by `build.rs`) for sites without a `themes/` folder. A site's
//! own `templates/` and `static/` override the theme's files of the same name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, display_path};

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum Asset {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

/// A template ready for the template engine.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Name used in `{% extends %}` and `{% include %}` (`base.html`, `partials/x.html`).
    pub name: String,
    /// Path shown in messages (`themes/default/templates/base.html`).
    pub origin: String,
    pub text: String,
}

/// The templates and static files a build uses, overrides applied.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: Vec<TemplateSource>,
    /// Output path (`style.css`, `img/x.png`) → source.
    pub assets: BTreeMap<String, Asset>,
}

impl Theme {
    /// A fingerprint of every template's name and text: pages made with other templates
    /// must be rendered again.
    pub fn fingerprint(&self) -> u128 {
        let mut f = crate::fingerprint::Fingerprint::new();
        for t in &self.templates {
            f.add(&(&t.name, &t.text));
        }
        f.finish()
    }

    /// Loads theme `name` for the site at `root`, then the site's own overrides.
    pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Option<Theme> {
        let mut theme = Theme::default();
        let dir = root.join("themes").join(name);
        let mut templates: BTreeMap<String, TemplateSource> = BTreeMap::new();
        if dir.is_dir() {
            read_templates(root, &dir.join("templates"), &mut templates, diags);
            read_assets(root, &dir.join("static"), &mut theme.assets, diags);
        } else if name == "default" {
            for (path, bytes) in DEFAULT_THEME {
                if let Some(t) = path.strip_prefix("templates/") {
                    match std::str::from_utf8(bytes) {
                        Ok(text) => {
                            templates.insert(
                                t.to_owned(),
                                TemplateSource {
                                    name: t.to_owned(),
                                    origin: format!("(built-in theme) templates/{t}"),
                                    text: text.to_owned(),
                                },
                            );
                        }
                        Err(_) => diags.push(Diagnostic::file_error(
                            path,
                            "built-in template is not UTF-8",
                        )),
                    }
                } else if let Some(s) = path.strip_prefix("static/") {
                    theme.assets.insert(s.to_owned(), Asset::Embedded(bytes));
                }
            }
        } else {
            diags.push(Diagnostic::file_error(
                crate::config::CONFIG_FILE,
                format!("theme `{name}` not found: there is no folder themes/{name}/ in the site"),
            ));
            return None;
        }
        // The site's own overrides.
        read_templates(root, &root.join("templates"), &mut templates, diags);
        read_assets(root, &root.join("static"), &mut theme.assets, diags);
        theme.templates = templates.into_values().collect();
        Some(theme)
    }
}

/// The files under `dir` with their path inside it. Hidden files are kept only when
/// `keep_hidden` (static files); editors' scratch files never are.
fn files_under(
    root: &Path,
    dir: &Path,
    keep_hidden: bool,
    diags: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let skip = if keep_hidden {
        crate::content::is_editor_scratch
    } else {
        crate::content::is_scratch_name
    };
    crate::content::files_under(root, dir, usize::MAX, skip, diags)
        .into_iter()
        .map(|p| (display_path(dir, &p), p))
        .collect()
}

fn read_templates(
    root: &Path,
    dir: &Path,
    into: &mut BTreeMap<String, TemplateSource>,
    diags: &mut Diagnostics,
) {
    for (rel, path) in files_under(root, dir, false, diags) {
        let origin = display_path(root, &path);
        match crate::read::file(&path, crate::read::CONTENT).map(String::from_utf8) {
            Ok(Ok(text)) => {
                let text = crate::content::source::normalise(text);
                into.insert(
                    rel.clone(),
                    TemplateSource {
                        name: rel,
                        origin,
                        text,
                    },
                );
            }
            Ok(Err(_)) => diags.push(Diagnostic::file_error(
                &origin,
                "the template is not valid UTF-8 text",
            )),
            Err(crate::read::ReadError::Io(e)) => {
                diags.push(Diagnostic::file_error(&origin, format!("cannot read: {e}")));
            }
            Err(e) => diags.push(Diagnostic::file_error(&origin, e.to_string())),
        }
    }
}

fn read_assets(
    root: &Path,
    dir: &Path,
    into: &mut BTreeMap<String, Asset>,
    diags: &mut Diagnostics,
) {
    for (rel, path) in files_under(root, dir, true, diags) {
        into.insert(rel, Asset::Disk(path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_is_embedded() {
        let names: Vec<_> = DEFAULT_THEME.iter().map(|(p, _)| *p).collect();
        assert!(names.contains(&"templates/base.html"), "{names:?}");
        assert!(names.contains(&"static/style.css"));
    }
}
