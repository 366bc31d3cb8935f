//! Reading reports. What a file is, is decided by its content, not its name:
//! an OLE2 compound file is read as a Word 97–2003/WPS document
//! ([`legacy_doc`]), `%PDF-` as a PDF ([`pdf`]), a ZIP as an OFD ([`ofd`]),
//! OpenDocument text ([`odt`]) or Word document ([`docx`]), `{\rtf` as RTF
//! ([`rtf`]); images are refused with a message that says what to do;
//! anything else is decoded as text ([`decode`]) and, when it is a web page,
//! reduced to its article ([`html`]). Every reader gives one paragraph a
//! line; PDF and OFD also say where each page starts ([`Loaded::pages`]).
//! Every failure is an [`InputError`] naming the file.

mod count;
pub mod decode;
pub mod docx;
pub mod html;
pub mod legacy_doc;
pub mod odt;
pub mod ofd;
pub mod pdf;
pub mod rtf;
pub mod walk;
mod xml;

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use regex::Regex;

use crate::error::InputError;
use decode::{DecodeError, Decoded};

/// Files larger than this are refused unless `--max-size` says otherwise: a
/// year's report is a few hundred KB at most, and a huge file is almost
/// always the wrong file.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;

/// A report may have at most this many lines (a Word document: paragraphs).
/// Real reports have fewer than 2,000 paragraphs. The document model keeps
/// a few records for every line (its start, its span and kind, the line
/// number), about 100 bytes in all: ten million one-character lines, which
/// fit in 20 MB, would take a gigabyte. With this limit no report of the
/// default size needs more than a few hundred MB, whatever its shape.
pub const MAX_LINES: usize = 200_000;

/// A part of a .docx may unpack to this many times the file limit; beyond
/// that it is a ZIP bomb or not a report.
const UNPACK_FACTOR: u64 = 8;

/// Where a report comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Path(PathBuf),
    /// Standard input, given as `-`.
    Stdin,
}

impl Source {
    /// The name shown in output: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Source::Path(p) => crate::paths::shown(p),
            Source::Stdin => "<stdin>".to_string(),
        }
    }
}

/// The kind of file the text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Docx,
    Html,
    /// Word 97–2003 binary (.doc), and WPS's .wps in the same format.
    Doc,
    Pdf,
    Ofd,
    /// OpenDocument text (.odt).
    Odt,
    /// Rich Text Format (.rtf).
    Rtf,
}

impl Format {
    /// The name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Doc => "doc",
            Format::Pdf => "pdf",
            Format::Ofd => "ofd",
            Format::Odt => "odt",
            Format::Rtf => "rtf",
        }
    }
}

/// How a report's text was obtained, for the output to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputInfo {
    pub format: Format,
    /// The text encoding assumed (`UTF-8`, `GBK`, `UTF-16LE`, …); `None` for
    /// a .docx, whose XML declares its own.
    pub encoding: Option<&'static str>,
    /// Byte sequences that could not be decoded and became U+FFFD.
    pub replaced: usize,
    /// The first of them, with their places; each becomes a warning.
    pub invalid: Vec<decode::Invalid>,
    /// The encoding was guessed and might be wrong.
    pub encoding_uncertain: bool,
    /// NUL bytes dropped from the text.
    pub nul_removed: usize,
}

impl InputInfo {
    /// The encoding when it is worth telling: anything but UTF-8.
    pub fn unusual_encoding(&self) -> Option<&'static str> {
        self.encoding.filter(|e| *e != "UTF-8")
    }
}

/// A report's text, ready for [`crate::document::Document::parse_with_outline`].
#[derive(Debug, Clone)]
pub struct Loaded {
    pub name: String,
    pub text: String,
    pub info: InputInfo,
    /// Outline level per line, where the source format has one (Word).
    pub outline: Vec<Option<u8>>,
    /// Where each page's text starts, for the formats with pages (PDF,
    /// OFD); empty for the others.
    pub pages: crate::document::PageMap,
    /// The page and paragraph formatting, for a Word document (.docx);
    /// `None` for the other formats.
    pub layout: Option<crate::document::layout::Layout>,
}

