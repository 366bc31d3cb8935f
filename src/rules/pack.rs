//! Where packs come from: the built-in packs compiled into the binary (the
//! 法治政府建设年度报告 pack `fzzf`, the default, and the
//! 政府信息公开工作年度报告 pack `zfxxgk`), or a directory of `.yaml` files
//! given with `--rules`.

use std::fs;
use std::path::{Path, PathBuf};

use super::compile::{compile_layers, SourceFile};
use super::{read_text, Pack, ReadFailure, MAX_FILE_BYTES, MAX_PACK_BYTES};
use crate::error::PackError;

/// The most packs in one `extends` chain (the pack itself included).
pub const MAX_EXTENDS: usize = 8;

/// The id of the default built-in pack; `builtin` names it too.
pub const DEFAULT_ID: &str = "fzzf";

/// One built-in pack: its files, embedded at build time so that checking a
/// report needs no setup. A test keeps each list in step with `rules/<id>/`.
pub struct Builtin {
    pub id: &'static str,
    /// The built-in pack it extends, if any (its `pack.extends`).
    pub extends: Option<&'static str>,
    pub files: &'static [(&'static str, &'static str)],
    /// Data files (dictionaries that rules refer to by relative path).
    pub data: &'static [(&'static str, &'static str)],
    /// Whole-report fixtures (`rules/<id>/tests/`): report text and
    /// expected findings.
    pub fixtures: &'static [(&'static str, &'static str, &'static str)],
}

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../", $path)))),*]
    };
}

macro_rules! fixtures {
    ($(($txt:literal, $yaml:literal)),* $(,)?) => {
        &[$(($txt, include_str!(concat!("../../", $txt)), include_str!(concat!("../../", $yaml)))),*]
    };
}

/// Every built-in pack, the default first.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        id: "fzzf",
        extends: None,
        files: embed!(
            "rules/fzzf/pack.yaml",
            "rules/fzzf/document.yaml",
            "rules/fzzf/template.yaml",
            "rules/fzzf/structure.yaml",
            "rules/fzzf/numbering.yaml",
            "rules/fzzf/year.yaml",
            "rules/fzzf/duplicate.yaml",
            "rules/fzzf/baseline.yaml",
            "rules/fzzf/copied.yaml",
            "rules/fzzf/punctuation.yaml",
            "rules/fzzf/numbers.yaml",
            "rules/fzzf/format.yaml",
            "rules/fzzf/formulations.yaml",
            "rules/fzzf/titles.yaml",
            "rules/fzzf/formulations-by-year.yaml",
            "rules/fzzf/placeholders.yaml",
            "rules/fzzf/layout.yaml",
        ),
        data: embed!(
            "rules/fzzf/data/law-titles.yaml",
            "rules/fzzf/data/layout-fonts.yaml"
        ),
        fixtures: fixtures!(
            (
                "rules/fzzf/tests/clean-2023.txt",
                "rules/fzzf/tests/clean-2023.yaml"
            ),
            (
                "rules/fzzf/tests/missing-parts-2021.txt",
                "rules/fzzf/tests/missing-parts-2021.yaml"
            ),
            (
                "rules/fzzf/tests/plan-followup-2023.txt",
                "rules/fzzf/tests/plan-followup-2023.yaml"
            ),
        ),
    },
    Builtin {
        id: "zfxxgk",
        extends: Some("fzzf"),
        files: embed!(
            "rules/zfxxgk/pack.yaml",
            "rules/zfxxgk/template.yaml",
            "rules/zfxxgk/structure.yaml",
            "rules/zfxxgk/content.yaml",
        ),
        data: &[],
        fixtures: fixtures!(
            (
                "rules/zfxxgk/tests/complete-2023.txt",
                "rules/zfxxgk/tests/complete-2023.yaml"
            ),
            (
                "rules/zfxxgk/tests/missing-parts-2022.txt",
                "rules/zfxxgk/tests/missing-parts-2022.yaml"
            ),
        ),
    },
];

/// The built-in pack's files of the default pack, for tests that build
/// variants of it.
pub const BUILTIN_FILES: &[(&str, &str)] = BUILTINS[0].files;

/// The built-in pack with this id (`builtin` is the default pack).
pub fn builtin_named(id: &str) -> Option<&'static Builtin> {
    let id = if id == "builtin" { DEFAULT_ID } else { id };
    BUILTINS.iter().find(|b| b.id == id)
}

/// The ids a `pack`, `--pack` or `extends` value may name, for messages.
pub fn builtin_ids() -> String {
    let ids: Vec<&str> = BUILTINS.iter().map(|b| b.id).collect();
    format!("builtin、{}", ids.join("、"))
}

