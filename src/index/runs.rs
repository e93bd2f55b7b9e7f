//! An import's postings, batch by batch, as sorted runs in a temporary file, merged token by
//! token when the import ends, so that each list is written to the TM once per import
//! instead of once per batch (see `sync::Builder`): at 10,000,000 units, 20 batches wrote
//! a chunk row (with its two index entries) for nearly every token and length of each
//! batch, and merged partly filled chunks again and again.
//!
//! A run holds one batch's lists in increasing token id, each by unit length: a token's
//! units of one length are its id, the length, the number of units, their size in bytes,
//! then the unit-id deltas (varints), units increasing. Merged, the runs give one token and
//! length at a time, so the memory a merge takes is that of the longest list of one length.
//! The file is deleted when the runs are dropped.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use super::postings::{get_varint, put_varint};
use super::IndexError;

/// Bytes buffered per run while merging (and for writing).
const BUFFER: usize = 256 * 1024;

/// The runs written so far (see the module's documentation).
pub(super) struct Runs {
    file: BufWriter<tempfile::NamedTempFile>,
    /// Where each run ends in the file.
    ends: Vec<u64>,
    written: u64,
    /// The last token id of the run being written.
    last_token: Option<i64>,
    buf: Vec<u8>,
}

impl Runs {
    /// An empty set of runs, in a new temporary file (`TMPDIR`, else the system's).
    pub(super) fn new() -> Result<Self, IndexError> {
        let file = tempfile::NamedTempFile::new().map_err(IndexError::Spill)?;
        Ok(Runs {
            file: BufWriter::with_capacity(BUFFER, file),
            ends: Vec::new(),
            written: 0,
            last_token: None,
            buf: Vec::new(),
        })
    }

    /// Appends token `tid`'s list to the run being written: `list` is (unit, length),
    /// sorted by length then unit; tokens come in increasing id.
    pub(super) fn write_list(&mut self, tid: i64, list: &[(i64, u32)]) -> Result<(), IndexError> {
        if self.last_token.is_some_and(|t| t >= tid) {
            return Err(IndexError::CorruptIndex);
        }
        self.last_token = Some(tid);
        for group in list.chunk_by(|a, b| a.1 == b.1) {
            self.buf.clear();
            let mut prev = 0i64;
            for &(unit, _) in group {
                if unit < prev {
                    return Err(IndexError::CorruptIndex);
                }
                put_varint(&mut self.buf, (unit - prev) as u64);
                prev = unit;
            }
            let mut head = Vec::with_capacity(32);
            put_varint(&mut head, tid as u64);
            put_varint(&mut head, u64::from(group[0].1));
            put_varint(&mut head, group.len() as u64);
            put_varint(&mut head, self.buf.len() as u64);
            self.file.write_all(&head).map_err(IndexError::Spill)?;
            self.file.write_all(&self.buf).map_err(IndexError::Spill)?;
            self.written += (head.len() + self.buf.len()) as u64;
        }
        Ok(())
    }

    /// Ends the run being written.
    pub(super) fn end_run(&mut self) {
        if self.ends.last() != Some(&self.written) {
            self.ends.push(self.written);
        }
        self.last_token = None;
    }

    /// The bytes written to the file so far.
    #[cfg(test)]
    fn bytes(&self) -> u64 {
        self.written
    }

    /// Calls `f(token, length, units)` for every token and length, in increasing token id
    /// then length, with its units from every run in increasing id (runs hold increasing
    /// units, one after the other); the file is deleted afterwards.
    pub(super) fn merge(
        mut self,
        mut f: impl FnMut(i64, u32, &[i64]) -> Result<(), IndexError>,
    ) -> Result<(), IndexError> {
        self.end_run();
        let file = self
            .file
            .into_inner()
            .map_err(|e| IndexError::Spill(e.into_error()))?;
        let mut readers = Vec::with_capacity(self.ends.len());
        let mut start = 0;
        for &end in &self.ends {
            let mut handle = file.reopen().map_err(IndexError::Spill)?;
            handle
                .seek(SeekFrom::Start(start))
                .map_err(IndexError::Spill)?;
            let mut r = RunReader {
                input: BufReader::with_capacity(BUFFER, handle.take(end - start)),
                head: None,
                bytes: Vec::new(),
            };
            r.next_head()?;
            readers.push(r);
            start = end;
        }
        let mut list = Vec::new();
        while let Some(key) = readers.iter().filter_map(|r| r.head.map(|h| h.0)).min() {
            list.clear();
            for r in readers.iter_mut() {
                if r.head.is_some_and(|h| h.0 == key) {
                    r.take_list(&mut list)?;
                    r.next_head()?;
                }
            }
            f(key.0, key.1, &list)?;
        }
        drop(file);
        Ok(())
    }
}

