//! Turning the bytes of a text file into the text the document model holds.
//!
//! Reports come from machines that still write GBK, from Notepad's “Unicode”
//! (UTF-16 with a BOM), from Macs with CR line ends and from copy-and-paste
//! with stray NUL bytes. The encoding is chosen by content: a BOM wins, then
//! UTF-16 recognised by its NUL pattern or, for Chinese text (whose common
//! characters put NULs in both byte positions), by the characters it decodes
//! to; then valid UTF-8, then UTF-8 with a few broken bytes, then an HTML
//! `<meta charset>`, then a statistical guess (chardetng). A guess that
//! depends on assuming the text is Chinese is marked uncertain, so the output
//! can say so. Bytes that cannot be decoded become U+FFFD and are listed
//! ([`Invalid`]) so the report can point at each one. Every span the checker
//! reports is relative to the decoded text, never to the bytes on disk.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};

use super::count::{count_byte, count_bytes, count_with_next};

/// Share of bytes that may be NUL in a text file before it is taken for a
/// binary file. A few NULs come from broken copy-and-paste; many mean the
/// file is not text.
const MAX_NUL_SHARE: f64 = 0.01;
/// Share of characters that may fail to decode before the guess is rejected.
const MAX_REPLACED_SHARE: f64 = 0.005;
/// How much of the file the UTF-16 and control-character heuristics look at.
const SNIFF_BYTES: usize = 64 * 1024;
/// How much of the file the encoding guesser reads. A few thousand bytes of
/// Chinese text settle the guess; chardetng runs at a few MB/s, so reading a
/// whole file would cost more than checking it.
const GUESS_BYTES: usize = 2048;
/// Undecodable byte sequences listed one by one; the rest are only counted.
pub const MAX_INVALID_LISTED: usize = 50;
/// A file with invalid UTF-8 is still UTF-8 when it has at least this many
/// valid multi-byte characters per invalid sequence (GBK text read as UTF-8
/// has far fewer valid sequences than invalid ones).
const UTF8_VALID_PER_INVALID: usize = 10;
/// Share of UTF-16 code units that must be common characters (CJK, ASCII,
/// punctuation) for a file without BOM to be taken for UTF-16.
const UTF16_PLAUSIBLE_SHARE: f64 = 0.9;

/// A byte sequence that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Byte offset of its U+FFFD in the decoded text.
    pub offset: usize,
    /// Byte offset in the file.
    pub at: usize,
    /// The bytes themselves.
    pub bytes: Vec<u8>,
}

/// Decoded text and how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding assumed (its WHATWG name: `UTF-8`, `GBK`, `UTF-16LE`, …).
    pub encoding: &'static str,
    /// How the encoding was chosen.
    pub basis: Basis,
    /// Byte sequences that could not be decoded and became U+FFFD.
    pub replaced: usize,
    /// The first [`MAX_INVALID_LISTED`] of them, with their places.
    pub invalid: Vec<Invalid>,
    /// The encoding was guessed and another guess was close: the output says
    /// the guess may be wrong.
    pub uncertain: bool,
    /// NUL bytes dropped before decoding.
    pub nul_removed: usize,
    /// Lone CR line ends turned into LF (same length, so offsets still hold).
    pub cr_converted: usize,
}

/// Why an encoding was assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Bom,
    /// UTF-16 without a BOM, recognised by its NUL bytes.
    NulPattern,
    /// UTF-16 without a BOM, recognised by the characters it decodes to.
    Utf16Content,
    ValidUtf8,
    /// UTF-8 with a few sequences that are not.
    Utf8WithErrors,
    /// `<meta charset>` of an HTML page.
    Declared,
    Guessed,
}

/// Why bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Too many NUL or control bytes for a text file.
    Binary,
    /// No encoding decodes the bytes cleanly.
    Undecodable { tried: &'static str, errors: usize },
}