impl Builtin {
    /// Its rule files, after those of the packs it extends (one layer each).
    fn layers(&self) -> Vec<Vec<SourceFile>> {
        let mut layers = match self.extends.and_then(builtin_named) {
            Some(parent) => parent.layers(),
            None => Vec::new(),
        };
        layers.push(to_sources(self.files));
        layers
    }

    /// Its data files and those of the packs it extends, its own first.
    fn data_files(&self) -> Vec<SourceFile> {
        let mut data = to_sources(self.data);
        if let Some(parent) = self.extends.and_then(builtin_named) {
            data.extend(parent.data_files());
        }
        data
    }

    pub fn compile(&self) -> Result<Pack, PackError> {
        compile_layers(&self.layers(), &self.data_files())
    }

    pub fn fixtures(&self) -> Vec<Fixture> {
        self.fixtures
            .iter()
            .map(|(name, text, expected)| Fixture {
                name: (*name).to_string(),
                text: (*text).to_string(),
                expected: (*expected).to_string(),
            })
            .collect()
    }
}

fn to_sources(files: &[(&str, &str)]) -> Vec<SourceFile> {
    files
        .iter()
        .map(|(name, text)| SourceFile::new(*name, *text))
        .collect()
}

/// The default built-in pack's data files as source files.
pub fn builtin_data() -> Vec<SourceFile> {
    BUILTINS[0].data_files()
}

/// A whole-report fixture: `name.txt` with `name.yaml` beside it.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub name: String,
    pub text: String,
    pub expected: String,
}

/// The default built-in pack's whole-report fixtures.
pub fn builtin_fixtures() -> Vec<Fixture> {
    BUILTINS[0].fixtures()
}

/// The default built-in pack.
pub fn builtin() -> Result<Pack, PackError> {
    BUILTINS[0].compile()
}

/// The built-in packs other than `except` that recognise their reports by
/// title (`pack.detect`), compiled.
pub fn detecting(except: &str) -> Result<Vec<Pack>, PackError> {
    let mut packs = Vec::new();
    for b in BUILTINS.iter().filter(|b| b.id != except) {
        let pack = b.compile()?;
        if pack.meta.detect.is_some() {
            packs.push(pack);
        }
    }
    Ok(packs)
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
        Some(parent) if builtin_named(&parent).is_some() => {
            if let Some(b) = builtin_named(&parent) {
                layers.extend(b.layers());
                data.extend(b.data_files());
            }
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
        // Anything but a folder: a named pipe called rules.yaml is refused
        // when read, not skipped as if it were not there.
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && fs::metadata(p).is_ok_and(|m| !m.is_dir())
        })
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

    fn yaml_names(dir: &Path, prefix: &str) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml") || n.ends_with(".txt"))
            .map(|n| format!("{prefix}/{n}"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn builtin_lists_match_the_rules_directories() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for b in BUILTINS {
            let dir = root.join("rules").join(b.id);
            let prefix = format!("rules/{}", b.id);
            let mut listed: Vec<String> = b.files.iter().map(|(n, _)| n.to_string()).collect();
            listed.sort();
            assert_eq!(
                listed,
                yaml_names(&dir, &prefix),
                "add new rule files to BUILTINS"
            );

            let data = dir.join("data");
            let on_disk = if data.is_dir() {
                yaml_names(&data, &format!("{prefix}/data"))
            } else {
                Vec::new()
            };
            let mut listed: Vec<String> = b.data.iter().map(|(n, _)| n.to_string()).collect();
            listed.sort();
            assert_eq!(listed, on_disk, "add new data files to BUILTINS");

            let mut listed: Vec<String> = b
                .fixtures
                .iter()
                .flat_map(|(t, _, _)| [t.to_string(), t.replace(".txt", ".yaml")])
                .collect();
            listed.sort();
            assert_eq!(
                listed,
                yaml_names(&dir.join("tests"), &format!("{prefix}/tests")),
                "add new fixtures to BUILTINS"
            );
        }
    }

    #[test]
    fn builtin_packs_compile_and_equal_their_directories() {
        for b in BUILTINS {
            let builtin = b.compile().unwrap();
            let dir = from_dir(
                &Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("rules")
                    .join(b.id),
            )
            .unwrap();
            let ids = |p: &Pack| {
                let mut ids = p.rules.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
                ids.sort();
                ids
            };
            assert_eq!(ids(&builtin), ids(&dir));
            assert_eq!(builtin.meta.id, b.id);
            assert!(builtin.template.sections.len() >= 5);
        }
    }

    #[test]
    fn only_other_packs_detect() {
        let packs = detecting(DEFAULT_ID).unwrap();
        assert!(packs.iter().all(|p| p.meta.id != DEFAULT_ID));
        assert!(packs.iter().any(|p| p.meta.id == "zfxxgk"));
    }
}
