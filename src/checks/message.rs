//! Message templates: `{name}` placeholders in a rule's message and help,
//! filled by the check that reports it.

/// Replaces each `{name}` in `template` with its value. A placeholder with no
/// value is left as written, so a typo shows in the output rather than
/// vanishing.
pub fn render(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match values.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names used in a template: `{name}` where the name is an
/// identifier (a letter or `_`, then letters, digits, `_`). Other braces are
/// text: `{2,4}`, `{valid: [...]}`, `\p{Han}`.
pub fn placeholders(template: &str) -> Vec<&str> {
    identifiers(template)
        .filter(|&(_, _, closed)| closed)
        .map(|(_, name, _)| name)
        .collect()
}

/// Placeholders that are not closed: `{match` followed by anything but `}`
/// (or by `:`, which starts text such as `{valid: [...]}`), as written
/// (`{match`).
pub fn malformed(template: &str) -> Vec<&str> {
    identifiers(template)
        .filter(|&(_, _, closed)| !closed)
        .map(|(open, name, _)| &template[open..open + 1 + name.len()])
        .collect()
}

/// Every `{identifier` in a template: where its brace is, the name, and
/// whether `}` follows the name. Skips `{identifier:` and `\p{…}`.
fn identifiers(template: &str) -> impl Iterator<Item = (usize, &str, bool)> {
    template.match_indices('{').filter_map(move |(open, _)| {
        let after = &template[open + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..len];
        let starts_well = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        let class = template[..open].ends_with("\\p") || template[..open].ends_with("\\P");
        let next = after[len..].chars().next();
        (starts_well && !class && next != Some(':')).then_some((open, name, next == Some('}')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_placeholders_and_keeps_unknown_ones() {
        assert_eq!(
            render(
                "缺少“{section}”（{year}年）{other}",
                &[("section", "主要安排"), ("year", "2022")]
            ),
            "缺少“主要安排”（2022年）{other}"
        );
        assert_eq!(placeholders("{a}与{b}"), ["a", "b"]);
        assert_eq!(
            placeholders("写作 {valid: [...]} 或 {next_year}，\\p{Han}、{2,4}"),
            ["next_year"]
        );
        assert_eq!(placeholders("{Match}"), ["Match"]);
        assert_eq!(malformed("共{count}处{match"), ["{match"]);
        assert_eq!(malformed("{match，共{count}处"), ["{match"]);
        assert!(malformed("写作 {valid: [...]} 或 {2,4}").is_empty());
    }
}
