//! Compiling the regexes of rule files. Rule packs are untrusted input, so
//! each regex is parsed first with `regex-syntax` (which says what kind of
//! mistake it is and where in the regex), must match at least one character
//! (an empty match reports nothing and fixes nothing, and an `allow` or
//! `require` regex that matches the empty string is always true), and is
//! compiled within size limits so that a hostile pattern fails at load time
//! instead of exhausting memory.

use std::ops::Range;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::ast::ErrorKind as Ast;
use regex_syntax::hir::ErrorKind as Hir;
use regex_syntax::hir::Hir as HirNode;

/// The most memory one compiled regex (or a set of them) may take.
pub const SIZE_LIMIT: usize = 4 << 20;

/// The most memory the lazy DFA of one regex may use while matching.
pub const DFA_SIZE_LIMIT: usize = 2 << 20;

/// Why a regex was refused, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegexProblem {
    /// What is wrong (the error's message).
    pub message: String,
    /// The part of the regex that is wrong (byte range in the pattern).
    pub span: Option<Range<usize>>,
    /// What is wrong there (the label).
    pub label: String,
    /// How to fix it.
    pub help: String,
}

/// The most memory the lazy DFA of the residue regex (`document.residue.lines`)
/// may use while matching. It is matched against every line of every report,
/// and its bounded repetitions of any character (`.{0,200}`) need more states
/// than [`DFA_SIZE_LIMIT`] holds: with the smaller cache the DFA keeps
/// discarding states and rebuilding them, and parsing a report takes half
/// again as long. One regex per pack, so the memory it may take stays small.
pub const RESIDUE_DFA_SIZE_LIMIT: usize = 16 << 20;

/// Compiles a regex of a rule file.
pub fn compile(pattern: &str) -> Result<Regex, RegexProblem> {
    compile_with_dfa_limit(pattern, DFA_SIZE_LIMIT)
}

/// Compiles a regex of a rule file whose lazy DFA may use `dfa_limit`
/// bytes while matching.
pub fn compile_with_dfa_limit(pattern: &str, dfa_limit: usize) -> Result<Regex, RegexProblem> {
    check(pattern)?;
    RegexBuilder::new(pattern)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(dfa_limit)
        .build()
        .map_err(|e| built(pattern, e))
}

/// Compiles regexes that have each passed [`compile`] into one set.
pub fn set(patterns: &[String]) -> Result<RegexSet, RegexProblem> {
    RegexSetBuilder::new(patterns)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| built(&patterns.join(" | "), e))
}

/// Compiles regexes that have each passed [`compile`] into one that matches
/// where any of them does.
pub fn any(patterns: &[String]) -> Result<Regex, RegexProblem> {
    let joined = patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    RegexBuilder::new(&joined)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| built(&joined, e))
}

/// The most strings a set of literals computed from a regex may hold at any
/// step (a character class of more characters, or a product of more
/// strings, gives none).
const MAX_LITERALS: usize = 64;

/// A searcher for strings one of which every match of `pattern` holds,
/// computed from the regex alone: a text holding none of them has no match,
/// so the regex need not run on it. `None` when the regex has no such set
/// (a branch that can match any text), or when it cannot be computed.
pub fn required_literals(pattern: &str) -> Option<aho_corasick::AhoCorasick> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let mut literals = required(&hir)?;
    literals.sort();
    literals.dedup();
    // A text holding a longer string holds the shorter one inside it.
    let all = literals.clone();
    literals.retain(|s| !all.iter().any(|o| o != s && s.contains(o.as_str())));
    if literals.is_empty() || literals.iter().any(String::is_empty) {
        return None;
    }
    aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&literals)
        .ok()
}

/// Every string `hir` matches, when they are few and none is empty.
fn exact(hir: &HirNode) -> Option<Vec<String>> {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Literal(l) => Some(vec![String::from_utf8(l.0.to_vec()).ok()?]),
        HirKind::Class(Class::Unicode(class)) => {
            let count: usize = class
                .ranges()
                .iter()
                .map(|r| r.end() as usize - r.start() as usize + 1)
                .sum();
            (count <= MAX_LITERALS).then(|| {
                class
                    .ranges()
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .map(String::from)
                    .collect()
            })
        }
        HirKind::Capture(c) => exact(&c.sub),
        HirKind::Alternation(branches) => {
            let mut out = Vec::new();
            for branch in branches {
                out.extend(exact(branch)?);
                if out.len() > MAX_LITERALS {
                    return None;
                }
            }
            Some(out)
        }
        HirKind::Concat(parts) => {
            let mut out = vec![String::new()];
            for part in parts {
                out = product(&out, &exact(part)?)?;
            }
            Some(out)
        }
        _ => None,
    }
}

