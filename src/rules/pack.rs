//! Where packs come from: the built-in 法治政府建设年度报告 pack compiled into
//! the binary, or a directory of `.yaml` files given with `--rules`.

use std::fs;
use std::path::Path;

use super::compile::{compile, SourceFile};
use super::Pack;
use crate::error::PackError;

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
        "rules/fzzf/writing.yaml",
        include_str!("../../rules/fzzf/writing.yaml"),
    ),
];

/// The built-in pack.
pub fn builtin() -> Result<Pack, PackError> {
    let files: Vec<SourceFile> = BUILTIN_FILES
        .iter()
        .map(|(name, text)| SourceFile {
            name: (*name).to_string(),
            text: (*text).to_string(),
        })
        .collect();
    compile(&files)
}

/// A pack from a directory: every `.yaml`/`.yml` file directly in it, in name
/// order (sub-directories such as `tests/` are not rule files).
pub fn from_dir(dir: &Path) -> Result<Pack, PackError> {
    let io = |source| PackError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths: Vec<_> = fs::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(PackError::Empty {
            path: dir.to_path_buf(),
        });
    }
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let text = fs::read_to_string(&path).map_err(|source| PackError::Io {
            path: path.clone(),
            source,
        })?;
        files.push(SourceFile {
            name: path.display().to_string(),
            text,
        });
    }
    compile(&files)
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
