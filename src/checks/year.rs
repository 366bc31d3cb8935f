//! `kind: year` — time references a reader cannot pin down or that contradict
//! the report year: vague words (今年以来, 去年) in a report that is read after
//! its year has ended, years that drift (a 主要举措 heading naming another
//! year, a 主要安排 sentence opening with the report year instead of the next),
//! and places that state the report year and disagree (the title says one
//! year, the opening or the 成文日期 another).

use std::sync::LazyLock;

use regex::Regex;

use crate::document::chars::sentences;
use crate::document::{spans_within, Span, YearEvidence, YearSource};
use crate::finding::{Applicability, Edit, Findings, Fix, Label};
use crate::template::YearRef;
use schemars::JsonSchema;
use serde::Deserialize;

use super::message::render;
use super::{Check, CompileEnv, Context, Fixability, Kind, LabelKey, Labels, Problem};

/// `kind: year`.
pub struct YearKind;

/// 指代不明的时间词；与报告年度不符的年份。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearOptions {
    /// 指代不明的时间词。
    #[serde(default)]
    pub vague: Vec<VagueWord>,
    /// 检查与报告年度不符的年份（见模板部分的 `about_year`）。
    #[serde(default)]
    pub drift: bool,
    /// 检查说明报告年度的各处（标题、开头、一级标题、成文日期、网页所载成文日期，以及 `--year`）
    /// 是否一致；不一致时给出一条结论，列出各处的年份。
    #[serde(default)]
    pub conflict: bool,
}

/// 指代不明的时间词。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VagueWord {
    /// 词语。
    pub word: String,
    /// 建议的写法；可用 `{year}`、`{next_year}`。
    #[serde(default)]
    pub suggest: Option<String>,
}

impl Kind for YearKind {
    const NAME: &'static str = "year";
    const PLACEHOLDERS: &'static [&'static str] = &[
        "match", "found", "expected", "section", "place", "evidence", "disagree",
    ];
    const DOCS: &'static str = "指代不明的时间词（`vague` 中列出）、与所属年份不符的年份（`drift`；模板部分的 `about_year` 说明该部分讲哪一年），以及说明所属年份的各处互相矛盾（`conflict`：标题、开头、一级标题、成文日期等写的年份不一致，一份报告只给一条结论）。";
    type Options = YearOptions;
    const LABELS: &'static [LabelKey] = &[
        LabelKey::new(
            "in_heading",
            "节名",
            &[],
            "drift：年份写在小节的名称中时 `{place}` 的值",
        ),
        LabelKey::new(
            "at_opening",
            "句首",
            &[],
            "drift：年份写在句首时 `{place}` 的值",
        ),
        LabelKey::new(
            "title",
            "标题",
            &[],
            "conflict：来自标题的年份，`{source}` 的值",
        ),
        LabelKey::new(
            "opening",
            "开头",
            &[],
            "conflict：来自开头一段的年份，`{source}` 的值",
        ),
        LabelKey::new(
            "heading",
            "一级标题",
            &[],
            "conflict：来自一级标题的年份，`{source}` 的值",
        ),
        LabelKey::new(
            "closing_date",
            "落款日期",
            &[],
            "conflict：来自文末日期的年份，`{source}` 的值",
        ),
        LabelKey::new(
            "portal_date",
            "网页所载成文日期",
            &[],
            "conflict：来自网页发布信息中成文日期的年份，`{source}` 的值",
        ),
        LabelKey::new(
            "stated",
            "{source}写“{text}”",
            &["source", "text"],
            "conflict：`{evidence}` 中直接写出年份的一处；`{year}` 是它所说的年份",
        ),
        LabelKey::new(
            "implied",
            "{source}“{text}”（对应{year}年）",
            &["source", "text"],
            "conflict：`{evidence}` 中由日期或下一年的安排推出年份的一处；`{year}` 是推出的年份",
        ),
        LabelKey::new(
            "given",
            "指定的年份为{year}年",
            &[],
            "conflict：用 --year 或配置文件指定了年份时，`{evidence}` 中的这一处",
        ),
        LabelKey::new(
            "differs",
            "{source}：{year}年，与{expected}年不符",
            &["source", "expected"],
            "conflict：与多数不符的一处上的标注",
        ),
        LabelKey::new(
            "agrees",
            "{source}：{year}年",
            &["source"],
            "conflict：其他各处上的标注",
        ),
        LabelKey::new(
            "listed",
            "{source}的“{text}”",
            &["source", "text"],
            "conflict：`{disagree}` 中列出的一处",
        ),
    ];

    fn compile(o: YearOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        Some(Box::new(YearCheck::compile(
            o.vague, o.drift, o.conflict, env,
        )?))
    }
}

