//! The TM as JSON Lines, one unit per line.

use std::io::Write;

use super::{ExportError, Selection};
use crate::store::{Store, Variant};

/// Writes JSON Lines: one [`Unit`](crate::store::Unit) object per line (variants restricted
/// to the selected targets; with no targets selected, every unit of the source language with
/// all variants).
pub fn write_json<W: Write>(store: &Store, sel: &Selection, mut w: W) -> Result<u64, ExportError> {
    let mut n = 0u64;
    store.for_each_unit::<ExportError, _>(|mut u| {
        if !sel.source_matches(&u) {
            return Ok(());
        }
        if !sel.targets.is_empty() {
            let keep: Vec<Variant> = sel.variants(&u).into_iter().flatten().cloned().collect();
            if keep.is_empty() {
                return Ok(());
            }
            u.variants = keep;
        }
        serde_json::to_writer(&mut w, &u)?;
        w.write_all(b"\n")?;
        n += 1;
        Ok(())
    })?;
    w.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixtures::{sel, store};

    #[test]
    fn json_lines_one_unit_per_line() {
        let s = store();
        let mut out = Vec::new();
        assert_eq!(write_json(&s, &sel(&[]), &mut out).unwrap(), 4);
        let text = String::from_utf8(out).unwrap();
        let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(first["variants"].as_array().unwrap().len(), 2);
    }
}
