//! Matches a document's headings to the template's sections: which required
//! part of the report each heading opens, and which parts are missing.

use crate::document::Document;
use crate::rules::Template;

/// The template sections found in one document.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// For each template section, the headings matched to it (the first one is
    /// the section; later ones repeat it).
    pub found: Vec<Vec<usize>>,
    /// For each heading, the template section it opens.
    pub heading_section: Vec<Option<usize>>,
}

impl Outline {
    pub fn new(doc: &Document, template: &Template) -> Outline {
        let mut found = vec![Vec::new(); template.sections.len()];
        let mut heading_section = vec![None; doc.headings.len()];
        for (h, heading) in doc.headings.iter().enumerate() {
            let title = doc.slice(heading.title);
            for &s in &template.match_order {
                let section = &template.sections[s];
                if !section.levels.contains(&heading.level) || !section.heading.is_match(title) {
                    continue;
                }
                // A sub-heading inside the section it would match adds nothing.
                if ancestors(doc, h).any(|a| heading_section[a] == Some(s)) {
                    break;
                }
                heading_section[h] = Some(s);
                found[s].push(h);
                break;
            }
        }
        Outline {
            found,
            heading_section,
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
            .find_map(|a| self.heading_section[a])
    }
}

fn ancestors(doc: &Document, h: usize) -> impl Iterator<Item = usize> + '_ {
    std::iter::successors(doc.headings[h].parent, move |&p| doc.headings[p].parent)
}
