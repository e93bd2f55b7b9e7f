//! The collection in `tests/data/tools/`: small files of our own with the shapes real CAT
//! tools and frameworks write (see its README for which tool and where each shape was
//! seen). Every valid file imports with nothing lost: what the file holds is read here
//! independently (a small walk over quick-xml events, with the inline-code rules of the
//! TMX and XLIFF specifications), then compared with what the TM holds (`export --format
//! json`) and with what it exports again as TMX. Invalid files are refused at their line
//! and column with nothing stored.
//!
//! Files that need work on other branches are `#[ignore]`d with the reason.

mod common;

use std::path::{Path, PathBuf};

use common::{json_lines, root, tmkit, tmkit_db, units_in};
use predicates::prelude::*;
use quick_xml::events::Event;

fn tools() -> PathBuf {
    root().join("tests/data/tools")
}

/// One segment of a file: its language, plain text (inline codes' native content left
/// out, their text content kept) and how many inline codes it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seg {
    lang: String,
    text: String,
    codes: usize,
}

/// A unit as the file holds it: the source, the translations a translator produced, and
/// the props and notes (lang `None` for the unit's own).
#[derive(Debug, Clone, Default)]
struct FileUnit {
    source: Option<Seg>,
    targets: Vec<Seg>,
    props: Vec<(Option<String>, String, Option<String>, String)>,
}

/// The file as text: a byte-order mark, UTF-16, or the encoding the XML declaration names
/// (read here with encoding_rs directly), else UTF-8.
fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    let label = head
        .split("encoding=")
        .nth(1)
        .and_then(|s| s.get(1..))
        .and_then(|s| s.split(['"', '\'']).next())
        .unwrap_or("utf-8")
        .to_string();
    let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        encoding_rs::UTF_8
    } else {
        enc
    };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

fn lang_eq(a: &str, b: &str) -> bool {
    a.replace('_', "-")
        .eq_ignore_ascii_case(&b.replace('_', "-"))
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.as_ref() == name.as_bytes())
            .then(|| a.unescape_value().map(|v| v.into_owned()).ok())
            .flatten()
    })
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name).into_owned();
    s.rsplit(':').next().unwrap_or(&s).to_string()
}

/// Inline elements whose content is native code (left out of the plain text).
const NATIVE: [&str; 5] = ["bpt", "ept", "ph", "it", "ut"];

/// Accumulates the plain text and code count of one segment.
#[derive(Default)]
struct SegBuf {
    text: String,
    codes: usize,
    /// Depth inside native-code elements.
    native: usize,
}

impl SegBuf {
    /// An element starts; `codes` are the inline codes, paired ones (`<g>`, `<pc>`: an
    /// opening and a closing code, as TMX writes them) counting twice.
    fn start(&mut self, name: &str, codes: &[&str]) {
        if codes.contains(&name) {
            self.codes += if matches!(name, "g" | "pc") { 2 } else { 1 };
        }
        if self.native > 0 || NATIVE.contains(&name) {
            self.native += 1;
        }
    }
    fn end(&mut self) {
        self.native = self.native.saturating_sub(1);
    }
    fn text(&mut self, t: &str) {
        if self.native == 0 {
            self.text.push_str(t);
        }
    }
}

