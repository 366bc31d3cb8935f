//! The JSON Schema of the rule-file format, generated from the serde structs
//! in `rules::raw`, so editors can complete and check rule files. A committed
//! copy (`rules/schema.json`) is tested for staleness.

use crate::rules::raw::RawFile;

pub fn rule_file_schema() -> String {
    let schema = schemars::schema_for!(RawFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
