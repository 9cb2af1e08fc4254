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

use super::Sink;
use super::json::{Object, push_str};
use super::per_plan::{Destination, PlanExport, PlanRun, Put};
use crate::model::Plan;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::output::OutputFile;
use crate::site::urls::{Urls, paths};
#[cfg(test)]
use serde::Serialize;
use std::borrow::Cow;

pub const INDEX_PATH: &str = "search/index.json";
pub const MAX_DOCS: usize = 500;
pub const MAX_SHARD_BYTES: usize = 900_000;
/// Characters of `x` per document.
pub const MAX_TEXT: usize = 4_000;
/// Characters of `s` per document.
pub const MAX_SUMMARY: usize = 1_000;

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(Serialize))]
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

#[derive(Debug)]
#[cfg_attr(test, derive(Serialize))]
pub struct SearchIndex {
    pub shards: Vec<String>,
    pub count: usize,
}

/// The search index as a per-plan export: each plan's document, one per line in a run's
/// buffer (a document's JSON holds no line break), grouped into shards as they come.
pub(crate) struct SearchFiles;

impl PlanExport for SearchFiles {
    fn destination<'s>(&self, sink: &'s dyn Sink) -> Destination<'s> {
        Destination::Files(Box::new(Shards::new(move |f| sink.file(f))))
    }

    fn run<'a>(&self, site: &'a Site, urls: &'a Urls) -> Box<dyn PlanRun + 'a> {
        Box::new(Docs {
            site,
            urls,
            lines: Vec::new(),
        })
    }
}

/// Documents, a line each, in a buffer.
struct Docs<'a> {
    site: &'a Site,
    urls: &'a Urls,
    lines: Vec<u8>,
}

impl PlanRun for Docs<'_> {
    fn plan(&mut self, p: usize, _: bool) {
        push_doc(&mut self.lines, &doc(self.site, self.urls, p));
        self.lines.push(b'\n');
    }

    fn bytes(&mut self) -> &mut Vec<u8> {
        &mut self.lines
    }
}

impl<F: FnMut(OutputFile)> Put for Shards<F> {
    /// Takes documents a line each.
    fn put(&mut self, lines: &[u8]) {
        for doc in lines.split_inclusive(|&b| b == b'\n') {
            self.push(&doc[..doc.len() - 1]);
        }
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        (*self).finish();
        Ok(())
    }
}

/// The shards, then the index naming them.
pub fn files(site: &Site, index: &Index, urls: &Urls) -> Vec<OutputFile> {
    super::per_plan::files_of(&SearchFiles, site, index, urls)
}

/// Appends `index` as `serde_json` writes it, with the same writer as the documents.
fn push_index(out: &mut Vec<u8>, index: &SearchIndex) {
    let mut o = Object::open(out);
    o.list("shards", &index.shards, |out, name| push_str(out, name));
    o.value("count", &index.count);
    o.close();
}

/// Appends `doc` as `serde_json` writes it, written by hand (see [`super::json`]): its
/// texts are long, and `serde_json` looks at them a byte at a time.
fn push_doc(out: &mut Vec<u8>, doc: &SearchDoc) {
    let mut o = Object::open(out);
    o.str("t", &doc.t);
    o.str("u", &doc.u);
    o.str("s", &doc.s);
    o.str("j", &doc.j);
    o.str("x", &doc.x);
    o.close();
}

/// Groups serialized documents into shards of at most [`MAX_DOCS`] and about
/// [`MAX_SHARD_BYTES`] (a JSON array each), handing each to `emit` when it is full; at least
/// one (possibly empty) shard, then `search/index.json`.
pub(crate) struct Shards<F: FnMut(OutputFile)> {
    emit: F,
    /// The shard being filled: `[` and its documents, comma-separated.
    current: Vec<u8>,
    docs_in_current: usize,
    names: Vec<String>,
    count: usize,
}

impl<F: FnMut(OutputFile)> Shards<F> {
    pub(crate) fn new(emit: F) -> Self {
        Shards {
            emit,
            current: b"[".to_vec(),
            docs_in_current: 0,
            names: Vec::new(),
            count: 0,
        }
    }

    pub(crate) fn push(&mut self, doc: impl AsRef<[u8]>) {
        let doc = doc.as_ref();
        // With its closing `]` and the comma before the new document.
        let grown = self.current.len() + 1 + doc.len() + 1;
        if self.docs_in_current > 0 && (self.docs_in_current >= MAX_DOCS || grown > MAX_SHARD_BYTES) {
            self.close();
        }
        if self.docs_in_current > 0 {
            self.current.push(b',');
        }
        self.current.extend_from_slice(doc);
        self.docs_in_current += 1;
        self.count += 1;
    }

    fn close(&mut self) {
        let name = format!("search/{}.json", self.names.len());
        let mut bytes = std::mem::replace(&mut self.current, b"[".to_vec());
        bytes.push(b']');
        (self.emit)(OutputFile::new(name.clone(), bytes));
        self.names.push(name);
        self.docs_in_current = 0;
    }

