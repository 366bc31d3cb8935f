//! Run and paragraph properties as Word stores them at each level (document
//! defaults, styles, direct formatting), and their resolution: each property
//! is taken from the first level that sets it, from the run's own `w:rPr`
//! through its character style and the paragraph's style chain down to the
//! document defaults. Also the theme's fonts (`w:eastAsiaTheme`), the page
//! of the last section (`w:sectPr`) and the page number in the footers.
//!
//! Every number read from the file is parsed leniently and clamped: a
//! garbage or giant value is treated as absent or as the nearest sane one,
//! never as a reason to fail.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::super::xml::{element, Node};
use crate::document::layout::{
    twips_to_mm, LineSpacing, Margins, PageLayout, PageNumber, ParaLayout,
};

/// Run properties one level sets (`None`: not set there).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RunProps {
    pub east_asia: Option<FontRefKey>,
    pub ascii: Option<FontRefKey>,
    /// `w:sz`, in half-points.
    pub size: Option<u32>,
    pub bold: Option<bool>,
}

/// A font as a level names it: `(is_theme, name)`, a face or a theme slot
/// (`minorEastAsia`).
pub type FontRefKey = (bool, String);

impl RunProps {
    /// Reads one child of a `w:rPr` into these properties.
    pub fn read(&mut self, node: &Node) {
        match node.name.as_str() {
            "rFonts" => {
                let pick = |name: &str, theme: &str| {
                    node.attr(theme)
                        .map(|t| (true, t.to_string()))
                        .or_else(|| node.attr(name).map(|n| (false, n.to_string())))
                        .filter(|(_, n)| !n.is_empty() && n.len() <= MAX_NAME)
                };
                if let Some(f) = pick("eastAsia", "eastAsiaTheme") {
                    self.east_asia = Some(f);
                }
                if let Some(f) = pick("ascii", "asciiTheme").or_else(|| pick("hAnsi", "hAnsiTheme"))
                {
                    self.ascii = Some(f);
                }
            }
            "sz" => {
                if let Some(v) = node.attr("val").and_then(number) {
                    // 1 to 1638 points, as Word allows.
                    self.size = Some(v.clamp(2, 3276) as u32);
                }
            }
            "b" => self.bold = Some(super::styles::on(node)),
            _ => {}
        }
    }

    /// Reads a whole `w:rPr` element.
    pub fn from_node(rpr: Option<&Node>) -> RunProps {
        let mut p = RunProps::default();
        for c in rpr.into_iter().flat_map(|r| r.children.iter()) {
            p.read(c);
        }
        p
    }

    /// Fills what this level leaves unset from `lower`.
    pub fn or(&mut self, lower: &RunProps) {
        if self.east_asia.is_none() {
            self.east_asia.clone_from(&lower.east_asia);
        }
        if self.ascii.is_none() {
            self.ascii.clone_from(&lower.ascii);
        }
        self.size = self.size.or(lower.size);
        self.bold = self.bold.or(lower.bold);
    }
}

/// Font names longer than this are garbage.
const MAX_NAME: usize = 128;

/// Paragraph properties one level sets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParaProps {
    /// `w:ind w:firstLineChars` (or `w:hangingChars`, negated): the
    /// first-line indent in hundredths of a character. Each attribute is
    /// inherited on its own, as Word does; a non-zero character count wins
    /// over the length.
    pub first_chars: Option<i64>,
    /// `w:ind w:firstLine` (or `w:hanging`, negated), in twips.
    pub first_twips: Option<i64>,
    /// `w:ind w:leftChars` (`w:startChars`) and `w:left` (`w:start`).
    pub left_chars: Option<i64>,
    pub left_twips: Option<i64>,
    /// `w:spacing w:line` and `w:lineRule`.
    pub line: Option<(i64, Option<String>)>,
    pub jc: Option<String>,
    pub snap: Option<bool>,
}

