//! Reports of one run that share long passages (内容雷同), between different
//! units: the `copied` rule of a pack ([`crate::checks::copied`]).
//!
//! Two passes. Before any report is checked, [`Batch::plan`] reads every
//! planned report (in parallel, one at a time per thread; not parsed) and
//! keeps only its MinHash signature ([`minhash`]: 512 bytes); LSH banding
//! gives candidate pairs, each scored by its estimated resemblance, and each
//! report gets at most `max_partners` partners. Then, while the run checks the
//! reports a chunk at a time, [`Batch::compare`] re-reads the partners of a
//! report and finds the exact shared passages
//! ([`crate::compare::shared_passages`]): one finding per partner, on the
//! report's passages, naming the partner's places in its labels and in
//! [`Finding::elsewhere`].
//!
//! The same unit's reports (the .docx and the PDF of one report, two years of
//! one unit) are not reported: files whose paths differ only in the
//! extension are not paired, and the first pass also parses each signed
//! report for its issuing body (once per distinct text), so that reports of
//! one unit are never candidates and a report's partners are of other
//! units. The comparison still checks the issuing bodies of the two parsed
//! documents (a report may be checked with another pack than planned).

pub mod minhash;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::checks::copied::CopiedCheck;
use crate::checks::message::render;
use crate::checks::{Pack, Rule};
use crate::compare::passages::{for_letters, is_letter};
use crate::compare::{Boilerplate, Passage, Units};
use crate::document::{Document, Span};
use crate::finding::{Elsewhere, Finding, Label, MAX_LABELS};
use crate::input::{self, Source};
use crate::isolate;
use minhash::{Signature, Signer};

/// A report found alike: the JSON `similar` entry of a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Similar {
    /// The other report, as shown.
    pub file: String,
    /// The share (0–1) of this report's body found in the other one.
    pub share: f64,
    /// The share (0–1) of the other report's body found in this one.
    pub other_share: f64,
}

/// The `copied` rule of a pack, if it has one that runs.
pub fn copied_rule(pack: &Pack) -> Option<(&Rule, &CopiedCheck)> {
    pack.rules
        .iter()
        .find_map(|r| r.check.as_copied().map(|c| (r, c)))
}

/// What the first pass keeps of one report: its signature and its issuing
/// body (white space removed), never its text.
#[derive(Default)]
struct Signed {
    signature: Option<Box<Signature>>,
    unit: Option<Box<str>>,
}

/// Issuing bodies of the texts parsed so far in the first pass, by text: a
/// report given twice (under two names, or copied as it is by many units) is
/// parsed once. Identical texts parsed with one setup make identical
/// documents, so the issuing body found for one holds for the others.
type Bodies = Mutex<HashMap<(usize, u128), Option<Box<str>>>>;

/// The issuing bodies kept at most in [`Bodies`]: past this, texts are
/// parsed without being remembered.
const MAX_REMEMBERED_UNITS: usize = 65_536;

/// The partners of every report of a run, and what is needed to read them
/// again.
#[derive(Debug, Default)]
pub struct Batch {
    /// For each planned report (by index), its partners (indices).
    partners: Vec<Box<[u32]>>,
    /// For each planned report, its source (for reading it again) and setup.
    sources: Vec<Option<(Source, usize)>>,
    /// For each planned report, whether its comparison has begun.
    started: Vec<AtomicBool>,
    /// Comparisons done by one report of a pair for the other, by (the
    /// other, the one that did it).
    pending: Mutex<HashMap<(u32, u32), Done>>,
}

/// The loaded setups' packs, by setup index.
pub type Packs<'a> = [&'a Pack];

