//! A YAML document as a tree of [`Node`]s that know where they stand in the
//! text (byte ranges), built from the events of `saphyr-parser`, whose
//! markers give every value's start and end. Serde reads the tree through
//! [`super::de`], so a shape error points at the exact key or value, and a
//! loader can point at any value by its path (`rules[3].check.regex`) after
//! deserializing.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::{YamlError, YamlErrorKind};

/// A value in a YAML document and its place: `span` is a byte range of the
/// text (for a collection, from its first to its last character).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A scalar as written; `plain` when it had no quotes and no block
    /// style, so that `true`, `12` and `~` are read as YAML's core schema
    /// says.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    /// Keys in the order written.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// An empty document.
    pub fn null() -> Node {
        Node {
            span: 0..0,
            value: Value::Scalar {
                text: String::new(),
                plain: true,
            },
        }
    }

    /// Whether this is YAML's null: an empty value, `~` or `null`.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The scalar's text, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The value under a key of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key node and value of a mapping entry.
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// The node at a path of keys and indices from this one:
    /// `check.areas[2].any[0]`. A key may itself contain dots (a `fix.map`
    /// key such as `.`): the longest key that matches is taken. Where the
    /// path leaves the tree, the deepest node reached is returned, so that
    /// a problem with a value that is absent points at its parent.
    pub fn at(&self, path: &str) -> &Node {
        let mut node = self;
        let mut rest = path;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('[') {
                let Some(close) = after.find(']') else { break };
                let index: Option<usize> = after[..close].parse().ok();
                let next = match (&node.value, index) {
                    (Value::Seq(items), Some(i)) => items.get(i),
                    _ => None,
                };
                let Some(next) = next else { break };
                node = next;
                rest = after[close + 1..].trim_start_matches('.');
                continue;
            }
            let Value::Map(entries) = &node.value else {
                break;
            };
            let found = entries
                .iter()
                .filter_map(|(k, v)| {
                    let key = k.as_str()?;
                    let tail = rest.strip_prefix(key)?;
                    (tail.is_empty() || tail.starts_with(['.', '['])).then_some((
                        key.len(),
                        v,
                        tail,
                    ))
                })
                .max_by_key(|(len, _, _)| *len);
            let Some((_, next, tail)) = found else { break };
            node = next;
            rest = tail.strip_prefix('.').unwrap_or(tail);
        }
        node
    }
}

/// Byte offsets of character indices: the parser counts characters, spans
/// are bytes. A checkpoint every [`STRIDE`] characters keeps the table
/// small and each lookup short.
struct CharIndex<'a> {
    text: &'a str,
    checkpoints: Vec<usize>,
}

const STRIDE: usize = 64;

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> Self {
        let checkpoints = text
            .char_indices()
            .step_by(STRIDE)
            .map(|(i, _)| i)
            .collect();
        CharIndex { text, checkpoints }
    }

    fn byte(&self, char_index: usize) -> usize {
        let Some(&start) = self.checkpoints.get(char_index / STRIDE) else {
            return self.text.len();
        };
        self.text[start..]
            .char_indices()
            .nth(char_index % STRIDE)
            .map_or(self.text.len(), |(i, _)| start + i)
    }
}

enum Open {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// Parses one YAML document into a tree. An empty document is a null
/// scalar. The caller has already checked nesting depth and alias
/// expansion ([`super::limits`]), which bound what this builds.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let index = CharIndex::new(text);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut root: Option<Node> = None;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| {
            let at = index.byte(e.marker().index());
            YamlError::new(YamlErrorKind::Syntax, Some(at..at))
        })?;
        let range = index.byte(span.start.index())..index.byte(span.end.index());
        let done = match event {
            Event::Scalar(text, style, anchor, _) => {
                let node = Node {
                    span: range,
                    value: Value::Scalar {
                        text: text.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                };
                if anchor > 0 {
                    anchors.insert(anchor, node.clone());
                }
                node
            }
            Event::Alias(id) => {
                let mut node = anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| YamlError::new(YamlErrorKind::Alias, Some(range.clone())))?;
                node.span = range;
                node
            }
            Event::SequenceStart(anchor, _) => {
                stack.push(Open::Seq {
                    start: range.start,
                    anchor,
                    items: Vec::new(),
                });
                continue;
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Open::Map {
                    start: range.start,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match stack.pop() {
                    Some(Open::Seq {
                        start,
                        anchor,
                        items,
                    }) => {
                        let end = items
                            .last()
                            .map_or(range.end, |n| n.span.end.max(range.end));
                        let node = Node {
                            span: start..end.max(start),
                            value: Value::Seq(items),
                        };
                        if anchor > 0 {
                            anchors.insert(anchor, node.clone());
                        }
                        node
                    }
                    Some(Open::Map {
                        start,
                        anchor,
                        entries,
                        ..
                    }) => {
                        let end = entries
                            .last()
                            .map_or(range.end, |(_, v)| v.span.end.max(range.end));
                        let node = Node {
                            span: start..end.max(start),
                            value: Value::Map(entries),
                        };
                        if anchor > 0 {
                            anchors.insert(anchor, node.clone());
                        }
                        node
                    }
                    None => continue,
                };
                // A block collection's end event stands at the next token;
                // its span ends with its last item.
                let mut node = node;
                let last = match &node.value {
                    Value::Seq(items) => items.last().map(|n| n.span.end),
                    Value::Map(entries) => entries.last().map(|(_, v)| v.span.end),
                    Value::Scalar { .. } => None,
                };
                if let Some(last) = last {
                    let closing = text[last..range.end.min(text.len()).max(last)].trim_end();
                    node.span.end = last + closing.len();
                }
                node
            }
            Event::DocumentStart(_) if root.is_some() => {
                return Err(YamlError::new(
                    YamlErrorKind::MultipleDocuments,
                    Some(range),
                ));
            }
            _ => continue,
        };
        match stack.last_mut() {
            Some(Open::Seq { items, .. }) => items.push(done),
            Some(Open::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(done),
                Some(k) => {
                    if let Some(name) = k.as_str() {
                        if entries.iter().any(|(e, _)| e.as_str() == Some(name)) {
                            let kind = YamlErrorKind::DuplicateField(name.to_string());
                            return Err(YamlError::new(kind, Some(k.span.clone())));
                        }
                    }
                    entries.push((k, done));
                }
            },
            None => root = Some(done),
        }
    }
    Ok(root.unwrap_or(Node {
        span: 0..0,
        value: Value::Scalar {
            text: String::new(),
            plain: true,
        },
    }))
}
