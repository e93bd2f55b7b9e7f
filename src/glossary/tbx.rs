//! TBX glossaries: reading TBX v2 (`<martif>`, ISO 30042:2008) and TBX v3 (`<tbx>`,
//! ISO 30042:2019) term bases, writing TBX v2 as translate-toolkit and OmegaT read it
//! (valid against `TBXcoreStructV02.dtd`).
//!
//! Mapping to [`Entry`]: a `termEntry`/`conceptEntry` is an entry; per `langSet`/`langSec`,
//! the first term whose `administrativeStatus` is not deprecated/superseded is the preferred
//! rendering, further ones are allowed, deprecated and superseded ones are forbidden. A
//! `grammaticalGender` of masculine/feminine gives the entry's gender; the first `note`
//! its note. The reader never fetches a DTD and refuses entity declarations.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::glossary::{Entry, Gender, GlossaryError, Origin, Terms};
use crate::text::nfc;

/// Line (1-based) of a byte offset in `text`.
fn line_of(text: &str, pos: usize) -> u64 {
    let pos = pos.min(text.len());
    1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..pos]).count() as u64
}

/// Whether `s` is an XML Name (as an `id` attribute must be): a letter, `_` or `:` first.
fn is_xml_name(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphabetic() || first == '_' || first == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.' | '\u{b7}'))
}

#[derive(Default)]
struct TermBuf {
    text: String,
    status: Option<String>,
    gender: Option<Gender>,
}

#[derive(Default)]
struct EntryBuf {
    line: u64,
    terms: BTreeMap<String, Terms>,
    gender: Option<Gender>,
    note: Option<String>,
}

fn attr(e: &BytesStart<'_>, name: &[u8]) -> Result<Option<String>, quick_xml::Error> {
    for a in e.attributes() {
        let a = a.map_err(quick_xml::Error::from)?;
        if a.key.as_ref() == name {
            return Ok(Some(a.unescape_value()?.into_owned()));
        }
    }
    Ok(None)
}

