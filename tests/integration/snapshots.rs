//! What a reviewer sees: the rendered human output, pinned.

use crate::helpers::*;

#[test]
fn human_output_seed_000() {
    let r = run(&["check", "--color", "never", "tests/fixtures/seed_000.txt"]);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn human_output_lines_stay_narrow() {
    // Chinese paragraphs are single lines of hundreds of characters; the
    // output shows a window around each label instead.
    use unicode_width::UnicodeWidthStr;
    for seed in [
        "seed_000.txt",
        "seed_001.txt",
        "seed_002.txt",
        "seed_003.txt",
        "seed_004.txt",
    ] {
        let r = run(&[
            "check",
            "--color",
            "never",
            &format!("tests/fixtures/{seed}"),
        ]);
        for line in r.stdout.lines() {
            assert!(
                line.width() <= 100,
                "{seed}: {} columns: {line}",
                line.width()
            );
        }
    }
}
