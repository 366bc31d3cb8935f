//! `kind: law-title` — a title in 《》 or 〈〉 that is close to, but not the
//! same as, a title in a dictionary (a data file of the pack): a stray
//! character (《重大行政决策程序最暂行条例》), a lost 括注
//! (〈法治政府建设实施纲要2021—2025年〉), or a known mis-citation
//! (《重大行政决策程序条例》). The nearest dictionary title is offered as an
//! unsafe fix: it is a guess a person should confirm.
//!
//! A title far from every entry (a local 工作要点, a newspaper) is left alone,
//! and so is a title that contains a dictionary title whole
//! (《天津市法治政府建设实施纲要（2021—2025年）》 is a document of its own,
//! not a misspelt national one). A title cited right after its issuing body,
//! when the rule's `skip_after` regex names that body as not the one the
//! dictionary's titles come from (省委、省政府《法治政府建设实施纲要
//! （2016—2020年）》 is the province's own 纲要), is that body's document and
//! is left alone too. Titles are compared after folding
//! equivalent characters (— and －, （ and ( ) and dropping ignored ones, so
//! width and dash problems are left to the punctuation rules.
//!
//! With `report: repealed` the same dictionary answers another question: is
//! a title cited correctly still in force in the report's year? An entry
//! may say when it was repealed (`repealed`) or when its term of validity
//! ended (`valid_until`), and which title replaced it (`replaced_by`). A
//! report about a year that began after that day is reported, with the
//! successor as an unsafe fix; a report about a year in which the title was
//! still in force for a day or more is not (its work in that year fell under
//! it).

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use crate::document::Span;
use crate::finding::{Applicability, Edit, Findings, Fix, Label};
use regex::Regex;
use schemars::JsonSchema;
use serde::Deserialize;

use super::{
    Check, CompileEnv, Context, DataFile, DataPaths, Fixability, Kind, LabelKey, Labels, Problem,
    Scope,
};

/// `kind: law-title`.
pub struct LawTitleKind;

/// 书名号中的名称与词典中的法规名称相近而不同。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LawTitleOptions {
    /// 词典：规则包中的数据文件，如 `data/law-titles.yaml`；或几个数据文件的列表，条目合并，
    /// 如 `[builtin:data/law-titles.yaml, data/本省法规.yaml]`（`builtin:` 指内置规则包的数据文件）。
    pub titles: DataPaths,
    /// 引用时可有可无的前缀（如“中华人民共和国”）。
    #[serde(default)]
    pub optional_prefixes: Vec<String>,
    /// 比较时视为相同的字符组，如 `'—－-'`；每组第一个为规范写法。
    #[serde(default)]
    pub same: Vec<String>,
    /// 比较时忽略的字符（空格）。
    #[serde(default)]
    pub ignore: String,
    /// 引用的名称与最近的词典名称之间最多相差几处（插入、删除、替换）仍报告。
    #[serde(default = "default_max_distance")]
    pub max_distance: usize,
    /// 其中最多几处可以改动汉字（括号、数字、破折号的改动不计）：改了两个词就是另一部法规，不是笔误。
    #[serde(default = "default_max_han_distance")]
    pub max_han_distance: usize,
    /// 每允许一处差异所需的名称字数，使短名称（民法典）不被“纠正”成另一个短名称。
    #[serde(default = "default_chars_per_edit")]
    pub chars_per_edit: usize,
    /// 书名号前紧接的文字匹配此正则时（如发文机关“省委、省政府”“市政府印发的”），书名号中是该机关自己的文件，
    /// 不按词典核对；嵌套的书名号以最外层《前的文字为准。
    #[serde(default)]
    pub skip_after: Option<String>,
    /// 书名号后紧接的文字匹配此正则时（如“同时废止”），不检查这个名称。
    #[serde(default)]
    pub skip_before: Option<String>,
    /// 报告什么：`near`（默认）报告与词典名称相近而不同的名称；`repealed` 报告词典标明已废止
    /// （`repealed`）或有效期已届满（`valid_until`）、在报告所属年度开始之前已经失效的名称，
    /// 以取代它的名称（`replaced_by`）作为需人工确认的修复。报告年度不明时不报告。
    #[serde(default)]
    pub report: Report,
    /// 范围（默认 all）。
    #[serde(default = "all_scope")]
    pub scope: String,
}

/// What a `law-title` rule reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Report {
    /// 与词典中的名称相近而不同的名称。
    #[default]
    Near,
    /// 报告所属年度开始之前已经失效的名称。
    Repealed,
}

fn default_max_distance() -> usize {
    2
}

fn default_max_han_distance() -> usize {
    1
}

fn default_chars_per_edit() -> usize {
    4
}

fn all_scope() -> String {
    "all".to_string()
}

/// `kind: law-title` 的词典（规则包 `data/` 中的数据文件）。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Titles {
    /// 规范名称：一个名称，或带其他写法的条目。
    pub titles: Vec<Title>,
}

/// A dictionary entry: the canonical title alone, or with the other forms
/// that are also correct and the known mis-citations.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Title {
    Plain(String),
    Full(TitleEntry),
}

