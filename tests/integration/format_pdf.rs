//! PDF reports: the seeds as LibreOffice publishes them (subset CJK fonts
//! with ToUnicode maps) give the same year, template items and findings as
//! their text; PDFs written here from the specification cover the other
//! ways Chinese producers encode text (Identity-H with ToUnicode, the
//! predefined Adobe-GB1 CMaps UniGB-UCS2-H and GBK-EUC-H), running headers
//! and page numbers, owner-password-only and user-password files, scans,
//! and hostile files. OFD files (GB/T 33190) of the seeds, written from
//! the specification, read as their text too.

use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lopdf::{dictionary, Document, Object, Stream};

use crate::format_matrix::assert_reads_as;
use crate::helpers::*;

/// A PDF made here reads as its text reads: same year, items and findings
/// (the fixtures of the seeds and extra reports are compared in
/// `format_matrix`).
fn assert_same_as_text(pdf: &str, txt: &str) {
    let (p, p_code) = single(pdf);
    let (t, t_code) = single(txt);
    assert_reads_as(&p, &t, "pdf", false);
    assert_eq!(p_code, t_code, "{pdf}: exit code");
}

// ---------------------------------------------------------------------------
// PDFs written from the specification.

/// How the text of a written PDF is encoded.
#[derive(Clone, Copy)]
pub enum Encoding {
    /// Type0 font, `Identity-H`, glyph numbers mapped by `ToUnicode`.
    IdentityH,
    /// Type0 font with the predefined CMap `UniGB-UCS2-H`, no `ToUnicode`.
    UniGbUcs2,
    /// Type0 font with the predefined CMap `GBK-EUC-H`, no `ToUnicode`.
    GbkEuc,
}

const PER_LINE: usize = 30;
const LINES_PER_PAGE: usize = 36;

/// A PDF of the report `text` as an office program lays it out: A4 pages,
/// 12 pt type, 30 characters a line, paragraphs with a two-character first
/// line indent, a running header and a “— n —” page number on every page.
pub fn written_pdf(text: &str, encoding: Encoding) -> Vec<u8> {
    let mut lines: Vec<(bool, Vec<char>)> = Vec::new();
    for para in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let chars: Vec<char> = para.chars().collect();
        let mut first = true;
        let mut rest = &chars[..];
        while !rest.is_empty() {
            let room = if first { PER_LINE - 2 } else { PER_LINE };
            let n = room.min(rest.len());
            lines.push((first, rest[..n].to_vec()));
            rest = &rest[n..];
            first = false;
        }
    }
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut glyphs: Vec<char> = Vec::new();
    let mut encode = |c: char, out: &mut Vec<u8>| match encoding {
        Encoding::IdentityH => {
            let gid = match glyphs.iter().position(|&g| g == c) {
                Some(i) => i + 1,
                None => {
                    glyphs.push(c);
                    glyphs.len()
                }
            };
            out.extend_from_slice(&(gid as u16).to_be_bytes());
        }
        Encoding::UniGbUcs2 => {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                out.extend_from_slice(&u.to_be_bytes());
            }
        }
        Encoding::GbkEuc => {
            let s = c.to_string();
            let (bytes, _, _) = encoding_rs::GBK.encode(&s);
            out.extend_from_slice(&bytes);
        }
    };
    let mut page_ids = Vec::new();
    for (n, page) in lines.chunks(LINES_PER_PAGE).enumerate() {
        let mut content = String::new();
        let mut show = |content: &mut String, x: f32, y: f32, text: &[char]| {
            let mut bytes = Vec::new();
            for &c in text {
                encode(c, &mut bytes);
            }
            let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
            content.push_str(&format!("BT /F1 12 Tf {x} {y} Td <{hex}> Tj ET\n"));
        };
        let header: Vec<char> = "某区人民政府文件".chars().collect();
        show(&mut content, 250.0, 800.0, &header);
        for (k, (first, chars)) in page.iter().enumerate() {
            let x = if *first { 120.0 } else { 96.0 };
            show(&mut content, x, 760.0 - 18.0 * k as f32, chars);
        }
        let number: Vec<char> = format!("— {} —", n + 1).chars().collect();
        show(&mut content, 280.0, 40.0, &number);
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        page_ids.push(doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        }));
    }
    let (cmap_name, to_unicode) = match encoding {
        Encoding::IdentityH => {
            let mut cmap = String::from(
                "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
                 1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
            );
            for chunk in glyphs.chunks(100).enumerate() {
                let (k, chars) = chunk;
                cmap.push_str(&format!("{} beginbfchar\n", chars.len()));
                for (j, c) in chars.iter().enumerate() {
                    let gid = k * 100 + j + 1;
                    let mut buf = [0u16; 2];
                    let utf16: String = c
                        .encode_utf16(&mut buf)
                        .iter()
                        .map(|u| format!("{u:04X}"))
                        .collect();
                    cmap.push_str(&format!("<{gid:04X}> <{utf16}>\n"));
                }
                cmap.push_str("endbfchar\n");
            }
            cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
            let id = doc.add_object(Stream::new(dictionary! {}, cmap.into_bytes()));
            ("Identity-H", Some(id))
        }
        Encoding::UniGbUcs2 => ("UniGB-UCS2-H", None),
        Encoding::GbkEuc => ("GBK-EUC-H", None),
    };
    let descendant = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType0",
        "BaseFont" => "STSong-Light",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("GB1"),
            "Supplement" => 2,
        },
        "DW" => 1000,
    });
    let mut font = dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "STSong-Light",
        "Encoding" => cmap_name,
        "DescendantFonts" => vec![descendant.into()],
    };
    if let Some(id) = to_unicode {
        font.set("ToUnicode", id);
    }
    let font_id = doc.add_object(font);
    let count = page_ids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => page_ids.into_iter().map(Object::from).collect::<Vec<_>>(),
            "Count" => count,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn cjk_encodings_headers_and_page_numbers() {
    let dir = tempfile::tempdir().unwrap();
    for (name, encoding) in [
        ("identity-h", Encoding::IdentityH),
        ("unigb-ucs2", Encoding::UniGbUcs2),
        ("gbk-euc", Encoding::GbkEuc),
    ] {
        for i in [0, 3] {
            let txt = format!("tests/fixtures/seed_00{i}.txt");
            let text = fs::read_to_string(root().join(&txt)).unwrap();
            let path = dir.path().join(format!("{name}_{i}.pdf"));
            fs::write(&path, written_pdf(&text, encoding)).unwrap();
            assert_same_as_text(path.to_str().unwrap(), &txt);
        }
    }
}

