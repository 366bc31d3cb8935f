//! The bytes a fixed UTF-8 report is written back as.
//!
//! The checked text is not always the file's bytes: reading drops a byte
//! order mark and stray NUL bytes, and turns old-Mac CR line ends into LF
//! (see [`crate::input::decode`]). Writing the checked text would change all
//! of those. Instead the fixes' edits are located in the file's bytes and
//! only they are replaced: every byte outside the edits is written as it
//! was. Text a fix adds uses the file's own line ends.

use crate::finding::Edit;

const BOM: &[u8] = "\u{FEFF}".as_bytes();

/// `raw` (a UTF-8 file whose decoded text is `text`) with `edits` (sorted,
/// apart, offsets of `text`) applied; `None` when the bytes do not line up
/// with the text (they are not the file the text was read from).
///
/// NUL bytes just before an edit stay before it, those just after it stay
/// after it; those inside a replaced range go with it.
pub fn rebuild(raw: &[u8], text: &str, edits: &[Edit]) -> Option<Vec<u8>> {
    let text = text.as_bytes();
    let map = Map::new(raw, text, edits)?;
    let newline = line_end(raw);
    let mut out = Vec::with_capacity(raw.len() + 64);
    let mut from = 0;
    for (edit, (start, end)) in edits.iter().zip(map.places) {
        out.extend_from_slice(raw.get(from..start)?);
        out.extend_from_slice(&with_line_ends(&edit.replacement, newline));
        from = end;
    }
    out.extend_from_slice(raw.get(from..)?);
    Some(out)
}

/// Where each edit lies in the raw bytes: `(start, end)` byte positions.
struct Map {
    places: Vec<(usize, usize)>,
}

impl Map {
    fn new(raw: &[u8], text: &[u8], edits: &[Edit]) -> Option<Map> {
        // `at[i]`: where text byte i sits in raw (after any NULs before it);
        // `after[i]`: right after text byte i - 1 (before those NULs). Only
        // the offsets the edits name are kept.
        let mut wanted: Vec<usize> = edits
            .iter()
            .flat_map(|e| [e.span.start, e.span.end])
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut at = Vec::with_capacity(wanted.len());
        let mut after = Vec::with_capacity(wanted.len());
        let mut next = wanted.iter().copied().peekable();

        // What reading dropped in front of the text: a byte order mark,
        // NULs, and a second mark after them.
        let mut j = 0;
        if raw.starts_with(BOM) {
            j = BOM.len();
        }
        while raw.get(j) == Some(&0) {
            j += 1;
        }
        if raw[j..].starts_with(BOM) {
            j += BOM.len();
        }
        let mut end_of_previous = j;
        for (i, &byte) in text.iter().enumerate() {
            while raw.get(j) == Some(&0) {
                j += 1;
            }
            if next.peek() == Some(&i) {
                next.next();
                at.push(j);
                after.push(end_of_previous);
            }
            let got = *raw.get(j)?;
            if !(got == byte || (got == b'\r' && byte == b'\n')) {
                return None;
            }
            j += 1;
            end_of_previous = j;
        }
        // Only NULs may follow the text.
        if raw[j..].iter().any(|&b| b != 0) {
            return None;
        }
        if next.peek() == Some(&text.len()) {
            next.next();
            at.push(raw.len());
            after.push(end_of_previous);
        }
        if next.next().is_some() {
            return None;
        }
        let place = |offset: usize| wanted.binary_search(&offset).ok();
        let places = edits
            .iter()
            .map(|e| {
                let s = place(e.span.start)?;
                let start = at[s];
                let end = if e.span.is_empty() {
                    start
                } else {
                    after[place(e.span.end)?]
                };
                Some((start, end))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Map { places })
    }
}

/// The line end a file uses throughout, if it uses one kind only: `\r\n`
/// (Windows) or `\r` (old Mac); `\n` otherwise.
fn line_end(raw: &[u8]) -> &'static str {
    let (mut crlf, mut cr, mut lf) = (0usize, 0usize, 0usize);
    let mut bytes = raw.iter().filter(|&&b| b != 0).peekable();
    while let Some(&b) = bytes.next() {
        match b {
            b'\r' if bytes.peek() == Some(&&b'\n') => {
                bytes.next();
                crlf += 1;
            }
            b'\r' => cr += 1,
            b'\n' => lf += 1,
            _ => {}
        }
    }
    match (crlf, cr, lf) {
        (n, 0, 0) if n > 0 => "\r\n",
        (0, n, 0) if n > 0 => "\r",
        _ => "\n",
    }
}

