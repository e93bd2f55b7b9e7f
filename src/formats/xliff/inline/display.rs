//! [`CodeDisplays`]: how inline codes are shown to a translator (XLIFF 1.2 `equiv-text`,
//! 2.0 `equiv`/`disp` and their start/end forms), which TMX markup has no place for. The
//! reader keeps them as one JSON object per code (see `XliffSeg::target_code_attrs`); the
//! writer puts them back on the codes it writes, by id, in the version it writes.

use std::collections::HashMap;

/// The display attributes of one code: for its start (or the code itself) and its end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Display {
    equiv: Option<String>,
    equiv_end: Option<String>,
    disp: Option<String>,
    disp_end: Option<String>,
}

/// The display attributes of a segment's codes, by code id (TMX `x`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeDisplays {
    by_id: HashMap<String, Display>,
}

impl CodeDisplays {
    /// Reads the JSON objects the reader keeps (`{"element", "id", "attrs"}`), skipping
    /// anything else: a code without an id, or a value that is not such an object.
    pub fn from_json<'a>(values: impl IntoIterator<Item = &'a str>) -> Self {
        let mut by_id: HashMap<String, Display> = HashMap::new();
        for v in values {
            let Ok(serde_json::Value::Object(o)) = serde_json::from_str::<serde_json::Value>(v)
            else {
                continue;
            };
            let (Some(id), Some(element)) = (
                o.get("id").and_then(|v| v.as_str()),
                o.get("element").and_then(|v| v.as_str()),
            ) else {
                continue;
            };
            let Some(attrs) = o.get("attrs").and_then(|a| a.as_object()) else {
                continue;
            };
            let get = |k: &str| attrs.get(k).and_then(|v| v.as_str()).map(str::to_string);
            let d = by_id.entry(id.to_string()).or_default();
            // An end code's own display (1.2 <ept>/<ex>, 2.0 <ec>) is its pair's end.
            let end = matches!(element, "ept" | "ex" | "ec");
            let equiv = get("equiv").or_else(|| get("equiv-text"));
            let disp = get("disp");
            if end {
                d.equiv_end = d.equiv_end.take().or(equiv);
                d.disp_end = d.disp_end.take().or(disp);
            } else {
                d.equiv = d.equiv.take().or(equiv).or_else(|| get("equivStart"));
                d.disp = d.disp.take().or(disp).or_else(|| get("dispStart"));
                d.equiv_end = d.equiv_end.take().or_else(|| get("equivEnd"));
                d.disp_end = d.disp_end.take().or_else(|| get("dispEnd"));
            }
        }
        CodeDisplays { by_id }
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The equivalent text of code `id`'s start (or of the code), or of its end.
    pub(crate) fn equiv(&self, id: &str, end: bool) -> Option<&str> {
        let d = self.by_id.get(id)?;
        if end { &d.equiv_end } else { &d.equiv }.as_deref()
    }

    /// The display text of code `id`'s start (or of the code), or of its end.
    pub(crate) fn disp(&self, id: &str, end: bool) -> Option<&str> {
        let d = self.by_id.get(id)?;
        if end { &d.disp_end } else { &d.disp }.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_versions_spellings_meet() {
        let d = CodeDisplays::from_json([
            r#"{"element":"ph","id":"1","attrs":{"equiv-text":"[1]"}}"#,
            r#"{"element":"pc","id":"2","attrs":{"equivStart":"<b>","equivEnd":"</b>","dispStart":"bold"}}"#,
            r#"{"element":"ec","id":"3","attrs":{"equiv":"]"}}"#,
            "not json",
        ]);
        assert_eq!(d.equiv("1", false), Some("[1]"));
        assert_eq!(d.equiv("2", false), Some("<b>"));
        assert_eq!(d.equiv("2", true), Some("</b>"));
        assert_eq!(d.disp("2", false), Some("bold"));
        assert_eq!(d.equiv("3", true), Some("]"));
        assert_eq!(d.equiv("9", false), None);
    }
}
