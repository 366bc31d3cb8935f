//! Which findings human output shows, and in what order. A report with one
//! error and two hundred half-width commas should show the error first and
//! not bury it under the commas: findings are shown by severity (errors,
//! then warnings, then notes), each rule's findings together, and a rule that
//! fires in many places shows its first few and one line that counts the
//! rest (`--show-all` shows them all). Findings below `--min-severity` are
//! left out of the display only: they still count in the exit code and in
//! every other format.

use crate::document::LineIndex;
use crate::finding::{Applicability, Finding, Severity};
use crate::run::Counts;

/// How many findings of one rule a report shows before the rest are
/// counted in one line.
pub const SHOWN_PER_RULE: usize = 3;

/// How many places a finding shown this way marks, when it reports several
/// places of one slip (a paragraph with ten half-width commas): its message
/// says how many there are, and `--show-all` marks every one.
pub const SHOWN_PLACES: usize = 3;

/// What human output shows (`--show-all`, `--min-severity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Display {
    /// Every finding, each with its help, instead of the first
    /// [`SHOWN_PER_RULE`] of each rule.
    pub show_all: bool,
    /// Findings below this severity are not shown.
    pub min_severity: Severity,
}

impl Default for Display {
    fn default() -> Self {
        Display {
            show_all: false,
            min_severity: Severity::Info,
        }
    }
}

/// One rule's findings in one report, as shown.
#[derive(Debug)]
pub struct Group<'a> {
    pub rule: &'a str,
    /// Shown in full; the first carries the rule's help (with `--show-all`,
    /// each does).
    pub shown: Vec<&'a Finding>,
    /// Counted in one line after the shown ones.
    pub hidden: Vec<&'a Finding>,
}

/// A report's findings as human output shows them, and the counts of those
/// left out by `--min-severity`.
#[derive(Debug)]
pub struct Shown<'a> {
    pub groups: Vec<Group<'a>>,
    pub below: Counts,
}

/// Orders and folds a report's findings (given in text order): by severity,
/// then by rule in the order each rule first appears, then in text order.
pub fn fold(findings: &[Finding], display: Display) -> Shown<'_> {
    let mut below = Counts::default();
    let mut groups: Vec<(Severity, &str, Vec<&Finding>)> = Vec::new();
    for f in findings {
        if f.severity < display.min_severity {
            match f.severity {
                Severity::Error => below.errors += 1,
                Severity::Warning => below.warnings += 1,
                Severity::Info => below.infos += 1,
            }
            continue;
        }
        match groups
            .iter_mut()
            .find(|(s, rule, _)| *s == f.severity && *rule == f.rule)
        {
            Some((_, _, list)) => list.push(f),
            None => groups.push((f.severity, &f.rule, vec![f])),
        }
    }
    // Stable: rules of one severity keep the order they first appear in.
    groups.sort_by_key(|(severity, _, _)| std::cmp::Reverse(*severity));
    let groups = groups
        .into_iter()
        .map(|(_, rule, mut shown)| {
            let hidden = if display.show_all {
                Vec::new()
            } else {
                shown.split_off(shown.len().min(SHOWN_PER_RULE))
            };
            Group {
                rule,
                shown,
                hidden,
            }
        })
        .collect();
    Shown { groups, below }
}

/// The line that stands for a rule's findings not shown, as the count and
/// what to do: (“FZ042 另有 24 段未显示（本规则共 27 段、312 处）”, “--fix
/// 可一次改正，--show-all 显示全部”). It says `--fix` only when `fixable`
/// (the report can be written back) and every finding of the rule has a
/// fix; `--unsafe-fixes` when some of those fixes need a person's
/// confirmation.
pub fn hidden_line(group: &Group, index: &LineIndex, fixable: bool) -> Option<(String, String)> {
    if group.hidden.is_empty() {
        return None;
    }
    let lines = |findings: &mut dyn Iterator<Item = &&Finding>| {
        let mut lines: Vec<usize> = findings
            .map(|f| index.line_of(f.primary.span.start))
            .collect();
        lines.sort_unstable();
        lines.dedup();
        lines
    };
    let all = || group.shown.iter().chain(&group.hidden);
    let (n, hidden) = (group.shown.len() + group.hidden.len(), group.hidden.len());
    let places: usize = all().map(|f| f.places.max(1)).sum();
    let unlisted: usize = all().map(|f| f.unlisted).sum();
    let shown_lines = lines(&mut group.shown.iter());
    let hidden_lines = lines(&mut group.hidden.iter());
    // “段” when each finding is a paragraph of its own (half-width
    // punctuation, counted per paragraph); “处” when each is one place.
    let per_paragraph = hidden_lines.len() == hidden
        && lines(&mut all()).len() == n
        && hidden_lines.iter().all(|l| !shown_lines.contains(l));
    let rule = group.rule;
    let mut line = if places == n {
        format!("{rule} 另有 {hidden} 处未显示（本规则共 {places} 处")
    } else if per_paragraph {
        format!("{rule} 另有 {hidden} 段未显示（本规则共 {n} 段、{places} 处")
    } else {
        format!("{rule} 另有 {hidden} 条未显示（本规则共 {n} 条、{places} 处")
    };
    if unlisted > 0 {
        line.push_str(&format!("，另有 {unlisted} 处问题未列出"));
    }
    line.push('）');
    let mut hint = String::new();
    let fixes: Option<Vec<Applicability>> = all()
        .map(|f| f.fix.as_ref().map(|fix| fix.applicability))
        .collect();
    match fixes {
        Some(a) if fixable && a.iter().all(|a| *a == Applicability::Safe) => {
            hint.push_str("--fix 可一次改正，")
        }
        Some(_) if fixable => hint.push_str("--fix --unsafe-fixes 可一次改正（请逐处核对），"),
        _ => {}
    }
    hint.push_str("--show-all 显示全部");
    Some((line, hint))
}

