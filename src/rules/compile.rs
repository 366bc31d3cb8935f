//! Turns rule files into a checked [`Pack`]: reads each file into a tree of
//! positioned YAML nodes, each rule on its own (a mistake in one rule hides
//! nothing in another, or in another file), compiles every regex once,
//! resolves section references, compiles each rule's `check:` through the
//! kind its `kind:` names ([`KindRegistry`]), and collects **all** problems,
//! each at its exact place in the YAML, before any report is read.

use std::borrow::Cow;
use std::collections::HashMap;

use regex::{Regex, RegexSet};

use super::env::{regex_error, unknown_section, DataFiles, RuleEnv};
use super::grammar::RawDocument;
use super::kinds::KindRegistry;
use super::raw::{Level, RawContent, RawMatcher, RawPackMeta, RawRule, RawSection, RawTemplate};
use super::regexes;
use super::source::{rule_file_hint, shifted, RuleSource};
use super::yaml::{self, Node, Value, YamlError, YamlErrorKind};
use crate::checks::{message, Pack, PackMeta, Prefilter, Rule};
use crate::error::{PackError, RuleFileError, RuleFileWarning};
use crate::template::{ContentItem, Matcher, Template, TemplateSection};

pub use super::source::SourceFile;
pub use crate::error::MAX_SHOWN;

/// The most rules a pack may have (all layers together). The built-in pack
/// has about sixty; the limit keeps a generated or hostile pack from taking
/// the memory and time of thousands of regexes.
pub const MAX_RULES: usize = 20_000;

/// The keys of a rule file.
const FILE_KEYS: &[&str] = &["pack", "document", "template", "rules"];

/// Compiles the files of one pack (no inheritance). `data` holds the
/// pack's data files (dictionaries under `data/`), which rules refer to by
/// relative path.
pub fn compile(files: &[SourceFile], data: &[SourceFile]) -> Result<Pack, PackError> {
    compile_with(&[files.to_vec()], data, &KindRegistry::builtin())
}

/// Compiles a pack made of layers with the built-in rule kinds; see
/// [`compile_with`].
pub fn compile_layers(layers: &[Vec<SourceFile>], data: &[SourceFile]) -> Result<Pack, PackError> {
    compile_with(layers, data, &KindRegistry::builtin())
}

/// A rule file read into its parts.
struct Parsed<'a> {
    file: &'a SourceFile,
    tree: Node,
}

/// A template section or rule with where it stands.
struct Item<'a, T> {
    layer: usize,
    /// Its file (and, for a rule that overrides an inherited one key by
    /// key, the files of the inherited rule: see [`RuleSource`]).
    file: RuleSource<'a>,
    /// Its YAML: as written, or merged over the inherited rule's.
    node: Cow<'a, Node>,
    /// The layer that last set the rule's `severity` (a pack-level
    /// `severity:` map of an earlier layer does not undo it).
    severity_layer: usize,
    /// `None` when the item's YAML has an error (already recorded); its id
    /// still takes part in merging and duplicate detection.
    raw: Option<T>,
}

