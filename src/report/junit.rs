//! `--format junit`: JUnit XML, for CI systems that show test reports
//! (GitLab merge requests, Jenkins, Azure Pipelines).
//!
//! One `<testsuite>` per report and one `<testcase>` per rule of the pack it
//! was checked with. A test case fails when the rule has findings at or above
//! the fail threshold, so the XML fails exactly when the exit code says so;
//! findings below the threshold are listed in the test case's
//! `<system-out>`. A report that could not be read is a suite with one
//! `<error>`. Unused waivers are a suite of their own, named after the waiver
//! file.
//!
//! Text is escaped for XML 1.0, and characters XML cannot carry at all (C0
//! controls other than tab and line breaks) become U+FFFD.

use std::io::Write;

use super::out::Spill;
use super::Emitter;
use crate::error::InputError;
use crate::finding::{Finding, Severity};
use crate::paths;
use crate::rules::{Pack, Rule};
use crate::run::{CheckedFile, FileRun, Outcome, Shared, UnusedWaiver};
use crate::waiver::UNUSED_RULE;

/// XML text and attribute escaping.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Attribute values also keep their line breaks as character references, so
/// an XML reader does not fold them into spaces.
fn attr(s: &str) -> String {
    escape(s)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

struct Case {
    name: String,
    classname: String,
    body: CaseBody,
}

enum CaseBody {
    Passed {
        out: String,
    },
    Failed {
        message: String,
        kind: String,
        text: String,
    },
    Error {
        message: String,
        kind: String,
    },
}

struct Suite {
    name: String,
    file: String,
    cases: Vec<Case>,
}

/// JUnit XML gathered a report at a time. The root element carries the
/// totals, known only at the end, so the suites are rendered as they come
/// and set aside in a [`Spill`] (on disk past a small size): memory stays
/// flat however many reports there are.
pub struct Junit {
    threshold: Severity,
    tests: usize,
    failures: usize,
    errors: usize,
    suites: usize,
    body: Spill,
}

impl Junit {
    pub fn new(threshold: Severity) -> Junit {
        Junit {
            threshold,
            tests: 0,
            failures: 0,
            errors: 0,
            suites: 0,
            body: Spill::default(),
        }
    }

    fn push(&mut self, suite: &Suite) {
        self.tests += suite.cases.len();
        self.failures += suite.count(CaseBody::is_failure);
        self.errors += suite.count(CaseBody::is_error);
        self.body.push(&suite_xml(self.suites, suite));
        self.suites += 1;
    }
}

impl Emitter for Junit {
    fn file(&mut self, run: &Shared, file: &FileRun, _out: &mut dyn Write) {
        let suite = match &file.outcome {
            Outcome::Checked(checked) => {
                let mut suite = checked_suite(checked, run.pack(file), self.threshold);
                // A file --fix could not write back: an error, like a file
                // that could not be read (exit code 2, not 1).
                if let Some(e) = file.fix_failure() {
                    suite.cases.push(Case {
                        name: "自动修复".to_string(),
                        classname: suite.file.clone(),
                        body: CaseBody::Error {
                            message: e.message.clone(),
                            kind: e.code.clone(),
                        },
                    });
                }
                suite
            }
            Outcome::Failed(e) => failed_suite(e),
        };
        self.push(&suite);
    }

    /// Writes the document: the root element with the totals, the suites,
    /// and one suite per waiver file with unused waivers.
    fn finish(mut self: Box<Self>, _run: &Shared, unused: &[UnusedWaiver], out: &mut dyn Write) {
        for suite in unused_suites(unused, self.threshold) {
            self.push(&suite);
        }
        let _ = write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"reportlint\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
            self.tests, self.failures, self.errors
        );
        let _ = std::mem::take(&mut self.body).drain(out);
        let _ = out.write_all(b"</testsuites>\n");
    }
}

/// A checked report: one test case per rule of its pack.
fn checked_suite(checked: &CheckedFile, pack: &Pack, threshold: Severity) -> Suite {
    let path = paths::display_name(&checked.doc.name);
    let cases = pack
        .rules
        .iter()
        .map(|rule| rule_case(checked, rule, &path, threshold))
        .collect();
    Suite {
        name: path.clone(),
        file: path,
        cases,
    }
}

