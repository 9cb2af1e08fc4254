//! `planpress new plan` and `planpress init`: files that build as they are, with every field
//! of the action-plan template (seed 000) in place for the author to fill in.

use crate::segment::{self, Unusable};
use crate::site::layout::{DEFAULT_OUTPUT, SiteLayout};
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

const PLAN_TEMPLATE: &str = include_str!("plan.md");

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("`{0}` already exists; choose another title or --slug, or delete the file")]
    Exists(PathBuf),
    #[error("`{0}` exists and is not empty; `init` makes a new site in an empty or new folder")]
    NotEmpty(PathBuf),
    #[error("failed to write `{path}`: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// A `--state`, `--slug` or title that cannot name the new file or its folder.
    #[error("{message}\n  = help: {help}")]
    Unusable { message: String, help: String },
}

#[derive(Debug, Clone)]
pub struct NewPlan {
    pub title: String,
    /// A jurisdiction code, or `national`.
    pub state: String,
    pub plan_type: String,
    pub slug: Option<String>,
    pub today: NaiveDate,
}

/// A YAML double-quoted string: any title is safe in front matter.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// The text of a new plan file.
pub fn plan_text(p: &NewPlan) -> String {
    let year = p.today.year();
    let quarter_end = NaiveDate::from_ymd_opt(year + 1, 3, 31).unwrap_or(p.today);
    PLAN_TEMPLATE
        .replace("{title}", &yaml_string(&p.title))
        .replace("{state}", &yaml_string(&p.state))
        .replace("{type}", &p.plan_type)
        .replace("{start}", &p.today.to_string())
        .replace(
            "{end}",
            &NaiveDate::from_ymd_opt(year + 1, 12, 31)
                .unwrap_or(p.today)
                .to_string(),
        )
        .replace("{today}", &p.today.to_string())
        .replace("{when}", &quarter_end.to_string())
        .replace("{{", "{")
        .replace("}}", "}")
}

/// Writes a new plan under `content/<state>/<slug>.md` of the site laid out as `layout`
/// and returns its path. The state
/// and the slug name a folder and a file, so they follow the rules of
/// [`crate::segment`] (the same as `check`'s): anything else is refused before a file is
/// made.
pub fn new_plan(layout: &SiteLayout, p: &NewPlan) -> Result<PathBuf, ScaffoldError> {
    let folder = state_folder(&p.state)?;
    let slug = file_slug(p)?;
    let path = layout.content.join(folder).join(format!("{slug}.md"));
    if path.exists() {
        return Err(ScaffoldError::Exists(path));
    }
    write(&path, &plan_text(p))?;
    Ok(path)
}

/// The folder of `--state`: the code, lowercased.
fn state_folder(state: &str) -> Result<String, ScaffoldError> {
    segment::code(state).map_err(|problem| ScaffoldError::Unusable {
        message: format!("--state: {}", problem.message("jurisdiction code", state)),
        help: problem.help(),
    })?;
    Ok(state.to_lowercase())
}

/// The file's slug: `--slug` as written, or the slug of the title.
fn file_slug(p: &NewPlan) -> Result<String, ScaffoldError> {
    let reserved = |slug: &str| segment::RESERVED_PLAN_SLUGS.contains(&slug);
    match &p.slug {
        Some(slug) => {
            let problem = match segment::written_slug(slug) {
                Ok(()) if reserved(slug) => Unusable::Reserved,
                Ok(()) => return Ok(slug.clone()),
                Err(problem) => problem,
            };
            Err(ScaffoldError::Unusable {
                message: format!("--slug: {}", problem.message("slug", slug)),
                help: problem.help(),
            })
        }
        None => match segment::derived_slug(&p.title) {
            Some(slug) if !reserved(&slug) => Ok(slug),
            _ => Err(ScaffoldError::Unusable {
                message: format!("the title `{}` makes no usable file name", p.title),
                help:
                    "pass --slug with lowercase letters, digits and hyphens, such as `--slug state-plan-2024`"
                        .into(),
            }),
        },
    }
}

fn write(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    let io = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, text).map_err(io)
}

