//! `kind: brackets` — paired marks that do not pair: a 《 never closed, a ）
//! with no （, a “ closed by a ’, and marks nested the wrong way (GB/T 15834:
//! 书名号里再用书名号时外层用《》、里层用〈〉; 引号里再用引号时外层用“”、
//! 里层用‘’). A regex cannot count nesting, so this is a kind of its own.
//!
//! Reports hold a paragraph per line, so each line is checked on its own,
//! except that a paragraph line that does not end a sentence and is followed
//! directly by another paragraph line is taken as one hard-wrapped paragraph
//! with it (text exported from PDF breaks lines anywhere). Half-width and
//! full-width forms of one pair (（ and ( ) belong to one pair here; their
//! width is the business of the punctuation rules.

use crate::document::{BlockKind, Span};
use crate::finding::{Applicability, Edit, Findings, Fix, Label, MAX_LABELS};
use schemars::JsonSchema;
use serde::Deserialize;

use super::{Check, CompileEnv, Context, Fixability, Kind, Scope};

/// `kind: brackets`.
pub struct BracketsKind;

/// 成对的符号（括号、书名号、引号）不成对或嵌套错误。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BracketsOptions {
    /// 成对符号。
    pub pairs: Vec<PairOptions>,
    /// 嵌套时交替使用的成对符号，各写开符号：`['《', '〈']` 表示《》里用〈〉、〈〉里用《》。
    #[serde(default)]
    pub alternate: Vec<Vec<String>>,
    /// 范围（默认 all）。
    #[serde(default = "all_scope")]
    pub scope: String,
}

fn all_scope() -> String {
    "all".to_string()
}

/// 一对符号；每边可列出几种写法（如 `（(`），算作同一对。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PairOptions {
    /// 开符号。
    pub open: String,
    /// 闭符号。
    pub close: String,
}

impl Kind for BracketsKind {
    const NAME: &'static str = "brackets";
    const PLACEHOLDERS: &'static [&'static str] = &["detail", "count"];
    const DOCS: &'static str = "成对的符号不成对（《 没有闭合、） 前没有 （、“ 以 ’ 闭合）或嵌套错误（书名号里再用书名号时外层用《》、里层用〈〉）。正则无法数嵌套，故为单独的类型。";
    type Options = BracketsOptions;

    fn compile(o: BracketsOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        Some(Box::new(BracketsCheck::compile(o, env)?))
    }
}

impl Check for BracketsCheck {
    fn kind(&self) -> &'static str {
        BracketsKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["detail", "count"]
    }

    fn fixability(&self) -> Fixability {
        Fixability::Unsafe
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        BracketsCheck::run(self, ctx, out);
    }
}

#[derive(Debug)]
pub struct BracketsCheck {
    pairs: Vec<Pair>,
    /// Every opening and closing mark, sorted.
    marks: Vec<char>,
    /// For each byte value, whether the UTF-8 form of some mark starts with
    /// it: the text between two such bytes holds no mark and is passed over
    /// a byte at a time, without reading its characters.
    starts: [bool; 256],
    /// Whether a line break is a mark: the break between two lines of a
    /// run is then one too.
    newline_is_mark: bool,
    /// Pairs that alternate when nested: `(outer, inner)` as pair indices.
    alternate: Vec<(usize, usize)>,
    scope: Scope,
}

#[derive(Debug)]
struct Pair {
    open: Vec<char>,
    close: Vec<char>,
}

impl Pair {
    /// The form used in suggestions: the first of each list.
    fn canonical(&self) -> (char, char) {
        (self.open[0], self.close[0])
    }
}

/// An opening mark waiting for its closer.
#[derive(Debug, Clone, Copy)]
struct Open {
    pair: usize,
    at: usize,
    ch: char,
    /// The pair this mark should have been, when it is nested the wrong way.
    should_be: Option<usize>,
}

/// One problem found in a line.
#[derive(Debug)]
struct Problem {
    label: Label,
    edits: Vec<Edit>,
}

