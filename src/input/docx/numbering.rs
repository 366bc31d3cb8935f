//! `word/numbering.xml`: list numbering that Word draws in front of a
//! paragraph without it being in the text. A report whose 一、/（一） were made
//! by Word's automatic numbering has bare headings in `document.xml`; the
//! numbers are restored here so the numbering checks see what the reader sees.
//!
//! A list may be defined through a list style (Word's 列表样式, used by
//! templates whose 标题 1/标题 2 are numbered 一、/（一）): the definition the
//! paragraphs point to then has no levels, only `w:numStyleLink` naming the
//! style, and the levels are in the definition carrying `w:styleLink` for the
//! same style (or in the list the style's own `w:numId` names). Both stand for
//! one list, numbered on together.

use std::collections::HashMap;

use super::super::xml::Node;
use super::styles::{on, Styles};
use crate::document::chars::to_chinese_number;

const LEVELS: usize = 9;
/// Links from a definition to a list style and on are followed this many
/// times; a broken file might make them circular.
const MAX_LINKS: usize = 8;

/// One level of a list definition.
#[derive(Debug, Clone)]
struct Level {
    start: i64,
    format: String,
    /// The pattern, e.g. “%1、” or “（%2）”.
    text: String,
    /// Legal numbering: every placeholder is shown in decimal.
    legal: bool,
    /// Level after which this one restarts (`w:lvlRestart`, 1-based); 0 never.
    restart: Option<u8>,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            format: "decimal".to_string(),
            text: String::new(),
            legal: false,
            restart: None,
        }
    }
}

#[derive(Debug, Clone)]
struct Instance {
    abstract_id: String,
    /// Per level: a start override and a replacement level definition.
    overrides: Vec<(u8, Option<i64>, Option<Level>)>,
}

/// The list definitions of a document and the counters of the lists in it.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    instances: HashMap<String, Instance>,
    /// Current value per level, per abstract list (Word continues a list
    /// across instances of the same definition unless one restarts it).
    counters: HashMap<String, [Option<i64>; LEVELS]>,
    /// Instances already met, whose start overrides have been applied.
    started: Vec<String>,
}

impl Numbering {
    /// Reads `numbering.xml`; `styles` resolves definitions given by a list
    /// style.
    pub fn parse(root: &Node, styles: &Styles) -> Numbering {
        let Some(list) = root.child("numbering") else {
            return Numbering::default();
        };
        let mut abstracts = HashMap::new();
        // Definition id → the list style it takes its levels from, and list
        // style → the definition holding those levels.
        let mut uses_style = HashMap::new();
        let mut defines_style = HashMap::new();
        for node in list.all("abstractNum") {
            let Some(id) = node.attr("abstractNumId") else {
                continue;
            };
            if let Some(style) = node.val("numStyleLink") {
                uses_style.insert(id.to_string(), style.to_string());
            }
            if let Some(style) = node.val("styleLink") {
                defines_style.insert(style.to_string(), id.to_string());
            }
            let mut levels = vec![Level::default(); LEVELS];
            for lvl in node.all("lvl") {
                if let Some(i) = ilvl(lvl) {
                    levels[i] = level(lvl);
                }
            }
            abstracts.insert(id.to_string(), levels);
        }
        let mut instances = HashMap::new();
        for node in list.all("num") {
            let (Some(id), Some(abstract_id)) = (node.attr("numId"), node.val("abstractNumId"))
            else {
                continue;
            };
            let overrides = node
                .all("lvlOverride")
                .filter_map(|o| {
                    let i = ilvl(o)? as u8;
                    let start = o.val("startOverride").and_then(|v| v.parse().ok());
                    Some((i, start, o.child("lvl").map(level)))
                })
                .collect();
            instances.insert(
                id.to_string(),
                Instance {
                    abstract_id: abstract_id.to_string(),
                    overrides,
                },
            );
        }
        // A definition linked to a list style is the definition behind the
        // style; the instances are pointed at it directly.
        let target = |start: &str| -> Option<String> {
            let mut id = start.to_string();
            for _ in 0..MAX_LINKS {
                let Some(style) = uses_style.get(&id) else {
                    return (id != start).then_some(id);
                };
                let next = defines_style
                    .get(style)
                    .filter(|d| *d != &id)
                    .cloned()
                    .or_else(|| {
                        let num = styles.list_style(style)?;
                        let inst: &Instance = instances.get(num)?;
                        Some(inst.abstract_id.clone())
                    })?;
                id = next;
            }
            None
        };
        let resolved: Vec<(String, String)> = instances
            .iter()
            .filter_map(|(num, inst)| Some((num.clone(), target(&inst.abstract_id)?)))
            .collect();
        for (num, abstract_id) in resolved {
            if let Some(inst) = instances.get_mut(&num) {
                inst.abstract_id = abstract_id;
            }
        }
        Numbering {
            abstracts,
            instances,
            counters: HashMap::new(),
            started: Vec::new(),
        }
    }