/// 词典条目：规范名称及其他写法。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TitleEntry {
    /// 规范名称。
    pub title: String,
    /// 也正确的写法（正式文本中的异体写法）。
    #[serde(default)]
    pub also: Vec<String>,
    /// 已知的错误写法：无论与规范名称相差几处都报告。
    #[serde(default)]
    pub wrong: Vec<String>,
    /// 废止（失效）之日，`YYYY-MM-DD`：从这一天起不再有效，通常是取代它的法规施行之日。
    #[serde(default)]
    pub repealed: Option<String>,
    /// 有效期的最后一天，`YYYY-MM-DD`：用于有效期届满而失效、没有明令废止的文件（如规定了有效期的规范性文件）。
    /// 与 `repealed` 只能写一个。
    #[serde(default)]
    pub valid_until: Option<String>,
    /// 取代它的法规或文件的规范名称（须是词典中的名称），作为修改建议；须与 `repealed` 或 `valid_until` 同时写。
    #[serde(default)]
    pub replaced_by: Option<String>,
}

impl Kind for LawTitleKind {
    const NAME: &'static str = "law-title";
    const PLACEHOLDERS: &'static [&'static str] =
        &["title", "canonical", "status", "date", "replaced_by"];
    const DOCS: &'static str = "《》或〈〉中的名称与词典（规则包的数据文件）中的某个名称相近而不同：多字、少字、漏了括注，或是已知的错误写法。最近的词典名称作为需人工确认的修复。`report: repealed` 时改为报告词典标明在报告所属年度开始之前已经废止或有效期已届满的名称，取代它的名称作为需人工确认的修复。";
    type Options = LawTitleOptions;
    const LABELS: &'static [LabelKey] = &[
        LabelKey::new(
            "repealed",
            "已于{date}废止",
            &["date"],
            "`report: repealed` 时，词典写了 `repealed` 的名称的 `{status}`；`{date}` 是废止之日",
        ),
        LabelKey::new(
            "expired",
            "有效期已于{date}届满",
            &["date"],
            "`report: repealed` 时，词典写了 `valid_until` 的名称的 `{status}`；`{date}` 是有效期的最后一天",
        ),
        LabelKey::new(
            "replaced",
            "，由《{replaced_by}》取代",
            &["replaced_by"],
            "词典写了 `replaced_by` 时接在 `{status}` 之后",
        ),
    ];

    fn compile(o: LawTitleOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        Some(Box::new(LawTitleCheck::compile(o, env)?))
    }
}

impl Check for LawTitleCheck {
    fn kind(&self) -> &'static str {
        LawTitleKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["title", "canonical", "status", "date", "replaced_by"]
    }

    fn fixability(&self) -> Fixability {
        Fixability::Unsafe
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        LawTitleCheck::run(self, ctx, out);
    }
}

#[derive(Debug)]
pub struct LawTitleCheck {
    /// Canonical titles, as written in the dictionary.
    canonical: Vec<String>,
    /// Every correct form (without optional prefix, folded) → canonical
    /// index (the first entry that lists it).
    known: HashMap<String, usize>,
    /// Entries no longer in force, by canonical index.
    ended: HashMap<usize, Ended>,
    /// Known mis-citations (folded, without prefix) → canonical index.
    wrong: HashMap<String, usize>,
    /// `(folded form without prefix, canonical index)` for the nearest-match
    /// search, shortest first.
    forms: Vec<(Vec<char>, usize)>,
    /// The optional prefixes, folded, with their length in characters;
    /// longest first.
    prefixes: Vec<(String, usize)>,
    folding: Folding,
    /// The most characters a cited title can have and still be reported
    /// ([`LawTitleCheck::longest_title`]).
    longest: usize,
    max_distance: usize,
    max_han_distance: usize,
    chars_per_edit: usize,
    /// `skip_after`, anchored at the end of the text it is matched against.
    skip_after: Option<Regex>,
    /// `skip_before`, anchored at the start of the text after the title.
    skip_before: Option<Regex>,
    report: Report,
    labels: Labels,
    scope: Scope,
    /// The nearest-title suggestion for each cited title already looked
    /// up, shared by all reports of the run (the same titles are cited in
    /// report after report). Depends on the cited title alone.
    suggestions: std::sync::Mutex<HashMap<String, Option<String>>>,
}

/// The most cited titles whose suggestion is remembered across reports:
/// past this, a new title is looked up each time and not kept.
const MAX_REMEMBERED: usize = 4096;

/// When and how a dictionary entry stopped being in force.
#[derive(Debug, Clone, Copy)]
struct Ended {
    /// The day named in the dictionary (`repealed` or `valid_until`).
    date: Date,
    how: EndedBy,
    /// The canonical index of the title that replaced it.
    successor: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EndedBy {
    /// `repealed`: not in force from `date` on.
    Repealed,
    /// `valid_until`: in force up to and including `date`.
    Expired,
}

impl Ended {
    /// The last year in which the title was in force for at least a day.
    fn last_year(&self) -> i32 {
        let (year, month, day) = self.date;
        match self.how {
            EndedBy::Repealed if (month, day) == (1, 1) => year - 1,
            _ => year,
        }
    }
}

/// What titles are compared by: each character of `ignore` dropped, and
/// each of a `same` group but its first replaced by the first.
#[derive(Debug)]
struct Folding {
    /// One bit per character below U+10000: whether `changed` lists it.
    /// Most characters of a title are listed in no group.
    listed: Vec<u64>,
    /// The characters dropped (`None`) or replaced, sorted.
    changed: Vec<(char, Option<char>)>,
}

impl Folding {
    fn new(same: &[String], ignore: &str) -> Folding {
        let mut changed: BTreeMap<char, Option<char>> = BTreeMap::new();
        // A character in two groups takes the later group's first.
        for group in same {
            let mut chars = group.chars();
            if let Some(first) = chars.next() {
                for c in chars {
                    changed.insert(c, Some(first));
                }
            }
        }
        // Ignoring comes before replacing.
        for c in ignore.chars() {
            changed.insert(c, None);
        }
        let mut listed = vec![0u64; 0x10000 / 64];
        for &c in changed.keys() {
            let code = c as usize;
            if let Some(word) = listed.get_mut(code / 64) {
                *word |= 1 << (code % 64);
            }
        }
        Folding {
            listed,
            changed: changed.into_iter().collect(),
        }
    }