/// Each of `a` followed by each of `b`, when they are few.
fn product(a: &[String], b: &[String]) -> Option<Vec<String>> {
    (a.len() * b.len() <= MAX_LITERALS).then(|| {
        a.iter()
            .flat_map(|x| b.iter().map(move |y| format!("{x}{y}")))
            .collect()
    })
}

/// Strings one of which every match of `hir` holds.
fn required(hir: &HirNode) -> Option<Vec<String>> {
    use regex_syntax::hir::HirKind;
    if let Some(all) = exact(hir).filter(|all| !all.iter().any(String::is_empty)) {
        return Some(all);
    }
    match hir.kind() {
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Alternation(branches) => {
            let mut out = Vec::new();
            for branch in branches {
                out.extend(required(branch)?);
            }
            Some(out)
        }
        HirKind::Concat(parts) => {
            // Runs of parts with few strings give longer strings together;
            // the set whose shortest string is longest (then the smallest)
            // rules out the most.
            let mut best: Option<Vec<String>> = None;
            let mut consider = |set: Vec<String>| {
                let score = |s: &[String]| {
                    let shortest = s.iter().map(|x| x.chars().count()).min().unwrap_or(0);
                    (shortest, std::cmp::Reverse(s.len()))
                };
                if !set.is_empty()
                    && !set.iter().any(String::is_empty)
                    && best.as_ref().is_none_or(|b| score(&set) > score(b))
                {
                    best = Some(set);
                }
            };
            let mut i = 0;
            while i < parts.len() {
                let mut run = vec![String::new()];
                let mut j = i;
                while let Some(next) = parts
                    .get(j)
                    .and_then(exact)
                    .and_then(|set| product(&run, &set))
                {
                    run = next;
                    j += 1;
                }
                if j > i {
                    consider(run);
                    i = j;
                } else {
                    if let Some(set) = required(&parts[i]) {
                        consider(set);
                    }
                    i += 1;
                }
            }
            best
        }
        _ => None,
    }
}

/// The most branches [`branches`] splits a regex into.
const MAX_BRANCHES: usize = 64;

/// One branch of a regex's top-level alternation, as a regex of its own,
/// with what any match of it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    /// The branch with what stands around the alternation (`^(?:a|b)c`
    /// gives `^ac` and `^bc`), written so that it parses back to the same
    /// branch.
    pub pattern: String,
    /// Strings one of which every match of the branch holds; `None` when
    /// the branch has no such set.
    pub literals: Option<Vec<String>>,
    /// When every match of the branch starts at the start of the text and
    /// is at most this many bytes long: a literal must then end within the
    /// first this-many bytes.
    pub within: Option<usize>,
}

/// The branches of `pattern`'s top-level alternation (`^(?:a|b|c)`, or
/// `a|b|c`), each with its own [`required_literals`] and length bound: a
/// text matches the pattern exactly when it matches one of the branches, so
/// a matcher need only run the branches whose literals the text holds.
/// `None` when the pattern has no alternation to split at (or too many
/// branches).
pub fn branches(pattern: &str) -> Option<Vec<Branch>> {
    use regex_syntax::hir::Look;
    let hir = regex_syntax::parse(pattern).ok()?;
    let split = alternatives(&hir);
    if split.len() < 2 || split.len() > MAX_BRANCHES {
        return None;
    }
    Some(
        split
            .into_iter()
            .map(|branch| {
                let props = branch.properties();
                let within = props
                    .look_set_prefix()
                    .contains(Look::Start)
                    .then(|| props.maximum_len())
                    .flatten();
                Branch {
                    pattern: branch.to_string(),
                    literals: required(&branch).and_then(fewest_literals),
                    within,
                }
            })
            .collect(),
    )
}

