//! What one request may ask: bounds on its size and on the work it causes, so that no
//! request can hold a worker for long or fill the server's memory. A request beyond them is
//! refused with 400 (or 413 for a body), saying which bound it crossed.

use super::errors::ApiError;

/// The largest request body (a pasted report, a check, a unit): 10 MiB (413 beyond).
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// The longest sentence looked up alone (`GET /api/lookup?q=`): 8 KiB, far above any
/// sentence of news. Longer text is a report: `POST /api/lookup` segments it.
pub const MAX_QUERY_BYTES: usize = 8 * 1024;

/// The longest concordance phrase: 1 KiB.
pub const MAX_PHRASE_BYTES: usize = 1024;

/// The most sentences a pasted report may have (lookups and analyses): 2,000, about
/// fifty long reports.
pub const MAX_REPORT_SEGMENTS: usize = 2000;

/// The most matches a lookup returns per sentence.
pub const MAX_LOOKUP_LIMIT: usize = 50;

/// The most units a concordance returns.
pub const MAX_CONCORDANCE_LIMIT: usize = 200;

/// The lowest match % a lookup may ask for: below it almost every unit is a candidate.
pub const MIN_SCORE: u32 = 50;

/// A text parameter: present, not blank, and at most `max` bytes.
pub fn text<'a>(name: &str, value: Option<&'a str>, max: usize) -> Result<&'a str, ApiError> {
    let v = value.ok_or_else(|| ApiError::bad_request(format!("missing field {name:?}")))?;
    if v.trim().is_empty() {
        return Err(ApiError::bad_request(format!("{name:?} is empty")));
    }
    if v.len() > max {
        return Err(ApiError::bad_request(format!(
            "{name:?} is {} bytes long; at most {max} are accepted",
            v.len()
        )));
    }
    if v.contains('\0') {
        return Err(ApiError::bad_request(format!(
            "{name:?} holds a NUL character"
        )));
    }
    Ok(v)
}

/// `min` (default 75): a match % from [`MIN_SCORE`] to 100.
pub fn min_score(value: Option<u32>) -> Result<u32, ApiError> {
    let min = value.unwrap_or(75);
    if !(MIN_SCORE..=100).contains(&min) {
        return Err(ApiError::bad_request(format!(
            "\"min\" must be from {MIN_SCORE} to 100, not {min}"
        )));
    }
    Ok(min)
}

/// A `limit` (default `default`) from 1 to `max`.
pub fn limit(value: Option<usize>, default: usize, max: usize) -> Result<usize, ApiError> {
    let n = value.unwrap_or(default);
    if !(1..=max).contains(&n) {
        return Err(ApiError::bad_request(format!(
            "\"limit\" must be from 1 to {max}, not {n}"
        )));
    }
    Ok(n)
}

/// A report's sentences, at most [`MAX_REPORT_SEGMENTS`].
pub fn segments(n: usize) -> Result<(), ApiError> {
    if n > MAX_REPORT_SEGMENTS {
        return Err(ApiError::bad_request(format!(
            "the text has {n} sentences; at most {MAX_REPORT_SEGMENTS} are looked up per request"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_outside_their_bounds_are_refused_naming_the_bound() {
        assert_eq!(
            text("q", Some("Police came."), 100).unwrap(),
            "Police came."
        );
        for bad in [None, Some("  "), Some("a\0b"), Some(&*"x".repeat(101))] {
            let e = text("q", bad, 100).unwrap_err();
            assert_eq!(e.status.as_u16(), 400, "{bad:?}");
            assert!(e.message.contains("\"q\""), "{}", e.message);
        }
        assert_eq!(min_score(None).unwrap(), 75);
        assert!(min_score(Some(49))
            .unwrap_err()
            .message
            .contains("from 50 to 100"));
        assert!(min_score(Some(101)).is_err());
        assert_eq!(limit(None, 5, 50).unwrap(), 5);
        assert!(limit(Some(0), 5, 50).is_err());
        assert!(limit(Some(51), 5, 50).is_err());
        assert!(segments(MAX_REPORT_SEGMENTS).is_ok());
        assert!(segments(MAX_REPORT_SEGMENTS + 1).is_err());
    }
}
