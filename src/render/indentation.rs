//! The built-in theme's templates are indented to be read. Copied into every page, that
//! indentation was about a tenth of a plan page's bytes, to write and to send. It is dropped
//! when the built-in theme is loaded. A browser shows a line break followed by spaces
//! exactly as it shows the line break alone, so no page looks different, except inside the
//! elements that keep their text as written: lines there are left alone. Every line stays,
//! so Tera's line numbers in errors still match the theme's files.

/// Elements whose text is kept as written: preformatted text, form text and code.
const VERBATIM: [&str; 4] = ["pre", "textarea", "script", "style"];

/// `template` with the spaces and tabs that begin each line removed, outside
/// [`VERBATIM`] elements.
pub fn strip(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut inside: Option<&str> = None;
    for line in template.split_inclusive('\n') {
        out.push_str(match inside {
            Some(_) => line,
            None => line.trim_start_matches([' ', '\t']),
        });
        inside = verbatim_after(line, inside);
    }
    out
}

/// The verbatim element open at the end of `line`, given the one open at its start.
fn verbatim_after<'a>(line: &str, mut inside: Option<&'a str>) -> Option<&'a str> {
    let bytes = line.as_bytes();
    for at in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[at + 1..];
        let (closing, rest) = match rest.strip_prefix(b"/") {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let Some(name) = VERBATIM.into_iter().find(|name| starts_tag(rest, name)) else {
            continue;
        };
        match (inside, closing) {
            (None, false) => inside = Some(name),
            (Some(open), true) if open == name => inside = None,
            _ => {}
        }
    }
    inside
}

/// Whether `rest` (what follows `<` or `</`) is the tag name `name`, in any case.
fn starts_tag(rest: &[u8], name: &str) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        && matches!(rest[name.len()], b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn indentation_goes_and_every_line_stays() {
        let template = "<ul>\n  <li>{{ a }}</li>\n\t\t<li>b</li>\n\n    </ul>\n";
        assert_eq!(strip(template), "<ul>\n<li>{{ a }}</li>\n<li>b</li>\n\n</ul>\n");
        assert_eq!(strip("  no newline at the end"), "no newline at the end");
        assert_eq!(strip("a\r\n  b\r\n"), "a\r\nb\r\n");
    }

    #[test]
    fn verbatim_elements_keep_their_lines() {
        let template = "  <pre class=\"x\">one\n  two\n    three</pre>\n  after\n";
        assert_eq!(
            strip(template),
            "<pre class=\"x\">one\n  two\n    three</pre>\nafter\n"
        );
        let template = "<SCRIPT>\n  let a = `\n    b`;\n</Script>\n  <p>\n";
        assert_eq!(
            strip(template),
            "<SCRIPT>\n  let a = `\n    b`;\n</Script>\n<p>\n"
        );
        let template = "<textarea>\n  x\n  </textarea>\n  y";
        assert_eq!(strip(template), "<textarea>\n  x\n  </textarea>\ny");
    }

    #[test]
    fn an_element_opened_and_closed_on_one_line_ends_there() {
        let template = "<script src=\"a.js\" defer></script>\n  <p>x</p>\n";
        assert_eq!(
            strip(template),
            "<script src=\"a.js\" defer></script>\n<p>x</p>\n"
        );
    }

    #[test]
    fn only_the_open_element_closes_and_look_alike_names_are_not_tags() {
        // `</style>` inside a `<pre>` does not end it; `<preview>` and `<p>` are not `<pre>`.
        let template = "<pre>\n  </style>\n  x</pre>\n  <preview>\n  <p>\n";
        assert_eq!(strip(template), "<pre>\n  </style>\n  x</pre>\n<preview>\n<p>\n");
    }
}
