//! What every target checks once an input is read: the check's spans lie
//! inside the text on character boundaries, and fixing settles.

use std::sync::OnceLock;

use reportlint::run::{self, Options};
use reportlint::finding::Applicability;
use reportlint::fix;
use reportlint::input;
use reportlint::rules::{pack, Pack};

// Not every target uses the built-in pack.
#[allow(dead_code)]
pub fn builtin() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| pack::builtin().expect("the built-in pack compiles"))
}

pub fn options() -> Options {
    Options {
        max_bytes: 1 << 20,
        ..Options::default()
    }
}

/// Reads bytes as a file with this extension would be read, checks and
/// fixes the text; panics on any broken invariant.
pub fn read_and_check(name: &str, bytes: &[u8], ext: &str, pack: &Pack) {
    let Ok(loaded) = input::from_bytes(
        name.to_string(),
        bytes,
        Some(ext),
        options().max_bytes,
        &pack.grammar.page_title_words,
    ) else {
        return;
    };
    let file = run::check_loaded(loaded, pack, options());
    let text = &file.doc.text;
    for f in &file.checked.findings {
        let spans = std::iter::once(f.primary.span)
            .chain(f.secondary.iter().map(|l| l.span))
            .chain(f.fix.iter().flat_map(|x| x.edits.iter().map(|e| e.span)));
        for s in spans {
            assert!(s.start <= s.end && s.end <= text.len(), "{} {s:?}", f.rule);
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
    let once = fix::fix_text(
        name.to_string(),
        text.clone(),
        pack,
        options(),
        Applicability::Unsafe,
    );
    if once.converged {
        let fixed = once.file.doc.text.clone();
        let twice = fix::fix_text(
            name.to_string(),
            fixed.clone(),
            pack,
            options(),
            Applicability::Unsafe,
        );
        assert_eq!(
            twice.file.doc.text, fixed,
            "fixing the fixed text changed it"
        );
    }
}