/// The problems of a run of lines: the first [`MAX_LABELS`] in text order,
/// and how many there are in all. Problems are found out of text order (a
/// mark left open is known only at its line's end), so up to twice the cap
/// are buffered and the buffer is cut back to the first ones by position.
#[derive(Debug, Default)]
struct Found {
    problems: Vec<Problem>,
    total: usize,
    /// Whether some mark has no partner: then the level each mark stands
    /// at is a guess, and no nesting fix is offered for the run.
    unpaired: bool,
}

impl Found {
    fn push(&mut self, problem: Problem) {
        self.total += 1;
        self.unpaired |= problem.edits.is_empty();
        self.problems.push(problem);
        if self.problems.len() == 2 * MAX_LABELS {
            self.finish();
        }
    }

    /// Sorts the kept problems by position and keeps the first ones.
    fn finish(&mut self) {
        self.problems.sort_by_key(|p| p.label.span.start);
        self.problems.truncate(MAX_LABELS);
    }
}

/// The marks open at a point of a line: a stack in text order, and for each
/// pair the stack positions of its open marks, so that the mark a closer
/// closes and the enclosing mark of a pair are found without searching the
/// stack.
struct OpenMarks {
    stack: Vec<Open>,
    /// `by_pair[p]`: indices into `stack` of the open marks of pair `p`,
    /// increasing.
    by_pair: Vec<Vec<usize>>,
}

impl OpenMarks {
    fn new(pairs: usize) -> Self {
        OpenMarks {
            stack: Vec::new(),
            by_pair: vec![Vec::new(); pairs],
        }
    }

    fn push(&mut self, open: Open) {
        self.by_pair[open.pair].push(self.stack.len());
        self.stack.push(open);
    }

    /// Of pairs `a` and `b`, the one whose innermost open mark is nearer the
    /// top of the stack.
    fn innermost_of(&self, a: usize, b: usize) -> Option<usize> {
        let top = |p: usize| self.by_pair[p].last().copied();
        match (top(a), top(b)) {
            (Some(x), Some(y)) => Some(if x > y { a } else { b }),
            (Some(_), None) => Some(a),
            (None, Some(_)) => Some(b),
            (None, None) => None,
        }
    }

    /// Closes the innermost open mark of `pair`: that mark, and the marks
    /// opened after it, which are left unclosed.
    fn close(&mut self, pair: usize) -> Option<(Open, Vec<Open>)> {
        let k = *self.by_pair[pair].last()?;
        let left_open: Vec<Open> = self.stack.drain(k + 1..).collect();
        for o in &left_open {
            self.by_pair[o.pair].pop();
        }
        self.by_pair[pair].pop();
        let closed = self.stack.pop()?;
        Some((closed, left_open))
    }
}