/// Reads and decodes one report, refusing files over `max_bytes`.
/// `page_title` tells which text on a web page may be the article's title
/// (the pack's `document.title.page_words`).
pub fn load(source: &Source, max_bytes: u64, page_title: &Regex) -> Result<Loaded, InputError> {
    let name = source.name();
    let (bytes, extension) = match source {
        Source::Path(path) => (read_file(path, &name, max_bytes)?, extension(path)),
        Source::Stdin => (read_stdin(&name, max_bytes)?, None),
    };
    from_bytes(name, &bytes, extension.as_deref(), max_bytes, page_title)
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

fn read_file(path: &Path, name: &str, max_bytes: u64) -> Result<Vec<u8>, InputError> {
    let meta = fs::metadata(path).map_err(|e| io_error(path, name, e))?;
    if meta.is_dir() {
        return Err(InputError::NoReports {
            path: name.to_string(),
        });
    }
    let special = |meta: &fs::Metadata| {
        walk::special_kind(&meta.file_type()).map(|what| InputError::SpecialFile {
            path: name.to_string(),
            what,
        })
    };
    if let Some(e) = special(&meta) {
        return Err(e);
    }
    if meta.len() > max_bytes {
        return Err(InputError::TooLarge {
            path: name.to_string(),
            size: meta.len(),
            limit: max_bytes,
        });
    }
    let file = open_no_wait(path).map_err(|e| io_error(path, name, e))?;
    // The file may have been replaced between the look and the opening.
    let meta = file.metadata().map_err(|e| io_error(path, name, e))?;
    if let Some(e) = special(&meta) {
        return Err(e);
    }
    read_limited(file, name, max_bytes, meta.len()).map_err(|e| match e {
        Limited::Io(e) => io_error(path, name, e),
        Limited::Input(e) => e,
    })
}

/// A named pipe, socket or device where a file was expected, carried inside
/// the [`io::Error`] of [`open_regular`] so that every place that tells
/// read errors in Chinese ([`crate::error::io_reason`]) can name it.
pub use crate::error::NotRegular;

/// Opens a file the user named for reading (a configuration, waiver, rule
/// or data file), refusing a named pipe, socket or device: opening a pipe
/// waits for a writer and reading it may never end. The file is looked at
/// before it is opened, and opened without waiting in case it was replaced
/// in between. The error for a special file carries a [`NotRegular`].
pub fn open_regular(path: &Path) -> io::Result<fs::File> {
    let refuse = |meta: &fs::Metadata| match walk::special_kind(&meta.file_type()) {
        Some(what) => Err(io::Error::other(NotRegular { what })),
        None => Ok(()),
    };
    refuse(&fs::metadata(path)?)?;
    let file = open_no_wait(path)?;
    refuse(&file.metadata()?)?;
    Ok(file)
}

/// Reads a whole UTF-8 text file through [`open_regular`].
pub fn read_regular_to_string(path: &Path) -> io::Result<String> {
    let mut text = String::new();
    open_regular(path)?.read_to_string(&mut text)?;
    Ok(text)
}

/// Opens a file for reading without waiting: a named pipe put in place of
/// the file after it was looked at would otherwise block until a writer
/// comes. For a regular file the flag changes nothing.
fn open_no_wait(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

fn read_stdin(name: &str, max_bytes: u64) -> Result<Vec<u8>, InputError> {
    read_limited(io::stdin().lock(), name, max_bytes, 0).map_err(|e| match e {
        Limited::Io(cause) => InputError::Unreadable {
            path: name.to_string(),
            cause,
        },
        Limited::Input(e) => e,
    })
}

/// Why [`read_limited`] failed: reading, or the size limit.
enum Limited {
    Io(io::Error),
    Input(InputError),
}

/// Reads at most `max_bytes` (and one byte more, to tell that there was
/// more): a file whose size the file system reported wrongly, or standard
/// input, is refused as soon as it passes the limit. `size` is the size the
/// file system reports (0 when unknown): room for it is made at once.
fn read_limited(
    reader: impl Read,
    name: &str,
    max_bytes: u64,
    size: u64,
) -> Result<Vec<u8>, Limited> {
    // One byte more, so that the read that finds the end has room.
    let room = usize::try_from(size.min(max_bytes)).map_or(0, |n| n.saturating_add(1));
    let mut bytes = Vec::with_capacity(room);
    reader
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(Limited::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(Limited::Input(InputError::TooLarge {
            path: name.to_string(),
            size: bytes.len() as u64,
            limit: max_bytes,
        }));
    }
    Ok(bytes)
}

/// Recognises and reads a report held in memory. `extension` (lower case)
/// only breaks ties the content leaves open, such as a page saved as `.txt`.
pub fn from_bytes(
    name: String,
    bytes: &[u8],
    extension: Option<&str>,
    max_bytes: u64,
    page_title: &Regex,
) -> Result<Loaded, InputError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::Empty { path: name });
    }
    if let Some(e) = refused(&name, bytes) {
        return Err(e);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return load_doc(name, bytes, max_bytes.saturating_mul(UNPACK_FACTOR));
    }
    if is_pdf(bytes, extension) {
        return load_pdf(name, bytes, max_bytes.saturating_mul(UNPACK_FACTOR));
    }
    if (bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06"))
        && (extension == Some("ofd") || ofd::is_ofd(bytes))
    {
        return load_ofd(name, bytes, max_bytes.saturating_mul(UNPACK_FACTOR));
    }
    if rtf::is_rtf(bytes) {
        return load_rtf(name, bytes);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        if odt::is_odt(bytes) || matches!(extension, Some("odt" | "ott")) {
            return load_odt(name, bytes, max_bytes.saturating_mul(UNPACK_FACTOR));
        }
        let named_docx = matches!(extension, Some("docx" | "docm" | "dotx" | "dotm"));
        return load_docx(
            name,
            bytes,
            max_bytes.saturating_mul(UNPACK_FACTOR),
            named_docx,
        );
    }
    if let Some(ext @ ("odt" | "ott")) = extension {
        return Err(InputError::CorruptDocument {
            path: name,
            what: ODT,
            detail: format!("扩展名是 .{ext}，但内容不是 OpenDocument 文档（不是 ZIP 格式）"),
        });
    }
    if let Some(ext @ ("docx" | "docm" | "dotx" | "dotm")) = extension {
        return Err(InputError::CorruptDocx {
            path: name,
            detail: format!("扩展名是 .{ext}，但内容不是 Word 文档（不是 ZIP 格式）"),
        });
    }
    let html_by_name = matches!(extension, Some("html" | "htm" | "xhtml" | "shtml"));
    let decoded =
        decode::decode(bytes, html_by_name || sniff_html(bytes)).map_err(|e| match e {
            DecodeError::Binary => InputError::Binary {
                path: name.clone(),
                what: "含有大量 NUL 或控制字符",
            },
            DecodeError::Undecodable { tried, errors } => InputError::Encoding {
                path: name.clone(),
                detail: format!("按最可能的 {tried} 编码解码时有 {errors} 处错误"),
            },
        })?;
    let Decoded {
        text,
        encoding,
        replaced,
        invalid,
        uncertain,
        nul_removed,
        ..
    } = decoded;
    let is_html = html_by_name || looks_like_html(&text);
    // A page's text is rebuilt, so the places of invalid bytes are lost;
    // the count and the note remain.
    let (text, invalid) = if is_html {
        (html::extract(&text, page_title), Vec::new())
    } else {
        (text, invalid)
    };
    if line_count(&text) > MAX_LINES {
        return Err(InputError::TooManyLines {
            path: name,
            unit: if is_html {
                "段（网页正文）"
            } else {
                "行"
            },
            limit: MAX_LINES,
        });
    }
    if text
        .trim_matches(crate::document::chars::is_space)
        .is_empty()
    {
        return Err(if is_html {
            InputError::NoText {
                path: name,
                what: "网页正文",
            }
        } else {
            InputError::Empty { path: name }
        });
    }
    Ok(Loaded {
        name,
        text,
        info: InputInfo {
            format: if is_html { Format::Html } else { Format::Text },
            encoding: Some(encoding),
            replaced,
            invalid,
            encoding_uncertain: uncertain,
            nul_removed,
        },
        outline: Vec::new(),
        pages: Default::default(),
        layout: None,
    })
}

