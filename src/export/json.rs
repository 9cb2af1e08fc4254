//! Compact JSON written straight into a byte buffer, for the exports made per plan
//! (plans.json and the search documents): the same bytes `serde_json` writes, faster.
//!
//! `serde_json` escapes every string, keys included, a byte at a time through a lookup
//! table, which took about a third of plans.json's time. Here keys are written as they
//! are (they are fixed names), and a string is checked in one pass that the compiler
//! turns into vector code; only a string that needs escaping goes to `serde_json`, whose
//! escaping it then gets exactly. Numbers and other values also go to `serde_json`, so
//! their digits are its own.

use serde::Serialize;

/// Appends `text` as a JSON string, escaped exactly as `serde_json` escapes it.
pub(crate) fn push_str(out: &mut Vec<u8>, text: &str) {
    if needs_escape(text) {
        push_value(out, text);
    } else {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }
}

/// Whether `serde_json` would escape any byte of `text`: a control character (below
/// U+0020), `"` or `\`. Everything else, U+007F and non-ASCII included, it writes as it
/// is.
fn needs_escape(text: &str) -> bool {
    super::any_byte(text.as_bytes(), |b| (b < 0x20) | (b == b'"') | (b == b'\\'))
}

/// Appends `value` as `serde_json` writes it (numbers, `null`, small structs).
pub(crate) fn push_value<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    serde_json::to_writer(&mut *out, value).expect("plain values serialize into memory");
}

/// A JSON object being written: `{`, then `"key":value` pairs comma-separated, then `}`.
pub(crate) struct Object<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> Object<'a> {
    pub(crate) fn open(out: &'a mut Vec<u8>) -> Object<'a> {
        out.push(b'{');
        Object { out, empty: true }
    }

    /// Starts the field `key` and returns the buffer its value is to be appended to.
    /// `key` is written as it is: it must need no escaping (all keys are fixed names).
    pub(crate) fn key(&mut self, key: &str) -> &mut Vec<u8> {
        debug_assert!(!needs_escape(key), "{key:?}");
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    pub(crate) fn str(&mut self, key: &str, text: &str) {
        push_str(self.key(key), text);
    }

    /// A string, or `null`.
    pub(crate) fn opt_str(&mut self, key: &str, text: Option<&str>) {
        let out = self.key(key);
        match text {
            Some(text) => push_str(out, text),
            None => out.extend_from_slice(b"null"),
        }
    }

    /// Any other value, as `serde_json` writes it.
    pub(crate) fn value<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        push_value(self.key(key), value);
    }

    /// A list, each element appended by `push`.
    pub(crate) fn list<T>(&mut self, key: &str, items: &[T], push: impl Fn(&mut Vec<u8>, &T)) {
        push_list(self.key(key), items, push);
    }

    pub(crate) fn close(self) {
        self.out.push(b'}');
    }
}

/// Appends `[`, each of `items` appended by `push` (comma-separated), then `]`.
pub(crate) fn push_list<T>(out: &mut Vec<u8>, items: &[T], push: impl Fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        push(out, item);
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pushed(text: &str) -> String {
        let mut out = Vec::new();
        push_str(&mut out, text);
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let cases = [
            "",
            "plain text",
            "\"quoted\"",
            "back\\slash",
            "a/b",
            "line\nbreak\r\ttab",
            "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}",
            "\u{7f} del",
            "é 进度 😀",
            "\u{2028}\u{2029}",
            "<script>&'",
            "ends with \\",
        ];
        for text in cases {
            assert_eq!(pushed(text), serde_json::to_string(text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn objects_are_written_as_serde_json_writes_structs() {
        #[derive(Serialize)]
        struct Sample<'a> {
            a: &'a str,
            b: Option<&'a str>,
            c: Option<&'a str>,
            d: f64,
            e: Vec<&'a str>,
            f: Vec<&'a str>,
        }
        let sample = Sample {
            a: "x\"y",
            b: None,
            c: Some("z"),
            d: 12.5,
            e: vec!["1", "\n"],
            f: vec![],
        };
        let mut out = Vec::new();
        let mut o = Object::open(&mut out);
        o.str("a", sample.a);
        o.opt_str("b", sample.b);
        o.opt_str("c", sample.c);
        o.value("d", &sample.d);
        o.list("e", &sample.e, |out, s| push_str(out, s));
        o.list("f", &sample.f, |out, s| push_str(out, s));
        o.close();
        assert_eq!(out, serde_json::to_vec(&sample).unwrap());
        let mut empty = Vec::new();
        Object::open(&mut empty).close();
        assert_eq!(empty, b"{}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(
            text in "(\\PC|[\"\\\\\u{0}-\u{1f}\u{7f}])*"
        ) {
            prop_assert_eq!(pushed(&text), serde_json::to_string(&text).unwrap());
        }
    }
}