    /// Advances list `num_id` at level `level` (0-based) and returns the text
    /// Word shows before the paragraph, e.g. “二、”. Bullets and unknown lists
    /// give `None`.
    pub fn next(&mut self, num_id: &str, level: u8) -> Option<String> {
        let level = usize::from(level).min(LEVELS - 1);
        let instance = self.instances.get(num_id)?.clone();
        let mut defs = self.abstracts.get(&instance.abstract_id)?.clone();
        for (i, _, def) in &instance.overrides {
            if let Some(def) = def {
                defs[usize::from(*i).min(LEVELS - 1)] = def.clone();
            }
        }
        let counters = self
            .counters
            .entry(instance.abstract_id.clone())
            .or_insert([None; LEVELS]);
        if !self.started.iter().any(|s| s == num_id) {
            self.started.push(num_id.to_string());
            for (i, start, _) in &instance.overrides {
                if let Some(start) = start {
                    counters[usize::from(*i).min(LEVELS - 1)] = Some(start - 1);
                }
            }
        }
        counters[level] = Some(counters[level].map_or(defs[level].start, |v| v + 1));
        for deeper in level + 1..LEVELS {
            let restart = defs[deeper].restart;
            if restart != Some(0) && restart.is_none_or(|r| usize::from(r) > level) {
                counters[deeper] = None;
            }
        }
        let def = &defs[level];
        if def.format == "bullet" {
            return None;
        }
        let mut out = String::new();
        let mut chars = def.text.chars().peekable();
        while let Some(c) = chars.next() {
            let placeholder = (c == '%')
                .then(|| chars.peek().and_then(|d| d.to_digit(10)))
                .flatten()
                .filter(|d| (1..=9).contains(d));
            match placeholder {
                Some(d) => {
                    chars.next();
                    let i = d as usize - 1;
                    let value = counters[i].unwrap_or(defs[i].start);
                    let format = if def.legal {
                        "decimal"
                    } else {
                        &defs[i].format
                    };
                    out.push_str(&format_number(value, format));
                }
                None => out.push(c),
            }
        }
        Some(out)
    }
}

fn ilvl(node: &Node) -> Option<usize> {
    node.attr("ilvl")?
        .parse::<usize>()
        .ok()
        .filter(|&i| i < LEVELS)
}

fn level(node: &Node) -> Level {
    Level {
        start: node.val("start").and_then(|v| v.parse().ok()).unwrap_or(0),
        format: node.val("numFmt").unwrap_or("decimal").to_string(),
        text: node.val("lvlText").unwrap_or_default().to_string(),
        legal: node.child("isLgl").is_some_and(on),
        restart: node.val("lvlRestart").and_then(|v| v.parse().ok()),
    }
}

/// A counter value in one of Word's number formats (`w:numFmt`).
pub fn format_number(value: i64, format: &str) -> String {
    const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
    const PAREN: &str = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇";
    const STOP: &str = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛";
    const HEAVENLY: &str = "甲乙丙丁戊己庚辛壬癸";
    const ZODIAC: &str = "子丑寅卯辰巳午未申酉戌亥";
    const LEGAL: &str = "零壹贰叁肆伍陆柒捌玖";
    let nth = |set: &str| {
        usize::try_from(value - 1)
            .ok()
            .and_then(|i| set.chars().nth(i))
            .map(String::from)
    };
    let chinese = || {
        u32::try_from(value)
            .ok()
            .filter(|v| (1..=99).contains(v))
            .map(to_chinese_number)
    };
    let formatted = match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => chinese(),
        "chineseLegalSimplified" => u32::try_from(value)
            .ok()
            .filter(|v| (1..=9).contains(v))
            .and_then(|v| LEGAL.chars().nth(v as usize).map(String::from)),
        "ideographTraditional" => nth(HEAVENLY),
        "ideographZodiac" => nth(ZODIAC),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => nth(CIRCLED),
        "decimalEnclosedParen" => nth(PAREN),
        "decimalEnclosedFullstop" => nth(STOP),
        "decimalFullWidth" | "decimalFullWidth2" => Some(
            value
                .to_string()
                .chars()
                .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
                .collect(),
        ),
        "decimalZero" => Some(format!("{value:02}")),
        "upperLetter" | "lowerLetter" => u8::try_from(value - 1).ok().map(|i| {
            let letter = char::from(b'A' + i % 26);
            let s = letter.to_string().repeat(usize::from(i / 26) + 1);
            if format == "lowerLetter" {
                s.to_lowercase()
            } else {
                s
            }
        }),
        "upperRoman" | "lowerRoman" => roman(value).map(|s| {
            if format == "lowerRoman" {
                s.to_lowercase()
            } else {
                s
            }
        }),
        "none" => Some(String::new()),
        _ => None,
    };
    formatted.unwrap_or_else(|| value.to_string())
}

