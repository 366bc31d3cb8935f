//! Word documents (.docx): the body's paragraphs as text, one paragraph per
//! line, with the heading level Word knows for each paragraph.
//!
//! A .docx is a ZIP archive of XML parts. The main part is found through
//! `_rels/.rels`; `styles.xml` says which styles are headings and
//! `numbering.xml` how automatic list numbers (一、（一）) are drawn. Other
//! ZIP-based formats (.odt, .xlsx, .pptx, OFD) are recognised and named.

mod body;
pub(crate) mod numbering;
pub(crate) mod props;
pub(crate) mod styles;

use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::ZipArchive;

use super::xml::{self, Node};
use crate::document::layout::Layout;
use body::{paragraphs, BodyError};
use numbering::Numbering;
use styles::Styles;

pub use body::Paragraph;
pub(crate) use numbering::format_number;

/// The text of a Word document and Word's own idea of its headings.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// One paragraph per line, `\n`-separated, ending in `\n`.
    pub text: String,
    /// For each line: the outline level (1–9) Word gives the paragraph.
    pub outline: Vec<Option<u8>>,
    /// The page and each paragraph's effective formatting.
    pub layout: Layout,
}

/// Why a ZIP file gave no Word text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// Not a ZIP archive, or a part is missing or malformed.
    Corrupt(String),
    /// Another ZIP-based format: what it is and how to get a .docx.
    NotWord {
        what: &'static str,
        help: &'static str,
    },
    /// A part would unpack to more than the limit (a ZIP bomb, or not a report).
    TooLarge { size: u64, limit: u64 },
    /// The body has more than [`crate::input::MAX_LINES`] paragraphs.
    TooManyParagraphs { limit: usize },
}

const DEFAULT_MAIN: &str = "word/document.xml";

/// What an archive with no known office format in it is called.
pub const PLAIN_ZIP: &str = "ZIP 压缩包";

/// Extracts the body text of a .docx held in memory. `limit` bounds the
/// unpacked size of each part read.
pub fn extract(bytes: &[u8], limit: u64) -> Result<Extracted, DocxError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    let main = main_part(&mut archive, limit)?;
    let Some(document) = read_part(&mut archive, &main, limit)? else {
        return Err(other_format(&mut archive, limit));
    };
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let part = |name: &str| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    };
    let mut styles = match read_part(&mut archive, &part("styles.xml"), limit)? {
        Some(x) => Styles::parse(&parse(&x, "styles.xml")?),
        None => Styles::default(),
    };
    let rels = relationships(&mut archive, &main, limit);
    let target = |id_or_type: &dyn Fn(&(String, String, String)) -> bool| {
        rels.iter().find(|r| id_or_type(r)).map(|(_, _, t)| {
            if let Some(abs) = t.strip_prefix('/') {
                abs.to_string()
            } else {
                part(t)
            }
        })
    };
    let theme_part =
        target(&|(_, ty, _)| ty.ends_with("/theme")).unwrap_or_else(|| part("theme/theme1.xml"));
    // The layout is extra: a theme or footer that cannot be read leaves
    // those properties unknown, and the text is read all the same.
    if let Ok(Some(x)) = read_part(&mut archive, &theme_part, limit) {
        if let Ok(root) = xml::parse(&x) {
            styles.theme = props::Theme::parse(&root);
        }
    }
    let mut numbering = match read_part(&mut archive, &part("numbering.xml"), limit)? {
        Some(x) => Numbering::parse(&parse(&x, "numbering.xml")?, &styles),
        None => Numbering::default(),
    };
    let max_lines = super::MAX_LINES;
    let (text, outline, paras) = paragraphs(&document, &styles, &mut numbering, max_lines)
        .map_err(|e| match e {
            BodyError::Malformed(why) => DocxError::Corrupt(format!("{main}：{why}")),
            BodyError::TooMany => DocxError::TooManyParagraphs { limit: max_lines },
        })?;
    let section = props::last_section(&document);
    let mut footers: Vec<String> = section
        .footers
        .iter()
        .filter_map(|id| target(&|(i, _, _)| i == id))
        .collect();
    if footers.is_empty() {
        footers = rels
            .iter()
            .filter(|(_, ty, _)| ty.ends_with("/footer"))
            .filter_map(|(id, _, _)| target(&|(i, _, _)| i == id))
            .collect();
    }
    let mut found = None;
    for name in footers.iter().take(8) {
        if let Ok(Some(x)) = read_part(&mut archive, name, limit) {
            if let Ok(root) = xml::parse_with_text(&x) {
                found = props::footer_page_number(&root);
                if found.is_some() {
                    break;
                }
            }
        }
    }
    let page_number = props::page_number(found, |direct, style| {
        let p = styles.resolve_run(style, None, direct);
        let font = p
            .ascii
            .as_ref()
            .or(p.east_asia.as_ref())
            .and_then(|(theme, name)| {
                if *theme {
                    styles.theme.resolve(name).map(str::to_string)
                } else {
                    Some(name.clone())
                }
            });
        let size = f64::from(p.size.unwrap_or(props::DEFAULT_SIZE)) / 2.0;
        (font, Some(size))
    });
    let body = body_metrics(&paras, &section);
    let page = props::page_layout(&section, styles.default_size_pt(), body, page_number);
    Ok(Extracted {
        text,
        outline,
        layout: Layout {
            page,
            paragraphs: paras,
        },
    })
}

