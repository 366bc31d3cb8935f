//! The one place that touches the YAML library. `serde_yaml` is frozen
//! upstream; keeping it behind this module means a maintained fork can replace
//! it without touching the rule structs or the compiler.

use serde::de::DeserializeOwned;

/// A YAML syntax or shape error, with the byte offset it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub offset: Option<usize>,
}

pub fn from_str<T: DeserializeOwned>(source: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(source).map_err(|e| YamlError {
        offset: e.location().map(|l| l.index()),
        message: e.to_string(),
    })
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