/// Decodes a text file. `html` lets a `<meta charset>` in the first bytes
/// name the encoding.
pub fn decode(bytes: &[u8], html: bool) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return finish(encoding, Basis::Bom, &bytes[bom_len..], 0).map(|mut d| {
            for i in &mut d.invalid {
                i.at += bom_len;
            }
            d
        });
    }
    let marks = Marks::of(bytes);
    if !marks.nul {
        if let Some(text) = utf8(bytes) {
            return plain_utf8(text, marks);
        }
    }
    if let Some(encoding) = utf16_by_nuls(bytes) {
        return finish(encoding, Basis::NulPattern, bytes, 0);
    }
    let valid_utf8 = utf8(bytes).is_some();
    if !valid_utf8 {
        if let Some(encoding) = utf16_by_content(bytes) {
            return finish(encoding, Basis::Utf16Content, bytes, 0);
        }
    }
    let nuls = count_byte(bytes, 0);
    let cleaned: Cow<[u8]> = if nuls == 0 {
        Cow::Borrowed(bytes)
    } else if (nuls as f64) <= MAX_NUL_SHARE * bytes.len() as f64 {
        Cow::Owned(bytes.iter().copied().filter(|&b| b != 0).collect())
    } else {
        return Err(DecodeError::Binary);
    };
    // Without NULs the cleaned bytes are the file's, whose UTF-8 validity is
    // known: not checked again (a pass over the whole file).
    let mut decoded = if nuls == 0 && valid_utf8 {
        finish(UTF_8, Basis::ValidUtf8, &cleaned, 0)?
    } else {
        decode_cleaned(&cleaned, nuls, html)?
    };
    if nuls > 0 {
        places_in_file(bytes, &mut decoded.invalid);
    }
    Ok(decoded)
}

/// The bytes as text when they are valid UTF-8. simdutf8 checks them with
/// vector instructions, several times faster than the standard library on
/// Chinese text (three bytes a character), and decides exactly as it does.
fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// Bytes that call for a closer look at a file, found in one pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Marks {
    /// A NUL byte.
    nul: bool,
    /// A CR byte.
    cr: bool,
    /// A control character other than tab, line ends and form feed, read
    /// as UTF-8: a C0 control, DEL, or U+0080–U+009F (0xC2 then 0x80–0x9F).
    /// 0xC2 alone is common in text (`·` is 0xC2 0xB7), so the byte after
    /// it is looked at too.
    control: bool,
}

/// A byte that is a control character other than tab, line ends and form
/// feed (C0 or DEL), or that starts one (0xC2 followed by 0x80–0x9F) when
/// `next` is the byte after it.
fn control_byte(b: u8, next: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        || b == 0x7F
        || (b == 0xC2 && (0x80..=0x9F).contains(&next))
}

impl Marks {
    fn of(bytes: &[u8]) -> Marks {
        // Whole blocks are folded without branches, which compilers turn
        // into vector code. A block reads one byte past its end (the byte
        // after each byte), so the last byte is never in a block.
        const BLOCK: usize = 64;
        let mark = |b: u8, next: u8| (b == 0, b == b'\r', control_byte(b, next));
        let mut marks = Marks::default();
        let blocked = bytes.len().saturating_sub(1) / BLOCK * BLOCK;
        let mut at = 0;
        while at < blocked {
            let block = &bytes[at..at + BLOCK];
            let next = &bytes[at + 1..at + BLOCK + 1];
            let (mut nul, mut cr, mut control) = (false, false, false);
            for (&b, &n) in block.iter().zip(next) {
                let (z, c, k) = mark(b, n);
                nul |= z;
                cr |= c;
                control |= k;
            }
            marks.nul |= nul;
            marks.cr |= cr;
            marks.control |= control;
            at += BLOCK;
        }
        for (i, &b) in bytes.iter().enumerate().skip(blocked) {
            let (z, c, k) = mark(b, bytes.get(i + 1).copied().unwrap_or(0));
            marks.nul |= z;
            marks.cr |= c;
            marks.control |= k;
        }
        marks
    }
}

/// A file without BOM that is valid UTF-8 and has no NUL byte: what
/// [`finish`] makes of it, with one copy of the bytes. No control character
/// means the file is not binary; no CR means no CR to turn into LF.
fn plain_utf8(text: &str, marks: Marks) -> Result<Decoded, DecodeError> {
    if marks.control && looks_binary(text) {
        return Err(DecodeError::Binary);
    }
    let mut text = text.to_owned();
    let cr_converted = if marks.cr {
        convert_lone_cr(&mut text)
    } else {
        0
    };
    Ok(Decoded {
        text,
        encoding: UTF_8.name(),
        basis: Basis::ValidUtf8,
        replaced: 0,
        invalid: Vec::new(),
        uncertain: false,
        nul_removed: 0,
        cr_converted,
    })
}

