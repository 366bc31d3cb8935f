//! The `document:` block of a pack: how the template's documents are written
//! (heading numbering, title and issuer words, 发文字号 and date forms, web
//! residue). Every layer of a pack may give some of its keys; a later layer's
//! key replaces the earlier one, and what no layer gives comes from the
//! built-in `rules/fzzf/document.yaml` (the 公文 of GB/T 9704). The result is a
//! [`Grammar`] for the document builder.

use schemars::JsonSchema;
use serde::Deserialize;

use super::compile::SourceFile;
use super::env::regex_error;
use super::regexes;
use super::yaml::Node;
use crate::document::grammar::{Grammar, HeadingLevel, Numerals, MAX_LEVELS};
use crate::document::residue::{BranchPlan, ResidueFilter};
use crate::error::RuleFileError;
use regex::Regex;

/// The built-in grammar file, the base every pack starts from.
pub const BASE: (&str, &str) = (
    "rules/fzzf/document.yaml",
    include_str!("../../rules/fzzf/document.yaml"),
);

/// 文档的写法：标题编号、标题与落款的样子、网页残留。各键都可以省略，省略的沿用所继承的规则包（最终是内置的公文写法）。
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    /// 各级标题的序号，第一项为第 1 级（最多 9 级）。写出时整个列表替换继承的列表。
    #[serde(default)]
    pub headings: Option<Vec<RawHeading>>,
    /// 标题的样子。
    #[serde(default)]
    pub title: Option<RawTitle>,
    /// 发文机关的样子。
    #[serde(default)]
    pub issuer: Option<RawIssuer>,
    /// 标题以外说明报告年度的地方（标题没有写明年份时使用）。
    #[serde(default)]
    pub year: Option<RawYear>,
    /// 单独一行的发文字号（正则）。
    #[serde(default)]
    pub doc_number: Option<String>,
    /// 单独一行的日期，即成文日期的写法（正则）。
    #[serde(default)]
    pub date: Option<String>,
    /// 日期中的年、月、日（正则，第 1、2、3 个捕获组，阿拉伯数字或汉字数字）：所有规则都按它读日期。
    #[serde(default)]
    pub date_parts: Option<String>,
    /// 从网站复制带来的残留。
    #[serde(default)]
    pub residue: Option<RawResidue>,
    /// 段中列举项的开头（正则，自动从行首匹配），如“一是”“其一，”：以它开头的短行是列举项，
    /// 不当作丢了编号的小标题。
    #[serde(default)]
    pub item_marker: Option<String>,
}

/// 一级标题的序号。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHeading {
    /// 行首的序号（正则，自动从行首匹配），第 1 个捕获组是数字，如 `([一二三四五六七八九十]{1,3})[、．.]`。
    pub marker: String,
    /// 数字的写法：`chinese`（一、二……九十九）或 `arabic`（1、2、3……）。
    #[serde(default)]
    pub numerals: RawNumerals,
    /// 序号后面不能紧接的文字（正则），如 `[0-9]`：“1.5万元”不是标题“1.”。
    #[serde(default)]
    pub not_followed_by: Option<String>,
    /// 这一级序号的写法，`{n}` 代表数字，如 `（{n}）`：编号检查的提示和修复按它写出序号；不写时提示只给数字，也不自动修复。
    #[serde(default)]
    pub write: Option<String>,
    /// 丢了换行的文本（整篇或大半篇在一行之中）里，这一级标题也在行中认出：紧跟在匹配此式（正则）的文字之后，
    /// 如句末标点 `[。！？；][”’）]*`。不写则这一级只在行首认出。
    #[serde(default)]
    pub inline_after: Option<String>,
}

/// 标题序号中数字的写法。
#[derive(Debug, Default, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RawNumerals {
    /// 一、二……九十九。
    #[default]
    Chinese,
    /// 阿拉伯数字：1、2、3……
    Arabic,
}

