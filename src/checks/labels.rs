//! The texts a check writes on a report besides the rule's message: the
//! label at each place, and values it puts into `{placeholders}`. Their
//! wording belongs to the template (a 报告 has a 标题 and a 落款; another
//! document may not), so each kind declares its label keys with a generic
//! default, and a rule sets them under `labels:` in its `check:` block. The
//! loader checks the keys and their placeholders as it does messages.

use super::message::render;

/// One label text a kind writes.
#[derive(Debug, Clone, Copy)]
pub struct LabelKey {
    /// The key under `labels:`.
    pub key: &'static str,
    /// What the text is for, in Chinese (for the schema and the reference).
    pub docs: &'static str,
    /// The `{placeholders}` the check fills in this text, besides `{year}`
    /// and `{next_year}`.
    pub placeholders: &'static [&'static str],
    /// The text when a rule does not set it: generic wording, true of any
    /// template.
    pub default: &'static str,
}

impl LabelKey {
    pub const fn new(
        key: &'static str,
        default: &'static str,
        placeholders: &'static [&'static str],
        docs: &'static str,
    ) -> LabelKey {
        LabelKey {
            key,
            docs,
            placeholders,
            default,
        }
    }
}

/// A rule's label texts: each key of its kind, set by the rule or defaulted.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    texts: Vec<(&'static str, String)>,
}

impl Labels {
    /// The texts for `keys`, taking each from `given` when it has it.
    pub fn resolve(
        keys: &'static [LabelKey],
        mut given: impl FnMut(&str) -> Option<String>,
    ) -> Labels {
        Labels {
            texts: keys
                .iter()
                .map(|k| (k.key, given(k.key).unwrap_or_else(|| k.default.to_string())))
                .collect(),
        }
    }

    /// The text of `key`, its placeholders unfilled. A key the kind did not
    /// declare reads as itself, so the slip shows in the output.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.texts
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(key, |(_, t)| t.as_str())
    }

    /// The text of `key` with `values` filled in.
    pub fn render(&self, key: &str, values: &[(&str, &str)]) -> String {
        render(self.get(key), values)
    }
}
