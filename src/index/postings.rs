//! The byte formats of the token index: postings lists (`fz_postings.data`), token
//! sequences (`fz_units.toks`) and a token's length histogram (`fz_tokens.lens`), all runs
//! of LEB128 varints.
//!
//! A postings list holds the units of one length that contain one token (the row's `len`,
//! the unit's number of content tokens capped at [`LEN_SATURATED`]): one varint per unit,
//! the unit-id delta, sorted by unit id. A token sequence is the unit's content-token ids
//! in text order, one varint each. A length histogram is `(length, units)` varint pairs,
//! lengths increasing: how many units of each length hold the token.

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
        f(get_varint(data, &mut pos).ok_or(IndexError::CorruptIndex)? as i64);
    }
    Ok(())
}

/// Lengths at or above this are stored as this value ("this long or longer").
pub(crate) const LEN_SATURATED: u32 = 255;

/// Encodes sorted unit ids, one varint delta each.
pub(super) fn encode(units: &[i64], buf: &mut Vec<u8>) {
    buf.clear();
    let mut prev = 0i64;
    for &id in units {
        put_varint(buf, (id - prev) as u64);
        prev = id;
    }
}

/// Decodes a postings blob, appending its unit ids to `out`.
pub(crate) fn decode(data: &[u8], out: &mut Vec<i64>) -> Result<(), IndexError> {
    for_each_unit(data, |id| out.push(id))
}

/// Calls `f(unit_id)` for every entry of a postings blob.
#[inline]
pub(crate) fn for_each_unit(data: &[u8], mut f: impl FnMut(i64)) -> Result<(), IndexError> {
    let mut pos = 0;
    let mut prev = 0i64;
    while pos < data.len() {
        prev += get_varint(data, &mut pos).ok_or(IndexError::CorruptIndex)? as i64;
        f(prev);
    }
    Ok(())
}

/// Decodes a postings blob, appending its unit ids to `out`: the lookup's hot loop (most
/// deltas take one byte, read without the general varint's loop).
#[inline]
pub(crate) fn decode_into(data: &[u8], out: &mut Vec<i64>) -> Result<(), IndexError> {
    // At most one unit per byte.
    out.reserve(data.len());
    let mut pos = 0;
    let mut prev = 0i64;
    while let Some(&b) = data.get(pos) {
        if b < 0x80 {
            pos += 1;
            prev += i64::from(b);
        } else {
            prev += get_varint(data, &mut pos).ok_or(IndexError::CorruptIndex)? as i64;
        }
        out.push(prev);
    }
    Ok(())
}

/// Encodes a length histogram (`(length, units)`, lengths increasing, no zero counts).
pub(super) fn encode_lens(lens: &[(u32, u32)], buf: &mut Vec<u8>) {
    buf.clear();
    for &(len, n) in lens {
        put_varint(buf, u64::from(len));
        put_varint(buf, u64::from(n));
    }
}

/// Decodes a length histogram into `out` (cleared first).
pub(crate) fn decode_lens(data: &[u8], out: &mut Vec<(u32, u32)>) -> Result<(), IndexError> {
    out.clear();
    let mut pos = 0;
    while pos < data.len() {
        let len = get_varint(data, &mut pos).ok_or(IndexError::CorruptIndex)?;
        let n = get_varint(data, &mut pos).ok_or(IndexError::CorruptIndex)?;
        out.push((
            u32::try_from(len).map_err(|_| IndexError::CorruptIndex)?,
            u32::try_from(n).map_err(|_| IndexError::CorruptIndex)?,
        ));
    }
    Ok(())
}

/// Adds `delta` units of length `len` to a histogram (counts never below 0; a length whose
/// count reaches 0 goes).
pub(super) fn add_to_lens(lens: &mut Vec<(u32, u32)>, len: u32, delta: i64) {
    match lens.binary_search_by_key(&len, |e| e.0) {
        Ok(i) => {
            let n = (i64::from(lens[i].1) + delta).max(0);
            if n == 0 {
                lens.remove(i);
            } else {
                lens[i].1 = n.min(i64::from(u32::MAX)) as u32;
            }
        }
        Err(i) if delta > 0 => lens.insert(i, (len, delta.min(i64::from(u32::MAX)) as u32)),
        Err(_) => {}
    }
}

pub(super) fn put_varint(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

#[inline]
pub(super) fn get_varint(data: &[u8], pos: &mut usize) -> Option<u64> {
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
        let e = vec![1, 2, 300, 1 << 40];
        let mut buf = Vec::new();
        encode(&e, &mut buf);
        let mut out = Vec::new();
        decode(&buf, &mut out).unwrap();
        assert_eq!(out, e);
        assert!(decode(&[0x80], &mut out).is_err());
        let mut fast = vec![-1];
        decode_into(&buf, &mut fast).unwrap();
        assert_eq!(fast[1..], e[..], "appended");
        assert!(decode_into(&[0x05, 0x80], &mut fast).is_err());
    }

    #[test]
    fn length_histograms_round_trip_and_follow_additions_and_removals() {
        let mut lens = Vec::new();
        add_to_lens(&mut lens, 12, 3);
        add_to_lens(&mut lens, 5, 1);
        add_to_lens(&mut lens, 255, 70_000);
        add_to_lens(&mut lens, 12, 2);
        assert_eq!(lens, [(5, 1), (12, 5), (255, 70_000)]);
        add_to_lens(&mut lens, 5, -1);
        add_to_lens(&mut lens, 9, -4);
        add_to_lens(&mut lens, 12, -9);
        assert_eq!(lens, [(255, 70_000)]);
        add_to_lens(&mut lens, 7, 2);
        let mut buf = Vec::new();
        encode_lens(&lens, &mut buf);
        let mut out = vec![(1, 1)];
        decode_lens(&buf, &mut out).unwrap();
        assert_eq!(out, [(7, 2), (255, 70_000)]);
        buf.pop();
        assert!(decode_lens(&buf, &mut out).is_err());
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