/// Decodes a file without BOM whose `nuls` NUL bytes were dropped.
fn decode_cleaned(cleaned: &[u8], nuls: usize, html: bool) -> Result<Decoded, DecodeError> {
    let valid_utf8 = utf8(cleaned).is_some();
    if valid_utf8 {
        return finish(UTF_8, Basis::ValidUtf8, cleaned, nuls);
    }
    if mostly_utf8(cleaned) {
        return finish(UTF_8, Basis::Utf8WithErrors, cleaned, nuls);
    }
    if html {
        if let Some(encoding) = declared_charset(cleaned) {
            return finish(encoding, Basis::Declared, cleaned, nuls);
        }
    }
    let sample = &cleaned[..cleaned.len().min(GUESS_BYTES)];
    let whole = cleaned.len() <= GUESS_BYTES;
    let (encoding, uncertain) = guess(sample, whole);
    let result = match finish(encoding, Basis::Guessed, cleaned, nuls) {
        // The start of the file misled the guess: read all of it.
        Err(DecodeError::Undecodable { .. }) if !whole => {
            let (encoding, uncertain) = guess(cleaned, true);
            finish(encoding, Basis::Guessed, cleaned, nuls).map(|d| (d, uncertain))
        }
        result => result.map(|d| (d, uncertain)),
    };
    result.map(|(mut d, uncertain)| {
        d.uncertain = uncertain;
        d
    })
}

/// Turns the places of invalid bytes in `bytes` with its NULs dropped into
/// places in `bytes`: the message names the byte of the file to look at.
/// One pass over the file; the list is in file order.
fn places_in_file(bytes: &[u8], invalid: &mut [Invalid]) {
    let mut next = 0;
    let mut kept = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if b == 0 {
            continue;
        }
        while next < invalid.len() && invalid[next].at == kept {
            invalid[next].at = i;
            next += 1;
        }
        if next == invalid.len() {
            return;
        }
        kept += 1;
    }
}

/// The most likely encoding, and whether the guess is uncertain. Reports
/// are Chinese, so the `.cn` hint makes GBK win a close call; when the guess
/// without that hint differs (Shift_JIS for Japanese text, say), the one
/// that decodes with fewer errors is taken and the guess is uncertain.
fn guess(bytes: &[u8], whole: bool) -> (&'static Encoding, bool) {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, whole);
    let chinese = detector.guess(Some(b"cn"), Utf8Detection::Deny);
    let free = detector.guess(None, Utf8Detection::Deny);
    if chinese == free {
        return (chinese, false);
    }
    let errors = |e: &'static Encoding| decode_listing(e, bytes).2;
    let kana = |e: &'static Encoding| {
        let (text, _) = e.decode_without_bom_handling(bytes);
        text.chars()
            .filter(|c| ('\u{3040}'..='\u{30FF}').contains(c))
            .count()
    };
    // Japanese text has kana; Chinese text read as Shift_JIS has almost none.
    let prefer_free = errors(free) < errors(chinese)
        || (errors(free) == errors(chinese) && kana(free) * 20 > bytes.len());
    (if prefer_free { free } else { chinese }, true)
}

/// Decodes `bytes`, replacing each undecodable sequence by U+FFFD and
/// listing the first [`MAX_INVALID_LISTED`]. Returns the text, the list and
/// the number of sequences replaced.
fn decode_listing(encoding: &'static Encoding, bytes: &[u8]) -> (String, Vec<Invalid>, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len());
    let mut out = String::with_capacity(capacity);
    let mut invalid = Vec::new();
    let mut count = 0usize;
    let mut read_total = 0usize;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[read_total..], &mut out, true);
        read_total += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                out.reserve((bytes.len() - read_total).saturating_mul(3) + 16);
            }
            DecoderResult::Malformed(len, extra) => {
                let end = read_total.saturating_sub(usize::from(extra));
                let start = end.saturating_sub(usize::from(len));
                count += 1;
                if invalid.len() < MAX_INVALID_LISTED {
                    invalid.push(Invalid {
                        offset: out.len(),
                        at: start,
                        bytes: bytes[start..end].to_vec(),
                    });
                }
                if out.capacity() - out.len() < 4 {
                    out.reserve(64);
                }
                out.push('\u{FFFD}');
            }
        }
    }
    (out, invalid, count)
}

