//! Character data: checked, references resolved, line ends normalized.

use std::borrow::Cow;

use super::chars::{check_chars, scan, AMP, CR, SUSPECT};
use super::error::{escape_message, escape_offset, xerr, XmlError};

/// Character data as written (a [`RawEv::Text`](super::RawEv::Text) starting at byte `at`),
/// checked and unescaped, line ends normalized.
pub fn text(raw: &str, at: u64) -> Result<Cow<'_, str>, XmlError> {
    // White space between elements (most text events) is legal and stays as it is.
    if raw.bytes().all(|c| matches!(c, b' ' | b'\t' | b'\n')) {
        return Ok(Cow::Borrowed(raw));
    }
    let flags = scan(raw.as_bytes());
    if flags & SUSPECT != 0 {
        check_chars(raw, at)?;
    }
    if flags & AMP == 0 {
        // Nothing to resolve (the common case): at most line ends to normalize.
        return Ok(if flags & CR != 0 {
            normalize_newlines(raw)
        } else {
            Cow::Borrowed(raw)
        });
    }
    let unescape = |s: &str| -> Result<Option<String>, XmlError> {
        match quick_xml::escape::unescape(s) {
            Ok(Cow::Borrowed(_)) => Ok(None),
            Ok(Cow::Owned(t)) => {
                // Character references may spell illegal characters; plain text was
                // checked above.
                check_chars(&t, at)?;
                Ok(Some(t))
            }
            Err(e) => xerr(at + escape_offset(&e), escape_message(&e)),
        }
    };
    Ok(match normalize_newlines(raw) {
        Cow::Borrowed(s) => match unescape(s)? {
            None => Cow::Borrowed(s),
            Some(t) => Cow::Owned(t),
        },
        Cow::Owned(s) => Cow::Owned(unescape(&s)?.unwrap_or(s)),
    })
}

/// The content of a CDATA section ([`RawEv::CData`](super::RawEv::CData) at byte `at`),
/// checked, line ends normalized.
pub fn cdata(raw: &str, at: u64) -> Result<Cow<'_, str>, XmlError> {
    let t = normalize_newlines(raw);
    check_chars(&t, at)?;
    Ok(t)
}

/// XML line-end normalization: CR LF and lone CR become LF.
pub(crate) fn normalize_newlines(s: &str) -> Cow<'_, str> {
    if s.contains('\r') {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    }
}
