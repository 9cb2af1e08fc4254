//! A direct reader for the plain shape nearly all front matter has: block mappings and
//! sequences indented with spaces, holding one-line plain or quoted scalars. It builds the
//! very tree that saphyr's events build (same values, same spans) for a fraction of the CPU
//! time, which profiles of the load showed going to saphyr's scanner.
//!
//! It gives up (returns None) on anything outside that shape: comments, tabs, carriage
//! returns, non-ASCII or control characters, flow collections, anchors, aliases, tags, block
//! scalars, scalars running over several lines, escapes, keys that are not single words, and
//! every kind of error. Such text goes to saphyr, so every message about bad YAML still
//! comes from there.
//!
//! What it reproduces of saphyr (checked against it in the tests below):
//! - a plain scalar's span ends at its last non-blank character; a quoted one's takes in the
//!   spaces after the closing quote;
//! - an empty value is a null at the `:` of `key:`, or after the `-` and spaces of `-`;
//! - a collection starts at its first key or dash and ends where the next token starts (the
//!   first character of the line that closes it), or at the end of the text.

use std::borrow::Cow;

use super::{Items, MAX_DEPTH, MAX_NODES, Node, Value, scalar_value};

/// Keys longer than this are left to saphyr, which limits implicit keys to 1024 characters.
const MAX_KEY: usize = 1000;

/// Reads `text` (which sits at `base` in its file) when it has the plain block shape.
pub fn parse(text: &str, base: usize) -> Option<Node<'_>> {
    if !plain_bytes(text.as_bytes()) {
        return None;
    }
    let mut reader = Reader {
        text: text.as_bytes(),
        source: text,
        base,
        stack: Vec::new(),
        pending: None,
        count: 0,
        root: None,
    };
    // One scanner for every line break of the text: lines are short, and starting a
    // search per line cost more than the search.
    let mut start = 0;
    let breaks = memchr::memchr_iter(b'\n', reader.text).chain(std::iter::once(text.len()));
    for eol in breaks {
        let indent = reader.text[start..eol].iter().take_while(|&&b| b == b' ').count();
        if start + indent < eol {
            reader.line(start, start + indent, eol)?;
        }
        start = eol + 1;
    }
    reader.finish()
}

/// True when `text` holds printable ASCII and line breaks only, and no `#`. Checked a
/// chunk at a time without stopping early, which the compiler turns into wide compares: a
/// byte at a time, this check took half of the reader's own time.
fn plain_bytes(text: &[u8]) -> bool {
    text.chunks(64).all(|chunk| {
        chunk.iter().fold(true, |ok, &b| {
            ok & ((b == b'\n') | ((b' '..=b'~').contains(&b) & (b != b'#')))
        })
    })
}

/// True when a `:` in the trimmed plain scalar `text` is followed by a space or ends it:
/// saphyr would read a mapping there (or refuse the line).
fn has_value_indicator(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b':' && bytes.get(i + 1).is_none_or(|&next| next == b' '))
}

/// A collection being read: the column of its keys or dashes, and where it starts.
struct Open<'t> {
    column: usize,
    start: usize,
    items: Items<'t>,
}

struct Reader<'t> {
    text: &'t [u8],
    source: &'t str,
    base: usize,
    stack: Vec<Open<'t>>,
    /// A `key:` or `-` with nothing after it on its line: where its null would sit, and the
    /// column of the collection it belongs to (a deeper line opens its value instead).
    pending: Option<(usize, usize)>,
    count: usize,
    root: Option<Node<'t>>,
}

impl<'t> Reader<'t> {
    /// One line with content, from `line` (its start) with its first token at `at`.
    fn line(&mut self, line: usize, at: usize, eol: usize) -> Option<()> {
        let column = at - line;
        match self.pending.take() {
            Some((_, owner)) if column > owner => self.open(at, column, eol)?,
            pending => {
                if let Some((null_at, _)) = pending {
                    self.complete(self.null(null_at))?;
                }
                self.close_deeper_than(column, at)?;
                if self.stack.is_empty() {
                    // Only the first line opens the root: a later one here is outdented.
                    if self.count > 0 {
                        return None;
                    }
                    self.open(at, column, eol)?;
                }
            }
        }
        let top = self.stack.last()?;
        if top.column != column {
            return None;
        }
        match top.items {
            Items::Seq(_) => self.entry(line, at, eol),
            Items::Map(..) => self.key_line(at, eol),
        }
    }

