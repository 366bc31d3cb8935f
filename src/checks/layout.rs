//! `kind: layout` — the formatting of a Word document compared with the
//! pack's expectations: the font and size of the title, of each heading
//! level, of the body and of the 发文字号 and 落款; the body's first-line
//! indent and line spacing; the paper, margins, lines per page and
//! characters per line; the page number in the footer. The expectations
//! are the rule's options (GB/T 9704-2012 in the built-in pack); font
//! families and size names (三号 = 16 磅) are pack data.
//!
//! Only documents with a layout (a .docx) are checked; text, web pages,
//! PDF and the other formats give nothing. One finding per element and
//! property: “正文 38 段中有 35 段不是仿宋_GB2312 三号”, labelled at the
//! first few paragraphs concerned. Page findings are anchored at the title.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Check, CompileEnv, Context, DataPaths, Kind, Problem};
use crate::document::layout::{mm_to_pt, LineSpacing, PageNumber, ParaLayout};
use crate::document::{BlockKind, Span};
use crate::finding::{Findings, Label};

/// `kind: layout`.
pub struct LayoutKind;

/// Word 文档的版式：各要素的字体字号、正文首行缩进和行距、纸张、页边距、行数字数、页码。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LayoutOptions {
    /// 字体别名和字号名称的数据文件（如 `data/layout-fonts.yaml`）：`families` 列出同一字体的各种名称，`sizes` 列出字号名称对应的磅值。
    pub fonts: DataPaths,
    /// 各要素的要求。
    #[serde(default)]
    pub elements: Vec<ElementOptions>,
    /// 页面的要求。
    #[serde(default)]
    pub page: Option<PageOptions>,
    /// 页码的要求。
    #[serde(default)]
    pub page_number: Option<PageNumberOptions>,
}

/// 一种要素的要求；不写的项不检查。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ElementOptions {
    /// 要素：`title`（标题）、`heading1`～`heading4`（第一至第四层标题）、`body`（正文段落）、`doc_number`（发文字号）、`closing_issuer`（署名）、`closing_date`（成文日期）。
    pub element: String,
    /// 字体，如 `仿宋_GB2312`；按数据文件中的别名比较。
    #[serde(default)]
    pub font: Option<String>,
    /// 字号：名称（`三号`、`小四`）或磅值（`16`）。
    #[serde(default)]
    pub size: Option<SizeValue>,
    /// 是否加粗；不写则不检查。
    #[serde(default)]
    pub bold: Option<bool>,
    /// 首行缩进的字数（如 2 表示左空二字）。
    #[serde(default)]
    pub first_line_chars: Option<f64>,
    /// 段落的行距应使版心每面排多少行（如 22）。
    #[serde(default)]
    pub lines_per_page: Option<u32>,
    /// 是否应编排在版心右侧（署名、成文日期“右空二字”“右空四字”）：右对齐，或以缩进、空格推到行的后半部分，都算在右侧；左对齐、两端对齐或居中而没有推到右侧的报告。只查位置，不查右空几字。
    #[serde(default)]
    pub right_side: bool,
}

/// 字号：名称或磅值。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SizeValue {
    Points(f64),
    Name(String),
}

/// 页面的要求；不写的项不检查。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageOptions {
    /// 纸张：名称和宽、高（毫米），如 `{name: A4, width: 210, height: 297}`。
    #[serde(default)]
    pub paper: Option<PaperOptions>,
    /// 页边距（毫米）：`top`（天头）、`bottom`、`left`（订口）、`right`。
    #[serde(default)]
    pub margins: Option<MarginOptions>,
    /// 纸张和页边距允许的误差（毫米，默认 1）。
    #[serde(default = "one")]
    pub tolerance_mm: f64,
    /// 每面行数。
    #[serde(default)]
    pub lines_per_page: Option<u32>,
    /// 每行字数。
    #[serde(default)]
    pub chars_per_line: Option<u32>,
}

fn one() -> f64 {
    1.0
}

/// 纸张。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaperOptions {
    /// 名称，如 A4。
    pub name: String,
    /// 宽（毫米）。
    pub width: f64,
    /// 高（毫米）。
    pub height: f64,
}

