//! The rule-file format as written in YAML: plain serde structs that mirror
//! the files one to one. Every struct denies unknown keys, so a misspelt key is
//! an error rather than a silently ignored setting; kind-specific options sit
//! under `check:` in a tagged enum of struct variants (serde's `flatten` would
//! disable `deny_unknown_fields`). [`super::compile`] turns these into checked
//! rules. The doc comments (in Chinese, for rule authors) become the
//! descriptions of the JSON Schema that `reportlint rules schema` prints.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::finding::Severity;

/// 规则包中的一个 YAML 文件。任何文件都可以包含规则；`pack` 和 `template` 在整个规则包中各出现一次。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// 规则包的名称、版本，以及它所继承的规则包。
    #[serde(default)]
    pub pack: Option<RawPackMeta>,
    /// 报告模板：报告必须（或可以）包含的部分。
    #[serde(default)]
    pub template: Option<RawTemplate>,
    /// 文档的写法（标题编号、标题与落款的样子、网页残留），省略的键沿用所继承的规则包。
    #[serde(default)]
    pub document: Option<super::grammar::RawDocument>,
    /// 规则列表。
    #[serde(default)]
    pub rules: Vec<RawRule>,
}

/// 规则包的基本信息。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPackMeta {
    /// 规则包 id，如 `shaanxi`。
    pub id: String,
    /// 规则包名称。
    pub name: String,
    /// 版本号。
    #[serde(default)]
    pub version: Option<String>,
    /// 说明。
    #[serde(default)]
    pub description: Option<String>,
    /// 继承的规则包：内置规则包的 id（`builtin` 即 `fzzf`，法治政府建设年度报告；`zfxxgk`，政府信息公开工作年度报告）或另一个规则包目录（相对于本目录）。
    /// 同 id 的规则和模板部分由本规则包覆盖，新的 id 追加。
    #[serde(default)]
    pub extends: Option<String>,
    /// 停用继承来的规则或模板部分（按 id）。
    #[serde(default)]
    pub disable: Vec<String>,
    /// 识别本模板的标题正则：没有指定规则包时，标题匹配它的报告改用本规则包检查（只对内置规则包生效）。
    #[serde(default)]
    pub detect: Option<String>,
}

/// 报告模板。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTemplate {
    /// 模板部分，按规定的顺序排列。
    pub sections: Vec<RawSection>,
    /// 标题与各部分匹配的先后（最具体的在前），默认同 `sections` 的顺序。
    #[serde(default)]
    pub match_order: Vec<String>,
}

/// 模板中的一个部分。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    /// 稳定 id，用于 JSON 输出和 `section:` 范围。
    pub id: String,
    /// 简称，如“主要举措和成效”。
    pub title: String,
    /// 完整性一览表中的列名（几个字，如“举措成效”），默认同 `title`。
    #[serde(default)]
    pub short: Option<String>,
    /// 规定原文，在帮助信息中引用。
    pub wording: String,
    /// 出处。
    #[serde(default)]
    pub clause: Option<String>,
    /// 是否必需（默认是）。
    #[serde(default = "yes")]
    pub required: bool,
    /// 识别本部分标题的正则。
    pub heading: RawMatcher,
    /// 为 true 时，标题一旦识别为本部分，就不再同时算作其他部分（默认否：
    /// “存在的问题及下一步打算”这样的合并标题同时算作两部分）。
    #[serde(default)]
    pub exclusive: bool,
    /// 本部分可出现的标题层级：1 = 一、，2 = （一），3 = 1.，4 = （1）。默认 [1]。
    #[serde(default = "top_level")]
    pub levels: Vec<u8>,
    /// 正文中顺带提及本部分内容的说法（正则）；缺少本部分时，诊断指向这些地方。
    #[serde(default)]
    pub mentions: Vec<String>,
    /// 本部分正文必须包含的内容。
    #[serde(default)]
    pub contents: Vec<RawContent>,
    /// 本部分必须写明的年份：`report`（报告年度）或 `next`（下一年）。
    #[serde(default)]
    pub names_year: Option<YearRef>,
    /// 本部分所讲的年份，供 `kind: year` 的 `drift` 检查使用。
    #[serde(default)]
    pub about_year: Option<YearRef>,
}

fn yes() -> bool {
    true
}

fn top_level() -> Vec<u8> {
    vec![1]
}

/// 正则组：`any` 中任一匹配、且 `not` 中无一匹配。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMatcher {
    /// 任一匹配即可。
    pub any: Vec<String>,
    /// 任一匹配则排除。
    #[serde(default)]
    pub not: Vec<String>,
}

/// 模板部分必须包含的内容。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawContent {
    /// 稳定 id（如 `reasons`），与模板部分 id 一样出现在输出中。
    pub id: String,
    /// 名称，如“不足的原因”。
    pub title: String,
    /// 完整性一览表中的列名，默认同 `title`。
    #[serde(default)]
    pub short: Option<String>,
    /// 表明已写出这项内容的说法（正则），任一匹配即可。
    pub any: Vec<String>,
    /// 标题匹配此正则时，视为标题承诺了这项内容。
    #[serde(default)]
    pub promised_by: Option<String>,
}

