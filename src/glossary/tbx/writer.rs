//! [`write_tbx`]: glossary entries as a TBX-Basic v2 `<martif>` document, escaped by the XML
//! floor.

use std::fmt::Write as _;

use crate::formats::xml::{escape_attr, escape_text, first_illegal_char};
use crate::glossary::{Entry, Gender, Origin};

/// Why a glossary cannot be written as TBX.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TbxWriteError {
    /// There is nothing to write: TBX needs one `termEntry`.
    #[error("the glossary has no entries: TBX needs at least one termEntry")]
    Empty,
    /// A term or note holds a character XML 1.0 cannot carry (a control character such as
    /// NUL, U+FFFE or U+FFFF), which no TBX reader would accept.
    #[error(
        "{origin}: the {what} holds character U+{code:04X}, which XML 1.0 cannot carry \
         (TBX is XML): remove it from the glossary",
        code = *.character as u32
    )]
    IllegalChar {
        /// The entry holding it.
        origin: Origin,
        /// Which text: `note` or `<lang> term “…”`.
        what: String,
        /// The character.
        character: char,
    },
}

/// Refuses text XML cannot carry (rather than dropping characters from a term silently).
fn check(s: &str, origin: &Origin, what: impl FnOnce() -> String) -> Result<(), TbxWriteError> {
    match first_illegal_char(s) {
        None => Ok(()),
        Some((_, character)) => Err(TbxWriteError::IllegalChar {
            origin: origin.clone(),
            what: what(),
            character,
        }),
    }
}