/// 标题的样子。
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTitle {
    /// 文首的短行匹配此正则（且不以句号、逗号等结尾）时，是标题或标题的一行。
    #[serde(default)]
    pub words: Option<String>,
    /// 网页中正文以外的元素，文字匹配此正则时可能是文章标题。
    #[serde(default)]
    pub page_words: Option<String>,
    /// 标题中的报告年份（正则，第 1 个捕获组是四位年份）。
    #[serde(default)]
    pub year: Option<String>,
    /// 标题开头的发文机关（正则，第 1 个捕获组是名称）。
    #[serde(default)]
    pub issuer: Option<String>,
    /// 按 `issuer` 取出的名称含有其中之一时，不算发文机关。
    #[serde(default)]
    pub not_issuer: Option<Vec<String>>,
}

/// 标题以外说明报告年度的地方。
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawYear {
    /// 开头一段（第一个标题之前的前三段）中说明报告年度的写法（正则，第 1 个捕获组是年份），任一匹配即可。
    #[serde(default)]
    pub opening: Option<Vec<String>>,
    /// 一级标题中的年份（正则，第 1 个捕获组）。
    #[serde(default)]
    pub heading: Option<String>,
    /// 别处都没有说明年份时，开头第一段中可作报告年度的写法（正则，第 1 个捕获组），如“2021年以来，我局……”。
    /// 只在标题、开头、一级标题和日期都没有年份时采用，不参与年份矛盾的判断。
    #[serde(default)]
    pub since: Option<String>,
    /// 一级标题匹配此正则时是下一年的安排，所写年份减一为报告年度。
    #[serde(default)]
    pub plan_heading: Option<String>,
    /// 成文日期在这个月份或之后的，报告年度即成文日期的年份；之前的，为上一年。
    #[serde(default)]
    pub same_year_from_month: Option<u32>,
}

/// 发文机关的样子。
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawIssuer {
    /// 落款单独一行、下面没有日期时，以其中之一结尾才算发文机关署名。
    #[serde(default)]
    pub suffixes: Option<Vec<String>>,
    /// 同一行的发文机关和成文日期（正则，第 1、2 个捕获组）。
    #[serde(default)]
    pub with_date: Option<String>,
    /// 开头一句的主语（正则，第 1 个捕获组），在没有落款和署名时用作发文机关。
    #[serde(default)]
    pub opening: Option<String>,
}

/// 从网站复制带来的残留。
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawResidue {
    /// 无论在哪里都是网页残留的行（正则）。
    #[serde(default)]
    pub lines: Option<String>,
    /// 标题之前的面包屑导航的分隔符（每个字符是一个分隔符）。
    #[serde(default)]
    pub breadcrumb_separators: Option<String>,
    /// 含这个词的行有一个分隔符即是面包屑。
    #[serde(default)]
    pub breadcrumb_home: Option<String>,
    /// 文档分享网站预览中每页开头的页号（正则，自动从行首匹配，第 1 个捕获组是页号），如 `([0-9]{1,3})、`：
    /// 从 1 起连续编号、除最后一页外都在句子中间断开的长行，行首的页号是网页残留。
    #[serde(default)]
    pub page_chunk: Option<String>,
    /// 网页发布信息中成文日期的标签（正则），匹配到日期开始之处：其后（或下一行单独写出）的日期按 `date_parts` 读出，在落款没有日期时用于报告年度和报送期限。
    #[serde(default)]
    pub written: Option<String>,
    /// 网页发布信息中发布日期的标签（正则），写法同 `written`：其后的日期用于公开期限的检查。页面自己的日期（“今天是……”“更新时间”）不要写在这里。
    #[serde(default)]
    pub published: Option<String>,
}

