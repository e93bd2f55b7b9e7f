//! [`ParallelReader`]: a report and its translations read in step, paired paragraph by
//! paragraph, then sentence by sentence inside each paragraph; any difference in counts is
//! an error naming the files, the paragraph, the lines and their first words.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use super::{InputError, Paragraph, Paragraphs, Progress, TextEncoding};
use crate::segment::{Segment, Segmenter};

/// One language's side of a parallel reading.
struct Side {
    lang: String,
    path: PathBuf,
    paragraphs: Paragraphs<BufReader<File>>,
    segmenter: Segmenter,
}

/// A paragraph read from every file of a parallel set, each split into sentences; the
/// sentence counts agree.
#[derive(Debug, Clone)]
pub struct AlignedParagraph {
    /// 1-based paragraph number.
    pub number: i64,
    /// The paragraph of each file, in the order the files were given.
    pub paragraphs: Vec<Paragraph>,
    /// The sentences of each paragraph, as byte ranges into its text.
    pub sentences: Vec<Vec<Segment>>,
}

impl AlignedParagraph {
    /// The text of sentence `k` of file `i`.
    pub fn sentence(&self, i: usize, k: usize) -> &str {
        self.sentences[i][k].text(&self.paragraphs[i].text)
    }

    /// How many sentences each paragraph holds.
    pub fn len(&self) -> usize {
        self.sentences[0].len()
    }

    /// Whether the paragraphs hold no sentence (never, for a paragraph read from a file).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Reads a report and its translations in step, a paragraph at a time, and fails (naming
/// files, paragraph, lines and first words) when paragraph or sentence counts differ.
/// Import and the glossary check both read parallel reports through it.
pub struct ParallelReader {
    sides: Vec<Side>,
    number: i64,
    hint: Option<String>,
}

/// A paragraph whose sentence counts differ: the file, and the words that say where.
struct Mismatch {
    side: usize,
    text: String,
}

impl ParallelReader {
    /// Opens `files` (language, path); the first is the source.
    pub fn open(files: &[(String, PathBuf)], abbreviations: &[String]) -> Result<Self, InputError> {
        ParallelReader::open_in(files, abbreviations, TextEncoding::UTF_8)
    }

    /// [`ParallelReader::open`] for files in `encoding` (unless a file's BOM says
    /// otherwise).
    pub fn open_in(
        files: &[(String, PathBuf)],
        abbreviations: &[String],
        encoding: TextEncoding,
    ) -> Result<Self, InputError> {
        let mut sides = Vec::with_capacity(files.len());
        for (lang, path) in files {
            sides.push(Side {
                lang: lang.clone(),
                path: path.clone(),
                paragraphs: Paragraphs::open_in(path, encoding)?,
                segmenter: Segmenter::new(lang).with_abbreviations(abbreviations),
            });
        }
        Ok(ParallelReader {
            sides,
            number: 0,
            hint: None,
        })
    }

    /// Adds `hint` (e.g. "or import them with --align") to the error for files whose
    /// sentences do not match.
    pub fn with_mismatch_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The first file whose sentence count differs from the source's in this paragraph.
    fn mismatch(
        &self,
        number: i64,
        paragraphs: &[Paragraph],
        sentences: &[Vec<Segment>],
    ) -> Option<Mismatch> {
        let i = (1..self.sides.len()).find(|&i| sentences[i].len() != sentences[0].len())?;
        Some(Mismatch {
            side: i,
            text: format!(
                "paragraph {number} has {} sentence(s) in {} (line {}: “{}”) but {} in {} (line {}: “{}”)",
                sentences[0].len(),
                self.sides[0].path.display(),
                paragraphs[0].line,
                first_words(&paragraphs[0].text),
                sentences[i].len(),
                self.sides[i].path.display(),
                paragraphs[i].line,
                first_words(&paragraphs[i].text),
            ),
        })
    }

