//! Word 97–2003 binary documents (`.doc`) and WPS documents (`.wps`): an
//! OLE2 compound file (read with the `cfb` crate) whose `WordDocument`
//! stream starts with the File Information Block (FIB) and holds the
//! characters, and whose table stream (`0Table` or `1Table`, as the FIB says)
//! holds the piece table that orders them. WPS Office writes its `.wps` files
//! in the same format, so both are read here, by content, whatever their name.
//!
//! The text is the main document (the first `ccpText` characters), piece by
//! piece: a compressed piece holds one byte per character in code page 1252,
//! any other piece UTF-16LE. What Word does not show is left out: the
//! instructions of fields (between the field's begin mark 0x13 and separator
//! 0x14; the result up to the end mark 0x15 is kept), text the file marks as
//! hidden (`sprmCFVanish`) or deleted in a tracked change (`sprmCFRMarkDel`)
//! in its direct character formatting, pictures and other anchors. A
//! paragraph ends at 0x0D, and a table cell at its mark 0x07, so every cell
//! is a line of its own, as in a `.docx`. A deleted or hidden paragraph mark
//! joins its paragraph to the next.
//!
//! Automatic list numbers set on a paragraph are put in front of it
//! ([`lists`]).
//!
//! Not read: hidden text that comes from a character style rather than from
//! direct formatting, property changes recorded in the piece table itself
//! (fast saves), headers, footers, footnotes and text boxes, list numbers
//! that come from a paragraph style, heading styles and outline levels.
//!
//! Every size and position in the file is checked against the streams
//! before it is used: the characters read are at most `ccpText`, which may
//! not exceed the `WordDocument` stream, so a hostile file costs at most a
//! few times its own size in memory and time.

use std::io::{Cursor, Read};

use cfb::CompoundFile;

mod lists;
use lists::Lists;

/// Why a compound file gave no text.
#[derive(Debug)]
pub enum DocError {
    /// The structure is broken; the detail says where, in Chinese.
    Corrupt(String),
    /// The document is protected by a password.
    Encrypted,
    /// A compound file that is not a Word 97–2003 document (Excel,
    /// PowerPoint, Microsoft Works, Word 6.0/95).
    NotWord {
        what: &'static str,
        help: &'static str,
    },
    /// The text is larger than the limit.
    TooLarge { size: u64, limit: u64 },
    /// More paragraphs than [`super::MAX_LINES`].
    TooManyParagraphs { limit: usize },
}

fn corrupt(detail: impl Into<String>) -> DocError {
    DocError::Corrupt(detail.into())
}

/// The text of a Word 97–2003 document, one paragraph (or table cell) per
/// line.
#[derive(Debug)]
pub struct Extracted {
    pub text: String,
}

/// The FIB's `wIdent` of a Word 6.0 and later document.
const WORD_IDENT: u16 = 0xA5EC;
/// The FIB's `wIdent` of a Word 95 document.
const WORD95_IDENT: u16 = 0xA5DC;
/// The `nFib` of Word 97; earlier versions (Word 6.0, Word 95) have a
/// different FIB and no piece table of this form.
const WORD97_NFIB: u16 = 0x00C1;

/// Direct character formatting that hides text: deleted in a tracked change
/// (`sprmCFRMarkDel`) and hidden (`sprmCFVanish`).
const SPRM_DELETED: u16 = 0x0800;
const SPRM_HIDDEN: u16 = 0x083C;

