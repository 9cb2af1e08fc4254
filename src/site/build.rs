//! `planpress build`: load and check the site, then render every page and export in
//! parallel into a staging folder, swapped in only when all of it succeeded.

use super::Site;
use super::index::Index;
use super::load::LoadOptions;
use super::output::{self, OutputError, OutputFile, Staging};
use super::urls::Urls;
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::pages::{self, RenderContext};
use crate::render::templates;
use rayon::prelude::*;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub load: LoadOptions,
    /// `public/` in the root when None.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of the settings.
    pub base_url: Option<String>,
    /// Include plans whose status is `draft`.
    pub drafts: bool,
    /// Serve mode: pages include the live-reload script.
    pub live_reload: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub files: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content or the templates have errors (they are in the diagnostics).
    #[error("the site has errors; nothing was written")]
    Content,
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// What a build did: the site it loaded (for printing diagnostics), every diagnostic, and
/// the outcome.
pub struct Build {
    pub site: Site,
    pub diagnostics: Diagnostics,
    pub result: Result<BuildReport, BuildError>,
}

pub fn output_dir(options: &BuildOptions) -> PathBuf {
    options
        .output
        .clone()
        .unwrap_or_else(|| options.load.root.join("public"))
}

pub fn build(options: &BuildOptions) -> Build {
    let (mut site, mut diagnostics) = crate::check(&options.load);
    if let Some(url) = &options.base_url {
        site.config.base_url = crate::config::normalise_base_url(url);
    }
    let result = if diagnostics.has_errors() {
        Err(BuildError::Content)
    } else {
        render_site(&site, options, &mut diagnostics)
    };
    Build {
        site,
        diagnostics,
        result,
    }
}

fn render_site(
    site: &Site,
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
) -> Result<BuildReport, BuildError> {
    let output = output_dir(options);
    output::check_output_folder(&site.root, &output)?;
    let theme = match templates::load(&site.root, site.config.theme.as_deref()) {
        Ok(theme) => theme,
        Err(d) => {
            diagnostics.push(d);
            return Err(BuildError::Content);
        }
    };
    let index = Index::new(site, options.drafts);
    let urls = Urls::new(&site.config.base_url);
    let cx = RenderContext::new(site, &index, &urls, &theme, options.live_reload);
    let staging = Staging::new(&output)?;
    let specs = pages::specs(site, &index);

    // Pages are rendered and written one by one, in parallel, never all held in memory.
    let write = |file: OutputFile| staging.write(&file).map_err(Problem::Output);
    let problems: Vec<Problem> = specs
        .par_iter()
        .filter_map(|spec| {
            pages::render(&cx, spec)
                .map_err(Problem::Render)
                .and_then(write)
                .err()
        })
        .chain(
            crate::export::files(site, &index, &urls)
                .into_par_iter()
                .chain(
                    theme
                        .statics
                        .iter()
                        .map(|(path, bytes)| OutputFile::new(path.clone(), bytes.clone()))
                        .collect::<Vec<_>>(),
                )
                .filter_map(|file| write(file).err()),
        )
        .collect();
    if let Some(problem) = problems.iter().find_map(|p| match p {
        Problem::Output(e) => Some(e.clone()),
        Problem::Render(_) => None,
    }) {
        return Err(problem.into());
    }
    if !problems.is_empty() {
        report_render_problems(problems, diagnostics);
        return Err(BuildError::Content);
    }
    let files = walk_count(staging.dir());
    staging.commit()?;
    Ok(BuildReport {
        output,
        pages: specs.len(),
        files,
    })
}

enum Problem {
    Render(Diagnostic),
    Output(OutputError),
}

/// One diagnostic per distinct template error, with how many pages it broke: a bad
/// template fails every page that uses it, and the author needs to read it once.
fn report_render_problems(problems: Vec<Problem>, diagnostics: &mut Diagnostics) {
    let mut seen: Vec<(Diagnostic, usize)> = Vec::new();
    for p in problems {
        if let Problem::Render(d) = p {
            match seen.iter_mut().find(|(s, _)| s.message == d.message) {
                Some((_, n)) => *n += 1,
                None => seen.push((d, 1)),
            }
        }
    }
    seen.sort_by(|a, b| a.0.message.cmp(&b.0.message));
    for (mut d, n) in seen {
        if n > 1 {
            d.message.push_str(&format!("\n(on {n} pages)"));
        }
        diagnostics.push(d);
    }
}

fn walk_count(dir: &std::path::Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count()
}
