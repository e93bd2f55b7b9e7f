//! TMX markup into XLIFF inline content: [`to_xliff12`] and [`to_xliff20`], with the
//! mappings of TMX `type` to 1.2 `ctype`/`mtype` and 2.0 `type`/`subType`.

use std::collections::HashMap;

use super::display::CodeDisplays;
use super::ids::{DataPool, Ids};
use super::tag;
use super::tmx_tree::{all_text, collect_x, pair_tmx, parse_tmx, TNode};
use crate::formats::xml::escape_text;

/// A 1.2 `ctype` for a TMX `type`, on a delimiter (`bpt`, `it`) or a placeholder (`ph`):
/// the schema's names where there is one, `x-` values as they are, others prefixed `x-`.
fn ctype_for(t: Option<&str>, placeholder: bool) -> Option<String> {
    let t = t?;
    let known: &[&str] = if placeholder {
        &["image", "pb", "lb"]
    } else {
        &["bold", "italic", "underlined", "link"]
    };
    if t == "ulined" && !placeholder {
        return Some("underlined".into());
    }
    if known.contains(&t)
        || (t.starts_with("x-") && t.len() > 2 && !t.contains(char::is_whitespace))
    {
        return Some(t.to_string());
    }
    (!t.is_empty() && !t.contains(char::is_whitespace)).then(|| format!("x-{t}"))
}

/// A 1.2 `mtype` for a TMX `<hi type>` (required on `<mrk>`).
fn mtype_for(t: Option<&str>) -> String {
    const LISTED: &[&str] = &[
        "abbrev",
        "abbreviated-form",
        "abbreviation",
        "acronym",
        "appellation",
        "collocation",
        "common-name",
        "datetime",
        "equation",
        "expanded-form",
        "formula",
        "head-term",
        "initialism",
        "international-scientific-term",
        "internationalism",
        "logical-expression",
        "materials-management-unit",
        "name",
        "near-synonym",
        "part-number",
        "phrase",
        "phraseological-unit",
        "protected",
        "romanized-form",
        "set-phrase",
        "short-form",
        "sku",
        "standard-text",
        "symbol",
        "synonym",
        "synonymous-phrase",
        "term",
        "transcribed-form",
        "transliterated-form",
        "truncated-term",
        "variant",
    ];
    match t {
        Some(t) if LISTED.contains(&t) => t.to_string(),
        Some(t) if t.starts_with("x-") && t.len() > 2 && !t.contains(char::is_whitespace) => {
            t.to_string()
        }
        Some(t) if !t.is_empty() && !t.contains(char::is_whitespace) => format!("x-{t}"),
        _ => super::read::UNTYPED_HI.to_string(),
    }
}

/// XLIFF 1.2 `<source>`/`<target>` content for TMX markup: `bpt`/`ept` pairs as `<bpt id>` /
/// `<ept id>` with the same id, unpaired ones and `it` as `<it pos>`, `ph`/`ut` as `<ph>`,
/// native code kept as element content, `hi` as `<mrk>`. Ids come from `x` where free.
/// `None` when the markup is not valid TMX (the caller then writes the plain text).
pub(crate) fn to_xliff12(markup: &str, display: &CodeDisplays) -> Option<String> {
    let nodes = parse_tmx(markup)?;
    let pairs = pair_tmx(&nodes, true);
    let mut ids = Ids::default();
    collect_x(&nodes, &mut ids.reserved);
    let mut w = V12 {
        pairs,
        ept_ids: HashMap::new(),
        ids,
        display,
    };
    let mut out = String::new();
    w.emit(&nodes, &mut out);
    Some(out)
}

struct V12<'a> {
    pairs: HashMap<usize, usize>,
    ept_ids: HashMap<usize, String>,
    ids: Ids,
    display: &'a CodeDisplays,
}

