//! The one place that touches the YAML libraries. Rule packs, data files,
//! configuration and waiver files are read here into a tree of [`Node`]s
//! that know their byte range in the text ([`node`], built from
//! `saphyr-parser`'s events, whose markers give each value's start and
//! end), and serde reads the tree ([`de`]), so that every error — of syntax,
//! of shape, or found later by a loader that names a value by its path —
//! points at its exact place.
//!
//! `serde_yaml` (libyaml) stays the judge of syntax: a text is first
//! checked with it, and its syntax errors, whose wording is fixed, are
//! told in Chinese by a table ([`syntax`]). `serde_yaml` is frozen
//! upstream; keeping it behind this module means a maintained parser can
//! replace it without touching the rule structs or the loaders.
//!
//! Rule packs, configuration and waiver files are untrusted input, so before
//! any text reaches a parser it is measured ([`limits`]): a file nested
//! deeper than [`MAX_DEPTH`] would make the parser take quadratic time (its
//! flow-level bookkeeping is rescanned per token), and aliases that expand
//! past [`MAX_EXPANDED_BYTES`] (a “billion laughs”) would exhaust memory once
//! expanded.

pub mod de;
pub mod node;

use std::collections::HashMap;
use std::ops::Range;

use serde::de::DeserializeOwned;

pub use node::{Node, Value};

/// Nesting deeper than this (blocks, `- ` entries and `[`/`{` together) is
/// refused before parsing. Rule files need fewer than ten levels.
pub const MAX_DEPTH: usize = 64;

/// The most text a file may stand for once its aliases (`*name`) are
/// replaced by what they refer to.
pub const MAX_EXPANDED_BYTES: usize = 16 << 20;

/// A YAML syntax or shape error, in Chinese, with the bytes it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong at `span`, in Chinese (shown as the label).
    pub message: String,
    pub span: Option<Range<usize>>,
    pub kind: YamlErrorKind,
}

/// What kind of mistake a [`YamlError`] is, so that callers can add a hint
/// for their own file format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// A key that the format does not have.
    UnknownField {
        found: String,
        expected: Vec<String>,
    },
    /// A value outside the allowed ones.
    UnknownVariant {
        found: String,
        expected: Vec<String>,
    },
    MissingField(String),
    /// A value of the wrong type (a string where a list belongs): what
    /// serde expected (its words) and what was found (in Chinese).
    InvalidType {
        expected: String,
        found: String,
    },
    /// A value of the right type that is out of range.
    InvalidValue {
        expected: String,
        found: String,
    },
    DuplicateField(String),
    /// An alias (`*name`) with no anchor, or a problem with aliases.
    Alias,
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Aliases expand past [`MAX_EXPANDED_BYTES`].
    TooManyAliases,
    /// More than one document (`---`) in a file.
    MultipleDocuments,
    /// Indentation, quotes, brackets: the text is not YAML. The message
    /// says what is wrong.
    Syntax,
    /// A problem a value's own type reported (its words).
    Other(String),
}

impl YamlError {
    /// An error of `kind` at `span`, its message in Chinese.
    pub fn new(kind: YamlErrorKind, span: Option<Range<usize>>) -> YamlError {
        YamlError {
            message: describe(&kind),
            span,
            kind,
        }
    }

    /// Where the error points (a byte offset).
    pub fn offset(&self) -> Option<usize> {
        self.span.as_ref().map(|s| s.start)
    }

    /// The allowed name closest to a misspelt key or value, when it is close
    /// enough to be a typo.
    pub fn did_you_mean(&self) -> Option<&str> {
        let (found, expected) = match &self.kind {
            YamlErrorKind::UnknownField { found, expected }
            | YamlErrorKind::UnknownVariant { found, expected } => (found, expected),
            _ => return None,
        };
        did_you_mean(found, expected.iter().map(String::as_str))
    }

