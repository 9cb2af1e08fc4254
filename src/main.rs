//! The command line: parses arguments, calls the library, maps the outcome to an exit code
//! (0 ok, 1 content errors, 2 usage or I/O errors).

use clap::{Args, Parser, Subcommand};
use planpress::diag::printable::{self, Newlines};
use planpress::diag::render::{self, Format};
use planpress::site::layout::SiteLayout;
use planpress::site::load::LoadOptions;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use termcolor::{ColorChoice, StandardStream};

// A build allocates many small strings on every thread; mimalloc's per-thread heaps keep
// that from serialising on the system allocator's locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "planpress",
    version,
    about = "Publish plans as a navigable static website"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct SiteArgs {
    /// The site folder (holding planpress.yaml and content/)
    #[arg(long, default_value = ".", global = true)]
    root: PathBuf,
    /// The settings file [default: ROOT/planpress.yaml]
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Judge overdue items as of this date (YYYY-MM-DD) [default: SOURCE_DATE_EPOCH, else today]
    #[arg(long)]
    as_of: Option<String>,
}

#[derive(Args, Clone)]
struct BuildArgs {
    /// The output folder [default: ROOT/public]
    #[arg(long)]
    output: Option<PathBuf>,
    /// Publish under this URL or path (overrides base_url of planpress.yaml)
    #[arg(long)]
    base_url: Option<String>,
    /// Include plans whose status is draft
    #[arg(long)]
    drafts: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: ROOT/public)
    Build {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Build, then rebuild on every change (no server)
    Watch {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Build, serve on 127.0.0.1:1111, rebuild on every change and reload the browser
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        build: BuildArgs,
        /// The port to listen on
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on (loopback by default: the site is yours alone)
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in a browser
        #[arg(long)]
        open: bool,
    },
    /// Validate and lint every plan; exit 1 on errors
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// How to print diagnostics
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Scaffold a new plan from the action-plan template
    New {
        #[command(subcommand)]
        what: NewWhat,
    },
    /// Scaffold a new site that builds as it is
    Init {
        /// The folder to create (new or empty)
        dir: PathBuf,
    },
}

