//! The passages two texts share, verbatim or nearly.
//!
//! Each text is cut into sentences (a sentence longer than
//! [`MAX_UNIT_CHARS`] letters into pieces of that length) and reduced to its
//! letters: punctuation, spaces and [`Boilerplate`] do not count. Sentences
//! are indexed by a sample of their character 8-grams, so only sentences that
//! share several 8-grams are compared with `similar`; matching sentences that
//! follow each other in both texts make one passage.
//!
//! The cost stays linear in the texts' length whatever they hold: each 8-gram
//! remembers at most [`MAX_POSTINGS`] sentences (the earliest), each sentence
//! is compared with at most [`MAX_COMPARED`] candidates, a candidate whose
//! characters cannot make it similar enough is rejected before the diff, and
//! each diff is of two pieces of at most [`MAX_UNIT_CHARS`] letters. None of
//! these limits is reached by the sentences of real reports (the longest
//! have about 300 letters).
//!
//! A text is read once into [`Units`] (its sentences' letters in one buffer,
//! and where each countable letter is), which can then be compared with
//! several others ([`Units::shared_with`]) and tell the share of its letters
//! the passages found cover ([`Units::share`]).
//!
//! `kind: duplicate` compares a report with itself ([`pairs_within`]);
//! `--baseline` and the batch comparison compare it with another report
//! ([`shared_passages`]).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use regex::Regex;
use similar::TextDiff;

use crate::document::chars::sentence_iter;
use crate::document::Span;

/// What counts as a shared passage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassageOptions {
    /// Letters (punctuation, spaces and boilerplate not counted) a passage
    /// has at least.
    pub min_chars: usize,
    /// How alike two sentences are at least to be the same passage: the
    /// ratio 2 × matched letters / all letters of both, 0.5–1.0 (values
    /// outside are taken as the nearest end).
    pub similarity: f64,
}

/// Text every report may legitimately share (the guiding formulations, the
/// template's section titles, quotations of central documents): regular
/// expressions from the rule pack, never from code. Their matches are left
/// out of the letters compared and counted.
#[derive(Debug, Clone, Default)]
pub struct Boilerplate {
    regex: Option<Regex>,
}

impl Boilerplate {
    /// No boilerplate: every letter counts.
    pub fn none() -> Self {
        Boilerplate::default()
    }

    /// Boilerplate matching any of `patterns` (regular expressions). A
    /// rule compiles [`Boilerplate::joined`] through its compile
    /// environment instead (with the size limits every pack regex has) and
    /// uses [`Boilerplate::from_regex`].
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self, regex::Error> {
        match Boilerplate::joined(patterns) {
            None => Ok(Boilerplate::none()),
            Some(joined) => Ok(Boilerplate::from_regex(Regex::new(&joined)?)),
        }
    }

    /// The one regular expression matching where any of `patterns` does;
    /// `None` when there are none.
    pub fn joined<S: AsRef<str>>(patterns: &[S]) -> Option<String> {
        (!patterns.is_empty()).then(|| {
            patterns
                .iter()
                .map(|p| format!("(?:{})", p.as_ref()))
                .collect::<Vec<_>>()
                .join("|")
        })
    }

    /// Boilerplate matching `regex`.
    pub fn from_regex(regex: Regex) -> Self {
        Boilerplate { regex: Some(regex) }
    }

    pub fn is_empty(&self) -> bool {
        self.regex.is_none()
    }

    /// The byte ranges of `text[span]` that are boilerplate, in order and
    /// disjoint (absolute offsets).
    pub fn ranges(&self, text: &str, span: Span) -> Vec<Span> {
        let mut out = Vec::new();
        self.ranges_into(text, span, &mut out);
        out
    }

