//! Turns raw rule files into a checked [`Pack`]: compiles every regex once,
//! resolves section references, and collects **all** problems, each pointing
//! at its place in the YAML, before any report is read.

use std::collections::HashMap;
use std::sync::Arc;

use miette::{NamedSource, SourceSpan};
use regex::{Regex, RegexSet};

use super::raw::{RawCheck, RawContent, RawFile, RawMatcher, RawSection};
use super::regexes::{self, RegexProblem};
use super::yaml::{self, YamlError, YamlErrorKind};
use super::{ContentItem, Matcher, Pack, PackMeta, Rule, Scope, Template, TemplateSection};
use crate::checks::{self, Check};
use crate::error::{PackError, RuleFileError, RuleFileWarning};

/// A rule file's name and text. The text is shared, not copied, by every
/// diagnostic that points into it, so that many problems in one big file
/// cost no more memory than the file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// The most rules a pack may have (all layers together). The built-in pack
/// has about sixty; the limit keeps a generated or hostile pack from taking
/// the memory and time of thousands of regexes.
pub const MAX_RULES: usize = 20_000;

/// The most errors (and, separately, warnings) listed; the rest are
/// counted. Showing a diagnostic costs a scan of its file, so listing
/// thousands of them from one large file would take quadratic time.
pub const MAX_SHOWN: usize = 50;

/// Compiles the files of one pack (no inheritance). `data` holds the
/// pack's data files (dictionaries under `data/`), which rules refer to by
/// relative path.
pub fn compile(files: &[SourceFile], data: &[SourceFile]) -> Result<Pack, PackError> {
    compile_layers(&[files.to_vec()], data)
}

