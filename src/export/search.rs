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
use crate::output_file::OutputFile;
use crate::site::Site;
use crate::site::index::Index;
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
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', lines) {
            self.push(&lines[start..end]);
            start = end + 1;
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
mod tests;