    /// [`Boilerplate::ranges`] into `out` (cleared first), which a caller
    /// reuses from one span to the next.
    pub fn ranges_into(&self, text: &str, span: Span, out: &mut Vec<Span>) {
        out.clear();
        let (Some(regex), Some(slice)) = (&self.regex, text.get(span.start..span.end)) else {
            return;
        };
        out.extend(
            regex
                .find_iter(slice)
                .filter(|m| !m.is_empty())
                .map(|m| Span::new(span.start + m.start(), span.start + m.end())),
        );
    }
}

/// A passage of one text (`ours`) found again in the other (`theirs`).
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// From the first to the last matching sentence in `ours`.
    pub ours: Span,
    /// The same in `theirs`.
    pub theirs: Span,
    /// The passage's letters in `ours` (of its matching sentences).
    pub chars: usize,
    /// The same in `theirs`.
    pub their_chars: usize,
    /// The matching sentences' similarity, weighted by their letters.
    pub similarity: f64,
}

/// The passages of `ours` (within the byte ranges `ours_within`) that also
/// appear in `theirs` (within `theirs_within`), verbatim or nearly, in the
/// order of `ours`; those of fewer than `options.min_chars` letters are left
/// out. Ranges out of the text or not on character boundaries are ignored.
/// A sentence of `ours` matches one place of `theirs` at most.
pub fn shared_passages(
    ours: &str,
    ours_within: &[Span],
    theirs: &str,
    theirs_within: &[Span],
    options: &PassageOptions,
    boilerplate: &Boilerplate,
) -> Vec<Passage> {
    let ours = Units::of(ours, ours_within, boilerplate);
    let theirs = Units::of(theirs, theirs_within, boilerplate);
    ours.shared_with(&theirs, options)
}

impl Passage {
    /// The same passage seen from the other text: `ours` and `theirs`
    /// exchanged, each with its own letters.
    pub fn swapped(&self) -> Passage {
        Passage {
            ours: self.theirs,
            theirs: self.ours,
            chars: self.their_chars,
            their_chars: self.chars,
            similarity: self.similarity,
        }
    }
}

/// The share (0.0–1.0) of `ours`' countable letters (within `ours_within`;
/// not punctuation, spaces or boilerplate) that `passages` cover; 0.0 for a
/// text with none.
pub fn copied_share(
    ours: &str,
    ours_within: &[Span],
    passages: &[Passage],
    boilerplate: &Boilerplate,
) -> f64 {
    Units::of(ours, ours_within, boilerplate).share(passages)
}

/// Sentences shorter than this (in letters) are formulas that recur in any
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

fn clamp_similarity(s: f64) -> f64 {
    if s.is_nan() {
        1.0
    } else {
        s.clamp(0.5, 1.0)
    }
}

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

/// Letters and digits (`char::is_alphanumeric`), with the characters of
/// Chinese text decided without the Unicode tables: ASCII, the common CJK
/// ideographs, general punctuation (“”‘’…—), CJK symbols and punctuation
/// (、。「」【】) and the fullwidth forms of ASCII (，：；（）０-９).
pub(crate) fn is_letter(c: char) -> bool {
    match c {
        '\0'..='\u{7F}' => c.is_ascii_alphanumeric(),
        '\u{4E00}'..='\u{9FFF}' => true,
        '\u{2000}'..='\u{206F}' => false,
        // 々〆〇, the Suzhou numerals 〡–〩, the kana repeat marks 〱–〵 and
        // 〸–〼 are letters or numbers; the rest of the block is punctuation.
        '\u{3000}'..='\u{303F}' => matches!(
            c,
            '\u{3005}'..='\u{3007}'
                | '\u{3021}'..='\u{3029}'
                | '\u{3031}'..='\u{3035}'
                | '\u{3038}'..='\u{303C}'
        ),
        // Fullwidth ASCII: a letter or digit when the ASCII character is.
        '\u{FF01}'..='\u{FF5E}' => ((c as u32 - 0xFEE0) as u8).is_ascii_alphanumeric(),
        _ => c.is_alphanumeric(),
    }
}

