//! What a segment's state says about its target ([`confirmation`]): confirmed, still to be
//! reviewed, or not translated. One table for every state vocabulary tmkit reads: XLIFF 1.2
//! `state` (and `approved="yes"`), XLIFF 2.0 `state`, Trados Studio's `sdl:seg conf`
//! (read as `sdl:VALUE`) and memoQ's `mq:status` (read as `mq:VALUE`).

/// What a target's state says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// A finished translation: 1.2 `translated`, `final`, `signed-off`, 2.0 `translated`,
    /// `reviewed`, `final`, Trados `Translated`/`Approved…`, memoQ `…Confirmed`/`Proofread`,
    /// `approved="yes"`, or no state at all (Okapi, Angular and other generators write none).
    Confirmed,
    /// A translation still waiting for review: 1.2 `needs-review-…`, `needs-l10n`,
    /// `needs-adaptation`, custom `x-` states, Trados `Draft`/`Rejected…`, memoQ
    /// `PartiallyEdited`, `Pretranslated`, `MachineTranslated`, ….
    Unconfirmed,
    /// Not translated yet: 1.2 `new`, `needs-translation`, 2.0 `initial`, Trados
    /// `Unspecified`, memoQ `NotStarted`.
    Untranslated,
}

/// What `state` (as the reader labels it) says, for a unit `approved` or not.
pub fn confirmation(state: Option<&str>, approved: bool) -> Confirmation {
    if approved {
        return Confirmation::Confirmed;
    }
    let Some(state) = state else {
        return Confirmation::Confirmed;
    };
    if let Some(conf) = state.strip_prefix("sdl:") {
        return match conf {
            "Translated" | "ApprovedTranslation" | "ApprovedSignOff" => Confirmation::Confirmed,
            "Unspecified" | "" => Confirmation::Untranslated,
            _ => Confirmation::Unconfirmed,
        };
    }
    if let Some(status) = state.strip_prefix("mq:") {
        return match status {
            "NotStarted" | "" => Confirmation::Untranslated,
            s if s.ends_with("Confirmed") || s == "Proofread" => Confirmation::Confirmed,
            _ => Confirmation::Unconfirmed,
        };
    }
    match state {
        "translated" | "final" | "signed-off" | "reviewed" => Confirmation::Confirmed,
        "new" | "needs-translation" | "initial" => Confirmation::Untranslated,
        _ => Confirmation::Unconfirmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocabulary_maps_onto_three_answers() {
        use Confirmation::*;
        for (state, want) in [
            (None, Confirmed),
            (Some("translated"), Confirmed),
            (Some("signed-off"), Confirmed),
            (Some("reviewed"), Confirmed),
            (Some("needs-review-translation"), Unconfirmed),
            (Some("x-checked"), Unconfirmed),
            (Some("new"), Untranslated),
            (Some("initial"), Untranslated),
            (Some("sdl:ApprovedSignOff"), Confirmed),
            (Some("sdl:Draft"), Unconfirmed),
            (Some("sdl:RejectedTranslation"), Unconfirmed),
            (Some("sdl:Unspecified"), Untranslated),
            (Some("mq:ManuallyConfirmed"), Confirmed),
            (Some("mq:Reviewer1Confirmed"), Confirmed),
            (Some("mq:PartiallyEdited"), Unconfirmed),
            (Some("mq:NotStarted"), Untranslated),
        ] {
            assert_eq!(confirmation(state, false), want, "{state:?}");
        }
        assert_eq!(confirmation(Some("new"), true), Confirmed);
    }
}
