//! YAML text in, a tree of [`Node`]s out, each node carrying the byte span it came from.
//!
//! This is the only module that knows which YAML parser planpress uses (saphyr's event
//! parser). serde_yaml is not used because it keeps no positions after deserialising, and
//! every later error must point at `file:line:col`. Swapping the parser means rewriting
//! [`parse`] alone. Front matter of the plain block shape (nearly all of it) is read by
//! `block` instead, which builds the same tree without saphyr's scanner.
//!
//! The tree is built iteratively with limits, so hostile input cannot exhaust the stack or
//! memory: nesting deeper than [`MAX_DEPTH`] and documents that expand (through aliases)
//! past [`MAX_NODES`] are errors.

mod block;
mod input;

use input::FrontMatterInput;
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::borrow::Cow;
use std::collections::HashMap;

use crate::content::source::{SourceFile, Span};

pub const MAX_DEPTH: usize = 64;
pub const MAX_NODES: usize = 200_000;

/// A node borrows its text from the file where it can: most scalars (and every key) are
/// read by the decoder and dropped, so copying each into a `String` was an allocation per
/// scalar for nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'t> {
    pub value: Value<'t>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'t> {
    Null,
    /// A scalar as written; `plain` is false when it was quoted or a block (`|`, `>`), which
    /// makes `"12"` a string where `12` may be a number.
    Scalar {
        text: Cow<'t, str>,
        plain: bool,
    },
    Seq(Vec<Node<'t>>),
    Map(Vec<(Node<'t>, Node<'t>)>),
}

impl Node<'_> {
    /// A short name of the node's kind for "expected X, found Y" messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "nothing",
            Value::Scalar { .. } => "a single value",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    fn size(&self) -> usize {
        1 + match &self.value {
            Value::Seq(items) => items.iter().map(Node::size).sum(),
            Value::Map(entries) => entries.iter().map(|(k, v)| k.size() + v.size()).sum(),
            _ => 0,
        }
    }
}

#[cfg(test)]
impl Node<'_> {
    /// The node with its text copied, to outlive the file it was read from.
    pub fn into_owned(self) -> Node<'static> {
        let value = match self.value {
            Value::Null => Value::Null,
            Value::Scalar { text, plain } => Value::Scalar {
                text: Cow::Owned(text.into_owned()),
                plain,
            },
            Value::Seq(items) => Value::Seq(items.into_iter().map(Node::into_owned).collect()),
            Value::Map(entries) => Value::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect(),
            ),
        };
        Node {
            value,
            span: self.span,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

/// A collection being built: its start, its anchor and what it holds so far.
struct Open<'t> {
    start: usize,
    anchor: usize,
    items: Items<'t>,
}

/// A sequence's items, or a mapping's entries with the key still waiting for its value:
/// entries are paired as they come, not regrouped from a flat list at the end.
enum Items<'t> {
    Seq(Vec<Node<'t>>),
    Map(Vec<(Node<'t>, Node<'t>)>, Option<Node<'t>>),
}

impl<'t> Items<'t> {
    fn push(&mut self, node: Node<'t>) {
        match self {
            Items::Seq(items) => items.push(node),
            Items::Map(entries, key) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => *key = Some(node),
            },
        }
    }
}

/// Parses the YAML found at `range` of `file` (the front matter, or a whole config file).
/// Returns `Value::Null` for empty YAML.
pub fn parse(file: &SourceFile, range: Span, first_line: usize) -> Result<Node<'_>, YamlError> {
    let text = &file.text[range.clone()];
    match block::parse(text, range.start) {
        Some(root) => Ok(root),
        None => parse_events(file, range, first_line),
    }
}

