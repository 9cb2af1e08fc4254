//! The command line: parses arguments, calls the library, maps the outcome to an exit code
//! (0 ok, 1 content errors, 2 usage or I/O errors).

use clap::{Args, Parser, Subcommand};
use planpress::diag::render::{self, Format};
use planpress::site::load::LoadOptions;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use termcolor::{ColorChoice, StandardStream};

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

#[derive(Subcommand)]
enum Command {
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

fn load_options(site: &SiteArgs) -> Result<LoadOptions, String> {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let as_of = planpress::asof::resolve(site.as_of.as_deref(), epoch.as_deref(), today())
        .map_err(|e| e.to_string())?;
    Ok(LoadOptions {
        root: site.root.clone(),
        config: site.config.clone(),
        as_of,
    })
}

fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { site, format } => {
            let options = match load_options(&site) {
                Ok(o) => o,
                Err(e) => return usage_error(e),
            };
            let (site, diagnostics) = planpress::check(&options);
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
            match planpress::scaffold::new_plan(&root, &plan) {
                Ok(path) => {
                    println!("created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => usage_error(e),
            }
        }
        Command::Init { dir } => match planpress::scaffold::init(&dir, today()) {
            Ok(files) => {
                for f in files {
                    println!("created {}", f.display());
                }
                println!("next: cd {} && planpress build", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => usage_error(e),
        },
    }
}
