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

use super::json_writer::{Frame, Writer};
use super::out::Spill;
use super::positions::Positions;
use super::Emitter;
use crate::document::{Document, Span};
use crate::finding::{Finding, Severity};
use crate::fingerprint::Fingerprint;
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
    /// A report's results as they are written, before they go out whole.
    buf: Vec<u8>,
}

impl Default for Sarif {
    fn default() -> Sarif {
        Sarif {
            frame: Frame::new(),
            rule_ids: Vec::new(),
            notifications: Spill::default(),
            notification_frame: Frame::detached(NOTIFICATION_DEPTH),
            notification_count: 0,
            buf: Vec::new(),
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
                let artifact_uri = self::uri(&uri);
                let mut at = Positions::new(doc);
                // The report's results go out together, in one piece.
                self.buf.clear();
                for finding in &checked.checked.findings {
                    let index = self.rule_ids.iter().position(|id| *id == finding.rule);
                    self.frame.push_into(&mut self.buf, |w| {
                        result(w, &mut at, doc, &artifact_uri, finding, index);
                    });
                }
                let _ = out.write_all(&self.buf);
                // A report with many results does not keep a large buffer
                // for the rest of the run.
                if self.buf.capacity() > KEPT_BUFFER {
                    self.buf = Vec::new();
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

/// The most buffer space kept from one report's results to the next.
const KEPT_BUFFER: usize = 1 << 20;

/// `{"uri": …, "uriBaseId": "%SRCROOT%"}` for a URI already encoded.
fn artifact_location(w: &mut Writer, encoded_uri: &str) {
    w.begin_object();
    w.str_field("uri", encoded_uri);
    w.str_field("uriBaseId", SRCROOT);
    w.end_object();
}

/// `{"text": …}`.
fn text_object(w: &mut Writer, s: &str) {
    w.begin_object();
    w.str_field("text", s);
    w.end_object();
}

/// A region in both forms: line/column and character offset/length, all in
/// Unicode code points.
fn region(w: &mut Writer, at: &mut Positions, span: Span) {
    let start = at.at(span.start);
    let end = at.at(span.end);
    w.begin_object();
    w.uint_field("startLine", start.line);
    w.uint_field("startColumn", start.column);
    w.uint_field("endLine", end.line);
    w.uint_field("endColumn", end.column);
    w.uint_field("charOffset", start.chars);
    w.uint_field("charLength", end.chars - start.chars);
    w.end_object();
}

/// A location in the checked report, with the label's message; `id` for
/// a related location.
fn location(
    w: &mut Writer,
    at: &mut Positions,
    encoded_uri: &str,
    span: Span,
    message: Option<&str>,
    id: Option<usize>,
) {
    w.begin_object();
    w.key("physicalLocation");
    w.begin_object();
    w.key("artifactLocation");
    artifact_location(w, encoded_uri);
    w.key("region");
    region(w, at, span);
    w.end_object();
    if let Some(m) = message {
        w.key("message");
        text_object(w, m);
    }
    if let Some(id) = id {
        w.uint_field("id", id);
    }
    w.end_object();
}

fn result(
    w: &mut Writer,
    at: &mut Positions,
    doc: &Document,
    encoded_uri: &str,
    finding: &Finding,
    rule_index: Option<usize>,
) {
    w.begin_object();
    w.str_field("ruleId", &finding.rule);
    if let Some(i) = rule_index {
        w.uint_field("ruleIndex", i);
    }
    w.str_field("level", level(finding.severity));
    w.key("message");
    match &finding.help {
        Some(help) => text_object(w, &format!("{}\n\n{help}", finding.message)),
        None => text_object(w, &finding.message),
    }
    w.key("locations");
    w.begin_array();
    w.element();
    location(
        w,
        at,
        encoded_uri,
        finding.primary.span,
        finding.primary.message.as_deref(),
        None,
    );
    w.end_array();
    if !finding.secondary.is_empty() || !finding.elsewhere.is_empty() {
        w.key("relatedLocations");
        w.begin_array();
        let mut id = 0;
        for l in &finding.secondary {
            id += 1;
            w.element();
            location(w, at, encoded_uri, l.span, l.message.as_deref(), Some(id));
        }
        // Places in other reports (last year's): their file, line and
        // column, and what is there.
        for e in &finding.elsewhere {
            id += 1;
            w.element();
            w.begin_object();
            w.key("physicalLocation");
            w.begin_object();
            w.key("artifactLocation");
            artifact_location(w, &uri(&paths::display_name(&e.file)));
            w.key("region");
            w.begin_object();
            w.uint_field("startLine", e.line);
            w.uint_field("startColumn", e.column);
            w.end_object();
            w.end_object();
            w.key("message");
            text_object(w, &e.message);
            w.uint_field("id", id);
            w.end_object();
        }
        w.end_array();
    }
    w.key("partialFingerprints");
    w.begin_object();
    w.str_field(FINGERPRINT_KEY, Fingerprint::of(doc, finding).as_str());
    w.end_object();
    if let Some(fix) = &finding.fix {
        w.key("fixes");
        w.begin_array();
        w.element();
        w.begin_object();
        w.key("description");
        text_object(w, &fix.title);
        w.key("artifactChanges");
        w.begin_array();
        w.element();
        w.begin_object();
        w.key("artifactLocation");
        artifact_location(w, encoded_uri);
        w.key("replacements");
        w.begin_array();
        for e in &fix.edits {
            w.element();
            w.begin_object();
            w.key("deletedRegion");
            region(w, at, e.span);
            w.key("insertedContent");
            text_object(w, &e.replacement);
            w.end_object();
        }
        w.end_array();
        w.end_object();
        w.end_array();
        w.end_object();
        w.end_array();
    }
    if let Some(item) = &finding.item {
        w.key("properties");
        w.begin_object();
        w.str_field("item", item);
        w.end_object();
    }
    w.end_object();
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