/// Compiles a pack made of layers: the pack it extends first (and that one's
/// parent before it), the pack itself last. A later layer's rule or template
/// section with the same id replaces the earlier one; `disable` removes
/// inherited rules. `data` holds the data files of all layers, the pack's
/// own first.
pub fn compile_layers(layers: &[Vec<SourceFile>], data: &[SourceFile]) -> Result<Pack, PackError> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut meta: Option<(usize, PackMeta, Vec<String>)> = None;
    let mut match_order: Option<(&SourceFile, Vec<String>)> = None;
    let mut sections = Merged::default();
    let mut rules = Merged::default();
    let mut disabled: Vec<(&SourceFile, String)> = Vec::new();
    let mut rule_count = 0;
    let mut grammar = super::grammar::Layered::base();

    for (layer, files) in layers.iter().enumerate() {
        let mut layer_has_meta = false;
        for file in files {
            let raw = match yaml::from_str::<RawFile>(&file.text) {
                Ok(raw) => raw,
                Err(e) => {
                    errors.push(yaml_error(file, &e, "规则文件格式错误"));
                    continue;
                }
            };
            if let Some(m) = raw.pack {
                if layer_has_meta {
                    errors.push(locate_error(
                        file,
                        "pack:",
                        0,
                        "重复的 pack 定义",
                        "第二个 pack",
                        Some("一个规则包只能有一处 `pack:`"),
                    ));
                } else {
                    layer_has_meta = true;
                    disabled.extend(m.disable.iter().map(|id| (file, id.clone())));
                    let detect = m.detect.as_deref().and_then(|pattern| {
                        compile_regex(file, find_text(file, pattern, 0), pattern, &mut errors)
                    });
                    meta = Some((
                        layer,
                        PackMeta {
                            id: m.id,
                            name: m.name,
                            version: m.version,
                            description: m.description,
                            detect,
                        },
                        m.disable,
                    ));
                }
            }
            if let Some(document) = raw.document {
                grammar.add(file, document, &mut errors);
            }
            if let Some(t) = raw.template {
                if !t.match_order.is_empty() {
                    match_order = Some((file, t.match_order));
                }
                let mut cursor = 0;
                for section in t.sections {
                    let anchor = find_key_value(file, "id", &section.id, cursor);
                    cursor = anchor + 1;
                    let id = section.id.clone();
                    sections.add(layer, file, anchor, id, section, &mut errors, "模板部分");
                }
            }
            let mut cursor = 0;
            for rule in raw.rules {
                // Rules appear in file order: each `id:` is searched for after
                // the previous rule's, so a duplicate id points at the second.
                let anchor = find_key_value(file, "id", &rule.id, cursor);
                cursor = anchor + 1;
                rule_count += 1;
                if rule_count == MAX_RULES + 1 {
                    errors.push(file_error(
                        file,
                        anchor,
                        rule.id.len(),
                        format!("规则过多：规则包（连同所继承的）超过 {MAX_RULES} 条规则"),
                        format!("第 {} 条规则", MAX_RULES + 1),
                        Some(format!(
                            "一个规则包最多 {MAX_RULES} 条规则。请删去重复或不用的规则（可用正则的 | 把同类写法合为一条），或把规则分成几个规则包分别检查"
                        )),
                    ));
                }
                let id = rule.id.clone();
                rules.add(layer, file, anchor, id, rule, &mut errors, "规则");
            }
        }
    }
    if rule_count > MAX_RULES {
        // Nothing more is compiled: the limit exists so that a huge pack
        // costs no more than reading it.
        return Err(PackError::invalid(errors));
    }

    for (file, id) in &disabled {
        if !rules.contains(id) && !sections.contains(id) {
            errors.push(locate_error(
                file,
                id,
                0,
                &format!("停用了不存在的规则或模板部分 `{id}`"),
                "没有这条规则或模板部分",
                Some("`disable` 只能列出所继承的规则包中已有的规则 id 或模板部分 id"),
            ));
        }
    }
    let disabled_ids: Vec<&str> = meta
        .as_ref()
        .map(|(_, _, d)| d.iter().map(String::as_str).collect())
        .unwrap_or_default();

    // A pack written to another template drops the inherited sections it
    // does not have (and keeps the writing rules).
    let kept_sections: Vec<_> = sections
        .items
        .into_iter()
        .filter(|(_, _, _, s)| !disabled_ids.contains(&s.id.as_str()))
        .collect();
    let template = compile_template(kept_sections, match_order, &mut errors);
    let mut compiled = Vec::new();
    let mut without_examples = 0;
    for (_, file, anchor, rule) in rules.items {
        if disabled_ids.contains(&rule.id.as_str()) {
            continue;
        }
        if rule
            .examples
            .as_ref()
            .is_none_or(|e| e.valid.is_empty() && e.invalid.is_empty())
        {
            without_examples += 1;
            if without_examples <= MAX_SHOWN {
                warnings.push(RuleFileWarning::from(file_error(
                    file,
                    anchor,
                    rule.id.len(),
                    format!("规则 `{}` 没有测试用例", rule.id),
                    "缺少 examples".to_string(),
                    Some("加入 `examples: {valid: [...], invalid: [{text: ...}]}`，`reportlint rules test` 会运行它们".to_string()),
                )));
            } else if without_examples == MAX_SHOWN + 1 {
                warnings.push(RuleFileWarning::from(file_error(
                    file,
                    anchor,
                    rule.id.len(),
                    format!("从规则 `{}` 起，还有规则没有测试用例（不再逐条列出）", rule.id),
                    "缺少 examples".to_string(),
                    Some(format!("只逐条列出前 {MAX_SHOWN} 条没有用例的规则；给它们加上 examples 后，其余的会列出")),
                )));
            }
        }
        let mut ctx = RuleCtx {
            file,
            anchor,
            template: &template,
            data,
            errors: &mut errors,
        };
        let promised = match &rule.check {
            RawCheck::Template {
                promised_message, ..
            } => promised_message.clone(),
            _ => None,
        };
        if let Some(check) = compile_check(rule.check, &mut ctx) {
            let texts = [Some(&rule.message), rule.help.as_ref(), promised.as_ref()];
            for text in texts.into_iter().flatten() {
                check_placeholders(&mut ctx, text, check.kind(), check.placeholders());
            }
            check.check_examples(&rule.examples, &mut ctx);
            compiled.push(Rule {
                id: rule.id,
                title: rule.title,
                severity: rule.severity,
                message: rule.message,
                help: rule.help,
                description: rule.description,
                examples: rule.examples,
                check,
                file: file.name.clone(),
            });
        }
    }

    let last_layer = layers.len().saturating_sub(1);
    match meta {
        Some((layer, meta, _)) if layer == last_layer && errors.is_empty() => Ok(Pack {
            meta,
            grammar: grammar.finish(),
            template,
            prefilter: super::Prefilter::new(&compiled),
            rules: compiled,
            warnings,
        }),
        _ => {
            if errors.is_empty() {
                if let Some(file) = layers.last().and_then(|l| l.first()) {
                    errors.push(file_error(
                        file,
                        0,
                        0,
                        "规则包缺少 `pack:` 定义".to_string(),
                        "在某个文件中加入 pack".to_string(),
                        Some("例如：pack: {id: my-pack, name: 我的规则包}".to_string()),
                    ));
                }
            }
            Err(PackError::invalid(errors))
        }
    }
}