    pub(crate) fn finish(mut self) {
        self.close();
        let head = SearchIndex {
            shards: std::mem::take(&mut self.names),
            count: self.count,
        };
        let mut bytes = Vec::new();
        push_index(&mut bytes, &head);
        (self.emit)(OutputFile::new(INDEX_PATH, bytes));
    }
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
    // The set only answers "seen before?"; the text keeps the phrases' order, so its hash
    // order is never seen. Its phrases are short: aHash, as the anchors' id sets use, not
    // SipHash (which took a third of the search export's time).
    let mut seen: ahash::AHashSet<Cow<str>> =
        ahash::AHashSet::with_capacity_and_hasher(phrases.len(), Default::default());
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
    if is_folded(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Whether `text` is printable ASCII with single spaces only between words. Written as
/// two folds without early exits, which the compiler turns into vector code: a byte at a
/// time, this check took a third of the search export's time.
fn is_folded(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    let printable = bytes.iter().fold(true, |ok, &b| ok & (b' '..=b'~').contains(&b));
    let double_space = bytes
        .iter()
        .zip(&bytes[1..])
        .fold(false, |found, (&a, &b)| found | ((a == b' ') & (b == b' ')));
    printable && !double_space && first != b' ' && last != b' '
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

    /// The index first, then the shards in order: as the tests read the files.
    fn files(site: &Site, index: &Index, urls: &Urls) -> Vec<OutputFile> {
        let mut out = super::files(site, index, urls);
        out.sort_by_key(|f| {
            f.path
                .trim_start_matches("search/")
                .trim_end_matches(".json")
                .parse::<usize>()
                .ok()
        });
        out
    }

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
    fn hand_written_docs_are_what_serde_writes() {
        let (site, index) = site_and_index(&[WORK_PLAN, HOSTILE_PLAN, EMPTY_PLAN]);
        let mut docs: Vec<SearchDoc> = index
            .published
            .iter()
            .map(|&i| doc(&site, &Urls::new("/"), i))
            .collect();
        docs.push(SearchDoc {
            t: "\"quoted\" \\ \u{1}".into(),
            u: "/a\"b/".into(),
            s: "tab\there\nline é".into(),
            j: String::new(),
            x: "\u{1f}\u{7f} 进度 \\".into(),
        });
        for doc in docs {
            let mut ours = Vec::new();
            push_doc(&mut ours, &doc);
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(&doc).unwrap()
            );
        }
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
    fn folded_text_is_recognised() {
        let cases = [
            ("", true),
            ("a", true),
            ("a b c", true),
            ("a  b", false),
            (" a", false),
            ("a ", false),
            (" ", false),
            ("a\tb", false),
            ("é", false),
            ("a~!b", true),
            ("a b  c", false),
            ("a b\u{7f}", false),
            ("  ", false),
        ];
        for (input, want) in cases {
            assert_eq!(is_folded(input), want, "{input:?}");
        }
    }

    /// Documents per shard when `docs` are sharded, checking each shard is a JSON array of
    /// them and the index names every shard.
    fn shard(docs: &[String]) -> Vec<usize> {
        let mut files = Vec::new();
        let mut shards = Shards::new(|f| files.push(f));
        docs.iter().for_each(|d| shards.push(d));
        shards.finish();
        let head = files.pop().expect("the index comes last");
        assert_eq!(head.path, INDEX_PATH);
        let head: Value = serde_json::from_slice(&head.bytes).unwrap();
        assert_eq!(head["count"], docs.len());
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(head["shards"], serde_json::json!(names));
        let mut sizes = Vec::new();
        let mut rest = docs.iter();
        for f in &files {
            let text = std::str::from_utf8(&f.bytes).unwrap();
            let inner = &text[1..text.len() - 1];
            let n = if inner.is_empty() {
                0
            } else {
                inner.split(',').count()
            };
            let expected: Vec<&str> = rest.by_ref().take(n).map(String::as_str).collect();
            assert_eq!(inner, expected.join(","));
            sizes.push(n);
        }
        sizes
    }

    #[test]
    fn shards_split_by_count_and_size() {
        let small: Vec<String> = (0..1_201).map(|n| format!("{{\"t\":\"{n}\"}}")).collect();
        assert_eq!(shard(&small), [500, 500, 201]);
        let big: Vec<String> = (0..3).map(|_| "x".repeat(MAX_SHARD_BYTES / 2)).collect();
        assert_eq!(shard(&big), [1, 1, 1]);
        assert_eq!(shard(&[]), [0]);
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        #[test]
        fn any_doc_and_index_are_written_as_serde_writes_them(
            texts in proptest::collection::vec("(\\PC|[\"\\\\\u{0}-\u{1f}\u{7f}])*", 5),
            count in 0..usize::MAX,
        ) {
            let doc = SearchDoc {
                t: texts[0].clone(),
                u: texts[1].clone(),
                s: texts[2].clone(),
                j: texts[3].clone(),
                x: texts[4].clone(),
            };
            let mut ours = Vec::new();
            push_doc(&mut ours, &doc);
            proptest::prop_assert_eq!(ours, serde_json::to_vec(&doc).unwrap());
            let index = SearchIndex { shards: texts, count };
            let mut ours = Vec::new();
            push_index(&mut ours, &index);
            proptest::prop_assert_eq!(ours, serde_json::to_vec(&index).unwrap());
        }
    }
}
