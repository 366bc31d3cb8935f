//! `reportlint init`: a starter configuration and an empty pack that extends
//! the built-in one, with one example rule, its examples and a report
//! fixture, so a rule author has something that passes `rules test` from the
//! first minute. Existing files are never overwritten.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const CONFIG: &str = "# reportlint 配置。检查报告时，从报告所在目录向上查找此文件。
# 使用的规则包：builtin（内置）或规则包目录（相对于本文件）。
pack: rules/my-pack
";

const PACK: &str = "# yaml-language-server: $schema=./schema.json
# 本规则包在内置的法治政府建设年度报告规则包之上增加、覆盖或停用规则。
pack:
  id: my-pack
  name: 我的规则包
  version: \"0.1\"
  extends: builtin
  # 停用内置规则，例如：
  # disable: [FZ026]
";

const RULES: &str = "# yaml-language-server: $schema=./schema.json
rules:
  - id: MY001
    title: 标题应使用“年度报告”
    severity: warning
    message: 标题应写作“……法治政府建设年度报告”
    help: 本地区工作指引规定报告名称为“法治政府建设年度报告”。
    description: 检查报告标题是否以“法治政府建设年度报告”结尾。
    check:
      kind: pattern
      scope: title
      regex: '法治政府建设年度报告$'
      require: true
      label: 标题不符合规定的名称
    examples:
      valid:
        - \"某县2024年度法治政府建设年度报告\\n\\n正文。\\n\"
      invalid:
        - text: \"某县关于2024年度法治政府建设情况的报告\\n\\n正文。\\n\"
          span: 某县关于2024年度法治政府建设情况的报告
";

const FIXTURE: &str = "某县人民政府2024年度法治政府建设年度报告

一、2024年推进法治政府建设的主要举措和成效
全年审查规范性文件12件。
二、存在的不足和原因
基层执法力量不足。究其原因，主要是编制有限。
三、党政主要负责人履行推进法治建设第一责任人职责情况
县长亲自部署法治政府建设重点工作。
四、2025年推进法治政府建设的主要安排
2025年，我县将继续推进法治政府建设。

某县人民政府
2025年2月10日
";

const FIXTURE_EXPECTED: &str = "# 这份报告应当报告的问题：rule 为规则 id，line 为行号。
findings: []
";

/// Writes the starter files under `dir`. Returns the files written; fails
/// without writing anything if any of them exists.
pub fn init(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let schema = super::schema::rule_file_schema();
    let files: [(&str, &str); 6] = [
        ("reportlint.yaml", CONFIG),
        ("rules/my-pack/schema.json", &schema),
        ("rules/my-pack/pack.yaml", PACK),
        ("rules/my-pack/rules.yaml", RULES),
        ("rules/my-pack/tests/example.txt", FIXTURE),
        ("rules/my-pack/tests/example.yaml", FIXTURE_EXPECTED),
    ];
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| dir.join(p)).collect();
    if let Some(existing) = paths.iter().find(|p| p.exists()) {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} 已存在，未写入任何文件", existing.display()),
        ));
    }
    for (path, (_, text)) in paths.iter().zip(files) {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)?;
    }
    Ok(paths)
}
