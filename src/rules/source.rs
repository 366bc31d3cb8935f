//! A YAML file being loaded (rule file, data file, configuration, waivers)
//! and the diagnostics that point into it: at a byte range the parser gave,
//! at a value named by its path, or at a part of that value.

use std::ops::Range;
use std::sync::Arc;

use miette::SourceSpan;

use super::yaml::{Node, YamlError, YamlErrorKind};
use crate::error::{RuleFileError, YamlSource};

/// A file's name and text. The text is shared, not copied, by every
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

    /// An error at a byte range of the file.
    pub fn error(
        &self,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> RuleFileError {
        file_error(
            self,
            span.start,
            span.len(),
            message.into(),
            label.into(),
            help,
        )
    }

    /// The bytes of `part` within the value `node` (the first place it is
    /// written there), or the whole value when it is not written verbatim.
    pub fn part_of(&self, node: &Node, part: &str) -> Range<usize> {
        let span = self.value_span(node);
        match self.text.get(span.clone()).and_then(|t| t.find(part)) {
            Some(i) if !part.is_empty() => span.start + i..span.start + i + part.len(),
            _ => span,
        }
    }

    /// The bytes of a scalar value without its quotes; a collection's
    /// first line.
    pub fn value_span(&self, node: &Node) -> Range<usize> {
        let span = node.span.clone();
        let Some(text) = self.text.get(span.clone()) else {
            return span;
        };
        if node.as_str().is_some() {
            for q in ['\'', '"'] {
                if text.len() >= 2 && text.starts_with(q) && text.ends_with(q) {
                    return span.start + 1..span.end - 1;
                }
            }
            return span;
        }
        let first_line = text.find('\n').unwrap_or(text.len());
        span.start..span.start + text[..first_line].trim_end().len()
    }

    /// The bytes of a value that is written in the file exactly as `value`
    /// (plain, or quoted without escapes), so that a position inside the
    /// value is a position in the file.
    pub fn verbatim(&self, node: &Node, value: &str) -> Option<usize> {
        let span = self.value_span(node);
        (self.text.get(span.clone()) == Some(value)).then_some(span.start)
    }

    /// A YAML error in this file, with a hint for the file's format.
    pub fn yaml_error(
        &self,
        e: &YamlError,
        what: &str,
        hint: impl Fn(&YamlError) -> String,
    ) -> RuleFileError {
        let hint = e.common_hint().unwrap_or_else(|| hint(e));
        let help = match e.did_you_mean() {
            Some(m) => format!("是否想写 `{m}`？{hint}"),
            None => hint,
        };
        let span = e.span.clone().unwrap_or(0..0);
        // A key or a scalar is underlined whole; a collection at its start.
        let len = match e.kind {
            YamlErrorKind::UnknownField { .. }
            | YamlErrorKind::UnknownVariant { .. }
            | YamlErrorKind::DuplicateField(_)
            | YamlErrorKind::InvalidType { .. }
            | YamlErrorKind::InvalidValue { .. } => {
                let text = self.text.get(span.clone()).unwrap_or("");
                text.find('\n').unwrap_or(text.len())
            }
            _ => 0,
        };
        file_error(
            self,
            span.start,
            len,
            what.to_string(),
            e.message.clone(),
            Some(help),
        )
    }
}

/// The hint for shape errors in files described in README's “规则文件”.
pub fn rule_file_hint(e: &YamlError) -> String {
    match e.kind {
        YamlErrorKind::UnknownField { .. } => {
            "键名拼写有误或不属于此处；请对照 README 的“规则文件”一节"
        }
        YamlErrorKind::MissingField(_) => "缺少必填的键；请对照 README 的“规则文件”一节",
        YamlErrorKind::UnknownVariant { .. } => "取值不在允许的范围内",
        _ => "值的类型不对（例如应为列表却写成了字符串）；请对照 README 的“规则文件”一节",
    }
    .to_string()
}

/// An error at `offset` (`len` bytes) of a file.
pub fn file_error(
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
    let mut offset = offset.min(file.text.len());
    if offset >= end && end > 0 {
        offset = file.text[..end].char_indices().last().map_or(0, |(i, _)| i);
    }
    while !file.text.is_char_boundary(offset) {
        offset -= 1;
    }
    let mut stop = (offset + len).min(file.text.len());
    while !file.text.is_char_boundary(stop) {
        stop += 1;
    }
    RuleFileError {
        message: format!("{}：{}", file.name, message),
        source_code: YamlSource {
            name: file.name.clone(),
            text: Arc::clone(&file.text),
        },
        span: SourceSpan::new(offset.into(), stop - offset),
        label,
        help,
    }
}