/// Reads the text of a Word 97–2003 or WPS document. `unpack_limit` bounds
/// each stream read from the compound file.
pub fn extract(bytes: &[u8], unpack_limit: u64) -> Result<Extracted, DocError> {
    let mut file = CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("复合文件结构损坏：{}", cfb_reason(&e))))?;
    if file.is_stream("EncryptionInfo") || file.is_stream("EncryptedPackage") {
        return Err(DocError::Encrypted);
    }
    if !file.is_stream("WordDocument") {
        return Err(not_word(&file));
    }
    // A stream cannot be longer than the file that holds it.
    let limit = (bytes.len() as u64).min(unpack_limit);
    let word = read_stream(&mut file, "WordDocument", limit)?;
    let fib = Fib::parse(&word)?;
    let table_name = if fib.table_1 { "1Table" } else { "0Table" };
    if !file.is_stream(table_name) {
        return Err(corrupt(format!("缺少表格流 {table_name}")));
    }
    let table = read_stream(&mut file, table_name, limit)?;
    let pieces = pieces(&table, fib.clx)?;
    let runs = CharRuns::read(&word, &table, fib.bte_chpx);
    let lists = Lists::read(&word, &table, &fib);
    let text = main_text(&word, &pieces, fib.ccp_text, &runs, lists, unpack_limit)?;
    Ok(Extracted { text })
}

/// What a compound file without a `WordDocument` stream is.
fn not_word<F>(file: &CompoundFile<F>) -> DocError {
    const HELP: &str = "请提供报告的 Word 文档（.docx 或 .doc）或文本（.txt）";
    let what = if file.is_stream("Workbook") || file.is_stream("Book") {
        "Excel 工作簿（.xls）"
    } else if file.is_stream("PowerPoint Document") {
        "PowerPoint 演示文稿（.ppt）"
    } else if file.is_stream("CONTENTS") {
        "Microsoft Works 文档（与 WPS Office 的 .wps 不是同一种格式）"
    } else {
        "OLE 复合文件，但其中没有 Word 文档正文（WordDocument 流）"
    };
    DocError::NotWord { what, help: HELP }
}

/// The reason a compound file could not be opened or read, in Chinese (the
/// crate's messages are English; the user sees none of them).
fn cfb_reason(e: &std::io::Error) -> &'static str {
    let message = e.to_string();
    let has = |words: &[&str]| words.iter().any(|w| message.contains(w));
    if e.kind() == std::io::ErrorKind::UnexpectedEof
        || has(&["too small", "file has only", "count is only", "length of"])
    {
        "文件被截断，内容不完整"
    } else if has(&["twice", "duplicate", "loop"]) {
        "扇区链成环或相互交叉"
    } else if has(&["irectory", "name", "tree", "root entry", "sibling", "child"]) {
        "目录无效"
    } else if has(&[
        "magic",
        "version",
        "shift",
        "byte order",
        "cutoff",
        "header",
    ]) {
        "文件头无效"
    } else {
        "扇区分配表或扇区链无效"
    }
}

