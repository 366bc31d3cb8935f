//! Integration tests: they run the real `reportlint` binary on real files and
//! read its JSON or its rendered output.

mod batch;
mod cli;
mod extra;
mod formats;
mod helpers;
mod rule_errors;
mod seeds;
mod snapshots;
