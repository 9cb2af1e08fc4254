//! The site settings in `planpress.yaml`: every key optional but `title` (and the file
//! itself optional: a folder holding only `content/` builds with the defaults).

pub mod base_url;

use crate::content::source::{SourceFile, SourceId};
use crate::diag::Diagnostics;
use crate::model::decode::Decoder;
use crate::model::jurisdiction::{Jurisdiction, Jurisdictions, Region};
use crate::model::timeframe::TimeframeOptions;
use crate::yaml::{self, Node};

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "markdown",
    "fiscal_year_start",
    "jurisdictions",
    "regions",
    "per_page",
    "relative_urls",
    "extra",
];

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// Where the site is published, always ending in `/` (`/` or `/plans/` or a full URL).
    pub base_url: String,
    pub language: String,
    pub theme: Option<String>,
    /// Where `theme` is written, for a diagnostic when the theme is missing.
    pub theme_at: Option<crate::diag::Location>,
    /// Where `base_url` is written in the settings file (the file alone when it is not
    /// written there, nothing without a settings file or with `--base-url`), for the
    /// diagnostics that judge it.
    pub base_url_at: Option<crate::diag::Location>,
    /// Raw HTML in Markdown passes through only when the site opts in.
    pub unsafe_html: bool,
    pub timeframes: TimeframeOptions,
    pub jurisdictions: Jurisdictions,
    /// Rows per page of long listings.
    pub per_page: usize,
    /// Pages link to the site relative to themselves, so the site works from a folder.
    pub relative_urls: bool,
    pub extra: serde_json::Value,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Plans".into(),
            description: None,
            base_url: "/".into(),
            language: "en".into(),
            theme: None,
            theme_at: None,
            base_url_at: None,
            unsafe_html: false,
            timeframes: TimeframeOptions::default(),
            jurisdictions: Jurisdictions::builtin(),
            per_page: 100,
            relative_urls: false,
            extra: serde_json::Value::Object(Default::default()),
        }
    }
}

/// Makes a base URL end in exactly one `/`.
pub fn normalise_base_url(url: &str) -> String {
    format!("{}/", url.trim().trim_end_matches('/'))
}

/// Decodes `planpress.yaml`. Problems become diagnostics; the defaults stand in for values
/// that could not be read.
pub fn decode(file: &SourceFile, source: SourceId) -> (Config, Diagnostics) {
    let mut config = Config::default();
    let interner = crate::model::intern::Interner::default();
    let mut decoder = Decoder::new(file, source, TimeframeOptions::default(), &interner);
    let root = match yaml::parse(file, 0..file.text.len(), 1) {
        Ok(root) => root,
        Err(e) => {
            decoder.error("yaml", e.message, e.span).help = e.help;
            return (config, decoder.diagnostics);
        }
    };
    if root.value == yaml::Value::Null {
        decoder.error("missing-key", "planpress.yaml is empty", 0..0).help =
            Some("add at least `title: My plans`".into());
        return (config, decoder.diagnostics);
    }
    let Some(f) = decoder.fields(&root, "planpress.yaml", KEYS) else {
        return (config, decoder.diagnostics);
    };
    if let Some(title) = decoder.required_text(&f, "title", "planpress.yaml") {
        config.title = title;
    }
    config.description = decoder.text(f.get("description"));
    if let Some(url) = base_url(&mut decoder, f.get("base_url")) {
        config.base_url = url;
    }
    if let Some(lang) = decoder.text(f.get("language")) {
        config.language = lang;
    }
    config.theme = theme(&mut decoder, f.get("theme"));
    let at = |key: &str| crate::diag::Location {
        source,
        span: f.get(key).map(|node| node.span.clone()),
    };
    config.theme_at = config.theme.as_ref().map(|_| at("theme"));
    config.base_url_at = Some(at("base_url"));
    if let Some(md) = f
        .get("markdown")
        .and_then(|n| decoder.fields(n, "`markdown`", &["unsafe_html"]))
    {
        config.unsafe_html = decoder.boolean(md.get("unsafe_html"), "unsafe_html") == Some(true);
    }
    if let Some(month) = decoder.number(f.get("fiscal_year_start"), "fiscal_year_start", (1.0, 12.0)) {
        config.timeframes.fiscal_year_start_month = month as u32;
    }
    if let Some(n) = decoder.number(f.get("per_page"), "per_page", (10.0, 10_000.0)) {
        config.per_page = n as usize;
    }
    config.relative_urls = decoder.boolean(f.get("relative_urls"), "relative_urls") == Some(true);
    config.extra = Decoder::json(f.get("extra"));
    jurisdictions(
        &mut decoder,
        f.get("jurisdictions"),
        f.get("regions"),
        &mut config.jurisdictions,
    );
    (config, decoder.diagnostics)
}

