//! Ids for the inline codes a writer produces: element ids ([`Ids`]) and the ids of a
//! 2.0 unit's native data ([`DataPool`]).

use std::collections::HashSet;

/// Ids of inline elements: the TMX `x` when it is free (and, for 2.0, an NMTOKEN), else the
/// next free number.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    used: HashSet<String>,
    pub(super) reserved: HashSet<String>,
    next: u32,
    nmtoken: bool,
}

impl Ids {
    /// Ids for XLIFF 2.0 inline elements of a unit, which share the unit's id space with
    /// its segments (`taken`, e.g. `s1`).
    pub(crate) fn for_unit(taken: &[&str]) -> Self {
        Ids {
            used: taken.iter().map(|s| s.to_string()).collect(),
            nmtoken: true,
            ..Default::default()
        }
    }

    pub(super) fn get(&mut self, want: Option<&str>) -> String {
        if let Some(w) = want.filter(|w| !w.is_empty()) {
            if !self.used.contains(w) && (!self.nmtoken || is_nmtoken(w)) {
                self.used.insert(w.to_string());
                return w.to_string();
            }
        }
        loop {
            self.next += 1;
            let c = self.next.to_string();
            if !self.used.contains(&c) && !self.reserved.contains(&c) {
                self.used.insert(c.clone());
                return c;
            }
        }
    }
}

/// Whether `s` is an XML NMTOKEN made of ASCII name characters (other ids are replaced).
fn is_nmtoken(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_' | b':'))
}

/// Native data of a unit's XLIFF 2.0 codes, written as `<originalData>`: one `<data>` per
/// distinct content.
#[derive(Debug, Default)]
pub(crate) struct DataPool {
    entries: Vec<(String, String)>,
}

impl DataPool {
    /// The `<data>` id for `content`.
    pub(super) fn id(&mut self, content: &str) -> String {
        if let Some((id, _)) = self.entries.iter().find(|(_, c)| c == content) {
            return id.clone();
        }
        let id = format!("d{}", self.entries.len() + 1);
        self.entries.push((id.clone(), content.to_string()));
        id
    }

    /// Whether there is nothing to write.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `(id, native code)` in order of first use.
    pub(crate) fn entries(&self) -> &[(String, String)] {
        &self.entries
    }
}
