//! The byte formats of the token index: postings lists (`fz_postings.data`), token
//! sequences (`fz_units.toks`) and a token's length histogram (`fz_tokens.lens`), all runs
//! of LEB128 varints.
//!
//! A postings list holds the units of one length that contain one token (the row's `len`,
//! the unit's number of content tokens capped at [`LEN_SATURATED`]), sorted by unit id, in
//! blocks of [`BLOCK`] entries: a `0` byte, then for each block its first unit id (a
//! varint delta from the previous block's first unit id, from 0 for the first block), the
//! byte length of the rest of the block, and the other entries' unit-id deltas (one varint
//! each). A reader looking for a few units decodes only the blocks that can hold them
//! ([`decode_near`]), walking the blocks' headers past the others. A list written before
//! blocks (schema 8 and older) is the deltas alone, with no leading `0` (a first unit id
//! is at least 1, so its first byte never is `0`); readers take both. A token sequence is the unit's content-token ids
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

/// Entries per block of a postings list: a reader looking for one unit decodes at most
/// this many entries of a list (and walks the headers of the others: a few bytes per block).
pub(crate) const BLOCK: usize = 64;

/// The first byte of a postings list in blocks (never the first byte of an older list).
const BLOCKED: u8 = 0;

/// Encodes sorted unit ids in blocks of [`BLOCK`] (see the module's documentation).
pub(super) fn encode(units: &[i64], buf: &mut Vec<u8>) {
    buf.clear();
    if units.is_empty() {
        return;
    }
    buf.push(BLOCKED);
    let mut prev_first = 0i64;
    for block in units.chunks(BLOCK) {
        let first = block[0];
        // The block's byte length: known once its deltas are written; most lists' blocks
        // take under 128 bytes (one byte), so one is kept for it and the deltas moved
        // when it takes more.
        put_varint(buf, (first - prev_first) as u64);
        let len_at = buf.len();
        buf.push(0);
        let mut prev = first;
        for &id in &block[1..] {
            put_varint(buf, (id - prev) as u64);
            prev = id;
        }
        let len = buf.len() - len_at - 1;
        if len < 0x80 {
            buf[len_at] = len as u8;
        } else {
            let mut head = Vec::with_capacity(3);
            put_varint(&mut head, len as u64);
            buf.splice(len_at..len_at + 1, head);
        }
        prev_first = first;
    }
}

/// Appends the unit ids of a run of one-varint deltas after `prev` to `out`: most deltas
/// take one byte, read without the general varint's loop.
#[inline]
fn deltas_into(data: &[u8], prev: i64, out: &mut Vec<i64>) -> Result<(), IndexError> {
    deltas_until(data, prev, i64::MAX, out)
}

/// Like [`deltas_into`], stopping after the first unit id at or above `stop` (the rest of
/// the run is not decoded). The ids are written into room made for them first (at most
/// one per byte), not pushed one by one.
#[inline]
fn deltas_until(
    data: &[u8],
    mut prev: i64,
    stop: i64,
    out: &mut Vec<i64>,
) -> Result<(), IndexError> {
    let start = out.len();
    out.resize(start + data.len(), 0);
    let room = &mut out[start..];
    let (mut pos, mut k) = (0, 0);
    while let Some(&b) = data.get(pos) {
        if b < 0x80 {
            pos += 1;
            prev += i64::from(b);
        } else if let Some(&c) = data.get(pos + 1).filter(|&&c| c < 0x80) {
            // Two bytes (gaps of 128 to 16,383 units: rarer tokens' lists).
            pos += 2;
            prev += i64::from(b & 0x7f) | (i64::from(c) << 7);
        } else if let Some(d) = get_varint(data, &mut pos) {
            prev += d as i64;
        } else {
            out.truncate(start + k);
            return Err(IndexError::CorruptIndex);
        }
        // `k < pos <= data.len()`: every entry takes a byte at least.
        room[k] = prev;
        k += 1;
        if prev >= stop {
            break;
        }
    }
    out.truncate(start + k);
    Ok(())
}

/// A block of a postings list: its first unit id and the byte range of its other entries.
struct Block {
    first: i64,
    rest: std::ops::Range<usize>,
}

/// Reads the header of the block at `pos` (after the list's leading byte), `prev_first`
/// the first unit id of the block before it.
#[inline]
fn block_at(data: &[u8], pos: &mut usize, prev_first: i64) -> Result<Block, IndexError> {
    let first = prev_first + get_varint(data, pos).ok_or(IndexError::CorruptIndex)? as i64;
    let len = get_varint(data, pos).ok_or(IndexError::CorruptIndex)? as usize;
    let start = *pos;
    let end = start.checked_add(len).filter(|&e| e <= data.len());
    let end = end.ok_or(IndexError::CorruptIndex)?;
    *pos = end;
    Ok(Block {
        first,
        rest: start..end,
    })
}

/// Decodes a postings blob, appending its unit ids to `out`: the lookup's hot loop.
#[inline]
pub(crate) fn decode_into(data: &[u8], out: &mut Vec<i64>) -> Result<(), IndexError> {
    // At most one unit per byte.
    out.reserve(data.len());
    if data.first() != Some(&BLOCKED) {
        return deltas_into(data, 0, out);
    }
    let mut pos = 1;
    let mut first = 0;
    while pos < data.len() {
        let block = block_at(data, &mut pos, first)?;
        first = block.first;
        out.push(first);
        deltas_into(&data[block.rest], first, out)?;
    }
    Ok(())
}