/// One rule's test case: failed by its findings at or above the threshold,
/// with every finding of the rule listed.
fn rule_case(checked: &CheckedFile, rule: &Rule, path: &str, threshold: Severity) -> Case {
    let doc = &checked.doc;
    let findings: Vec<&Finding> = checked
        .checked
        .findings
        .iter()
        .filter(|f| f.rule == rule.id)
        .collect();
    let lines: Vec<String> = findings
        .iter()
        .map(|f| {
            let p = doc.position(f.primary.span.start);
            let mut line = format!(
                "{path}:{}:{}: {}[{}] {}",
                p.line,
                p.column,
                f.severity.as_str(),
                f.rule,
                f.message
            );
            for e in &f.elsewhere {
                line.push_str(&format!("\n  {}", e.describe()));
            }
            if let Some(help) = &f.help {
                line.push_str(&format!("\n  help: {help}"));
            }
            line
        })
        .collect();
    let failing: Vec<&&Finding> = findings
        .iter()
        .filter(|f| f.severity >= threshold)
        .collect();
    let body = match failing.first() {
        Some(first) => {
            let p = doc.position(first.primary.span.start);
            let more = match failing.len() {
                1 => String::new(),
                n => format!("（另有 {} 处）", n - 1),
            };
            CaseBody::Failed {
                message: format!("{path}:{}:{}: {}{more}", p.line, p.column, first.message),
                kind: format!("{} {}", rule.id, first.severity.as_str()),
                text: lines.join("\n"),
            }
        }
        None => CaseBody::Passed {
            out: lines.join("\n"),
        },
    };
    Case {
        name: format!("{} {}", rule.id, rule.title),
        classname: path.to_string(),
        body,
    }
}

/// A report that could not be read: one test case in error.
fn failed_suite(e: &InputError) -> Suite {
    let path = paths::display_name(e.path());
    let kind = miette::Diagnostic::code(e)
        .map(|c| c.to_string())
        .unwrap_or_default();
    Suite {
        name: path.clone(),
        file: path.clone(),
        cases: vec![Case {
            name: "读取报告".to_string(),
            classname: path,
            body: CaseBody::Error {
                message: e.to_string(),
                kind,
            },
        }],
    }
}

/// The unused waivers: a suite per waiver file, a test case per waiver.
fn unused_suites(unused: &[UnusedWaiver], threshold: Severity) -> Vec<Suite> {
    let mut by_file: Vec<(&str, Vec<&UnusedWaiver>)> = Vec::new();
    for u in unused {
        match by_file.iter_mut().find(|(f, _)| *f == u.file) {
            Some((_, list)) => list.push(u),
            None => by_file.push((&u.file, vec![u])),
        }
    }
    by_file
        .into_iter()
        .map(|(file, unused)| Suite {
            name: file.to_string(),
            file: file.to_string(),
            cases: unused.iter().map(|u| unused_case(u, threshold)).collect(),
        })
        .collect()
}

fn unused_case(u: &UnusedWaiver, threshold: Severity) -> Case {
    let located = format!(
        "{}:{}:{}: {}",
        u.file, u.start.line, u.start.column, u.message
    );
    Case {
        name: format!("{UNUSED_RULE} {} {}", u.rule, u.fingerprint),
        classname: u.file.clone(),
        body: if UnusedWaiver::SEVERITY >= threshold {
            CaseBody::Failed {
                message: located.clone(),
                kind: format!("{UNUSED_RULE} warning"),
                text: format!("{located}\n  help: {}", u.help),
            }
        } else {
            CaseBody::Passed { out: located }
        },
    }
}

impl CaseBody {
    fn is_failure(&self) -> bool {
        matches!(self, CaseBody::Failed { .. })
    }

    fn is_error(&self) -> bool {
        matches!(self, CaseBody::Error { .. })
    }
}

impl Suite {
    fn count(&self, f: fn(&CaseBody) -> bool) -> usize {
        self.cases.iter().filter(|c| f(&c.body)).count()
    }
}

/// One `<testsuite>` element.
fn suite_xml(id: usize, suite: &Suite) -> String {
    let mut out = format!(
        "  <testsuite name=\"{}\" id=\"{id}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" file=\"{}\">\n",
        attr(&suite.name),
        suite.cases.len(),
        suite.count(CaseBody::is_failure),
        suite.count(CaseBody::is_error),
        attr(&suite.file),
    );
    for case in &suite.cases {
        out.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\"",
            attr(&case.name),
            attr(&case.classname),
            attr(&suite.file),
        ));
        match &case.body {
            CaseBody::Passed { out: text } if text.is_empty() => out.push_str("/>\n"),
            CaseBody::Passed { out: text } => out.push_str(&format!(
                ">\n      <system-out>{}</system-out>\n    </testcase>\n",
                escape(text)
            )),
            CaseBody::Failed {
                message,
                kind,
                text,
            } => out.push_str(&format!(
                ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                attr(message),
                attr(kind),
                escape(text)
            )),
            CaseBody::Error { message, kind } => out.push_str(&format!(
                ">\n      <error message=\"{}\" type=\"{}\">{}</error>\n    </testcase>\n",
                attr(message),
                attr(kind),
                escape(message)
            )),
        }
    }
    out.push_str("  </testsuite>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(escape("a<b>&\"c\"'"), "a&lt;b&gt;&amp;&quot;c&quot;&apos;");
        assert_eq!(escape("x\u{0}y\u{1b}z"), "x\u{FFFD}y\u{FFFD}z");
        assert_eq!(attr("一\n二"), "一&#10;二");
    }
}