    /// A hint for the kinds every YAML file shares; callers add their own
    /// for the kinds that depend on the format.
    pub fn common_hint(&self) -> Option<String> {
        Some(match &self.kind {
            YamlErrorKind::Syntax => "请检查 YAML 的缩进（只能用空格）、冒号后的空格、引号和括号是否成对".into(),
            YamlErrorKind::Alias => {
                "以 * 或 & 开头的值要加引号（如 '*.txt'）；YAML 的别名 *名称 必须先用 &名称 定义".into()
            }
            YamlErrorKind::TooDeep => format!(
                "嵌套层数的上限是 {MAX_DEPTH}（规则文件通常不超过 10 层）；请检查是否有多余或未闭合的 [ 和 {{，或改写成较浅的结构"
            ),
            YamlErrorKind::TooManyAliases => format!(
                "别名（*名称）展开后的内容上限是 {} MB；请少用别名，直接写出内容",
                MAX_EXPANDED_BYTES >> 20
            ),
            YamlErrorKind::DuplicateField(_) => "同一个键在一处只能写一次；删除重复的那个".into(),
            YamlErrorKind::MultipleDocuments => "删除多余的 ---，把内容合并到一个文档中".into(),
            _ => return None,
        })
    }
}

/// The candidate closest to `found` when it is close enough to be a typo.
pub fn did_you_mean<'a>(found: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::levenshtein(found, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

/// The message of an error kind, in Chinese.
fn describe(kind: &YamlErrorKind) -> String {
    let list = |v: &[String]| {
        v.iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join("、")
    };
    match kind {
        YamlErrorKind::UnknownField { found, expected } if expected.is_empty() => {
            format!("未知的键 `{found}`：此处不能有键")
        }
        YamlErrorKind::UnknownField { found, expected } => {
            format!("未知的键 `{found}`，此处可用的键：{}", list(expected))
        }
        YamlErrorKind::UnknownVariant { found, expected } => {
            format!("无效的取值 `{found}`，可取：{}", list(expected))
        }
        YamlErrorKind::MissingField(name) => format!("缺少必填的键 `{name}`"),
        YamlErrorKind::InvalidType { expected, found } => format!(
            "值的类型不对：此处应为{}，实际是{found}",
            expected_zh(expected)
        ),
        YamlErrorKind::InvalidValue { expected, found } => {
            format!("无效的值（{found}）：此处应为{}", expected_zh(expected))
        }
        YamlErrorKind::DuplicateField(name) => format!("键 `{name}` 重复"),
        YamlErrorKind::Alias => "引用了未定义的别名（*名称）".into(),
        YamlErrorKind::TooDeep => format!("嵌套超过 {MAX_DEPTH} 层"),
        YamlErrorKind::TooManyAliases => {
            format!("别名展开后超过 {} MB", MAX_EXPANDED_BYTES >> 20)
        }
        YamlErrorKind::MultipleDocuments => "文件中有多个 YAML 文档（---），只能有一个".into(),
        YamlErrorKind::Syntax => "YAML 语法错误".into(),
        YamlErrorKind::Other(message) if message.chars().any(|c| c > '\u{2e80}') => message.clone(),
        YamlErrorKind::Other(_) => "值不符合要求".into(),
    }
}

/// Parses a text into a tree of positioned nodes: measured first, then
/// checked by libyaml (whose syntax errors are told in Chinese), then read
/// for positions.
pub fn parse(source: &str) -> Result<Node, YamlError> {
    limits(source)?;
    if let Err(e) = serde_yaml::from_str::<serde::de::IgnoredAny>(source) {
        let at = e.location().map(|l| l.index());
        return Err(syntax_error(&e.to_string(), at));
    }
    node::parse(source)
}

/// Reads a node into `T`.
pub fn from_node<T: DeserializeOwned>(node: &Node) -> Result<T, YamlError> {
    T::deserialize(de::NodeDe(node))
}

/// Parses a text into `T`.
pub fn from_str<T: DeserializeOwned>(source: &str) -> Result<T, YamlError> {
    from_node(&parse(source)?)
}