/// Template sections or rules merged over the layers of a pack: a later
/// layer replaces the item with the same id; the same id twice within one
/// layer is an error. An index by id keeps merging linear in the number of
/// items.
struct Merged<'a, T> {
    /// Layer, file, byte offset of the item's `id:` value, item.
    items: Vec<(usize, &'a SourceFile, usize, T)>,
    by_id: HashMap<String, usize>,
}

impl<T> Default for Merged<'_, T> {
    fn default() -> Self {
        Merged {
            items: Vec::new(),
            by_id: HashMap::new(),
        }
    }
}

impl<'a, T> Merged<'a, T> {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        layer: usize,
        file: &'a SourceFile,
        anchor: usize,
        id: String,
        item: T,
        errors: &mut Vec<RuleFileError>,
        what: &str,
    ) {
        match self.by_id.get(&id) {
            Some(&i) if self.items[i].0 == layer => {
                errors.push(file_error(
                    file,
                    anchor,
                    id.len(),
                    format!("{what} id `{id}` 重复"),
                    "重复的 id".to_string(),
                    Some(format!("每个{what}的 id 在整个规则包中必须唯一；要覆盖继承来的{what}，请写在继承它的规则包中")),
                ));
            }
            Some(&i) => self.items[i] = (layer, file, anchor, item),
            None => {
                self.by_id.insert(id, self.items.len());
                self.items.push((layer, file, anchor, item));
            }
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }
}

