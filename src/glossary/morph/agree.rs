//! Agreement of Russian endings: the genders, numbers and animacy an ending fits, as a
//! bit mask.

/// The genders and numbers a Russian ending fits, as bits: masculine, feminine, neuter
/// (singular), plural; and, for the accusative, whether it is the form of an inanimate
/// noun (like the nominative) or of an animate one (like the genitive). Two words of a
/// phrase agree when their masks share a gender/number bit and an animacy bit.
pub(super) type Agree = u8;

pub(super) const AGREE_M: Agree = 1;
pub(super) const AGREE_F: Agree = 2;
pub(super) const AGREE_N: Agree = 4;
pub(super) const AGREE_P: Agree = 8;
pub(super) const AGREE_NUMBER: Agree = 15;
pub(super) const AGREE_INANIMATE: Agree = 16;
pub(super) const AGREE_ANIMATE: Agree = 32;
pub(super) const AGREE_ANIMACY: Agree = AGREE_INANIMATE | AGREE_ANIMATE;
pub(super) const AGREE_ANY: Agree = AGREE_NUMBER | AGREE_ANIMACY;

/// What two agreeing endings both fit, if they agree.
pub(super) fn agree(a: Agree, b: Agree) -> Option<Agree> {
    let m = a & b;
    (m & AGREE_NUMBER != 0 && m & AGREE_ANIMACY != 0).then_some(m)
}

/// Marks the accusative endings (case 3) that are the nominative's (inanimate) or the
/// genitive's (animate) of the same gender and number; the others (-ую, -у) fit both.
pub(super) fn mark_animacy(cases: &mut [Vec<(String, Agree)>]) {
    let same = |case: &[(String, Agree)], e: &str, m: Agree| {
        case.iter()
            .any(|(x, xm)| x == e && xm & m & AGREE_NUMBER != 0)
    };
    let (nom, gen) = (cases[0].clone(), cases[1].clone());
    for (e, m) in &mut cases[3] {
        let inanimate = same(&nom, e, *m);
        let animate = same(&gen, e, *m);
        let animacy = match (inanimate, animate) {
            (true, false) => AGREE_INANIMATE,
            (false, true) => AGREE_ANIMATE,
            _ => AGREE_ANIMACY,
        };
        *m = (*m & AGREE_NUMBER) | animacy;
    }
}

/// The mask of a `g=` value (`m`, `f`, `n`, `p` or several).
pub(super) fn agree_of(letters: &str) -> Option<Agree> {
    letters.chars().try_fold(0, |m, c| {
        Some(
            m | match c {
                'm' => AGREE_M,
                'f' => AGREE_F,
                'n' => AGREE_N,
                'p' => AGREE_P,
                _ => return None,
            },
        )
    })
}