impl Check for YearCheck {
    fn kind(&self) -> &'static str {
        YearKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &[
            "match", "found", "expected", "section", "place", "evidence", "disagree",
        ]
    }

    fn fixability(&self) -> Fixability {
        Fixability::Unsafe
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        if self.conflict {
            conflict(ctx, &self.labels, out);
        }
        let Some(year) = ctx.doc.year() else { return };
        if let Some(vague) = &self.vague {
            self.vague_words(ctx, vague, year, out);
        }
        // A year read from the headings or the opening is the very text
        // drift would judge (and fix): only a year stated in the title or
        // given by the user is a yardstick for the rest of the report.
        let stated = ctx
            .doc
            .report_year
            .is_some_and(|y| matches!(y.source, YearSource::Title | YearSource::Given));
        if self.drift && stated {
            drift(ctx, &self.labels, year, out);
        }
    }
}

static OPENING_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{4})年(?:度)?[，,]").expect("built-in opening-year regex")
});

#[derive(Debug)]
pub struct YearCheck {
    vague: Option<Regex>,
    suggestions: Vec<(String, Option<String>)>,
    drift: bool,
    conflict: bool,
    labels: Labels,
}

impl YearCheck {
    fn compile(
        vague: Vec<VagueWord>,
        drift: bool,
        conflict: bool,
        env: &mut impl CompileEnv,
    ) -> Option<Self> {
        let mut words: Vec<&VagueWord> = vague.iter().collect();
        // Longest first, so 今年以来 wins over 今年.
        words.sort_by_key(|v| std::cmp::Reverse(v.word.chars().count()));
        let vague_re = if words.is_empty() {
            None
        } else {
            let alternation = words
                .iter()
                .map(|v| regex::escape(&v.word))
                .collect::<Vec<_>>()
                .join("|");
            Some(env.regex("check.vague", &alternation)?)
        };
        if vague.is_empty() && !drift && !conflict {
            env.error(
                "check.kind",
                None,
                Problem::new(
                    "year 规则既没有 `vague`，也没有 `drift: true` 或 `conflict: true`",
                    "此规则什么也不检查",
                    "加入 vague 词表，或设置 drift: true、conflict: true",
                ),
            );
            return None;
        }
        Some(YearCheck {
            vague: vague_re,
            suggestions: vague.into_iter().map(|v| (v.word, v.suggest)).collect(),
            drift,
            conflict,
            labels: env.labels(),
        })
    }

    fn vague_words(&self, ctx: &Context, vague: &Regex, year: i32, out: &mut Findings) {
        let doc = ctx.doc;
        let spans = doc.headings.iter().map(|h| h.span).chain(doc.prose());
        let year_text = year.to_string();
        let next_text = (year + 1).to_string();
        let values = [
            ("year", year_text.as_str()),
            ("next_year", next_text.as_str()),
        ];
        for span in spans {
            for m in vague.find_iter(doc.slice(span)) {
                if out.is_full() {
                    out.count_more(1);
                    continue;
                }
                let at = Span::new(span.start + m.start(), span.start + m.end());
                let suggestion = self
                    .suggestions
                    .iter()
                    .find(|(w, _)| w == m.as_str())
                    .and_then(|(_, s)| s.as_ref())
                    .map(|s| render(s, &values));
                let label = match &suggestion {
                    Some(s) => format!("指代不明，宜写“{s}”"),
                    None => "指代不明".to_string(),
                };
                let mut finding = ctx.finding(Label::new(at, label), &[("match", m.as_str())]);
                if let Some(s) = suggestion {
                    finding.fix = Some(Fix::new(
                        format!("改为“{s}”"),
                        Applicability::Unsafe,
                        vec![Edit {
                            span: at,
                            replacement: s,
                        }],
                    ));
                }
                out.push(finding);
            }
        }
    }
}

