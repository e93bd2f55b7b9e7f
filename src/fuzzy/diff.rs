//! What differs between a query and a match's source, word by word, for display: the TM
//! source's text with the words to delete and the words to insert marked.

use serde::Serialize;

use super::distance::{align, Op};
use crate::text::tokenize::Tokens;

/// Which text a piece of a diff comes from: both, only the TM source, or only the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffKind {
    /// In both texts.
    Same,
    /// Only in the TM source (the translator deletes it).
    Deleted,
    /// Only in the query (the translator inserts it).
    Inserted,
}

/// A run of tokens of the same kind, with the spacing that preceded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffPiece {
    /// Same, deleted or inserted.
    pub kind: DiffKind,
    /// The text, including the whitespace before it.
    pub text: String,
}

/// Token-level diff turning TM source `tm` into `query` (tokens compared exactly, so
/// case, number and punctuation changes show too).
pub fn diff(query: &Tokens, tm: &Tokens) -> Vec<DiffPiece> {
    let qa: Vec<&str> = query.toks.iter().map(|t| query.raw(t)).collect();
    let ta: Vec<&str> = tm.toks.iter().map(|t| tm.raw(t)).collect();
    let (_, ops) = align(&ta, &qa);
    let mut out: Vec<DiffPiece> = Vec::new();
    let mut push = |kind: DiffKind, text: String| match out.last_mut() {
        Some(p) if p.kind == kind => p.text.push_str(&text),
        _ => out.push(DiffPiece { kind, text }),
    };
    let mut k = 0;
    while k < ops.len() {
        if let Op::Same(i, _) = ops[k] {
            push(DiffKind::Same, format!("{}{}", gap(tm, i), ta[i]));
            k += 1;
            continue;
        }
        // A run of edits: all deleted TM words first, then all inserted query words.
        let end = ops[k..]
            .iter()
            .position(|o| matches!(o, Op::Same(..)))
            .map_or(ops.len(), |p| k + p);
        let mut del = String::new();
        let mut ins = String::new();
        let mut lead = None;
        for op in &ops[k..end] {
            match *op {
                Op::Change(i, j) => {
                    add(&mut del, &mut lead, gap(tm, i), ta[i]);
                    add_plain(&mut ins, gap(query, j), qa[j]);
                }
                Op::OnlyA(i) => add(&mut del, &mut lead, gap(tm, i), ta[i]),
                Op::OnlyB(j) => {
                    if del.is_empty() && lead.is_none() {
                        lead = Some(gap(query, j).to_string());
                    }
                    add_plain(&mut ins, gap(query, j), qa[j]);
                }
                Op::Same(..) => {}
            }
        }
        let lead = lead.unwrap_or_default();
        if !lead.is_empty() {
            push(DiffKind::Same, lead);
        }
        if !del.is_empty() {
            push(DiffKind::Deleted, del.trim_start().to_string());
        }
        if !ins.is_empty() {
            push(DiffKind::Inserted, ins.trim_start().to_string());
        }
        k = end;
    }
    out
}

/// The whitespace between token `i - 1` and token `i` of `t` (none before the first).
fn gap(t: &Tokens, i: usize) -> &str {
    if i == 0 {
        return "";
    }
    &t.text[t.toks[i - 1].end as usize..t.toks[i].start as usize]
}

fn add(buf: &mut String, lead: &mut Option<String>, gap: &str, tok: &str) {
    if buf.is_empty() && lead.is_none() {
        *lead = Some(gap.to_string());
    } else {
        buf.push_str(gap);
    }
    buf.push_str(tok);
}

fn add_plain(buf: &mut String, gap: &str, tok: &str) {
    if !buf.is_empty() {
        buf.push_str(gap);
    }
    buf.push_str(tok);
}

/// The diff as text: `[-deleted-]{+inserted+}` markers, or ANSI colours (deleted red and
/// struck through, inserted green and underlined) when `color`.
pub fn render_diff(pieces: &[DiffPiece], color: bool) -> String {
    let mut s = String::new();
    for p in pieces {
        match (p.kind, color) {
            (DiffKind::Same, _) => s.push_str(&p.text),
            (DiffKind::Deleted, false) => {
                s.push_str("[-");
                s.push_str(&p.text);
                s.push_str("-]");
            }
            (DiffKind::Inserted, false) => {
                s.push_str("{+");
                s.push_str(&p.text);
                s.push_str("+}");
            }
            (DiffKind::Deleted, true) => {
                s.push_str("\x1b[31;9m");
                s.push_str(&p.text);
                s.push_str("\x1b[0m");
            }
            (DiffKind::Inserted, true) => {
                s.push_str("\x1b[32;4m");
                s.push_str(&p.text);
                s.push_str("\x1b[0m");
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(q: &str, tm: &str) -> String {
        render_diff(&diff(&Tokens::new(q), &Tokens::new(tm)), false)
    }

    #[test]
    fn marks_changed_inserted_and_deleted_words() {
        assert_eq!(
            d(
                "Police in Almaty detained several activists outside the consulate.",
                "Police in Almaty detained three activists near the consulate."
            ),
            "Police in Almaty detained [-three-]{+several+} activists [-near-]{+outside+} the consulate."
        );
        assert_eq!(
            d(
                "Police detained young activists.",
                "Police detained activists on Monday."
            ),
            "Police detained {+young+} activists [-on Monday-]."
        );
        assert_eq!(d("Same text.", "Same text."), "Same text.");
    }

    #[test]
    fn numbers_and_case_show_as_changes() {
        assert_eq!(
            d("Police held 12 people.", "police held 10 people."),
            "[-police-]{+Police+} held [-10-]{+12+} people."
        );
    }
}