/// The sentences of the ranges of `text` that are valid (inside the text,
/// on character boundaries).
fn valid_sentences<'a>(text: &'a str, within: &'a [Span]) -> impl Iterator<Item = Span> + 'a {
    within
        .iter()
        .filter(|w| w.start <= w.end && text.get(w.start..w.end).is_some())
        .flat_map(move |&w| sentence_iter(text, w))
}

/// Calls `f(offset, letter)` for each letter of `text[span]` outside the
/// sorted, disjoint `masked` ranges.
pub(crate) fn for_letters(text: &str, span: Span, masked: &[Span], mut f: impl FnMut(usize, char)) {
    let Some(slice) = text.get(span.start..span.end) else {
        return;
    };
    let mut m = 0;
    for (i, c) in slice.char_indices() {
        if !is_letter(c) {
            continue;
        }
        let at = span.start + i;
        while m < masked.len() && masked[m].end <= at {
            m += 1;
        }
        if m < masked.len() && masked[m].start <= at {
            continue;
        }
        f(at, c);
    }
}

/// A text read for comparison: its sentences within the given ranges (a
/// sentence longer than [`MAX_UNIT_CHARS`] letters cut into pieces), each
/// reduced to its letters (punctuation, spaces and boilerplate dropped). The
/// letters of all units are kept one after another in one buffer, and so
/// are their sampled shingles: reading a report costs a few allocations,
/// not a few per sentence.
#[derive(Default)]
pub struct Units {
    list: Vec<Unit>,
    letters: Vec<char>,
    samples: Vec<u64>,
    /// The offset of every countable letter (of every sentence, short ones
    /// too), in order, when kept: what [`Units::share`] counts. Not kept
    /// for a text of more than `u32::MAX` bytes, beyond any input the
    /// reader accepts by default.
    offsets: Option<Vec<u32>>,
}

/// A sentence (or a piece of a long one) of [`Units`].
struct Unit {
    span: Span,
    /// Its letters in [`Units::letters`].
    letters: Range<usize>,
    /// Its sampled shingle hashes in [`Units::samples`], sorted, each once.
    sample: Range<usize>,
}

impl Units {
    /// The units of `text` within `within`, `boilerplate` left out, with
    /// where its countable letters are (for [`Units::share`]).
    pub fn of(text: &str, within: &[Span], boilerplate: &Boilerplate) -> Units {
        Units::read(text, within, boilerplate, true)
    }

    /// The units of `text` within `within`, `boilerplate` left out; with
    /// the offsets of its countable letters when `offsets`.
    pub(crate) fn read(
        text: &str,
        within: &[Span],
        boilerplate: &Boilerplate,
        offsets: bool,
    ) -> Units {
        let mut units = Units {
            offsets: (offsets && u32::try_from(text.len()).is_ok()).then(Vec::new),
            ..Units::default()
        };
        let mut masked = Vec::new();
        for sentence in valid_sentences(text, within) {
            boilerplate.ranges_into(text, sentence, &mut masked);
            units.split(text, sentence, &masked);
        }
        units
    }

    /// Adds the units of one sentence: none if it is too short, one
    /// normally, and pieces of [`MAX_UNIT_CHARS`] letters for a longer one.
    fn split(&mut self, text: &str, span: Span, masked: &[Span]) {
        let mut begin = self.letters.len();
        let mut start = span.start;
        for_letters(text, span, masked, |at, c| {
            if self.letters.len() - begin == MAX_UNIT_CHARS {
                self.close(begin, Span::new(start, at));
                begin = self.letters.len();
                start = at;
            }
            self.letters.push(c);
            if let Some(offsets) = &mut self.offsets {
                // Within the text, which is shorter than `u32::MAX`.
                offsets.push(at as u32);
            }
        });
        self.close(begin, Span::new(start, span.end));
    }

