//! What the bytes of a PDF text string mean: a font splits them into
//! character codes, gives each code its width and, through its `ToUnicode`
//! map or a predefined character set, its Unicode text.
//!
//! Chinese producers write text in three ways, all handled here:
//! - a composite (Type0) font with `Identity-H` codes (glyph numbers of an
//!   embedded subset font) and a `ToUnicode` map — Word, WPS, LibreOffice
//!   with some fonts, browsers;
//! - a composite font with a predefined Adobe-GB1 CMap (`UniGB-UCS2-H`,
//!   `UniGB-UTF16-H`, `GBK-EUC-H`, `GB-EUC-H`…), whose codes are themselves
//!   Unicode or GBK, often without an embedded font;
//! - simple fonts (one byte a code) cut from a large font in pieces of 256
//!   glyphs, each with its own `ToUnicode` — LibreOffice.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

/// At most this many entries are read from one `ToUnicode` map or width
/// array: a real font has at most 65,536 glyphs, and a larger map is a
/// hostile file.
const MAX_MAP_ENTRIES: usize = 70_000;

/// A CMap or `ToUnicode` stream larger than this is not read.
const MAX_CMAP_BYTES: usize = 4 * 1024 * 1024;

/// How the codes of a string are found and what they mean without a
/// `ToUnicode` map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Codes {
    /// One byte a code (simple fonts).
    Single,
    /// Two bytes a code, meaning unknown without `ToUnicode` (`Identity-H`,
    /// an embedded CMap).
    Double,
    /// Two bytes a code that are UTF-16 (`UniGB-UCS2-H`, `UniGB-UTF16-H`).
    Utf16,
    /// GBK/GB 2312 bytes: one byte up to 0x80, else two (`GBK-EUC-H`…).
    Gbk,
}

/// A font as far as text extraction needs it.
#[derive(Debug)]
pub struct Font {
    codes: Codes,
    /// `ToUnicode`: code (with its byte length) to text.
    to_unicode: HashMap<(u32, u8), String>,
    /// Byte lengths the `ToUnicode` code space allows, for fonts whose
    /// code length is otherwise unknown.
    widths: Widths,
    /// A simple font's own encoding for codes without `ToUnicode`.
    simple: Option<SimpleEncoding>,
    /// Glyph space to text space: 1/1000 for all but Type 3 fonts.
    pub scale: f32,
}

/// One code of a string, decoded.
pub struct Glyph {
    /// The text, empty when the font does not say.
    pub text: String,
    /// Advance in text space units before the font size (1.0 = one em).
    pub width: f32,
    /// The single byte 32, to which word spacing applies.
    pub is_space_code: bool,
}

#[derive(Debug, Default)]
struct Widths {
    /// (first code, last code, width) in glyph units, sorted.
    ranges: Vec<(u32, u32, f32)>,
    default: f32,
}