/// The units of a TMX file, by the TMX 1.4b rules: `xml:lang` (or 1.1 `lang`) on each
/// `<tuv>`; the source is the header's `srclang`, else the first `<tuv>`.
fn tmx_units(text: &str) -> Vec<FileUnit> {
    const CODES: [&str; 6] = ["bpt", "ept", "ph", "it", "ut", "hi"];
    let mut r = quick_xml::Reader::from_str(text);
    let mut srclang = String::new();
    let mut units = Vec::new();
    let mut unit: Option<(FileUnit, Vec<Seg>)> = None;
    let mut tuv_lang: Option<String> = None;
    let mut seg: Option<SegBuf> = None;
    let mut prop: Option<(String, Option<String>, String)> = None;
    loop {
        let ev = r
            .read_event()
            .expect("the collection's valid files are XML");
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = local(e.name().as_ref());
                if let Some(s) = seg.as_mut() {
                    s.start(&name, &CODES);
                    if empty {
                        s.end();
                    }
                    continue;
                }
                match name.as_str() {
                    "header" => srclang = attr(e, "srclang").unwrap_or_default(),
                    "tu" => unit = Some((FileUnit::default(), Vec::new())),
                    "tuv" => tuv_lang = attr(e, "xml:lang").or_else(|| attr(e, "lang")),
                    "seg" if !empty => seg = Some(SegBuf::default()),
                    "prop" | "note" if unit.is_some() && !empty => {
                        prop = Some((name.clone(), attr(e, "type"), String::new()))
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                let t = t.unescape().expect("known entities");
                if let Some(s) = seg.as_mut() {
                    s.text(&t);
                } else if let Some(p) = prop.as_mut() {
                    p.2.push_str(&t);
                }
            }
            Event::CData(t) => {
                let t = String::from_utf8_lossy(&t).into_owned();
                if let Some(s) = seg.as_mut() {
                    s.text(&t);
                }
            }
            Event::End(e) => {
                let name = local(e.name().as_ref());
                if name == "seg" && seg.as_ref().is_some_and(|s| s.native == 0) {
                    let s = seg.take().unwrap_or_default();
                    if let Some((_, segs)) = unit.as_mut() {
                        segs.push(Seg {
                            lang: tuv_lang.clone().unwrap_or_default(),
                            text: s.text.trim().to_string(),
                            codes: s.codes,
                        });
                    }
                } else if let Some(s) = seg.as_mut() {
                    s.end();
                } else if name == "prop" || name == "note" {
                    if let (Some((kind, ty, value)), Some((u, _))) = (prop.take(), unit.as_mut()) {
                        u.props.push((tuv_lang.clone(), kind, ty, value));
                    }
                } else if name == "tuv" {
                    tuv_lang = None;
                } else if name == "tu" {
                    if let Some((mut u, segs)) = unit.take() {
                        let src = segs
                            .iter()
                            .position(|s| lang_eq(&s.lang, &srclang))
                            .unwrap_or(0);
                        for (i, s) in segs.into_iter().enumerate() {
                            if i == src {
                                u.source = Some(s);
                            } else {
                                u.targets.push(s);
                            }
                        }
                        units.push(u);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    units
}

/// The translated units of an XLIFF 1.2 or 2.0 file (not those of a `<trans-unit>` or
/// `<unit>` marked `translate="no"`): a target a translator produced (not empty; not in a state that says it is untranslated: `new`, `needs-translation`,
/// `initial`; a state still waiting for review, `needs-review-translation` say, only when
/// `include_unconfirmed` and the target differs from the source), one unit per
/// `<trans-unit>` (1.2; its `<seg-source>`/`<mrk mtype="seg">` are the same text) or per
/// `<segment>` (2.0). Alternatives (`<alt-trans>`) and tool extensions are not the
/// translation.
fn xliff_units(text: &str, include_unconfirmed: bool) -> Vec<FileUnit> {
    const CODES: [&str; 11] = [
        "g", "x", "bx", "ex", "bpt", "ept", "ph", "it", "pc", "sc", "ec",
    ];
    let mut r = quick_xml::Reader::from_str(text);
    let (mut src_lang, mut tgt_lang) = (String::new(), String::new());
    let mut units = Vec::new();
    // The unit or segment being read.
    let mut cur: Option<Pending> = None;
    let mut seg: Option<(bool, SegBuf)> = None;
    // Inside a unit marked translate="no": nothing of it is a translation.
    let mut not_translatable = false;
    // Depth inside elements whose content is not the unit's text (alt-trans, extensions,
    // seg-source, notes).
    let mut skip = 0usize;
    loop {
        let ev = r
            .read_event()
            .expect("the collection's valid files are XML");
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let name = local(e.name().as_ref());
                if skip > 0 {
                    if !empty {
                        skip += 1;
                    }
                    continue;
                }
                if let Some((_, s)) = seg.as_mut() {
                    s.start(&name, &CODES);
                    if empty {
                        s.end();
                    }
                    continue;
                }
                let extension = qname.contains(':') && !qname.starts_with("xml:");
                match name.as_str() {
                    _ if (extension || name == "alt-trans" || name == "seg-source") && !empty => {
                        skip = 1
                    }
                    _ if extension || name == "alt-trans" || name == "seg-source" => {}
                    "xliff" => {
                        if let (Some(s), t) = (attr(e, "srcLang"), attr(e, "trgLang")) {
                            src_lang = s;
                            tgt_lang = t.unwrap_or_default();
                        }
                    }
                    "file" => {
                        if let Some(s) = attr(e, "source-language") {
                            src_lang = s;
                            tgt_lang = attr(e, "target-language").unwrap_or_default();
                        }
                    }
                    "trans-unit" | "unit" if attr(e, "translate").as_deref() == Some("no") => {
                        not_translatable = true;
                        cur = None;
                    }
                    "unit" => not_translatable = false,
                    "trans-unit" => {
                        not_translatable = false;
                        cur = Some((
                            None,
                            None,
                            None,
                            attr(e, "approved").as_deref() == Some("yes"),
                        ))
                    }
                    "segment" if !not_translatable => {
                        cur = Some((None, None, attr(e, "state"), false))
                    }
                    "source" | "target" if cur.is_some() => {
                        if name == "target" {
                            if let Some(state) = attr(e, "state") {
                                if let Some(c) = cur.as_mut() {
                                    c.2 = Some(state);
                                }
                            }
                        }
                        if !empty {
                            seg = Some((name == "source", SegBuf::default()));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some((_, s)) = seg.as_mut() {
                    s.text(&t.unescape().expect("known entities"));
                }
            }
            Event::CData(t) => {
                if let Some((_, s)) = seg.as_mut() {
                    s.text(&String::from_utf8_lossy(&t));
                }
            }
            Event::End(e) => {
                let name = local(e.name().as_ref());
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                if let Some((is_source, s)) = seg.as_mut() {
                    if (name == "source" || name == "target") && s.native == 0 {
                        let is_source = *is_source;
                        let s = std::mem::take(s);
                        seg = None;
                        let lang = if is_source { &src_lang } else { &tgt_lang };
                        let value = Seg {
                            lang: lang.clone(),
                            text: s.text.trim().to_string(),
                            codes: s.codes,
                        };
                        if let Some(c) = cur.as_mut() {
                            if is_source {
                                c.0 = Some(value);
                            } else {
                                c.1 = Some(value);
                            }
                        }
                    } else {
                        s.end();
                    }
                    continue;
                }
                if name == "trans-unit" || name == "segment" {
                    if let Some((Some(source), Some(target), state, approved)) = cur.take() {
                        let untranslated = matches!(
                            state.as_deref(),
                            Some("new" | "needs-translation" | "initial")
                        );
                        let done = approved
                            || matches!(
                                state.as_deref(),
                                None | Some("translated" | "final" | "signed-off" | "reviewed")
                            );
                        if !target.text.is_empty()
                            && !untranslated
                            && (done || (include_unconfirmed && target.text != source.text))
                        {
                            units.push(FileUnit {
                                source: Some(source),
                                targets: vec![target],
                                props: Vec::new(),
                            });
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    units
}

/// The unit or segment an XLIFF walk is in: (source, target, state, approved).
type Pending = (Option<Seg>, Option<Seg>, Option<String>, bool);

/// What the file holds, read independently (XLIFF targets waiting for review only when
/// `include_unconfirmed`).
fn file_units(path: &Path, include_unconfirmed: bool) -> Vec<FileUnit> {
    let text = decode(&std::fs::read(path).expect("a collection file"));
    let root = text
        .split('<')
        .skip(1)
        .find(|t| !(t.starts_with('?') || t.starts_with('!')))
        .unwrap_or("");
    if root.starts_with("tmx") {
        tmx_units(&text)
    } else {
        xliff_units(&text, include_unconfirmed)
    }
}

/// The TM's units (export --format json) and its TMX export, after importing `file` alone
/// (with the import options `flags`).
fn imported(file: &Path, flags: &[&str]) -> (tempfile::TempDir, Vec<serde_json::Value>, String) {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    tmkit_db(&db)
        .arg("import")
        .args(flags)
        .arg(file)
        .assert()
        .code(0);
    let out = tmkit_db(&db)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let units = json_lines(&out.stdout);
    let mut targets: Vec<String> = Vec::new();
    for u in &units {
        for v in u["variants"].as_array().into_iter().flatten() {
            let l = v["lang"].as_str().unwrap_or_default().to_string();
            if !targets.contains(&l) {
                targets.push(l);
            }
        }
    }
    let tmx = d.path().join("back.tmx");
    let src = units
        .first()
        .and_then(|u| u["src_lang"].as_str())
        .unwrap_or("en")
        .to_string();
    tmkit_db(&db)
        .args([
            "export",
            "--format",
            "tmx",
            "--src",
            &src,
            "--tgt",
            &targets.join(","),
        ])
        .arg("-o")
        .arg(&tmx)
        .assert()
        .code(0);
    let back = std::fs::read_to_string(&tmx).unwrap();
    (d, units, back)
}

/// Imports the collection file `rel` into a new TM and checks that nothing was lost.
fn nothing_lost(rel: &str) {
    nothing_lost_with(rel, &[]);
}

/// [`nothing_lost`] with the import options `flags` (`--include-unconfirmed`: XLIFF
/// targets waiting for review are held too).
fn nothing_lost_with(rel: &str, flags: &[&str]) {
    let path = tools().join(rel);
    let held = file_units(&path, flags.contains(&"--include-unconfirmed"));
    assert!(!held.is_empty(), "{rel}: the file holds no translated unit");
    let (_d, tm, back) = imported(&path, flags);
    let exported = tmx_units(&back);
    // One TM unit per distinct source.
    let mut sources: Vec<(String, String)> = held
        .iter()
        .filter_map(|u| u.source.as_ref())
        .map(|s| (s.lang.to_ascii_lowercase(), s.text.clone()))
        .collect();
    sources.sort();
    sources.dedup();
    assert_eq!(tm.len(), sources.len(), "{rel}: units in the TM: {tm:#?}");
    for u in &held {
        let src = u.source.as_ref().expect("a source");
        let unit = tm
            .iter()
            .find(|t| {
                t["source"].as_str().map(str::trim) == Some(src.text.as_str())
                    && lang_eq(t["src_lang"].as_str().unwrap_or(""), &src.lang)
            })
            .unwrap_or_else(|| panic!("{rel}: source {src:?} is not in the TM: {tm:#?}"));
        assert_eq!(
            src.codes > 0,
            unit.get("source_markup").is_some_and(|m| !m.is_null()),
            "{rel}: the inline codes of {src:?}: {unit:#}"
        );
        let back_unit = exported
            .iter()
            .find(|b| b.source.as_ref().is_some_and(|s| s.text == src.text))
            .unwrap_or_else(|| panic!("{rel}: {src:?} is not in the exported TMX:\n{back}"));
        assert_eq!(
            back_unit.source.as_ref().map(|s| s.codes),
            Some(src.codes),
            "{rel}: codes of {src:?} in the export:\n{back}"
        );
        for t in &u.targets {
            let variants = unit["variants"].as_array().cloned().unwrap_or_default();
            let v = variants
                .iter()
                .find(|v| {
                    lang_eq(v["lang"].as_str().unwrap_or(""), &t.lang)
                        && v["text"].as_str().map(str::trim) == Some(t.text.as_str())
                })
                .unwrap_or_else(|| panic!("{rel}: translation {t:?} is not in the TM: {unit:#}"));
            assert_eq!(
                t.codes > 0,
                v.get("markup").is_some_and(|m| !m.is_null()),
                "{rel}: the inline codes of {t:?}: {unit:#}"
            );
            // An alternative translation is exported in a `<tu>` of its own (same source).
            assert!(
                exported
                    .iter()
                    .filter(|b| b.source.as_ref().is_some_and(|s| s.text == src.text))
                    .flat_map(|b| &b.targets)
                    .any(|b| lang_eq(&b.lang, &t.lang) && b.text == t.text && b.codes == t.codes),
                "{rel}: {t:?} is not in the exported TMX:\n{back}"
            );
        }
        // Context props (x-context, x-document, OmegaT's file/prev/next/id, …) are kept with
        // the translations they tell apart; the others with the unit.
        let mut props = unit["props"].as_array().cloned().unwrap_or_default();
        for v in unit["variants"].as_array().into_iter().flatten() {
            for context in v["contexts"].as_array().into_iter().flatten() {
                for p in context.as_array().into_iter().flatten() {
                    let mut p = p.clone();
                    p["kind"] = "prop".into();
                    p["lang"] = "*".into();
                    props.push(p);
                }
            }
        }
        for (lang, kind, ty, value) in &u.props {
            assert!(
                props.iter().any(|p| {
                    p["kind"].as_str() == Some(kind.as_str())
                        && p["type"].as_str() == ty.as_deref()
                        && p["value"].as_str() == Some(value.as_str())
                        && match (lang, p["lang"].as_str()) {
                            (_, Some("*")) | (None, None) => true,
                            (Some(a), Some(b)) => lang_eq(a, b),
                            _ => false,
                        }
                }),
                "{rel}: {kind} {ty:?} = {value:?} ({lang:?}) is not in the TM: {props:#?}"
            );
        }
    }
}

#[test]
fn omegat_project_memory() {
    nothing_lost("omegat/project_save.tmx");
}

#[test]
fn omegat_tmx_1_1_with_lang_attributes() {
    nothing_lost("omegat/level1-tmx11.tmx");
}

#[test]
fn omegat_alternative_translations() {
    nothing_lost("omegat/alternatives.tmx");
}

#[test]
fn okapi_leverage_output_with_inline_codes() {
    nothing_lost("okapi/leverage-output.tmx");
}

#[test]
fn okapi_repeated_sources_with_different_translations() {
    nothing_lost("okapi/leverage-duplicates.tmx");
}

#[test]
fn okapi_rainbow_extraction() {
    nothing_lost("okapi/rainbow-extraction.xlf");
}

#[test]
fn olifant_props_and_escapes() {
    nothing_lost("olifant/attributes.tmx");
}

#[test]
fn trados_studio_tmx() {
    nothing_lost("trados/studio-export.tmx");
}

#[test]
fn trados_workbench_utf16_tmx_1_1() {
    nothing_lost("trados/workbench-utf16.tmx");
}

#[test]
fn trados_sdlxliff() {
    nothing_lost("trados/job.sdlxliff");
}

#[test]
fn memoq_tmx_with_context_props() {
    nothing_lost("memoq/export.tmx");
}

#[test]
fn memoq_mqxliff() {
    nothing_lost("memoq/job.mqxliff");
}

#[test]
fn translate_toolkit_po2tmx() {
    nothing_lost("translate-toolkit/po2tmx.tmx");
}

#[test]
fn translate_toolkit_po2xliff() {
    nothing_lost("translate-toolkit/po2xliff.xlf");
}

#[test]
fn symfony_xliff_1_2() {
    nothing_lost("symfony/messages.kk.xlf");
}

#[test]
fn symfony_xliff_2_0() {
    nothing_lost("symfony/messages+intl-icu.ru.xlf");
}

#[test]
fn angular_xliff_1_2() {
    nothing_lost("angular/messages.kk.xlf");
}

#[test]
fn angular_xliff_2_0() {
    nothing_lost("angular/messages.ru.xlf");
}

#[test]
fn weblate_xliff() {
    nothing_lost("weblate/news-kk.xliff");
}

#[test]
fn crowdin_xliff() {
    nothing_lost("crowdin/news.ru.xliff");
}

#[test]
fn phrase_mxliff() {
    nothing_lost("phrase/job.mxliff");
}

#[test]
fn matecat_nested_groups_and_seg_source() {
    nothing_lost("matecat/nested-groups.xliff");
}

#[test]
fn matecat_xliff_2_0_multi_segment_unit() {
    nothing_lost("matecat/multi-segment-2.0.xliff");
}

#[test]
fn oasis_xliff_2_0_original_data() {
    nothing_lost("oasis/xliff20-original-data.xlf");
}

#[test]
fn lisa_level_2_inline_codes() {
    nothing_lost("lisa/level2-inline.tmx");
}

#[test]
fn wordfast_windows_1251_tmx() {
    nothing_lost("wordfast/classic-1251.tmx");
}

#[test]
fn swordfish_tmx_in_koi8_r() {
    nothing_lost("swordfish/koi8r.tmx");
}

#[test]
fn xcode_localization_export() {
    nothing_lost("xcode/kk.xliff");
}

#[test]
fn multilingual_app_toolkit_machine_suggestions_wait_for_review() {
    // Stored: translated, final, signed-off; the mt-/tm-suggestions still
    // needs-review-translation only when asked for.
    nothing_lost("mat/NewsDesk.ru.xlf");
    nothing_lost_with("mat/NewsDesk.ru.xlf", &["--include-unconfirmed"]);
}

#[test]
fn smartcat_tmx_keeps_its_unit_dates() {
    nothing_lost("smartcat/export.tmx");
    let path = tools().join("smartcat/export.tmx");
    let text = decode(&std::fs::read(&path).unwrap());
    let (_d, tm, _) = imported(&path, &[]);
    // Independently: each <tu>'s dates, in TMX's basic format.
    let dates: Vec<(String, String)> = text
        .split("<tu ")
        .skip(1)
        .map(|tu| {
            let date = |name: &str| {
                let v = tu
                    .split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .unwrap_or_default();
                format!(
                    "{}-{}-{}T{}:{}:{}Z",
                    &v[0..4],
                    &v[4..6],
                    &v[6..8],
                    &v[9..11],
                    &v[11..13],
                    &v[13..15]
                )
            };
            (date("creationdate"), date("changedate"))
        })
        .collect();
    assert_eq!(dates.len(), tm.len());
    for (unit, (created, changed)) in tm.iter().zip(&dates) {
        assert_eq!(
            unit["created_at"].as_str(),
            Some(created.as_str()),
            "{unit:#}"
        );
        assert_eq!(
            unit["changed_at"].as_str(),
            Some(changed.as_str()),
            "{unit:#}"
        );
    }
}

#[test]
fn lokalise_xliff() {
    nothing_lost("lokalise/news.kk.xliff");
}

#[test]
fn excel_csv_with_a_sep_hint_and_a_byte_order_mark() {
    table_imports("excel/utf8-bom-sep.csv", b';', None, None);
}

#[test]
fn excel_csv_of_a_russian_locale_in_windows_1251() {
    table_imports("excel/ru-locale-1251.csv", b';', Some("windows-1251"), None);
}

#[test]
fn excel_unicode_text_with_quoted_multi_line_cells() {
    table_imports("excel/unicode-text.txt", b'\t', None, Some("tsv"));
}

#[test]
fn tbx_v3_basic_dca_termbase() {
    termbase_is_read_and_checked("tbx-v3/basic-dca.tbx");
}

#[test]
fn tbx_v3_basic_dct_termbase() {
    termbase_is_read_and_checked("tbx-v3/basic-dct.tbx");
}

#[test]
fn iate_tbx_v3_export() {
    termbase_is_read_and_checked("iate/export-v3.tbx");
}

#[test]
fn iate_tbx_v2_export_with_descrip_groups() {
    termbase_is_read_and_checked("iate/export-v2.tbx");
}

#[test]
fn weblate_tbx_glossary_with_a_forbidden_translation() {
    termbase_is_read_and_checked("weblate/glossary.kk.tbx");
}

#[test]
fn excel_glossary_csv_with_a_sep_hint() {
    let rel = "excel/glossary.csv";
    let path = tools().join(rel);
    let text = decode(&std::fs::read(&path).unwrap());
    // Independently: Excel's `sep=;` line, then the glossary's columns, `;`-separated.
    let body = text
        .strip_prefix("sep=;")
        .and_then(|t| t.split_once('\n'))
        .map(|(_, b)| b)
        .expect("a sep= line");
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let mut entries = Vec::new();
    for row in rdr.records() {
        let row = row.unwrap();
        let mut entry = Vec::new();
        for (col, value) in header.iter().zip(row.iter()) {
            let (lang, kind) = col.split_once(':').unwrap_or((col, ""));
            if !["en", "kk", "ru"].contains(&lang) {
                continue;
            }
            for v in value.split(';').map(str::trim).filter(|v| !v.is_empty()) {
                entry.push(FileTerm {
                    lang: lang.to_string(),
                    text: v.to_string(),
                    forbidden: kind == "forbidden",
                });
            }
        }
        entries.push(entry);
    }
    assert!(entries.len() >= 3, "{entries:?}");
    check_finds_the_terms(rel, &path, &entries);
}

#[test]
fn tbx_min_glossary() {
    termbase_is_read_and_checked("tbx-min/desk.tbx");
}

#[test]
fn the_collection_covers_at_least_ten_tools() {
    let tools: Vec<String> = std::fs::read_dir(tools())
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir() && e.file_name() != "invalid")
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(tools.len() >= 10, "{tools:?}");
    let readme = std::fs::read_to_string(tools_readme()).unwrap();
    for t in &tools {
        assert!(
            readme.contains(&format!("`{t}/")),
            "README lists no file of {t}"
        );
    }
}

fn tools_readme() -> PathBuf {
    tools().join("README.md")
}

#[test]
fn a_multiterm_termbase_imports_with_placeholders_skipped() {
    let path = tools().join("multiterm/termbase.tbx");
    let text = decode(&std::fs::read(&path).unwrap());
    // Independently: each termEntry's non-empty terms, by language.
    let mut entries: Vec<Vec<(String, String)>> = Vec::new();
    let mut r = quick_xml::Reader::from_str(&text);
    let (mut lang, mut term) = (String::new(), None::<String>);
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => match local(e.name().as_ref()).as_str() {
                "termEntry" => entries.push(Vec::new()),
                "langSet" => lang = attr(&e, "xml:lang").unwrap_or_default(),
                "term" => term = Some(String::new()),
                _ => {}
            },
            Event::Text(t) => {
                if let Some(s) = term.as_mut() {
                    s.push_str(&t.unescape().unwrap());
                }
            }
            Event::End(e) if local(e.name().as_ref()) == "term" => {
                if let (Some(t), Some(entry)) = (term.take(), entries.last_mut()) {
                    if !t.trim().is_empty() {
                        entry.push((lang.clone(), t.trim().to_string()));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let kept: Vec<_> = entries.into_iter().filter(|e| !e.is_empty()).collect();
    let d = tempfile::tempdir().unwrap();
    let csv = d.path().join("terms.csv");
    tmkit()
        .args(["glossary", "import"])
        .arg(&path)
        .arg("-o")
        .arg(&csv)
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "empty <term/> placeholder(s) skipped",
        ))
        .stderr(predicate::str::contains(format!(
            "{} entries from",
            kept.len()
        )));
    let written = std::fs::read_to_string(&csv).unwrap();
    let mut rows = written.lines();
    let header: Vec<&str> = rows.next().unwrap().split(',').collect();
    let rows: Vec<Vec<&str>> = rows.map(|r| r.split(',').collect()).collect();
    assert_eq!(rows.len(), kept.len(), "{written}");
    for (entry, row) in kept.iter().zip(&rows) {
        for (lang, t) in entry {
            // Regional codes go to the language's column (EN-US → en).
            let primary = lang.split('-').next().unwrap().to_ascii_lowercase();
            let col = header
                .iter()
                .position(|h| *h == primary)
                .unwrap_or_else(|| panic!("no {primary} column for {lang}: {written}"));
            assert_eq!(row[col], t, "{written}");
        }
    }
    assert!(written.contains("definition: "), "{written}");
}

#[test]
fn invalid_files_are_refused_at_their_position_and_nothing_is_stored() {
    for (file, at, why) in [
        ("tuv-without-lang.tmx", ":11:7: ", "no xml:lang"),
        ("mismatched-tags.xlf", ":10:64: ", "expected `</g>`"),
        ("unknown-language.tmx", ":7:7: ", "unknown language 'kz'"),
        (
            "entity-declaration.tmx",
            ":2:1: ",
            "entity declarations are refused",
        ),
        ("says-utf8-is-1251.tmx", ":7:28: ", "invalid UTF-8"),
    ] {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("tm.db");
        let path = tools().join("invalid").join(file);
        tmkit_db(&db)
            .arg("import")
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("{file}{at}")))
            .stderr(predicate::str::contains(why));
        assert_eq!(units_in(&db), 0, "{file}");
    }
    let d = tempfile::tempdir().unwrap();
    let csv = d.path().join("g.csv");
    tmkit()
        .args(["glossary", "import"])
        .arg(tools().join("invalid/nul-reference.tbx"))
        .arg("-o")
        .arg(&csv)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nul-reference.tbx:8:43: "));
    assert!(!csv.exists());
}

/// Imports the Excel-written table `rel` (cells separated by `sep` and quoted as in CSV, in
/// `encoding` when it has no byte-order mark; read with `--format` when `format` says so)
/// and checks that every row is in the TM as it is in the file.
fn table_imports(rel: &str, sep: u8, encoding: Option<&str>, format: Option<&str>) {
    let path = tools().join(rel);
    let bytes = std::fs::read(&path).unwrap();
    let text = match encoding {
        Some(label) if encoding_rs::Encoding::for_bom(&bytes).is_none() => {
            let enc = encoding_rs::Encoding::for_label(label.as_bytes()).expect("a known label");
            enc.decode_without_bom_handling(&bytes).0.into_owned()
        }
        _ => decode(&bytes),
    };
    // Independently: Excel's `sep=` line is no row; the rest is RFC 4180 with `sep`.
    let body = match text.strip_prefix("sep=") {
        Some(rest) => rest.split_once('\n').map_or("", |(_, b)| b),
        None => text.as_str(),
    };
    let mut rows = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .from_reader(body.as_bytes());
    let rows: Vec<Vec<String>> = rows
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let (header, rows) = rows.split_first().expect("a header row");
    assert!(rows.len() >= 3, "{rel}: {rows:?}");

    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    let mut import = tmkit_db(&db);
    import.arg("import");
    if let Some(label) = encoding {
        import.args(["--encoding", label]);
    }
    if let Some(format) = format {
        import.args(["--format", format]);
    }
    import.arg(&path).assert().code(0);
    let out = tmkit_db(&db)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    let tm = json_lines(&out.stdout);
    assert_eq!(tm.len(), rows.len(), "{rel}: {tm:#?}");
    for row in rows {
        let unit = tm
            .iter()
            .find(|u| u["source"].as_str() == Some(row[0].as_str()))
            .unwrap_or_else(|| panic!("{rel}: {:?} is not in the TM: {tm:#?}", row[0]));
        assert_eq!(unit["src_lang"].as_str(), Some(header[0].as_str()));
        let variants = unit["variants"].as_array().cloned().unwrap_or_default();
        let held: Vec<(&str, &str)> = header[1..]
            .iter()
            .zip(&row[1..])
            .filter(|(_, t)| !t.is_empty())
            .map(|(l, t)| (l.as_str(), t.as_str()))
            .collect();
        assert_eq!(variants.len(), held.len(), "{rel}: {unit:#}");
        for (lang, t) in held {
            assert!(
                variants
                    .iter()
                    .any(|v| v["lang"].as_str() == Some(lang) && v["text"].as_str() == Some(t)),
                "{rel}: {lang} {t:?} is not in the TM: {unit:#}"
            );
        }
    }
}

/// A term of a termbase as the file holds it: its language (primary subtag), text, and
/// whether its administrative status says not to use it.
#[derive(Debug, Clone)]
struct FileTerm {
    lang: String,
    text: String,
    forbidden: bool,
}

/// The entries of a TBX file (v2 `termEntry`/`langSet`/`tig`, v3
/// `conceptEntry`/`langSec`/`termSec`, TBX-Min `conceptEntry`/`langGroup`/`termGroup`),
/// read independently. The status is a `termNote type="administrativeStatus"` or an
/// `administrativeStatus` element (v3 DCT, TBX-Min); deprecated, superseded, not
/// recommended, obsolete and (Weblate) forbidden terms are not to be used.
fn termbase_entries(text: &str) -> Vec<Vec<FileTerm>> {
    let mut r = quick_xml::Reader::from_str(text);
    let mut entries: Vec<Vec<FileTerm>> = Vec::new();
    let mut lang = String::new();
    let mut term: Option<(String, String)> = None;
    let (mut in_term, mut in_status) = (false, false);
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => {
                let name = local(e.name().as_ref());
                match name.as_str() {
                    "termEntry" | "conceptEntry" => entries.push(Vec::new()),
                    "langSet" | "langSec" | "langGroup" => {
                        lang = attr(&e, "xml:lang")
                            .unwrap_or_default()
                            .split('-')
                            .next()
                            .unwrap_or_default()
                            .to_ascii_lowercase()
                    }
                    "tig" | "ntig" | "termSec" | "termGroup" => {
                        term = Some((String::new(), String::new()))
                    }
                    "term" => in_term = true,
                    "administrativeStatus" => in_status = true,
                    "termNote" => {
                        in_status = attr(&e, "type").as_deref() == Some("administrativeStatus")
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                let t = t.unescape().unwrap();
                if let Some((text, status)) = term.as_mut() {
                    if in_term {
                        text.push_str(&t);
                    } else if in_status {
                        status.push_str(&t);
                    }
                }
            }
            Event::End(e) => match local(e.name().as_ref()).as_str() {
                "term" => in_term = false,
                "termNote" | "administrativeStatus" => in_status = false,
                "tig" | "ntig" | "termSec" | "termGroup" => {
                    if let (Some((text, status)), Some(entry)) = (term.take(), entries.last_mut()) {
                        let forbidden = [
                            "deprecated",
                            "superseded",
                            "notRecommended",
                            "obsolete",
                            "forbidden",
                        ]
                        .iter()
                        .any(|s| status.trim().starts_with(s));
                        if !text.trim().is_empty() {
                            entry.push(FileTerm {
                                lang: lang.clone(),
                                text: text.trim().to_string(),
                                forbidden,
                            });
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    entries
}

/// A row of the table `check` reads for a termbase: its line, target language, source
/// term, the check it should fail (none: it passes) and the variant that check finds.
struct Case {
    line: u64,
    lang: &'static str,
    en: String,
    expected: Option<&'static str>,
    found: Option<String>,
}

impl Case {
    fn new(
        line: u64,
        lang: &'static str,
        en: &str,
        expected: Option<&'static str>,
        found: Option<&str>,
    ) -> Case {
        Case {
            line,
            lang,
            en: en.to_string(),
            expected,
            found: found.map(str::to_string),
        }
    }
}

/// Converts the termbase `rel` with `glossary import` and checks that every term is in the
/// CSV, in its language's column (forbidden ones in `LANG:forbidden`); then that `check`,
/// with the termbase as its glossary, finds each entry's Kazakh and Russian terms in a
/// table: a translation holding the term passes, one without it is `term-missing`, one
/// with a forbidden variant is `term-forbidden`.
fn termbase_is_read_and_checked(rel: &str) {
    let path = tools().join(rel);
    let entries = termbase_entries(&decode(&std::fs::read(&path).unwrap()));
    assert!(entries.len() >= 2, "{rel}: {entries:?}");

    let d = tempfile::tempdir().unwrap();
    let csv_path = d.path().join("terms.csv");
    tmkit()
        .args(["glossary", "import"])
        .arg(&path)
        .arg("-o")
        .arg(&csv_path)
        .assert()
        .code(0)
        .stderr(predicate::str::contains(format!(
            "{} entries from",
            entries.len()
        )));
    let mut rdr = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), entries.len(), "{rel}: {rows:?}");
    let cell = |row: &[String], col: &str| -> Vec<String> {
        header
            .iter()
            .position(|h| h == col)
            .map(|i| {
                row[i]
                    .split(';')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    for (entry, row) in entries.iter().zip(&rows) {
        for t in entry {
            let cols: Vec<String> = if t.forbidden {
                vec![format!("{}:forbidden", t.lang)]
            } else {
                vec![t.lang.clone(), format!("{}:allowed", t.lang)]
            };
            assert!(
                cols.iter().any(|c| cell(row, c).contains(&t.text)),
                "{rel}: {t:?} is not in {cols:?} of {row:?} ({header:?})"
            );
        }
    }

    check_finds_the_terms(rel, &path, &entries);
}

/// Runs `check` with the glossary `path` (the collection file `rel`, whose entries are
/// `entries`) on a table: for each entry's Kazakh and Russian terms, a translation holding
/// the term passes, one without it is `term-missing`, one with a forbidden variant is
/// `term-forbidden`.
fn check_finds_the_terms(rel: &str, path: &Path, entries: &[Vec<FileTerm>]) {
    let d = tempfile::tempdir().unwrap();
    // The check: one row per case, its expectation by line.
    let usable = |entry: &[FileTerm], lang: &str| {
        entry
            .iter()
            .find(|t| t.lang == lang && !t.forbidden)
            .map(|t| t.text.clone())
    };
    let filler = [
        ("kk", "Бұл туралы хабарланды."),
        ("ru", "Об этом сообщили."),
    ];
    let mut table = String::from("en\tkk\tru\n");
    let mut cases: Vec<Case> = Vec::new();
    let mut line = 1;
    let mut row = |table: &mut String, src: &str, lang: &str, text: &str| {
        let (kk, ru) = if lang == "kk" { (text, "") } else { ("", text) };
        table.push_str(&format!("{src}\t{kk}\t{ru}\n"));
        line += 1;
        line
    };
    for entry in entries {
        let Some(en) = usable(entry, "en") else {
            continue;
        };
        for (lang, fill) in filler {
            if let Some(t) = usable(entry, lang) {
                let l = row(&mut table, &en, lang, &t);
                cases.push(Case::new(l, lang, &en, None, None));
                let l = row(&mut table, &en, lang, fill);
                cases.push(Case::new(l, lang, &en, Some("term-missing"), None));
            }
            for f in entry.iter().filter(|t| t.lang == lang && t.forbidden) {
                let l = row(&mut table, &en, lang, &f.text);
                cases.push(Case::new(
                    l,
                    lang,
                    &en,
                    Some("term-forbidden"),
                    Some(&f.text),
                ));
            }
        }
    }
    assert!(
        cases.iter().any(|c| c.expected == Some("term-missing")),
        "{rel}: no entry with an English and a Kazakh or Russian term"
    );
    let tsv = d.path().join("news.tsv");
    std::fs::write(&tsv, &table).unwrap();
    let out = tmkit()
        .arg("check")
        .arg("--glossary")
        .arg(path)
        .arg(&tsv)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let issues = report["issues"].as_array().cloned().unwrap_or_default();
    for Case {
        line,
        lang,
        en,
        expected,
        found,
    } in &cases
    {
        let at: Vec<&serde_json::Value> = issues
            .iter()
            .filter(|i| {
                i["line"].as_u64() == Some(*line)
                    && i["lang"].as_str() == Some(*lang)
                    && i["term"].as_str() == Some(en.as_str())
                    && i["check"].as_str().is_some_and(|c| c.starts_with("term-"))
            })
            .collect();
        match expected {
            None => assert!(at.is_empty(), "{rel}: line {line} of\n{table}: {at:#?}"),
            Some(check) => assert!(
                at.iter().any(|i| i["check"].as_str() == Some(*check)
                    && found
                        .as_deref()
                        .is_none_or(|f| i["found"].as_str() == Some(f))),
                "{rel}: no {check} at line {line} of\n{table}: {issues:#?}"
            ),
        }
    }
}
