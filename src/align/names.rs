//! Proper nouns compared across scripts: a capitalized word, Latin or Cyrillic, is reduced
//! to a consonant skeleton of its Latin transliteration (`Kunbolat`, `Күнболаттың` and
//! `Кунболата` are all `knblt…`), and two names match when their first four skeleton
//! letters agree, so Kazakh and Russian case endings do not matter.

/// How many skeleton letters are compared: enough to tell names apart, few enough to stop
/// before inflectional endings.
const KEY_LEN: usize = 4;
/// Shorter skeletons are too common to be evidence.
const MIN_LEN: usize = 3;

/// The Latin letters a Cyrillic (Kazakh or Russian) letter transliterates to, with the
/// differences that do not matter here folded away (ә/а, ғ/г, қ/к/х, ң/н, ө/о, ұ/ү/у).
fn cyrillic_to_latin(c: char) -> &'static str {
    match c {
        'а' | 'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "j",
        'з' => "z",
        'и' | 'й' | 'ы' | 'і' => "i",
        'к' | 'қ' | 'х' | 'һ' => "k",
        'л' => "l",
        'м' => "m",
        'н' | 'ң' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ұ' | 'ү' => "u",
        'ф' => "f",
        'ц' => "ts",
        'ч' => "ch",
        'ш' | 'щ' => "sh",
        'ю' => "iu",
        'я' => "ia",
        _ => "",
    }
}

/// Latin spellings folded the same way: `kh`, `q`, `h` → `k`; `zh`, `dzh`, `j` → `j`; `y` → `i`;
/// `w` → `v`; `c` before a consonant or `h` handled as `ch`.
fn fold_latin(word: &str, out: &mut String) {
    let lower: Vec<char> = word.to_lowercase().chars().collect();
    let mut i = 0;
    while i < lower.len() {
        let c = lower[i];
        let next = lower.get(i + 1).copied();
        match (c, next) {
            ('k', Some('h')) | ('g', Some('h')) => {
                out.push(if c == 'k' { 'k' } else { 'g' });
                i += 2;
                continue;
            }
            // `dzh` is the Russian-style spelling of the same `j` (Dzhaksybekov).
            ('d', Some('z')) if lower.get(i + 2) == Some(&'h') => {
                out.push('j');
                i += 3;
                continue;
            }
            ('z', Some('h')) => {
                out.push('j');
                i += 2;
                continue;
            }
            ('s', Some('h')) => {
                out.push_str("sh");
                i += 2;
                continue;
            }
            ('c', Some('h')) => {
                out.push_str("ch");
                i += 2;
                continue;
            }
            // English "ng" is often Kazakh "ң" (Beijing, Бейжің).
            ('n', Some('g')) if lower.get(i + 2).is_none_or(|c| !c.is_alphabetic()) => {
                out.push('n');
                i += 2;
                continue;
            }
            _ => {}
        }
        match c {
            'q' | 'h' => out.push('k'),
            'x' => out.push_str("ks"),
            'c' => out.push('k'),
            'y' => out.push('i'),
            'w' => out.push('v'),
            'ä' | 'á' | 'à' => out.push('a'),
            'ö' | 'ó' => out.push('o'),
            'ü' | 'ú' => out.push('u'),
            'ı' | 'í' => out.push('i'),
            'ñ' => out.push('n'),
            'ş' => out.push_str("sh"),
            'ğ' => out.push('g'),
            c if c.is_ascii_alphabetic() => out.push(c),
            _ => {}
        }
        i += 1;
    }
}

/// The comparison key of a capitalized word: the first letter, then consonants, doubled
/// letters once; `None` for a word too short to be evidence.
pub fn name_key(word: &str) -> Option<u64> {
    key_of(word, MIN_LEN)
}