    /// What `c` becomes: `None` when it is dropped.
    fn fold(&self, c: char) -> Option<char> {
        let code = c as usize;
        if self
            .listed
            .get(code / 64)
            .is_some_and(|word| word & (1 << (code % 64)) == 0)
        {
            return Some(c);
        }
        match self.changed.binary_search_by_key(&c, |&(k, _)| k) {
            Ok(i) => self.changed[i].1,
            Err(_) => Some(c),
        }
    }

    /// Whether `c` is dropped.
    fn ignores(&self, c: char) -> bool {
        self.fold(c).is_none()
    }
}

/// The marks a cited title stands between, found all at once.
static TITLE_MARKS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("[《》〈〉]").expect("built-in title-mark regex"));

/// A calendar day, `(year, month, day)`.
type Date = (i32, u32, u32);

/// `YYYY-MM-DD` as a day: `Err(true)` when it is written so but no such
/// day exists (2022-02-30), `Err(false)` when it is not written so.
fn parse_date(s: &str) -> Result<Date, bool> {
    let mut parts = s.trim().splitn(3, '-');
    let fixed = |p: Option<&str>, len: usize| {
        p.filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
            .ok_or(false)
    };
    let year = fixed(parts.next(), 4)?;
    let (month, day) = (fixed(parts.next(), 2)?, fixed(parts.next(), 2)?);
    let year = i32::try_from(year).map_err(|_| false)?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let last = match month {
        2 if leap => 29,
        1..=12 => crate::meta::days_in_month(month),
        _ => return Err(true),
    };
    if (1..=last).contains(&day) {
        Ok((year, month, day))
    } else {
        Err(true)
    }
}

/// A day as written in Chinese text: 2022年6月5日.
fn date_zh((year, month, day): Date) -> String {
    format!("{year}年{month}月{day}日")
}

/// A successor named in a dictionary, resolved once every dictionary is
/// read.
struct PendingSuccessor {
    file: DataFile,
    at: String,
    name: String,
    /// The canonical index of the entry it replaces.
    of: usize,
}

/// A cited title no longer in force, as the finding shows it.
#[derive(Debug, Clone)]
struct Outdated {
    /// The dictionary's title.
    canonical: String,
    /// How and when it stopped being in force, with its successor.
    status: String,
    /// That day, as written in Chinese.
    date: String,
    /// The successor's dictionary title.
    successor: Option<String>,
    /// The successor written as the citation was (with or without the
    /// optional prefix).
    fix: Option<String>,
}

/// An unsafe fix putting `title` in place of a cited one.
fn replace(span: Span, title: &str) -> Fix {
    Fix::new(
        format!("改为“{title}”"),
        Applicability::Unsafe,
        vec![Edit {
            span,
            replacement: title.to_string(),
        }],
    )
}

/// How much text before a citation's opening mark `skip_after` sees: an
/// issuing body and a verb (“中共某某省委、某某省人民政府联合印发的”).
const ISSUER_CHARS: usize = 40;

impl LawTitleCheck {
    fn compile(options: LawTitleOptions, env: &mut impl CompileEnv) -> Option<Self> {
        let scope = env.scope("check.scope", &options.scope)?;
        if options.chars_per_edit == 0 {
            env.error(
                "check.chars_per_edit",
                None,
                Problem::new(
                    "`chars_per_edit` 不能为 0",
                    "此处",
                    "每允许一处差异所需的名称字数，例如 4",
                ),
            );
            return None;
        }
        let skip_after = match &options.skip_after {
            Some(r) => Some(env.regex("check.skip_after", &format!("(?:{r})\\z"))?),
            None => None,
        };
        let skip_before = match &options.skip_before {
            Some(r) => Some(env.regex("check.skip_before", &format!("\\A(?:{r})"))?),
            None => None,
        };
        let dictionaries = options.titles.read::<Titles>("check.titles", env)?;
        let mut check = LawTitleCheck {
            canonical: Vec::new(),
            known: HashMap::new(),
            ended: HashMap::new(),
            wrong: HashMap::new(),
            forms: Vec::new(),
            prefixes: Vec::new(),
            folding: Folding::new(&options.same, &options.ignore),
            longest: 0,
            max_distance: options.max_distance,
            max_han_distance: options.max_han_distance,
            chars_per_edit: options.chars_per_edit,
            skip_after,
            skip_before,
            report: options.report,
            labels: env.labels(),
            scope,
            suggestions: std::sync::Mutex::new(HashMap::new()),
        };
        check.prefixes = options
            .optional_prefixes
            .iter()
            .map(|p| {
                let folded = check.folded(p);
                let chars = folded.chars().count();
                (folded, chars)
            })
            .collect();
        // Longest prefix first, so the longest one is stripped.
        check
            .prefixes
            .sort_by_key(|&(_, chars)| std::cmp::Reverse(chars));
        // Several dictionaries are one: an entry a later file repeats adds
        // nothing (two equal entries would make every near title ambiguous).
        let mut successors = Vec::new();
        for data in dictionaries {
            if !check.add_dictionary(data, &mut successors, env) {
                return None;
            }
        }
        // A successor may be an entry of a later file.
        let mut ok = true;
        for pending in successors {
            ok &= check.resolve_successor(pending, env);
        }
        check.forms.sort_by_key(|(form, _)| form.len());
        check.longest = check.longest_title();
        ok.then_some(check)
    }

