//! The rule-file format as written in YAML: plain serde structs that mirror
//! the files one to one. Every struct denies unknown keys, so a misspelt key is
//! an error rather than a silently ignored setting. The options under a
//! rule's `check:` belong to its kind, each in its own file under
//! [`crate::checks`]. [`super::compile`] turns these into checked rules. The
//! doc comments (in Chinese, for rule authors) become the descriptions of
//! the JSON Schema that `reportlint rules schema` prints.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::checks::Examples;
use crate::finding::Severity;
use crate::template::YearRef;

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
    /// 修改规则的级别，如 `{FZ042: info, FZ010: off}`：取 error、warning、info，或 off（停用该规则）。
    /// 本规则包的设置优先于所继承的规则包（包括其中的 `severity` 和规则自己的 `severity`）；同一规则包中，这里的设置优先于规则自己的 `severity`。
    #[serde(default)]
    pub severity: std::collections::BTreeMap<String, Level>,
    /// 本规则包的报告默认的发文机关层级和报送期限，写法同配置文件的 `report.level`、`report.deadline`。
    /// 先后：规则包 < 配置文件 < 命令行；`reportlint config` 显示生效的值及其来源。
    #[serde(default)]
    pub report: Option<RawReportDefaults>,
    /// 识别本模板的标题正则：没有指定规则包时，标题匹配它的报告改用本规则包检查（只对内置规则包生效）。
    #[serde(default)]
    pub detect: Option<String>,
}

/// 规则包为其报告设定的默认值。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReportDefaults {
    /// 发文机关层级：省、市、县、乡、部门。
    #[serde(default)]
    pub level: Option<crate::meta::Level>,
    /// 报送期限：national、demonstration、MM-DD（如 '02-15'）或 MM-last（该月最后一天，如 '02-last'）。
    #[serde(default)]
    pub deadline: Option<String>,
}

/// `pack.severity` 中的一项：规则的级别，或 `off`（停用）。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    /// 停用该规则。
    Off,
}

impl Level {
    /// The severity it sets; `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
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
    /// 没有本部分的总标题时，以具体工作为题的标题（“一、统筹部署，高效推进法治政府建设”……）匹配此正则组、
    /// 且位于报告中下一个模板部分之前，就算作本部分（指向其中第一个）。不写则没有这种写法。
    #[serde(default)]
    pub topical: Option<RawMatcher>,
    /// 为 true 时，标题一旦识别为本部分，就不再同时算作其他部分（默认否：
    /// “存在的问题及下一步打算”这样的合并标题同时算作两部分）。
    #[serde(default)]
    pub exclusive: bool,
    /// 本部分可出现的标题层级，按 `document.headings` 的顺序（内置：1 = 一、，2 = （一），3 = 1.，4 = （1））。默认 [1]。
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
    /// 缺少这项内容时的诊断信息，代替 `aspect: content` 规则的 `message`（占位符同该规则）。
    #[serde(default)]
    pub message: Option<String>,
    /// 缺少这项内容时的级别，代替 `aspect: content` 规则的级别。
    #[serde(default)]
    pub severity: Option<Severity>,
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
    /// 规则的依据：出处和原文，由 `rules explain` 和规则文档显示，供审核者核对规则所说的是否就是规定所说的。
    #[serde(default)]
    pub basis: Vec<RawBasis>,
    /// 检查方式：`kind:` 选择规则类型，其余的键是该类型的选项。
    pub check: CheckBlock,
    /// 规则自带的测试用例，由 `reportlint rules test` 运行。
    #[serde(default)]
    pub examples: Option<Examples>,
}

/// 规则的一条依据。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBasis {
    /// 出处：文件或标准的名称，如“《法治政府建设与责任落实督察工作规定》”“GB/T 15834-2011《标点符号用法》”。
    pub source: String,
    /// 条款，如“第二十五条”“4.13.3.2”；未能核实条款号时省略，只写出处。
    #[serde(default)]
    pub clause: Option<String>,
    /// 出处的原文，一字不改（可用“……”省略无关部分）。
    pub quote: String,
}

/// A rule's `check:` block, read in two steps: here only its presence
/// (so that a rule without one is told so); then [`super::kinds`] reads it
/// with the options type of the kind its `kind:` key names. Its schema is
/// the list of kinds, filled in by [`crate::authoring::schema`].
#[derive(Debug)]
pub struct CheckBlock;

impl<'de> Deserialize<'de> for CheckBlock {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| CheckBlock)
    }
}

impl JsonSchema for CheckBlock {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CheckBlock".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "规则类型及其选项。",
            "type": "object",
            "required": ["kind"]
        })
    }
}
