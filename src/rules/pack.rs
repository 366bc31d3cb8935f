//! Where packs come from: the built-in 法治政府建设年度报告 pack compiled into
//! the binary, or a directory of `.yaml` files given with `--rules`.

use std::fs;
use std::path::{Path, PathBuf};

use super::compile::{compile_layers, SourceFile};
use super::{read_text, Pack, ReadFailure, MAX_FILE_BYTES, MAX_PACK_BYTES};
use crate::error::PackError;

/// The most packs in one `extends` chain (the pack itself included).
pub const MAX_EXTENDS: usize = 8;

/// The built-in pack's files, embedded at build time so that checking a report
/// needs no setup. A test keeps this list in step with `rules/fzzf/`.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "rules/fzzf/pack.yaml",
        include_str!("../../rules/fzzf/pack.yaml"),
    ),
    (
        "rules/fzzf/template.yaml",
        include_str!("../../rules/fzzf/template.yaml"),
    ),
    (
        "rules/fzzf/structure.yaml",
        include_str!("../../rules/fzzf/structure.yaml"),
    ),
    (
        "rules/fzzf/numbering.yaml",
        include_str!("../../rules/fzzf/numbering.yaml"),
    ),
    (
        "rules/fzzf/year.yaml",
        include_str!("../../rules/fzzf/year.yaml"),
    ),
    (
        "rules/fzzf/duplicate.yaml",
        include_str!("../../rules/fzzf/duplicate.yaml"),
    ),
    (
        "rules/fzzf/punctuation.yaml",
        include_str!("../../rules/fzzf/punctuation.yaml"),
    ),
    (
        "rules/fzzf/numbers.yaml",
        include_str!("../../rules/fzzf/numbers.yaml"),
    ),
    (
        "rules/fzzf/format.yaml",
        include_str!("../../rules/fzzf/format.yaml"),
    ),
    (
        "rules/fzzf/formulations.yaml",
        include_str!("../../rules/fzzf/formulations.yaml"),
    ),
    (
        "rules/fzzf/titles.yaml",
        include_str!("../../rules/fzzf/titles.yaml"),
    ),
];

/// The built-in pack's data files (dictionaries that rules refer to by
/// relative path), embedded like the rule files.
pub const BUILTIN_DATA: &[(&str, &str)] = &[(
    "rules/fzzf/data/law-titles.yaml",
    include_str!("../../rules/fzzf/data/law-titles.yaml"),
)];

/// The built-in data files as source files.
pub fn builtin_data() -> Vec<SourceFile> {
    BUILTIN_DATA
        .iter()
        .map(|(name, text)| SourceFile::new(*name, *text))
        .collect()
}

/// The built-in pack's whole-report fixtures (`rules/fzzf/tests/`): report
/// text and expected findings.
const BUILTIN_FIXTURES: &[(&str, &str, &str)] = &[
    (
        "rules/fzzf/tests/clean-2023.txt",
        include_str!("../../rules/fzzf/tests/clean-2023.txt"),
        include_str!("../../rules/fzzf/tests/clean-2023.yaml"),
    ),
    (
        "rules/fzzf/tests/missing-parts-2021.txt",
        include_str!("../../rules/fzzf/tests/missing-parts-2021.txt"),
        include_str!("../../rules/fzzf/tests/missing-parts-2021.yaml"),
    ),
];

/// A whole-report fixture: `name.txt` with `name.yaml` beside it.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub name: String,
    pub text: String,
    pub expected: String,
}

pub fn builtin_fixtures() -> Vec<Fixture> {
    BUILTIN_FIXTURES
        .iter()
        .map(|(name, text, expected)| Fixture {
            name: (*name).to_string(),
            text: (*text).to_string(),
            expected: (*expected).to_string(),
        })
        .collect()
}

fn builtin_files() -> Vec<SourceFile> {
    BUILTIN_FILES
        .iter()
        .map(|(name, text)| SourceFile::new(*name, *text))
        .collect()
}

/// The built-in pack.
pub fn builtin() -> Result<Pack, PackError> {
    compile_layers(&[builtin_files()], &builtin_data())
}

/// A pack from a directory: every `.yaml`/`.yml` file directly in it, in name
/// order (sub-directories such as `tests/` are not rule files), on top of the
/// pack it `extends`.
pub fn from_dir(dir: &Path) -> Result<Pack, PackError> {
    let mut layers = Vec::new();
    let mut data = Vec::new();
    let mut chain = Vec::new();
    let mut budget = Budget {
        pack: dir.to_path_buf(),
        left: MAX_PACK_BYTES,
    };
    load_layers(dir, &mut layers, &mut data, &mut chain, &mut budget)?;
    compile_layers(&layers, &data)
}

