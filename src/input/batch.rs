//! The queries of a `lookup --batch` input: a file or standard input, segmented into
//! sentences (a wrapped paragraph is several queries, not one long line) or read one query
//! per line, each query with the line where it begins.

use std::io::BufRead;
use std::path::Path;

use super::{check_segment, InputError, Lines, NoProgress, Paragraphs, TextEncoding};
use crate::segment::Segmenter;

/// One query of a batch input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchQuery {
    /// The query text (trimmed, never empty).
    pub text: String,
    /// The 1-based line of the input where it begins.
    pub line: u64,
}

/// How a batch input is split into queries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchSplit {
    /// Sentences of blank-line separated paragraphs, with the rules of this language.
    Sentences(String),
    /// One query per non-empty line.
    Lines,
}

/// The queries of a batch input read from `reader` (`path` names it in messages: a file, or
/// `-` for standard input), in order. The input is decoded like every text input
/// (`encoding`, or UTF-16 with a BOM); a bad line, or a query longer than a segment may be, is an error
/// naming the input and line.
pub fn batch_queries<R: BufRead>(
    reader: R,
    path: &Path,
    split: &BatchSplit,
    encoding: TextEncoding,
) -> Result<Vec<BatchQuery>, InputError> {
    let mut out = Vec::new();
    match split {
        BatchSplit::Lines => {
            let mut lines = Lines::new_in(reader, path, encoding);
            while let Some((line, text)) = lines.next_line()? {
                let text = text.trim();
                check_segment(path, line, "line", text)?;
                if !text.is_empty() {
                    out.push(BatchQuery {
                        text: text.to_string(),
                        line,
                    });
                }
            }
        }
        BatchSplit::Sentences(lang) => {
            let segmenter = Segmenter::new(lang);
            let mut paragraphs = Paragraphs::new_in(reader, path, encoding);
            while let Some(p) = paragraphs.next_paragraph(&mut NoProgress)? {
                let sentences = segmenter.split(&p.text);
                p.check_sentences(path, &sentences)?;
                for s in &sentences {
                    let text = s.text(&p.text).trim();
                    if !text.is_empty() {
                        out.push(BatchQuery {
                            text: text.to_string(),
                            line: p.line_at(s.start),
                        });
                    }
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queries(text: &str, split: &BatchSplit) -> Vec<(String, u64)> {
        batch_queries(
            text.as_bytes(),
            Path::new("-"),
            split,
            TextEncoding::default(),
        )
        .unwrap()
        .into_iter()
        .map(|q| (q.text, q.line))
        .collect()
    }

    #[test]
    fn a_wrapped_paragraph_is_split_into_sentences_each_with_its_line() {
        let text = "Police in Almaty detained two activists on Monday. The\nactivists were \
                    released on Tuesday.\n\n\nOfficials declined to comment.\n";
        let got = queries(text, &BatchSplit::Sentences("en".into()));
        assert_eq!(
            got,
            [
                (
                    "Police in Almaty detained two activists on Monday.".to_string(),
                    1
                ),
                ("The\nactivists were released on Tuesday.".to_string(), 1),
                ("Officials declined to comment.".to_string(), 5),
            ]
        );
    }

    #[test]
    fn lines_keep_one_query_per_line() {
        let text = "First line. Still the first.\n\n  Third line  \n";
        assert_eq!(
            queries(text, &BatchSplit::Lines),
            [
                ("First line. Still the first.".to_string(), 1),
                ("Third line".to_string(), 3)
            ]
        );
    }

    #[test]
    fn a_sentence_too_long_names_its_line() {
        let long = "word ".repeat(super::super::MAX_SEGMENT_BYTES / 4);
        let text = format!("Short one.\n\n{long}\n");
        let e = batch_queries(
            text.as_bytes(),
            Path::new("-"),
            &BatchSplit::Lines,
            TextEncoding::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains(":3"), "{e}");
    }
}
