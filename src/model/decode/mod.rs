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
    /// Each key's text, the key itself (for its span) and its value.
    entries: Vec<(&'n str, &'n Node<'n>, &'n Node<'n>)>,
}

impl<'n> Fields<'n> {
    /// The value of `key`, unless absent or written empty (`key:` or `key: ~`).
    pub fn get(&self, key: &str) -> Option<&'n Node<'n>> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| *v)
            .filter(|v| v.value != Value::Null)
    }

    /// The keys among `spellings` that are given (even empty), in the order written.
    fn given(&self, spellings: &[&str]) -> impl Iterator<Item = (&'n str, &'n Node<'n>)> {
        self.entries
            .iter()
            .filter(move |(k, _, _)| spellings.contains(k))
            .map(|(k, key, _)| (*k, *key))
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
            if fields.entries.iter().any(|(k, _, _)| *k == text) {
                self.error(
                    "duplicate-key",
                    format!("`{text}` is given twice in {what}"),
                    key.span.clone(),
                )
                .help = Some("keep one of them".into());
                continue;
            }
            fields.entries.push((text, key, value));
        }
        Some(fields)
    }

    /// The value of a field that has other spellings (`who` or `responsibility`). Giving
    /// two of them is an error, as a repeated key is: keeping one would drop the other's
    /// text without a word. `spellings` starts with the preferred one.
    pub fn alias<'n>(&mut self, fields: &Fields<'n>, spellings: &[&str], what: &str) -> Option<&'n Node<'n>> {
        let mut given = fields.given(spellings);
        let (earlier, _) = given.next()?;
        for (text, key) in given {
            self.error(
                "duplicate-key",
                format!("`{earlier}` and `{text}` both give one field in {what}"),
                key.span.clone(),
            )
            .help = Some(format!(
                "`{text}` is another name for `{earlier}`: keep one of them (`{}` is the usual name)",
                spellings[0]
            ));
        }
        fields.get(earlier)
    }

    /// A boolean setting: `true` or `false`. YAML 1.2 reads `yes`, `no`, `on` and `off` as
    /// words, not booleans, so they are errors that say which word was meant rather than
    /// being taken silently as false.
    pub fn boolean(&mut self, node: Option<&Node>, key: &str) -> Option<bool> {
        let node = node?;
        let text = self.str(Some(node))?;
        match text {
            "true" | "True" | "TRUE" => return Some(true),
            "false" | "False" | "FALSE" => return Some(false),
            _ => {}
        }
        let meant = match text.to_ascii_lowercase().as_str() {
            "yes" | "y" | "on" => Some("true"),
            "no" | "n" | "off" => Some("false"),
            _ => None,
        };
        let d = self.error(
            "not-a-boolean",
            format!("`{key}` must be true or false, not `{text}`"),
            node.span.clone(),
        );
        d.label = Some("expected true or false".into());
        d.help = Some(match meant {
            Some(word) => format!("YAML 1.2 reads `{text}` as a word, not a boolean: write `{key}: {word}`"),
            None => format!("write `{key}: true` or `{key}: false`"),
        });
        None
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::decode_yaml;

    fn with_action(action: &str) -> String {
        format!(
            "title: P\nstate: IL\ntype: work-plan\ngoals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - {{ title: a, {action} }}\n"
        )
    }

    #[test]
    fn errors_when_two_spellings_of_one_field_are_given() {
        let cases = [
            (
                "who: A, responsibility: B",
                "`who` and `responsibility`",
                "responsibility",
            ),
            ("responsibility: B, who: A", "`responsibility` and `who`", "who"),
            (
                "when: June 2011, timeframe: Q3 2011",
                "`when` and `timeframe`",
                "timeframe",
            ),
            ("timeframe: Q3 2011, when: ~", "`timeframe` and `when`", "when"),
        ];
        for (fields, names, second) in cases {
            let yaml = with_action(fields);
            let (_, diagnostics) = decode_yaml(&yaml);
            let errors: Vec<_> = diagnostics.iter().collect();
            assert_eq!(errors.len(), 1, "{fields}: {errors:?}");
            let d = errors[0];
            assert_eq!(d.code, "duplicate-key", "{fields}");
            assert_eq!(d.message, format!("{names} both give one field in an action"));
            let span = d.location.as_ref().and_then(|l| l.span.clone()).unwrap();
            assert_eq!(&yaml[span], second, "{fields}: points at the second spelling");
            assert!(
                d.help.as_deref().unwrap().contains("keep one of them"),
                "{fields}"
            );
        }
    }

    #[test]
    fn each_spelling_alone_is_read() {
        for (fields, who, when) in [
            ("who: A, when: June 2011", "A", "June 2011"),
            ("responsibility: B, timeframe: Q3 2011", "B", "Q3 2011"),
            ("who: A, due: 2011-06-30, when: Ongoing", "A", "Ongoing"),
        ] {
            let plan = crate::model::testing::plan_from_yaml(&with_action(fields));
            let (_, _, item) = plan.items().next().unwrap();
            assert_eq!(item.who.as_deref(), Some(who), "{fields}");
            assert_eq!(&*item.when.as_ref().unwrap().timeframe.text, when, "{fields}");
        }
    }

    fn boolean(yaml: &str) -> (Option<bool>, Diagnostics) {
        let file = SourceFile::new("planpress.yaml", "planpress.yaml", yaml.to_string());
        let root = crate::yaml::parse(&file, 0..file.text.len(), 1).expect("valid YAML");
        let interner = Interner::default();
        let mut decoder = Decoder::new(&file, SourceId(0), Default::default(), &interner);
        let Value::Map(entries) = &root.value else {
            panic!("a mapping")
        };
        let value = decoder.boolean(Some(&entries[0].1), "unsafe_html");
        (value, decoder.diagnostics)
    }

    #[test]
    fn booleans_are_true_or_false() {
        for (yaml, want) in [
            ("k: true", true),
            ("k: false", false),
            ("k: True", true),
            ("k: FALSE", false),
            ("k: \"true\"", true),
        ] {
            let (value, diagnostics) = boolean(yaml);
            assert!(diagnostics.is_empty(), "{yaml}: {diagnostics:?}");
            assert_eq!(value, Some(want), "{yaml}");
        }
    }

    #[test]
    fn yaml_1_1_booleans_are_errors_that_suggest_the_word_meant() {
        for (yaml, help) in [
            (
                "k: yes",
                "YAML 1.2 reads `yes` as a word, not a boolean: write `unsafe_html: true`",
            ),
            (
                "k: On",
                "YAML 1.2 reads `On` as a word, not a boolean: write `unsafe_html: true`",
            ),
            (
                "k: no",
                "YAML 1.2 reads `no` as a word, not a boolean: write `unsafe_html: false`",
            ),
            (
                "k: off",
                "YAML 1.2 reads `off` as a word, not a boolean: write `unsafe_html: false`",
            ),
            ("k: 1", "write `unsafe_html: true` or `unsafe_html: false`"),
        ] {
            let (value, diagnostics) = boolean(yaml);
            assert_eq!(value, None, "{yaml}");
            let d = diagnostics.iter().next().expect("an error");
            assert_eq!(d.code, "not-a-boolean", "{yaml}");
            assert_eq!(d.help.as_deref(), Some(help), "{yaml}");
            let span = d.location.as_ref().and_then(|l| l.span.clone()).unwrap();
            assert_eq!(&yaml[span], &yaml[3..], "{yaml}");
        }
    }
}
