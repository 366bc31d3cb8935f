//! `kind: pattern` — a regex that must not occur (or, with `require: true`,
//! must occur) in a scope: the title, headings, body, closing, or the text of
//! one template section. Several matches in one paragraph make one finding
//! with a label on each, so a careless paragraph does not flood the output.
//!
//! The `regex` crate has no look-around; three devices stand in for it:
//! - a match is dropped when the `allow` regex matches at the same place;
//! - a capture group named `at` narrows the reported (and fixed) span to part
//!   of the match, so the rest of the match serves as context (an empty `at`
//!   marks where something is missing; `{match}` then quotes the whole match);
//! - when the regex has an `at` group, a match in which `at` took no part is
//!   skipped: alternatives without `at` consume text that must never be
//!   reported (a URL, a number such as 1,200) before the reported
//!   alternative can see it.

use std::ops::Range;

use regex::{CaptureLocations, Regex};

use crate::document::Span;
use crate::finding::{Applicability, Edit, Findings, Fix, Label, MAX_FIX_EDITS, MAX_LABELS};
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Check, CompileEnv, Context, Examples, Fixability, Kind, Problem, Scope};

/// `kind: pattern`.
pub struct PatternKind;

/// 正则不得（`require: true` 时必须）在范围内出现。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatternOptions {
    /// 正则表达式（Rust regex 语法；不要使用 `\b`）。名为 `at` 的捕获组把标注和修复缩小到匹配的一部分。
    /// `{year}`、`{next_year}` 换成报告年度和下一年（无法确定报告年度时本规则不检查）。
    pub regex: String,
    /// 范围：all、title、headings、body（默认）、closing、section:<模板部分 id>。
    #[serde(default = "body_scope")]
    pub scope: String,
    /// 在同一位置匹配此正则时不报告。
    #[serde(default)]
    pub allow: Option<String>,
    /// 为 true 时，范围内找不到匹配才报告。
    #[serde(default)]
    pub require: bool,
    /// `require` 在多大的文字中找：paragraph（默认，一段一段地找，正则须在同一段中匹配）、
    /// section（一个一级标题下的全部文字连起来，每段之间是换行；`scope: section:<id>` 时即该部分）、
    /// document（范围内的全部文字连起来）。`scope: title` 总是匹配连起来的题名（不含换行）。
    #[serde(default)]
    pub within: Within,
    /// `require` 至少要找到几处不同的匹配（默认 1，最多 1000）：如“至少写出三条不足”“五种说法中至少写出两种”
    /// （用 `|` 列出各种说法，相同的文字只算一处）。
    #[serde(default)]
    pub min_count: Option<usize>,
    /// 范围是模板部分或题名、而报告中没有它时：skip（默认，不报告；缺少部分或题名由 FZ001、FZ010 报告）
    /// 或 report（报告一次，标在题名或第一行上）。
    #[serde(default)]
    pub if_missing: IfMissing,
    /// 每处匹配的标注文字。
    #[serde(default)]
    pub label: Option<String>,
    /// 修复方式。
    #[serde(default)]
    pub fix: Option<FixOptions>,
}

/// `within`：`require` 在多大的文字中找。
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Within {
    /// 一段一段地找。
    #[default]
    Paragraph,
    /// 一个一级标题下的全部文字连起来找。
    Section,
    /// 范围内的全部文字连起来找。
    Document,
}

/// `if_missing`：范围（模板部分、题名）在报告中不存在时怎么办。
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum IfMissing {
    /// 不报告。
    #[default]
    Skip,
    /// 报告一次。
    Report,
}

/// The most distinct matches `min_count` may ask for: counting stops there.
pub const MAX_MIN_COUNT: usize = 1000;

fn body_scope() -> String {
    "body".to_string()
}

/// 修复方式。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FixOptions {
    /// 替换文本；`$1`、`${name}` 引用捕获组。
    #[serde(default)]
    pub replace: Option<String>,
    /// 按表替换：在匹配的文字（或 `at` 组）中，把每个键替换为对应的值（长的键优先），其余照抄。
    /// 用于各个分支各有正确写法的规则（`,` → `，`，`法制政府` → `法治政府`）。
    #[serde(default)]
    pub map: Option<BTreeMap<String, String>>,
    /// 是否无需人工确认即可应用（默认否）。
    #[serde(default)]
    pub safe: bool,
    /// 修复的简短说明。
    #[serde(default)]
    pub title: Option<String>,
}

impl Kind for PatternKind {
    const NAME: &'static str = "pattern";
    const PLACEHOLDERS: &'static [&'static str] = &["match", "count", "min"];
    const DOCS: &'static str = "正则表达式不得（`require: true` 时必须）在范围内出现。逐段（逐行）匹配；同一段中的多处匹配合为一条诊断，每处一个标注。可带修复（`fix`）。";
    type Options = PatternOptions;

    fn compile(o: PatternOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        let check = PatternCheck::compile(o, env)?;
        check.check_fix_is_final(env);
        Some(Box::new(check))
    }
}

