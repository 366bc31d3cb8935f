//! The JSON Schema of the rule-file format, generated from the serde structs
//! of the rule files (`rules::raw`) and, for each rule's `check:`, from the
//! options of every rule kind in the table ([`KindRegistry`]), so editors
//! can complete and check rule files. A committed copy (`rules/schema.json`)
//! is tested for staleness.

use schemars::generate::SchemaSettings;
use serde_json::{json, Value};

use crate::checks::LabelKey;
use crate::rules::raw::RawFile;
use crate::rules::KindRegistry;

/// The `labels:` block of a kind: each key a text, with what it is for, its
/// placeholders and its default.
fn labels_schema(keys: &[LabelKey]) -> Value {
    let properties: serde_json::Map<String, Value> = keys
        .iter()
        .map(|k| {
            let placeholders = if k.placeholders.is_empty() {
                String::new()
            } else {
                format!(
                    "可用占位符：{}。",
                    k.placeholders
                        .iter()
                        .map(|p| format!("{{{p}}}"))
                        .collect::<Vec<_>>()
                        .join("、")
                )
            };
            (
                k.key.to_string(),
                json!({
                    "type": "string",
                    "description": format!("{}。{placeholders}默认：{}", k.docs, k.default),
                    "default": k.default,
                }),
            )
        })
        .collect();
    json!({
        "description": "诊断中标注的文字（按模板的说法写），省略的键用默认文字。可用 {year}、{next_year}。",
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
    })
}

/// The JSON Schema of a `kind: law-title` dictionary (a data file).
pub fn dictionary_schema() -> String {
    pretty(schemars::schema_for!(crate::checks::law_title::Titles).to_value())
}

/// The JSON Schema of a whole-report fixture's expectation file
/// (`tests/名称.yaml`).
pub fn expectations_schema() -> String {
    pretty(super::rule_tests::expectations_schema())
}

fn pretty(value: Value) -> String {
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The template section ids of the built-in packs, for `scope:
/// section:<id>`.
fn section_ids() -> Vec<String> {
    let mut ids: Vec<String> = crate::rules::pack::builtin()
        .map(|p| p.template.sections.iter().map(|s| s.id.clone()).collect())
        .unwrap_or_default();
    ids.dedup();
    ids
}

/// Every `scope` option (a text in the options' structs) becomes the list of
/// its values, the built-in template's sections named, so that an editor
/// completes them and flags a misspelt one; a section of another pack still
/// validates by its form.
fn scope_values(value: &mut Value, sections: &[String]) {
    match value {
        Value::Object(object) => {
            if let Some(Value::Object(props)) = object.get_mut("properties") {
                if let Some(Value::Object(scope)) = props.get_mut("scope") {
                    if scope.get("type") == Some(&json!("string")) {
                        scope.remove("type");
                        let mut names: Vec<String> =
                            ["all", "title", "headings", "body", "closing"]
                                .iter()
                                .map(|s| s.to_string())
                                .collect();
                        names.extend(sections.iter().map(|id| format!("section:{id}")));
                        scope.insert(
                            "anyOf".into(),
                            json!([
                                {"enum": names},
                                {
                                    "type": "string",
                                    "pattern": "^section:\\S+$",
                                    "description": "本规则包或所继承的规则包中的其他模板部分：section:<模板部分 id>"
                                }
                            ]),
                        );
                    }
                }
            }
            for v in object.values_mut() {
                scope_values(v, sections);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| scope_values(v, sections)),
        _ => {}
    }
}

pub fn rule_file_schema() -> String {
    schema_with(&KindRegistry::builtin())
}

/// The schema with the given rule kinds: `check:` is one of them, each the
/// kind's options with `kind: <name>`.
pub fn schema_with(kinds: &KindRegistry) -> String {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let mut root = generator.root_schema_for::<RawFile>().to_value();
    let mut one_of = Vec::new();
    for entry in kinds.entries() {
        let reference = (entry.schema)(&mut generator).to_value();
        // The options are inlined, `kind` added to their keys: a `$ref`
        // could not be extended, as the options deny unknown keys.
        let mut options = reference["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|name| generator.definitions_mut().remove(name))
            .unwrap_or(reference);
        if let Some(object) = options.as_object_mut() {
            object.insert("description".into(), json!(entry.docs));
            let properties = object.entry("properties").or_insert_with(|| json!({}));
            if let Some(p) = properties.as_object_mut() {
                let mut with_kind = serde_json::Map::new();
                with_kind.insert(
                    "kind".into(),
                    json!({"type": "string", "const": entry.name}),
                );
                with_kind.extend(std::mem::take(p));
                if !entry.labels.is_empty() {
                    with_kind.insert("labels".into(), labels_schema(entry.labels));
                }
                *p = with_kind;
            }
            let required = object.entry("required").or_insert_with(|| json!([]));
            if let Some(r) = required.as_array_mut() {
                r.insert(0, json!("kind"));
            }
        }
        one_of.push(options);
    }
    let defs = root
        .as_object_mut()
        .map(|o| o.entry("$defs").or_insert_with(|| json!({})));
    if let Some(Value::Object(defs)) = defs {
        defs.extend(generator.take_definitions(true));
        defs.insert(
            "CheckBlock".into(),
            json!({
                "description": "规则类型：`kind:` 选择一种，其余的键是该类型的选项。每种类型在 `src/checks/` 中有自己的文件。",
                "anyOf": [
                    {"oneOf": one_of},
                    {
                        "type": "object",
                        "not": {"required": ["kind"]},
                        "description": "覆盖继承的规则时，只写要改的选项，不写 kind（类型不能改）。"
                    }
                ],
            }),
        );
        // A rule that overrides an inherited one (same id) gives only the
        // keys it changes; a new rule needs them all, which loading checks.
        if let Some(Value::Object(rule)) = defs.get_mut("RawRule") {
            rule.insert("required".into(), json!(["id"]));
            rule.insert(
                "description".into(),
                json!("一条规则。新规则须写 id、title、severity、message、check；与继承的规则同 id 时是覆盖，只写要改的键。"),
            );
        }
    }
    scope_values(&mut root, &section_ids());
    // The schema's own keys first, as readers expect.
    if let Value::Object(object) = &mut root {
        let mut ordered = serde_json::Map::new();
        for key in ["$schema", "title", "description"] {
            if let Some(v) = object.remove(key) {
                ordered.insert(key.into(), v);
            }
        }
        ordered.extend(std::mem::take(object));
        *object = ordered;
    }
    let mut text = serde_json::to_string_pretty(&root).unwrap_or_default();
    text.push('\n');
    text
}
