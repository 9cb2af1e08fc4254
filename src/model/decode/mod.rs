//! YAML tree -> typed model. A [`Decoder`] reads one file's front matter and collects a
//! diagnostic for every problem it meets (unknown keys with a "did you mean", wrong types,
//! unknown words of a vocabulary, numbers out of range), then carries on with the next
//! value, so one run reports everything wrong with a file.
//!
//! This module has the primitive readers; [`plan`] has the shape of a plan and a page.

pub mod plan;
mod slug;

use super::Dated;
use super::intern::Interner;
use super::status::Vocabulary;
use super::timeframe::{Timeframe, TimeframeOptions, parse_day};
use crate::content::source::{SourceFile, SourceId, Span};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::yaml::{Node, Value};
use chrono::NaiveDate;

pub struct Decoder<'a> {
    pub file: &'a SourceFile,
    pub source: SourceId,
    pub timeframes: TimeframeOptions,
    pub diagnostics: Diagnostics,
    /// The load's shared copies of repeated texts.
    pub interner: &'a Interner,
}

/// The entries of a mapping whose keys were checked against the known ones.
pub struct Fields<'n> {
    pub span: Span,
    entries: Vec<(&'n str, &'n Node<'n>)>,
}

impl<'n> Fields<'n> {
    /// The value of `key`, unless absent or written empty (`key:` or `key: ~`).
    pub fn get(&self, key: &str) -> Option<&'n Node<'n>> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .filter(|v| v.value != Value::Null)
    }

    /// The first of several spellings that is present (`who` or `responsibility`).
    pub fn get_any(&self, keys: &[&str]) -> Option<&'n Node<'n>> {
        keys.iter().find_map(|k| self.get(k))
    }
}

/// `v` without spare capacity. The model is held for the whole build: a Vec grown by
/// pushing keeps up to twice (for short lists four times) the slots it needs.
pub fn fitted<T>(mut v: Vec<T>) -> Vec<T> {
    v.shrink_to_fit();
    v
}

