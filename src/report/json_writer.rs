//! Pretty JSON written a piece at a time. A document whose arrays grow with
//! the number of reports (`files` in JSON, `results` in SARIF) cannot be
//! handed to serde whole without holding every report; instead its frame
//! (the outer objects and arrays) is written here, and each value in it is
//! serialized by serde at its depth, with the same layout as
//! `serde_json::to_string_pretty` gives the whole document.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

/// `serde_json`'s pretty layout (two spaces per level) starting `depth`
/// levels deep, so a value serialized alone lines up inside the document.
#[derive(Debug, Clone)]
pub struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    pub fn at(depth: usize) -> Pretty {
        Pretty {
            depth,
            has_value: false,
        }
    }

    /// Two spaces per level, written in one call (a call per level was a
    /// measurable share of writing JSON).
    fn indent(&self, w: &mut (impl Write + ?Sized)) -> io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        let mut left = self.depth * 2;
        while left > 0 {
            let n = left.min(SPACES.len());
            w.write_all(&SPACES[..n])?;
            left -= n;
        }
        Ok(())
    }

    fn open(&mut self, w: &mut (impl Write + ?Sized), bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close(&mut self, w: &mut (impl Write + ?Sized), bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }

    fn item(&mut self, w: &mut (impl Write + ?Sized), first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The frame of a document being written: which objects and arrays are
/// open, and whether each has an element yet. Writing never fails here: the
/// destinations keep their first error for the end ([`super::out::Dest`]).
#[derive(Debug)]
pub struct Frame {
    pretty: Pretty,
    /// For each open object or array: whether it has an element yet, and
    /// whether it is an object.
    open: Vec<(bool, bool)>,
}

impl Frame {
    /// A frame at the top of a document.
    pub fn new() -> Frame {
        Frame::at(0)
    }

    /// A frame whose first value lies `depth` levels deep (text written
    /// apart and put into a document later).
    pub fn at(depth: usize) -> Frame {
        Frame {
            pretty: Pretty::at(depth),
            open: Vec::new(),
        }
    }

    /// Opens an object, as the value of the current key or element.
    pub fn begin_object(&mut self, w: &mut dyn Write) {
        let _ = self.pretty.begin_object(w);
        self.open.push((false, true));
    }

    /// Opens an array, as the value of the current key or element.
    pub fn begin_array(&mut self, w: &mut dyn Write) {
        let _ = self.pretty.begin_array(w);
        self.open.push((false, false));
    }

    /// Closes the innermost object or array.
    pub fn end(&mut self, w: &mut dyn Write) {
        if let Some((has_value, is_object)) = self.open.pop() {
            // The formatter's notion of "has a value" is that of the
            // innermost container; restore it for the one being closed.
            self.pretty.has_value = has_value;
            let _ = if is_object {
                self.pretty.end_object(w)
            } else {
                self.pretty.end_array(w)
            };
            self.ended_value();
        }
    }

    /// A frame for elements written apart (set aside in a spill) that will
    /// stand in an array `depth` levels deep, opened later in the document;
    /// [`Frame::adopt`] takes them in.
    pub fn detached(depth: usize) -> Frame {
        Frame {
            pretty: Pretty::at(depth),
            open: vec![(false, false)],
        }
    }

    /// After the elements of a [`Frame::detached`] frame were copied into
    /// the innermost array: it now has them.
    pub fn adopt(&mut self, detached: &Frame) {
        if detached.open.last().is_some_and(|o| o.0) {
            self.ended_value();
        }
    }

    /// Starts the next key of the innermost object; its value follows.
    pub fn key(&mut self, w: &mut dyn Write, key: &str) {
        let first = self.open.last().is_none_or(|o| !o.0);
        let _ = self.pretty.begin_object_key(w, first);
        let _ = serde_json::to_writer(&mut *w, key);
        let _ = self.pretty.begin_object_value(w);
    }

    /// Starts the next element of the innermost array; its value follows.
    pub fn element(&mut self, w: &mut dyn Write) {
        let first = self.open.last().is_none_or(|o| !o.0);
        let _ = self.pretty.begin_array_value(w, first);
    }

    /// Writes a value (after [`Frame::key`] or [`Frame::element`]).
    pub fn value(&mut self, w: &mut dyn Write, value: &impl Serialize) {
        let mut ser = Serializer::with_formatter(&mut *w, Pretty::at(self.pretty.depth));
        let _ = value.serialize(&mut ser);
        self.ended_value();
    }

    /// A key and its value.
    pub fn field(&mut self, w: &mut dyn Write, key: &str, value: &impl Serialize) {
        self.key(w, key);
        self.value(w, value);
    }

    /// The next element of the innermost array.
    pub fn push(&mut self, w: &mut dyn Write, value: &impl Serialize) {
        self.element(w);
        self.value(w, value);
    }

    /// The next element of the innermost array, written by hand: `write`
    /// gets a [`Writer`] at the element's depth, and the element goes to
    /// `w` in one piece. `buf` is scratch space kept between calls.
    pub fn push_with(
        &mut self,
        w: &mut dyn Write,
        buf: &mut Vec<u8>,
        write: impl FnOnce(&mut Writer),
    ) {
        buf.clear();
        self.push_into(buf, write);
        let _ = w.write_all(buf);
    }

    /// The next element of the innermost array, written by hand at the end
    /// of `buf`, which the caller writes out later (with the elements after
    /// it, all in one piece).
    pub fn push_into(&mut self, buf: &mut Vec<u8>, write: impl FnOnce(&mut Writer)) {
        let first = self.open.last().is_none_or(|o| !o.0);
        let _ = self.pretty.begin_array_value(buf, first);
        write(&mut Writer::at(buf, self.pretty.depth));
        self.ended_value();
    }

    /// Marks the innermost container as having an element.
    fn ended_value(&mut self) {
        if let Some(o) = self.open.last_mut() {
            o.0 = true;
        }
    }
}

/// Pretty JSON written by hand into a buffer, byte for byte as
/// `serde_json::to_string_pretty` lays it out and escapes it, for the values
/// a format writes once per finding or label: serde's per-field machinery
/// and a call through `dyn Write` per piece were a large share of a run.
/// Values of rarer parts can still go through serde ([`Writer::serde`]).
///
/// Like serde's formatter it keeps one flag, whether the innermost open
/// object or array has an element yet: opening clears it, ending a value
/// sets it.
pub struct Writer<'b> {
    buf: &'b mut Vec<u8>,
    depth: usize,
    has_value: bool,
}

impl<'b> Writer<'b> {
    /// A writer whose values lie `depth` levels deep.
    pub fn at(buf: &'b mut Vec<u8>, depth: usize) -> Writer<'b> {
        Writer {
            buf,
            depth,
            has_value: false,
        }
    }

    #[inline]
    fn indent(&mut self) {
        const SPACES: &[u8] = &[b' '; 64];
        let mut left = self.depth * 2;
        while left > 0 {
            let n = left.min(SPACES.len());
            self.buf.extend_from_slice(&SPACES[..n]);
            left -= n;
        }
    }

    /// The comma (after an element), line break and indentation before the
    /// next key or element: one copy from [`BREAKS`] at the depths
    /// documents have.
    #[inline(always)]
    fn item(&mut self) {
        let skip = usize::from(!self.has_value);
        match BREAKS.get(skip..2 + self.depth * 2) {
            Some(lead) => self.buf.extend_from_slice(lead),
            None => {
                self.buf.extend_from_slice(&b",\n"[skip..]);
                self.indent();
            }
        }
    }

    #[inline]
    pub fn begin_object(&mut self) {
        self.depth += 1;
        self.has_value = false;
        self.buf.push(b'{');
    }

    #[inline]
    pub fn begin_array(&mut self) {
        self.depth += 1;
        self.has_value = false;
        self.buf.push(b'[');
    }

    #[inline]
    pub fn end_object(&mut self) {
        self.close(b'}');
    }

    #[inline]
    pub fn end_array(&mut self) {
        self.close(b']');
    }

    #[inline]
    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if self.has_value {
            self.buf.push(b'\n');
            self.indent();
        }
        self.buf.push(bracket);
        self.has_value = true;
    }

    /// Starts the next key of the innermost object; its value follows.
    /// Keys are the format's own names, which need no escaping. Always
    /// inlined, so that the key's length is known where it is copied.
    #[inline(always)]
    pub fn key(&mut self, key: &'static str) {
        debug_assert!(!key.bytes().any(needs_escape), "{key}");
        self.item();
        self.buf.push(b'"');
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.extend_from_slice(b"\": ");
    }

    /// Starts the next element of the innermost array; its value follows.
    #[inline]
    pub fn element(&mut self) {
        self.item();
    }

    #[inline]
    pub fn str(&mut self, s: &str) {
        escaped(self.buf, s);
        self.has_value = true;
    }

    #[inline]
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    #[inline]
    pub fn uint(&mut self, n: usize) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut n = n;
        // Two digits at a time from [`DIGIT_PAIRS`].
        while n >= 100 {
            let pair = (n % 100) * 2;
            n /= 100;
            at -= 2;
            digits[at..at + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
        }
        if n >= 10 {
            at -= 2;
            digits[at..at + 2].copy_from_slice(&DIGIT_PAIRS[n * 2..n * 2 + 2]);
        } else {
            at -= 1;
            digits[at] = b'0' + n as u8;
        }
        self.buf.extend_from_slice(&digits[at..]);
        self.has_value = true;
    }

    #[inline]
    pub fn opt_uint(&mut self, n: Option<usize>) {
        match n {
            Some(n) => self.uint(n),
            None => self.null(),
        }
    }

    #[inline]
    pub fn int(&mut self, n: i64) {
        if n < 0 {
            self.buf.push(b'-');
        }
        self.uint(n.unsigned_abs() as usize);
    }

    #[inline]
    pub fn bool(&mut self, b: bool) {
        self.buf
            .extend_from_slice(if b { b"true" } else { b"false" });
        self.has_value = true;
    }

    #[inline]
    pub fn null(&mut self) {
        self.buf.extend_from_slice(b"null");
        self.has_value = true;
    }

    /// A value serialized by serde at this depth (floats, and parts written
    /// once per report).
    pub fn serde(&mut self, value: &impl Serialize) {
        let mut ser = Serializer::with_formatter(&mut *self.buf, Pretty::at(self.depth));
        let _ = value.serialize(&mut ser);
        self.has_value = true;
    }

    /// A key and its string value.
    #[inline(always)]
    pub fn str_field(&mut self, key: &'static str, value: &str) {
        self.key(key);
        self.str(value);
    }

    /// A key and its number value.
    #[inline(always)]
    pub fn uint_field(&mut self, key: &'static str, value: usize) {
        self.key(key);
        self.uint(value);
    }
}

/// The decimal digits of 00 to 99, two bytes each.
const DIGIT_PAIRS: &[u8; 200] = b"\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// A comma, a line break and the indentation of 31 levels: the start of
/// every key and element is a slice of it.
const BREAKS: &[u8; 64] = b",\n                                                              ";

/// Whether JSON needs `b` escaped in a string.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether any of eight bytes needs escaping: one below 0x20, a `"` or a
/// `\\` (a byte-wise zero or less-than test on the whole word; it may say
/// yes for a word that needs nothing, never no for one that does).
fn any_needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH;
    let equal = |c: u8| below(word ^ (ONES * u64::from(c)), 1);
    (below(word, 0x20) | equal(b'"') | equal(b'\\')) != 0
}