impl ParaProps {
    /// Reads one child of a `w:pPr`.
    pub fn read(&mut self, node: &Node) {
        match node.name.as_str() {
            "ind" => {
                let num = |a: &str| node.attr(a).and_then(number);
                let chars = num("firstLineChars").or_else(|| num("hangingChars").map(|h| -h));
                let twips = num("firstLine").or_else(|| num("hanging").map(|h| -h));
                if chars.is_some() {
                    self.first_chars = chars;
                }
                if twips.is_some() {
                    self.first_twips = twips;
                }
                if let Some(v) = num("leftChars").or_else(|| num("startChars")) {
                    self.left_chars = Some(v);
                }
                if let Some(v) = num("left").or_else(|| num("start")) {
                    self.left_twips = Some(v);
                }
            }
            "spacing" => {
                if let Some(line) = node.attr("line").and_then(number) {
                    let rule = node.attr("lineRule").map(str::to_string);
                    self.line = Some((line, rule));
                }
            }
            "jc" => {
                if let Some(v) = node.attr("val").filter(|v| v.len() <= 32) {
                    self.jc = Some(v.to_string());
                }
            }
            "snapToGrid" => self.snap = Some(super::styles::on(node)),
            _ => {}
        }
    }

    pub fn from_node(ppr: Option<&Node>) -> ParaProps {
        let mut p = ParaProps::default();
        for c in ppr.into_iter().flat_map(|r| r.children.iter()) {
            p.read(c);
        }
        p
    }

    pub fn or(&mut self, lower: &ParaProps) {
        self.first_chars = self.first_chars.or(lower.first_chars);
        self.first_twips = self.first_twips.or(lower.first_twips);
        self.left_chars = self.left_chars.or(lower.left_chars);
        self.left_twips = self.left_twips.or(lower.left_twips);
        if self.line.is_none() {
            self.line.clone_from(&lower.line);
        }
        if self.jc.is_none() {
            self.jc.clone_from(&lower.jc);
        }
        self.snap = self.snap.or(lower.snap);
    }
}

/// A whole number from an attribute, clamped to a range no real document
/// exceeds; garbage is none.
pub fn number(s: &str) -> Option<i64> {
    let s = s.trim();
    let v: f64 = s.parse().ok()?;
    v.is_finite()
        .then(|| v.clamp(-1_000_000.0, 1_000_000.0) as i64)
}

/// The theme's fonts: the east-Asian and Latin faces of its minor (body)
/// and major (heading) fonts.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub minor_ea: Option<String>,
    pub major_ea: Option<String>,
    pub minor_latin: Option<String>,
    pub major_latin: Option<String>,
}

impl Theme {
    /// Reads `word/theme/theme1.xml`: `a:minorFont/a:ea`, or when that is
    /// empty the font for `script="Hans"` (simplified Chinese).
    pub fn parse(root: &Node) -> Theme {
        let mut theme = Theme::default();
        let Some(scheme) = find(root, "fontScheme", 0) else {
            return theme;
        };
        let face = |font: &Node, what: &str| {
            font.child(what)
                .and_then(|n| n.attr("typeface"))
                .filter(|t| !t.is_empty() && t.len() <= MAX_NAME)
                .map(str::to_string)
        };
        let ea = |font: &Node| {
            face(font, "ea").or_else(|| {
                font.all("font")
                    .find(|f| f.attr("script") == Some("Hans"))
                    .and_then(|f| f.attr("typeface"))
                    .filter(|t| !t.is_empty() && t.len() <= MAX_NAME)
                    .map(str::to_string)
            })
        };
        if let Some(minor) = scheme.child("minorFont") {
            theme.minor_ea = ea(minor);
            theme.minor_latin = face(minor, "latin");
        }
        if let Some(major) = scheme.child("majorFont") {
            theme.major_ea = ea(major);
            theme.major_latin = face(major, "latin");
        }
        theme
    }

    /// The face a theme slot (`minorEastAsia`, `majorHAnsi`…) names.
    pub fn resolve(&self, slot: &str) -> Option<&str> {
        let minor = slot.starts_with("minor");
        let ea = slot.ends_with("EastAsia");
        match (minor, ea) {
            (true, true) => self.minor_ea.as_deref(),
            (false, true) => self.major_ea.as_deref(),
            (true, false) => self.minor_latin.as_deref(),
            (false, false) => self.major_latin.as_deref(),
        }
    }
}

/// The first element with this local name, depth first, not deeper than
/// the tree goes.
fn find<'a>(node: &'a Node, name: &str, depth: usize) -> Option<&'a Node> {
    if node.name == name {
        return Some(node);
    }
    if depth > super::super::xml::MAX_DEPTH {
        return None;
    }
    node.children.iter().find_map(|c| find(c, name, depth + 1))
}