impl<'a> Decoder<'a> {
    pub fn new(
        file: &'a SourceFile,
        source: SourceId,
        timeframes: TimeframeOptions,
        interner: &'a Interner,
    ) -> Self {
        Decoder {
            file,
            source,
            timeframes,
            diagnostics: Diagnostics::default(),
            interner,
        }
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn error(&mut self, code: &'static str, message: impl Into<String>, span: Span) -> &mut Diagnostic {
        self.push(Diagnostic::error(code, message).at(self.source, span));
        self.last()
    }

    pub fn warning(&mut self, code: &'static str, message: impl Into<String>, span: Span) -> &mut Diagnostic {
        self.push(Diagnostic::warning(code, message).at(self.source, span));
        self.last()
    }

    fn last(&mut self) -> &mut Diagnostic {
        self.diagnostics.last_mut().expect("a diagnostic was just pushed")
    }

    /// The first line of a span: a multi-line mapping is pointed at by its first key.
    pub fn head(&self, span: &Span) -> Span {
        let text = &self.file.text[span.clone()];
        let end = text.find(['\n', '\r']).map_or(span.end, |i| span.start + i);
        span.start..end.max(span.start)
    }

    fn expected(&mut self, what: &str, node: &Node) {
        let span = self.head(&node.span);
        self.error(
            "wrong-type",
            format!("expected {what}, found {}", node.kind_name()),
            span,
        )
        .label = Some(format!("expected {what}"));
    }

    /// Checks a mapping's keys against `known` (unknown and repeated keys are errors) and
    /// returns its entries. `what` names the mapping in messages ("an action").
    pub fn fields<'n>(&mut self, node: &'n Node<'n>, what: &str, known: &[&str]) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            self.expected(&format!("{what} written as `key: value` lines"), node);
            return None;
        };
        let mut fields = Fields {
            span: node.span.clone(),
            entries: Vec::with_capacity(entries.len()),
        };
        for (key, value) in entries {
            let Value::Scalar { text, .. } = &key.value else {
                self.error("bad-key", "keys must be plain words", self.head(&key.span));
                continue;
            };
            let text: &'n str = text;
            if !known.contains(&text) {
                let hint = match did_you_mean(text, known.iter().copied()) {
                    Some(k) => format!("did you mean `{k}`? Custom data goes under `extra:`"),
                    None => format!(
                        "known keys: {}; custom data goes under `extra:`",
                        known.join(", ")
                    ),
                };
                self.error(
                    "unknown-key",
                    format!("unknown key `{text}` in {what}"),
                    key.span.clone(),
                )
                .help = Some(hint);
                continue;
            }
            if fields.entries.iter().any(|(k, _)| *k == text) {
                self.error(
                    "duplicate-key",
                    format!("`{text}` is given twice in {what}"),
                    key.span.clone(),
                )
                .help = Some("keep one of them".into());
                continue;
            }
            fields.entries.push((text, value));
        }
        Some(fields)
    }

    /// A single value as text (numbers and dates are kept as written).
    pub fn text(&mut self, node: Option<&Node>) -> Option<String> {
        self.str(node).map(str::to_string)
    }

    /// [`Decoder::text`] as the load's one copy of it: for short texts that repeat across
    /// items and plans ([`Interner`]).
    pub fn shared_text(&mut self, node: Option<&Node>) -> Option<std::sync::Arc<str>> {
        self.str(node).map(|text| self.interner.share(text))
    }

    /// [`Decoder::text`] borrowed from the tree, for values read and not kept as text
    /// (numbers, words, dates): no copy made only to be dropped.
    pub fn str<'n>(&mut self, node: Option<&'n Node<'n>>) -> Option<&'n str> {
        let node = node?;
        match &node.value {
            Value::Scalar { text, .. } => Some(text.trim()),
            Value::Null => None,
            _ => {
                self.expected("text", node);
                None
            }
        }
    }

    /// Text that must be present; `parent` is the mapping it belongs to.
    pub fn required_text(&mut self, fields: &Fields, key: &str, what: &str) -> Option<String> {
        match self.text(fields.get(key)) {
            Some(t) if !t.is_empty() => Some(t),
            _ => {
                let span = self.head(&fields.span);
                self.error("missing-key", format!("{what} has no `{key}`"), span)
                    .help = Some(format!("add `{key}: ...`"));
                None
            }
        }
    }

    /// A list of texts. A single text where a list belongs is an error, with the fix.
    pub fn text_list(&mut self, node: Option<&Node>, key: &str) -> Vec<String> {
        let Some(node) = node else { return Vec::new() };
        match &node.value {
            Value::Seq(items) => self.each(items, |d, item| d.text(Some(item))),
            Value::Scalar { text, .. } => {
                self.expected("a list", node);
                self.last().help = Some(format!("write a list: `{key}: [{text}]`"));
                Vec::new()
            }
            _ => {
                self.expected("a list", node);
                Vec::new()
            }
        }
    }

    /// Decodes each node of a list with `decode`, skipping those it rejects (already
    /// reported). The model is held for the whole build, so the Vec gets exactly one slot per
    /// value: `collect` from a filter starts at four slots and doubles, which left most
    /// objectives' lists of one to three items with room for four or eight.
    pub fn each<T>(
        &mut self,
        nodes: &[Node],
        mut decode: impl FnMut(&mut Self, &Node) -> Option<T>,
    ) -> Vec<T> {
        let mut out = Vec::with_capacity(nodes.len());
        for node in nodes {
            if let Some(value) = decode(self, node) {
                out.push(value);
            }
        }
        out.shrink_to_fit();
        out
    }

    /// Decodes each item of a list (see [`Decoder::list`] and [`Decoder::each`]).
    pub fn list_of<T>(
        &mut self,
        node: Option<&Node>,
        decode: impl FnMut(&mut Self, &Node) -> Option<T>,
    ) -> Vec<T> {
        let nodes = self.list(node);
        self.each(nodes, decode)
    }

    /// The items of a list, or nothing (with an error) when the value is not a list.
    pub fn list<'n>(&mut self, node: Option<&'n Node<'n>>) -> &'n [Node<'n>] {
        match node.map(|n| (&n.value, n)) {
            Some((Value::Seq(items), _)) => items,
            Some((_, n)) => {
                self.expected("a list (lines starting with `- `)", n);
                &[]
            }
            None => &[],
        }
    }

    /// A number, accepting a trailing `%`; checked against `range`.
    pub fn number(&mut self, node: Option<&Node>, key: &str, range: (f64, f64)) -> Option<f64> {
        let node = node?;
        let text = self.str(Some(node))?;
        let value = text
            .trim_end_matches('%')
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite());
        match value {
            Some(v) if v >= range.0 && v <= range.1 => Some(v),
            Some(v) => {
                let msg = format!("`{key}` is {v}, outside {} to {}", range.0, range.1);
                self.error("out-of-range", msg, node.span.clone()).help =
                    Some(format!("use a number from {} to {}", range.0, range.1));
                None
            }
            None => {
                self.error(
                    "not-a-number",
                    format!("`{key}` must be a number"),
                    node.span.clone(),
                )
                .label = Some(format!("`{text}` is not a number"));
                None
            }
        }
    }

    /// A word of a closed vocabulary (`status: done`).
    pub fn word<T: Vocabulary>(&mut self, node: Option<&Node>, what: &str) -> Option<T> {
        let node = node?;
        let text = self.str(Some(node))?;
        if let Some(value) = T::parse(text) {
            return Some(value);
        }
        let expected: Vec<_> = T::names().collect();
        let help = did_you_mean(text, T::all_words())
            .map(|w| format!("did you mean `{w}`?"))
            .unwrap_or_else(|| format!("use one of {}", expected.join(", ")));
        let d = self.error(
            "unknown-word",
            format!("unknown {what} `{text}`"),
            node.span.clone(),
        );
        d.label = Some(format!("expected one of {}", expected.join(", ")));
        d.help = Some(help);
        None
    }

    /// A free-text timeframe; free text that yields no date is kept (lint warns later).
    pub fn timeframe(&mut self, node: Option<&Node>) -> Option<Dated> {
        let node = node?;
        let text = self.str(Some(node))?;
        Some(Dated {
            timeframe: Timeframe::parse(text, &self.timeframes),
            span: node.span.clone().into(),
        })
    }

    /// An exact day (`2011-06-30` or `6/30/2011`).
    pub fn day(&mut self, node: Option<&Node>, key: &str) -> Option<NaiveDate> {
        let node = node?;
        let text = self.str(Some(node))?;
        let day = parse_day(text);
        if day.is_none() {
            self.error(
                "bad-date",
                format!("`{key}` is not a date: `{text}`"),
                node.span.clone(),
            )
            .help = Some("write a real calendar day as YYYY-MM-DD, e.g. 2016-09-30".into());
        }
        day
    }

    /// Free-form YAML (`extra:`) as JSON for templates.
    pub fn json(node: Option<&Node>) -> serde_json::Value {
        use serde_json::Value as J;
        let Some(node) = node else {
            return J::Object(Default::default());
        };
        match &node.value {
            Value::Null => J::Null,
            Value::Scalar { text, plain: true } => match &**text {
                "true" | "True" => J::Bool(true),
                "false" | "False" => J::Bool(false),
                _ => text
                    .parse::<i64>()
                    .map(J::from)
                    .or_else(|_| text.parse::<f64>().map(J::from))
                    .unwrap_or_else(|_| J::String(text.to_string())),
            },
            Value::Scalar { text, .. } => J::String(text.to_string()),
            Value::Seq(items) => J::Array(items.iter().map(|n| Self::json(Some(n))).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let key = match &k.value {
                            Value::Scalar { text, .. } => text.to_string(),
                            _ => String::new(),
                        };
                        (key, Self::json(Some(v)))
                    })
                    .collect(),
            ),
        }
    }
}