/// The usual line pitch and size of the body's paragraphs (the most common
/// of each), for lines per page and characters per line without a grid.
fn body_metrics(
    paras: &[crate::document::layout::ParaLayout],
    section: &props::Section,
) -> Option<(f64, f64)> {
    let grid = section
        .grid
        .as_ref()
        .and_then(|(_, pitch, _)| *pitch)
        .filter(|p| *p > 0)
        .map(|p| p as f64 / 20.0);
    let mut pitches: Vec<(i64, usize)> = Vec::new();
    let mut sizes: Vec<(i64, usize)> = Vec::new();
    for p in paras {
        let count = |v: &mut Vec<(i64, usize)>, x: f64| {
            let key = (x * 100.0).round() as i64;
            if let Some(e) = v.iter_mut().find(|(k, _)| *k == key) {
                e.1 += 1;
            } else if v.len() < 64 {
                v.push((key, 1));
            }
        };
        if let Some(pitch) = p.line_pitch_pt(grid) {
            count(&mut pitches, pitch);
        }
        if let Some(size) = p.size_pt {
            count(&mut sizes, size);
        }
    }
    let top = |v: &[(i64, usize)]| {
        v.iter()
            .max_by_key(|(_, n)| *n)
            .map(|(k, _)| *k as f64 / 100.0)
    };
    Some((top(&pitches)?, top(&sizes)?))
}

/// The main part's relationships: (id, type, target).
fn relationships(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    main: &str,
    limit: u64,
) -> Vec<(String, String, String)> {
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main));
    let name = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let Ok(Some(x)) = read_part(archive, &name, limit) else {
        return Vec::new();
    };
    let Ok(root) = xml::parse(&x) else {
        return Vec::new();
    };
    root.child("Relationships")
        .into_iter()
        .flat_map(|r| r.all("Relationship"))
        .filter_map(|r| {
            Some((
                r.attr("Id")?.to_string(),
                r.attr("Type")?.to_string(),
                r.attr("Target")?.to_string(),
            ))
        })
        .take(1024)
        .collect()
}

/// The main document part named in the package relationships, or the usual
/// `word/document.xml`.
fn main_part(archive: &mut ZipArchive<Cursor<&[u8]>>, limit: u64) -> Result<String, DocxError> {
    let Some(rels) = read_part(archive, "_rels/.rels", limit)? else {
        return Ok(DEFAULT_MAIN.to_string());
    };
    let root = parse(&rels, "_rels/.rels")?;
    let target = root
        .child("Relationships")
        .into_iter()
        .flat_map(|r| r.all("Relationship"))
        .find(|r| {
            r.attr("Type")
                .is_some_and(|t| t.ends_with("/officeDocument"))
        })
        .and_then(|r| r.attr("Target"))
        .map(|t| t.trim_start_matches('/').to_string());
    Ok(target.unwrap_or_else(|| DEFAULT_MAIN.to_string()))
}