impl Batch {
    /// Signs every planned report whose pack has a `copied` rule and pairs
    /// them; `None` when fewer than two reports are planned or no pack
    /// compares.
    pub fn plan(
        planned: &[(Result<Source, crate::error::InputError>, usize)],
        packs: &Packs,
        max_bytes: u64,
    ) -> Option<Batch> {
        if planned.len() < 2 {
            return None;
        }
        let rules: Vec<Option<&CopiedCheck>> = packs
            .iter()
            .map(|p| copied_rule(p).map(|(_, c)| c))
            .collect();
        let used = planned
            .iter()
            .filter(|(item, s)| {
                matches!(item, Ok(Source::Path(_))) && rules.get(*s).copied().flatten().is_some()
            })
            .count();
        if used < 2 {
            return None;
        }
        let units: Bodies = Mutex::new(HashMap::new());
        let signed: Vec<Signed> = planned
            .par_iter()
            .map(|(item, s)| {
                // Standard input is read once, by the check: it is not compared.
                let (Ok(source @ Source::Path(_)), Some(Some(check))) = (item, rules.get(*s))
                else {
                    return Signed::default();
                };
                let pack = packs[*s];
                isolate::catch(|| sign_one(source, *s, pack, check, max_bytes, &units))
                    .unwrap_or_default()
            })
            .collect();
        drop(units);
        let groups = unit_groups(&signed);
        let paths: Vec<Option<&Path>> = planned
            .iter()
            .map(|(item, _)| match item {
                Ok(Source::Path(p)) => Some(p.as_path()),
                _ => None,
            })
            .collect();
        let setup_of = |i: usize| planned[i].1;
        let check_of = |i: usize| rules.get(setup_of(i)).copied().flatten();
        let per_report = planned
            .iter()
            .filter_map(|(_, s)| rules.get(*s).copied().flatten())
            .map(|c| c.max_partners)
            .max()
            .unwrap_or(1);
        let refs: Vec<Option<&Signature>> = signed.iter().map(|s| s.signature.as_deref()).collect();
        let candidates = minhash::candidates(&refs, &groups, per_report * 4);
        let mut scored = Vec::new();
        for (i, js) in candidates.iter().enumerate() {
            for &j in js {
                let j = j as usize;
                let (Some(a), Some(b), Some(ci), Some(cj)) =
                    (refs[i], refs[j], check_of(i), check_of(j))
                else {
                    continue;
                };
                if ci.shingle != cj.shingle || same_file(&paths, i, j) || same_group(&groups, i, j)
                {
                    continue;
                }
                let score = minhash::resemblance(a, b);
                if score >= ci.min_resemblance.min(cj.min_resemblance) {
                    scored.push((score, i as u32, j as u32));
                }
            }
        }
        drop(candidates);
        let partners = minhash::choose(scored, planned.len(), |i| {
            check_of(i).map_or(0, |c| c.max_partners)
        });
        let any = partners.iter().any(|p| !p.is_empty());
        if !any {
            return None;
        }
        let sources = planned
            .iter()
            .zip(&partners)
            .enumerate()
            .map(|(i, ((item, s), _))| {
                // Only reports someone compares with are read again.
                let wanted = !partners[i].is_empty();
                match item {
                    Ok(source) if wanted => Some((source.clone(), *s)),
                    _ => None,
                }
            })
            .collect();
        Some(Batch {
            started: (0..planned.len()).map(|_| AtomicBool::new(false)).collect(),
            partners: partners.into_iter().map(Vec::into_boxed_slice).collect(),
            sources,
            pending: Mutex::new(HashMap::new()),
        })
    }

    /// The partners of report `i`.
    pub fn partners(&self, i: usize) -> &[u32] {
        self.partners.get(i).map_or(&[], |p| p)
    }