fn drift(ctx: &Context, labels: &Labels, year: i32, out: &mut Findings) {
    let in_heading = ctx.label(labels, "in_heading", &[]);
    let at_opening = ctx.label(labels, "at_opening", &[]);
    let doc = ctx.doc;
    let prose: Vec<Span> = doc.prose().collect();
    for (s, section) in ctx.template.sections.iter().enumerate() {
        let Some(about) = section.about_year else {
            continue;
        };
        let target = match about {
            YearRef::Report => year,
            YearRef::Next => year + 1,
        };
        for &h in &ctx.outline.found[s] {
            let heading = &doc.headings[h];
            let title = doc.slice(heading.title);
            let cited = cited_titles(title);
            // The year as the pack writes it in a title (`document.title.year`).
            for caps in ctx.grammar.title_year.captures_iter(title) {
                let Some(found) = caps.get(1).and_then(|m| m.as_str().parse::<i32>().ok()) else {
                    continue;
                };
                let m = caps.get(0).map_or(0..0, |m| m.range());
                // A year inside a cited title (《…纲要（2021—2025年）》) is that
                // document's, and a year that bounds a period is not the year
                // the heading is about.
                let quoted = cited.iter().any(|c| c.contains(&m.start));
                if found != target && !quoted && !in_period(title, m.clone()) {
                    let at = Span::new(heading.title.start + m.start, heading.title.start + m.end);
                    push_drift(
                        ctx,
                        out,
                        at,
                        found,
                        target,
                        section.title.as_str(),
                        &in_heading,
                    );
                }
            }
            // A sentence that opens with the year it is about: in a report on Y,
            // “Y-1年，…” in the 举措 is last year's text; “Y年，…” in the 安排 should be Y+1.
            let wrong = match about {
                YearRef::Report => year - 1,
                YearRef::Next => year,
            };
            let region = heading
                .run_in
                .map_or(heading.section, |r| r.cover(heading.section));
            for para in spans_within(&prose, region) {
                // The year is written in ASCII digits: a paragraph without
                // one has no such sentence.
                if !doc.slice(para).bytes().any(|b| b.is_ascii_digit()) {
                    continue;
                }
                for sentence in sentences(&doc.text, para) {
                    let text = doc.slice(sentence);
                    if !text.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                        continue;
                    }
                    let Some(caps) = OPENING_YEAR.captures(text) else {
                        continue;
                    };
                    let Some(found) = caps.get(1).and_then(|m| m.as_str().parse::<i32>().ok())
                    else {
                        continue;
                    };
                    if found == wrong {
                        let at = Span::new(sentence.start, sentence.start + 4 + "年".len());
                        push_drift(
                            ctx,
                            out,
                            at,
                            found,
                            target,
                            section.title.as_str(),
                            &at_opening,
                        );
                    }
                }
            }
        }
    }
}