impl Check for PatternCheck {
    fn kind(&self) -> &'static str {
        PatternKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["match", "count", "min"]
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        self.run_over(ctx, out);
    }

    fn fixability(&self) -> Fixability {
        match self.fix.as_ref().map(|f| f.applicability) {
            None => Fixability::None,
            Some(Applicability::Safe) => Fixability::Safe,
            Some(Applicability::Unsafe) => Fixability::Unsafe,
        }
    }

    /// The regex of a rule that reports matches rather than absence (and
    /// is not rewritten per report year), unless the regex is found by a
    /// literal scan of its own (see [`has_fast_literals`]): searched alone
    /// it costs less than its place in the pack's set.
    fn prefilter_regex(&self) -> Option<&str> {
        (!self.require && self.context_free() && !self.fast_literals).then_some(self.regex.as_str())
    }
}

/// Whether the matches of `pattern` depend on where the searched text
/// starts and ends: it has assertions (`^`, `$`, `\b`, …, in any mode), or
/// it can match the empty string (which the search of a shorter text finds
/// at its end). `true` when it does not parse.
fn depends_on_place(pattern: &str) -> bool {
    regex_syntax::parse(pattern).map_or(true, |hir| {
        !hir.properties().look_set().is_empty() || hir.properties().minimum_len() == Some(0)
    })
}

/// Whether the regex engine finds the matches of `pattern` by a fast
/// literal scan (memchr, memmem, Teddy) for what every match begins with
/// (`法制政府`, `[。，、；：]{2,}`) or holds after a first part (the `,` of
/// `(\p{Han}),(\p{Han})`), as the engine itself judges such a scan. A
/// rule whose regex is found that way searches the text on its own faster
/// than an overlapping automaton over every byte, which the pack's
/// prefilter set runs. `false` when the pattern does not parse.
fn has_fast_literals(pattern: &str) -> bool {
    use regex_automata::{util::prefilter::Prefilter, MatchKind};
    use regex_syntax::hir::{Hir, HirKind};
    let fast = |hir: &Hir| {
        Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, hir).is_some_and(|p| p.is_fast())
    };
    /// The parts of the concatenation `hir` is, under any capture groups.
    fn parts(hir: &Hir) -> &[Hir] {
        match hir.kind() {
            HirKind::Capture(c) => parts(&c.sub),
            HirKind::Concat(parts) => parts,
            _ => &[],
        }
    }
    let Ok(hir) = regex_syntax::parse(pattern) else {
        return false;
    };
    fast(&hir) || parts(&hir).iter().skip(1).any(fast)
}

const FINAL_HELP: &str = "修复后的文字不能再匹配本规则（否则每次 --fix 都会再改一次）；请修改 replace 或 map，或用 allow 排除修复后的写法";

/// Checks the `$1`, `${name}` references of a `fix.replace` template against
/// the groups of the regex: the regex crate silently replaces a reference to
/// a group that does not exist with nothing, which would delete the matched
/// text. `$1a` names a group `1a`, not group 1 followed by “a”.
fn check_references(template: &str, regex: &Regex, env: &mut impl CompileEnv) -> Option<()> {
    let groups = regex.captures_len() - 1;
    let names: Vec<&str> = regex.capture_names().flatten().collect();
    let exists = |name: &str| match name.parse::<usize>() {
        Ok(i) => i <= groups,
        Err(_) => names.contains(&name),
    };
    let available = {
        let mut v: Vec<String> = (1..=groups).map(|i| format!("${i}")).collect();
        v.extend(names.iter().map(|n| format!("${{{n}}}")));
        if v.is_empty() {
            "正则中没有捕获组".to_string()
        } else {
            format!(
                "可用的引用：$0（整个匹配）{}",
                v.iter().map(|r| format!("、{r}")).collect::<String>()
            )
        }
    };
    let mut ok = true;
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        let after = &rest[i + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            rest = tail;
            continue;
        }
        let (reference, name, consumed) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(close) => (&rest[i..i + close + 3], &braced[..close], close + 2),
                None => {
                    env.error(
                        "check.fix.replace",
                        Some(&rest[i..]),
                        Problem::new(
                            format!("替换 `{template}` 中的 `${{` 没有闭合"),
                            "缺少 }",
                            "写作 ${1} 或 ${名称}；要写 $ 本身，写作 $$",
                        ),
                    );
                    return None;
                }
            }
        } else {
            let len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&rest[i..i + 1 + len], &after[..len], len)
        };
        rest = &after[consumed..];
        if name.is_empty() || exists(name) {
            continue;
        }
        ok = false;
        let digits = name.chars().take_while(char::is_ascii_digit).count();
        let hint = if digits > 0 && digits < name.len() && exists(&name[..digits]) {
            format!(
                "`{reference}` 被当作名为 `{name}` 的组；要在第 {} 组后紧接“{}”，写作 ${{{}}}{}。",
                &name[..digits],
                &name[digits..],
                &name[..digits],
                &name[digits..]
            )
        } else {
            String::new()
        };
        env.error(
            "check.fix.replace",
            Some(reference),
            Problem::new(
                format!("替换 `{template}` 引用了不存在的捕获组 `{reference}`"),
                "没有这个组",
                format!("{hint}引用不存在的组会被替换为空，修复会删掉匹配的文字。{available}；要写 $ 本身，写作 $$"),
            ),
        );
    }
    ok.then_some(())
}