    /// Makes the letters from `begin` on a unit spanning `span`, or drops
    /// them if they are too few.
    fn close(&mut self, begin: usize, span: Span) {
        let letters = begin..self.letters.len();
        if letters.len() < MIN_SENTENCE_CHARS {
            self.letters.truncate(begin);
            return;
        }
        let from = self.samples.len();
        // Every window's hash is written to the next free slot, which moves
        // on only when the hash is sampled: about one in three is, at
        // random, so a branch on it would often be mispredicted.
        let windows = (letters.len() + 1).saturating_sub(SHINGLE);
        self.samples.resize(from + windows, 0);
        let mut next = from;
        for w in self.letters[letters.clone()].windows(SHINGLE) {
            let h = w.iter().fold(0, |h, &c| mix(h, u64::from(c)));
            // `next` is at most this window's own slot: in bounds.
            self.samples[next] = h;
            // Sample on the high bits, which the last multiplication mixed.
            next += usize::from((h >> 32) % SAMPLE == 0);
        }
        self.samples.truncate(next);
        let sample = &mut self.samples[from..];
        sample.sort_unstable();
        let mut kept = 0;
        for k in 0..sample.len() {
            if k == 0 || sample[k] != sample[kept - 1] {
                sample[kept] = sample[k];
                kept += 1;
            }
        }
        self.samples.truncate(from + kept);
        self.list.push(Unit {
            span,
            letters,
            sample: from..self.samples.len(),
        });
    }

    /// How many units there are.
    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// Where unit `i` is in the text.
    pub(crate) fn span(&self, i: usize) -> Span {
        self.list[i].span
    }

    /// The letters of unit `i`.
    pub(crate) fn letters(&self, i: usize) -> &[char] {
        &self.letters[self.list[i].letters.clone()]
    }

    fn sample(&self, i: usize) -> &[u64] {
        &self.samples[self.list[i].sample.clone()]
    }

    /// The passages of this text that also appear in `theirs`, verbatim or
    /// nearly, in the order of this text (see [`shared_passages`]).
    pub fn shared_with(&self, theirs: &Units, options: &PassageOptions) -> Vec<Passage> {
        let similarity = clamp_similarity(options.similarity);
        let mut index = Index::new(theirs.samples.len(), theirs.len());
        for i in 0..theirs.len() {
            index.insert(i, theirs.sample(i));
        }
        let mut diff = Differ::default();
        // (ours, theirs, similarity)
        let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
        for j in 0..self.len() {
            let ours = self.letters(j);
            let candidates = index.candidates(self.sample(j));
            // The sentence after the last match comes first: a copied passage
            // stays one passage even where a sentence recurs elsewhere.
            let follow = pairs
                .last()
                .filter(|&&(pj, _, _)| pj + 1 == j)
                .map(|&(_, pi, _)| pi + 1)
                .filter(|f| candidates.binary_search(f).is_ok());
            let order = follow
                .into_iter()
                .chain(candidates.iter().copied().take(MAX_COMPARED));
            for i in order {
                if let Some(ratio) = diff.ratio_at_least(theirs.letters(i), ours, similarity) {
                    pairs.push((j, i, ratio));
                    break;
                }
            }
        }
        let mut passages = Vec::new();
        let mut start = 0;
        while start < pairs.len() {
            let mut end = start + 1;
            while end < pairs.len()
                && pairs[end].0 == pairs[end - 1].0 + 1
                && pairs[end].1 == pairs[end - 1].1 + 1
            {
                end += 1;
            }
            let chain = &pairs[start..end];
            let chars: usize = chain
                .iter()
                .map(|&(j, _, _)| self.list[j].letters.len())
                .sum();
            if chars >= options.min_chars && chars > 0 {
                let (first, last) = (chain[0], chain[chain.len() - 1]);
                let weighted: f64 = chain
                    .iter()
                    .map(|&(j, _, r)| r * self.list[j].letters.len() as f64)
                    .sum();
                let their_chars = chain
                    .iter()
                    .map(|&(_, i, _)| theirs.list[i].letters.len())
                    .sum();
                passages.push(Passage {
                    ours: self.span(first.0).cover(self.span(last.0)),
                    theirs: theirs.span(first.1).cover(theirs.span(last.1)),
                    chars,
                    their_chars,
                    similarity: weighted / chars as f64,
                });
            }
            start = end;
        }
        passages
    }

