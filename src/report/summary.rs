//! `--format summary`: one row per report — path, report year, one column per
//! required template section (✔ present, ✘ missing, ! present with
//! problems), then the error and warning counts. A reviewer who receives a
//! hundred reports sees at a glance which lack which part.

use unicode_width::UnicodeWidthStr;

use crate::batch::{Counts, Outcome};
use crate::paths;
use crate::run::Run;

fn short(title: &str) -> String {
    if title.chars().count() > 8 {
        format!("{}…", title.chars().take(7).collect::<String>())
    } else {
        title.to_string()
    }
}

pub fn render(run: &Run, quiet: bool) -> String {
    let pack = run.main_pack();
    let sections: Vec<(usize, &str)> = pack
        .template
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.required)
        .map(|(i, s)| (i, s.title.as_str()))
        .collect();
    let mut header = vec!["报告".to_string(), "年度".to_string()];
    // Long section titles (第一责任人…) are cut so the table stays narrow.
    header.extend(sections.iter().map(|(_, t)| short(t)));
    header.extend(["错误".to_string(), "警告".to_string()]);
    let mut rows = vec![header];
    for file in &run.files {
        match &file.outcome {
            Outcome::Checked(checked) => {
                let counts = Counts::of(checked);
                if quiet && counts.errors + counts.warnings + counts.infos == 0 {
                    continue;
                }
                let doc = &checked.doc;
                let template = &run.pack(file).template;
                let mut row = vec![
                    paths::display(std::path::Path::new(&doc.name)),
                    doc.year().map_or("?".to_string(), |y| y.to_string()),
                ];
                for (_, title) in &sections {
                    let index = template.sections.iter().position(|s| s.title == *title);
                    let mark = match index {
                        None => "-",
                        Some(s) if checked.checked.outline.heading_of(s).is_none() => "✘",
                        Some(s) => {
                            let section = &template.sections[s];
                            let troubled = checked.checked.findings.iter().any(|f| {
                                f.item.as_deref().is_some_and(|item| {
                                    item == section.id
                                        || section.contents.iter().any(|c| c.id == item)
                                })
                            });
                            if troubled {
                                "!"
                            } else {
                                "✔"
                            }
                        }
                    };
                    row.push(mark.to_string());
                }
                row.push(counts.errors.to_string());
                row.push(counts.warnings.to_string());
                rows.push(row);
            }
            Outcome::Failed(e) => {
                let mut row = vec![
                    paths::display(std::path::Path::new(e.path())),
                    "?".to_string(),
                ];
                row.extend(sections.iter().map(|_| "-".to_string()));
                row.extend(["-".to_string(), "-".to_string()]);
                rows.push(row);
            }
        }
    }
    let columns = rows[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.width())))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str("✔ 有  ✘ 缺  ! 有但存在问题\n");
    out
}
