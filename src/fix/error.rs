//! Why a fixed report was not written back (or, with `--diff`, not shown):
//! each reason says what was left alone and what the user can do.

use std::io;

use miette::Diagnostic;
use thiserror::Error;

/// Why fixing a text was stopped before it settled. The text is never
/// written: a half-way state would be a guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsettled {
    /// The rule offers to change again what its own fix wrote: its fix's
    /// result still matches the rule.
    SelfMatch { rule: String },
    /// The fixes brought the text back to an earlier state: rules undo each
    /// other.
    Cycle { rules: Vec<String> },
    /// The fixes would make the text longer than `limit` bytes.
    Growth {
        rules: Vec<String>,
        original: usize,
        limit: usize,
    },
    /// Fixes still applied after this many rounds.
    TooManyRounds { rounds: usize, rules: Vec<String> },
}

impl Unsettled {
    /// The rules involved.
    pub fn rules(&self) -> Vec<String> {
        match self {
            Unsettled::SelfMatch { rule } => vec![rule.clone()],
            Unsettled::Cycle { rules }
            | Unsettled::Growth { rules, .. }
            | Unsettled::TooManyRounds { rules, .. } => rules.clone(),
        }
    }

    /// What happened, in a sentence (without the file name).
    pub fn describe(&self) -> String {
        let list = |rules: &[String]| rules.join("、");
        match self {
            Unsettled::SelfMatch { rule } => format!(
                "规则 {rule} 的修复结果仍被规则 {rule} 判为有问题，每次修复都会再改一次"
            ),
            Unsettled::Cycle { rules } if rules.len() == 1 => format!(
                "规则 {} 的修复把文字改过去又改回来",
                list(rules)
            ),
            Unsettled::Cycle { rules } => format!(
                "规则 {} 的修复相互抵消：一条改过去，另一条又改回来",
                list(rules)
            ),
            Unsettled::Growth {
                rules,
                original,
                limit,
            } => format!(
                "规则 {} 的修复使文字不断变长（原文 {original} 字节，修复后将超过 {limit} 字节的上限）",
                list(rules)
            ),
            Unsettled::TooManyRounds { rounds, rules } => format!(
                "修复 {rounds} 轮后规则 {} 仍在修改文字",
                list(rules)
            ),
        }
    }
}

/// Why a fixed report was not written back.
#[derive(Debug, Error, Diagnostic)]
pub enum FixError {
    #[error(
        "{path}：无法写回修复后的内容（{}）",
        crate::error::write_reason(cause)
    )]
    #[diagnostic(
        code(fix::write),
        help("原文件未改动。请检查文件和所在文件夹的写权限、磁盘空间，或用 --diff 查看修改内容后手工修改")
    )]
    Io {
        path: String,
        /// Not a `#[source]`: its English text must not be shown.
        cause: io::Error,
    },
    #[error("{path}：检查期间文件被其他程序修改，未写回修复")]
    #[diagnostic(
        code(fix::changed),
        help("文件保持其他程序修改后的样子。请在修改完成后重新运行 --fix")
    )]
    Changed { path: String },
    #[error("{path}：{what}暂不支持写回修复：{why}")]
    #[diagnostic(code(fix::unsupported))]
    Unsupported {
        path: String,
        what: String,
        /// Why this format cannot be written back.
        why: String,
        #[help]
        help: String,
    },
    #[error(
        "{path}：文件中有不是 UTF-8 的字节（读入时换成了“�”），写回会改变这些字节，未写回修复"
    )]
    #[diagnostic(
        code(fix::invalid_utf8),
        help("原文件未改动。请用文本编辑器把文件另存为 UTF-8 编码后再运行 --fix，或用 --diff 查看修改内容后手工修改")
    )]
    InvalidUtf8 { path: String },
    #[error("{path}：文件是只读的，未写回修复")]
    #[diagnostic(
        code(fix::read_only),
        help("原文件未改动。若确要修复，请先取消只读（Linux、macOS：chmod u+w 文件名；Windows：在文件“属性”中取消勾选“只读”），再运行 --fix；或用 --diff 查看修改内容")
    )]
    ReadOnly { path: String },
    #[error("{path}：当前用户没有写这个文件的权限，未写回修复")]
    #[diagnostic(
        code(fix::permission),
        help("原文件未改动。请以有写权限的用户（如文件所有者）运行 --fix，或用 --diff 查看修改内容后手工修改")
    )]
    NoPermission { path: String },
    #[error("{path}：文件有 {links} 个硬链接，写回会把它与其他链接拆开（其他链接仍是旧内容），未写回修复")]
    #[diagnostic(
        code(fix::hard_link),
        help("原文件未改动。请用 --diff 查看修改内容后手工修改（改动会出现在所有链接中）；或先复制出一个独立的文件再对它运行 --fix")
    )]
    HardLinked { path: String, links: u64 },
    #[error("{path}：写回的文件无法保留原来的所有者和所属组（用户 {uid}、组 {gid}），未写回修复")]
    #[diagnostic(
        code(fix::owner),
        help("原文件未改动。请以文件所有者的身份运行 --fix，或用 --diff 查看修改内容后手工修改")
    )]
    Owner {
        path: String,
        uid: u32,
        gid: u32,
        /// Not a `#[source]`: its English text must not be shown.
        cause: io::Error,
    },
    #[error("{path}：无法在文件的字节中找到修复的位置（文件开头有多个字节顺序标记等不常见的内容），未写回修复")]
    #[diagnostic(
        code(fix::unmappable),
        help("原文件未改动。请用 --diff 查看修改内容后手工修改")
    )]
    Unmappable { path: String },
    #[error("<stdin>：标准输入没有可以写回的文件，--fix 无法修复它；其中的问题照常检查和报告")]
    #[diagnostic(
        code(fix::stdin),
        help("要查看修复会做的修改，请用 --diff -（如 reportlint check --diff - < 报告.txt）；要直接修复，请把报告存为文件，再运行 reportlint check --fix 报告.txt")
    )]
    Stdin,
    #[error("{path}：{}，修复无法完成，未写回文件", why.describe())]
    #[diagnostic(code(fix::unsettled))]
    Unsettled {
        path: String,
        why: Unsettled,
        #[help]
        help: String,
    },
}