impl std::error::Error for YamlError {}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Checks nesting depth and alias expansion in one linear pass, without
/// parsing: a conservative tokenizer that knows quotes, comments, block
/// scalars and flow brackets, which is all that nesting and aliases depend
/// on.
fn limits(text: &str) -> Result<(), YamlError> {
    let mut scan = Scanner::default();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        scan.line(line, at)?;
        at += line.len();
    }
    Ok(())
}

#[derive(Default)]
struct Scanner {
    /// Open `[`/`{` brackets.
    flow: usize,
    /// Indentation of the open block collections.
    blocks: Vec<usize>,
    /// Inside a quoted scalar that spans lines: its closing quote.
    quote: Option<u8>,
    /// Inside a block scalar (`|`, `>`): the indentation its lines exceed.
    literal: Option<usize>,
    /// Bytes the text stands for, with aliases expanded, up to the current
    /// position.
    expanded: usize,
    /// Every anchor met so far, indexed by the order it was defined in.
    defined: Vec<Anchor>,
    /// Name → the latest-defined complete anchor of that name (an alias
    /// refers to the latest definition).
    done: HashMap<String, usize>,
    /// Name → the anchors of that name that were open when defined, latest
    /// last. Anchors that have since completed are dropped lazily, when a
    /// lookup meets them on top.
    open_names: HashMap<String, Vec<usize>>,
    /// Anchors whose node may still go on (on later, more indented lines
    /// or inside open brackets), by the number of brackets open at the
    /// anchor; each list sorted by column, so that a line closes a suffix
    /// of it. The lists are at most [`MAX_DEPTH`] + 1, so each line costs
    /// a bounded amount of work plus the anchors it closes.
    open: Vec<Vec<OpenAnchor>>,
}

struct Anchor {
    /// `expanded` where the anchor stands.
    start: usize,
    /// Expanded size of the node once it is complete.
    size: Option<usize>,
}

struct OpenAnchor {
    /// Index into [`Scanner::defined`].
    id: usize,
    /// Column of the key or `- ` that owns the node: lines indented more
    /// belong to it.
    column: usize,
}

impl Scanner {
    fn line(&mut self, line: &str, offset: usize) -> Result<(), YamlError> {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let content = line[indent..].trim_end();
        if let Some(parent) = self.literal {
            if content.is_empty() || indent > parent {
                self.expanded += line.len();
                return Ok(());
            }
            self.literal = None;
        }
        let mut i = indent;
        let mut node_start = true;
        let mut dashes = 0;
        // Column of the last key or `- ` on the line: a block scalar's lines
        // are indented more than it.
        let mut column = indent;
        if self.quote.is_none() && !content.is_empty() && !content.starts_with('#') {
            // A line at or left of an anchored node's owner, outside its
            // brackets, ends the node: its expanded size is now known.
            self.close_anchors(indent);
        }
        if self.quote.is_none()
            && self.flow == 0
            && !content.is_empty()
            && !content.starts_with('#')
        {
            while self.blocks.last().is_some_and(|&b| b >= indent) {
                self.blocks.pop();
            }
            self.blocks.push(indent);
        }
        while i < bytes.len() {
            let b = bytes[i];
            if let Some(q) = self.quote {
                if q == b'"' && b == b'\\' {
                    i += 2;
                    continue;
                }
                if b == q {
                    if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    self.quote = None;
                    node_start = false;
                }
                i += 1;
                continue;
            }
            let next_blank = bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace());
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => {}
                b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => break,
                b'\'' | b'"' if node_start => {
                    self.quote = Some(b);
                    column = i;
                }
                b'[' | b'{' if node_start || self.flow > 0 => {
                    self.flow += 1;
                    node_start = true;
                }
                b']' | b'}' if self.flow > 0 => {
                    self.flow -= 1;
                    node_start = false;
                }
                b',' if self.flow > 0 => node_start = true,
                b':' if next_blank || self.flow > 0 => node_start = true,
                b'-' | b'?' if node_start && self.flow == 0 && next_blank => {
                    dashes += 1;
                    column = i;
                    node_start = true;
                }
                b'|' | b'>' if node_start && self.flow == 0 => {
                    self.literal = Some(column);
                    break;
                }
                b'&' | b'*' | b'!' if node_start => {
                    let end = bytes[i..]
                        .iter()
                        .position(|c| c.is_ascii_whitespace() || b",[]{}".contains(c))
                        .map_or(bytes.len(), |n| i + n);
                    let name = &line[i + 1..end];
                    let here = self.expanded + i;
                    if b == b'&' {
                        self.open_anchor(name, here, column);
                    } else if b == b'*' {
                        self.expanded += self.alias_size(name, here);
                    }
                    i = end;
                    continue;
                }
                _ => {
                    if node_start {
                        column = i;
                    }
                    node_start = false;
                }
            }
            let depth = self.blocks.len() + dashes + self.flow;
            if depth > MAX_DEPTH {
                let at = offset + i;
                return Err(YamlError::new(YamlErrorKind::TooDeep, Some(at..at)));
            }
            if self.expanded > MAX_EXPANDED_BYTES {
                let at = offset + i;
                return Err(YamlError::new(YamlErrorKind::TooManyAliases, Some(at..at)));
            }
            i += 1;
        }
        self.expanded += bytes.len();
        Ok(())
    }
}