    /// Opens the collection whose first line starts at `at`: a sequence if it is `- `.
    fn open(&mut self, at: usize, column: usize, eol: usize) -> Option<()> {
        if self.stack.len() >= MAX_DEPTH {
            return None;
        }
        let items = if self.is_dash(at, eol) {
            Items::Seq(Vec::new())
        } else {
            Items::Map(Vec::new(), None)
        };
        self.stack.push(Open {
            column,
            start: at,
            items,
        });
        Some(())
    }

    /// Ends the collections nested deeper than `column` at `at`, where the next token starts.
    fn close_deeper_than(&mut self, column: usize, at: usize) -> Option<()> {
        while self.stack.last().is_some_and(|open| open.column > column) {
            let open = self.stack.pop()?;
            self.complete(self.collection(open, at))?;
        }
        Some(())
    }

    fn collection(&self, open: Open<'t>, end: usize) -> Node<'t> {
        let value = match open.items {
            Items::Map(entries, _) => Value::Map(entries),
            Items::Seq(items) => Value::Seq(items),
        };
        Node {
            value,
            span: self.base + open.start..self.base + end,
        }
    }

    /// A finished node goes to the collection it belongs to; the root is kept.
    fn complete(&mut self, node: Node<'t>) -> Option<()> {
        self.count += 1;
        if self.count > MAX_NODES {
            return None;
        }
        match self.stack.last_mut() {
            Some(open) => open.items.push(node),
            None => self.root = Some(node),
        }
        Some(())
    }

    fn null(&self, at: usize) -> Node<'t> {
        Node {
            value: Value::Null,
            span: self.base + at..self.base + at,
        }
    }

    /// `- ` at `at`, then nothing (a value on the lines below), a `key: ...` opening a
    /// mapping in the entry, or a scalar.
    fn entry(&mut self, line: usize, at: usize, eol: usize) -> Option<()> {
        if !self.is_dash(at, eol) {
            return None;
        }
        let value_at = self.skip_spaces(at + 1, eol);
        if value_at == eol {
            let column = at - line;
            self.pending = Some((value_at, column));
            return Some(());
        }
        if self.is_dash(value_at, eol) {
            return None;
        }
        if self.key_end(value_at, eol).is_some() {
            self.open(value_at, value_at - line, eol)?;
            return self.key_line(value_at, eol);
        }
        let node = self.scalar(value_at, eol)?;
        self.complete(node)
    }

    /// `key: value` or `key:` (a value on the lines below) at `at`.
    fn key_line(&mut self, at: usize, eol: usize) -> Option<()> {
        let key_end = self.key_end(at, eol)?;
        let key = scalar_value(Cow::Borrowed(&self.source[at..key_end]), true);
        self.complete(Node {
            value: key,
            span: self.base + at..self.base + key_end,
        })?;
        let value_at = self.skip_spaces(key_end + 1, eol);
        if value_at == eol {
            let column = self.stack.last()?.column;
            self.pending = Some((key_end, column));
            return Some(());
        }
        let node = self.scalar(value_at, eol)?;
        self.complete(node)
    }

    /// The end of a one-word key at `at` that a `:` and a space or the line end follow.
    fn key_end(&self, at: usize, eol: usize) -> Option<usize> {
        let line = &self.text[at..eol];
        let first = *line.first()?;
        if !(first.is_ascii_alphanumeric() || first == b'_') {
            return None;
        }
        let len = line
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            .count();
        let after = line.get(len + 1).copied();
        (len <= MAX_KEY && line.get(len) == Some(&b':') && matches!(after, None | Some(b' ')))
            .then_some(at + len)
    }