/// How many characters a paragraph shows in one combination of direct run
/// properties and character style.
#[derive(Debug, Clone)]
pub struct Tally {
    pub direct: RunProps,
    pub style: Option<String>,
    /// Chinese (and other east-Asian) characters.
    pub cjk: usize,
    /// Other visible characters.
    pub other: usize,
}

/// The distinct run formats kept per paragraph; more are counted with the
/// last one (a paragraph of hundreds of differently formatted runs is
/// not a report's).
pub const MAX_TALLIES: usize = 32;

/// Adds the visible characters of `text` to the paragraph's tallies.
pub fn tally(tallies: &mut Vec<Tally>, direct: &RunProps, style: Option<&str>, text: &str) {
    let mut cjk = 0;
    let mut other = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            continue;
        }
        if is_east_asian(c) {
            cjk += 1;
        } else {
            other += 1;
        }
    }
    if cjk + other == 0 {
        return;
    }
    if let Some(t) = tallies
        .iter_mut()
        .find(|t| t.direct == *direct && t.style.as_deref() == style)
    {
        t.cjk += cjk;
        t.other += other;
        return;
    }
    if tallies.len() >= MAX_TALLIES {
        if let Some(t) = tallies.last_mut() {
            t.cjk += cjk;
            t.other += other;
        }
        return;
    }
    tallies.push(Tally {
        direct: direct.clone(),
        style: style.map(str::to_string),
        cjk,
        other,
    });
}

/// Characters set in the east-Asian font: CJK ideographs and punctuation,
/// full-width forms.
fn is_east_asian(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// The resolved run properties of each tally, with the document's
/// defaults, and the paragraph's layout from them.
pub struct Resolved {
    pub font: Option<String>,
    pub size_pt: Option<f64>,
    pub bold: bool,
    /// The first run's font and size.
    pub lead: (Option<String>, Option<f64>),
}

/// The font (by the Chinese characters when there are any), size and bold
/// most of a paragraph's visible characters have. `resolve` gives a tally's
/// effective run properties.
pub fn majority(
    tallies: &[Tally],
    resolve: impl Fn(&Tally) -> RunProps,
    theme: &Theme,
) -> Resolved {
    let any_cjk = tallies.iter().any(|t| t.cjk > 0);
    let mut fonts: Vec<(String, usize)> = Vec::new();
    let mut sizes: Vec<(u32, usize)> = Vec::new();
    let mut bold = 0usize;
    let mut total = 0usize;
    let mut lead = (None, None);
    for (i, t) in tallies.iter().enumerate() {
        let props = resolve(t);
        let name = |f: &Option<FontRefKey>| {
            f.as_ref().and_then(|(is_theme, n)| {
                if *is_theme {
                    theme.resolve(n).map(str::to_string)
                } else {
                    Some(n.clone())
                }
            })
        };
        let (font, weight) = if any_cjk {
            (name(&props.east_asia).or_else(|| name(&props.ascii)), t.cjk)
        } else {
            (
                name(&props.ascii).or_else(|| name(&props.east_asia)),
                t.other,
            )
        };
        if i == 0 {
            lead = (
                font.clone(),
                Some(f64::from(props.size.unwrap_or(DEFAULT_SIZE)) / 2.0),
            );
        }
        if let Some(font) = font.filter(|_| weight > 0) {
            match fonts.iter_mut().find(|(f, _)| *f == font) {
                Some(entry) => entry.1 += weight,
                None => fonts.push((font, weight)),
            }
        }
        let n = t.cjk + t.other;
        let size = props.size.unwrap_or(DEFAULT_SIZE);
        match sizes.iter_mut().find(|(s, _)| *s == size) {
            Some(entry) => entry.1 += n,
            None => sizes.push((size, n)),
        }
        if props.bold == Some(true) {
            bold += n;
        }
        total += n;
    }
    let top = |v: &[(String, usize)]| {
        v.iter()
            .enumerate()
            .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
            .map(|(_, (f, _))| f.clone())
    };
    let size = sizes
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
        .map(|(_, (s, _))| f64::from(*s) / 2.0);
    Resolved {
        font: top(&fonts),
        size_pt: size,
        bold: total > 0 && bold * 2 > total,
        lead,
    }
}

/// Word's size when no level sets one: 10 points.
pub const DEFAULT_SIZE: u32 = 20;

/// A paragraph's layout from its resolved paragraph properties and the
/// majority of its runs.
pub fn paragraph_layout(line: usize, ppr: &ParaProps, runs: Resolved) -> ParaLayout {
    let size = runs.size_pt;
    let first_line_chars = match (ppr.first_chars, ppr.first_twips) {
        (Some(c), _) if c != 0 => Some(c as f64 / 100.0),
        (_, Some(t)) => Some(t as f64 / 20.0 / size.unwrap_or(10.0).max(1.0)),
        (Some(_), None) => Some(0.0),
        (None, None) => None,
    };
    let left_chars = match (ppr.left_chars, ppr.left_twips) {
        (Some(c), _) if c != 0 => Some(c as f64 / 100.0),
        (_, Some(t)) => Some(t as f64 / 20.0 / size.unwrap_or(10.0).max(1.0)),
        (Some(_), None) => Some(0.0),
        (None, None) => None,
    };
    let line_spacing = ppr.line.as_ref().map(|(line, rule)| {
        let v = *line as f64;
        match rule.as_deref() {
            Some("exact") => LineSpacing::Exact(v.abs() / 20.0),
            Some("atLeast") => LineSpacing::AtLeast(v / 20.0),
            // A negative auto value is exact in older files.
            _ if v < 0.0 => LineSpacing::Exact(-v / 20.0),
            _ => LineSpacing::Multiple(v / 240.0),
        }
    });
    ParaLayout {
        line,
        font: runs.font,
        size_pt: size,
        bold: runs.bold,
        lead_font: runs.lead.0,
        lead_size_pt: runs.lead.1,
        first_line_chars,
        left_chars,
        line_spacing: line_spacing.or(Some(LineSpacing::Multiple(1.0))),
        align: ppr.jc.clone(),
        snap_to_grid: ppr.snap.unwrap_or(true),
        in_table: false,
    }
}

/// What the last `w:sectPr` of the body says of the page.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// Width and height, twips.
    pub size: Option<(i64, i64)>,
    /// Top, bottom, left, right, twips.
    pub margins: Option<(i64, i64, i64, i64)>,
    /// `w:docGrid`: type, linePitch (twips), charSpace.
    pub grid: Option<(String, Option<i64>, Option<i64>)>,
    /// `r:id`s of the footers it references (default first).
    pub footers: Vec<String>,
}

