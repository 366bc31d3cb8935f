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
        self.value_span_of(node.span.clone(), node.as_str().is_some())
    }

    /// [`SourceFile::value_span`] of the value written at `span`, a scalar
    /// or not.
    pub fn value_span_of(&self, span: Range<usize>, scalar: bool) -> Range<usize> {
        let Some(text) = self.text.get(span.clone()) else {
            return span;
        };
        if scalar {
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

/// The files a rule's YAML comes from. Most rules are written in one file;
/// a rule that overrides an inherited one key by key is a tree merged from
/// the overriding file and the files of the rule it overrides. The merged
/// tree's spans are offsets into those files laid end to end (each starting
/// one byte after the end of the last), so that every value still tells
/// which file it is in and where: a problem with an inherited value is
/// shown in the file that wrote it.
#[derive(Debug, Clone)]
pub struct RuleSource<'a> {
    /// Each file with the offset it starts at, the overriding file first at 0.
    parts: Vec<(usize, &'a SourceFile)>,
}

impl<'a> RuleSource<'a> {
    pub fn single(file: &'a SourceFile) -> RuleSource<'a> {
        RuleSource {
            parts: vec![(0, file)],
        }
    }

    /// The file the rule itself is written in (the overriding one).
    pub fn own(&self) -> &'a SourceFile {
        self.parts[0].1
    }

    /// Where a tree written after all of these files starts.
    fn end(&self) -> usize {
        self.parts
            .last()
            .map_or(0, |(base, file)| base + file.text.len() + 1)
    }

    /// `own` followed by the files of `inherited`, and the shift to add to
    /// the spans of `inherited`'s tree to make them spans of the result.
    pub fn over(own: &'a SourceFile, inherited: &RuleSource<'a>) -> (RuleSource<'a>, usize) {
        let mut source = RuleSource::single(own);
        let shift = source.end();
        source.parts.extend(
            inherited
                .parts
                .iter()
                .map(|(base, file)| (base + shift, *file)),
        );
        (source, shift)
    }

    /// The file an offset falls in, and where that file starts.
    fn locate(&self, offset: usize) -> (usize, &'a SourceFile) {
        self.parts
            .iter()
            .rev()
            .find(|(base, _)| *base <= offset)
            .copied()
            .unwrap_or(self.parts[0])
    }

    fn local(&self, span: &Range<usize>) -> (usize, &'a SourceFile, Range<usize>) {
        let (base, file) = self.locate(span.start);
        let start = span.start - base;
        let end = span.end.saturating_sub(base).max(start);
        (base, file, start..end)
    }

    /// See [`SourceFile::value_span`].
    pub fn value_span(&self, node: &Node) -> Range<usize> {
        let (base, file, local) = self.local(&node.span);
        let span = file.value_span_of(local, node.as_str().is_some());
        span.start + base..span.end + base
    }

    /// See [`SourceFile::part_of`].
    pub fn part_of(&self, node: &Node, part: &str) -> Range<usize> {
        let span = self.value_span(node);
        match self.text(&span).and_then(|t| t.find(part)) {
            Some(i) if !part.is_empty() => span.start + i..span.start + i + part.len(),
            _ => span,
        }
    }

    /// See [`SourceFile::verbatim`].
    pub fn verbatim(&self, node: &Node, value: &str) -> Option<usize> {
        let span = self.value_span(node);
        (self.text(&span) == Some(value)).then_some(span.start)
    }

    /// The text of a span of the merged tree.
    pub fn text(&self, span: &Range<usize>) -> Option<&'a str> {
        let (_, file, local) = self.local(span);
        file.text.get(local)
    }

    /// The file an offset of the merged tree is in, and the offset there.
    pub fn file_at(&self, offset: usize) -> (&'a SourceFile, usize) {
        let (_, file, local) = self.local(&(offset..offset));
        (file, local.start)
    }

    /// See [`SourceFile::error`]: shown in the file the span falls in.
    pub fn error(
        &self,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> RuleFileError {
        let (_, file, local) = self.local(&span);
        file.error(local, message, label, help)
    }

    /// See [`SourceFile::yaml_error`].
    pub fn yaml_error(
        &self,
        e: &YamlError,
        what: &str,
        hint: impl Fn(&YamlError) -> String,
    ) -> RuleFileError {
        let Some(span) = &e.span else {
            return self.own().yaml_error(e, what, hint);
        };
        let (_, file, local) = self.local(span);
        let mut e = e.clone();
        e.span = Some(local);
        file.yaml_error(&e, what, hint)
    }
}

/// A copy of a tree with every span moved by `shift` bytes (see
/// [`RuleSource`]).
pub fn shifted(node: &Node, shift: usize) -> Node {
    use super::yaml::Value;
    let span = node.span.start + shift..node.span.end + shift;
    let value = match &node.value {
        Value::Scalar { .. } => node.value.clone(),
        Value::Seq(items) => Value::Seq(items.iter().map(|n| shifted(n, shift)).collect()),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| (shifted(k, shift), shifted(v, shift)))
                .collect(),
        ),
    };
    Node { span, value }
}
