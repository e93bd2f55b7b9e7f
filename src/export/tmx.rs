//! The TM as TMX 1.4b.

use std::io::Write;

use super::{ExportError, Selection};
use crate::formats::tmx::{HeaderInfo, TmxWriter};
use crate::store::{Store, Unit, Variant, VariantContext};

/// Writes the selected units as TMX 1.4b: units of the source language that have at least one
/// of the target languages, each with its source and those targets. A unit with alternative
/// translations is written as several `<tu>`s, one translation per language in each (as TMX
/// tools expect): see `rows`. Returns the unit count.
pub fn write_tmx<W: Write>(store: &Store, sel: &Selection, w: W) -> Result<u64, ExportError> {
    let mut tmx = TmxWriter::new(w, &HeaderInfo::new(&sel.src))?;
    store.for_each_unit::<ExportError, _>(|u| {
        if !sel.source_matches(&u) {
            return Ok(());
        }
        for (n, (context, vs)) in rows(&u, sel).into_iter().enumerate() {
            tmx.write_tu(&u, n, context, &vs)?;
        }
        Ok(())
    })?;
    let n = tmx.units();
    tmx.finish()?;
    Ok(n)
}

/// The `<tu>`s of a unit: for each context its variants apply in (the default context
/// first, then in the order met), as many rows as the language with the most variants in
/// that context needs, row `r` holding the `r`-th of each selected language's. A variant
/// that applies in several contexts is in a row of each, so that importing the file gives
/// it every one of them back. Empty when the unit has no selected language.
pub(crate) fn rows<'u>(
    u: &'u Unit,
    sel: &Selection,
) -> Vec<(&'u VariantContext, Vec<&'u Variant>)> {
    // The variants of the selected languages, in selection order (a language's exact tag
    // preferred to its regional forms, as `Selection::variants` chooses).
    let picked: Vec<Vec<&Variant>> = sel
        .variants(u)
        .into_iter()
        .map(|first| match first {
            Some(f) if !sel.targets.is_empty() => {
                u.variants.iter().filter(|v| v.lang == f.lang).collect()
            }
            Some(f) => vec![f],
            None => Vec::new(),
        })
        .collect();
    let mut contexts: Vec<&VariantContext> = Vec::new();
    for v in picked.iter().flatten() {
        for c in &v.contexts {
            if !contexts.contains(&c) {
                contexts.push(c);
            }
        }
    }
    contexts.sort_by_key(|c| !c.is_empty());
    let mut out = Vec::new();
    for c in contexts {
        let per_lang: Vec<Vec<&Variant>> = picked
            .iter()
            .map(|vs| {
                vs.iter()
                    .copied()
                    .filter(|v| v.contexts.contains(c))
                    .collect()
            })
            .collect();
        let depth = per_lang.iter().map(Vec::len).max().unwrap_or(0);
        for r in 0..depth {
            out.push((
                c,
                per_lang
                    .iter()
                    .filter_map(|vs| vs.get(r).copied())
                    .collect(),
            ));
        }
    }
    out
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
