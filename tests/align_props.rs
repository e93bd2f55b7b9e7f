//! Invariants of sentence alignment, on generated documents: every sentence of both
//! documents is in exactly one bead, beads keep document order, identical documents align
//! one to one, and a sentence dropped from one of two otherwise identical documents is
//! found as the one 1:0 bead.

use proptest::prelude::*;
use tmkit::align::{Aligner, Document};

/// A generated sentence: four to twenty words (news sentences are rarely shorter),
/// sometimes a number, a capital, a final mark.
fn sentence() -> impl Strategy<Value = String> {
    (
        prop::collection::vec("[a-z]{2,9}", 4..20),
        prop::option::of(1u32..5000),
        prop::sample::select(vec![".", "?", "!"]),
    )
        .prop_map(|(words, number, mark)| {
            let mut s = words.join(" ");
            if let Some(n) = number {
                s.push_str(&format!(" {n}"));
            }
            let mut c = s.chars();
            let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or('A');
            format!("{first}{}{mark}", c.as_str())
        })
}

/// Paragraphs of sentences: (sentences, paragraph sizes).
fn paragraphs() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(sentence(), 1..5), 1..8)
}

fn text(paras: &[Vec<String>]) -> String {
    paras
        .iter()
        .map(|p| p.join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn check_cover(a: &tmkit::align::Alignment, n: usize, m: usize) -> Result<(), TestCaseError> {
    let (mut i, mut j) = (0, 0);
    for b in &a.beads {
        prop_assert_eq!(b.source.start, i, "source order kept, no gap");
        prop_assert_eq!(b.target.start, j, "target order kept, no gap");
        prop_assert!(!b.source.is_empty() || !b.target.is_empty());
        prop_assert!((0.0..=1.0).contains(&b.confidence));
        i = b.source.end;
        j = b.target.end;
    }
    prop_assert_eq!((i, j), (n, m), "every sentence in a bead");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_sentence_is_in_exactly_one_bead_in_order(a in paragraphs(), b in paragraphs()) {
        let en = Document::from_text("en", &text(&a));
        let other = Document::from_text("en", &text(&b));
        let al = Aligner::new().align(&en, &other);
        check_cover(&al, en.len(), other.len())?;
    }

    #[test]
    fn identical_documents_align_one_to_one(a in paragraphs()) {
        let d = Document::from_text("en", &text(&a));
        let al = Aligner::new().align(&d, &d);
        check_cover(&al, d.len(), d.len())?;
        for (k, b) in al.beads.iter().enumerate() {
            prop_assert_eq!(b.source.clone(), k..k + 1);
            prop_assert_eq!(b.target.clone(), k..k + 1);
        }
    }

    #[test]
    fn one_dropped_sentence_is_recovered(a in paragraphs(), pick in any::<prop::sample::Index>()) {
        let d = Document::from_text("en", &text(&a));
        prop_assume!(d.len() >= 3);
        let drop = pick.index(d.len());
        let mut shorter: Vec<Vec<String>> = Vec::new();
        let mut k = 0;
        for p in &a {
            let mut q = Vec::new();
            for s in p {
                // Segmentation of generated text is one sentence per generated sentence.
                if k != drop {
                    q.push(s.clone());
                }
                k += 1;
            }
            if !q.is_empty() {
                shorter.push(q);
            }
        }
        prop_assume!(k == d.len());
        let t = Document::from_text("en", &text(&shorter));
        let al = Aligner::new().align(&d, &t);
        check_cover(&al, d.len(), t.len())?;
        let drops: Vec<_> = al.beads.iter().filter(|b| b.target.is_empty()).collect();
        prop_assert_eq!(drops.len(), 1, "one 1:0 bead: {:?}", al.beads);
        // The dropped sentence, or one with the same text (then the two are the same drop).
        prop_assert_eq!(&d.sentences[drops[0].source.start].text, &d.sentences[drop].text);
        for b in al.beads.iter().filter(|b| !b.target.is_empty()) {
            prop_assert_eq!(b.shape().to_string(), "1:1");
            prop_assert_eq!(&d.sentences[b.source.start].text, &t.sentences[b.target.start].text);
        }
    }
}