/// One run being read back.
struct RunReader {
    input: BufReader<std::io::Take<File>>,
    /// The next list's ((token, length), units, bytes), if any.
    head: Option<((i64, u32), usize, usize)>,
    bytes: Vec<u8>,
}

impl RunReader {
    /// A varint from the file, or `None` at the end of the run.
    fn varint(&mut self) -> Result<Option<u64>, IndexError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let mut b = [0u8];
            if self.input.read(&mut b).map_err(IndexError::Spill)? == 0 {
                return if shift == 0 {
                    Ok(None)
                } else {
                    Err(IndexError::CorruptIndex)
                };
            }
            v |= u64::from(b[0] & 0x7f) << shift;
            if b[0] & 0x80 == 0 {
                return Ok(Some(v));
            }
        }
        Err(IndexError::CorruptIndex)
    }

    fn next_head(&mut self) -> Result<(), IndexError> {
        self.head = match self.varint()? {
            None => None,
            Some(tid) => {
                let len = self.varint()?.ok_or(IndexError::CorruptIndex)?;
                let len = u32::try_from(len).map_err(|_| IndexError::CorruptIndex)?;
                let n = self.varint()?.ok_or(IndexError::CorruptIndex)?;
                let bytes = self.varint()?.ok_or(IndexError::CorruptIndex)?;
                Some(((tid as i64, len), n as usize, bytes as usize))
            }
        };
        Ok(())
    }

    /// Appends the current list's units to `out`.
    fn take_list(&mut self, out: &mut Vec<i64>) -> Result<(), IndexError> {
        let Some((_, n, bytes)) = self.head else {
            return Ok(());
        };
        self.bytes.resize(bytes, 0);
        self.input
            .read_exact(&mut self.bytes)
            .map_err(IndexError::Spill)?;
        out.reserve(n);
        let (mut pos, mut unit) = (0, 0i64);
        for _ in 0..n {
            unit += get_varint(&self.bytes, &mut pos).ok_or(IndexError::CorruptIndex)? as i64;
            out.push(unit);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_merge_into_one_list_per_token_and_length_in_order() {
        let mut runs = Runs::new().unwrap();
        runs.write_list(3, &[(2, 4), (1, 5), (2, 5)]).unwrap();
        runs.write_list(8, &[(2, 5)]).unwrap();
        runs.end_run();
        runs.end_run();
        runs.write_list(1, &[(300, 1)]).unwrap();
        runs.write_list(3, &[(70_000, 2), (301, 5), (302, 255)])
            .unwrap();
        runs.end_run();
        runs.write_list(8, &[(80_000, 7)]).unwrap();
        assert!(runs.bytes() > 0);
        let mut out = Vec::new();
        runs.merge(|t, len, units| {
            out.push((t, len, units.to_vec()));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            out,
            vec![
                (1, 1, vec![300]),
                (3, 2, vec![70_000]),
                (3, 4, vec![2]),
                (3, 5, vec![1, 2, 301]),
                (3, 255, vec![302]),
                (8, 5, vec![2]),
                (8, 7, vec![80_000]),
            ]
        );
    }

    #[test]
    fn tokens_out_of_order_in_a_run_are_refused() {
        let mut runs = Runs::new().unwrap();
        runs.write_list(3, &[(1, 4)]).unwrap();
        assert!(runs.write_list(3, &[(2, 4)]).is_err());
        assert!(runs.write_list(5, &[(9, 4), (2, 4)]).is_err());
        assert!(
            runs.write_list(6, &[(9, 4), (2, 5)]).is_ok(),
            "another length"
        );
        let none = Runs::new().unwrap();
        none.merge(|_, _, _| panic!("no list")).unwrap();
    }
}