impl Scanner {
    /// Records an anchor `&name` standing at `start` whose node is owned by
    /// the key or `- ` at `column`.
    fn open_anchor(&mut self, name: &str, start: usize, column: usize) {
        let id = self.defined.len();
        self.defined.push(Anchor { start, size: None });
        self.open_names
            .entry(name.to_string())
            .or_default()
            .push(id);
        if self.open.len() <= self.flow {
            self.open.resize_with(self.flow + 1, Vec::new);
        }
        let list = &mut self.open[self.flow];
        // Columns almost always come in rising order; an anchor left of
        // earlier ones is inserted where it belongs.
        let at = list.partition_point(|a| a.column <= column);
        list.insert(at, OpenAnchor { id, column });
    }

    /// A line starting at `indent`, outside the brackets of an anchor, and
    /// at or left of the anchor's owner ends the anchored node: its
    /// expanded size is now known.
    fn close_anchors(&mut self, indent: usize) {
        let first = self.flow.min(self.open.len());
        for list in &mut self.open[first..] {
            while list.last().is_some_and(|a| indent <= a.column) {
                let Some(a) = list.pop() else { break };
                let anchor = &mut self.defined[a.id];
                anchor.size = Some(self.expanded - anchor.start);
            }
        }
    }

    /// The bytes an alias `*name` at `here` stands for: its anchor's node
    /// when complete, else all that lies between the anchor and here; an
    /// open anchor is preferred, as it is the innermost definition.
    fn alias_size(&mut self, name: &str, here: usize) -> usize {
        if let Some(stack) = self.open_names.get_mut(name) {
            while let Some(&id) = stack.last() {
                let anchor = &self.defined[id];
                match anchor.size {
                    None => return here - anchor.start,
                    Some(_) => {
                        // Completed since: it now answers through `done`.
                        stack.pop();
                        let latest = self.done.entry(name.to_string()).or_insert(id);
                        *latest = (*latest).max(id);
                    }
                }
            }
        }
        self.done
            .get(name)
            .and_then(|&id| self.defined[id].size)
            .unwrap_or(0)
    }
}

/// libyaml's syntax error (“problem, while context at line L column C”) in
/// Chinese. Its wording is fixed by libyaml; an error that is not a syntax
/// error (shape errors cannot occur when reading into `IgnoredAny`) is told
/// generically.
fn syntax_error(english: &str, offset: Option<usize>) -> YamlError {
    let (problem, context) = match english.split_once(", while ") {
        Some((p, c)) => (p, Some(strip_marks(c))),
        None => (english, None),
    };
    let core = strip_marks(problem);
    let kind = if core.starts_with("unknown anchor") || core.starts_with("found undefined alias") {
        YamlErrorKind::Alias
    } else if core.starts_with("repetition limit exceeded") {
        YamlErrorKind::TooManyAliases
    } else if core.starts_with("recursion limit exceeded") {
        YamlErrorKind::TooDeep
    } else {
        YamlErrorKind::Syntax
    };
    let message = match kind {
        YamlErrorKind::Syntax => syntax(core, context),
        _ => describe(&kind),
    };
    YamlError {
        message,
        span: offset.map(|o| o..o),
        kind,
    }
}

