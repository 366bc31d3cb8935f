//! Reports reposted in traditional characters (a mirror of a portal, an
//! encyclopedia's copy, a portal's own 繁體 button) say what a report in
//! simplified characters says. The template's phrasings are written in
//! simplified characters, so the document keeps a simplified-character view
//! of its text for matching them: the same text, character for character,
//! with every span valid in both.

/// The text in simplified characters, when it differs from `text` and has
/// the same length in bytes (the character for character view every span
/// relies on); `None` for a text in simplified characters.
///
/// The conversion is fast2s's table of traditional characters, which keeps
/// the few that stand for themselves in some words (乾隆, 皇后) and maps each
/// character to one character of the same UTF-8 length.
pub fn simplified(text: &str) -> Option<String> {
    if !changes_some(text) {
        return None;
    }
    let view = fast2s::convert(text);
    (view.len() == text.len() && view != text).then_some(view)
}

/// Whether fast2s changes a character of `text`. fast2s converts each
/// character by itself, the one before and the one after, so a character it
/// may change is converted with its two neighbours only: most characters it
/// may change (著 in 显著) stay as they are in a simplified text, which is
/// then not converted whole.
///
/// The text is read as bytes: fast2s changes three-byte characters only, so
/// only their first bytes (0xE0–0xEF) are looked at, and a character is put
/// together from its three bytes only there.
fn changes_some(text: &str) -> bool {
    changes_within(text, 0, text.len())
}

/// Whether fast2s changes a character of `text` that starts within
/// `start..end` (each converted with its neighbours in `text`, which may lie
/// outside the range): when it changes none, the simplified view of that
/// range is the range itself. A range that is not on character boundaries
/// counts as changed.
pub fn changes_within(text: &str, start: usize, end: usize) -> bool {
    if start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return true;
    }
    let convertible = convertible();
    let bytes = &text.as_bytes()[..end];
    let mut at = start;
    while at < bytes.len() {
        let b0 = bytes[at];
        if b0 & 0xF0 != 0xE0 {
            at += 1;
            continue;
        }
        let Some(&[b1, b2]) = text.as_bytes().get(at + 1..at + 3) else {
            break;
        };
        let code = u32::from(b0 & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
        if convertible.contains(code) && changed_in_context(text, at) {
            return true;
        }
        at += 3;
    }
    false
}

/// Whether fast2s changes the character at byte `at` of `text`, converted
/// with the characters before and after it.
fn changed_in_context(text: &str, at: usize) -> bool {
    let Some(c) = text[at..].chars().next() else {
        return false;
    };
    let end = at + c.len_utf8();
    let start = text[..at]
        .chars()
        .next_back()
        .map_or(at, |p| at - p.len_utf8());
    let end = text[end..]
        .chars()
        .next()
        .map_or(end, |n| end + n.len_utf8());
    // The character converted in its context, which starts with it when
    // it is the first character of the text.
    let own = usize::from(start < at);
    fast2s::convert(&text[start..end]).chars().nth(own) != Some(c)
}

/// The characters fast2s may change: those it changes standing alone, and
/// those it changes only beside a given neighbour (its table of words such
/// as 看著 → 看着). A text with none of them is its own simplified view, so
/// it is not converted: most reports are in simplified characters, and the
/// conversion looks up three tables per character.
struct Convertible(Vec<u64>);

/// Characters fast2s changes only within a word of its special table, not
/// standing alone.
const CHANGED_IN_WORDS_ONLY: &[char] = &['著', '苧', '藉', '乾', '闔', '鍾', '讎', '畫'];

impl Convertible {
    /// fast2s changes three-byte characters only (U+0800–U+FFFF).
    fn contains(&self, u: u32) -> bool {
        (0x800..=0xFFFF).contains(&u) && self.0[(u >> 6) as usize] >> (u & 63) & 1 == 1
    }

    fn insert(&mut self, c: char) {
        let u = c as u32;
        self.0[(u >> 6) as usize] |= 1 << (u & 63);
    }
}

/// Built once per process by converting each character alone (a few
/// milliseconds), so that it always agrees with the fast2s in use.
fn convertible() -> &'static Convertible {
    static SET: std::sync::OnceLock<Convertible> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let mut set = Convertible(vec![0; 0x10000 / 64]);
        let mut buf = [0u8; 4];
        for c in '\u{800}'..='\u{FFFF}' {
            let one: &str = c.encode_utf8(&mut buf);
            if fast2s::convert(one) != one {
                set.insert(c);
            }
        }
        for &c in CHANGED_IN_WORDS_ONLY {
            set.insert(c);
        }
        set
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_text_has_a_simplified_view_of_the_same_length() {
        let text = "三、黨政主要負責人履行推進法治建設第一責任人職責情況";
        let view = simplified(text).unwrap();
        assert_eq!(view, "三、党政主要负责人履行推进法治建设第一责任人职责情况");
        assert_eq!(view.len(), text.len());
        assert_eq!(simplified("三、党政主要负责人履行第一责任人职责情况"), None);
        assert_eq!(simplified("ASCII only"), None);
    }

    #[test]
    fn words_converted_only_in_context_are_not_missed() {
        assert_eq!(simplified("看著").as_deref(), Some("看着"));
        assert_eq!(simplified("企畫").as_deref(), Some("企划"));
        assert_eq!(simplified("乾淨").as_deref(), Some("干净"));
        // fast2s changes nothing in a simplified text, so it is not converted.
        for text in ["依法行政，建设法治政府。", "看着", "①②"] {
            assert_eq!(simplified(text), None, "{text}");
        }
    }

    #[test]
    fn a_character_changed_only_in_a_word_is_looked_at_in_its_context() {
        // 著 stays in 显著 and changes in 看著, at either end of a text too.
        for (text, changed) in [
            ("显著", false),
            ("著", false),
            ("成效显著提升", false),
            ("看著", true),
            ("看著辦", true),
            ("著作", false),
            ("企畫", true),
            ("畫", true),
            ("乾隆", false),
            ("乾淨", true),
            // Beside characters of one, two and four bytes.
            ("a著作é𠀀显著ü", false),
            ("é𠀀看著a", true),
            ("𠀀畫", true),
        ] {
            let whole = fast2s::convert(text) != text;
            assert_eq!(whole, changed, "{text}");
            assert_eq!(simplified(text).is_some(), changed, "{text}");
        }
    }

    #[test]
    fn a_range_changes_exactly_where_the_whole_view_differs() {
        // Every range on character boundaries, its characters converted
        // with neighbours that may lie outside it.
        for text in [
            "看著辦理，成效显著",
            "a著作é𠀀看著ü",
            "黨政主要負責人",
            "依法行政",
            "畫",
        ] {
            let view = simplified(text);
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for (k, &start) in bounds.iter().enumerate() {
                for &end in &bounds[k..] {
                    let differs = view
                        .as_deref()
                        .is_some_and(|v| v[start..end] != text[start..end]);
                    assert_eq!(
                        changes_within(text, start, end),
                        differs,
                        "{text} {start}..{end}"
                    );
                }
            }
        }
        // A range off the character boundaries or reversed counts as changed.
        assert!(changes_within("看著", 1, 3));
        assert!(changes_within("看著", 3, 0));
    }
}