fn roman(value: i64) -> Option<String> {
    if !(1..4000).contains(&value) {
        return None;
    }
    const TABLE: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = value;
    let mut out = String::new();
    for (n, s) in TABLE {
        while rest >= n {
            out.push_str(s);
            rest -= n;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::super::xml::parse;
    use super::*;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
    </w:numbering>"#;

    #[test]
    fn chinese_multilevel_numbering_restarts_below_a_higher_level() {
        let mut n = Numbering::parse(&parse(NUMBERING).unwrap(), &Styles::default());
        let seq: Vec<Option<String>> = [(0, "1"), (1, "1"), (1, "1"), (2, "1"), (0, "1"), (1, "1")]
            .iter()
            .map(|&(l, id)| n.next(id, l))
            .collect();
        let expected = ["一、", "（一）", "（二）", "1.", "二、", "（一）"];
        assert_eq!(
            seq,
            expected
                .iter()
                .map(|s| Some(s.to_string()))
                .collect::<Vec<_>>()
        );
        // A new instance with a start override restarts the list.
        assert_eq!(n.next("2", 0).as_deref(), Some("一、"));
        assert_eq!(n.next("1", 0).as_deref(), Some("二、"));
        assert_eq!(n.next("3", 0), None, "bullets are not numbers");
        assert_eq!(n.next("99", 0), None, "unknown list");
    }

    #[test]
    fn a_list_defined_through_a_list_style_takes_the_styles_levels() {
        // As Word writes a list style: definition 0 holds the levels and
        // `styleLink`s the style, definition 1 only `numStyleLink`s it; the
        // headings use list 2. Definition 3 reaches its levels only through
        // the style's own numId (no `styleLink`).
        let xml = r#"<w:numbering xmlns:w="w">
          <w:abstractNum w:abstractNumId="0"><w:styleLink w:val="a5"/>
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
          </w:abstractNum>
          <w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="a5"/></w:abstractNum>
          <w:abstractNum w:abstractNumId="3"><w:numStyleLink w:val="b"/></w:abstractNum>
          <w:abstractNum w:abstractNumId="4">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
          </w:abstractNum>
          <w:abstractNum w:abstractNumId="5"><w:numStyleLink w:val="loop"/></w:abstractNum>
          <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
          <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
          <w:num w:numId="3"><w:abstractNumId w:val="3"/></w:num>
          <w:num w:numId="4"><w:abstractNumId w:val="4"/></w:num>
          <w:num w:numId="5"><w:abstractNumId w:val="5"/></w:num>
        </w:numbering>"#;
        let styles = Styles::parse(
            &parse(
                r#"<w:styles xmlns:w="w">
                  <w:style w:type="numbering" w:styleId="a5"><w:name w:val="报告标题"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
                  <w:style w:type="numbering" w:styleId="b"><w:name w:val="编号"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
                  <w:style w:type="numbering" w:styleId="loop"><w:name w:val="自指"/><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
                </w:styles>"#,
            )
            .unwrap(),
        );
        let mut n = Numbering::parse(&parse(xml).unwrap(), &styles);
        assert_eq!(n.next("2", 0).as_deref(), Some("一、"));
        assert_eq!(n.next("2", 1).as_deref(), Some("（一）"));
        assert_eq!(n.next("2", 0).as_deref(), Some("二、"));
        // The style's own list and the linked one are one list.
        assert_eq!(n.next("1", 0).as_deref(), Some("三、"));
        assert_eq!(n.next("3", 0).as_deref(), Some("1."));
        // A circular link gives no levels, and no panic or hang.
        assert_eq!(n.next("5", 0).as_deref(), Some(""));
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_number(12, "chineseCounting"), "十二");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(7, "decimalFullWidth"), "７");
        assert_eq!(format_number(5, "somethingNew"), "5");
    }
}
