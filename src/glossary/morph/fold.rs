//! Folding: lower case and ё as е, keeping every character's UTF-8 length.

use std::sync::OnceLock;

/// Lower-case table for U+0000–U+04FF (Latin, Greek, Cyrillic incl. Kazakh letters);
/// every mapping keeps the UTF-8 length.
fn fold_table() -> &'static [char] {
    static T: OnceLock<Vec<char>> = OnceLock::new();
    T.get_or_init(|| {
        (0u32..0x500)
            .map(|u| {
                let c = char::from_u32(u).unwrap_or('\0');
                slow_fold(c)
            })
            .collect()
    })
}

fn slow_fold(c: char) -> char {
    if c == 'ё' || c == 'Ё' {
        return 'е';
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
        _ => c,
    }
}

/// Lower-cases `s` and writes ё as е, keeping every character's UTF-8 length, into `out`
/// (cleared first).
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    out.reserve(s.len());
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
    let table = fold_table();
    for c in s.chars() {
        let u = c as u32;
        out.push(if u < 0x80 {
            c.to_ascii_lowercase()
        } else if u < 0x500 {
            table[u as usize]
        } else {
            slow_fold(c)
        });
    }
}

/// The folded form of `s`: lower case, ё → е, same byte length as `s`.
pub fn fold(s: &str) -> String {
    let mut out = String::new();
    fold_into(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_byte_length_and_maps_yo() {
        for s in ["ҚАЗАҚСТАН Ёлка Ǆ İstanbul ΣΑΣ", "ӘҒҚҢӨҰҮҺІ"] {
            assert_eq!(fold(s).len(), s.len());
        }
        assert_eq!(fold("ЁЛКА Қазақ"), "елка қазақ");
        assert_eq!(fold("ӘҒҚҢӨҰҮҺІ"), "әғқңөұүһі");
    }
}
