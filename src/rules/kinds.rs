//! The table of rule kinds the loader knows, by `kind:` name: built from
//! [`crate::checks::register_builtin`], and open to more through
//! [`KindRegistry::register`] (a program using this library may add a kind of
//! its own). It reads each rule's `check:` block with the options type of
//! the kind named, gives the schema of those options, and their docs.

use schemars::{Schema, SchemaGenerator};

use super::env::RuleEnv;
use super::yaml::{self, Node, Value};
use crate::checks::{self, Check, Kind, Register};

/// One rule kind as the loader sees it.
#[derive(Clone, Copy)]
pub struct KindEntry {
    /// The name written after `kind:`.
    pub name: &'static str,
    /// What the kind checks (for the rule reference and the schema).
    pub docs: &'static str,
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
        (self.compile)(&without_kind(check), env)
    }
}

/// The options of a `check:` block: the mapping without its `kind` key.
fn without_kind(check: &Node) -> Node {
    match &check.value {
        Value::Map(entries) => Node {
            span: check.span.clone(),
            value: Value::Map(
                entries
                    .iter()
                    .filter(|(k, _)| k.as_str() != Some("kind"))
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
