//! Language tags: BCP 47 canonical case and comparisons.

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
}
