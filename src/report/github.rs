//! `--format github`: workflow commands that GitHub Actions turns into
//! annotations on the changed files.
//!
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`,
//! with `::warning` for warnings and `::notice` for infos. Columns are
//! character columns (as in the JSON output). The message is the finding's
//! message and, on the next line, its help. GitHub's escaping applies: in the
//! message `%`, `\r` and `\n` become `%25`, `%0D` and `%0A`; in property
//! values also `:` and `,` become `%3A` and `%2C`.

use crate::batch::Outcome;
use crate::finding::Severity;
use crate::paths;
use crate::run::{Run, UnusedWaiver};
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

pub fn render(run: &Run) -> String {
    let mut out = String::new();
    for file in &run.files {
        match &file.outcome {
            Outcome::Checked(checked) => {
                let doc = &checked.doc;
                let path = paths::display_name(&doc.name);
                let pack = run.pack(file);
                for f in &checked.checked.findings {
                    let start = doc.position(f.primary.span.start);
                    let end = doc.position(f.primary.span.end);
                    let title = match pack.rule(&f.rule) {
                        Some(rule) => format!("{} {}", f.rule, rule.title),
                        None => f.rule.clone(),
                    };
                    let message = match &f.help {
                        Some(help) => format!("{}\n{help}", f.message),
                        None => f.message.clone(),
                    };
                    out.push_str(&format!(
                        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                        command(f.severity),
                        escape_property(&path),
                        start.line,
                        start.column,
                        end.line,
                        end.column,
                        escape_property(&title),
                        escape_data(&message),
                    ));
                }
            }
            Outcome::Failed(e) => {
                let path = paths::display_name(e.path());
                out.push_str(&format!(
                    "::error file={},title={}::{}\n",
                    escape_property(&path),
                    escape_property("reportlint 无法检查此文件"),
                    escape_data(&e.to_string()),
                ));
            }
        }
    }
    for u in &run.unused {
        out.push_str(&format!(
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            command(UnusedWaiver::SEVERITY),
            escape_property(&u.file),
            u.start.line,
            u.start.column,
            u.end.line,
            u.end.column,
            escape_property(UNUSED_RULE),
            escape_data(&format!("{}\n{}", u.message, u.help)),
        ));
    }
    out
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
