//! Serde reads a [`Node`] tree here. Errors are built as typed
//! [`YamlErrorKind`]s from what serde reports (an unknown field and the
//! fields expected, a value of the wrong type…), never from English
//! messages, and carry the span of the innermost node they concern: the key
//! of an unknown field, the value of a wrong type, the mapping that lacks a
//! field.

use serde::de::{
    self, DeserializeSeed, EnumAccess, Expected, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};

use super::node::{Node, Value};
use super::{YamlError, YamlErrorKind};

impl de::Error for YamlError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        YamlError::new(YamlErrorKind::Other(msg.to_string()), None)
    }

    fn invalid_type(unexp: Unexpected, exp: &dyn Expected) -> Self {
        let kind = YamlErrorKind::InvalidType {
            expected: exp.to_string(),
            found: found(&unexp),
        };
        YamlError::new(kind, None)
    }

    fn invalid_value(unexp: Unexpected, exp: &dyn Expected) -> Self {
        let kind = YamlErrorKind::InvalidValue {
            expected: exp.to_string(),
            found: found(&unexp),
        };
        YamlError::new(kind, None)
    }

    fn invalid_length(len: usize, exp: &dyn Expected) -> Self {
        let kind = YamlErrorKind::InvalidValue {
            expected: exp.to_string(),
            found: format!("{len} 项"),
        };
        YamlError::new(kind, None)
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let kind = YamlErrorKind::UnknownVariant {
            found: variant.to_string(),
            expected: expected.iter().map(|s| s.to_string()).collect(),
        };
        YamlError::new(kind, None)
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let kind = YamlErrorKind::UnknownField {
            found: field.to_string(),
            expected: expected.iter().map(|s| s.to_string()).collect(),
        };
        YamlError::new(kind, None)
    }

    fn missing_field(field: &'static str) -> Self {
        YamlError::new(YamlErrorKind::MissingField(field.to_string()), None)
    }

    fn duplicate_field(field: &'static str) -> Self {
        YamlError::new(YamlErrorKind::DuplicateField(field.to_string()), None)
    }
}

/// What was found, in Chinese.
fn found(unexp: &Unexpected) -> String {
    match unexp {
        Unexpected::Bool(b) => format!("布尔值 {b}"),
        Unexpected::Unsigned(n) => format!("整数 {n}"),
        Unexpected::Signed(n) => format!("整数 {n}"),
        Unexpected::Float(f) => format!("小数 {f}"),
        Unexpected::Char(c) => format!("字符 \"{c}\""),
        Unexpected::Str(s) => format!("字符串 \"{s}\""),
        Unexpected::Unit => "空值".to_string(),
        Unexpected::Seq => "列表".to_string(),
        Unexpected::Map => "键值对".to_string(),
        _ => "其他结构".to_string(),
    }
}

/// Reads a node. Errors without a place get this node's.
pub struct NodeDe<'a>(pub &'a Node);

impl NodeDe<'_> {
    fn place<T>(&self, r: Result<T, YamlError>) -> Result<T, YamlError> {
        r.map_err(|mut e| {
            if e.span.is_none() {
                e.span = Some(self.0.span.clone());
            }
            e
        })
    }

    fn scalar(&self) -> Option<(&str, bool)> {
        match &self.0.value {
            Value::Scalar { text, plain } => Some((text, *plain)),
            _ => None,
        }
    }

    fn unexpected(&self) -> Unexpected<'_> {
        match &self.0.value {
            _ if self.0.is_null() => Unexpected::Unit,
            Value::Scalar { text, .. } => Unexpected::Str(text),
            Value::Seq(_) => Unexpected::Seq,
            Value::Map(_) => Unexpected::Map,
        }
    }
}

/// A plain scalar as YAML's core schema reads it.
enum Resolved<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    /// Digits past every integer type.
    TooBig(&'a str),
    Str(&'a str),
}

fn resolve(text: &str, plain: bool) -> Resolved<'_> {
    if !plain {
        return Resolved::Str(text);
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" => return Resolved::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = text.parse::<u64>() {
            return Resolved::Uint(n);
        }
        if let Ok(n) = text.parse::<i64>() {
            return Resolved::Int(n);
        }
        return Resolved::TooBig(text);
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(n) = u64::from_str_radix(hex, 16) {
            return Resolved::Uint(n);
        }
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if let Ok(n) = u64::from_str_radix(oct, 8) {
            return Resolved::Uint(n);
        }
    }
    let numeric = digits
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if numeric {
        if let Ok(f) = text.parse::<f64>() {
            return Resolved::Float(f);
        }
    }
    Resolved::Str(text)
}

macro_rules! via_any {
    ($($name:ident)*) => {
        $(fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
            self.deserialize_any(visitor)
        })*
    };
}