/// Compiles a pack made of layers: the pack it extends first (and that one's
/// parent before it), the pack itself last. A later layer's rule or template
/// section with the same id replaces the earlier one; `disable` removes
/// inherited rules. `data` holds the data files of all layers, the pack's
/// own first. `kinds` are the rule kinds a `check:` may name.
pub fn compile_with(
    layers: &[Vec<SourceFile>],
    data: &[SourceFile],
    kinds: &KindRegistry,
) -> Result<Pack, PackError> {
    let mut errors = Vec::new();
    let parsed: Vec<Vec<Parsed>> = layers
        .iter()
        .map(|files| {
            files
                .iter()
                .filter_map(|file| match yaml::parse(&file.text) {
                    Ok(tree) => Some(Parsed { file, tree }),
                    Err(e) => {
                        errors.push(file.yaml_error(&e, "规则文件格式错误", rule_file_hint));
                        None
                    }
                })
                .collect()
        })
        .collect();

    let mut meta: Option<(usize, PackMeta)> = None;
    let mut disabled: Vec<(&SourceFile, &Node, String)> = Vec::new();
    let mut levels: Vec<PackLevel> = Vec::new();
    let mut defaults = crate::meta::ReportDefaults::default();
    let mut match_order: Option<(&SourceFile, &Node, Vec<String>)> = None;
    let mut sections = Merged::default();
    let mut rules = Merged::default();
    let mut rule_count = 0;
    let mut grammar = super::grammar::Layered::base();
    for (layer, files) in parsed.iter().enumerate() {
        let mut layer_meta: Option<&Node> = None;
        for Parsed { file, tree } in files {
            let file: &SourceFile = file;
            let entries: &[(Node, Node)] = match &tree.value {
                Value::Map(entries) => entries,
                _ if tree.is_null() => &[],
                _ => {
                    let e = YamlError::new(
                        YamlErrorKind::InvalidType {
                            expected: "struct RawFile".into(),
                            found: "其他结构".into(),
                        },
                        Some(tree.span.clone()),
                    );
                    errors.push(file.yaml_error(&e, "规则文件格式错误", rule_file_hint));
                    continue;
                }
            };
            for (key, value) in entries {
                match key.as_str().unwrap_or("") {
                    "pack" => {
                        if layer_meta.is_some() {
                            errors.push(file.error(
                                file.value_span(key),
                                "重复的 pack 定义",
                                "第二个 pack",
                                Some("一个规则包只能有一处 `pack:`".into()),
                            ));
                            continue;
                        }
                        layer_meta = Some(key);
                        let m: RawPackMeta = match decode(file, value, &mut errors) {
                            Some(m) => m,
                            None => continue,
                        };
                        for (i, id) in m.disable.iter().enumerate() {
                            disabled.push((file, value.at(&format!("disable[{i}]")), id.clone()));
                        }
                        for (id, level) in &m.severity {
                            let key = value
                                .get("severity")
                                .and_then(|map| map.entry(id))
                                .map_or(value, |(k, _)| k);
                            levels.push(PackLevel {
                                layer,
                                file,
                                key,
                                id: id.clone(),
                                level: *level,
                            });
                        }
                        let detect =
                            m.detect.as_deref().and_then(|pattern| {
                                match regexes::compile(pattern) {
                                    Ok(re) => Some(re),
                                    Err(p) => {
                                        errors.push(regex_error(
                                            file,
                                            value.at("detect"),
                                            pattern,
                                            &p,
                                        ));
                                        None
                                    }
                                }
                            });
                        if let Some(report) = &m.report {
                            defaults.level = report.level.or(defaults.level);
                            if let Some(text) = &report.deadline {
                                match crate::meta::DeadlineProfile::parse(text) {
                                    Some(d) => defaults.deadline = Some(d),
                                    None => errors.push(file.error(
                                        file.value_span(value.at("report.deadline")),
                                        format!("无法识别的报送期限“{text}”"),
                                        "无效的期限",
                                        Some("report.deadline 取 national、demonstration、MM-DD（如 '02-15'）或 MM-last（该月最后一天，如 '02-last'）；日子须是该月每年都有的".into()),
                                    )),
                                }
                            }
                        }
                        meta = Some((
                            layer,
                            PackMeta {
                                id: m.id,
                                name: m.name,
                                version: m.version,
                                description: m.description,
                                detect,
                                defaults,
                            },
                        ));
                    }
                    "document" => {
                        if let Some(d) = decode::<RawDocument>(file, value, &mut errors) {
                            grammar.add(file, value, d, &mut errors);
                        }
                    }
                    "template" => {
                        let Some(t) = decode::<RawTemplate>(file, value, &mut errors) else {
                            continue;
                        };
                        if !t.match_order.is_empty() {
                            match_order = Some((file, value.at("match_order"), t.match_order));
                        }
                        for (i, section) in t.sections.into_iter().enumerate() {
                            let node = value.at(&format!("sections[{i}]"));
                            let id = section.id.clone();
                            let item = Item {
                                layer,
                                file: RuleSource::single(file),
                                node: Cow::Borrowed(node),
                                severity_layer: layer,
                                raw: Some(section),
                            };
                            sections.add(id, item, &mut errors, "模板部分");
                        }
                    }
                    "rules" => {
                        let items: &[Node] = match &value.value {
                            Value::Seq(items) => items,
                            _ if value.is_null() => &[],
                            _ => {
                                let e = YamlError::new(
                                    YamlErrorKind::InvalidType {
                                        expected: "a sequence".into(),
                                        found: "其他结构".into(),
                                    },
                                    Some(value.span.clone()),
                                );
                                errors.push(file.yaml_error(
                                    &e,
                                    "规则文件格式错误",
                                    rule_file_hint,
                                ));
                                continue;
                            }
                        };
                        for node in items {
                            rule_count += 1;
                            if rule_count == MAX_RULES + 1 {
                                errors.push(file.error(
                                    file.value_span(node),
                                    format!("规则过多：规则包（连同所继承的）超过 {MAX_RULES} 条规则"),
                                    format!("第 {} 条规则", MAX_RULES + 1),
                                    Some(format!(
                                        "一个规则包最多 {MAX_RULES} 条规则。请删去重复或不用的规则（可用正则的 | 把同类写法合为一条），或把规则分成几个规则包分别检查"
                                    )),
                                ));
                            }
                            if rule_count > MAX_RULES {
                                continue;
                            }
                            let inherited = node
                                .get("id")
                                .and_then(Node::as_str)
                                .and_then(|id| rules.inherited(id, layer));
                            let item = match inherited {
                                Some(parent) => {
                                    override_rule(layer, file, node, parent, &mut errors)
                                }
                                None => Item {
                                    layer,
                                    file: RuleSource::single(file),
                                    node: Cow::Borrowed(node),
                                    severity_layer: layer,
                                    raw: decode::<RawRule>(file, node, &mut errors),
                                },
                            };
                            let id = item.raw.as_ref().map(|r| r.id.clone()).or_else(|| {
                                node.get("id").and_then(Node::as_str).map(str::to_string)
                            });
                            match id {
                                Some(id) => rules.add(id, item, &mut errors, "规则"),
                                None => continue,
                            }
                        }
                    }
                    other => {
                        let e = YamlError::new(
                            YamlErrorKind::UnknownField {
                                found: other.to_string(),
                                expected: FILE_KEYS.iter().map(|k| k.to_string()).collect(),
                            },
                            Some(key.span.clone()),
                        );
                        errors.push(file.yaml_error(&e, "规则文件格式错误", rule_file_hint));
                    }
                }
            }
        }
    }
    if rule_count > MAX_RULES {
        // Nothing more is compiled: the limit exists so that a huge pack
        // costs no more than reading it.
        return Err(PackError::invalid(errors));
    }

    for (file, node, id) in &disabled {
        if !rules.contains(id) && !sections.contains(id) {
            errors.push(file.error(
                file.value_span(node),
                format!("停用了不存在的规则或模板部分 `{id}`"),
                "没有这条规则或模板部分",
                Some("`disable` 只能列出所继承的规则包中已有的规则 id 或模板部分 id".into()),
            ));
        }
    }

    for level in &levels {
        if !rules.contains(&level.id) {
            let hint = yaml::did_you_mean(&level.id, rules.by_id.keys().map(String::as_str))
                .map(|k| format!("是否想写 `{k}`？"))
                .unwrap_or_default();
            errors.push(level.file.error(
                level.file.value_span(level.key),
                format!("`pack.severity` 中的规则 `{}` 不存在", level.id),
                "没有这条规则",
                Some(format!(
                    "{hint}`severity` 只能列出本规则包或所继承的规则包中的规则 id"
                )),
            ));
        }
    }

    // A pack written to another template drops the inherited sections it
    // does not have (and keeps the writing rules).
    let kept_sections: Vec<_> = sections
        .items
        .into_iter()
        .filter(|item| {
            item.raw
                .as_ref()
                .is_none_or(|s| !disabled.iter().any(|(_, _, id)| *id == s.id))
        })
        .collect();
    let template = compile_template(kept_sections, match_order, &mut errors);
    let data = DataFiles::new(data);
    let mut warnings: Vec<RuleFileWarning> = data
        .shadowing()
        .into_iter()
        .map(RuleFileWarning::from)
        .collect();
    let mut compiled = Vec::new();
    let mut without_examples = 0;
    for item in rules.items {
        let Some(rule) = item.raw else { continue };
        if disabled.iter().any(|(_, _, id)| *id == rule.id) {
            continue;
        }
        // The pack-level setting of the latest layer, unless a later layer
        // set the rule's own severity.
        let level = levels
            .iter()
            .filter(|l| l.id == rule.id && l.layer >= item.severity_layer)
            .max_by_key(|l| l.layer)
            .map(|l| l.level);
        let severity = match level.map(Level::severity) {
            Some(None) => continue,
            Some(Some(severity)) => severity,
            None => rule.severity,
        };
        let id_span = item.file.value_span(item.node.at("id"));
        let own = item.file.own();
        if rule
            .examples
            .as_ref()
            .is_none_or(|e| e.valid.is_empty() && e.invalid.is_empty())
        {
            without_examples += 1;
            if without_examples <= MAX_SHOWN {
                warnings.push(RuleFileWarning::from(own.error(
                    id_span.clone(),
                    format!("规则 `{}` 没有测试用例", rule.id),
                    "缺少 examples",
                    Some("加入 `examples: {valid: [...], invalid: [{text: ...}]}`，`reportlint rules test` 会运行它们".to_string()),
                )));
            } else if without_examples == MAX_SHOWN + 1 {
                warnings.push(RuleFileWarning::from(own.error(
                    id_span.clone(),
                    format!("从规则 `{}` 起，还有规则没有测试用例（不再逐条列出）", rule.id),
                    "缺少 examples",
                    Some(format!("只逐条列出前 {MAX_SHOWN} 条没有用例的规则；给它们加上 examples 后，其余的会列出")),
                )));
            }
        }
        let mut env = RuleEnv {
            file: item.file.clone(),
            rule: &item.node,
            template: &template,
            data: &data,
            examples: rule.examples.as_ref(),
            labels: Default::default(),
            errors: &mut errors,
        };
        let Some(check) = compile_check(&item.node, kinds, &mut env) else {
            // The options did not compile; the message and help are still
            // checked against what the kind can fill, so that every mistake
            // in the rule is reported in one run.
            let kind = item.node.get("check").and_then(|c| c.get("kind"));
            if let Some(entry) = kind.and_then(Node::as_str).and_then(|k| kinds.get(k)) {
                let mut texts = vec![("message", rule.message.as_str())];
                texts.extend(rule.help.as_deref().map(|h| ("help", h)));
                for (at, text) in texts {
                    check_placeholders(&mut env, at, text, entry.name, entry.placeholders);
                }
            }
            continue;
        };
        let mut texts = vec![("message", rule.message.as_str())];
        texts.extend(rule.help.as_deref().map(|h| ("help", h)));
        texts.extend(check.messages());
        for (at, text) in texts {
            check_placeholders(&mut env, at, text, check.kind(), check.placeholders());
        }
        let basis = compile_basis(&rule.basis, &item.file, &item.node, &mut errors);
        let mut examples = rule.examples;
        if let Some(e) = &mut examples {
            // The examples are written in one file (an override replaces
            // them whole).
            let at = |path: String| item.file.file_at(item.node.at(&path).span.start);
            let (file, _) = at("examples".to_string());
            e.places.file = file.name.clone();
            e.places.text = Some(std::sync::Arc::clone(&file.text));
            e.places.valid = (0..e.valid.len())
                .map(|i| at(format!("examples.valid[{i}]")).1)
                .collect();
            e.places.invalid = (0..e.invalid.len())
                .map(|i| at(format!("examples.invalid[{i}]")).1)
                .collect();
        }
        compiled.push(Rule {
            id: rule.id,
            title: rule.title,
            severity,
            message: rule.message,
            help: rule.help,
            description: rule.description,
            basis,
            examples,
            check,
            file: own.name.clone(),
            own: item.layer + 1 == layers.len(),
        });
    }

    let last_layer = layers.len().saturating_sub(1);
    match meta {
        Some((layer, meta)) if layer == last_layer && errors.is_empty() => Ok(Pack {
            meta,
            grammar: grammar.finish(),
            template,
            prefilter: Prefilter::new(&compiled, super::regexes::set),
            rules: compiled,
            warnings,
        }),
        _ => {
            if errors.is_empty() {
                if let Some(file) = layers.last().and_then(|l| l.first()) {
                    errors.push(file.error(
                        0..0,
                        "规则包缺少 `pack:` 定义",
                        "在某个文件中加入 pack",
                        Some("例如：pack: {id: my-pack, name: 我的规则包}".to_string()),
                    ));
                }
            }
            Err(PackError::invalid(errors))
        }
    }
}