fn strip_marks(message: &str) -> &str {
    let cut = message.find(" at line ").unwrap_or(message.len());
    let cut = message[..cut].find(" at position ").unwrap_or(cut);
    message[..cut].trim()
}

/// What serde expected, in Chinese.
fn expected_zh(expected: &str) -> String {
    let e = expected.trim();
    let known = match e {
        "a sequence" => "列表（[...] 或每行一个 `- `）",
        "a string" => "字符串",
        "a boolean" => "true 或 false",
        "a map" => "键值对（key: value）",
        "a character" => "一个字符",
        "unit" => "空值",
        "i8" | "i16" | "i32" | "i64" => "整数",
        "u8" | "u16" | "u32" | "u64" | "usize" => "非负整数",
        "f32" | "f64" => "数字",
        "a YAML tag starting with '!'" => "以 ! 开头的 YAML 标签",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    if let Some(name) = e.strip_prefix("struct ") {
        return format!("键值对（{}）", struct_zh(name));
    }
    if e.starts_with("internally tagged enum") {
        return "带 `kind:` 的键值对".to_string();
    }
    if e.starts_with("enum") || e.starts_with("variant") {
        return "允许的取值之一".to_string();
    }
    if let Some(names) = e.strip_prefix("one of ") {
        return format!("以下之一：{}", names.replace("`, `", "`、`"));
    }
    if e.starts_with('`') {
        return e.to_string();
    }
    if e.starts_with("a sequence of") || e.starts_with("tuple") {
        return "列表".to_string();
    }
    if e.starts_with("option") {
        return "值（可省略）".to_string();
    }
    if e.starts_with("untagged enum") {
        return "允许的写法之一（见 README）".to_string();
    }
    if let Some(n) = e
        .strip_suffix(" elements in sequence")
        .or_else(|| e.strip_suffix(" element in sequence"))
    {
        return format!("{n} 项");
    }
    format!("合适的值（{e}）")
}

/// The rule-file struct names serde reports, as the reader knows them.
fn struct_zh(name: &str) -> &'static str {
    match name {
        "RawFile" => "规则文件",
        "RawPackMeta" => "pack",
        "RawTemplate" => "template",
        "RawSection" => "模板部分",
        "RawMatcher" => "正则组 any/not",
        "RawContent" => "必需内容",
        "RawRule" => "规则",
        "Examples" => "examples",
        "InvalidExample" => "无效用例 text/span/fixed",
        "FixOptions" => "fix",
        "VagueWord" => "时间词 word/suggest",
        "Area" => "领域 name/any",
        "PairOptions" => "符号对 open/close",
        "ReferenceOptions" => "引用 regex/since/what",
        "Titles" => "词典",
        "TitleEntry" => "词典条目",
        name if name.ends_with("Options") => "check 的选项",
        "RawConfig" => "配置文件",
        "RawReport" => "report",
        "RawWaiver" => "豁免条目",
        _ => "一组键",
    }
}

