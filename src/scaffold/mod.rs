//! `planpress new plan` and `planpress init`: files that build as they are, with every field
//! of the action-plan template (seed 000) in place for the author to fill in.

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

/// Writes a new plan under `content/<state>/<slug>.md` and returns its path.
pub fn new_plan(root: &Path, p: &NewPlan) -> Result<PathBuf, ScaffoldError> {
    let slug = p.slug.clone().unwrap_or_else(|| slug::slugify(&p.title));
    let path = root
        .join("content")
        .join(p.state.to_lowercase())
        .join(format!("{slug}.md"));
    if path.exists() {
        return Err(ScaffoldError::Exists(path));
    }
    write(&path, &plan_text(p))?;
    Ok(path)
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
    let files = [
        ("planpress.yaml", include_str!("site/planpress.yaml").to_string()),
        (".gitignore", "/public/\n/.planpress-cache/\n".to_string()),
        ("content/_index.md", include_str!("site/_index.md").to_string()),
        ("content/about.md", include_str!("site/about.md").to_string()),
        (
            "content/example/first-plan.md",
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
    for (rel, text) in files {
        let path = dir.join(rel);
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
        let path = new_plan(dir.path(), &p).unwrap();
        assert!(path.ends_with("content/il/a-plan.md"));
        assert!(matches!(new_plan(dir.path(), &p), Err(ScaffoldError::Exists(_))));
    }

    #[test]
    fn init_refuses_a_non_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x"), "").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        assert!(matches!(init(dir.path(), today), Err(ScaffoldError::NotEmpty(_))));
    }
}
