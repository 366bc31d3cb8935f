//! Keeping one file's failure from ending the run. A check or a fix that
//! panics is caught here and turned into that file's own error (its message
//! kept, in place of the English text Rust would print), so the other files
//! are still checked and the run still writes its report.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Once, OnceLock};

thread_local! {
    /// Where the panic hook leaves the message and place of the last panic on
    /// this thread, for [`catch`] to pick up.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    /// How many [`catch`] calls this thread is inside: only their panics are
    /// recorded; any other panic is printed by the hook.
    static INSIDE_CATCH: Cell<usize> = const { Cell::new(0) };
}

static HOOK: Once = Once::new();

/// How a panic outside [`catch`] is told to the user: set by the program
/// (`app`), which owns the output. Until it is set, such a panic goes to the
/// hook that was there before (Rust's own).
static TELL: OnceLock<fn(&str)> = OnceLock::new();

/// Tells every later panic outside [`catch`] through `tell`, in Chinese.
pub fn tell_panics_with(tell: fn(&str)) {
    let _ = TELL.set(tell);
    install_hook();
}

/// Installs, once per process, a panic hook. Inside [`catch`] it records the
/// panic instead of printing it: the caller reports it in Chinese, naming
/// the file. Anywhere else (writing a report, say) the run is about to end,
/// so it prints the message and place in Chinese.
fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
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
            if let Some(shown) = on_panic(text) {
                match TELL.get() {
                    Some(tell) => tell(&format!("{shown}\n")),
                    None => previous(info),
                }
            }
        }));
    });
}

/// What the hook does with a panic described by `text`: inside [`catch`] it
/// is recorded for `catch` and nothing is printed (`None`); outside, the
/// text to print.
fn on_panic(text: String) -> Option<String> {
    if INSIDE_CATCH.with(Cell::get) > 0 {
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
        None
    } else {
        Some(format!(
            "reportlint 内部错误：{text}。请把命令和输入发给维护者。"
        ))
    }
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
    INSIDE_CATCH.with(|n| n.set(n.get() + 1));
    let outcome = panic::catch_unwind(AssertUnwindSafe(work));
    INSIDE_CATCH.with(|n| n.set(n.get() - 1));
    match outcome {
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

    #[test]
    fn only_panics_inside_catch_are_recorded() {
        // Outside `catch`: printed, in Chinese, with the message and place.
        let shown = on_panic("范围越界，位于 src/a.rs:1".into()).unwrap();
        assert!(shown.starts_with("reportlint 内部错误：范围越界，位于 src/a.rs:1"));
        assert!(shown.contains("请把命令和输入发给维护者"));
        assert_eq!(LAST_PANIC.with(|p| p.borrow_mut().take()), None);
        // Inside (even nested): recorded, nothing printed.
        let inner = catch(|| catch(|| on_panic("甲".into())));
        assert_eq!(inner, Ok(Ok(None)));
        assert_eq!(
            LAST_PANIC.with(|p| p.borrow_mut().take()),
            Some("甲".into())
        );
        // The flag is cleared after a caught panic.
        catch(|| -> u8 { panic!("乙") }).unwrap_err();
        assert!(on_panic("丙".into()).is_some());
    }
}