/// `base_url`, checked and normalised ([`base_url::parse`]).
fn base_url(d: &mut Decoder, node: Option<&Node>) -> Option<String> {
    let node = node?;
    let text = d.str(Some(node))?;
    match base_url::parse(text) {
        Ok(url) => Some(url),
        Err(e) => {
            d.error(
                "bad-base-url",
                format!("`base_url` {}", e.problem),
                node.span.clone(),
            )
            .help = Some(e.help);
            None
        }
    }
}

/// `theme`: the name of a folder under `themes/`, never a path, so a theme cannot be read
/// from elsewhere on the machine (`/etc`, `../other-site`).
fn theme(d: &mut Decoder, node: Option<&Node>) -> Option<String> {
    let node = node?;
    let name = d.str(Some(node))?;
    // A drive letter or a URL scheme (`c:`) is a path too.
    if crate::segment::is_safe(name) && !name.contains(':') {
        return Some(name.to_string());
    }
    let d = d.error(
        "bad-theme",
        format!("`theme` must be the name of a folder under themes/, not `{name}`"),
        node.span.clone(),
    );
    d.label = Some("not a folder name".into());
    d.help = Some("put the theme in themes/NAME/ (templates/ and static/) and write `theme: NAME`".into());
    None
}

/// `jurisdictions: { builtin: false, list: [{code, name, region}] }` and
/// `regions: [{id, name}]` extend (or, with `builtin: false`, replace) the built-in list.
fn jurisdictions(d: &mut Decoder, list: Option<&Node>, regions: Option<&Node>, out: &mut Jurisdictions) {
    if let Some(f) = list.and_then(|n| d.fields(n, "`jurisdictions`", &["builtin", "list"])) {
        if d.boolean(f.get("builtin"), "builtin") == Some(false) {
            *out = Jurisdictions::empty();
        }
        for node in d.list(f.get("list")) {
            let Some(j) = d.fields(node, "a jurisdiction", &["code", "name", "region"]) else {
                continue;
            };
            let (Some(code), Some(name)) = (
                d.required_text(&j, "code", "a jurisdiction"),
                d.required_text(&j, "name", "a jurisdiction"),
            ) else {
                continue;
            };
            let region = d.text(j.get("region"));
            let code_ok = usable_code(d, j.get("code"), &code, "jurisdiction code");
            let region_ok = region
                .as_ref()
                .is_none_or(|r| usable_code(d, j.get("region"), r, "region id"));
            if code_ok && region_ok {
                out.upsert(Jurisdiction { code, name, region });
            }
        }
    }
    for node in d.list(regions) {
        let Some(r) = d.fields(node, "a region", &["id", "name"]) else {
            continue;
        };
        if let (Some(id), Some(name)) = (
            d.required_text(&r, "id", "a region"),
            d.required_text(&r, "name", "a region"),
        ) && usable_code(d, r.get("id"), &id, "region id")
        {
            out.upsert_region(Region { id, name });
        }
    }
}

