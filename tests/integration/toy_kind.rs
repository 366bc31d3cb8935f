//! A rule kind added from outside the crate, in this one file: its options,
//! its compile step, its check, and one line that registers it. Packs can
//! then use `kind: repeated-word`; the built-in kinds are untouched.

use reportlint::checks::{Check, CompileEnv, Context, Kind, Problem};
use reportlint::document::{Document, Span};
use reportlint::finding::{Findings, Label};
use reportlint::meta::ReportMeta;
use reportlint::rules::compile::{compile_with, SourceFile};
use reportlint::rules::KindRegistry;

/// `kind: repeated-word` — a word written twice in a row (的的, 进一步进一步).
struct RepeatedWord;

/// 同一个词连写两遍。
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Options {
    /// 要查的词。
    words: Vec<String>,
}

#[derive(Debug)]
struct RepeatedWordCheck {
    doubled: Vec<String>,
}

impl Kind for RepeatedWord {
    const NAME: &'static str = "repeated-word";
    const DOCS: &'static str = "同一个词连写两遍。";
    const PLACEHOLDERS: &'static [&'static str] = &["word"];
    type Options = Options;

    fn compile(o: Options, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        let mut ok = true;
        for (i, w) in o.words.iter().enumerate() {
            if w.is_empty() {
                env.error(
                    &format!("check.words[{i}]"),
                    None,
                    Problem::new("空的词", "此处", "删去这一项"),
                );
                ok = false;
            }
        }
        ok.then(|| {
            Box::new(RepeatedWordCheck {
                doubled: o.words.iter().map(|w| w.repeat(2)).collect(),
            }) as Box<dyn Check>
        })
    }
}

impl Check for RepeatedWordCheck {
    fn kind(&self) -> &'static str {
        RepeatedWord::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["word"]
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        for (start, word) in self
            .doubled
            .iter()
            .flat_map(|d| ctx.doc.text.match_indices(d.as_str()))
        {
            let span = Span::new(start, start + word.len());
            out.push(ctx.finding(Label::new(span, "重复"), &[("word", word)]));
        }
    }
}

fn pack(rule_check: &str) -> String {
    format!(
        "pack: {{id: toy, name: 玩具}}\nrules:\n  - id: T1\n    title: 重复的词\n    severity: warning\n    message: '“{{word}}”重复'\n    check: {rule_check}\n"
    )
}

#[test]
fn a_kind_registered_from_outside_checks_reports() {
    let mut kinds = KindRegistry::builtin();
    kinds.register::<RepeatedWord>();
    let files = vec![SourceFile::new(
        "toy.yaml",
        pack("{kind: repeated-word, words: [的]}"),
    )];
    let pack = compile_with(&[files], &[], &kinds).expect("the toy pack loads");
    let doc = Document::parse(
        "r.txt".to_string(),
        "某县报告\n\n我们的的工作。\n".to_string(),
        &pack.grammar,
    );
    let checked = reportlint::engine::check(&doc, &pack, &ReportMeta::default());
    let messages: Vec<&str> = checked
        .findings
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(messages, ["“的的”重复"]);
    assert!(reportlint::authoring::schema::schema_with(&kinds).contains("repeated-word"));
}

#[test]
fn its_options_are_checked_at_their_place_and_unknown_elsewhere() {
    let mut kinds = KindRegistry::builtin();
    kinds.register::<RepeatedWord>();
    let text = pack("{kind: repeated-word, words: [的, ''], wrods: []}");
    let files = vec![SourceFile::new("toy.yaml", text.clone())];
    let err = compile_with(std::slice::from_ref(&files), &[], &kinds).unwrap_err();
    let shown = format!("{err:?}");
    assert!(shown.contains("未知的键 `wrods`"), "{shown}");
    assert!(shown.contains("是否想写 `words`"), "{shown}");

    // Without the registration the built-in kinds do not know it, and say
    // which they know.
    let err = compile_with(&[files], &[], &KindRegistry::builtin()).unwrap_err();
    let shown = format!("{err:?}");
    assert!(shown.contains("无效的取值 `repeated-word`"), "{shown}");
    assert!(shown.contains("`law-title`"), "{shown}");
}