/// Writes entries as a TBX-Basic v2 `<martif>` document (UTF-8) with `source_lang` as the
/// document language, valid against `TBXcoreStructV02.dtd` and as translate-toolkit and
/// OmegaT read it. Fails when there is nothing to write (TBX needs one `termEntry`) or
/// when a term or note holds a character XML cannot carry; nothing is returned then.
pub fn write_tbx(entries: &[Entry], source_lang: &str) -> Result<String, TbxWriteError> {
    if entries.is_empty() {
        return Err(TbxWriteError::Empty);
    }
    let mut o = String::new();
    // Writing into a String cannot fail.
    let _ = write!(
        o,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE martif SYSTEM \"TBXcoreStructV02.dtd\">\n\
         <martif type=\"TBX-Basic\" xml:lang=\"{}\">\n  <martifHeader>\n    <fileDesc>\n      \
         <titleStmt><title>tmkit glossary</title></titleStmt>\n      \
         <sourceDesc><p>Exported by tmkit {}</p></sourceDesc>\n    </fileDesc>\n    \
         <encodingDesc><p type=\"XCSURI\">TBXBasicXCSV02.xcs</p></encodingDesc>\n  </martifHeader>\n  \
         <text>\n    <body>\n",
        escape_attr(source_lang),
        env!("CARGO_PKG_VERSION")
    );
    for (i, e) in entries.iter().enumerate() {
        let _ = writeln!(o, "      <termEntry id=\"e{}\">", i + 1);
        if let Some(n) = &e.note {
            check(n, &e.origin, || "note".into())?;
            let _ = writeln!(o, "        <note>{}</note>", escape_text(n));
        }
        // Source language first, then the others in tag order.
        let mut langs: Vec<&String> = e.terms.keys().collect();
        langs.sort_by_key(|l| (l.as_str() != source_lang, l.as_str()));
        for l in langs {
            let t = &e.terms[l];
            let _ = writeln!(o, "        <langSet xml:lang=\"{}\">", escape_attr(l));
            let mut tig = |term: &str, status: &str, gender: Option<Gender>| {
                check(term, &e.origin, || {
                    format!("{l} term “{}”", term.escape_debug())
                })?;
                let _ = write!(
                    o,
                    "          <tig><term>{}</term><termNote type=\"administrativeStatus\">{status}</termNote>",
                    escape_text(term)
                );
                if let Some(g) = gender {
                    let g = match g {
                        Gender::M => "masculine",
                        Gender::F => "feminine",
                    };
                    let _ = write!(o, "<termNote type=\"grammaticalGender\">{g}</termNote>");
                }
                o.push_str("</tig>\n");
                Ok::<(), TbxWriteError>(())
            };
            if let Some(p) = &t.preferred {
                tig(p, "preferredTerm-admn-sts", e.gender)?;
            }
            for a in &t.allowed {
                tig(a, "admittedTerm-admn-sts", None)?;
            }
            for f in &t.forbidden {
                tig(f, "deprecatedTerm-admn-sts", None)?;
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
    use std::path::Path;

    use super::*;
    use crate::glossary::parse_csv;
    use crate::glossary::parse_tbx;

    #[test]
    fn export_then_import_gives_the_same_entries() {
        let csv = "en,kk,ru,ru:forbidden,kk:allowed,gender,note\n\
                   Baibolat Kunbolat,Байболат Күнболат,Байболат Кунболат,Байболат Кумболат,,m,\"activist <b> & co\"\n\
                   Almaty,Алматы,Алматы,Алма-Ата;Алмата,Алмата қаласы,,\n";
        let entries = parse_csv(csv.as_bytes(), Path::new("g.csv")).unwrap();
        let tbx = write_tbx(&entries, "en").unwrap();
        let back = parse_tbx(tbx.as_bytes(), Path::new("g.tbx")).unwrap();
        assert_eq!(back.len(), entries.len());
        for (a, b) in entries.iter().zip(&back) {
            assert_eq!(a.terms, b.terms);
            assert_eq!(a.gender, b.gender);
            assert_eq!(a.note, b.note);
        }
    }

    #[test]
    fn writes_the_same_bytes_as_before_the_xml_floor() {
        // The output of the writer before it used the XML floor, for one entry with every
        // kind of rendering, a gender and a note with markup characters.
        let csv = "en,kk,ru,ru:forbidden,kk:allowed,gender,note\n\
                   Aigerim Tazhi,Әйгерім Тажи,Айгерим Тажи,Айгерим Тажы,Айгерім Тажи,f,\"poet \"\"Tazhi\"\" <b> & co\"\n";
        let entries = parse_csv(csv.as_bytes(), Path::new("g.csv")).unwrap();
        let want = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en">
  <martifHeader>
    <fileDesc>
      <titleStmt><title>tmkit glossary</title></titleStmt>
      <sourceDesc><p>Exported by tmkit {version}</p></sourceDesc>
    </fileDesc>
    <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>
  </martifHeader>
  <text>
    <body>
      <termEntry id="e1">
        <note>poet &quot;Tazhi&quot; &lt;b&gt; &amp; co</note>
        <langSet xml:lang="en">
          <tig><term>Aigerim Tazhi</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote><termNote type="grammaticalGender">feminine</termNote></tig>
        </langSet>
        <langSet xml:lang="kk">
          <tig><term>Әйгерім Тажи</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote><termNote type="grammaticalGender">feminine</termNote></tig>
          <tig><term>Айгерім Тажи</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
        </langSet>
        <langSet xml:lang="ru">
          <tig><term>Айгерим Тажи</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote><termNote type="grammaticalGender">feminine</termNote></tig>
          <tig><term>Айгерим Тажы</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
        </langSet>
      </termEntry>
    </body>
  </text>
</martif>
"#,
            version = env!("CARGO_PKG_VERSION")
        );
        assert_eq!(write_tbx(&entries, "en").unwrap(), want);
    }

    #[test]
    fn a_carriage_return_in_a_note_survives_the_round_trip() {
        let csv = "en,kk,note\nAlmaty,Алматы,\"line one\r\nline two\"\n";
        let entries = parse_csv(csv.as_bytes(), Path::new("g.csv")).unwrap();
        assert_eq!(entries[0].note.as_deref(), Some("line one\r\nline two"));
        let tbx = write_tbx(&entries, "en").unwrap();
        assert!(
            tbx.contains("<note>line one&#13;\nline two</note>"),
            "{tbx}"
        );
        let back = parse_tbx(tbx.as_bytes(), Path::new("g.tbx")).unwrap();
        assert_eq!(back[0].note, entries[0].note);
    }

    #[test]
    fn characters_xml_cannot_carry_are_refused_naming_the_entry() {
        let csv = "en,kk,note\nAlmaty,Алматы,fine\nAstana,Астана,\nAbai,Абай,bad\u{1}note\n";
        let mut entries = parse_csv(csv.as_bytes(), Path::new("g.csv")).unwrap();
        // parse_csv refuses a NUL byte: the entry gets its U+0000 by hand.
        entries[1].terms.get_mut("kk").unwrap().preferred = Some("Аста\u{0}на".into());
        let err = write_tbx(&entries, "en").unwrap_err();
        assert_eq!(
            err.to_string(),
            "g.csv:3: the kk term “Аста\\0на” holds character U+0000, which XML 1.0 cannot \
             carry (TBX is XML): remove it from the glossary"
        );
        let err = write_tbx(&entries[2..], "en").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("g.csv:4: the note holds character U+0001"),
            "{err}"
        );
        assert_eq!(write_tbx(&[], "en").unwrap_err(), TbxWriteError::Empty);
    }
}