/// Whether a text has a match of `hir` is whether it has a match of one of
/// these: the alternation at its top (under a group, or among the parts of
/// a concatenation, the other parts going with each branch).
fn alternatives(hir: &HirNode) -> Vec<HirNode> {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Capture(c) => alternatives(&c.sub),
        HirKind::Alternation(branches) => branches.clone(),
        HirKind::Concat(parts) => {
            let split = parts.iter().enumerate().find_map(|(i, part)| {
                let alts = alternatives(part);
                (alts.len() > 1).then_some((i, alts))
            });
            let Some((i, alts)) = split else {
                return vec![hir.clone()];
            };
            alts.into_iter()
                .map(|alt| {
                    let mut whole = parts[..i].to_vec();
                    whole.push(alt);
                    whole.extend_from_slice(&parts[i + 1..]);
                    HirNode::concat(whole)
                })
                .collect()
        }
        _ => vec![hir.clone()],
    }
}

/// `literals` without those that hold another one (a text holding the
/// longer holds the shorter), sorted; `None` when one is empty.
fn fewest_literals(mut literals: Vec<String>) -> Option<Vec<String>> {
    literals.sort();
    literals.dedup();
    let all = literals.clone();
    literals.retain(|s| !all.iter().any(|o| o != s && s.contains(o.as_str())));
    (!literals.is_empty() && !literals.iter().any(String::is_empty)).then_some(literals)
}

/// Parses a regex and checks that every match is at least one character.
fn check(pattern: &str) -> Result<(), RegexProblem> {
    if pattern.is_empty() {
        return Err(RegexProblem {
            message: "正则表达式为空".into(),
            span: None,
            label: "空的正则".into(),
            help: "空的正则在每个位置都匹配空字符串，不能找出任何文字；请写出要查找的文字".into(),
        });
    }
    let ast = regex_syntax::ast::parse::Parser::new()
        .parse(pattern)
        .map_err(|e| {
            let (label, help) = ast_error(e.kind());
            problem(pattern, e.span(), label, help)
        })?;
    let hir = regex_syntax::hir::translate::Translator::new()
        .translate(pattern, &ast)
        .map_err(|e| {
            let (label, help) = hir_error(e.kind());
            problem(pattern, e.span(), label, help)
        })?;
    if hir.properties().minimum_len() == Some(0) {
        return Err(RegexProblem {
            message: format!("正则表达式 `{pattern}` 可以匹配空字符串"),
            span: None,
            label: "可匹配空字符串".into(),
            help: "匹配必须至少包含一个字：空的匹配既不能标注也不能修复，用在 allow 或 require 中则永远成立。请把 `*` 改为 `+`、去掉整体的 `?`，或给每个分支都写上文字（要在某处插入文字时，用空的 `(?P<at>)` 组标出位置，正则的其余部分仍须匹配文字）".into(),
        });
    }
    Ok(())
}

fn problem(pattern: &str, span: &regex_syntax::ast::Span, label: &str, help: &str) -> RegexProblem {
    let (start, end) = (span.start.offset, span.end.offset.max(span.start.offset));
    RegexProblem {
        message: format!("无效的正则表达式 `{pattern}`：{label}"),
        span: Some(start..end.min(pattern.len())),
        label: label.to_string(),
        help: help.to_string(),
    }
}

/// The error of a regex that parsed but did not build: too big (the only
/// one left after parsing), in Chinese.
fn built(pattern: &str, e: regex::Error) -> RegexProblem {
    let limit = match e {
        regex::Error::CompiledTooBig(limit) => limit,
        _ => SIZE_LIMIT,
    };
    RegexProblem {
        message: format!("正则表达式 `{}` 编译后过大", shorten(pattern)),
        span: None,
        label: format!("编译后超过 {} MB", limit >> 20),
        help: "通常是大的重复次数（如 .{1000}）或对含大量字符的类（\\w、\\p{Han}、.）的重复所致；请减少重复次数，用 + 或 * 代替 {m,n}，或把正则拆成几条规则".into(),
    }
}

fn shorten(pattern: &str) -> String {
    if pattern.chars().count() <= 60 {
        return pattern.to_string();
    }
    let head: String = pattern.chars().take(60).collect();
    format!("{head}…")
}