/// Reads a ZIP as a Word document. A file named `.docx` whose archive holds
/// no Word body is a broken Word document, not some other ZIP.
fn load_docx(
    name: String,
    bytes: &[u8],
    unpack_limit: u64,
    named_docx: bool,
) -> Result<Loaded, InputError> {
    use docx::DocxError;
    let extracted = docx::extract(bytes, unpack_limit).map_err(|e| match e {
        DocxError::NotWord { what, .. } if named_docx && what == docx::PLAIN_ZIP => {
            InputError::CorruptDocx {
                path: name.clone(),
                detail: "压缩包中没有 Word 正文 word/document.xml".to_string(),
            }
        }
        DocxError::Corrupt(detail) => InputError::CorruptDocx {
            path: name.clone(),
            detail,
        },
        DocxError::NotWord { what, help } => InputError::Unsupported {
            path: name.clone(),
            what,
            help,
        },
        DocxError::TooLarge { size, limit } => InputError::TooLarge {
            path: name.clone(),
            size,
            limit,
        },
        DocxError::TooManyParagraphs { limit } => InputError::TooManyLines {
            path: name.clone(),
            unit: "段（Word 文档的段落）",
            limit,
        },
    })?;
    let mut loaded = loaded_document(
        name,
        extracted.text,
        extracted.outline,
        Format::Docx,
        "Word 文档",
    )?;
    loaded.layout = Some(extracted.layout);
    Ok(loaded)
}

