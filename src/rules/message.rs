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

/// The placeholder names used in a template.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        // Only `{snake_case}` is a placeholder; other braces are text.
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            out.push(name);
        }
        rest = &after[close + 1..];
    }
    out
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
            placeholders("写作 {valid: [...]} 或 {next_year}"),
            ["next_year"]
        );
    }
}
