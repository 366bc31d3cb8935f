//! Matches a document's headings to the template's sections: which required
//! part of the report each heading opens, and which parts are missing.

use crate::document::Document;
use crate::template::Template;

/// The template sections found in one document.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// For each template section, the headings matched to it (the first one is
    /// the section; later ones repeat it).
    pub found: Vec<Vec<usize>>,
    /// For each heading, the template sections it opens: usually one, two for
    /// a merged heading such as “三、存在的问题及下一步打算”.
    pub heading_sections: Vec<Vec<usize>>,
}

impl Outline {
    pub fn new(doc: &Document, template: &Template) -> Outline {
        let mut found = vec![Vec::new(); template.sections.len()];
        let mut heading_sections: Vec<Vec<usize>> = vec![Vec::new(); doc.headings.len()];
        for (h, heading) in doc.headings.iter().enumerate() {
            let title = doc.slice(heading.title);
            for &s in &template.match_order {
                let section = &template.sections[s];
                if !section.levels.contains(&heading.level) || !section.heading.is_match(title) {
                    continue;
                }
                // A sub-heading inside the section it would match adds nothing.
                if ancestors(doc, h).any(|a| heading_sections[a].contains(&s)) {
                    continue;
                }
                heading_sections[h].push(s);
                found[s].push(h);
                if section.exclusive {
                    break;
                }
            }
        }
        Outline {
            found,
            heading_sections,
        }
    }

    /// The heading that opens template section `s`, if the report has it.
    pub fn heading_of(&self, s: usize) -> Option<usize> {
        self.found.get(s).and_then(|v| v.first()).copied()
    }

    /// The template section a byte offset lies in: that of the innermost
    /// heading around it that opens one.
    pub fn section_at(&self, doc: &Document, offset: usize) -> Option<usize> {
        let h = doc.heading_at(offset)?;
        std::iter::once(h)
            .chain(ancestors(doc, h))
            .find_map(|a| self.heading_sections[a].first().copied())
    }
}

fn ancestors(doc: &Document, h: usize) -> impl Iterator<Item = usize> + '_ {
    std::iter::successors(doc.headings[h].parent, move |&p| doc.headings[p].parent)
}
