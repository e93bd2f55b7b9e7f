//! UTC timestamps without a date library.

use std::time::{SystemTime, UNIX_EPOCH};

/// The current time in UTC as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    format_utc(secs)
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Parses `YYYY-MM-DDTHH:MM:SSZ` (ISO 8601, as stored) or `YYYYMMDDTHHMMSSZ` (TMX) into
/// the stored form; `None` when the text is neither.
pub fn parse_utc(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let ok_shape = s.ends_with('Z') && (s.len() == 20 || s.len() == 16) && digits.len() == 14;
    if !ok_shape {
        return None;
    }
    let n = |a: usize, b: usize| digits[a..b].parse::<u32>().ok();
    let (y, mo, d, h, mi, se) = (
        n(0, 4)?,
        n(4, 6)?,
        n(6, 8)?,
        n(8, 10)?,
        n(10, 12)?,
        n(12, 14)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    Some(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{se:02}Z"))
}

/// Converts the stored form to TMX's `YYYYMMDDThhmmssZ`.
pub fn to_tmx(stored: &str) -> String {
    stored.chars().filter(|c| *c != '-' && *c != ':').collect()
}

// Days since 1970-01-01 to a proleptic Gregorian (year, month, day), after H. Hinnant's
// public-domain description of the algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_795_000_000), "2026-11-18T11:06:40Z");
    }

    #[test]
    fn parses_tmx_and_iso_forms() {
        assert_eq!(
            parse_utc("20190914T123000Z").as_deref(),
            Some("2019-09-14T12:30:00Z")
        );
        assert_eq!(
            parse_utc("2019-09-14T12:30:00Z").as_deref(),
            Some("2019-09-14T12:30:00Z")
        );
        assert_eq!(parse_utc("2019-13-14T12:30:00Z"), None);
        assert_eq!(parse_utc("yesterday"), None);
        assert_eq!(to_tmx("2019-09-14T12:30:00Z"), "20190914T123000Z");
    }
}
