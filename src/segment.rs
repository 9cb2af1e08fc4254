//! Strings that become one segment of an output path: plan and page slugs (from file names
//! or `slug:`), person slugs (from `who`, party and work group names), jurisdiction codes
//! and region ids (from `planpress.yaml`), and the file `planpress new plan` writes. Every
//! producer of such a segment goes through here, so one set of rules decides what may end
//! up between two `/` of a path.
//!
//! Three kinds of text, three rules:
//! - **Derived slugs** (from names, titles and file names) are never an error: they are
//!   slugified, and shortened with a short stable hash when too long ([`derived_slug`]).
//!   Only a text with no letter or digit gives none.
//! - **Written slugs** (`slug:`, `--slug`) are the author's choice, so they are checked, not
//!   changed ([`written_slug`]).
//! - **Codes and ids** (`IL`, `V`, `cherokee-nation`) are checked ([`code`]): ASCII
//!   letters, digits, `-` and `_`. Paths use them lowercased, and ASCII keeps two codes that
//!   differ only in case from meeting silently in one folder.
//!
//! Pure: no I/O. The callers turn an [`Unusable`] into a diagnostic with its position.

use std::fmt::Write;

/// The most bytes a segment may have. File systems allow 255 bytes a name (eCryptfs, used
/// for encrypted home folders, only 143), and a segment is often written with more around
/// it: `badges/SLUG.svg` adds 4 bytes (the writer's temporary names have a fixed length of
/// their own). 120 bytes leave room for such suffixes everywhere, and a URL with a segment
/// of 120 characters can still be read.
pub const MAX_BYTES: usize = 120;

/// The hexadecimal digits of the hash that ends a shortened slug: the low 32 bits of its
/// xxh3 hash, whose output is fixed by its specification, so a slug does not change
/// between builds, machines or versions.
const HASH_DIGITS: usize = 8;

/// Page slugs that would collide with the site's own listings and files at the top of the
/// output (`/plans/`, `/states/`, ...).
pub const RESERVED_PAGE_SLUGS: &[&str] = &[
    "plans",
    "states",
    "regions",
    "types",
    "status",
    "people",
    "timeline",
    "search",
    "data",
    "badges",
    "static",
    "feed.xml",
    "sitemap.xml",
    "404",
];

/// Plan slugs that would collide with the folders of the `/plans/` listing: its later pages
/// live under `plans/page/N/`.
pub const RESERVED_PLAN_SLUGS: &[&str] = &["page"];

/// Why a text cannot be a path segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// Nothing is left (no letter or digit, or nothing written).
    Empty,
    /// More than [`MAX_BYTES`] bytes.
    TooLong { bytes: usize },
    /// A written slug that slugifies to something else: `suggestion` is that (empty when
    /// nothing is left).
    NotSlug { suggestion: String },
    /// A code or id with a character other than ASCII letters, digits, `-` and `_`.
    BadCharacter(char),
    /// A name the site's own listings or files use.
    Reserved,
}

impl Unusable {
    /// The message, for a `what` (`slug`, `jurisdiction code`) written as `text`.
    pub fn message(&self, what: &str, text: &str) -> String {
        let text = shown(text);
        match self {
            Unusable::Empty => format!("the {what} `{text}` has no letter or digit"),
            Unusable::TooLong { bytes } => {
                format!("the {what} `{text}` is {bytes} bytes long, more than {MAX_BYTES}")
            }
            Unusable::NotSlug { .. } => format!("the {what} `{text}` is not URL-safe"),
            Unusable::BadCharacter(c) => format!("the {what} `{text}` contains `{}`", c.escape_default()),
            Unusable::Reserved => format!("the {what} `{text}` is used by the site's own pages"),
        }
    }

    /// How to fix it.
    pub fn help(&self) -> String {
        match self {
            Unusable::NotSlug { suggestion } if !suggestion.is_empty() => {
                format!("use `{}`", shown(suggestion))
            }
            Unusable::Empty | Unusable::NotSlug { .. } => {
                "use lowercase letters, digits and hyphens, such as `state-plan-2024`".into()
            }
            Unusable::TooLong { .. } => format!(
                "use at most {MAX_BYTES} bytes: it becomes a file name, and file systems limit their length"
            ),
            Unusable::BadCharacter(_) => {
                "use ASCII letters, digits, `-` and `_`, such as `ON` or `cherokee-nation`".into()
            }
            Unusable::Reserved => "choose another one".into(),
        }
    }
}

