//! Runs a parsed command line and returns the exit code.

use std::io::IsTerminal;
use std::process::ExitCode;

use rayon::prelude::*;

use crate::batch::{self, Counts, Options, Outcome};
use crate::cli::{CheckArgs, Cli, ColorChoice, Command, Format, PackArgs, RulesCommand};
use crate::error::PackError;
use crate::finding::Applicability;
use crate::fix;
use crate::report::{self, human, json};
use crate::rules::{pack, Pack};

/// Exit codes, as documented in README.
pub mod exit {
    /// No finding at or above the fail threshold.
    pub const CLEAN: u8 = 0;
    /// Findings at or above the fail threshold.
    pub const FINDINGS: u8 = 1;
    /// A usage error or an input that could not be checked (the other inputs
    /// were still checked).
    pub const INPUT: u8 = 2;
    /// The rule pack is broken; nothing was checked.
    pub const RULE_PACK: u8 = 3;
}

pub fn run(cli: Cli) -> ExitCode {
    ExitCode::from(match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules { command } => rules(&command),
    })
}

fn color_for(choice: ColorChoice, stream_is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stream_is_terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

fn load_pack(args: &PackArgs) -> Result<Pack, PackError> {
    match &args.rules {
        Some(dir) => pack::from_dir(dir),
        None => pack::builtin(),
    }
}

fn check(args: &CheckArgs) -> u8 {
    let err_color = color_for(args.color, std::io::stderr().is_terminal());
    let pack = match load_pack(&args.pack) {
        Ok(p) => p,
        Err(e) => {
            report::write_stderr(&report::render_error(&e, err_color));
            return exit::RULE_PACK;
        }
    };
    let options = Options { year: args.year };
    if args.fix || args.diff {
        return fix(args, &pack, options, err_color);
    }
    let outcomes = batch::check_files(&args.files, &pack, options);
    emit(args, &pack, &outcomes, &[]);
    exit_code(&outcomes, args.fail_on.threshold())
}

/// Prints the findings of checked files in the chosen format.
fn emit(args: &CheckArgs, pack: &Pack, outcomes: &[Outcome], fixed: &[json::FixedJson]) {
    match args.format {
        Format::Human => {
            let style = human::Style {
                color: color_for(args.color, std::io::stdout().is_terminal()),
                width: 100,
            };
            let (out, err) = human::render(outcomes, style);
            report::write_stdout(&out);
            report::write_stderr(&err);
        }
        Format::Json => report::write_stdout(&json::render_fixed(outcomes, pack, fixed)),
    }
}

/// `--fix` and `--diff`: fix each file (re-checking until nothing more
/// applies), then write it back and report what remains, or print the diff.
///
/// With `--fix` the exit code is that of the remaining findings, so a fix run
/// never hides an error it could not fix; a file that could not be written
/// back makes it 2. With `--diff` it is 1 when there is something to fix.
fn fix(args: &CheckArgs, pack: &Pack, options: Options, err_color: bool) -> u8 {
    let mode = if args.diff {
        fix::Mode::Diff
    } else {
        fix::Mode::Write
    };
    let threshold = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let results: Vec<fix::FileFix> = args
        .files
        .par_iter()
        .map(|path| fix::fix_file(path, pack, options, threshold, mode))
        .collect();
    let style = human::Style {
        color: err_color,
        width: 100,
    };
    report::write_stderr(&report::fixes::notes(
        &results,
        mode,
        args.unsafe_fixes,
        style,
    ));
    let failed = results
        .iter()
        .any(|r| matches!(r.outcome, Outcome::Failed(_)) || r.error.is_some());
    match mode {
        fix::Mode::Diff => {
            report::write_stdout(&report::fixes::diffs(&results));
            if failed {
                exit::INPUT
            } else if results.iter().any(|r| r.change.is_some()) {
                exit::FINDINGS
            } else {
                exit::CLEAN
            }
        }
        fix::Mode::Write => {
            let fixed: Vec<json::FixedJson> = results
                .iter()
                .map(|r| json::FixedJson {
                    applied: if r.written { r.applied } else { 0 },
                    written: r.written,
                })
                .collect();
            let outcomes: Vec<Outcome> = results.into_iter().map(|r| r.outcome).collect();
            emit(args, pack, &outcomes, &fixed);
            if failed {
                exit::INPUT
            } else {
                exit_code(&outcomes, args.fail_on.threshold())
            }
        }
    }
}

/// 2 if any input failed, else 1 if any finding reaches the threshold, else 0.
pub fn exit_code(outcomes: &[Outcome], threshold: crate::finding::Severity) -> u8 {
    let mut total = Counts::default();
    let mut failed = false;
    for outcome in outcomes {
        match outcome {
            Outcome::Checked(file) => total.add(Counts::of(file)),
            Outcome::Failed(_) => failed = true,
        }
    }
    if failed {
        exit::INPUT
    } else if total.at_least(threshold) > 0 {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

fn rules(command: &RulesCommand) -> u8 {
    let (RulesCommand::List(args) | RulesCommand::Validate(args)) = command;
    let pack = match load_pack(args) {
        Ok(p) => p,
        Err(e) => {
            report::write_stderr(&report::render_error(&e, std::io::stderr().is_terminal()));
            return exit::RULE_PACK;
        }
    };
    match command {
        RulesCommand::List(_) => {
            let mut out = String::new();
            let mut rules: Vec<_> = pack.rules.iter().collect();
            rules.sort_by(|a, b| a.id.cmp(&b.id));
            for rule in rules {
                out.push_str(&format!(
                    "{:<7} {:<8} {:<12} {}\n",
                    rule.id,
                    rule.severity.as_str(),
                    rule.check.kind(),
                    rule.title
                ));
            }
            report::write_stdout(&out);
        }
        RulesCommand::Validate(_) => {
            report::write_stdout(&format!(
                "规则包“{}”有效：{} 条规则，{} 个模板部分\n",
                pack.meta.name,
                pack.rules.len(),
                pack.template.sections.len()
            ));
        }
    }
    exit::CLEAN
}
