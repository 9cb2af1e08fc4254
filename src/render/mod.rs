//! Rendering: Markdown to HTML and templates to pages.

pub mod anchors;
