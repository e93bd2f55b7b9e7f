//! Who may write: the bearer token of `--token-file`, compared in constant time.
//!
//! Only its SHA-256 is kept; a request's token is hashed too and the two digests are
//! compared byte by byte without stopping early, so the time taken says nothing about
//! how much of a guess was right (nor about the token's length).

use axum::http::{header, HeaderMap};
use sha2::{Digest, Sha256};

use super::errors::ApiError;

/// The token writes need.
#[derive(Clone)]
pub struct Token {
    digest: [u8; 32],
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

impl Token {
    /// The shortest token accepted.
    pub const MIN_LEN: usize = 16;
    /// The longest token accepted.
    pub const MAX_LEN: usize = 4096;

    /// A token: 16 to 4,096 visible ASCII characters; `None` otherwise.
    pub fn new(text: &str) -> Option<Token> {
        let ok = (Self::MIN_LEN..=Self::MAX_LEN).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_graphic());
        ok.then(|| Token {
            digest: Sha256::digest(text.as_bytes()).into(),
        })
    }

    /// Whether `given` is this token (constant time in the contents of both).
    pub fn matches(&self, given: &str) -> bool {
        let d: [u8; 32] = Sha256::digest(given.as_bytes()).into();
        d.iter()
            .zip(self.digest.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

/// Lets a write through when the request carries `Authorization: Bearer TOKEN` with the
/// server's token: 403 on a read-only server (no token file) or with a wrong token, 401
/// without a bearer token.
pub fn allow_write(token: Option<&Token>, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = token else {
        return Err(ApiError::forbidden(
            "this server is read-only (it was started without --token-file)",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        });
    match given {
        None => Err(ApiError::unauthorized(
            "writing needs an Authorization: Bearer TOKEN header",
        )),
        Some(t) if token.matches(t) => Ok(()),
        Some(_) => Err(ApiError::forbidden("the bearer token is not this server's")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(auth: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(auth).unwrap());
        h
    }

    #[test]
    fn only_the_servers_bearer_token_lets_a_write_through() {
        let t = Token::new("s3cret-token-of-the-desk").unwrap();
        assert!(allow_write(Some(&t), &with("Bearer s3cret-token-of-the-desk")).is_ok());
        assert!(allow_write(Some(&t), &with("bearer  s3cret-token-of-the-desk ")).is_ok());
        let status = |r: Result<(), ApiError>| r.unwrap_err().status.as_u16();
        assert_eq!(status(allow_write(Some(&t), &HeaderMap::new())), 401);
        assert_eq!(status(allow_write(Some(&t), &with("Basic abc"))), 401);
        assert_eq!(
            status(allow_write(
                Some(&t),
                &with("Bearer s3cret-token-of-the-des")
            )),
            403
        );
        assert_eq!(
            status(allow_write(None, &with("Bearer s3cret-token-of-the-desk"))),
            403
        );
    }

    #[test]
    fn short_or_odd_tokens_are_refused() {
        assert!(Token::new("short").is_none());
        assert!(Token::new("has a space in the middle").is_none());
        assert!(Token::new("ключ-ключ-ключ-ключ").is_none());
        assert!(Token::new(&"x".repeat(16)).is_some());
    }
}