/// One entry of a `pack.severity` map.
struct PackLevel<'a> {
    layer: usize,
    file: &'a SourceFile,
    /// The rule id as written (the key).
    key: &'a Node,
    id: String,
    level: Level,
}

/// A rule of a later layer whose id an earlier layer has: only the keys it
/// writes replace the inherited rule's, and those under `check:` one by one,
/// so that changing a rule's severity or one option is one line, not a copy
/// of the rule. A key written as `~` drops the inherited value (an option
/// of the inherited `check:` that does not fit the new ones). The override
/// cannot change the rule's kind: its other options would be read as
/// options of another kind.
fn override_rule<'a>(
    layer: usize,
    file: &'a SourceFile,
    node: &'a Node,
    parent: &Item<'a, RawRule>,
    errors: &mut Vec<RuleFileError>,
) -> Item<'a, RawRule> {
    let failed = |raw| Item {
        layer,
        file: RuleSource::single(file),
        node: Cow::Borrowed(node),
        severity_layer: layer,
        raw,
    };
    let Value::Map(own) = &node.value else {
        return failed(decode::<RawRule>(file, node, errors));
    };
    // The inherited rule's errors are already reported.
    if parent.raw.is_none() {
        return failed(None);
    }
    let kind_of = |n: &Node| n.get("check").and_then(|c| c.get("kind")).cloned();
    if let (Some(new), Some(old)) = (kind_of(node), kind_of(&parent.node)) {
        if new.as_str() != old.as_str() {
            let id = node.get("id").and_then(Node::as_str).unwrap_or_default();
            let old = old.as_str().unwrap_or_default();
            errors.push(file.error(
                file.value_span(&new),
                format!("覆盖继承的规则 `{id}` 时不能改变规则类型（继承的类型是 {old}）"),
                format!("继承的规则是 {old}"),
                Some(format!(
                    "覆盖只能修改规则的键和 {old} 类型的选项；要换一种检查方式，请用新的 id 另写一条规则，并在 pack.severity 中写 `{id}: off` 停用继承的规则"
                )),
            ));
            return failed(None);
        }
    }
    let (source, shift) = RuleSource::over(file, &parent.file);
    let Value::Map(mut entries) = shifted(&parent.node, shift).value else {
        return failed(None);
    };
    for (key, value) in own {
        let name = key.as_str().unwrap_or_default();
        let merged_check = match (&value.value, find_entry(&mut entries, name)) {
            (Value::Map(over), Some((_, inherited))) if name == "check" => {
                match &mut inherited.value {
                    Value::Map(options) => {
                        for (k, v) in over {
                            set_entry(options, k, v);
                        }
                        true
                    }
                    _ => false,
                }
            }
            _ => false,
        };
        if !merged_check {
            set_entry(&mut entries, key, value);
        }
    }
    let merged = Node {
        span: node.span.clone(),
        value: Value::Map(entries),
    };
    let raw = yaml::from_node::<RawRule>(&merged)
        .map_err(|e| errors.push(source.yaml_error(&e, "规则文件格式错误", rule_file_hint)))
        .ok();
    Item {
        layer,
        file: source,
        node: Cow::Owned(merged),
        severity_layer: if node.get("severity").is_some() {
            layer
        } else {
            parent.severity_layer
        },
        raw,
    }
}