/// 页边距（毫米）；不写的边不检查。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarginOptions {
    #[serde(default)]
    pub top: Option<f64>,
    #[serde(default)]
    pub bottom: Option<f64>,
    #[serde(default)]
    pub left: Option<f64>,
    #[serde(default)]
    pub right: Option<f64>,
}

/// 页码的要求。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageNumberOptions {
    /// 页码两侧应有的符号（任一即可），如 `['—', '－']`；空表示不检查。
    #[serde(default)]
    pub dashes: Vec<String>,
    /// 页码的字体。
    #[serde(default)]
    pub font: Option<String>,
    /// 页码的字号。
    #[serde(default)]
    pub size: Option<SizeValue>,
}

/// The data file: font families with their names, and size names.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FontData {
    #[serde(default)]
    families: Vec<Family>,
    #[serde(default)]
    sizes: Vec<NamedSize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Family {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedSize {
    name: String,
    pt: f64,
}

const PLACEHOLDERS: &[&str] = &["detail", "element", "count", "total"];

impl Kind for LayoutKind {
    const NAME: &'static str = "layout";
    const PLACEHOLDERS: &'static [&'static str] = PLACEHOLDERS;
    const DOCS: &'static str = "Word 文档（.docx）的版式与规则包中的要求不符：标题、各层次标题、正文、发文字号、署名和成文日期的字体字号，正文的首行缩进和行距，署名和成文日期是否在右侧，纸张、页边距、每面行数和每行字数，页脚的页码。字体按数据文件中的别名比较（仿宋_GB2312 与 仿宋、FangSong 同属一种），字号可写名称（三号）或磅值。每种要素的每项要求至多报告一次，标注最先几处。只检查 .docx：文本、网页、PDF 等格式没有版式信息，不报告。`{detail}` 是具体情况，`{element}` 是要素名称，`{count}` 是不符合要求的段数，`{total}` 是该要素的段数（页面和页码的问题均为 1）。";
    type Options = LayoutOptions;

    fn compile(o: LayoutOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        Some(Box::new(LayoutCheck::compile(o, env)?))
    }
}

/// An element of the document model a rule sets expectations for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Element {
    Title,
    Heading(u8),
    Body,
    DocNumber,
    ClosingIssuer,
    ClosingDate,
}

