//! `planpress check` on good and broken sites: every problem reported, with its place.

mod common;
use common::{TestSite, plan, stderr};

/// The diagnostics of a site holding one file, as (code, line, column).
fn diagnose(rel: &str, text: impl AsRef<[u8]>) -> Vec<(String, Option<u64>, Option<u64>, String)> {
    let site = TestSite::new();
    site.write(rel, text);
    let (diagnostics, code) = site.check_json();
    let errors = diagnostics.iter().any(|d| d["severity"] == "error");
    assert_eq!(code, if errors { 1 } else { 0 }, "{diagnostics:?}");
    diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64(),
                d["column"].as_u64(),
                d["file"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn has(found: &[(String, Option<u64>, Option<u64>, String)], code: &str, line: u64) -> bool {
    found.iter().any(|(c, l, _, _)| c == code && *l == Some(line))
}

/// The codes of diagnostics other than `no-sitemap`, which every site whose `base_url` is a
/// path gets.
fn besides_no_sitemap(diagnostics: &[serde_json::Value]) -> Vec<&serde_json::Value> {
    diagnostics.iter().filter(|d| d["code"] != "no-sitemap").collect()
}

#[test]
fn example_site_checks_clean_but_for_its_missing_sitemap() {
    let site = TestSite::example();
    let (diagnostics, code) = site.check_json();
    assert_eq!(code, 0, "{diagnostics:#?}");
    assert!(besides_no_sitemap(&diagnostics).is_empty(), "{diagnostics:#?}");
    // Its base_url is `/`: a sitemap would list paths, which the protocol does not allow.
    let note = &diagnostics[0];
    assert_eq!(
        (&note["severity"], &note["file"], &note["line"], &note["column"]),
        (&"warning".into(), &"planpress.yaml".into(), &3.into(), &11.into()),
        "{note:#}"
    );
}

/// A sitemap's `<loc>`s were site-relative paths with the default `base_url`.
#[test]
fn check_and_build_say_why_a_site_without_a_full_url_has_no_sitemap() {
    let site = TestSite::new();
    site.write("planpress.yaml", "title: Test plans\nbase_url: /plans/\n");
    site.write("content/a.md", plan("A", "IL", ""));
    let checked = stderr(&site.run(&["check", "--as-of", "2026-01-01"]));
    let built = stderr(&site.build(&[]));
    for text in [&checked, &built] {
        assert!(
            text.contains("warning: sitemap.xml is left out: base_url `/plans/` is a path, and a sitemap lists full URLs"),
            "{text}"
        );
        assert!(text.contains("--> planpress.yaml:2:11"), "{text}");
        assert!(text.contains("= help: set base_url in planpress.yaml to the full address the site is published at, e.g. `base_url: https://example.org/plans/`"), "{text}");
        assert_eq!(text.matches("sitemap.xml is left out").count(), 1, "{text}");
    }
    assert!(!site.root().join("public/sitemap.xml").exists());
    assert_eq!(site.output("robots.txt"), "User-agent: *\nAllow: /\n");

    site.write(
        "planpress.yaml",
        "title: Test plans\nbase_url: https://example.org/plans/\n",
    );
    let checked = stderr(&site.run(&["check", "--as-of", "2026-01-01"]));
    let built = stderr(&site.build(&[]));
    for text in [&checked, &built] {
        assert!(!text.contains("sitemap"), "{text}");
    }
    let sitemap = site.output("sitemap.xml");
    assert!(
        sitemap.contains("<url><loc>https://example.org/plans/plans/a/</loc>"),
        "{sitemap}"
    );
    assert!(
        site.output("robots.txt")
            .ends_with("\nSitemap: https://example.org/plans/sitemap.xml\n")
    );
}

#[test]
fn every_bad_input_is_an_error_at_its_line() {
    let cases: Vec<(&str, String, &str, u64)> = vec![
        ("broken yaml", "---\ntitle: [unclosed\n---\n".into(), "yaml", 3),
        ("tab", "---\ntitle: x\n\tstate: IL\n---\n".into(), "yaml", 3),
        (
            "unclosed front matter",
            "---\ntitle: x\n".into(),
            "unclosed-front-matter",
            1,
        ),
        ("no front matter", "# Just a title\n".into(), "no-front-matter", 1),
        (
            "string for a list",
            plan("A", "IL", "partners: Home Visiting\n"),
            "wrong-type",
            6,
        ),
        (
            "impossible date",
            plan("A", "IL", "period: { start: 2011-02-30, end: 2012-01-01 }\n"),
            "bad-date",
            6,
        ),
        (
            "reversed period",
            plan("A", "IL", "period: { start: 2012-01-01, end: 2011-01-01 }\n"),
            "reversed-period",
            6,
        ),
        (
            "progress over 100",
            plan(
                "A",
                "IL",
                "goals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - { title: a, who: x, when: 2011-01-01, progress: 140 }\n",
            ),
            "out-of-range",
            11,
        ),
        ("unknown state", plan("A", "ZZ", ""), "unknown-jurisdiction", 3),
        (
            "unknown status",
            plan(
                "A",
                "IL",
                "goals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - title: a\n            status: don\n",
            ),
            "unknown-word",
            12,
        ),
        (
            "unknown key",
            plan("A", "IL", "responsibilty: x\n"),
            "unknown-key",
            6,
        ),
        (
            "region mismatch",
            plan("A", "TX", "region: V\n"),
            "region-mismatch",
            6,
        ),
        (
            "missing title",
            "---\nstate: IL\ntype: work-plan\n---\n".into(),
            "missing-key",
            2,
        ),
        ("alias bomb", alias_bomb(), "yaml", 7),
        (
            "nested brackets",
            format!("---\ntitle: {}{}\n---\n", "[".repeat(5000), "]".repeat(5000)),
            "yaml",
            2,
        ),
    ];
    for (name, text, code, line) in cases {
        let found = diagnose("content/a.md", &text);
        assert!(
            has(&found, code, line),
            "{name}: expected `{code}` at line {line}, got {found:?}"
        );
    }
}

fn alias_bomb() -> String {
    let mut text = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        let refs = vec![format!("*a{p}"); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text + "---\n"
}

#[test]
fn empty_and_non_utf8_files_are_errors_naming_the_file() {
    let found = diagnose("content/empty.md", "");
    assert!(
        found
            .iter()
            .any(|(c, _, _, f)| c == "empty-file" && f == "content/empty.md"),
        "{found:?}"
    );
    let found = diagnose("content/latin1.md", b"---\ntitle: caf\xe9\n---\n");
    assert!(
        found
            .iter()
            .any(|(c, l, col, _)| c == "not-utf8" && *l == Some(2) && *col == Some(11)),
        "{found:?}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_and_the_rest_still_checked() {
    let site = TestSite::new();
    site.write("content/a/plan.md", plan("A", "XX", ""));
    std::os::unix::fs::symlink(site.root().join("content"), site.root().join("content/a/loop")).unwrap();
    let (diagnostics, code) = site.check_json();
    assert_eq!(code, 1);
    let codes: Vec<_> = diagnostics.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"io"), "{codes:?}");
    assert!(
        codes.contains(&"unknown-jurisdiction"),
        "the plan is still checked: {codes:?}"
    );
}

#[test]
fn one_bad_file_does_not_hide_the_others() {
    let site = TestSite::new();
    site.write("content/a.md", plan("A", "ZZ", ""));
    site.write("content/b.md", "---\ntitle: [\n---\n");
    site.write("content/c.md", plan("C", "IL", "type: nope\n"));
    let (diagnostics, _) = site.check_json();
    let files: Vec<_> = diagnostics.iter().map(|d| d["file"].as_str().unwrap()).collect();
    for f in ["content/a.md", "content/b.md", "content/c.md"] {
        assert!(files.contains(&f), "{f} missing from {files:?}");
    }
}

#[test]
fn duplicate_slugs_name_both_files() {
    let site = TestSite::new();
    site.write("content/il/plan.md", plan("A", "IL", ""));
    site.write("content/in/plan.md", plan("B", "IN", ""));
    let (diagnostics, code) = site.check_json();
    assert_eq!(code, 1);
    let d = diagnostics
        .iter()
        .find(|d| d["code"] == "duplicate-slug")
        .expect("duplicate-slug");
    assert_eq!(d["file"], "content/in/plan.md");
    assert!(d["help"].as_str().unwrap().contains("content/il/plan.md"), "{d}");
}

#[test]
fn lints_are_warnings_from_the_seeds_criteria() {
    let text = plan(
        "A",
        "IL",
        "period: { start: 2011-01-01, end: 2011-12-31 }\ngoals:\n  - title: G\n    objectives:\n      - title: Empty\n        deliverables: [Toolkit]\n      - title: O\n        actions:\n          - title: No owner\n            when: 2011-06-30\n          - title: Late\n            who: x\n            when: 2013-06-30\n          - title: Vague\n            who: x\n            when: After the summit\n          - title: Unsettled\n            who: x\n            when: TBD\n",
    );
    let found = diagnose("content/a.md", text);
    for (code, line) in [
        ("objective-without-action", 10),
        ("action-incomplete", 14),
        ("date-outside-period", 18),
        ("free-text-timeframe", 21),
        ("tbd-in-final", 24),
    ] {
        assert!(has(&found, code, line), "expected {code} at {line}: {found:?}");
    }
}

#[test]
fn broken_internal_links_are_errors() {
    let site = TestSite::new();
    site.write("content/il/a.md", plan("A", "IL", "").replace("Narrative.", "## Background\n\nSee [b](@/il/b.md), [bad](@/il/nope.md) and [anchor](@/il/a.md#background), [no](@/il/a.md#nowhere)."));
    let (diagnostics, code) = site.check_json();
    assert_eq!(code, 1);
    let broken: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["code"] == "broken-link")
        .collect();
    assert_eq!(broken.len(), 3, "{diagnostics:#?}");
    assert!(broken.iter().all(|d| d["line"] == 9));
}

#[test]
fn human_output_shows_the_line_with_a_caret_and_help() {
    let site = TestSite::new();
    site.write("content/a.md", plan("A", "IL", "goals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - title: a\n            status: don\n"));
    let out = site.run(&["check", "--as-of", "2026-01-01"]);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(text.contains("error: unknown status `don`"), "{text}");
    assert!(text.contains("--> content/a.md:12:21"), "{text}");
    assert!(text.contains("12 |             status: don"), "{text}");
    assert!(text.contains("^^^"), "{text}");
    assert!(text.contains("= help: did you mean `done`?"), "{text}");
}

#[test]
fn github_format_annotates() {
    let site = TestSite::new();
    site.write(
        "planpress.yaml",
        "title: Test plans\nbase_url: https://example.org/\n",
    );
    site.write("content/a.md", plan("A", "ZZ", ""));
    let out = site.run(&["check", "--format", "github"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("::error file=content/a.md,line=3,col=8"),
        "{text}"
    );
}

#[test]
fn init_makes_a_site_that_checks_and_new_plan_adds_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let site_dir = dir.path().join("my-plans");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
        .arg("init")
        .arg(&site_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let site = TestSite {
        dir: tempfile::tempdir().unwrap(),
    };
    common::copy_dir(&site_dir, site.root());
    let (diagnostics, code) = site.check_json();
    assert_eq!(
        (code, besides_no_sitemap(&diagnostics).len()),
        (0, 0),
        "{diagnostics:#?}"
    );
    let out = site.run(&[
        "new",
        "plan",
        "--state",
        "IL",
        "--type",
        "work-plan",
        "Goal: reach \"every\" family",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let created = site.root().join("content/il/goal-reach-every-family.md");
    assert!(created.exists());
    let (diagnostics, code) = site.check_json();
    assert_eq!(code, 0, "{diagnostics:#?}");
    let again = site.run(&["new", "plan", "--state", "IL", "Goal: reach \"every\" family"]);
    assert_eq!(again.status.code(), Some(2), "refuses to overwrite");
}

/// Runs `planpress ARGS --root ROOT` and gives up after `limit`: a check that waits on a
/// FIFO must fail the test, not hang it.
fn run_within(site: &TestSite, args: &[&str], limit: std::time::Duration) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
        .args(args)
        .arg("--root")
        .arg(site.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run planpress");
    let started = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > limit {
            child.kill().expect("kill");
            child.wait().expect("wait");
            panic!("planpress {args:?} still ran after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// The JSON diagnostics of `check` with the given code, as (message, file, line, column).
fn with_code(site: &TestSite, code: &str) -> Vec<(String, String, Option<u64>, Option<u64>)> {
    let (diagnostics, exit) = site.check_json();
    assert_eq!(exit, 1, "{diagnostics:#?}");
    diagnostics
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            (
                d["message"].as_str().unwrap_or_default().to_string(),
                d["file"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64(),
                d["column"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn check_fails_when_the_theme_is_missing() {
    let site = TestSite::new();
    site.write("planpress.yaml", "title: Test plans\ntheme: gone\n");
    site.write("content/a.md", plan("A", "IL", ""));
    let found = with_code(&site, "missing-theme");
    assert_eq!(
        found,
        [(
            "theme `gone` not found: there is no folder `themes/gone`".to_string(),
            "planpress.yaml".to_string(),
            Some(2),
            Some(8)
        )]
    );
}

#[test]
fn check_fails_on_every_template_that_does_not_compile() {
    let site = TestSite::new();
    site.write("content/a.md", plan("A", "IL", ""));
    site.write(
        "templates/plan.html",
        "<h1>{{ plan.title }}</h1>\n{% for x in %}\n",
    );
    site.write("themes/t/templates/extra.html", "{{ oops( }}");
    site.write("planpress.yaml", "title: Test plans\ntheme: t\n");
    let found = with_code(&site, "template");
    let places: Vec<_> = found
        .iter()
        .map(|(_, file, line, col)| (file.as_str(), *line, *col))
        .collect();
    assert_eq!(
        places,
        [
            ("themes/t/templates/extra.html", Some(1), Some(10)),
            ("templates/plan.html", Some(2), Some(13))
        ],
        "{found:#?}"
    );
    assert!(
        found[1]
            .0
            .starts_with("syntax error in template `templates/plan.html`"),
        "{found:#?}"
    );
    let out = site.run(&["check"]);
    let text = stderr(&out);
    assert!(text.contains("--> templates/plan.html:2:13"), "{text}");
    assert!(text.contains("2 | {% for x in %}"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_planpress_yaml_that_is_a_fifo_is_reported_not_waited_on() {
    let site = TestSite::new();
    site.write("content/a.md", plan("A", "IL", ""));
    let settings = site.root().join("planpress.yaml");
    std::fs::remove_file(&settings).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&settings)
        .status()
        .unwrap();
    assert!(made.success());
    let out = run_within(&site, &["check"], std::time::Duration::from_secs(30));
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error: `planpress.yaml` is not read: it is a FIFO (named pipe), not a regular file"),
        "{text}"
    );
    assert!(
        text.contains("help: planpress reads only regular files"),
        "{text}"
    );
}

#[test]
fn control_characters_in_front_matter_are_shown_escaped() {
    let site = TestSite::new();
    // YAML's own escapes: ESC ] 0 ; x BEL (set the window title), ESC [ 2 J (clear the screen).
    site.write("content/a.md", plan("A", "IL", "goals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - title: a\n            status: \"\\e]0;x\\a\\e[2J\\e[32m\"\n"));
    let human = site.run(&["check", "--as-of", "2026-01-01"]);
    let github = site.run(&["check", "--format", "github", "--as-of", "2026-01-01"]);
    for (out, printed) in [
        (&human, stderr(&human)),
        (&github, String::from_utf8_lossy(&github.stdout).into_owned()),
    ] {
        assert_eq!(out.status.code(), Some(1), "{printed}");
        assert!(
            !printed.contains(['\u{1b}', '\u{7}']),
            "raw control characters: {printed:?}"
        );
        assert!(
            printed.contains("unknown status `\\u{1b}]0;x\\u{7}\\u{1b}[2J\\u{1b}[32m`"),
            "{printed}"
        );
    }
}

#[test]
fn settings_a_build_would_misuse_are_errors_at_their_line() {
    let site = TestSite::new();
    site.write("content/a.md", plan("A", "IL", ""));
    site.write(
        "planpress.yaml",
        "title: Test plans\nbase_url: https://example.org/plans/?utm=1\nmarkdown:\n  unsafe_html: yes\ntheme: /etc\n",
    );
    let (diagnostics, code) = site.check_json();
    assert_eq!(code, 1, "{diagnostics:#?}");
    let found: Vec<_> = diagnostics
        .iter()
        // Only the errors: a base URL that is refused leaves the default path, which
        // also gets the no-sitemap warning.
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("bad-base-url", "planpress.yaml", 2),
            ("not-a-boolean", "planpress.yaml", 4),
            ("bad-theme", "planpress.yaml", 5),
        ],
        "{diagnostics:#?}"
    );
}

#[test]
fn a_base_url_override_that_would_break_links_is_a_usage_error() {
    let site = TestSite::new();
    site.write("content/a.md", plan("A", "IL", ""));
    for (url, problem) in [
        ("/plans/?a=1", "--base-url has a query (`?a=1`)"),
        ("https:/plans", "--base-url has a scheme but no host"),
        ("/my plans/", "--base-url contains a space"),
    ] {
        let out = site.run(&["build", "--base-url", url]);
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{url}: {text}");
        assert!(text.starts_with(&format!("error: {problem}\n")), "{url}: {text}");
        assert!(text.contains("help: "), "{text}");
        assert!(!site.root().join("public").exists(), "{url}: nothing built");
    }
}
