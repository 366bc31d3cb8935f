//! `word/styles.xml`: which paragraph styles are headings (Word's built-in
//! “heading 1”…“heading 9”, shown as 标题 1… in Chinese Word, or any style
//! with an outline level), which carry list numbering, which hide their text
//! (`w:vanish`), and which list each list style (a `numbering` style, Word's
//! 列表样式) stands for.

use std::collections::HashMap;

use super::super::xml::Node;
use super::props::{ParaProps, RunProps, Theme};

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
    /// `w:vanish` in the style's run properties: text in this style is
    /// hidden (`Some(false)` when the style shows it explicitly).
    vanish: Option<bool>,
    /// The run properties the style sets (font, size, bold).
    rpr: RunProps,
    /// The paragraph properties the style sets (indent, spacing, alignment).
    ppr: ParaProps,
}

/// The paragraph and character styles of a document, and its list styles.
#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, Style>,
    characters: HashMap<String, Style>,
    /// List style id → the `numId` of the list it defines.
    lists: HashMap<String, String>,
    /// `w:docDefaults`: what no style sets.
    default_rpr: RunProps,
    default_ppr: ParaProps,
    /// The default paragraph style (`w:default="1"`), for paragraphs with
    /// no style of their own.
    default_para: Option<String>,
    /// The theme's fonts, for `w:eastAsiaTheme` and the like.
    pub theme: Theme,
}

impl Styles {
    pub fn parse(root: &Node) -> Styles {
        let mut styles = HashMap::new();
        let Some(list) = root.child("styles") else {
            return Styles::default();
        };
        let mut characters = HashMap::new();
        let mut lists = HashMap::new();
        let mut default_para = None;
        let defaults = list.child("docDefaults");
        let default_rpr = RunProps::from_node(
            defaults
                .and_then(|d| d.child("rPrDefault"))
                .and_then(|d| d.child("rPr")),
        );
        let default_ppr = ParaProps::from_node(
            defaults
                .and_then(|d| d.child("pPrDefault"))
                .and_then(|d| d.child("pPr")),
        );
        for node in list.all("style") {
            let Some(id) = node.attr("styleId") else {
                continue;
            };
            let ppr = node.child("pPr");
            let num = ppr.and_then(|p| p.child("numPr"));
            let vanish = node.child("rPr").and_then(|r| r.child("vanish")).map(on);
            match node.attr("type") {
                Some("paragraph") | None => {}
                Some("character") => {
                    characters.insert(
                        id.to_string(),
                        Style {
                            vanish,
                            based_on: node.val("basedOn").map(str::to_string),
                            rpr: RunProps::from_node(node.child("rPr")),
                            ..Style::default()
                        },
                    );
                    continue;
                }
                Some("numbering") => {
                    if let Some(num_id) = num.and_then(|n| n.val("numId")) {
                        lists.insert(id.to_string(), num_id.to_string());
                    }
                    continue;
                }
                Some(_) => continue,
            }
            let outline = ppr
                .and_then(|p| p.val("outlineLvl"))
                .map(outline_level)
                .or_else(|| node.val("name").and_then(heading_name).map(Some));
            if default_para.is_none() && on_attr(node.attr("default")) == Some(true) {
                default_para = Some(id.to_string());
            }
            styles.insert(
                id.to_string(),
                Style {
                    outline,
                    num_id: num.and_then(|n| n.val("numId")).map(str::to_string),
                    ilvl: num.and_then(|n| n.val("ilvl")).and_then(|v| v.parse().ok()),
                    based_on: node.val("basedOn").map(str::to_string),
                    vanish,
                    rpr: RunProps::from_node(node.child("rPr")),
                    ppr: ParaProps::from_node(ppr),
                },
            );
        }
        Styles {
            styles,
            characters,
            lists,
            default_rpr,
            default_ppr,
            default_para,
            theme: Theme::default(),
        }
    }

    /// The paragraph style a paragraph is in: its own when the document
    /// defines it, else the default paragraph style.
    fn paragraph_style<'a>(&'a self, id: Option<&'a str>) -> Option<&'a str> {
        id.filter(|id| self.styles.contains_key(*id))
            .or(self.default_para.as_deref())
    }

    /// A run's effective properties: its own, then its character style's,
    /// then its paragraph style's (each following `basedOn`), then the
    /// document defaults.
    pub fn resolve_run(
        &self,
        paragraph: Option<&str>,
        character: Option<&str>,
        direct: &RunProps,
    ) -> RunProps {
        let mut p = direct.clone();
        if let Some(c) = character {
            let first = self.characters.get(c);
            for s in std::iter::successors(first, |s| {
                s.based_on.as_ref().and_then(|b| self.characters.get(b))
            })
            .take(MAX_CHAIN)
            {
                p.or(&s.rpr);
            }
        }
        if let Some(id) = self.paragraph_style(paragraph) {
            for s in self.chain(id) {
                p.or(&s.rpr);
            }
        }
        p.or(&self.default_rpr);
        p
    }

    /// A paragraph's effective properties: its own, then its style chain's,
    /// then the document defaults.
    pub fn resolve_paragraph(&self, paragraph: Option<&str>, direct: &ParaProps) -> ParaProps {
        let mut p = direct.clone();
        if let Some(id) = self.paragraph_style(paragraph) {
            for s in self.chain(id) {
                p.or(&s.ppr);
            }
        }
        p.or(&self.default_ppr);
        p
    }

    /// The size of the default paragraph style, in points (what the
    /// document grid's character pitch adds to).
    pub fn default_size_pt(&self) -> f64 {
        let size = self
            .resolve_run(None, None, &RunProps::default())
            .size
            .unwrap_or(super::props::DEFAULT_SIZE);
        f64::from(size) / 2.0
    }

    /// Whether text in this paragraph style is hidden, following `basedOn`.
    pub fn hidden(&self, id: &str) -> Option<bool> {
        self.chain(id).find_map(|s| s.vanish)
    }

    /// Whether text in this character style is hidden, following `basedOn`.
    pub fn character_hidden(&self, id: &str) -> Option<bool> {
        let first = self.characters.get(id);
        std::iter::successors(first, |s| {
            s.based_on.as_ref().and_then(|b| self.characters.get(b))
        })
        .take(MAX_CHAIN)
        .find_map(|s| s.vanish)
    }

    /// The `numId` of the list a list style defines (`w:numStyleLink`
    /// names the style, the style names the list).
    pub fn list_style(&self, id: &str) -> Option<&str> {
        self.lists.get(id).map(String::as_str)
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

/// An on/off property (`w:vanish`, `w:b`…): on unless `w:val` says off.
pub fn on(node: &Node) -> bool {
    on_attr(node.attr("val")).unwrap_or(true)
}

/// An on/off attribute value; `None` when absent.
pub fn on_attr(val: Option<&str>) -> Option<bool> {
    val.map(|v| !matches!(v, "0" | "false" | "off"))
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
