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
                "oneOf": one_of,
            }),
        );
    }
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