fn read_stream(
    file: &mut CompoundFile<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, DocError> {
    let stream = file
        .open_stream(name)
        .map_err(|e| corrupt(format!("无法打开 {name} 流：{}", cfb_reason(&e))))?;
    if stream.len() > limit {
        return Err(corrupt(format!(
            "{name} 流声明的长度（{} 字节）超过了文件本身",
            stream.len()
        )));
    }
    let mut out = Vec::new();
    stream
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| corrupt(format!("无法读取 {name} 流：{}", cfb_reason(&e))))?;
    Ok(out)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// A place in the table stream: offset and length.
#[derive(Debug, Clone, Copy)]
struct FcLcb {
    fc: u32,
    lcb: u32,
}

/// What is used of the File Information Block.
#[derive(Debug)]
struct Fib {
    /// The table stream is `1Table` (else `0Table`).
    table_1: bool,
    /// Characters of the main document.
    ccp_text: u32,
    /// The piece table (`Clx`).
    clx: FcLcb,
    /// The character formatting's bin table (`PlcBteChpx`).
    bte_chpx: FcLcb,
    /// The paragraph formatting's bin table (`PlcBtePapx`).
    bte_papx: FcLcb,
    /// The list definitions (`PlfLst`, followed by their levels) and the
    /// list instances paragraphs refer to (`PlfLfo`).
    lst: FcLcb,
    lfo: FcLcb,
}

impl Fib {
    fn parse(word: &[u8]) -> Result<Fib, DocError> {
        let short = || corrupt("WordDocument 流太短，缺少文件信息块（FIB）");
        let ident = u16_at(word, 0).ok_or_else(short)?;
        let nfib = u16_at(word, 2).ok_or_else(short)?;
        if ident == WORD95_IDENT || (ident == WORD_IDENT && nfib < WORD97_NFIB) {
            return Err(DocError::NotWord {
                what: "Word 6.0/95 文档（比 Word 97 更早的格式）",
                help: "请在 Word 或 WPS 中打开，“另存为” Word 文档（.docx）后再检查",
            });
        }
        if ident != WORD_IDENT {
            return Err(corrupt("WordDocument 流的开头不是 Word 文档的标识"));
        }
        let flags = u16_at(word, 0x0A).ok_or_else(short)?;
        if flags & 0x0100 != 0 {
            return Err(DocError::Encrypted);
        }
        // FibBase (32 bytes), then three arrays, each after its count.
        let csw = u16_at(word, 32).ok_or_else(short)? as usize;
        let lw_count_at = 34 + csw * 2;
        let cslw = u16_at(word, lw_count_at).ok_or_else(short)? as usize;
        let lw_at = lw_count_at + 2;
        if cslw < 4 {
            return Err(short());
        }
        let ccp_text = u32_at(word, lw_at + 3 * 4).ok_or_else(short)?;
        let fc_count_at = lw_at + cslw * 4;
        let cb = u16_at(word, fc_count_at).ok_or_else(short)? as usize;
        let fc_at = fc_count_at + 2;
        let pair = |index: usize| -> Result<FcLcb, DocError> {
            if index >= cb {
                return Err(short());
            }
            let at = fc_at + index * 8;
            Ok(FcLcb {
                fc: u32_at(word, at).ok_or_else(short)?,
                lcb: u32_at(word, at + 4).ok_or_else(short)?,
            })
        };
        Ok(Fib {
            table_1: flags & 0x0200 != 0,
            ccp_text,
            bte_chpx: pair(12)?,
            bte_papx: pair(13)?,
            clx: pair(33)?,
            // Lists came with Word 97; a FIB too short for them has none.
            lst: pair(73).unwrap_or(FcLcb { fc: 0, lcb: 0 }),
            lfo: pair(74).unwrap_or(FcLcb { fc: 0, lcb: 0 }),
        })
    }
}

/// A run of characters stored together: main-document positions
/// `cp..cp_end`, starting at byte `fc` of the `WordDocument` stream.
#[derive(Debug, Clone, Copy)]
struct Piece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    /// One byte per character (code page 1252); else UTF-16LE.
    compressed: bool,
}

fn slice(b: &[u8], at: FcLcb) -> Option<&[u8]> {
    let start = at.fc as usize;
    b.get(start..start.checked_add(at.lcb as usize)?)
}

/// The piece table, from the `Clx` in the table stream: property lists
/// (`Prc`, skipped) and then the `Pcdt` with its `PlcPcd`.
fn pieces(table: &[u8], clx: FcLcb) -> Result<Vec<Piece>, DocError> {
    let clx = slice(table, clx).ok_or_else(|| corrupt("片段表的位置超出了表格流"))?;
    let mut at = 0;
    while let Some(&kind) = clx.get(at) {
        match kind {
            1 => {
                let cb = u16_at(clx, at + 1).ok_or_else(|| corrupt("片段表不完整"))? as i16;
                if cb < 0 {
                    return Err(corrupt("片段表中的属性长度为负"));
                }
                at += 3 + cb as usize;
            }
            2 => {
                let lcb = u32_at(clx, at + 1).ok_or_else(|| corrupt("片段表不完整"))?;
                let plc = slice(
                    clx,
                    FcLcb {
                        fc: (at + 5) as u32,
                        lcb,
                    },
                )
                .ok_or_else(|| corrupt("片段表的长度超出了表格流"))?;
                return plc_pcd(plc);
            }
            _ => return Err(corrupt("片段表的格式不对")),
        }
    }
    Err(corrupt("缺少片段表"))
}

