//! The command line: parses arguments, runs a command, prints diagnostics and a summary.

mod faq;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diag::Diagnostics;
use crate::output::Staging;
use crate::site::Options;

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
    },
    /// Check everything a build checks, writing nothing.
    Check {
        /// Include drafts in the check.
        #[arg(long)]
        drafts: bool,
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
    /// List, check and add questions and answers (content/faq.yaml).
    #[command(subcommand)]
    Faq(faq::FaqCommand),
    /// Create a new minimal site in DIR.
    Init {
        /// The folder to create (must be missing or empty).
        dir: PathBuf,
    },
    /// Print the code-highlighting stylesheet the default theme ships.
    #[command(hide = true)]
    HighlightCss,
}

/// Runs careleaf with the process's arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    run(cli)
}

fn print_diagnostics(diags: &Diagnostics) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in diags.iter() {
        let _ = writeln!(err, "{d}\n");
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn failed(diags: &Diagnostics) -> ExitCode {
    print_diagnostics(diags);
    eprintln!(
        "careleaf: {} and {}; nothing was written",
        plural(diags.error_count(), "error"),
        plural(diags.warning_count(), "warning")
    );
    ExitCode::FAILURE
}

/// Runs one parsed command.
pub fn run(cli: Cli) -> ExitCode {
    let root = cli.root;
    match cli.command {
        Command::Build {
            output,
            drafts,
            force,
        } => build(
            &root,
            output,
            Options {
                drafts,
                preview: false,
            },
            force,
        ),
        Command::Check { drafts } => {
            match crate::pipeline::build(
                &root,
                Options {
                    drafts,
                    preview: false,
                },
                &|_, _| Ok(()),
            ) {
                Ok(built) => {
                    print_diagnostics(&built.diagnostics);
                    println!(
                        "Checked {}: no errors, {}.",
                        plural(built.pages, "page"),
                        plural(built.diagnostics.warning_count(), "warning")
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(&diags);
                    eprintln!(
                        "careleaf: {} and {}",
                        plural(diags.error_count(), "error"),
                        plural(diags.warning_count(), "warning")
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve {
            bind,
            port,
            open,
            drafts,
        } => crate::serve::run(crate::serve::ServeOptions {
            root,
            bind,
            port,
            open,
            drafts,
        }),
        Command::Faq(cmd) => faq::run(&root, cmd),
        Command::Init { dir } => match crate::init::init(&dir) {
            Ok(()) => {
                println!(
                    "Created a new site in {}. Build it with: careleaf build --root {}",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("careleaf: error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::HighlightCss => {
            print!("{}", crate::render::highlight::stylesheet());
            ExitCode::SUCCESS
        }
    }
}

/// `careleaf build`: stage the output beside the old one, build into it, swap it in.
fn build(root: &Path, output: Option<PathBuf>, options: Options, force: bool) -> ExitCode {
    let started = std::time::Instant::now();
    let canonical = match root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "careleaf: error: cannot open the site folder {}: {e}",
                root.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let output = output.unwrap_or_else(|| root.join("public"));
    let staging = match Staging::begin(&canonical, &output, force) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("careleaf: error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let sink = |path: &str, bytes: &std::sync::Arc<[u8]>| {
        staging.write(path, bytes).map_err(|e| e.to_string())
    };
    let built = match crate::pipeline::build(&canonical, options, &sink) {
        Ok(b) => b,
        // Dropping the staging folder deletes it; the old output stays as it was.
        Err(diags) => return failed(&diags),
    };
    print_diagnostics(&built.diagnostics);
    match staging.commit(&built.assets) {
        Ok(out) => {
            println!(
                "Built {} and {} into {} in {} ms, {}.",
                plural(built.pages, "page"),
                plural(built.assets.len(), "static file"),
                out.display(),
                started.elapsed().as_millis(),
                plural(built.diagnostics.warning_count(), "warning")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("careleaf: error: {e}");
            ExitCode::FAILURE
        }
    }
}