    /// Adds a dictionary file's entries; `false` (the problem reported)
    /// when it has an empty title, a title it also lists as wrong, or a
    /// date that is not one. Successors are left in `successors`.
    fn add_dictionary(
        &mut self,
        data: super::Data<Titles>,
        successors: &mut Vec<PendingSuccessor>,
        env: &mut impl CompileEnv,
    ) -> bool {
        let (raw, file) = (data.value, data.file);
        let check = self;
        for (i, entry) in raw.titles.into_iter().enumerate() {
            let (full, entry) = match entry {
                Title::Plain(t) => (
                    false,
                    TitleEntry {
                        title: t,
                        also: Vec::new(),
                        wrong: Vec::new(),
                        repealed: None,
                        valid_until: None,
                        replaced_by: None,
                    },
                ),
                Title::Full(e) => (true, e),
            };
            let index = check.canonical.len();
            for (j, form) in std::iter::once(&entry.title).chain(&entry.also).enumerate() {
                let core = check.core(form).1;
                if core.is_empty() {
                    let at = match (full, j) {
                        (false, _) => format!("titles[{i}]"),
                        (true, 0) => format!("titles[{i}].title"),
                        (true, j) => format!("titles[{i}].also[{}]", j - 1),
                    };
                    env.data_error(
                        file,
                        &at,
                        Problem::new("词典中有空的名称", "此处", "删去这一项"),
                    );
                    return false;
                }
                if !check.known.contains_key(&core) {
                    check.forms.push((core.chars().collect(), index));
                    check.known.insert(core, index);
                }
            }
            for (j, w) in entry.wrong.iter().enumerate() {
                let core = check.core(w).1;
                if check.known.contains_key(&core) {
                    env.data_error(
                        file,
                        &format!("titles[{i}].wrong[{j}]"),
                        Problem::new(
                            format!("“{w}”既是规范名称又列为错误写法"),
                            "此处",
                            "从 wrong 中删去它，或从词典中删去同名的规范名称",
                        ),
                    );
                    return false;
                }
                check.wrong.entry(core).or_insert(index);
            }
            // A title a later file repeats is the first entry's title: its
            // end of validity goes to that entry.
            let target = check
                .known
                .get(&check.core(&entry.title).1)
                .copied()
                .unwrap_or(index);
            match check.end_of(&entry, file, i, env) {
                Err(()) => return false,
                Ok(None) => {
                    if entry.replaced_by.is_some() {
                        env.data_error(
                            file,
                            &format!("titles[{i}].replaced_by"),
                            Problem::new(
                                "写了 replaced_by，却没有写何时失效",
                                "此处",
                                "同时写 repealed（废止之日）或 valid_until（有效期的最后一天），如 repealed: 2022-06-05；仍然有效的名称不写 replaced_by",
                            ),
                        );
                        return false;
                    }
                }
                Ok(Some(ended)) => {
                    check.ended.entry(target).or_insert(ended);
                    if let Some(name) = entry.replaced_by {
                        successors.push(PendingSuccessor {
                            file,
                            at: format!("titles[{i}].replaced_by"),
                            name,
                            of: target,
                        });
                    }
                }
            }
            check.canonical.push(entry.title);
        }
        true
    }

    /// When an entry stopped being in force, from its `repealed` or
    /// `valid_until`; `Err` (the problem reported) when a date is not one
    /// or both are given.
    fn end_of(
        &self,
        entry: &TitleEntry,
        file: DataFile,
        i: usize,
        env: &mut impl CompileEnv,
    ) -> Result<Option<Ended>, ()> {
        let (key, value, how) = match (&entry.repealed, &entry.valid_until) {
            (None, None) => return Ok(None),
            (Some(_), Some(_)) => {
                env.data_error(
                    file,
                    &format!("titles[{i}].valid_until"),
                    Problem::new(
                        "同时写了 repealed 和 valid_until",
                        "只能写一个",
                        "明令废止的写 repealed（废止之日），有效期届满而失效的写 valid_until（有效期的最后一天）",
                    ),
                );
                return Err(());
            }
            (Some(d), None) => ("repealed", d, EndedBy::Repealed),
            (None, Some(d)) => ("valid_until", d, EndedBy::Expired),
        };
        let date = match parse_date(value) {
            Ok(date) => date,
            Err(exists_not) => {
                let (message, label) = if exists_not {
                    (format!("没有 `{value}` 这一天"), "月份或日期超出范围")
                } else {
                    (format!("日期 `{value}` 格式有误"), "应为 YYYY-MM-DD")
                };
                env.data_error(
                    file,
                    &format!("titles[{i}].{key}"),
                    Problem::new(
                        message,
                        label,
                        format!("{key} 写作年-月-日，月、日各两位，例如 2022-06-05"),
                    ),
                );
                return Err(());
            }
        };
        Ok(Some(Ended {
            date,
            how,
            successor: None,
        }))
    }