/// Reads the last `w:sectPr` of `document.xml` (the body's own, which
/// comes last) with a streaming pass; a malformed part gives what was read.
pub fn last_section(xml: &str) -> Section {
    let mut reader = Reader::from_str(xml);
    let mut last = Section::default();
    let mut current: Option<Section> = None;
    let mut depth_in = 0usize;
    // Inside `w:sectPrChange` (a tracked change of the page setup): the old
    // settings it keeps are not the section's; the depth within it.
    let mut in_change = 0usize;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                if current.is_some() {
                    depth_in += 1;
                    if in_change > 0 || name.as_ref() == b"sectPrChange" {
                        in_change += 1;
                    } else if let Ok(node) = element(&e) {
                        section_child(current.as_mut(), &node);
                    }
                } else if name.as_ref() == b"sectPr" {
                    current = Some(Section::default());
                    depth_in = 0;
                }
            }
            Event::Empty(e) => {
                if current.is_some() {
                    if in_change == 0 {
                        if let Ok(node) = element(&e) {
                            section_child(current.as_mut(), &node);
                        }
                    }
                } else if e.local_name().as_ref() == b"sectPr" {
                    last = Section::default();
                }
            }
            Event::End(_) if current.is_some() => {
                if depth_in == 0 {
                    if let Some(s) = current.take() {
                        last = s;
                    }
                } else {
                    depth_in -= 1;
                    in_change = in_change.saturating_sub(1);
                }
            }
            _ => {}
        }
    }
    last
}

fn section_child(s: Option<&mut Section>, node: &Node) {
    let Some(s) = s else { return };
    let num = |a: &str| node.attr(a).and_then(number);
    match node.name.as_str() {
        "pgSz" => {
            if let (Some(w), Some(h)) = (num("w"), num("h")) {
                // An orientation swap keeps w and h as they are drawn.
                s.size = Some((w, h));
            }
        }
        "pgMar" => {
            let (t, b, l, r) = (num("top"), num("bottom"), num("left"), num("right"));
            if let (Some(t), Some(b), Some(l), Some(r)) = (t, b, l, r) {
                // Negative top and bottom margins keep the text clear of
                // the header and footer; the distance is what counts.
                s.margins = Some((t.abs(), b.abs(), l, r));
            }
        }
        "docGrid" => {
            let kind = node.attr("type").unwrap_or("default").to_string();
            s.grid = Some((kind, num("linePitch"), num("charSpace")));
        }
        "footerReference" => {
            if let Some(id) = node.attr("id") {
                // The default footer goes first; a broken file repeating
                // references keeps only the first few.
                if s.footers.len() >= 8 {
                } else if node.attr("type").unwrap_or("default") == "default" {
                    s.footers.insert(0, id.to_string());
                } else {
                    s.footers.push(id.to_string());
                }
            }
        }
        _ => {}
    }
}