/// A PDF starts with `%PDF-`. Readers also accept some junk before it
/// (mail gateways and portals add it), within the first KB; that is taken
/// as a PDF only when the file is named `.pdf`, so that a text which
/// happens to mention the header is still read as text.
fn is_pdf(bytes: &[u8], extension: Option<&str>) -> bool {
    bytes.starts_with(b"%PDF-")
        || (extension == Some("pdf")
            && bytes[..bytes.len().min(1024)]
                .windows(5)
                .any(|w| w == b"%PDF-"))
}

/// Reads the text layer of a PDF, one paragraph a line.
fn load_pdf(name: String, bytes: &[u8], unpack_limit: u64) -> Result<Loaded, InputError> {
    use pdf::PdfError;
    let extracted = pdf::extract(bytes, unpack_limit).map_err(|e| match e {
        PdfError::Corrupt(detail) => InputError::Pdf {
            path: name.clone(),
            detail,
        },
        PdfError::Encrypted => InputError::PdfEncrypted { path: name.clone() },
        PdfError::Scanned { pages } => InputError::PdfScanned {
            path: name.clone(),
            pages,
        },
        PdfError::Unmapped => InputError::PdfUnmapped { path: name.clone() },
        PdfError::NoText => InputError::NoText {
            path: name.clone(),
            what: "PDF 文件",
        },
        PdfError::TooMuchText => InputError::TooManyLines {
            path: name.clone(),
            unit: "字（PDF 中的文字）",
            limit: pdf::MAX_CHARS,
        },
        PdfError::TooLarge { limit } => InputError::TooLarge {
            path: name.clone(),
            size: limit.saturating_add(1),
            limit,
        },
    })?;
    if line_count(&extracted.text) > MAX_LINES {
        return Err(InputError::TooManyLines {
            path: name,
            unit: "段（PDF 中的段落）",
            limit: MAX_LINES,
        });
    }
    let mut loaded = loaded_document(name, extracted.text, Vec::new(), Format::Pdf, "PDF 文件")?;
    loaded.pages = extracted.pages;
    Ok(loaded)
}

/// Reads the text of an OFD document, one paragraph a line.
fn load_ofd(name: String, bytes: &[u8], unpack_limit: u64) -> Result<Loaded, InputError> {
    use ofd::OfdError;
    let extracted = ofd::extract(bytes, unpack_limit).map_err(|e| match e {
        OfdError::Corrupt(detail) => InputError::Ofd {
            path: name.clone(),
            detail,
        },
        OfdError::TooLarge { size, limit } => InputError::TooLarge {
            path: name.clone(),
            size,
            limit,
        },
        OfdError::TooMuchText => InputError::TooManyLines {
            path: name.clone(),
            unit: "字（OFD 中的文字）",
            limit: pdf::MAX_CHARS,
        },
    })?;
    if line_count(&extracted.text) > MAX_LINES {
        return Err(InputError::TooManyLines {
            path: name,
            unit: "段（OFD 中的段落）",
            limit: MAX_LINES,
        });
    }
    let mut loaded = loaded_document(name, extracted.text, Vec::new(), Format::Ofd, "OFD 文件")?;
    loaded.pages = extracted.pages;
    Ok(loaded)
}

