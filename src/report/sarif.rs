//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other
//! dashboards.
//!
//! - One run; `tool.driver.rules` lists the rules of the packs used (help and
//!   description in Chinese, `defaultConfiguration.level` from the severity).
//! - `columnKind` is `unicodeCodePoints`: columns count characters, as in the
//!   JSON output, and so do `charOffset`/`charLength`, which SARIF measures in
//!   the same unit as columns. Offsets are into the checked text (a UTF-8
//!   byte-order mark is not part of it). Byte offsets are not given: the
//!   checked text is not always the file's bytes.
//! - Paths are relative (as shown on the command line, under the current
//!   directory), percent-encoded, with `%SRCROOT%` as their base, so no
//!   runner path leaks and a report named in Chinese is a valid URI.
//! - Secondary labels are `relatedLocations`, and so are the places in
//!   other reports a finding refers to (`elsewhere`: last year's report,
//!   with its own `artifactLocation`); a finding with a fix has
//!   `fixes` (replacements with `deletedRegion` and `insertedContent`).
//! - `partialFingerprints` carries the fingerprint a waiver names.
//! - Files that could not be read are `toolExecutionNotifications`; unused
//!   waivers are results of the rule `unused-waiver`, in the waiver file.

use std::io::Write;

use serde_json::{json, Map, Value};

use super::json_writer::Frame;
use super::out::Spill;
use super::Emitter;
use crate::document::{Document, Span};
use crate::finding::{Finding, Severity};
use crate::paths;
use crate::rules::{message, Rule};
use crate::run::{FileRun, Outcome, Shared, UnusedWaiver};
use crate::waiver::UNUSED_RULE;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
/// The key under `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "reportlint/v1";

/// The SARIF log written as the run goes, so memory stays flat however many
/// results there are: the head (tool and rules) first, each result as it
/// comes, and at the end the invocation, whose success and notifications
/// (files that could not be read) are known only then. The notifications
/// are set aside in a [`Spill`] meanwhile.
///
/// The rules come from the configurations, known before the first report,
/// so a result's `ruleIndex` points into the list in the head.
pub struct Sarif {
    frame: Frame,
    /// The ids of the rules in the head.
    rule_ids: Vec<String>,
    notifications: Spill,
    /// Where the notifications stand in the document.
    notification_frame: Frame,
    notification_count: usize,
}

impl Default for Sarif {
    fn default() -> Sarif {
        Sarif {
            frame: Frame::new(),
            rule_ids: Vec::new(),
            notifications: Spill::default(),
            notification_frame: Frame::detached(NOTIFICATION_DEPTH),
            notification_count: 0,
        }
    }
}

/// The depth of an element of `runs[0].invocations[0].toolExecutionNotifications`.
const NOTIFICATION_DEPTH: usize = 6;

impl Emitter for Sarif {
    /// Writes the log up to the opening of `results`.
    fn begin(&mut self, run: &Shared, out: &mut dyn Write) {
        let (rules, ids) = rules(run);
        self.rule_ids = ids;
        let tool = json!({"driver": {
            "name": env!("CARGO_PKG_NAME"),
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        }});
        let f = &mut self.frame;
        f.begin_object(out);
        f.field(out, "$schema", &SCHEMA_URI);
        f.field(out, "version", &"2.1.0");
        f.key(out, "runs");
        f.begin_array(out);
        f.element(out);
        f.begin_object(out);
        f.field(out, "tool", &tool);
        f.field(out, "columnKind", &"unicodeCodePoints");
        f.key(out, "results");
        f.begin_array(out);
    }

