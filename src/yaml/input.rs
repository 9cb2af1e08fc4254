//! The text saphyr scans: its own `&str` input, with a smaller lookahead window.
//!
//! saphyr reserves `bufmaxlen()` more bytes in every plain scalar after its first character,
//! and `StrInput` says 128: each scalar was allocated at 32 bytes, then at once reallocated
//! and copied to 129 or more, though most (keys, names, dates) are a few characters long.
//! [`FrontMatterInput`] is `StrInput` in every respect but that number, which for a `&str`
//! only sets how often the scanner's loops ask for more lookahead (a no-op on a `&str`), so
//! what saphyr produces is the same.

use saphyr_parser::input::SkipTabs;
use saphyr_parser::{Input, StrInput};

/// Lookahead window reported to the scanner: a plain scalar's first character plus this
/// still fits the 32 bytes saphyr allocates it with. At least 5 (the scanner looks up to
/// four characters ahead at once).
const WINDOW: usize = 31;

#[derive(Clone, Copy)]
pub struct FrontMatterInput<'a>(StrInput<'a>);

impl<'a> FrontMatterInput<'a> {
    pub fn new(text: &'a str) -> Self {
        FrontMatterInput(StrInput::new(text))
    }
}

/// Everything but `bufmaxlen` goes to `StrInput`, including the methods the trait has
/// defaults for: `StrInput` overrides them with faster ones for `&str`.
impl Input for FrontMatterInput<'_> {
    #[inline]
    fn lookahead(&mut self, count: usize) {
        self.0.lookahead(count);
    }
    #[inline]
    fn buflen(&self) -> usize {
        self.0.buflen()
    }
    #[inline]
    fn bufmaxlen(&self) -> usize {
        WINDOW
    }
    #[inline]
    fn buf_is_empty(&self) -> bool {
        self.0.buf_is_empty()
    }
    #[inline]
    fn raw_read_ch(&mut self) -> char {
        self.0.raw_read_ch()
    }
    #[inline]
    fn raw_read_non_breakz_ch(&mut self) -> Option<char> {
        self.0.raw_read_non_breakz_ch()
    }
    #[inline]
    fn skip(&mut self) {
        self.0.skip();
    }
    #[inline]
    fn skip_n(&mut self, count: usize) {
        self.0.skip_n(count);
    }
    #[inline]
    fn peek(&self) -> char {
        self.0.peek()
    }
    #[inline]
    fn peek_nth(&self, n: usize) -> char {
        self.0.peek_nth(n)
    }
    #[inline]
    fn peek_opt(&self) -> Option<char> {
        self.0.peek_opt()
    }
    #[inline]
    fn look_ch(&mut self) -> char {
        self.0.look_ch()
    }
    #[inline]
    fn next_char_is(&self, c: char) -> bool {
        self.0.next_char_is(c)
    }
    #[inline]
    fn nth_char_is(&self, n: usize, c: char) -> bool {
        self.0.nth_char_is(n, c)
    }
    #[inline]
    fn next_2_are(&self, c1: char, c2: char) -> bool {
        self.0.next_2_are(c1, c2)
    }
    #[inline]
    fn next_3_are(&self, c1: char, c2: char, c3: char) -> bool {
        self.0.next_3_are(c1, c2, c3)
    }
    #[inline]
    fn next_is_document_indicator(&self) -> bool {
        self.0.next_is_document_indicator()
    }
    #[inline]
    fn next_is_document_start(&self) -> bool {
        self.0.next_is_document_start()
    }
    #[inline]
    fn next_is_document_end(&self) -> bool {
        self.0.next_is_document_end()
    }
    #[inline]
    fn skip_ws_to_eol(&mut self, skip_tabs: SkipTabs) -> (usize, Result<SkipTabs, &'static str>) {
        self.0.skip_ws_to_eol(skip_tabs)
    }
    #[inline]
    fn next_can_be_plain_scalar(&self, in_flow: bool) -> bool {
        self.0.next_can_be_plain_scalar(in_flow)
    }
    #[inline]
    fn next_is_blank_or_break(&self) -> bool {
        self.0.next_is_blank_or_break()
    }
    #[inline]
    fn next_is_blank_or_breakz(&self) -> bool {
        self.0.next_is_blank_or_breakz()
    }
    #[inline]
    fn next_is_blank(&self) -> bool {
        self.0.next_is_blank()
    }
    #[inline]
    fn next_is_break(&self) -> bool {
        self.0.next_is_break()
    }
    #[inline]
    fn next_is_breakz(&self) -> bool {
        self.0.next_is_breakz()
    }
    #[inline]
    fn next_is_z(&self) -> bool {
        self.0.next_is_z()
    }
    #[inline]
    fn next_is_flow(&self) -> bool {
        self.0.next_is_flow()
    }
    #[inline]
    fn next_is_digit(&self) -> bool {
        self.0.next_is_digit()
    }
    #[inline]
    fn next_is_alpha(&self) -> bool {
        self.0.next_is_alpha()
    }
    #[inline]
    fn skip_while_non_breakz(&mut self) -> usize {
        self.0.skip_while_non_breakz()
    }
    #[inline]
    fn skip_while_blank(&mut self) -> usize {
        self.0.skip_while_blank()
    }
    #[inline]
    fn fetch_while_is_alpha(&mut self, out: &mut String) -> usize {
        self.0.fetch_while_is_alpha(out)
    }
    #[inline]
    fn fetch_while_is_yaml_non_space(&mut self, out: &mut String) -> usize {
        self.0.fetch_while_is_yaml_non_space(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use saphyr_parser::Parser;

    /// Every event and span, or the error, that saphyr gives for `text` through `input`.
    fn events<'a, T: Input>(mut parser: Parser<'a, T>) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(event) = parser.next_event() {
            match event {
                Ok((event, span)) => out.push(format!("{event:?} {span:?}")),
                Err(e) => {
                    out.push(format!("{e:?}"));
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn scans_as_str_input_does() {
        let deep = " ".repeat(40);
        let long = "a long plain scalar that runs well past the lookahead window ".repeat(4);
        let cases = [
            "title: A plan\ngoals:\n  - id: \"1\"\n    title: Reach\n".to_string(),
            format!("title: {long}\nnext: {long}\n  continued on a second line\n"),
            format!("text: |\n{deep}kept\n{deep}  as written\n\n{deep}after a blank\nnext: 1\n"),
            format!("text: >-\n{deep}folded\n{deep}lines\n"),
            "a: 'it''s'\nb: \"esc\\taped é\"\nc: [x, {y: z}]\nd: &a 1\ne: *a\n".to_string(),
            "a: b: c\n".to_string(),
            "a:\n\t- tab\n".to_string(),
            "k: [unclosed\n".to_string(),
        ];
        for text in &cases {
            let ours = events(Parser::new(FrontMatterInput::new(text)));
            let theirs = events(Parser::new_from_str(text));
            assert_eq!(ours, theirs, "{text:?}");
        }
    }
}
