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
    let convertible = convertible();
    if !text.chars().any(|c| convertible.contains(c)) {
        return None;
    }
    let view = fast2s::convert(text);
    (view.len() == text.len() && view != text).then_some(view)
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
    fn contains(&self, c: char) -> bool {
        let u = c as u32;
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
}
