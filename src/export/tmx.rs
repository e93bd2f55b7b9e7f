//! The TM as TMX 1.4b.

use std::io::Write;

use super::{ExportError, Selection};
use crate::formats::tmx::{HeaderInfo, TmxWriter};
use crate::store::{Store, Variant};

/// Writes the selected units as TMX 1.4b: units of the source language that have at least one
/// of the target languages, each with its source and those targets. Returns the unit count.
pub fn write_tmx<W: Write>(store: &Store, sel: &Selection, w: W) -> Result<u64, ExportError> {
    let mut tmx = TmxWriter::new(w, &HeaderInfo::new(&sel.src))?;
    store.for_each_unit::<ExportError, _>(|u| {
        if !sel.source_matches(&u) {
            return Ok(());
        }
        let vs: Vec<&Variant> = sel.variants(&u).into_iter().flatten().collect();
        if !vs.is_empty() {
            tmx.write_unit(&u, &vs)?;
        }
        Ok(())
    })?;
    let n = tmx.units();
    tmx.finish()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixtures::{sel, store};

    #[test]
    fn tmx_holds_only_units_with_the_target() {
        let s = store();
        let mut out = Vec::new();
        assert_eq!(write_tmx(&s, &sel(&["kk"]), &mut out).unwrap(), 2);
        let t = String::from_utf8(out).unwrap();
        assert!(t.contains("xml:lang=\"kk-KZ\""));
        assert!(!t.contains("Два"));
        assert!(!t.contains("Alone"));
        assert!(!t.contains("xml:lang=\"ru\""));
        let mut out = Vec::new();
        assert_eq!(write_tmx(&s, &sel(&["kk", "ru"]), &mut out).unwrap(), 3);
    }
}
