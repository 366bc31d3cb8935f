//! Turning the bytes of a text file into the text the document model holds.
//!
//! Reports come from machines that still write GBK, from Notepad's “Unicode”
//! (UTF-16 with a BOM), from Macs with CR line ends and from copy-and-paste
//! with stray NUL bytes. The encoding is chosen by content: a BOM wins, then
//! UTF-16 recognised by its NUL pattern, then valid UTF-8, then an HTML
//! `<meta charset>`, then a statistical guess (chardetng, told the text is
//! Chinese). Every span the checker reports is relative to the decoded text,
//! never to the bytes on disk.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

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
    ValidUtf8,
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
        return finish(encoding, Basis::Bom, &bytes[bom_len..], 0);
    }
    if let Some(encoding) = utf16_by_nuls(bytes) {
        return finish(encoding, Basis::NulPattern, bytes, 0);
    }
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    let cleaned: Cow<[u8]> = if nuls == 0 {
        Cow::Borrowed(bytes)
    } else if (nuls as f64) <= MAX_NUL_SHARE * bytes.len() as f64 {
        Cow::Owned(bytes.iter().copied().filter(|&b| b != 0).collect())
    } else {
        return Err(DecodeError::Binary);
    };
    if std::str::from_utf8(&cleaned).is_ok() {
        return finish(UTF_8, Basis::ValidUtf8, &cleaned, nuls);
    }
    if html {
        if let Some(encoding) = declared_charset(&cleaned) {
            return finish(encoding, Basis::Declared, &cleaned, nuls);
        }
    }
    let encoding = guess(
        &cleaned[..cleaned.len().min(GUESS_BYTES)],
        cleaned.len() <= GUESS_BYTES,
    );
    match finish(encoding, Basis::Guessed, &cleaned, nuls) {
        // The start of the file misled the guess: read all of it.
        Err(DecodeError::Undecodable { .. }) if cleaned.len() > GUESS_BYTES => {
            finish(guess(&cleaned, true), Basis::Guessed, &cleaned, nuls)
        }
        result => result,
    }
}

fn guess(bytes: &[u8], whole: bool) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, whole);
    // Reports are Chinese: the `.cn` hint makes GBK win a close call.
    detector.guess(Some(b"cn"), Utf8Detection::Deny)
}

fn finish(
    encoding: &'static Encoding,
    basis: Basis,
    bytes: &[u8],
    nul_removed: usize,
) -> Result<Decoded, DecodeError> {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let mut text = text.into_owned();
    let replaced = text.matches('\u{FFFD}').count();
    let chars = text.chars().count().max(1);
    if basis != Basis::ValidUtf8 && replaced as f64 > MAX_REPLACED_SHARE * chars as f64 {
        return Err(DecodeError::Undecodable {
            tried: encoding.name(),
            errors: replaced,
        });
    }
    // A NUL can survive in UTF-16 text; it is never part of a report.
    let mut nul_removed = nul_removed;
    if text.contains('\0') {
        nul_removed += text.matches('\0').count();
        text.retain(|c| c != '\0');
    }
    if looks_binary(&text) {
        return Err(DecodeError::Binary);
    }
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    let cr_converted = convert_lone_cr(&mut text);
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        basis,
        replaced,
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
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(SNIFF_BYTES) {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C') {
            control += 1;
        }
    }
    total > 0 && control * 100 > total
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
    fn html_meta_charset_is_honoured() {
        let page = format!("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>{REPORT}</body></html>");
        let d = decode(&encode(encoding_rs::GBK, &page), true).unwrap();
        assert_eq!((d.encoding, d.basis), ("GBK", Basis::Declared));
        assert!(d.text.contains("法治政府建设情况"));
    }
}
