//! Fuzzing the TMX and XLIFF readers with proptest: arbitrary bytes and mutations of valid
//! files must give a unit or an error, never a panic or a hang. The case count is modest so
//! that `cargo test` stays fast; `TMKIT_FUZZ_CASES=1000000 cargo test --release --test
//! tmx_fuzz` runs a long campaign.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use tmkit::formats::tmx::TmxReader;
use tmkit::formats::xliff::XliffReader;
use tmkit::import::{Options, Sink};
use tmkit::input::NoProgress;
use tmkit::store::Store;

fn cases() -> u32 {
    std::env::var("TMKIT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

const SEEDS: &[&str] = &[
    r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext" creationdate="20250101T120000Z"/>
  <body>
    <tu tuid="1" creationdate="20250101T120000Z" creationid="a"><prop type="x-domain">greeting</prop><note>n &amp; m</note>
      <tuv xml:lang="en"><seg>Hello, world!</seg></tuv>
      <tuv xml:lang="kk"><prop type="x-q">1</prop><seg>Сәлем, әлем!</seg></tuv>
      <tuv lang="RU-ru"><seg>Привет, мир!</seg></tuv>
    </tu>
    <tu tuid="2"><prop type="x-document">r.en.txt</prop><prop type="x-paragraph">1</prop><prop type="x-sentence">2</prop><prop type="x-context-prev">abcdabcdabcdabcd</prop>
      <tuv xml:lang="en"><seg>Open the <bpt i="1" x="1">&lt;b&gt;</bpt>file<ept i="1">&lt;/b&gt;</ept> <ph x="2">&lt;img alt="<sub>x</sub>"/&gt;</ph> <hi type="b">now</hi><it pos="begin">&lt;i&gt;</it><![CDATA[ & <cdata>]]></seg></tuv>
      <tuv xml:lang="kk"><seg><bpt i="1">&lt;b&gt;</bpt>Файлды<ept i="1">&lt;/b&gt;</ept> ашу &#x4F60;&#13;</seg></tuv>
    </tu>
  </body>
</tmx>
"#,
    r#"<tmx version="1.1"><header srclang="*all*"/><body><tu><tuv lang="EN"><seg>a</seg></tuv><tuv lang="kk"><seg>ә</seg></tuv></tu><tu/><tu><tuv xml:lang="kk"/></tu></body></tmx>"#,
    r#"<xliff version="1.2"><file original="x" source-language="en" target-language="kk" datatype="html"><body>
<trans-unit id="1"><source>Open <g id="1" ctype="bold">the <x id="2"/>file</g> <bx id="3"/>now<ex id="3"/> <bpt id="4">&lt;a&gt;</bpt>link<ept id="4">&lt;/a&gt;</ept><ph id="5">&lt;img alt="<sub>a<g id="6">b</g></sub>"/&gt;</ph><it id="7" pos="open">&lt;i&gt;</it></source>
<target state="translated"><mrk mtype="seg" mid="1">Ашу <mrk mtype="term">файл</mrk><bx id="8"/></mrk></target></trans-unit></body></file></xliff>"#,
    r#"<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="ru"><file id="f1"><unit id="u1">
<originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;<cp hex="0001"/></data></originalData>
<segment state="translated"><source>Press <pc id="1" dataRefStart="d1" dataRefEnd="d2" subType="xlf:b" type="fmt">Start</pc><ph id="2" dataRef="d1"/> <sc id="3"/>a<sm id="m" type="term"/>b</source><target>Нажмите <pc id="1">Пуск</pc><sc id="4" isolated="yes"/></target></segment>
<segment><source>c<ec startRef="3"/>.<em startRef="m"/><mrk id="k">d</mrk><cp hex="2603"/></source></segment></unit></file></xliff>"#,
];

/// Reads everything; returns how many units were read before the end or an error.
fn read_all(bytes: &[u8]) -> usize {
    let start = Instant::now();
    let mut n = 0;
    if let Ok(mut r) = TmxReader::new(bytes) {
        while let Ok(Some(_)) = r.next_tu() {
            n += 1;
            assert!(n <= bytes.len(), "more units than bytes: a loop");
        }
    }
    if let Ok(mut r) = XliffReader::new(bytes) {
        while let Ok(Some(_)) = r.next_unit() {}
    }
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    n
}

/// Imports into a fresh TM: must succeed or fail cleanly.
fn import_all(bytes: &[u8]) {
    let mut s = Store::open_in_memory().unwrap();
    let tx = s.begin("fuzz").unwrap();
    let mut sink = Sink::new(&tx).unwrap();
    let _ = tmkit::import::import_tmx_from(&mut sink, bytes, &Options::default(), &mut NoProgress);
    let _ = sink.finish();
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    InsertMarkup(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
}

const FRAGMENTS: &[&str] = &[
    "<",
    ">",
    "&",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "&nbsp;",
    "]]>",
    "<![CDATA[",
    "<!--",
    "-->",
    "<seg>",
    "</seg>",
    "<tu>",
    "</tu>",
    "<tuv xml:lang=\"kk\">",
    "</tuv>",
    "<bpt i=\"1\">",
    "</bpt>",
    "<ph/>",
    "<sub>",
    "</sub>",
    "\"",
    "'",
    "\u{0}",
    "\u{1}",
    "\r",
    "\u{FFFF}",
    "é",
    "<!DOCTYPE tmx [<!ENTITY a \"b\">]>",
    "<?pi x?>",
    "<body>",
    "</body>",
    "</tmx>",
    "<x:y a:b=\"c\">",
    "srclang=\"\"",
    "xml:lang=\"\"",
    "<prop type=\"x-document\">",
    "<prop type=\"x-paragraph\">0</prop>",
    "<g id=\"1\">",
    "</g>",
    "<ept id=\"4\"/>",
    "<ec startRef=\"3\"/>",
    "<sc id=\"3\"/>",
    "<ph id=\"9\" dataRef=\"d1\"/>",
    "<it id=\"1\" pos=\"close\"/>",
    "<mrk mtype=\"seg\">",
    "</mrk>",
    "<cp hex=\"D800\"/>",
    " x=1",
    " a='b'c='d'",
    " a = \"&#x9;\" a=\"\"",
    "=\"",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (
            any::<usize>(),
            proptest::collection::vec(any::<u8>(), 1..16)
        )
            .prop_map(|(i, v)| Mutation::Insert(i, v)),
        (any::<usize>(), 0..FRAGMENTS.len()).prop_map(|(i, f)| Mutation::InsertMarkup(i, f)),
        (any::<usize>(), 1usize..200).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut v: Vec<u8>, ms: &[Mutation]) -> Vec<u8> {
    for m in ms {
        let len = v.len().max(1);
        match m {
            Mutation::Flip(i, b) => {
                if !v.is_empty() {
                    let i = i % v.len();
                    v[i] ^= b;
                }
            }
            Mutation::Delete(i, n) => {
                let i = i % len;
                let end = (i + n).min(v.len());
                if i < end {
                    v.drain(i..end);
                }
            }
            Mutation::Insert(i, bytes) => {
                let i = i % (v.len() + 1);
                v.splice(i..i, bytes.iter().copied());
            }
            Mutation::InsertMarkup(i, f) => {
                let i = i % (v.len() + 1);
                v.splice(i..i, FRAGMENTS[*f].bytes());
            }
            Mutation::Duplicate(i, n) => {
                let i = i % len;
                let end = (i + n).min(v.len());
                if i < end {
                    let part: Vec<u8> = v[i..end].to_vec();
                    v.splice(end..end, part);
                }
            }
            Mutation::Truncate(i) => {
                let i = i % len;
                v.truncate(i);
            }
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        read_all(&bytes);
        import_all(&bytes);
    }

    #[test]
    fn arbitrary_bytes_after_a_valid_prefix_never_panic(cut in 0usize..600, tail in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut v = SEEDS[0].as_bytes().to_vec();
        v.truncate(cut.min(v.len()));
        v.extend(tail);
        read_all(&v);
        import_all(&v);
    }

    #[test]
    fn mutated_valid_files_never_panic(seed in 0..SEEDS.len(), ms in proptest::collection::vec(mutation(), 1..8)) {
        let v = apply(SEEDS[seed].as_bytes().to_vec(), &ms);
        read_all(&v);
        import_all(&v);
    }
}

#[test]
fn seeds_are_valid() {
    assert_eq!(read_all(SEEDS[0].as_bytes()), 2);
    assert_eq!(read_all(SEEDS[1].as_bytes()), 2); // `<tu/>` holds nothing
    for xliff in &SEEDS[2..] {
        let mut r = XliffReader::new(xliff.as_bytes()).unwrap();
        let u = r.next_unit().unwrap().unwrap();
        assert!(
            u.source_markup.is_some() && u.target_markup.is_some(),
            "{u:?}"
        );
        assert!(r.next_unit().unwrap().is_none());
    }
}

#[test]
fn deep_nesting_and_huge_inputs_are_refused_quickly() {
    let mut doc = String::from("<tmx><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>");
    for _ in 0..100_000 {
        doc.push_str("<hi>");
    }
    let t = Instant::now();
    let mut r = TmxReader::new(doc.as_bytes()).unwrap();
    assert!(r.next_tu().is_err());
    // A billion-laughs document is refused at the DOCTYPE, before any expansion.
    let mut bomb = String::from("<?xml version=\"1.0\"?><!DOCTYPE tmx [<!ENTITY l0 \"lol\">");
    for i in 1..10 {
        bomb.push_str(&format!(
            "<!ENTITY l{i} \"{}\">",
            format!("&l{};", i - 1).repeat(10)
        ));
    }
    bomb.push_str("]><tmx><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>&l9;</seg></tuv></tu></body></tmx>");
    let e = TmxReader::new(bomb.as_bytes()).err().expect("refused");
    assert!(e.message.contains("entit"));
    assert!(t.elapsed() < Duration::from_secs(2));
}
