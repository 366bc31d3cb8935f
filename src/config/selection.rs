//! Which rules of a pack run: `--select`, `--ignore` and the configuration's
//! `disable`, with ruff's conventions. A selector is a rule id (`FZ042`), an
//! id prefix (`FZ04`), a rule kind (`pattern`, as `reportlint rules list`
//! shows it) or `ALL`. Without `--select` every rule is selected. A rule
//! runs when it is selected and not ignored; when a rule is both, the more
//! specific selector wins (an id over a shorter prefix, a prefix over a
//! kind, a kind over `ALL`), and on a tie it is ignored — so
//! `--select FZ04 --ignore FZ042` runs FZ040–FZ049 but FZ042, and
//! `--select ALL,FZ042 --ignore pattern` runs every rule but the pattern
//! rules, FZ042 included.

use crate::checks::Rule;

/// How specifically `selector` names a rule of id `id` and kind `kind`, or
/// `None` when it does not name it.
fn specificity(selector: &str, id: &str, kind: &str) -> Option<usize> {
    let selector = selector.trim();
    if selector.eq_ignore_ascii_case("ALL") {
        return Some(0);
    }
    let as_kind = selector.eq_ignore_ascii_case(kind).then_some(1);
    let as_prefix = (!selector.is_empty()
        && id.len() >= selector.len()
        && id.is_char_boundary(selector.len())
        && id[..selector.len()].eq_ignore_ascii_case(selector))
    .then(|| 1 + selector.chars().count());
    as_kind.max(as_prefix)
}

/// Whether a rule runs, given the selectors that select and those that
/// ignore (`disable` and `--ignore` together).
pub fn runs<'a>(
    id: &str,
    kind: &str,
    select: impl IntoIterator<Item = &'a str>,
    ignore: impl IntoIterator<Item = &'a str>,
) -> bool {
    let mut select = select.into_iter().peekable();
    let selected = if select.peek().is_none() {
        Some(0)
    } else {
        select.filter_map(|s| specificity(s, id, kind)).max()
    };
    let Some(selected) = selected else {
        return false;
    };
    match ignore
        .into_iter()
        .filter_map(|s| specificity(s, id, kind))
        .max()
    {
        Some(ignored) => selected > ignored,
        None => true,
    }
}

/// Whether a selector names at least one of `rules` (`ALL` always does).
pub fn names_a_rule<'a>(selector: &str, rules: impl IntoIterator<Item = &'a Known>) -> bool {
    selector.trim().eq_ignore_ascii_case("ALL")
        || rules
            .into_iter()
            .any(|k| specificity(selector, &k.id, k.kind).is_some())
}

/// A rule of a pack as it was before any was left out: its id and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub id: String,
    pub kind: &'static str,
}

impl Known {
    pub fn of(rule: &Rule) -> Known {
        Known {
            id: rule.id.clone(),
            kind: rule.check.kind(),
        }
    }
}

/// The rule id or kind nearest to a selector that names nothing, for a
/// did-you-mean.
pub fn nearest<'a>(selector: &str, rules: impl IntoIterator<Item = &'a Known>) -> Option<String> {
    let selector = selector.trim();
    rules
        .into_iter()
        .flat_map(|k| [k.id.as_str(), k.kind])
        .map(|c| {
            let (a, b) = (selector.to_uppercase(), c.to_uppercase());
            let distance = strsim::levenshtein(&a, &b);
            // On a tie, the one that starts like the selector: FZ042 for
            // FZ0422, not FZ022.
            let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            (distance, std::cmp::Reverse(common), c)
        })
        .min()
        .map(|(_, _, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(id: &str, kind: &str, select: &[&str], ignore: &[&str]) -> bool {
        runs(id, kind, select.iter().copied(), ignore.iter().copied())
    }

    #[test]
    fn ruff_conventions() {
        assert!(run("FZ042", "pattern", &[], &[]));
        assert!(run("FZ042", "pattern", &["FZ04"], &[]));
        assert!(run("FZ042", "pattern", &["fz042"], &[]), "ids in any case");
        assert!(!run("FZ002", "template", &["FZ04"], &[]));
        assert!(!run("FZ042", "pattern", &["FZ04"], &["FZ042"]));
        assert!(run("FZ041", "sequence", &["FZ04"], &["FZ042"]));
        assert!(
            run("FZ042", "pattern", &["FZ042"], &["FZ04"]),
            "more specific"
        );
        assert!(
            !run("FZ042", "pattern", &["FZ042"], &["FZ042"]),
            "tie: ignored"
        );
        assert!(!run("FZ042", "pattern", &[], &["pattern"]));
        assert!(run("FZ042", "pattern", &["FZ042"], &["pattern"]));
        assert!(run("FZ042", "pattern", &["pattern"], &[]));
        assert!(!run("FZ041", "sequence", &["pattern"], &[]));
        assert!(!run("FZ042", "pattern", &[], &["ALL"]));
        assert!(run("FZ042", "pattern", &["FZ042"], &["ALL"]));
        assert!(!run("FZ042", "pattern", &["FZ0420"], &[]));
    }

    #[test]
    fn a_selector_that_names_nothing_gets_the_nearest_id() {
        let rules = [
            Known {
                id: "FZ042".into(),
                kind: "pattern",
            },
            Known {
                id: "FZ002".into(),
                kind: "template",
            },
        ];
        assert!(names_a_rule("FZ0", &rules));
        assert!(names_a_rule("Pattern", &rules));
        assert!(!names_a_rule("FZ999", &rules));
        assert!(!names_a_rule("FZ042X", &rules));
        assert_eq!(nearest("FZ043", &rules).as_deref(), Some("FZ042"));
        assert_eq!(nearest("FZ0422", &rules).as_deref(), Some("FZ042"));
        assert_eq!(nearest("patern", &rules).as_deref(), Some("pattern"));
    }
}