/// What a pack may still read of [`MAX_PACK_BYTES`].
struct Budget {
    pack: PathBuf,
    left: u64,
}

impl Budget {
    fn take(&mut self, bytes: u64) -> Result<(), PackError> {
        self.left = self
            .left
            .checked_sub(bytes)
            .ok_or_else(|| PackError::PackTooLarge {
                path: self.pack.clone(),
                limit: MAX_PACK_BYTES,
            })?;
        Ok(())
    }
}

/// Reads a pack directory and, before it, the packs it extends.
fn load_layers(
    dir: &Path,
    layers: &mut Vec<Vec<SourceFile>>,
    data: &mut Vec<SourceFile>,
    chain: &mut Vec<(PathBuf, PathBuf)>,
    budget: &mut Budget,
) -> Result<(), PackError> {
    let canonical = dir.canonicalize().map_err(|cause| PackError::Io {
        path: dir.to_path_buf(),
        cause,
    })?;
    let shown = normalize(dir);
    if chain.iter().any(|(c, _)| *c == canonical) {
        let names: Vec<String> = chain
            .iter()
            .map(|(_, s)| s)
            .chain([&shown])
            .map(|p| p.display().to_string())
            .collect();
        return Err(PackError::Cycle {
            path: shown,
            chain: names.join(" → "),
        });
    }
    if chain.len() >= MAX_EXTENDS {
        return Err(PackError::ExtendsTooDeep {
            path: shown,
            limit: MAX_EXTENDS,
        });
    }
    chain.push((canonical, shown));
    let files = read_dir(dir, budget)?;
    // Data files (dictionaries under data/): a pack's own come before those
    // of the packs it extends, so its own win a lookup by name.
    let data_dir = dir.join("data");
    if data_dir.is_dir() {
        data.extend(read_yaml_files(&data_dir, budget)?);
    }
    match extends_of(&files) {
        Some(parent) if parent == "builtin" => {
            layers.push(builtin_files());
            data.extend(builtin_data());
        }
        Some(parent) => load_layers(&dir.join(parent), layers, data, chain, budget)?,
        None => {}
    }
    layers.push(files);
    Ok(())
}

/// `a/b/../c` as `a/c`, for showing paths as the user wrote them.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The `pack.extends` of a pack's files, read leniently: a file that does not
/// parse is reported by the compile step.
fn extends_of(files: &[SourceFile]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        pack: Option<HeadPack>,
    }
    #[derive(serde::Deserialize)]
    struct HeadPack {
        extends: Option<String>,
    }
    files.iter().find_map(|f| {
        let head: Head = super::yaml::from_str(&f.text).ok()?;
        head.pack?.extends
    })
}

/// The rule files of a pack directory; a directory with none is an error.
fn read_dir(dir: &Path, budget: &mut Budget) -> Result<Vec<SourceFile>, PackError> {
    let files = read_yaml_files(dir, budget)?;
    if files.is_empty() {
        return Err(PackError::Empty {
            path: dir.to_path_buf(),
        });
    }
    Ok(files)
}

/// Every `.yaml`/`.yml` file directly in a directory, in name order, each
/// within [`MAX_FILE_BYTES`] and all within the pack's budget.
fn read_yaml_files(dir: &Path, budget: &mut Budget) -> Result<Vec<SourceFile>, PackError> {
    let io = |cause| PackError::Io {
        path: dir.to_path_buf(),
        cause,
    };
    let mut paths: Vec<_> = fs::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let text = read_text(&path).map_err(|failure| match failure {
            ReadFailure::Io(cause) => PackError::Io {
                path: path.clone(),
                cause,
            },
            ReadFailure::TooLarge(size) => PackError::FileTooLarge {
                path: path.clone(),
                size,
                limit: MAX_FILE_BYTES,
            },
        })?;
        budget.take(text.len() as u64)?;
        files.push(SourceFile::new(path.display().to_string(), text));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_matches_the_rules_directory() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/fzzf");
        let mut on_disk: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml"))
            .map(|n| format!("rules/fzzf/{n}"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = BUILTIN_FILES.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(listed, on_disk, "add new rule files to BUILTIN_FILES");

        let data: Vec<String> = fs::read_dir(dir.join("data"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| format!("rules/fzzf/data/{}", e.file_name().to_string_lossy()))
            .collect();
        let listed: Vec<&str> = BUILTIN_DATA.iter().map(|(n, _)| *n).collect();
        assert_eq!(listed, data, "add new data files to BUILTIN_DATA");
    }

    #[test]
    fn builtin_pack_compiles_and_equals_the_directory() {
        let builtin = builtin().unwrap();
        let dir = from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/fzzf")).unwrap();
        let ids = |p: &Pack| p.rules.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&builtin).len(), ids(&dir).len());
        assert!(builtin.template.sections.len() >= 5);
    }
}