/// Reads a part as UTF-8 text; `None` if the archive has no such part.
/// The OpenDocument reader reads its parts the same way.
pub(crate) fn read_part(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Option<String>, DocxError> {
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(zip_error(e)),
    };
    if file.size() > limit {
        return Err(DocxError::TooLarge {
            size: file.size(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| DocxError::Corrupt(format!("{name} 解压失败，压缩数据已损坏")))?;
    if bytes.len() as u64 > limit {
        return Err(DocxError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    let text = match encoding_rs::Encoding::for_bom(&bytes) {
        Some((enc, bom)) => enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned(),
        None => String::from_utf8(bytes)
            .map_err(|_| DocxError::Corrupt(format!("{name} 不是 UTF-8 编码的 XML")))?,
    };
    Ok(Some(text))
}

pub(crate) fn parse(text: &str, part: &str) -> Result<Node, DocxError> {
    xml::parse(text).map_err(|e| DocxError::Corrupt(format!("{part}：{e}")))
}

/// The zip crate's errors are English; the user gets Chinese.
pub(crate) fn zip_error(e: ZipError) -> DocxError {
    DocxError::Corrupt(
        match e {
            ZipError::UnsupportedArchive(m) if m == ZipError::PASSWORD_REQUIRED => "文件加了密码",
            ZipError::InvalidPassword => "文件加了密码",
            ZipError::InvalidArchive(_) => {
                "文件不完整或不是有效的 ZIP 压缩包，可能在下载或复制时被截断"
            }
            ZipError::UnsupportedArchive(_) => "压缩包使用了不支持的格式（如分卷或特殊的压缩方式）",
            ZipError::Io(_) => "读取压缩包时出错，压缩数据已损坏",
            _ => "压缩包已损坏，无法打开",
        }
        .to_string(),
    )
}

/// Names the ZIP-based format of an archive without a Word body.
fn other_format(archive: &mut ZipArchive<Cursor<&[u8]>>, limit: u64) -> DocxError {
    let has = |archive: &mut ZipArchive<Cursor<&[u8]>>, name: &str| archive.by_name(name).is_ok();
    let mimetype = read_part(archive, "mimetype", limit).ok().flatten();
    if mimetype
        .as_deref()
        .is_some_and(|m| m.starts_with("application/vnd.oasis.opendocument.text"))
    {
        return DocxError::NotWord {
            what: "OpenDocument 文本（.odt）",
            help: "请在 WPS 或 LibreOffice 中“另存为” Word 文档（.docx）后再检查",
        };
    }
    if has(archive, "xl/workbook.xml") {
        return DocxError::NotWord {
            what: "Excel 表格（.xlsx）",
            help: "请提供报告的 Word 文档（.docx）或文本（.txt）",
        };
    }
    if has(archive, "ppt/presentation.xml") {
        return DocxError::NotWord {
            what: "PowerPoint 演示文稿（.pptx）",
            help: "请提供报告的 Word 文档（.docx）或文本（.txt）",
        };
    }
    if has(archive, "OFD.xml") {
        return DocxError::NotWord {
            what: "OFD 版式文件",
            help: "请提供报告的 Word 文档（.docx）或文本（.txt）",
        };
    }
    if has(archive, "[Content_Types].xml") {
        return DocxError::Corrupt(format!("缺少正文部分 {DEFAULT_MAIN}"));
    }
    DocxError::NotWord {
        what: PLAIN_ZIP,
        help: "请解压后检查其中的报告文件",
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    use super::*;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    /// A .docx in memory with the given body XML and optional styles and
    /// numbering parts.
    pub fn docx(body: &str, styles: Option<&str>, numbering: Option<&str>) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        let mut part = |name: &str, text: &str| {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        };
        part("[Content_Types].xml", "<Types/>");
        part("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
        part(
            "word/document.xml",
            &format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {W}><w:body>{body}</w:body></w:document>"),
        );
        if let Some(s) = styles {
            part("word/styles.xml", &format!("<w:styles {W}>{s}</w:styles>"));
        }
        if let Some(n) = numbering {
            part(
                "word/numbering.xml",
                &format!("<w:numbering {W}>{n}</w:numbering>"),
            );
        }
        zip.finish().unwrap().into_inner()
    }

    /// A .docx with the given body and styles and any other parts (a
    /// theme, footers, the main part's relationships).
    pub fn docx_with(body: &str, styles: Option<&str>, parts: &[(&str, &str)]) -> Vec<u8> {
        let base = docx(body, styles, None);
        let mut zip = ZipWriter::new_append(Cursor::new(base)).unwrap();
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        for (name, text) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn para(e: &Extracted, line: usize) -> &crate::document::layout::ParaLayout {
        e.layout
            .at_line(line)
            .unwrap_or_else(|| panic!("no layout for line {line}: {:?}", e.layout))
    }

    const STYLES: &str = concat!(
        "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:eastAsia=\"宋体\" w:ascii=\"Times New Roman\"/><w:sz w:val=\"21\"/></w:rPr></w:rPrDefault>",
        "<w:pPrDefault><w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"a\"><w:name w:val=\"Normal\"/><w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"仿宋_GB2312\"/></w:rPr></w:style>",
        "<w:style w:type=\"paragraph\" w:styleId=\"B\"><w:name w:val=\"中间\"/><w:basedOn w:val=\"a\"/><w:rPr><w:sz w:val=\"32\"/></w:rPr></w:style>",
        "<w:style w:type=\"paragraph\" w:styleId=\"A\"><w:name w:val=\"报告正文\"/><w:basedOn w:val=\"B\"/><w:pPr><w:spacing w:line=\"579\" w:lineRule=\"exact\"/></w:pPr></w:style>",
        "<w:style w:type=\"paragraph\" w:styleId=\"X\"><w:name w:val=\"环一\"/><w:basedOn w:val=\"Y\"/></w:style>",
        "<w:style w:type=\"paragraph\" w:styleId=\"Y\"><w:name w:val=\"环二\"/><w:basedOn w:val=\"X\"/><w:rPr><w:sz w:val=\"28\"/></w:rPr></w:style>",
        "<w:style w:type=\"paragraph\" w:styleId=\"T\"><w:name w:val=\"Title\"/><w:rPr><w:rFonts w:eastAsiaTheme=\"minorEastAsia\"/><w:sz w:val=\"44\"/></w:rPr></w:style>",
        "<w:style w:type=\"character\" w:styleId=\"C\"><w:name w:val=\"强调\"/><w:rPr><w:b/></w:rPr></w:style>",
    );

    const THEME: &str = "<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:themeElements><a:fontScheme name=\"Office\"><a:majorFont><a:latin typeface=\"Calibri Light\"/><a:ea typeface=\"\"/><a:font script=\"Hans\" typeface=\"等线 Light\"/></a:majorFont><a:minorFont><a:latin typeface=\"Calibri\"/><a:ea typeface=\"\"/><a:font script=\"Jpan\" typeface=\"游明朝\"/><a:font script=\"Hans\" typeface=\"宋体\"/></a:minorFont></a:fontScheme></a:themeElements></a:theme>";

    fn p(ppr: &str, runs: &str) -> String {
        format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")
    }

    fn r(rpr: &str, text: &str) -> String {
        format!("<w:r><w:rPr>{rpr}</w:rPr><w:t>{text}</w:t></w:r>")
    }

    #[test]
    fn properties_resolve_from_defaults_through_the_style_chain_to_the_run() {
        let body = [
            // Default paragraph style: its font, the defaults' size.
            p("", &r("", "默认样式的段落")),
            // A → B (16 pt) → Normal (仿宋); exact 28.95 pt from A.
            p("<w:pStyle w:val=\"A\"/>", &r("", "继承的字号")),
            // Direct formatting beats the styles; most characters decide.
            p(
                "<w:pStyle w:val=\"A\"/>",
                &[
                    r(
                        "<w:rFonts w:eastAsia=\"黑体\"/><w:sz w:val=\"22\"/>",
                        "多数字用黑体小四号",
                    ),
                    r("", "少数"),
                ]
                .concat(),
            ),
            // A character style's bold; English text takes the ascii font.
            p(
                "<w:pStyle w:val=\"A\"/>",
                &r("<w:rStyle w:val=\"C\"/>", "Annual Report"),
            ),
            // The theme's font for simplified Chinese.
            p("<w:pStyle w:val=\"T\"/>", &r("", "标题")),
            // A style that is missing: the default paragraph style.
            p("<w:pStyle w:val=\"无此样式\"/>", &r("", "缺失的样式")),
            // basedOn in a cycle: read as far as it goes, no hang.
            p("<w:pStyle w:val=\"X\"/>", &r("", "循环")),
        ]
        .concat();
        let bytes = docx_with(&body, Some(STYLES), &[("word/theme/theme1.xml", THEME)]);
        let e = extract(&bytes, 1 << 20).unwrap();
        let got = |line: usize| {
            let l = para(&e, line);
            (
                l.font.clone().unwrap_or_default(),
                l.size_pt.unwrap_or_default(),
                l.bold,
            )
        };
        assert_eq!(got(0), ("仿宋_GB2312".to_string(), 10.5, false));
        assert_eq!(got(1), ("仿宋_GB2312".to_string(), 16.0, false));
        assert_eq!(
            para(&e, 1).line_spacing,
            Some(crate::document::layout::LineSpacing::Exact(28.95))
        );
        assert_eq!(got(2), ("黑体".to_string(), 11.0, false));
        assert_eq!(got(3), ("Times New Roman".to_string(), 16.0, true));
        assert_eq!(got(4), ("宋体".to_string(), 22.0, false));
        assert_eq!(got(5), ("仿宋_GB2312".to_string(), 10.5, false));
        assert_eq!(got(6).1, 14.0);
    }

    #[test]
    fn first_line_indent_in_characters_or_in_twips() {
        let body = [
            // The default style's firstLineChars="200".
            p("", &r("", "两字")),
            // A length only: 480 twips at 12 pt is two characters.
            p(
                "<w:ind w:firstLineChars=\"0\" w:firstLine=\"480\"/>",
                &r("<w:sz w:val=\"24\"/>", "按长度"),
            ),
            // Characters win over the length.
            p(
                "<w:ind w:firstLineChars=\"150\" w:firstLine=\"640\"/>",
                &r("", "一字半"),
            ),
            // A direct length does not undo the style's character count,
            // as in Word.
            p("<w:ind w:firstLine=\"0\"/>", &r("", "仍是两字")),
            // Hanging indent.
            p(
                "<w:ind w:firstLineChars=\"0\" w:hanging=\"210\"/>",
                &r("", "悬挂"),
            ),
        ]
        .concat();
        let e = extract(&docx(&body, Some(STYLES), None), 1 << 20).unwrap();
        let indent = |line: usize| para(&e, line).first_line_chars.unwrap();
        assert_eq!(indent(0), 2.0);
        assert_eq!(indent(1), 2.0);
        assert_eq!(indent(2), 1.5);
        assert_eq!(indent(3), 2.0);
        assert_eq!(indent(4), -1.0);
    }

    #[test]
    fn without_styles_the_word_defaults_apply() {
        let e = extract(&docx(&p("", &r("", "正文")), None, None), 1 << 20).unwrap();
        let l = para(&e, 0);
        assert_eq!((l.font.as_deref(), l.size_pt), (None, Some(10.0)));
        assert_eq!(e.layout.page.paper_mm, None);
        assert_eq!(
            e.layout.page.page_number,
            crate::document::layout::PageNumber::Missing
        );
    }

    const RELS: &str = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/></Relationships>";

    fn footer(inner: &str) -> String {
        format!("<w:ftr {W}><w:p>{inner}</w:p></w:ftr>")
    }

    #[test]
    fn the_page_its_grid_and_the_page_number() {
        let sect = "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId9\" xmlns:r=\"r\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/><w:docGrid w:type=\"linesAndChars\" w:linePitch=\"579\" w:charSpace=\"-849\"/></w:sectPr>";
        let body = format!("{}{sect}", p("", &r("<w:sz w:val=\"32\"/>", "正文")));
        let field = concat!(
            "<w:r><w:t xml:space=\"preserve\">— </w:t></w:r>",
            "<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:fldChar w:fldCharType=\"begin\"/></w:r>",
            "<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:instrText xml:space=\"preserve\"> PAGE   \\* MERGEFORMAT </w:instrText></w:r>",
            "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
            "<w:r><w:t xml:space=\"preserve\"> —</w:t></w:r>",
        );
        // The grid's character pitch adds to the default style's size.
        let styles = "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"a\"><w:rPr><w:sz w:val=\"32\"/></w:rPr></w:style>";
        let bytes = docx_with(
            &body,
            Some(styles),
            &[
                ("word/_rels/document.xml.rels", RELS),
                ("word/footer1.xml", &footer(field)),
            ],
        );
        let e = extract(&bytes, 1 << 20).unwrap();
        let page = &e.layout.page;
        let (w, h) = page.paper_mm.unwrap();
        assert!(
            (w - 210.0).abs() < 0.1 && (h - 297.0).abs() < 0.1,
            "{w}×{h}"
        );
        let m = page.margins_mm.unwrap();
        assert!(
            (m.top - 37.0).abs() < 0.1 && (m.left - 28.0).abs() < 0.1,
            "{m:?}"
        );
        assert_eq!(
            (page.lines_per_page, page.chars_per_line),
            (Some(22), Some(28))
        );
        assert_eq!(
            page.page_number,
            crate::document::layout::PageNumber::Field {
                before: "—".to_string(),
                after: "—".to_string(),
                font: Some("宋体".to_string()),
                size_pt: Some(14.0),
            }
        );
        // A simple field, bare.
        let simple = "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple>";
        let bytes = docx_with(
            &body,
            None,
            &[
                ("word/_rels/document.xml.rels", RELS),
                ("word/footer1.xml", &footer(simple)),
            ],
        );
        let e = extract(&bytes, 1 << 20).unwrap();
        assert!(matches!(
            &e.layout.page.page_number,
            crate::document::layout::PageNumber::Field { before, after, .. } if before.is_empty() && after.is_empty()
        ));
    }

    #[test]
    fn hostile_values_and_style_cycles_do_not_panic() {
        let styles = concat!(
            "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"999999999999999999999\"/><w:rFonts w:eastAsiaTheme=\"majorEastAsia\"/></w:rPr></w:rPrDefault></w:docDefaults>",
            "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"S\"><w:basedOn w:val=\"S\"/><w:pPr><w:ind w:firstLineChars=\"-99999999999\" w:firstLine=\"NaN\"/><w:spacing w:line=\"1e308\" w:lineRule=\"exact\"/></w:pPr></w:style>",
            "<w:style w:type=\"paragraph\" w:styleId=\"P\"><w:basedOn w:val=\"Q\"/></w:style>",
            "<w:style w:type=\"paragraph\" w:styleId=\"Q\"><w:basedOn w:val=\"P\"/></w:style>",
        );
        let sect = "<w:sectPr><w:pgSz w:w=\"-1\" w:h=\"garbage\"/><w:pgMar w:top=\"-999999999999\" w:bottom=\"inf\" w:left=\"1e400\" w:right=\"0\"/><w:docGrid w:type=\"linesAndChars\" w:linePitch=\"0\" w:charSpace=\"-99999999\"/></w:sectPr>";
        let body = [
            p(
                "<w:pStyle w:val=\"P\"/><w:spacing w:line=\"-5\"/><w:jc w:val=\"\"/>",
                &r("<w:sz w:val=\"-5\"/><w:b w:val=\"maybe\"/>", "正文"),
            ),
            p(
                "",
                &r("<w:sz w:val=\"abc\"/><w:rFonts w:eastAsia=\"\"/>", "第二段"),
            ),
            sect.to_string(),
        ]
        .concat();
        let theme = "<a:theme xmlns:a=\"a\"><a:fontScheme/></a:theme>";
        let bytes = docx_with(
            &body,
            Some(styles),
            &[
                ("word/theme/theme1.xml", theme),
                ("word/_rels/document.xml.rels", "<not xml"),
            ],
        );
        let e = extract(&bytes, 1 << 20).unwrap();
        assert_eq!(e.layout.paragraphs.len(), 2);
        for l in &e.layout.paragraphs {
            let size = l.size_pt.unwrap();
            assert!((1.0..=1638.0).contains(&size), "{size}");
            assert!(l.first_line_chars.unwrap_or(0.0).is_finite());
            let _ = l.line_pitch_pt(e.layout.page.grid_pitch_pt);
        }
        assert_eq!(e.layout.page.paper_mm, None);
        assert_eq!(e.layout.page.lines_per_page, None);
    }

    fn lines(e: &Extracted) -> Vec<&str> {
        e.text.lines().collect()
    }

    #[test]
    fn runs_tables_fields_and_revisions() {
        let body = concat!(
            "<w:p><w:r><w:t>关于2021年度</w:t></w:r><w:r><w:t xml:space=\"preserve\">法治政府建设</w:t></w:r><w:r><w:t>情况的报告</w:t></w:r></w:p>",
            "<w:p/>",
            "<w:p><w:r><w:t>区政府</w:t></w:r><w:del><w:r><w:delText>旧文字</w:delText></w:r></w:del><w:ins><w:r><w:t>办公室</w:t></w:r></w:ins></w:p>",
            "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> MERGEFIELD 单位 </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>某县</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t>人民政府 &amp; 《条例》</w:t></w:r></w:p>",
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单元格一</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>单元格二</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
            "<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r><w:r><w:drawing><w:t>图中文字</w:t></w:drawing></w:r></w:p>",
        );
        let e = extract(&docx(body, None, None), 1 << 20).unwrap();
        assert_eq!(
            lines(&e),
            [
                "关于2021年度法治政府建设情况的报告",
                "",
                "区政府办公室",
                "某县人民政府 & 《条例》",
                "单元格一",
                "单元格二",
                "甲\t乙丙",
            ]
        );
        assert!(e.outline.iter().all(Option::is_none));
    }

    #[test]
    fn heading_styles_and_automatic_numbering() {
        let styles = concat!(
            "<w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>",
            "<w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 2\"/><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>",
        );
        let numbering = concat!(
            "<w:abstractNum w:abstractNumId=\"0\">",
            "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl>",
            "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%2）\"/></w:lvl>",
            "</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>",
        );
        let p = |style: &str, text: &str| {
            format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
        };
        let body = [
            p("1", "主要举措和成效"),
            p("2", "加强组织领导"),
            p("2", "推进依法决策"),
            p("1", "存在的不足和原因"),
            p("Normal", "正文。"),
            "<w:p><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr><w:r><w:t>大纲级别</w:t></w:r></w:p>"
                .to_string(),
        ]
        .concat();
        let e = extract(&docx(&body, Some(styles), Some(numbering)), 1 << 20).unwrap();
        assert_eq!(
            lines(&e),
            [
                "一、主要举措和成效",
                "（一）加强组织领导",
                "（二）推进依法决策",
                "二、存在的不足和原因",
                "正文。",
                "大纲级别"
            ]
        );
        assert_eq!(
            e.outline,
            [Some(1), Some(2), Some(2), Some(1), None, Some(3)]
        );
    }

    #[test]
    fn hidden_text_is_left_out_and_deleted_paragraph_marks_join() {
        let styles = concat!(
            "<w:style w:type=\"character\" w:styleId=\"Hid\"><w:name w:val=\"隐藏\"/><w:rPr><w:vanish/></w:rPr></w:style>",
            "<w:style w:type=\"paragraph\" w:styleId=\"Note\"><w:name w:val=\"批注\"/><w:rPr><w:vanish/></w:rPr></w:style>",
        );
        let del = "<w:del w:id=\"9\" w:author=\"审核人\" w:date=\"2024-01-10T09:00:00Z\"/>";
        let body = [
            "<w:p><w:r><w:t>看得见</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的字</w:t></w:r><w:r><w:rPr><w:rStyle w:val=\"Hid\"/></w:rPr><w:t>样式隐藏</w:t><w:tab/></w:r><w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>。</w:t></w:r></w:p>".to_string(),
            "<w:p><w:pPr><w:pStyle w:val=\"Note\"/></w:pPr><w:r><w:t>整段隐藏</w:t></w:r></w:p>".to_string(),
            format!("<w:p><w:pPr><w:rPr>{del}</w:rPr></w:pPr><w:r><w:t>前半段，</w:t></w:r></w:p>"),
            "<w:p><w:r><w:t>后半段。</w:t></w:r></w:p>".to_string(),
            format!("<w:p><w:pPr><w:rPr>{del}</w:rPr></w:pPr><w:del w:id=\"3\"><w:r><w:delText>整段删除</w:delText></w:r></w:del></w:p>"),
            "<w:p><w:r><w:t>下一段</w:t></w:r><w:r><w:rPr><w:rPrChange w:id=\"4\"><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t>仍可见</w:t></w:r></w:p>".to_string(),
            format!("<w:p><w:pPr><w:rPr>{del}</w:rPr></w:pPr><w:r><w:t>最后</w:t></w:r></w:p>"),
        ]
        .concat();
        let e = extract(&docx(&body, Some(styles), None), 1 << 20).unwrap();
        // The hidden paragraph's mark is hidden too, so it takes no line.
        assert_eq!(
            lines(&e),
            ["看得见。", "前半段，后半段。", "下一段仍可见", "最后"]
        );
    }

    #[test]
    fn corrupt_and_other_zip_formats() {
        assert!(matches!(
            extract(b"PK\x03\x04 not really a zip", 1 << 20),
            Err(DocxError::Corrupt(_))
        ));
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("xl/workbook.xml", SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"<workbook/>").unwrap();
        let xlsx = zip.finish().unwrap().into_inner();
        assert!(matches!(
            extract(&xlsx, 1 << 20),
            Err(DocxError::NotWord { what, .. }) if what.contains("Excel")
        ));
        let big = docx(
            &"<w:p><w:r><w:t>字</w:t></w:r></w:p>".repeat(100),
            None,
            None,
        );
        assert!(matches!(
            extract(&big, 1000),
            Err(DocxError::TooLarge { .. })
        ));
        let broken = docx("<w:p><w:r><w:t>未闭合</w:r></w:p>", None, None);
        assert!(matches!(
            extract(&broken, 1 << 20),
            Err(DocxError::Corrupt(_))
        ));
    }

    #[test]
    fn a_body_cut_off_at_its_end_is_corrupt() {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("word/document.xml", SimpleFileOptions::default())
            .unwrap();
        zip.write_all(
            format!("<w:document {W}><w:body><w:p><w:r><w:t>正文</w:t></w:r>").as_bytes(),
        )
        .unwrap();
        let cut = zip.finish().unwrap().into_inner();
        match extract(&cut, 1 << 20) {
            Err(DocxError::Corrupt(why)) => assert!(why.contains("3 个元素没有闭合"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn paragraphs_past_the_limit_stop_the_reading() {
        let limit = crate::input::MAX_LINES;
        let at_limit = docx(&"<w:p/>".repeat(limit), None, None);
        let e = extract(&at_limit, 1 << 24).unwrap();
        assert_eq!((e.text.len(), e.outline.len()), (limit, limit));
        let over = docx(&"<w:p/>".repeat(limit + 1), None, None);
        assert_eq!(
            extract(&over, 1 << 24),
            Err(DocxError::TooManyParagraphs { limit })
        );
    }
}