impl<'de> de::Deserializer<'de> for NodeDe<'_> {
    type Error = YamlError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        let r = match &self.0.value {
            Value::Scalar { text, plain } => match resolve(text, *plain) {
                Resolved::Null => visitor.visit_unit(),
                Resolved::Bool(b) => visitor.visit_bool(b),
                Resolved::Int(n) => visitor.visit_i64(n),
                Resolved::Uint(n) => visitor.visit_u64(n),
                Resolved::Float(f) => visitor.visit_f64(f),
                Resolved::TooBig(digits) => Err(YamlError::new(
                    YamlErrorKind::Other(format!("数值 {digits} 太大，超出了此处允许的范围")),
                    None,
                )),
                Resolved::Str(s) => visitor.visit_str(s),
            },
            Value::Seq(items) => visitor.visit_seq(Seq(items.iter())),
            Value::Map(entries) => visitor.visit_map(Map {
                entries: entries.iter(),
                value: None,
            }),
        };
        self.place(r)
    }

    via_any!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_f32 deserialize_f64 deserialize_bool deserialize_seq
        deserialize_map deserialize_bytes deserialize_byte_buf);

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        // A number or a word written without quotes is still text where
        // text is expected (`version: 1.0`); only null is not.
        let r = match self.scalar() {
            Some(_) if self.0.is_null() => visitor.visit_unit(),
            Some((text, _)) => visitor.visit_str(text),
            None => return self.deserialize_any(visitor),
        };
        self.place(r)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        if self.0.is_null() {
            self.place(visitor.visit_none())
        } else {
            let node = self.0;
            NodeDe(node).place(visitor.visit_some(NodeDe(node)))
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        if self.0.is_null() {
            self.place(visitor.visit_unit())
        } else {
            self.place(Err(de::Error::invalid_type(self.unexpected(), &visitor)))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        let node = self.0;
        self.place(visitor.visit_newtype_struct(NodeDe(node)))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        match &self.0.value {
            Value::Map(_) => self.deserialize_any(visitor),
            _ => self.place(Err(de::Error::invalid_type(self.unexpected(), &visitor))),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        let r = match &self.0.value {
            Value::Scalar { text, .. } if !self.0.is_null() => visitor.visit_enum(Enum {
                variant: text,
                variant_node: self.0,
                value: None,
            }),
            Value::Map(entries) if entries.len() == 1 => {
                let (k, v) = &entries[0];
                match k.as_str() {
                    Some(variant) => visitor.visit_enum(Enum {
                        variant,
                        variant_node: k,
                        value: Some(v),
                    }),
                    None => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
                }
            }
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        self.place(r)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        visitor.visit_unit()
    }
}

struct Seq<'a>(std::slice::Iter<'a, Node>);

impl<'de> SeqAccess<'de> for Seq<'_> {
    type Error = YamlError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, YamlError> {
        match self.0.next() {
            Some(node) => NodeDe(node).place(seed.deserialize(NodeDe(node))).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Map<'a> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
}

impl<'de> MapAccess<'de> for Map<'_> {
    type Error = YamlError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, YamlError> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some(v);
                NodeDe(k).place(seed.deserialize(NodeDe(k))).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, YamlError> {
        let node = self
            .value
            .take()
            .ok_or_else(|| <YamlError as de::Error>::custom("value without key"))?;
        NodeDe(node).place(seed.deserialize(NodeDe(node)))
    }
}

struct Enum<'a> {
    variant: &'a str,
    variant_node: &'a Node,
    value: Option<&'a Node>,
}

impl<'de, 'a> EnumAccess<'de> for Enum<'a> {
    type Error = YamlError;
    type Variant = Variant<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Variant<'a>), YamlError> {
        let de: de::value::StrDeserializer<'_, YamlError> = self.variant.into_deserializer();
        let v = NodeDe(self.variant_node).place(seed.deserialize(de))?;
        Ok((v, Variant(self.value)))
    }
}

struct Variant<'a>(Option<&'a Node>);

impl<'de> VariantAccess<'de> for Variant<'_> {
    type Error = YamlError;

    fn unit_variant(self) -> Result<(), YamlError> {
        match self.0 {
            None => Ok(()),
            Some(node) if node.is_null() => Ok(()),
            Some(node) => {
                NodeDe(node).place(Err(de::Error::invalid_type(Unexpected::Map, &"一个取值")))
            }
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, YamlError> {
        match self.0 {
            Some(node) => seed.deserialize(NodeDe(node)),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &"键值对")),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        match self.0 {
            Some(node) => de::Deserializer::deserialize_any(NodeDe(node), visitor),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &visitor)),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        match self.0 {
            Some(node) => de::Deserializer::deserialize_any(NodeDe(node), visitor),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &visitor)),
        }
    }
}