#[derive(Debug)]
pub struct PatternCheck {
    /// The regex; when written with `{year}` or `{next_year}`, compiled
    /// with a sample year (to check it and the fix) and again for each
    /// report from `by_year`.
    regex: Regex,
    /// The regex as written, when it names the report year.
    by_year: Option<String>,
    /// The index of the regex's group named `at`, if it has one.
    at_group: Option<usize>,
    /// Whether reporting a match needs its groups: an `at` group, or a fix
    /// that quotes groups. Other rules find their matches without them.
    needs_groups: bool,
    /// Whether the regex has assertions (`^`, `$`, `\b`, …) or can match
    /// the empty string: its matches depend on where the searched text
    /// starts or ends (see [`depends_on_place`]).
    anchored: bool,
    /// Whether the regex is found by a literal scan (see
    /// [`has_fast_literals`]).
    fast_literals: bool,
    scope: Scope,
    allow: Option<Regex>,
    require: bool,
    within: Within,
    min_count: usize,
    if_missing: IfMissing,
    label: Option<String>,
    fix: Option<PatternFix>,
}

#[derive(Debug)]
struct PatternFix {
    how: Replacement,
    applicability: Applicability,
    title: String,
}

/// How the replacement for one match is made.
#[derive(Debug)]
enum Replacement {
    /// A template with `$1` / `${name}` capture references.
    Template(Template),
    /// A lookup table, see [`FixOptions::map`]: keys longest first.
    Map(Vec<(String, String)>),
}

/// A `fix.replace` template, as written and split once into the text it
/// copies and the groups it quotes.
#[derive(Debug)]
struct Template {
    source: String,
    pieces: Vec<Piece>,
}

/// A part of a [`Template`].
#[derive(Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// The text of the group with this index (nothing when the group took
    /// no part in the match).
    Group(usize),
}

impl Template {
    /// Splits `source` as the regex crate reads a replacement (`$$` is
    /// `$`; `$name` takes the longest run of letters, digits and `_`;
    /// `${name}` ends at `}`; a `$` that starts no reference is itself).
    /// A reference to a group `regex` lacks is left out, as the regex
    /// crate replaces it with nothing.
    fn new(source: &str, regex: &Regex) -> Template {
        let index = |name: &str| match name.parse::<usize>() {
            Ok(i) => Some(i),
            Err(_) => regex.capture_names().position(|n| n == Some(name)),
        };
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut rest = source;
        while let Some(i) = rest.find('$') {
            text.push_str(&rest[..i]);
            rest = &rest[i..];
            if rest[1..].starts_with('$') {
                text.push('$');
                rest = &rest[2..];
                continue;
            }
            let after = &rest[1..];
            let reference = match after.strip_prefix('{') {
                Some(braced) => braced.find('}').map(|close| (&braced[..close], close + 3)),
                None => {
                    let len = after
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(after.len());
                    (len > 0).then(|| (&after[..len], len + 1))
                }
            };
            let Some((name, len)) = reference else {
                text.push('$');
                rest = &rest[1..];
                continue;
            };
            rest = &rest[len..];
            if let Some(i) = index(name) {
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Group(i));
            }
        }
        text.push_str(rest);
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Template {
            source: source.to_string(),
            pieces,
        }
    }
}

impl Replacement {
    /// The replacement of `text`; `groups`, the match's group locations in
    /// the searched text `haystack`, are needed only by a template that
    /// quotes them.
    fn make(&self, groups: Option<(&CaptureLocations, &str)>, text: &str) -> String {
        match self {
            Replacement::Template(t) => {
                let mut out = String::new();
                for piece in &t.pieces {
                    match piece {
                        Piece::Text(s) => out.push_str(s),
                        Piece::Group(i) => {
                            if let Some((start, end)) = groups.and_then(|(locs, _)| locs.get(*i)) {
                                out.push_str(groups.map_or("", |(_, h)| &h[start..end]));
                            }
                        }
                    }
                }
                out
            }
            Replacement::Map(keys) => {
                let mut out = String::with_capacity(text.len());
                let mut rest = text;
                while let Some(c) = rest.chars().next() {
                    match keys.iter().find(|(k, _)| rest.starts_with(k.as_str())) {
                        Some((k, v)) => {
                            out.push_str(v);
                            rest = &rest[k.len()..];
                        }
                        None => {
                            out.push(c);
                            rest = &rest[c.len_utf8()..];
                        }
                    }
                }
                out
            }
        }
    }
}

impl PatternCheck {
    fn compile(o: PatternOptions, env: &mut impl CompileEnv) -> Option<Self> {
        let by_year = names_year(&o.regex).then(|| o.regex.clone());
        let compiled = env.regex("check.regex", &with_year(&o.regex, SAMPLE_YEAR));
        let allow = match &o.allow {
            Some(a) => Some(env.regex("check.allow", a)?),
            None => None,
        };
        let scope = env.scope("check.scope", &o.scope)?;
        if o.require && o.fix.is_some() {
            env.error(
                "check.fix",
                None,
                Problem::new(
                    "`require: true` 的规则不能带 `fix`",
                    "此处无效",
                    "缺少的内容无法自动补写；删除 fix",
                ),
            );
            return None;
        }
        if !o.require && (o.within != Within::Paragraph || o.min_count.is_some()) {
            let at = if o.min_count.is_some() {
                "check.min_count"
            } else {
                "check.within"
            };
            env.error(
                at,
                None,
                Problem::new(
                    "`within` 和 `min_count` 只用于 `require: true` 的规则",
                    "此处无效",
                    "不得出现的写法总是逐段查找并逐处标注；要求必须写出的内容时才按范围找、按处数计",
                ),
            );
            return None;
        }
        let min_count = o.min_count.unwrap_or(1);
        if !(1..=MAX_MIN_COUNT).contains(&min_count) {
            env.error(
                "check.min_count",
                None,
                Problem::new(
                    format!("`min_count` 为 {min_count}"),
                    "超出范围",
                    format!("min_count 取 1–{MAX_MIN_COUNT}"),
                ),
            );
            return None;
        }
        let regex = compiled?;
        let fix = match o.fix {
            Some(f) => Some(Self::compile_fix(f, &regex, env)?),
            None => None,
        };
        let at_group = regex.capture_names().position(|n| n == Some("at"));
        let quotes_groups = fix
            .as_ref()
            .is_some_and(|f| matches!(&f.how, Replacement::Template(t) if t.source.contains('$')));
        let anchored = depends_on_place(regex.as_str());
        let fast_literals = has_fast_literals(regex.as_str());
        Some(PatternCheck {
            regex,
            by_year,
            at_group,
            needs_groups: at_group.is_some() || quotes_groups,
            anchored,
            fast_literals,
            scope,
            allow,
            require: o.require,
            within: o.within,
            min_count,
            if_missing: o.if_missing,
            label: o.label,
            fix,
        })
    }