    /// A scalar filling the rest of the line from `at`: plain, or quoted without escapes.
    fn scalar(&self, at: usize, eol: usize) -> Option<Node<'t>> {
        let rest = &self.source[at..eol];
        let first = self.text[at];
        if first == b'"' || first == b'\'' {
            let close = 1 + rest[1..].find(char::from(first))?;
            let inner = &rest[1..close];
            let escaped = first == b'"' && inner.contains('\\');
            if escaped || !rest[close + 1..].bytes().all(|b| b == b' ') {
                return None;
            }
            return Some(Node {
                value: scalar_value(Cow::Borrowed(inner), false),
                span: self.base + at..self.base + eol,
            });
        }
        let starts_plain = first.is_ascii_alphanumeric()
            || b"()$/.+_~=<;^".contains(&first)
            || (first == b'-' && rest.len() > 1 && !rest[1..].starts_with(' '));
        let text = rest.trim_end_matches(' ');
        if !starts_plain || has_value_indicator(text) {
            return None;
        }
        Some(Node {
            value: scalar_value(Cow::Borrowed(text), true),
            span: self.base + at..self.base + at + text.len(),
        })
    }

    fn is_dash(&self, at: usize, eol: usize) -> bool {
        self.text[at] == b'-' && (at + 1 == eol || self.text[at + 1] == b' ')
    }

    fn skip_spaces(&self, from: usize, eol: usize) -> usize {
        from + self.text[from..eol].iter().take_while(|&&b| b == b' ').count()
    }

    /// The end of the text: a waiting value is null, every collection ends here.
    fn finish(mut self) -> Option<Node<'t>> {
        if let Some((null_at, _)) = self.pending.take() {
            self.complete(self.null(null_at))?;
        }
        let end = self.text.len();
        while let Some(open) = self.stack.pop() {
            self.complete(self.collection(open, end))?;
        }
        self.root
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Node, YamlError, parse_events};
    use crate::content::source::SourceFile;
    use proptest::prelude::*;

    /// What the block reader makes of `text` placed after a 5-byte prefix in its file, if it
    /// reads it, and saphyr's tree for it.
    fn both(text: &str) -> (Option<Node<'_>>, Result<Node<'static>, YamlError>) {
        let file = SourceFile::new("a.md", "a.md", format!("---\n\n{text}"));
        let range = 5..file.text.len();
        let theirs = parse_events(&file, range, 3).map(Node::into_owned);
        (super::parse(text, 5), theirs)
    }

    #[test]
    fn reads_the_plain_shape_as_saphyr_does() {
        let cases = [
            "a: 1\nb:\nc: \"q\"  \nd: 'x'\ne:\n  - x\n  -\n  - k: v\n    l:\n  - y\nf:\n  g: h\n\n\ni: j\n",
            "a:\n  b:\n    - c\n",
            "a:\n  b:\n    - c\nd: e",
            "a:",
            "a: b",
            "a: b\n\n",
            "  a: b\n  c: d\n",
            "a:\n  b: c\n  d: \n",
            "- a\n- b: c\n  d: e\n-\n  - x\n",
            "title: \"A: quoted\"\nid: '1'\nnull: ~\nx: Null\ny: http://a.b/c?d=e\n",
            "a: \" spaced  inside \"\nb: 'it \"is\"'\nc: \"it's\"   \nd: \"\"\ne: ''\n",
            "a: -5\nb: x - y, [z] {w}\nc: 10:30\nd: a  b   \ne: key:value\n",
            "-   k: v\n    l: w\n- x\n",
            "goals:\n  - id: \"1\"\n    title: Reach\n    objectives:\n      - title: O\n        actions:\n          - title: a\n            status: done\n        deliverables:\n          - title: Report\n  - title: G2\nnext: 1\n",
        ];
        for text in cases {
            let (ours, theirs) = both(text);
            assert_eq!(ours.as_ref(), theirs.as_ref().ok(), "{text:?}");
        }
    }

    #[test]
    fn leaves_everything_else_to_saphyr() {
        let cases = [
            "",
            "\n  \n",
            "a: 1 # comment\n",
            "a:\n\t- tab\n",
            "a: 1\r\n",
            "a: é\n",
            "a: [1, 2]\n",
            "a: {b: c}\n",
            "a: &x 1\nb: *x\n",
            "a: !tag 1\n",
            "a: |\n  block\n",
            "a: >\n  folded\n",
            "a: one\n  two\n",
            "a: \"esc\\\"aped\"\n",
            "a: 'it''s'\n",
            "a: \"two\n  lines\"\n",
            "\"a\": 1\n",
            "a b: 1\n",
            "a: b: c\n",
            "a: b:\n",
            "a:\n- x\n",
            "a: 1\n b: 2\n",
            "  a: 1\nb: 2\n",
            "- - x\n",
            "just text\n",
            "a: \"x\" y\n",
            "? a\n: b\n",
            "a: - x\n",
            "a:\n  - x\n  b: y\n",
        ];
        for text in cases {
            assert_eq!(super::parse(text, 0), None, "{text:?}");
        }
    }

    #[test]
    fn deep_nesting_is_left_to_saphyr() {
        let mut text = String::new();
        for depth in 0..super::MAX_DEPTH + 1 {
            text.push_str(&format!("{}k:\n", "  ".repeat(depth)));
        }
        assert_eq!(super::parse(&text, 0), None);
        assert!(both(&text).1.is_err());
    }

    /// A value to write as YAML: the tests render it in block style.
    #[derive(Debug, Clone)]
    enum Tree {
        Scalar(&'static str),
        Map(Vec<(&'static str, Tree)>),
        Seq(Vec<Tree>),
    }

    /// Scalars and keys the reader takes, then some it must refuse.
    const SCALARS: &[&str] = &[
        "",
        "v",
        "two words",
        "\"q\"",
        "'s'",
        "\"q\"  ",
        "v  ",
        "~",
        "null",
        "-5",
        "\"\"",
        "''",
        "x\"y",
        "10:30",
        ".5",
        "a - b, [c]",
    ];
    const ODD_SCALARS: &[&str] = &[
        "a: b", "b:", "- x", "\"a\\b\"", "'it''s'", "[1]", "*a", "k: v", "-", "\"x\" y", "?",
    ];
    const KEYS: &[&str] = &["k", "key_2", "a-b", "null", "K9"];
    const ODD_KEYS: &[&str] = &["x:y", "\"q\"", "-k", "a b", "~"];

    fn tree() -> impl Strategy<Value = Tree> {
        let leaf = prop_oneof![
            8 => prop::sample::select(SCALARS),
            1 => prop::sample::select(ODD_SCALARS),
        ]
        .prop_map(Tree::Scalar);
        let key = prop_oneof![8 => prop::sample::select(KEYS), 1 => prop::sample::select(ODD_KEYS)];
        leaf.prop_recursive(4, 24, 4, move |inner| {
            prop_oneof![
                prop::collection::vec((key.clone(), inner.clone()), 1..4).prop_map(Tree::Map),
                prop::collection::vec(inner, 1..4).prop_map(Tree::Seq),
            ]
        })
    }

    /// Writes `tree` at `indent`; `step` is the indent of nested levels, `gap` the spaces
    /// after a dash. `inline` says the first line is already begun (after `- `).
    fn render(tree: &Tree, indent: usize, step: usize, gap: usize, inline: bool, out: &mut String) {
        let pad = |out: &mut String, first: bool| {
            if !(first && inline) {
                out.push_str(&" ".repeat(indent));
            }
        };
        match tree {
            Tree::Scalar(s) => {
                pad(out, true);
                out.push_str(s);
                out.push('\n');
            }
            Tree::Map(entries) => {
                for (i, (key, value)) in entries.iter().enumerate() {
                    pad(out, i == 0);
                    out.push_str(key);
                    out.push(':');
                    match value {
                        Tree::Scalar(s) => {
                            out.push(' ');
                            out.push_str(s);
                            out.push('\n');
                        }
                        _ => {
                            out.push('\n');
                            render(value, indent + step, step, gap, false, out);
                        }
                    }
                }
            }
            Tree::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    pad(out, i == 0);
                    out.push('-');
                    out.push_str(&" ".repeat(gap));
                    render(item, indent + 1 + gap, step, gap, true, out);
                }
            }
        }
    }

    /// A rendered tree, with one line perhaps moved by a column or two or replaced.
    fn document() -> impl Strategy<Value = String> {
        (
            tree(),
            1..4usize,
            1..3usize,
            any::<prop::sample::Index>(),
            0..6usize,
        )
            .prop_map(|(tree, step, gap, line, change)| {
                let mut text = String::new();
                let root = match tree {
                    Tree::Scalar(s) => Tree::Map(vec![("k", Tree::Scalar(s))]),
                    other => other,
                };
                render(&root, 0, step, gap, false, &mut text);
                let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                let i = line.index(lines.len());
                match change {
                    0 => lines[i].insert(0, ' '),
                    1 if lines[i].starts_with(' ') => {
                        lines[i].remove(0);
                    }
                    2 => lines.insert(i, String::new()),
                    3 => lines[i].push_str("  "),
                    _ => {}
                }
                lines.join("\n") + "\n"
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn what_it_reads_saphyr_reads_the_same(text in document()) {
            let (ours, theirs) = both(&text);
            if let Some(ours) = ours {
                prop_assert_eq!(Some(&ours), theirs.as_ref().ok(), "{:?}", text);
            }
        }
    }
}