/// The key of a word as [`name_key`] makes it, when it has at least `min` letters.
fn key_of(word: &str, min: usize) -> Option<u64> {
    let mut latin = String::with_capacity(word.len());
    if word.chars().any(|c| ('\u{400}'..='\u{4FF}').contains(&c)) {
        let lower: Vec<char> = word.to_lowercase().chars().collect();
        for (k, &c) in lower.iter().enumerate() {
            // Russian writes English `j` as `дж` (Таджикистан, Джалал-Абад, Джо): one
            // sound, one letter.
            if c == 'д' && lower.get(k + 1) == Some(&'ж') {
                continue;
            }
            latin.push_str(cyrillic_to_latin(c));
        }
    } else {
        fold_latin(word, &mut latin);
    }
    let mut key = String::with_capacity(KEY_LEN);
    let mut last = '\0';
    for (k, c) in latin.chars().enumerate() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
        if (k == 0 || !vowel) && c != last {
            key.push(c);
            if key.len() == KEY_LEN {
                break;
            }
        }
        last = c;
    }
    if key.len() < min {
        return None;
    }
    let mut h: u64 = 0;
    for b in key.bytes() {
        h = (h << 8) | u64::from(b);
    }
    Some(h)
}

/// Calls `out` with the key of every capitalized word of `text` (acronyms included), and
/// whether the word opens the sentence (where any word is capitalized, so it is weaker
/// evidence of a name).
pub fn names(text: &str, out: &mut dyn FnMut(u64, bool)) {
    let mut first = true;
    for word in text.split(|c: char| !super::lexicon::is_letter(c)) {
        if word.is_empty() {
            continue;
        }
        if word.chars().next().is_some_and(char::is_uppercase) {
            if let Some(k) = name_key(word) {
                out(k, first);
            }
        }
        first = false;
    }
}

/// Words of at least this many letters are compared as possible cognates.
const COGNATE_MIN_CHARS: usize = 5;

/// Calls `out` with the key of every long lower-case word of `text` whose skeleton is
/// complete: borrowed and international words (`extremism`, `экстремизммен`; `consulate`,
/// `консулдығы`) share it across languages.
pub fn cognates(text: &str, out: &mut dyn FnMut(u64)) {
    for word in text.split(|c: char| !super::lexicon::is_letter(c)) {
        if word.chars().next().is_some_and(char::is_lowercase)
            && word.chars().count() >= COGNATE_MIN_CHARS
        {
            if let Some(k) = key_of(word, MIN_LEN) {
                out(k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(w: &str) -> Option<u64> {
        name_key(w)
    }

    #[test]
    fn inflected_cyrillic_names_match_their_latin_spelling() {
        let k = key("Kunbolat");
        assert!(k.is_some());
        assert_eq!(key("Күнболаттың"), k);
        assert_eq!(key("Кунболата"), k);
        assert_eq!(key("Almaty"), key("Алматыда"));
        assert_eq!(key("Uyghur"), key("Ұйғыр"));
        assert_eq!(key("Kazakhstan"), key("Қазақстанда"));
        assert_eq!(key("Kazakhstan"), key("Казахстане"));
        assert_eq!(key("Zhanaozen"), key("Жаңаөзен"));
        assert_eq!(key("Tajik"), key("Таджик"));
        assert_eq!(key("Tajik"), key("Тәжік"));
        assert_eq!(key("Jalal"), key("Джалал"));
        assert_eq!(key("Dzhaksybekov"), key("Джаксыбеков"));
    }

    #[test]
    fn international_words_are_cognates() {
        let k = |w: &str| {
            let mut v = Vec::new();
            cognates(w, &mut |x| v.push(x));
            v
        };
        assert_eq!(k("extremism"), k("экстремизммен"));
        assert_eq!(k("consulate"), k("консулдығының"));
        assert!(k("the").is_empty());
        assert_eq!(key("Beijing"), key("Бейжің"));
    }

    #[test]
    fn different_names_and_short_words_do_not_match() {
        assert_ne!(key("Kunbolat"), key("Зейнолла"));
        assert_ne!(key("Almaty"), key("Астана"));
        assert_eq!(key("He"), None);
    }

    #[test]
    fn only_capitalized_words_are_names() {
        let mut v = Vec::new();
        names("Police in Almaty detained Kunbolat", &mut |k, first| {
            v.push((k, first))
        });
        assert_eq!(
            v,
            vec![
                (key("Police").unwrap(), true),
                (key("Almaty").unwrap(), false),
                (key("Kunbolat").unwrap(), false)
            ]
        );
    }
}