    fn file(&mut self, _run: &Shared, file: &FileRun, out: &mut dyn Write) {
        match &file.outcome {
            Outcome::Checked(checked) => {
                let doc = &checked.doc;
                let uri = paths::display_name(&doc.name);
                for finding in &checked.checked.findings {
                    let index = self.rule_ids.iter().position(|id| *id == finding.rule);
                    self.frame.push(out, &result(doc, &uri, finding, index));
                }
                // A file --fix could not write back: checked, but the run
                // did not do all it was asked (exit code 2).
                if let Some(e) = file.fix_failure() {
                    let notification = json!({
                        "level": "error",
                        "message": {"text": e.message},
                        "descriptor": {"id": e.code},
                        "locations": [{"physicalLocation": {"artifactLocation": artifact(&uri)}}],
                    });
                    self.notification_frame
                        .push(&mut self.notifications, &notification);
                    self.notification_count += 1;
                }
            }
            Outcome::Failed(e) => {
                let uri = paths::display_name(e.path());
                let code = miette::Diagnostic::code(e)
                    .map(|c| c.to_string())
                    .unwrap_or_default();
                let notification = json!({
                    "level": "error",
                    "message": {"text": e.to_string()},
                    "descriptor": {"id": code},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact(&uri)}}],
                });
                self.notification_frame
                    .push(&mut self.notifications, &notification);
                self.notification_count += 1;
            }
        }
    }

    /// Writes the unused waivers' results and closes the log.
    fn finish(mut self: Box<Self>, _run: &Shared, unused: &[UnusedWaiver], out: &mut dyn Write) {
        let index = self.rule_ids.iter().position(|id| id == UNUSED_RULE);
        let Sarif {
            frame: f,
            notifications,
            notification_frame,
            notification_count,
            ..
        } = &mut *self;
        for u in unused {
            f.push(out, &unused_result(u, index));
        }
        f.end(out);
        f.key(out, "invocations");
        f.begin_array(out);
        f.element(out);
        f.begin_object(out);
        f.field(out, "executionSuccessful", &(*notification_count == 0));
        f.key(out, "toolExecutionNotifications");
        f.begin_array(out);
        let _ = std::mem::take(notifications).drain(out);
        f.adopt(notification_frame);
        // notifications, invocation, invocations, run, runs, log
        for _ in 0..6 {
            f.end(out);
        }
        let _ = out.write_all(b"\n");
    }
}

/// The rule descriptors of a run's packs, and their ids in the same order
/// (results refer to rules by that index). The unused-waiver rule, when
/// waivers are in use, comes last, so the indices of the others do not
/// depend on it.
fn rules(run: &Shared) -> (Vec<Value>, Vec<String>) {
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_ids: Vec<String> = Vec::new();
    for setup in &run.setups {
        for rule in &setup.pack.rules {
            if !rule_ids.contains(&rule.id) {
                rule_ids.push(rule.id.clone());
                rules.push(descriptor(rule));
            }
        }
    }
    if !run.waiver_files.is_empty() {
        rule_ids.push(UNUSED_RULE.to_string());
        rules.push(unused_descriptor());
    }
    (rules, rule_ids)
}

/// SARIF's three levels for our three severities.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn text(s: &str) -> Value {
    json!({ "text": s })
}

fn descriptor(rule: &Rule) -> Value {
    let mut d = Map::new();
    d.insert("id".into(), json!(rule.id));
    // `name` is an identifier a person can read; the title without spaces.
    d.insert(
        "name".into(),
        json!(rule
            .title
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()),
    );
    d.insert("shortDescription".into(), text(&neutral(&rule.title)));
    d.insert(
        "fullDescription".into(),
        text(&neutral(rule.description.as_deref().unwrap_or(&rule.title))),
    );
    if let Some(help) = &rule.help {
        d.insert("help".into(), text(&neutral(help)));
    }
    d.insert(
        "defaultConfiguration".into(),
        json!({ "level": level(rule.severity) }),
    );
    d.insert(
        "properties".into(),
        json!({ "tags": [rule.check.kind()], "kind": rule.check.kind() }),
    );
    Value::Object(d)
}

/// A rule's text as the rules table shows it: the `{placeholders}` that a
/// finding fills (the year, the section, the words found) are not known for
/// the rule as a whole, so each stands as “……”.
pub fn neutral(template: &str) -> String {
    let names = message::placeholders(template);
    let values: Vec<(&str, &str)> = names.iter().map(|n| (*n, "……")).collect();
    message::render(template, &values)
}

fn unused_descriptor() -> Value {
    json!({
        "id": UNUSED_RULE,
        "name": "豁免未被使用",
        "shortDescription": text("豁免文件中的条目没有匹配任何问题"),
        "fullDescription": text("豁免条目所指的报告被检查了，但其中没有与条目的规则和指纹相符的问题：被豁免的文字已修改、问题已改正，或豁免已过期。"),
        "help": text("删除这条豁免；如文字只是改动了，用 --format json 查看新的 fingerprint 并更新条目。"),
        "defaultConfiguration": {"level": level(UnusedWaiver::SEVERITY)},
    })
}