/// UTF-8 with a few broken bytes: many valid multi-byte characters for
/// each invalid sequence. A stray byte in a UTF-8 report must not make the
/// whole report unreadable (or be read as GBK).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    invalid > 0 && valid_multibyte >= UTF8_VALID_PER_INVALID * invalid
}

/// UTF-16 without a BOM, by what it decodes to: Chinese text in UTF-16 has
/// NULs in both byte positions (一 is U+4E00, a digit is U+0030), so the NUL
/// pattern does not tell; but read in the right byte order nearly every code
/// unit is a CJK character, ASCII or common punctuation, and read in the
/// wrong order far fewer are.
fn utf16_by_content(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
    if sample.len() < 16 {
        return None;
    }
    // (share of common characters, whether it has the line ends and
    // punctuation every report has); `None` when a unit pair is broken.
    let score = |big_endian: bool| {
        let units = sample.chunks_exact(2).map(|p| {
            if big_endian {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                u16::from_le_bytes([p[0], p[1]])
            }
        });
        let mut plausible = 0usize;
        let mut total = 0usize;
        let mut marks = false;
        for unit in char::decode_utf16(units) {
            total += 1;
            let c = match unit {
                Ok(c) => c,
                // A sample may end inside a surrogate pair.
                Err(_) if total * 2 + 4 >= sample.len() => continue,
                Err(_) => return None,
            };
            if common_char(c) {
                plausible += 1;
            }
            marks |= matches!(c, '\n' | '\u{3001}' | '\u{3002}' | '\u{FF0C}');
        }
        Some((plausible as f64 / total.max(1) as f64, marks))
    };
    let share = |big_endian: bool| match score(big_endian) {
        Some((share, true)) => share,
        _ => 0.0,
    };
    let (le, be) = (share(false), share(true));
    let (best, encoding, other) = if le >= be {
        (le, UTF_16LE, be)
    } else {
        (be, UTF_16BE, le)
    };
    (best >= UTF16_PLAUSIBLE_SHARE && best - other >= 0.3).then_some(encoding)
}

/// Characters common in a Chinese report: CJK ideographs and punctuation,
/// full-width forms, printable ASCII and line ends.
fn common_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~'
        | '\u{00A0}'..='\u{00FF}'
        | '\u{2010}'..='\u{206F}'
        | '\u{3000}'..='\u{303F}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{FF00}'..='\u{FFEF}')
}

fn finish(
    encoding: &'static Encoding,
    basis: Basis,
    bytes: &[u8],
    nul_removed: usize,
) -> Result<Decoded, DecodeError> {
    let (text, mut invalid, replaced) = decode_listing(encoding, bytes);
    let chars = text.chars().count().max(1);
    // UTF-8 by content or by its BOM: a few broken bytes are listed, not
    // taken for another encoding.
    let lenient = matches!(basis, Basis::ValidUtf8 | Basis::Utf8WithErrors)
        || (basis == Basis::Bom && encoding == UTF_8);
    if !lenient && replaced as f64 > MAX_REPLACED_SHARE * chars as f64 {
        return Err(DecodeError::Undecodable {
            tried: encoding.name(),
            errors: replaced,
        });
    }
    // A NUL can survive in UTF-16 text; it is never part of a report.
    // Dropping it moves the text after it, and the places of invalid bytes.
    let mut nul_removed = nul_removed;
    let mut text = if text.contains('\0') {
        let mut kept = String::with_capacity(text.len());
        let mut next = 0;
        for (i, c) in text.char_indices() {
            while next < invalid.len() && invalid[next].offset == i {
                invalid[next].offset = kept.len();
                next += 1;
            }
            if c == '\0' {
                nul_removed += 1;
            } else {
                kept.push(c);
            }
        }
        kept
    } else {
        text
    };
    if looks_binary(&text) {
        return Err(DecodeError::Binary);
    }
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
        for i in &mut invalid {
            i.offset -= '\u{FEFF}'.len_utf8();
        }
    }
    let cr_converted = convert_lone_cr(&mut text);
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        basis,
        replaced,
        invalid,
        uncertain: false,
        nul_removed,
        cr_converted,
    })
}