/// The grammar as far as the layers read so far give it, regexes compiled.
#[derive(Debug, Default)]
pub struct Layered {
    headings: Option<Vec<HeadingLevel>>,
    title_words: Option<Regex>,
    page_title_words: Option<Regex>,
    title_year: Option<Regex>,
    year_opening: Option<Vec<Regex>>,
    year_heading: Option<Regex>,
    year_since: Option<Regex>,
    year_plan_heading: Option<Regex>,
    year_same_from_month: Option<u32>,
    title_issuer: Option<Regex>,
    title_issuer_not: Option<Vec<String>>,
    opening_issuer: Option<Regex>,
    issuer_suffixes: Option<Vec<String>>,
    doc_number: Option<Regex>,
    date: Option<Regex>,
    date_parts: Option<Regex>,
    issuer_and_date: Option<Regex>,
    residue: Option<Regex>,
    portal_written: Option<Regex>,
    portal_published: Option<Regex>,
    breadcrumb_separators: Option<Vec<char>>,
    breadcrumb_home: Option<String>,
    item_marker: Option<Regex>,
    page_chunk: Option<Regex>,
}

impl Layered {
    /// Starts from the built-in grammar.
    pub fn base() -> Layered {
        let mut layered = Layered::default();
        let file = SourceFile::new(BASE.0, BASE.1);
        let mut errors = Vec::new();
        if let (Ok(tree), Ok(base)) = (
            super::yaml::parse(BASE.1),
            super::yaml::from_str::<BaseFile>(BASE.1),
        ) {
            layered.add(&file, tree.at("document"), base.document, &mut errors);
        }
        // The built-in file is tested to compile; nothing to report here.
        debug_assert!(errors.is_empty(), "{errors:?}");
        layered
    }

