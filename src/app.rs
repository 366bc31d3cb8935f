//! Runs a parsed command line and returns the exit code.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use crate::authoring;
use crate::batch::{self, Counts, Options, Outcome};
use crate::cli::{CheckArgs, Cli, ColorChoice, Command, Format, PackArgs, RulesCommand};
use crate::error::PackError;
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
        Command::Init { dir } => init(&dir),
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
    let outcomes = batch::check_files(&args.files, &pack, Options { year: args.year });
    match args.format {
        Format::Human => {
            let style = human::Style {
                color: color_for(args.color, std::io::stdout().is_terminal()),
                width: 100,
            };
            let (out, err) = human::render(&outcomes, style);
            report::write_stdout(&out);
            report::write_stderr(&err);
        }
        Format::Json => report::write_stdout(&json::render(&outcomes, &pack)),
    }
    exit_code(&outcomes, args.fail_on.threshold())
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

fn load(path: Option<&Path>) -> Result<Pack, PackError> {
    match path {
        Some(dir) => pack::from_dir(dir),
        None => pack::builtin(),
    }
}

fn rules(command: &RulesCommand) -> u8 {
    let color = std::io::stderr().is_terminal();
    let path = match command {
        RulesCommand::List(a)
        | RulesCommand::Validate(a)
        | RulesCommand::Test(a)
        | RulesCommand::Docs(a) => a.pack.as_deref(),
        RulesCommand::Explain { pack, .. } => pack.pack.as_deref(),
        RulesCommand::Schema => {
            report::write_stdout(&authoring::schema::rule_file_schema());
            return exit::CLEAN;
        }
    };
    let pack = match load(path) {
        Ok(p) => p,
        Err(e) => {
            report::write_stderr(&report::render_error(&e, color));
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
                    "{:<7} {:<8} {:<10} {}\n",
                    rule.id,
                    rule.severity.as_str(),
                    rule.check.kind(),
                    rule.title
                ));
            }
            report::write_stdout(&out);
            exit::CLEAN
        }
        RulesCommand::Validate(_) => {
            for w in &pack.warnings {
                report::write_stderr(&report::render_error(w, color));
            }
            report::write_stdout(&format!(
                "规则包“{}”有效：{} 条规则，{} 个模板部分，{} 个警告\n",
                pack.meta.name,
                pack.rules.len(),
                pack.template.sections.len(),
                pack.warnings.len()
            ));
            exit::CLEAN
        }
        RulesCommand::Test(_) => {
            let fixtures = match path {
                Some(dir) => match authoring::rule_tests::read_fixtures(&dir.join("tests")) {
                    Ok(f) => f,
                    Err(e) => {
                        report::write_stderr(&format!(
                            "无法读取 {}：{e}\n",
                            dir.join("tests").display()
                        ));
                        return exit::INPUT;
                    }
                },
                None => pack::builtin_fixtures(),
            };
            let mut results = authoring::rule_tests::test_examples(&pack);
            results.extend(authoring::rule_tests::test_fixtures(&pack, &fixtures));
            report::write_stdout(&authoring::rule_tests::render(&results));
            if results.iter().all(|r| r.passed()) {
                exit::CLEAN
            } else {
                exit::FINDINGS
            }
        }
        RulesCommand::Explain { id, .. } => match pack.rule(id) {
            Some(rule) => {
                report::write_stdout(&authoring::explain::explain(rule));
                exit::CLEAN
            }
            None => {
                let mut ids: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
                ids.sort_unstable();
                report::write_stderr(&format!(
                    "规则包中没有规则 {id}。已有的规则：{}\n",
                    ids.join("、")
                ));
                exit::INPUT
            }
        },
        RulesCommand::Docs(_) => {
            report::write_stdout(&authoring::docs::reference(&pack));
            exit::CLEAN
        }
        RulesCommand::Schema => exit::CLEAN,
    }
}

fn init(dir: &Path) -> u8 {
    match authoring::init::init(dir) {
        Ok(paths) => {
            let list: Vec<String> = paths.iter().map(|p| format!("  {}", p.display())).collect();
            report::write_stdout(&format!("已创建：\n{}\n", list.join("\n")));
            exit::CLEAN
        }
        Err(e) => {
            report::write_stderr(&format!("无法创建起步文件：{e}\n"));
            exit::INPUT
        }
    }
}
