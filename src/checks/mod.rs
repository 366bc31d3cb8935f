//! The core: the compiled rule model ([`rule`]), what a rule kind is
//! ([`kind`]), and the rule kinds themselves, one file each. A check reads
//! the [`Context`] (document, template outline, the rule being run) and
//! pushes [`Finding`]s. Nothing here reads YAML: [`crate::rules`] loads rule
//! files and compiles each rule's `check:` block through the kind named by
//! its `kind:` key, from the list in [`register_builtin`].

pub mod kind;
pub mod labels;
pub mod message;
pub mod rule;

pub mod anachronism;
pub mod baseline_copy;
pub mod baseline_plan;
pub mod baseline_plan_copy;
pub mod baseline_year;
pub mod brackets;
pub mod copied;
pub mod coverage;
pub mod deadline;
pub mod duplicate;
pub mod law_title;
pub mod layout;
pub mod pattern;
pub mod sequence;
pub mod structure;
pub mod superseded;
pub mod template;
pub mod year;

pub use kind::{
    Check, CompileEnv, Data, DataFile, DataPaths, Fixability, Kind, Problem, Register,
    MAX_DATA_FILES,
};
pub use labels::{LabelKey, Labels};
pub use rule::{Basis, Examples, InvalidExample, Pack, PackMeta, Prefilter, Rule, Scope};

use crate::baseline::Baseline;
use crate::document::{spans_within, BlockKind, Document, Span};
use crate::finding::{Finding, Label};
use crate::meta::ReportMeta;
use crate::outline::Outline;
use crate::template::Template;
use message::render;

/// The rule kinds built in, one line each. Adding a kind is one new file in
/// this folder and one line here.
pub fn register_builtin(r: &mut impl Register) {
    r.kind::<template::TemplateKind>();
    r.kind::<pattern::PatternKind>();
    r.kind::<sequence::SequenceKind>();
    r.kind::<year::YearKind>();
    r.kind::<duplicate::DuplicateKind>();
    r.kind::<copied::CopiedKind>();
    r.kind::<structure::StructureKind>();
    r.kind::<coverage::CoverageKind>();
    r.kind::<deadline::DeadlineKind>();
    r.kind::<brackets::BracketsKind>();
    r.kind::<law_title::LawTitleKind>();
    r.kind::<anachronism::AnachronismKind>();
    r.kind::<superseded::SupersededKind>();
    r.kind::<layout::LayoutKind>();
    r.kind::<baseline_copy::BaselineCopyKind>();
    r.kind::<baseline_plan::BaselinePlanKind>();
    r.kind::<baseline_plan_copy::BaselinePlanCopyKind>();
    r.kind::<baseline_year::BaselineYearKind>();
}

/// What a check sees.
pub struct Context<'a> {
    pub doc: &'a Document,
    /// How the template's documents are written (heading markers).
    pub grammar: &'a crate::document::Grammar,
    pub template: &'a Template,
    pub outline: &'a Outline,
    pub rule: &'a Rule,
    /// Report metadata from the configuration (level, deadline profile).
    pub meta: &'a ReportMeta,
    /// Last year's report (`--baseline`), for the rules that compare with it.
    pub baseline: Option<&'a Baseline>,
}