    /// Records a `replaced_by`; `false` (the problem reported) when it
    /// names no dictionary title, or the entry's own.
    fn resolve_successor(&mut self, pending: PendingSuccessor, env: &mut impl CompileEnv) -> bool {
        let core = self.core(&pending.name).1;
        match self.known.get(&core) {
            Some(&s) if s != pending.of => {
                if let Some(ended) = self.ended.get_mut(&pending.of) {
                    ended.successor.get_or_insert(s);
                }
                true
            }
            found => {
                let message = if found.is_some() {
                    format!("“{}”不能由自己取代", pending.name)
                } else {
                    format!("replaced_by 的“{}”不是词典中的名称", pending.name)
                };
                env.data_error(
                    pending.file,
                    &pending.at,
                    Problem::new(
                        message,
                        "此处",
                        "replaced_by 写取代它的法规或文件的规范名称，并把该名称也列入词典（可在另一个词典文件中）",
                    ),
                );
                false
            }
        }
    }

    pub fn run(&self, ctx: &Context, out: &mut Findings) {
        // Whether a title is still in force depends on the report's year.
        let year = match self.report {
            Report::Near => None,
            Report::Repealed => match ctx.doc.year() {
                Some(y) => Some(y),
                None => return,
            },
        };
        let longest = self.longest;
        // A title cited a hundred times is looked up once.
        let mut near: HashMap<&str, Option<String>> = HashMap::new();
        let mut ended: HashMap<&str, Option<Outdated>> = HashMap::new();
        for span in ctx.scope_spans(self.scope) {
            let text = ctx.doc.slice(span);
            for (title, outer) in titles(text, span.start) {
                if self.issued_locally(&text[..outer - span.start]) {
                    continue;
                }
                // Both closing marks are three bytes in UTF-8.
                let after = title.end + '》'.len_utf8() - span.start;
                if self.said_after(text.get(after..).unwrap_or_default()) {
                    continue;
                }
                let cited = ctx.doc.slice(title);
                // Marks nested a thousand deep make a thousand titles, each
                // longer than the last: one too long to be near any
                // dictionary title is passed over without folding it whole.
                if self.counted_chars(cited, longest + 1) > longest {
                    continue;
                }
                let finding = match year {
                    None => near
                        .entry(cited)
                        .or_insert_with(|| self.remembered_suggestion(cited))
                        .as_ref()
                        .map(|suggestion| {
                            let mut finding = ctx.finding(
                                Label::new(title, format!("应为“{suggestion}”？")),
                                &[("title", cited), ("canonical", suggestion)],
                            );
                            finding.fix = Some(replace(title, suggestion));
                            finding
                        }),
                    Some(year) => ended
                        .entry(cited)
                        .or_insert_with(|| self.outdated(ctx, cited, year))
                        .as_ref()
                        .map(|o| {
                            let mut finding = ctx.finding(
                                Label::new(title, o.status.clone()),
                                &[
                                    ("title", cited),
                                    ("canonical", &o.canonical),
                                    ("status", &o.status),
                                    ("date", &o.date),
                                    ("replaced_by", o.successor.as_deref().unwrap_or_default()),
                                ],
                            );
                            finding.fix = o.fix.as_ref().map(|f| replace(title, f));
                            finding
                        }),
                };
                if let Some(finding) = finding {
                    out.push(finding);
                }
            }
        }
    }

    /// Whether the text right after a citation's closing mark matches
    /// `skip_before` (“……》同时废止”).
    fn said_after(&self, after: &str) -> bool {
        let Some(re) = &self.skip_before else {
            return false;
        };
        let to = after
            .char_indices()
            .nth(ISSUER_CHARS)
            .map_or(after.len(), |(i, _)| i);
        re.is_match(&after[..to])
    }

    /// What to say about a cited title that was no longer in force when
    /// the report's year began; `None` for one in force then, or not in the
    /// dictionary.
    fn outdated(&self, ctx: &Context, cited: &str, year: i32) -> Option<Outdated> {
        let (prefix, core) = self.core(cited);
        let &index = self.known.get(&core)?;
        let ended = self.ended.get(&index)?;
        if year <= ended.last_year() {
            return None;
        }
        let date = date_zh(ended.date);
        let key = match ended.how {
            EndedBy::Repealed => "repealed",
            EndedBy::Expired => "expired",
        };
        let mut status = ctx.label(&self.labels, key, &[("date", &date)]);
        let successor = ended.successor.map(|s| self.canonical[s].clone());
        if let Some(name) = &successor {
            status.push_str(&ctx.label(&self.labels, "replaced", &[("replaced_by", name)]));
        }
        Some(Outdated {
            canonical: self.canonical[index].clone(),
            fix: successor.as_deref().map(|s| self.as_cited(&prefix, s)),
            successor,
            status,
            date,
        })
    }

