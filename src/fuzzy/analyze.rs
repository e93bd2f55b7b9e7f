//! CAT-style analysis of new texts against the TM: segments, words and characters per
//! match band, with repetitions inside the analyzed files counted apart.
//!
//! The segments come from the input layer ([`SourceSegments`]: a report's sentences, every
//! source of an XLIFF job, a TMX file's or a table's sources), each file in document order;
//! each segment is looked up with the segments before and after it in its document as
//! context. A segment already seen earlier in the files analyzed (same NFC text) is a
//! repetition, whatever the TM holds. Words are word and number tokens; characters are
//! characters other than whitespace.

use std::collections::HashSet;
use std::path::PathBuf;

use serde::Serialize;

use super::lookup::{Context, LookupOptions, Matcher};
use super::FuzzyError;
use crate::input::{InputError, SourceSegments};
use crate::text::sentence_hash;
use crate::text::tokenize::{Kind, Tokens};

/// The match bands, best first (the order of the analysis table).
pub const BANDS: [Band; 8] = [
    Band::Context,
    Band::Repetition,
    Band::Exact,
    Band::Fuzzy95,
    Band::Fuzzy85,
    Band::Fuzzy75,
    Band::Fuzzy50,
    Band::NoMatch,
];

/// A match band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Band {
    /// 101%: exact match in the same context.
    #[serde(rename = "101%")]
    Context,
    /// Seen earlier in the analyzed files.
    #[serde(rename = "repetitions")]
    Repetition,
    /// 100%.
    #[serde(rename = "100%")]
    Exact,
    /// 95–99%.
    #[serde(rename = "95-99%")]
    Fuzzy95,
    /// 85–94%.
    #[serde(rename = "85-94%")]
    Fuzzy85,
    /// 75–84%.
    #[serde(rename = "75-84%")]
    Fuzzy75,
    /// 50–74%.
    #[serde(rename = "50-74%")]
    Fuzzy50,
    /// Below 50%.
    #[serde(rename = "no match")]
    NoMatch,
}

impl Band {
    /// The band of a best-match score.
    pub fn of(score: Option<u32>) -> Band {
        match score {
            Some(101..) => Band::Context,
            Some(100) => Band::Exact,
            Some(95..=99) => Band::Fuzzy95,
            Some(85..=94) => Band::Fuzzy85,
            Some(75..=84) => Band::Fuzzy75,
            Some(50..=74) => Band::Fuzzy50,
            _ => Band::NoMatch,
        }
    }

    /// The label used in tables and JSON.
    pub fn label(self) -> &'static str {
        match self {
            Band::Context => "101%",
            Band::Repetition => "Repetitions",
            Band::Exact => "100%",
            Band::Fuzzy95 => "95-99%",
            Band::Fuzzy85 => "85-94%",
            Band::Fuzzy75 => "75-84%",
            Band::Fuzzy50 => "50-74%",
            Band::NoMatch => "No match",
        }
    }

    fn index(self) -> usize {
        BANDS
            .iter()
            .position(|b| *b == self)
            .unwrap_or(BANDS.len() - 1)
    }
}

/// Segments, words and characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Segments (sentences).
    pub segments: u64,
    /// Words (word and number tokens).
    pub words: u64,
    /// Characters other than whitespace.
    pub characters: u64,
}

impl Counts {
    /// The words and characters of one segment (tokenized).
    fn of_segment(t: &Tokens) -> Counts {
        Counts {
            segments: 1,
            words: t.toks.iter().filter(|x| x.kind != Kind::Punct).count() as u64,
            characters: t.text.chars().filter(|c| !c.is_whitespace()).count() as u64,
        }
    }

    fn add(&mut self, o: &Counts) {
        self.segments += o.segments;
        self.words += o.words;
        self.characters += o.characters;
    }
}

/// Counts per band, in [`BANDS`] order, and their total.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BandCounts {
    /// One entry per band, best first.
    pub bands: Vec<(Band, Counts)>,
    /// All bands together.
    pub total: Counts,
}

