//! Matches a document's headings to the template's sections: which required
//! part of the report each heading opens, and which parts are missing.

use crate::document::Document;
use crate::template::Template;

/// The most characters of a heading's title matched against the template:
/// a heading run on to its text with no full stop (a text that lost its
/// line breaks: “一、主要工作及成效（一）加强组织领导，健全……困难和问题……”)
/// is a heading only at its start.
const MAX_TITLE_CHARS: usize = 60;

fn title_head(title: &str) -> &str {
    match title.char_indices().nth(MAX_TITLE_CHARS) {
        Some((end, _)) => &title[..end],
        None => title,
    }
}

/// The template sections found in one document.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// For each template section, the headings matched to it (the first one is
    /// the section; later ones repeat it).
    pub found: Vec<Vec<usize>>,
    /// For each heading, the template sections it opens: usually one, two for
    /// a merged heading such as “三、存在的问题及下一步打算”.
    pub heading_sections: Vec<Vec<usize>>,
    /// For each template section, whether it was found without a heading of
    /// its own, by the topical headings that stand for it (see
    /// [`Outline::new`]).
    pub topical: Vec<bool>,
}

impl Outline {
    pub fn new(doc: &Document, template: &Template) -> Outline {
        let mut found = vec![Vec::new(); template.sections.len()];
        let mut heading_sections: Vec<Vec<usize>> = vec![Vec::new(); doc.headings.len()];
        for (h, heading) in doc.headings.iter().enumerate() {
            let title = title_head(doc.matching(heading.title));
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
        let mut outline = Outline {
            found,
            heading_sections,
            topical: vec![false; template.sections.len()],
        };
        for s in 0..template.sections.len() {
            outline.find_topical(doc, template, s);
        }
        outline
    }

    /// Older and departmental reports often have no heading for a section
    /// such as 主要举措和成效: its content stands under headings named for
    /// the work itself (“一、统筹部署和指导监督，高效推进法治政府建设” …
    /// “五、……”), followed by the 不足 and the other parts. The section is
    /// then found at those headings when, among the headings of its levels
    /// that open no template section and stand before the next section the
    /// report has (in the template's order; anywhere, when it has none of the
    /// later ones, as in an opening cut short), those that read as a piece of
    /// work by the section's `topical` matcher are at least one and more than
    /// the rest. The section points at the first of them.
    fn find_topical(&mut self, doc: &Document, template: &Template, s: usize) {
        let section = &template.sections[s];
        let Some(topical) = &section.topical else {
            return;
        };
        if !self.found[s].is_empty() {
            return;
        }
        let start = (0..s)
            .rev()
            .find_map(|t| self.heading_of(t))
            .map_or(0, |h| doc.headings[h].span.end);
        let end = (s + 1..template.sections.len())
            .find_map(|t| self.heading_of(t))
            .map_or(usize::MAX, |h| doc.headings[h].span.start);
        let candidates: Vec<usize> = (0..doc.headings.len())
            .filter(|&h| {
                let heading = &doc.headings[h];
                heading.span.start >= start
                    && heading.span.start < end
                    && section.levels.contains(&heading.level)
                    && self.heading_sections[h].is_empty()
            })
            .collect();
        let work: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&h| topical.is_match(title_head(doc.matching(doc.headings[h].title))))
            .collect();
        if work.is_empty() || 2 * work.len() <= candidates.len() {
            return;
        }
        for &h in &work {
            self.heading_sections[h].push(s);
        }
        self.found[s] = work;
        self.topical[s] = true;
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
