//! Web-page residue: the breadcrumbs, publication metadata and page furniture
//! that come along when a report is copied from a government portal. Such
//! lines are not part of the report; they are reported once and kept out of
//! every other check.

use std::sync::LazyLock;

use regex::Regex;

/// Lines that are page furniture wherever they stand.
static ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:",
        r"(?:首页|当前位置|您当前的位置|您的位置|当前页面)(?:$|[:：>＞»\s])",
        r"|(?:发布日期|发布时间|发布机构|信息来源|来源|浏览次数|访问次数|点击数|阅读次数|阅读量|索引号|文号|作者)[:：].{0,80}(?:发布日期|发布时间|浏览次数|访问次数|点击数|字体|来源)",
        r"|(?:发布日期|发布时间|浏览次数|访问次数|点击数)[:：]",
        r"|.{0,60}字体[:：]?\s*[\[【〔(（]?\s*(?:大|[\]】〕)）])",
        r"|(?:【[^】]{1,6}】\s*){1,6}$",
        r"|(?:打印本页|关闭窗口|打印|关闭|返回顶部|分享到|扫一扫在手机打开当前页|扫一扫|相关链接|上一篇|下一篇)(?:$|[:：\s])",
        // Not `\b`: a Unicode word boundary keeps the fast lazy DFA from
        // running on Chinese text, and after `y` it means the same as this.
        r"|Produced\s+By(?:$|\W)",
        r"|(?:版权所有|主办单位|承办单位|网站标识码|技术支持|联系我们|网站地图)[:：\s]",
        r"|.{0,40}ICP备",
        r")"
    ))
    .expect("built-in residue regex")
});

/// Breadcrumb trails (“>专题专栏>法治政府示范创建>…”), only recognised before
/// the report's title, where a sentence with “>” cannot stand.
static BREADCRUMB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^。，；]{0,100}$").expect("built-in breadcrumb regex"));

/// Whether a trimmed line is web-page residue wherever it stands.
pub fn is_residue(line: &str) -> bool {
    ANYWHERE.is_match(line)
}

/// Whether a trimmed line before the title is a breadcrumb trail.
pub fn is_breadcrumb(line: &str) -> bool {
    let separators = line.matches(['>', '＞', '»', '›']).count();
    separators > 0
        && BREADCRUMB.is_match(line)
        && (line.starts_with(['>', '＞', '»', '›']) || separators >= 2 || line.contains("首页"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert!(is_residue(line), "{line}");
        }
        assert!(is_breadcrumb(
            ">专题专栏>法治政府示范创建>法治政府建设工作报告"
        ));
        assert!(is_breadcrumb("首页 > 政务公开 > 法治政府建设"));
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
            assert!(!is_residue(line), "{line}");
        }
        assert!(!is_breadcrumb("执法效率提高，投诉下降>30%"));
    }
}