fn artifact(path: &str) -> Value {
    json!({ "uri": uri(path), "uriBaseId": SRCROOT })
}

/// A relative path as a URI reference: every byte outside RFC 3986's
/// unreserved set and `/` is percent-encoded, so a report named in Chinese
/// (or with spaces, `#`, `%`) is a valid URI that GitHub maps back to the
/// file.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A region in both forms: line/column and character offset/length, all in
/// Unicode code points.
fn region(doc: &Document, span: Span) -> Value {
    let start = doc.position(span.start);
    let end = doc.position(span.end);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "charOffset": doc.line_index.char_offset(&doc.text, span.start),
        "charLength": doc.line_index.char_offset(&doc.text, span.end)
            - doc.line_index.char_offset(&doc.text, span.start),
    })
}

fn location(doc: &Document, uri: &str, span: Span, message: Option<&str>) -> Value {
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": artifact(uri),
            "region": region(doc, span),
        }
    });
    if let Some(m) = message {
        loc["message"] = text(m);
    }
    loc
}

fn result(doc: &Document, uri: &str, finding: &Finding, rule_index: Option<usize>) -> Value {
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(finding.rule));
    if let Some(i) = rule_index {
        r.insert("ruleIndex".into(), json!(i));
    }
    r.insert("level".into(), json!(level(finding.severity)));
    let message = match &finding.help {
        Some(help) => format!("{}\n\n{help}", finding.message),
        None => finding.message.clone(),
    };
    r.insert("message".into(), text(&message));
    r.insert(
        "locations".into(),
        json!([location(
            doc,
            uri,
            finding.primary.span,
            finding.primary.message.as_deref()
        )]),
    );
    if !finding.secondary.is_empty() || !finding.elsewhere.is_empty() {
        let mut related: Vec<Value> = finding
            .secondary
            .iter()
            .map(|l| location(doc, uri, l.span, l.message.as_deref()))
            .collect();
        // Places in other reports (last year's): their file, line and
        // column, and what is there.
        related.extend(finding.elsewhere.iter().map(|e| {
            json!({
                "physicalLocation": {
                    "artifactLocation": artifact(&paths::display_name(&e.file)),
                    "region": {"startLine": e.line, "startColumn": e.column},
                },
                "message": text(&e.message),
            })
        }));
        for (i, loc) in related.iter_mut().enumerate() {
            loc["id"] = json!(i + 1);
        }
        r.insert("relatedLocations".into(), json!(related));
    }
    r.insert(
        "partialFingerprints".into(),
        json!({ FINGERPRINT_KEY: crate::fingerprint::of(doc, finding) }),
    );
    if let Some(fix) = &finding.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": region(doc, e.span),
                    "insertedContent": {"text": e.replacement},
                })
            })
            .collect();
        r.insert(
            "fixes".into(),
            json!([{
                "description": text(&fix.title),
                "artifactChanges": [{
                    "artifactLocation": artifact(uri),
                    "replacements": replacements,
                }],
            }]),
        );
    }
    if let Some(item) = &finding.item {
        r.insert("properties".into(), json!({ "item": item }));
    }
    Value::Object(r)
}

fn unused_result(u: &UnusedWaiver, rule_index: Option<usize>) -> Value {
    let uri = u.file.clone();
    let mut r = json!({
        "ruleId": UNUSED_RULE,
        "level": level(UnusedWaiver::SEVERITY),
        "message": text(&format!("{}\n\n{}", u.message, u.help)),
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact(&uri),
                "region": {
                    "startLine": u.start.line,
                    "startColumn": u.start.column,
                    "endLine": u.end.line,
                    "endColumn": u.end.column,
                    "charOffset": u.char_offset,
                    "charLength": u.char_len,
                },
            }
        }],
        "partialFingerprints": { FINGERPRINT_KEY: format!("{}:{}", u.rule, u.fingerprint) },
    });
    if let Some(i) = rule_index {
        r["ruleIndex"] = json!(i);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("reports/a-1_b.txt"), "reports/a-1_b.txt");
        assert_eq!(uri("报告 1#.txt"), "%E6%8A%A5%E5%91%8A%201%23.txt");
    }
}
