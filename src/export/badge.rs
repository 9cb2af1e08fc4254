//! `badges/SLUG.svg`: an embeddable progress badge per published plan, in the shields.io
//! style: a grey label ("progress") and a coloured value ("62% · 5 of 8 done", or "n/a").
//!
//! The text is always there (colour never carries the meaning alone): the SVG has
//! `role="img"`, an `aria-label` and a `<title>` naming the plan and its full progress. Text
//! widths are estimated from fixed per-character metrics (no font is loaded) and pinned
//! with `textLength`, so the text fits its box whichever font the viewer has. Colours are
//! dark enough for white text at WCAG AA contrast. Every value goes through [`xml_escape`].

use super::xml_escape;
use crate::output_file::OutputFile;
use crate::render::views::Progress;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::urls::paths;
use std::fmt::Write;

const LABEL: &str = "progress";
const HEIGHT: u32 = 20;
/// Space either side of a text, in pixels.
const PADDING: u32 = 6;
const LABEL_COLOUR: &str = "#454545";

/// The badges as an export: each handed to the sink as soon as it is made.
pub(crate) struct Badges;

impl super::Export for Badges {
    fn write(&self, site: &Site, index: &Index, _: &crate::site::urls::Urls, sink: &dyn super::Sink) {
        each_file(site, index, |f| sink.file(f));
    }
}

/// Hands each published plan's badge to `emit` as soon as it is made (in parallel).
pub fn each_file(site: &Site, index: &Index, emit: impl Fn(OutputFile) + Sync) {
    use rayon::prelude::*;
    index.published.par_iter().for_each(|&i| {
        let plan = &site.plans[i];
        let progress = Progress::new(&site.rollups[i].plan);
        emit(OutputFile::new(
            paths::badge(&plan.slug),
            svg(&plan.title, &progress),
        ));
    });
}

/// The badge's value: `62% · 5 of 8 done`, `62% · 5 of 8 done · 1 overdue`, or `n/a`.
pub fn value(progress: &Progress) -> String {
    match progress.percent {
        Some(_) => format!("{} · {}", progress.text, progress.detail),
        None => "n/a".to_string(),
    }
}

/// A white-text-safe colour for each level of [`Progress::level`].
fn colour(level: &str) -> &'static str {
    match level {
        "done" => "#1e6b1e",
        "high" => "#2f6f3e",
        "mid" => "#8a5300",
        "low" => "#b3261e",
        _ => "#5f5f5f",
    }
}

/// Estimated width of a text in 11px Verdana, in pixels: about 7 for most characters, less
/// for narrow ones, more for wide ones and for characters outside Latin.
pub fn text_width(text: &str) -> u32 {
    text.chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' | '·' => 4,
            'f' | 't' | 'r' | 'I' | '(' | ')' | '/' | '-' => 5,
            'm' | 'w' | 'M' | 'W' | '%' => 10,
            c if c.is_ascii() => 7,
            _ => 11,
        })
        .sum()
}

pub fn svg(plan_title: &str, progress: &Progress) -> String {
    let value = value(progress);
    let full = match progress.percent {
        Some(_) => format!("{plan_title}: {LABEL} {value}"),
        None => format!("{plan_title}: {LABEL} n/a ({})", progress.detail),
    };
    let (label_text, value_text) = (text_width(LABEL), text_width(&value));
    let label_w = label_text + 2 * PADDING;
    let value_w = value_text + 2 * PADDING;
    let width = label_w + value_w;
    let full = xml_escape(&full);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{HEIGHT}\" \
         viewBox=\"0 0 {width} {HEIGHT}\" role=\"img\" aria-label=\"{full}\">\n<title>{full}</title>\n"
    );
    let _ = writeln!(
        out,
        "<rect width=\"{label_w}\" height=\"{HEIGHT}\" fill=\"{LABEL_COLOUR}\"/>"
    );
    let _ = writeln!(
        out,
        "<rect x=\"{label_w}\" width=\"{value_w}\" height=\"{HEIGHT}\" fill=\"{}\"/>",
        colour(progress.level)
    );
    out.push_str(
        "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" \
         font-size=\"11\" aria-hidden=\"true\">\n",
    );
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"14\" textLength=\"{label_text}\" lengthAdjust=\"spacingAndGlyphs\">{LABEL}</text>",
        label_w / 2
    );
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"14\" textLength=\"{value_text}\" lengthAdjust=\"spacingAndGlyphs\">{}</text>",
        label_w + value_w / 2,
        xml_escape(&value)
    );
    out.push_str("</g>\n</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::testing::{EMPTY_PLAN, HOSTILE_PLAN, WORK_PLAN, site_and_index};

    fn badges(plans: &[&str]) -> Vec<(String, String)> {
        let (site, index) = site_and_index(plans);
        let files = std::sync::Mutex::new(Vec::new());
        each_file(&site, &index, |f| files.lock().unwrap().push(f));
        let mut files = files.into_inner().unwrap();
        // Made in parallel: in plan order, as the tests read them.
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
            .into_iter()
            .map(|f| (f.path, String::from_utf8(f.bytes).expect("UTF-8")))
            .collect()
    }

    #[test]
    fn one_badge_per_published_plan_with_text() {
        let all = badges(&[WORK_PLAN, EMPTY_PLAN]);
        let paths: Vec<&str> = all.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["badges/csdwg.svg", "badges/empty.svg"]);
        let (_, svg) = &all[0];
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("role=\"img\""));
        assert!(
            svg.contains(
                "<title>Community Systems Work Plan: progress 70% · 1 of 2 done · 1 overdue</title>"
            )
        );
        assert!(svg.contains(">70% · 1 of 2 done · 1 overdue</text>"));
        assert!(svg.contains(">progress</text>"));
        assert!(svg.contains(colour("high")));
    }

    #[test]
    fn nothing_countable_reads_n_a() {
        let all = badges(&[EMPTY_PLAN]);
        let svg = &all[0].1;
        assert!(svg.contains(">n/a</text>"), "{svg}");
        assert!(svg.contains("<title>Empty Plan: progress n/a (no items)</title>"));
        assert!(svg.contains(colour("none")));
        assert!(!svg.contains("0%"));
    }

    #[test]
    fn hostile_titles_are_escaped() {
        let all = badges(&[HOSTILE_PLAN]);
        let svg = &all[0].1;
        assert!(
            svg.contains("<title>&lt;script&gt;&amp;&quot;&apos; =cmd: progress"),
            "{svg}"
        );
        assert!(svg.contains("aria-label=\"&lt;script&gt;&amp;&quot;&apos; =cmd: progress"));
        assert!(!svg.contains("<script"));
    }

    /// WCAG 2.1 relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    #[test]
    fn white_text_meets_aa_contrast_on_every_colour() {
        for level in ["done", "high", "mid", "low", "none"] {
            let ratio = 1.05 / (luminance(colour(level)) + 0.05);
            assert!(ratio >= 4.5, "{level}: {ratio:.2}");
        }
        assert!(1.05 / (luminance(LABEL_COLOUR) + 0.05) >= 4.5);
    }

    #[test]
    fn width_grows_with_the_text() {
        assert!(text_width("100% · 12 of 12 done") > text_width("n/a"));
        assert_eq!(text_width(""), 0);
        assert!(text_width("进度") > text_width("ab"));
    }
}