/// “31 个警告未显示”: what `--min-severity` left out of a report.
pub fn below_note(below: Counts) -> Option<String> {
    let parts: Vec<String> = [
        (below.errors, "错误"),
        (below.warnings, "警告"),
        (below.infos, "提示"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} 个{what}"))
    .collect();
    (!parts.is_empty()).then(|| format!("{}低于 --min-severity，未显示", parts.join("、")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;
    use crate::finding::{Edit, Fix};

    fn finding(rule: &str, severity: Severity, at: usize) -> Finding {
        Finding::at(rule, severity, "", Span::new(at, at + 1))
    }

    #[test]
    fn errors_come_first_and_a_rule_shows_its_first_places() {
        let mut findings = vec![finding("W", Severity::Warning, 0)];
        findings.extend((1..10).map(|i| finding("V", Severity::Warning, i * 2)));
        findings.push(finding("I", Severity::Info, 30));
        findings.push(finding("E", Severity::Error, 40));
        let shown = fold(&findings, Display::default());
        let order: Vec<(&str, usize, usize)> = shown
            .groups
            .iter()
            .map(|g| (g.rule, g.shown.len(), g.hidden.len()))
            .collect();
        assert_eq!(
            order,
            [("E", 1, 0), ("W", 1, 0), ("V", 3, 6), ("I", 1, 0)],
            "errors first, then warnings in order of first appearance"
        );
        let all = fold(
            &findings,
            Display {
                show_all: true,
                ..Display::default()
            },
        );
        assert!(all.groups.iter().all(|g| g.hidden.is_empty()));
        let errors = fold(
            &findings,
            Display {
                show_all: false,
                min_severity: Severity::Error,
            },
        );
        assert_eq!(errors.groups.len(), 1);
        assert_eq!(
            (errors.below.warnings, errors.below.infos),
            (10, 1),
            "counted, not shown"
        );
        assert_eq!(
            below_note(errors.below).as_deref(),
            Some("10 个警告、1 个提示低于 --min-severity，未显示")
        );
    }

    #[test]
    fn the_hidden_line_counts_paragraphs_and_places_and_names_the_fix() {
        let text = "一\n二\n三\n四\n五\n";
        let index = LineIndex::new(text);
        let mut findings: Vec<Finding> = (0..5)
            .map(|line| {
                let mut f = finding("P", Severity::Warning, line * 4);
                f.places = 10;
                f.fix = Some(Fix::new(
                    "改",
                    Applicability::Safe,
                    vec![Edit {
                        span: Span::new(line * 4, line * 4 + 3),
                        replacement: "x".to_string(),
                    }],
                ));
                f
            })
            .collect();
        fn line(findings: &[Finding], index: &LineIndex, fixable: bool) -> Option<String> {
            let shown = fold(findings, Display::default());
            hidden_line(&shown.groups[0], index, fixable)
                .map(|(count, hint)| format!("{count}；{hint}"))
        }
        // One finding per paragraph, ten places each.
        assert_eq!(
            line(&findings, &index, true).as_deref(),
            Some(
                "P 另有 2 段未显示（本规则共 5 段、50 处）；--fix 可一次改正，--show-all 显示全部"
            )
        );
        assert_eq!(
            line(&findings, &index, false).as_deref(),
            Some("P 另有 2 段未显示（本规则共 5 段、50 处）；--show-all 显示全部"),
            "no --fix for a report that cannot be written back"
        );
        // A second finding in the last paragraph, without a fix.
        findings.push(finding("P", Severity::Warning, 17));
        assert_eq!(
            line(&findings, &index, true).as_deref(),
            Some("P 另有 3 条未显示（本规则共 6 条、51 处）；--show-all 显示全部")
        );
        // One place each.
        for f in &mut findings {
            f.places = 1;
        }
        assert_eq!(
            line(&findings, &index, false).as_deref(),
            Some("P 另有 3 处未显示（本规则共 6 处）；--show-all 显示全部")
        );
    }
}