fn compile_check(raw: RawCheck, ctx: &mut RuleCtx) -> Option<Check> {
    Some(match raw {
        RawCheck::Template {
            aspect,
            promised_message,
        } => Check::Template(checks::template::TemplateCheck::compile(
            aspect,
            promised_message,
            ctx,
        )?),
        RawCheck::Pattern {
            regex,
            scope,
            allow,
            require,
            label,
            fix,
        } => Check::Pattern(checks::pattern::PatternCheck::compile(
            &regex,
            &scope,
            allow.as_deref(),
            require,
            label,
            fix,
            ctx,
        )?),
        RawCheck::Sequence { headings, run_in } => {
            Check::Sequence(checks::sequence::SequenceCheck { headings, run_in })
        }
        RawCheck::Year { vague, drift } => {
            Check::Year(checks::year::YearCheck::compile(vague, drift, ctx)?)
        }
        RawCheck::Duplicate {
            min_chars,
            similarity,
        } => Check::Duplicate(checks::duplicate::DuplicateCheck::compile(
            min_chars, similarity, ctx,
        )?),
        RawCheck::Structure { element } => {
            Check::Structure(checks::structure::StructureCheck { element })
        }
        RawCheck::Coverage { scope, areas } => Check::Coverage(
            checks::coverage::CoverageCheck::compile(&scope, areas, ctx)?,
        ),
        RawCheck::Deadline { month, day } => {
            Check::Deadline(checks::deadline::DeadlineCheck::compile(month, day, ctx)?)
        }
        RawCheck::Brackets {
            pairs,
            alternate,
            scope,
        } => Check::Brackets(checks::brackets::BracketsCheck::compile(
            pairs, alternate, &scope, ctx,
        )?),
        RawCheck::LawTitle {
            titles,
            optional_prefixes,
            same,
            ignore,
            max_distance,
            max_han_distance,
            chars_per_edit,
            scope,
        } => Check::LawTitle(checks::law_title::LawTitleCheck::compile(
            checks::law_title::Options {
                titles,
                optional_prefixes,
                same,
                ignore,
                max_distance,
                max_han_distance,
                chars_per_edit,
                scope,
            },
            ctx,
        )?),
        RawCheck::Anachronism { references, scope } => Check::Anachronism(
            checks::anachronism::AnachronismCheck::compile(references, &scope, ctx)?,
        ),
    })
}