    fn compile_fix(f: FixOptions, regex: &Regex, env: &mut impl CompileEnv) -> Option<PatternFix> {
        let (how, default_title) = match (f.replace, f.map) {
            (Some(r), None) => {
                check_references(&r, regex, env)?;
                let template = Template::new(&r, regex);
                // A template that quotes groups reads as “$1，$2” in a title:
                // each label shows what its place becomes instead.
                let title = match template.pieces.as_slice() {
                    [] => "删除".to_string(),
                    [Piece::Text(text)] => format!("改为“{text}”"),
                    _ => "改为规范写法".to_string(),
                };
                (Replacement::Template(template), title)
            }
            (None, Some(m)) if !m.is_empty() && !m.contains_key("") => {
                let mut keys: Vec<(String, String)> = m.into_iter().collect();
                keys.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
                (Replacement::Map(keys), "改为规范写法".to_string())
            }
            (None, Some(_)) => {
                env.error(
                    "check.fix.map",
                    None,
                    Problem::new(
                        "`fix.map` 为空或有空的键",
                        "没有可替换的内容",
                        "map 的每一项是“原文: 改为”，例如 {',': '，'}",
                    ),
                );
                return None;
            }
            (Some(_), Some(_)) | (None, None) => {
                env.error(
                    "check.fix",
                    None,
                    Problem::new(
                        "`fix` 须有 `replace` 或 `map` 之一",
                        "此处",
                        "replace 是带 $1、${name} 的替换模板；map 是“原文: 改为”的对照表",
                    ),
                );
                return None;
            }
        };
        Some(PatternFix {
            how,
            applicability: if f.safe {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            },
            title: f.title.unwrap_or(default_title),
        })
    }

    /// Reports a fix whose result the rule would report again (法治 →
    /// 法治法治), which `--fix` would then grow on every run. Decided on the
    /// replacement itself when it is fixed text, and on each invalid example
    /// with the fix applied.
    fn check_fix_is_final(&self, env: &mut impl CompileEnv) {
        let Some(fix) = &self.fix else { return };
        let fixed_texts: Vec<&str> = match &fix.how {
            Replacement::Template(t) if !t.source.contains('$') => vec![t.source.as_str()],
            Replacement::Template(_) => Vec::new(),
            Replacement::Map(keys) => keys.iter().map(|(_, v)| v.as_str()).collect(),
        };
        for text in fixed_texts {
            if let Some(again) = self.reported(text).first() {
                let (at, part) = match &fix.how {
                    Replacement::Map(keys) => (
                        keys.iter()
                            .find(|(_, v)| v == text)
                            .map_or("check.fix.map".to_string(), |(k, _)| {
                                format!("check.fix.map.{k}")
                            }),
                        None,
                    ),
                    Replacement::Template(_) => ("check.fix.replace".to_string(), None),
                };
                env.error(
                    &at,
                    part,
                    Problem::new(
                        format!(
                            "修复的结果仍会被本规则查出：改为“{text}”后，其中的“{}”仍然匹配",
                            &text[again.clone()]
                        ),
                        "修复结果仍匹配",
                        FINAL_HELP,
                    ),
                );
                return;
            }
        }
        let found = env
            .examples()
            .into_iter()
            .flat_map(|e: &Examples| e.invalid.iter().enumerate())
            .find_map(|(i, example)| Some((i, self.rematch(&example.text)?)));
        if let Some((i, (before, after, again))) = found {
            env.error(
                &format!("examples.invalid[{i}].text"),
                None,
                Problem::new(
                    format!("修复的结果仍会被本规则查出：用例中的“{before}”改为“{after}”后，“{again}”仍然匹配"),
                    "修复后仍匹配的用例",
                    FINAL_HELP,
                ),
            );
        }
    }

