//! Runs a parsed command line and returns the exit code.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::annotate;
use crate::authoring;
use crate::cli::{
    CheckArgs, Cli, ColorChoice, Command, ConfigArgs, FormatArg, OutputSpec, RulesCommand,
    WaiveArgs,
};
use crate::error::{ConfigError, InputError, PackError};
use crate::finding::Applicability;
use crate::fix;
use crate::input::{walk, Source};
use crate::paths;
use crate::report::{self, human, Output};
use crate::rules::{pack, Pack};
use crate::run::{self, FixSummary, Outcome, Summary};
use crate::waiver::{self, WaiverFile};

/// Exit codes, as documented in README.
pub mod exit {
    /// No finding at or above the fail threshold.
    pub const CLEAN: u8 = 0;
    /// Findings at or above the fail threshold.
    pub const FINDINGS: u8 = 1;
    /// A usage error or an input that could not be checked (the other inputs
    /// were still checked).
    pub const INPUT: u8 = 2;
    /// The rule pack, the configuration or the waiver file is broken;
    /// nothing was checked.
    pub const RULE_PACK: u8 = 3;
}

pub fn run(cli: Cli) -> ExitCode {
    // A program error outside the checking of one file ends the run: it is
    // told on standard error, in Chinese.
    crate::isolate::tell_panics_with(report::write_stderr);
    ExitCode::from(match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules { command } => rules(&command),
        Command::Config(args) => config(&args),
        Command::Waive(args) => waive(&args),
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

/// Prints configuration errors; the exit code they lead to.
fn config_errors(errors: &[ConfigError]) -> u8 {
    let color = std::io::stderr().is_terminal();
    for e in errors {
        report::write_stderr(&report::render_error(e, color));
    }
    exit::RULE_PACK
}

/// Checks that every `--output` can be written before anything is checked:
/// its folder exists, it is not a folder, and no two name the same file.
fn validate_outputs(outputs: &[OutputSpec]) -> Result<(), String> {
    for (i, spec) in outputs.iter().enumerate() {
        let shown = spec.path.display();
        let dir = match spec.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(format!(
                "--output {}={shown}：目录 {} 不存在；请先创建它，或换一个路径\n",
                spec.format.name(),
                dir.display()
            ));
        }
        // HTML to a folder writes an index and one page per report there.
        if spec.path.is_dir() && spec.format != report::Format::Html {
            return Err(format!(
                "--output {}={shown}：这是一个目录；请给出文件路径，如 {shown}/reportlint.{}\n",
                spec.format.name(),
                spec.format.name()
            ));
        }
        if outputs[..i]
            .iter()
            .any(|o| paths::absolute(&o.path) == paths::absolute(&spec.path))
        {
            return Err(format!(
                "--output：{shown} 出现了两次；每个文件只能写一种格式\n"
            ));
        }
    }
    Ok(())
}

/// Every `--select` and `--ignore` selector must name a rule of some pack of
/// the run (before any was left out): a misspelt id would otherwise select
/// nothing, or ignore nothing, without a word.
fn validate_selectors(args: &CheckArgs, setups: &[crate::config::Setup]) -> Result<(), String> {
    use crate::config::selection;
    let known = || setups.iter().flat_map(|s| &s.known);
    let given = (args.select.iter().map(|s| ("--select", s)))
        .chain(args.ignore.iter().map(|s| ("--ignore", s)));
    for (flag, selector) in given {
        if selection::names_a_rule(selector, known()) {
            continue;
        }
        let mut message =
            format!("错误：`{flag}` 的值“{selector}”无效：规则包中没有这条规则或这类规则\n");
        if let Some(near) = selection::nearest(selector, known()) {
            message.push_str(&format!("  是否想写 `{near}`？\n"));
        }
        message.push_str("  可写规则 id（如 FZ042）、id 前缀（如 FZ04）、规则类型（如 pattern）或 ALL；`reportlint rules list` 列出全部规则及其类型\n");
        return Err(message);
    }
    Ok(())
}

/// `check`: find the reports, load their configurations, fix them first
/// with `--fix`/`--diff`, then check them and write every output.
fn check(args: &CheckArgs) -> u8 {
    if args.format == FormatArg::Xlsx {
        report::write_stderr(
            "--format xlsx：Excel 工作簿是二进制文件，不能写到终端或管道；请用 --output xlsx=汇总.xlsx 写入文件\n",
        );
        return exit::INPUT;
    }
    if let Err(message) = validate_outputs(&args.outputs) {
        report::write_stderr(&message);
        return exit::INPUT;
    }
    if let Some(jobs) = args.jobs {
        // Fails only if the pool was already built, which `main` never does.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(jobs))
            .build_global();
    }
    let Some(expansion) = expand(args) else {
        return exit::INPUT;
    };
    let plan = match run::plan(expansion.items, &args.overrides(), false) {
        Ok(plan) => plan,
        Err(errors) => return config_errors(&errors),
    };
    if let Err(message) = validate_selectors(args, &plan.shared.setups) {
        report::write_stderr(&message);
        return exit::INPUT;
    }
    if plan.files.is_empty() && !plan.excluded.is_empty() {
        report::write_stderr(&format!(
            "给出的 {} 个文件都被配置文件的 include/exclude 排除，未检查任何报告\n",
            plan.excluded.len()
        ));
    }
    let max_bytes = args.max_size.saturating_mul(1024 * 1024);
    let (fixed, fix_failed) = if args.fix || args.diff {
        match fix(args, &plan, max_bytes) {
            FixStep::Done(code) => return code,
            FixStep::Written(fixed, failed) => (fixed, failed),
        }
    } else {
        (Vec::new(), false)
    };
    if !expansion.skipped.is_empty() {
        report::write_stderr(&skipped_note(&expansion.skipped));
    }
    let outputs = match open_outputs(args) {
        Ok(outputs) => outputs,
        Err(code) => return code,
    };
    let (summary, written) = check_into(plan, max_bytes, fixed, outputs, args);
    let threshold = args.fail_on.threshold();
    if summary.failed > 0 || fix_failed || !written {
        // A file that could not be fixed, or an output that could not be
        // written, is like a report that could not be read.
        exit::INPUT
    } else if summary.fails(threshold) && !args.exit_zero {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

/// Files of a walked folder that are not reports are named, so that a report
/// in an unexpected format is not missed unseen; a long list is cut short.
fn skipped_note(skipped: &[std::path::PathBuf]) -> String {
    const SHOWN: usize = 10;
    let names: Vec<String> = skipped
        .iter()
        .take(SHOWN)
        .map(|p| crate::paths::shown(p))
        .collect();
    let more = if skipped.len() > SHOWN {
        format!(" 等（其余 {} 个不一一列出）", skipped.len() - SHOWN)
    } else {
        String::new()
    };
    format!(
        "注意：目录中另有 {} 个文件不是报告格式，未检查：{}{more}。若其中有报告，请转换为 .docx 或 .txt 后再检查\n",
        skipped.len(),
        names.join("、")
    )
}

/// The reports the command line names, leaving out the run's own outputs
/// (standard output redirected into a checked folder, the --output files of
/// an earlier run), with a note for each thing left out. `None` when an
/// --output file is itself named as a report: writing it would overwrite
/// the report, so nothing is checked.
fn expand(args: &CheckArgs) -> Option<walk::Expansion> {
    let outputs: Vec<walk::FileId> = args
        .outputs
        .iter()
        .flat_map(|o| report::output_files(o.format, &o.path))
        .filter_map(|p| walk::FileId::of(&p))
        .collect();
    if let Some(input) = args
        .files
        .iter()
        .find(|f| walk::FileId::of(f).is_some_and(|id| outputs.contains(&id)))
    {
        report::write_stderr(&format!(
            "--output 指向要检查的报告 {}：写出结果会覆盖这份报告，未检查任何报告；请换一个输出路径\n",
            paths::shown(input)
        ));
        return None;
    }
    let own = walk::FileId::of_stdout()
        .into_iter()
        .chain(outputs)
        .collect();
    let expansion = walk::expand_excluding(&args.files, own);
    for path in &expansion.own_outputs {
        report::write_stderr(&format!(
            "注意：{} 是本次运行的输出文件，未检查\n",
            paths::shown(path)
        ));
    }
    if let Some(first) = expansion.earlier_outputs.first() {
        report::write_stderr(&format!(
            "注意：目录中有 {} 个文件是 reportlint 以前写出的（批注文档 *.审核.docx 或 HTML 审核报告，如 {}），未检查；需要检查时请直接给出文件名\n",
            expansion.earlier_outputs.len(),
            paths::shown(first)
        ));
    }
    if let Some(first) = expansion.linked_dirs.first() {
        report::write_stderr(&format!(
            "注意：目录中有 {} 个指向文件夹的符号链接（如 {}），未进入检查；需要时请直接给出链接所指的文件夹\n",
            expansion.linked_dirs.len(),
            paths::shown(first)
        ));
    }
    Some(expansion)
}

/// Standard output in `--format`, then each `--output` file (under a
/// temporary name until it is complete). An exit code when a file cannot be
/// created.
fn open_outputs(args: &CheckArgs) -> Result<Vec<Output>, u8> {
    let options = |color| report::Options {
        statistics: args.statistics,
        quiet: args.quiet,
        threshold: args.fail_on.threshold(),
        style: human::Style { color, width: 100 },
        display: report::fold::Display {
            show_all: args.show_all,
            min_severity: args.min_severity.threshold(),
        },
    };
    let color = color_for(args.color, std::io::stdout().is_terminal());
    let mut outputs = vec![Output::stdout(args.format.into(), options(color))];
    for spec in &args.outputs {
        // --statistics replaces the format on standard output only.
        let options = report::Options {
            statistics: false,
            ..options(false)
        };
        match Output::file(&spec.path, spec.format, options) {
            Ok(output) => outputs.push(output),
            Err(e) => {
                report::write_stderr(&format!(
                    "无法写入 {}（--output {}）：{}；请检查该目录是否可写\n",
                    spec.path.display(),
                    spec.format.name(),
                    crate::error::write_reason(&e)
                ));
                return Err(exit::INPUT);
            }
        }
    }
    Ok(outputs)
}

/// Checks the planned reports one at a time into every output, and
/// completes the outputs. Returns the run's totals, and whether every
/// --output file was written (each one that was not is told on standard
/// error).
fn check_into(
    plan: run::Plan,
    max_bytes: u64,
    fixed: Vec<Option<FixSummary>>,
    mut outputs: Vec<Output>,
    args: &CheckArgs,
) -> (Summary, bool) {
    let run::Plan { files, shared, .. } = plan;
    for output in &mut outputs {
        output.begin(&shared);
    }
    let mut summary = Summary::default();
    let mut fixed = fixed.into_iter();
    let annotating = annotate_settings(args);
    let mut sources = files
        .iter()
        .map(|(item, _)| item.as_ref().ok().cloned())
        .collect::<Vec<_>>()
        .into_iter();
    let mut annotate_failed = false;
    let unused = std::thread::scope(|scope| {
        let mut reports = run::Reports::new(scope, &shared, files, max_bytes);
        for mut file in reports.by_ref() {
            file.fixed = fixed.next().flatten();
            let source = sources.next().flatten();
            if let (Some(settings), Some(source)) = (&annotating, source) {
                annotate_failed |=
                    !annotate_one(&shared, &file, &source, settings, max_bytes, args);
            }
            summary.add(&file);
            for output in &mut outputs {
                output.emit(&shared, &file);
            }
        }
        reports.unused()
    });
    summary.unused_waivers = unused.len();
    let mut written = true;
    let mut outputs = outputs.into_iter();
    if let Some(stdout) = outputs.next() {
        let _ = stdout.finish(&shared, &unused);
    }
    for (spec, output) in args.outputs.iter().zip(outputs) {
        if let Err(e) = output.finish(&shared, &unused) {
            report::write_stderr(&format!(
                "无法写入 {}（--output {}）：{}\n",
                spec.path.display(),
                spec.format.name(),
                crate::error::write_reason(&e)
            ));
            written = false;
        }
    }
    (summary, written && !annotate_failed)
}

/// `--annotate`: where and how the annotated documents are written.
fn annotate_settings(args: &CheckArgs) -> Option<annotate::Settings> {
    let dir = args.annotate.as_ref()?;
    Some(annotate::Settings {
        dir: dir.clone(),
        force: args.force,
        threshold: if args.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        },
    })
}

/// Writes the annotated document of one checked report and says so on
/// standard error; false when it could not be written. A report that could
/// not be read has no annotated document (its error is reported with the
/// findings), nor has an annotated document checked again.
fn annotate_one(
    shared: &run::Shared,
    file: &run::FileRun,
    source: &Source,
    settings: &annotate::Settings,
    max_bytes: u64,
    args: &CheckArgs,
) -> bool {
    if !matches!(file.outcome, Outcome::Checked(_)) {
        return true;
    }
    let setup = &shared.setups[file.setup];
    let options = run::Options {
        year: setup.settings.year.value,
        meta: setup.meta(),
        max_bytes,
    };
    let result = match source {
        Source::Path(path) if annotate::is_annotated(path) => return true,
        Source::Path(path) => crate::isolate::catch(|| {
            annotate::annotate_file(
                path,
                &file.outcome,
                &setup.pack,
                options,
                settings,
                &report::annotated::summary,
            )
        })
        .unwrap_or(Err(annotate::AnnotateError::Build)),
        Source::Stdin => Err(annotate::AnnotateError::Stdin),
    };
    match result {
        Ok(written) => {
            report::write_stderr(&report::annotated::note(&written));
            true
        }
        Err(e) => {
            let color = color_for(args.color, std::io::stderr().is_terminal());
            report::write_stderr(&report::render_error(&e, color));
            false
        }
    }
}

/// What the fix step leaves to do.
enum FixStep {
    /// `--diff`, or nothing could be fixed: the exit code.
    Done(u8),
    /// `--fix` wrote the files back; what it did to each planned file, in
    /// order, and whether any file could not be read or written back. The
    /// files are then checked as usual.
    Written(Vec<Option<FixSummary>>, bool),
}

/// `--fix` and `--diff`: fix each file (re-checking until nothing more
/// applies), then write it back or print the diff. After `--fix` the files
/// are checked again by the caller and the run exits by what remains, so a
/// fix run never hides an error it could not fix. With `--diff` the exit code
/// is 1 when there is something to fix, 2 when a file could not be read.
fn fix(args: &CheckArgs, plan: &run::Plan, max_bytes: u64) -> FixStep {
    use rayon::prelude::*;
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
    let err_color = color_for(args.color, std::io::stderr().is_terminal());
    if mode == fix::Mode::Write {
        // Stopped by Ctrl+C or a signal, the run deletes the temporary files
        // it is writing; one killed outright leaves them for the next run,
        // which deletes them here, in every folder it fixes reports in.
        fix::temp::remove_on_interrupt(|| {
            report::write_stderr(&report::fixes::interrupted());
        });
        let mut dirs: Vec<PathBuf> = plan
            .files
            .iter()
            .filter_map(|(item, _)| match item {
                Ok(Source::Path(path)) => std::fs::canonicalize(path)
                    .ok()
                    .and_then(|p| p.parent().map(Path::to_path_buf)),
                _ => None,
            })
            .collect();
        dirs.sort();
        dirs.dedup();
        let removed = fix::temp::remove_stale(dirs.iter().map(PathBuf::as_path));
        report::write_stderr(&report::fixes::stale_removed(&removed));
    }
    let style = human::Style {
        color: err_color,
        width: 100,
    };
    // A chunk at a time, like the check: each file's notes and diff are
    // written once its chunk is done, and only a small summary of each file
    // is kept, so memory does not grow with the number of reports.
    let chunk = rayon::current_num_threads().max(1) * run::CHUNK_PER_THREAD;
    let mut summaries: Vec<Option<FixSummary>> = Vec::with_capacity(plan.files.len());
    let mut failed = false;
    let mut changed = false;
    for part in plan.files.chunks(chunk) {
        let results: Vec<Option<fix::FileFix>> = part
            .par_iter()
            .map(|(item, s)| {
                let setup = &plan.shared.setups[*s];
                let options = run::Options {
                    year: setup.settings.year.value,
                    meta: setup.meta(),
                    max_bytes,
                };
                match item {
                    Ok(Source::Path(path)) => Some(
                        crate::isolate::catch(|| {
                            fix::fix_file(path, &setup.pack, options, threshold, mode)
                        })
                        .unwrap_or_else(|detail| {
                            fix::FileFix::failed(InputError::Internal {
                                path: paths::shown(path),
                                detail,
                            })
                        }),
                    ),
                    // `--diff -`: the diff of standard input.
                    Ok(Source::Stdin) if mode == fix::Mode::Diff => Some(
                        crate::isolate::catch(|| fix::diff_stdin(&setup.pack, options, threshold))
                            .unwrap_or_else(|detail| {
                                fix::FileFix::failed(InputError::Internal {
                                    path: Source::Stdin.name(),
                                    detail,
                                })
                            }),
                    ),
                    // `--fix -` is refused below, without reading standard
                    // input; unfound inputs have nothing to write back. The
                    // check that follows reads and reports both.
                    _ => None,
                }
            })
            .collect();
        // Standard input cannot be written back: `--fix -` is refused with a
        // note that says what to do instead, and the run exits with 2.
        let stdin_refused: Vec<bool> = part
            .iter()
            .map(|(item, _)| mode == fix::Mode::Write && matches!(item, Ok(Source::Stdin)))
            .collect();
        if stdin_refused.contains(&true) {
            report::write_stderr(&report::render_error(&fix::FixError::Stdin, err_color));
            failed = true;
        }
        let done: Vec<&fix::FileFix> = results.iter().flatten().collect();
        report::write_stderr(&report::fixes::notes(&done, mode, args.unsafe_fixes, style));
        failed |= done
            .iter()
            .any(|r| matches!(r.outcome, Outcome::Failed(_)) || r.error.is_some());
        changed |= done.iter().any(|r| r.change.is_some());
        if mode == fix::Mode::Diff {
            report::write_stdout(&report::fixes::diffs(&done));
        }
        summaries.extend(results.iter().zip(stdin_refused).map(|(r, stdin)| {
            if stdin {
                return Some(FixSummary {
                    error: Some(fix::FixError::Stdin.failure()),
                    ..Default::default()
                });
            }
            r.as_ref().map(|r| FixSummary {
                applied: if r.written { r.applied } else { 0 },
                written: r.written,
                error: r.failure(),
            })
        }));
    }
    match mode {
        fix::Mode::Diff => FixStep::Done(if failed {
            exit::INPUT
        } else if changed {
            exit::FINDINGS
        } else {
            exit::CLEAN
        }),
        fix::Mode::Write => FixStep::Written(summaries, failed),
    }
}

fn config(args: &ConfigArgs) -> u8 {
    let target = args.file.clone().unwrap_or_else(|| PathBuf::from("."));
    let overrides = args.settings.overrides();
    let path = crate::config::locate(&target, &overrides);
    let setup = match crate::config::load(path.as_deref(), &overrides) {
        Ok(s) => s,
        Err(e) => return config_errors(&[e]),
    };
    if let Some(w) = &setup.settings.waivers.value {
        if let Err(e) = WaiverFile::load(w) {
            return config_errors(&[e]);
        }
    }
    report::write_stdout(&crate::config::render(&setup.settings, &setup.pack));
    exit::CLEAN
}

fn waive(args: &WaiveArgs) -> u8 {
    if args.reason.trim().is_empty() {
        report::write_stderr("--reason 不能为空：请写明为什么接受这些问题\n");
        return exit::INPUT;
    }
    let items = args
        .files
        .iter()
        .map(|p| Ok(Source::Path(p.clone())))
        .collect();
    let overrides = args.settings.overrides();
    let plan = match run::plan(items, &overrides, true) {
        Ok(plan) => plan,
        Err(errors) => return config_errors(&errors),
    };
    // The waiver file: --waivers, else the one the configuration names,
    // else reportlint-waivers.yaml next to the configuration (or here).
    let target = args.settings.waivers.clone().or_else(|| {
        plan.shared
            .setups
            .first()
            .and_then(|s| s.settings.waivers.value.clone())
    });
    let (target, referenced) = match target {
        Some(t) => (t, true),
        None => {
            let base = plan
                .files
                .first()
                .and_then(|(item, _)| match item {
                    Ok(Source::Path(p)) => crate::config::locate(p, &overrides),
                    _ => None,
                })
                .and_then(|c| paths::absolute(&c).parent().map(Path::to_path_buf))
                .unwrap_or_else(|| PathBuf::from("."));
            (base.join(waiver::FILE_NAME), false)
        }
    };
    let run = run::execute(plan, crate::input::DEFAULT_MAX_BYTES);
    let dir = paths::absolute(&target)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut entries = Vec::new();
    for file in &run.files {
        match &file.outcome {
            Outcome::Checked(checked) => {
                let doc = &checked.doc;
                let pattern = paths::relative_to(Path::new(&doc.name), &dir)
                    .unwrap_or_else(|| paths::display_name(&doc.name));
                for f in &checked.checked.findings {
                    if !args.only_rules.is_empty() && !args.only_rules.contains(&f.rule) {
                        continue;
                    }
                    entries.push(waiver::NewWaiver {
                        rule: f.rule.clone(),
                        file: pattern.clone(),
                        fingerprint: crate::fingerprint::of(doc, f),
                        reason: args.reason.clone(),
                        until_year: args.until_year,
                        text: format!(
                            "{}:{} {}",
                            pattern,
                            doc.position(f.primary.span.start).line,
                            f.message
                        ),
                    });
                }
            }
            Outcome::Failed(e) => {
                report::write_stderr(&report::render_error(e, false));
            }
        }
    }
    if entries.is_empty() {
        report::write_stdout("没有需要豁免的问题\n");
        return if run.failed() > 0 {
            exit::INPUT
        } else {
            exit::CLEAN
        };
    }
    let existing = std::fs::read_to_string(&target).ok();
    let Some(text) = waiver::append(existing.as_deref(), &entries) else {
        report::write_stderr(&format!(
            "{}：找不到可追加的 `waivers:` 列表（写成 `waivers:` 后换行列出条目，而不是 `waivers: []`）\n",
            target.display()
        ));
        return exit::INPUT;
    };
    if let Err(e) = report::write_file_atomic(&target, &text) {
        report::write_stderr(&format!(
            "无法写入 {}：{}\n",
            target.display(),
            crate::error::write_reason(&e)
        ));
        return exit::INPUT;
    }
    let mut note = format!(
        "已在 {} 中加入 {} 条豁免\n",
        paths::display(&target),
        entries.len()
    );
    if !referenced {
        note.push_str(&format!(
            "请在 reportlint.yaml 中加入 `waivers: {}`，或检查时使用 --waivers {}\n",
            waiver::FILE_NAME,
            paths::display(&target)
        ));
    }
    report::write_stdout(&note);
    if run.failed() > 0 {
        exit::INPUT
    } else {
        exit::CLEAN
    }
}

fn load(path: Option<&Path>) -> Result<Pack, PackError> {
    match (path, builtin_arg(path)) {
        (_, Some(b)) => b.compile(),
        (Some(dir), None) => pack::from_dir(dir),
        (None, None) => pack::builtin(),
    }
}

/// The built-in pack a `rules` command names: none given (the default), or
/// a built-in id such as `zfxxgk` that is not a directory here.
fn builtin_arg(path: Option<&Path>) -> Option<&'static pack::Builtin> {
    match path {
        None => pack::builtin_named(pack::DEFAULT_ID),
        Some(p) if p.is_dir() => None,
        Some(p) => p.to_str().and_then(pack::builtin_named),
    }
}

fn rules(command: &RulesCommand) -> u8 {
    let color = std::io::stderr().is_terminal();
    let path = match command {
        RulesCommand::List(a) | RulesCommand::Validate(a) | RulesCommand::Docs(a) => {
            a.pack.as_deref()
        }
        RulesCommand::Test(t) => t.pack.pack.as_deref(),
        RulesCommand::Explain { pack, .. } => pack.pack.as_deref(),
        RulesCommand::Schema { of } => {
            use crate::cli::SchemaOf;
            let text = match of {
                SchemaOf::Rules => authoring::schema::rule_file_schema(),
                SchemaOf::Dictionary => authoring::schema::dictionary_schema(),
                SchemaOf::Tests => authoring::schema::expectations_schema(),
            };
            report::write_stdout(&text);
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
            // The kind column as wide as its longest name.
            let kind_width = rules
                .iter()
                .map(|r| r.check.kind().len())
                .max()
                .unwrap_or(0)
                .max(12);
            for rule in rules {
                out.push_str(&format!(
                    "{:<7} {:<8} {:<kind_width$} {}\n",
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
        RulesCommand::Test(t) => {
            let fixtures = match (builtin_arg(path), path) {
                (Some(b), _) => b.fixtures(),
                (None, Some(dir)) => match authoring::rule_tests::read_fixtures(&dir.join("tests"))
                {
                    Ok(f) => f,
                    Err(e) => {
                        report::write_stderr(&format!(
                            "无法读取 {}：{}\n",
                            dir.join("tests").display(),
                            crate::error::io_reason(&e)
                        ));
                        return exit::INPUT;
                    }
                },
                (None, None) => Vec::new(),
            };
            let which = if t.own {
                authoring::rule_tests::Which::Own
            } else {
                authoring::rule_tests::Which::All
            };
            let mut results = authoring::rule_tests::test_examples(&pack, which);
            results.extend(authoring::rule_tests::test_fixtures(&pack, &fixtures));
            report::write_stdout(&authoring::rule_tests::render(&results));
            let invalid = results.iter().any(|r| {
                r.failures
                    .iter()
                    .any(|f| matches!(f, authoring::rule_tests::Failure::Invalid(_)))
            });
            if invalid {
                exit::INPUT
            } else if results.iter().all(|r| r.passed()) {
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
        RulesCommand::Schema { .. } => exit::CLEAN,
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
            report::write_stderr(&format!(
                "无法创建起步文件：{}\n",
                crate::error::write_reason(&e)
            ));
            exit::INPUT
        }
    }
}
