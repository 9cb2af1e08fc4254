//! The static search index that `/search/` loads in the browser. In: the published plans.
//! Out: `search/index.json` (`{"shards": ["search/0.json", ...], "count": N}`) and the
//! shards `search/K.json`, each a compact JSON array of documents
//! `{"t": title, "u": url, "s": summary, "j": jurisdiction names, "x": other text}`.
//!
//! `x` holds the type and status labels, goal, objective, action and deliverable titles, who
//! is responsible, timeline step titles, partners and work group names: each phrase once,
//! whitespace folded, space-joined and capped at [`MAX_TEXT`] characters. A shard holds at
//! most [`MAX_DOCS`] documents and at most [`MAX_SHARD_BYTES`], so a page fetches little
//! however large the site; a document larger than that alone gets a shard of its own.

use crate::model::Plan;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::output::OutputFile;
use crate::site::urls::{Urls, paths};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashSet;

pub const INDEX_PATH: &str = "search/index.json";
pub const MAX_DOCS: usize = 500;
pub const MAX_SHARD_BYTES: usize = 900_000;
/// Characters of `x` per document.
pub const MAX_TEXT: usize = 4_000;
/// Characters of `s` per document.
pub const MAX_SUMMARY: usize = 1_000;

#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc {
    /// Title.
    pub t: String,
    /// Site-relative URL.
    pub u: String,
    /// Summary, or empty.
    pub s: String,
    /// Jurisdiction names, `Illinois, Indiana`.
    pub j: String,
    /// The rest of the searchable text.
    pub x: String,
}

#[derive(Debug, Serialize)]
pub struct SearchIndex {
    pub shards: Vec<String>,
    pub count: usize,
}

pub fn files(site: &Site, index: &Index, urls: &Urls) -> Vec<OutputFile> {
    use rayon::prelude::*;
    let docs: Vec<String> = index
        .published
        .par_iter()
        .map(|&i| serde_json::to_string(&doc(site, urls, i)).expect("plain structs serialize"))
        .collect();
    let shards = shard(&docs);
    let names: Vec<String> = (0..shards.len()).map(|k| format!("search/{k}.json")).collect();
    let head = SearchIndex {
        shards: names.clone(),
        count: docs.len(),
    };
    let mut out = vec![OutputFile::new(
        INDEX_PATH,
        serde_json::to_vec(&head).expect("plain structs serialize"),
    )];
    for (name, shard) in names.into_iter().zip(shards) {
        out.push(OutputFile::new(name, format!("[{}]", shard.join(","))));
    }
    out
}

/// Groups serialized documents into shards of at most [`MAX_DOCS`] and about
/// [`MAX_SHARD_BYTES`]; at least one (possibly empty) shard.
fn shard(docs: &[String]) -> Vec<Vec<&str>> {
    let mut shards: Vec<Vec<&str>> = vec![Vec::new()];
    let mut bytes = 2;
    for doc in docs {
        let current = shards.last().expect("never empty");
        if !current.is_empty() && (current.len() >= MAX_DOCS || bytes + doc.len() + 1 > MAX_SHARD_BYTES) {
            shards.push(Vec::new());
            bytes = 2;
        }
        shards.last_mut().expect("never empty").push(doc);
        bytes += doc.len() + 1;
    }
    shards
}

pub fn doc(site: &Site, urls: &Urls, i: usize) -> SearchDoc {
    let plan = &site.plans[i];
    let names: Vec<&str> = plan
        .jurisdictions
        .iter()
        .map(|code| {
            site.config
                .jurisdictions
                .get(code)
                .map_or(code.as_str(), |j| j.name.as_str())
        })
        .collect();
    SearchDoc {
        t: plan.title.clone(),
        u: urls.url(&paths::plan(&plan.slug)),
        s: cap(
            fold_space(plan.summary.as_deref().unwrap_or_default()).into_owned(),
            MAX_SUMMARY,
        ),
        j: names.join(", "),
        x: other_text(plan),
    }
}

/// Every searchable phrase of a plan besides its title and summary, each once.
fn other_text(plan: &Plan) -> String {
    let mut phrases: Vec<&str> = vec![plan.plan_type.label(), plan.status.label()];
    for goal in &plan.goals {
        phrases.push(&goal.title);
        for objective in &goal.objectives {
            phrases.push(&objective.title);
            for item in objective.items() {
                phrases.push(&item.title);
                phrases.extend(item.who.as_deref());
            }
        }
    }
    for step in &plan.timeline {
        phrases.push(&step.title);
        phrases.extend(step.responsibilities.iter().map(|(party, _)| party.as_str()));
    }
    phrases.extend(plan.partners.iter().map(String::as_str));
    phrases.extend(plan.workgroup.iter().map(|m| m.name.as_str()));
    // The set only answers "seen before?"; the text keeps the phrases' order.
    let mut seen: HashSet<Cow<str>> = HashSet::with_capacity(phrases.len());
    let mut text = String::new();
    for phrase in phrases.into_iter().map(fold_space) {
        if phrase.is_empty() || seen.contains(&phrase) {
            continue;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&phrase);
        seen.insert(phrase);
    }
    cap(text, MAX_TEXT)
}