/// The page's layout: paper and margins in millimetres, and lines per page
/// and characters per line from the document grid, else from the body's
/// usual line pitch and size (`body_pitch_pt`, `body_size_pt`), as Word
/// fills the text area.
pub fn page_layout(
    section: &Section,
    default_size_pt: f64,
    body: Option<(f64, f64)>,
    page_number: PageNumber,
) -> PageLayout {
    let paper = section.size.filter(|(w, h)| *w > 0 && *h > 0);
    let paper_mm = paper.map(|(w, h)| (twips_to_mm(w as f64), twips_to_mm(h as f64)));
    let margins_mm = section.margins.map(|(t, b, l, r)| Margins {
        top: twips_to_mm(t as f64),
        bottom: twips_to_mm(b as f64),
        left: twips_to_mm(l as f64),
        right: twips_to_mm(r as f64),
    });
    let area_pt = match (paper, section.margins) {
        (Some((w, h)), Some((t, b, l, r))) => {
            Some(((w - l - r) as f64 / 20.0, (h - t - b) as f64 / 20.0))
        }
        _ => None,
    };
    let grid = section.grid.as_ref();
    let grid_lines = grid.filter(|(kind, _, _)| kind == "lines" || kind == "linesAndChars");
    let grid_pitch_pt = grid_lines
        .and_then(|(_, pitch, _)| *pitch)
        .filter(|p| *p > 0)
        .map(|p| p as f64 / 20.0);
    let grid_chars = grid.filter(|(kind, _, _)| kind == "linesAndChars" || kind == "snapToChars");
    let count = |space: f64, step: f64| -> Option<u32> {
        (space > 0.0 && step > 0.5).then(|| ((space / step) + 0.02).floor().min(10_000.0) as u32)
    };
    let lines_per_page = area_pt.and_then(|(_, h)| match grid_pitch_pt {
        Some(pitch) => count(h, pitch),
        None => body.and_then(|(pitch, _)| count(h, pitch)),
    });
    let chars_per_line = area_pt.and_then(|(w, _)| match grid_chars {
        Some((_, _, space)) => {
            // w:charSpace: 4096ths of a point added to the default size.
            let step = default_size_pt + space.unwrap_or(0) as f64 / 4096.0;
            count(w, step)
        }
        None => body.and_then(|(_, size)| count(w, size)),
    });
    PageLayout {
        paper_mm,
        margins_mm,
        grid_pitch_pt,
        lines_per_page,
        chars_per_line,
        page_number,
    }
}

/// The page number a footer part draws: the paragraph holding a `PAGE`
/// field (complex or simple), with its text before and after the field
/// result, the result's run properties and the paragraph's style. `None`
/// without one.
pub fn footer_page_number(root: &Node) -> Option<FooterPage> {
    let mut found = None;
    visit_paragraphs(root, 0, &mut |p| {
        if found.is_some() {
            return;
        }
        found = page_in_paragraph(p);
    });
    found
}

fn visit_paragraphs(node: &Node, depth: usize, f: &mut impl FnMut(&Node)) {
    if depth > super::super::xml::MAX_DEPTH {
        return;
    }
    for c in &node.children {
        if c.name == "p" {
            f(c);
        } else {
            visit_paragraphs(c, depth + 1, f);
        }
    }
}

/// A footer paragraph with a page number: the text before and after the
/// field, the field result's direct run properties, the paragraph style.
pub type FooterPage = (String, String, RunProps, Option<String>);