    /// The share (0.0–1.0) of this text's countable letters that the
    /// passages (of this text: their `ours`) cover, as [`copied_share`]
    /// counts it; 0.0 for a text with none, or read without the letters'
    /// offsets (or too long to keep them).
    pub fn share(&self, passages: &[Passage]) -> f64 {
        let offsets = self.offsets.as_deref().unwrap_or_default();
        if offsets.is_empty() {
            return 0.0;
        }
        let mut covers: Vec<Span> = passages.iter().map(|p| p.ours).collect();
        covers.sort();
        let mut merged: Vec<Span> = Vec::with_capacity(covers.len());
        for c in covers {
            match merged.last_mut() {
                Some(last) if c.start <= last.end => last.end = last.end.max(c.end),
                _ => merged.push(c),
            }
        }
        let covered_at = |at: usize| {
            let i = merged.partition_point(|s| s.end <= at);
            merged.get(i).is_some_and(|s| s.start <= at)
        };
        let covered = if merged.is_empty() {
            0
        } else {
            offsets
                .iter()
                .filter(|&&at| covered_at(at as usize))
                .count()
        };
        covered as f64 / offsets.len() as f64
    }
}

/// Sentences by sampled shingle. The index from shingle hash to the
/// sentences holding it is a map to the head of a list kept in one vector,
/// and shared-shingle counts live in one reused array: a report's few
/// thousand shingles then cost no allocation each.
struct Index {
    /// Shingle hash → (first entry of its list, entries in the list).
    heads: FastMap<u64, (u32, u32)>,
    /// (sentence, next entry with the same hash)
    links: Vec<(u32, u32)>,
    shared: Vec<u32>,
    touched: Vec<usize>,
    /// The last [`Index::candidates`].
    found: Vec<usize>,
}

const NONE: u32 = u32::MAX;

impl Index {
    /// An index for `units` sentences holding `hashes` samples in all.
    fn new(hashes: usize, units: usize) -> Index {
        Index {
            heads: FastMap::with_capacity_and_hasher(hashes, Default::default()),
            links: Vec::with_capacity(hashes),
            shared: vec![0; units],
            touched: Vec::new(),
            found: Vec::new(),
        }
    }

    /// The indexed sentences sharing enough sampled shingles with a
    /// sentence of sampled shingles `sample`, in order.
    fn candidates(&mut self, sample: &[u64]) -> &[usize] {
        for h in sample {
            let mut at = self.heads.get(h).map_or(NONE, |&(head, _)| head);
            while at != NONE {
                let (i, next) = self.links[at as usize];
                let i = i as usize;
                if self.shared[i] == 0 {
                    self.touched.push(i);
                }
                self.shared[i] += 1;
                at = next;
            }
        }
        let needed = (sample.len() / 3).max(2);
        self.found.clear();
        for &i in &self.touched {
            if self.shared[i] as usize >= needed {
                self.found.push(i);
            }
            self.shared[i] = 0;
        }
        self.touched.clear();
        self.found.sort_unstable();
        &self.found
    }

    /// Indexes sentence `id` under its sampled shingles `sample`. A text
    /// of more than `u32::MAX` shingles is beyond any input the reader
    /// accepts; past that, sentences are left out of the index.
    fn insert(&mut self, id: usize, sample: &[u64]) {
        let (Ok(id), Ok(_)) = (
            u32::try_from(id),
            u32::try_from(self.links.len() + sample.len()),
        ) else {
            return;
        };
        for &h in sample {
            let (head, count) = self.heads.entry(h).or_insert((NONE, 0));
            if (*count as usize) < MAX_POSTINGS {
                self.links.push((id, *head));
                *head = (self.links.len() - 1) as u32;
                *count += 1;
            }
        }
    }
}

