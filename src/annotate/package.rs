//! The .docx package of an annotated document: the original's parts copied
//! byte for byte, except `document.xml` (with the comments' ranges and the
//! tracked changes), the comments part, the main part's relationships and
//! `[Content_Types].xml`, which gain what the comments need.

use std::io::{Cursor, Read, Write};

use regex::Regex;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::layout::Layout;
use super::rewrite::{self, escape, Anchor, AUTHOR};
use super::Note;
use crate::finding::Edit;
use crate::input::docx::styles::Styles;

/// The namespace every part written here uses for `w:`.
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const COMMENTS_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CONTENT: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// The largest part read: the report itself passed the reader's limits.
const PART_LIMIT: u64 = 1 << 30;

/// An annotated package.
pub struct Done {
    pub bytes: Vec<u8>,
    pub tracked: usize,
    pub untracked: usize,
}

fn read(archive: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    crate::input::docx::read_part(archive, name, PART_LIMIT)
        .ok()
        .flatten()
}

/// The main part's name, from the package relationships.
fn main_part(archive: &mut ZipArchive<Cursor<&[u8]>>) -> String {
    read(archive, "_rels/.rels")
        .and_then(|rels| {
            let re = Regex::new(r#"<(?:\w+:)?Relationship\b[^>]*>"#).ok()?;
            let found = re.find_iter(&rels).find_map(|m| {
                let tag = m.as_str();
                attr(tag, "Type")
                    .filter(|t| t.ends_with("/officeDocument"))
                    .and(attr(tag, "Target"))
                    .map(|t| t.trim_start_matches('/').to_string())
            });
            found
        })
        .unwrap_or_else(|| "word/document.xml".to_string())
}

/// An attribute of a start tag written as text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let re = Regex::new(&format!(r#"\s{name}\s*=\s*(?:"([^"]*)"|'([^']*)')"#)).ok()?;
    let c = re.captures(tag)?;
    c.get(1)
        .or_else(|| c.get(2))
        .map(|m| m.as_str().to_string())
}

/// Resolves a relationship target against the folder of its source part.
fn resolve(dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for p in target.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The highest `w:id` used in a part, so that new ones do not collide.
fn max_id(xml: &str) -> u32 {
    let re = Regex::new(r#":id="(\d{1,9})""#).expect("a valid pattern");
    re.captures_iter(xml)
        .filter_map(|c| c[1].parse::<u32>().ok())
        .max()
        .unwrap_or(0)
}

/// Annotates a .docx held in memory: `None` when its text cannot be tied to
/// `text` exactly or the package cannot be rewritten (the caller then makes
/// a new document). `notes` are the comments, the last one the summary,
/// whose text `summary` gives from the numbers of tracked and untracked
/// changes.
pub fn annotate(
    bytes: &[u8],
    text: &str,
    notes: &[Note],
    edits: &[Edit],
    summary: &dyn Fn(usize, usize) -> Vec<String>,
) -> Option<Done> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let main = main_part(&mut archive);
    let xml = read(&mut archive, &main)?;
    if !xml.contains(&format!("xmlns:w=\"{W}\"")) {
        return None;
    }
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let styles = match read(&mut archive, &resolve(dir, "styles.xml")) {
        Some(x) => Styles::parse(&crate::input::docx::parse(&x, "styles.xml").ok()?),
        None => Styles::default(),
    };
    let layout = Layout::map(&xml, &styles).ok()?;
    let aligned = layout.align(text)?;
    let rels_name = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let rels = read(&mut archive, &rels_name);
    let existing = rels.as_deref().and_then(|r| {
        let re = Regex::new(r#"<(?:\w+:)?Relationship\b[^>]*>"#).ok()?;
        let found = re.find_iter(r).find_map(|m| {
            attr(m.as_str(), "Type")
                .filter(|t| t == COMMENTS_TYPE)
                .and(attr(m.as_str(), "Target"))
                .filter(|t| !t.contains("://"))
                .map(|t| resolve(dir, &t))
        });
        found
    });
    let old_comments = existing.as_deref().and_then(|n| read(&mut archive, n));
    let base = max_id(&xml).max(old_comments.as_deref().map_or(0, max_id)) + 1;
    let anchors: Vec<Anchor> = notes
        .iter()
        .enumerate()
        .map(|(i, n)| Anchor {
            id: base + i as u32,
            span: n.span,
        })
        .collect();
    let changes = super::changes(edits);
    let date = super::now();
    let mapped = rewrite::Mapped {
        xml: &xml,
        layout: &layout,
        aligned: &aligned,
        text,
    };
    let done = rewrite::rewrite(mapped, &anchors, &changes, base + notes.len() as u32, &date);
    // The rewritten body must still be XML the reader takes.
    Layout::map(&done.xml, &styles).ok()?;
    let comments_name = existing.clone().unwrap_or_else(|| {
        let mut name = resolve(dir, "comments.xml");
        if archive.by_name(&name).is_ok() {
            name = resolve(dir, "comments-reportlint.xml");
        }
        name
    });
    let summary = summary(done.tracked, done.untracked.len());
    let comment_xml: String = anchors
        .iter()
        .zip(notes)
        .enumerate()
        .map(|(i, (a, n))| {
            let paragraphs = if i + 1 == notes.len() {
                &summary
            } else {
                &n.paragraphs
            };
            comment(a.id, paragraphs, &date)
        })
        .collect();
    let comments = match &old_comments {
        Some(old) => insert_before_close(old, "comments", &comment_xml)?,
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{W}\">{comment_xml}</w:comments>"
        ),
    };
    let rels = if existing.is_some() {
        None
    } else {
        let target = comments_name
            .strip_prefix(&format!("{dir}/"))
            .unwrap_or(&comments_name)
            .to_string();
        let rel = format!(
            "<Relationship Id=\"rIdReportlintComments\" Type=\"{COMMENTS_TYPE}\" Target=\"{target}\"/>"
        );
        Some(match rels {
            Some(r) => insert_before_close(&r, "Relationships", &rel)?,
            None => format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"{RELS}\">{rel}</Relationships>"
            ),
        })
    };
    let types = read(&mut archive, "[Content_Types].xml")?;
    let part = format!("/{comments_name}");
    let types = if types.contains(&format!("PartName=\"{part}\"")) {
        types
    } else {
        insert_before_close(
            &types,
            "Types",
            &format!("<Override PartName=\"{part}\" ContentType=\"{COMMENTS_CONTENT}\"/>"),
        )?
    };
    let mut replaced: Vec<(String, String)> = vec![
        (main.clone(), done.xml),
        (comments_name, comments),
        ("[Content_Types].xml".to_string(), types),
    ];
    if let Some(r) = rels {
        replaced.push((rels_name, r));
    }
    let bytes = repack(&mut archive, &replaced)?;
    Some(Done {
        bytes,
        tracked: done.tracked,
        untracked: done.untracked.len(),
    })
}

