//! One build from start to finish: settings → content → site model → markdown → link check →
//! templates. Writes nothing; [`crate::output`] does that with the result.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::pages::OutputFile;
use crate::site::{Options, Site};
use crate::theme::{Asset, Theme};

/// A built site, in memory.
#[derive(Debug)]
pub struct Built {
    pub config: Config,
    pub files: Vec<OutputFile>,
    pub assets: BTreeMap<String, Asset>,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    pub elapsed: std::time::Duration,
}

/// Builds the site at `root`. All problems of the run come back together.
pub fn build(root: &Path, options: Options) -> Result<Built, Diagnostics> {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let Some((config, config_source)) = Config::load(root, &mut diags) else {
        return Err(diags);
    };
    let theme = Theme::load(&config.root, &config.theme, &mut diags);
    let content = crate::content::load(&config.root, &mut diags);
    let site = Site::build(config, content, options, &mut diags);

    let md = crate::render::render_markdown(&site, Some(&config_source));
    let Some(theme) = theme else {
        diags.sort();
        return Err(diags);
    };
    let targets = crate::links::Targets::collect(&site, &md, &theme);
    crate::links::check(&site, &md, &targets, &mut diags);

    let files = match crate::render::templates::engine(&theme, &mut diags) {
        Some(tera) => crate::render::pages::render_all(&site, &md, &tera, &mut diags),
        None => Vec::new(),
    };
    if let Err(e) = crate::output::check_clashes(&files, &theme.assets) {
        diags.push(Diagnostic::file_error("static", e.to_string()));
    }
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    drop(md);
    Ok(Built {
        config: site.config,
        files,
        assets: theme.assets,
        diagnostics: diags,
        elapsed: started.elapsed(),
    })
}
