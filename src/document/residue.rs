//! Web-page residue: the breadcrumbs, publication metadata and page furniture
//! that come along when a report is copied from a government portal (what
//! they look like is the pack's [`Grammar`]). Such lines are not part of the
//! report; they are reported once and kept out of
//! every other check.

use super::grammar::Grammar;

/// Whether a trimmed line is web-page residue wherever it stands.
pub fn is_residue(g: &Grammar, line: &str) -> bool {
    g.residue.is_match(line)
}

/// Whether a trimmed line before the title is a breadcrumb trail: short, no
/// sentence punctuation, and starting with a separator, holding two, or
/// holding one and the word for the home page.
pub fn is_breadcrumb(g: &Grammar, line: &str) -> bool {
    let separators = line.matches(g.breadcrumb_separators.as_slice()).count();
    separators > 0
        && line.chars().count() <= 100
        && !line.contains(['。', '，', '；'])
        && (line.starts_with(g.breadcrumb_separators.as_slice())
            || separators >= 2
            || (!g.breadcrumb_home.is_empty() && line.contains(g.breadcrumb_home.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::test_grammar as g;

    #[test]
    fn recognises_portal_furniture() {
        for line in [
            "首页",
            "发布日期:2023-01-30 15:50:19浏览次数:字体:[ ]",
            "来源：某区司法局  发布时间：2024-02-20 09:30  【字体：大 中 小】",
            "【打印本页】【关闭窗口】",
            "Produced By 大汉网络 大汉版通发布系统",
            "版权所有：某区人民政府  网站标识码：1234567890",
            "当前位置：首页 > 政务公开",
        ] {
            assert!(is_residue(g(), line), "{line}");
        }
        assert!(is_breadcrumb(
            g(),
            ">专题专栏>法治政府示范创建>法治政府建设工作报告"
        ));
        assert!(is_breadcrumb(g(), "首页 > 政务公开 > 法治政府建设"));
    }

    #[test]
    fn report_text_is_not_residue() {
        for line in [
            "一、推进法治政府建设的主要举措和成效",
            "2022年以来,博山区高度重视法治建设工作",
            "来源广泛的意见建议已全部办结。",
            "中共博山区委    博山区人民政府",
            "【典型案例】某镇通过调解化解纠纷，群众满意度明显提升。",
        ] {
            assert!(!is_residue(g(), line), "{line}");
        }
        assert!(!is_breadcrumb(g(), "执法效率提高，投诉下降>30%"));
    }
}
