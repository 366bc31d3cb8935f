//! Runs a page's content stream far enough to know where each character is
//! drawn: the text operators, the text and graphics matrices, and form
//! XObjects (which producers use for headers, footers and whole pages).
//! Everything else — paths, colours, images — is skipped; images are only
//! counted, to tell a scanned page from an empty one.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::{deref, number, Font};
use super::layout::Char;
use super::Budget;

/// Form XObjects nested deeper than this are not drawn: real files nest
/// two or three, and a loop of forms would otherwise never end.
const MAX_FORM_DEPTH: usize = 12;

/// `q` without `Q` deeper than this is ignored.
const MAX_SAVED_STATES: usize = 256;

type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a × b`: first `a`, then `b`.
fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// What a page's content drew.
#[derive(Default)]
pub struct Drawn {
    pub chars: Vec<Char>,
    /// Images drawn (a page with images and no text is a scan).
    pub images: usize,
    /// Characters drawn whose text the font does not give.
    pub unmapped: usize,
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

/// Fonts read once per document, by object (or by resource name for a
/// font written directly in the resources).
pub type FontCache = HashMap<ObjectId, Rc<Font>>;

pub struct Interpreter<'a> {
    doc: &'a Document,
    fonts: &'a mut FontCache,
    budget: &'a mut Budget,
    out: Drawn,
    page: usize,
    /// The forms being drawn, against loops.
    forms: Vec<ObjectId>,
}

impl<'a> Interpreter<'a> {
    pub fn new(
        doc: &'a Document,
        fonts: &'a mut FontCache,
        budget: &'a mut Budget,
        page: usize,
    ) -> Self {
        Interpreter {
            doc,
            fonts,
            budget,
            out: Drawn::default(),
            page,
            forms: Vec::new(),
        }
    }

    pub fn finish(self) -> Drawn {
        self.out
    }

    /// Draws one content stream with its resources.
    pub fn run(&mut self, content: &[u8], resources: Option<&Dictionary>, ctm: Matrix) {
        let mut state = State {
            ctm,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut saved: Vec<State> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        for op in Content::decode_iter(content) {
            let Ok(op) = op else { break };
            if !self.budget.operation() {
                break;
            }
            let args = &op.operands;
            let num = |i: usize| args.get(i).and_then(number).filter(|v| v.is_finite());
            match op.operator.as_str() {
                "q" if saved.len() < MAX_SAVED_STATES => saved.push(state.clone()),
                "Q" => {
                    if let Some(s) = saved.pop() {
                        state = s;
                    }
                }
                "cm" => {
                    if let Some(m) = matrix(args) {
                        state.ctm = mul(&m, &state.ctm);
                    }
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    state.font = args
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .map(|n| self.font(resources, n));
                    state.size = num(1).unwrap_or(0.0);
                }
                "Tc" => state.char_spacing = num(0).unwrap_or(0.0),
                "Tw" => state.word_spacing = num(0).unwrap_or(0.0),
                "Tz" => state.scale = num(0).unwrap_or(100.0) / 100.0,
                "TL" => state.leading = num(0).unwrap_or(0.0),
                "Ts" => state.rise = num(0).unwrap_or(0.0),
                "Td" | "TD" => {
                    let (tx, ty) = (num(0).unwrap_or(0.0), num(1).unwrap_or(0.0));
                    if op.operator == "TD" {
                        state.leading = -ty;
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                    tm = tlm;
                }
                "Tm" => {
                    if let Some(m) = matrix(args) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    if op.operator != "Tj" {
                        if op.operator == "\"" {
                            state.word_spacing = num(0).unwrap_or(state.word_spacing);
                            state.char_spacing = num(1).unwrap_or(state.char_spacing);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &tlm);
                        tm = tlm;
                    }
                    if let Some(Object::String(bytes, _)) = args.last() {
                        self.show(&state, &mut tm, bytes);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = args.first() {
                        for item in items {
                            match item {
                                Object::String(bytes, _) => self.show(&state, &mut tm, bytes),
                                other => {
                                    if let Some(n) = number(other).filter(|v| v.is_finite()) {
                                        let tx = -n / 1000.0 * state.size * state.scale;
                                        tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                    }
                                }
                            }
                        }
                    }
                }
                "Do" => {
                    if let Some(name) = args.first().and_then(|n| n.as_name().ok()) {
                        self.xobject(resources, name, &state.ctm);
                    }
                }
                "BI" | "EI" => self.out.images += 1,
                _ => {}
            }
        }
    }

    /// Draws a string: one [`Char`] for each code, placed where the text
    /// matrix says, and moves the matrix past it.
    fn show(&mut self, state: &State, tm: &mut Matrix, bytes: &[u8]) {
        let font = match &state.font {
            Some(f) => Rc::clone(f),
            None => Rc::new(Font::fallback()),
        };
        let size = state.size;
        let text_to_device = |tm: &Matrix| {
            mul(
                &mul(&[size * state.scale, 0.0, 0.0, size, 0.0, state.rise], tm),
                &state.ctm,
            )
        };
        font.decode(bytes, |glyph| {
            if !self.budget.char() {
                return;
            }
            let trm = text_to_device(tm);
            let advance = glyph.width * size
                + state.char_spacing
                + if glyph.is_space_code {
                    state.word_spacing
                } else {
                    0.0
                };
            let next = mul(&[1.0, 0.0, 0.0, 1.0, advance * state.scale, 0.0], tm);
            let end = text_to_device(&next);
            let height = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
            if glyph.text.is_empty() {
                self.out.unmapped += 1;
            } else if height.is_finite() && trm[4].is_finite() && trm[5].is_finite() {
                self.out.chars.push(Char {
                    page: self.page,
                    x: trm[4],
                    y: trm[5],
                    end: end[4],
                    size: height,
                    text: glyph.text,
                });
            }
            *tm = next;
        });
    }

    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Rc<Font> {
        let doc = self.doc;
        let fonts = resources
            .and_then(|r| deref(doc, r.get(b"Font").ok()))
            .and_then(|o| o.as_dict().ok());
        let Some(entry) = fonts.and_then(|f| f.get(name).ok()) else {
            return Rc::new(Font::fallback());
        };
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        if let Some(f) = id.and_then(|id| self.fonts.get(&id)) {
            return Rc::clone(f);
        }
        let font = match deref(doc, Some(entry)).and_then(|o| o.as_dict().ok()) {
            Some(dict) => Rc::new(Font::read(doc, dict)),
            None => Rc::new(Font::fallback()),
        };
        if let Some(id) = id {
            self.fonts.insert(id, Rc::clone(&font));
        }
        font
    }

    fn xobject(&mut self, resources: Option<&Dictionary>, name: &[u8], ctm: &Matrix) {
        let doc = self.doc;
        let Some(entry) = resources
            .and_then(|r| deref(doc, r.get(b"XObject").ok()))
            .and_then(|o| o.as_dict().ok())
            .and_then(|x| x.get(name).ok())
        else {
            return;
        };
        let Object::Reference(id) = entry else {
            return;
        };
        let Some(Object::Stream(stream)) = deref(doc, Some(entry)) else {
            return;
        };
        match stream.dict.get(b"Subtype").and_then(|s| s.as_name()) {
            Ok(b"Image") => self.out.images += 1,
            Ok(b"Form") => {
                if self.forms.len() >= MAX_FORM_DEPTH || self.forms.contains(id) {
                    return;
                }
                let Some(content) = self.budget.decode(stream) else {
                    return;
                };
                let m = matrix(
                    stream
                        .dict
                        .get(b"Matrix")
                        .ok()
                        .and_then(|m| m.as_array().ok())
                        .map(|a| a.as_slice())
                        .unwrap_or(&[]),
                )
                .unwrap_or(IDENTITY);
                let own = deref(doc, stream.dict.get(b"Resources").ok())
                    .and_then(|o| o.as_dict().ok())
                    .or(resources);
                self.forms.push(*id);
                self.run(&content, own, mul(&m, ctm));
                self.forms.pop();
            }
            _ => {}
        }
    }
}

fn matrix(args: &[Object]) -> Option<Matrix> {
    if args.len() < 6 {
        return None;
    }
    let mut m = [0.0; 6];
    for (slot, a) in m.iter_mut().zip(args) {
        *slot = number(a).filter(|v| v.is_finite())?;
    }
    Some(m)
}

/// A page's resources, inherited from its ancestors when the page has none.
pub fn page_resources(doc: &Document, page: &Dictionary) -> Option<Dictionary> {
    let mut node = page;
    for _ in 0..32 {
        if let Some(r) = deref(doc, node.get(b"Resources").ok()).and_then(|o| o.as_dict().ok()) {
            return Some(r.clone());
        }
        node = deref(doc, node.get(b"Parent").ok())?.as_dict().ok()?;
    }
    None
}

/// The decoded content streams of a page, joined.
pub fn page_content(doc: &Document, page: &Dictionary, budget: &mut Budget) -> Vec<u8> {
    let mut out = Vec::new();
    let streams: Vec<&Object> = match page.get(b"Contents") {
        Ok(Object::Array(a)) => a.iter().collect(),
        Ok(o) => match deref(doc, Some(o)) {
            Some(Object::Array(a)) => a.iter().collect(),
            Some(o) => vec![o],
            None => Vec::new(),
        },
        Err(_) => Vec::new(),
    };
    for s in streams {
        if let Some(Object::Stream(stream)) = deref(doc, Some(s)) {
            if let Some(bytes) = budget.decode(stream) {
                out.extend_from_slice(&bytes);
                out.push(b'\n');
            }
        }
    }
    out
}
