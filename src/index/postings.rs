//! The byte formats of the token index: postings lists (`fz_postings.data`) and token
//! sequences (`fz_units.toks`), both runs of LEB128 varints.
//!
//! A postings entry is one varint, `(unit-id delta << 8) | length`, the length being the
//! unit's number of content tokens capped at [`LEN_SATURATED`]; entries are sorted by unit
//! id. A token sequence is the unit's content-token ids in text order, one varint each.

use super::IndexError;

/// Encodes a unit's token-id sequence (varints).
pub(super) fn encode_ids(ids: &[i64], buf: &mut Vec<u8>) {
    buf.clear();
    for &t in ids {
        put_varint(buf, t as u64);
    }
}

/// Calls `f(token_id)` for each token of a `fz_units.toks` blob, in order.
pub(crate) fn for_each_token(data: &[u8], mut f: impl FnMut(i64)) -> Result<(), IndexError> {
    let mut pos = 0;
    while pos < data.len() {
        f(get_varint(data, &mut pos).ok_or_else(|| IndexError::CorruptIndex)? as i64);
    }
    Ok(())
}

/// Lengths at or above this are stored as this value ("this long or longer").
pub(crate) const LEN_SATURATED: u32 = 255;

/// Encodes sorted (unit id, length) entries, one varint each: `(id delta << 8) | length`
/// with the length capped at [`LEN_SATURATED`].
pub(super) fn encode(entries: &[(i64, u32)], buf: &mut Vec<u8>) {
    buf.clear();
    let mut prev = 0i64;
    for &(id, len) in entries {
        put_varint(
            buf,
            (((id - prev) as u64) << 8) | u64::from(len.min(LEN_SATURATED)),
        );
        prev = id;
    }
}

/// Decodes a postings blob, appending its entries to `out`.
pub(crate) fn decode(data: &[u8], out: &mut Vec<(i64, u32)>) -> Result<(), IndexError> {
    for_each_entry(data, |id, len| out.push((id, len)))
}

/// Calls `f(unit_id, length)` for every entry of a postings blob (a length of
/// [`LEN_SATURATED`] means that many tokens or more).
pub(crate) fn for_each_entry(data: &[u8], mut f: impl FnMut(i64, u32)) -> Result<(), IndexError> {
    let mut pos = 0;
    let mut prev = 0i64;
    while pos < data.len() {
        let v = get_varint(data, &mut pos).ok_or_else(|| IndexError::CorruptIndex)?;
        prev += (v >> 8) as i64;
        f(prev, (v & 0xff) as u32);
    }
    Ok(())
}

fn put_varint(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

#[inline]
fn get_varint(data: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *data.get(*pos)?;
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip() {
        let e = vec![(1, 3), (2, 30), (300, 7), (1 << 40, 255)];
        let mut buf = Vec::new();
        encode(&e, &mut buf);
        let mut out = Vec::new();
        decode(&buf, &mut out).unwrap();
        assert_eq!(out, e);
        encode(&[(5, 900)], &mut buf);
        out.clear();
        decode(&buf, &mut out).unwrap();
        assert_eq!(out, vec![(5, LEN_SATURATED)]);
        assert!(decode(&[0x80], &mut out).is_err());
    }

    #[test]
    fn token_sequences_round_trip_and_a_cut_varint_is_corrupt() {
        let ids = [7, 0, 127, 128, 7, 1 << 35];
        let mut buf = Vec::new();
        encode_ids(&ids, &mut buf);
        let mut out = Vec::new();
        for_each_token(&buf, |t| out.push(t)).unwrap();
        assert_eq!(out, ids);
        buf.pop();
        assert!(for_each_token(&buf, |_| {}).is_err());
    }

    #[test]
    fn a_varint_longer_than_64_bits_is_corrupt() {
        let mut pos = 0;
        assert_eq!(get_varint(&[0xff; 10], &mut pos), None);
        let mut buf = Vec::new();
        put_varint(&mut buf, u64::MAX);
        pos = 0;
        assert_eq!(get_varint(&buf, &mut pos), Some(u64::MAX));
        assert_eq!(pos, buf.len());
    }
}