/// Pairs `(earlier, later)` of unit indices of one text that are
/// near-duplicates: each unit against the earlier ones.
pub(crate) fn pairs_within(units: &Units, similarity: f64) -> Vec<(usize, usize)> {
    let similarity = clamp_similarity(similarity);
    let mut index = Index::new(units.samples.len(), units.len());
    let mut diff = Differ::default();
    let mut pairs = Vec::new();
    for j in 0..units.len() {
        let unit = units.letters(j);
        let candidates = index.candidates(units.sample(j));
        if let Some(&i) = candidates.iter().take(MAX_COMPARED).find(|&&i| {
            diff.ratio_at_least(units.letters(i), unit, similarity)
                .is_some()
        }) {
            pairs.push((i, j));
        }
        index.insert(j, units.sample(j));
    }
    pairs
}

/// Groups pairs that continue each other ((i, j) then (i+1, j+1)) into
/// passages, so a repeated paragraph is one passage, not one per sentence.
pub(crate) fn chains(pairs: &[(usize, usize)]) -> Vec<Vec<(usize, usize)>> {
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

/// Compares units, with buffers reused from one comparison to the next.
#[derive(Default)]
struct Differ {
    sorted_a: Vec<char>,
    sorted_b: Vec<char>,
}

impl Differ {
    /// The diff ratio of two units' letters, if it is at least
    /// `similarity`.
    fn ratio_at_least(&mut self, a: &[char], b: &[char], similarity: f64) -> Option<f64> {
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        if (short.len() as f64) < long.len() as f64 * similarity {
            return None;
        }
        // The diff's ratio is 2 × matched / total, and no diff matches more
        // characters than the two have in common; a margin keeps the
        // rounding of the diff's f32 ratio from mattering.
        let total = (a.len() + b.len()) as f64;
        for (sorted, letters) in [(&mut self.sorted_a, a), (&mut self.sorted_b, b)] {
            sorted.clear();
            sorted.extend_from_slice(letters);
            sorted.sort_unstable();
        }
        let bound = 2.0 * common_chars(&self.sorted_a, &self.sorted_b) as f64 / total;
        if bound * (1.0 + 1e-6) < similarity {
            return None;
        }
        // The ratio is (total − d) / total for the d insertions and
        // deletions of the diff, which are at least those of the shortest
        // edit script. That is searched only up to the d the similarity
        // allows (plus a margin), which is far cheaper than diffing two
        // different texts.
        let allowed = ((1.0 - similarity) * total) as usize + 2;
        edit_distance_within(a, b, allowed)?;
        let a_text: String = a.iter().collect();
        let b_text: String = b.iter().collect();
        let ratio = f64::from(TextDiff::from_chars(a_text.as_str(), b_text.as_str()).ratio());
        (ratio >= similarity).then_some(ratio)
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

#[cfg(test)]
mod tests {
    use super::*;

    const OPTIONS: PassageOptions = PassageOptions {
        min_chars: 40,
        similarity: 0.85,
    };
    const A: &str = "区政府办公室坚持把学习贯彻习近平法治思想作为重要必修课程，通过党组会、理论学习中心组专题学习研讨等方式认真学习。";
    const B: &str =
        "全年共组织集中学法十二次，邀请高校专家授课三次，领导干部法治素养和依法行政能力明显提升。";
    const C: &str =
        "严格落实重大行政决策法定程序，全年对五十六件规范性文件开展合法性审查，未发现违法文件。";
    const D: &str =
        "推行行政执法三项制度，全区执法部门公示执法信息一千二百余条，执法全过程记录实现全覆盖。";
    const E: &str = "完善行政复议和应诉工作机制，全年办理行政复议案件三十一件，行政机关负责人出庭应诉率达百分之百。";

    fn whole(text: &str) -> Vec<Span> {
        vec![Span::new(0, text.len())]
    }

    fn passages(ours: &str, theirs: &str, boilerplate: &Boilerplate) -> Vec<Passage> {
        shared_passages(
            ours,
            &whole(ours),
            theirs,
            &whole(theirs),
            &OPTIONS,
            boilerplate,
        )
    }

    #[test]
    fn a_copied_text_is_one_passage_covering_all_of_it() {
        let theirs = format!("{A}{B}{C}\n{D}{E}");
        let ours = theirs.replace("十二次", "十三次");
        let found = passages(&ours, &theirs, &Boilerplate::none());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].ours, Span::new(0, ours.len()));
        assert_eq!(found[0].theirs, Span::new(0, theirs.len()));
        assert!(found[0].similarity > 0.95 && found[0].similarity < 1.0);
        let share = copied_share(&ours, &whole(&ours), &found, &Boilerplate::none());
        assert!((share - 1.0).abs() < 1e-9, "{share}");
    }

    #[test]
    fn a_rewritten_sentence_splits_the_passage_and_is_not_covered() {
        let theirs = format!("{A}{B}{C}{D}{E}");
        let rewritten = "今年我们把行政决策纳入督查范围，由司法局牵头逐项复核决策程序。";
        let ours = format!("{A}{B}{rewritten}{D}{E}");
        let found = passages(&ours, &theirs, &Boilerplate::none());
        let texts: Vec<&str> = found
            .iter()
            .map(|p| &ours[p.ours.start..p.ours.end])
            .collect();
        assert_eq!(texts, [format!("{A}{B}"), format!("{D}{E}")]);
        assert_eq!(
            &theirs[found[1].theirs.start..found[1].theirs.end],
            format!("{D}{E}")
        );
        let share = copied_share(&ours, &whole(&ours), &found, &Boilerplate::none());
        assert!(share > 0.7 && share < 0.9, "{share}");
    }

    #[test]
    fn passages_in_another_order_are_found_each_at_their_place() {
        let theirs = format!("{A}{B}{C}{D}");
        let ours = format!("{C}{D}前言不搭后语的一句话用来隔开两段文字而已。{A}{B}");
        let found = passages(&ours, &theirs, &Boilerplate::none());
        let theirs_texts: Vec<&str> = found
            .iter()
            .map(|p| &theirs[p.theirs.start..p.theirs.end])
            .collect();
        assert_eq!(theirs_texts, [format!("{C}{D}"), format!("{A}{B}")]);
    }

    #[test]
    fn different_texts_short_passages_and_ranges_outside_share_nothing() {
        assert!(passages(
            &format!("{A}{B}"),
            &format!("{C}{D}{E}"),
            &Boilerplate::none()
        )
        .is_empty());
        // One sentence of 40-odd letters is below a min_chars of 60.
        let strict = PassageOptions {
            min_chars: 60,
            ..OPTIONS
        };
        let ours = format!("{A}{C}");
        let theirs = format!("{A}{D}");
        assert!(shared_passages(
            &ours,
            &whole(&ours),
            &theirs,
            &whole(&theirs),
            &strict,
            &Boilerplate::none()
        )
        .is_empty());
        // Only the given ranges are compared, and bad ranges are ignored.
        let ours = format!("{A}{B}{C}");
        let theirs = format!("{A}{B}");
        let within = [
            Span::new(A.len() + B.len(), ours.len()),
            Span::new(1, 2),
            Span::new(0, 10_000),
        ];
        assert!(shared_passages(
            &ours,
            &within,
            &theirs,
            &whole(&theirs),
            &OPTIONS,
            &Boilerplate::none()
        )
        .is_empty());
    }

    #[test]
    fn boilerplate_is_neither_compared_nor_counted() {
        let formula = "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面推进依法行政。";
        let bp = Boilerplate::new(&[
            "坚持以习近平新时代中国特色社会主义思想为指导",
            "深入学习贯彻习近平法治思想",
            "全面推进依法行政",
        ])
        .unwrap();
        let ours = format!("{formula}{A}");
        let theirs = format!("{formula}{C}");
        assert!(passages(&ours, &theirs, &bp).is_empty());
        assert_eq!(passages(&ours, &theirs, &Boilerplate::none()).len(), 1);
        // A copied A after the formula covers all of the countable letters.
        let theirs = format!("{A}{B}");
        let ours = format!("{formula}{A}{B}");
        let found = passages(&ours, &theirs, &bp);
        let share = copied_share(&ours, &whole(&ours), &found, &bp);
        assert!((share - 1.0).abs() < 1e-9, "{share}");
        let unmasked = copied_share(&ours, &whole(&ours), &found, &Boilerplate::none());
        assert!(unmasked < 0.8, "{unmasked}");
        assert!(Boilerplate::new(&["("]).is_err());
    }

    #[test]
    fn a_pasted_sentence_repeated_many_times_costs_little() {
        let theirs = A.repeat(5_000);
        let ours = format!("{}{}", A.repeat(5_000), B.repeat(5_000));
        let started = std::time::Instant::now();
        let found = passages(&ours, &theirs, &Boilerplate::none());
        assert!(!found.is_empty());
        assert!(started.elapsed().as_secs() < 20);
        assert_eq!(copied_share("", &[], &found, &Boilerplate::none()), 0.0);
    }

    #[test]
    fn the_fast_letter_test_is_the_unicode_one() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn a_text_read_once_compares_and_counts_as_read_each_time() {
        let bp = Boilerplate::new(&["全年共组织"]).unwrap();
        let theirs = format!("{A}{B}{C}");
        let ours = format!("{E}。短句。{B}{C}{D}");
        let (ours_units, their_units) = (
            Units::of(&ours, &whole(&ours), &bp),
            Units::of(&theirs, &whole(&theirs), &bp),
        );
        let found = ours_units.shared_with(&their_units, &OPTIONS);
        assert_eq!(found, passages(&ours, &theirs, &bp));
        assert_eq!(found.len(), 1);
        let share = ours_units.share(&found);
        assert_eq!(share, copied_share(&ours, &whole(&ours), &found, &bp));
        assert!(share > 0.4 && share < 0.7, "{share}");
        let without = Units::read(&ours, &whole(&ours), &bp, false);
        assert_eq!(without.share(&found), 0.0);
        assert_eq!(without.shared_with(&their_units, &OPTIONS), found);
    }

    #[test]
    fn the_bounded_edit_distance_is_the_shortest_edit_script() {
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

    /// A small deterministic random number generator (xorshift64) for the
    /// randomized tests.
    fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    #[test]
    fn the_bound_never_rejects_what_the_diff_accepts() {
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
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
    fn each_units_sample_is_its_sampled_shingles_sorted_once_each() {
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        let alphabet = [
            '法', '治', '政', '府', '建', '设', 'a', '1', '。', '，', '\n',
        ];
        for _ in 0..200 {
            let len = next() % 2_000;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let units = Units::read(&text, &whole(&text), &Boilerplate::none(), false);
            for i in 0..units.len() {
                let mut expected: Vec<u64> = units
                    .letters(i)
                    .windows(SHINGLE)
                    .map(|w| w.iter().fold(0, |h, &c| mix(h, u64::from(c))))
                    .filter(|h| (h >> 32) % SAMPLE == 0)
                    .collect();
                expected.sort_unstable();
                expected.dedup();
                assert_eq!(units.sample(i), expected.as_slice(), "{text}");
            }
        }
    }
}
