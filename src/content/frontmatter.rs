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
    // Lines with their byte offsets, without building the file's line index.
    let mut lines = text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line.trim_end_matches('\n')))
    });
    match lines.next() {
        Some((_, first)) if is_fence(first) => {}
        _ => return Err(SplitError::NoFrontMatter),
    }
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    for (start, line) in lines {
        if is_closing_fence(line) {
            let body_start = (start + line.len() + 1).min(text.len());
            return Ok(Split {
                yaml: yaml_start..start,
                yaml_line: 2,
                body: body_start..text.len(),
            });
        }
    }
    Err(SplitError::Unclosed { opening: 0..3 })
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
    fn a_horizontal_rule_in_the_body_is_not_a_fence() {
        let (_, body) = run("---\na: 1\n---\ntext\n---\nmore\n").unwrap();
        assert_eq!(body, "text\n---\nmore\n");
    }
}
