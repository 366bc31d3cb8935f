//! A small element tree for the little XML parts of a .docx (relationships,
//! styles, numbering). Names are local names: the parts use one vocabulary
//! each, so the prefix adds nothing but a way to get it wrong.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// An element: local name, attributes by local name, children.
#[derive(Debug, Default, Clone)]
pub struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Node {
    /// The value of the attribute with this local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Children with this local name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child with this local name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// `w:val` of the named child, the way OOXML stores most settings.
    pub fn val(&self, child: &str) -> Option<&str> {
        self.child(child).and_then(|c| c.attr("val"))
    }
}

/// Elements deeper than this are left out of the tree. The settings read
/// from these parts sit a few levels down; a tree as deep as a hostile file
/// could make it would overflow the stack when dropped.
pub const MAX_DEPTH: usize = 64;

/// Why a part's XML could not be read, in Chinese (quick-xml's own messages
/// are English): where in the part the error is.
pub fn syntax_error(reader: &Reader<&[u8]>) -> String {
    format!(
        "XML 格式有误（约第 {} 字节处），文件可能已损坏",
        reader.error_position()
    )
}

/// Parses a whole part into a tree whose root holds the document element.
pub fn parse(xml: &str) -> Result<Node, String> {
    parse_inner(xml, false)
}

/// Parses a small part keeping the text of each element as its `#text`
/// attribute (a footer, whose page number sits between dashes).
pub fn parse_with_text(xml: &str) -> Result<Node, String> {
    parse_inner(xml, true)
}

fn parse_inner(xml: &str, keep_text: bool) -> Result<Node, String> {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    // Open elements below MAX_DEPTH that are not kept.
    let mut dropped = 0usize;
    loop {
        let event = reader.read_event().map_err(|_| syntax_error(&reader))?;
        match event {
            Event::Start(_) if dropped > 0 || stack.len() > MAX_DEPTH => dropped += 1,
            Event::Empty(_) if dropped > 0 || stack.len() > MAX_DEPTH => {}
            Event::End(_) if dropped > 0 => dropped -= 1,
            Event::Start(e) => stack.push(element(&e)?),
            Event::Empty(e) => {
                let node = element(&e)?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(node);
                }
            }
            Event::End(_) => {
                let node = stack.pop().ok_or("多余的结束标签")?;
                match stack.last_mut() {
                    Some(top) => top.children.push(node),
                    None => return Err("多余的结束标签".to_string()),
                }
            }
            Event::Text(t) if keep_text && dropped == 0 => {
                if let (Some(top), Ok(text)) = (stack.last_mut(), t.xml10_content()) {
                    match top.attrs.iter_mut().find(|(k, _)| k == "#text") {
                        Some((_, v)) if v.len() < 4096 => v.push_str(&text),
                        Some(_) => {}
                        None => top.attrs.push(("#text".to_string(), text.into_owned())),
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err("XML 未正常结束".to_string());
    }
    Ok(stack.pop().unwrap_or_default())
}

/// Local name and attributes (by local name, unescaped) of a start tag.
pub fn element(e: &BytesStart) -> Result<Node, String> {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|_| "XML 属性格式有误，文件可能已损坏".to_string())?;
        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|_| "XML 属性值有误，文件可能已损坏".to_string())?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Node {
        name,
        attrs,
        children: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_a_tree_of_local_names() {
        let root = parse(r#"<?xml version="1.0"?><w:styles xmlns:w="x"><w:style w:styleId="1"><w:name w:val="heading 1"/></w:style></w:styles>"#).unwrap();
        let styles = root.child("styles").unwrap();
        let style = styles.child("style").unwrap();
        assert_eq!(style.attr("styleId"), Some("1"));
        assert_eq!(style.val("name"), Some("heading 1"));
    }

    #[test]
    fn broken_xml_is_an_error() {
        let e = parse("<a><b></a>").unwrap_err();
        assert!(e.contains("XML 格式有误"), "{e}");
    }

    #[test]
    fn nesting_beyond_the_limit_is_left_out() {
        let depth = 200_000;
        let xml = format!(
            "<r>{}<x/>{}<k/></r>",
            "<d>".repeat(depth),
            "</d>".repeat(depth)
        );
        let root = parse(&xml).unwrap();
        let r = root.child("r").unwrap();
        assert!(r.child("k").is_some());
        let mut levels = 0;
        let mut n = r;
        while let Some(c) = n.child("d") {
            levels += 1;
            n = c;
        }
        assert!(levels < MAX_DEPTH, "{levels}");
    }
}
