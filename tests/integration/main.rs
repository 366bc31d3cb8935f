//! Integration tests: they run the real `reportlint` binary on real files and
//! read its JSON or its rendered output.

mod cli;
mod extra;
mod fix;
mod helpers;
mod rule_errors;
mod seeds;
mod snapshots;
mod writing;