    /// The first fix in `text` after which the rule reports a match at the
    /// replaced place: the matched text, its replacement, and the new match.
    fn rematch(&self, text: &str) -> Option<(String, String, String)> {
        let fix = self.fix.as_ref()?;
        let mut allow = AllowCursor::default();
        let mut found = None;
        for_each_match(&self.regex, text, 0, |locs| {
            let Some(m) = self.reported_part(text, locs, &mut allow) else {
                return true;
            };
            let replacement = fix.how.make(Some((locs, text)), &text[m.clone()]);
            if replacement == text[m.clone()] {
                return true;
            }
            let fixed = format!("{}{replacement}{}", &text[..m.start], &text[m.end..]);
            let (start, end) = (m.start, m.start + replacement.len());
            if let Some(again) = self
                .reported(&fixed)
                .into_iter()
                .find(|s| s.start < end.max(start + 1) && start < s.end.max(s.start + 1))
            {
                found = Some((text[m].to_string(), replacement, fixed[again].to_string()));
                return false;
            }
            true
        });
        found
    }

    /// The spans the rule reports in `text`.
    fn reported(&self, text: &str) -> Vec<Range<usize>> {
        let mut allow = AllowCursor::default();
        let mut spans = Vec::new();
        for_each_match(&self.regex, text, 0, |locs| {
            spans.extend(self.reported_part(text, locs, &mut allow));
            true
        });
        spans
    }

    /// The part of a match (given by its group locations in `text`) that
    /// is reported (the `at` group or the whole), or `None` for a match
    /// that is skipped.
    fn reported_part(
        &self,
        text: &str,
        locs: &CaptureLocations,
        allow: &mut AllowCursor,
    ) -> Option<Range<usize>> {
        let (start, end) = locs.get(0)?;
        if start == end || self.allowed_at(text, start, allow) {
            return None;
        }
        match self.at_group {
            None => Some(start..end),
            // An alternative without `at` consumed text to keep it from
            // being reported.
            Some(at) => locs.get(at).map(|(s, e)| s..e),
        }
    }

    fn run_over(&self, ctx: &Context, out: &mut Findings) {
        let for_year;
        let regex = match &self.by_year {
            None => &self.regex,
            Some(template) => {
                let Some(year) = ctx.doc.year() else { return };
                match Regex::new(&with_year(template, year)) {
                    Ok(r) => for_year = r,
                    Err(_) => return,
                }
                &for_year
            }
        };
        if self.require {
            self.require_in(ctx, regex, &ctx.scope_spans(self.scope), out);
            return;
        }
        // One pass over the whole text finds where the regex matches at all;
        // only the spans those matches touch are searched match by match.
        // The result is the same: a regex whose matches do not depend on
        // where the searched text starts or ends (see `context_free`) that
        // matches inside a span also has a match over the whole text that
        // covers the place it starts (leftmost-first search cannot skip it).
        if !self.context_free() {
            for span in ctx.scope_spans(self.scope) {
                self.check_span(ctx, regex, span, None, out);
            }
            return;
        }
        let hits: Vec<std::ops::Range<usize>> =
            regex.find_iter(&ctx.doc.text).map(|m| m.range()).collect();
        // Most rules match nowhere: their spans are not even listed.
        if hits.is_empty() {
            return;
        }
        let mut next = 0;
        for span in ctx.scope_spans(self.scope) {
            while hits
                .get(next)
                .is_some_and(|m| m.end.max(m.start + 1) <= span.start)
            {
                next += 1;
            }
            let from = next;
            while hits.get(next).is_some_and(|m| m.start < span.end) {
                next += 1;
            }
            let touching = &hits[from..next];
            // The last match may also reach into the next span.
            next = next.saturating_sub(1).max(from);
            // A match of the whole text that lies inside the span is one
            // the span's own search finds: no assertion sees where the text
            // around it ends, and a match elsewhere starts no earlier and has
            // no higher priority in the shorter text. Only a span that a
            // match crosses into or out of is searched again.
            let crossed = touching
                .iter()
                .any(|m| m.start < span.start || m.end > span.end);
            if crossed {
                self.check_span(ctx, regex, span, None, out);
            } else if !touching.is_empty() {
                self.check_span(ctx, regex, span, Some(touching), out);
            }
        }
    }

    /// Whether the regex matches the same text wherever it is searched: no
    /// assertions (anchors, word boundaries), and not rewritten per report
    /// year.
    fn context_free(&self) -> bool {
        !self.anchored && self.by_year.is_none()
    }

    /// A `require` rule: reported once when no unit of text (paragraph,
    /// section or the whole scope, see [`Within`]) has `min_count`
    /// distinct matches; when the scope is a part the report lacks, only
    /// with `if_missing: report`.
    fn require_in(&self, ctx: &Context, regex: &Regex, spans: &[Span], out: &mut Findings) {
        let (units, missing) = ctx.scope_texts(self.scope, self.within, spans);
        if missing && self.if_missing == IfMissing::Skip {
            return;
        }
        let mut best = 0;
        for unit in &units {
            let mut seen = std::collections::HashSet::new();
            let mut allow = AllowCursor::default();
            for_each_match(regex, unit, 0, |locs| {
                if let Some(m) = self.reported_part(unit, locs, &mut allow) {
                    seen.insert(&unit[m]);
                }
                seen.len() < self.min_count
            });
            if seen.len() >= self.min_count {
                return;
            }
            best = best.max(seen.len());
        }
        let at = spans
            .first()
            .copied()
            .or_else(|| ctx.doc.title.as_ref().map(|t| t.span()))
            .or_else(|| ctx.doc.blocks.first().map(|b| b.span));
        let Some(at) = at else { return };
        let label = self
            .label
            .clone()
            .unwrap_or_else(|| "应包含的内容未找到".into());
        let (count, min) = (best.to_string(), self.min_count.to_string());
        out.push(ctx.finding(
            Label::new(at, label),
            &[("count", count.as_str()), ("min", min.as_str())],
        ));
    }

