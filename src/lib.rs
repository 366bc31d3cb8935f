//! reportlint checks reports written to a fixed template — by default the
//! 法治政府建设年度报告 required by 《法治政府建设与责任落实督察工作规定》 —
//! against YAML rules, and reports each problem with the exact span it
//! concerns.
//!
//! The pipeline: [`input`] reads a file; [`document`] parses it into a byte-span
//! model (title, report year, headings and sections, paragraphs, 落款, web
//! residue); [`rules`] loads and compiles a YAML pack once; [`engine`] runs the
//! pack's rules ([`checks`], one kind per file) over a document; [`report`]
//! renders the findings; [`fix`] applies the findings' fixes, re-checking
//! until nothing more applies, and writes the result back or shows a diff.

pub mod annotate;
pub mod app;
pub mod authoring;
pub mod baseline;
pub mod batch;
pub mod checks;
pub mod cli;
pub mod compare;
pub mod config;
pub mod document;
pub mod engine;
pub mod error;
pub mod finding;
pub mod fingerprint;
pub mod fix;
pub mod glob;
pub mod input;
pub mod isolate;
pub mod meta;
pub mod outline;
pub mod paths;
pub mod report;
pub mod rules;
pub mod run;
pub mod template;
pub mod waiver;