impl BandCounts {
    fn new() -> BandCounts {
        BandCounts {
            bands: BANDS.iter().map(|b| (*b, Counts::default())).collect(),
            total: Counts::default(),
        }
    }

    fn add(&mut self, band: Band, c: &Counts) {
        self.bands[band.index()].1.add(c);
        self.total.add(c);
    }

    /// The counts of one band.
    pub fn get(&self, band: Band) -> Counts {
        self.bands[band.index()].1
    }
}

/// The analysis of one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileAnalysis {
    /// The file.
    pub path: PathBuf,
    /// Its language.
    pub lang: String,
    /// Counts per band.
    pub counts: BandCounts,
}

/// The analysis of all files.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Per file, in the order given.
    pub files: Vec<FileAnalysis>,
    /// All files together.
    pub total: BandCounts,
}

impl BandCounts {
    /// The JSON form: `{"bands": {LABEL: COUNTS, …}, "total": COUNTS}`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        for (band, counts) in &self.bands {
            m.insert(band.label().to_string(), serde_json::json!(counts));
        }
        serde_json::json!({ "bands": m, "total": self.total })
    }
}

impl Analysis {
    /// What `tmkit analyze --json` prints and `tmkit serve` answers to an analysis:
    /// `{"files": [{"path", "lang", "bands", "total"}, …], "total": {"bands", "total"}}`,
    /// each band keyed by its label ([`Band::label`]).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "files": self.files.iter().map(|f| {
                let mut v = f.counts.to_json();
                v["path"] = serde_json::json!(f.path);
                v["lang"] = serde_json::json!(f.lang);
                v
            }).collect::<Vec<_>>(),
            "total": self.total.to_json(),
        })
    }
}

/// Analyzes the source segments of files (read one at a time, in order) against the TM
/// units whose source language is `src_lang`.
pub fn analyze<I>(
    matcher: &mut Matcher<'_>,
    files: I,
    src_lang: &str,
) -> Result<Analysis, FuzzyError>
where
    I: IntoIterator<Item = Result<SourceSegments, InputError>>,
{
    let opts = LookupOptions {
        min: 50,
        limit: 1,
        src_lang: src_lang.to_string(),
        exhaustive: false,
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut total = BandCounts::new();
    let mut out = Vec::new();
    for file in files {
        let file = file?;
        let mut counts = BandCounts::new();
        for segments in &file.documents {
            let hashes: Vec<String> = segments.iter().map(|s| sentence_hash(s)).collect();
            for (i, s) in segments.iter().enumerate() {
                // Tokenized once: for the counts, the repetition check (its NFC text) and
                // the lookup.
                let tokens = Tokens::new(s);
                let c = Counts::of_segment(&tokens);
                let band = if !seen.insert(tokens.text.clone()) {
                    Band::Repetition
                } else {
                    let ctx = Context {
                        prev_hash: i.checked_sub(1).map(|p| hashes[p].clone()),
                        next_hash: hashes.get(i + 1).cloned(),
                        ..Default::default()
                    };
                    let best = matcher.rank(&tokens, Some(&ctx), &opts)?;
                    Band::of(best.first().map(|m| m.score))
                };
                counts.add(band, &c);
                total.add(band, &c);
            }
        }
        out.push(FileAnalysis {
            path: file.path,
            lang: file.lang,
            counts,
        });
    }
    Ok(Analysis { files: out, total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_the_scores() {
        assert_eq!(Band::of(Some(101)), Band::Context);
        assert_eq!(Band::of(Some(100)), Band::Exact);
        assert_eq!(Band::of(Some(95)), Band::Fuzzy95);
        assert_eq!(Band::of(Some(84)), Band::Fuzzy75);
        assert_eq!(Band::of(Some(50)), Band::Fuzzy50);
        assert_eq!(Band::of(None), Band::NoMatch);
    }

    #[test]
    fn counts_words_and_non_space_characters() {
        let c = Counts::of_segment(&Tokens::new("Police held 12 people, officials said."));
        assert_eq!((c.segments, c.words, c.characters), (1, 6, 33));
    }
}