/// `text` with its lone LF line ends written as `newline`.
fn with_line_ends(text: &str, newline: &str) -> Vec<u8> {
    if newline == "\n" || !text.contains('\n') {
        return text.as_bytes().to_vec();
    }
    let mut out = Vec::with_capacity(text.len() + 8);
    let mut previous = None;
    for c in text.chars() {
        if c == '\n' && previous != Some('\r') {
            out.extend_from_slice(newline.as_bytes());
        } else {
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;
    use crate::input::decode::decode;

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            span: Span::new(start, end),
            replacement: replacement.to_string(),
        }
    }

    /// Decodes `raw` as reading does, then rebuilds it with `edits`.
    fn fixed(raw: &[u8], edits: &[Edit]) -> Vec<u8> {
        let text = decode(raw, false).unwrap().text;
        rebuild(raw, &text, edits).unwrap()
    }

    #[test]
    fn plain_utf8_is_edited_in_place() {
        let raw = "甲,乙\n".as_bytes();
        assert_eq!(fixed(raw, &[edit(3, 4, "，")]), "甲，乙\n".as_bytes());
        assert_eq!(fixed(raw, &[]), raw);
    }

    /// Text enough that a few NULs are not taken for a binary file.
    const TAIL: &str = "\n一、主要举措和成效。县政府常务会议专题研究法治政府建设工作，部署年度重点任务。\n二、存在的不足和原因。\n三、下一年度的工作打算。\n";

    fn with_tail(head: &[u8]) -> Vec<u8> {
        let mut raw = head.to_vec();
        raw.extend_from_slice(TAIL.as_bytes());
        raw
    }

    #[test]
    fn bom_nul_and_cr_outside_the_edits_are_kept() {
        let raw = with_tail(b"\xEF\xBB\xBF\x00\xE7\x94\xB2,\x00\xE4\xB9\x99\r\xE4\xB8\x99\x00");
        let text = decode(&raw, false).unwrap().text;
        assert_eq!(text, format!("甲,乙\n丙{TAIL}"));
        let out = rebuild(&raw, &text, &[edit(3, 4, "，"), edit(11, 11, "。")]).unwrap();
        assert_eq!(
            out,
            with_tail(b"\xEF\xBB\xBF\x00\xE7\x94\xB2\xEF\xBC\x8C\x00\xE4\xB9\x99\r\xE4\xB8\x99\x00\xE3\x80\x82")
        );
    }

    #[test]
    fn a_nul_inside_a_character_and_a_replaced_range() {
        // 中 is E4 B8 AD; a NUL inside it is dropped by reading.
        let raw = with_tail(b"a\xE4\x00\xB8\xADb,\x00,c");
        let text = decode(&raw, false).unwrap().text;
        assert_eq!(text, format!("a中b,,c{TAIL}"));
        // Replacing 中 keeps the NULs outside it; replacing ",," drops the
        // NUL between the two commas.
        let out = rebuild(&raw, &text, &[edit(1, 4, "国"), edit(5, 7, "，")]).unwrap();
        assert_eq!(out, with_tail("a国b，c".as_bytes()));
        let out = rebuild(&raw, &text, &[edit(5, 6, "，")]).unwrap();
        assert_eq!(out, with_tail(b"a\xE4\x00\xB8\xADb\xEF\xBC\x8C\x00,c"));
    }

    #[test]
    fn added_line_ends_follow_the_file() {
        let cr = "标题\r正文\r".as_bytes();
        assert_eq!(
            fixed(cr, &[edit(7, 7, "新\n")]),
            "标题\r新\r正文\r".as_bytes()
        );
        let crlf = "标题\r\n正文\r\n".as_bytes();
        assert_eq!(
            fixed(crlf, &[edit(8, 8, "新\n")]),
            "标题\r\n新\r\n正文\r\n".as_bytes()
        );
        let mixed = "标题\r\n正文\n".as_bytes();
        assert_eq!(
            fixed(mixed, &[edit(8, 8, "新\n")]),
            "标题\r\n新\n正文\n".as_bytes()
        );
    }

    #[test]
    fn bytes_that_are_not_the_text_are_refused() {
        assert_eq!(rebuild(b"abc", "abd", &[]), None);
        assert_eq!(rebuild(b"abc", "ab", &[]), None);
        assert_eq!(rebuild(b"ab", "abc", &[edit(3, 3, "x")]), None);
    }
}