/// The field state while walking a footer paragraph's runs.
fn page_in_paragraph(p: &Node) -> Option<FooterPage> {
    let mut before = String::new();
    let mut after = String::new();
    let mut props = None;
    // 0: before the field, 1: in its instruction, 2: in its result, 3: after.
    let mut state = 0u8;
    let mut pending_page = false;
    let mut runs: Vec<&Node> = Vec::new();
    collect_runs(p, 0, &mut runs);
    for r in runs {
        if r.name == "fldSimple" {
            let is_page = r
                .attr("instr")
                .is_some_and(|i| i.split_whitespace().next() == Some("PAGE"));
            if is_page && state == 0 {
                let mut inner = Vec::new();
                collect_runs(r, 0, &mut inner);
                props = Some(
                    inner
                        .iter()
                        .find(|n| n.name == "r")
                        .map(|n| RunProps::from_node(n.child("rPr")))
                        .unwrap_or_default(),
                );
                state = 3;
            }
            continue;
        }
        for c in &r.children {
            match c.name.as_str() {
                "fldChar" => match c.attr("fldCharType") {
                    Some("begin") if state == 0 => {
                        state = 1;
                        pending_page = false;
                    }
                    Some("separate") if state == 1 => {
                        state = if pending_page { 2 } else { 0 };
                    }
                    Some("end") if state == 2 => state = 3,
                    Some("end") if state == 1 && pending_page => state = 3,
                    Some("end") if state == 1 => state = 0,
                    _ => {}
                },
                "instrText" if state == 1 => {
                    let text = node_text(c);
                    if text.split_whitespace().next() == Some("PAGE") {
                        pending_page = true;
                        props = Some(RunProps::from_node(r.child("rPr")));
                    }
                }
                "t" => match state {
                    0 => before.push_str(&node_text(c)),
                    3 => after.push_str(&node_text(c)),
                    _ => {}
                },
                _ => {}
            }
        }
    }
    if state == 1 && pending_page {
        state = 3;
    }
    let style = p
        .child("pPr")
        .and_then(|pp| pp.val("pStyle"))
        .map(str::to_string);
    (state >= 2).then(|| (before, after, props.unwrap_or_default(), style))
}

/// The runs (`w:r`) and simple fields of a paragraph, through hyperlinks,
/// smart tags and content controls.
fn collect_runs<'a>(node: &'a Node, depth: usize, out: &mut Vec<&'a Node>) {
    if depth > 8 {
        return;
    }
    for c in &node.children {
        match c.name.as_str() {
            "r" | "fldSimple" => out.push(c),
            "pPr" | "rPr" | "del" => {}
            _ => collect_runs(c, depth + 1, out),
        }
    }
}

/// The text content of a small element (its `#text` children, as the tree
/// keeps them).
fn node_text(node: &Node) -> String {
    node.attr("#text").unwrap_or_default().to_string()
}

/// A page number's layout from a footer's paragraph.
pub fn page_number(
    found: Option<FooterPage>,
    resolve: impl Fn(&RunProps, Option<&str>) -> (Option<String>, Option<f64>),
) -> PageNumber {
    match found {
        None => PageNumber::Missing,
        Some((before, after, props, style)) => {
            let (font, size_pt) = resolve(&props, style.as_deref());
            PageNumber::Field {
                before: before.trim().to_string(),
                after: after.trim().to_string(),
                font,
                size_pt,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tracked_change_of_the_page_setup_keeps_the_current_settings() {
        let xml = concat!(
            "<w:document><w:body><w:p/><w:sectPr>",
            "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>",
            "<w:pgMar w:top=\"2098\" w:bottom=\"1984\" w:left=\"1588\" w:right=\"1474\"/>",
            "<w:sectPrChange w:id=\"1\"><w:sectPr>",
            "<w:pgSz w:w=\"12240\" w:h=\"15840\"/>",
            "<w:pgMar w:top=\"1440\" w:bottom=\"1440\" w:left=\"1800\" w:right=\"1800\"/>",
            "</w:sectPr></w:sectPrChange>",
            "</w:sectPr></w:body></w:document>",
        );
        let s = last_section(xml);
        assert_eq!(s.size, Some((11906, 16838)));
        assert_eq!(s.margins, Some((2098, 1984, 1588, 1474)));
    }

    #[test]
    fn repeated_footer_references_are_bounded() {
        let refs = "<w:footerReference w:type=\"default\" r:id=\"rId1\"/>".repeat(100_000);
        let xml = format!("<w:document><w:body><w:sectPr>{refs}</w:sectPr></w:body></w:document>");
        let s = last_section(&xml);
        assert!(s.footers.len() <= 8, "{}", s.footers.len());
        assert_eq!(s.footers.first().map(String::as_str), Some("rId1"));
    }
}
