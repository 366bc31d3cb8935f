//! `include` and `exclude` in `reportlint.yaml`: which of the files given on
//! the command line are checked. Patterns are globs relative to the folder
//! of the configuration file; `**` matches any number of folders, a pattern
//! without `/` matches a file name in any folder, and one ending in `/`
//! matches everything below that folder. The filter also applies to files
//! named one by one, so a pre-commit hook that passes every changed file
//! still skips the excluded ones.

use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};

use super::{ConfigFile, Settings};
use crate::error::RuleFileError;
use crate::paths;

#[derive(Debug, Default, Clone)]
pub struct PathFilter {
    base: Option<PathBuf>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl PathFilter {
    pub(super) fn new(
        base: Option<&Path>,
        settings: &Settings,
        file: Option<&ConfigFile>,
        errors: &mut Vec<RuleFileError>,
    ) -> PathFilter {
        let mut build = |key: &str, patterns: &[super::Setting<String>]| -> Option<GlobSet> {
            if patterns.is_empty() {
                return None;
            }
            let mut set = GlobSetBuilder::new();
            for p in patterns {
                match glob(&p.value) {
                    Ok(g) => {
                        set.add(g);
                    }
                    Err(e) => {
                        if let Some(f) = file {
                            errors.push(
                                f.error(
                                    f.within(key, &p.value),
                                    p.value.len(),
                                    format!("无效的路径模式“{}”：{e}", p.value),
                                    "无效的模式",
                                    "使用 glob 模式，如 reports/**/*.txt；`**` 匹配任意层目录"
                                        .to_string(),
                                ),
                            );
                        }
                    }
                }
            }
            set.build().ok()
        };
        let include = build("include", &settings.include);
        let exclude = build("exclude", &settings.exclude);
        PathFilter {
            base: base.map(paths::canonical),
            include,
            exclude,
        }
    }

    /// Whether `file` is to be checked.
    pub fn allows(&self, file: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let rel = self
            .base
            .as_deref()
            .and_then(|base| paths::relative_to(file, base))
            .unwrap_or_else(|| paths::slashes(&paths::canonical(file)));
        if self.exclude.as_ref().is_some_and(|g| g.is_match(&rel)) {
            return false;
        }
        self.include.as_ref().is_none_or(|g| g.is_match(&rel))
    }
}

pub(crate) use crate::glob::config_pattern as glob;

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn shorthand_patterns() {
        let m = |p: &str, path: &str| glob(p).unwrap().compile_matcher().is_match(path);
        assert!(m("*.txt", "a/b/c.txt"));
        assert!(m("drafts/", "drafts/x/y.txt"));
        assert!(!m("reports/*.txt", "reports/2023/a.txt"));
        assert!(m("reports/**/*.txt", "reports/2023/a.txt"));
        assert!(m("./reports/a.txt", "reports/a.txt"));
    }
}
