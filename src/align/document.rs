//! [`Document`]: a report split into sentences for alignment, each sentence with its
//! paragraph, its place in the paragraph and its line; read from a file with the checks
//! every input gets (encoding, NUL bytes: binary data, sizes), plus emptiness and a check
//! that the text is written in the language it is given as.

use std::path::{Path, PathBuf};

use super::AlignError;
use crate::input::{NoProgress, Paragraphs, Progress, TextEncoding};
use crate::segment::Segmenter;

/// One sentence of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence as it stands in the text.
    pub text: String,
    /// 1-based paragraph number.
    pub paragraph: u32,
    /// 1-based place of the sentence in its paragraph.
    pub number: u32,
    /// 1-based line of the file where the sentence begins.
    pub line: u64,
}

/// A report as a list of sentences, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The language tag (canonical).
    pub lang: String,
    /// The file it was read from (empty for a text given in memory).
    pub path: PathBuf,
    /// The sentences in order.
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// Splits `text` (paragraphs separated by blank lines) into sentences.
    pub fn from_text(lang: &str, text: &str) -> Document {
        let segmenter = Segmenter::new(lang);
        let mut sentences = Vec::new();
        let mut paragraph = 0;
        let mut line = 1u64;
        let mut in_paragraph = false;
        let mut start = 0usize;
        let mut para_line = 1u64;
        let mut push = |para_text: &str, first_line: u64, paragraph: u32| {
            for (k, s) in segmenter.split(para_text).iter().enumerate() {
                let before = &para_text[..s.start];
                sentences.push(Sentence {
                    text: s.text(para_text).to_string(),
                    paragraph,
                    number: k as u32 + 1,
                    line: first_line + before.matches('\n').count() as u64,
                });
            }
        };
        let mut offset = 0usize;
        for l in text.split_inclusive('\n') {
            if l.trim().is_empty() {
                if in_paragraph {
                    push(&text[start..offset], para_line, paragraph);
                    in_paragraph = false;
                }
            } else if !in_paragraph {
                in_paragraph = true;
                paragraph += 1;
                start = offset;
                para_line = line;
            }
            offset += l.len();
            line += 1;
        }
        if in_paragraph {
            push(&text[start..], para_line, paragraph);
        }
        Document {
            lang: crate::lang::canonical(lang),
            path: PathBuf::new(),
            sentences,
        }
    }

    /// Reads and splits the report `path` written in `lang`, with extra abbreviations for
    /// the segmenter. Fails, naming the file, on unreadable or binary data, an empty file,
    /// or text that is plainly not in `lang`.
    pub fn read(path: &Path, lang: &str, abbreviations: &[String]) -> Result<Document, AlignError> {
        Document::read_with(path, lang, abbreviations, &mut NoProgress)
    }

    /// [`Document::read`] reporting the bytes read to `progress`.
    pub fn read_with(
        path: &Path,
        lang: &str,
        abbreviations: &[String],
        progress: &mut dyn Progress,
    ) -> Result<Document, AlignError> {
        Document::read_in(path, lang, abbreviations, TextEncoding::default(), progress)
    }

    /// [`Document::read_with`] for a file in `encoding` when it has no byte-order mark.
    pub fn read_in(
        path: &Path,
        lang: &str,
        abbreviations: &[String],
        encoding: TextEncoding,
        progress: &mut dyn Progress,
    ) -> Result<Document, AlignError> {
        let segmenter = Segmenter::new(lang).with_abbreviations(abbreviations);
        let mut paragraphs = Paragraphs::open_in(path, encoding)?;
        let mut sentences = Vec::new();
        let mut paragraph = 0u32;
        while let Some(p) = paragraphs.next_paragraph(progress)? {
            paragraph += 1;
            let segments = segmenter.split(&p.text);
            p.check_sentences(path, &segments)?;
            for (k, s) in segments.iter().enumerate() {
                sentences.push(Sentence {
                    text: s.text(&p.text).to_string(),
                    paragraph,
                    number: k as u32 + 1,
                    line: p.line_at(s.start),
                });
            }
        }
        if sentences.is_empty() {
            return Err(AlignError::Empty {
                path: path.to_path_buf(),
            });
        }
        let doc = Document {
            lang: crate::lang::canonical(lang),
            path: path.to_path_buf(),
            sentences,
        };
        if let Some(found) = doc.script_mismatch() {
            return Err(AlignError::WrongLanguage {
                path: path.to_path_buf(),
                expected: doc.lang.clone(),
                found,
            });
        }
        Ok(doc)
    }

    /// How many sentences the document holds.
    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    /// Whether it holds no sentence.
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// Whether sentence `i` is the last of its paragraph.
    pub fn ends_paragraph(&self, i: usize) -> bool {
        match self.sentences.get(i + 1) {
            Some(next) => next.paragraph != self.sentences[i].paragraph,
            None => true,
        }
    }

    /// What the text looks like when its letters plainly contradict the language: Latin
    /// text given as Kazakh or Russian, Cyrillic text given as English, Kazakh given as
    /// Russian or Russian as Kazakh. `None` when the letters fit, or there are too few.
    fn script_mismatch(&self) -> Option<String> {
        let (mut latin, mut cyrillic, mut kazakh) = (0usize, 0usize, 0usize);
        for s in &self.sentences {
            for c in s.text.chars() {
                if c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) {
                    latin += 1;
                } else if ('\u{400}'..='\u{4FF}').contains(&c) {
                    cyrillic += 1;
                    if "әғқңөұүһіӘҒҚҢӨҰҮҺІ".contains(c) {
                        kazakh += 1;
                    }
                }
            }
        }
        let letters = latin + cyrillic;
        if letters < 40 {
            return None;
        }
        let primary = crate::lang::primary(&self.lang);
        let cyrillic_lang = matches!(primary.as_str(), "kk" | "ru" | "uk" | "be" | "bg" | "ky");
        if !cyrillic_lang && cyrillic * 2 > letters {
            return Some(format!("{cyrillic} of its {letters} letters are Cyrillic"));
        }
        if cyrillic_lang && latin * 2 > letters {
            return Some(format!(
                "{latin} of its {letters} letters are Latin (English?)"
            ));
        }
        if primary == "ru" && kazakh * 50 > cyrillic {
            return Some(format!(
                "{kazakh} of its {cyrillic} Cyrillic letters are Kazakh ones (ә, ғ, қ, ң, ө, ұ, ү, һ, і): Kazakh?"
            ));
        }
        if primary == "kk" && cyrillic >= 100 && kazakh * 200 < cyrillic {
            return Some(format!(
                "only {kazakh} of its {cyrillic} Cyrillic letters are Kazakh ones (ә, ғ, қ, ң, ө, ұ, ү, һ, і): Russian?"
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_their_paragraph_number_and_line() {
        let d = Document::from_text("en", "Title\n\nOne. Two.\nThree.\n\n\nFour.\n");
        let got: Vec<_> = d
            .sentences
            .iter()
            .map(|s| (s.text.as_str(), s.paragraph, s.number, s.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Title", 1, 1, 1),
                ("One.", 2, 1, 3),
                ("Two.", 2, 2, 3),
                ("Three.", 2, 3, 4),
                ("Four.", 3, 1, 7)
            ]
        );
        assert!(d.ends_paragraph(0) && !d.ends_paragraph(1) && d.ends_paragraph(3));
    }

    fn write(name: &str, text: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join(name);
        std::fs::write(&p, text).unwrap();
        (d, p)
    }

    #[test]
    fn an_empty_file_is_refused_by_name() {
        let (_d, p) = write("r.kk.txt", b"\n  \n");
        let err = Document::read(&p, "kk", &[]).unwrap_err().to_string();
        assert!(err.contains("r.kk.txt: the file is empty"), "{err}");
    }

    #[test]
    fn binary_data_is_refused_by_name_and_line() {
        let (_d, p) = write("r.en.txt", b"Text.\n\x00\x01\x02binary\n");
        let err = Document::read(&p, "en", &[]).unwrap_err().to_string();
        assert!(err.contains("r.en.txt:2: NUL byte"), "{err}");
    }

    #[test]
    fn text_in_another_language_is_refused() {
        let en =
            "Police in Almaty detained several activists outside the Chinese consulate on Monday.";
        let (_d, p) = write("r.kk.txt", en.as_bytes());
        let err = Document::read(&p, "kk", &[]).unwrap_err().to_string();
        assert!(
            err.contains("r.kk.txt: this does not look like kk text"),
            "{err}"
        );
        let ru = "Полиция Алматы задержала нескольких активистов у консульства Китая в понедельник, сообщили их родственники журналистам. Они требовали освободить своих близких из лагерей в Синьцзяне, где содержатся тысячи людей.";
        let (_d2, p2) = write("r.kk.txt", ru.as_bytes());
        let err = Document::read(&p2, "kk", &[]).unwrap_err().to_string();
        assert!(err.contains("Russian?"), "{err}");
        let kk =
            "Алматы полициясы дүйсенбі күні Қытай консулдығының алдында бірнеше белсендіні ұстады.";
        let (_d3, p3) = write("r.ru.txt", kk.as_bytes());
        let err = Document::read(&p3, "ru", &[]).unwrap_err().to_string();
        assert!(err.contains("Kazakh?"), "{err}");
        assert!(Document::read(&p3, "kk", &[]).is_ok());
    }
}
