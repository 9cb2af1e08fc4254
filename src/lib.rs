//! planpress: a static site generator for published plans.
//!
//! The pipeline: [`content`] finds and reads files, [`yaml`] parses front matter into a
//! spanned tree, [`model`] decodes it into plans and pages (collecting [`diag`]nostics),
//! [`site`] holds the loaded site, and [`render`] turns it into pages.

pub mod asof;
pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod dev;
pub mod diag;
pub mod export;
pub mod model;
pub mod output_file;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod segment;
pub mod serve;
pub mod site;
pub mod timings;
pub mod watch;
pub mod yaml;
