//! Bytes as the one rule file of a pack: loading gives a pack or an error,
//! never a panic; a pack that loads checks a small report.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reportlint::rules::pack;

#[path = "common.rs"]
mod common;

const REPORT: &str = "某县人民政府关于2023年度法治政府建设情况的报告\n一、2023年推进法治政府建设的主要举措和成效\n（一）加强组织领导。\n二、存在的不足和原因\n究其原因，主要是培训不够。\n某县人民政府\n2024年2月1日\n";

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    if std::fs::write(dir.path().join("pack.yaml"), data).is_err() {
        return;
    }
    if let Ok(pack) = pack::from_dir(dir.path()) {
        common::read_and_check("report.txt", REPORT.as_bytes(), "txt", &pack);
    }
});
