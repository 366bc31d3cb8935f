//! `kind: duplicate` — passages repeated almost word for word inside one
//! report (copy-paste between sections). Sentences are indexed by a sample of
//! their character 8-grams, so only sentences that share several 8-grams are
//! compared with `similar`.
//!
//! The cost stays linear in the report's length whatever the report holds:
//! each 8-gram remembers at most [`MAX_POSTINGS`] sentences (the earliest,
//! which are the ones a repeat is reported against), each sentence is
//! compared with at most [`MAX_COMPARED`] candidates, a candidate whose
//! characters cannot make it similar enough is rejected before the diff, and
//! a sentence longer than [`MAX_UNIT_CHARS`] letters is compared in pieces of
//! that length. None of these limits is reached by the sentences of real
//! reports (the longest have about 300 letters).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use similar::TextDiff;

use crate::document::chars::sentences;
use crate::document::Span;
use crate::finding::{Findings, Label};
use schemars::JsonSchema;
use serde::Deserialize;

use super::{Check, CompileEnv, Context, Kind, Problem};

/// `kind: duplicate`.
pub struct DuplicateKind;

/// 报告内几乎相同的段落。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DuplicateOptions {
    /// 重复段落至少多少字才报告（默认 60）。
    #[serde(default = "default_min_chars")]
    pub min_chars: usize,
    /// 相似度下限，0.5–1.0（默认 0.85）。
    #[serde(default = "default_similarity")]
    pub similarity: f64,
}

fn default_min_chars() -> usize {
    60
}

fn default_similarity() -> f64 {
    0.85
}

impl Kind for DuplicateKind {
    const NAME: &'static str = "duplicate";
    const PLACEHOLDERS: &'static [&'static str] = &["chars", "other_line"];
    const DOCS: &'static str = "文档内几乎相同的文字（复制粘贴）：逐句比较，连续相似的部分达到 `min_chars` 字、相似度不低于 `similarity` 时给出诊断。";
    type Options = DuplicateOptions;

    fn compile(o: DuplicateOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        if !(0.5..=1.0).contains(&o.similarity) {
            env.error(
                "check.similarity",
                None,
                Problem::new(
                    format!("similarity 为 {}，超出范围", o.similarity),
                    "应在 0.5 到 1.0 之间",
                    "similarity 是两段文字的相似度下限，例如 0.85",
                ),
            );
            return None;
        }
        Some(Box::new(DuplicateCheck {
            min_chars: o.min_chars,
            similarity: o.similarity,
        }))
    }
}

impl Check for DuplicateCheck {
    fn kind(&self) -> &'static str {
        DuplicateKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["chars", "other_line"]
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        DuplicateCheck::run(self, ctx, out);
    }
}

/// Sentences shorter than this (in characters) are formulas that recur in any
/// report (“坚持以习近平新时代中国特色社会主义思想为指导”), not copy-paste.
const MIN_SENTENCE_CHARS: usize = 20;
const SHINGLE: usize = 8;
/// Keep one shingle in `SAMPLE` (by hash) in the index.
const SAMPLE: u64 = 3;
/// Sentences a shingle's entry in the index lists, at most: a paragraph
/// pasted ten thousand times must not make every copy a candidate for every
/// later one.
const MAX_POSTINGS: usize = 16;
/// Candidates one sentence is diffed against, at most, earliest first.
const MAX_COMPARED: usize = 8;
/// Letters in one compared unit: a longer sentence is cut into pieces of this
/// length, which keeps each diff small.
const MAX_UNIT_CHARS: usize = 400;

/// Shingle hashes are already mixed, so the index maps hash them no further
/// (SipHash over every 8-gram was a tenth of the whole check's time).
#[derive(Default)]
struct Mixed(u64);

impl Hasher for Mixed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = mix(self.0, n);
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = mix(self.0, n as u64);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Mixed>>;

/// One step of a multiplicative hash (the constant is FxHash's).
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// Letters and digits, with the common CJK block decided without the slow
/// Unicode table lookup.
fn is_letter(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}') || c.is_alphanumeric()
}