impl FixError {
    /// A fix run that did not settle, with advice for the pack's author.
    pub fn unsettled(path: String, why: Unsettled) -> FixError {
        let rules = why.rules().join("、");
        let help = match &why {
            Unsettled::Cycle { .. } => format!(
                "原文件未改动。这是规则包的问题：规则 {rules} 的修复互相冲突，请修改其中一条的 fix（或在规则包的 pack.disable 中停用一条）；在此之前请不加 --fix 检查，按报告的问题手工修改"
            ),
            _ => format!(
                "原文件未改动。这是规则包的问题：请修改规则 {rules} 的 fix，使修复后的文字不再被规则判为有问题；在此之前请不加 --fix 检查，按报告的问题手工修改"
            ),
        };
        FixError::Unsettled { path, why, help }
    }
}

/// What to do about a format that cannot be written back.
pub const UNSUPPORTED_HELP: &str = "原文件未改动。可用 --annotate 另写一份批注文档，修复已作为修订标出，在 Word 或 WPS 中逐条接受；或用 --diff 查看修改内容，在原文档中手工修改";

/// What to do about a document that an office program edits (Word, WPS,
/// LibreOffice).
pub const DOCUMENT_HELP: &str = "原文件未改动。可用 --annotate 另写一份批注文档，修复已作为修订标出，在 Word 或 WPS 中逐条接受；或用 --diff 查看要改的地方（差异是从文档中读出的文字），在 Word、WPS 或 LibreOffice 中打开原文档照着修改；也可以把文档另存为 UTF-8 编码的纯文本（.txt）后对文本使用 --fix";

/// What to do about a laid-out file (PDF, OFD), made from a document.
pub const LAID_OUT_HELP: &str = "原文件未改动。请用 --diff 查看要改的地方（差异是从页面上读出的文字），或用 --annotate 另写一份带批注和修订的 Word 文档，在生成它的原文档（Word、WPS 等）中照着修改后重新导出；没有原文档时，只能在版式编辑软件中逐处修改";

/// What to do about a text file in another encoding than UTF-8.
pub const ENCODING_HELP: &str = "原文件未改动。可先用文本编辑器把文件另存为 UTF-8 编码，再运行 --fix；或用 --diff 查看修改内容后手工修改";

/// Why a fixed file could not be written, in Chinese (the system's own
/// message is in English).
#[cfg(test)]
mod tests {
    use super::*;

    /// The system's English text is neither in the message nor a cause that
    /// miette would print after it.
    #[test]
    fn io_errors_are_told_in_chinese_only() {
        let cause = io::Error::from_raw_os_error(5);
        let english = cause.to_string();
        let errors = [
            FixError::Io {
                path: "a.txt".into(),
                cause: io::Error::from_raw_os_error(5),
            },
            FixError::Owner {
                path: "a.txt".into(),
                uid: 1,
                gid: 1,
                cause,
            },
        ];
        for e in errors {
            assert!(std::error::Error::source(&e).is_none(), "{e}");
            let text = e.to_string();
            assert!(!text.contains(&english), "{text}");
            assert!(!text.contains("os error"), "{text}");
        }
        let e = crate::error::InputError::Unreadable {
            path: "a.txt".into(),
            cause: io::Error::from_raw_os_error(5),
        };
        assert!(std::error::Error::source(&e).is_none());
        assert!(!e.to_string().contains("os error"), "{e}");
    }
}
