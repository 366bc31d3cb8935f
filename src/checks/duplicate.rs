//! `kind: duplicate` — passages repeated almost word for word inside one
//! report (copy-paste between sections). Sentences are indexed by a sample of
//! their character 8-grams, so only sentences that share several 8-grams are
//! compared with `similar`; the cost stays near linear in the report's length.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use similar::TextDiff;

use crate::document::chars::sentences;
use crate::document::Span;
use crate::finding::{Finding, Label};
use crate::rules::compile::RuleCtx;

use super::Context;

/// Sentences shorter than this (in characters) are formulas that recur in any
/// report (“坚持以习近平新时代中国特色社会主义思想为指导”), not copy-paste.
const MIN_SENTENCE_CHARS: usize = 20;
const SHINGLE: usize = 8;
/// Keep one shingle in `SAMPLE` (by hash) in the index.
const SAMPLE: u64 = 3;

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
    pub fn compile(min_chars: usize, similarity: f64, ctx: &mut RuleCtx) -> Option<Self> {
        if !(0.5..=1.0).contains(&similarity) {
            ctx.error(
                "similarity",
                format!("similarity 为 {similarity}，超出范围"),
                "应在 0.5 到 1.0 之间",
                "similarity 是两段文字的相似度下限，例如 0.85",
            );
            return None;
        }
        Some(DuplicateCheck {
            min_chars,
            similarity,
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let doc = ctx.doc;
        let units: Vec<Unit> = doc
            .prose()
            .flat_map(|p| sentences(&doc.text, p))
            .filter_map(|s| Unit::new(doc.slice(s), s))
            .collect();
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
        let mut heads: FastMap<u64, usize> =
            FastMap::with_capacity_and_hasher(total, Default::default());
        // (sentence, next entry with the same hash)
        let mut links: Vec<(usize, usize)> = Vec::with_capacity(total);
        let mut shared = vec![0usize; units.len()];
        let mut touched: Vec<usize> = Vec::new();
        let mut pairs = Vec::new();
        for (j, unit) in units.iter().enumerate() {
            for h in &unit.sample {
                let mut at = heads.get(h).copied().unwrap_or(NONE);
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
                .find(|&&i| self.is_similar(&units[i], unit))
            {
                pairs.push((i, j));
            }
            for &h in &unit.sample {
                let head = heads.entry(h).or_insert(NONE);
                links.push((j, *head));
                *head = links.len() - 1;
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
        let a_text: String = a.chars.iter().collect();
        let b_text: String = b.chars.iter().collect();
        f64::from(TextDiff::from_chars(a_text.as_str(), b_text.as_str()).ratio()) >= self.similarity
    }
}

/// A sentence reduced to its letters (punctuation and spaces dropped).
struct Unit {
    span: Span,
    chars: Vec<char>,
    sample: Vec<u64>,
}

impl Unit {
    fn new(text: &str, span: Span) -> Option<Unit> {
        let chars: Vec<char> = text.chars().filter(|&c| is_letter(c)).collect();
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
        Some(Unit {
            span,
            chars,
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
