//! Rule packs: the YAML format ([`raw`]), read with positions ([`yaml`]);
//! the compile step that checks it and builds matchers once ([`compile`]),
//! through the table of rule kinds ([`kinds`]) and the environment a kind
//! compiles in ([`env`]); and loading a pack from a directory or from the
//! copy built into the binary ([`pack`]). The compiled model lives in
//! [`crate::checks`], which knows nothing of YAML.

pub mod compile;
pub mod env;
pub mod grammar;
pub mod kinds;
pub mod pack;
pub mod raw;
pub mod regexes;
pub mod source;
pub mod yaml;

pub use crate::checks::message;
pub use crate::checks::{Examples, Fixability, Pack, PackMeta, Prefilter, Rule, Scope};
pub use crate::template::{ContentItem, Matcher, Template, TemplateSection, YearRef};
pub use kinds::KindRegistry;

/// Parses YAML into `T` (for files next to the rules, such as fixture
/// expectations), through the one module that touches the YAML library.
pub fn yaml_from_str<T: serde::de::DeserializeOwned>(source: &str) -> Result<T, yaml::YamlError> {
    yaml::from_str(source)
}

/// The largest rule, data, configuration or waiver file that is read. Rule
/// files are a few dozen KB; the limit keeps a mistaken or hostile file from
/// taking the memory of its parse (several times its size).
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// The most a pack may read in all (its files, its data files and those of
/// the packs it extends).
pub const MAX_PACK_BYTES: u64 = 16 << 20;

/// Why a rule, configuration or waiver file was not read.
#[derive(Debug)]
pub enum ReadFailure {
    Io(std::io::Error),
    /// Larger than [`MAX_FILE_BYTES`] (its size, or the bytes read before
    /// stopping).
    TooLarge(u64),
}

/// Reads a UTF-8 text file of at most [`MAX_FILE_BYTES`], without reading
/// more than that from a file that is larger (or still growing).
pub fn read_text(path: &std::path::Path) -> Result<String, ReadFailure> {
    use std::io::Read;
    // Never a named pipe or device: opening one could wait for ever.
    let file = crate::input::open_regular(path).map_err(ReadFailure::Io)?;
    let size = file.metadata().map_err(ReadFailure::Io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ReadFailure::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadFailure::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadFailure::TooLarge(bytes.len() as u64));
    }
    String::from_utf8(bytes)
        .map_err(|e| ReadFailure::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// Reads a configuration or waiver file (`what` names it in messages)
/// within [`MAX_FILE_BYTES`].
pub fn read_settings(
    what: &'static str,
    path: &std::path::Path,
) -> Result<String, crate::error::ConfigError> {
    use crate::error::ConfigError;
    use crate::paths;
    read_text(path).map_err(|failure| match failure {
        ReadFailure::Io(cause) => ConfigError::Io {
            what,
            path: std::path::PathBuf::from(paths::display(path)),
            cause,
        },
        ReadFailure::TooLarge(size) => ConfigError::TooLarge {
            what,
            path: std::path::PathBuf::from(paths::display(path)),
            size,
            limit: MAX_FILE_BYTES,
        },
    })
}
