//! Runs a compiled pack over a document: matches the template outline once,
//! runs every rule, attributes each finding to the template item it concerns,
//! and sorts the findings by position.

use crate::baseline::Baseline;
use crate::checks::Context;
use crate::checks::{Pack, Rule};
use crate::document::Document;
use crate::finding::{Finding, Findings};
use crate::meta::ReportMeta;
use crate::outline::Outline;

/// The result of checking one document.
#[derive(Debug)]
pub struct Checked {
    pub outline: Outline,
    /// Sorted by position; at most [`crate::finding::MAX_HELD_PER_RULE`]
    /// per rule. The run applies waivers, then
    /// [`crate::finding::cap_per_rule`].
    pub findings: Vec<Finding>,
    /// Rules that found more than they could hold, and how many more.
    pub unlisted: Vec<(String, usize)>,
}

pub fn check(doc: &Document, pack: &Pack, meta: &ReportMeta) -> Checked {
    check_rules(doc, pack, &pack.rules.iter().collect::<Vec<_>>(), meta)
}

/// Runs only `rules` (of `pack`), with the pack's template.
pub fn check_rules(doc: &Document, pack: &Pack, rules: &[&Rule], meta: &ReportMeta) -> Checked {
    check_against(doc, pack, rules, meta, None)
}

/// Runs `rules` (of `pack`) with last year's report, if there is one, for
/// the rules that compare with it.
pub fn check_against(
    doc: &Document,
    pack: &Pack,
    rules: &[&Rule],
    meta: &ReportMeta,
    baseline: Option<&Baseline>,
) -> Checked {
    let outline = Outline::new(doc, &pack.template);
    let mut findings = Vec::new();
    let mut unlisted = Vec::new();
    let ruled_out = pack.prefilter.ruled_out(&doc.text);
    for &rule in rules {
        if ruled_out.contains(&rule.id.as_str()) {
            continue;
        }
        let ctx = Context {
            doc,
            grammar: &pack.grammar,
            template: &pack.template,
            outline: &outline,
            rule,
            meta,
            baseline,
        };
        let mut found = Findings::new();
        rule.check.run(&ctx, &mut found);
        let (kept, more) = found.into_parts();
        findings.extend(kept);
        if more > 0 {
            unlisted.push((rule.id.clone(), more));
        }
    }
    for finding in &mut findings {
        // Checks that can mark many places cap their labels as they go (and
        // fix only the marked places); this holds every other check to the
        // same limit.
        finding.cap_labels();
        if finding.item.is_none() {
            finding.item = outline
                .section_at(doc, finding.primary.span.start)
                .map(|s| pack.template.sections[s].id.clone());
        }
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Checked {
        outline,
        findings,
        unlisted,
    }
}

#[cfg(test)]
mod robustness_tests {
    use crate::rules::pack;
    use crate::run::{check_text, Options};

    /// Random texts built from the pieces reports are made of (markers,
    /// CJK and ASCII punctuation, odd white space, years, residue) must never
    /// make a check panic or produce a span outside the text.
    #[test]
    fn random_reports_never_panic() {
        const PIECES: &[&str] = &[
            "一、",
            "（二）",
            "(三)",
            "1.",
            "2、",
            "（1）",
            "一是",
            "三是",
            "十二、",
            "\n",
            "\r\n",
            "\n\n",
            "\u{3000}",
            "\u{a0}",
            "\t",
            "主要举措和成效",
            "存在的不足和原因",
            "第一责任人",
            "下一步",
            "2021年度",
            "2022年",
            "今年以来",
            "原因",
            "。",
            "，",
            "；",
            ",",
            ".",
            "《",
            "》",
            "〈",
            "〉",
            "“",
            "”",
            "报告",
            "法治政府建设",
            "某县人民政府",
            "2023年1月19日",
            "首页",
            ">",
            "【打印本页】",
            "发布日期:",
            "以习近平新时代中国特色社会主义思想",
            "推进法治政府建设第一责任人",
            "a",
            "😀",
            "\u{feff}",
        ];
        let pack = pack::builtin().expect("built-in pack");
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..300 {
            let mut text = String::new();
            let len = (seed % 120) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            let checked = check_text("r.txt".into(), text.clone(), &pack, Options::default());
            for f in &checked.checked.findings {
                for label in std::iter::once(&f.primary).chain(&f.secondary) {
                    assert!(label.span.end <= text.len(), "{text:?}");
                    assert!(
                        text.is_char_boundary(label.span.start)
                            && text.is_char_boundary(label.span.end)
                    );
                }
            }
            // Rendering must not fail either.
            let style = crate::report::human::Style {
                color: false,
                width: 100,
            };
            let out = crate::report::human::render_checked(&checked, style);
            assert!(out.contains("r.txt"));
            assert!(!out.contains("Failed to read contents"), "{text:?}\n{out}");
        }
    }
}

#[cfg(test)]
mod prefilter_tests {
    use crate::rules::{pack, Prefilter};
    use crate::run::{check_text, Options};

    /// Skipping the pattern rules that cannot match must not change any
    /// finding: the seeds and the unseen reports give the same findings with
    /// and without the prefilter.
    #[test]
    fn the_prefilter_changes_no_finding() {
        let with = pack::builtin().expect("built-in pack");
        let mut without = pack::builtin().expect("built-in pack");
        without.prefilter = Prefilter::default();
        assert!(
            !with.prefilter.ruled_out("").is_empty(),
            "some rules are prefiltered"
        );
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.extend(
            std::fs::read_dir(dir.join("extra"))
                .unwrap()
                .map(|e| e.unwrap().path()),
        );
        for path in paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        {
            let text = std::fs::read_to_string(&path).unwrap();
            let a = check_text("r".into(), text.clone(), &with, Options::default());
            let b = check_text("r".into(), text, &without, Options::default());
            assert_eq!(a.checked.findings, b.checked.findings, "{}", path.display());
        }
    }
}