/// 相对于报告年度的年份。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum YearRef {
    /// 报告年度。
    Report,
    /// 报告年度的下一年。
    Next,
}

/// 一条规则。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// 稳定 id，如 `FZ001`。
    pub id: String,
    /// 一行摘要。
    pub title: String,
    /// 级别。
    pub severity: Severity,
    /// 诊断信息；`{名称}` 占位符由检查填入。
    pub message: String,
    /// 如何修改，应引用条款或标准。
    #[serde(default)]
    pub help: Option<String>,
    /// 检查什么、为什么（用于 `rules explain` 和规则文档）。
    #[serde(default)]
    pub description: Option<String>,
    /// 检查方式。
    pub check: RawCheck,
    /// 规则自带的测试用例，由 `reportlint rules test` 运行。
    #[serde(default)]
    pub examples: Option<RawExamples>,
}

/// 规则的测试用例。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    /// 不应报告问题的文本。
    #[serde(default)]
    pub valid: Vec<String>,
    /// 应报告问题的文本。
    #[serde(default)]
    pub invalid: Vec<RawInvalidExample>,
}

/// 应报告问题的用例。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawInvalidExample {
    /// 用例文本。
    pub text: String,
    /// 问题的主标注应覆盖的文字（可选）。
    #[serde(default)]
    pub span: Option<String>,
    /// 应用本规则的全部修复后应得到的文本（可选）。
    #[serde(default)]
    pub fixed: Option<String>,
}

/// 规则类型。每种类型在 `src/checks/` 中有自己的实现文件。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum RawCheck {
    /// 模板部分：缺失、顺序、必需内容、应写明的年份。
    Template {
        /// 检查哪一方面：missing 缺失、order 顺序、content 必需内容、year 应写明的年份。
        aspect: TemplateAspect,
        /// 仅用于 `aspect: content`：标题承诺了该内容而正文没有时使用的诊断信息。
        #[serde(default)]
        promised_message: Option<String>,
    },
    /// 正则不得（`require: true` 时必须）在范围内出现。
    Pattern {
        /// 正则表达式（Rust regex 语法；不要使用 `\b`）。名为 `at` 的捕获组把标注和修复缩小到匹配的一部分。
        regex: String,
        /// 范围：all、title、headings、body（默认）、closing、section:<模板部分 id>。
        #[serde(default = "body_scope")]
        scope: String,
        /// 在同一位置匹配此正则时不报告。
        #[serde(default)]
        allow: Option<String>,
        /// 为 true 时，范围内找不到匹配才报告。
        #[serde(default)]
        require: bool,
        /// 每处匹配的标注文字。
        #[serde(default)]
        label: Option<String>,
        /// 修复方式。
        #[serde(default)]
        fix: Option<RawFix>,
    },
    /// 标题编号和“一是、二是”的连续性。
    Sequence {
        /// 检查标题编号（默认是）。
        #[serde(default = "yes")]
        headings: bool,
        /// 检查“一是、二是”（默认是）。
        #[serde(default = "yes")]
        run_in: bool,
    },
    /// 指代不明的时间词；与报告年度不符的年份。
    Year {
        /// 指代不明的时间词。
        #[serde(default)]
        vague: Vec<RawVague>,
        /// 检查与报告年度不符的年份（见模板部分的 `about_year`）。
        #[serde(default)]
        drift: bool,
    },
    /// 报告内几乎相同的段落。
    Duplicate {
        /// 重复段落至少多少字才报告（默认 60）。
        #[serde(default = "default_min_chars")]
        min_chars: usize,
        /// 相似度下限，0.5–1.0（默认 0.85）。
        #[serde(default = "default_similarity")]
        similarity: f64,
    },
    /// 公文都有的部分：标题与年度、落款与成文日期、网页残留。
    Structure {
        /// title、closing 或 web-residue。
        element: StructureElement,
    },
    /// 报告应涉及的工作领域：列出正文中一处也没有提到的领域。
    Coverage {
        /// 范围（默认 all）。
        #[serde(default = "all_scope")]
        scope: String,
        /// 领域列表。
        areas: Vec<RawArea>,
    },
    /// 成文日期应在报告年度结束后、规定期限之前。
    Deadline {
        /// 期限的月份（报告年度的下一年）。与 day 一起省略时，期限由配置文件的
        /// report.level 和 report.deadline 决定（默认 4月1日，部门和市、县、乡 3月1日）。
        #[serde(default)]
        month: Option<u32>,
        /// 期限的日。
        #[serde(default)]
        day: Option<u32>,
    },
    /// Paired marks that do not pair or nest the wrong way.
    Brackets {
        pairs: Vec<RawPair>,
        /// Pairs that alternate when nested, as two opening marks:
        /// `['《', '〈']` means 〈〉 inside 《》, 《》 inside 〈〉.
        #[serde(default)]
        alternate: Vec<Vec<String>>,
        #[serde(default = "all_scope")]
        scope: String,
    },
    /// Titles in 《》 or 〈〉 close to, but not equal to, a title in a
    /// dictionary.
    LawTitle {
        /// The dictionary: a data file of the pack, e.g. `data/law-titles.yaml`.
        titles: String,
        /// Prefixes a title may be cited with or without.
        #[serde(default)]
        optional_prefixes: Vec<String>,
        /// Groups of characters treated as the same when comparing, e.g.
        /// `'—－-'`; the first of each group is the canonical one.
        #[serde(default)]
        same: Vec<String>,
        /// Characters ignored when comparing (spaces).
        #[serde(default)]
        ignore: String,
        /// The most edits (insertions, deletions, substitutions) between a
        /// cited title and the nearest known one that are still reported.
        #[serde(default = "default_max_distance")]
        max_distance: usize,
        /// The most of those edits that may change Chinese characters
        /// (edits to brackets, digits and dashes are not counted): two
        /// changed words make another title, not a slip.
        #[serde(default = "default_max_han_distance")]
        max_han_distance: usize,
        /// Characters of title needed per allowed edit, so short titles
        /// (民法典) are never “corrected” into other short titles.
        #[serde(default = "default_chars_per_edit")]
        chars_per_edit: usize,
        #[serde(default = "all_scope")]
        scope: String,
    },
    /// References to events or documents later than the report.
    Anachronism {
        references: Vec<RawReference>,
        #[serde(default = "all_scope")]
        scope: String,
    },
}

