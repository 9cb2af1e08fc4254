//! Checks over a loaded site: its lints and link checks.

pub mod lint;
