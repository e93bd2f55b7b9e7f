//! [`Initials`]: the first letters of the words of a table, which rule out most words of a
//! text before they are compared with the table's entries (a word a table can match
//! starts with one of its entries: the entries are whole words or stems).

/// The first letters of a table's words (sorted), or `None` when an entry is empty (then
/// any word may match).
#[derive(Debug, Clone)]
pub(super) struct Initials(Option<Vec<char>>);

impl Initials {
    /// The first letters of `words`.
    pub(super) fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> Initials {
        let mut first = Vec::new();
        for w in words {
            match w.chars().next() {
                Some(c) => first.push(c),
                None => return Initials(None),
            }
        }
        first.sort_unstable();
        first.dedup();
        Initials(Some(first))
    }

    /// Whether `word` starts with one of the letters (an empty word never does, unless an
    /// entry is empty).
    #[inline]
    pub(super) fn may_start(&self, word: &str) -> bool {
        match (&self.0, word.chars().next()) {
            (None, _) => true,
            (Some(first), Some(c)) => first.binary_search(&c).is_ok(),
            (Some(_), None) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_may_match_only_when_it_starts_as_an_entry_does() {
        let i = Initials::of(["шілде", "сәуір", "қазан"]);
        assert!(i.may_start("шілдеде"));
        assert!(i.may_start("сәуірде"));
        assert!(!i.may_start("полиция"));
        assert!(!i.may_start(""));
        let any = Initials::of(["", "а"]);
        assert!(any.may_start("полиция"));
    }
}
