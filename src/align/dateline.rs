//! News datelines (`ALMATY, Kazakhstan --`, `АЛМАТЫ –`, `НҰР-СҰЛТАН.`): where a report
//! was filed, written at the head of its first sentence or set apart as a paragraph of its
//! own. Translators keep, shorten, move or drop them, so a dateline says little about what
//! its sentence says.

/// A dateline has at most this many characters (`ALMATY, Kazakhstan.`, `НҰР-СҰЛТАН —`).
const DATELINE_MAX_CHARS: usize = 40;
/// … and at most this many words.
const DATELINE_MAX_WORDS: usize = 4;

/// Whether `text` reads as a news dateline: a short run of a few words opening with a
/// place name in capitals (`ALMATY, Kazakhstan --`, `АЛМАТЫ, Казахстан.`, `ASTANA —`).
pub(super) fn is_dateline(text: &str) -> bool {
    let text = text.trim();
    if text.chars().count() > DATELINE_MAX_CHARS {
        return false;
    }
    let mut words = text
        .split(|c: char| !c.is_alphabetic() && c != '-')
        .filter(|w| w.chars().any(char::is_alphabetic));
    let Some(first) = words.next() else {
        return false;
    };
    let letters = first.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3
        && first
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase())
        && words.count() < DATELINE_MAX_WORDS
}

/// Where the body of a sentence begins after the dateline at its head (`KHORGOS,
/// Kazakhstan -- More than …`, `ТАРАЗ – Жамбыл …`, `АЛМАТЫ. Полиция …`), in bytes; 0 when
/// it opens with none, the whole sentence when it is a dateline. The dateline ends at its
/// first dash (`--`, `–`, `—`, or ` - `) or at a period followed by a space.
pub(super) fn head_len(sentence: &str) -> usize {
    let limit = DATELINE_MAX_CHARS + 2;
    let mut chars = sentence.char_indices().take(limit).peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let end = match (c, next) {
            ('-', Some('-')) => i + 2,
            ('–' | '—', _) => i + c.len_utf8(),
            ('-', Some(' ')) if sentence[..i].ends_with(' ') => i + 1,
            ('.', Some(' ')) => i + 1,
            _ => continue,
        };
        if !is_dateline(&sentence[..i]) {
            return 0;
        }
        let rest = &sentence[end..];
        return end + (rest.len() - rest.trim_start().len());
    }
    if is_dateline(sentence) {
        sentence.len()
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_are_short_and_open_with_a_place_in_capitals() {
        assert!(is_dateline("АЛМАТЫ, Казахстан."));
        assert!(is_dateline("ALMATY, Kazakhstan --"));
        assert!(is_dateline("НҰР-СҰЛТАН —"));
        assert!(!is_dateline("Police Detain Activist In Almaty"));
        assert!(!is_dateline(
            "UN experts say the camps hold a million people."
        ));
        assert!(!is_dateline("He left."));
    }

    fn head(s: &str) -> &str {
        &s[..head_len(s)]
    }

    #[test]
    fn a_dateline_at_the_head_of_a_sentence_ends_at_its_dash_or_period() {
        assert_eq!(
            head("KHORGOS, Kazakhstan -- More than 1,200 lorries are waiting."),
            "KHORGOS, Kazakhstan -- "
        );
        assert_eq!(head("ТАРАЗ – Жамбыл облысында …"), "ТАРАЗ – ");
        assert_eq!(head("НҰР-СҰЛТАН — Сот …"), "НҰР-СҰЛТАН — ");
        assert_eq!(head("АЛМАТЫ. Полиция задержала …"), "АЛМАТЫ. ");
        assert_eq!(head("ALMATY - Police detained …"), "ALMATY - ");
        assert_eq!(head("АЛМАТЫ, Казахстан."), "АЛМАТЫ, Казахстан.");
    }

    #[test]
    fn a_sentence_without_a_dateline_has_no_head() {
        assert_eq!(
            head_len("More than 1,200 lorries – some for days – wait."),
            0
        );
        assert_eq!(head_len("Police Detain Activist In Almaty -- Report"), 0);
        assert_eq!(head_len("Kazakh-Chinese talks stalled."), 0);
        assert_eq!(
            head_len("«Нұр жолы» – Қазақстан мен Қытай шекарасындағы өткел."),
            0
        );
        assert_eq!(head_len("Kazakhstan"), 0);
    }
}
