//! An alignment rendered for people (the beads side by side, doubtful ones marked), for
//! programs (JSON: one object per bead) and for reviewers (TSV: source, target,
//! confidence, bead shape; escaped like `tmkit export --format tsv`).

use std::io::{self, Write};

use serde::Serialize;

use super::{Alignment, Bead, Document, DOUBTFUL_BELOW};

/// One bead as JSON.
#[derive(Debug, Serialize)]
pub struct BeadJson<'a> {
    /// The source sentences.
    pub source: Vec<&'a str>,
    /// The target sentences.
    pub target: Vec<&'a str>,
    /// 0.0–1.0.
    pub confidence: f64,
    /// The line where each source sentence begins.
    pub source_lines: Vec<u64>,
    /// The line where each target sentence begins.
    pub target_lines: Vec<u64>,
}

/// The JSON objects of an alignment's beads, in document order.
pub fn json<'a>(source: &'a Document, target: &'a Document, a: &Alignment) -> Vec<BeadJson<'a>> {
    a.beads
        .iter()
        .map(|b| BeadJson {
            source: sentences(source, b.source.clone()),
            target: sentences(target, b.target.clone()),
            confidence: b.confidence,
            source_lines: b.source.clone().map(|i| source.sentences[i].line).collect(),
            target_lines: b.target.clone().map(|i| target.sentences[i].line).collect(),
        })
        .collect()
}

fn sentences(d: &Document, r: std::ops::Range<usize>) -> Vec<&str> {
    r.map(|i| d.sentences[i].text.as_str()).collect()
}

/// A bead side's sentences joined as they stood in a text: by one space.
pub fn joined(d: &Document, r: std::ops::Range<usize>) -> String {
    sentences(d, r).join(" ")
}

fn tsv_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out
}

/// Writes the review table: a header `SRC<TAB>TGT<TAB>#confidence<TAB>#bead`, then one row
/// per bead. `tmkit import` reads it as a table (the `#` columns are a reviewer's and are
/// not imported).
pub fn write_tsv(
    w: &mut dyn Write,
    source: &Document,
    target: &Document,
    a: &Alignment,
) -> io::Result<()> {
    writeln!(w, "{}\t{}\t#confidence\t#bead", source.lang, target.lang)?;
    for b in &a.beads {
        writeln!(
            w,
            "{}\t{}\t{:.2}\t{}",
            tsv_escape(&joined(source, b.source.clone())),
            tsv_escape(&joined(target, b.target.clone())),
            b.confidence,
            b.shape()
        )?;
    }
    Ok(())
}

/// Wraps `text` into lines of at most `width` characters (a longer word stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let wl = word.chars().count();
        if len > 0 && len + 1 + wl > width {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += wl;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Writes the beads side by side in `width` columns: a head line per bead (number, shape,
/// confidence, `?` when doubtful; yellow with `color`), then the two sides in columns.
pub fn write_human(
    w: &mut dyn Write,
    source: &Document,
    target: &Document,
    a: &Alignment,
    width: usize,
    color: bool,
) -> io::Result<()> {
    let col = (width.max(40) - 3) / 2;
    for (k, b) in a.beads.iter().enumerate() {
        write_bead(w, source, target, k, b, col, color)?;
    }
    let doubtful = a.doubtful(DOUBTFUL_BELOW);
    writeln!(
        w,
        "{} bead(s): {} sentence(s) of {} with {} of {}; {doubtful} doubtful (confidence < {DOUBTFUL_BELOW})",
        a.beads.len(),
        source.len(),
        source.path.display(),
        target.len(),
        target.path.display(),
    )
}

fn write_bead(
    w: &mut dyn Write,
    source: &Document,
    target: &Document,
    k: usize,
    b: &Bead,
    col: usize,
    color: bool,
) -> io::Result<()> {
    let doubtful = b.confidence < DOUBTFUL_BELOW;
    let mark = if doubtful { "  ? doubtful" } else { "" };
    let head = format!("#{} {} {:.2}{mark}", k + 1, b.shape(), b.confidence);
    if color && doubtful {
        writeln!(w, "\x1b[33m{head}\x1b[0m")?;
    } else {
        writeln!(w, "{head}")?;
    }
    let left: Vec<String> = b
        .source
        .clone()
        .flat_map(|i| wrap(&source.sentences[i].text, col))
        .collect();
    let right: Vec<String> = b
        .target
        .clone()
        .flat_map(|j| wrap(&target.sentences[j].text, col))
        .collect();
    for r in 0..left.len().max(right.len()) {
        let l = left.get(r).map_or("", String::as_str);
        let rt = right.get(r).map_or("", String::as_str);
        let pad = col.saturating_sub(l.chars().count());
        writeln!(w, "{l}{} | {rt}", " ".repeat(pad))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Aligner;

    #[test]
    fn every_form_shows_every_sentence_once() {
        let en = Document::from_text("en", "One man came. Two men left.\n");
        let kk = Document::from_text("kk", "Бір адам келді. Екі адам кетті.\n");
        let a = Aligner::new().align(&en, &kk);
        let j = serde_json::to_string(&json(&en, &kk, &a)).unwrap();
        assert!(
            j.starts_with(
                r#"[{"source":["One man came."],"target":["Бір адам келді."],"confidence":"#
            ),
            "{j}"
        );
        let mut tsv = Vec::new();
        write_tsv(&mut tsv, &en, &kk, &a).unwrap();
        let tsv = String::from_utf8(tsv).unwrap();
        assert!(
            tsv.starts_with("en\tkk\t#confidence\t#bead\nOne man came.\tБір адам келді.\t"),
            "{tsv}"
        );
        let mut h = Vec::new();
        write_human(&mut h, &en, &kk, &a, 60, false).unwrap();
        let h = String::from_utf8(h).unwrap();
        assert!(
            h.contains("Two men left.") && h.contains("| Екі адам кетті."),
            "{h}"
        );
        assert!(h.contains("2 bead(s)"), "{h}");
    }

    #[test]
    fn long_sentences_wrap_inside_their_column() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("", 5), vec![""]);
    }
}