/// Appends to `out` the unit ids of the blocks of a postings blob that can hold one of
/// `wanted` (sorted): every unit of `wanted` the list holds is appended, with the others
/// of its block that precede it (a block is decoded up to the first entry at or past the
/// last wanted unit it can hold), in increasing order. Returns the entries decoded. A
/// list written before blocks is decoded whole.
pub(crate) fn decode_near(
    data: &[u8],
    wanted: &[i64],
    out: &mut Vec<i64>,
) -> Result<usize, IndexError> {
    let before = out.len();
    if data.first() != Some(&BLOCKED) {
        deltas_into(data, 0, out)?;
        return Ok(out.len() - before);
    }
    let mut pos = 1;
    if pos >= data.len() {
        return Ok(0);
    }
    let mut block = block_at(data, &mut pos, 0)?;
    let mut w = 0;
    loop {
        // The wanted units below this block are not in the list.
        while wanted.get(w).is_some_and(|&u| u < block.first) {
            w += 1;
        }
        let Some(&u) = wanted.get(w) else { break };
        let next = if pos < data.len() {
            Some(block_at(data, &mut pos, block.first)?)
        } else {
            None
        };
        if next.as_ref().is_none_or(|n| u < n.first) {
            // The block's entries up to the last wanted unit it can hold: the rest of the
            // block cannot be one of them.
            let end = next.as_ref().map_or(wanted.len(), |n| {
                w + wanted[w..].partition_point(|&x| x < n.first)
            });
            let stop = wanted[end - 1];
            w = end;
            out.push(block.first);
            if block.first < stop {
                deltas_until(&data[block.rest.clone()], block.first, stop, out)?;
            }
        }
        match next {
            Some(n) => block = n,
            None => break,
        }
    }
    Ok(out.len() - before)
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

pub(crate) fn put_varint(buf: &mut Vec<u8>, mut v: u64) {
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
        decode_into(&buf, &mut out).unwrap();
        assert_eq!(out, e);
        assert!(decode_into(&[0x80], &mut out).is_err());
        let mut fast = vec![-1];
        decode_into(&buf, &mut fast).unwrap();
        assert_eq!(fast[1..], e[..], "appended");
        assert!(decode_into(&[0x05, 0x80], &mut fast).is_err());
    }

    #[test]
    fn lists_of_every_size_round_trip_in_blocks() {
        for n in [1, 2, BLOCK - 1, BLOCK, BLOCK + 1, 5 * BLOCK + 3] {
            // Gaps of one byte and of several, so that some blocks' lengths take two bytes.
            let ids: Vec<i64> = (0..n as i64).map(|i| 1 + i * (1 + (i % 7) * 400)).collect();
            let mut buf = Vec::new();
            encode(&ids, &mut buf);
            assert_eq!(buf[0], BLOCKED);
            let mut out = Vec::new();
            decode_into(&buf, &mut out).unwrap();
            assert_eq!(out, ids, "{n} entries");
        }
        let mut buf = vec![9];
        encode(&[], &mut buf);
        assert!(buf.is_empty());
    }

    #[test]
    fn a_list_written_before_blocks_is_still_read() {
        // Schema 8: the deltas alone.
        let mut old = Vec::new();
        for d in [3u64, 1, 200, 5] {
            put_varint(&mut old, d);
        }
        let mut out = Vec::new();
        decode_into(&old, &mut out).unwrap();
        assert_eq!(out, [3, 4, 204, 209]);
        out.clear();
        assert_eq!(decode_near(&old, &[4], &mut out).unwrap(), 4, "whole");
        assert_eq!(out, [3, 4, 204, 209]);
    }

    #[test]
    fn a_cut_block_is_corrupt() {
        let ids: Vec<i64> = (1..200).collect();
        let mut buf = Vec::new();
        encode(&ids, &mut buf);
        buf.truncate(buf.len() - 3);
        assert!(decode_into(&buf, &mut Vec::new()).is_err());
        assert!(decode_near(&buf, &[198], &mut Vec::new()).is_err());
    }

    #[test]
    fn the_blocks_near_wanted_units_hold_every_wanted_unit_of_the_list() {
        use proptest::prelude::*;
        proptest!(|(list in proptest::collection::btree_set(1i64..20_000, 0..700),
                    wanted in proptest::collection::btree_set(0i64..20_100, 0..30))| {
            let list: Vec<i64> = list.into_iter().collect();
            let wanted: Vec<i64> = wanted.into_iter().collect();
            let mut buf = Vec::new();
            encode(&list, &mut buf);
            let mut got = vec![-5];
            let decoded = decode_near(&buf, &wanted, &mut got).unwrap();
            prop_assert_eq!(decoded, got.len() - 1);
            let got = &got[1..];
            prop_assert!(got.windows(2).all(|w| w[0] < w[1]), "increasing");
            prop_assert!(got.iter().all(|u| list.binary_search(u).is_ok()), "from the list");
            for u in &wanted {
                prop_assert_eq!(list.binary_search(u).is_ok(), got.binary_search(u).is_ok());
            }
            // Only blocks holding a wanted unit's place are decoded, each up to the first
            // entry at or past the last wanted unit it can hold.
            let mut expected = 0;
            for (b, block) in list.chunks(BLOCK).enumerate() {
                let next = list.get((b + 1) * BLOCK);
                let last_wanted = wanted
                    .iter()
                    .rfind(|&&u| u >= block[0] && next.is_none_or(|&n| u < n));
                if let Some(&u) = last_wanted {
                    expected += block.iter().position(|&x| x >= u).map_or(block.len(), |p| p + 1);
                }
            }
            prop_assert_eq!(decoded, expected);
        });
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
