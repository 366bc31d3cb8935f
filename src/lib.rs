//! reportlint checks reports written to a fixed template against YAML rules.
pub mod document;
