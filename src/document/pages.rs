//! Which page of a paged document (PDF, OFD) a place in its text is on.
//!
//! The text of a PDF or OFD is rebuilt from its pages ([`crate::input::pdf`]),
//! so its lines are paragraphs, not the lines a reader sees on paper; the
//! page is what a reviewer can find in the original. The map is a small
//! table of the offsets where each page's text begins (a few hundred
//! entries for a long report), not a page per character.

/// Where each page's text starts: `(byte offset, page from 1)`, sorted by
/// offset. Pages with no text (blank, or only a running header) have no
/// entry; a paragraph that runs over a page break starts on one page and
/// goes on on the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMap {
    starts: Vec<(usize, usize)>,
}

impl PageMap {
    /// A map from `(offset, page)` pairs in text order. Pairs out of order
    /// (which a reader never gives) are dropped rather than trusted.
    pub fn new(starts: impl IntoIterator<Item = (usize, usize)>) -> PageMap {
        let mut kept: Vec<(usize, usize)> = Vec::new();
        for (offset, page) in starts {
            match kept.last_mut() {
                Some(last) if last.0 == offset => *last = (offset, page),
                Some(last) if last.0 > offset => {}
                _ => kept.push((offset, page)),
            }
        }
        PageMap { starts: kept }
    }

    /// The page (from 1) holding the byte at `offset`; `None` when the map
    /// is empty (a format without pages).
    pub fn page(&self, offset: usize) -> Option<usize> {
        let after = self.starts.partition_point(|&(start, _)| start <= offset);
        // Text before the first page's start (none, in practice) is on it.
        let index = after.saturating_sub(1);
        self.starts.get(index).map(|&(_, page)| page)
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The number of pages with text.
    pub fn len(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_fall_on_the_page_that_starts_before_them() {
        let map = PageMap::new([(0, 1), (100, 2), (250, 4)]);
        assert_eq!(map.page(0), Some(1));
        assert_eq!(map.page(99), Some(1));
        assert_eq!(map.page(100), Some(2));
        assert_eq!(map.page(249), Some(2));
        assert_eq!(map.page(10_000), Some(4));
        assert_eq!(PageMap::default().page(5), None);
    }

    #[test]
    fn pairs_out_of_order_are_dropped() {
        let map = PageMap::new([(0, 1), (50, 2), (40, 3), (50, 3)]);
        assert_eq!(map.len(), 2);
        assert_eq!(map.page(45), Some(1));
        assert_eq!(map.page(60), Some(3));
    }
}