    /// A dictionary title as a citation would put it: without the optional
    /// prefix when the citation had none, else as the dictionary writes it
    /// (a prefix written in traditional characters is not kept half-way).
    fn as_cited(&self, prefix: &str, canonical: &str) -> String {
        if prefix.is_empty() {
            self.strip_prefix_raw(canonical)
        } else {
            canonical.to_string()
        }
    }

    /// Whether the text before a citation's outermost opening mark ends with
    /// an issuing body `skip_after` names.
    fn issued_locally(&self, before: &str) -> bool {
        let Some(re) = &self.skip_after else {
            return false;
        };
        let from = before
            .char_indices()
            .rev()
            .nth(ISSUER_CHARS - 1)
            .map_or(0, |(i, _)| i);
        re.is_match(&before[from..])
    }

    /// The most characters (not counting ignored ones) a cited title can
    /// have and still be reported: the longest correct or wrong form, plus
    /// the edits allowed, plus the longest optional prefix.
    fn longest_title(&self) -> usize {
        let forms = self.forms.iter().map(|(f, _)| f.len());
        let wrong = self.wrong.keys().map(|w| w.chars().count());
        let longest = forms.chain(wrong).max().unwrap_or(0);
        let prefix = self.prefixes.iter().map(|&(_, n)| n).max().unwrap_or(0);
        longest + self.max_distance + prefix
    }

    /// The characters of `s` that folding keeps, counted up to `limit`.
    fn counted_chars(&self, s: &str, limit: usize) -> usize {
        s.chars()
            .filter(|&c| !self.folding.ignores(c))
            .take(limit)
            .count()
    }

    /// [`Self::suggest`], looked up once per run for each cited title.
    fn remembered_suggestion(&self, cited: &str) -> Option<String> {
        let known = |map: &HashMap<String, Option<String>>| map.get(cited).cloned();
        if let Some(found) = self.suggestions.lock().ok().as_deref().and_then(known) {
            return found;
        }
        let found = self.suggest(cited);
        if let Ok(mut map) = self.suggestions.lock() {
            if map.len() < MAX_REMEMBERED {
                map.insert(cited.to_string(), found.clone());
            }
        }
        found
    }

    /// The title that a cited title most likely means, when it is close to a
    /// dictionary title but is not one.
    fn suggest(&self, cited: &str) -> Option<String> {
        let (prefix, core) = self.core(cited);
        if core.is_empty() || self.known.contains_key(&core) {
            return None;
        }
        let index = match self.wrong.get(&core) {
            Some(&i) => i,
            None => self.nearest(&core.chars().collect::<Vec<char>>())?,
        };
        let canonical = &self.canonical[index];
        let canonical_core: String = self.strip_prefix_raw(canonical);
        Some(format!("{prefix}{canonical_core}"))
    }

    fn nearest(&self, core: &[char]) -> Option<usize> {
        let mut best = self.max_distance + 1;
        let mut found: Vec<(usize, usize)> = Vec::new();
        // Forms are sorted by length: only those near the core's are read.
        let shortest = core.len().saturating_sub(self.max_distance);
        let from = self.forms.partition_point(|(f, _)| f.len() < shortest);
        for (form, index) in &self.forms[from..] {
            if form.len() > core.len() + self.max_distance {
                break;
            }
            let Some(d) = distance(core, form, best.min(self.max_distance) + 1) else {
                continue;
            };
            // Each edit needs enough title around it to be a slip, not
            // another name; and a title that holds a dictionary title whole
            // is a document of its own (a local 实施纲要, an 实施条例).
            if d * self.chars_per_edit > form.len() || contains(core, form) {
                continue;
            }
            // So is a title whose words hold a dictionary title's words whole
            // and add a name (《省法治政府建设实施纲要（2016—2020年）》): only its
            // years differ, and a local document has years of its own.
            let (cited_words, form_words) = (han(core), han(form));
            if contains(&cited_words, &form_words) {
                continue;
            }
            // A slip changes a character or two; two different words (实施方案
            // for 实施纲要) make another document. Edits to brackets, digits
            // and dashes (a lost 括注) are not limited this way.
            if distance(&cited_words, &form_words, self.max_han_distance + 1).is_none() {
                continue;
            }
            if d < best {
                best = d;
                found.clear();
            }
            if d == best {
                found.push((d, *index));
            }
        }
        let first = found.first()?.1;
        // Two different titles equally near: no guess.
        found.iter().all(|&(_, i)| i == first).then_some(first)
    }

    /// The folded text of a title.
    fn folded(&self, s: &str) -> String {
        s.chars().filter_map(|c| self.folding.fold(c)).collect()
    }

    /// The longest optional prefix a folded title starts with and has more
    /// after: the prefix folded, and its length in characters.
    fn prefix_of(&self, folded: &str) -> Option<(&str, usize)> {
        self.prefixes
            .iter()
            .find(|(p, _)| folded.starts_with(p.as_str()) && folded.len() > p.len())
            .map(|(p, chars)| (p.as_str(), *chars))
    }

