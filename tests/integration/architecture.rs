//! The layering of `src/`: the top-level modules depend on each other
//! without a cycle, so the pipeline reads top-down (input → document →
//! rules → checks → engine → run → report). An edge A → B means a file of
//! module A names `crate::B`; test code (`#[cfg(test)]` items) and comments
//! are left out, as tests may reach across layers.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::helpers::root;

fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The text without `#[cfg(test)]` items and without `//` comments.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(j) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..j]);
        let after = &rest[j..];
        let brace = after.find('{');
        let semi = after.find(';');
        let Some(open) = brace.filter(|&b| semi.is_none_or(|s| b < s)) else {
            rest = &after[semi.map_or(after.len(), |s| s + 1)..];
            continue;
        };
        let mut depth = 0;
        let mut end = after.len();
        for (i, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn names_used(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let after = &code[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for part in inner.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let module = module_of(&src, &path);
                if matches!(module.as_str(), "main" | "lib") {
                    continue;
                }
                let used = names_used(&code_of(&fs::read_to_string(&path).unwrap()));
                let targets = edges.entry(module.clone()).or_default();
                targets.extend(used.into_iter().filter(|m| *m != module));
            }
        }
    }
    let known: BTreeSet<String> = edges.keys().cloned().collect();
    for targets in edges.values_mut() {
        targets.retain(|t| known.contains(t));
    }
    edges
}

/// A cycle, as the modules on it, if the graph has one.
fn cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(1) => {
                    let from = path.iter().position(|p| p == next).unwrap_or(0);
                    let mut found = path[from..].to_vec();
                    found.push(next.clone());
                    return Some(found);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(next, edges, state, path) {
                        return Some(c);
                    }
                }
            }
        }
        path.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        if !state.contains_key(node.as_str()) {
            if let Some(c) = visit(node, edges, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn the_modules_of_src_have_no_import_cycle() {
    let edges = graph();
    assert!(edges.len() > 10, "{edges:?}");
    if let Some(c) = cycle(&edges) {
        let listing: Vec<String> = edges
            .iter()
            .map(|(m, t)| {
                format!(
                    "{m} -> {}",
                    t.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        panic!("import cycle: {}\n{}", c.join(" -> "), listing.join("\n"));
    }
}

#[test]
fn a_cycle_is_found_when_there_is_one() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.insert("a".into(), ["b".to_string()].into());
    edges.insert("b".into(), ["c".to_string()].into());
    edges.insert("c".into(), ["a".to_string()].into());
    assert_eq!(cycle(&edges).map(|c| c.len()), Some(4));
    edges.insert("c".into(), BTreeSet::new());
    assert_eq!(cycle(&edges), None);
    assert_eq!(
        names_used(&code_of(
            "use crate::{a, b::c};\nlet x = crate::d::e; // crate::f"
        )),
        ["a", "b", "d"].iter().map(|s| s.to_string()).collect()
    );
    let code = code_of("use crate::x;\n#[cfg(test)]\nmod tests { use crate::y; }\n");
    assert!(names_used(&code).contains("x") && !names_used(&code).contains("y"));
}
