//! Splits a Markdown file into its YAML front matter and its body. Accepts CRLF line breaks
//! (the byte order mark is already gone, see [`SourceFile`]). Returns byte ranges into the
//! file so that positions found inside either part stay counted from the top of the file.

use super::source::{SourceFile, Span};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The YAML between the fences, without them.
    pub yaml: Span,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file is empty or only white space.
    Empty,
    /// The first line is not `---`.
    NoFrontMatter,
    /// `---` opens the front matter on line 1 and nothing closes it.
    Unclosed { opening: Span },
}

fn is_fence(line: &str) -> bool {
    let line = line.trim_end_matches(['\r', ' ', '\t']);
    line == "---"
}

fn is_closing_fence(line: &str) -> bool {
    is_fence(line) || line.trim_end_matches(['\r', ' ', '\t']) == "..."
}

pub fn split(file: &SourceFile) -> Result<Split, SplitError> {
    let text = &file.text;
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let first_line = text.split('\n').next().unwrap_or_default();
    if !is_fence(first_line) {
        return Err(SplitError::NoFrontMatter);
    }
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    // The first `---` fence, or an earlier `...` one.
    let dashes = fence_line(text, yaml_start, "\n---");
    let before_dashes = &text[..dashes.map_or(text.len(), |(start, _)| start)];
    let Some((start, end)) = fence_line(before_dashes, yaml_start, "\n...").or(dashes) else {
        return Err(SplitError::Unclosed { opening: 0..3 });
    };
    Ok(Split {
        yaml: yaml_start..start,
        yaml_line: 2,
        body: (end + 1).min(text.len())..text.len(),
    })
}

/// The first line from `from` (a line start) on that is a closing fence starting with the
/// marker in `after_break` (`"\n---"`), as its start and its end (before the line break).
/// Found by searching for the line break and marker together: walking the front matter
/// line by line showed in profiles of the load, and so did `str::find` for the pair, which
/// memchr's vectorised `memmem` does several times faster.
fn fence_line(text: &str, from: usize, after_break: &str) -> Option<(usize, usize)> {
    let marker = &after_break[1..];
    let mut start = from;
    loop {
        let end = memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        if text[start..].starts_with(marker) && is_closing_fence(&text[start..end]) {
            return Some((start, end));
        }
        start = end + memchr::memmem::find(&text.as_bytes()[end..], after_break.as_bytes())? + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<(String, String), SplitError> {
        let f = SourceFile::new("a.md", "a.md", text.to_string());
        split(&f).map(|s| (f.text[s.yaml].to_string(), f.text[s.body].to_string()))
    }

    #[test]
    fn splits_yaml_from_body() {
        let (yaml, body) = run("---\ntitle: A\n---\n# Body\n").unwrap();
        assert_eq!(yaml, "title: A\n");
        assert_eq!(body, "# Body\n");
    }

    #[test]
    fn accepts_crlf_and_bom() {
        let (yaml, body) = run("\u{feff}---\r\ntitle: A\r\n---\r\nBody").unwrap();
        assert_eq!(yaml, "title: A\r\n");
        assert_eq!(body, "Body");
    }

    #[test]
    fn accepts_dots_as_closing_fence_and_no_body() {
        let (yaml, body) = run("---\ntitle: A\n...").unwrap();
        assert_eq!(yaml, "title: A\n");
        assert_eq!(body, "");
    }

    #[test]
    fn errors_on_empty_missing_and_unclosed() {
        assert_eq!(run(""), Err(SplitError::Empty));
        assert_eq!(run(" \n\n"), Err(SplitError::Empty));
        assert_eq!(run("# Just text\n"), Err(SplitError::NoFrontMatter));
        assert_eq!(
            run("---\ntitle: A\n# Body"),
            Err(SplitError::Unclosed { opening: 0..3 })
        );
    }

    #[test]
    fn closes_at_the_first_fence_of_either_kind() {
        let (yaml, body) = run("---\na: 1\n...\nb\n---\nc\n").unwrap();
        assert_eq!((yaml.as_str(), body.as_str()), ("a: 1\n", "b\n---\nc\n"));
        let (yaml, body) = run("---\na: 1\n---\nb\n...\nc\n").unwrap();
        assert_eq!((yaml.as_str(), body.as_str()), ("a: 1\n", "b\n...\nc\n"));
        let (yaml, body) = run("---\n---\n").unwrap();
        assert_eq!((yaml.as_str(), body.as_str()), ("", ""));
    }

    #[test]
    fn lines_that_only_start_like_a_fence_are_yaml() {
        let (yaml, body) = run("---\n----\n--- x\n....\n---  \r\nbody").unwrap();
        assert_eq!((yaml.as_str(), body.as_str()), ("----\n--- x\n....\n", "body"));
        assert_eq!(
            run("---\na: 1\n---x\n"),
            Err(SplitError::Unclosed { opening: 0..3 })
        );
    }

    /// The split as first written, walking every line: the reference for the search.
    fn split_by_lines(text: &str) -> Option<(usize, usize, usize)> {
        let mut at = 0;
        let mut lines = text.split_inclusive('\n').map(|line| {
            let start = at;
            at += line.len();
            (start, line.trim_end_matches('\n'))
        });
        if !lines.next().is_some_and(|(_, first)| is_fence(first)) {
            return None;
        }
        let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
        lines
            .find(|(_, line)| is_closing_fence(line))
            .map(|(start, line)| (yaml_start, start, (start + line.len() + 1).min(text.len())))
    }

    proptest::proptest! {
        #[test]
        fn finds_the_fence_walking_every_line_would(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["---", "...", "-", ".", "\n", "\r", " ", "a"]),
                0..40,
            ),
            opened in proptest::bool::ANY,
        ) {
            let text = if opened { format!("---\n{}", parts.concat()) } else { parts.concat() };
            let f = SourceFile::new("a.md", "a.md", text.clone());
            let found = split(&f).ok().map(|s| (s.yaml.start, s.yaml.end, s.body.start));
            let want = if text.trim().is_empty() { None } else { split_by_lines(&text) };
            proptest::prop_assert_eq!(found, want, "{:?}", text);
        }
    }

    #[test]
    fn a_horizontal_rule_in_the_body_is_not_a_fence() {
        let (_, body) = run("---\na: 1\n---\ntext\n---\nmore\n").unwrap();
        assert_eq!(body, "text\n---\nmore\n");
    }
}