    /// The error for files whose sentences do not match: `first` and every later
    /// paragraph that does not match either, read to the end of the files (a difference in
    /// paragraph counts ends the list).
    fn every_mismatch(&mut self, first: Mismatch, progress: &mut dyn Progress) -> InputError {
        let side = first.side;
        let mut all = vec![first.text];
        loop {
            let mut paras = Vec::with_capacity(self.sides.len());
            for s in self.sides.iter_mut() {
                match s.paragraphs.next_paragraph(progress) {
                    Ok(p) => paras.push(p),
                    Err(e) => return e,
                }
            }
            if paras.iter().all(Option::is_none) {
                break;
            }
            self.number += 1;
            if paras.iter().any(Option::is_none) {
                all.push(format!(
                    "the files have different numbers of paragraphs from paragraph {} on",
                    self.number
                ));
                break;
            }
            let paragraphs: Vec<Paragraph> = paras.into_iter().flatten().collect();
            let sentences: Vec<Vec<Segment>> = self
                .sides
                .iter()
                .zip(&paragraphs)
                .map(|(s, p)| s.segmenter.split(&p.text))
                .collect();
            if let Some(m) = self.mismatch(self.number, &paragraphs, &sentences) {
                all.push(m.text);
            }
        }
        let count = if all.len() > 1 {
            format!("{} paragraphs do not match: ", all.len())
        } else {
            String::new()
        };
        let hint = self
            .hint
            .as_deref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        InputError::file(
            &self.sides[side].path,
            format!(
                "{count}{}; parallel reports must match sentence for sentence{hint}",
                all.join("; ")
            ),
        )
    }

    /// The language of file `i`.
    pub fn lang(&self, i: usize) -> &str {
        &self.sides[i].lang
    }

    /// How many files are read in step.
    pub fn files(&self) -> usize {
        self.sides.len()
    }