/// Reads a TBX v2 or v3 file's entries. Errors name the file and line.
pub fn read(bytes: &[u8], path: &Path) -> Result<Vec<Entry>, GlossaryError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + memchr::memchr_iter(b'\n', &bytes[..e.valid_up_to()]).count() as u64;
        GlossaryError::at_line(path, line, "invalid UTF-8 (TBX files must be UTF-8)")
    })?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().expand_empty_elements = true;

    let mut stack: Vec<String> = Vec::new();
    let mut entries = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut entry: Option<EntryBuf> = None;
    let mut lang: Option<String> = None;
    let mut term: Option<TermBuf> = None;
    let mut in_term = false;
    let mut note_text: Option<String> = None;
    let mut term_note: Option<(String, String)> = None;
    let mut root_seen = false;

    loop {
        let pos = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|e| {
            let at = reader.error_position() as usize;
            GlossaryError::at_line(path, line_of(text, at), format!("malformed XML: {e}"))
        })?;
        let xml_err = |e: quick_xml::Error| {
            GlossaryError::at_line(path, line_of(text, pos), format!("malformed XML: {e}"))
        };
        let at = |m: String| GlossaryError::at_line(path, line_of(text, pos), m);
        match ev {
            Event::DocType(d) => {
                let d = String::from_utf8_lossy(&d).into_owned();
                if d.contains("<!ENTITY") {
                    return Err(at(
                        "entity declarations are not accepted in TBX files".into()
                    ));
                }
            }
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if !root_seen {
                    root_seen = true;
                    if name != "martif" && name != "tbx" {
                        return Err(at(format!(
                            "the root element is <{name}>: not a TBX file (expected <martif> or <tbx>)"
                        )));
                    }
                }
                if let Some(id) = attr(&e, b"id").map_err(xml_err)? {
                    if !is_xml_name(&id) {
                        return Err(at(format!(
                            "<{name}> has id=\"{id}\", which is not a valid XML ID (it must start with a letter or _)"
                        )));
                    }
                    if !ids.insert(id.clone()) {
                        return Err(at(format!("the id \"{id}\" is used twice")));
                    }
                }
                match name.as_str() {
                    "termEntry" | "conceptEntry" => {
                        entry = Some(EntryBuf {
                            line: line_of(text, pos),
                            ..Default::default()
                        });
                    }
                    "langSet" | "langSec" => {
                        let l = attr(&e, b"xml:lang").map_err(xml_err)?;
                        let l = l.or(attr(&e, b"lang").map_err(xml_err)?);
                        let Some(l) = l.filter(|l| crate::lang::is_valid(l.trim())) else {
                            return Err(at(format!("<{name}> without a valid xml:lang attribute")));
                        };
                        lang = Some(crate::lang::canonical(&l));
                    }
                    "tig" | "ntig" | "termSec" => term = Some(TermBuf::default()),
                    "term" => in_term = true,
                    "termNote" => {
                        let t = attr(&e, b"type").map_err(xml_err)?.unwrap_or_default();
                        term_note = Some((t, String::new()));
                    }
                    "note" if entry.is_some() && note_text.is_none() => {
                        note_text = Some(String::new())
                    }
                    _ => {}
                }
                stack.push(name);
            }
            Event::Text(t) => {
                let s = t.unescape().map_err(xml_err)?;
                push_text(
                    &s,
                    in_term,
                    &mut term,
                    &mut term_note,
                    &mut note_text,
                    &stack,
                );
            }
            Event::CData(c) => {
                let s = String::from_utf8_lossy(&c).into_owned();
                push_text(
                    &s,
                    in_term,
                    &mut term,
                    &mut term_note,
                    &mut note_text,
                    &stack,
                );
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                match name.as_str() {
                    "term" => in_term = false,
                    "termNote" => {
                        if let (Some((ty, v)), Some(tb)) = (term_note.take(), term.as_mut()) {
                            match ty.as_str() {
                                "administrativeStatus" => tb.status = Some(v.trim().to_string()),
                                "grammaticalGender" => tb.gender = Gender::parse(&v),
                                _ => {}
                            }
                        }
                    }
                    "note"
                        if stack
                            .iter()
                            .any(|s| s == "termEntry" || s == "conceptEntry") =>
                    {
                        if let (Some(n), Some(eb)) = (note_text.take(), entry.as_mut()) {
                            let n = n.trim();
                            if eb.note.is_none() && !n.is_empty() {
                                eb.note = Some(nfc(n).into_owned());
                            }
                        }
                    }
                    "tig" | "ntig" | "termSec" => {
                        let (Some(tb), Some(l), Some(eb)) =
                            (term.take(), lang.as_ref(), entry.as_mut())
                        else {
                            continue;
                        };
                        let t = nfc(tb.text.trim()).into_owned();
                        if t.is_empty() {
                            return Err(at(format!("<{name}> has an empty <term>")));
                        }
                        if eb.gender.is_none() {
                            eb.gender = tb.gender;
                        }
                        let slot = eb.terms.entry(l.clone()).or_default();
                        let status = tb.status.as_deref().unwrap_or("");
                        if status.starts_with("deprecated") || status.starts_with("superseded") {
                            slot.forbidden.push(t);
                        } else if slot.preferred.is_none() {
                            slot.preferred = Some(t);
                        } else if status.starts_with("preferred") {
                            let old = slot.preferred.replace(t);
                            slot.allowed.extend(old);
                        } else {
                            slot.allowed.push(t);
                        }
                    }
                    "langSet" | "langSec" => lang = None,
                    "termEntry" | "conceptEntry" => {
                        if let Some(eb) = entry.take() {
                            if eb.terms.is_empty() {
                                return Err(GlossaryError::at_line(
                                    path,
                                    eb.line,
                                    format!("<{name}> holds no term"),
                                ));
                            }
                            entries.push(Entry {
                                terms: eb.terms,
                                gender: eb.gender,
                                note: eb.note,
                                origin: Origin {
                                    file: path.to_path_buf(),
                                    line: eb.line,
                                },
                            });
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Err(GlossaryError::file(path, "no XML element: not a TBX file"));
    }
    if entries.is_empty() {
        return Err(GlossaryError::file(path, "the TBX file holds no termEntry"));
    }
    Ok(entries)
}

fn push_text(
    s: &str,
    in_term: bool,
    term: &mut Option<TermBuf>,
    term_note: &mut Option<(String, String)>,
    note: &mut Option<String>,
    stack: &[String],
) {
    if in_term {
        if let Some(t) = term.as_mut() {
            t.text.push_str(s);
        }
    } else if let Some((_, v)) = term_note.as_mut() {
        v.push_str(s);
    } else if let Some(n) = note.as_mut() {
        if stack.iter().any(|e| e == "note") {
            n.push_str(s);
        }
    }
}

/// Escapes text for XML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes entries as a TBX-Basic v2 `<martif>` document (UTF-8) with `source_lang` as the
/// document language. Fails when there is nothing to write (TBX needs one `termEntry`).
pub fn write(entries: &[Entry], source_lang: &str) -> Result<String, String> {
    if entries.is_empty() {
        return Err("the glossary has no entries: TBX needs at least one termEntry".into());
    }
    let mut o = String::new();
    let _ = write!(
        o,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE martif SYSTEM \"TBXcoreStructV02.dtd\">\n\
         <martif type=\"TBX-Basic\" xml:lang=\"{}\">\n  <martifHeader>\n    <fileDesc>\n      \
         <titleStmt><title>tmkit glossary</title></titleStmt>\n      \
         <sourceDesc><p>Exported by tmkit {}</p></sourceDesc>\n    </fileDesc>\n    \
         <encodingDesc><p type=\"XCSURI\">TBXBasicXCSV02.xcs</p></encodingDesc>\n  </martifHeader>\n  \
         <text>\n    <body>\n",
        esc(source_lang),
        env!("CARGO_PKG_VERSION")
    );
    for (i, e) in entries.iter().enumerate() {
        let _ = writeln!(o, "      <termEntry id=\"e{}\">", i + 1);
        if let Some(n) = &e.note {
            let _ = writeln!(o, "        <note>{}</note>", esc(n));
        }
        // Source language first, then the others in tag order.
        let mut langs: Vec<&String> = e.terms.keys().collect();
        langs.sort_by_key(|l| (l.as_str() != source_lang, l.as_str()));
        for l in langs {
            let t = &e.terms[l];
            let _ = writeln!(o, "        <langSet xml:lang=\"{}\">", esc(l));
            let mut tig = |term: &str, status: &str, gender: Option<Gender>| {
                let _ = write!(
                    o,
                    "          <tig><term>{}</term><termNote type=\"administrativeStatus\">{status}</termNote>",
                    esc(term)
                );
                if let Some(g) = gender {
                    let g = match g {
                        Gender::M => "masculine",
                        Gender::F => "feminine",
                    };
                    let _ = write!(o, "<termNote type=\"grammaticalGender\">{g}</termNote>");
                }
                o.push_str("</tig>\n");
            };
            if let Some(p) = &t.preferred {
                tig(p, "preferredTerm-admn-sts", e.gender);
            }
            for a in &t.allowed {
                tig(a, "admittedTerm-admn-sts", None);
            }
            for f in &t.forbidden {
                tig(f, "deprecatedTerm-admn-sts", None);
            }
            o.push_str("        </langSet>\n");
        }
        o.push_str("      </termEntry>\n");
    }
    o.push_str("    </body>\n  </text>\n</martif>\n");
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::parse_csv;

    #[test]
    fn v2_statuses_map_to_preferred_allowed_forbidden() {
        let tbx = r#"<?xml version="1.0"?>
<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="a1"><note>city &amp; region</note>
 <langSet xml:lang="en"><tig><term>Almaty</term></tig></langSet>
 <langSet xml:lang="RU"><tig><term>Алма-Ата</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
   <tig><term>Алматы</term></tig><tig><term>Алмата</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig></langSet>
</termEntry></body></text></martif>"#;
        let e = read(tbx.as_bytes(), Path::new("t.tbx")).unwrap();
        assert_eq!(e.len(), 1);
        let ru = &e[0].terms["ru"];
        assert_eq!(ru.preferred.as_deref(), Some("Алматы"));
        assert_eq!(ru.allowed, vec!["Алмата"]);
        assert_eq!(ru.forbidden, vec!["Алма-Ата"]);
        assert_eq!(e[0].note.as_deref(), Some("city & region"));
        assert_eq!(e[0].origin.line, 4);
    }

    #[test]
    fn export_then_import_gives_the_same_entries() {
        let csv = "en,kk,ru,ru:forbidden,kk:allowed,gender,note\n\
                   Baibolat Kunbolat,Байболат Күнболат,Байболат Кунболат,Байболат Кумболат,,m,\"activist <b> & co\"\n\
                   Almaty,Алматы,Алматы,Алма-Ата;Алмата,Алмата қаласы,,\n";
        let entries = parse_csv(csv.as_bytes(), Path::new("g.csv")).unwrap();
        let tbx = write(&entries, "en").unwrap();
        let back = read(tbx.as_bytes(), Path::new("g.tbx")).unwrap();
        assert_eq!(back.len(), entries.len());
        for (a, b) in entries.iter().zip(&back) {
            assert_eq!(a.terms, b.terms);
            assert_eq!(a.gender, b.gender);
            assert_eq!(a.note, b.note);
        }
    }

    #[test]
    fn bad_ids_missing_languages_and_other_roots_are_refused() {
        let head = r#"<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader><text><body>"#;
        let tail = "</body></text></martif>";
        let numeric = format!("{head}\n<termEntry id=\"1\"><langSet xml:lang=\"en\"><tig><term>a</term></tig></langSet></termEntry>{tail}");
        let err = read(numeric.as_bytes(), Path::new("t.tbx"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.tbx:2:") && err.contains("not a valid XML ID"),
            "{err}"
        );
        let nolang = format!("{head}<termEntry id=\"c1\">\n<langSet><tig><term>a</term></tig></langSet></termEntry>{tail}");
        let err = read(nolang.as_bytes(), Path::new("t.tbx"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.tbx:2:") && err.contains("xml:lang"),
            "{err}"
        );
        let err = read(b"<tmx version=\"1.4\"/>", Path::new("t.tbx"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a TBX file"), "{err}");
        let err = read(b"<martif><text>", Path::new("t.tbx"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("t.tbx:"), "{err}");
    }
}