impl BracketsCheck {
    fn compile(o: BracketsOptions, env: &mut impl CompileEnv) -> Option<Self> {
        let scope = env.scope("check.scope", &o.scope)?;
        let mut compiled: Vec<Pair> = Vec::new();
        for (i, p) in o.pairs.iter().enumerate() {
            let open: Vec<char> = p.open.chars().collect();
            let close: Vec<char> = p.close.chars().collect();
            if open.is_empty() || close.is_empty() {
                env.error(
                    &format!("check.pairs[{i}]"),
                    None,
                    super::Problem::new(
                        "`pairs` 中有空的 open 或 close",
                        "此处",
                        "每一项写明开、闭符号，例如 {open: '《', close: '》'}",
                    ),
                );
                return None;
            }
            let clash = open.iter().chain(&close).find(|c| {
                compiled
                    .iter()
                    .any(|q| q.open.contains(c) || q.close.contains(c))
            });
            if let Some(c) = clash {
                env.error(
                    &format!("check.pairs[{i}]"),
                    Some(&c.to_string()),
                    super::Problem::new(
                        format!("符号“{c}”出现在两组 pairs 中"),
                        "重复的符号",
                        "每个符号只能属于一组成对符号",
                    ),
                );
                return None;
            }
            compiled.push(Pair { open, close });
        }
        let mut alt = Vec::new();
        for (i, two) in o.alternate.iter().enumerate() {
            let index = |s: &String| {
                let c = s.chars().next()?;
                compiled.iter().position(|p| p.open.contains(&c))
            };
            match two.as_slice() {
                [a, b] => {
                    match (index(a), index(b)) {
                        (Some(a), Some(b)) if a != b => alt.push((a, b)),
                        _ => {
                            env.error(
                            &format!("check.alternate[{i}]"),
                            None,
                            super::Problem::new(
                                format!("`alternate` 中的“{}”不是 pairs 中的开符号", two.join("”“")),
                                "未定义的符号",
                                "alternate 的每一项是两个不同成对符号的开符号，例如 ['《', '〈']",
                            ),
                        );
                            return None;
                        }
                    }
                }
                _ => {
                    env.error(
                        &format!("check.alternate[{i}]"),
                        None,
                        super::Problem::new(
                            "`alternate` 的每一项须恰好两个开符号",
                            "此处",
                            "例如 alternate: [['《', '〈'], ['“', '‘']]",
                        ),
                    );
                    return None;
                }
            }
        }
        let mut marks: Vec<char> = compiled
            .iter()
            .flat_map(|p| p.open.iter().chain(&p.close))
            .copied()
            .collect();
        marks.sort_unstable();
        marks.dedup();
        let mut starts = [false; 256];
        for c in &marks {
            let mut utf8 = [0; 4];
            starts[usize::from(c.encode_utf8(&mut utf8).as_bytes()[0])] = true;
        }
        Some(BracketsCheck {
            newline_is_mark: marks.binary_search(&'\n').is_ok(),
            starts,
            marks,
            pairs: compiled,
            alternate: alt,
            scope,
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Findings) {
        let runs = wrapped_runs(ctx, ctx.scope_spans(self.scope));
        let cut = cut_off_at(ctx, &runs);
        for run in runs {
            let Found {
                problems,
                total,
                unpaired,
            } = self.problems(&ctx.doc.text, &run, cut);
            if out.is_full() {
                out.count_more(usize::from(total > 0));
                continue;
            }
            let shown = problems.len();
            let mut edits: Vec<Edit> = Vec::new();
            let mut labels = Vec::with_capacity(shown);
            for p in problems {
                labels.push(p.label);
                edits.extend(p.edits);
            }
            let mut labels = labels.into_iter();
            let Some(primary) = labels.next() else {
                continue;
            };
            let detail = primary.message.clone().unwrap_or_default();
            let count = total.to_string();
            let mut finding = ctx.finding(primary, &[("detail", &detail), ("count", &count)]);
            finding.secondary = labels.collect();
            finding.note_unlabelled(total - shown);
            // With a mark left unpaired, swapping levels could pair the
            // wrong marks (and the next round would swap them back).
            if !edits.is_empty() && !unpaired {
                finding.fix = Some(Fix::new(
                    "按层次改用成对的符号",
                    Applicability::Unsafe,
                    edits,
                ));
            }
            out.push(finding);
        }
    }

    fn pair_of_open(&self, c: char) -> Option<usize> {
        self.pairs.iter().position(|p| p.open.contains(&c))
    }

    fn pair_of_close(&self, c: char) -> Option<usize> {
        self.pairs.iter().position(|p| p.close.contains(&c))
    }

    /// The pair an opening mark of `pair` should be, given the marks already
    /// open: the outer form at the top, the inner form inside the outer one,
    /// the outer form again inside the inner one.
    fn expected(&self, pair: usize, open: &OpenMarks) -> Option<usize> {
        let &(outer, inner) = self
            .alternate
            .iter()
            .find(|(o, i)| *o == pair || *i == pair)?;
        let want = if open.innermost_of(outer, inner) == Some(outer) {
            inner
        } else {
            outer
        };
        (want != pair).then_some(want)
    }

    /// The problems in a run of lines read as one paragraph, in text order:
    /// the first [`MAX_LABELS`] of them, and how many there are. Offsets are
    /// into the whole document text. One pass over the text that stops only
    /// at marks, with constant work per mark, however long the line or deep
    /// the nesting. Marks opened at or after `cut` are not reported as
    /// unclosed, the text having been cut off there (see [`cut_off_at`]),
    /// unless there are more of them than a cut sentence leaves open.
    fn problems(&self, text: &str, run: &[Span], cut: Option<usize>) -> Found {
        let mut found = Found::default();
        let mut open = OpenMarks::new(self.pairs.len());
        let lines = Lines { text, run };
        for (n, span) in run.iter().enumerate() {
            // The line break between two lines of the run.
            if n > 0 && self.newline_is_mark {
                let at = At {
                    line: n,
                    offset: span.start,
                    joint: true,
                };
                self.mark(&lines, at, '\n', &mut open, &mut found);
            }
            let bytes = &text.as_bytes()[..span.end];
            let mut i = span.start;
            while let Some(skip) = bytes[i..].iter().position(|&b| self.starts[usize::from(b)]) {
                // A byte a mark starts with is never inside a character.
                i += skip;
                let Some(c) = text[i..span.end].chars().next() else {
                    break;
                };
                if self.marks.binary_search(&c).is_ok() {
                    let at = At {
                        line: n,
                        offset: i,
                        joint: false,
                    };
                    self.mark(&lines, at, c, &mut open, &mut found);
                }
                i += c.len_utf8();
            }
        }
        // A sentence cut off in the middle leaves a mark or two open (a title
        // and its 括注); a run of open marks is broken text, cut or not.
        let cut_open = cut.map_or(0, |c| open.stack.iter().filter(|o| o.at >= c).count());
        let cut = cut.filter(|_| cut_open <= MAX_CUT_OPEN);
        for unclosed in open.stack {
            if cut.is_none_or(|c| unclosed.at < c) {
                found.push(self.unclosed(unclosed));
            }
        }
        found.finish();
        found
    }

    /// Reads the mark `c` at `at`: opens a pair, or closes one and notes
    /// the marks it leaves unclosed and a pair nested the wrong way, or
    /// notes a closer without an opener. An apostrophe and an enumerator's
    /// bracket are no marks.
    fn mark(&self, lines: &Lines, at: At, c: char, open: &mut OpenMarks, found: &mut Found) {
        if matches!(c, '’' | '‘' | '\'') && is_apostrophe(lines.before(at), c, lines.after(at, c))
        {
            return;
        }
        let i = at.offset;
        if let Some(pair) = self.pair_of_open(c) {
            let should_be = self.expected(pair, open);
            open.push(Open {
                pair,
                at: i,
                ch: c,
                should_be,
            });
        } else if let Some(pair) = self.pair_of_close(c) {
            match open.close(pair) {
                Some((closed, left_open)) => {
                    // Marks opened after the one this closes were never closed.
                    for unclosed in left_open {
                        found.push(self.unclosed(unclosed));
                    }
                    if let Some(want) = closed.should_be {
                        found.push(self.misnested(closed, i, c, want));
                    }
                }
                None => {
                    let (alnum_run, before_run) = lines.alnum_before(at);
                    if !is_enumerator(alnum_run, before_run) {
                        found.push(self.unopened(i, c, pair));
                    }
                }
            }
        }
    }

    fn unclosed(&self, open: Open) -> Problem {
        let close = self.pairs[open.pair].close[0];
        let at = open.at;
        Problem {
            label: Label::new(
                Span::new(at, at + open.ch.len_utf8()),
                format!("{} 没有对应的 {close}", open.ch),
            ),
            edits: Vec::new(),
        }
    }

    fn unopened(&self, at: usize, c: char, pair: usize) -> Problem {
        let open = self.pairs[pair].open[0];
        Problem {
            label: Label::new(
                Span::new(at, at + c.len_utf8()),
                format!("{c} 前面没有对应的 {open}"),
            ),
            edits: Vec::new(),
        }
    }

    fn misnested(&self, open: Open, close_at: usize, close: char, want: usize) -> Problem {
        let (o, c) = self.pairs[want].canonical();
        let is_inner = self.alternate.iter().any(|&(_, inner)| inner == want);
        let message = if is_inner {
            format!("{} 内层应使用 {o}{c}", self.pairs[open.pair].canonical().0)
        } else {
            format!("{}{} 只用于内层，此处应使用 {o}{c}", open.ch, close)
        };
        let start = open.at;
        let end = close_at;
        Problem {
            label: Label::new(Span::new(start, start + open.ch.len_utf8()), message),
            edits: vec![
                Edit {
                    span: Span::new(start, start + open.ch.len_utf8()),
                    replacement: o.to_string(),
                },
                Edit {
                    span: Span::new(end, end + close.len_utf8()),
                    replacement: c.to_string(),
                },
            ],
        }
    }
}

/// Groups the spans of a scope into runs read as one paragraph: a paragraph
/// line that does not end a sentence, directly followed (no blank line) by
/// another paragraph line, continues into it.
fn wrapped_runs(ctx: &Context, spans: Vec<Span>) -> Vec<Vec<Span>> {
    let doc = ctx.doc;
    // Blocks are in document order, so a span's block is found by its start.
    let paragraph = |span: Span| {
        doc.blocks
            .binary_search_by_key(&span.start, |b| b.span.start)
            .ok()
            .is_some_and(|i| {
                doc.blocks[i].span == span && doc.blocks[i].kind == BlockKind::Paragraph
            })
    };
    let mut runs: Vec<Vec<Span>> = Vec::new();
    for span in spans {
        let joins = runs.last().and_then(|run| run.last()).is_some_and(|&prev| {
            paragraph(prev)
                && paragraph(span)
                && doc.line_index.line_of(span.start) == doc.line_index.line_of(prev.start) + 1
                && !doc
                    .slice(prev)
                    .ends_with(['。', '！', '？', '；', '：', '…', '!', '?', ';', ':'])
        });
        match runs.last_mut() {
            Some(run) if joins => run.push(span),
            _ => runs.push(vec![span]),
        }
    }
    runs
}

/// The most marks a sentence cut off in the middle is taken to leave open.
const MAX_CUT_OPEN: usize = 3;

/// Marks that end a sentence, and so the part of a text that was not cut off.
const SENTENCE_ENDS: [char; 7] = ['。', '！', '？', '；', '!', '?', ';'];

/// Where a text that stops in mid-sentence was cut off: the start of its
/// unfinished last sentence. Page previews of document sites and excerpts
/// copied from a page end this way (“…开展法治建设“...”), and a mark opened
/// in that sentence was closed in the part that was not copied. A report
/// that ends with its 成文日期, or whose last line ends a sentence or closes
/// a pair, was not cut off.
fn cut_off_at(ctx: &Context, runs: &[Vec<Span>]) -> Option<usize> {
    let doc = ctx.doc;
    if doc.closing.date.is_some() {
        return None;
    }
    let last_run = runs.last()?;
    let last = *last_run.last()?;
    // The run must end the report's text: only web residue may follow it.
    let text_follows = doc
        .blocks
        .iter()
        .any(|b| b.span.start >= last.end && b.kind != BlockKind::Residue);
    let end = doc.slice(last).trim_end().chars().last()?;
    let closed = SENTENCE_ENDS.contains(&end)
        || matches!(
            end,
            '：' | ':' | '）' | ')' | '》' | '〉' | '】' | '〕' | '”' | '’' | '」' | '』'
        );
    if text_follows || closed {
        return None;
    }
    // The unfinished sentence may begin on an earlier line of a wrapped run.
    let start = last_run.iter().rev().find_map(|span| {
        doc.slice(*span)
            .char_indices()
            .rev()
            .find(|(_, c)| SENTENCE_ENDS.contains(c))
            .map(|(i, c)| span.start + i + c.len_utf8())
    });
    Some(start.unwrap_or(last_run[0].start))
}

/// The lines of a run read as one text, a line break between two lines:
/// what stands before and after a mark, looked up when it matters.
struct Lines<'t> {
    text: &'t str,
    run: &'t [Span],
}

/// A place in a run: the character at `offset` in its `line`, or, for a
/// `joint`, the line break before that line.
#[derive(Debug, Clone, Copy)]
struct At {
    line: usize,
    offset: usize,
    joint: bool,
}

impl Lines<'_> {
    /// The break before line `n`, if it has one (every line but the first).
    fn joint_before(n: usize) -> Option<char> {
        (n > 0).then_some('\n')
    }