fn ast_error(kind: &Ast) -> (&'static str, &'static str) {
    match kind {
        Ast::UnsupportedLookAround => (
            "不支持前后查找（look-around）",
            "(?=…)、(?!…)、(?<=…)、(?<!…) 都不支持。用 allow 排除同一位置的正确写法，或把要报告的部分放进名为 at 的捕获组，前后的文字作为上下文（见 README 的“pattern 的修复与跳过的分支”）",
        ),
        Ast::UnsupportedBackreference => (
            "不支持反向引用（\\1）",
            "正则引擎不支持反向引用；请直接写出要匹配的文字",
        ),
        Ast::GroupUnclosed => ("括号 ( 没有闭合", "补上对应的 )；要匹配括号本身请写 \\( 或 [(]"),
        Ast::GroupUnopened => ("多余的右括号 )", "删去多余的 )；要匹配括号本身请写 \\) 或 [)]"),
        Ast::ClassUnclosed => ("方括号 [ 没有闭合", "补上对应的 ]；要匹配方括号本身请写 \\["),
        Ast::ClassRangeInvalid => ("字符范围的起点大于终点", "范围应从小到大，如 [0-9]、[a-z]"),
        Ast::ClassRangeLiteral => ("字符范围的端点不是单个字符", "范围两端须是单个字符，如 [a-z]；要匹配 - 本身请写在方括号的开头或末尾"),
        Ast::ClassEscapeInvalid => ("方括号中的转义无效", "方括号中只能用单个字符的转义（如 \\]、\\-）或 \\d、\\w、\\p{…}"),
        Ast::RepetitionMissing => (
            "重复符号（* + ? {n}）前面没有可重复的内容",
            "要匹配 * + ? { 本身请写 \\* \\+ \\? \\{",
        ),
        Ast::RepetitionCountInvalid => ("重复次数的范围无效（最小值大于最大值）", "写作 {最小,最大}，如 {2,4}"),
        Ast::RepetitionCountUnclosed => ("重复次数的 { 没有闭合", "写作 {n}、{n,} 或 {n,m}；要匹配 { 本身请写 \\{"),
        Ast::RepetitionCountDecimalEmpty | Ast::DecimalEmpty => {
            ("重复次数中缺少数字", "写作 {n}、{n,} 或 {n,m}；要匹配 { 本身请写 \\{")
        }
        Ast::DecimalInvalid => ("数字过大", "请使用较小的数字"),
        Ast::EscapeUnrecognized => (
            "无法识别的转义",
            "\\ 后只能跟正则的特殊字符（. * + ? ( ) [ ] { } | ^ $ \\ 等）或 \\d \\w \\s \\p{…} 等；中文标点不需要转义",
        ),
        Ast::EscapeUnexpectedEof => ("正则以单独的 \\ 结尾", "要匹配 \\ 本身请写 \\\\"),
        Ast::EscapeHexEmpty | Ast::EscapeHexInvalid | Ast::EscapeHexInvalidDigit => {
            ("十六进制转义写法有误", "写作 \\x41、\\u4E00 或 \\x{4E00}")
        }
        Ast::FlagDanglingNegation
        | Ast::FlagDuplicate { .. }
        | Ast::FlagRepeatedNegation { .. }
        | Ast::FlagUnexpectedEof
        | Ast::FlagUnrecognized => ("标志（?…）写法有误", "可用的标志：i（不区分大小写）、m、s、x、U、u，如 (?i)、(?x)"),
        Ast::GroupNameDuplicate { .. } => ("捕获组名称重复", "同一正则中每个 (?P<名称>…) 的名称须不同"),
        Ast::GroupNameEmpty | Ast::GroupNameInvalid | Ast::GroupNameUnexpectedEof => (
            "捕获组名称无效",
            "写作 (?P<名称>…)，名称只能由字母、数字和下划线组成，如 (?P<at>…)",
        ),
        Ast::NestLimitExceeded(_) => ("括号嵌套过深", "请简化正则的嵌套"),
        Ast::CaptureLimitExceeded => ("捕获组过多", "不需要引用的组请写成 (?:…)"),
        Ast::UnicodeClassInvalid => ("Unicode 类写法有误", "写作 \\p{Han}、\\p{P} 等"),
        Ast::SpecialWordBoundaryUnclosed
        | Ast::SpecialWordBoundaryUnrecognized
        | Ast::SpecialWordOrRepetitionUnexpectedEof => (
            "词边界写法有误",
            "不要使用 \\b 之类的词边界：它们在中文字符之间不起作用",
        ),
        _ => ("正则写法有误", "请对照 Rust regex 语法检查此处"),
    }
}