    /// The next aligned paragraph, `None` when every file has ended.
    pub fn next_paragraph(
        &mut self,
        progress: &mut dyn Progress,
    ) -> Result<Option<AlignedParagraph>, InputError> {
        let mut paras = Vec::with_capacity(self.sides.len());
        for side in self.sides.iter_mut() {
            paras.push(side.paragraphs.next_paragraph(progress)?);
        }
        if paras.iter().all(Option::is_none) {
            return Ok(None);
        }
        self.number += 1;
        let number = self.number;
        if let Some(missing) = paras.iter().position(Option::is_none) {
            return Err(paragraph_count_mismatch(
                &mut self.sides,
                &paras,
                missing,
                number,
                self.hint.as_deref(),
                progress,
            ));
        }
        let paragraphs: Vec<Paragraph> = paras.into_iter().flatten().collect();
        let sentences: Vec<Vec<Segment>> = self
            .sides
            .iter()
            .zip(&paragraphs)
            .map(|(side, p)| side.segmenter.split(&p.text))
            .collect();
        for ((side, p), sentences) in self.sides.iter().zip(&paragraphs).zip(&sentences) {
            p.check_sentences(&side.path, sentences)?;
        }
        if let Some(first) = self.mismatch(number, &paragraphs, &sentences) {
            return Err(self.every_mismatch(first, progress));
        }
        Ok(Some(AlignedParagraph {
            number,
            paragraphs,
            sentences,
        }))
    }
}

/// The first few words of a text, for error messages.
fn first_words(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().take(6).collect();
    let mut out = words.join(" ");
    if s.split_whitespace().nth(6).is_some() {
        out.push('…');
    }
    out
}

/// Builds the error for files with different paragraph counts, counting both to the end.
fn paragraph_count_mismatch(
    sides: &mut [Side],
    paras: &[Option<Paragraph>],
    missing: usize,
    number: i64,
    hint: Option<&str>,
    progress: &mut dyn Progress,
) -> InputError {
    let hint = hint.map(|h| format!(" ({h})")).unwrap_or_default();
    let longer = paras.iter().position(Option::is_some).unwrap_or(0);
    let mut counts = vec![number - 1; sides.len()];
    for (i, side) in sides.iter_mut().enumerate() {
        if paras[i].is_some() {
            counts[i] = number;
            while let Ok(Some(_)) = side.paragraphs.next_paragraph(progress) {
                counts[i] += 1;
            }
        }
    }
    let extra = paras[longer]
        .as_ref()
        .map(|p| (p.line, first_words(&p.text)));
    let (line, words) = extra.unwrap_or((0, String::new()));
    InputError::file(
        &sides[missing].path,
        format!(
            "{} has {} paragraph(s) but {} has {}; paragraph {number} of {} (line {line}: “{words}”) \
             has no counterpart{hint}",
            sides[longer].path.display(),
            counts[longer],
            sides[missing].path.display(),
            counts[missing],
            sides[longer].path.display(),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::NoProgress;

    fn pair(en: &str, kk: &str) -> (tempfile::TempDir, Vec<(String, PathBuf)>) {
        let d = tempfile::tempdir().unwrap();
        let (a, b) = (d.path().join("r.en.txt"), d.path().join("r.kk.txt"));
        std::fs::write(&a, en).unwrap();
        std::fs::write(&b, kk).unwrap();
        (d, vec![("en".into(), a), ("kk".into(), b)])
    }

    #[test]
    fn sentences_are_paired_inside_each_paragraph() {
        let (_d, files) = pair("Title\n\nOne. Two.\n", "Тақырып\n\nБір. Екі.\n");
        let mut r = ParallelReader::open(&files, &[]).unwrap();
        let first = r.next_paragraph(&mut NoProgress).unwrap().unwrap();
        assert_eq!((first.number, first.len()), (1, 1));
        let second = r.next_paragraph(&mut NoProgress).unwrap().unwrap();
        assert_eq!(second.len(), 2);
        assert_eq!(second.sentence(1, 1), "Екі.");
        assert_eq!(second.paragraphs[0].line, 3);
        assert!(r.next_paragraph(&mut NoProgress).unwrap().is_none());
    }

    #[test]
    fn a_sentence_over_the_limit_is_refused_in_any_file() {
        let long = "a".repeat(crate::input::MAX_SEGMENT_BYTES + 10);
        let (_d, files) = pair("One.\n\nTwo.\n", &format!("Бір.\n\n{long}\n"));
        let mut r = ParallelReader::open(&files, &[]).unwrap();
        r.next_paragraph(&mut NoProgress).unwrap();
        let err = r.next_paragraph(&mut NoProgress).unwrap_err().to_string();
        assert!(
            err.contains("r.kk.txt:3: a sentence of 1048586 bytes"),
            "{err}"
        );
    }

    #[test]
    fn every_mismatching_paragraph_is_listed() {
        let (_d, files) = pair(
            "Police came. They left.\n\nIt rained.\n\nWe saw it. He ran.\n\nAll went home.\n",
            "Полиция келді.\n\nЖаңбыр жауды.\n\nБіз көрдік.\n\nБәрі кетті. Үйге.\n",
        );
        let mut r = ParallelReader::open(&files, &[])
            .unwrap()
            .with_mismatch_hint("try --align");
        let err = r.next_paragraph(&mut NoProgress).unwrap_err().to_string();
        assert!(
            err.contains("3 paragraphs do not match: paragraph 1 has 2"),
            "{err}"
        );
        assert!(err.contains("; paragraph 3 has 2 sentence(s)"), "{err}");
        assert!(err.contains("; paragraph 4 has 1 sentence(s)"), "{err}");
        assert!(
            err.ends_with("must match sentence for sentence (try --align)"),
            "{err}"
        );
    }

    #[test]
    fn a_missing_paragraph_names_both_counts_and_the_extra_paragraph() {
        let (_d, files) = pair(
            "A.\n\nB.\n\nC has more words than six in it.\n",
            "А.\n\nБ.\n",
        );
        let mut r = ParallelReader::open(&files, &[]).unwrap();
        r.next_paragraph(&mut NoProgress).unwrap();
        r.next_paragraph(&mut NoProgress).unwrap();
        let err = r.next_paragraph(&mut NoProgress).unwrap_err().to_string();
        assert!(err.contains("r.en.txt has 3 paragraph(s) but"), "{err}");
        assert!(err.contains("r.kk.txt has 2; paragraph 3 of"), "{err}");
        assert!(
            err.contains("(line 5: “C has more words than six…”)"),
            "{err}"
        );
    }
}
