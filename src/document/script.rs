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
    if !text.chars().any(|c| c.len_utf8() == 3) {
        return None;
    }
    let view = fast2s::convert(text);
    (view.len() == text.len() && view != text).then_some(view)
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
}
