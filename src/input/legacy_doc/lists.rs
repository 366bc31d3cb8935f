//! Automatic list numbers of a Word 97–2003 document (“一、”, “（一）”,
//! “1.”), drawn as Word draws them, so that a numbered heading reads as it
//! does on screen.
//!
//! A paragraph's direct formatting (`PapxFkp` pages of the `PlcBtePapx` bin
//! table) names a list instance (`sprmPIlfo`, 1-based into `PlfLfo`) and a
//! level (`sprmPIlvl`); the instance names a list definition by its `lsid`
//! (`PlfLst`), whose levels (`LVL`, right after `PlfLst` in the table
//! stream) give the start value, the number format (`nfc`) and the number
//! text, in which the characters 0–8 stand for the counters of levels 1–9.
//! Counters run per list definition, as in Word; a level restarts the levels
//! below it.
//!
//! Not read: numbering that comes from the paragraph's style rather than its
//! direct formatting, and the start-at overrides of a list instance
//! (`LFOData`). Anything that does not make sense gives no number, never an
//! error: the text is still read.

use std::collections::HashMap;

use super::{fkp_pages, slice, sprms, u16_at, u32_at, Fib};
use crate::input::docx::numbering::format_number;

const LEVELS: usize = 9;
/// `sprmPIlvl` and `sprmPIlfo`.
const SPRM_ILVL: u16 = 0x260A;
const SPRM_ILFO: u16 = 0x460B;

#[derive(Debug, Clone)]
struct Level {
    start: i64,
    /// Word's number format code (`nfc`).
    nfc: u8,
    /// The number text (`xst`).
    text: Vec<u16>,
}

/// The lists of a document and where they are used.
#[derive(Debug, Default)]
pub(super) struct Lists {
    /// Levels of each list definition, by `lsid`.
    lists: HashMap<u32, Vec<Level>>,
    /// The `lsid` of each list instance (`ilfo` - 1).
    instances: Vec<u32>,
    /// `(start, end, ilfo, ilvl)` byte ranges of paragraphs with a number,
    /// sorted.
    paragraphs: Vec<(u32, u32, u16, u8)>,
    counters: HashMap<u32, [Option<i64>; LEVELS]>,
}

impl Lists {
    pub(super) fn read(word: &[u8], table: &[u8], fib: &Fib) -> Lists {
        let mut lists = Lists::default();
        for page in fkp_pages(word, table, fib.bte_papx) {
            page_paragraphs(page, &mut lists.paragraphs);
        }
        if lists.paragraphs.is_empty() {
            return lists;
        }
        lists.paragraphs.sort_unstable();
        lists.read_lst(table, fib);
        if let Some(lfo) = slice(table, fib.lfo) {
            let count = u32_at(lfo, 0).unwrap_or(0) as usize;
            lists.instances = (0..count.min(lfo.len() / 16))
                .map_while(|i| u32_at(lfo, 4 + 16 * i))
                .collect();
        }
        lists
    }

    fn read_lst(&mut self, table: &[u8], fib: &Fib) {
        let Some(lst) = slice(table, fib.lst) else {
            return;
        };
        let count = u16_at(lst, 0).unwrap_or(0) as usize;
        // The levels follow the PlfLst.
        let mut at = fib.lst.fc as usize + fib.lst.lcb as usize;
        for i in 0..count {
            let lstf = 2 + 28 * i;
            let (Some(lsid), Some(&flags)) = (u32_at(lst, lstf), lst.get(lstf + 26)) else {
                return;
            };
            let n = if flags & 1 != 0 { 1 } else { LEVELS };
            let mut levels = Vec::with_capacity(n);
            for _ in 0..n {
                let Some((level, next)) = read_level(table, at) else {
                    return;
                };
                levels.push(level);
                at = next;
            }
            self.lists.insert(lsid, levels);
        }
    }