    /// Lays one file's `document:` block over what is there, compiling its
    /// regexes (errors located in `file`).
    pub fn add(
        &mut self,
        file: &SourceFile,
        node: &Node,
        raw: RawDocument,
        errors: &mut Vec<RuleFileError>,
    ) {
        let headings = raw.headings.map(|h| headings(file, node, h, errors));
        let item_marker = raw.item_marker.as_deref().and_then(|p| {
            compile(
                file,
                node.at("item_marker"),
                "item_marker",
                p,
                0,
                true,
                errors,
            )
        });
        let year = raw.year.unwrap_or_default();
        let year_opening = year.opening.map(|list| {
            list.iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    let at = node.at(&format!("year.opening[{i}]"));
                    compile(file, at, "year.opening", p, 1, false, errors)
                })
                .collect()
        });
        let same_from = year.same_year_from_month;
        if let Some(month) = same_from.filter(|m| !(1..=13).contains(m)) {
            errors.push(
                file.error(
                    file.value_span(node.at("year.same_year_from_month")),
                    format!(
                        "document.year.same_year_from_month 应为 1 到 13 的月份，这里是 {month}"
                    ),
                    "不是月份",
                    Some(
                        "写 10 表示 10 月及以后的成文日期属于当年的报告；写 13 表示总是上一年"
                            .to_string(),
                    ),
                ),
            );
        }
        let residue = raw.residue.unwrap_or_default();
        let page_chunk = residue.page_chunk.as_deref().and_then(|p| {
            compile(
                file,
                node.at("residue.page_chunk"),
                "residue.page_chunk",
                p,
                1,
                true,
                errors,
            )
        });
        let mut re = |key: &str, pattern: Option<String>, groups: usize| -> Option<Regex> {
            compile(file, node.at(key), key, &pattern?, groups, false, errors)
        };
        let title = raw.title.unwrap_or_default();
        let issuer = raw.issuer.unwrap_or_default();
        let layer = Layered {
            title_words: re("title.words", title.words, 0),
            page_title_words: re("title.page_words", title.page_words, 0),
            title_year: re("title.year", title.year, 1),
            year_opening,
            year_heading: re("year.heading", year.heading, 1),
            year_since: re("year.since", year.since, 1),
            year_plan_heading: re("year.plan_heading", year.plan_heading, 0),
            year_same_from_month: same_from,
            title_issuer: re("title.issuer", title.issuer, 1),
            title_issuer_not: title.not_issuer,
            opening_issuer: re("issuer.opening", issuer.opening, 1),
            issuer_suffixes: issuer.suffixes,
            doc_number: re("doc_number", raw.doc_number, 0),
            date: re("date", raw.date, 0),
            date_parts: re("date_parts", raw.date_parts, 3),
            issuer_and_date: re("issuer.with_date", issuer.with_date, 2),
            residue: re("residue.lines", residue.lines, 0),
            portal_written: re("residue.written", residue.written, 0),
            portal_published: re("residue.published", residue.published, 0),
            breadcrumb_separators: residue.breadcrumb_separators.map(|s| s.chars().collect()),
            breadcrumb_home: residue.breadcrumb_home,
            item_marker,
            page_chunk,
            headings,
        };
        self.overlay(layer);
    }

    fn overlay(&mut self, later: Layered) {
        macro_rules! take {
            ($($field:ident),*) => { $( if later.$field.is_some() { self.$field = later.$field; } )* };
        }
        take!(
            headings,
            title_words,
            page_title_words,
            title_year,
            year_opening,
            year_heading,
            year_since,
            year_plan_heading,
            year_same_from_month,
            title_issuer,
            title_issuer_not,
            opening_issuer,
            issuer_suffixes,
            doc_number,
            date,
            date_parts,
            issuer_and_date,
            residue,
            portal_written,
            portal_published,
            breadcrumb_separators,
            breadcrumb_home,
            item_marker,
            page_chunk
        );
    }

    /// The grammar. Layers laid over [`Layered::base`] have every key; a
    /// key missing all the same recognises nothing.
    pub fn finish(self) -> Grammar {
        let re = |r: Option<Regex>| r.unwrap_or_else(never);
        let residue = re(self.residue);
        let residue_filter = residue_filter(&residue);
        Grammar {
            headings: self.headings.unwrap_or_default(),
            title_words: re(self.title_words),
            page_title_words: re(self.page_title_words),
            title_year: re(self.title_year),
            year_opening: self.year_opening.unwrap_or_default(),
            year_heading: re(self.year_heading),
            year_since: re(self.year_since),
            year_plan_heading: re(self.year_plan_heading),
            year_same_from_month: self.year_same_from_month.unwrap_or(13),
            title_issuer: re(self.title_issuer),
            title_issuer_not: self.title_issuer_not.unwrap_or_default(),
            opening_issuer: re(self.opening_issuer),
            issuer_suffixes: self.issuer_suffixes.unwrap_or_default(),
            doc_number: re(self.doc_number),
            date: re(self.date),
            date_parts: re(self.date_parts),
            issuer_and_date: re(self.issuer_and_date),
            residue,
            residue_filter,
            portal_written: re(self.portal_written),
            portal_published: re(self.portal_published),
            breadcrumb_separators: self.breadcrumb_separators.unwrap_or_default(),
            breadcrumb_home: self.breadcrumb_home.unwrap_or_default(),
            item_marker: re(self.item_marker),
            page_chunk: re(self.page_chunk),
        }
    }
}

/// The built-in grammar file: a `document:` block and nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BaseFile {
    document: RawDocument,
}

