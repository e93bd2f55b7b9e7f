//! [`EventReader`]: the pull parser every XML reader in tmkit stands on.

use std::io::BufRead;

use quick_xml::events::Event;

use super::chars::utf8;
use super::error::{xerr, xml_error_message, XmlError};
use super::event::{name, Ev, RawEv};
use super::tag::tag;
use super::text::{cdata, text};

/// Pull parser over quick-xml that skips comments, PIs and the XML declaration, refuses
/// `<!ENTITY` declarations, and checks what quick-xml does not: UTF-8, characters legal in
/// XML 1.0, known entity references, line-end normalization. It yields borrowed
/// [`RawEv`]s ([`next_raw`](Self::next_raw)) or, inside the crate, owned events
/// (`next_event`). It never fetches anything: a DOCTYPE's external
/// identifier is ignored.
pub struct EventReader<R: BufRead> {
    xml: quick_xml::Reader<R>,
    buf: Vec<u8>,
    at: u64,
}

impl<R: BufRead> EventReader<R> {
    /// A reader over UTF-8 input (see [`decode_input`](super::decode_input)).
    pub fn new(input: R) -> Self {
        let mut xml = quick_xml::Reader::from_reader(input);
        let cfg = xml.config_mut();
        cfg.check_end_names = true;
        cfg.check_comments = true;
        cfg.expand_empty_elements = false;
        cfg.trim_text(false);
        EventReader {
            xml,
            buf: Vec::with_capacity(4096),
            at: 0,
        }
    }

    /// Byte offset where the last event started.
    pub(crate) fn at(&self) -> u64 {
        self.at
    }

    /// Bytes of input consumed so far.
    pub(crate) fn position(&self) -> u64 {
        self.xml.buffer_position()
    }

    /// Skips everything up to the end of the element `name` just opened (TMX, XLIFF and
    /// TBX readers skip elements they do not know this way).
    pub(crate) fn skip_to_end(&mut self, name: &str) -> Result<(), XmlError> {
        let mut depth = 1usize;
        loop {
            let (ev, at) = self.next_raw()?;
            match ev {
                RawEv::Start(t) => {
                    // Skipped content is still checked as the rest is.
                    t.attrs(|_, _| Ok(()))?;
                    depth += 1;
                }
                RawEv::Empty(t) => t.attrs(|_, _| Ok(()))?,
                RawEv::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                RawEv::Eof => {
                    return xerr(
                        at,
                        format!("unexpected end of file: <{name}> is not closed"),
                    )
                }
                RawEv::Text(t) => {
                    text(t, at)?;
                }
                RawEv::CData(t) => {
                    cdata(t, at)?;
                }
            }
        }
    }

    /// The next event, borrowed from the reader's buffer, with the byte offset where it
    /// starts.
    // `#[inline]`: each codegen unit that calls this per-event step gets its own copy (the
    // TMX, XLIFF and TBX readers are generic over their input, compiled where it is chosen).
    // Without it the copy was placed by this module's path, and moving the XML floor out of
    // `formats/tmx/` changed how quick-xml's reading loop was compiled: TMX parsing took
    // 3-4% more time for about as many instructions (callgrind and perf, issue 12).
    #[inline]
    pub fn next_raw(&mut self) -> Result<(RawEv<'_>, u64), XmlError> {
        enum Kind {
            Start(usize),
            Empty(usize),
            End,
            Text,
            CData,
        }
        loop {
            self.buf.clear();
            self.at = self.xml.buffer_position();
            let at = self.at;
            let ev = match self.xml.read_event_into(&mut self.buf) {
                Ok(ev) => ev,
                Err(e) => {
                    let pos = self.xml.error_position().max(at);
                    return xerr(pos, xml_error_message(&e));
                }
            };
            // Where the event's bytes lie (in `buf`), so that they can be borrowed for
            // as long as the caller needs them once quick-xml's event is gone.
            let (kind, ptr, len) = match &ev {
                Event::Start(e) => (Kind::Start(e.name().as_ref().len()), e.as_ptr(), e.len()),
                Event::Empty(e) => (Kind::Empty(e.name().as_ref().len()), e.as_ptr(), e.len()),
                Event::End(e) => {
                    let n = e.name();
                    (Kind::End, n.as_ref().as_ptr(), n.as_ref().len())
                }
                Event::Text(t) => (Kind::Text, t.as_ptr(), t.len()),
                Event::CData(c) => (Kind::CData, c.as_ptr(), c.len()),
                Event::DocType(d) => {
                    let d = utf8(d, at)?;
                    if d.contains("<!ENTITY") || d.contains("<!entity") {
                        return xerr(
                            at,
                            "the DOCTYPE declares entities; entity declarations are refused \
                             (they can expand without bound)",
                        );
                    }
                    continue;
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) => continue,
                Event::Eof => return Ok((RawEv::Eof, at)),
            };
            drop(ev);
            let bytes: &[u8] = if len == 0 {
                &[]
            } else {
                let start = (ptr as usize).wrapping_sub(self.buf.as_ptr() as usize);
                match self.buf.get(start..start.saturating_add(len)) {
                    Some(b) => b,
                    None => return xerr(at, "malformed XML: unreadable event"),
                }
            };
            let ev = match kind {
                Kind::Start(n) => RawEv::Start(tag(bytes, n, at)?),
                Kind::Empty(n) => RawEv::Empty(tag(bytes, n, at)?),
                Kind::End => RawEv::End(utf8(bytes, at)?),
                Kind::Text => RawEv::Text(utf8(bytes, at)?),
                Kind::CData => RawEv::CData(utf8(bytes, at)?),
            };
            return Ok((ev, at));
        }
    }

    /// The next event, owned.
    pub(crate) fn next_event(&mut self) -> Result<Ev, XmlError> {
        let (ev, at) = self.next_raw()?;
        Ok(match ev {
            RawEv::Start(t) => Ev::Start(t.to_elem()?),
            RawEv::Empty(t) => Ev::Empty(t.to_elem()?),
            RawEv::End(n) => Ev::End(name(n)),
            RawEv::Text(raw) => Ev::Text(text(raw, at)?.into_owned()),
            RawEv::CData(c) => Ev::Text(cdata(c, at)?.into_owned()),
            RawEv::Eof => Ev::Eof,
        })
    }
}