fn plc_pcd(plc: &[u8]) -> Result<Vec<Piece>, DocError> {
    if plc.len() < 4 || !(plc.len() - 4).is_multiple_of(12) {
        return Err(corrupt("片段表的长度不对"));
    }
    let n = (plc.len() - 4) / 12;
    let cp = |i: usize| u32_at(plc, i * 4).unwrap_or(0);
    let mut pieces = Vec::with_capacity(n);
    for i in 0..n {
        let (start, end) = (cp(i), cp(i + 1));
        if end < start {
            return Err(corrupt("片段的位置没有按顺序排列"));
        }
        let pcd = 4 * (n + 1) + 8 * i;
        let fc = u32_at(plc, pcd + 2).unwrap_or(0);
        let compressed = fc & 0x4000_0000 != 0;
        let fc = fc & 0x3FFF_FFFF;
        pieces.push(Piece {
            cp: start,
            cp_end: end,
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Ok(pieces)
}

/// Byte ranges of the `WordDocument` stream whose direct character
/// formatting hides them (hidden or deleted), from the formatting pages
/// (`ChpxFkp`) listed in the bin table. A page that does not make sense is
/// passed over: its text is then kept, never lost.
struct CharRuns {
    /// `(start, end)` byte ranges, sorted by start.
    skipped: Vec<(u32, u32)>,
}

impl CharRuns {
    fn read(word: &[u8], table: &[u8], bte: FcLcb) -> CharRuns {
        let mut skipped = Vec::new();
        for page in fkp_pages(word, table, bte) {
            page_runs(page, &mut skipped);
        }
        skipped.sort_unstable();
        CharRuns { skipped }
    }

    /// The byte at `fc` is hidden or deleted.
    fn skips(&self, fc: u32) -> bool {
        let i = self.skipped.partition_point(|&(start, _)| start <= fc);
        // Runs do not overlap in a sound file; in another, any run that
        // covers the byte counts.
        self.skipped[..i]
            .iter()
            .rev()
            .take(4)
            .any(|&(start, end)| start <= fc && fc < end)
    }
}

/// The 512-byte formatting pages (FKPs) a bin table lists.
fn fkp_pages<'a>(word: &'a [u8], table: &[u8], bte: FcLcb) -> Vec<&'a [u8]> {
    let Some(plc) = slice(table, bte) else {
        return Vec::new();
    };
    if plc.len() < 4 || !(plc.len() - 4).is_multiple_of(8) {
        return Vec::new();
    }
    let n = (plc.len() - 4) / 8;
    (0..n)
        .filter_map(|i| {
            let pn = u32_at(plc, 4 * (n + 1) + 4 * i)?;
            let start = (pn & 0x003F_FFFF) as usize * 512;
            word.get(start..start + 512)
        })
        .collect()
}

/// The hidden or deleted runs of one 512-byte `ChpxFkp`.
fn page_runs(page: &[u8], skipped: &mut Vec<(u32, u32)>) {
    let crun = page[511] as usize;
    if crun == 0 || crun > 101 {
        return;
    }
    for k in 0..crun {
        let (Some(start), Some(end)) = (u32_at(page, 4 * k), u32_at(page, 4 * (k + 1))) else {
            return;
        };
        let offset = page[4 * (crun + 1) + k] as usize * 2;
        if offset == 0 || start >= end {
            continue;
        }
        let Some(&cb) = page.get(offset) else {
            continue;
        };
        let Some(grpprl) = page.get(offset + 1..(offset + 1 + cb as usize).min(511)) else {
            continue;
        };
        if hides(grpprl) {
            skipped.push((start, end));
        }
    }
}

/// Whether a list of character property changes makes the text hidden or
/// deleted. A toggle operand of 1 turns the property on, 0x81 turns it to
/// the opposite of the style's (on, for a style without it).
fn hides(grpprl: &[u8]) -> bool {
    sprms(grpprl).any(|(sprm, operand)| {
        matches!(sprm, SPRM_DELETED | SPRM_HIDDEN) && matches!(operand.first(), Some(1 | 0x81))
    })
}

/// The property changes (`Sprm` and operand) of a `grpprl`, up to the first
/// that does not fit.
fn sprms(grpprl: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let sprm = u16_at(grpprl, at)?;
        at += 2;
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => 1 + *grpprl.get(at)? as usize,
        };
        let operand = grpprl.get(at..at + size)?;
        at += size;
        Some((sprm, operand))
    })
}