    /// Compares report `i` (checked as `doc` with `pack`) with each of its
    /// partners: one finding per partner sharing enough, and the partners
    /// found alike. A pair is compared once: the report checked first also
    /// builds the other's finding, which waits in [`Batch::pending`] until
    /// the other is checked (unless too many wait; then it compares again).
    pub fn compare(
        &self,
        i: usize,
        doc: &Document,
        pack: &Pack,
        packs: &Packs,
        max_bytes: u64,
    ) -> (Vec<Finding>, Vec<Similar>) {
        let mut findings = Vec::new();
        let mut similar = Vec::new();
        if let Some(started) = self.started.get(i) {
            started.store(true, Ordering::SeqCst);
        }
        let Some((rule, check)) = copied_rule(pack) else {
            return (findings, similar);
        };
        let ours_within: Vec<Span> = doc.prose().collect();
        // This report's text read for comparison, once for all its partners.
        let mut ours_read: Option<Units> = None;
        for &j in self.partners(i) {
            let done = self.lock().remove(&(i as u32, j));
            if let Some(done) = done {
                if let Some((f, s)) = done {
                    findings.push(f);
                    similar.push(s);
                }
                continue;
            }
            let Some(Some((source, s))) = self.sources.get(j as usize) else {
                continue;
            };
            let Some(their_pack) = packs.get(*s) else {
                continue;
            };
            let Ok(loaded) = input::load(source, max_bytes, &their_pack.grammar.page_title_words)
            else {
                continue;
            };
            let theirs = Document::parse_with_outline(
                loaded.name,
                loaded.text,
                &loaded.outline,
                &their_pack.grammar,
            );
            if same_unit(doc, &theirs) {
                self.leave(j, i as u32, None);
                continue;
            }
            let their_within: Vec<Span> = theirs.prose().collect();
            // The pair is always compared from the report whose name sorts
            // first, whichever of the two gets to it: the passages (and the
            // letters counted in them) depend neither on the threads' timing
            // nor on the order the files were given in.
            let first_is_ours = (&doc.name, i as u32) < (&theirs.name, j);
            let ours_read = ours_read
                .get_or_insert_with(|| Units::of(&doc.text, &ours_within, &check.boilerplate));
            let theirs_read = Units::of(&theirs.text, &their_within, &check.boilerplate);
            let (first, second) = if first_is_ours {
                (&*ours_read, &theirs_read)
            } else {
                (&theirs_read, &*ours_read)
            };
            let found = first.shared_with(second, &check.passages);
            let mut flipped: Vec<Passage> = found.iter().map(Passage::swapped).collect();
            flipped.sort_by_key(|p| (p.ours.start, p.ours.end));
            let (passages, swapped) = if first_is_ours {
                (found, flipped)
            } else {
                (flipped, found)
            };
            let (share, other_share) = if passages.is_empty() {
                (0.0, 0.0)
            } else {
                (ours_read.share(&passages), theirs_read.share(&swapped))
            };
            let most = share.max(other_share);
            if !passages.is_empty() && most >= check.min_share {
                findings.push(finding(rule, doc, &theirs, &passages, share, other_share));
                similar.push(Similar {
                    file: theirs.name.clone(),
                    share,
                    other_share,
                });
            }
            // The other report's side, unless its comparison has begun.
            if self.has_started(j) {
                continue;
            }
            let Some((their_rule, their_check)) = copied_rule(their_pack) else {
                continue;
            };
            let theirs_found = (!swapped.is_empty() && most >= their_check.min_share).then(|| {
                (
                    finding(their_rule, &theirs, doc, &swapped, other_share, share),
                    Similar {
                        file: doc.name.clone(),
                        share: other_share,
                        other_share: share,
                    },
                )
            });
            self.leave(j, i as u32, theirs_found);
        }
        // What was left for this report by a partner compared at the same
        // time is not needed any more.
        let mut pending = self.lock();
        for &j in self.partners(i) {
            pending.remove(&(i as u32, j));
        }
        (findings, similar)
    }

    fn has_started(&self, i: u32) -> bool {
        self.started
            .get(i as usize)
            .is_none_or(|s| s.load(Ordering::SeqCst))
    }

