//! planpress: a static site generator for published plans.
//!
//! The pipeline: [`content`] finds and reads files, [`yaml`] parses front matter into a
//! spanned tree, [`model`] decodes it into plans and pages (collecting [`diag`]nostics),
//! [`site`] holds the loaded site, [`check`] lints it, [`render`] turns it into pages and
//! [`export`] into data files, and [`build`] drives it all into the output folder. Each
//! stage names only the stages before it (the order is in `tests/layering.rs` and the
//! README).

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