fn find_entry<'n>(entries: &'n mut [(Node, Node)], key: &str) -> Option<&'n mut (Node, Node)> {
    entries.iter_mut().find(|(k, _)| k.as_str() == Some(key))
}

/// Sets a key of a merged mapping; `~` removes it.
fn set_entry(entries: &mut Vec<(Node, Node)>, key: &Node, value: &Node) {
    let name = key.as_str().unwrap_or_default();
    let at = entries.iter().position(|(k, _)| k.as_str() == Some(name));
    match (at, value.is_null()) {
        (Some(i), true) => {
            entries.remove(i);
        }
        (Some(i), false) => entries[i] = (key.clone(), value.clone()),
        (None, true) => {}
        (None, false) => entries.push((key.clone(), value.clone())),
    }
}

/// Reads a node into `T`, recording a shape error.
fn decode<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    node: &Node,
    errors: &mut Vec<RuleFileError>,
) -> Option<T> {
    yaml::from_node(node)
        .map_err(|e| errors.push(file.yaml_error(&e, "规则文件格式错误", rule_file_hint)))
        .ok()
}

/// Compiles a rule's `check:` block through the kind its `kind:` names.
/// A rule's `basis:` entries, each with a source and a quotation that say
/// something (an empty one is an error: a reviewer would find nothing to
/// check the rule against).
fn compile_basis(
    raw: &[super::raw::RawBasis],
    file: &RuleSource,
    rule: &Node,
    errors: &mut Vec<RuleFileError>,
) -> Vec<crate::checks::Basis> {
    let mut basis = Vec::with_capacity(raw.len());
    for (i, b) in raw.iter().enumerate() {
        let mut ok = true;
        for (key, value) in [("source", b.source.as_str()), ("quote", b.quote.as_str())] {
            if value.trim().is_empty() {
                ok = false;
                let node = rule.at(&format!("basis[{i}].{key}"));
                errors.push(file.error(
                    file.value_span(node),
                    format!("规则的依据 `basis[{i}].{key}` 是空的"),
                    "没有内容",
                    Some(match key {
                        "source" => "写出文件或标准的名称，如“《法治政府建设与责任落实督察工作规定》”".to_string(),
                        _ => "照录出处的原文（可用“……”省略无关部分）；没有可引的原文时删去这一条依据".to_string(),
                    }),
                ));
            }
        }
        if ok {
            basis.push(crate::checks::Basis {
                source: b.source.trim().to_string(),
                clause: b
                    .clause
                    .as_ref()
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty()),
                quote: b.quote.trim().to_string(),
            });
        }
    }
    basis
}