/// libyaml's syntax errors: “problem, context”.
fn syntax(problem: &str, context: Option<&str>) -> String {
    let problem_zh = match problem.trim() {
        "found unexpected end of stream" => "文件在此意外结束",
        "mapping values are not allowed in this context" => {
            "此处不能有“键: 值”（值中的冒号后跟空格时，请给整个值加引号）"
        }
        "mapping keys are not allowed in this context" => "此处不能有键",
        "did not find expected key" => "缩进不对齐，或有多余的文字",
        "did not find expected node content" => "此处缺少值",
        "did not find expected '-' indicator" => "列表项应以 `- ` 开头，或缩进不对齐",
        "did not find expected ',' or ']'" => "列表 [...] 中缺少逗号或右括号 ]",
        "did not find expected ',' or '}'" => "键值对 {...} 中缺少逗号或右括号 }",
        "found character that cannot start any token" => {
            "此字符不能作为值的开头（`@`、`` ` ``、`%` 等开头的值请加引号）"
        }
        "found a tab character that violates indentation"
        | "found a tab character where an indentation space is expected" => {
            "缩进中有制表符（Tab）；YAML 只能用空格缩进"
        }
        "could not find expected ':'" => "缺少冒号“:”",
        "found unknown escape character" => {
            "双引号字符串中有无效的转义（\\ 后的字符）；正则请改用单引号，或把 \\ 写成 \\\\"
        }
        "found unexpected ':'" => "意外的冒号",
        "found undefined tag handle" | "did not find expected tag URI" => {
            "无效的标签（以 ! 开头的值请加引号）"
        }
        "found unexpected document indicator" => "意外的文档分隔符（--- 或 ...）",
        "found duplicate anchor; first occurrence" | "second occurrence" => "锚点（&名称）重复",
        "deserializing from YAML containing more than one document is not supported" => {
            "文件中有多个 YAML 文档（---），只能有一个"
        }
        "EOF while parsing a value" => "文件为空或在此意外结束",
        "invalid trailing UTF-8 octet"
        | "invalid length of a UTF-8 sequence"
        | "invalid leading UTF-8 octet"
        | "incomplete UTF-8 octet sequence"
        | "found an incorrect trailing UTF-8 octet"
        | "found an incorrect leading UTF-8 octet" => "文件不是有效的 UTF-8 编码",
        "control characters are not allowed" | "invalid Unicode character" => {
            "文件中有不允许的控制字符"
        }
        "input is too long" => "文件过长",
        "empty YAML tag is not allowed" => "空的 YAML 标签",
        "failed to parse YAML number" => "无法解析的数字",
        _ => "",
    };
    let context_zh = context.map(|c| match format!("while {}", c.trim()).as_str() {
        "while scanning a quoted scalar" => "（从引号开始的字符串没有结束：检查引号是否成对）",
        "while scanning a simple key" => "（键后缺少冒号“:”）",
        "while parsing a block mapping" => "（所在的键值对缩进不一致）",
        "while parsing a block collection" => "（所在的列表缩进不一致）",
        "while parsing a flow sequence" => "（在 [...] 中）",
        "while parsing a flow mapping" => "（在 {...} 中）",
        "while scanning a block scalar" => "（在 | 或 > 开始的多行文字中）",
        "while scanning a plain scalar" => "（在未加引号的值中）",
        "while parsing a quoted scalar" => "（在引号中的字符串中）",
        "while scanning an alias" | "while scanning an anchor" => "（在别名或锚点中）",
        _ => "",
    });
    if problem_zh.is_empty() {
        "YAML 语法错误".to_string()
    } else {
        format!("{problem_zh}{}", context_zh.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Shape {
        name: String,
        #[serde(default)]
        list: Vec<String>,
        #[serde(default)]
        count: Option<u32>,
    }

    fn err(text: &str) -> YamlError {
        from_str::<Shape>(text).unwrap_err()
    }

    fn is_chinese(message: &str) -> bool {
        !message.chars().any(|c| c.is_ascii_alphabetic())
            || message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn shape_errors_are_chinese_with_the_names() {
        let e = err("name: a\nlsit: [b]\n");
        assert_eq!(
            e.message,
            "未知的键 `lsit`，此处可用的键：`name`、`list`、`count`"
        );
        assert_eq!(e.did_you_mean(), Some("list"));
        assert_eq!(e.offset(), Some(8));
        assert_eq!(err("list: []\n").message, "缺少必填的键 `name`");
        let e = err("name: a\nlist: b\n");
        assert_eq!(
            e.message,
            "值的类型不对：此处应为列表（[...] 或每行一个 `- `），实际是字符串 \"b\""
        );
        assert_eq!(
            err("name: a\ncount: -1\n").message,
            "无效的值（整数 -1）：此处应为非负整数"
        );
        assert_eq!(err("name: a\nname: b\n").message, "键 `name` 重复");
    }

    #[test]
    fn syntax_errors_are_chinese() {
        for text in [
            "name: 'a\n",
            "name: [a\n",
            "name: {a: b\n",
            "name: a: b\n",
            "name: a\n  list: b\n",
            "name: a\n\tlist: []\n",
            "name: \"\\q\"\n",
            "name: @a\n",
            "name: *nope\n",
            "name: a\n---\nname: b\n",
            "",
        ] {
            let e = err(text);
            assert!(is_chinese(&e.message), "{text:?}: {}", e.message);
            assert!(
                !e.message.contains("YAML 语法错误") || text.is_empty(),
                "{text:?}: {}",
                e.message
            );
        }
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let flow = format!("name: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(err(&flow).kind, YamlErrorKind::TooDeep);
        let map = format!("name: {}1{}\n", "{a: ".repeat(50_000), "}".repeat(50_000));
        assert_eq!(err(&map).kind, YamlErrorKind::TooDeep);
        let mut block = String::from("name: a\nx:\n");
        for i in 1..200 {
            block.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
        }
        assert_eq!(err(&block).kind, YamlErrorKind::TooDeep);
        let dashes = format!("name: a\nlist:\n{}x\n", "- ".repeat(100));
        assert_eq!(err(&dashes).kind, YamlErrorKind::TooDeep);
    }

    #[test]
    fn brackets_inside_strings_comments_and_block_text_do_not_count() {
        let text = format!(
            "name: '{}'\nlist:\n  - \"{}\"\n  - a{}b\n  - |\n    {}\n# {}\n",
            "[".repeat(200),
            "{".repeat(200),
            "[".repeat(200),
            "[".repeat(200),
            "{".repeat(200)
        );
        let parsed: Shape = from_str(&text).unwrap();
        assert_eq!(parsed.list.len(), 3);
    }

    #[test]
    fn alias_expansion_is_bounded() {
        let mut laughs =
            String::from("name: a\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 9].join(", ");
            laughs.push_str(&format!("x{i}: &a{i} [{refs}]\n"));
        }
        let e = from_str::<BTreeMap<String, serde_yaml::Value>>(&laughs).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::TooManyAliases);
        // Quadratic rather than exponential: one big anchor, many aliases.
        let mut wide = format!("a: &big [{}]\nb: [", vec!["x"; 200_000].join(", "));
        wide.push_str(&vec!["*big"; 1000].join(", "));
        wide.push_str("]\n");
        let e = from_str::<BTreeMap<String, serde_yaml::Value>>(&wide).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::TooManyAliases);
        // Ordinary use of aliases (shared example text) is fine, however
        // often and however far from the anchor.
        let mut ok = format!("a: &t |\n{}", "  一段文字\n".repeat(2000));
        for i in 0..100 {
            ok.push_str(&format!("b{i}: [*t]\nc{i}: {}\n", "x".repeat(1000)));
        }
        assert!(from_str::<BTreeMap<String, serde_yaml::Value>>(&ok).is_ok());
        // An alias refers to the latest anchor of its name.
        let mut redefined = format!("a: &t [{}]\nb: &t x\nc: [", vec!["x"; 200_000].join(", "));
        redefined.push_str(&vec!["*t"; 1000].join(", "));
        redefined.push_str("]\n");
        assert!(from_str::<BTreeMap<String, serde_yaml::Value>>(&redefined).is_ok());
        let e = from_str::<BTreeMap<String, serde_yaml::Value>>(
            &redefined.replace("b: &t x", "b: &u x"),
        )
        .unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::TooManyAliases);
    }
}