impl Element {
    fn parse(s: &str) -> Option<Element> {
        Some(match s {
            "title" => Element::Title,
            "heading1" => Element::Heading(1),
            "heading2" => Element::Heading(2),
            "heading3" => Element::Heading(3),
            "heading4" => Element::Heading(4),
            "body" => Element::Body,
            "doc_number" => Element::DocNumber,
            "closing_issuer" => Element::ClosingIssuer,
            "closing_date" => Element::ClosingDate,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Element::Title => "标题",
            Element::Heading(1) => "一级标题",
            Element::Heading(2) => "二级标题",
            Element::Heading(3) => "三级标题",
            Element::Heading(_) => "四级标题",
            Element::Body => "正文",
            Element::DocNumber => "发文字号",
            Element::ClosingIssuer => "署名",
            Element::ClosingDate => "成文日期",
        }
    }
}

#[derive(Debug)]
struct Expect {
    element: Element,
    font: Option<String>,
    size: Option<f64>,
    bold: Option<bool>,
    first_line_chars: Option<f64>,
    lines_per_page: Option<u32>,
    right_side: bool,
}

#[derive(Debug)]
struct PageNumberExpect {
    dashes: Vec<String>,
    font: Option<String>,
    size: Option<f64>,
}

#[derive(Debug)]
pub struct LayoutCheck {
    /// Normalised font name → family index.
    families: HashMap<String, usize>,
    family_names: Vec<String>,
    sizes: Vec<(String, f64)>,
    elements: Vec<Expect>,
    page: Option<PageOptions>,
    page_number: Option<PageNumberExpect>,
}

/// Sizes closer than this (points) are the same.
const SIZE_TOLERANCE: f64 = 0.26;
/// Indents closer than this (characters) are the same.
const INDENT_TOLERANCE: f64 = 0.3;
/// How far from the left (in characters) text pushed by indents or spaces
/// is on the right side of a 28-character line.
const RIGHT_SIDE_CHARS: f64 = 10.0;
/// Labels on a finding besides the primary one.
const MORE_LABELS: usize = 3;

/// A font name as compared: without spaces, in lower case.
fn normalise(font: &str) -> String {
    font.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

impl LayoutCheck {
    fn compile(o: LayoutOptions, env: &mut impl CompileEnv) -> Option<LayoutCheck> {
        let data = o.fonts.read::<FontData>("check.fonts", env)?;
        let mut families = HashMap::new();
        let mut family_names = Vec::new();
        let mut sizes = Vec::new();
        for d in data {
            for f in d.value.families {
                let i = family_names.len();
                for name in std::iter::once(&f.name).chain(&f.aliases) {
                    families.entry(normalise(name)).or_insert(i);
                }
                family_names.push(f.name);
            }
            sizes.extend(d.value.sizes.into_iter().map(|s| (s.name, s.pt)));
        }
        let mut ok = true;
        let mut size_of = |at: &str, v: &Option<SizeValue>, env: &mut _| -> Option<f64> {
            match v {
                None => None,
                Some(SizeValue::Points(pt)) => Some(*pt),
                Some(SizeValue::Name(name)) => {
                    let found = sizes.iter().find(|(n, _)| n == name).map(|(_, pt)| *pt);
                    if found.is_none() {
                        ok = false;
                        CompileEnv::error(
                            env,
                            at,
                            Some(name.as_str()),
                            Problem::new(
                                format!("字号“{name}”不在数据文件的 sizes 中"),
                                "未知的字号",
                                "写数据文件 sizes 中的名称（如 三号、小四），或直接写磅值（如 16）",
                            ),
                        );
                    }
                    found
                }
            }
        };
        let mut elements = Vec::new();
        for (i, e) in o.elements.iter().enumerate() {
            let size = size_of(&format!("check.elements[{i}].size"), &e.size, env);
            let Some(element) = Element::parse(&e.element) else {
                env.error(
                    &format!("check.elements[{i}].element"),
                    None,
                    Problem::new(
                        format!("未知的要素“{}”", e.element),
                        "未知的要素",
                        "写 title、heading1～heading4、body、doc_number、closing_issuer 或 closing_date",
                    ),
                );
                return None;
            };
            elements.push(Expect {
                element,
                font: e.font.clone(),
                size,
                bold: e.bold,
                first_line_chars: e.first_line_chars,
                lines_per_page: e.lines_per_page,
                right_side: e.right_side,
            });
        }
        let page_number = o.page_number.as_ref().map(|p| PageNumberExpect {
            dashes: p.dashes.clone(),
            font: p.font.clone(),
            size: size_of("check.page_number.size", &p.size, env),
        });
        ok.then_some(LayoutCheck {
            families,
            family_names,
            sizes,
            elements,
            page: o.page,
            page_number,
        })
    }

    /// Whether two font names are one family.
    fn same_font(&self, a: &str, b: &str) -> bool {
        let (a, b) = (normalise(a), normalise(b));
        match (self.families.get(&a), self.families.get(&b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        }
    }

    /// A font's name as the pack names its family.
    fn font_name<'a>(&'a self, font: &'a str) -> &'a str {
        self.families
            .get(&normalise(font))
            .map_or(font, |&i| self.family_names[i].as_str())
    }

    /// A size by its name when it has one (三号), else in points.
    fn size_name(&self, pt: f64) -> String {
        self.sizes
            .iter()
            .find(|(_, s)| (s - pt).abs() < SIZE_TOLERANCE)
            .map_or_else(|| format!("{} 磅", trim(pt)), |(n, _)| n.clone())
    }

    /// The blocks of an element, in document order: line, span, and
    /// whether it is a run-in heading (whose heading part is its first run,
    /// the rest being body text).
    fn blocks(ctx: &Context, element: Element) -> Vec<(usize, Span, bool)> {
        let doc = ctx.doc;
        doc.blocks
            .iter()
            .filter_map(|b| {
                let keep = match (element, b.kind) {
                    (Element::Title, BlockKind::Title) => true,
                    (Element::Heading(l), BlockKind::Heading(i)) => {
                        let h = &doc.headings[i];
                        if h.level == l {
                            return Some((b.line, h.span, h.run_in.is_some()));
                        }
                        false
                    }
                    (Element::Body, BlockKind::Paragraph) => true,
                    (Element::DocNumber, BlockKind::DocNumber) => true,
                    (Element::ClosingIssuer, BlockKind::ClosingIssuer) => true,
                    (Element::ClosingDate, BlockKind::ClosingDate) => true,
                    _ => false,
                };
                keep.then_some((b.line, b.span, false))
            })
            .collect()
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        let Some(layout) = ctx.doc.layout.as_ref() else {
            return;
        };
        for e in &self.elements {
            let owned: Vec<(Span, ParaLayout)> = Self::blocks(ctx, e.element)
                .into_iter()
                .filter_map(|(line, span, run_in)| {
                    let p = layout.at_line(line)?;
                    if p.in_table {
                        return None;
                    }
                    let mut p = p.clone();
                    if run_in {
                        // The heading is set in its own font; the text
                        // after it is body text.
                        p.font.clone_from(&p.lead_font);
                        p.size_pt = p.lead_size_pt;
                    }
                    Some((span, p))
                })
                .collect();
            let paras: Vec<(Span, &ParaLayout)> = owned.iter().map(|(s, p)| (*s, p)).collect();
            if paras.is_empty() {
                continue;
            }
            self.check_font(ctx, e, &paras, out);
            self.check_bold(ctx, e, &paras, out);
            self.check_indent(ctx, e, &paras, out);
            self.check_spacing(ctx, e, &paras, layout, out);
            self.check_right_side(ctx, e, &paras, out);
        }
        self.check_page(ctx, layout, out);
        self.check_page_number(ctx, &layout.page.page_number, out);
    }

    fn check_font(
        &self,
        ctx: &Context,
        e: &Expect,
        paras: &[(Span, &ParaLayout)],
        out: &mut Findings,
    ) {
        if e.font.is_none() && e.size.is_none() {
            return;
        }
        let wrong = |p: &ParaLayout| {
            let font = match (&e.font, &p.font) {
                (Some(want), Some(have)) => !self.same_font(want, have),
                _ => false,
            };
            let size = match (e.size, p.size_pt) {
                (Some(want), Some(have)) => (want - have).abs() >= SIZE_TOLERANCE,
                _ => false,
            };
            font || size
        };
        let expected = [e.font.clone(), e.size.map(|s| self.size_name(s))]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let actual = |p: &ParaLayout| {
            let mut parts = Vec::new();
            if e.font.is_some() {
                parts.push(p.font.as_deref().map_or("未指定字体".to_string(), |f| {
                    self.font_name(f).to_string()
                }));
            }
            if e.size.is_some() {
                parts.push(
                    p.size_pt
                        .map_or("未指定字号".to_string(), |s| self.size_name(s)),
                );
            }
            parts.join(" ")
        };
        self.report(
            ctx,
            e.element,
            paras,
            out,
            wrong,
            |n, total, first| {
                format!(
                    "{}不是{expected}（此处为{}）",
                    how_many(e.element.name(), n, total),
                    actual(first)
                )
            },
            actual,
        );
    }

    fn check_bold(
        &self,
        ctx: &Context,
        e: &Expect,
        paras: &[(Span, &ParaLayout)],
        out: &mut Findings,
    ) {
        let Some(want) = e.bold else { return };
        let word = |b: bool| if b { "加粗" } else { "不加粗" };
        self.report(
            ctx,
            e.element,
            paras,
            out,
            |p| p.bold != want,
            |n, total, _| {
                format!(
                    "{}{}（应{}）",
                    how_many(e.element.name(), n, total),
                    word(!want),
                    word(want)
                )
            },
            |p| word(p.bold).to_string(),
        );
    }

    fn check_indent(
        &self,
        ctx: &Context,
        e: &Expect,
        paras: &[(Span, &ParaLayout)],
        out: &mut Findings,
    ) {
        let Some(want) = e.first_line_chars else {
            return;
        };
        let have = |p: &ParaLayout| p.first_line_chars.unwrap_or(0.0);
        let shown = |p: &ParaLayout| format!("首行缩进 {} 字", trim(have(p)));
        self.report(
            ctx,
            e.element,
            paras,
            out,
            |p| (have(p) - want).abs() >= INDENT_TOLERANCE,
            |n, total, first| {
                format!(
                    "{}首行缩进不是 {} 字（此处为 {} 字）",
                    how_many(e.element.name(), n, total),
                    trim(want),
                    trim(have(first))
                )
            },
            shown,
        );
    }

    fn check_spacing(
        &self,
        ctx: &Context,
        e: &Expect,
        paras: &[(Span, &ParaLayout)],
        layout: &crate::document::layout::Layout,
        out: &mut Findings,
    ) {
        let Some(want) = e.lines_per_page else { return };
        let Some((_, height_mm)) = layout.page.text_area_mm() else {
            return;
        };
        let height = mm_to_pt(height_mm);
        let grid = layout.page.grid_pitch_pt;
        let lines = |p: &ParaLayout| {
            p.line_pitch_pt(grid)
                .filter(|pitch| *pitch > 0.5)
                .map(|pitch| (height / pitch + 0.02).floor() as i64)
        };
        let spacing = |p: &ParaLayout| match p.line_spacing {
            Some(LineSpacing::Exact(pt)) => format!("固定值 {} 磅", trim(pt)),
            Some(LineSpacing::AtLeast(pt)) => format!("最小值 {} 磅", trim(pt)),
            Some(LineSpacing::Multiple(m)) if grid.is_some() && p.snap_to_grid => {
                format!("{} 倍行距（对齐网格）", trim(m))
            }
            Some(LineSpacing::Multiple(m)) => format!("{} 倍行距", trim(m)),
            None => "行距不明".to_string(),
        };
        let shown = |p: &ParaLayout| match lines(p) {
            Some(n) => format!("{}，每面约 {n} 行", spacing(p)),
            None => spacing(p),
        };
        self.report(
            ctx,
            e.element,
            paras,
            out,
            |p| lines(p).is_some_and(|n| n != i64::from(want)),
            |n, total, first| {
                format!(
                    "{}的行距不能使每面排 {want} 行（此处为{}）",
                    how_many(e.element.name(), n, total),
                    shown(first)
                )
            },
            shown,
        );
    }

    fn check_right_side(
        &self,
        ctx: &Context,
        e: &Expect,
        paras: &[(Span, &ParaLayout)],
        out: &mut Findings,
    ) {
        if !e.right_side {
            return;
        }
        let text = &ctx.doc.text;
        // Characters before the text on its line: spaces typed to push it
        // right (a full-width space is a character, a half-width one half).
        let typed = |span: Span| -> f64 {
            let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
            text[start..span.start]
                .chars()
                .map(|c| match c {
                    '\u{3000}' => 1.0,
                    '\t' => 2.0,
                    _ => 0.5,
                })
                .sum()
        };
        let offset = |span: Span, p: &ParaLayout| {
            p.left_chars.unwrap_or(0.0) + p.first_line_chars.unwrap_or(0.0) + typed(span)
        };
        let right = |span: Span, p: &ParaLayout| {
            matches!(p.align.as_deref(), Some("right" | "end"))
                || offset(span, p) >= RIGHT_SIDE_CHARS
        };
        let shown = |span: Span, p: &ParaLayout| {
            let align = match p.align.as_deref() {
                Some("center") => "居中",
                Some("both" | "distribute") => "两端对齐",
                _ => "左对齐",
            };
            format!("{align}，距左边 {} 字", trim(offset(span, p).max(0.0)))
        };
        let bad: Vec<(Span, &ParaLayout)> = paras
            .iter()
            .filter(|(s, p)| !right(*s, p))
            .copied()
            .collect();
        let Some(&(first_span, first)) = bad.first() else {
            return;
        };
        let detail = format!(
            "{}没有编排在右侧（此处为{}）",
            how_many(e.element.name(), bad.len(), paras.len()),
            shown(first_span, first)
        );
        let total = paras.len().to_string();
        let count = bad.len().to_string();
        let mut f = ctx.finding(
            Label::new(first_span, shown(first_span, first)),
            &[
                ("detail", &detail),
                ("element", e.element.name()),
                ("count", &count),
                ("total", &total),
            ],
        );
        f.secondary = bad
            .iter()
            .skip(1)
            .take(MORE_LABELS)
            .map(|(s, p)| Label::new(*s, shown(*s, p)))
            .collect();
        f.places = bad.len();
        out.push(f);
    }

    /// One finding for the paragraphs of an element that are `wrong`: the
    /// first labelled as the primary place, the next few as more.
    #[allow(clippy::too_many_arguments)]
    fn report(
        &self,
        ctx: &Context,
        element: Element,
        paras: &[(Span, &ParaLayout)],
        out: &mut Findings,
        wrong: impl Fn(&ParaLayout) -> bool,
        detail: impl Fn(usize, usize, &ParaLayout) -> String,
        label: impl Fn(&ParaLayout) -> String,
    ) {
        let bad: Vec<&(Span, &ParaLayout)> = paras.iter().filter(|(_, p)| wrong(p)).collect();
        let Some(first) = bad.first() else { return };
        let total = paras.len().to_string();
        let count = bad.len().to_string();
        let detail = detail(bad.len(), paras.len(), first.1);
        let mut f = ctx.finding(
            Label::new(first.0, label(first.1)),
            &[
                ("detail", &detail),
                ("element", element.name()),
                ("count", &count),
                ("total", &total),
            ],
        );
        f.secondary = bad
            .iter()
            .skip(1)
            .take(MORE_LABELS)
            .map(|(span, p)| Label::new(*span, label(p)))
            .collect();
        f.places = bad.len();
        out.push(f);
    }

    /// A page-level finding, anchored at the title (or the first line).
    fn page_finding(&self, ctx: &Context, label: &str, detail: &str, out: &mut Findings) {
        let doc = ctx.doc;
        let span = doc
            .title
            .as_ref()
            .map(|t| t.span())
            .or_else(|| doc.blocks.first().map(|b| b.span))
            .unwrap_or_default();
        out.push(ctx.finding(
            Label::new(span, label),
            &[
                ("detail", detail),
                ("element", "页面"),
                ("count", "1"),
                ("total", "1"),
            ],
        ));
    }

    fn check_page(
        &self,
        ctx: &Context,
        layout: &crate::document::layout::Layout,
        out: &mut Findings,
    ) {
        let Some(want) = &self.page else { return };
        let page = &layout.page;
        let tol = want.tolerance_mm.abs() + 0.05;
        if let (Some(paper), Some((w, h))) = (&want.paper, page.paper_mm) {
            // Landscape pages of the same paper are that paper.
            let fits =
                |a: f64, b: f64| (a - paper.width).abs() <= tol && (b - paper.height).abs() <= tol;
            if !fits(w, h) && !fits(h, w) {
                let detail = format!(
                    "纸张为 {}×{} 毫米，不是 {}（{}×{} 毫米）",
                    trim1(w),
                    trim1(h),
                    paper.name,
                    trim(paper.width),
                    trim(paper.height)
                );
                self.page_finding(
                    ctx,
                    &format!("纸张 {}×{} 毫米", trim1(w), trim1(h)),
                    &detail,
                    out,
                );
            }
        }
        if let (Some(m), Some(have)) = (&want.margins, page.margins_mm) {
            let sides = [
                ("上", m.top, have.top),
                ("下", m.bottom, have.bottom),
                ("左", m.left, have.left),
                ("右", m.right, have.right),
            ];
            let off: Vec<_> = sides
                .iter()
                .filter_map(|(side, want, have)| {
                    want.filter(|w| (w - have).abs() > tol)
                        .map(|w| (side, w, have))
                })
                .collect();
            if !off.is_empty() {
                let have_text = off
                    .iter()
                    .map(|(s, _, h)| format!("{s} {}", trim1(**h)))
                    .collect::<Vec<_>>()
                    .join("、");
                let want_text = off
                    .iter()
                    .map(|(s, w, _)| format!("{s} {}", trim(*w)))
                    .collect::<Vec<_>>()
                    .join("、");
                let detail = format!(
                    "页边距为 {have_text} 毫米，应为 {want_text} 毫米（允许误差 ±{} 毫米）",
                    trim(want.tolerance_mm)
                );
                self.page_finding(ctx, &format!("页边距 {have_text} 毫米"), &detail, out);
            }
        }
        if let (Some(want), Some(have)) = (want.lines_per_page, page.lines_per_page) {
            if want != have {
                let detail = format!("每面排 {have} 行，应为 {want} 行");
                self.page_finding(ctx, &format!("每面 {have} 行"), &detail, out);
            }
        }
        if let (Some(want), Some(have)) = (want.chars_per_line, page.chars_per_line) {
            if want != have {
                let detail = format!("每行排 {have} 字，应为 {want} 字");
                self.page_finding(ctx, &format!("每行 {have} 字"), &detail, out);
            }
        }
    }

    fn check_page_number(&self, ctx: &Context, number: &PageNumber, out: &mut Findings) {
        let Some(want) = &self.page_number else {
            return;
        };
        match number {
            PageNumber::Missing => {
                self.page_finding(ctx, "页脚中没有页码", "页脚中没有页码（PAGE 域）", out);
            }
            PageNumber::Field {
                before,
                after,
                font,
                size_pt,
            } => {
                if !want.dashes.is_empty() {
                    let ends = |s: &str, at_end: bool| {
                        want.dashes.iter().any(|d| {
                            if at_end {
                                s.ends_with(d.as_str())
                            } else {
                                s.starts_with(d.as_str())
                            }
                        })
                    };
                    if !ends(before, true) || !ends(after, false) {
                        let shown = format!("{before}1{after}");
                        let dash = &want.dashes[0];
                        let detail =
                            format!("页码写作“{shown}”，两侧没有一字线，应写作“{dash} 1 {dash}”");
                        self.page_finding(ctx, &format!("页码“{shown}”"), &detail, out);
                    }
                }
                let font_off = match (&want.font, font) {
                    (Some(w), Some(h)) => !self.same_font(w, h),
                    _ => false,
                };
                let size_off = match (want.size, size_pt) {
                    (Some(w), Some(h)) => (w - h).abs() >= SIZE_TOLERANCE,
                    _ => false,
                };
                if font_off || size_off {
                    let expected = [want.font.clone(), want.size.map(|s| self.size_name(s))]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let actual = [
                        want.font
                            .as_ref()
                            .and(font.as_deref())
                            .map(|f| self.font_name(f).to_string()),
                        want.size.and(*size_pt).map(|s| self.size_name(s)),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                    let detail = format!("页码不是{expected}（此处为{actual}）");
                    self.page_finding(ctx, &format!("页码为{actual}"), &detail, out);
                }
            }
        }
    }
}

/// A number without needless decimals: 2, 28.95.
fn trim(v: f64) -> String {
    let s = format!("{:.2}", v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A length to a tenth: 25.4.
fn trim1(v: f64) -> String {
    let s = format!("{:.1}", v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl Check for LayoutCheck {
    fn kind(&self) -> &'static str {
        LayoutKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        PLACEHOLDERS
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        LayoutCheck::run(self, ctx, out);
    }
}

/// Which of an element's paragraphs a finding is about: “标题” when there is
/// one, “正文 16 段都” when all are concerned, “正文 38 段中有 35 段” otherwise.
fn how_many(element: &str, n: usize, total: usize) -> String {
    if total == 1 {
        element.to_string()
    } else if n == total {
        format!("{element} {total} 段都")
    } else {
        format!("{element} {total} 段中有 {n} 段")
    }
}