/// UTF-16 without a BOM: the high byte of ASCII characters (line ends,
/// digits, spaces) is NUL, so NULs sit on one parity of byte positions only.
fn utf16_by_nuls(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sample.len() < 8 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in sample.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let pairs = sample.len() / 2;
    let one_sided = |many: usize, few: usize| many * 20 >= pairs && few * 100 <= many;
    let candidate = if one_sided(odd, even) {
        UTF_16LE
    } else if one_sided(even, odd) {
        UTF_16BE
    } else {
        return None;
    };
    let (_, errors) = candidate.decode_without_bom_handling(bytes);
    (!errors).then_some(candidate)
}

/// The encoding a page declares in its first 1,024 bytes (HTML's prescan
/// limit), as `<meta charset=gbk>` or the older `content="…; charset=gb2312"`.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"charset") {
        let mut j = from + i + b"charset".len();
        while j < lower.len() && matches!(lower[j], b' ' | b'=' | b'"' | b'\'') {
            j += 1;
        }
        let end = lower[j..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
            .map_or(lower.len(), |k| j + k);
        if let Some(encoding) = Encoding::for_label(&lower[j..end]) {
            // A page saved by a browser is re-encoded; a UTF-16 label in an
            // ASCII-compatible file is wrong by construction.
            if encoding != UTF_16LE && encoding != UTF_16BE {
                return Some(encoding);
            }
        }
        from = end.max(from + i + 1);
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Control characters other than tab, line ends and form feed are rare in
/// text and common in binary files.
///
/// Counted over the first [`SNIFF_BYTES`] characters, read as bytes in
/// passes the compiler turns into vector code: a control character
/// (`char::is_control`) is a C0 byte, DEL, or U+0080–U+009F (0xC2 then
/// 0x80–0x9F), and every character starts with a byte that is not 0x80–0xBF.
fn looks_binary(text: &str) -> bool {
    let bytes = text.as_bytes();
    let head = &bytes[..sniff_end(bytes)];
    let total = char_starts(head);
    // The last byte of `head` is followed by 0 here, so a control character
    // cut at the end of `head` is not counted.
    let control = count_with_next(head, control_byte);
    total > 0 && control * 100 > total
}

/// Characters (their first bytes) in UTF-8 `bytes`.
fn char_starts(bytes: &[u8]) -> usize {
    count_bytes(bytes, |b| b & 0xC0 != 0x80)
}

/// Where the character after the first [`SNIFF_BYTES`] characters of UTF-8
/// `bytes` starts (their end, when they hold no more).
fn sniff_end(bytes: &[u8]) -> usize {
    if bytes.len() <= SNIFF_BYTES {
        return bytes.len();
    }
    const BLOCK: usize = 4096;
    let mut seen = 0;
    let mut at = 0;
    while let Some(block) = bytes.get(at..at + BLOCK) {
        let n = char_starts(block);
        if seen + n > SNIFF_BYTES {
            break;
        }
        seen += n;
        at += BLOCK;
    }
    for (i, &b) in bytes.iter().enumerate().skip(at) {
        if b & 0xC0 != 0x80 {
            if seen == SNIFF_BYTES {
                return i;
            }
            seen += 1;
        }
    }
    bytes.len()
}

/// Turns CR line ends that are not part of CRLF into LF. The line index
/// counts LF only; a CR-only file would otherwise be one line.
fn convert_lone_cr(text: &mut String) -> usize {
    if !text.contains('\r') {
        return 0;
    }
    let bytes = text.as_bytes();
    let lone: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .collect();
    if lone.is_empty() {
        return 0;
    }
    let mut out = std::mem::take(text).into_bytes();
    for &i in &lone {
        out[i] = b'\n';
    }
    // Replacing one ASCII byte by another keeps the bytes valid UTF-8.
    *text = String::from_utf8(out).unwrap_or_default();
    lone.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "关于2021年度法治政府建设情况的报告\n一、主要举措和成效\n（一）加强组织领导。县政府常务会议专题研究法治政府建设工作。\n";

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        encoding.encode(text).0.into_owned()
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn control_characters_are_counted_in_the_first_characters() {
        // What `looks_binary` counts, a character at a time.
        let by_chars = |text: &str| {
            let (mut total, mut control) = (0usize, 0usize);
            for c in text.chars().take(SNIFF_BYTES) {
                total += 1;
                if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C') {
                    control += 1;
                }
            }
            total > 0 && control * 100 > total
        };
        let body = "法治政府·建设\u{a0}年度𠀀报告\n".repeat(8_000);
        let controls = "\u{1}\u{7f}\u{85}\u{9f}".repeat(300);
        for text in [
            String::new(),
            "abc".to_string(),
            "a\u{1}b".to_string(),
            "\u{85}".repeat(3) + &"é".repeat(200),
            "\u{a0}\u{bf}·".repeat(100),
            "\t\r\n\x0C".repeat(100),
            format!("{body}{controls}"),
            format!("{controls}{body}"),
            format!("{}{controls}", "字".repeat(SNIFF_BYTES - 100)),
        ] {
            assert_eq!(looks_binary(&text), by_chars(&text), "{}", text.len());
        }
    }

    #[test]
    fn marks_equal_a_byte_at_a_time_look() {
        // What `Marks::of` finds, a byte (and the byte after it) at a time.
        let simple = |bytes: &[u8]| Marks {
            nul: bytes.contains(&0),
            cr: bytes.contains(&b'\r'),
            control: bytes.iter().enumerate().any(|(i, &b)| {
                (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
                    || b == 0x7F
                    || (b == 0xC2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
            }),
        };
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let text = "法治·政府\n".as_bytes();
        for round in 0..2_000 {
            let len = (next() % 300) as usize;
            let mut bytes: Vec<u8> = (0..len).map(|i| text[i % text.len()]).collect();
            // A few bytes changed, often to ones the marks look for.
            for _ in 0..(next() % 3) {
                if len > 0 {
                    let at = (next() % len as u64) as usize;
                    bytes[at] = [0, b'\r', 0x01, 0x7F, 0xC2, 0x85, 0x9F, 0xA0, b'\t']
                        [(next() % 9) as usize];
                }
            }
            assert_eq!(Marks::of(&bytes), simple(&bytes), "{round} {bytes:?}");
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode(REPORT.as_bytes(), false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (REPORT, "UTF-8"));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(REPORT.as_bytes());
        let d = decode(&bom, false).unwrap();
        assert_eq!((d.text.as_str(), d.basis), (REPORT, Basis::Bom));
    }

    #[test]
    fn gbk_is_guessed() {
        let d = decode(&encode(encoding_rs::GBK, REPORT), false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (REPORT, "GBK"));
        assert_eq!(d.basis, Basis::Guessed);
    }

    #[test]
    fn gb18030_four_byte_sequences_decode() {
        // U+00A0 is not in GBK; GB18030 writes it as four bytes.
        let text = format!("\u{00A0}\u{00A0}{REPORT}");
        let d = decode(&encode(encoding_rs::GB18030, &text), false).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.replaced, 0);
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        for big in [false, true] {
            let mut bytes = if big {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            bytes.extend(utf16(REPORT, big));
            let d = decode(&bytes, false).unwrap();
            assert_eq!(d.text, REPORT);
            assert_eq!(d.encoding, if big { "UTF-16BE" } else { "UTF-16LE" });
        }
    }

    #[test]
    fn utf16_without_bom_by_nul_pattern() {
        let text = "2021 report\r\nline two 2022\r\n法治政府\r\n".repeat(4);
        let d = decode(&utf16(&text, false), false).unwrap();
        assert_eq!(
            (d.text.as_str(), d.basis),
            (text.as_str(), Basis::NulPattern)
        );
    }

    #[test]
    fn stray_nuls_are_dropped_and_many_mean_binary() {
        let mut bytes = REPORT.as_bytes().to_vec();
        bytes.insert(3, 0);
        let d = decode(&bytes.repeat(3), false).unwrap();
        assert_eq!(d.nul_removed, 3);
        assert!(!d.text.contains('\0'));
        assert_eq!(
            decode(b"ab\0\0\x01\x02cd\0\x03\x04\0\0\xFF", false),
            Err(DecodeError::Binary)
        );
    }

    #[test]
    fn lone_cr_becomes_lf_and_crlf_stays() {
        let d = decode("标题\r一、举措\r正文".as_bytes(), false).unwrap();
        assert_eq!(d.text, "标题\n一、举措\n正文");
        assert_eq!(d.cr_converted, 2);
        let d = decode("标题\r\n正文".as_bytes(), false).unwrap();
        assert_eq!(d.text, "标题\r\n正文");
    }

    #[test]
    fn utf16_chinese_without_bom_by_its_characters() {
        // 一 (U+4E00) and digits put NULs in both byte positions.
        let text = "一、主要举措\n2021年，一是加强领导，二是完善制度。\n".repeat(20);
        for big in [false, true] {
            let d = decode(&utf16(&text, big), false).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.basis, Basis::Utf16Content);
        }
    }

    #[test]
    fn a_stray_byte_in_utf8_is_listed_not_fatal() {
        let mut bytes = REPORT.repeat(3).into_bytes();
        bytes.insert(REPORT.len(), 0xFF);
        let d = decode(&bytes, false).unwrap();
        assert_eq!((d.encoding, d.basis), ("UTF-8", Basis::Utf8WithErrors));
        assert_eq!(d.replaced, 1);
        assert_eq!(d.invalid.len(), 1);
        let i = &d.invalid[0];
        assert_eq!((i.at, i.bytes.as_slice()), (REPORT.len(), &[0xFF][..]));
        assert!(d.text[i.offset..].starts_with('\u{FFFD}'));
    }

    #[test]
    fn shift_jis_is_recognised_and_marked_uncertain() {
        let text =
            "令和5年度の行政報告書について。本市では、さまざまな取り組みを行いました。\n".repeat(4);
        let d = decode(&encode(encoding_rs::SHIFT_JIS, &text), false).unwrap();
        assert_eq!(d.encoding, "Shift_JIS");
        assert!(d.uncertain);
        assert_eq!(d.text, text);
        let gbk = decode(&encode(encoding_rs::GBK, REPORT), false).unwrap();
        assert!(!gbk.uncertain);
    }

    #[test]
    fn html_meta_charset_is_honoured() {
        let page = format!("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>{REPORT}</body></html>");
        let d = decode(&encode(encoding_rs::GBK, &page), true).unwrap();
        assert_eq!((d.encoding, d.basis), ("GBK", Basis::Declared));
        assert!(d.text.contains("法治政府建设情况"));
    }

    #[test]
    fn a_stray_byte_in_utf8_with_bom_is_listed_not_fatal() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(REPORT.as_bytes());
        let at = bytes.len();
        bytes.push(0xFF);
        bytes.extend_from_slice("后面的文字。\n".as_bytes());
        let d = decode(&bytes, false).unwrap();
        assert_eq!((d.encoding, d.basis), ("UTF-8", Basis::Bom));
        assert_eq!(d.replaced, 1);
        let i = &d.invalid[0];
        // The place in the file, BOM included.
        assert_eq!((i.at, i.bytes.as_slice()), (at, &[0xFF][..]));
        assert!(d.text[i.offset..].starts_with('\u{FFFD}'));
        assert!(d.text.starts_with("关于"));
    }

    #[test]
    fn invalid_bytes_are_placed_in_the_file_before_nuls_are_dropped() {
        let mut bytes = REPORT.repeat(3).into_bytes();
        bytes.insert(REPORT.len() * 2, 0xFE);
        bytes.insert(REPORT.len(), 0xFF);
        bytes.insert(5, 0);
        bytes.insert(0, 0);
        let d = decode(&bytes, false).unwrap();
        assert_eq!(d.nul_removed, 2);
        let places: Vec<(usize, u8)> = d.invalid.iter().map(|i| (i.at, i.bytes[0])).collect();
        let expected: Vec<(usize, u8)> = [0xFF, 0xFE]
            .iter()
            .map(|&b| (bytes.iter().position(|&x| x == b).unwrap(), b))
            .collect();
        assert_eq!(places, expected);
    }
}