    /// The character before `at`.
    fn before(&self, at: At) -> Option<char> {
        let (n, end) = if at.joint {
            // The last character of the line before, or the break before it.
            (at.line - 1, self.run[at.line - 1].end)
        } else {
            (at.line, at.offset)
        };
        let span = self.run[n];
        self.text[span.start..end]
            .chars()
            .next_back()
            .or_else(|| Self::joint_before(n))
    }

    /// The character after `c` at `at`.
    fn after(&self, at: At, c: char) -> Option<char> {
        let span = self.run[at.line];
        let from = if at.joint {
            span.start
        } else {
            at.offset + c.len_utf8()
        };
        self.text[from..span.end]
            .chars()
            .next()
            .or_else(|| (at.line + 1 < self.run.len()).then_some('\n'))
    }

    /// How many ASCII letters and digits stand right before `at` (counted
    /// up to three: [`is_enumerator`] needs no more), and the character
    /// before them.
    fn alnum_before(&self, at: At) -> (usize, Option<char>) {
        let (n, end) = if at.joint {
            (at.line - 1, self.run[at.line - 1].end)
        } else {
            (at.line, at.offset)
        };
        let span = self.run[n];
        let line = &self.text[span.start..end];
        let mut run = 0;
        for c in line.chars().rev() {
            if !c.is_ascii_alphanumeric() {
                return (run, Some(c));
            }
            run += 1;
            if run == 3 {
                return (run, None);
            }
        }
        (run, Self::joint_before(n))
    }
}