impl V12<'_> {
    fn emit(&mut self, nodes: &[TNode], out: &mut String) {
        for n in nodes {
            let Some((name, attrs, children, seq)) = n.elem() else {
                if let TNode::Text(t) = n {
                    out.push_str(&escape_text(t));
                }
                continue;
            };
            let x = TNode::attr(attrs, "x");
            let ty = TNode::attr(attrs, "type");
            match name {
                "bpt" | "ept" | "it" | "ph" | "ut" => {
                    let mut c = String::new();
                    self.emit(children, &mut c);
                    match (name, TNode::attr(attrs, "pos")) {
                        ("bpt", _) if self.pairs.contains_key(&seq) => {
                            let id = self.ids.get(x);
                            if let Some(end) = self.pairs.get(&seq) {
                                self.ept_ids.insert(*end, id.clone());
                            }
                            let ct = ctype_for(ty, false);
                            let eq = self.display.equiv(&id, false);
                            tag(
                                out,
                                "bpt",
                                &[
                                    ("id", Some(&id)),
                                    ("ctype", ct.as_deref()),
                                    ("equiv-text", eq),
                                ],
                                &c,
                            );
                        }
                        ("ept", _) if self.ept_ids.contains_key(&seq) => {
                            let id = self.ept_ids.remove(&seq);
                            let eq = id.as_deref().and_then(|i| self.display.equiv(i, true));
                            tag(out, "ept", &[("id", id.as_deref()), ("equiv-text", eq)], &c);
                        }
                        ("bpt", _) | ("it", Some("begin")) => {
                            let id = self.ids.get(x);
                            let ct = ctype_for(ty, false);
                            let attrs = [
                                ("id", Some(id.as_str())),
                                ("pos", Some("open")),
                                ("ctype", ct.as_deref()),
                                ("equiv-text", self.display.equiv(&id, false)),
                            ];
                            tag(out, "it", &attrs, &c);
                        }
                        ("ept", _) | ("it", _) => {
                            let id = self.ids.get(x);
                            let ct = ctype_for(ty, false);
                            let attrs = [
                                ("id", Some(id.as_str())),
                                ("pos", Some("close")),
                                ("ctype", ct.as_deref()),
                                ("equiv-text", self.display.equiv(&id, true)),
                            ];
                            tag(out, "it", &attrs, &c);
                        }
                        _ => {
                            let id = self.ids.get(x);
                            let ct = ctype_for(ty, true);
                            let assoc = match TNode::attr(attrs, "assoc") {
                                Some("p") => Some("preceding"),
                                Some("f") => Some("following"),
                                Some("b") => Some("both"),
                                _ => None,
                            };
                            let attrs = [
                                ("id", Some(id.as_str())),
                                ("ctype", ct.as_deref()),
                                ("assoc", assoc),
                                ("equiv-text", self.display.equiv(&id, false)),
                            ];
                            tag(out, "ph", &attrs, &c);
                        }
                    }
                }
                "hi" => {
                    let mut c = String::new();
                    self.emit(children, &mut c);
                    // No `mid`: the strict schema makes it a reference to a <seg-source> <mrk>.
                    let m = mtype_for(ty);
                    tag(out, "mrk", &[("mtype", Some(&m))], &c);
                }
                "sub" => {
                    let mut c = String::new();
                    self.emit(children, &mut c);
                    tag(out, "sub", &[], &c);
                }
                _ => self.emit(children, out),
            }
        }
    }
}

/// 2.0 `type`/`subType` for a TMX `type` (the reverse of what the reader maps).
fn v2_type(t: Option<&str>) -> (Option<&'static str>, Option<String>) {
    match t {
        Some("bold") => (Some("fmt"), Some("xlf:b".into())),
        Some("italic") => (Some("fmt"), Some("xlf:i".into())),
        Some("ulined") => (Some("fmt"), Some("xlf:u".into())),
        Some("lb") => (Some("fmt"), Some("xlf:lb".into())),
        Some("pb") => (Some("fmt"), Some("xlf:pb".into())),
        Some("link" | "x-link") => (Some("link"), None),
        Some("image" | "x-image") => (Some("image"), None),
        Some("x-fmt") => (Some("fmt"), None),
        Some("x-ui") => (Some("ui"), None),
        Some("x-quote") => (Some("quote"), None),
        Some("x-other") => (Some("other"), None),
        // A user-defined subType (prefix:value) kept by the reader as `x-prefix:value`.
        Some(t) => match t.strip_prefix("x-") {
            Some(v) if is_user_defined(v) => (Some("other"), Some(v.to_string())),
            _ => (None, None),
        },
        None => (None, None),
    }
}