/// Makes a new site in `dir` (new or empty): settings, a home page, an about page and one
/// example plan, so that `planpress build` works at once.
pub fn init(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|source| ScaffoldError::Io {
                path: dir.into(),
                source,
            })?
            .next()
            .is_some()
    {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    let layout = SiteLayout::new(dir);
    let files = [
        (
            layout.settings.clone(),
            include_str!("site/planpress.yaml").to_string(),
        ),
        (
            dir.join(".gitignore"),
            format!("/{DEFAULT_OUTPUT}/\n/.planpress-cache/\n"),
        ),
        (
            layout.content.join("_index.md"),
            include_str!("site/_index.md").to_string(),
        ),
        (
            layout.content.join("about.md"),
            include_str!("site/about.md").to_string(),
        ),
        (
            layout.content.join("example/first-plan.md"),
            plan_text(&NewPlan {
                title: "Our first action plan".into(),
                state: "national".into(),
                plan_type: "action-plan".into(),
                slug: None,
                today,
            })
            .replace("status: draft", "status: initial"),
        ),
    ];
    let mut written = Vec::new();
    for (path, text) in files {
        write(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_quoted_for_yaml() {
        let text = plan_text(&NewPlan {
            title: "Goal: \"reach\" all".into(),
            state: "IL".into(),
            plan_type: "work-plan".into(),
            slug: None,
            today: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        });
        assert!(text.contains(r#"title: "Goal: \"reach\" all""#), "{text}");
        assert!(
            text.contains("period: { start: 2026-01-05, end: 2027-12-31 }"),
            "{text}"
        );
        assert!(!text.contains("{title}"));
    }

    #[test]
    fn new_plan_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let p = NewPlan {
            title: "A plan".into(),
            state: "IL".into(),
            plan_type: "work-plan".into(),
            slug: None,
            today: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        };
        let path = new_plan(&SiteLayout::new(dir.path()), &p).unwrap();
        assert!(path.ends_with("content/il/a-plan.md"));
        assert!(matches!(
            new_plan(&SiteLayout::new(dir.path()), &p),
            Err(ScaffoldError::Exists(_))
        ));
    }

    #[test]
    fn new_plan_refuses_states_slugs_and_titles_that_cannot_name_a_file() {
        let base = NewPlan {
            title: "A plan".into(),
            state: "IL".into(),
            plan_type: "work-plan".into(),
            slug: None,
            today: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        };
        let with = |title: &str, state: &str, slug: Option<&str>| NewPlan {
            title: title.into(),
            state: state.into(),
            slug: slug.map(String::from),
            ..base.clone()
        };
        let long = "x".repeat(300);
        let cases = [
            (
                with("A plan", "../../x", None),
                "--state: the jurisdiction code `../../x` contains `.`",
            ),
            (
                with("A plan", "", None),
                "--state: the jurisdiction code `` has no letter or digit",
            ),
            (
                with("A plan", "a/b", None),
                "--state: the jurisdiction code `a/b` contains `/`",
            ),
            (
                with("A plan", "IL", Some("../../x")),
                "--slug: the slug `../../x` is not URL-safe",
            ),
            (
                with("A plan", "IL", Some("..")),
                "--slug: the slug `..` is not URL-safe",
            ),
            (with("A plan", "IL", Some(&long)), "--slug: the slug `xxxxx"),
            (
                with("A plan", "IL", Some("page")),
                "--slug: the slug `page` is used by the site's own pages",
            ),
            (
                with("!!!", "IL", None),
                "the title `!!!` makes no usable file name",
            ),
            (
                with("Page", "IL", None),
                "the title `Page` makes no usable file name",
            ),
        ];
        for (plan, want) in cases {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().join("site");
            let err = new_plan(&SiteLayout::new(&root), &plan).expect_err(want);
            assert!(err.to_string().starts_with(want), "{err}");
            assert!(err.to_string().contains("= help: "), "{err}");
            assert_eq!(
                std::fs::read_dir(dir.path()).unwrap().count(),
                0,
                "{want}: nothing written"
            );
        }
    }

    #[test]
    fn new_plan_shortens_a_long_title_to_a_file_name_that_fits() {
        let dir = tempfile::tempdir().unwrap();
        let p = NewPlan {
            title: "中".repeat(120),
            state: "national".into(),
            plan_type: "work-plan".into(),
            slug: None,
            today: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        };
        let path = new_plan(&SiteLayout::new(dir.path()), &p).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(name.len() <= segment::MAX_BYTES + 3, "{name}");
        assert!(
            path.starts_with(dir.path().join("content/national")),
            "{}",
            path.display()
        );
    }

    #[test]
    fn init_refuses_a_non_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x"), "").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        assert!(matches!(init(dir.path(), today), Err(ScaffoldError::NotEmpty(_))));
    }
}