/// One finding when the places that state the report year disagree: the
/// year most of them fit (the user's `--year` when given; on a tie, the
/// year of the best source, the title first) is the one expected, and every
/// place that does not fit it is named.
fn conflict(ctx: &Context, labels: &Labels, out: &mut Findings) {
    let doc = ctx.doc;
    let evidence = &doc.year_evidence;
    let given = doc
        .report_year
        .filter(|y| y.source == YearSource::Given)
        .map(|y| y.year);
    let Some(expected) = given.or_else(|| majority(evidence)) else {
        return;
    };
    let Some(first) = evidence.iter().find(|e| !e.agrees_with(expected)) else {
        return;
    };
    let expected_text = expected.to_string();
    let source = |e: &YearEvidence| ctx.label(labels, source_key(e.source), &[]);
    let mut pieces = Vec::new();
    if given.is_some() {
        pieces.push(ctx.label(labels, "given", &[("year", expected_text.as_str())]));
    }
    let mut disagree = Vec::new();
    for e in evidence {
        let (name, text, year) = (source(e), doc.slice(e.span), e.year.to_string());
        let values = [
            ("source", name.as_str()),
            ("text", text),
            ("year", year.as_str()),
            ("expected", expected_text.as_str()),
        ];
        // A year written as such reads for itself; a date or a plan for
        // the next year says which year it points to.
        let implied = matches!(e.source, YearSource::ClosingDate | YearSource::PortalDate)
            || !text.starts_with(year.as_str());
        pieces.push(ctx.label(labels, if implied { "implied" } else { "stated" }, &values));
        if !e.agrees_with(expected) {
            disagree.push(ctx.label(labels, "listed", &values));
        }
    }
    let label = |e: &YearEvidence| {
        let (name, year) = (source(e), e.year.to_string());
        let key = if e.agrees_with(expected) {
            "agrees"
        } else {
            "differs"
        };
        Label::new(
            e.span,
            ctx.label(
                labels,
                key,
                &[
                    ("source", name.as_str()),
                    ("year", year.as_str()),
                    ("expected", expected_text.as_str()),
                ],
            ),
        )
    };
    let evidence_text = pieces.join("，");
    let disagree_text = disagree.join("、");
    let mut finding = ctx.finding(
        label(first),
        &[
            ("evidence", evidence_text.as_str()),
            ("expected", expected_text.as_str()),
            ("disagree", disagree_text.as_str()),
        ],
    );
    finding.secondary = evidence
        .iter()
        .filter(|e| !std::ptr::eq(*e, first))
        .map(label)
        .collect();
    out.push(finding);
}

/// The report year most places fit; on a tie, the one the best place (the
/// first in the list) states.
fn majority(evidence: &[YearEvidence]) -> Option<i32> {
    let support = |year: i32| evidence.iter().filter(|e| e.agrees_with(year)).count();
    let mut best: Option<(i32, usize)> = None;
    for e in evidence {
        let n = support(e.year);
        if best.is_none_or(|(_, most)| n > most) {
            best = Some((e.year, n));
        }
    }
    best.map(|(year, _)| year)
}

/// The label key naming a source.
fn source_key(source: YearSource) -> &'static str {
    match source {
        YearSource::Title => "title",
        YearSource::Opening => "opening",
        YearSource::Heading => "heading",
        YearSource::ClosingDate => "closing_date",
        YearSource::PortalDate => "portal_date",
        YearSource::Given => "given",
    }
}

/// The byte ranges of `text` inside 《…》 (outermost pairs; an unclosed 《
/// runs to the end).
fn cited_titles(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut depth = 0usize;
    let mut open = 0;
    for (i, c) in text.char_indices() {
        match c {
            '《' => {
                if depth == 0 {
                    open = i;
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    ranges.push(open..i);
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        ranges.push(open..text.len());
    }
    ranges
}

/// Whether the year at `m` (“2025年”) bounds a period: “2021—2025年”,
/// “2021年至2025年”, “2023—2025年度”.
fn in_period(text: &str, m: std::ops::Range<usize>) -> bool {
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[0-9]{4}\s*年?\s*[—–\-－~～至到]\s*$").expect("built-in period regex")
    });
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*[—–\-－~～至到]\s*[0-9]{4}").expect("built-in period regex")
    });
    let before_start = text[..m.start]
        .char_indices()
        .rev()
        .nth(11)
        .map_or(0, |(i, _)| i);
    BEFORE.is_match(&text[before_start..m.start]) || AFTER.is_match(&text[m.end..])
}

