//! Rich Text Format (.rtf, as Word, WPS, WordPad and LibreOffice write it):
//! the paragraphs of the body, one per line.
//!
//! RTF is text with control words. Characters come three ways: as plain
//! ASCII, as `\uN` (a UTF-16 unit, followed by `\ucN` fallback characters
//! that are skipped), and as `\'xx` bytes in the document's code page
//! (`\ansicpg936` is GBK) or in the code page of the current font's
//! character set (`\fcharset134` is GBK too). Byte sequences are decoded
//! together, so a GBK character written as two `\'xx` is one character.
//!
//! What a reader of the printed document sees is kept: text, field results,
//! table cells (one line per cell), and the list numbers Word writes out in
//! `\listtext` (or `\pntext`) for readers that do not number lists
//! themselves. What is not shown is dropped: the font, colour and style
//! tables, document information, pictures and objects, headers and footers,
//! footnotes, comments, field instructions, hidden text (`\v`) and text
//! deleted in a tracked change (`\deleted`).

use std::collections::HashMap;

use encoding_rs::Encoding;

/// Groups may nest this deep; deeper is not a document.
const MAX_DEPTH: usize = 2_000;

/// The body as lines, with the outline level of each.
pub use super::docx::Extracted;

/// Why an RTF file gave no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RtfError {
    /// Not RTF, or broken; why, in Chinese.
    Corrupt(String),
    /// More paragraphs than [`crate::input::MAX_LINES`].
    TooManyParagraphs { limit: usize },
}

/// Destinations whose text is not part of the body.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "object",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "footnote",
    "annotation",
    "atnid",
    "atnauthor",
    "fldinst",
    "listtable",
    "listoverridetable",
    "revtbl",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "themedata",
    "colorschememapping",
    "latentstyles",
    "datastore",
    "filetbl",
    "pgdsctbl",
    "shpinst",
    "nonshppict",
    "template",
    "userprops",
    "docvar",
    "bkmkstart",
    "bkmkend",
    "xe",
    "tc",
    "txe",
    "pn",
    "mmathPr",
    "shp",
];

/// The state a group carries and restores at its end.
#[derive(Debug, Clone)]
struct State {
    /// Text in this group is not part of the body.
    skip: bool,
    /// Hidden (`\v`) or deleted (`\deleted`) text.
    hidden: bool,
    /// Fallback characters after a `\uN` (`\ucN`).
    uc: usize,
    /// The current font, for its character set.
    font: Option<i32>,
    /// Inside the font table (fonts are being declared) or the style sheet.
    table: Table,
    /// A `\listtext`/`\pntext` group: the drawn list number.
    label: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    None,
    Fonts,
    Styles,
}

/// The reader's state outside groups.
struct Reader<'a> {
    input: &'a [u8],
    at: usize,
    stack: Vec<State>,
    state: State,
    /// The document's code page (`\ansicpgN`).
    codepage: &'static Encoding,
    /// Font number → the code page of its character set.
    fonts: HashMap<i32, &'static Encoding>,
    font_being_declared: Option<i32>,
    /// Style number → outline level, from “heading N” style names.
    heading_styles: HashMap<i32, u8>,
    style_being_declared: Option<i32>,
    style_name: String,
    /// `\'xx` bytes waiting to be decoded together.
    bytes: Vec<u8>,
    /// Fallback characters still to skip after a `\uN`.
    to_skip: usize,
    /// A high surrogate from `\uN`, waiting for its low half.
    high: Option<u16>,
    line: String,
    /// The paragraph's outline level: `\outlinelevelN` or its style's.
    outline: Option<u8>,
    text: String,
    outlines: Vec<Option<u8>>,
    max: usize,
}

/// Whether the bytes are RTF.
pub fn is_rtf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"{\\rtf")
}

