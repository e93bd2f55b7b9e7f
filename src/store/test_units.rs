//! Units for the store's tests.

use super::{UnitInput, VariantInput};

/// An English unit with `src` as its source and, when given, a Kazakh target (its tag in
/// upper case, as inputs may write it).
pub(super) fn unit(src: &str, kk: Option<&str>) -> UnitInput {
    UnitInput {
        src_lang: "en".into(),
        source: src.into(),
        targets: kk
            .map(|t| {
                vec![VariantInput {
                    lang: "KK".into(),
                    text: t.into(),
                    ..Default::default()
                }]
            })
            .unwrap_or_default(),
        ..Default::default()
    }
}