/// The page header and the page numbers are not part of the text: with
/// them, the header would be read as the title and the numbers would
/// split paragraphs.
#[test]
fn running_header_and_page_numbers_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(root().join("tests/fixtures/seed_001.txt")).unwrap();
    let path = dir.path().join("report.pdf");
    fs::write(&path, written_pdf(&text, Encoding::IdentityH)).unwrap();
    let r = run(&["check", path.to_str().unwrap()]);
    assert!(!r.stdout.contains("某区人民政府文件"), "{}", r.stdout);
    assert!(!r.stdout.contains("— 2 —"), "{}", r.stdout);
    let (file, _) = single(path.to_str().unwrap());
    let (txt, _) = single("tests/fixtures/seed_001.txt");
    assert_eq!(file["title"], txt["title"]);
}

pub fn encrypted(owner: &str, user: &str) -> Vec<u8> {
    let mut doc = Document::load(root().join("tests/fixtures/formats/pdf/seed_000.pdf")).unwrap();
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: owner,
        user_password: user,
        key_length: 128,
        permissions: lopdf::Permissions::empty(),
    })
    .unwrap();
    doc.encrypt(&state).unwrap();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Print- and copy-restricted PDFs, common on portals, open without a
/// password and are read; a PDF that needs a password to open says so.
#[test]
fn owner_password_only_is_read_and_user_password_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let owner_only = dir.path().join("restricted.pdf");
    fs::write(&owner_only, encrypted("owner-secret", "")).unwrap();
    assert_same_as_text(owner_only.to_str().unwrap(), "tests/fixtures/seed_000.txt");

    let locked = dir.path().join("locked.pdf");
    fs::write(&locked, encrypted("owner-secret", "user-secret")).unwrap();
    let (file, code) = single(locked.to_str().unwrap());
    assert_eq!(code, 2);
    assert_eq!(file["error"]["code"], "input::pdf_encrypted", "{file}");
    let r = run(&["check", locked.to_str().unwrap()]);
    assert!(
        r.stderr.contains("PDF 文件已加密，要输入打开密码才能读取"),
        "{}",
        r.stderr
    );
}

