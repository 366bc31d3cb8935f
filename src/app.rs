//! Runs a parsed command line and returns the exit code.

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::batch::{self, Counts, Options, Outcome, Totals};
use crate::cli::{CheckArgs, Cli, ColorChoice, Command, Format, PackArgs, RulesCommand};
use crate::error::PackError;
use crate::input::walk;
use crate::report::matrix::{self, Row};
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
    if let Some(jobs) = args.jobs {
        // Fails only if the pool was already built, which `main` never does.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(jobs))
            .build_global();
    }
    let expansion = walk::expand(&args.files);
    let several = expansion.items.len() > 1;
    let options = Options {
        year: args.year,
        max_bytes: args.max_size.saturating_mul(1024 * 1024),
    };
    let threshold = args.fail_on.threshold();
    let columns = matrix::columns(&pack);
    let row_of = |outcome: &Outcome| Row::of(outcome, &pack, &columns, threshold);
    let mut totals = Totals::default();
    let items = expansion.items;
    match args.format {
        Format::Human | Format::Summary => {
            let style = human::Style {
                color: color_for(args.color, std::io::stdout().is_terminal()),
                width: 100,
            };
            let err_style = human::Style {
                color: err_color,
                width: 100,
            };
            let full = args.format == Format::Human;
            let show_matrix = !full || several;
            let mut rows = Vec::with_capacity(if show_matrix { items.len() } else { 0 });
            batch::run(
                items,
                &pack,
                options,
                |outcome| {
                    let (out, err) = match (&outcome, full) {
                        (_, true) => human::render_outcome(&outcome, style),
                        (Outcome::Failed(_), false) => human::render_outcome(&outcome, err_style),
                        (Outcome::Checked(_), false) => (String::new(), String::new()),
                    };
                    let row = show_matrix.then(|| row_of(&outcome));
                    (out, err, counts(&outcome), row)
                },
                |(out, err, counts, row)| {
                    report::write_stdout(&out);
                    report::write_stderr(&err);
                    totals.record(counts);
                    rows.extend(row);
                },
            );
            if show_matrix {
                if full {
                    report::write_stdout("\n");
                }
                matrix::table(&rows, &columns, report::write_stdout);
            }
            if expansion.skipped > 0 {
                report::write_stderr(&format!(
                    "注意：目录中另有 {} 个文件不是报告格式（如 .xlsx、.yaml），未检查\n",
                    expansion.skipped
                ));
            }
        }
        Format::Json => {
            report::write_stdout(&json::header(&pack));
            let mut first = true;
            batch::run(
                items,
                &pack,
                options,
                |outcome| (json::file(&outcome, &pack), counts(&outcome)),
                |(text, counts)| {
                    report::write_stdout(json::separator(first));
                    report::write_stdout(&text);
                    first = false;
                    totals.record(counts);
                },
            );
            report::write_stdout(&json::footer(&totals));
        }
        Format::Csv => {
            // The BOM makes Excel read the file as UTF-8 rather than GBK.
            report::write_stdout(&format!("\u{FEFF}{}", matrix::csv_header(&columns)));
            batch::run(
                items,
                &pack,
                options,
                |outcome| {
                    (
                        matrix::csv_row(&row_of(&outcome), &columns),
                        counts(&outcome),
                    )
                },
                |(line, counts)| {
                    report::write_stdout(&line);
                    totals.record(counts);
                },
            );
        }
    }
    exit_code(&totals, threshold)
}

/// A file's finding counts, or `None` if it could not be checked.
fn counts(outcome: &Outcome) -> Option<Counts> {
    match outcome {
        Outcome::Checked(file) => Some(Counts::of(file)),
        Outcome::Failed(_) => None,
    }
}

/// 2 if any input failed, else 1 if any finding reaches the threshold, else 0.
pub fn exit_code(totals: &Totals, threshold: crate::finding::Severity) -> u8 {
    if totals.failed > 0 {
        exit::INPUT
    } else if totals.counts.at_least(threshold) > 0 {
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
                    "{:<7} {:<8} {:<10} {}\n",
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