/// A long text cut for a message: a 300-character slug would drown the diagnostic.
fn shown(text: &str) -> String {
    const SHOWN: usize = 60;
    match text.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// The slug of a name, title or file name, fit to be a segment: lowercase ASCII letters,
/// digits and hyphens, at most [`MAX_BYTES`] bytes. A longer slug keeps its beginning and
/// ends with a hash of the whole, so two long names that begin alike still differ, and a
/// name gives the same slug on every build. None when the text has no letter or digit.
pub fn derived_slug(text: &str) -> Option<String> {
    let slug = slug::slugify(text);
    if slug.is_empty() {
        return None;
    }
    Some(fit(slug))
}

/// `slug` itself when it fits, else its beginning, `-` and a hash of all of it.
fn fit(slug: String) -> String {
    if slug.len() <= MAX_BYTES {
        return slug;
    }
    let hash = xxhash_rust::xxh3::xxh3_64(slug.as_bytes());
    let mut keep = MAX_BYTES - HASH_DIGITS - 1;
    while !slug.is_char_boundary(keep) {
        keep -= 1;
    }
    let mut short = slug[..keep].trim_end_matches('-').to_string();
    let _ = write!(short, "-{:0width$x}", hash as u32, width = HASH_DIGITS);
    short
}

/// Checks a slug an author wrote (`slug:`, `planpress new plan --slug`): it must already be
/// a slug (what [`slug::slugify`] leaves as it is), not empty, and fit.
pub fn written_slug(text: &str) -> Result<(), Unusable> {
    let clean = slug::slugify(text);
    if clean.is_empty() {
        return Err(if text.trim().is_empty() {
            Unusable::Empty
        } else {
            Unusable::NotSlug { suggestion: clean }
        });
    }
    if clean != text {
        return Err(Unusable::NotSlug {
            suggestion: fit(clean),
        });
    }
    if text.len() > MAX_BYTES {
        return Err(Unusable::TooLong { bytes: text.len() });
    }
    Ok(())
}

/// Checks a jurisdiction code or region id: ASCII letters, digits, `-` and `_`, at most
/// [`MAX_BYTES`] bytes. `national` and `IL` pass; `../x`, `a/b`, `.` and `` do not.
pub fn code(text: &str) -> Result<(), Unusable> {
    if text.is_empty() {
        return Err(Unusable::Empty);
    }
    if let Some(c) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(Unusable::BadCharacter(c));
    }
    if text.len() > MAX_BYTES {
        return Err(Unusable::TooLong { bytes: text.len() });
    }
    Ok(())
}