    /// The optional prefix a title is written with (as written) and the
    /// folded rest.
    fn core(&self, s: &str) -> (String, String) {
        let mut folded = self.folded(s);
        match self.prefix_of(&folded) {
            Some((p, chars)) => {
                let prefix: String = s.chars().take(chars).collect();
                folded.replace_range(..p.len(), "");
                (prefix, folded)
            }
            None => (String::new(), folded),
        }
    }

    /// A canonical title without its optional prefix, as written.
    fn strip_prefix_raw(&self, s: &str) -> String {
        let folded = self.folded(s);
        match self.prefix_of(&folded) {
            Some((_, chars)) => s.chars().skip(chars).collect(),
            None => s.to_string(),
        }
    }
}

/// The text inside each pair of 《》 and 〈〉 in `text`, as spans offset by
/// `base`, each with the offset of the outermost mark open around it (its
/// own opening mark when it is not nested). Marks that do not pair are skipped (the `brackets` kind reports
/// them). A closer closes the innermost open mark of its kind and drops the
/// marks opened after it; each kind keeps the stack positions of its open
/// marks, so a line of ten thousand 〈 and then 》 is one pass.
fn titles(text: &str, base: usize) -> Vec<(Span, usize)> {
    let mut out = Vec::new();
    // Where each open mark is, in text order.
    let mut stack: Vec<usize> = Vec::new();
    // Stack positions of the open 《 (index 0) and 〈 (index 1).
    let mut open: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for m in TITLE_MARKS.find_iter(text) {
        let i = m.start();
        let c = m.as_str().chars().next().unwrap_or_default();
        let kind = match c {
            '《' | '》' => 0,
            '〈' | '〉' => 1,
            _ => continue,
        };
        if matches!(c, '《' | '〈') {
            open[kind].push(stack.len());
            stack.push(i);
        } else if let Some(&k) = open[kind].last() {
            // Both opening marks are three bytes in UTF-8.
            let start = stack[k] + '《'.len_utf8();
            let outer = stack[0];
            stack.truncate(k);
            for positions in &mut open {
                while positions.last().is_some_and(|&p| p >= k) {
                    positions.pop();
                }
            }
            if i > start {
                out.push((Span::new(base + start, base + i), base + outer));
            }
        }
    }
    out.sort();
    out
}

/// The Chinese characters of a title, without brackets, digits and marks.
fn han(s: &[char]) -> Vec<char> {
    s.iter()
        .copied()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c) || ('\u{3400}'..='\u{4DBF}').contains(c))
        .collect()
}

