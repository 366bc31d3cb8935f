//! `word/styles.xml`: which paragraph styles are headings (Word's built-in
//! “heading 1”…“heading 9”, shown as 标题 1… in Chinese Word, or any style
//! with an outline level) and which carry list numbering.

use std::collections::HashMap;

use super::super::xml::Node;

/// How deep a `basedOn` chain is followed; Word allows no cycles, but a
/// broken file might have one.
const MAX_CHAIN: usize = 16;

/// What a paragraph style says about the paragraphs that use it.
#[derive(Debug, Clone, Default)]
struct Style {
    /// Outline level 1–9 from the name “heading N”, or from `w:outlineLvl`;
    /// `Some(None)` when the style sets body-text level explicitly.
    outline: Option<Option<u8>>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    based_on: Option<String>,
}

/// The paragraph styles of a document.
#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, Style>,
}

impl Styles {
    pub fn parse(root: &Node) -> Styles {
        let mut styles = HashMap::new();
        let Some(list) = root.child("styles") else {
            return Styles::default();
        };
        for node in list.all("style") {
            if node.attr("type").is_some_and(|t| t != "paragraph") {
                continue;
            }
            let Some(id) = node.attr("styleId") else {
                continue;
            };
            let ppr = node.child("pPr");
            let outline = ppr
                .and_then(|p| p.val("outlineLvl"))
                .map(outline_level)
                .or_else(|| node.val("name").and_then(heading_name).map(Some));
            let num = ppr.and_then(|p| p.child("numPr"));
            styles.insert(
                id.to_string(),
                Style {
                    outline,
                    num_id: num.and_then(|n| n.val("numId")).map(str::to_string),
                    ilvl: num.and_then(|n| n.val("ilvl")).and_then(|v| v.parse().ok()),
                    based_on: node.val("basedOn").map(str::to_string),
                },
            );
        }
        Styles { styles }
    }

    /// The outline level (1-based) of paragraphs in this style, following
    /// `basedOn`.
    pub fn outline(&self, id: &str) -> Option<u8> {
        self.chain(id).find_map(|s| s.outline).flatten()
    }

    /// The list numbering (`numId`, `ilvl`) the style applies, following
    /// `basedOn`.
    pub fn numbering(&self, id: &str) -> (Option<String>, Option<u8>) {
        let num_id = self.chain(id).find_map(|s| s.num_id.clone());
        let ilvl = self.chain(id).find_map(|s| s.ilvl);
        (num_id, ilvl)
    }

    fn chain<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a Style> + 'a {
        let first = self.styles.get(id);
        std::iter::successors(first, move |s| {
            s.based_on.as_ref().and_then(|b| self.styles.get(b))
        })
        .take(MAX_CHAIN)
    }
}

/// `w:outlineLvl` counts from 0; 9 means body text.
pub fn outline_level(val: &str) -> Option<u8> {
    val.parse::<u8>().ok().filter(|&v| v < 9).map(|v| v + 1)
}

/// “heading 2” (any case, as Word and LibreOffice write it) → 2.
fn heading_name(name: &str) -> Option<u8> {
    let rest = name.trim().to_ascii_lowercase();
    let digits = rest.strip_prefix("heading")?.trim();
    digits.parse::<u8>().ok().filter(|n| (1..=9).contains(n))
}

#[cfg(test)]
mod tests {
    use super::super::super::xml::parse;
    use super::*;

    #[test]
    fn heading_styles_by_name_outline_level_and_inheritance() {
        let root = parse(
            r#"<w:styles xmlns:w="w">
              <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
              <w:style w:type="paragraph" w:styleId="Sub"><w:name w:val="我的标题"/><w:pPr><w:outlineLvl w:val="1"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="Derived"><w:name w:val="派生"/><w:basedOn w:val="Sub"/></w:style>
              <w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Normal"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
            </w:styles>"#,
        )
        .unwrap();
        let styles = Styles::parse(&root);
        assert_eq!(styles.outline("1"), Some(1));
        assert_eq!(styles.outline("Derived"), Some(2));
        assert_eq!(
            styles.numbering("Derived"),
            (Some("3".to_string()), Some(1))
        );
        assert_eq!(styles.outline("Body"), None);
        assert_eq!(styles.outline("Missing"), None);
    }
}