/// XLIFF 2.0 `<source>`/`<target>` content for TMX markup: paired `bpt`/`ept` as
/// `<sc/>`/`<ec startRef/>`, unpaired ones and `it` as isolated `<sc/>`/`<ec/>`, `ph`/`ut` as
/// `<ph/>`, `hi` as `<mrk>`. Native code goes to `data` (referenced by `dataRef`); a code
/// without native code has no `dataRef`. Ids come from `ids` (shared by the whole unit).
/// `None` when the markup is not valid TMX (the caller then writes the plain text).
pub(crate) fn to_xliff20(
    markup: &str,
    ids: &mut Ids,
    data: &mut DataPool,
    display: &CodeDisplays,
) -> Option<String> {
    let nodes = parse_tmx(markup)?;
    let pairs = pair_tmx(&nodes, false);
    collect_x(&nodes, &mut ids.reserved);
    let mut w = V20 {
        pairs,
        ept_ids: HashMap::new(),
        ids,
        data,
        display,
    };
    let mut out = String::new();
    w.emit(&nodes, &mut out);
    Some(out)
}

struct V20<'a> {
    pairs: HashMap<usize, usize>,
    ept_ids: HashMap<usize, String>,
    ids: &'a mut Ids,
    data: &'a mut DataPool,
    display: &'a CodeDisplays,
}

impl V20<'_> {
    fn emit(&mut self, nodes: &[TNode], out: &mut String) {
        for n in nodes {
            let Some((name, attrs, children, seq)) = n.elem() else {
                if let TNode::Text(t) = n {
                    out.push_str(&escape_text(t));
                }
                continue;
            };
            let x = TNode::attr(attrs, "x");
            match name {
                "bpt" | "ept" | "it" | "ph" | "ut" => {
                    let mut native = String::new();
                    all_text(children, &mut native);
                    let data_ref = (!native.is_empty()).then(|| self.data.id(&native));
                    let data_ref = data_ref.as_deref();
                    let (ty, sub) = v2_type(TNode::attr(attrs, "type"));
                    let sub = sub.as_deref();
                    match (name, TNode::attr(attrs, "pos")) {
                        ("bpt", _) if self.pairs.contains_key(&seq) => {
                            let id = self.ids.get(x);
                            if let Some(end) = self.pairs.get(&seq) {
                                self.ept_ids.insert(*end, id.clone());
                            }
                            let a = [
                                ("id", Some(id.as_str())),
                                ("dataRef", data_ref),
                                ("type", ty),
                                ("subType", sub),
                                ("equiv", self.display.equiv(&id, false)),
                                ("disp", self.display.disp(&id, false)),
                            ];
                            tag(out, "sc", &a, "");
                        }
                        ("ept", _) if self.ept_ids.contains_key(&seq) => {
                            let id = self.ept_ids.remove(&seq);
                            let id = id.as_deref();
                            let a = [
                                ("startRef", id),
                                ("dataRef", data_ref),
                                ("equiv", id.and_then(|i| self.display.equiv(i, true))),
                                ("disp", id.and_then(|i| self.display.disp(i, true))),
                            ];
                            tag(out, "ec", &a, "");
                        }
                        ("bpt", _) | ("it", Some("begin")) => {
                            let id = self.ids.get(x);
                            let a = [
                                ("id", Some(id.as_str())),
                                ("isolated", Some("yes")),
                                ("dataRef", data_ref),
                                ("type", ty),
                                ("subType", sub),
                                ("equiv", self.display.equiv(&id, false)),
                                ("disp", self.display.disp(&id, false)),
                            ];
                            tag(out, "sc", &a, "");
                        }
                        ("ept", _) | ("it", _) => {
                            let id = self.ids.get(x);
                            let a = [
                                ("id", Some(id.as_str())),
                                ("isolated", Some("yes")),
                                ("dataRef", data_ref),
                                ("type", ty),
                                ("subType", sub),
                                ("equiv", self.display.equiv(&id, true)),
                                ("disp", self.display.disp(&id, true)),
                            ];
                            tag(out, "ec", &a, "");
                        }
                        _ => {
                            let id = self.ids.get(x);
                            let a = [
                                ("id", Some(id.as_str())),
                                ("dataRef", data_ref),
                                ("type", ty),
                                ("subType", sub),
                                ("equiv", self.display.equiv(&id, false)),
                                ("disp", self.display.disp(&id, false)),
                            ];
                            tag(out, "ph", &a, "");
                        }
                    }
                }
                "hi" => {
                    let id = self.ids.get(x);
                    let ty = match TNode::attr(attrs, "type") {
                        // `comment` needs a value or ref that TMX does not keep.
                        Some(t @ ("generic" | "term")) => Some(t),
                        Some(t) if is_user_defined(t) => Some(t),
                        _ => None,
                    };
                    let mut c = String::new();
                    self.emit(children, &mut c);
                    tag(out, "mrk", &[("id", Some(id.as_str())), ("type", ty)], &c);
                }
                _ => self.emit(children, out),
            }
        }
    }
}

