//! Reading the text layer of a PDF.
//!
//! The file's objects are read by `lopdf` (pure Rust: cross-reference
//! repair for damaged files, RC4/AES decryption for files that carry only an
//! owner password, a size limit on every stream it unpacks). What the pages
//! say is worked out here: [`content`] runs each page's drawing operators
//! to place every character, [`font`] turns string bytes into text, and
//! [`layout`] rebuilds lines and paragraphs and leaves out running headers,
//! footers and page numbers.
//!
//! A PDF is untrusted input: the page tree is walked with a visited set
//! and a page limit, forms are nested to a fixed depth, and a [`Budget`]
//! bounds the bytes unpacked, the operators run and the characters kept,
//! so no file can make the reader hang or exhaust memory.

mod content;
mod font;
pub mod layout;

use std::collections::HashSet;

use lopdf::{Document, LoadOptions, Object, ObjectId};

use content::{FontCache, Interpreter};
use font::deref;
use layout::Page;

/// Pages beyond this are not read: reports have a few dozen.
const MAX_PAGES: usize = 5_000;

/// Drawing operators run in the whole file, over all pages and forms. A
/// text page has a few thousand; this allows thousands of dense pages and
/// stops a file whose forms draw each other over and over.
const MAX_OPERATIONS: usize = 20_000_000;

/// Characters kept from the whole file. A year's report has 10–50
/// thousand; each kept character costs about 80 bytes.
pub const MAX_CHARS: usize = 2_000_000;

/// Why a PDF could not be read.
#[derive(Debug)]
pub enum PdfError {
    /// Not a PDF that can be opened; the detail says why, in Chinese.
    Corrupt(String),
    /// Opening needs a password.
    Encrypted,
    /// Pages with images and no text: a scan.
    Scanned { pages: usize },
    /// Characters drawn, but the fonts do not say which.
    Unmapped,
    /// No text and no images.
    NoText,
    /// More text than [`MAX_CHARS`].
    TooMuchText,
    /// A stream unpacked past the limit.
    TooLarge { limit: u64 },
}

/// A PDF's text: one paragraph a line, and where each page's text starts.
pub struct Extracted {
    pub text: String,
    pub pages: crate::document::PageMap,
}

/// Limits on the work a file may cause, shared by all its pages.
pub struct Budget {
    /// Bytes still allowed to be unpacked from content streams.
    bytes: u64,
    limit: u64,
    operations: usize,
    chars: usize,
    exceeded: Option<PdfError>,
}

impl Budget {
    fn new(unpack_limit: u64) -> Budget {
        Budget {
            bytes: unpack_limit,
            limit: unpack_limit,
            operations: MAX_OPERATIONS,
            chars: MAX_CHARS,
            exceeded: None,
        }
    }

    /// Counts one operator; false once the file has used them all.
    fn operation(&mut self) -> bool {
        if self.operations == 0 {
            return false;
        }
        self.operations -= 1;
        true
    }

    /// Counts one character; false (and the reading fails) past the limit.
    fn char(&mut self) -> bool {
        if self.chars == 0 {
            self.exceeded.get_or_insert(PdfError::TooMuchText);
            self.operations = 0;
            return false;
        }
        self.chars -= 1;
        true
    }

    /// A stream's content, unpacked within what is left of the budget.
    fn decode(&mut self, stream: &lopdf::Stream) -> Option<Vec<u8>> {
        let allowed = usize::try_from(self.bytes).unwrap_or(usize::MAX);
        match stream.get_plain_content_with_limit(allowed) {
            Ok(bytes) => {
                self.bytes = self.bytes.saturating_sub(bytes.len() as u64);
                Some(bytes)
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                self.exceeded
                    .get_or_insert(PdfError::TooLarge { limit: self.limit });
                self.operations = 0;
                None
            }
            Err(_) => None,
        }
    }
}

/// Reads the text of a PDF. `unpack_limit` bounds the bytes unpacked from
/// its streams, together.
pub fn extract(bytes: &[u8], unpack_limit: u64) -> Result<Extracted, PdfError> {
    let options = LoadOptions {
        max_decompressed_size: Some(usize::try_from(unpack_limit).unwrap_or(usize::MAX)),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            PdfError::TooLarge {
                limit: unpack_limit,
            }
        }
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => PdfError::Encrypted,
        other => PdfError::Corrupt(corrupt_detail(&other)),
    })?;
    // Decryption was set up only when the empty user password opens the
    // file (an owner password alone); otherwise the text is still locked.
    if doc.is_encrypted() && !doc.was_encrypted() {
        return Err(PdfError::Encrypted);
    }
    let pages = page_ids(&doc);
    if pages.is_empty() {
        return Err(PdfError::Corrupt("找不到任何页面".to_string()));
    }
    let mut budget = Budget::new(unpack_limit);
    let mut fonts = FontCache::new();
    let mut drawn_pages = Vec::with_capacity(pages.len());
    let (mut images, mut unmapped, mut image_pages) = (0, 0, 0);
    for (index, id) in pages.iter().enumerate() {
        let Ok(page) = doc.get_dictionary(*id) else {
            continue;
        };
        let resources = content::page_resources(&doc, page);
        let stream = content::page_content(&doc, page, &mut budget);
        let mut interpreter = Interpreter::new(&doc, &mut fonts, &mut budget, index);
        interpreter.run(&stream, resources.as_ref(), [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        let drawn = interpreter.finish();
        if let Some(e) = budget.exceeded.take() {
            return Err(e);
        }
        images += drawn.images;
        unmapped += drawn.unmapped;
        if drawn.images > 0 && drawn.chars.is_empty() {
            image_pages += 1;
        }
        drawn_pages.push(Page { chars: drawn.chars });
    }
    let visible = drawn_pages
        .iter()
        .flat_map(|p| &p.chars)
        .filter(|c| !c.text.trim().is_empty())
        .count();
    if visible == 0 {
        return Err(if unmapped > 0 {
            PdfError::Unmapped
        } else if images > 0 {
            PdfError::Scanned {
                pages: image_pages.max(1),
            }
        } else {
            PdfError::NoText
        });
    }
    let (text, pages) = layout::paragraphs(drawn_pages);
    Ok(Extracted { text, pages })
}

fn corrupt_detail(e: &lopdf::Error) -> String {
    match e {
        lopdf::Error::Xref(_) => "交叉引用表损坏".to_string(),
        lopdf::Error::Parse(_) => "文件结构无法解析，可能不完整".to_string(),
        _ => "无法解析文件结构".to_string(),
    }
}

/// The pages in order, from the catalog's page tree. A node seen before
/// is not entered again, so a tree that loops ends.
fn page_ids(doc: &Document) -> Vec<ObjectId> {
    let mut pages = Vec::new();
    let Some(root) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| p.as_reference().ok())
    else {
        return pages;
    };
    let mut seen = HashSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if pages.len() >= MAX_PAGES || !seen.insert(id) {
            continue;
        }
        let Ok(node) = doc.get_dictionary(id) else {
            continue;
        };
        match deref(doc, node.get(b"Kids").ok()) {
            Some(Object::Array(kids)) => {
                // Reversed onto the stack so that the first kid comes first.
                stack.extend(kids.iter().rev().filter_map(|k| k.as_reference().ok()));
            }
            _ => {
                let is_pages = node
                    .get(b"Type")
                    .and_then(|t| t.as_name())
                    .is_ok_and(|t| t == b"Pages");
                if !is_pages {
                    pages.push(id);
                }
            }
        }
        if stack.len() > MAX_PAGES * 4 {
            stack.truncate(MAX_PAGES * 4);
        }
    }
    pages
}
