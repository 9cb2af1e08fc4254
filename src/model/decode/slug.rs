//! The slug of a plan or a page: its `slug:` when given, else the one its file name makes.
//! Either becomes a folder of the output, so both follow [`crate::segment`]: a `slug:` that
//! is not usable is an error at the value, and a file name that makes no slug (`!!!.md`) or
//! a listing's slug (`plans.md` as a page) is an error naming the file.

use super::{Decoder, Fields};
use crate::segment::{self, Unusable};

impl Decoder<'_> {
    /// The slug of the document whose fields are `f`. `derived` is the slug of its file
    /// name (None when the name has no letter or digit); `reserved` are the slugs the
    /// listings beside it use. None, with an error, when neither gives a usable slug.
    pub(super) fn slug(&mut self, f: &Fields, derived: Option<String>, reserved: &[&str]) -> Option<String> {
        let Some(node) = f.get("slug") else {
            return self.file_slug(derived, reserved);
        };
        let Some(text) = self.str(Some(node)) else {
            // Not text: reported by `str`; the file name's slug stands in, as below.
            return derived.filter(|d| !reserved.contains(&d.as_str()));
        };
        let problem = match segment::written_slug(text) {
            Ok(()) if reserved.contains(&text) => Unusable::Reserved,
            Ok(()) => return Some(text.to_string()),
            Err(problem) => problem,
        };
        let code = match problem {
            Unusable::Reserved => "reserved-slug",
            _ => "bad-slug",
        };
        self.error(code, problem.message("slug", text), node.span.clone())
            .help = Some(problem.help());
        // The error is reported; the file name's slug, when it is usable, keeps the
        // document in the site so the rest of it is still checked.
        derived.filter(|d| !reserved.contains(&d.as_str()))
    }

    /// The slug the file name makes, or an error at the top of the file naming it.
    fn file_slug(&mut self, derived: Option<String>, reserved: &[&str]) -> Option<String> {
        let name = self.file.name.rsplit('/').next().unwrap_or_default().to_string();
        let (code, message, help) = match derived {
            Some(slug) if !reserved.contains(&slug.as_str()) => return Some(slug),
            Some(slug) => (
                "reserved-slug",
                format!("the file name `{name}` makes the slug `{slug}`, which the site's own pages use"),
                "rename the file, or give it another `slug:`",
            ),
            None => (
                "no-slug",
                format!("the file name `{name}` has no letter or digit to make a slug of"),
                "rename the file with letters or digits (such as `state-plan.md`), or give it a `slug:`",
            ),
        };
        let diagnostic = self.error(code, message, 0..0);
        diagnostic.label = Some("the file's name".into());
        diagnostic.help = Some(help.into());
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::content::source::{SourceFile, SourceId};
    use crate::model::decode::Decoder;
    use crate::model::decode::plan::Document;
    use crate::model::jurisdiction::Jurisdictions;

    /// The slug `content/NAME` with front matter `yaml` gets, and the codes of the
    /// diagnostics about it.
    fn slug_of(name: &str, yaml: &str) -> (Option<String>, Vec<&'static str>) {
        let file = SourceFile::new(format!("content/{name}"), name, yaml.to_string());
        let root = crate::yaml::parse(&file, 0..file.text.len(), 1).expect("valid YAML");
        let interner = crate::model::intern::Interner::default();
        let mut decoder = Decoder::new(&file, SourceId(0), Default::default(), &interner);
        let derived = crate::segment::derived_slug(name.trim_end_matches(".md"));
        let doc = decoder.document(&root, derived, 0..0, false, &Jurisdictions::builtin());
        let slug = doc.map(|d| match d {
            Document::Plan(p) => p.slug,
            Document::Page(p) => p.slug,
        });
        (slug, decoder.diagnostics.iter().map(|d| d.code).collect())
    }

    #[test]
    fn every_unusable_slug_is_an_error_and_never_reaches_the_model() {
        let plan = "title: P\nstate: IL\ntype: work-plan\n";
        let page = "kind: page\ntitle: P\n";
        let long = "a".repeat(300);
        let long_slug = format!("slug: {long}\n");
        let long_name = format!("{}.md", "b".repeat(251));
        let cases: Vec<(&str, String, Option<&str>, Vec<&str>)> = vec![
            ("work-plan.md", plan.into(), Some("work-plan"), vec![]),
            ("x.md", format!("{plan}slug: given\n"), Some("given"), vec![]),
            ("!!!.md", plan.into(), None, vec!["no-slug"]),
            ("---.md", page.into(), None, vec!["no-slug"]),
            ("!!!.md", format!("{plan}slug: fine\n"), Some("fine"), vec![]),
            (
                "x.md",
                format!("{plan}slug: ../../x\n"),
                Some("x"),
                vec!["bad-slug"],
            ),
            ("!!!.md", format!("{plan}slug: '..'\n"), None, vec!["bad-slug"]),
            ("x.md", format!("{plan}slug: ''\n"), Some("x"), vec!["bad-slug"]),
            ("x.md", format!("{plan}{long_slug}"), Some("x"), vec!["bad-slug"]),
            ("page.md", plan.into(), None, vec!["reserved-slug"]),
            (
                "x.md",
                format!("{plan}slug: page\n"),
                Some("x"),
                vec!["reserved-slug"],
            ),
            ("plans.md", page.into(), None, vec!["reserved-slug"]),
            (
                "x.md",
                format!("{page}slug: states\n"),
                Some("x"),
                vec!["reserved-slug"],
            ),
            ("plans.md", plan.into(), Some("plans"), vec![]),
            (
                "x.md",
                format!("{plan}slug: [a, b]\n"),
                Some("x"),
                vec!["wrong-type"],
            ),
        ];
        for (name, yaml, want, codes) in cases {
            assert_eq!(
                slug_of(name, &yaml),
                (want.map(String::from), codes),
                "{name} {yaml:?}"
            );
        }
        let (slug, codes) = slug_of(&long_name, plan);
        let slug = slug.expect("a long file name is shortened, not refused");
        assert!(
            slug.len() <= crate::segment::MAX_BYTES && codes.is_empty(),
            "{slug} {codes:?}"
        );
    }

    #[test]
    fn a_file_name_without_a_slug_is_named_with_a_help_line() {
        let file = SourceFile::new(
            "content/!!!.md",
            "!!!.md",
            "title: P\nstate: IL\ntype: work-plan\n".into(),
        );
        let root = crate::yaml::parse(&file, 0..file.text.len(), 1).unwrap();
        let interner = crate::model::intern::Interner::default();
        let mut decoder = Decoder::new(&file, SourceId(0), Default::default(), &interner);
        decoder.document(&root, None, 0..0, false, &Jurisdictions::builtin());
        let d = decoder.diagnostics.iter().next().expect("an error");
        assert_eq!(
            d.message,
            "the file name `!!!.md` has no letter or digit to make a slug of"
        );
        assert!(d.help.as_deref().unwrap().contains("`slug:`"), "{:?}", d.help);
        assert_eq!(d.location.as_ref().unwrap().span, Some(0..0));
    }
}
