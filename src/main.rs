use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    reportlint::app::run(reportlint::cli::Cli::parse())
}
