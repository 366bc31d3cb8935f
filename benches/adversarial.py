#!/usr/bin/env python3
"""Wall time and peak memory of `reportlint check` on hostile inputs.

    python3 benches/adversarial.py                     # every case at 20 MB
    python3 benches/adversarial.py --mb 2 --cases shu-open,repeated-paragraphs
    python3 benches/adversarial.py --binary /path/to/other/reportlint

Each case is one generated report of about `--mb` megabytes (default 20, just
under the default `--max-size` of 20 MiB) that aims at one way a checker can
go super-linear: a long line of unclosed 《 or （, closed and nested marks,
thousands of repeated paragraphs, deep heading nesting, a 20 MB single line,
a huge table (as text lines and as a Word table), thousands of findings on
one line, and deeply nested web pages. Cases made of many lines stay just
under the line limit (`MAX_LINES`, 200,000 lines or Word paragraphs per
report); two cases far past it (ten million short lines, 26 million empty
Word paragraphs) show that such a file is refused quickly and in little
memory. Each is checked once with
`--format json` and once with human output, on one thread (`--jobs 1`), with
output to /dev/null, under `/usr/bin/time -v` (wall clock and maximum
resident set size). A run that exceeds `--timeout` seconds is killed and
shown as `>TIMEOUT`.

This is a benchmark, not a test: it prints figures and asserts nothing.
Only the Python standard library is used.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import zipfile

# Lines (Word paragraphs) a report may have: src/input/mod.rs MAX_LINES.
MAX_LINES = 200_000

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "reportlint")

HEAD = (
    "某县人民政府关于2023年度法治政府建设情况的报告\n"
    "2023年，某县坚持以习近平新时代中国特色社会主义思想为指导，全面推进法治政府建设。\n"
    "一、2023年推进法治政府建设的主要举措和成效\n"
)
TAIL = (
    "\n二、存在的不足和原因\n一是执法规范化水平有待提高。\n"
    "三、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责同志亲自部署。\n"
    "四、2024年推进法治政府建设的主要安排\n继续深化法治政府建设。\n"
    "五、其他需要报告的情况\n无。\n\n某县人民政府\n2024年2月10日\n"
)
# Ordinary report prose, varied enough that the duplicate check does not fire
# on it by itself.
WORDS = [
    "全面推进", "依法行政", "行政执法", "规范化建设", "重大行政决策", "合法性审查", "法治宣传",
    "教育培训", "执法监督", "行政复议", "行政应诉", "营商环境", "矛盾纠纷", "基层治理",
    "公共法律服务", "政务公开", "权力运行", "制约监督", "队伍建设", "考核评价",
]


def prose(n_bytes, sentence_end=True, seed=1):
    """Pseudo-random report-like sentences, n_bytes of UTF-8."""
    out, size, x = [], 0, seed
    while size < n_bytes:
        words = []
        for _ in range(6 + x % 7):
            x = (x * 1103515245 + 12345) & 0x7FFFFFFF
            words.append(WORDS[x % len(WORDS)])
        s = "，".join(words) + ("。" if sentence_end else "")
        out.append(s)
        size += len(s.encode())
    return "".join(out)


def law_titles(n_bytes):
    """Distinct titles one or two edits from dictionary titles."""
    out, size, i = [], 0, 0
    while size < n_bytes:
        t = f"《重大行政决策程序{i}暂行条例》、《中华人民共和国行政复仪法{i}》"
        out.append(t)
        size += len(t.encode())
        i += 1
    return "".join(out)


def near_duplicates(n_bytes):
    """Sentences that share long runs (so they are compared) but differ."""
    out, size, x = [], 0, 7
    while size < n_bytes:
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        words = [WORDS[(x >> k) % len(WORDS)] for k in range(0, 24, 3)]
        s = "区政府坚持把学习贯彻习近平法治思想作为重要必修课程" + "".join(words) + "。"
        out.append(s)
        size += len(s.encode())
    return "".join(out)


def repeat_to(unit, n_bytes):
    return unit * max(1, n_bytes // len(unit.encode()))


def repeat_lines(unit, n_bytes, spare=100):
    """`unit` repeated to n_bytes, but to at most MAX_LINES - spare lines."""
    fit = max(1, (MAX_LINES - spare) // max(1, unit.count("\n")))
    return unit * min(fit, max(1, n_bytes // len(unit.encode())))


def text_cases(n):
    """(name, description, make body) of every plain-text case at about n bytes."""
    body = n - len((HEAD + TAIL).encode())
    para = ("（一）加强组织领导。区政府坚持把学习贯彻习近平法治思想作为重要必修课程，"
            "通过常务会议、理论学习中心组专题学习研讨等方式认真学习，全年共组织集中学法十二次。")
    # Run-in headings, so that 20 MB of them stay within the line limit.
    heading_block = (
        "一、工作情况\n（一）组织领导。" + prose(120, seed=3) + "\n1.学习教育。" + prose(120, seed=5)
        + "\n（1）专题学习。" + prose(120, seed=7) + "\n"
    )
    table_row = "序号\n项目\n数量\n备注\n1\n行政复议\n25\n无\n"
    return [
        ("shu-open", "一行未闭合的《", lambda: repeat_to("《", body)),
        ("paren-open", "一行未闭合的（", lambda: repeat_to("（", body)),
        ("shu-closed", "一行成对的《法治》", lambda: repeat_to("《法治》", body)),
        ("shu-nested", "《 嵌套到底再全部闭合", lambda: "《" * (body // 6) + "》" * (body // 6)),
        ("paren-then-shu", "一半（，一半《》",
         lambda: repeat_to("（", body // 2) + repeat_to("《》", body // 2)),
        ("close-only", "一行没有开符号的）", lambda: repeat_to("）", body)),
        ("repeated-paragraphs", "同一段落重复成千上万行", lambda: repeat_to(para + "\n", body)),
        ("repeated-sentences-line", "同一段落在一行中重复", lambda: repeat_to(para, body)),
        ("deep-headings", "四级标题反复嵌套（带正文，行数上限之内）", lambda: repeat_lines(heading_block, body)),
        ("single-line-prose", "一行正文（有句号）", lambda: prose(body)),
        ("single-line-no-stop", "一行正文（没有句号）", lambda: prose(body, sentence_end=False)),
        ("table-lines", "表格：约 20 万个短行（行数上限之内）", lambda: repeat_lines(table_row, body)),
        ("findings-per-line", "一行中成千上万处半角逗号", lambda: repeat_to("法治,", body)),
        ("findings-per-match", "成千上万个各自成为一个问题的“今年”", lambda: repeat_to("今年", body)),
        ("law-titles", "成千上万个各不相同、近似词典名称的书名", lambda: law_titles(body)),
        ("near-duplicates", "成千上万句相近又不相同的句子", lambda: near_duplicates(body)),
        ("quotes-per-line", "一行中成千上万处半角引号", lambda: repeat_to('"法治"', body)),
        ("many-lines", "一千万个只有一个字的行（超过行数上限）", lambda: repeat_to("a\n", body)),
    ]


def docx_table(path, n):
    """A Word document whose body is one huge table, about n bytes on disk."""
    cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    row = "<w:tr>" + "".join(cell.format(t) for t in ["序号", "行政复议", "25", "无"]) + "</w:tr>"
    # The XML compresses about a hundredfold; aim for n bytes of *XML*, which is
    # what the reader has to walk, and let the zip be small.
    rows = min(max(1, n // len(row.encode())), (MAX_LINES - 100) // 4)
    body = "<w:tbl>" + row * rows + "</w:tbl>"
    write_docx(path, "<w:p><w:r><w:t>某县人民政府关于2023年度法治政府建设情况的报告</w:t></w:r></w:p>" + body)


def docx_empty_paragraphs(path, n):
    """A Word document of n / 6 empty paragraphs (`<w:p/>`)."""
    write_docx(path, "<w:p/>" * (n // 6))


def write_docx(path, body):
    """A Word document with this body XML."""
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + body
        + "</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        z.writestr("word/document.xml", document)


def html_cases(n):
    text = "<p>某县人民政府关于2023年度法治政府建设情况的报告</p><p>全面推进法治政府建设。</p>"
    return [
        ("html-deep-div", "网页：60,000 层 <div>",
         lambda: "<html><body>" + "<div>" * 60000 + text + "</body></html>"),
        ("html-unclosed", "网页：100,000 组未闭合的 <div><p><span>",
         lambda: "<html><body>" + "<div><p><span>" * 100000 + text + "</body></html>"),
        ("html-unclosed-text", "网页：未闭合的 <div><p><span> 中各有一句正文，共约 20 MB",
         lambda: "<html><body>" + repeat_to(
             "<div><p><span>全面推进法治政府建设，严格规范公正文明执法，持续优化法治化营商环境。", n)
         + "</body></html>"),
        ("html-page", "网页：普通的正文段落，共约 20 MB",
         lambda: "<html><head><title>某县人民政府关于2023年度法治政府建设情况的报告_某县人民政府</title></head><body>"
         + text + repeat_to("<p>" + prose(2000) + "</p>\n", n) + "</body></html>"),
        ("html-nested-titles", "网页：510 层 class=\"title\" 的 <div> 包着约 20 MB 正文",
         lambda: "<html><body>" + '<div class="title">' * 510 + repeat_to("这是正文内容，", n)
         + "</div>" * 510 + "</body></html>"),
    ]


def cases(n):
    """(name, description, file name, write the file) of every case."""

    def text_file(make, wrap):
        def write(path):
            with open(path, "w", encoding="utf-8") as f:
                f.write(wrap(make()))

        return write

    for name, what, make in text_cases(n):
        yield name, what, name + ".txt", text_file(make, lambda body: HEAD + body + TAIL)
    table = "序号\n项目\n数量\n备注\n1\n行政复议\n25\n无\n"
    yield ("table-lines-bare", "只有表格短行，没有标题和正文（行数上限之内）", "table-lines-bare.txt",
           text_file(lambda: repeat_lines(table, n), lambda body: body))
    yield ("table-docx", "Word：一个约 20 万个单元格的表格（行数上限之内）", "table-docx.docx",
           lambda p: docx_table(p, n))
    yield ("docx-empty-paragraphs", "Word：正文 XML 中有 2,600 万个空段落（超过行数上限）",
           "docx-empty-paragraphs.docx", lambda p: docx_empty_paragraphs(p, 156_000_000 * n // 20_000_000))
    for name, what, make in html_cases(n):
        yield name, what, name + ".html", text_file(make, lambda html: html)


def measure(binary, path, fmt, timeout):
    args = ["/usr/bin/time", "-v", binary, "check", "--no-config", "--jobs", "1", "--color", "never"]
    if fmt != "human":
        args += ["--format", fmt]
    args.append(path)
    with open(os.devnull, "wb") as devnull:
        try:
            proc = subprocess.run(args, stdout=devnull, stderr=subprocess.PIPE, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, None, None
    err = proc.stderr.decode("utf-8", "replace")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", err)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    status = re.search(r"Exit status: (\d+)", err)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    return seconds, int(rss.group(1)) / 1024, int(status.group(1)) if status else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of each input in MB (10^6 bytes)")
    parser.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    parser.add_argument("--formats", default="json,human")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed")
    parser.add_argument("--binary", default=BINARY)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build and args.binary == BINARY:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    wanted = [c for c in args.cases.split(",") if c]
    formats = args.formats.split(",")
    print(f"reportlint check --jobs 1, built-in pack, inputs of about {args.mb:g} MB")
    print()
    print("| 输入 | 内容 | MB | " + " | ".join(f"{f} 秒 | {f} 内存峰值 MB" for f in formats) + " |")
    print("|---|---|---|" + "---|---|" * len(formats))
    with tempfile.TemporaryDirectory(prefix="reportlint-adversarial-") as base:
        for name, what, file_name, write in cases(int(args.mb * 1e6)):
            if wanted and name not in wanted:
                continue
            path = os.path.join(base, file_name)
            write(path)
            size = os.path.getsize(path) / 1e6
            cells = []
            for fmt in formats:
                seconds, rss, status = measure(args.binary, path, fmt, args.timeout)
                if seconds is None:
                    cells += [f">{args.timeout:g}", "—"]
                else:
                    mark = "" if status in (0, 1) else f"（退出码 {status}）"
                    cells += [f"{seconds:.2f}{mark}", f"{rss:.0f}"]
            print(f"| {name} | {what} | {size:.1f} | " + " | ".join(cells) + " |", flush=True)
            os.remove(path)


if __name__ == "__main__":
    main()
