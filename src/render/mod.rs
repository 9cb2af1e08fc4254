//! Rendering: Markdown to HTML and templates to pages.

mod indentation;
pub mod markdown;
pub mod pages;
pub mod relative_urls;
pub mod templates;
pub mod views;