impl Widths {
    fn get(&self, code: u32) -> f32 {
        let i = self.ranges.partition_point(|r| r.1 < code);
        match self.ranges.get(i) {
            Some(&(lo, hi, w)) if lo <= code && code <= hi => w,
            _ => self.default,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum SimpleEncoding {
    /// WinAnsi (and standard, close enough for text): Windows-1252.
    WinAnsi,
}

impl Font {
    /// A font for text drawn without a valid font: bytes as Latin-1.
    pub fn fallback() -> Font {
        Font {
            codes: Codes::Single,
            to_unicode: HashMap::new(),
            widths: Widths {
                ranges: Vec::new(),
                default: 500.0,
            },
            simple: Some(SimpleEncoding::WinAnsi),
            scale: 0.001,
        }
    }

    /// Reads a font dictionary. Nothing in it is trusted: whatever is
    /// missing or broken falls back to a plain reading.
    pub fn read(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = name(doc, dict.get(b"Subtype").ok());
        let to_unicode = deref(doc, dict.get(b"ToUnicode").ok())
            .and_then(|o| stream_bytes(o, MAX_CMAP_BYTES))
            .map(|bytes| parse_cmap(&bytes))
            .unwrap_or_default();
        let to_unicode = radicals_as_characters(to_unicode);
        if subtype.as_deref() == Some(b"Type0".as_slice()) {
            let encoding = deref(doc, dict.get(b"Encoding").ok());
            let codes = match encoding {
                Some(Object::Name(n)) => predefined_codes(n),
                // An embedded CMap: its code space decides the lengths;
                // Chinese producers embed two-byte maps.
                _ => Codes::Double,
            };
            let descendant = deref(doc, dict.get(b"DescendantFonts").ok())
                .and_then(|o| o.as_array().ok())
                .and_then(|a| deref(doc, a.first()))
                .and_then(|o| o.as_dict().ok());
            let widths = descendant.map(|d| cid_widths(doc, d)).unwrap_or(Widths {
                ranges: Vec::new(),
                default: 1000.0,
            });
            return Font {
                codes,
                to_unicode,
                widths,
                simple: None,
                scale: 0.001,
            };
        }
        let scale = if subtype.as_deref() == Some(b"Type3".as_slice()) {
            deref(doc, dict.get(b"FontMatrix").ok())
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(number)
                .filter(|v| v.is_finite() && *v > 0.0 && *v < 10.0)
                .unwrap_or(0.001)
        } else {
            0.001
        };
        Font {
            codes: Codes::Single,
            to_unicode,
            widths: simple_widths(doc, dict, scale),
            simple: Some(SimpleEncoding::WinAnsi),
            scale,
        }
    }

    /// Splits a string into its codes and decodes each one.
    pub fn decode(&self, bytes: &[u8], mut each: impl FnMut(Glyph)) {
        let mut i = 0;
        while i < bytes.len() {
            let len = self.code_len(&bytes[i..]);
            let chunk = &bytes[i..(i + len).min(bytes.len())];
            i += len;
            let code = chunk.iter().fold(0u32, |c, &b| (c << 8) | u32::from(b));
            let text = match self.to_unicode.get(&(code, chunk.len() as u8)) {
                Some(t) => t.clone(),
                None => self.own_text(code, chunk),
            };
            each(Glyph {
                text,
                width: self.widths.get(code) * self.scale,
                is_space_code: chunk == [32],
            });
        }
    }

    fn code_len(&self, rest: &[u8]) -> usize {
        match self.codes {
            Codes::Single => 1,
            Codes::Double | Codes::Utf16 => 2,
            Codes::Gbk => {
                if rest[0] <= 0x80 {
                    1
                } else {
                    2
                }
            }
        }
    }

    /// The text of a code that has no `ToUnicode` entry.
    fn own_text(&self, code: u32, chunk: &[u8]) -> String {
        match self.codes {
            Codes::Single => match self.simple {
                Some(SimpleEncoding::WinAnsi) | None => {
                    let (t, _, _) = encoding_rs::WINDOWS_1252.decode(chunk);
                    t.into_owned()
                }
            },
            Codes::Double => String::new(),
            Codes::Utf16 => char::from_u32(code)
                .filter(|c| !c.is_control() || *c == ' ')
                .map(String::from)
                .unwrap_or_default(),
            Codes::Gbk => {
                let (t, _, bad) = encoding_rs::GBK.decode(chunk);
                if bad {
                    String::new()
                } else {
                    t.into_owned()
                }
            }
        }
    }
}

/// The codes of a predefined CMap named by a Type0 font. Adobe-GB1 names
/// are the ones Chinese producers use; other Unicode CMaps (`UniJIS-UCS2-H`
/// and the like) are UTF-16 too.
fn predefined_codes(name: &[u8]) -> Codes {
    let name = String::from_utf8_lossy(name);
    if name.starts_with("Uni") && (name.contains("UCS2") || name.contains("UTF16")) {
        Codes::Utf16
    } else if name.starts_with("GB") && (name.contains("EUC") || name.starts_with("GBK")) {
        Codes::Gbk
    } else {
        Codes::Double
    }
}

/// The widths of a CID font: `/W` as `c [w1 w2 …]` or `c1 c2 w`, and `/DW`.
fn cid_widths(doc: &Document, dict: &Dictionary) -> Widths {
    let default = deref(doc, dict.get(b"DW").ok())
        .and_then(number)
        .filter(|w| w.is_finite())
        .unwrap_or(1000.0);
    let mut ranges = Vec::new();
    if let Some(Object::Array(w)) = deref(doc, dict.get(b"W").ok()) {
        let mut i = 0;
        while i < w.len() && ranges.len() < MAX_MAP_ENTRIES {
            let Some(first) = number(&w[i]).map(|v| v as u32) else {
                break;
            };
            match w.get(i + 1).and_then(|o| deref(doc, Some(o))) {
                Some(Object::Array(list)) => {
                    for (k, o) in list.iter().take(MAX_MAP_ENTRIES).enumerate() {
                        let c = first.saturating_add(k as u32);
                        if let Some(v) = number(o) {
                            ranges.push((c, c, v));
                        }
                    }
                    i += 2;
                }
                Some(o) => {
                    let last = number(o).map(|v| v as u32).unwrap_or(first);
                    let v = w.get(i + 2).and_then(number).unwrap_or(default);
                    ranges.push((first, last.max(first), v));
                    i += 3;
                }
                None => break,
            }
        }
    }
    ranges.sort_by_key(|r| r.0);
    Widths { ranges, default }
}

/// The widths of a simple font: `/Widths` from `/FirstChar`, in glyph units
/// (Type 3: in the font's own units, hence the division by its scale).
fn simple_widths(doc: &Document, dict: &Dictionary, scale: f32) -> Widths {
    let first = deref(doc, dict.get(b"FirstChar").ok())
        .and_then(number)
        .map(|v| v.clamp(0.0, 255.0) as u32)
        .unwrap_or(0);
    let missing = deref(doc, dict.get(b"FontDescriptor").ok())
        .and_then(|o| o.as_dict().ok())
        .and_then(|d| deref(doc, d.get(b"MissingWidth").ok()))
        .and_then(number)
        .unwrap_or(0.0);
    let mut ranges = Vec::new();
    if let Some(Object::Array(w)) = deref(doc, dict.get(b"Widths").ok()) {
        for (k, o) in w.iter().take(256).enumerate() {
            if let Some(v) = deref(doc, Some(o)).and_then(number) {
                let c = first + k as u32;
                ranges.push((c, c, v));
            }
        }
    }
    let default = if ranges.is_empty() && missing == 0.0 {
        // No widths at all (a standard 14 font): half an em is near
        // enough to tell words apart.
        0.5 / scale
    } else {
        missing
    };
    Widths { ranges, default }
}

/// The characters the Kangxi radicals (U+2F00–U+2FD5) stand for, in order:
/// their compatibility decompositions.
const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// Radicals of the CJK Radicals Supplement that have the same shape as a
/// character in everyday (simplified) use, with that character.
const SUPPLEMENT: &[(char, char)] = &[
    ('\u{2E9F}', '母'),
    ('\u{2EC5}', '见'),
    ('\u{2EC6}', '角'),
    ('\u{2EC9}', '贝'),
    ('\u{2ECB}', '车'),
    ('\u{2ED3}', '长'),
    ('\u{2ED4}', '门'),
    ('\u{2ED9}', '韦'),
    ('\u{2EDA}', '页'),
    ('\u{2EDB}', '风'),
    ('\u{2EDC}', '飞'),
    ('\u{2EE2}', '马'),
    ('\u{2EE5}', '鱼'),
    ('\u{2EE6}', '鸟'),
    ('\u{2EE7}', '卤'),
    ('\u{2EE8}', '麦'),
    ('\u{2EE9}', '黄'),
    ('\u{2EEA}', '黾'),
    ('\u{2EEC}', '齐'),
    ('\u{2EEE}', '齿'),
    ('\u{2EF0}', '龙'),
    ('\u{2EF3}', '龟'),
];

/// The character a radical (or another code point sharing a glyph with a
/// character in everyday use) stands for, or the character itself.
fn radical_as_character(c: char) -> char {
    match c {
        // LEFT/RIGHT-POINTING ANGLE BRACKET, canonically the CJK 〈〉.
        '\u{2329}' => '\u{3008}',
        '\u{232A}' => '\u{3009}',
        // HORIZONTAL BAR, drawn as the EM DASH of a 破折号 “——”.
        '\u{2015}' => '\u{2014}',
        '\u{2F00}'..='\u{2FD5}' => KANGXI.chars().nth(c as usize - 0x2F00).unwrap_or(c),
        '\u{2E80}'..='\u{2EFF}' => SUPPLEMENT
            .iter()
            .find(|(r, _)| *r == c)
            .map_or(c, |(_, to)| *to),
        _ => c,
    }
}

/// A `ToUnicode` map whose radicals are replaced by the characters they
/// stand for. A font maps one glyph to every code point drawn with it,
/// and the radicals 高 ⾼ (U+2FBC) and 见 ⻅ (U+2EC5) share the glyph of the
/// character; Chromium (Skia) writes the lowest code point of a glyph into
/// `ToUnicode`, so its PDFs of text set in Noto CJK say “提⾼” for “提高”.
/// No report writes a radical on its own, so the character is always meant.
/// The same goes for 〈〉 (U+2329/U+232A before U+3008/U+3009) and the
/// dash “—” (U+2015 before U+2014).
fn radicals_as_characters(map: HashMap<(u32, u8), String>) -> HashMap<(u32, u8), String> {
    map.into_iter()
        .map(|(code, text)| {
            if text.chars().any(|c| radical_as_character(c) != c) {
                (code, text.chars().map(radical_as_character).collect())
            } else {
                (code, text)
            }
        })
        .collect()
}

/// Parses the `bfchar` and `bfrange` sections of a CMap into code → text.
pub fn parse_cmap(bytes: &[u8]) -> HashMap<(u32, u8), String> {
    let tokens = tokens(bytes);
    let mut map = HashMap::new();
    let mut i = 0;
    let mut section = "";
    while i < tokens.len() && map.len() < MAX_MAP_ENTRIES {
        match &tokens[i] {
            Token::Word(w) if w == "beginbfchar" || w == "beginbfrange" => {
                section = if w == "beginbfchar" { "char" } else { "range" };
                i += 1;
            }
            Token::Word(w) if w.starts_with("end") => {
                section = "";
                i += 1;
            }
            Token::Hex(src) if section == "char" => {
                if let Some(Token::Hex(dst)) = tokens.get(i + 1) {
                    if let Some(code) = code_of(src) {
                        map.insert(code, utf16_text(dst));
                    }
                }
                i += 2;
            }
            Token::Hex(lo) if section == "range" => {
                let (Some(Token::Hex(hi)), Some(dst)) = (tokens.get(i + 1), tokens.get(i + 2))
                else {
                    i += 1;
                    continue;
                };
                i += 3;
                let (Some((lo_code, len)), Some((hi_code, _))) = (code_of(lo), code_of(hi)) else {
                    continue;
                };
                if hi_code < lo_code || hi_code - lo_code > 65_535 {
                    continue;
                }
                match dst {
                    Token::Hex(start) => {
                        let mut units = utf16_units(start);
                        for code in lo_code..=hi_code {
                            if map.len() >= MAX_MAP_ENTRIES {
                                break;
                            }
                            map.insert((code, len), String::from_utf16_lossy(&units));
                            // The last unit counts up along the range.
                            if let Some(last) = units.last_mut() {
                                *last = last.wrapping_add(1);
                            }
                        }
                    }
                    Token::Array(list) => {
                        for (k, t) in list.iter().enumerate() {
                            let code = lo_code + k as u32;
                            if code > hi_code || map.len() >= MAX_MAP_ENTRIES {
                                break;
                            }
                            map.insert((code, len), utf16_text(t));
                        }
                    }
                    _ => {}
                }
            }
            _ => i += 1,
        }
    }
    map
}

fn code_of(hex: &[u8]) -> Option<(u32, u8)> {
    if hex.is_empty() || hex.len() > 4 {
        return None;
    }
    let code = hex.iter().fold(0u32, |c, &b| (c << 8) | u32::from(b));
    Some((code, hex.len() as u8))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| match c {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => u16::from(*a),
            _ => 0,
        })
        .collect()
}

fn utf16_text(bytes: &[u8]) -> String {
    String::from_utf16_lossy(&utf16_units(bytes))
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .collect()
}

enum Token {
    Hex(Vec<u8>),
    Array(Vec<Vec<u8>>),
    Word(String),
}

/// The tokens of a CMap that matter: hex strings, arrays of them, and
/// keywords. Everything else (names, numbers, dictionaries) is skipped.
fn tokens(bytes: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut array: Option<Vec<Vec<u8>>> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'%' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if bytes.get(i + 1) != Some(&b'<') => {
                let start = i + 1;
                let end = bytes[start..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(bytes.len(), |p| start + p);
                let hex = hex_bytes(&bytes[start..end]);
                match array.as_mut() {
                    Some(a) => a.push(hex),
                    None => out.push(Token::Hex(hex)),
                }
                i = end + 1;
            }
            b'<' | b'>' => i += 2,
            b'[' => {
                array = Some(Vec::new());
                i += 1;
            }
            b']' => {
                if let Some(a) = array.take() {
                    out.push(Token::Array(a));
                }
                i += 1;
            }
            b'a'..=b'z' | b'A'..=b'Z' => {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                if array.is_none() {
                    out.push(Token::Word(
                        String::from_utf8_lossy(&bytes[start..i]).into_owned(),
                    ));
                }
            }
            _ => i += 1,
        }
    }
    out
}

fn hex_bytes(text: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = text
        .iter()
        .filter_map(|&c| (c as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits
        .chunks(2)
        .map(|p| (p[0] << 4) | p.get(1).copied().unwrap_or(0))
        .collect()
}

/// Follows a reference (one step is all a well-formed file needs; a few
/// more are allowed, a loop is not followed forever).
pub fn deref<'a>(doc: &'a Document, object: Option<&'a Object>) -> Option<&'a Object> {
    let mut object = object?;
    for _ in 0..8 {
        match object {
            Object::Reference(id) => object = doc.get_object(*id).ok()?,
            _ => return Some(object),
        }
    }
    None
}

/// A number operand or value.
pub fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn name(doc: &Document, object: Option<&Object>) -> Option<Vec<u8>> {
    match deref(doc, object)? {
        Object::Name(n) => Some(n.clone()),
        _ => None,
    }
}

/// A stream's decoded bytes, refused beyond `limit`.
pub fn stream_bytes(object: &Object, limit: usize) -> Option<Vec<u8>> {
    match object {
        Object::Stream(s) => s.get_plain_content_with_limit(limit).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bfchar_and_bfrange() {
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar <0003> <0020> <0010> <6CD5> endbfchar\n\
            2 beginbfrange <0020> <0022> <4E00> <0030> <0031> [<653F> <5E9C>] endbfrange";
        let map = parse_cmap(cmap);
        assert_eq!(map[&(0x10, 2)], "法");
        assert_eq!(map[&(0x21, 2)], "\u{4E01}");
        assert_eq!(map[&(0x31, 2)], "府");
        assert_eq!(map[&(3, 2)], " ");
    }

    #[test]
    fn radicals_in_to_unicode_read_as_the_characters() {
        // Chromium's map of Noto CJK: 提⾼ (KANGXI RADICAL TALL), 意⻅
        // (CJK RADICAL C-SIMPLIFIED SEE), 龠 the last Kangxi radical.
        let cmap = b"3 beginbfchar <0001> <2FBC> <0002> <2EC5> <0003> <2FD5> endbfchar";
        let map = radicals_as_characters(parse_cmap(cmap));
        assert_eq!(map[&(1, 2)], "高");
        assert_eq!(map[&(2, 2)], "见");
        assert_eq!(map[&(3, 2)], "龠");
        let cmap = b"2 beginbfchar <0004> <2329> <0005> <2015> endbfchar";
        let map = radicals_as_characters(parse_cmap(cmap));
        assert_eq!((map[&(4, 2)].as_str(), map[&(5, 2)].as_str()), ("〈", "—"));
        assert_eq!(KANGXI.chars().count(), 0x2FD6 - 0x2F00);
    }

    #[test]
    fn predefined_gb_cmaps() {
        assert_eq!(predefined_codes(b"UniGB-UCS2-H"), Codes::Utf16);
        assert_eq!(predefined_codes(b"UniGB-UTF16-H"), Codes::Utf16);
        assert_eq!(predefined_codes(b"GBK-EUC-H"), Codes::Gbk);
        assert_eq!(predefined_codes(b"GB-EUC-H"), Codes::Gbk);
        assert_eq!(predefined_codes(b"Identity-H"), Codes::Double);
        let font = Font {
            codes: Codes::Gbk,
            to_unicode: HashMap::new(),
            widths: Widths::default(),
            simple: None,
            scale: 0.001,
        };
        let mut text = String::new();
        font.decode(b"\xB7\xA8\xD6\xCE2023", |g| text.push_str(&g.text));
        assert_eq!(text, "法治2023");
    }
}