impl Context<'_> {
    /// The report year and the next, as `{year}` and `{next_year}`.
    pub(crate) fn years(&self) -> (String, String) {
        let year = self.doc.year();
        (
            year.map(|y| y.to_string()).unwrap_or_default(),
            year.map(|y| (y + 1).to_string()).unwrap_or_default(),
        )
    }

    /// A label text of the current rule (`key` of its `labels`), rendered
    /// with `values` plus `{year}` and `{next_year}`.
    pub fn label(&self, labels: &Labels, key: &str, values: &[(&str, &str)]) -> String {
        let (year, next_year) = self.years();
        // The check's own values first: a label may give `{year}` its own
        // meaning (the year of a date it quotes).
        let mut all: Vec<(&str, &str)> = values.to_vec();
        all.extend([("year", year.as_str()), ("next_year", next_year.as_str())]);
        labels.render(key, &all)
    }

    /// A finding of the current rule, its message and help rendered with
    /// `values` plus `{year}` and `{next_year}`.
    pub fn finding(&self, primary: Label, values: &[(&str, &str)]) -> Finding {
        let (year, next_year) = self.years();
        let mut all: Vec<(&str, &str)> = vec![("year", &year), ("next_year", &next_year)];
        all.extend_from_slice(values);
        Finding {
            rule: self.rule.id.clone(),
            severity: self.rule.severity,
            message: render(&self.rule.message, &all),
            primary,
            secondary: Vec::new(),
            help: self.rule.help.as_ref().map(|h| render(h, &all)),
            item: None,
            item_in_text: false,
            fix: None,
            places: 1,
            unlisted: 0,
            elsewhere: Vec::new(),
        }
    }

    /// The texts a `require` looks in: the title joined (for the title
    /// scope), or the scope's spans one by one, joined per level-1 section,
    /// or all joined (see [`pattern::Within`]); and whether the scope is a
    /// part (a template section, the title) the report lacks.
    pub fn scope_texts(
        &self,
        scope: Scope,
        within: pattern::Within,
        spans: &[Span],
    ) -> (Vec<String>, bool) {
        use pattern::Within;
        let doc = self.doc;
        match scope {
            Scope::Title => {
                return match &doc.title {
                    Some(t) => (vec![t.text.clone()], false),
                    None => (Vec::new(), true),
                }
            }
            Scope::Section(_) if spans.is_empty() => return (Vec::new(), true),
            _ => {}
        }
        let join = |group: &[Span]| {
            group
                .iter()
                .map(|s| doc.slice(*s))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let texts = match within {
            Within::Paragraph => spans.iter().map(|s| doc.slice(*s).to_string()).collect(),
            Within::Document => vec![join(spans)],
            Within::Section => {
                // Spans under each level-1 heading (and those before the
                // first) make one text.
                let tops: Vec<Span> = doc
                    .headings
                    .iter()
                    .filter(|h| h.level == 1)
                    .map(|h| Span::new(h.span.start, h.section.end.max(h.span.end)))
                    .collect();
                let mut groups: Vec<Vec<Span>> = Vec::new();
                let mut current: Option<usize> = None;
                for &s in spans {
                    let top = tops
                        .iter()
                        .position(|t| t.start <= s.start && s.end <= t.end);
                    if groups.is_empty() || top != current {
                        groups.push(Vec::new());
                        current = top;
                    }
                    if let Some(g) = groups.last_mut() {
                        g.push(s);
                    }
                }
                groups.iter().map(|g| join(g)).collect()
            }
        };
        (texts, false)
    }

    /// The spans of text a scope covers, in document order.
    pub fn scope_spans(&self, scope: Scope) -> Vec<Span> {
        let doc = self.doc;
        let title = || doc.title.iter().flat_map(|t| t.parts.iter().copied());
        let headings = || doc.headings.iter().map(|h| h.span);
        let mut spans: Vec<Span> = match scope {
            Scope::Title => title().collect(),
            Scope::Headings => headings().collect(),
            Scope::Body => doc.prose().collect(),
            // Every line of the report: the title block (issuer, 发文字号),
            // headings with their run-in text, paragraphs and the 落款, but
            // never web residue.
            Scope::All => doc
                .blocks
                .iter()
                .filter(|b| b.kind != BlockKind::Residue)
                .map(|b| b.span)
                .collect(),
            Scope::Closing => doc
                .closing
                .issuer
                .into_iter()
                .chain(doc.closing.date)
                .collect(),
            Scope::Section(s) => {
                // Both lists are in document order, so the spans in each
                // section are found by binary search.
                let heading_spans: Vec<Span> = headings().collect();
                let prose: Vec<Span> = doc.prose().collect();
                let mut v = Vec::new();
                for &h in self.outline.found.get(s).into_iter().flatten() {
                    let heading = &doc.headings[h];
                    v.push(heading.span);
                    v.extend(heading.run_in);
                    v.extend(spans_within(&heading_spans, heading.section));
                    v.extend(spans_within(&prose, heading.section));
                }
                v
            }
        };
        spans.sort();
        spans.dedup();
        spans
    }
}

/// Helpers for the rule-kind unit tests: run one rule (written in YAML) with
/// the built-in template over a text.
#[cfg(test)]
pub(crate) mod testing {
    use crate::finding::Finding;
    use crate::rules::compile::{compile, SourceFile};
    use crate::rules::pack::{builtin_data, BUILTIN_FILES};
    use crate::run::{check_text_against, Options};

    pub fn run(rule_yaml: &str, text: &str) -> Vec<Finding> {
        run_against(rule_yaml, text, None)
    }

    /// As [`run`], with last year's report `baseline` (`--baseline`).
    pub fn run_against(rule_yaml: &str, text: &str, baseline: Option<&str>) -> Vec<Finding> {
        let mut files: Vec<SourceFile> = BUILTIN_FILES
            .iter()
            .filter(|(name, _)| name.ends_with("pack.yaml") || name.ends_with("template.yaml"))
            .map(|(name, text)| {
                // Keep the template's sections, drop its rules: only the rule
                // under test runs.
                let kept = text.find("\nrules:").map_or(*text, |i| &text[..=i]);
                SourceFile::new(*name, kept)
            })
            .collect();
        files.push(SourceFile::new("test.yaml", format!("rules:\n{rule_yaml}")));
        let pack = compile(&files, &builtin_data()).unwrap_or_else(|e| panic!("test pack: {e:?}"));
        check_text_against(
            "t.txt".to_string(),
            text.to_string(),
            &pack,
            Options::default(),
            baseline.map(|b| ("上年.txt".to_string(), b.to_string())),
        )
        .checked
        .findings
    }

    /// `(rule, text under the primary label)` of each finding.
    pub fn spans(findings: &[Finding], text: &str) -> Vec<String> {
        findings
            .iter()
            .map(|f| text[f.primary.span.start..f.primary.span.end].to_string())
            .collect()
    }

    /// A complete, well-formed report for `year`, with all five parts.
    pub fn complete_report(year: i32) -> String {
        let next = year + 1;
        format!(
            "某县人民政府关于{year}年度法治政府建设情况的报告\n\
             \n\
             {year}年，某县坚持以习近平新时代中国特色社会主义思想为指导，全面推进法治政府建设，现将有关情况报告如下。\n\
             一、{year}年推进法治政府建设的主要举措和成效\n\
             （一）加强组织领导。县政府常务会议专题研究法治政府建设工作4次。\n\
             （二）规范行政决策。严格落实重大行政决策法定程序，全年合法性审查文件56件。\n\
             二、存在的不足和原因\n\
             一是行政执法规范化水平有待提高；二是基层法治力量薄弱。究其原因，主要是法治培训不够深入。\n\
             三、党政主要负责人履行推进法治建设第一责任人职责情况\n\
             县政府主要负责同志对法治建设重要工作亲自部署、重大问题亲自过问。\n\
             四、{next}年推进法治政府建设的主要安排\n\
             {next}年，我县将继续深化法治政府建设。\n\
             五、其他需要报告的情况\n\
             无。\n\
             \n\
             某县人民政府\n\
             {next}年2月10日\n"
        )
    }
}
