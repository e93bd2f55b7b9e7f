//! Language tags: checking a user's tag ([`parse_tag`]), BCP 47 canonical case, comparisons.

/// Canonical form of a BCP 47 tag: language lower-case, region upper-case,
/// script title-case (`KK-kz` → `kk-KZ`, `sr-latn-rs` → `sr-Latn-RS`). `_` becomes `-`.
pub fn canonical(tag: &str) -> String {
    // A bare primary language in lower case (`en`, `kk`): already canonical.
    if !tag.is_empty() && tag.bytes().all(|b| b.is_ascii_lowercase()) {
        return tag.to_string();
    }
    let mut out = String::with_capacity(tag.len());
    for (i, part) in tag.trim().split(['-', '_']).enumerate() {
        if i > 0 {
            out.push('-');
        }
        if i == 0 {
            out.push_str(&part.to_ascii_lowercase());
        } else if part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()) {
            out.push_str(&part.to_ascii_uppercase());
        } else if part.len() == 4 && part.chars().all(|c| c.is_ascii_alphabetic()) {
            let lower = part.to_ascii_lowercase();
            out.push_str(&lower[..1].to_ascii_uppercase());
            out.push_str(&lower[1..]);
        } else {
            out.push_str(&part.to_ascii_lowercase());
        }
    }
    out
}

/// The primary language subtag, lower-case (`kk-KZ` → `kk`).
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether `tag` is a plausible BCP 47 tag: a 2–3 letter ISO 639 language, then subtags of
/// 1–8 letters or digits (`kk`, `kk-KZ`, `sr-Latn-RS`).
pub fn is_valid(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The languages tmkit is made for (English sources, Kazakh and Russian translations):
/// [`parse_tag`] prefers them when it suggests a code for a mistyped one.
const HOUSE_LANGUAGES: [&str; 3] = ["en", "kk", "ru"];

/// Why [`parse_tag`] refused a language tag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LangError {
    /// Nothing, or only white space.
    #[error("empty language tag (expected e.g. en, kk, ru)")]
    Empty,
    /// Not BCP 47 syntax (`k k`, `en--US`, `1234`).
    #[error(
        "invalid language tag {tag:?}: {problem} (expected a BCP 47 tag such as en, kk, ru-RU)"
    )]
    Malformed {
        /// The tag as given.
        tag: String,
        /// What is wrong with it.
        problem: String,
    },
    /// Well-formed, but its language subtag is no ISO 639 language (`kz` is a country).
    #[error("unknown language '{language}'{}{}", in_tag(.language, .tag), did_you_mean(.suggestion))]
    Unknown {
        /// The tag as given.
        tag: String,
        /// Its language subtag, lower-case.
        language: String,
        /// A known code the user may have meant.
        suggestion: Option<String>,
    },
}

fn in_tag(language: &str, tag: &str) -> String {
    if language.eq_ignore_ascii_case(tag.trim()) {
        String::new()
    } else {
        format!(" in '{tag}'")
    }
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    suggestion
        .as_deref()
        .map(|s| format!(" (did you mean {s}?)"))
        .unwrap_or_default()
}