fn compile_check(
    rule: &Node,
    kinds: &KindRegistry,
    env: &mut RuleEnv,
) -> Option<Box<dyn crate::checks::Check>> {
    let check = rule.get("check")?;
    let names: Vec<String> = kinds.names().map(str::to_string).collect();
    let Some(kind_node) = check.get("kind") else {
        let e = YamlError::new(
            YamlErrorKind::MissingField("kind".into()),
            Some(check.span.clone()),
        );
        let mut error = env.file.yaml_error(&e, "规则文件格式错误", rule_file_hint);
        error.help = Some(format!(
            "`check:` 须以 `kind:` 写明规则类型，可取：{}",
            names.join("、")
        ));
        env.errors.push(error);
        return None;
    };
    let name = kind_node.as_str().unwrap_or("");
    match kinds.get(name) {
        Some(entry) => entry.compile(check, env),
        None => {
            let e = YamlError::new(
                YamlErrorKind::UnknownVariant {
                    found: name.to_string(),
                    expected: names,
                },
                Some(kind_node.span.clone()),
            );
            env.yaml_error(&e);
            None
        }
    }
}

/// Reports each `{name}` in a message that the rule's kind does not fill, so
/// a typo is caught when the pack loads rather than printed to every user.
pub(super) fn check_placeholders(
    env: &mut RuleEnv,
    at: &str,
    text: &str,
    kind: &str,
    allowed: &[&str],
) {
    for piece in message::malformed(text) {
        env.problem(
            at,
            Some(piece),
            crate::checks::Problem::new(
                format!("占位符 `{piece}` 缺少右花括号 }}"),
                "未闭合的占位符",
                format!(
                    "写作 `{piece}}}`；要写花括号本身，在名称后紧接冒号以外的字符时请改用全角括号｛｝"
                ),
            ),
        );
    }
    for name in message::placeholders(text) {
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
        env.problem(
            at,
            Some(&format!("{{{name}}}")),
            crate::checks::Problem::new(
                format!("占位符 `{{{name}}}` 不是 {kind} 规则提供的"),
                "未知的占位符",
                format!(
                    "{hint}可用的占位符：{}",
                    known
                        .iter()
                        .map(|k| format!("{{{k}}}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            ),
        );
    }
}

/// Template sections or rules merged over the layers of a pack: a later
/// layer replaces the item with the same id; the same id twice within one
/// layer is an error, shown at both places. An index by id keeps merging
/// linear in the number of items.
struct Merged<'a, T> {
    items: Vec<Item<'a, T>>,
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
    fn add(&mut self, id: String, item: Item<'a, T>, errors: &mut Vec<RuleFileError>, what: &str) {
        match self.by_id.get(&id) {
            Some(&i) if self.items[i].layer == item.layer => {
                let first = &self.items[i];
                let line = |file: &SourceFile, node: &Node| {
                    file.text[..node.span.start].matches('\n').count() + 1
                };
                let help = format!("每个{what}的 id 在整个规则包中必须唯一；要覆盖继承来的{what}，请写在继承它的规则包中");
                for (here, other) in [(&item, first), (first, &item)] {
                    let (here_file, other_file) = (here.file.own(), other.file.own());
                    let place = if std::ptr::eq(here_file, other_file) {
                        format!("第 {} 行", line(other_file, &other.node))
                    } else {
                        format!(
                            "{} 第 {} 行",
                            other_file.name,
                            line(other_file, &other.node)
                        )
                    };
                    errors.push(here.file.error(
                        here.file.value_span(here.node.at("id")),
                        format!("{what} id `{id}` 重复"),
                        format!("重复的 id（另一处在{place}）"),
                        Some(help.clone()),
                    ));
                }
                // The second is dropped; the first stays, so that it is not
                // reported as missing.
            }
            Some(&i) => self.items[i] = item,
            None => {
                self.by_id.insert(id, self.items.len());
                self.items.push(item);
            }
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// The item with this id from a layer before `layer` (the one a rule
    /// of `layer` overrides).
    fn inherited(&self, id: &str, layer: usize) -> Option<&Item<'a, T>> {
        let item = &self.items[*self.by_id.get(id)?];
        (item.layer < layer).then_some(item)
    }
}

fn compile_template(
    sections: Vec<Item<RawSection>>,
    match_order: Option<(&SourceFile, &Node, Vec<String>)>,
    errors: &mut Vec<RuleFileError>,
) -> Template {
    let mut compiled: Vec<TemplateSection> = Vec::new();
    for item in sections {
        let Some(raw) = item.raw else { continue };
        if let Some(s) = compile_section(item.file.own(), &item.node, raw, errors) {
            compiled.push(s);
        }
    }
    let mut template = Template {
        sections: compiled,
        match_order: Vec::new(),
    };
    let mut order = Vec::new();
    if let Some((file, node, ids)) = match_order {
        for (i, id) in ids.iter().enumerate() {
            match template.index_of(id) {
                Some(s) if !order.contains(&s) => order.push(s),
                Some(_) => {}
                None => {
                    let span = file.value_span(node.at(&format!("[{i}]")));
                    errors.push(unknown_section(
                        &RuleSource::single(file),
                        span,
                        id,
                        &template,
                    ));
                }
            }
        }
    }
    for i in 0..template.sections.len() {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    template.match_order = order;
    template
}

/// Where a section's regexes stand, for errors.
struct At<'a> {
    file: &'a SourceFile,
    node: &'a Node,
}

impl At<'_> {
    fn regex(&self, path: &str, pattern: &str, errors: &mut Vec<RuleFileError>) -> Option<Regex> {
        regexes::compile(pattern)
            .map_err(|p| errors.push(regex_error(self.file, self.node.at(path), pattern, &p)))
            .ok()
    }

    /// Each pattern of a list checked on its own, then the list as a set.
    fn set(
        &self,
        path: &str,
        patterns: &[String],
        errors: &mut Vec<RuleFileError>,
    ) -> Option<RegexSet> {
        self.each(path, patterns, errors)?;
        regexes::set(patterns)
            .map_err(|p| errors.push(regex_error(self.file, self.node.at(path), "", &p)))
            .ok()
    }

    /// The patterns of a list (each already checked) as one regex that
    /// matches where any of them does.
    fn joined(
        &self,
        path: &str,
        patterns: &[String],
        errors: &mut Vec<RuleFileError>,
    ) -> Option<Regex> {
        regexes::any(patterns)
            .map_err(|p| errors.push(regex_error(self.file, self.node.at(path), "", &p)))
            .ok()
    }

    fn each(&self, path: &str, patterns: &[String], errors: &mut Vec<RuleFileError>) -> Option<()> {
        let mut ok = true;
        for (i, p) in patterns.iter().enumerate() {
            ok &= self.regex(&format!("{path}[{i}]"), p, errors).is_some();
        }
        ok.then_some(())
    }
}

fn compile_section(
    file: &SourceFile,
    node: &Node,
    raw: RawSection,
    errors: &mut Vec<RuleFileError>,
) -> Option<TemplateSection> {
    let at = At { file, node };
    let before = errors.len();
    let heading = matcher(&at, "heading", &raw.heading, errors);
    let topical = raw
        .topical
        .as_ref()
        .map(|t| matcher(&at, "topical", t, errors));
    let mentions = if raw.mentions.is_empty() {
        None
    } else {
        let any = at.set("mentions", &raw.mentions, errors);
        let not = at.set("heading.not", &raw.heading.not, errors);
        let find = at.joined("mentions", &raw.mentions, errors);
        match (any, not, find) {
            (Some(any), Some(not), Some(find)) => Some(Matcher { any, not, find }),
            _ => None,
        }
    };
    let contents: Vec<ContentItem> = raw
        .contents
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| content(&at, &format!("contents[{i}]"), c, errors))
        .collect();
    for (i, &level) in raw.levels.iter().enumerate() {
        if !(1..=4).contains(&level) {
            errors.push(file.error(
                file.value_span(node.at(&format!("levels[{i}]"))),
                format!("标题层级 {level} 无效"),
                "层级只能是 1–4",
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
        topical: topical.flatten(),
        levels: raw.levels,
        mentions,
        contents,
        names_year: raw.names_year,
        about_year: raw.about_year,
    })
}

fn content(
    at: &At,
    path: &str,
    raw: RawContent,
    errors: &mut Vec<RuleFileError>,
) -> Option<ContentItem> {
    let mut ok = at.each(&format!("{path}.any"), &raw.any, errors).is_some();
    if let Some(m) = &raw.message {
        // The placeholders an `aspect: content` rule fills.
        const FILLED: &[&str] = &[
            "section",
            "heading",
            "item",
            "wording",
            "clause",
            "year",
            "next_year",
        ];
        for name in message::placeholders(m) {
            if !FILLED.contains(&name) {
                ok = false;
                let node = at.node.at(&format!("{path}.message"));
                errors.push(at.file.error(
                    at.file.part_of(node, &format!("{{{name}}}")),
                    format!("占位符 `{{{name}}}` 不是必需内容的诊断信息可用的"),
                    "未知的占位符",
                    Some(format!(
                        "可用的占位符：{}",
                        FILLED.iter().map(|k| format!("{{{k}}}")).collect::<Vec<_>>().join(" ")
                    )),
                ));
            }
        }
    }
    let promised_by = match &raw.promised_by {
        Some(p) => Some(at.regex(&format!("{path}.promised_by"), p, errors)?),
        None => None,
    };
    if !ok {
        return None;
    }
    let any = at.joined(&format!("{path}.any"), &raw.any, errors)?;
    Some(ContentItem {
        id: raw.id,
        short: raw.short.unwrap_or_else(|| raw.title.clone()),
        title: raw.title,
        any,
        promised_by,
        message: raw.message,
        severity: raw.severity,
    })
}

fn matcher(
    at: &At,
    path: &str,
    raw: &RawMatcher,
    errors: &mut Vec<RuleFileError>,
) -> Option<Matcher> {
    let any = at.set(&format!("{path}.any"), &raw.any, errors);
    let not = at.set(&format!("{path}.not"), &raw.not, errors);
    let find = at.joined(&format!("{path}.any"), &raw.any, errors);
    Some(Matcher {
        any: any?,
        not: not?,
        find: find?,
    })
}
