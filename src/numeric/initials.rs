//! [`Initials`]: the first two letters of the words of a table, which rule out most words
//! of a text before they are compared with the table's entries (a word a table can match
//! starts with one of its entries: the entries are whole words or stems).

/// What stands for "any letter" after an entry of one letter.
const ANY: char = '\0';

/// The first two letters of a table's words, sorted (the second [`ANY`] for an entry of
/// one letter), or `None` when an entry is empty (then any word may match).
#[derive(Debug, Clone)]
pub(super) struct Initials(Option<Vec<(char, char)>>);

impl Initials {
    /// The first two letters of `words`.
    pub(super) fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> Initials {
        let mut first = Vec::new();
        for w in words {
            let mut c = w.chars();
            match c.next() {
                Some(a) => first.push((a, c.next().unwrap_or(ANY))),
                None => return Initials(None),
            }
        }
        first.sort_unstable();
        first.dedup();
        Initials(Some(first))
    }

    /// Whether `word` starts as one of the entries does (an empty word never does, unless
    /// an entry is empty).
    #[inline]
    pub(super) fn may_start(&self, word: &str) -> bool {
        let Some(first) = &self.0 else {
            return true;
        };
        let mut c = word.chars();
        let Some(a) = c.next() else {
            return false;
        };
        let b = c.next().unwrap_or(ANY);
        first.binary_search(&(a, b)).is_ok() || (b != ANY && first.binary_search(&(a, ANY)).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_may_match_only_when_it_starts_as_an_entry_does() {
        let i = Initials::of(["шілде", "сәуір", "қазан", "г"]);
        assert!(i.may_start("шілдеде"));
        assert!(i.may_start("сәуірде"));
        assert!(!i.may_start("полиция"));
        assert!(!i.may_start("шам"), "same first letter, not the second");
        assert!(!i.may_start("ш"));
        assert!(
            i.may_start("год") && i.may_start("г"),
            "an entry of one letter"
        );
        assert!(!i.may_start(""));
        let any = Initials::of(["", "а"]);
        assert!(any.may_start("полиция"));
    }
}