/// Checks a language tag typed by a user and returns its canonical form, or says why it is
/// not one. The tag must be BCP 47 (`kk`, `kk-KZ`, `sr-Latn-RS`; `_` is read as `-`) and
/// its language an ISO 639 language. The result is in canonical case (`KK-kz` → `kk-KZ`)
/// and uses the two-letter code where ISO 639-1 has one (`kaz` → `kk`, `rus` → `ru`,
/// `ger` → `de`), as BCP 47 asks.
pub fn parse_tag(tag: &str) -> Result<String, LangError> {
    let trimmed = tag.trim();
    if trimmed.is_empty() {
        return Err(LangError::Empty);
    }
    let malformed = |problem: String| LangError::Malformed {
        tag: tag.to_string(),
        problem,
    };
    if let Some(c) = trimmed
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_')))
    {
        return Err(malformed(format!("{c:?} cannot appear in a language tag")));
    }
    let subtags: Vec<&str> = trimmed.split(['-', '_']).collect();
    for s in &subtags {
        if s.is_empty() {
            return Err(malformed("empty subtag".to_string()));
        }
        if s.len() > 8 {
            return Err(malformed(format!(
                "subtag '{s}' is longer than 8 characters"
            )));
        }
    }
    let first = subtags[0];
    if !first.bytes().all(|b| b.is_ascii_alphabetic()) || matches!(first.len(), 1 | 4) {
        return Err(malformed(format!(
            "'{first}' is not a language subtag (2 or 3 letters)"
        )));
    }
    let primary = first.to_ascii_lowercase();
    let Some(mut out) = known_language(&primary) else {
        return Err(LangError::Unknown {
            tag: tag.to_string(),
            suggestion: suggest(&primary),
            language: primary,
        });
    };
    // Extensions and private use start at the first one-character subtag.
    let rest = &subtags[1..];
    let split = rest.iter().position(|s| s.len() == 1).unwrap_or(rest.len());
    let (middle, tail) = rest.split_at(split);
    let mut stage = Stage::Extlang;
    let mut extlangs = 0;
    for s in middle {
        let alpha = s.bytes().all(|b| b.is_ascii_alphabetic());
        let digits = s.bytes().all(|b| b.is_ascii_digit());
        out.push('-');
        if stage == Stage::Extlang && s.len() == 3 && alpha && primary.len() <= 3 && extlangs < 3 {
            extlangs += 1;
            out.push_str(&s.to_ascii_lowercase());
        } else if stage <= Stage::Script && s.len() == 4 && alpha {
            stage = Stage::Region;
            out.push_str(&s[..1].to_ascii_uppercase());
            out.push_str(&s[1..].to_ascii_lowercase());
        } else if stage <= Stage::Region && ((s.len() == 2 && alpha) || (s.len() == 3 && digits)) {
            stage = Stage::Variant;
            out.push_str(&s.to_ascii_uppercase());
        } else if s.len() >= 5 || (s.len() == 4 && s.as_bytes()[0].is_ascii_digit()) {
            stage = Stage::Variant;
            out.push_str(&s.to_ascii_lowercase());
        } else {
            return Err(malformed(format!("subtag '{s}' is out of place")));
        }
    }
    let mut i = 0;
    while i < tail.len() {
        let singleton = tail[i].to_ascii_lowercase();
        // Private use (`x-…`) takes every subtag after it; an extension, those up to the next
        // singleton, each of 2 to 8 characters.
        let end = if singleton == "x" {
            tail.len()
        } else {
            tail[i + 1..]
                .iter()
                .position(|s| s.len() == 1)
                .map_or(tail.len(), |p| i + 1 + p)
        };
        if end == i + 1 {
            return Err(malformed(format!("nothing follows '{singleton}'")));
        }
        out.push('-');
        out.push_str(&singleton);
        for s in &tail[i + 1..end] {
            out.push('-');
            out.push_str(&s.to_ascii_lowercase());
        }
        i = end;
    }
    Ok(out)
}

/// Where a subtag after the language may stand, in BCP 47 order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Extlang,
    Script,
    Region,
    Variant,
}

/// ISO 639-2/B codes that differ from the terminology codes ISO 639-3 uses.
const BIBLIOGRAPHIC: [(&str, &str); 20] = [
    ("alb", "sq"),
    ("arm", "hy"),
    ("baq", "eu"),
    ("bur", "my"),
    ("chi", "zh"),
    ("cze", "cs"),
    ("dut", "nl"),
    ("fre", "fr"),
    ("geo", "ka"),
    ("ger", "de"),
    ("gre", "el"),
    ("ice", "is"),
    ("mac", "mk"),
    ("mao", "mi"),
    ("may", "ms"),
    ("per", "fa"),
    ("rum", "ro"),
    ("slo", "sk"),
    ("tib", "bo"),
    ("wel", "cy"),
];

/// Two-letter codes withdrawn from ISO 639-1, with the codes that replaced them.
const WITHDRAWN: [(&str, &str); 5] = [
    ("in", "id"),
    ("iw", "he"),
    ("ji", "yi"),
    ("jw", "jv"),
    ("mo", "ro"),
];

/// The canonical code of a lower-case ISO 639 code, or `None` when it names no language.
fn known_language(code: &str) -> Option<String> {
    let pick = |table: &[(&str, &str)]| {
        table
            .iter()
            .find(|(from, _)| *from == code)
            .map(|(_, to)| (*to).to_string())
    };
    match code.len() {
        2 => pick(&WITHDRAWN)
            .or_else(|| isolang::Language::from_639_1(code).map(|_| code.to_string())),
        3 => {
            if let Some(two) = pick(&BIBLIOGRAPHIC) {
                return Some(two);
            }
            // qaa–qtz: reserved for local use.
            if code.as_bytes()[0] == b'q' && code.as_bytes()[1] <= b't' {
                return Some(code.to_string());
            }
            isolang::Language::from_639_3(code)
                .map(|l| l.to_639_1().unwrap_or(l.to_639_3()).to_string())
        }
        _ => None,
    }
}