#[derive(Debug)]
pub struct DuplicateCheck {
    min_chars: usize,
    similarity: f64,
}

impl DuplicateCheck {
    pub fn run(&self, ctx: &Context, out: &mut Findings) {
        let doc = ctx.doc;
        let mut units: Vec<Unit> = Vec::new();
        for sentence in doc.prose().flat_map(|p| sentences(&doc.text, p)) {
            Unit::split(doc.slice(sentence), sentence, &mut units);
        }
        let pairs = self.similar_pairs(&units);
        for chain in chains(&pairs) {
            let (first_i, first_j) = chain[0];
            let (last_i, last_j) = chain[chain.len() - 1];
            let later = units[first_j].span.cover(units[last_j].span);
            let earlier = units[first_i].span.cover(units[last_i].span);
            let chars: usize = chain.iter().map(|&(_, j)| units[j].chars.len()).sum();
            if chars < self.min_chars {
                continue;
            }
            let earlier_line = doc.position(earlier.start).line.to_string();
            let chars_text = chars.to_string();
            let mut finding = ctx.finding(
                Label::new(later, format!("与第{earlier_line}行的文字几乎相同")),
                &[
                    ("other_line", earlier_line.as_str()),
                    ("chars", chars_text.as_str()),
                ],
            );
            finding.secondary.push(Label::new(earlier, "先出现于此"));
            out.push(finding);
        }
    }

    /// Pairs `(earlier, later)` of sentence indices that are near-duplicates.
    ///
    /// The index from shingle hash to the sentences holding it is a map to
    /// the head of a list kept in one vector, and shared-shingle counts live
    /// in one reused array: a report's few thousand shingles then cost no
    /// allocation each.
    fn similar_pairs(&self, units: &[Unit]) -> Vec<(usize, usize)> {
        const NONE: usize = usize::MAX;
        let total: usize = units.iter().map(|u| u.sample.len()).sum();
        // Shingle hash → (first entry of its list, entries in the list).
        let mut heads: FastMap<u64, (usize, usize)> =
            FastMap::with_capacity_and_hasher(total, Default::default());
        // (sentence, next entry with the same hash)
        let mut links: Vec<(usize, usize)> = Vec::with_capacity(total);
        let mut shared = vec![0usize; units.len()];
        let mut touched: Vec<usize> = Vec::new();
        let mut pairs = Vec::new();
        for (j, unit) in units.iter().enumerate() {
            for h in &unit.sample {
                let mut at = heads.get(h).map_or(NONE, |&(head, _)| head);
                while at != NONE {
                    let (i, next) = links[at];
                    if shared[i] == 0 {
                        touched.push(i);
                    }
                    shared[i] += 1;
                    at = next;
                }
            }
            let needed = (unit.sample.len() / 3).max(2);
            let mut candidates: Vec<usize> = touched
                .iter()
                .copied()
                .filter(|&i| shared[i] >= needed)
                .collect();
            for &i in &touched {
                shared[i] = 0;
            }
            touched.clear();
            candidates.sort_unstable();
            if let Some(&i) = candidates
                .iter()
                .take(MAX_COMPARED)
                .find(|&&i| self.is_similar(&units[i], unit))
            {
                pairs.push((i, j));
            }
            for &h in &unit.sample {
                let (head, count) = heads.entry(h).or_insert((NONE, 0));
                if *count < MAX_POSTINGS {
                    links.push((j, *head));
                    *head = links.len() - 1;
                    *count += 1;
                }
            }
        }
        pairs
    }

