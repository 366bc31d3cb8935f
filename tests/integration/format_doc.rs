//! Word 97–2003 (.doc) and WPS (.wps) documents: the seeds converted by
//! LibreOffice read as their text; hidden text, tracked deletions, fields
//! and tables as Word shows them; compressed (code page 1252) and UTF-16
//! pieces in one file (built here from the format specification, since
//! LibreOffice writes only UTF-16 pieces); and broken, hostile, encrypted and
//! foreign compound files, each with its own Chinese error while the other
//! files are still checked.

use std::fs;
use std::io::{Cursor, Write};

use reportlint::error::InputError;
use reportlint::input;

use crate::helpers::*;

/// Where the FIB keeps `ccpText` and the flags, in the layout [`word_streams`]
/// writes (`csw` 14, `cslw` 22, `cbRgFcLcb` 93, as Word 97 writes them).
pub const CCP_TEXT_AT: usize = 64 + 3 * 4;
pub const FLAGS_AT: usize = 0x0A;
const FC_LCB_AT: usize = 154;
const TEXT_AT: usize = 1024;

/// The `WordDocument` and `0Table` streams of a document whose main text is
/// `pieces` in order, each compressed (one byte per character, code page
/// 1252) or UTF-16LE.
pub fn word_streams(pieces: &[(&str, bool)]) -> (Vec<u8>, Vec<u8>) {
    let mut word = vec![0u8; TEXT_AT];
    word[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
    word[2..4].copy_from_slice(&0x00C1u16.to_le_bytes());
    word[32..34].copy_from_slice(&14u16.to_le_bytes());
    word[62..64].copy_from_slice(&22u16.to_le_bytes());
    word[152..154].copy_from_slice(&93u16.to_le_bytes());
    let mut cps = vec![0u32];
    let mut pcds = Vec::new();
    for (text, compressed) in pieces {
        let at = word.len() as u32;
        let chars = if *compressed {
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
            word.extend_from_slice(&bytes);
            pcds.push((at * 2) | 0x4000_0000);
            bytes.len() as u32
        } else {
            let units: Vec<u16> = text.encode_utf16().collect();
            word.extend(units.iter().flat_map(|u| u.to_le_bytes()));
            pcds.push(at);
            units.len() as u32
        };
        cps.push(cps.last().unwrap() + chars);
    }
    let ccp = *cps.last().unwrap();
    word[CCP_TEXT_AT..CCP_TEXT_AT + 4].copy_from_slice(&ccp.to_le_bytes());
    let mut plc = Vec::new();
    for cp in &cps {
        plc.extend_from_slice(&cp.to_le_bytes());
    }
    for fc in &pcds {
        plc.extend_from_slice(&[0, 0]);
        plc.extend_from_slice(&fc.to_le_bytes());
        plc.extend_from_slice(&[0, 0]);
    }
    let mut table = vec![0x02];
    table.extend_from_slice(&(plc.len() as u32).to_le_bytes());
    table.extend_from_slice(&plc);
    let clx = FC_LCB_AT + 33 * 8;
    word[clx + 4..clx + 8].copy_from_slice(&(table.len() as u32).to_le_bytes());
    (word, table)
}

/// A compound file holding these streams.
pub fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (name, bytes) in streams {
        file.create_stream(name).unwrap().write_all(bytes).unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// A .doc whose main text is `pieces`.
pub fn doc(pieces: &[(&str, bool)]) -> Vec<u8> {
    let (word, table) = word_streams(pieces);
    compound(&[("WordDocument", &word), ("0Table", &table)])
}

fn load(bytes: &[u8]) -> Result<input::Loaded, InputError> {
    input::from_bytes(
        "a.doc".to_string(),
        bytes,
        Some("doc"),
        input::DEFAULT_MAX_BYTES,
        &regex::Regex::new("报告").unwrap(),
    )
}

// The seeds as .doc and .wps read as their text: `format_matrix`.

#[test]
fn hidden_and_deleted_text_and_field_codes_are_not_checked() {
    let (file, _) = single("tests/fixtures/formats/doc/features.doc");
    assert!(file["error"].is_null(), "{file}");
    let all = file.to_string();
    for gone in ["隐藏文字", "已删除的旧文字", "PAGE"] {
        assert!(!all.contains(gone), "{gone} was read: {all}");
    }
    assert_eq!(file["report_year"], 2023);
}

#[test]
fn headings_numbered_by_a_list_are_headings() {
    let (file, _) = single("tests/fixtures/formats/doc/numbered.doc");
    let missing: Vec<String> = by_rule(&file, "FZ001")
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(missing.len(), 2, "{missing:?}");
    for present in ["主要举措和成效", "存在的不足和原因"] {
        assert!(
            !missing.iter().any(|m| m.contains(present)),
            "{present}: {missing:?}"
        );
    }
}

#[test]
fn compressed_and_unicode_pieces_in_one_file() {
    let bytes = doc(&[
        ("关于2023年度法治政府建设情况的报告\r", false),
        ("Caf\u{e9} \u{201C}law\u{201D} 2023 \u{2014} ok\r", true),
        ("单元格\u{7}\u{7}全年办理案件12件。\r", false),
    ]);
    let loaded = load(&bytes).unwrap();
    assert_eq!(
        loaded.text,
        "关于2023年度法治政府建设情况的报告\nCafé “law” 2023 — ok\n单元格\n全年办理案件12件。\n"
    );
    assert_eq!(loaded.info.format, input::Format::Doc);
}

#[test]
fn text_past_the_declared_length_is_not_read() {
    let (mut word, table) = word_streams(&[("正文。\r页眉文字\r", false)]);
    word[CCP_TEXT_AT..CCP_TEXT_AT + 4].copy_from_slice(&4u32.to_le_bytes());
    let bytes = compound(&[("WordDocument", &word), ("0Table", &table)]);
    assert_eq!(load(&bytes).unwrap().text, "正文。\n");
}

/// Byte offset of sector `id` in a file with 512-byte sectors.
fn sector(id: u32) -> usize {
    (id as usize + 1) * 512
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

/// The real features.doc with its directory chain made a cycle.
fn fat_cycle() -> Vec<u8> {
    let mut b = fs::read(fixture("formats/doc/features.doc")).unwrap();
    let dir = u32_at(&b, 0x30);
    let fat = sector(u32_at(&b, 0x4C));
    let at = fat + dir as usize * 4;
    b[at..at + 4].copy_from_slice(&dir.to_le_bytes());
    b
}

/// The real features.doc with the WordDocument stream declared 2 GB long.
fn huge_stream() -> Vec<u8> {
    let mut b = fs::read(fixture("formats/doc/features.doc")).unwrap();
    let name: Vec<u8> = "WordDocument"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let entry = b
        .windows(name.len())
        .position(|w| w == name.as_slice())
        .unwrap();
    b[entry + 120..entry + 124].copy_from_slice(&0x7FFF_FFF0u32.to_le_bytes());
    b
}

#[test]
fn broken_hostile_and_foreign_files_each_say_what_they_are() {
    let dir = scratch();
    let d = dir.path();
    let good = fs::read(fixture("formats/doc/features.doc")).unwrap();
    let (mut encrypted, table) = word_streams(&[("正文\r", false)]);
    encrypted[FLAGS_AT] = 0x00;
    encrypted[FLAGS_AT + 1] = 0x01;
    let (mut endless, _) = word_streams(&[("正文\r", false)]);
    endless[CCP_TEXT_AT..CCP_TEXT_AT + 4].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    let (word, _) = word_streams(&[("正文\r", false)]);
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("a-good.doc", good.clone(), "", ""),
        (
            "b-truncated.doc",
            good[..good.len() / 2].to_vec(),
            "input::corrupt_doc",
            "截断",
        ),
        (
            "c-header-only.doc",
            good[..512].to_vec(),
            "input::corrupt_doc",
            "损坏",
        ),
        ("d-cycle.doc", fat_cycle(), "input::corrupt_doc", "成环"),
        ("e-huge.doc", huge_stream(), "input::corrupt_doc", "超过"),
        (
            "f-ccp.doc",
            compound(&[("WordDocument", &endless), ("0Table", &table)]),
            "input::corrupt_doc",
            "正文声明",
        ),
        (
            "g-password.doc",
            compound(&[("WordDocument", &encrypted), ("0Table", &table)]),
            "input::encrypted",
            "密码",
        ),
        (
            "h-works.wps",
            compound(&[("CONTENTS", b"CHNKWKS")]),
            "input::unsupported",
            "Microsoft Works",
        ),
        (
            "i-excel.doc",
            compound(&[("Workbook", b"\x09\x08")]),
            "input::unsupported",
            "Excel",
        ),
        (
            "j-no-table.doc",
            compound(&[("WordDocument", &word)]),
            "input::corrupt_doc",
            "0Table",
        ),
    ];
    for (name, bytes, _, _) in &cases {
        fs::write(d.join(name), bytes).unwrap();
    }
    let (v, code) = json(&[&d.display().to_string()]);
    assert_eq!(code, 2);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), cases.len());
    for (file, (name, _, code, words)) in files.iter().zip(&cases) {
        assert!(file["path"].as_str().unwrap().ends_with(name), "{file}");
        if code.is_empty() {
            assert!(file["error"].is_null(), "{name}: {file}");
            continue;
        }
        assert_eq!(file["error"]["code"], *code, "{name}: {file}");
        let message = file["error"]["message"].as_str().unwrap();
        assert!(message.contains(words), "{name}: {message}");
    }
}
