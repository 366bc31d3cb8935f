//! Comparing texts: the passages two documents (or two parts of one) share,
//! verbatim or nearly ([`passages`]). Used inside one report (`kind:
//! duplicate`) and between a report and last year's (`--baseline`).

pub mod passages;

pub use passages::{copied_share, shared_passages, Boilerplate, Passage, PassageOptions, Units};