    /// Reports the matches in `span`: those of a search of the span's
    /// text, or `found`, the matches already found there (byte ranges in
    /// the document, in order).
    fn check_span(
        &self,
        ctx: &Context,
        regex: &Regex,
        span: Span,
        found: Option<&[std::ops::Range<usize>]>,
        out: &mut Findings,
    ) {
        let text = ctx.doc.slice(span);
        let mut labels = Vec::new();
        let mut edits = Vec::new();
        let mut first_match = String::new();
        // Matches beyond the labelled ones are counted, not kept; once the
        // rule has reported all it may, every match is only counted.
        let labelled = if out.is_full() { 0 } else { MAX_LABELS };
        let mut count = 0usize;
        // `m`: the reported part, a range of `text`; `quote`: the range
        // `{match}` quotes for it; `locs`: the match's groups, when found.
        let mut each = |m: Range<usize>, quote: Range<usize>, locs: Option<&CaptureLocations>| {
            count += 1;
            if labelled == 0 || (count > labelled && edits.len() >= MAX_FIX_EDITS) {
                return;
            }
            let at = Span::new(span.start + m.start, span.start + m.end);
            let matched = &text[m];
            let mut replacement = None;
            if let Some(fix) = &self.fix {
                let r = fix.how.make(locs.map(|l| (l, text)), matched);
                if r != matched && edits.len() < MAX_FIX_EDITS {
                    replacement = Some(r);
                }
            }
            // Past the labelled places the fix still covers the matches.
            if count <= labelled {
                if first_match.is_empty() {
                    first_match = text[quote].to_string();
                }
                let label = match (&self.label, &replacement) {
                    (Some(l), _) if !l.is_empty() => Label::new(at, l.clone()),
                    (None, Some(r)) => Label::new(at, format!("应为“{r}”")),
                    _ => Label::bare(at),
                };
                labels.push(label);
            }
            if let Some(replacement) = replacement {
                edits.push(Edit {
                    span: at,
                    replacement,
                });
            }
        };
        let mut allow = AllowCursor::default();
        let mut report = |locs: &CaptureLocations| {
            if let Some(m) = self.reported_part(text, locs, &mut allow) {
                each(m.clone(), quoted(locs, m), Some(locs));
            }
        };
        match (self.needs_groups, found) {
            (true, None) => {
                let mut locs = regex.capture_locations();
                for_each_match_in(regex, text, 0, &mut locs, |locs| {
                    report(locs);
                    true
                });
            }
            (true, Some(found)) => {
                let mut locs = regex.capture_locations();
                for m in found {
                    // The groups of a match found elsewhere: the search
                    // from its start finds that same match first.
                    if regex
                        .captures_read_at(&mut locs, text, m.start - span.start)
                        .is_some()
                    {
                        debug_assert_eq!(
                            locs.get(0),
                            Some((m.start - span.start, m.end - span.start))
                        );
                        report(&locs);
                    }
                }
            }
            // Without an `at` group the whole match is reported, and a fix
            // that quotes no group needs none: the groups are not found.
            (false, found) => {
                let ranges: Box<dyn Iterator<Item = Range<usize>>> = match found {
                    None => Box::new(regex.find_iter(text).map(|m| m.range())),
                    Some(found) => Box::new(
                        found
                            .iter()
                            .map(|m| m.start - span.start..m.end - span.start),
                    ),
                };
                for m in ranges {
                    if !m.is_empty() && !self.allowed_at(text, m.start, &mut allow) {
                        each(m.clone(), m, None);
                    }
                }
            }
        }
        if count > 0 && labelled == 0 {
            out.count_more(1);
        }
        let Some(primary) = (!labels.is_empty()).then(|| labels.remove(0)) else {
            return;
        };
        let count_text = count.to_string();
        let mut finding = ctx.finding(
            primary,
            &[
                ("match", first_match.as_str()),
                ("count", count_text.as_str()),
            ],
        );
        finding.secondary = labels;
        finding.note_unlabelled(count.saturating_sub(MAX_LABELS));
        if let (Some(fix), false) = (&self.fix, edits.is_empty()) {
            finding.fix = Some(Fix::new(fix.title.clone(), fix.applicability, edits));
        }
        out.push(finding);
    }

    /// Whether the `allow` regex matches starting exactly at `at`. Matches
    /// come in increasing order, so the cursor remembers where the last
    /// search found the next `allow` match: a span with thousands of matches
    /// and no `allow` match is searched once, not once per match.
    fn allowed_at(&self, text: &str, at: usize, cursor: &mut AllowCursor) -> bool {
        let Some(allow) = &self.allow else {
            return false;
        };
        let reusable = cursor.searched_from.is_some_and(|from| from <= at)
            && cursor.next_start.is_none_or(|next| next >= at);
        if !reusable {
            cursor.searched_from = Some(at);
            cursor.next_start = allow.find_at(text, at).map(|m| m.start());
        }
        cursor.next_start == Some(at)
    }
}

/// The year a regex naming `{year}` is compiled with when the pack loads.
const SAMPLE_YEAR: i32 = 2000;

/// Whether a regex names the report year.
fn names_year(regex: &str) -> bool {
    regex.contains("{year}") || regex.contains("{next_year}")
}