    fn is_similar(&self, a: &Unit, b: &Unit) -> bool {
        let (short, long) = if a.chars.len() <= b.chars.len() {
            (a, b)
        } else {
            (b, a)
        };
        if (short.chars.len() as f64) < long.chars.len() as f64 * self.similarity {
            return false;
        }
        // The diff's ratio is 2 × matched / total, and no diff matches more
        // characters than the two have in common; a margin keeps the
        // rounding of the diff's f32 ratio from mattering.
        let total = (a.chars.len() + b.chars.len()) as f64;
        let bound = 2.0 * common_chars(&a.sorted, &b.sorted) as f64 / total;
        if bound * (1.0 + 1e-6) < self.similarity {
            return false;
        }
        // The ratio is (total − d) / total for the d insertions and deletions
        // of the diff, which are at least those of the shortest edit script.
        // That is searched only up to the d the similarity allows (plus a
        // margin), which is far cheaper than diffing two different texts.
        let allowed = ((1.0 - self.similarity) * total) as usize + 2;
        if edit_distance_within(&a.chars, &b.chars, allowed).is_none() {
            return false;
        }
        let a_text: String = a.chars.iter().collect();
        let b_text: String = b.chars.iter().collect();
        f64::from(TextDiff::from_chars(a_text.as_str(), b_text.as_str()).ratio()) >= self.similarity
    }
}

/// The number of insertions and deletions that turn `a` into `b`, if it is
/// at most `max`: Myers' greedy algorithm, stopped after `max` rounds, so it
/// costs O((|a| + |b|) · max) at worst and far less on texts that differ.
fn edit_distance_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    // furthest[k + max + 1]: the furthest `x` reached on diagonal k = x − y.
    let mut furthest = vec![0usize; 2 * max + 3];
    let at = |k: isize| (k + max as isize + 1) as usize;
    for d in 0..=max as isize {
        for k in (-d..=d).step_by(2) {
            let mut x = if k == -d || (k != d && furthest[at(k - 1)] < furthest[at(k + 1)]) {
                furthest[at(k + 1)]
            } else {
                furthest[at(k - 1)] + 1
            };
            // On diagonals off the grid the point is past an end and no
            // longer matters; its y is taken as past the end too.
            let mut y = usize::try_from(x as isize - k).unwrap_or(m + 1);
            while x < n && y < m && a[x] == b[y] {
                x += 1;
                y += 1;
            }
            furthest[at(k)] = x;
            if x >= n && y >= m && x as isize - k >= 0 {
                return Some(d as usize);
            }
        }
    }
    None
}

/// Characters two sorted lists have in common, counted with multiplicity.
fn common_chars(a: &[char], b: &[char]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// A sentence (or a piece of a long one) reduced to its letters
/// (punctuation and spaces dropped).
struct Unit {
    span: Span,
    chars: Vec<char>,
    /// The letters in order of code point, for the common-characters bound.
    sorted: Vec<char>,
    sample: Vec<u64>,
}

impl Unit {
    /// Pushes the units of one sentence: none if it is too short, one
    /// normally, and pieces of [`MAX_UNIT_CHARS`] letters for a longer one.
    fn split(text: &str, span: Span, out: &mut Vec<Unit>) {
        let mut chars: Vec<char> = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if !is_letter(c) {
                continue;
            }
            if chars.len() == MAX_UNIT_CHARS {
                out.extend(Unit::new(
                    std::mem::take(&mut chars),
                    Span::new(span.start + start, span.start + i),
                ));
                start = i;
            }
            chars.push(c);
        }
        out.extend(Unit::new(chars, Span::new(span.start + start, span.end)));
    }

    fn new(chars: Vec<char>, span: Span) -> Option<Unit> {
        if chars.len() < MIN_SENTENCE_CHARS {
            return None;
        }
        let mut sample: Vec<u64> = chars
            .windows(SHINGLE)
            .map(|w| w.iter().fold(0, |h, &c| mix(h, u64::from(c))))
            // Sample on the high bits, which the last multiplication mixed.
            .filter(|h| (h >> 32) % SAMPLE == 0)
            .collect();
        sample.sort_unstable();
        sample.dedup();
        let mut sorted = chars.clone();
        sorted.sort_unstable();
        Some(Unit {
            span,
            chars,
            sorted,
            sample,
        })
    }
}