fn headings(
    file: &SourceFile,
    node: &Node,
    raw: Vec<RawHeading>,
    errors: &mut Vec<RuleFileError>,
) -> Vec<HeadingLevel> {
    if raw.len() > MAX_LEVELS {
        errors.push(file.error(
            file.value_span(node.at(&format!("headings[{MAX_LEVELS}]"))),
            format!("标题层级过多：写了 {} 级，最多 {MAX_LEVELS} 级", raw.len()),
            "层级过多".to_string(),
            Some("公文的标题一般不超过四级；请删去多余的层级".to_string()),
        ));
    }
    raw.into_iter()
        .take(MAX_LEVELS)
        .enumerate()
        .filter_map(|(i, h)| {
            let at = |key: &str| node.at(&format!("headings[{i}].{key}"));
            if h.write.as_deref().is_some_and(|w| !w.contains("{n}")) {
                errors.push(file.error(
                    file.value_span(at("write")),
                    "document.headings 的 write 中没有 {n}",
                    "缺少 {n}",
                    Some("用 {n} 代表序号中的数字，如 `（{n}）`、`{n}、`".to_string()),
                ));
            }
            Some(HeadingLevel {
                marker: compile(
                    file,
                    at("marker"),
                    "headings.marker",
                    &h.marker,
                    1,
                    true,
                    errors,
                )?,
                numerals: match h.numerals {
                    RawNumerals::Chinese => Numerals::Chinese,
                    RawNumerals::Arabic => Numerals::Arabic,
                },
                not_followed_by: match h.not_followed_by {
                    Some(p) => Some(compile(
                        file,
                        at("not_followed_by"),
                        "headings.not_followed_by",
                        &p,
                        0,
                        true,
                        errors,
                    )?),
                    None => None,
                },
                inline_after: match h.inline_after {
                    Some(p) => Some(compile(
                        file,
                        at("inline_after"),
                        "headings.inline_after",
                        &p,
                        0,
                        false,
                        errors,
                    )?),
                    None => None,
                },
                write: h.write,
            })
        })
        .collect()
}

/// Compiles one regex of the block, written at `node`; `groups` capture
/// groups are required; `anchored` makes it match at the start of the text
/// only.
fn compile(
    file: &SourceFile,
    node: &Node,
    key: &str,
    pattern: &str,
    groups: usize,
    anchored: bool,
    errors: &mut Vec<RuleFileError>,
) -> Option<Regex> {
    // Checked as written, so that an error quotes the author's text; then
    // anchored where the key matches at the start of a line.
    let dfa_limit = if key == "residue.lines" {
        regexes::RESIDUE_DFA_SIZE_LIMIT
    } else {
        regexes::DFA_SIZE_LIMIT
    };
    let checked = regexes::compile_with_dfa_limit(pattern, dfa_limit).and_then(|r| {
        if anchored && !pattern.starts_with('^') {
            regexes::compile_with_dfa_limit(&format!("^(?:{pattern})"), dfa_limit)
        } else {
            Ok(r)
        }
    });
    match checked {
        Ok(r) if r.captures_len() > groups => Some(r),
        Ok(_) => {
            errors.push(file.error(
                file.value_span(node),
                format!("document.{key} 的正则需要 {groups} 个捕获组"),
                "捕获组不够",
                Some(format!(
                    "用圆括号 (…) 标出要取出的部分，共 {groups} 处；只分组不取出时写 (?:…)"
                )),
            ));
            None
        }
        Err(problem) => {
            let mut e = regex_error(file, node, pattern, &problem);
            e.message = format!("{}（document.{key}）", e.message);
            errors.push(e);
            None
        }
    }
}

fn never() -> Regex {
    Regex::new(r"[^\s\S]").expect("a constant regex compiles")
}

/// The filter that decides which lines the residue regex is run on: the
/// regex split at its top-level alternation, each branch with the strings it
/// needs (when [`regexes::branches`] can split it and every branch
/// compiles), else the whole regex behind the strings all its matches hold.
pub fn residue_filter(residue: &Regex) -> ResidueFilter {
    let branches = regexes::branches(residue.as_str()).and_then(|split| {
        split
            .into_iter()
            .map(|b| {
                Some(BranchPlan {
                    regex: regexes::compile(&b.pattern).ok()?,
                    literals: b.literals,
                    within: b.within,
                })
            })
            .collect::<Option<Vec<_>>>()
    });
    ResidueFilter::new(branches, regexes::required_literals(residue.as_str()))
}
