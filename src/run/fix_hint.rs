//! The pack's help says “可用 --fix 自动改正” where a fix exists. `--fix`
//! writes back only UTF-8 text; for any other report (a Word document, a
//! PDF, a GBK text) that advice would be refused, so the help points to
//! `--annotate` instead, whose document carries the same fixes as tracked
//! changes to accept.

use crate::finding::Finding;
use crate::input::{Format, InputInfo};

/// How the pack's help words the advice to run `--fix`.
const FIX_ADVICE: &str = "可用 --fix 自动";

/// The same advice for a report `--fix` cannot write back.
const ANNOTATE_ADVICE: &str =
    "此类文件不能用 --fix 写回；可用 --annotate 生成批注文档，其中已作为修订标出，接受修订即可";

/// Whether `--fix` can write a report read this way back.
pub fn writable(info: &InputInfo) -> bool {
    info.format == Format::Text && info.encoding == Some("UTF-8")
}

/// Rewords the `--fix` advice in the help of a report `--fix` cannot
/// write back.
pub fn retarget(findings: &mut [Finding], info: &InputInfo) {
    if writable(info) {
        return;
    }
    for f in findings {
        if let Some(help) = f.help.as_mut().filter(|h| h.contains(FIX_ADVICE)) {
            *help = help.replace(FIX_ADVICE, ANNOTATE_ADVICE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_reports_fix_cannot_write_back_are_reworded() {
        let finding = |help: &str| Finding {
            help: Some(help.into()),
            ..Finding::at(
                "x",
                crate::finding::Severity::Warning,
                "m",
                crate::document::Span::new(0, 1),
            )
        };
        let info = |format, encoding| InputInfo {
            format,
            encoding,
            replaced: 0,
            invalid: Vec::new(),
            encoding_uncertain: false,
            nul_removed: 0,
        };
        let mut text = vec![finding("应写作“，”。可用 --fix 自动改正。")];
        retarget(&mut text, &info(Format::Text, Some("UTF-8")));
        assert!(text[0]
            .help
            .as_deref()
            .unwrap()
            .contains("可用 --fix 自动改正"));
        for (format, encoding) in [(Format::Docx, None), (Format::Text, Some("GBK"))] {
            let mut word = vec![finding("应写作“，”。可用 --fix 自动改正。")];
            retarget(&mut word, &info(format, encoding));
            let help = word[0].help.as_deref().unwrap();
            assert!(!help.contains("可用 --fix"), "{help}");
            assert!(help.ends_with("接受修订即可改正。"), "{help}");
        }
    }
}