/// Groups pairs that continue each other ((i, j) then (i+1, j+1)) into
/// passages, so a repeated paragraph is one finding, not one per sentence.
fn chains(pairs: &[(usize, usize)]) -> Vec<Vec<(usize, usize)>> {
    let mut out: Vec<Vec<(usize, usize)>> = Vec::new();
    for &(i, j) in pairs {
        match out.last_mut() {
            Some(chain)
                if chain
                    .last()
                    .is_some_and(|&(pi, pj)| i == pi + 1 && j == pj + 1) =>
            {
                chain.push((i, j))
            }
            _ => out.push(vec![(i, j)]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run};

    const RULE: &str = "  - {id: D1, title: t, severity: warning, message: '{other_line}', check: {kind: duplicate, min_chars: 40, similarity: 0.85}}\n";
    const PASSAGE: &str = "区政府办公室坚持把学习贯彻习近平法治思想作为重要必修课程，通过党组会、理论学习中心组专题学习研讨等方式认真学习。全年共组织集中学法十二次，邀请专家授课三次，干部法治素养明显提升。";

    #[test]
    fn a_repeated_passage_is_one_finding_pointing_at_both() {
        let text = complete_report(2023)
            .replace(
                "（二）规范行政决策。",
                &format!("（二）规范行政决策。{PASSAGE}"),
            )
            .replace(
                "亲自过问。",
                &format!("亲自过问。{}", PASSAGE.replace("十二次", "十三次")),
            );
        let findings = run(RULE, &text);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        let f = &findings[0];
        assert_eq!(f.message, "6");
        assert!(text[f.primary.span.start..f.primary.span.end].starts_with("区政府办公室"));
        assert!(f.secondary[0].span.start < f.primary.span.start);
    }

    #[test]
    fn the_bounded_edit_distance_is_the_shortest_edit_script() {
        use super::edit_distance_within;
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        let cases = [
            ("", "", 0),
            ("a", "", 1),
            ("", "abc", 3),
            ("a", "bbb", 4),
            ("abcabba", "cbabac", 5),
            ("法治政府建设", "法治政府建设", 0),
            ("法治政府建设实施纲要", "法制政府建设实施方案", 6),
        ];
        for (a, b, d) in cases {
            let (a, b) = (chars(a), chars(b));
            assert_eq!(edit_distance_within(&a, &b, d), Some(d), "{a:?} {b:?}");
            assert_eq!(edit_distance_within(&b, &a, d + 3), Some(d), "{b:?} {a:?}");
            if d > 0 {
                assert_eq!(edit_distance_within(&a, &b, d - 1), None, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn the_bound_never_rejects_what_the_diff_accepts() {
        use super::edit_distance_within;
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..500 {
            let mut text = |len: u64| -> Vec<char> {
                let n = next() % len;
                (0..n)
                    .map(|_| ['法', '治', '政', '府', '建'][(next() % 5) as usize])
                    .collect()
            };
            let (a, b) = (text(40), text(40));
            let total = a.len() + b.len();
            let (sa, sb): (String, String) = (a.iter().collect(), b.iter().collect());
            let ratio = similar::TextDiff::from_chars(sa.as_str(), sb.as_str()).ratio();
            let diff_d = total - (f64::from(ratio) * total as f64).round() as usize;
            let shortest = edit_distance_within(&a, &b, total).unwrap();
            assert!(shortest <= diff_d, "{sa} {sb}: {shortest} > {diff_d}");
            assert_eq!(edit_distance_within(&a, &b, shortest), Some(shortest));
        }
    }

    #[test]
    fn distinct_text_and_short_formulas_are_not_duplicates() {
        assert!(run(RULE, &complete_report(2023)).is_empty());
        let formula = "坚持以习近平新时代中国特色社会主义思想为指导。";
        let text = complete_report(2023)
            .replace(
                "（一）加强组织领导。",
                &format!("（一）加强组织领导。{formula}"),
            )
            .replace("无。", formula);
        assert!(run(RULE, &text).is_empty());
    }
}
