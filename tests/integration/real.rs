//! Real published reports (openings of several dozen, with their sources and
//! labelled report years) live outside the project, at `../shared/real` next
//! to the checkout. When they are there, the checker must find the labelled
//! year of every report that states it anywhere; without them the test says
//! so and passes.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;

use crate::helpers::*;

/// Reports whose year the checker cannot read yet, with the reason.
const KNOWN_GAPS: &[(&str, &str)] = &[(
    "003.txt",
    "copied without line breaks: title, opening and headings run together",
)];

#[test]
fn the_report_year_of_real_reports() {
    let dir = root().join("../shared/real");
    let Ok(sources) = fs::read_to_string(dir.join("SOURCES.tsv")) else {
        let _ = writeln!(
            std::io::stderr(),
            "../shared/real is not there: real reports not checked"
        );
        return;
    };
    let labelled: BTreeMap<String, i32> = sources
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            Some((
                cells.first()?.to_string(),
                cells.get(4)?.trim().parse().ok()?,
            ))
        })
        .collect();
    assert!(labelled.len() >= 30, "{labelled:?}");
    let dir_arg = dir.display().to_string();
    let (v, _) = json(&["--no-config", &dir_arg]);
    let mut wrong = Vec::new();
    for file in v["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let name = path.rsplit('/').next().unwrap();
        let Some(&year) = labelled.get(name) else {
            continue;
        };
        let found = file["report_year"].as_i64().map(|y| y as i32);
        let gap = KNOWN_GAPS.iter().any(|(n, _)| *n == name);
        if gap {
            assert_eq!(found, None, "{name} is read now: remove it from KNOWN_GAPS");
        } else if found != Some(year) {
            wrong.push(format!(
                "{name}: labelled {year}, found {found:?} ({})",
                file["year_source"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