fn compile_template(
    sections: Vec<(usize, &SourceFile, usize, RawSection)>,
    match_order: Option<(&SourceFile, Vec<String>)>,
    errors: &mut Vec<RuleFileError>,
) -> Template {
    let mut compiled: Vec<TemplateSection> = Vec::new();
    for (_, file, anchor, section) in sections {
        if let Some(s) = compile_section(file, anchor, section, errors) {
            compiled.push(s);
        }
    }
    let mut order = Vec::new();
    if let Some((file, ids)) = match_order {
        for id in &ids {
            match compiled.iter().position(|s| &s.id == id) {
                Some(i) if !order.contains(&i) => order.push(i),
                Some(_) => {}
                None => errors.push(unknown_section(file, find_text(file, id, 0), id, &compiled)),
            }
        }
    }
    for i in 0..compiled.len() {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    Template {
        sections: compiled,
        match_order: order,
    }
}

fn compile_section(
    file: &SourceFile,
    anchor: usize,
    raw: RawSection,
    errors: &mut Vec<RuleFileError>,
) -> Option<TemplateSection> {
    let before = errors.len();
    let heading = matcher(file, anchor, &raw.heading, errors);
    let mentions = (!raw.mentions.is_empty())
        .then(|| {
            matcher(
                file,
                anchor,
                &RawMatcher {
                    any: raw.mentions.clone(),
                    not: raw.heading.not.clone(),
                },
                errors,
            )
        })
        .flatten();
    let contents: Vec<ContentItem> = raw
        .contents
        .into_iter()
        .filter_map(|c| content(file, anchor, c, errors))
        .collect();
    for &level in &raw.levels {
        if !(1..=4).contains(&level) {
            errors.push(file_error(
                file,
                find_text(file, "levels", anchor),
                "levels".len(),
                format!("标题层级 {level} 无效"),
                "层级只能是 1–4".into(),
                Some("1 = 一、，2 = （一），3 = 1.，4 = （1）".into()),
            ));
        }
    }
    if errors.len() > before {
        return None;
    }
    Some(TemplateSection {
        id: raw.id,
        short: raw.short.unwrap_or_else(|| raw.title.clone()),
        title: raw.title,
        wording: raw.wording,
        clause: raw.clause,
        required: raw.required,
        exclusive: raw.exclusive,
        heading: heading?,
        levels: raw.levels,
        mentions,
        contents,
        names_year: raw.names_year,
        about_year: raw.about_year,
    })
}

fn content(
    file: &SourceFile,
    anchor: usize,
    raw: RawContent,
    errors: &mut Vec<RuleFileError>,
) -> Option<ContentItem> {
    let mut ok = true;
    for p in &raw.any {
        ok &= compile_regex(file, anchor, p, errors).is_some();
    }
    let promised_by = match &raw.promised_by {
        Some(p) => Some(compile_regex(file, anchor, p, errors)?),
        None => None,
    };
    if !ok {
        return None;
    }
    let any = joined(file, anchor, &raw.any, errors)?;
    Some(ContentItem {
        id: raw.id,
        short: raw.short.unwrap_or_else(|| raw.title.clone()),
        title: raw.title,
        any,
        promised_by,
    })
}

fn matcher(
    file: &SourceFile,
    anchor: usize,
    raw: &RawMatcher,
    errors: &mut Vec<RuleFileError>,
) -> Option<Matcher> {
    let any = regex_set(file, anchor, &raw.any, errors)?;
    let not = regex_set(file, anchor, &raw.not, errors)?;
    let find = joined(file, anchor, &raw.any, errors)?;
    Some(Matcher { any, not, find })
}

fn regex_set(
    file: &SourceFile,
    anchor: usize,
    patterns: &[String],
    errors: &mut Vec<RuleFileError>,
) -> Option<RegexSet> {
    let mut ok = true;
    for p in patterns {
        ok &= compile_regex(file, anchor, p, errors).is_some();
    }
    if !ok {
        return None;
    }
    regexes::set(patterns)
        .map_err(|p| errors.push(regex_error(file, anchor, "", &p)))
        .ok()
}

/// The regexes of a list (each already checked) as one regex that matches
/// where any of them does; together they must still fit the size limit.
fn joined(
    file: &SourceFile,
    anchor: usize,
    patterns: &[String],
    errors: &mut Vec<RuleFileError>,
) -> Option<Regex> {
    regexes::any(patterns)
        .map_err(|p| errors.push(regex_error(file, anchor, "", &p)))
        .ok()
}

fn compile_regex(
    file: &SourceFile,
    anchor: usize,
    pattern: &str,
    errors: &mut Vec<RuleFileError>,
) -> Option<Regex> {
    regexes::compile(pattern)
        .map_err(|p| errors.push(regex_error(file, anchor, pattern, &p)))
        .ok()
}

/// An error pointing at a regex in the YAML — at the wrong part of it when
/// the regex is written there verbatim (plain or quoted without escapes).
fn regex_error(
    file: &SourceFile,
    anchor: usize,
    pattern: &str,
    problem: &RegexProblem,
) -> RuleFileError {
    let at = if pattern.is_empty() {
        anchor
    } else {
        find_text(file, pattern, anchor)
    };
    let verbatim = !pattern.is_empty() && file.text[at..].starts_with(pattern);
    let (offset, len) = match &problem.span {
        Some(span) if verbatim => (at + span.start, span.len().max(1)),
        _ if verbatim || at != anchor => (at, pattern.len()),
        _ => (at, 0),
    };
    // A span must end on a character boundary.
    let mut end = (offset + len).min(file.text.len());
    while !file.text.is_char_boundary(end) {
        end += 1;
    }
    file_error(
        file,
        offset,
        end - offset,
        problem.message.clone(),
        problem.label.clone(),
        Some(problem.help.clone()),
    )
}

fn unknown_section(
    file: &SourceFile,
    at: usize,
    id: &str,
    sections: &[TemplateSection],
) -> RuleFileError {
    let known: Vec<&str> = sections.iter().map(|s| s.id.as_str()).collect();
    file_error(
        file,
        at,
        id.len(),
        format!("引用了未定义的模板部分 `{id}`"),
        "未定义".into(),
        Some(format!("已定义的模板部分：{}", known.join("、"))),
    )
}

/// Reports each `{name}` in a message that the rule's kind does not fill, so
/// a typo is caught when the pack loads rather than printed to every user.
fn check_placeholders(ctx: &mut RuleCtx, text: &str, kind: &str, allowed: &[&str]) {
    for piece in super::message::malformed(text) {
        ctx.error(
            piece,
            format!("占位符 `{piece}` 缺少右花括号 }}"),
            "未闭合的占位符",
            &format!(
                "写作 `{piece}}}`；要写花括号本身，在名称后紧接冒号以外的字符时请改用全角括号｛｝"
            ),
        );
    }
    for name in super::message::placeholders(text) {
        if name == "year" || name == "next_year" || allowed.contains(&name) {
            continue;
        }
        let mut known: Vec<&str> = vec!["year", "next_year"];
        known.extend_from_slice(allowed);
        let hint = known
            .iter()
            .map(|k| (strsim::levenshtein(name, k), *k))
            .filter(|(d, k)| *d <= (k.len() / 3).max(2))
            .min()
            .map(|(_, k)| format!("是否想写 `{{{k}}}`？"))
            .unwrap_or_default();
        ctx.error(
            &format!("{{{name}}}"),
            format!("占位符 `{{{name}}}` 不是 {kind} 规则提供的"),
            "未知的占位符",
            &format!(
                "{hint}可用的占位符：{}",
                known
                    .iter()
                    .map(|k| format!("{{{k}}}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        );
    }
}

/// What a rule's check needs while compiling: where the rule stands in its
/// file, the template, and the error list.
pub struct RuleCtx<'a> {
    file: &'a SourceFile,
    anchor: usize,
    template: &'a Template,
    data: &'a [SourceFile],
    errors: &'a mut Vec<RuleFileError>,
}

impl<'a> RuleCtx<'a> {
    /// Compiles a regex, recording an error at its place in the YAML.
    pub fn regex(&mut self, pattern: &str) -> Option<Regex> {
        compile_regex(self.file, self.anchor, pattern, self.errors)
    }

    /// Resolves a `scope:` value.
    pub fn scope(&mut self, scope: &str) -> Option<Scope> {
        Some(match scope {
            "all" => Scope::All,
            "title" => Scope::Title,
            "headings" => Scope::Headings,
            "body" => Scope::Body,
            "closing" => Scope::Closing,
            _ => match scope.strip_prefix("section:") {
                Some(id) => match self.template.index_of(id) {
                    Some(i) => Scope::Section(i),
                    None => {
                        let at = find_text(self.file, id, self.anchor);
                        let e = unknown_section(self.file, at, id, &self.template.sections);
                        self.errors.push(e);
                        return None;
                    }
                },
                None => {
                    self.error(
                        scope,
                        format!("未知的范围 `{scope}`"),
                        "无效的 scope",
                        "scope 可取：all、title、headings、body、closing、section:<模板部分 id>",
                    );
                    return None;
                }
            },
        })
    }

    /// A data file of the pack, by its path relative to the pack
    /// (`data/law-titles.yaml`); records an error when there is none.
    pub fn data_file(&mut self, relative: &str) -> Option<&'a SourceFile> {
        let wanted = std::path::Path::new(relative);
        let found = self
            .data
            .iter()
            .find(|f| std::path::Path::new(&f.name).ends_with(wanted));
        if found.is_none() {
            let known: Vec<&str> = self.data.iter().map(|f| f.name.as_str()).collect();
            self.error(
                relative,
                format!("找不到数据文件 `{relative}`"),
                "没有这个文件",
                &if known.is_empty() {
                    "数据文件放在规则包目录下的 data/ 中，例如 data/law-titles.yaml".to_string()
                } else {
                    format!("已有的数据文件：{}", known.join("、"))
                },
            );
        }
        found
    }

    /// Parses a data file, recording an error that points into it when it is
    /// not valid.
    pub fn parse_data<T: serde::de::DeserializeOwned>(&mut self, file: &SourceFile) -> Option<T> {
        match yaml::from_str::<T>(&file.text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(yaml_error(file, &e, "数据文件格式错误"));
                None
            }
        }
    }

    /// Records an error at a place in a data file.
    pub fn data_error(&mut self, file: &SourceFile, needle: &str, message: String, help: &str) {
        let e = locate_error(file, needle, 0, &message, "此处", Some(help));
        self.errors.push(e);
    }

    /// Records an error at the first occurrence of `needle` in the rule.
    pub fn error(&mut self, needle: &str, message: String, label: &str, help: &str) {
        let e = locate_error(self.file, needle, self.anchor, &message, label, Some(help));
        self.errors.push(e);
    }
}

fn locate_error(
    file: &SourceFile,
    needle: &str,
    after: usize,
    message: &str,
    label: &str,
    help: Option<&str>,
) -> RuleFileError {
    let at = find_text(file, needle, after);
    let len = if file.text[at..].starts_with(needle) {
        needle.len()
    } else {
        0
    };
    file_error(
        file,
        at,
        len,
        message.to_string(),
        label.to_string(),
        help.map(str::to_string),
    )
}

pub(crate) fn file_error(
    file: &SourceFile,
    offset: usize,
    len: usize,
    message: String,
    label: String,
    help: Option<String>,
) -> RuleFileError {
    // A label past the last character (an error at end of file) would not be
    // drawn: move it onto the last character.
    let end = file.text.trim_end().len();
    let offset = if offset >= end && end > 0 {
        file.text[..end].char_indices().last().map_or(0, |(i, _)| i)
    } else {
        offset
    };
    RuleFileError {
        message: format!("{}：{}", file.name, message),
        source_code: NamedSource::new(file.name.clone(), Arc::clone(&file.text)),
        span: SourceSpan::new(offset.into(), len.min(file.text.len() - offset)),
        label,
        help,
    }
}

/// A YAML error in a rule or data file, with a hint in Chinese and a
/// did-you-mean for a misspelt key or value.
pub(crate) fn yaml_error(file: &SourceFile, e: &YamlError, what: &str) -> RuleFileError {
    let hint = e.common_hint().unwrap_or_else(|| {
        match e.kind {
            YamlErrorKind::UnknownField { .. } => {
                "键名拼写有误或不属于此处；请对照 README 的“规则文件”一节"
            }
            YamlErrorKind::MissingField(_) => "缺少必填的键；请对照 README 的“规则文件”一节",
            YamlErrorKind::UnknownVariant { .. } => "取值不在允许的范围内",
            _ => "值的类型不对（例如应为列表却写成了字符串）；请对照 README 的“规则文件”一节",
        }
        .to_string()
    });
    let help = match e.did_you_mean() {
        Some(m) => format!("是否想写 `{m}`？{hint}"),
        None => hint,
    };
    file_error(
        file,
        e.offset.unwrap_or(0),
        0,
        what.to_string(),
        e.message.clone(),
        Some(help),
    )
}

/// Byte offset of `key: value` at or after `after`; `after` when there is
/// none.
fn find_key_value(file: &SourceFile, key: &str, value: &str, after: usize) -> usize {
    let text = &file.text[after..];
    for (i, _) in text.match_indices(key) {
        let rest = text[i + key.len()..].trim_start_matches([':', ' ', '"', '\'']);
        if rest.starts_with(value) && text[i + key.len()..].starts_with(':') {
            let value_at = text.len() - rest.len();
            return after + value_at;
        }
    }
    after
}

/// Byte offset of `needle` at or after `after`, also trying the escaped form
/// a double-quoted YAML string would use; `after` when it is not found.
fn find_text(file: &SourceFile, needle: &str, after: usize) -> usize {
    let text = &file.text[after..];
    if needle.is_empty() {
        return after;
    }
    if let Some(i) = text.find(needle) {
        return after + i;
    }
    let escaped = needle.replace('\\', "\\\\").replace('"', "\\\"");
    text.find(&escaped).map_or(after, |i| after + i)
}