/// Extracts the body text of an RTF document.
pub fn extract(bytes: &[u8]) -> Result<Extracted, RtfError> {
    if !is_rtf(bytes) {
        return Err(RtfError::Corrupt(
            "不以 {\\rtf 开头，不是 RTF 文档".to_string(),
        ));
    }
    let mut r = Reader {
        input: bytes,
        at: 0,
        stack: Vec::new(),
        state: State {
            skip: false,
            hidden: false,
            uc: 1,
            font: None,
            table: Table::None,
            label: false,
        },
        codepage: encoding_rs::WINDOWS_1252,
        fonts: HashMap::new(),
        font_being_declared: None,
        heading_styles: HashMap::new(),
        style_being_declared: None,
        style_name: String::new(),
        bytes: Vec::new(),
        to_skip: 0,
        high: None,
        line: String::new(),
        outline: None,
        text: String::with_capacity(bytes.len() / 4),
        outlines: Vec::new(),
        max: super::MAX_LINES,
    };
    r.run()?;
    Ok(Extracted {
        text: r.text,
        outline: r.outlines,
        layout: Default::default(),
    })
}

impl Reader<'_> {
    fn run(&mut self) -> Result<(), RtfError> {
        // Past the outermost group's end nothing is read.
        let mut started = false;
        while self.at < self.input.len() {
            let b = self.input[self.at];
            self.at += 1;
            match b {
                b'{' => {
                    self.flush();
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(RtfError::Corrupt(format!(
                            "分组嵌套超过 {MAX_DEPTH} 层，文件已损坏或不是正常的文档"
                        )));
                    }
                    started = true;
                    self.stack.push(self.state.clone());
                    self.to_skip = 0;
                }
                b'}' => {
                    self.flush();
                    self.end_group();
                    match self.stack.pop() {
                        Some(state) => self.state = state,
                        None => break,
                    }
                    self.to_skip = 0;
                    if started && self.stack.is_empty() {
                        break;
                    }
                }
                b'\\' => self.control()?,
                b'\r' | b'\n' => {}
                _ => {
                    if self.skip_fallback() {
                        continue;
                    }
                    if b < 0x80 {
                        self.flush();
                        self.push(char::from(b));
                    } else {
                        self.bytes.push(b);
                    }
                }
            }
        }
        self.flush();
        if !self.stack.is_empty() {
            return Err(RtfError::Corrupt(format!(
                "文档不完整：到结尾（第 {} 字节）还有 {} 个分组没有闭合，文件可能被截断或已损坏",
                self.input.len(),
                self.stack.len()
            )));
        }
        if !self.line.is_empty() {
            self.end_paragraph()?;
        }
        Ok(())
    }

    /// One fallback character after `\uN` is skipped: true if this one is.
    fn skip_fallback(&mut self) -> bool {
        if self.to_skip > 0 {
            self.to_skip -= 1;
            true
        } else {
            false
        }
    }

    /// A group ends: a font or style declared in it is complete.
    fn end_group(&mut self) {
        match self.state.table {
            Table::Styles if self.stack.last().is_some_and(|s| s.table == Table::Styles) => {
                if let Some(n) = self.style_being_declared.take() {
                    if let Some(level) = heading_name(&self.style_name) {
                        self.heading_styles.insert(n, level);
                    }
                }
                self.style_name.clear();
            }
            Table::Fonts => {
                self.font_being_declared = None;
            }
            _ => {}
        }
    }

    fn control(&mut self) -> Result<(), RtfError> {
        let Some(&c) = self.input.get(self.at) else {
            return Ok(());
        };
        if !c.is_ascii_alphabetic() {
            self.at += 1;
            return self.symbol(c);
        }
        let start = self.at;
        while self.at < self.input.len() && self.input[self.at].is_ascii_alphabetic() {
            self.at += 1;
        }
        // Control words are at most 32 letters; a longer one is not a word
        // this reader knows, and is read as such.
        let word = String::from_utf8_lossy(&self.input[start..self.at]).into_owned();
        let negative = self.input.get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        let digits = self.at;
        while self.at < self.input.len() && self.input[self.at].is_ascii_digit() {
            self.at += 1;
        }
        let param: Option<i64> = (self.at > digits).then(|| {
            let s = &self.input[digits..self.at.min(digits + 10)];
            let v = std::str::from_utf8(s)
                .ok()
                .and_then(|s| s.parse::<i64>().ok())
                .unwrap_or(0);
            if negative {
                -v
            } else {
                v
            }
        });
        if self.input.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
        self.word(&word, param)
    }

    /// `\'xx`, `\\`, `\{`, `\}`, `\~` and the other control symbols.
    fn symbol(&mut self, c: u8) -> Result<(), RtfError> {
        match c {
            b'\'' => {
                let hex = self.input.get(self.at..self.at + 2);
                let byte = hex
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(byte) = byte {
                    self.at += 2;
                    if !self.skip_fallback() {
                        self.bytes.push(byte);
                    }
                }
            }
            b'*' => {
                // An optional destination: skipped unless it is one of the
                // few that carry shown text.
                self.flush();
                let known_text = ["fldrslt", "listtext", "pntext"]
                    .iter()
                    .any(|w| self.input[self.at..].starts_with(format!("\\{w}").as_bytes()));
                if !known_text {
                    self.state.skip = true;
                }
            }
            b'\\' | b'{' | b'}' => {
                self.flush();
                if !self.skip_fallback() {
                    self.push(char::from(c));
                }
            }
            b'~' => {
                self.flush();
                self.push('\u{a0}');
            }
            b'_' => {
                self.flush();
                self.push('-');
            }
            b'\n' | b'\r' => {
                self.flush();
                self.end_paragraph()?;
            }
            _ => {}
        }
        Ok(())
    }

    fn word(&mut self, word: &str, param: Option<i64>) -> Result<(), RtfError> {
        self.flush();
        let on = param != Some(0);
        match word {
            "ansicpg" => {
                if let Some(page) = param.and_then(codepage) {
                    self.codepage = page;
                }
            }
            "fonttbl" => {
                self.state.table = Table::Fonts;
                self.state.skip = true;
            }
            "stylesheet" => {
                self.state.table = Table::Styles;
                self.state.skip = true;
            }
            "f" => {
                let n = param.unwrap_or(0) as i32;
                if self.state.table == Table::Fonts {
                    self.font_being_declared = Some(n);
                } else {
                    self.state.font = Some(n);
                }
            }
            "fcharset" => {
                if let (Some(font), Some(page)) =
                    (self.font_being_declared, param.and_then(charset_codepage))
                {
                    self.fonts.insert(font, page);
                }
            }
            "s" if self.state.table == Table::Styles => {
                self.style_being_declared = Some(param.unwrap_or(0) as i32);
            }
            "s" if self.state.label => {}
            "s" => {
                if let Some(&level) = self.heading_styles.get(&(param.unwrap_or(0) as i32)) {
                    self.outline.get_or_insert(level);
                }
            }
            "outlinelevel" => {
                self.outline = param
                    .and_then(|v| u8::try_from(v).ok())
                    .filter(|&v| v < 9)
                    .map(|v| v + 1);
            }
            // A list label's own `\pard` does not end the paragraph's
            // properties.
            "pard" if !self.state.label => self.outline = None,
            "uc" => self.state.uc = param.unwrap_or(1).clamp(0, 16) as usize,
            "u" => {
                let unit = param.unwrap_or(0);
                let unit = if unit < 0 { unit + 65_536 } else { unit };
                self.unicode(u16::try_from(unit).unwrap_or(0xFFFD));
                self.to_skip = self.state.uc;
            }
            "v" | "deleted" => self.state.hidden = on,
            "plain" => {
                self.state.hidden = false;
            }
            "listtext" | "pntext" => self.state.label = true,
            // `\binN`: N bytes of binary data (a picture), which may hold
            // braces and backslashes; never text.
            "bin" => {
                let n = usize::try_from(param.unwrap_or(0)).unwrap_or(0);
                self.at = self.at.saturating_add(n).min(self.input.len());
            }
            "par" => self.end_paragraph()?,
            "sect" if !self.line.is_empty() => self.end_paragraph()?,
            "cell" | "nestcell" => self.end_paragraph()?,
            // A line break: nothing between two Chinese characters, a space
            // between words.
            "line" if self.line.chars().last().is_some_and(|c| c.is_ascii()) => self.push(' '),
            // The tab after a list label separates it from the text.
            "tab" if !self.state.label => self.push('\t'),
            "emdash" => self.push('—'),
            "endash" => self.push('–'),
            "lquote" => self.push('‘'),
            "rquote" => self.push('’'),
            "ldblquote" => self.push('“'),
            "rdblquote" => self.push('”'),
            "bullet" => self.push('•'),
            "emspace" | "enspace" | "qmspace" => self.push(' '),
            w if SKIPPED.contains(&w) => self.state.skip = true,
            _ => {}
        }
        Ok(())
    }

    /// A UTF-16 unit from `\uN`; surrogate halves are paired.
    fn unicode(&mut self, unit: u16) {
        if let Some(high) = self.high.take() {
            if (0xDC00..0xE000).contains(&unit) {
                let c = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                self.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                return;
            }
            self.push('\u{FFFD}');
        }
        if (0xD800..0xDC00).contains(&unit) {
            self.high = Some(unit);
            return;
        }
        self.push(char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}'));
    }

    /// Decodes the waiting `\'xx` bytes in the current font's code page, or
    /// the document's.
    fn flush(&mut self) {
        if self.bytes.is_empty() {
            return;
        }
        let page = self
            .state
            .font
            .and_then(|f| self.fonts.get(&f).copied())
            .unwrap_or(self.codepage);
        let bytes = std::mem::take(&mut self.bytes);
        let (decoded, _) = page.decode_without_bom_handling(&bytes);
        for c in decoded.chars() {
            self.push(c);
        }
    }

    fn push(&mut self, c: char) {
        if self.state.table == Table::Styles && self.style_being_declared.is_some() {
            if c != ';' {
                self.style_name.push(c);
            }
            return;
        }
        if self.state.skip || self.state.hidden {
            return;
        }
        if self.high.take().is_some() {
            self.line.push('\u{FFFD}');
        }
        match c {
            '\r' | '\n' => {}
            '\t' if self.state.label => {}
            _ => self.line.push(c),
        }
    }

    fn end_paragraph(&mut self) -> Result<(), RtfError> {
        if self.state.skip {
            return Ok(());
        }
        if self.outlines.len() >= self.max {
            return Err(RtfError::TooManyParagraphs { limit: self.max });
        }
        self.text.push_str(&self.line);
        self.text.push('\n');
        self.line.clear();
        self.outlines.push(self.outline);
        Ok(())
    }
}

