//! The table of rule kinds the loader knows, by `kind:` name: built from
//! [`crate::checks::register_builtin`], and open to more through
//! [`KindRegistry::register`] (a program using this library may add a kind of
//! its own). It reads each rule's `check:` block with the options type of
//! the kind named, gives the schema of those options, and their docs.

use schemars::{Schema, SchemaGenerator};

use super::env::RuleEnv;
use super::yaml::{self, Node, Value};
use crate::checks::{self, Check, Kind, LabelKey, Labels, Register};

/// One rule kind as the loader sees it.
#[derive(Clone, Copy)]
pub struct KindEntry {
    /// The name written after `kind:`.
    pub name: &'static str,
    /// What the kind checks (for the rule reference and the schema).
    pub docs: &'static str,
    /// The label texts a rule of the kind may set under `labels:`.
    pub labels: &'static [LabelKey],
    /// Every placeholder a rule of the kind may be given.
    pub placeholders: &'static [&'static str],
    /// Reads the options (the `check:` block without `kind`) and compiles.
    compile: fn(&Node, &mut RuleEnv) -> Option<Box<dyn Check>>,
    /// The schema of the options.
    pub schema: fn(&mut SchemaGenerator) -> Schema,
}

impl std::fmt::Debug for KindEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// The rule kinds a pack may use.
#[derive(Debug, Clone)]
pub struct KindRegistry {
    entries: Vec<KindEntry>,
}

impl Register for KindRegistry {
    fn kind<K: Kind>(&mut self) {
        self.register::<K>();
    }
}

impl KindRegistry {
    /// The kinds built in.
    pub fn builtin() -> KindRegistry {
        let mut r = KindRegistry {
            entries: Vec::new(),
        };
        checks::register_builtin(&mut r);
        r
    }

    /// Adds a kind (or replaces the one of the same name).
    pub fn register<K: Kind>(&mut self) -> &mut Self {
        let entry = KindEntry {
            name: K::NAME,
            docs: K::DOCS,
            labels: K::LABELS,
            placeholders: K::PLACEHOLDERS,
            compile: compile_kind::<K>,
            schema: |g| g.subschema_for::<K::Options>(),
        };
        match self.entries.iter_mut().find(|e| e.name == K::NAME) {
            Some(e) => *e = entry,
            None => self.entries.push(entry),
        }
        self
    }

    pub fn entries(&self) -> &[KindEntry] {
        &self.entries
    }

    pub fn get(&self, name: &str) -> Option<&KindEntry> {
        self.entries.iter().find(|e| e.name == name)
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.iter().map(|e| e.name)
    }
}

impl KindEntry {
    /// Compiles a rule's `check:` block (a mapping that has `kind:`).
    pub(crate) fn compile(&self, check: &Node, env: &mut RuleEnv) -> Option<Box<dyn Check>> {
        env.labels = labels(self, check.get("labels"), env)?;
        (self.compile)(&options(check), env)
    }
}

/// The rule's `labels:` block checked against the kind's keys: every key
/// known, every value a text whose placeholders the kind fills. `None` when
/// there was a problem (each one recorded).
fn labels(kind: &KindEntry, block: Option<&Node>, env: &mut RuleEnv) -> Option<Labels> {
    let Some(block) = block.filter(|b| !b.is_null()) else {
        return Some(Labels::resolve(kind.labels, |_| None));
    };
    let keys = || kind.labels.iter().map(|k| k.key);
    let Value::Map(entries) = &block.value else {
        env.problem(
            "check.labels",
            None,
            checks::Problem::new(
                "`labels` 应是“键: 文字”的映射",
                "不是映射",
                label_keys_help(kind),
            ),
        );
        return None;
    };
    let mut ok = true;
    for (key, value) in entries {
        let name = key.as_str().unwrap_or_default();
        let at = format!("check.labels.{name}");
        let Some(spec) = kind.labels.iter().find(|k| k.key == name) else {
            let hint = yaml::did_you_mean(name, keys())
                .map(|k| format!("是否想写 `{k}`？"))
                .unwrap_or_default();
            let span = env.file.value_span(key);
            let e = env.file.error(
                span,
                format!("`{name}` 不是 {} 规则的标注文字", kind.name),
                "未知的键",
                Some(format!("{hint}{}", label_keys_help(kind))),
            );
            env.errors.push(e);
            ok = false;
            continue;
        };
        match value.as_str() {
            Some(text) if !value.is_null() => {
                let errors = env.errors.len();
                super::compile::check_placeholders(env, &at, text, kind.name, spec.placeholders);
                ok &= env.errors.len() == errors;
            }
            _ => {
                env.problem(
                    &at,
                    None,
                    checks::Problem::new(
                        format!("标注文字 `{name}` 应是一段文字"),
                        "不是文字",
                        format!("例如 {name}: '{}'", spec.default),
                    ),
                );
                ok = false;
            }
        }
    }
    ok.then(|| {
        Labels::resolve(kind.labels, |key| {
            block.get(key).and_then(Node::as_str).map(str::to_string)
        })
    })
}

fn label_keys_help(kind: &KindEntry) -> String {
    if kind.labels.is_empty() {
        return format!("{} 规则没有可设置的标注文字；删除 labels", kind.name);
    }
    format!(
        "{} 规则可设置的标注文字：{}",
        kind.name,
        kind.labels
            .iter()
            .map(|k| format!("`{}`", k.key))
            .collect::<Vec<_>>()
            .join("、")
    )
}

/// The options of a `check:` block: the mapping without its `kind` and
/// `labels` keys.
fn options(check: &Node) -> Node {
    match &check.value {
        Value::Map(entries) => Node {
            span: check.span.clone(),
            value: Value::Map(
                entries
                    .iter()
                    .filter(|(k, _)| !matches!(k.as_str(), Some("kind" | "labels")))
                    .cloned()
                    .collect(),
            ),
        },
        _ => check.clone(),
    }
}

fn compile_kind<K: Kind>(options: &Node, env: &mut RuleEnv) -> Option<Box<dyn Check>> {
    match yaml::from_node::<K::Options>(options) {
        Ok(o) => K::compile(o, env),
        Err(e) => {
            env.yaml_error(&e);
            None
        }
    }
}