/// A PDF page that is only an image.
pub fn scanned_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let image = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0, 255, 255, 0],
    ));
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"q 595 0 0 842 0 0 cm /Im1 Do Q".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_scan_says_it_needs_text_recognition_and_the_other_files_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("scan.pdf");
    fs::write(&scan, scanned_pdf()).unwrap();
    let r = run(&[
        "check",
        scan.to_str().unwrap(),
        "tests/fixtures/seed_000.txt",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("扫描件，没有文字层，需要先做文字识别"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("input::pdf_scanned"), "{}", r.stderr);
    assert!(
        r.stdout.contains("seed_000.txt"),
        "the text is still checked"
    );
}

/// Runs the binary on one file, killed after a generous minute: a hostile
/// PDF must end, not hang.
fn check_with_timeout(path: &str, extra: &[&str]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .arg("check")
        .args(extra)
        .arg(path)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("{path}: still running after 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A minimal PDF around one content stream, with the objects given.
fn raw_pdf(objects: &[&str]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    for (i, o) in objects.iter().enumerate() {
        write!(out, "{} 0 obj\n{o}\nendobj\n", i + 1).unwrap();
    }
    write!(
        out,
        "trailer\n<< /Root 1 0 R /Size {} >>\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out
}

/// A one-page PDF whose content stream unpacks to `mb` MB of spaces.
pub fn pdf_bomb(mb: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let block = vec![b' '; 1 << 20];
    for _ in 0..mb {
        z.write_all(&block).unwrap();
    }
    let bomb = z.finish().unwrap();
    let mut bomb_pdf = raw_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
    ]);
    let tail =
        bomb_pdf.split_off(bomb_pdf.len() - "trailer\n<< /Root 1 0 R /Size 4 >>\n%%EOF\n".len());
    write!(
        bomb_pdf,
        "4 0 obj\n<< /Length {} /Filter /FlateDecode >>\nstream\n",
        bomb.len()
    )
    .unwrap();
    bomb_pdf.extend_from_slice(&bomb);
    bomb_pdf.extend_from_slice(b"\nendstream\nendobj\n");
    bomb_pdf.extend_from_slice(&tail.replace("/Size 4", "/Size 5"));
    bomb_pdf
}

#[test]
fn hostile_pdfs_end_with_a_chinese_error() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    };
    let bomb = write("bomb.pdf", &pdf_bomb(16));
    let (code, err) = check_with_timeout(&bomb, &["--max-size", "1"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("input::too_large"), "{err}");

    // A page tree whose node is its own kid, and a form that draws itself.
    let looped = write(
        "loop.pdf",
        &raw_pdf(&[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [2 0 R 3 0 R 2 0 R] /Count 2 >>",
            "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> /Font << /F 6 0 R >> >> >>",
            "<< /Length 44 >>\nstream\nBT /F 12 Tf 10 10 Td (2023) Tj ET /X Do q\nendstream",
            "<< /Type /XObject /Subtype /Form /Length 8 /Resources << /XObject << /X 5 0 R >> >> >>\nstream\n/X Do Q \nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]),
    );
    let (code, err) = check_with_timeout(&looped, &[]);
    assert!([0, 1, 2].contains(&code), "{err}");

    // Arrays nested a million deep, and a truncated file.
    let deep = format!(
        "<< /Type /Catalog /Pages {}{} >>",
        "[".repeat(1_000_000),
        "]".repeat(1_000_000)
    );
    let deep = write("deep.pdf", &raw_pdf(&[&deep]));
    let (code, err) = check_with_timeout(&deep, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("input::pdf"), "{err}");

    let seed = fs::read(root().join("tests/fixtures/formats/pdf/seed_002.pdf")).unwrap();
    let cut = write("cut.pdf", &seed[..seed.len() / 3]);
    let (code, err) = check_with_timeout(&cut, &[]);
    assert!([0, 1, 2].contains(&code), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

trait Replace {
    fn replace(&self, from: &str, to: &str) -> Vec<u8>;
}

impl Replace for Vec<u8> {
    fn replace(&self, from: &str, to: &str) -> Vec<u8> {
        String::from_utf8_lossy(self).replace(from, to).into_bytes()
    }
}

// ---------------------------------------------------------------------------
// OFD (GB/T 33190), fixtures written from the specification by
// tests/fixtures/formats/make-ofd.py.

/// (The seeds' OFD files read as their text: `format_matrix`.)
#[test]
fn ofd_running_header_and_page_numbers_are_left_out() {
    // The running header (in the page and in its template) and the page
    // numbers are not read as text.
    let r = run(&["check", "tests/fixtures/formats/ofd/seed_001.ofd"]);
    assert!(!r.stdout.contains("某市人民政府办公室"), "{}", r.stdout);
}

/// An OFD package with the parts given.
pub fn ofd_package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(body).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn broken_ofd_files_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    };
    let no_root = write(
        "no-root.ofd",
        &ofd_package(&[(
            "OFD.xml",
            b"<ofd:OFD xmlns:ofd=\"x\"><ofd:DocBody/></ofd:OFD>",
        )]),
    );
    let (file, code) = single(&no_root);
    assert_eq!(code, 2);
    assert_eq!(file["error"]["code"], "input::ofd", "{file}");
    assert!(
        file["error"]["message"]
            .as_str()
            .unwrap()
            .contains("OFD 文件已损坏，无法读取（OFD.xml 中没有 DocRoot（文档入口））"),
        "{file}"
    );
    let truncated = fs::read(root().join("tests/fixtures/formats/ofd/seed_000.ofd")).unwrap();
    let cut = write("cut.ofd", &truncated[..truncated.len() / 2]);
    let (file, code) = single(&cut);
    assert_eq!(code, 2);
    assert_eq!(file["error"]["code"], "input::ofd", "{file}");

    // A page that unpacks to 16 MB, checked with a 1 MB limit.
    let page = format!(
        "<ofd:Page xmlns:ofd=\"x\">{}</ofd:Page>",
        " ".repeat(16 << 20)
    );
    let bomb = write(
        "bomb.ofd",
        &ofd_package(&[
            ("OFD.xml", b"<ofd:OFD xmlns:ofd=\"x\"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"),
            ("Doc_0/Document.xml", b"<ofd:Document xmlns:ofd=\"x\"><ofd:Pages><ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/></ofd:Pages></ofd:Document>"),
            ("Doc_0/Pages/Page_0/Content.xml", page.as_bytes()),
        ]),
    );
    let (code, err) = check_with_timeout(&bomb, &["--max-size", "1"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("input::too_large"), "{err}");
}