/// A JSON string as serde_json writes it: `"` and `\\` escaped, control
/// characters as `\b \t \n \f \r` or `\u00xx`, everything else as it is.
fn escaped(buf: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time past those that need nothing (most of a
        // report's text is Chinese, all bytes ≥ 0x80).
        if let Some(word) = bytes.get(i..i + 8) {
            let mut eight = [0; 8];
            eight.copy_from_slice(word);
            if !any_needs_escape(u64::from_le_bytes(eight)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        i += 1;
        if !needs_escape(b) {
            continue;
        }
        buf.extend_from_slice(&bytes[run..i - 1]);
        run = i;
        match b {
            b'"' => buf.extend_from_slice(b"\\\""),
            b'\\' => buf.extend_from_slice(b"\\\\"),
            0x08 => buf.extend_from_slice(b"\\b"),
            b'\t' => buf.extend_from_slice(b"\\t"),
            b'\n' => buf.extend_from_slice(b"\\n"),
            0x0c => buf.extend_from_slice(b"\\f"),
            b'\r' => buf.extend_from_slice(b"\\r"),
            _ => buf.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]),
        }
    }
    buf.extend_from_slice(&bytes[run..]);
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The frame and serde together give byte for byte what serde gives for
    /// the whole value.
    #[test]
    fn a_document_written_in_pieces_is_serde_pretty_output() {
        let whole = json!({
            "a": 1,
            "list": [{"x": [1, 2], "y": {}}, {"x": [], "y": {"z": "二"}}],
            "empty": [],
            "tail": {"k": [true]},
        });
        let mut out = Vec::new();
        let w: &mut dyn Write = &mut out;
        let mut f = Frame::new();
        f.begin_object(w);
        f.field(w, "a", &1);
        f.key(w, "list");
        f.begin_array(w);
        f.push(w, &whole["list"][0]);
        f.push(w, &whole["list"][1]);
        f.end(w);
        f.key(w, "empty");
        f.begin_array(w);
        f.end(w);
        f.key(w, "tail");
        f.begin_object(w);
        f.field(w, "k", &whole["tail"]["k"]);
        f.end(w);
        f.end(w);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&whole).unwrap()
        );
    }

    /// Values written by hand are what serde writes for them.
    #[test]
    fn a_value_written_by_hand_is_serde_pretty_output() {
        let all_bytes: String = (0u8..0x80).map(char::from).collect();
        let texts = [
            all_bytes.as_str(),
            "",
            "二〇二三年“引号”\\ \u{7f}\u{85}\u{2028}\u{feff}😀",
            "第一行的文字比八个字节长得多\"引\"号\\反斜线\t制表\u{1}控制字符在中间出现，再来一段正文。",
            "abcdefgh\"ijklmnop\\qrstuvw\u{1f}xyz0123456789",
        ];
        let numbers: Vec<serde_json::Value> = [0, 7, 10, 12345678901234567890u64]
            .into_iter()
            .chain(0..1200)
            .chain([99_999, 100_000, 1_000_001, usize::MAX as u64])
            .map(serde_json::Value::from)
            .chain([(-1i64).into(), (-2147483648i64).into()])
            .collect();
        let whole = json!({
            "s": texts,
            "n": numbers,
            "empty": [],
            "obj": {},
            "nested": [{"a": null, "b": true, "c": false, "d": [[], [1]]}],
            "f": 0.125,
        });
        let mut buf = Vec::new();
        let mut w = Writer::at(&mut buf, 0);
        w.begin_object();
        w.key("s");
        w.begin_array();
        for t in texts {
            w.element();
            w.str(t);
        }
        w.end_array();
        w.key("n");
        w.begin_array();
        for n in [0usize, 7, 10, 12345678901234567890] {
            w.element();
            w.uint(n);
        }
        for n in (0..1200).chain([99_999, 100_000, 1_000_001, usize::MAX]) {
            w.element();
            w.uint(n);
        }
        for n in [-1i64, -2147483648] {
            w.element();
            w.int(n);
        }
        w.end_array();
        w.key("empty");
        w.begin_array();
        w.end_array();
        w.key("obj");
        w.begin_object();
        w.end_object();
        w.key("nested");
        w.begin_array();
        w.element();
        w.begin_object();
        w.key("a");
        w.opt_str(None);
        w.key("b");
        w.bool(true);
        w.key("c");
        w.bool(false);
        w.key("d");
        w.serde(&whole["nested"][0]["d"]);
        w.end_object();
        w.end_array();
        w.key("f");
        w.serde(&0.125);
        w.end_object();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            serde_json::to_string_pretty(&whole).unwrap()
        );
    }
}