fn contains(haystack: &[char], needle: &[char]) -> bool {
    needle.len() < haystack.len() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Levenshtein distance between `a` and `b` if it is below `limit`.
fn distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut row_min = current[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
            row_min = row_min.min(current[j + 1]);
        }
        if row_min >= limit {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let d = previous[b.len()];
    (d < limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    const RULE: &str = "  - id: T1\n    title: t\n    severity: warning\n    message: '《{title}》应为《{canonical}》'\n    check:\n      kind: law-title\n      titles: data/law-titles.yaml\n      optional_prefixes: ['中华人民共和国']\n      same: ['—－-~～', '（(', '）)', '〈<', '〉>']\n      ignore: ' 　'\n";

    fn check(line: &str) -> Vec<(String, String)> {
        let text = format!("某县2023年度法治政府建设情况报告\n{line}\n");
        run(RULE, &text)
            .iter()
            .map(|f| {
                let fix = f.fix.as_ref().unwrap();
                assert_eq!(fix.applicability, Applicability::Unsafe);
                (
                    text[f.primary.span.start..f.primary.span.end].to_string(),
                    fix.edits[0].replacement.clone(),
                )
            })
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn near_misses_get_the_nearest_title() {
        assert_eq!(
            check("按照《重大行政决策程序最暂行条例》编制目录。"),
            [pair(
                "重大行政决策程序最暂行条例",
                "重大行政决策程序暂行条例"
            )]
        );
        assert_eq!(
            check("研究制订《博山区贯彻〈法治政府建设实施纲要2021—2025年〉落实措施》。"),
            [pair(
                "法治政府建设实施纲要2021—2025年",
                "法治政府建设实施纲要（2021—2025年）"
            )]
        );
        assert_eq!(
            check("学习《中华人民共和国行政复仪法》。"),
            [pair("中华人民共和国行政复仪法", "中华人民共和国行政复议法")]
        );
    }

    #[test]
    fn known_mis_citations_are_reported_whatever_their_distance() {
        assert_eq!(
            check("落实《重大行政决策程序条例》。"),
            [pair("重大行政决策程序条例", "重大行政决策程序暂行条例")]
        );
        assert_eq!(
            check("落实《法治政府建设与责任落实督查工作规定》。"),
            [pair(
                "法治政府建设与责任落实督查工作规定",
                "法治政府建设与责任落实督察工作规定"
            )]
        );
    }

    #[test]
    fn correct_short_local_and_far_titles_are_left_alone() {
        for line in [
            // Canonical, with or without the prefix, with either dash.
            "学习《中华人民共和国宪法》《民法典》《政府信息公开条例》。",
            "贯彻《法治政府建设实施纲要（2021－2025年）》《法治政府建设实施纲要(2021-2025年)》。",
            "贯彻《山东省贯彻〈法治中国建设规划（2020-2025年）〉实施方案》。",
            // Local documents holding a national title whole.
            "认真学习《河北区关于贯彻落实<天津市法治政府建设实施纲要（2021-2025年）>的意见》。",
            "落实《天津市重大行政决策程序规定》《中华人民共和国行政复议法实施条例》。",
            // Far from every entry, or too short to guess.
            "印发《青岚县2024年法治政府建设工作要点》，订阅《人民日报》。",
            // Another word, not a slip: a local plan named like the 纲要.
            "制定《法治政府建设实施方案（2021—2025年）》。",
            "学习《刑法》和《中华人民共和国刑法》。",
        ] {
            assert_eq!(check(line), Vec::<(String, String)>::new(), "{line}");
        }
    }

    #[test]
    fn a_title_after_a_body_named_in_skip_after_is_that_bodys_own() {
        let rule = format!("{RULE}      skip_after: '[省市]委、[省市]政府(?:印发的)?'\n");
        let found = |line: &str| {
            let text = format!("某县2023年度法治政府建设情况报告\n{line}\n");
            run(&rule, &text).len()
        };
        assert_eq!(
            found("落实省委、省政府《法治政府建设实施纲要（2016—2020年）》。"),
            0
        );
        // Nested: the body before the outermost mark decides.
        assert_eq!(
            found(
                "落实市委、市政府印发的《贯彻〈法治政府建设实施纲要（2016—2020年）〉实施方案》。"
            ),
            0
        );
        // Another body, or none, and the title is checked.
        assert_eq!(
            found("落实党中央、国务院《法治政府建设实施纲要（2016—2020年）》。"),
            1
        );
        assert_eq!(
            found("省委、省政府高度重视，落实《法治政府建设实施纲要（2016—2020年）》。"),
            1
        );
    }

    #[test]
    fn a_name_added_to_a_dictionary_title_makes_another_document() {
        assert_eq!(
            check("落实《省法治政府建设实施纲要（2016—2020年）》。"),
            Vec::<(String, String)>::new()
        );
    }

    #[test]
    fn dates_and_the_last_year_a_title_was_in_force() {
        assert_eq!(parse_date("2022-06-05"), Ok((2022, 6, 5)));
        assert_eq!(parse_date("2024-02-29"), Ok((2024, 2, 29)));
        assert_eq!(parse_date("2023-02-29"), Err(true));
        assert_eq!(parse_date("2022-13-01"), Err(true));
        assert_eq!(parse_date("2022-6-5"), Err(false));
        assert_eq!(parse_date("2022-06-05-01"), Err(false));
        assert_eq!(parse_date("二〇二二年"), Err(false));
        let ended = |date, how| Ended {
            date,
            how,
            successor: None,
        };
        // Repealed on 1 January: the year before was its last.
        assert_eq!(ended((2025, 1, 1), EndedBy::Repealed).last_year(), 2024);
        assert_eq!(ended((2022, 6, 5), EndedBy::Repealed).last_year(), 2022);
        assert_eq!(ended((2023, 12, 31), EndedBy::Expired).last_year(), 2023);
        assert_eq!(ended((2024, 1, 1), EndedBy::Expired).last_year(), 2024);
    }

    #[test]
    fn repealed_titles_are_reported_in_reports_on_later_years() {
        let rule = "  - id: T2\n    title: t\n    severity: warning\n    message: '《{title}》{status}'\n    check:\n      kind: law-title\n      report: repealed\n      titles: data/law-titles.yaml\n      optional_prefixes: ['中华人民共和国']\n      skip_after: '原'\n      skip_before: '同时废止'\n";
        let found = |year: i32, line: &str| {
            let text = format!("某县{year}年度法治政府建设情况报告\n{line}\n");
            run(rule, &text)
                .iter()
                .map(|f| {
                    let fix = f.fix.as_ref().map(|x| x.edits[0].replacement.clone());
                    (f.message.clone(), fix)
                })
                .collect::<Vec<_>>()
        };
        let line = "依据《学位条例》和《中华人民共和国学位条例》。";
        assert!(found(2024, line).is_empty());
        assert_eq!(
            found(2025, line),
            [
                (
                    "《学位条例》已于2025年1月1日废止，由《中华人民共和国学位法》取代".to_string(),
                    Some("学位法".to_string())
                ),
                (
                    "《中华人民共和国学位条例》已于2025年1月1日废止，由《中华人民共和国学位法》取代"
                        .to_string(),
                    Some("中华人民共和国学位法".to_string())
                ),
            ]
        );
        // Said to be the old one, before or after the marks.
        assert!(found(2025, "原《学位条例》规定，《学位条例》同时废止。").is_empty());
        // In force, or near but not the same: FZ031's business.
        assert!(found(2025, "依据《中华人民共和国学位法》《学位条列》。").is_empty());
        // No year, no finding.
        assert!(run(rule, "依据《学位条例》。\n").is_empty());
    }

    #[test]
    fn distance_is_bounded() {
        let a: Vec<char> = "重大行政决策程序最暂行条例".chars().collect();
        let b: Vec<char> = "重大行政决策程序暂行条例".chars().collect();
        assert_eq!(distance(&a, &b, 3), Some(1));
        assert_eq!(distance(&a, &b, 1), None);
        let titles = titles("《甲〈乙〉丙》《丁", 0);
        assert_eq!(titles.len(), 2);
    }
}
