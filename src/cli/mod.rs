//! The command line: parses arguments, runs a command, prints a summary. Every command
//! returns `Result<(), Error>`; `report.rs` prints the failures.

mod answer_input;
mod faq;
mod faq_ask;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Error;
use crate::output::Staging;
use crate::site::Options;
use report::{plural, print_diagnostics};

#[derive(Parser, Debug)]
#[command(
    name = "careleaf",
    version,
    about = "Build plain-language patient-education websites"
)]
pub struct Cli {
    /// The site folder (holding site.yaml). May stand before or after the command.
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into a folder ready to upload.
    Build {
        /// Output folder (default: DIR/public).
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Include articles and pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Replace a non-empty output folder that careleaf did not make.
        #[arg(long)]
        force: bool,
        /// Treat every warning as an error.
        #[arg(long)]
        strict: bool,
    },
    /// Check everything a build checks, writing nothing.
    Check {
        /// Include drafts in the check.
        #[arg(long)]
        drafts: bool,
        /// Treat every warning as an error.
        #[arg(long)]
        strict: bool,
    },
    /// Preview the site with live reload while you edit it.
    Serve {
        /// Address to listen on. Anything but a loopback address makes the preview
        /// reachable from your network.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
        bind: std::net::IpAddr,
        /// Port to listen on (default 1111, or any free port if 1111 is busy; 0 for any).
        #[arg(long, short)]
        port: Option<u16>,
        /// Open the preview in a web browser.
        #[arg(long)]
        open: bool,
        /// Include articles and pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// List every article, page and question with its readability and review status.
    Report {
        /// `text` (a table), `json` (for scripts) or `html` (a page to open).
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Include articles and pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// List, check and add questions and answers (content/faq.yaml).
    #[command(subcommand)]
    Faq(faq::FaqCommand),
    /// Create a new minimal site in DIR.
    Init {
        /// The folder to create (missing, empty, or holding only `.git/` and `.gitignore`).
        dir: PathBuf,
    },
    /// Print the code-highlighting stylesheet the default theme ships.
    #[command(hide = true)]
    HighlightCss,
}

/// The formats of `careleaf report`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
    Html,
}

/// Runs careleaf with the process's arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    run(cli)
}

/// Runs one parsed command and reports how it went.
pub fn run(cli: Cli) -> ExitCode {
    let root = cli.root;
    // What a failure of the command leaves untouched, said after its errors.
    let (result, note) = match cli.command {
        Command::Build {
            output,
            drafts,
            force,
            strict,
        } => (
            options(drafts, strict).and_then(|o| build(&root, output, o, force)),
            Some("nothing was written"),
        ),
        Command::Check { drafts, strict } => {
            (options(drafts, strict).and_then(|o| check(&root, o)), None)
        }
        Command::Serve {
            bind,
            port,
            open,
            drafts,
        } => (
            crate::serve::run(crate::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                drafts,
            }),
            None,
        ),
        Command::Faq(cmd) => {
            let note = cmd.is_add().then_some("nothing was changed");
            (faq::run(&root, cmd), note)
        }
        Command::Report { format, drafts } => (
            options(drafts, false).and_then(|o| report(&root, o, format)),
            None,
        ),
        Command::Init { dir } => (init(&dir), None),
        Command::HighlightCss => (highlight_css(), None),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report::failure(&e, note),
    }
}

/// The options of a build or check as of today.
fn options(drafts: bool, strict: bool) -> Result<Options, Error> {
    Ok(Options {
        drafts,
        strict,
        ..Options::new(crate::content::date::today()?)
    })
}

/// `careleaf check`: everything a build checks, writing nothing.
fn check(root: &Path, options: Options) -> Result<(), Error> {
    let built = crate::pipeline::build(root, options, &|_, _| Ok(())).map_err(Error::Site)?;
    print_diagnostics(&built.diagnostics);
    println!(
        "Checked {}: no errors, {}.",
        plural(built.pages, "page"),
        plural(built.diagnostics.warning_count(), "warning")
    );
    leave_to_exit(built);
    Ok(())
}

/// `careleaf report`: the analysis of every item, on standard output. Warnings are not
/// printed (the report lists what is wrong); errors stop it as they stop a build.
fn report(root: &Path, options: Options, format: ReportFormat) -> Result<(), Error> {
    let built = crate::pipeline::build(root, options, &|_, _| Ok(())).map_err(Error::Site)?;
    let config = &built.config;
    let report = crate::report::Report::new(
        &config.title,
        options.today,
        config.health.readability.max_grade,
        &built.analysis,
        &built.subjects,
    );
    let text = match format {
        ReportFormat::Text => crate::report::text::render(&report),
        ReportFormat::Json => crate::report::json::render(&report),
        ReportFormat::Html => {
            let link_prefix = config.urls.absolute("");
            let shell = crate::report::html::Shell::Standalone {
                link_prefix: &link_prefix,
            };
            crate::report::html::render(&report, &shell)
        }
    };
    print!("{text}");
    Ok(())
}

/// `careleaf highlight-css`: the default theme's code-highlighting stylesheet.
fn highlight_css() -> Result<(), Error> {
    print!("{}", crate::render::highlight::stylesheet());
    Ok(())
}

/// `careleaf init`: a new starter site.
fn init(dir: &Path) -> Result<(), Error> {
    crate::init::init(dir)?;
    println!(
        "Created a new site in {}. Build it with: careleaf build --root {}",
        dir.display(),
        dir.display()
    );
    Ok(())
}

/// `careleaf build`: stage the output beside the old one, build into it, swap it in.
fn build(root: &Path, output: Option<PathBuf>, options: Options, force: bool) -> Result<(), Error> {
    let started = std::time::Instant::now();
    let canonical = root.canonicalize().map_err(|source| Error::SiteFolder {
        path: root.to_path_buf(),
        source,
    })?;
    let output = output.unwrap_or_else(|| root.join("public"));
    let staging = Staging::begin(&canonical, &output, force)?;
    let sink = |path: &str, bytes: &std::sync::Arc<[u8]>| {
        staging.write(path, bytes).map_err(|e| e.report())
    };
    // On failure, dropping the staging folder deletes it; the old output stays as it was.
    let built = crate::pipeline::build(&canonical, options, &sink).map_err(Error::Site)?;
    let mut timer = crate::timings::Timer::start();
    print_diagnostics(&built.diagnostics);
    timer.lap("diagnostics printed");
    let out = staging.commit(&built.assets)?;
    timer.lap("output swapped in");
    println!(
        "Built {} and {} into {} in {} ms, search index {}, {}.",
        plural(built.pages, "page"),
        plural(built.assets.len(), "static file"),
        out.display(),
        started.elapsed().as_millis(),
        built.search,
        plural(built.diagnostics.warning_count(), "warning")
    );
    leave_to_exit(built);
    Ok(())
}

/// Leaves what a finished build made (every warning, every item's analysis) for the end of
/// the process to take back whole, which it does next: handing a large site's hundreds of
/// thousands of small allocations back one by one would keep the command from returning
/// for tens of milliseconds (about 40 at 10,000 articles), with nothing to show for it.
/// `Built` holds no file, lock or other resource that must be closed.
fn leave_to_exit(built: crate::pipeline::Built) {
    std::mem::forget(built);
}
