//! Reports of one run that share long passages (FZ075, `kind: copied`):
//! a copy under another unit's name is paired, with the shares and the
//! passages, in JSON, human output and the matrix; reports sharing only the
//! guiding formulations and the template's headings are not; one report in
//! two formats is not 雷同.

use std::fs;
use std::path::Path;

use crate::helpers::*;
use serde_json::Value;

/// A report of a 交通运输局, in the form real reports take.
const TRANSPORT: &str = "某市交通运输局关于2023年度法治政府建设情况的报告

2023年，市交通运输局坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，认真贯彻落实党的二十大精神，扎实推进交通运输领域法治政府建设，现将有关情况报告如下。
一、2023年推进法治政府建设的主要举措和成效
（一）健全依法决策机制。局党组全年召开专题会议六次研究法治工作，制定《重大行政决策程序规定实施细则》，对农村公路养护资金分配、公交线网优化调整等九项重大事项开展风险评估和合法性审查，决策前征求公众意见一千三百余条，采纳合理建议二百一十条。
（二）规范交通运输执法。全面推行行政执法公示、执法全过程记录和重大执法决定法制审核制度，执法记录仪配备率达到百分之百。全年办理道路运输行政处罚案件四百八十二件，对首次轻微违法的一百零六家经营户依法不予处罚，并逐户开展普法提醒。
（三）深化放管服改革。将道路货运经营许可等十四个事项纳入一网通办，平均办理时限由七个工作日压缩到两个工作日，网约车驾驶员证实现全程网上办理，全年办件量同比增长百分之三十七。
二、存在的不足和原因
执法人员中具有法律专业背景的比例仍然偏低，基层站所的案卷质量参差不齐。究其原因，主要是执法培训偏重集中授课，案卷评查发现的问题整改跟踪不够。
三、党政主要负责人履行推进法治建设第一责任人职责情况
局主要负责同志全年主持召开党组会专题研究法治建设四次，带头开展学法活动，亲自协调解决出租汽车行业信访积案三件，对重大执法决定法制审核情况每季度听取一次汇报。
四、2024年推进法治政府建设的主要安排
2024年，我局将围绕交通强市建设目标，修订交通运输行政处罚裁量基准，开展执法案卷评查全覆盖行动，推动超限超载治理非现场执法点位增加到二十个。

某市交通运输局
2024年2月20日
";

/// A different report of a 市场监督管理局 with the same formulations and
/// headings: it shares nothing else.
const MARKET: &str = "某市市场监督管理局关于2023年度法治政府建设情况的报告

2023年，市市场监督管理局坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，认真贯彻落实党的二十大精神，围绕营商环境优化抓好市场监管领域法治建设，现将有关情况报告如下。
一、2023年推进法治政府建设的主要举措和成效
（一）加强公平竞争审查。对本局起草的十七件涉及经营主体经济活动的政策措施逐件开展公平竞争审查，清理妨碍统一市场和公平竞争的文件四件，受理并办结违反公平竞争审查标准的举报两件。
（二）推进包容审慎监管。制定市场监管领域轻微违法行为免罚清单，明确四十三种不予处罚情形，全年对二百二十九户经营主体适用免罚清单，同步发放行政指导书督促其规范经营。
（三）守牢食品药品安全底线。完成食品安全监督抽检六千八百批次，核查处置不合格食品一百九十批次，对全市药品零售企业开展飞行检查三百一十家次，立案查处药品违法案件五十一件。
二、存在的不足和原因
部分基层所的执法力量与监管对象数量不相匹配，网络交易违法行为的发现手段不多。原因在于人员编制增长慢于经营主体增长，信息化监管平台建设起步较晚。
三、党政主要负责人履行推进法治建设第一责任人职责情况
局长带头落实法治建设责任，年初签订法治建设目标责任书，全年四次在局务会上听取依法行政工作汇报，亲自审定行政处罚裁量权基准修订稿，带队开展民营企业法治需求走访。
四、2024年推进法治政府建设的主要安排
2024年，我局将健全信用风险分类监管制度，推进网络交易监测平台上线运行，完善基层所执法人员轮训机制，力争行政复议纠错率继续保持下降。

某市市场监督管理局
2024年2月26日
";

