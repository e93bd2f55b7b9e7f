//! The XML declaration's `encoding`: what a file says it is written in, so that a reader
//! that only decodes UTF-8 and UTF-16 can name the encoding it was given instead of only
//! reporting bad bytes.

/// The `encoding` named by the XML declaration at the start of `input` (after
/// [`decode_input`](super::decode_input) has taken off any byte order mark), as written;
/// `None` when there is no declaration or it names no encoding. Only the declaration is
/// looked at: the rest of the input is not read.
pub fn declared_encoding(input: &[u8]) -> Option<&str> {
    let rest = input.strip_prefix(b"<?xml")?;
    if !rest.first().is_some_and(|c| c.is_ascii_whitespace()) {
        return None;
    }
    let end = memchr::memmem::find(rest, b"?>")?;
    let decl = std::str::from_utf8(&rest[..end]).ok()?;
    let after = &decl[decl.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|&q| q == '"' || q == '\'')?;
    let value = &after[1..];
    Some(&value[..value.find(quote)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_encoding_in_either_quotes_with_spaces() {
        let enc = |s: &str| declared_encoding(s.as_bytes()).map(str::to_string);
        assert_eq!(
            enc("<?xml version=\"1.0\" encoding=\"windows-1254\"?><a/>").as_deref(),
            Some("windows-1254")
        );
        assert_eq!(
            enc("<?xml version='1.0' encoding = 'UTF-8' ?>").as_deref(),
            Some("UTF-8")
        );
        assert_eq!(enc("<?xml version=\"1.0\"?><a/>"), None);
        assert_eq!(enc("<a/>"), None);
        assert_eq!(enc("<?xml-stylesheet encoding=\"x\"?>"), None);
        assert_eq!(enc("<?xml encoding=\"unclosed?>"), None);
        assert_eq!(enc("<?xml encoding=\"x\""), None);
    }
}