#[derive(Subcommand)]
enum NewWhat {
    /// A plan under content/STATE/SLUG.md
    Plan {
        /// The plan's title
        title: String,
        /// Jurisdiction code (IL, PR, national)
        #[arg(long, default_value = "national")]
        state: String,
        /// action-plan, ta-plan, work-plan, improvement-plan or service-delivery-plan
        #[arg(long = "type", default_value = "action-plan")]
        plan_type: String,
        /// File name and URL [default: from the title]
        #[arg(long)]
        slug: Option<String>,
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Every path of the site: the root, with the settings file and the output folder when
/// they are given.
fn layout(site: &SiteArgs, output: Option<&PathBuf>) -> SiteLayout {
    let mut layout = SiteLayout::new(&site.root);
    if let Some(settings) = &site.config {
        layout = layout.with_settings(settings);
    }
    if let Some(output) = output {
        layout = layout.with_output(output);
    }
    layout
}

fn load_options(site: &SiteArgs) -> Result<LoadOptions, String> {
    load_options_with(site, layout(site, None), None)
}

fn load_options_with(
    site: &SiteArgs,
    layout: SiteLayout,
    base_url: Option<String>,
) -> Result<LoadOptions, String> {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let as_of = planpress::asof::resolve(site.as_of.as_deref(), epoch.as_deref(), today())
        .map_err(|e| e.to_string())?;
    Ok(LoadOptions {
        layout,
        as_of,
        base_url,
    })
}

/// Prints an error that is no file's (paths and values in it escaped, see
/// [`printable`]) and exits 2.
fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {}", printable::message(&message.to_string()));
    ExitCode::from(2)
}

/// A path as printed: control characters in it escaped.
fn shown(path: &std::path::Path) -> String {
    printable::escape(&path.display().to_string(), Newlines::Escape).into_owned()
}

/// Prints diagnostics for people on standard error, in colour on a terminal.
fn print_diagnostics(
    diagnostics: &planpress::diag::Diagnostics,
    sources: &planpress::content::source::Sources,
) {
    let color = if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    if let Err(e) = render::write_all(
        &mut StandardStream::stderr(color),
        diagnostics,
        sources,
        Format::Human,
    ) {
        eprintln!("error: failed to print diagnostics: {e}");
    }
}

fn build_options(site: &SiteArgs, args: &BuildArgs) -> Result<planpress::build::BuildOptions, String> {
    // Checked as `base_url` in planpress.yaml is, but as a usage error: it is no file's.
    let base_url = match &args.base_url {
        Some(text) => Some(
            planpress::config::base_url::parse(text)
                .map_err(|e| format!("--base-url {}\nhelp: {}", e.problem, e.help))?,
        ),
        None => None,
    };
    Ok(planpress::build::BuildOptions {
        load: load_options_with(site, layout(site, args.output.as_ref()), base_url)?,
        drafts: args.drafts,
        live_reload: false,
        one_shot: true,
    })
}

fn dev(site: &SiteArgs, args: &BuildArgs, serve: Option<(std::net::IpAddr, u16)>, open: bool) -> ExitCode {
    match build_options(site, args) {
        Ok(build) => ExitCode::from(planpress::dev::run(planpress::dev::DevOptions {
            build,
            serve,
            open,
        })),
        Err(e) => usage_error(e),
    }
}

/// Shows a progress line on a terminal for work that runs more than a moment.
fn start_progress() {
    let ci = std::env::var_os("CI");
    if planpress::progress::wanted(std::io::stderr().is_terminal(), ci.as_deref()) {
        planpress::progress::start();
    }
}

fn build(site: &SiteArgs, args: &BuildArgs) -> ExitCode {
    let options = match build_options(site, args) {
        Ok(o) => o,
        Err(e) => return usage_error(e),
    };
    let started = std::time::Instant::now();
    start_progress();
    let build = planpress::build::build(&options);
    planpress::progress::finish();
    if !build.diagnostics.is_empty() {
        print_diagnostics(&build.diagnostics, &build.site.sources);
    }
    // The process ends here: freeing the loaded site block by block would only delay the
    // exit (about a million allocations per 10,000 plans, on one thread), and the operating
    // system takes the memory back at once.
    std::mem::forget(build.site);
    match build.result {
        Ok(report) if report.up_to_date => {
            eprintln!(
                "{} is up to date: nothing changed since it was built",
                shown(&report.output)
            );
            ExitCode::SUCCESS
        }
        Ok(report) => {
            if report.in_place {
                eprintln!(
                    "note: {} cannot be replaced in one step (a mount point, or its folder is not writable): its files were updated in place, so a reader may have seen old and new pages side by side while it was written",
                    shown(&report.output)
                );
            }
            eprintln!(
                "built {} pages ({} files) into {} in {} ms",
                report.pages,
                report.files,
                shown(&report.output),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(planpress::build::BuildError::Content) => {
            eprintln!("error: the site has errors; the previous output was left as it was");
            ExitCode::from(1)
        }
        Err(e) => usage_error(e),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { site, build: args } => build(&site, &args),
        Command::Watch { site, build: args } => dev(&site, &args, None, false),
        Command::Serve {
            site,
            build: args,
            port,
            bind,
            open,
        } => dev(&site, &args, Some((bind, port)), open),
        Command::Check { site, format } => {
            let options = match load_options(&site) {
                Ok(o) => o,
                Err(e) => return usage_error(e),
            };
            start_progress();
            let (site, diagnostics) = planpress::build::check::check_site(&options);
            planpress::progress::finish();
            let result = if format == Format::Human {
                let color = if std::io::stderr().is_terminal() {
                    ColorChoice::Auto
                } else {
                    ColorChoice::Never
                };
                render::write_all(
                    &mut StandardStream::stderr(color),
                    &diagnostics,
                    &site.sources,
                    format,
                )
            } else {
                render::write_all(
                    &mut StandardStream::stdout(ColorChoice::Never),
                    &diagnostics,
                    &site.sources,
                    format,
                )
            };
            if let Err(e) = result {
                return usage_error(format!("failed to print diagnostics: {e}"));
            }
            if diagnostics.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::New {
            what:
                NewWhat::Plan {
                    title,
                    state,
                    plan_type,
                    slug,
                    root,
                },
        } => {
            let plan = planpress::scaffold::NewPlan {
                title,
                state,
                plan_type,
                slug,
                today: today(),
            };
            match planpress::scaffold::new_plan(&SiteLayout::new(root), &plan) {
                Ok(path) => {
                    println!("created {}", shown(&path));
                    ExitCode::SUCCESS
                }
                Err(e) => usage_error(e),
            }
        }
        Command::Init { dir } => match planpress::scaffold::init(&dir, today()) {
            Ok(files) => {
                for f in files {
                    println!("created {}", shown(&f));
                }
                println!("next: cd {} && planpress build", shown(&dir));
                ExitCode::SUCCESS
            }
            Err(e) => usage_error(e),
        },
    }
}