/// The first bytes of an OLE2 compound file: Word 97–2003 and WPS
/// documents, and other old Office files.
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Reads a compound file as a Word 97–2003 (or WPS) document.
fn load_doc(name: String, bytes: &[u8], unpack_limit: u64) -> Result<Loaded, InputError> {
    use legacy_doc::DocError;
    let extracted = legacy_doc::extract(bytes, unpack_limit).map_err(|e| match e {
        DocError::Corrupt(detail) => InputError::CorruptDoc {
            path: name.clone(),
            detail,
        },
        DocError::Encrypted => InputError::Encrypted { path: name.clone() },
        DocError::NotWord { what, help } => InputError::Unsupported {
            path: name.clone(),
            what,
            help,
        },
        DocError::TooLarge { size, limit } => InputError::TooLarge {
            path: name.clone(),
            size,
            limit,
        },
        DocError::TooManyParagraphs { limit } => InputError::TooManyLines {
            path: name.clone(),
            unit: "段（Word 文档的段落）",
            limit,
        },
    })?;
    loaded_document(name, extracted.text, Vec::new(), Format::Doc, "Word 文档")
}

/// What an .odt is called in messages.
const ODT: &str = "OpenDocument 文本（.odt）";

/// Reads an OpenDocument text. Its parts fail the way a .docx's do.
fn load_odt(name: String, bytes: &[u8], unpack_limit: u64) -> Result<Loaded, InputError> {
    use docx::DocxError;
    let extracted = odt::extract(bytes, unpack_limit).map_err(|e| match e {
        DocxError::Corrupt(detail) => InputError::CorruptDocument {
            path: name.clone(),
            what: ODT,
            detail,
        },
        DocxError::NotWord { what, help } => InputError::Unsupported {
            path: name.clone(),
            what,
            help,
        },
        DocxError::TooLarge { size, limit } => InputError::TooLarge {
            path: name.clone(),
            size,
            limit,
        },
        DocxError::TooManyParagraphs { limit } => InputError::TooManyLines {
            path: name.clone(),
            unit: "段（.odt 文档的段落）",
            limit,
        },
    })?;
    loaded_document(name, extracted.text, extracted.outline, Format::Odt, ODT)
}

/// Reads an RTF document.
fn load_rtf(name: String, bytes: &[u8]) -> Result<Loaded, InputError> {
    const RTF: &str = "RTF 文档";
    let extracted = rtf::extract(bytes).map_err(|e| match e {
        rtf::RtfError::Corrupt(detail) => InputError::CorruptDocument {
            path: name.clone(),
            what: RTF,
            detail,
        },
        rtf::RtfError::TooManyParagraphs { limit } => InputError::TooManyLines {
            path: name.clone(),
            unit: "段（RTF 文档的段落）",
            limit,
        },
    })?;
    loaded_document(name, extracted.text, extracted.outline, Format::Rtf, RTF)
}

/// A document read into paragraphs (every format but text and web pages,
/// which have an encoding), unless it has no text.
fn loaded_document(
    name: String,
    text: String,
    outline: Vec<Option<u8>>,
    format: Format,
    what: &'static str,
) -> Result<Loaded, InputError> {
    if text
        .trim_matches(crate::document::chars::is_space)
        .is_empty()
    {
        return Err(InputError::NoText { path: name, what });
    }
    Ok(Loaded {
        name,
        text,
        info: InputInfo {
            format,
            encoding: None,
            replaced: 0,
            invalid: Vec::new(),
            encoding_uncertain: false,
            nul_removed: 0,
        },
        outline,
        pages: Default::default(),
        layout: None,
    })
}

/// Lines of a text: a last line without its `\n` counts too.
fn line_count(text: &str) -> usize {
    let breaks = count::count_byte(text.as_bytes(), b'\n');
    breaks + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

/// Formats recognised by their first bytes that cannot be checked.
fn refused(name: &str, bytes: &[u8]) -> Option<InputError> {
    let path = name.to_string();
    const IMAGES: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"II*\0", "TIFF"),
        (b"MM\0*", "TIFF"),
    ];
    for (magic, what) in IMAGES {
        if bytes.starts_with(magic) {
            return Some(InputError::Image { path, what });
        }
    }
    if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return Some(InputError::Image { path, what: "WebP" });
    }
    if bytes.len() > 2 && bytes.starts_with(b"BM") && name.to_ascii_lowercase().ends_with(".bmp") {
        return Some(InputError::Image { path, what: "BMP" });
    }
    None
}