/// The code page `\ansicpgN` names, where this reader knows it.
fn codepage(n: i64) -> Option<&'static Encoding> {
    let label = match n {
        936 => "gbk",
        54936 => "gb18030",
        950 => "big5",
        932 => "shift_jis",
        949 => "euc-kr",
        874 => "windows-874",
        1250..=1258 => return Encoding::for_label(format!("windows-{n}").as_bytes()),
        65001 => "utf-8",
        10000 => "macintosh",
        _ => return None,
    };
    Encoding::for_label(label.as_bytes())
}

/// The code page of a font character set (`\fcharsetN`).
fn charset_codepage(n: i64) -> Option<&'static Encoding> {
    codepage(match n {
        134 => 936,
        136 => 950,
        128 => 932,
        129 => 949,
        222 => 874,
        238 => 1250,
        204 => 1251,
        0 => 1252,
        161 => 1253,
        162 => 1254,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        163 => 1258,
        _ => return None,
    })
}

/// “heading 2” (as Word names its styles in RTF) or “标题 2” → 2.
fn heading_name(name: &str) -> Option<u8> {
    let name = name.trim().to_lowercase();
    let rest = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("标题"))?;
    rest.trim()
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=9).contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(rtf: &str) -> Vec<String> {
        extract(rtf.as_bytes())
            .unwrap()
            .text
            .lines()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn unicode_escapes_code_page_bytes_and_font_charsets() {
        // “法治” as \uN with a “?” fallback; “报告” as GBK bytes in the
        // document's code page; “年度” as GBK in a font whose character set
        // is GB2312 while the document is Western.
        assert_eq!(
            lines(r"{\rtf1\ansi\ansicpg936 \u27861?\u27835?\'b1\'a8\'b8\'e6\par}"),
            ["法治报告"]
        );
        assert_eq!(
            lines(
                r"{\rtf1\ansi{\fonttbl{\f0\fswiss Arial;}{\f1\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}\f1 \'c4\'ea\'b6\'c8\f0 ok\par}"
            ),
            ["年度ok"]
        );
        // Two fallback bytes after each \uN with \uc2; a surrogate pair.
        assert_eq!(
            lines(r"{\rtf1\uc2 \u27861\'b7\'a8 x\u-10179\u-8903??\par}"),
            ["法 x🔹"]
        );
    }

    #[test]
    fn what_is_not_shown_is_left_out() {
        let rtf = concat!(
            r"{\rtf1\ansi{\fonttbl{\f0 Times;}}{\colortbl;\red0\green0\blue0;}",
            r"{\stylesheet{\s0 Normal;}{\s1\sbasedon0 heading 1;}}{\info{\title 标题}}",
            r"{\header 页眉\par}",
            r"\pard\s1 Heading\par",
            r"\pard visible{\v hidden}{\*\unknown skipped} text{\field{\*\fldinst PAGE}{\fldrslt 3}}\par",
            r"{\listtext\pard\plain \u19968?\u12289?\tab}\pard item\par",
            r"{\deleted gone}kept\line\tab x\par ",
            r"a\cell b\cell\row",
            r"{\pict\bin4 }{\\}{\pict 89504e47}{\shp{\*\shpinst{\shptxt 框}}{\shprslt 框}}\emdash\ldblquote q\rdblquote\~\{\}\\\par}",
        );
        assert_eq!(
            lines(rtf),
            [
                "Heading",
                "visible text3",
                "一、item",
                "kept \tx",
                "a",
                "b",
                "—“q”\u{a0}{}\\"
            ]
        );
        let e = extract(rtf.as_bytes()).unwrap();
        assert_eq!(e.outline[0], Some(1));
        assert_eq!(e.outline[1], None);
    }

    #[test]
    fn broken_and_hostile_files_are_errors_not_panics() {
        assert!(matches!(
            extract(br"{\rtf1 cut off\par"),
            Err(RtfError::Corrupt(_))
        ));
        let deep = format!("{{\\rtf1 {}x{}}}", "{".repeat(10_000), "}".repeat(10_000));
        assert!(matches!(
            extract(deep.as_bytes()),
            Err(RtfError::Corrupt(_))
        ));
        let many = format!(
            "{{\\rtf1 {}}}",
            "\\par ".repeat(crate::input::MAX_LINES + 1)
        );
        assert!(matches!(
            extract(many.as_bytes()),
            Err(RtfError::TooManyParagraphs { .. })
        ));
        for odd in [
            &b"{\\rtf1 \\'"[..],
            b"{\\rtf1 \\'zz\\u99999999999999\\uc99999 \\u-99999 x}",
            b"{\\rtf1 \\",
            b"{\\rtf1 }}}}",
            b"{\\rtf1 \xff\xfe\\'ff}",
        ] {
            let _ = extract(odd);
        }
    }
}