/// The main document's text, one paragraph or table cell per line.
fn main_text(
    word: &[u8],
    pieces: &[Piece],
    ccp_text: u32,
    runs: &CharRuns,
    lists: Lists,
    unpack_limit: u64,
) -> Result<String, DocError> {
    if ccp_text as usize > word.len() {
        return Err(corrupt(format!(
            "正文声明有 {ccp_text} 个字符，超过了 WordDocument 流的长度"
        )));
    }
    let mut text = Text {
        lists,
        ..Text::default()
    };
    for piece in pieces {
        if piece.cp >= ccp_text {
            break;
        }
        let end = piece.cp_end.min(ccp_text);
        let width = if piece.compressed { 1 } else { 2 };
        for i in 0..(end - piece.cp) {
            let fc = piece.fc as u64 + i as u64 * width;
            let unit = usize::try_from(fc).ok().and_then(|at| {
                if piece.compressed {
                    word.get(at).map(|&b| CP1252[b as usize])
                } else {
                    u16_at(word, at)
                }
            });
            let Some(unit) = unit else {
                return Err(corrupt("片段指向了 WordDocument 流之外"));
            };
            text.push(unit, fc as u32, runs.skips(fc as u32))?;
        }
        let size = (text.units.len() + text.line.len()) as u64 * 3;
        if size > unpack_limit {
            return Err(DocError::TooLarge {
                size,
                limit: unpack_limit,
            });
        }
    }
    text.units.append(&mut text.line);
    Ok(String::from_utf16_lossy(&text.units))
}

/// The text being built, and the fields it is in.
#[derive(Default)]
struct Text {
    /// The lines ended so far.
    units: Vec<u16>,
    /// The current line.
    line: Vec<u16>,
    /// Automatic numbers, put before the paragraphs that have them.
    lists: Lists,
    /// For each field open here: its separator has been seen (the result
    /// is being read, and is kept).
    fields: Vec<bool>,
    /// Open fields whose instructions are being read.
    in_code: usize,
    /// The current line is empty and the last line ended at a cell mark:
    /// a second mark there ends the table row, which is no line of its own.
    after_cell: bool,
    lines: usize,
}

impl Text {
    /// Takes the character `unit`, stored at byte `fc` of the
    /// `WordDocument` stream.
    fn push(&mut self, unit: u16, fc: u32, skipped: bool) -> Result<(), DocError> {
        // Field marks keep their meaning even when hidden or deleted, so
        // that a deleted field does not leave the rest of the text inside
        // it.
        match unit {
            0x13 => {
                self.fields.push(false);
                self.in_code += 1;
                return Ok(());
            }
            0x14 => {
                if let Some(result) = self.fields.last_mut() {
                    if !*result {
                        *result = true;
                        self.in_code -= 1;
                    }
                }
                return Ok(());
            }
            0x15 => {
                if self.fields.pop() == Some(false) {
                    self.in_code -= 1;
                }
                return Ok(());
            }
            _ => {}
        }
        if skipped || self.in_code > 0 {
            return Ok(());
        }
        match unit {
            0x0D | 0x0C => self.end_line(fc, false)?,
            0x07 if self.after_cell => self.after_cell = false,
            0x07 => self.end_line(fc, true)?,
            0x09 => self.put(0x09),
            0x1E => self.put(u16::from(b'-')),
            // Other control characters are anchors (pictures, drawings,
            // footnote and comment marks), optional hyphens and manual line
            // breaks, which a .docx's text does not have either.
            0..=0x1F => {}
            _ => self.put(unit),
        }
        Ok(())
    }

    fn put(&mut self, unit: u16) {
        self.line.push(unit);
        self.after_cell = false;
    }

