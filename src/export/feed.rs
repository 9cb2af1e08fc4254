//! `feed.xml`: an Atom 1.0 feed (RFC 4287) of the published plans, newest update first, so
//! a reader can follow when plans change. In: the published plans. Out: one XML document.
//!
//! Entries are ordered by `updated` (newest first; plans without a date last, then by slug)
//! and capped at [`MAX_ENTRIES`]. Dates are days, written at `T00:00:00Z`; a plan without an
//! `updated` date, and a feed without any plan, take the as-of date, so nothing reads the
//! clock. Ids are absolute URLs when the site has an origin, else stable `tag:` URIs.
//! Every value goes through [`xml_escape`].

use super::xml_escape;
use crate::output_file::OutputFile;
use crate::render::views::Progress;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::urls::{Urls, paths};
use chrono::NaiveDate;
use std::fmt::Write;

pub const PATH: &str = "feed.xml";
pub const MAX_ENTRIES: usize = 50;

/// feed.xml as an export.
pub(crate) struct FeedXml;

impl super::Export for FeedXml {
    fn write(&self, site: &Site, index: &Index, urls: &Urls, sink: &dyn super::Sink) {
        sink.file(file(site, index, urls));
    }
}

pub fn file(site: &Site, index: &Index, urls: &Urls) -> OutputFile {
    OutputFile::new(PATH, feed(site, index, urls))
}

/// The published plans the feed shows, newest update first.
pub fn entries(site: &Site, index: &Index) -> Vec<usize> {
    let mut plans = index.published.clone();
    plans.sort_by(|&a, &b| {
        let (a, b) = (&site.plans[a], &site.plans[b]);
        b.updated.cmp(&a.updated).then_with(|| a.slug.cmp(&b.slug))
    });
    plans.truncate(MAX_ENTRIES);
    plans
}

fn feed(site: &Site, index: &Index, urls: &Urls) -> String {
    let entries = entries(site, index);
    let newest = entries
        .iter()
        .filter_map(|&i| site.plans[i].updated)
        .max()
        .unwrap_or(site.as_of);
    let title = xml_escape(&site.config.title);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(out, "  <title>{title}</title>");
    if let Some(description) = &site.config.description {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", xml_escape(description));
    }
    let _ = writeln!(out, "  <id>{}</id>", xml_escape(&id(site, urls, "")));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" href=\"{}\"/>",
        xml_escape(&urls.absolute(PATH))
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&urls.absolute(""))
    );
    let _ = writeln!(out, "  <updated>{}</updated>", timestamp(newest));
    let _ = writeln!(out, "  <author><name>{title}</name></author>");
    out.push_str("  <generator>planpress</generator>\n");
    for i in entries {
        entry(&mut out, site, urls, i);
    }
    out.push_str("</feed>\n");
    out
}

fn entry(out: &mut String, site: &Site, urls: &Urls, i: usize) {
    let plan = &site.plans[i];
    let path = paths::plan(&plan.slug);
    let progress = Progress::new(&site.rollups[i].plan);
    let facts = format!(
        "{} · {} · {} ({})",
        plan.plan_type.label(),
        plan.status.label(),
        progress.text,
        progress.detail
    );
    let summary = match &plan.summary {
        Some(summary) => format!("{summary} — {facts}"),
        None => facts,
    };
    out.push_str("  <entry>\n");
    let _ = writeln!(out, "    <title>{}</title>", xml_escape(&plan.title));
    let _ = writeln!(out, "    <id>{}</id>", xml_escape(&id(site, urls, &path)));
    let _ = writeln!(
        out,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&urls.absolute(&path))
    );
    let _ = writeln!(
        out,
        "    <updated>{}</updated>",
        timestamp(plan.updated.unwrap_or(site.as_of))
    );
    let _ = writeln!(out, "    <summary>{}</summary>", xml_escape(&summary));
    for code in &plan.jurisdictions {
        let _ = writeln!(out, "    <category term=\"{}\"/>", xml_escape(code));
    }
    out.push_str("  </entry>\n");
}