/// [`parse`] through saphyr's events: any YAML, and the messages for bad YAML.
fn parse_events(file: &SourceFile, range: Span, first_line: usize) -> Result<Node<'_>, YamlError> {
    let text = &file.text[range.clone()];
    // The parser counts characters; in ASCII text (most front matter) they are bytes.
    let ascii = text.is_ascii();
    let to_offset = |m: &saphyr_parser::Marker| {
        if ascii {
            (range.start + m.index()).min(range.end)
        } else {
            file.offset_of(first_line + m.line() - 1, m.col())
        }
    };
    let mut parser = Parser::new(FrontMatterInput::new(text));
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: HashMap<usize, Node<'_>> = HashMap::new();
    let mut root: Option<Node<'_>> = None;
    let mut count = 0usize;
    // Whether an alias copied values in: then the count may be far above what is written.
    let mut aliased = false;

    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| scan_error(&e, &to_offset, file, &range))?;
        let here = to_offset(&span.start)..to_offset(&span.end);
        let complete = match event {
            Event::DocumentStart(_) if root.is_some() => {
                return Err(YamlError {
                    message: "a second YAML document inside the front matter".into(),
                    span: here,
                    help: Some("front matter holds one document: remove the extra `---`".into()),
                });
            }
            Event::Scalar(text, style, anchor, _) => {
                let value = scalar_value(text, style == ScalarStyle::Plain);
                Some((Node { value, span: here }, anchor))
            }
            Event::Alias(id) => {
                let node = anchors.get(&id).cloned().ok_or_else(|| YamlError {
                    message: "this alias names no anchor".into(),
                    span: here.clone(),
                    help: None,
                })?;
                count += node.size();
                aliased = true;
                Some((Node { span: here, ..node }, 0))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        message: format!("values nested more than {MAX_DEPTH} levels deep"),
                        span: here,
                        help: Some("a plan needs a few levels; flatten this value".into()),
                    });
                }
                let items = match event {
                    Event::MappingStart(..) => Items::Map(Vec::new(), None),
                    _ => Items::Seq(Vec::new()),
                };
                stack.push(Open {
                    start: here.start,
                    anchor,
                    items,
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let open = stack.pop().expect("the parser balances start and end events");
                let span = open.start..here.end.max(open.start);
                let value = match open.items {
                    Items::Map(entries, _) => Value::Map(entries),
                    Items::Seq(items) => Value::Seq(items),
                };
                Some((Node { value, span }, open.anchor))
            }
            _ => None,
        };
        let Some((node, anchor)) = complete else { continue };
        count += 1;
        if count > MAX_NODES {
            return Err(too_many_values(node.span, aliased));
        }
        if anchor != 0 {
            anchors.insert(anchor, node.clone());
        }
        match stack.last_mut() {
            Some(open) => open.items.push(node),
            None => root = Some(node),
        }
    }
    Ok(root.unwrap_or(Node {
        value: Value::Null,
        span: range.start..range.start,
    }))
}

/// The error for YAML past [`MAX_NODES`] values. Every key, scalar, list and mapping counts,
/// and an alias counts everything it copies: the limit keeps a small file from expanding
/// into more than memory holds. A file can reach it without any alias (a plan with tens of
/// thousands of actions), so the message names the limit, and aliases only when used.
fn too_many_values(span: Span, aliased: bool) -> YamlError {
    let limit = grouped(MAX_NODES);
    if aliased {
        YamlError {
            message: format!("the YAML expands through its aliases to more than {limit} values, the most planpress reads from one file"),
            span,
            help: Some("each alias (`*a`) copies every value its anchor (`&a`) holds: write fewer aliases, or split the file".into()),
        }
    } else {
        YamlError {
            message: format!(
                "the YAML holds more than {limit} values (keys, texts, lists and mappings), the most planpress reads from one file"
            ),
            span,
            help: Some("split it into several files: a plan this large reads better as several plans".into()),
        }
    }
}

