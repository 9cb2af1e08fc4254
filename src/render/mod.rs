//! Rendering: Markdown to HTML and templates to pages.

pub mod anchors;
mod indentation;
pub mod markdown;
pub mod pages;
pub mod relative_urls;
pub mod templates;
pub mod views;
