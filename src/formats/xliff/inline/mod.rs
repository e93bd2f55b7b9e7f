//! Inline codes between XLIFF and TMX 1.4b `<seg>` content (the TM's markup).
//!
//! Reading: the reader keeps the content of `<source>`/`<target>` as a small tree ([`Node`]);
//! [`to_tmx`] turns it into TMX markup and [`plain_text`] into the text used for matching.
//!
//! | XLIFF 1.2 | XLIFF 2.0 | TMX |
//! |---|---|---|
//! | `<g>` | `<pc>` | `<bpt i/>` … `<ept i/>` |
//! | `<bx/>` … `<ex/>` | `<sc/>` … `<ec/>` | `<bpt i/>` … `<ept i/>` (unpaired `bx`/`ex`: `<it>`) |
//! | `<bpt>` … `<ept>` | | `<bpt i>` … `<ept i>` with the native code |
//! | `<x/>`, `<ph>` | `<ph/>` | `<ph>` (native code from 1.2 content or 2.0 `<originalData>`) |
//! | `<it>` | `<sc/ec isolated="yes"/>` | `<it pos>` |
//! | `<mrk mtype>` | `<mrk type>` | `<hi type>` (1.2 `mtype="seg"`: just the text) |
//! | | `<sm/>`, `<em/>` | dropped (the text stays) |
//!
//! The XLIFF `id` goes to TMX `x`, 1.2 `ctype` and 2.0 `type`/`subType` to TMX `type`. Paired
//! codes without their partner (`<ept>`/`<ec>` with no start before it, `<bpt>`/`<sc>` never
//! closed, `<em>` without `<sm>`) are errors at the element's offset.
//!
//! Writing: [`to_xliff12`] and [`to_xliff20`] turn stored TMX markup back into XLIFF inline
//! elements that validate against the OASIS schemas.
//!
//! The reading direction lives in `read`, the writing one in `write`; `write` parses the
//! stored markup into a small private tree (`tmx_tree`); `ids` hands out the ids that written
//! codes and their native data get.

mod display;
mod ids;
mod read;
mod tmx_tree;
mod write;

pub use display::CodeDisplays;
pub(super) use ids::{DataPool, Ids};
pub(super) use read::{code_attrs, plain_text, rendered_text, to_tmx, to_tmx_one, Element, Node};
pub(super) use write::{to_xliff12, to_xliff20};

use crate::formats::xml::escape_attr;

/// Writes an element `<name a="v"…>content</name>` (or `<name …/>` when empty); attributes
/// whose value is `None` are left out.
fn tag(out: &mut String, name: &str, attrs: &[(&str, Option<&str>)], content: &str) {
    out.push('<');
    out.push_str(name);
    for (k, v) in attrs {
        if let Some(v) = v {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            out.push_str(&escape_attr(v));
            out.push('"');
        }
    }
    if content.is_empty() {
        out.push_str("/>");
    } else {
        out.push('>');
        out.push_str(content);
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
}