    /// Ends the paragraph whose mark is at byte `mark`, with its automatic
    /// number in front.
    fn end_line(&mut self, mark: u32, cell: bool) -> Result<(), DocError> {
        self.lines += 1;
        if self.lines > super::MAX_LINES {
            return Err(DocError::TooManyParagraphs {
                limit: super::MAX_LINES,
            });
        }
        if let Some(number) = self.lists.number(mark) {
            self.units.extend(number);
        }
        self.units.append(&mut self.line);
        self.units.push(u16::from(b'\n'));
        self.after_cell = cell;
        Ok(())
    }
}

/// Code page 1252 as UTF-16, for compressed pieces. The five bytes it
/// leaves undefined stay as the C1 control characters of the same value.
const CP1252: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = i as u16;
        i += 1;
    }
    let high: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let mut j = 0;
    while j < 32 {
        t[0x80 + j] = high[j];
        j += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_cells_and_marks() {
        let mut t = Text::default();
        let s = "甲\u{13} PAGE \u{14}3\u{15}乙\r单元\u{7}格\u{7}\u{7}丙\u{1}\u{1E}丁\r";
        for u in s.encode_utf16() {
            t.push(u, 0, false).unwrap();
        }
        assert_eq!(
            String::from_utf16_lossy(&t.units),
            "甲3乙\n单元\n格\n丙-丁\n"
        );
    }

    #[test]
    fn nested_fields_keep_only_the_outer_result() {
        let mut t = Text::default();
        let s = "\u{13}IF \u{13}PAGE\u{14}1\u{15} = 1\u{14}是\u{15}。\u{15}\u{14}";
        for u in s.encode_utf16() {
            t.push(u, 0, false).unwrap();
        }
        t.units.append(&mut t.line);
        assert_eq!(String::from_utf16_lossy(&t.units), "是。");
    }

    #[test]
    fn hidden_and_deleted_sprms() {
        assert!(hides(&[0x3C, 0x08, 0x01]));
        assert!(hides(&[0x00, 0x08, 0x81]));
        assert!(!hides(&[0x3C, 0x08, 0x00]));
        // A four-byte operand before the sprm is skipped whole.
        assert!(hides(&[
            0x00, 0x68, 0x3C, 0x08, 0x01, 0x00, 0x3C, 0x08, 0x01
        ]));
        assert!(!hides(&[0x00]));
    }

    /// A document written by LibreOffice's Word export from
    /// `tests/fixtures/formats/doc/features.fodt`.
    #[test]
    fn hidden_deleted_fields_and_tables_in_a_real_file() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/formats/doc/features.doc"
        );
        let bytes = std::fs::read(path).unwrap();
        let e = extract(&bytes, 1 << 24).unwrap();
        assert_eq!(
            e.text.lines().collect::<Vec<_>>(),
            [
                "某县人民政府关于2023年度法治政府建设情况的报告",
                "2023年，我县深入学习贯彻习近平法治思想。全年共办理行政复议案件12件。",
                "区政府办公室牵头落实。本页页码：1。",
                "单元格一",
                "单元格二",
                "单元格三",
                "单元格四",
                "Plain ASCII paragraph: café 2023.",
            ]
        );
    }

    /// Headings numbered by a list (LibreOffice's export of
    /// `tests/fixtures/formats/doc/numbered.fodt`).
    #[test]
    fn list_numbers_in_a_real_file() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/formats/doc/numbered.doc"
        );
        let bytes = std::fs::read(path).unwrap();
        let e = extract(&bytes, 1 << 24).unwrap();
        assert_eq!(
            e.text.lines().collect::<Vec<_>>(),
            [
                "某县关于2023年度法治政府建设情况的报告",
                "一、主要举措和成效",
                "（一）加强组织领导",
                "（二）推进依法行政",
                "二、存在的不足和原因",
            ]
        );
    }

    #[test]
    fn not_a_compound_file() {
        assert!(matches!(
            extract(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 1 << 20),
            Err(DocError::Corrupt(_))
        ));
    }
}
