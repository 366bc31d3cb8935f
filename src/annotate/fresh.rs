//! A new Word document of a report's text, for reports that were not read
//! from a .docx: one paragraph per line, in the fonts and sizes of a 公文
//! (GB/T 9704-2012): the title in 方正小标宋简体 二号, first-level headings
//! in 黑体 三号, second-level headings in 楷体_GB2312 三号, body text in
//! 仿宋_GB2312 三号, on A4 with the standard margins.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::package::W;
use super::rewrite::escape;
use crate::document::Document;

/// Characters a .docx cannot hold as text (control characters); the
/// document leaves them out, and the alignment knows they are not there.
pub fn unrepresentable(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}')
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Fonts for a style: Latin text in Times New Roman, Chinese in `east`.
fn fonts(east: &str) -> String {
    format!("<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"{east}\" w:cs=\"Times New Roman\"/>")
}

fn styles() -> String {
    // 三号 = 16 pt (sz 32), 二号 = 22 pt (sz 44); lines exactly 28 pt.
    let body = fonts("仿宋_GB2312");
    let h1 = fonts("黑体");
    let h2 = fonts("楷体_GB2312");
    let title = fonts("方正小标宋简体");
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>{body}<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:spacing w:line="700" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr><w:rPr>{title}<w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr>{h1}<w:b w:val="0"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr>{h2}<w:b w:val="0"/></w:rPr></w:style><w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="21"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="21"/></w:rPr></w:style></w:styles>"#
    )
}

/// The style of each line: the title's lines, the headings of the first two
/// levels that stand on a line of their own.
fn line_styles(doc: &Document) -> Vec<Option<&'static str>> {
    let lines = doc.line_index.line_of(doc.text.len()) + 1;
    let mut styles = vec![None; lines];
    if let Some(t) = &doc.title {
        for part in &t.parts {
            let line = doc.line_index.line_of(part.start);
            if let Some(s) = styles.get_mut(line) {
                *s = Some("Title");
            }
        }
    }
    for h in &doc.headings {
        if h.run_in.is_some() {
            continue;
        }
        let style = match h.level {
            1 => "Heading1",
            2 => "Heading2",
            _ => continue,
        };
        if let Some(s) = styles.get_mut(h.line) {
            *s = Some(style);
        }
    }
    styles
}

/// The body of a new document: one paragraph per line of the text.
fn body(doc: &Document) -> String {
    let styles = line_styles(doc);
    let text = doc.text.strip_suffix('\n').unwrap_or(&doc.text);
    let mut out = String::with_capacity(text.len() * 2);
    for (i, line) in text.split('\n').enumerate() {
        out.push_str("<w:p>");
        if let Some(Some(style)) = styles.get(i) {
            out.push_str(&format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"));
        }
        let kept: String = line.chars().filter(|&c| !unrepresentable(c)).collect();
        if !kept.is_empty() {
            out.push_str("<w:r>");
            for (k, part) in kept.split('\t').enumerate() {
                if k > 0 {
                    out.push_str("<w:tab/>");
                }
                if !part.is_empty() {
                    out.push_str(&format!(
                        "<w:t xml:space=\"preserve\">{}</w:t>",
                        escape(part)
                    ));
                }
            }
            out.push_str("</w:r>");
        }
        out.push_str("</w:p>");
    }
    out
}

/// The new document, as the bytes of a .docx.
pub fn document(doc: &Document) -> Vec<u8> {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\"><w:body>{}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
        body(doc)
    );
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", PACKAGE_RELS.to_string()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/styles.xml", styles()),
        ("word/document.xml", xml),
    ];
    for (name, content) in parts {
        // Writing to memory does not fail.
        if zip.start_file(name, options).is_err() || zip.write_all(content.as_bytes()).is_err() {
            return Vec::new();
        }
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}
