//! Tools for rule authors: running the examples and fixtures that live with
//! the rules, explaining a rule, generating the rule reference and the JSON
//! Schema of the rule-file format, and starting a new pack.

pub mod docs;
pub mod explain;
pub mod init;
pub mod rule_tests;
pub mod schema;

/// Human-readable stand-ins for message placeholders, used where a rule's
/// text is shown outside any report (explain, docs).
pub fn describe_placeholders(text: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("year", "〈报告年度〉"),
        ("next_year", "〈下一年〉"),
        ("wanted_year", "〈应写明的年份〉"),
        ("section", "〈部分名称〉"),
        ("heading", "〈标题〉"),
        ("wording", "〈规定原文〉"),
        ("clause", "〈出处〉"),
        ("item", "〈必需内容〉"),
        ("before", "〈另一部分〉"),
        ("match", "〈匹配的文字〉"),
        ("count", "〈数量〉"),
        ("detail", "〈具体情况〉"),
        ("found", "〈写出的年份〉"),
        ("expected", "〈应为的年份〉"),
        ("place", "〈位置〉"),
        ("chars", "〈字数〉"),
        ("other_line", "〈另一处的行号〉"),
        ("problem", "〈问题〉"),
        ("missing", "〈缺少的内容〉"),
        ("total", "〈总数〉"),
        ("date", "〈日期〉"),
        ("deadline", "〈期限〉"),
        ("limit", "〈错过的日期〉"),
        ("source", "〈日期的来源〉"),
        ("evidence", "〈各处写的年份〉"),
        ("disagree", "〈不符之处〉"),
        ("similarity", "〈相似度〉"),
        ("items", "〈各项安排〉"),
        ("share", "〈相同的比例〉"),
        ("baseline", "〈上年报告〉"),
        ("baseline_year", "〈上年报告的年度〉"),
    ];
    crate::rules::message::render(text, NAMES)
}