/// Whether `text` can be a path segment at all: not empty, not `.` or `..`, no separator
/// or control character, and within [`MAX_BYTES`]. Everything this module makes passes.
pub fn is_safe(text: &str) -> bool {
    !text.is_empty()
        && text != "."
        && text != ".."
        && text.len() <= MAX_BYTES
        && !text.chars().any(|c| c == '/' || c == '\\' || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_slugs_are_safe_short_and_stable() {
        let long_who = "Responsible party ".repeat(17);
        let chinese = "中".repeat(120);
        let long_file = "a".repeat(252);
        let cases: [(&str, Option<&str>); 6] = [
            ("State Lead", Some("state-lead")),
            ("!!!", None),
            ("---", None),
            ("", None),
            ("../../x", Some("x")),
            ("Élan vital", Some("elan-vital")),
        ];
        for (input, want) in cases {
            assert_eq!(derived_slug(input).as_deref(), want, "{input:?}");
        }
        for input in [long_who.as_str(), chinese.as_str(), long_file.as_str()] {
            let slug = derived_slug(input).unwrap();
            assert!(slug.len() <= MAX_BYTES, "{} bytes for {input:?}", slug.len());
            assert!(is_safe(&slug), "{slug:?}");
            assert_eq!(derived_slug(input), Some(slug.clone()), "the same on every call");
            assert!(!slug.contains("--"), "{slug:?}");
        }
    }

    #[test]
    fn shortened_slugs_of_names_that_begin_alike_differ() {
        let a = format!("{}a", "x".repeat(200));
        let b = format!("{}b", "x".repeat(200));
        let (a, b) = (derived_slug(&a).unwrap(), derived_slug(&b).unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), MAX_BYTES);
        assert_eq!(a[..MAX_BYTES - HASH_DIGITS], b[..MAX_BYTES - HASH_DIGITS]);
    }

    #[test]
    fn a_shortened_slug_is_pinned_because_it_is_a_published_url() {
        let slug = derived_slug(&"Long name ".repeat(30)).unwrap();
        let want = format!("{}l-4f2783f2", "long-name-".repeat(11));
        assert_eq!(slug, want);
    }

    #[test]
    fn a_slug_of_exactly_the_limit_is_kept_whole() {
        let slug = "a".repeat(MAX_BYTES);
        assert_eq!(derived_slug(&slug), Some(slug));
    }

    #[test]
    fn written_slugs_must_already_be_slugs_and_fit() {
        let too_long = "a".repeat(MAX_BYTES + 1);
        let cases: Vec<(&str, Result<(), Unusable>)> = vec![
            ("csdwg-work-plan", Ok(())),
            ("a1", Ok(())),
            ("", Err(Unusable::Empty)),
            ("  ", Err(Unusable::Empty)),
            (
                ".",
                Err(Unusable::NotSlug {
                    suggestion: "".into(),
                }),
            ),
            (
                "..",
                Err(Unusable::NotSlug {
                    suggestion: "".into(),
                }),
            ),
            (
                "!!!",
                Err(Unusable::NotSlug {
                    suggestion: "".into(),
                }),
            ),
            (
                "../../x",
                Err(Unusable::NotSlug {
                    suggestion: "x".into(),
                }),
            ),
            (
                "My Plan",
                Err(Unusable::NotSlug {
                    suggestion: "my-plan".into(),
                }),
            ),
            (&too_long, Err(Unusable::TooLong { bytes: MAX_BYTES + 1 })),
        ];
        for (input, want) in cases {
            assert_eq!(written_slug(input), want, "{input:?}");
        }
    }

    #[test]
    fn codes_are_ascii_words() {
        let too_long = "A".repeat(MAX_BYTES + 1);
        let cases: Vec<(&str, Result<(), Unusable>)> = vec![
            ("IL", Ok(())),
            ("national", Ok(())),
            ("cherokee-nation", Ok(())),
            ("CA_BC", Ok(())),
            ("VIII", Ok(())),
            ("", Err(Unusable::Empty)),
            ("..", Err(Unusable::BadCharacter('.'))),
            ("../../x", Err(Unusable::BadCharacter('.'))),
            ("a/b", Err(Unusable::BadCharacter('/'))),
            ("a\\b", Err(Unusable::BadCharacter('\\'))),
            ("a b", Err(Unusable::BadCharacter(' '))),
            ("Québec", Err(Unusable::BadCharacter('é'))),
            ("a\0", Err(Unusable::BadCharacter('\0'))),
            (&too_long, Err(Unusable::TooLong { bytes: MAX_BYTES + 1 })),
        ];
        for (input, want) in cases {
            assert_eq!(code(input), want, "{input:?}");
        }
    }

    #[test]
    fn is_safe_refuses_what_leaves_a_folder() {
        let cases = [
            ("plan", true),
            ("", false),
            (".", false),
            ("..", false),
            ("a/b", false),
            ("a\\b", false),
            ("a\nb", false),
            ("a".repeat(MAX_BYTES + 1).leak(), false),
        ];
        for (input, want) in cases {
            assert_eq!(is_safe(input), want, "{input:?}");
        }
    }

    #[test]
    fn messages_cut_long_texts_and_help_says_what_to_write() {
        let long = "a".repeat(300);
        let message = Unusable::TooLong { bytes: 300 }.message("slug", &long);
        assert!(message.len() < 150, "{message}");
        assert!(message.contains("300 bytes"), "{message}");
        let cases = [
            (
                Unusable::NotSlug {
                    suggestion: "my-plan".into(),
                },
                "use `my-plan`",
            ),
            (
                Unusable::NotSlug {
                    suggestion: "".into(),
                },
                "use lowercase letters",
            ),
            (Unusable::Empty, "use lowercase letters"),
            (Unusable::BadCharacter('/'), "use ASCII letters"),
            (Unusable::TooLong { bytes: 300 }, "use at most 120 bytes"),
        ];
        for (problem, want) in cases {
            assert!(
                problem.help().starts_with(want),
                "{problem:?}: {}",
                problem.help()
            );
        }
    }
}
