//! Integration tests: they run the real `reportlint` binary on real files and
//! read its JSON or its rendered output.

mod architecture;
mod authoring;
mod bad_inputs;
mod batch;
mod cli;
mod cmd;
mod config;
mod examples;
mod exit_codes;
mod extra;
mod fix;
mod format_doc;
mod format_matrix;
mod format_pdf;
mod format_word;
mod formats;
mod forms;
mod fuzz;
mod helpers;
mod input_forms;
mod outline;
mod outputs;
mod pack_truth;
mod real;
mod rule_errors;
mod scale;
mod seeds;
mod snapshots;
mod toy_kind;
mod waivers;
mod writing;
mod year;
mod zfxxgk;