/// Whether a code or id can name a folder of the output (`states/CODE/`,
/// `regions/ID/`); when not, an error at `node`. One that cannot is left out of the list,
/// so no path is ever made of it.
fn usable_code(d: &mut Decoder, node: Option<&Node>, text: &str, what: &str) -> bool {
    let Err(problem) = crate::segment::code(text) else {
        return true;
    };
    let span = node.map_or(0..0, |n| n.span.clone());
    d.error("bad-code", problem.message(what, text), span).help = Some(problem.help());
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_str(text: &str) -> (Config, Diagnostics) {
        let file = SourceFile::new("planpress.yaml", "planpress.yaml", text.to_string());
        decode(&file, SourceId(0))
    }

    #[test]
    fn reads_settings_and_normalises_base_url() {
        let (c, d) =
            decode_str("title: State plans\nbase_url: https://example.org/plans\nfiscal_year_start: 7\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.title, "State plans");
        assert_eq!(c.base_url, "https://example.org/plans/");
        assert_eq!(c.timeframes.fiscal_year_start_month, 7);
        assert!(!c.relative_urls);
    }

    #[test]
    fn relative_urls_is_read_when_true() {
        for (text, want) in [("true", true), ("false", false)] {
            let (c, d) = decode_str(&format!("title: x\nrelative_urls: {text}\n"));
            assert!(d.is_empty(), "{d:?}");
            assert_eq!(c.relative_urls, want, "{text}");
        }
        // Read as every boolean setting is: YAML 1.1's `yes` is an error, not false.
        let (c, d) = decode_str("title: x\nrelative_urls: yes\n");
        assert!(!c.relative_urls);
        assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["not-a-boolean"]);
    }

    #[test]
    fn title_is_required_and_unknown_keys_hint() {
        let (_, d) = decode_str("titel: x\n");
        let messages: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.contains(&"unknown key `titel` in planpress.yaml"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"planpress.yaml has no `title`"),
            "{messages:?}"
        );
        assert_eq!(
            d.iter().next().unwrap().help.as_deref(),
            Some("did you mean `title`? Custom data goes under `extra:`")
        );
    }

    #[test]
    fn codes_and_ids_that_cannot_name_a_folder_are_errors_and_left_out() {
        let cases = [
            ("{ code: ../../x, name: X }", "jurisdiction code", "../../x"),
            ("{ code: 'a/b', name: X }", "jurisdiction code", "a/b"),
            ("{ code: '..', name: X }", "jurisdiction code", ".."),
            ("{ code: XX, name: X, region: ../r }", "region id", "../r"),
        ];
        for (entry, what, bad) in cases {
            let text = format!("title: x\njurisdictions:\n  list:\n    - {entry}\n");
            let (c, d) = decode_str(&text);
            let errors: Vec<_> = d.iter().map(|d| (d.code, d.message.clone())).collect();
            assert_eq!(
                errors,
                [(
                    "bad-code",
                    format!(
                        "the {what} `{bad}` contains `{}`",
                        bad.chars().find(|c| !c.is_ascii_alphanumeric()).unwrap()
                    )
                )],
                "{entry}"
            );
            assert_eq!(c.jurisdictions.iter().count(), 57, "{entry}: left out");
            let d = d.iter().next().unwrap();
            assert!(
                d.location.as_ref().unwrap().span.is_some(),
                "{entry}: points at the value"
            );
            assert!(
                d.help.as_deref().unwrap().starts_with("use ASCII letters"),
                "{entry}"
            );
        }
        let long = "R".repeat(200);
        let (c, d) = decode_str(&format!(
            "title: x\nregions:\n  - {{ id: {long}, name: R }}\n  - {{ id: 'X/Y', name: R }}\n"
        ));
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["bad-code", "bad-code"]);
        assert!(d.iter().next().unwrap().message.contains("200 bytes"));
        assert_eq!(c.jurisdictions.regions().count(), 10);
    }

    #[test]
    fn jurisdictions_can_be_replaced() {
        let text = "title: x\njurisdictions:\n  builtin: false\n  list:\n    - { code: ON, name: Ontario, region: C }\nregions:\n  - { id: C, name: Central }\n";
        let (c, d) = decode_str(text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.jurisdictions.iter().count(), 1);
        assert!(c.jurisdictions.get("IL").is_none());
        assert_eq!(c.jurisdictions.get("on").unwrap().region.as_deref(), Some("C"));
        assert_eq!(c.jurisdictions.region("C").unwrap().name, "Central");
    }

    /// The one diagnostic of `text`: its code, message, help and the text it points at.
    fn only_error(text: &str) -> (&'static str, String, String, String) {
        let (_, d) = decode_str(text);
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        let d = d.iter().next().unwrap();
        let span = d.location.as_ref().and_then(|l| l.span.clone()).unwrap();
        let help = d.help.clone().unwrap_or_default();
        (d.code, d.message.clone(), help, text[span].to_string())
    }

    #[test]
    fn errors_when_base_url_would_break_links() {
        let cases = [
            (
                "base_url: /plans/?x=1",
                "`base_url` has a query (`?x=1`)",
                "/plans/?x=1",
            ),
            (
                "base_url: \"https://x.org/#a\"",
                "`base_url` has a fragment (`#a`)",
                "\"https://x.org/#a\"",
            ),
            (
                "base_url: \"https:/plans\"",
                "`base_url` has a scheme but no host",
                "\"https:/plans\"",
            ),
            ("base_url: \"/a b/\"", "`base_url` contains a space", "\"/a b/\""),
            (
                "base_url: \"/a\\nb/\"",
                "`base_url` contains a control character (\\u{a})",
                "\"/a\\nb/\"",
            ),
        ];
        for (line, message, at) in cases {
            let (code, got, help, span) = only_error(&format!("title: x\n{line}\n"));
            assert_eq!((code, got.as_str()), ("bad-base-url", message), "{line}");
            assert!(!help.is_empty(), "{line}");
            assert_eq!(span, at, "{line}");
        }
        let (c, d) = decode_str("title: x\nbase_url: /plans/?x=1\n");
        assert!(d.has_errors());
        assert_eq!(c.base_url, "/", "the default stands in");
    }

    #[test]
    fn booleans_given_as_yaml_1_1_words_are_errors() {
        let (code, message, help, span) = only_error("title: x\nmarkdown:\n  unsafe_html: yes\n");
        assert_eq!(code, "not-a-boolean");
        assert_eq!(message, "`unsafe_html` must be true or false, not `yes`");
        assert!(help.contains("write `unsafe_html: true`"), "{help}");
        assert_eq!(span, "yes");
        let (c, _) = decode_str("title: x\nmarkdown:\n  unsafe_html: true\n");
        assert!(c.unsafe_html);
        let (code, _, help, _) = only_error("title: x\njurisdictions:\n  builtin: no\n");
        assert_eq!(code, "not-a-boolean");
        assert!(help.contains("write `builtin: false`"), "{help}");
    }

    #[test]
    fn theme_is_a_folder_name_not_a_path() {
        for name in ["/etc", "..", ".", "../other", "a/b", "a\\\\b", "C:x"] {
            let (code, message, _, _) = only_error(&format!("title: x\ntheme: '{name}'\n"));
            assert_eq!(code, "bad-theme", "{name}");
            assert!(
                message.starts_with("`theme` must be the name of a folder under themes/"),
                "{message}"
            );
        }
        for name in ["plain", "default", "my-theme.v2"] {
            let (c, d) = decode_str(&format!("title: x\ntheme: {name}\n"));
            assert!(d.is_empty(), "{name}: {d:?}");
            assert_eq!(c.theme.as_deref(), Some(name));
        }
    }
}