/// The id of the feed (`path` empty) or of a page: its absolute URL when the site has an
/// origin; else a `tag:` URI (RFC 4151) named after the site's title, which stays the same
/// from build to build.
fn id(site: &Site, urls: &Urls, path: &str) -> String {
    if urls.has_origin() {
        urls.absolute(path)
    } else {
        let site_name = slug::slugify(&site.config.title);
        let site_name = if site_name.is_empty() {
            "site".to_string()
        } else {
            site_name
        };
        format!("tag:planpress,2024:{site_name}/{path}")
    }
}

fn timestamp(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::testing::{EMPTY_PLAN, HOSTILE_PLAN, WORK_PLAN, site_and_index};

    fn atom(plans: &[&str], base: &str) -> String {
        let (site, index) = site_and_index(plans);
        String::from_utf8(file(&site, &index, &Urls::new(base)).bytes).expect("UTF-8")
    }

    #[test]
    fn entries_newest_first_then_slug() {
        let (site, index) = site_and_index(&[WORK_PLAN, EMPTY_PLAN, HOSTILE_PLAN]);
        let slugs: Vec<&str> = entries(&site, &index)
            .iter()
            .map(|&i| site.plans[i].slug.as_str())
            .collect();
        // hostile 2024-04-01, csdwg 2024-03-15, empty has no date.
        assert_eq!(slugs, ["hostile", "csdwg", "empty"]);
    }

    #[test]
    fn at_most_fifty_entries() {
        let plans: Vec<String> = (0..60)
            .map(|n| format!("title: P{n}\nslug: p{n:02}\nstate: IL\ntype: work-plan\nstatus: final\nupdated: 2024-01-01\n"))
            .collect();
        let refs: Vec<&str> = plans.iter().map(String::as_str).collect();
        let text = atom(&refs, "/");
        assert_eq!(text.matches("<entry>").count(), MAX_ENTRIES);
        assert!(
            text.contains("/plans/p00/") && !text.contains("/plans/p50/"),
            "ties broken by slug"
        );
    }

    #[test]
    fn feed_updated_is_the_newest_plan() {
        let text = atom(&[WORK_PLAN, HOSTILE_PLAN], "https://example.org/ec");
        assert!(text.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
        assert!(text.contains("  <updated>2024-04-01T00:00:00Z</updated>\n  <author>"));
        assert!(text.contains("<id>https://example.org/ec/</id>"));
        assert!(text.contains("<link rel=\"self\" href=\"https://example.org/ec/feed.xml\"/>"));
        assert!(text.contains("<id>https://example.org/ec/plans/csdwg/</id>"));
        assert!(text.contains("<updated>2024-03-15T00:00:00Z</updated>"));
        assert!(text.contains(
            "<summary>Build community systems. — Work plan · Final · 70% (1 of 2 done · 1 overdue)</summary>"
        ));
    }

    #[test]
    fn ids_without_an_origin_are_tag_uris() {
        let text = atom(&[WORK_PLAN], "/sub/");
        assert!(text.contains("<id>tag:planpress,2024:test-plans/</id>"));
        assert!(text.contains("<id>tag:planpress,2024:test-plans/plans/csdwg/</id>"));
        assert!(text.contains("href=\"/sub/plans/csdwg/\""));
    }

    #[test]
    fn hostile_text_is_escaped() {
        let text = atom(&[HOSTILE_PLAN], "/");
        assert!(
            text.contains("<title>&lt;script&gt;&amp;&quot;&apos; =cmd</title>"),
            "{text}"
        );
        assert!(!text.contains("<script>"));
        assert!(text.contains("<summary>a, b; c\\d &lt;b&gt; — "));
    }

    #[test]
    fn an_empty_site_still_has_a_valid_feed() {
        let text = atom(&[], "/");
        assert!(text.contains("<updated>2024-05-01T00:00:00Z</updated>"));
        assert!(text.ends_with("</feed>\n"));
    }
}
