//! Streaming TMX 1.4b writer.

use std::io::{self, Write};

use crate::formats::xml::{write_attr, write_text};
use crate::store::{time, ContextProp, Prop, Unit, Variant};

/// What goes into the `<header>`.
#[derive(Debug, Clone)]
pub struct HeaderInfo {
    /// `srclang` (the source language of every unit written).
    pub srclang: String,
    /// `adminlang`.
    pub adminlang: String,
    /// Creation time in the store's form (`YYYY-MM-DDTHH:MM:SSZ`).
    pub creationdate: String,
    /// `creationtoolversion`.
    pub tool_version: String,
}

impl HeaderInfo {
    /// A header for units in `srclang`, created now by this tmkit.
    pub fn new(srclang: &str) -> Self {
        HeaderInfo {
            srclang: srclang.to_string(),
            adminlang: "en".to_string(),
            creationdate: time::now_utc(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// Writes a TMX 1.4b document one `<tu>` at a time (UTF-8, no BOM, DOCTYPE `tmx14.dtd`).
pub struct TmxWriter<W: Write> {
    w: W,
    units: u64,
}

impl<W: Write> TmxWriter<W> {
    /// Writes the prolog, the header and `<body>`.
    pub fn new(mut w: W, h: &HeaderInfo) -> io::Result<Self> {
        w.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
              <!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n\
              <tmx version=\"1.4\">\n  <header creationtool=\"tmkit\" creationtoolversion=\"",
        )?;
        write_attr(&mut w, &h.tool_version)?;
        w.write_all(b"\" segtype=\"sentence\" o-tmf=\"tmkit\" adminlang=\"")?;
        write_attr(&mut w, &h.adminlang)?;
        w.write_all(b"\" srclang=\"")?;
        write_attr(&mut w, &h.srclang)?;
        w.write_all(b"\" datatype=\"plaintext\" creationdate=\"")?;
        write_date(&mut w, &h.creationdate)?;
        w.write_all(b"\"/>\n  <body>\n")?;
        Ok(TmxWriter { w, units: 0 })
    }

    /// Number of units written so far.
    pub fn units(&self) -> u64 {
        self.units
    }

    /// Writes one unit with its source and the given variants (in that order), its unit-level
    /// props and notes, tmkit's provenance props, and each written variant's own props.
    pub fn write_unit(&mut self, u: &Unit, variants: &[&Variant]) -> io::Result<()> {
        self.write_tu(u, 0, &[], variants)
    }

    /// Writes `<tu>` number `n` (from 0) of unit `u`: its source and the given variants (in
    /// that order), the context props `context`, the unit's props and notes and each written
    /// variant's own. The first `<tu>` of a unit (`n == 0`) also has tmkit's provenance
    /// props and the unit's tuid; a later one (an alternative translation, TMX tools
    /// expecting one translation per language in a `<tu>`) has the tuid `TUID-N` (N from 2).
    pub fn write_tu(
        &mut self,
        u: &Unit,
        n: usize,
        context: &[ContextProp],
        variants: &[&Variant],
    ) -> io::Result<()> {
        let w = &mut self.w;
        w.write_all(b"    <tu tuid=\"")?;
        match &u.tuid {
            Some(t) if !t.is_empty() => write_attr(w, t)?,
            _ => write!(w, "{}", u.id)?,
        }
        if n > 0 {
            write!(w, "-{}", n + 1)?;
        }
        w.write_all(b"\"")?;
        write_stamps(
            w,
            &u.created_at,
            &u.created_by,
            &u.changed_at,
            &u.changed_by,
        )?;
        w.write_all(b">\n")?;
        for p in u.props.iter().filter(|p| p.lang.is_none()) {
            write_prop(w, p, "      ")?;
        }
        for p in context {
            simple_prop(w, &p.prop_type, &p.value)?;
        }
        if n == 0 {
            for o in &u.provenance {
                simple_prop(w, "x-document", &o.document)?;
                simple_prop(w, "x-paragraph", &o.paragraph.to_string())?;
                simple_prop(w, "x-sentence", &o.sentence.to_string())?;
                if let Some(h) = &o.prev_hash {
                    simple_prop(w, "x-context-prev", h)?;
                }
                if let Some(h) = &o.next_hash {
                    simple_prop(w, "x-context-next", h)?;
                }
            }
        }
        w.write_all(b"      <tuv xml:lang=\"")?;
        write_attr(w, &u.src_lang)?;
        w.write_all(b"\">\n")?;
        write_lang_props(w, &u.props, &u.src_lang)?;
        write_seg(w, &u.source, u.source_markup.as_deref())?;
        for v in variants {
            w.write_all(b"      <tuv xml:lang=\"")?;
            write_attr(w, &v.lang)?;
            w.write_all(b"\"")?;
            write_stamps(
                w,
                &v.created_at,
                &v.created_by,
                &v.changed_at,
                &v.changed_by,
            )?;
            w.write_all(b">\n")?;
            write_lang_props(w, &u.props, &v.lang)?;
            for p in &v.props {
                write_prop(w, p, "        ")?;
            }
            write_seg(w, &v.text, v.markup.as_deref())?;
        }
        w.write_all(b"    </tu>\n")?;
        if n == 0 {
            self.units += 1;
        }
        Ok(())
    }

    /// Closes `<body>` and `<tmx>`, flushes, and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.w.write_all(b"  </body>\n</tmx>\n")?;
        self.w.flush()?;
        Ok(self.w)
    }
}

fn write_stamps<W: Write + ?Sized>(
    w: &mut W,
    created_at: &str,
    created_by: &str,
    changed_at: &str,
    changed_by: &str,
) -> io::Result<()> {
    if is_stored_time(created_at) {
        w.write_all(b" creationdate=\"")?;
        write_date(w, created_at)?;
        w.write_all(b"\"")?;
    }
    if !created_by.is_empty() {
        w.write_all(b" creationid=\"")?;
        write_attr(w, created_by)?;
        w.write_all(b"\"")?;
    }
    if is_stored_time(changed_at) {
        w.write_all(b" changedate=\"")?;
        write_date(w, changed_at)?;
        w.write_all(b"\"")?;
    }
    if !changed_by.is_empty() {
        w.write_all(b" changeid=\"")?;
        write_attr(w, changed_by)?;
        w.write_all(b"\"")?;
    }
    Ok(())
}

/// Whether `s` has the stored timestamp shape `YYYY-MM-DDTHH:MM:SSZ` (cheap; no allocation).
fn is_stored_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            19 => c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

/// Writes a stored timestamp in TMX form (`YYYYMMDDThhmmssZ`) without allocating.
fn write_date<W: Write + ?Sized>(w: &mut W, stored: &str) -> io::Result<()> {
    let mut out = [0u8; 32];
    let mut n = 0;
    for &b in stored.as_bytes() {
        if b != b'-' && b != b':' && n < out.len() {
            out[n] = b;
            n += 1;
        }
    }
    w.write_all(&out[..n])
}

fn write_lang_props<W: Write + ?Sized>(w: &mut W, props: &[Prop], lang: &str) -> io::Result<()> {
    for p in props {
        if p.lang
            .as_deref()
            .is_some_and(|l| l.eq_ignore_ascii_case(lang))
        {
            write_prop(w, p, "        ")?;
        }
    }
    Ok(())
}

fn simple_prop<W: Write + ?Sized>(w: &mut W, ty: &str, value: &str) -> io::Result<()> {
    w.write_all(b"      <prop type=\"")?;
    write_attr(w, ty)?;
    w.write_all(b"\">")?;
    write_text(w, value)?;
    w.write_all(b"</prop>\n")
}

fn write_prop<W: Write + ?Sized>(w: &mut W, p: &Prop, indent: &str) -> io::Result<()> {
    w.write_all(indent.as_bytes())?;
    if p.kind == "note" {
        w.write_all(b"<note>")?;
        write_text(w, &p.value)?;
        w.write_all(b"</note>\n")
    } else {
        w.write_all(b"<prop type=\"")?;
        // `type` is required by the DTD.
        write_attr(w, p.prop_type.as_deref().unwrap_or("x-unknown"))?;
        w.write_all(b"\">")?;
        write_text(w, &p.value)?;
        w.write_all(b"</prop>\n")
    }
}

/// Writes `<seg>`: the stored inline markup when it is valid TMX seg content, else the
/// escaped text; no leading or trailing whitespace.
fn write_seg<W: Write + ?Sized>(w: &mut W, text: &str, markup: Option<&str>) -> io::Result<()> {
    w.write_all(b"        <seg>")?;
    match markup
        .map(str::trim)
        .filter(|m| super::markup::is_valid_seg_content(m))
    {
        Some(m) => w.write_all(m.as_bytes())?,
        None => write_text(w, text.trim())?,
    }
    w.write_all(b"</seg>\n      </tuv>\n")
}