/// The transport report copied by another unit with light edits: the unit's
/// name, a few numbers and the plan changed.
fn edited_copy() -> String {
    TRANSPORT
        .replace("某市交通运输局", "某县住房和城乡建设局")
        .replace("市交通运输局", "县住房和城乡建设局")
        .replace("六次", "五次")
        .replace("四百八十二件", "三百一十件")
        .replace(
            "2024年，我局将围绕交通强市建设目标，修订交通运输行政处罚裁量基准，开展执法案卷评查全覆盖行动，推动超限超载治理非现场执法点位增加到二十个。",
            "2024年，我局将加快城镇老旧小区改造审批制度改革，完善建筑市场信用评价办法，开展住建领域执法能力提升年活动。",
        )
        .replace("2024年2月20日", "2024年3月1日")
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

fn copied(file: &Value) -> Vec<Value> {
    by_rule(file, "FZ075")
}

fn file_named<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no {name} in {v}"))
}

#[test]
fn a_lightly_edited_copy_under_another_units_name_is_paired() {
    let dir = scratch();
    write(dir.path(), "交通.txt", TRANSPORT);
    write(dir.path(), "住建.txt", &edited_copy());
    write(dir.path(), "市场监管.txt", MARKET);
    let (v, _) = json(&["--no-config", dir.path().to_str().unwrap()]);

    let transport = file_named(&v, "交通.txt");
    let housing = file_named(&v, "住建.txt");
    let market = file_named(&v, "市场监管.txt");
    for (ours, theirs) in [(transport, "住建.txt"), (housing, "交通.txt")] {
        let found = copied(ours);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        let message = f["message"].as_str().unwrap();
        assert!(message.contains(theirs), "{message}");
        assert!(message.contains('%'), "{message}");
        assert_eq!(f["severity"], "warning");
        // The passage is labelled in this report, and the label names the
        // other report's line.
        let label = f["labels"][0]["message"].as_str().unwrap();
        assert!(
            label.contains(theirs) && label.contains("行起的一段相同"),
            "{label}"
        );
        assert!(f["text"]
            .as_str()
            .unwrap()
            .contains("局党组全年召开专题会议"));
        let similar = ours["similar"].as_array().unwrap();
        assert_eq!(similar.len(), 1, "{similar:?}");
        assert!(similar[0]["file"].as_str().unwrap().ends_with(theirs));
        let share = similar[0]["share"].as_f64().unwrap();
        let other = similar[0]["other_share"].as_f64().unwrap();
        assert!(share > 0.6 && share <= 1.0, "{share}");
        assert!(other > 0.6 && other <= 1.0, "{other}");
    }
    // The shares are each report's own.
    assert_eq!(
        transport["similar"][0]["share"],
        housing["similar"][0]["other_share"]
    );
    assert!(copied(market).is_empty(), "{market:#}");
    assert_eq!(market["similar"], serde_json::json!([]));

    // Human output: the finding with its label naming the other report.
    let out = run(&["check", "--no-config", dir.path().to_str().unwrap()]);
    assert!(out.stdout.contains("FZ075"), "{}", out.stdout);
    assert!(out.stdout.contains("住建.txt 第 "), "{}", out.stdout);
    assert!(
        out.stdout.contains("与同批其他单位") || out.stdout.contains("相同"),
        "{}",
        out.stdout
    );

    // The matrix: a 雷同 column with the share and the partner.
    let out = run(&[
        "check",
        "--no-config",
        "--format",
        "summary",
        dir.path().to_str().unwrap(),
    ]);
    let header = out.stdout.lines().find(|l| l.starts_with("报告")).unwrap();
    assert!(header.trim_end().ends_with("雷同"), "{}", out.stdout);
    let row = out
        .stdout
        .lines()
        .find(|l| l.contains("交通.txt") && !l.starts_with("报告"))
        .unwrap();
    assert!(row.contains("%（") && row.contains("住建.txt）"), "{row}");
    let row = out
        .stdout
        .lines()
        .find(|l| l.contains("市场监管.txt"))
        .unwrap();
    assert!(row.trim_end().ends_with('—'), "{row}");
    let out = run(&[
        "check",
        "--no-config",
        "--format",
        "csv",
        dir.path().to_str().unwrap(),
    ]);
    let rows = csv_rows(&out.stdout);
    assert_eq!(rows[0].last().map(String::as_str), Some("雷同"));
    let transport_row = rows.iter().find(|r| r[0].ends_with("交通.txt")).unwrap();
    assert!(transport_row.last().unwrap().contains("住建.txt"));
}

