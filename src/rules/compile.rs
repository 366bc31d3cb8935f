//! Turns raw rule files into a checked [`Pack`]: compiles every regex once,
//! resolves section references, and collects **all** problems, each pointing
//! at its place in the YAML, before any report is read.

use miette::{NamedSource, SourceSpan};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use super::raw::{RawCheck, RawContent, RawFile, RawMatcher, RawSection, RawTemplate};
use super::{yaml, ContentItem, Matcher, Pack, PackMeta, Rule, Scope, Template, TemplateSection};
use crate::checks::{self, Check};
use crate::error::{PackError, RuleFileError};

/// A rule file's name and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// Regexes in rule files may not grow past this compiled size, so a careless
/// pattern fails at load time instead of exhausting memory.
const REGEX_SIZE_LIMIT: usize = 1 << 22;

/// Compiles the files of one pack. `data` holds the pack's data files
/// (dictionaries under `data/`), which rules refer to by relative path.
pub fn compile(files: &[SourceFile], data: &[SourceFile]) -> Result<Pack, PackError> {
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    for file in files {
        match yaml::from_str::<RawFile>(&file.text) {
            Ok(raw) => parsed.push((file, raw)),
            Err(e) => errors.push(file_error(
                file,
                e.offset.unwrap_or(0),
                0,
                "规则文件格式错误".to_string(),
                e.message.clone(),
                Some(yaml_hint(&e.message)),
            )),
        }
    }

    let mut meta = None;
    let mut template = None;
    for (file, raw) in &mut parsed {
        if let Some(m) = raw.pack.take() {
            if meta.is_some() {
                errors.push(locate_error(
                    file,
                    "pack:",
                    0,
                    "重复的 pack 定义",
                    "第二个 pack",
                    Some("一个规则包只能有一处 `pack:`"),
                ));
            } else {
                meta = Some(PackMeta {
                    id: m.id,
                    name: m.name,
                    version: m.version,
                    description: m.description,
                });
            }
        }
        if let Some(t) = raw.template.take() {
            if template.is_some() {
                errors.push(locate_error(
                    file,
                    "template:",
                    0,
                    "重复的 template 定义",
                    "第二个 template",
                    Some("一个规则包只能有一处 `template:`"),
                ));
            } else {
                template = Some(compile_template(file, t, &mut errors));
            }
        }
    }
    let template = template.unwrap_or_default();

    let mut rules: Vec<Rule> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (file, raw) in parsed {
        // Rules appear in file order: each rule's `id:` is searched for after
        // the previous rule's, so a duplicate id points at the second one.
        let mut cursor = 0;
        for rule in raw.rules {
            let anchor = find_key_value(file, "id", &rule.id, cursor);
            cursor = anchor + 1;
            if seen.contains(&rule.id) {
                errors.push(file_error(
                    file,
                    anchor,
                    rule.id.len(),
                    format!("规则 id `{}` 重复", rule.id),
                    "重复的 id".to_string(),
                    Some("每条规则的 id 在整个规则包中必须唯一".to_string()),
                ));
                continue;
            }
            seen.push(rule.id.clone());
            let mut ctx = RuleCtx {
                file,
                anchor,
                template: &template,
                data,
                errors: &mut errors,
            };
            if let Some(check) = compile_check(rule.check, &mut ctx) {
                rules.push(Rule {
                    id: rule.id,
                    title: rule.title,
                    severity: rule.severity,
                    message: rule.message,
                    help: rule.help,
                    check,
                    file: file.name.clone(),
                });
            }
        }
    }

    if meta.is_none() && errors.is_empty() {
        if let Some(file) = files.first() {
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
    match meta {
        Some(meta) if errors.is_empty() => Ok(Pack {
            meta,
            template,
            rules,
        }),
        _ => Err(PackError::Invalid { errors }),
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
    file: &SourceFile,
    raw: RawTemplate,
    errors: &mut Vec<RuleFileError>,
) -> Template {
    let mut sections: Vec<TemplateSection> = Vec::new();
    for section in raw.sections {
        let anchor = find_key_value(file, "id", &section.id, 0);
        if sections.iter().any(|s| s.id == section.id) {
            errors.push(file_error(
                file,
                anchor,
                section.id.len(),
                format!("模板部分 id `{}` 重复", section.id),
                "重复的 id".into(),
                None,
            ));
            continue;
        }
        if let Some(s) = compile_section(file, anchor, section, errors) {
            sections.push(s);
        }
    }
    let mut match_order = Vec::new();
    for id in &raw.match_order {
        match sections.iter().position(|s| &s.id == id) {
            Some(i) if !match_order.contains(&i) => match_order.push(i),
            Some(_) => {}
            None => errors.push(unknown_section(file, find_text(file, id, 0), id, &sections)),
        }
    }
    for i in 0..sections.len() {
        if !match_order.contains(&i) {
            match_order.push(i);
        }
    }
    Template {
        sections,
        match_order,
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
        title: raw.title,
        wording: raw.wording,
        clause: raw.clause,
        required: raw.required,
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
    let any = raw
        .any
        .iter()
        .map(|p| compile_regex(file, anchor, p, errors).map(|r| r.as_str().to_string()))
        .collect::<Option<Vec<_>>>()?;
    let any = Regex::new(
        &any.iter()
            .map(|p| format!("(?:{p})"))
            .collect::<Vec<_>>()
            .join("|"),
    )
    .ok()?;
    let promised_by = match &raw.promised_by {
        Some(p) => Some(compile_regex(file, anchor, p, errors)?),
        None => None,
    };
    Some(ContentItem {
        id: raw.id,
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
    let find = Regex::new(
        &raw.any
            .iter()
            .map(|p| format!("(?:{p})"))
            .collect::<Vec<_>>()
            .join("|"),
    )
    .ok()?;
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
    RegexSetBuilder::new(patterns)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .ok()
}

fn compile_regex(
    file: &SourceFile,
    anchor: usize,
    pattern: &str,
    errors: &mut Vec<RuleFileError>,
) -> Option<Regex> {
    match RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
    {
        Ok(re) => Some(re),
        Err(e) => {
            let at = find_text(file, pattern, anchor);
            let len = if at == anchor { 0 } else { pattern.len() };
            errors.push(file_error(
                file,
                at,
                len,
                format!("无效的正则表达式 `{pattern}`"),
                "此正则无法编译".into(),
                Some(format!(
                    "正则表达式错误：{}",
                    e.to_string().lines().last().unwrap_or_default().trim()
                )),
            ));
            None
        }
    }
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
                self.errors.push(file_error(
                    file,
                    e.offset.unwrap_or(0),
                    0,
                    "数据文件格式错误".to_string(),
                    e.message.clone(),
                    Some(yaml_hint(&e.message)),
                ));
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

fn file_error(
    file: &SourceFile,
    offset: usize,
    len: usize,
    message: String,
    label: String,
    help: Option<String>,
) -> RuleFileError {
    let offset = offset.min(file.text.len());
    RuleFileError {
        message: format!("{}：{}", file.name, message),
        source_code: NamedSource::new(file.name.clone(), file.text.clone()),
        span: SourceSpan::new(offset.into(), len.min(file.text.len() - offset)),
        label,
        help,
    }
}

/// Turns serde's English shape errors into a hint in Chinese.
fn yaml_hint(message: &str) -> String {
    if message.contains("unknown field") {
        "键名拼写有误或不属于此处；请对照 README 的“规则文件”一节".to_string()
    } else if message.contains("missing field") {
        "缺少必填的键；请对照 README 的“规则文件”一节".to_string()
    } else if message.contains("unknown variant") {
        "取值不在允许的范围内".to_string()
    } else {
        "请检查 YAML 的缩进、冒号和引号".to_string()
    }
}

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