/// A regex with `{year}` and `{next_year}` replaced by `year` and the next
/// (escaped, so that only the digits are matched).
fn with_year(regex: &str, year: i32) -> String {
    regex
        .replace("{year}", &regex::escape(&year.to_string()))
        .replace("{next_year}", &regex::escape(&(year + 1).to_string()))
}

/// The range `{match}` quotes for a reported part of a match (with the
/// groups `locs`): the part itself, or the whole match when the part is
/// empty (an `at` group that marks where something is missing, such as the
/// dash of “20212025年”): an empty quote “” tells the reader nothing.
fn quoted(locs: &CaptureLocations, reported: Range<usize>) -> Range<usize> {
    match locs.get(0) {
        Some((start, end)) if reported.is_empty() => start..end,
        _ => reported,
    }
}

/// Calls `each` with the groups of every match of `regex` in `text` at or
/// after `from`, in order (the matches `captures_iter` finds), until it
/// returns `false`.
fn for_each_match(
    regex: &Regex,
    text: &str,
    from: usize,
    each: impl FnMut(&CaptureLocations) -> bool,
) {
    let mut locs = regex.capture_locations();
    for_each_match_in(regex, text, from, &mut locs, each);
}

/// [`for_each_match`] with the group locations `locs` reused for every
/// match, so that a text with many matches allocates none of its own.
fn for_each_match_in(
    regex: &Regex,
    text: &str,
    mut from: usize,
    locs: &mut CaptureLocations,
    mut each: impl FnMut(&CaptureLocations) -> bool,
) {
    while from <= text.len() {
        let Some(m) = regex.captures_read_at(locs, text, from) else {
            return;
        };
        if m.is_empty() {
            // Never for a pattern rule (its regex matches at least one
            // character); stepping past the empty match keeps the search
            // finite. An empty match is never reported.
            from = m.end() + text[m.end()..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        from = m.end();
        if !each(locs) {
            return;
        }
    }
}

/// Where the `allow` regex was last searched from, and the start of the
/// first match it found at or after that point (`None`: no match up to the
/// end of the span).
#[derive(Default)]
struct AllowCursor {
    searched_from: Option<usize>,
    next_start: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run, spans};
    use crate::finding::Applicability;

    #[test]
    fn reports_matches_in_scope_with_a_fix() {
        let rule = "  - {id: P1, title: t, severity: error, message: '“{match}”共{count}处', check: {kind: pattern, regex: '法制政府', fix: {replace: 法治政府, safe: true}}}\n";
        let text = complete_report(2023)
            .replace("全面推进法治政府建设", "全面推进法制政府建设，建设法制政府");
        let findings = run(rule, &text);
        assert_eq!(
            findings.len(),
            1,
            "two matches in one paragraph make one finding"
        );
        assert_eq!(findings[0].message, "“法制政府”共2处");
        assert_eq!(findings[0].secondary.len(), 1);
        let fix = findings[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(fix.edits.len(), 2);
        assert!(fix.edits.iter().all(|e| e.replacement == "法治政府"));
    }

    /// A fix without a title is named after its replacement; a template
    /// quoting groups is not shown raw (“改为“$1，$2””), each label says
    /// what its place becomes.
    #[test]
    fn a_fix_without_a_title_is_named_after_its_replacement() {
        let text =
            complete_report(2023).replace("全面推进法治政府建设", "全面推进法制政府建设,努力");
        let title = |fix: &str| {
            let rule = format!("  - {{id: P1, title: t, severity: error, message: m, check: {{kind: pattern, regex: '(法制)(政府)', fix: {fix}}}}}\n");
            let findings = run(&rule, &text);
            assert_eq!(findings.len(), 1, "{fix}");
            findings[0].fix.as_ref().map(|f| f.title.clone())
        };
        assert_eq!(
            title("{replace: 法治政府}").as_deref(),
            Some("改为“法治政府”")
        );
        assert_eq!(title("{replace: '$$1'}").as_deref(), Some("改为“$1”"));
        assert_eq!(
            title("{replace: '法治$2'}").as_deref(),
            Some("改为规范写法")
        );
        assert_eq!(title("{replace: '${1}'}").as_deref(), Some("改为规范写法"));
        assert_eq!(title("{replace: ''}").as_deref(), Some("删除"));
        assert_eq!(title("{replace: '', title: 删去}").as_deref(), Some("删去"));
    }

    #[test]
    fn scope_limits_where_it_looks() {
        let rule = "  - {id: P1, title: t, severity: error, message: m, check: {kind: pattern, regex: '主要安排', scope: 'section:plan'}}\n";
        let text = complete_report(2023);
        assert_eq!(spans(&run(rule, &text), &text), ["主要安排"]);
        let title_rule = rule
            .replace("section:plan", "title")
            .replace("主要安排", "报告");
        assert_eq!(spans(&run(&title_rule, &text), &text), ["报告"]);
        let body_rule = rule.replace("section:plan", "body");
        assert!(run(&body_rule, &text).is_empty(), "headings are not body");
    }

    #[test]
    fn allow_and_at_group_act_as_look_around() {
        let rule = "  - {id: P1, title: t, severity: error, message: m, check: {kind: pattern, regex: '以习近平新时代中国特色社会主义思想(?P<at>)[，。]', fix: {replace: 为指导}}}\n";
        let text = complete_report(2023).replace("思想为指导，", "思想，");
        let findings = run(rule, &text);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0].primary.span.is_empty(),
            "the `at` group narrows the span"
        );
        let allow = "  - {id: P1, title: t, severity: error, message: m, check: {kind: pattern, regex: '法治', allow: '法治政府'}}\n";
        let text = "标题2023年度报告\n法治政府建设。法治社会建设。\n";
        assert_eq!(run(allow, text).len(), 1);
    }

    #[test]
    fn an_empty_at_group_quotes_the_whole_match() {
        let rule = "  - {id: P1, title: t, severity: error, message: '“{match}”缺少连接号', check: {kind: pattern, regex: '(?:19|20)[0-9]{2}(?P<at>)(?:19|20)[0-9]{2}年', fix: {replace: —}}}\n";
        let text = "标题2023年度报告\n制定《实施纲要（20212025年）》。\n";
        let findings = run(rule, text);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message, "“20212025年”缺少连接号");
        assert!(
            findings[0].primary.span.is_empty(),
            "the label marks the gap"
        );
    }

    /// Rules whose regex finds the same matches wherever it is searched
    /// take their matches from one search of the whole text; the findings
    /// must be those of searching every span on its own. The same regex
    /// followed by `(?:$|)` matches the same text but has an assertion, so
    /// it is searched span by span.
    #[test]
    fn matches_of_the_whole_text_are_those_of_each_span() {
        const PIECES: &[&str] = &[
            "法制政府",
            "法治",
            "，",
            ",",
            ":",
            "(",
            ")",
            "（",
            "）",
            "3.5",
            "1,200",
            "2023",
            "年",
            "\n",
            "\n\n",
            " ",
            "\u{3000}",
            "a",
            "Office",
            "http://x.cn/a",
            "一、",
            "某县",
            "第",
            "号",
            "〔",
            "〕",
            "【",
            "】",
            "x@y.cn",
            "；",
            "。",
            "一是",
        ];
        let regexes = [
            r"法制政府",
            r"(\p{Han}),(\p{Han})",
            r"[0-9]+(?:[,.][0-9]+)+|(?P<at>[,:()])",
            r",\s*\p{Han}",
            r"\p{Han}(?P<at>[(（]\s*[0-9]{4}\s*[)）])\s*第?[0-9]*号",
            r"[A-Za-z0-9]+(?:[\x20.,:]+[A-Za-z0-9]+)+|(?P<at>[,:;()])",
        ];
        let fixes = ["", ", fix: {map: {',': '，'}}"];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut found = 0;
        for round in 0..60 {
            let mut text = String::from("某县人民政府关于2023年度法治政府建设情况的报告\n");
            for _ in 0..(next() % 200) {
                text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            }
            let regex = regexes[round % regexes.len()];
            let fix = match (round / regexes.len()) % 3 {
                // A fix that quotes a group: only the regex with group 1.
                2 if regex.starts_with("(\\p") => ", fix: {replace: 'X$1'}",
                2 => fixes[0],
                i => fixes[i],
            };
            for scope in ["all", "body"] {
                let rule = |re: &str| {
                    format!(
                        "  - {{id: P1, title: t, severity: error, message: '{{match}}{{count}}', check: {{kind: pattern, scope: {scope}, regex: '{re}'{fix}}}}}\n"
                    )
                };
                let whole = run(&rule(regex), &text);
                let by_span = run(&rule(&format!("{regex}(?:$|)")), &text);
                assert_eq!(whole, by_span, "{regex} {fix} {scope} {text:?}");
                found += whole.len();
            }
        }
        assert!(found > 100, "the texts have matches: {found}");
    }

    /// A template split once fills in the groups as the regex crate's own
    /// expansion does, for every way of writing (or miswriting) a reference.
    #[test]
    fn templates_expand_as_the_regex_crate_does() {
        use super::{Replacement, Template};
        let regex = regex::Regex::new(r"(?P<name>\p{Han}),(\p{Han})(?P<at>x)?(y)?").unwrap();
        let templates = [
            "$1，$2", "${1}a", "$1a", "$$", "$", "x$", "${", "${at}", "$0", "${name}x", "$9",
            "$nope", "a$$1", "$$$1", "${2}${1}", "$name", "$ 1", "${}", "法治", "$1$2$3$4",
        ];
        for hay in ["前甲,乙x后", "甲,乙y", "甲,乙"] {
            let caps = regex.captures(hay).unwrap();
            let mut locs = regex.capture_locations();
            regex.captures_read(&mut locs, hay).unwrap();
            for t in templates {
                let mut expected = String::new();
                caps.expand(t, &mut expected);
                let made =
                    Replacement::Template(Template::new(t, &regex)).make(Some((&locs, hay)), "");
                assert_eq!(made, expected, "{t} on {hay}");
            }
        }
    }

    #[test]
    fn require_reports_absence_once() {
        let rule = "  - {id: P1, title: t, severity: warning, message: m, check: {kind: pattern, regex: '述法', require: true, scope: 'section:first-responsible', label: 未写述法}}\n";
        let text = complete_report(2023);
        let findings = run(rule, &text);
        assert_eq!(
            spans(&findings, &text),
            ["三、党政主要负责人履行推进法治建设第一责任人职责情况"]
        );
        assert!(run(rule, &text.replace("亲自过问。", "亲自过问，年终述法。")).is_empty());
    }
}