/// A known code close to an unknown one: a house language one keystroke away, else the only
/// language one keystroke away; for a word, the language of that English name (`russian`).
fn suggest(code: &str) -> Option<String> {
    if code.len() > 3 {
        let mut name = code.to_string();
        name[..1].make_ascii_uppercase();
        let l = isolang::Language::from_name(&name)?;
        return Some(l.to_639_1().unwrap_or(l.to_639_3()).to_string());
    }
    let mut near: Vec<String> = Vec::new();
    let bytes = code.as_bytes();
    let mut consider = |candidate: Vec<u8>| {
        if let Ok(c) = String::from_utf8(candidate) {
            if let Some(k) = known_language(&c) {
                if !near.contains(&k) {
                    near.push(k);
                }
            }
        }
    };
    for i in 0..bytes.len() {
        for b in b'a'..=b'z' {
            if b != bytes[i] {
                let mut c = bytes.to_vec();
                c[i] = b;
                consider(c);
            }
        }
        if i + 1 < bytes.len() {
            let mut c = bytes.to_vec();
            c.swap(i, i + 1);
            consider(c);
        }
        if bytes.len() == 3 {
            let mut c = bytes.to_vec();
            c.remove(i);
            consider(c);
        }
    }
    if let Some(h) = HOUSE_LANGUAGES
        .iter()
        .find(|h| near.iter().any(|n| n == *h))
    {
        return Some((*h).to_string());
    }
    (near.len() == 1).then(|| near.remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_case_follows_bcp47() {
        assert_eq!(canonical("KK-kz"), "kk-KZ");
        assert_eq!(canonical("kk"), "kk");
        assert_eq!(canonical("sr_latn_rs"), "sr-Latn-RS");
        assert_eq!(primary("ru-RU"), "ru");
    }

    #[test]
    fn validity_rejects_junk() {
        assert!(is_valid("kk-KZ"));
        assert!(!is_valid("k"));
        assert!(!is_valid("en US"));
        assert!(!is_valid("english"));
    }

    #[test]
    fn parse_tag_accepts_language_codes_in_canonical_form() {
        for (given, canonical) in [
            ("en", "en"),
            ("KK", "kk"),
            (" ru ", "ru"),
            ("kk-kz", "kk-KZ"),
            ("kk_KZ", "kk-KZ"),
            ("sr-latn-rs", "sr-Latn-RS"),
            ("es-419", "es-419"),
            ("de-CH-1996", "de-CH-1996"),
            ("zh-yue-HK", "zh-yue-HK"),
            ("en-US-x-Newsroom", "en-US-x-newsroom"),
            ("haw", "haw"),
        ] {
            assert_eq!(parse_tag(given).as_deref(), Ok(canonical), "{given}");
        }
    }

    #[test]
    fn parse_tag_prefers_the_two_letter_code() {
        assert_eq!(parse_tag("kaz").as_deref(), Ok("kk"));
        assert_eq!(parse_tag("rus-RU").as_deref(), Ok("ru-RU"));
        assert_eq!(parse_tag("eng").as_deref(), Ok("en"));
        assert_eq!(parse_tag("ger").as_deref(), Ok("de"));
        assert_eq!(parse_tag("iw").as_deref(), Ok("he"));
    }

    #[test]
    fn parse_tag_refuses_empty_and_malformed_tags() {
        assert_eq!(parse_tag(""), Err(LangError::Empty));
        assert_eq!(parse_tag("  "), Err(LangError::Empty));
        for bad in [
            "k k",
            "k",
            "en--US",
            "en-",
            "12",
            "en-US-",
            "en.UTF-8",
            "abcd",
            "en-a",
            "x-private",
            "en-Latn-Cyrl",
        ] {
            let e = parse_tag(bad).expect_err(bad);
            assert!(matches!(e, LangError::Malformed { .. }), "{bad}: {e:?}");
            assert!(e.to_string().contains("invalid language tag"), "{bad}: {e}");
        }
    }

    #[test]
    fn parse_tag_refuses_codes_that_name_no_language_and_suggests_one() {
        let e = parse_tag("kz").unwrap_err();
        assert_eq!(e.to_string(), "unknown language 'kz' (did you mean kk?)");
        let e = parse_tag("kz-KZ").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown language 'kz' in 'kz-KZ' (did you mean kk?)"
        );
        let e = parse_tag("rs").unwrap_err();
        assert!(e.to_string().ends_with("(did you mean ru?)"), "{e}");
        let e = parse_tag("english").unwrap_err();
        assert!(e.to_string().ends_with("(did you mean en?)"), "{e}");
        let e = parse_tag("rsu").unwrap_err();
        assert!(e.to_string().ends_with("(did you mean ru?)"), "{e}");
        assert!(matches!(parse_tag("xx"), Err(LangError::Unknown { .. })));
        assert!(matches!(
            parse_tag("zzzzz"),
            Err(LangError::Unknown {
                suggestion: None,
                ..
            })
        ));
    }
}
