use std::process::ExitCode;

use reportlint::cli::Cli;
use reportlint::report::{write_stderr, write_stdout};

fn main() -> ExitCode {
    match Cli::parse_args(std::env::args_os()) {
        Ok(cli) => reportlint::app::run(cli),
        Err(usage) => {
            if usage.to_stdout {
                write_stdout(&usage.text);
            } else {
                write_stderr(&usage.text);
            }
            ExitCode::from(usage.code)
        }
    }
}
