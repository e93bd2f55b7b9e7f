//! Character classes with fast paths for ASCII, Latin-1 and Cyrillic (the
//! scripts of en/ru/kk text), falling back to the standard library.

/// Whether `c` is in the Cyrillic block U+0400–U+04FF and a letter.
#[inline]
fn cyrillic_letter(c: u32) -> bool {
    (0x0400..=0x04FF).contains(&c) && !(0x0482..=0x0489).contains(&c)
}

/// Case of a Cyrillic letter: `Some(true)` upper, `Some(false)` lower.
#[inline]
fn cyrillic_upper(c: u32) -> bool {
    match c {
        0x0400..=0x042F => true,
        0x0430..=0x045F => false,
        0x04C0 => true,
        0x04CF => false,
        0x04C1..=0x04CE => !c.is_multiple_of(2),
        _ => c.is_multiple_of(2),
    }
}

/// Lower-case letter.
#[inline]
pub(crate) fn is_lower(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        c.is_ascii_lowercase()
    } else if cyrillic_letter(u) {
        !cyrillic_upper(u)
    } else {
        c.is_lowercase()
    }
}

/// Upper-case letter.
#[inline]
pub(crate) fn is_upper(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        c.is_ascii_uppercase()
    } else if cyrillic_letter(u) {
        cyrillic_upper(u)
    } else {
        c.is_uppercase()
    }
}

/// Any letter (cased or not).
#[inline]
pub(crate) fn is_alpha(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        c.is_ascii_alphabetic()
    } else if cyrillic_letter(u) {
        true
    } else {
        c.is_alphabetic()
    }
}

/// Letter or digit.
#[inline]
pub(crate) fn is_alnum(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        c.is_ascii_alphanumeric()
    } else if cyrillic_letter(u) {
        true
    } else {
        c.is_alphanumeric()
    }
}

/// Appends `c` lower-cased to `buf[*len..]`; false when it does not fit.
#[inline]
pub(crate) fn push_lower(buf: &mut [u8], len: &mut usize, c: char) -> bool {
    let u = c as u32;
    let fast = if u < 0x80 {
        Some(c.to_ascii_lowercase())
    } else if cyrillic_letter(u) {
        let l = match u {
            0x0400..=0x040F => u + 0x50,
            0x0410..=0x042F => u + 0x20,
            0x04C0 => 0x04CF,
            _ if cyrillic_upper(u) => u + 1,
            _ => u,
        };
        char::from_u32(l)
    } else {
        None
    };
    let mut put = |l: char| {
        let n = l.len_utf8();
        if *len + n > buf.len() {
            return false;
        }
        l.encode_utf8(&mut buf[*len..*len + n]);
        *len += n;
        true
    };
    match fast {
        Some(l) => put(l),
        None => c.to_lowercase().all(put),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_paths_agree_with_std() {
        for u in (0u32..0x0600).chain(0x1E00..0x1F00) {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(is_lower(c), c.is_lowercase(), "{c:?} lower");
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?} upper");
            assert_eq!(is_alpha(c), c.is_alphabetic(), "{c:?} alpha");
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?} alnum");
            let mut buf = [0u8; 16];
            let mut len = 0;
            assert!(push_lower(&mut buf, &mut len, c));
            let want: String = c.to_lowercase().collect();
            assert_eq!(
                std::str::from_utf8(&buf[..len]).ok(),
                Some(want.as_str()),
                "{c:?}"
            );
        }
    }
}