/// Folds runs of whitespace (newlines included) to one space. Most phrases need no
/// folding, so they are borrowed rather than copied.
fn fold_space(text: &str) -> Cow<'_, str> {
    let folded = text.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ");
    if folded {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// The first `max` characters of `text`.
fn cap(mut text: String, max: usize) -> String {
    // A character takes at least a byte, so a text of `max` bytes or fewer is whole.
    if text.len() > max
        && let Some((end, _)) = text.char_indices().nth(max)
    {
        text.truncate(end);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testing::{EMPTY_PLAN, HOSTILE_PLAN, WORK_PLAN, site_and_index};
    use serde_json::Value;

    fn output(plans: &[&str]) -> Vec<(String, Value)> {
        let (site, index) = site_and_index(plans);
        files(&site, &index, &Urls::new("/sub/"))
            .into_iter()
            .map(|f| (f.path, serde_json::from_slice(&f.bytes).expect("valid JSON")))
            .collect()
    }

    #[test]
    fn index_names_its_shards() {
        let out = output(&[WORK_PLAN, EMPTY_PLAN]);
        assert_eq!(out[0].0, "search/index.json");
        assert_eq!(
            out[0].1,
            serde_json::json!({"shards": ["search/0.json"], "count": 2})
        );
        assert_eq!(out[1].0, "search/0.json");
        assert_eq!(out[1].1.as_array().expect("array").len(), 2);
    }

    #[test]
    fn docs_hold_the_searchable_text() {
        let out = output(&[WORK_PLAN, EMPTY_PLAN]);
        let docs = &out[1].1;
        let work = &docs[0];
        assert_eq!(work["t"], "Community Systems Work Plan");
        assert_eq!(work["u"], "/sub/plans/csdwg/");
        assert_eq!(work["s"], "Build community systems.");
        assert_eq!(work["j"], "Illinois");
        let x = work["x"].as_str().expect("text");
        for want in [
            "Work plan",
            "Final",
            "Advise the task force",
            "Provide technical assistance",
            "Build a cadre of consultants",
            "Toolkit",
            "CSDWG, HVTF",
            "Identify needs",
            "State Specialists",
            "Home Visiting Task Force",
            "Jane Doe",
        ] {
            assert!(x.contains(want), "x lacks {want:?}: {x}");
        }
        assert_eq!(x.matches("CSDWG").count(), 2, "each phrase once: {x}");
        assert_eq!(docs[1]["j"], "Illinois, Indiana");
        assert_eq!(docs[1]["s"], "");
    }

    #[test]
    fn hostile_text_stays_data() {
        let (site, index) = site_and_index(&[HOSTILE_PLAN]);
        let files = files(&site, &index, &Urls::new("/"));
        let raw = String::from_utf8(files[1].bytes.clone()).expect("UTF-8");
        assert!(raw.contains(r#""t":"<script>&\"' =cmd""#), "{raw}");
        assert!(!raw.contains('\n'), "compact");
    }

    #[test]
    fn text_is_capped_by_characters() {
        assert_eq!(cap("ééé".into(), 2), "éé");
        assert_eq!(cap("ééé".into(), 3), "ééé");
        assert_eq!(cap("ab".into(), 5), "ab");
        assert_eq!(cap("abc".into(), 2), "ab");
    }

    #[test]
    fn whitespace_is_folded_unless_already_single_spaces() {
        let cases = [
            (" a \n\t b ", "a b"),
            ("a b", "a b"),
            ("a  b", "a b"),
            (" a", "a"),
            ("a ", "a"),
            ("", ""),
            ("   ", ""),
            ("a\u{a0}b\u{3000}c é", "a b c é"),
            ("a\rb", "a b"),
        ];
        for (input, want) in cases {
            let folded = fold_space(input);
            assert_eq!(folded, want, "{input:?}");
            assert_eq!(
                folded,
                input.split_whitespace().collect::<Vec<_>>().join(" "),
                "{input:?}"
            );
        }
    }

    #[test]
    fn shards_split_by_count_and_size() {
        let small: Vec<String> = (0..1_201).map(|n| format!("{{\"t\":\"{n}\"}}")).collect();
        let sizes: Vec<usize> = shard(&small).iter().map(Vec::len).collect();
        assert_eq!(sizes, [500, 500, 201]);
        let big: Vec<String> = (0..3).map(|_| "x".repeat(MAX_SHARD_BYTES / 2)).collect();
        assert_eq!(shard(&big).iter().map(Vec::len).collect::<Vec<_>>(), [1, 1, 1]);
        assert_eq!(shard(&[]).len(), 1);
    }

    #[test]
    fn realistic_shards_stay_under_a_megabyte() {
        let long = "word ".repeat(2_000);
        let plan = format!(
            "title: {long}\nslug: big\nstate: IL\ntype: work-plan\nstatus: final\nsummary: {long}\n\
             goals: [{{title: '{long}', objectives: [{{title: O, actions: ['{long}']}}]}}]\n"
        );
        let plans: Vec<&str> = std::iter::repeat_n(plan.as_str(), 3).collect();
        let (mut site, _) = site_and_index(&plans);
        for (n, p) in site.plans.iter_mut().enumerate() {
            p.slug = format!("big-{n}");
        }
        let mut index = Index::new(&site, false);
        index.published = std::iter::repeat_n(0, 600).collect();
        for f in files(&site, &index, &Urls::new("/")) {
            assert!(f.bytes.len() < 1_000_000, "{} is {} bytes", f.path, f.bytes.len());
        }
    }
}