    /// Leaves the comparison of `to` with `from`, done by `from`, for `to`:
    /// unless `to` has begun its own, or too many wait.
    fn leave(&self, to: u32, from: u32, done: Done) {
        if self.has_started(to) {
            return;
        }
        let mut pending = self.lock();
        if pending.len() < MAX_PENDING {
            pending.insert((to, from), done);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(u32, u32), Done>> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A comparison of a pair done by the other report: its finding and entry
/// for this one, or `None` when they share too little.
type Done = Option<(Finding, Similar)>;

/// Comparisons waiting for the other report of their pair, at most: past
/// this the other report compares again (the partners of a report are
/// usually near it in the run, so few wait at once).
const MAX_PENDING: usize = 4_096;

/// Reads and signs one report (of setup `setup`), and finds its issuing
/// body. The signature is not of the parsed document: its lines of at least
/// [`MIN_LINE_LETTERS`] letters stand for its body, which leaves out the
/// short headings, the date and most of the title block; the boilerplate
/// (the template's section titles among it) is left out as in the body. A
/// report too short to be signed is not parsed; a text already parsed (in
/// `units`) is not parsed again.
fn sign_one(
    source: &Source,
    setup: usize,
    pack: &Pack,
    check: &CopiedCheck,
    max_bytes: u64,
    units: &Bodies,
) -> Signed {
    let Ok(loaded) = input::load(source, max_bytes, &pack.grammar.page_title_words) else {
        return Signed::default();
    };
    let mut signer = Signer::new(check.shingle);
    letters(&loaded.text, &check.boilerplate, |c| signer.push(c));
    let Some(signature) = signer.finish() else {
        return Signed::default();
    };
    let key = (setup, text_key(&loaded.text, &loaded.outline));
    let lock = || units.lock().unwrap_or_else(|e| e.into_inner());
    let known = lock().get(&key).cloned();
    let unit = match known {
        Some(unit) => unit,
        None => {
            let doc = Document::parse_with_outline(
                loaded.name,
                loaded.text,
                &loaded.outline,
                &pack.grammar,
            );
            let unit = unit_of(&doc).map(String::into_boxed_str);
            let mut units = lock();
            if units.len() < MAX_REMEMBERED_UNITS {
                units.insert(key, unit.clone());
            }
            unit
        }
    };
    Signed {
        signature: Some(Box::new(signature)),
        unit,
    }
}

/// A 128-bit hash of a text and its outline: equal for equal texts, and
/// (as far as 128 bits tell) different for different ones. Two lanes of a
/// multiply-and-fold hash over 8-byte words, with different seeds; SipHash
/// (the standard library's, twice over every report) cost more than the
/// signing's own hashing.
fn text_key(text: &str, outline: &[Option<u8>]) -> u128 {
    let mut lanes = [
        KeyLane(0x243F_6A88_85A3_08D3),
        KeyLane(0x1319_8A2E_0370_7344),
    ];
    let mut feed = |word: u64| lanes.iter_mut().for_each(|l| l.push(word));
    let bytes = text.as_bytes();
    feed(bytes.len() as u64);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        feed(u64::from_le_bytes(word));
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    feed(u64::from_le_bytes(last));
    feed(outline.len() as u64);
    for level in outline {
        // Distinct for `None` and each `Some`.
        feed(level.map_or(0, |l| u64::from(l) + 1));
    }
    let [a, b] = lanes.map(|l| fold(l.0, 0x9E37_79B9_7F4A_7C15));
    (u128::from(a) << 64) | u128::from(b)
}

/// One lane of [`text_key`]: its state, seeded.
struct KeyLane(u64);

impl KeyLane {
    fn push(&mut self, word: u64) {
        self.0 = fold(self.0 ^ word, 0xA076_1D64_78BD_642F);
    }
}

/// The 128-bit product of `a` and `b`, its halves xored: every bit of each
/// factor moves many bits of the result.
fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

/// Each signed report's group for the pairing: reports of one group are of
/// one unit and never paired. Reports whose issuing body is equal (white
/// space removed) share a group; a report whose issuing body is not known,
/// or has a CJK radical (which [`same_name`] matches with any character),
/// has none, and the comparison decides.
fn unit_groups(signed: &[Signed]) -> Vec<Option<u32>> {
    let mut ids: HashMap<&str, u32> = HashMap::new();
    signed
        .iter()
        .map(|s| {
            let unit = s.unit.as_deref()?;
            if unit.chars().any(is_radical) {
                return None;
            }
            let next = ids.len() as u32;
            Some(*ids.entry(unit).or_insert(next))
        })
        .collect()
}

/// Whether reports `i` and `j` are in one group of [`unit_groups`].
fn same_group(groups: &[Option<u32>], i: usize, j: usize) -> bool {
    matches!((groups[i], groups[j]), (Some(a), Some(b)) if a == b)
}

/// Lines with fewer letters than this are headings, dates and signatures,
/// not the body (the passage comparer skips sentences this short too).
const MIN_LINE_LETTERS: usize = 20;

/// Calls `f` with each countable letter of a report's long lines,
/// punctuation, spaces and boilerplate left out.
fn letters(text: &str, boilerplate: &Boilerplate, mut f: impl FnMut(char)) {
    let mut masked = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let span = Span::new(at, at + line.len());
        at += line.len();
        let long = line
            .chars()
            .filter(|&c| is_letter(c))
            .take(MIN_LINE_LETTERS)
            .count()
            >= MIN_LINE_LETTERS;
        if long {
            boilerplate.ranges_into(text, span, &mut masked);
            for_letters(text, span, &masked, |_, c| f(c));
        }
    }
}

/// Whether reports `i` and `j` are one report in two formats: paths that
/// differ only in the extension. (Reports of one unit are told apart
/// later, by their issuing bodies, when the pair is compared.)
fn same_file(paths: &[Option<&Path>], i: usize, j: usize) -> bool {
    match (paths[i], paths[j]) {
        (Some(a), Some(b)) => stem(a) == stem(b),
        _ => false,
    }
}

/// Whether two reports are of one unit: the same issuing body
/// ([`same_name`]). Reports whose issuing body is not known are taken as of
/// different units.
fn same_unit(a: &Document, b: &Document) -> bool {
    match (unit_of(a), unit_of(b)) {
        (Some(a), Some(b)) => same_name(&a, &b),
        _ => false,
    }
}

/// A report's issuing body with its white space removed.
fn unit_of(doc: &Document) -> Option<String> {
    doc.issuing_body()
        .map(|u| u.split_whitespace().collect::<String>())
}

/// Whether two issuing bodies (white space removed) are one: equal, where a
/// CJK radical ([`is_radical`]) matches any character.
fn same_name(a: &str, b: &str) -> bool {
    a.chars().count() == b.chars().count()
        && a.chars()
            .zip(b.chars())
            .all(|(x, y)| x == y || is_radical(x) || is_radical(y))
}

fn stem(path: &Path) -> PathBuf {
    path.with_extension("")
}

/// A share as a whole percentage (“62%”).
fn percent(share: f64) -> String {
    format!("{:.0}%", (share * 100.0).floor().clamp(0.0, 100.0))
}

/// The first characters of a passage, for the other report's places.
fn excerpt(text: &str, span: Span) -> String {
    crate::baseline::excerpt(text.get(span.start..span.end).unwrap_or(""), 30)
}

/// The finding on `ours` for the passages it shares with `theirs`.
fn finding(
    rule: &Rule,
    ours: &Document,
    theirs: &Document,
    passages: &[Passage],
    share: f64,
    other_share: f64,
) -> Finding {
    let other = theirs.name.as_str();
    let other_unit = theirs
        .issuing_body()
        .unwrap_or_else(|| "发文机关不详".to_string());
    let chars: usize = passages.iter().map(|p| p.chars).sum();
    let first_line = passages.first().map_or(String::new(), |p| {
        theirs.position(p.theirs.start).line.to_string()
    });
    let (share_text, other_share_text) = (percent(share), percent(other_share));
    let (count, chars_text) = (passages.len().to_string(), chars.to_string());
    let year = ours.year().map(|y| y.to_string()).unwrap_or_default();
    let next_year = ours.year().map(|y| (y + 1).to_string()).unwrap_or_default();
    let values = [
        ("year", year.as_str()),
        ("next_year", next_year.as_str()),
        ("other", other),
        ("other_unit", other_unit.as_str()),
        ("share", share_text.as_str()),
        ("other_share", other_share_text.as_str()),
        ("passages", count.as_str()),
        ("chars", chars_text.as_str()),
        ("other_line", first_line.as_str()),
    ];
    let label = |p: &Passage| {
        let at = theirs.position(p.theirs.start);
        Label::new(
            p.ours,
            format!(
                "与 {other} 第 {} 行起的一段相同（约{}字）",
                at.line, p.chars
            ),
        )
    };
    let mut finding = Finding::at(
        &rule.id,
        rule.severity,
        &render(&rule.message, &values),
        passages[0].ours,
    );
    finding.primary = label(&passages[0]);
    finding.secondary = passages
        .iter()
        .skip(1)
        .take(MAX_LABELS - 1)
        .map(label)
        .collect();
    finding.help = rule.help.as_ref().map(|h| render(h, &values));
    finding.elsewhere = passages
        .iter()
        .take(MAX_LABELS)
        .map(|p| {
            let at = theirs.position(p.theirs.start);
            Elsewhere {
                file: other.to_string(),
                line: at.line,
                column: at.column,
                message: excerpt(&theirs.text, p.theirs),
            }
        })
        .collect();
    if passages.len() > MAX_LABELS {
        finding.note_unlabelled(passages.len() - MAX_LABELS);
    }
    finding
}

/// Whether `c` is a CJK radical (U+2E80–U+2FDF), which the text of some
/// PDFs has for the character of the same shape (⺠ for 民).
fn is_radical(c: char) -> bool {
    ('\u{2E80}'..='\u{2FDF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_radical_in_a_pdfs_text_names_the_same_unit() {
        assert!(same_name("青岚县人民政府", "青岚县人民政府"));
        assert!(same_name("⻘岚县人⺠政府", "青岚县人民政府"));
        assert!(!same_name("柏川区人民政府", "青岚县人民政府"));
        assert!(!same_name("某县财政局", "某县财政局办公室"));
        assert_eq!(
            stem(Path::new("a/报告.docx")),
            stem(Path::new("a/报告.pdf"))
        );
        assert_ne!(
            stem(Path::new("a/报告.docx")),
            stem(Path::new("b/报告.docx"))
        );
    }

    #[test]
    fn shares_are_whole_percentages_and_excerpts_are_short() {
        assert_eq!(percent(0.624), "62%");
        assert_eq!(percent(1.2), "100%");
        let text = "法".repeat(40);
        assert_eq!(excerpt(&text, Span::new(0, text.len())).chars().count(), 32);
        assert_eq!(excerpt("法治", Span::new(0, 6)), "法治");
    }

    #[test]
    fn text_keys_tell_texts_and_outlines_apart() {
        let text = "某县2023年度法治政府建设情况报告\n一、主要举措\n";
        let key = text_key(text, &[None, Some(1)]);
        assert_eq!(key, text_key(text, &[None, Some(1)]));
        let mut keys = vec![
            key,
            text_key(text, &[None, Some(0)]),
            text_key(text, &[Some(0), Some(1)]),
            text_key(text, &[None]),
            text_key(text, &[]),
            text_key("", &[]),
            text_key("\0", &[]),
            text_key("\0\0\0\0\0\0\0\0", &[]),
        ];
        // Texts differing in one byte anywhere, and in their length only.
        for at in 0..text.len() {
            let mut bytes = text.as_bytes().to_vec();
            bytes[at] ^= 1;
            if let Ok(changed) = String::from_utf8(bytes) {
                keys.push(text_key(&changed, &[None, Some(1)]));
            }
            if let Some(prefix) = text.get(..at) {
                keys.push(text_key(prefix, &[None, Some(1)]));
            }
        }
        let count = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), count);
    }
}