/// Whether `t` is a 2.0 user-defined value (`prefix:value`, not the reserved `xlf:`).
fn is_user_defined(t: &str) -> bool {
    match t.split_once(':') {
        Some((p, v)) => {
            p != "xlf"
                && [p, v]
                    .iter()
                    .all(|s| !s.is_empty() && !s.contains(|c: char| c.is_whitespace() || c == ':'))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::tmx::is_valid_seg_content;
    use crate::formats::xliff::test_docs::{read, v12, v20};
    use crate::formats::xliff::XliffUnit;
    use crate::formats::xml::escape_attr;

    #[test]
    fn tmx_markup_to_xliff12() {
        let m = "a <bpt i=\"1\" x=\"5\" type=\"bold\">&lt;b&gt;</bpt>b<ept i=\"1\">&lt;/b&gt;</ept> \
                 <ph x=\"2\" type=\"lb\" assoc=\"f\">&lt;br/&gt;</ph> <it pos=\"end\" x=\"5\">&lt;/i&gt;</it> \
                 <hi type=\"term\">c</hi> <ept i=\"9\"/><ut>u</ut> <hi>d</hi> <bpt i=\"7\" type=\"struct\"/>";
        assert!(is_valid_seg_content(m));
        let x = to_xliff12(m, &CodeDisplays::default()).unwrap();
        assert_eq!(
            x,
            "a <bpt id=\"5\" ctype=\"bold\">&lt;b&gt;</bpt>b<ept id=\"5\">&lt;/b&gt;</ept> \
             <ph id=\"2\" ctype=\"lb\" assoc=\"following\">&lt;br/&gt;</ph> <it id=\"1\" pos=\"close\">&lt;/i&gt;</it> \
             <mrk mtype=\"term\">c</mrk> <it id=\"3\" pos=\"close\"/><ph id=\"4\">u</ph> <mrk mtype=\"x-hi\">d</mrk> \
             <it id=\"6\" pos=\"open\" ctype=\"x-struct\"/>"
        );
        // And back: the same text and codes (ids become x).
        let u = &read(&v12(&x, "")).unwrap()[0];
        assert_eq!(u.source, "a b   c  d");
        assert!(is_valid_seg_content(u.source_markup.as_deref().unwrap()));
        assert_eq!(to_xliff12("not <valid", &CodeDisplays::default()), None);
    }

    #[test]
    fn ctype_and_mtype_follow_the_schema() {
        assert_eq!(
            ctype_for(Some("ulined"), false).as_deref(),
            Some("underlined")
        );
        assert_eq!(ctype_for(Some("image"), true).as_deref(), Some("image"));
        assert_eq!(ctype_for(Some("image"), false).as_deref(), Some("x-image"));
        assert_eq!(ctype_for(Some("x-my"), false).as_deref(), Some("x-my"));
        assert_eq!(ctype_for(Some("a b"), false), None);
        assert_eq!(mtype_for(Some("protected")), "protected");
        assert_eq!(mtype_for(Some("seg")), "x-seg");
        assert_eq!(mtype_for(None), "x-hi");
    }

    #[test]
    fn tmx_markup_to_xliff20() {
        let m = "Press <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>Start<ept i=\"1\">&lt;/b&gt;</ept>\
                 <ph x=\"s1\">&lt;br/&gt;</ph> <it pos=\"begin\">&lt;i&gt;</it>x<ph x=\"3\" type=\"x-other:thing\"/> \
                 <hi x=\"9\" type=\"term\">TM</hi><ept i=\"4\">&lt;/i&gt;</ept>\
                 <ph>&lt;img alt=&quot;<sub>alt</sub>&quot;&gt;</ph><ph>&lt;b&gt;</ph>";
        let mut ids = Ids::for_unit(&["s1"]);
        let mut data = DataPool::default();
        let x = to_xliff20(m, &mut ids, &mut data, &CodeDisplays::default()).unwrap();
        assert_eq!(
            x,
            "Press <sc id=\"1\" dataRef=\"d1\" type=\"fmt\" subType=\"xlf:b\"/>Start<ec startRef=\"1\" dataRef=\"d2\"/>\
             <ph id=\"2\" dataRef=\"d3\"/> <sc id=\"4\" isolated=\"yes\" dataRef=\"d4\"/>x\
             <ph id=\"3\" type=\"other\" subType=\"other:thing\"/> <mrk id=\"9\" type=\"term\">TM</mrk>\
             <ec id=\"5\" isolated=\"yes\" dataRef=\"d5\"/><ph id=\"6\" dataRef=\"d6\"/><ph id=\"7\" dataRef=\"d1\"/>"
        );
        let entries: Vec<(&str, &str)> = data
            .entries()
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(
            entries,
            [
                ("d1", "<b>"),
                ("d2", "</b>"),
                ("d3", "<br/>"),
                ("d4", "<i>"),
                ("d5", "</i>"),
                ("d6", "<img alt=\"alt\">"),
            ]
        );
    }

    #[test]
    fn xliff20_written_codes_read_back_the_same() {
        let m = "Press <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>Start<ept i=\"1\">&lt;/b&gt;</ept> \
                 <ph x=\"2\" type=\"lb\">&lt;br/&gt;</ph><it pos=\"end\" x=\"3\"/>";
        let mut ids = Ids::for_unit(&["s1"]);
        let mut data = DataPool::default();
        let x = to_xliff20(m, &mut ids, &mut data, &CodeDisplays::default()).unwrap();
        let od: String = data
            .entries()
            .iter()
            .map(|(id, c)| format!("<data id=\"{id}\">{}</data>", escape_text(c)))
            .collect();
        let u = &read(&v20(&od, &[("x", &x)])).unwrap()[0];
        assert_eq!(u.target_markup.as_deref(), Some(m));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// A piece of generated TMX markup.
        #[derive(Debug, Clone)]
        enum G {
            Text(String),
            Ph(Option<String>, Option<String>, String),
            It(bool, String),
            StrayEpt,
            Ut(String),
            Pair(Option<String>, Option<String>, String, Vec<G>),
            Hi(Option<String>, Vec<G>),
            PhSub(Vec<G>),
        }

        fn text() -> impl Strategy<Value = String> {
            proptest::string::string_regex("[a-zA-Zәө ,.&<>\"'-]{0,6}").unwrap()
        }

        fn x() -> impl Strategy<Value = Option<String>> {
            prop_oneof![
                Just(None),
                Just(Some("1".to_string())),
                Just(Some("2".to_string())),
                Just(Some("s1".to_string())),
                Just(Some("a b".to_string())),
                Just(Some(String::new())),
            ]
        }

        fn ty() -> impl Strategy<Value = Option<String>> {
            prop_oneof![
                Just(None),
                Just(Some("bold".to_string())),
                Just(Some("ulined".to_string())),
                Just(Some("lb".to_string())),
                Just(Some("link".to_string())),
                Just(Some("x-fmt".to_string())),
                Just(Some("x-my:thing".to_string())),
                Just(Some("struct".to_string())),
                Just(Some("term".to_string())),
                Just(Some("a b".to_string())),
            ]
        }

        fn gen() -> impl Strategy<Value = Vec<G>> {
            let leaf = prop_oneof![
                text().prop_map(G::Text),
                (x(), ty(), text()).prop_map(|(x, t, c)| G::Ph(x, t, c)),
                (any::<bool>(), text()).prop_map(|(b, c)| G::It(b, c)),
                Just(G::StrayEpt),
                text().prop_map(G::Ut),
            ];
            let node = leaf.prop_recursive(4, 32, 4, |inner| {
                let v = proptest::collection::vec(inner, 0..4);
                prop_oneof![
                    (x(), ty(), text(), v.clone()).prop_map(|(x, t, c, v)| G::Pair(x, t, c, v)),
                    (ty(), v.clone()).prop_map(|(t, v)| G::Hi(t, v)),
                    v.prop_map(G::PhSub),
                ]
            });
            proptest::collection::vec(node, 0..6)
        }

        fn attr(out: &mut String, k: &str, v: &Option<String>) {
            if let Some(v) = v {
                out.push_str(&format!(" {k}=\"{}\"", escape_attr(v)));
            }
        }

        /// Renders TMX markup and its plain text.
        fn render(gs: &[G], next_i: &mut u32, m: &mut String, t: &mut String) {
            for g in gs {
                match g {
                    G::Text(s) => {
                        m.push_str(&escape_text(s));
                        t.push_str(s);
                    }
                    G::Ph(x, ty, c) => {
                        m.push_str("<ph");
                        attr(m, "x", x);
                        attr(m, "type", ty);
                        m.push_str(&format!(">{}</ph>", escape_text(c)));
                    }
                    G::It(begin, c) => m.push_str(&format!(
                        "<it pos=\"{}\">{}</it>",
                        if *begin { "begin" } else { "end" },
                        escape_text(c)
                    )),
                    G::StrayEpt => {
                        *next_i += 1;
                        m.push_str(&format!("<ept i=\"{}\"/>", *next_i + 1000));
                    }
                    G::Ut(c) => m.push_str(&format!("<ut>{}</ut>", escape_text(c))),
                    G::Pair(x, ty, c, inner) => {
                        *next_i += 1;
                        let i = *next_i;
                        m.push_str(&format!("<bpt i=\"{i}\""));
                        attr(m, "x", x);
                        attr(m, "type", ty);
                        m.push_str(&format!(">{}</bpt>", escape_text(c)));
                        render(inner, next_i, m, t);
                        m.push_str(&format!("<ept i=\"{i}\">{}</ept>", escape_text(c)));
                    }
                    G::Hi(ty, inner) => {
                        m.push_str("<hi");
                        attr(m, "type", ty);
                        m.push('>');
                        render(inner, next_i, m, t);
                        m.push_str("</hi>");
                    }
                    G::PhSub(inner) => {
                        m.push_str("<ph>&lt;img alt=\"<sub>");
                        // Sub-flow text is not the segment's text.
                        render(inner, next_i, m, &mut String::new());
                        m.push_str("</sub>\"&gt;</ph>");
                    }
                }
            }
        }

        fn one(doc: &str) -> XliffUnit {
            let mut us = read(doc).unwrap_or_else(|e| panic!("{e}\n{doc}"));
            us.remove(0)
        }

        /// XLIFF 2.0 target markup and its `<originalData>` for TMX markup.
        fn as_v20(m: &str) -> (String, String) {
            let mut ids = Ids::for_unit(&["s1"]);
            let mut data = DataPool::default();
            let x = to_xliff20(m, &mut ids, &mut data, &CodeDisplays::default()).unwrap();
            let od = data
                .entries()
                .iter()
                .map(|(id, c)| format!("<data id=\"{id}\">{}</data>", escape_text(c)))
                .collect();
            (x, od)
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

            /// TMX markup → XLIFF 1.2 → TMX keeps the text, gives valid markup, and a second
            /// round changes nothing.
            #[test]
            fn xliff12_round_trip(gs in gen()) {
                let (mut m, mut t) = (String::new(), String::new());
                render(&gs, &mut 0, &mut m, &mut t);
                let m = m.trim();
                prop_assume!(is_valid_seg_content(m));
                let x = to_xliff12(m, &CodeDisplays::default()).unwrap();
                let u = one(&v12(&x, &x));
                prop_assert_eq!(&u.source, t.trim());
                prop_assert_eq!(u.target.as_deref(), Some(t.trim()));
                let Some(m2) = u.source_markup else {
                    prop_assert!(!m.contains('<'), "codes lost: {}", m);
                    return Ok(());
                };
                prop_assert!(is_valid_seg_content(&m2), "{}", m2);
                let x2 = to_xliff12(&m2, &CodeDisplays::default()).unwrap();
                let u2 = one(&v12(&x2, ""));
                prop_assert_eq!(u2.source_markup.as_deref(), Some(m2.as_str()));
            }

            /// The same through XLIFF 2.0 (native code through <originalData>).
            #[test]
            fn xliff20_round_trip(gs in gen()) {
                let (mut m, mut t) = (String::new(), String::new());
                render(&gs, &mut 0, &mut m, &mut t);
                let m = m.trim();
                prop_assume!(is_valid_seg_content(m));
                let (x, od) = as_v20(m);
                let u = one(&v20(&od, &[("s", &x)]));
                // (The helper leaves an empty target out.)
                prop_assert_eq!(u.target.as_deref().unwrap_or_default(), t.trim());
                let Some(m2) = u.target_markup else {
                    prop_assert!(!m.contains('<'), "codes lost: {}", m);
                    return Ok(());
                };
                prop_assert!(is_valid_seg_content(&m2), "{}", m2);
                let (x2, od2) = as_v20(&m2);
                let u2 = one(&v20(&od2, &[("s", &x2)]));
                prop_assert_eq!(u2.target_markup.as_deref(), Some(m2.as_str()));
            }

            /// A job pre-filled with an exact match holding any markup, read back untouched,
            /// is known as the untouched pre-fill it is (so that importing it changes
            /// nothing), in both versions; any edit of its text makes it a translation.
            #[test]
            fn an_untouched_exact_prefill_is_recognized_whatever_its_codes(gs in gen(), v2 in any::<bool>()) {
                use crate::formats::xliff::{JobContext, Prefill, Version, XliffSegment, XliffWriter};
                let (mut m, mut t) = (String::new(), String::new());
                render(&gs, &mut 0, &mut m, &mut t);
                let (m, t) = (m.trim(), t.trim());
                prop_assume!(is_valid_seg_content(m) && !t.is_empty());
                let version = if v2 { Version::V20 } else { Version::V12 };
                let mut w = XliffWriter::new(Vec::new(), version, "en", "kk").unwrap();
                w.begin_file("r.en.txt").unwrap();
                w.segment(&XliffSegment {
                    id: "p1s1".into(),
                    source: "Source.".into(),
                    target: Some(t.to_string()),
                    target_markup: Some(m.to_string()).filter(|m| m.contains('<')),
                    prefill: Prefill::Exact { pct: 101 },
                    context: Some(JobContext { paragraph: 1, sentence: 1, ..Default::default() }),
                    target_codes: CodeDisplays::default(),
                }).unwrap();
                w.end_file().unwrap();
                let doc = String::from_utf8(w.finish().unwrap()).unwrap();
                let u = one(&doc);
                prop_assert_eq!(u.prefill_quality(&u.segments[0]), Some(101), "{}", doc);
                let mut edited = u.clone();
                edited.segments[0].target = Some(format!("{t} (edited)"));
                prop_assert_eq!(edited.prefill_quality(&edited.segments[0]), None);
            }
        }
    }
}