fn push_drift(
    ctx: &Context,
    out: &mut Findings,
    at: Span,
    found: i32,
    target: i32,
    section: &str,
    place: &str,
) {
    let found = found.to_string();
    let target = target.to_string();
    let mut finding = ctx.finding(
        Label::new(at, format!("此处应为{target}年")),
        &[
            ("found", found.as_str()),
            ("expected", target.as_str()),
            ("section", section),
            ("place", place),
        ],
    );
    finding.fix = Some(Fix::new(
        format!("改为“{target}年”"),
        Applicability::Unsafe,
        vec![Edit {
            span: at,
            replacement: format!("{target}年"),
        }],
    ));
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run, spans};

    const VAGUE: &str = "  - {id: Y1, title: t, severity: warning, message: '{match}', check: {kind: year, vague: [{word: 今年以来, suggest: '{year}年以来'}, {word: 今年}, {word: 去年}]}}\n";
    const DRIFT: &str = "  - {id: Y2, title: t, severity: warning, message: '{found}->{expected}', check: {kind: year, drift: true}}\n";

    const CONFLICT: &str = "  - {id: Y3, title: t, severity: warning, message: '{evidence}|{expected}|{disagree}', check: {kind: year, conflict: true}}\n";

    #[test]
    fn conflicting_years_give_one_finding_naming_the_odd_one_out() {
        assert!(run(CONFLICT, &complete_report(2023)).is_empty());
        // The majority wins over the title.
        let text = complete_report(2023).replace("关于2023年度", "关于2022年度");
        let found = run(CONFLICT, &text);
        assert_eq!(found.len(), 1);
        let parts: Vec<&str> = found[0].message.split('|').collect();
        assert_eq!(parts[1], "2023");
        assert_eq!(parts[2], "标题的“2022年度”");
        assert_eq!(spans(&found, &text), ["2022年度"]);
        assert_eq!(found[0].secondary.len(), 3, "{:?}", found[0]);
        // A tie goes to the title: the heading is the odd one out.
        let text = "某县2023年度法治政府建设情况报告\n一、2022年主要工作\n正文。\n";
        let found = run(CONFLICT, text);
        assert_eq!(
            found[0].message,
            "标题写“2023年度”，一级标题写“2022年”|2023|一级标题的“2022年”"
        );
        // One place alone cannot disagree.
        assert!(run(CONFLICT, "某县2023年度法治政府建设情况报告\n正文。\n").is_empty());
    }

    #[test]
    fn vague_words_longest_first_with_suggestion() {
        let text = complete_report(2023)
            .replace("县政府常务会议", "今年以来，县政府常务会议")
            .replace("全年合法性", "今年合法性");
        let findings = run(VAGUE, &text);
        assert_eq!(spans(&findings, &text), ["今年以来", "今年"]);
        assert_eq!(
            findings[0].fix.as_ref().unwrap().edits[0].replacement,
            "2023年以来"
        );
        assert!(findings[1].fix.is_none());
    }

    #[test]
    fn no_report_year_no_year_findings() {
        // Neither the title, the opening, the headings nor a date says the year.
        let text = "关于法治政府建设情况的报告\n今年以来，县政府常务会议专题研究法治政府建设。\n一、主要举措和成效\n正文。\n";
        assert!(run(VAGUE, text).is_empty());
        // The year stated elsewhere than the title is the report year.
        let text = complete_report(2023)
            .replace("关于2023年度", "关于")
            .replace("县政府常务会议", "今年以来，县政府常务会议");
        assert_eq!(run(VAGUE, &text).len(), 1);
    }

    #[test]
    fn drift_in_headings_and_opening_years() {
        let text = complete_report(2023)
            .replace("一、2023年推进", "一、2022年推进")
            .replace("2024年，我县将", "2023年，我县将");
        let findings = run(DRIFT, &text);
        assert_eq!(spans(&findings, &text), ["2022年", "2023年"]);
        assert_eq!(findings[0].message, "2022->2023");
        assert_eq!(findings[1].message, "2023->2024");
        assert!(run(DRIFT, &complete_report(2023)).is_empty());
    }

    #[test]
    fn years_of_cited_titles_and_periods_are_not_drift() {
        let text = complete_report(2023).replace(
            "一、2023年推进法治政府建设的主要举措和成效",
            "一、2023年推进法治政府建设的主要举措和成效，落实《法治政府建设实施纲要（2021—2025年）》和2021至2025年规划",
        );
        assert!(run(DRIFT, &text).is_empty(), "{:?}", run(DRIFT, &text));
        // Outside a title and a period, a wrong year is still found.
        let text = complete_report(2023).replace(
            "一、2023年推进法治政府建设的主要举措和成效",
            "一、2023年推进法治政府建设的主要举措和成效，对照《纲要》抓好2025年任务",
        );
        assert_eq!(spans(&run(DRIFT, &text), &text), ["2025年"]);
    }
}
