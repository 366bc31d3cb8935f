//! Keeping one file's failure from ending the run. A check or a fix that
//! panics is caught here and turned into that file's own error (its message
//! kept, in place of the English text Rust would print), so the other files
//! are still checked and the run still writes its report.

use std::any::Any;
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Where the panic hook leaves the message and place of the last panic on
    /// this thread, for [`catch`] to pick up.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Installs, once per process, a panic hook that records the panic instead of
/// printing it: the caller of [`catch`] reports it in Chinese, naming the file.
fn install_hook() {
    HOOK.call_once(|| {
        panic::set_hook(Box::new(|info| {
            let place = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let message = payload_text(info.payload());
            let text = if place.is_empty() {
                message
            } else {
                format!("{message}，位于 {place}")
            };
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
        }));
    });
}

/// Longest panic message kept, in characters: a message may quote a slice of
/// the report, which can be megabytes long.
const MAX_MESSAGE_CHARS: usize = 200;

fn payload_text(payload: &(dyn Any + Send)) -> String {
    let text = if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.as_str()
    } else {
        "未知的内部错误"
    };
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

/// Runs `work`; a panic inside it becomes `Err` with a description of what
/// went wrong and where (for the user's report to the maintainers).
pub fn catch<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    LAST_PANIC.with(|p| p.borrow_mut().take());
    match panic::catch_unwind(AssertUnwindSafe(work)) {
        Ok(value) => Ok(value),
        Err(payload) => Err(LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| payload_text(payload.as_ref()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_place() {
        let err = catch(|| -> u8 { panic!("范围越界") }).unwrap_err();
        assert!(err.starts_with("范围越界，位于 "), "{err}");
        assert!(err.contains("isolate.rs"), "{err}");
        assert_eq!(catch(|| 7), Ok(7));
        let long = catch(|| -> u8 { panic!("{}", "长".repeat(100_000)) }).unwrap_err();
        assert!(long.chars().count() < 300, "a long message is cut");
    }
}