#[test]
fn the_comparison_is_switched_off_by_ignore_and_by_a_single_report() {
    let dir = scratch();
    write(dir.path(), "交通.txt", TRANSPORT);
    write(dir.path(), "住建.txt", &edited_copy());
    let (v, _) = json(&[
        "--no-config",
        "--ignore",
        "FZ075",
        dir.path().to_str().unwrap(),
    ]);
    for f in v["files"].as_array().unwrap() {
        assert!(copied(f).is_empty());
        assert_eq!(f["similar"], serde_json::json!([]));
    }
    let one = dir.path().join("交通.txt");
    let (v, _) = json(&["--no-config", one.to_str().unwrap()]);
    assert!(copied(&v["files"][0]).is_empty());
    // Standard input is read once, for the check, and not compared.
    let other = dir.path().join("住建.txt");
    let out = run_with_stdin(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "-",
            other.to_str().unwrap(),
        ],
        TRANSPORT.as_bytes(),
    );
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["path"], "<stdin>");
    assert_eq!(v["files"][0]["title"], TRANSPORT.lines().next().unwrap());
    assert!(copied(&v["files"][0]).is_empty());
    assert!(copied(&v["files"][1]).is_empty());
}

#[test]
fn reports_sharing_only_formulations_and_headings_are_not_paired() {
    let dir = scratch();
    write(dir.path(), "交通.txt", TRANSPORT);
    write(dir.path(), "市场监管.txt", MARKET);
    let (v, _) = json(&["--no-config", dir.path().to_str().unwrap()]);
    for f in v["files"].as_array().unwrap() {
        assert!(copied(f).is_empty(), "{f:#}");
        assert_eq!(f["similar"], serde_json::json!([]));
    }
}

#[test]
fn one_report_as_text_and_as_docx_is_not_copied_between_units() {
    let dir = scratch();
    copy_seed(dir.path(), "tests/fixtures/seed_000.txt");
    fs::copy(
        fixture("formats/docx/seed_000.liststyle.docx"),
        dir.path().join("seed_000.liststyle.docx"),
    )
    .unwrap();
    let (v, _) = json(&["--no-config", dir.path().to_str().unwrap()]);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    for f in files {
        assert_eq!(f["status"], "checked", "{f:#}");
        assert!(copied(f).is_empty(), "{f:#}");
    }
    // The same text under another unit's name is 雷同.
    let renamed = fs::read_to_string(fixture("seed_000.txt"))
        .unwrap()
        .replace("区政府办公室", "区发展和改革局");
    write(dir.path(), "other.txt", &renamed);
    let (v, _) = json(&["--no-config", dir.path().to_str().unwrap()]);
    let other = file_named(&v, "other.txt");
    assert!(!copied(other).is_empty(), "{other:#}");
    let seed = file_named(&v, "seed_000.txt");
    assert_eq!(copied(seed).len(), 1, "{seed:#}");
}

#[test]
fn a_pair_is_reported_the_same_whatever_the_order_and_the_threads() {
    // Two fixtures sharing one passage whose letters differ a little between
    // the two reports: each report's finding counts its own letters, and
    // neither the order of the files nor the number of threads changes what
    // is said about either.
    let a = fixture("forms/docsite-watermark-lines.txt");
    let b = fixture("forms/placeholders.txt");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let finding_of = |v: &Value, name: &str| {
        let found = copied(file_named(v, name));
        assert_eq!(found.len(), 1, "{found:#?}");
        (
            found[0]["message"].clone(),
            found[0]["labels"].clone(),
            file_named(v, name)["similar"].clone(),
        )
    };
    let mut seen = Vec::new();
    for jobs in ["1", "2"] {
        for files in [[a, b], [b, a]] {
            let (v, _) = json(&["--no-config", "-j", jobs, files[0], files[1]]);
            seen.push((
                finding_of(&v, "docsite-watermark-lines.txt"),
                finding_of(&v, "placeholders.txt"),
            ));
        }
    }
    for other in &seen[1..] {
        assert_eq!(&seen[0], other);
    }
    // Each side counts the passage's letters in its own text (the two
    // differ here, so a count copied from the other side would show).
    let letters = |labels: &Value| {
        let m = labels[0]["message"].as_str().unwrap().to_string();
        let n = m.rsplit('约').next().unwrap().trim_end_matches("字）");
        n.parse::<usize>().unwrap_or_else(|_| panic!("{m}"))
    };
    let (ours, theirs) = &seen[0];
    assert_ne!(letters(&ours.1), letters(&theirs.1));
}