fn hir_error(kind: &Hir) -> (&'static str, &'static str) {
    match kind {
        Hir::UnicodePropertyNotFound | Hir::UnicodePropertyValueNotFound => (
            "未知的 Unicode 属性",
            "常用的有 \\p{Han}（汉字）、\\p{P}（标点）、\\p{N}（数字）、\\p{L}（字母）",
        ),
        Hir::UnicodeNotAllowed | Hir::InvalidUtf8 => {
            ("关闭 Unicode 后不能匹配非 ASCII 字符", "去掉 (?-u) 标志")
        }
        Hir::UnicodePerlClassNotFound | Hir::UnicodeCaseUnavailable => {
            ("此 Unicode 类不可用", "请改用 \\p{…} 写出字符类")
        }
        _ => ("正则写法有误", "请对照 Rust regex 语法检查此处"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the literals computed from `pattern` let `text` through.
    fn passes(pattern: &str, text: &str) -> bool {
        required_literals(pattern).is_none_or(|ac| ac.is_match(text))
    }

    #[test]
    fn required_literals_never_rule_out_a_match() {
        for (pattern, text) in [
            (r"^(?:首页|当前位置)(?:$|[:：])", "当前位置：首页"),
            (
                r"^.{0,30}?[0-9]{4}\s*年\s*(?:星期|周)[一二]",
                "某区 2024 年 周一",
            ),
            (
                r"^[\[【]?\s*(?:索\s*引\s*号|文\s*号)\s*(?:[\]】]|[:：])",
                "【索 引 号】",
            ),
            (
                r"^[0-9]{4}-[0-9]{2}(?:\s*[0-9]{1,2}:[0-9]{2})$",
                "2024-04 16:34",
            ),
            (r"(?i)produced\s+by", "PRODUCED  BY"),
            (r"a|[0-9]+", "7"),
        ] {
            assert!(Regex::new(pattern).unwrap().is_match(text), "{pattern}");
            assert!(passes(pattern, text), "{pattern} ruled out {text}");
        }
        assert!(!passes(r"^(?:首页|当前位置)(?:$|[:：])", "一、主要举措"));
        assert!(!passes(
            r"^(?:今天是|.{0,40}ICP备)",
            "2023年，我县坚持依法行政。"
        ));
    }

    #[test]
    fn a_branch_that_matches_anything_leaves_no_literals() {
        assert!(required_literals(r"^(?:首页|\d+)").is_none());
        assert!(required_literals(r"首页|.").is_none());
        assert!(required_literals(r"[^a]{2}").is_none());
    }

    #[test]
    fn syntax_errors_are_chinese_and_point_into_the_regex() {
        let e = compile("法治(?=政府)").unwrap_err();
        assert!(e.message.contains("不支持前后查找"), "{e:?}");
        assert_eq!(e.span, Some(6..9), "the `(?=` of the look-ahead");
        let e = compile("法治(政府").unwrap_err();
        assert_eq!(e.label, "括号 ( 没有闭合");
        assert_eq!(
            compile("\\p{Hann}").unwrap_err().label,
            "未知的 Unicode 属性"
        );
        assert_eq!(
            compile("*x").unwrap_err().label,
            "重复符号（* + ? {n}）前面没有可重复的内容"
        );
    }

    #[test]
    fn empty_matches_are_refused_but_empty_groups_are_fine() {
        assert_eq!(compile("").unwrap_err().message, "正则表达式为空");
        for p in ["a*", "(?:x)?", "x|", "^", "(?m)$"] {
            assert!(
                compile(p).unwrap_err().message.contains("可以匹配空字符串"),
                "{p}"
            );
        }
        assert!(compile("思想(?P<at>)[，。]").is_ok());
    }

    #[test]
    fn huge_regexes_fail_with_the_limit() {
        let e = compile("\\w{1000}\\w{1000}").unwrap_err();
        assert!(e.message.contains("编译后过大"), "{e:?}");
        assert_eq!(e.label, "编译后超过 4 MB");
    }
}