/// Puts `add` before the closing tag of the root element `local`.
fn insert_before_close(xml: &str, local: &str, add: &str) -> Option<String> {
    let re = Regex::new(&format!(r"</(?:\w+:)?{local}\s*>\s*$")).ok()?;
    if let Some(m) = re.find(xml) {
        let mut out = String::with_capacity(xml.len() + add.len());
        out.push_str(&xml[..m.start()]);
        out.push_str(add);
        out.push_str(&xml[m.start()..]);
        return Some(out);
    }
    // A self-closing root: `<Types …/>`.
    let re = Regex::new(&format!(r"<((?:\w+:)?{local})\b([^>]*?)/>\s*$")).ok()?;
    let c = re.captures(xml)?;
    let m = c.get(0)?;
    Some(format!(
        "{}<{}{}>{add}</{}>",
        &xml[..m.start()],
        &c[1],
        &c[2],
        &c[1]
    ))
}

/// One `w:comment` (with its own namespace declaration, so that it is valid
/// whatever prefix the part uses).
fn comment(id: u32, paragraphs: &[String], date: &str) -> String {
    let mut out = format!(
        "<w:comment xmlns:w=\"{W}\" w:id=\"{id}\" w:author=\"{AUTHOR}\" w:date=\"{date}\" w:initials=\"RL\">"
    );
    for (i, p) in paragraphs.iter().enumerate() {
        out.push_str("<w:p>");
        if i == 0 {
            out.push_str("<w:r><w:annotationRef/></w:r>");
        }
        out.push_str(&format!(
            "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            escape(p)
        ));
    }
    if paragraphs.is_empty() {
        out.push_str("<w:p/>");
    }
    out.push_str("</w:comment>");
    out
}

/// The archive again, with some parts replaced or added; every other entry
/// is copied as it was, compressed bytes and all.
fn repack(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    replaced: &[(String, String)],
) -> Option<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut done = vec![false; replaced.len()];
    for i in 0..archive.len() {
        let name = archive.by_index_raw(i).ok()?.name().to_string();
        if let Some(k) = replaced.iter().position(|(n, _)| *n == name) {
            if done[k] {
                continue;
            }
            zip.start_file(name, options).ok()?;
            zip.write_all(replaced[k].1.as_bytes()).ok()?;
            done[k] = true;
            continue;
        }
        let file = archive.by_index_raw(i).ok()?;
        zip.raw_copy_file(file).ok()?;
    }
    for (k, (name, content)) in replaced.iter().enumerate() {
        if !done[k] {
            zip.start_file(name.clone(), options).ok()?;
            zip.write_all(content.as_bytes()).ok()?;
        }
    }
    let bytes = zip.finish().ok()?.into_inner();
    // What was written must open again.
    let mut check = ZipArchive::new(Cursor::new(bytes.as_slice())).ok()?;
    for i in 0..check.len() {
        let mut f = check.by_index(i).ok()?;
        std::io::copy(&mut f.by_ref().take(PART_LIMIT), &mut std::io::sink()).ok()?;
    }
    Some(bytes)
}