    /// The number of the paragraph whose mark is at byte `mark`, advancing
    /// its list's counters; `None` for a paragraph without one.
    pub(super) fn number(&mut self, mark: u32) -> Option<Vec<u16>> {
        let i = self.paragraphs.partition_point(|p| p.0 <= mark);
        let &(start, end, ilfo, ilvl) = self.paragraphs.get(i.checked_sub(1)?)?;
        if !(start..end).contains(&mark) || ilfo == 0 {
            return None;
        }
        let lsid = *self.instances.get(usize::from(ilfo) - 1)?;
        let levels = self.lists.get(&lsid)?;
        let level = usize::from(ilvl).min(levels.len() - 1);
        let counters = self.counters.entry(lsid).or_insert([None; LEVELS]);
        counters[level] = Some(counters[level].map_or(levels[level].start, |v| v + 1));
        for deeper in &mut counters[level + 1..] {
            *deeper = None;
        }
        let def = &levels[level];
        if def.nfc == 23 || def.nfc == 0xFF {
            // A bullet, or no number.
            return None;
        }
        let mut out = Vec::new();
        for &unit in &def.text {
            match levels.get(usize::from(unit)) {
                Some(other) if unit < LEVELS as u16 => {
                    let value = counters[usize::from(unit)].unwrap_or(other.start);
                    out.extend(format_number(value, nfc_name(other.nfc)).encode_utf16());
                }
                _ if unit < 0x20 => {}
                _ => out.push(unit),
            }
        }
        Some(out)
    }
}

/// One `LVL` at `at` in the table stream, and where the next begins.
fn read_level(table: &[u8], at: usize) -> Option<(Level, usize)> {
    let lvlf = table.get(at..at.checked_add(28)?)?;
    let start = i64::from(u32_at(lvlf, 0)? as i32);
    let nfc = lvlf[4];
    let skip = usize::from(lvlf[24]) + usize::from(lvlf[25]);
    let xst = at + 28 + skip;
    let cch = usize::from(u16_at(table, xst)?);
    let text = (0..cch)
        .map(|k| u16_at(table, xst + 2 + 2 * k))
        .collect::<Option<Vec<u16>>>()?;
    Some((Level { start, nfc, text }, xst + 2 + 2 * cch))
}

/// The numbered paragraphs of one 512-byte `PapxFkp`.
fn page_paragraphs(page: &[u8], out: &mut Vec<(u32, u32, u16, u8)>) {
    let crun = page[511] as usize;
    if crun == 0 || 4 * (crun + 1) + 13 * crun > 511 {
        return;
    }
    for k in 0..crun {
        let (Some(start), Some(end)) = (u32_at(page, 4 * k), u32_at(page, 4 * (k + 1))) else {
            return;
        };
        let offset = page[4 * (crun + 1) + 13 * k] as usize * 2;
        if offset == 0 || start >= end {
            continue;
        }
        let Some(&cb) = page.get(offset) else {
            continue;
        };
        let (from, len) = if cb != 0 {
            (offset + 1, 2 * cb as usize - 1)
        } else {
            let Some(&cb) = page.get(offset + 1) else {
                continue;
            };
            (offset + 2, 2 * cb as usize)
        };
        // The paragraph's style (istd) comes first.
        let Some(grpprl) = page.get(from + 2..(from + len).min(511)) else {
            continue;
        };
        let (mut ilfo, mut ilvl) = (0, 0);
        for (sprm, operand) in sprms(grpprl) {
            match sprm {
                SPRM_ILFO => ilfo = u16_at(operand, 0).unwrap_or(0),
                SPRM_ILVL => ilvl = operand.first().copied().unwrap_or(0),
                _ => {}
            }
        }
        // 0 is no list; values from 0xF802 on are list overrides of Word's
        // own, not instances.
        if ilfo != 0 && ilfo < 0x0800 {
            out.push((start, end, ilfo, ilvl.min(LEVELS as u8 - 1)));
        }
    }
}

/// The OOXML name of Word's number format code (`nfc`, [MS-DOC] MSONFC;
/// the names of ST_NumberFormat, in the same order).
fn nfc_name(nfc: u8) -> &'static str {
    match nfc {
        1 => "upperRoman",
        2 => "lowerRoman",
        3 => "upperLetter",
        4 => "lowerLetter",
        14 => "decimalFullWidth",
        18 => "decimalEnclosedCircle",
        19 => "decimalFullWidth2",
        22 => "decimalZero",
        26 => "decimalEnclosedFullstop",
        27 => "decimalEnclosedParen",
        28 => "decimalEnclosedCircleChinese",
        30 => "ideographTraditional",
        31 => "ideographZodiac",
        33 => "taiwaneseCounting",
        35 => "taiwaneseCountingThousand",
        37 => "chineseCounting",
        38 => "chineseLegalSimplified",
        39 => "chineseCountingThousand",
        _ => "decimal",
    }
}
