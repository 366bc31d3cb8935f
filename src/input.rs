//! Reading a report file: size limit, binary formats recognised by their
//! magic bytes (so a PDF gets “convert it” rather than “invalid UTF-8”), and
//! decoding. Every failure is an [`InputError`] naming the file.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

use crate::error::InputError;

/// Files larger than this are refused: a year's report is a few hundred KB at
/// most, and a huge file is almost always the wrong file.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Reads a report as text.
pub fn read_report(path: &Path) -> Result<String, InputError> {
    let name = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| io_error(&name, e))?;
    if meta.is_dir() {
        return Err(InputError::Directory { path: name });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(InputError::TooLarge {
            path: name,
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| io_error(&name, e))?;
    decode(&name, bytes)
}

/// Turns the bytes of a file into text, or says why it cannot.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    if let Some((what, help)) = binary_kind(&bytes) {
        return Err(InputError::Binary {
            path: name.to_string(),
            what,
            help,
        });
    }
    let mut text = String::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
        path: name.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    if text.trim().is_empty() {
        return Err(InputError::Empty {
            path: name.to_string(),
        });
    }
    Ok(text)
}

fn binary_kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    const KINDS: &[(&[u8], &str, &str)] = &[
        (b"%PDF", "PDF", "请将报告另存为 UTF-8 文本（.txt）后再检查"),
        (
            b"PK\x03\x04",
            "ZIP/Word .docx",
            "请在 Word 中“另存为”纯文本（.txt，UTF-8 编码）后再检查",
        ),
        (
            b"\xD0\xCF\x11\xE0",
            "旧版 Word .doc",
            "请在 Word 中“另存为”纯文本（.txt，UTF-8 编码）后再检查",
        ),
        (b"\x89PNG", "PNG 图片", "图片无法检查；请提供报告的文本"),
        (
            b"\xFF\xD8\xFF",
            "JPEG 图片",
            "图片无法检查；请提供报告的文本",
        ),
        (b"\xFF\xFE", "UTF-16 文本", "请将报告另存为 UTF-8 编码"),
        (b"\xFE\xFF", "UTF-16 文本", "请将报告另存为 UTF-8 编码"),
    ];
    for (magic, what, help) in KINDS {
        if bytes.starts_with(magic) {
            return Some((what, help));
        }
    }
    bytes
        .contains(&0)
        .then_some(("含有 NUL 字节", "这不是文本文件；请提供报告的文本"))
}

fn io_error(name: &str, e: io::Error) -> InputError {
    match e.kind() {
        io::ErrorKind::NotFound => InputError::NotFound {
            path: name.to_string(),
        },
        _ => InputError::Unreadable {
            path: name.to_string(),
            source: e,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_binary_formats_and_bad_text() {
        assert!(matches!(
            decode("a", b"%PDF-1.7".to_vec()),
            Err(InputError::Binary { what: "PDF", .. })
        ));
        assert!(matches!(
            decode("a", b"abc\0def".to_vec()),
            Err(InputError::Binary { .. })
        ));
        assert!(matches!(
            decode("a", vec![0xB9, 0xD8, 0xD3, 0xDA]),
            Err(InputError::NotUtf8 { offset: 0, .. })
        ));
        assert!(matches!(
            decode("a", " \n\u{3000}".as_bytes().to_vec()),
            Err(InputError::Empty { .. })
        ));
        assert_eq!(
            decode("a", "\u{FEFF}标题".as_bytes().to_vec()).unwrap(),
            "标题"
        );
    }
}
