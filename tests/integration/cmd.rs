//! Command-line cases as data: each `tests/cmd/*.md` file holds commands
//! with their exact output and exit code, in the form a terminal shows them
//! (`$ reportlint …`, then the output, `? 1` for the exit code). Run with
//! `TRYCMD=overwrite` to write the current output into the files (then read
//! the diff before committing).

#[test]
fn command_line_cases() {
    trycmd::TestCases::new()
        .register_bin(
            "reportlint",
            std::path::Path::new(env!("CARGO_BIN_EXE_reportlint")),
        )
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .case("tests/cmd/*.md");
}
