//! `--format github`: workflow commands that GitHub Actions turns into
//! annotations on the changed files.
//!
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`,
//! with `::warning` for warnings and `::notice` for infos. Columns are
//! character columns (as in the JSON output). The message is the finding's
//! message and, on the next line, its help. GitHub's escaping applies: in the
//! message `%`, `\r` and `\n` become `%25`, `%0D` and `%0A`; in property
//! values also `:` and `,` become `%3A` and `%2C`.

use std::io::Write;

use super::out::Spill;
use super::Emitter;
use crate::finding::Severity;
use crate::paths;
use crate::run::{FileRun, Outcome, Shared, UnusedWaiver};
use crate::waiver::UNUSED_RULE;

/// Escapes a message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Annotations of one kind that GitHub shows per step; past them it drops
/// annotations silently (and shows at most 50 per job).
pub const SHOWN_PER_KIND: usize = 10;

/// One annotation: a finding, an unreadable file or an unused waiver.
struct Annotation {
    severity: Severity,
    path: String,
    /// Line, column, end line, end column; none for an unreadable file.
    region: Option<[usize; 4]>,
    title: String,
    /// The message and, on the next line, the help.
    message: String,
}

impl Annotation {
    /// The workflow command GitHub turns into an annotation.
    fn command(&self) -> String {
        let mut props = format!("file={}", escape_property(&self.path));
        if let Some([line, col, end_line, end_col]) = self.region {
            props.push_str(&format!(
                ",line={line},col={col},endLine={end_line},endColumn={end_col}"
            ));
        }
        format!(
            "::{} {props},title={}::{}\n",
            command(self.severity),
            escape_property(&self.title),
            escape_data(&self.message),
        )
    }

    /// A plain line in the step's log, for an annotation GitHub would not
    /// show: `路径:行:列: 标题（级别）` and the message, indented.
    fn plain(&self) -> String {
        let place = match self.region {
            Some([line, col, ..]) => format!("{}:{line}:{col}", self.path),
            None => self.path.clone(),
        };
        let message = self.message.replace('\r', "").replace('\n', "\n  ");
        format!(
            "{place}: {}（{}）\n  {message}\n",
            self.title,
            self.severity.label()
        )
    }
}

/// GitHub annotations written as the run goes: errors first (as they come),
/// then warnings, then notices, so the annotations GitHub shows are the most
/// important ones. Warnings and notices are set aside in [`Spill`]s until the
/// errors are all out; memory stays flat.
///
/// GitHub shows [`SHOWN_PER_KIND`] annotations of each kind per step. Past
/// that, the rest are written as plain lines of the step's log, and the
/// output ends with one notice that says how many were not shown and where
/// to see them. One notice slot is kept for it: when it is needed, the tenth
/// notice is a plain line too.
#[derive(Default)]
pub struct Github {
    errors: usize,
    warnings: usize,
    notices: usize,
    warning_lines: Spill,
    /// The first nine notices (commands).
    notice_lines: Spill,
    /// The tenth notice: a command unless the summary needs its slot.
    tenth_notice: Option<Annotation>,
    /// Notices past the tenth (plain lines).
    later_notices: Spill,
}

impl Github {
    /// Writes an error, and sets a warning or notice aside.
    fn add(&mut self, a: Annotation, out: &mut dyn Write) {
        match a.severity {
            Severity::Error => {
                self.errors += 1;
                let line = if self.errors <= SHOWN_PER_KIND {
                    a.command()
                } else {
                    a.plain()
                };
                let _ = out.write_all(line.as_bytes());
            }
            Severity::Warning => {
                self.warnings += 1;
                self.warning_lines
                    .push(&if self.warnings <= SHOWN_PER_KIND {
                        a.command()
                    } else {
                        a.plain()
                    });
            }
            Severity::Info => {
                self.notices += 1;
                match self.notices.cmp(&SHOWN_PER_KIND) {
                    std::cmp::Ordering::Less => self.notice_lines.push(&a.command()),
                    std::cmp::Ordering::Equal => self.tenth_notice = Some(a),
                    std::cmp::Ordering::Greater => self.later_notices.push(&a.plain()),
                }
            }
        }
    }
}

impl Emitter for Github {
    fn file(&mut self, run: &Shared, file: &FileRun, out: &mut dyn Write) {
        for a in annotations(run, file) {
            self.add(a, out);
        }
    }

    /// Writes the unused waivers' annotations, the warnings and notices set
    /// aside, and the summary when GitHub would not show them all.
    fn finish(mut self: Box<Self>, _run: &Shared, unused: &[UnusedWaiver], out: &mut dyn Write) {
        for u in unused {
            self.add(
                Annotation {
                    severity: UnusedWaiver::SEVERITY,
                    path: u.file.clone(),
                    region: Some([u.start.line, u.start.column, u.end.line, u.end.column]),
                    title: UNUSED_RULE.to_string(),
                    message: format!("{}\n{}", u.message, u.help),
                },
                out,
            );
        }
        let hidden = |n: usize, shown: usize| n.saturating_sub(shown);
        let over = self.errors > SHOWN_PER_KIND
            || self.warnings > SHOWN_PER_KIND
            || self.notices > SHOWN_PER_KIND;
        let _ = std::mem::take(&mut self.warning_lines).drain(out);
        let _ = std::mem::take(&mut self.notice_lines).drain(out);
        if let Some(tenth) = &self.tenth_notice {
            let line = if over { tenth.plain() } else { tenth.command() };
            let _ = out.write_all(line.as_bytes());
        }
        let _ = std::mem::take(&mut self.later_notices).drain(out);
        if over {
            let errors = hidden(self.errors, SHOWN_PER_KIND);
            let warnings = hidden(self.warnings, SHOWN_PER_KIND);
            let notices = hidden(self.notices, SHOWN_PER_KIND - 1);
            let _ = out.write_all(summary(errors, warnings, notices).as_bytes());
        }
    }
}

/// The closing notice when some annotations are not shown.
fn summary(errors: usize, warnings: usize, notices: usize) -> String {
    let total = errors + warnings + notices;
    let message = format!(
        "另有 {total} 个问题没有显示为注释（错误 {errors} 个、警告 {warnings} 个、提示 {notices} 个）：\
GitHub 每个步骤最多显示 {SHOWN_PER_KIND} 个错误、{SHOWN_PER_KIND} 个警告和 {SHOWN_PER_KIND} 个提示注释，每个作业最多 50 个。\n\
它们以普通文字逐条列在本步骤的日志中；也可以在本地用 reportlint check --format human 查看全部问题，\
或用 --output sarif=reportlint.sarif 写出 SARIF 并上传到代码扫描，在“安全”页中查看。"
    );
    format!(
        "::notice title={}::{}\n",
        escape_property(&format!("reportlint：另有 {total} 个问题未显示")),
        escape_data(&message)
    )
}

/// The annotations of one report, in its order.
fn annotations(run: &Shared, file: &FileRun) -> Vec<Annotation> {
    let checked = match &file.outcome {
        Outcome::Checked(checked) => checked,
        Outcome::Failed(e) => {
            return vec![Annotation {
                severity: Severity::Error,
                path: paths::display_name(e.path()),
                region: None,
                title: "reportlint 无法检查此文件".to_string(),
                message: e.to_string(),
            }]
        }
    };
    let doc = &checked.doc;
    let path = paths::display_name(&doc.name);
    let pack = run.pack(file);
    let fix_failure = file.fix_failure().map(|e| Annotation {
        severity: Severity::Error,
        path: path.clone(),
        region: None,
        title: "reportlint 未能自动修复此文件".to_string(),
        message: e.message.clone(),
    });
    checked
        .checked
        .findings
        .iter()
        .map(|f| {
            let start = doc.position(f.primary.span.start);
            let end = doc.position(f.primary.span.end);
            let title = match pack.rule(&f.rule) {
                Some(rule) => format!("{} {}", f.rule, rule.title),
                None => f.rule.clone(),
            };
            let mut message = f.message.clone();
            for e in &f.elsewhere {
                message.push_str(&format!("\n{}", e.describe()));
            }
            if let Some(help) = &f.help {
                message.push_str(&format!("\n{help}"));
            }
            Annotation {
                severity: f.severity,
                path: path.clone(),
                region: Some([start.line, start.column, end.line, end.column]),
                title,
                message,
            }
        })
        .chain(fix_failure)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_github() {
        assert_eq!(escape_data("100%\r\n好"), "100%25%0D%0A好");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