/// `200000` as `200,000`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A scalar's value: the plain null forms are null, anything else is text.
fn scalar_value(text: Cow<'_, str>, plain: bool) -> Value<'_> {
    if plain && matches!(&*text, "" | "~" | "null" | "Null" | "NULL") {
        Value::Null
    } else {
        Value::Scalar { text, plain }
    }
}

fn scan_error(
    e: &saphyr_parser::ScanError,
    to_offset: &impl Fn(&saphyr_parser::Marker) -> usize,
    file: &SourceFile,
    range: &Span,
) -> YamlError {
    let mut at = to_offset(e.marker());
    let info = e.info();
    // The scanner reports a tab where it gave up, which can be the line before: point at
    // the tab itself.
    if info.contains("tab") {
        let line_start = file.text[..at].rfind('\n').map_or(range.start, |i| i + 1);
        if let Some(i) = file.text[line_start..range.end].find('\t') {
            at = line_start + i;
        }
    }
    if info.contains("recursion limit") {
        return YamlError {
            message: "values nested too deeply".into(),
            span: at..at,
            help: Some("a plan needs a few levels; look for unbalanced `[` or `{`".into()),
        };
    }
    let help = if info.contains("tab") {
        Some("indent with spaces: YAML does not allow tabs for indentation".to_string())
    } else if info.contains("mapping values are not allowed") {
        Some("a value containing `: ` must be quoted, e.g. `title: \"Goal: reach all\"`".into())
    } else if info.contains("did not find expected") || info.contains("while parsing") {
        Some("check the indentation and the brackets and quotes on this line and the one above".into())
    } else {
        None
    };
    YamlError {
        message: format!("invalid YAML: {info}"),
        span: at..at,
        help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Node<'static>, YamlError> {
        let f = SourceFile::new("a.yaml", "a.yaml", text.to_string());
        parse(&f, 0..f.text.len(), 1).map(Node::into_owned)
    }

    fn scalar<'a>(node: &'a Node<'_>) -> &'a str {
        match &node.value {
            Value::Scalar { text, .. } => text,
            other => panic!("not a scalar: {other:?}"),
        }
    }

    #[test]
    fn spans_point_into_the_file() {
        let text = "title: A plan\ngoals:\n  - title: Reach\n";
        let node = parse_str(text).unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        assert_eq!(&text[entries[0].1.span.clone()], "A plan");
        let Value::Seq(goals) = &entries[1].1.value else {
            panic!()
        };
        let Value::Map(goal) = &goals[0].value else {
            panic!()
        };
        assert_eq!(scalar(&goal[0].1), "Reach");
        assert_eq!(&text[goal[0].1.span.clone()], "Reach");
    }

    #[test]
    fn spans_account_for_the_first_line_of_the_front_matter() {
        let f = SourceFile::new("a.md", "a.md", "---\nx: é y\n---\n".to_string());
        let node = parse(&f, 4..12, 2).unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        assert_eq!(f.line_col(entries[0].1.span.start), (2, 4));
    }

    #[test]
    fn quoted_scalars_are_not_plain_and_null_forms_are_null() {
        let node = parse_str("a: '12'\nb: 12\nc: ~\nd:\n").unwrap();
        let Value::Map(e) = &node.value else { panic!() };
        assert_eq!(
            e[0].1.value,
            Value::Scalar {
                text: "12".into(),
                plain: false
            }
        );
        assert_eq!(
            e[1].1.value,
            Value::Scalar {
                text: "12".into(),
                plain: true
            }
        );
        assert_eq!(e[2].1.value, Value::Null);
        assert_eq!(e[3].1.value, Value::Null);
    }

    #[test]
    fn errors_on_tabs_with_help() {
        let text = "title: x\n\tstate: IL\n";
        let err = parse_str(text).unwrap_err();
        assert!(err.help.unwrap().contains("spaces"), "{}", err.message);
        assert_eq!(err.span.start, text.find('\t').unwrap());
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse_str(&text).unwrap_err();
        assert_eq!(
            err.message,
            "the YAML expands through its aliases to more than 200,000 values, the most planpress reads from one file"
        );
        assert!(err.help.unwrap().contains("alias"));
    }

    /// A plan of 22,000 actions was refused with a message about aliases it did not use.
    #[test]
    fn too_many_values_without_aliases_names_the_limit_not_aliases() {
        let action = "  - title: a\n    who: X\n    when: 2020\n    status: done\n    measure: m\n";
        for text in [
            action.repeat(22_000),
            format!("# saphyr reads this one\n{}", action.repeat(22_000)),
        ] {
            let err = parse_str(&text).unwrap_err();
            assert_eq!(
                err.message,
                "the YAML holds more than 200,000 values (keys, texts, lists and mappings), the most planpress reads from one file"
            );
            assert_eq!(
                err.help.as_deref(),
                Some("split it into several files: a plan this large reads better as several plans")
            );
        }
    }

    #[test]
    fn large_numbers_are_grouped_by_thousands() {
        for (n, want) in [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (200_000, "200,000"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(grouped(n), want);
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        for depth in [100, 10_000] {
            let text = format!("a: {}{}", "[".repeat(depth), "]".repeat(depth));
            let err = parse_str(&text).unwrap_err();
            assert!(err.message.contains("nested"), "{}", err.message);
        }
        let unclosed = "[".repeat(100_000);
        assert!(parse_str(&unclosed).is_err());
    }

    #[test]
    fn empty_yaml_is_null() {
        assert_eq!(parse_str("").unwrap().value, Value::Null);
        assert_eq!(parse_str("# only a comment\n").unwrap().value, Value::Null);
    }

    #[test]
    fn crlf_positions_stay_on_the_right_line() {
        let text = "a: 1\r\nb: two\r\n";
        let f = SourceFile::new("a.yaml", "a.yaml", text.to_string());
        let node = parse(&f, 0..f.text.len(), 1).unwrap();
        let Value::Map(e) = &node.value else { panic!() };
        assert_eq!(f.line_col(e[1].1.span.start), (2, 4));
        assert_eq!(scalar(&e[1].1), "two");
    }
}