/// A ’ or ‘ between two Latin letters is an apostrophe (“It’s”), not a quote.
fn is_apostrophe(before: Option<char>, c: char, after: Option<char>) -> bool {
    matches!(c, '’' | '‘' | '\'')
        && before.is_some_and(|b| b.is_ascii_alphabetic())
        && after.is_some_and(|a| a.is_ascii_alphabetic())
}

/// A closing bracket right after a short number or letter at the start of a
/// line or clause is an enumerator (“1）”“a)”), not a closer: `alnum_run`
/// ASCII letters and digits precede it, and `before_run` precedes them
/// (`None` at the start of the run of lines).
fn is_enumerator(alnum_run: usize, before_run: Option<char>) -> bool {
    (1..=2).contains(&alnum_run)
        && before_run.is_none_or(|b| matches!(b, '。' | '；' | '：' | ' ' | '\u{3000}' | ';' | ':'))
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use crate::document::Span;
    use crate::finding::Finding;

    const RULE: &str = "  - id: B1\n    title: t\n    severity: error\n    message: '{detail}（共{count}处）'\n    check:\n      kind: brackets\n      pairs:\n        - {open: '《', close: '》'}\n        - {open: '〈', close: '〉'}\n        - {open: '“', close: '”'}\n        - {open: '‘', close: '’'}\n        - {open: '（(', close: '）)'}\n      alternate: [['《', '〈'], ['“', '‘']]\n";

    fn check(line: &str) -> Vec<Finding> {
        run(RULE, &format!("某县2023年度法治政府建设情况报告\n{line}\n"))
    }

    fn labels(findings: &[Finding], line: &str) -> Vec<String> {
        let text = format!("某县2023年度法治政府建设情况报告\n{line}\n");
        findings
            .iter()
            .flat_map(|f| std::iter::once(&f.primary).chain(&f.secondary))
            .map(|l| {
                format!(
                    "{}:{}",
                    &text[l.span.start..l.span.end],
                    l.message.clone().unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn balanced_and_correctly_nested_marks_are_silent() {
        for line in [
            "贯彻落实《山东省贯彻〈法治中国建设规划（2020-2025年）〉实施方案》等文件。",
            "树牢“四个意识”，坚定“四个自信”，做到“两个维护”。",
            "他说：“要做到‘两个维护’，坚持‘三个务必’，学习‘“枫桥经验”的做法’。”",
            "建成“博山区企业公共法律服务(佶缔纳士)基地”。",
            "It’s a test of the apostrophe in English text.",
            "工作要求如下：1）加强学习；2）严格执法。",
        ] {
            assert!(check(line).is_empty(), "{line}");
        }
    }

    #[test]
    fn unbalanced_marks_are_reported_once_per_line() {
        let line = "学习《中华人民共和国宪法，以及“民法典的规定）。";
        let findings = check(line);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            labels(&findings, line),
            [
                "《:《 没有对应的 》",
                "“:“ 没有对应的 ”",
                "）:） 前面没有对应的 （"
            ]
        );
        assert!(findings[0].message.ends_with("（共3处）"));
        assert!(findings[0].fix.is_none());
    }

    #[test]
    fn wrong_nesting_is_reported_with_an_unsafe_fix() {
        let line = "印发《中共中央国务院印发《法治政府建设实施纲要》的通知》。";
        let findings = check(line);
        assert_eq!(labels(&findings, line), ["《:《 内层应使用 〈〉"]);
        let fix = findings[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, crate::finding::Applicability::Unsafe);
        let replaced: Vec<&str> = fix.edits.iter().map(|e| e.replacement.as_str()).collect();
        assert_eq!(replaced, ["〈", "〉"]);

        let alone = "学习〈民法典〉。";
        assert_eq!(
            labels(&check(alone), alone),
            ["〈:〈〉 只用于内层，此处应使用 《》"]
        );
        let single = "坚持‘两个确立’。";
        assert_eq!(
            labels(&check(single), single),
            ["‘:‘’ 只用于内层，此处应使用 “”"]
        );
    }

    #[test]
    fn no_nesting_fix_while_a_mark_is_unpaired() {
        // Swapping ‘’ for “” here would leave “府“明年…” misnested, and the
        // next round would swap it back.
        let line = "‘府“明年（因’？";
        let findings = check(line);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].fix.is_none());
    }

    #[test]
    fn a_hard_wrapped_paragraph_is_read_as_one() {
        let wrapped = "现将有关情况报告如下。\n学习贯彻《中华人民共和国\n行政复议法》等法律法规，开展“法律\n进乡村”活动。";
        assert!(check(wrapped).is_empty());
        // A line that ends a sentence does not continue into the next.
        let two = "现将有关情况报告如下。\n学习《民法典。\n》等法律。";
        assert_eq!(labels(&check(two), two).len(), 2);
    }

    #[test]
    fn a_closer_for_a_deeper_opener_reports_the_marks_left_open() {
        let line = "印发《关于(法治政府建设实施纲要>的通知》。";
        let findings = check(line);
        assert_eq!(labels(&findings, line), ["(:( 没有对应的 ）"]);
        assert_eq!(findings[0].primary.span, {
            let text = format!("某县2023年度法治政府建设情况报告\n{line}\n");
            let at = text.find('(').unwrap();
            Span::new(at, at + 1)
        });
    }
}