/// A page, judged from its first bytes (before decoding, so the page's
/// `<meta charset>` can be used).
fn sniff_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    // Every page starts with `<` (after white space): nothing else is
    // worth a lower-case copy.
    if head.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'<') {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    let start = lower
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let rest = &lower[start..];
    rest.starts_with(b"<!doctype html")
        || rest.starts_with(b"<html")
        || (rest.starts_with(b"<?xml") && lower.windows(5).any(|w| w == b"<html"))
}

/// A page, judged from its decoded text.
fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    // Every page starts with `<`: nothing else is worth a lower-case copy.
    if !start.starts_with('<') {
        return false;
    }
    let head: String = start
        .chars()
        .take(256)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with("<?xml") && head.contains("<html"))
}

fn io_error(path: &Path, name: &str, e: io::Error) -> InputError {
    if let Some(link) = walk::classify_link(path) {
        return link.into_error(name);
    }
    match e.kind() {
        io::ErrorKind::NotFound => InputError::NotFound {
            path: name.to_string(),
        },
        _ => InputError::Unreadable {
            path: name.to_string(),
            cause: e,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_bytes(bytes: &[u8], ext: Option<&str>) -> Result<Loaded, InputError> {
        from_bytes(
            "a".to_string(),
            bytes,
            ext,
            DEFAULT_MAX_BYTES,
            &crate::document::test_grammar().page_title_words,
        )
    }

    #[test]
    fn refuses_what_cannot_be_checked() {
        assert!(matches!(
            load_bytes(b"%PDF-1.7", None),
            Err(InputError::Pdf { .. })
        ));
        assert!(matches!(
            load_bytes(
                b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
                Some("pdf")
            ),
            Err(InputError::Pdf { .. })
        ));
        assert!(matches!(
            load_bytes(b"\x89PNG\r\n\x1a\n....", None),
            Err(InputError::Image { what: "PNG", .. })
        ));
        assert!(matches!(
            load_bytes(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", Some("doc")),
            Err(InputError::CorruptDoc { .. })
        ));
        assert!(matches!(
            load_bytes(b"PK\x03\x04garbage", Some("docx")),
            Err(InputError::CorruptDocx { .. })
        ));
        assert!(matches!(
            load_bytes("报告正文".as_bytes(), Some("docx")),
            Err(InputError::CorruptDocx { .. })
        ));
        assert!(matches!(
            load_bytes(b" \n\t", None),
            Err(InputError::Empty { .. })
        ));
        assert!(matches!(
            load_bytes(" \n\u{3000}".as_bytes(), None),
            Err(InputError::Empty { .. })
        ));
    }

    #[test]
    fn text_and_pages_by_content() {
        let t = load_bytes("\u{FEFF}标题".as_bytes(), None).unwrap();
        assert_eq!((t.text.as_str(), t.info.format), ("标题", Format::Text));
        let page = "<!DOCTYPE html><html><body><div><p>某县2023年度法治政府建设情况报告</p></div></body></html>";
        let h = load_bytes(page.as_bytes(), Some("txt")).unwrap();
        assert_eq!(h.info.format, Format::Html);
        assert_eq!(h.text, "某县2023年度法治政府建设情况报告\n");
    }

    #[test]
    fn docx_by_content_whatever_the_name() {
        let bytes = docx::tests::docx("<w:p><w:r><w:t>正文</w:t></w:r></w:p>", None, None);
        let d = load_bytes(&bytes, Some("txt")).unwrap();
        assert_eq!((d.text.as_str(), d.info.format), ("正文\n", Format::Docx));
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("a.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        let plain = zip.finish().unwrap().into_inner();
        assert!(matches!(
            load_bytes(&plain, Some("docx")),
            Err(InputError::CorruptDocx { .. })
        ));
        assert!(matches!(
            load_bytes(&plain, Some("zip")),
            Err(InputError::Unsupported { .. })
        ));
        let empty = docx::tests::docx("<w:p/>", None, None);
        assert!(matches!(
            load_bytes(&empty, None),
            Err(InputError::NoText { .. })
        ));
    }
}
