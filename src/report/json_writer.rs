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

    /// Marks the innermost container as having an element.
    fn ended_value(&mut self) {
        if let Some(o) = self.open.last_mut() {
            o.0 = true;
        }
    }
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
}