fn default_max_distance() -> usize {
    2
}

fn default_max_han_distance() -> usize {
    1
}

fn default_chars_per_edit() -> usize {
    4
}

/// A pair of marks; each side may list several forms (`（(`) that count as
/// one pair.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPair {
    pub open: String,
    pub close: String,
}

/// One entry of an anachronism table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReference {
    /// A regex for the reference.
    pub regex: String,
    /// When it came into being, `YYYY-MM`.
    pub since: String,
    /// What it is, for the message: “党的二十大（2022年10月召开）”.
    pub what: String,
    /// Overrides the rule's severity, e.g. `warning` for a date not yet
    /// confirmed against an official source.
    #[serde(default)]
    pub severity: Option<Severity>,
}

/// A dictionary data file for `kind: law-title`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTitles {
    pub titles: Vec<RawTitle>,
}

/// A dictionary entry: the canonical title alone, or with the other forms
/// that are also correct and the known mis-citations.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawTitle {
    Plain(String),
    Full(RawTitleEntry),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTitleEntry {
    pub title: String,
    /// Other correct forms (an official variant spelling).
    #[serde(default)]
    pub also: Vec<String>,
    /// Known mis-citations, reported whatever their distance.
    #[serde(default)]
    pub wrong: Vec<String>,
}

fn body_scope() -> String {
    "body".to_string()
}

fn all_scope() -> String {
    "all".to_string()
}

fn default_min_chars() -> usize {
    60
}

fn default_similarity() -> f64 {
    0.85
}

/// 模板检查的方面。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TemplateAspect {
    /// 缺少必需的部分。
    Missing,
    /// 部分的顺序与模板不同。
    Order,
    /// 部分缺少必需内容。
    Content,
    /// 部分没有写明应写的年份。
    Year,
}

/// 公文的组成部分。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StructureElement {
    /// 标题及其中的报告年度。
    Title,
    /// 落款（发文机关署名）和成文日期。
    Closing,
    /// 网页残留。
    WebResidue,
}

/// 修复方式。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFix {
    /// 替换文本；`$1`、`${name}` 引用捕获组。
    #[serde(default)]
    pub replace: Option<String>,
    /// 按表替换：在匹配的文字（或 `at` 组）中，把每个键替换为对应的值（长的键优先），其余照抄。
    /// 用于各个分支各有正确写法的规则（`,` → `，`，`法制政府` → `法治政府`）。
    #[serde(default)]
    pub map: Option<BTreeMap<String, String>>,
    /// 是否无需人工确认即可应用（默认否）。
    #[serde(default)]
    pub safe: bool,
    /// 修复的简短说明。
    #[serde(default)]
    pub title: Option<String>,
}

/// 指代不明的时间词。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawVague {
    /// 词语。
    pub word: String,
    /// 建议的写法；可用 `{year}`、`{next_year}`。
    #[serde(default)]
    pub suggest: Option<String>,
}

/// 覆盖检查中的一个领域。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawArea {
    /// 领域名称。
    pub name: String,
    /// 表明涉及该领域的说法（正则），任一匹配即可。
    pub any: Vec<String>,
}
