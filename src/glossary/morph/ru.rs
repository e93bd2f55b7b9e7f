//! Russian: declension rows read from `rules/ru.rules`, and how the words of a rendering
//! combine.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use super::agree::*;
use super::rule_file::{rule_lines, single_char};
use super::{fold, is_word_sep, Form, Gender, Tails};

const RU_RULES: &str = include_str!("../rules/ru.rules");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    M,
    F,
    X,
}

#[derive(Debug)]
enum Finals {
    Any,
    Letters(HashSet<char>),
    Endings(Vec<String>),
}

#[derive(Debug)]
enum Where {
    Any,
    Last,
    Lower,
    Caps,
}

#[derive(Debug)]
struct RuRow {
    kind: Option<Kind>,
    place: Where,
    finals: Finals,
    strip: usize,
    /// Per case, the alternative endings ("" = none), each with the genders and number
    /// it fits (an [`Agree`] mask).
    cases: Cases,
    /// An adjective (agrees with the head noun of a phrase).
    adj: bool,
}

/// Per case (nominative … prepositional), the alternative endings and what each fits.
type Cases = Vec<Vec<(String, Agree)>>;

/// One cell of a row: alternatives separated by `/`, in groups separated by `|` (an
/// adjective's masculine|feminine|neuter|plural, a noun's singular|plural); `·` is no
/// ending. `gender` is a noun row's `g=` mask.
fn parse_cell(cell: &str, adj: bool, gender: Agree) -> Result<Vec<(String, Agree)>, String> {
    let groups: Vec<&str> = cell.split('|').collect();
    let masks: Vec<Agree> = match (groups.len(), adj) {
        (1, _) => vec![if adj {
            AGREE_ANY
        } else {
            gender | AGREE_ANIMACY
        }],
        (4, true) => [AGREE_M, AGREE_F, AGREE_N, AGREE_P]
            .map(|m| m | AGREE_ANIMACY)
            .to_vec(),
        (2, false) => vec![(gender & !AGREE_P) | AGREE_ANIMACY, AGREE_P | AGREE_ANIMACY],
        _ => {
            return Err(format!(
                "“{cell}”: an adjective's cell has 4 groups (m|f|n|p), a noun's 2 (sg|pl)"
            ))
        }
    };
    let mut out = Vec::new();
    for (group, mask) in groups.iter().zip(masks) {
        for e in group.split('/') {
            let e = if e == "·" {
                String::new()
            } else {
                e.to_string()
            };
            out.push((e, mask));
        }
    }
    Ok(out)
}

#[derive(Debug)]
pub(super) struct RuRules {
    indeclinable: HashSet<String>,
    rows: Vec<RuRow>,
}

pub(super) fn ru_rules() -> &'static RuRules {
    static R: OnceLock<RuRules> = OnceLock::new();
    R.get_or_init(|| RuRules::parse(RU_RULES).unwrap_or_else(|e| panic!("ru.rules: {e}")))
}

impl RuRules {
    fn parse(src: &str) -> Result<RuRules, String> {
        let mut lists: HashMap<String, HashSet<char>> = HashMap::new();
        let mut r = RuRules {
            indeclinable: HashSet::new(),
            rows: Vec::new(),
        };
        for (n, w) in rule_lines(src) {
            let err = |m: &str| format!("line {n}: {m}");
            match w[0] {
                "list" => {
                    let name = w.get(1).ok_or_else(|| err("list NAME"))?;
                    let set = w[2..].iter().filter_map(|s| single_char(s)).collect();
                    lists.insert(name.to_string(), set);
                }
                "indeclinable" => r.indeclinable.extend(w[1..].iter().map(|s| fold(s))),
                "row" => {
                    if w.len() < 11 {
                        return Err(err("a row has KIND WHERE FINALS STRIP and six cases"));
                    }
                    let mut adj = false;
                    let mut gender = AGREE_ANY;
                    for flag in &w[11..] {
                        match flag.strip_prefix("g=") {
                            Some(g) => {
                                gender = agree_of(g).ok_or_else(|| err("g= takes m, f, n, p"))?
                            }
                            None if *flag == "adj" => adj = true,
                            None => return Err(err(&format!("unknown flag {flag}"))),
                        }
                    }
                    let kind = match w[1] {
                        "m" => Some(Kind::M),
                        "f" => Some(Kind::F),
                        "x" => Some(Kind::X),
                        "*" => None,
                        k => return Err(err(&format!("unknown kind {k}"))),
                    };
                    let place = match w[2] {
                        "*" => Where::Any,
                        "last" => Where::Last,
                        "lower" => Where::Lower,
                        "caps" => Where::Caps,
                        p => return Err(err(&format!("unknown WHERE {p}"))),
                    };
                    let finals = match w[3] {
                        "*" => Finals::Any,
                        f if f.starts_with('@') => Finals::Letters(
                            lists
                                .get(&f[1..])
                                .cloned()
                                .ok_or_else(|| err(&format!("unknown list {f}")))?,
                        ),
                        f => Finals::Endings(f.split(',').map(str::to_string).collect()),
                    };
                    let strip = w[4].parse().map_err(|_| err("STRIP must be a number"))?;
                    let mut cases: Vec<_> = w[5..11]
                        .iter()
                        .map(|cell| parse_cell(cell, adj, gender).map_err(|e| err(&e)))
                        .collect::<Result<_, _>>()?;
                    mark_animacy(&mut cases);
                    r.rows.push(RuRow {
                        kind,
                        place,
                        finals,
                        strip,
                        cases,
                        adj,
                    });
                }
                other => return Err(err(&format!("unknown directive {other}"))),
            }
        }
        Ok(r)
    }

    fn kind(words: &[&str], gender: Option<Gender>) -> Kind {
        match gender {
            Some(Gender::M) => return Kind::M,
            Some(Gender::F) => return Kind::F,
            None => {}
        }
        let capitalized = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
        if words.len() < 2 || !words.iter().all(capitalized) {
            return Kind::X;
        }
        let last = fold(words[words.len() - 1]);
        let first = fold(words[0]);
        let ends = |w: &str, list: &[&str]| list.iter().any(|e| w.ends_with(e));
        if ends(&last, &["ова", "ева", "ина", "ына", "ская", "цкая"]) {
            Kind::F
        } else if ends(&last, &["ов", "ев", "ин", "ын", "ский", "цкий"]) {
            Kind::M
        } else if ends(&first, &["а", "я"]) && !ends(&last, &["а", "я"]) {
            Kind::F
        } else {
            Kind::X
        }
    }

    fn row_for(&self, word: &str, kind: Kind, last: bool) -> Option<&RuRow> {
        let lower = word.to_lowercase();
        if self.indeclinable.contains(&fold(word)) {
            return None;
        }
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        self.rows.iter().find(|r| {
            r.kind.is_none_or(|k| k == kind)
                && match r.place {
                    Where::Any => true,
                    Where::Last => last,
                    Where::Lower => word.chars().next().is_some_and(char::is_lowercase),
                    Where::Caps => {
                        letters >= 2 && word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
                    }
                }
                && match &r.finals {
                    Finals::Any => true,
                    Finals::Letters(set) => lower.chars().last().is_some_and(|c| set.contains(&c)),
                    Finals::Endings(e) => e.iter().any(|e| lower.ends_with(e.as_str())),
                }
                && (r.strip == 0 || word.chars().count() > r.strip)
        })
    }

    pub(super) fn forms(&self, rendering: &str, gender: Option<Gender>) -> Vec<Form> {
        let words: Vec<&str> = rendering
            .split(is_word_sep)
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return Vec::new();
        }
        let kind = Self::kind(&words, gender);
        let rows: Vec<Option<&RuRow>> = words
            .iter()
            .enumerate()
            .map(|(i, w)| self.row_for(w, kind, i + 1 == words.len()))
            .collect();
        let capitalized = words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        // See "How the words of a rendering combine" in ru.rules.
        let free = kind == Kind::X && capitalized;
        let head = if kind == Kind::X && !capitalized {
            rows.iter().position(|r| r.is_none_or(|r| !r.adj))
        } else {
            None
        };
        // Per word: (stem, endings per case, whether it agrees with the others).
        let mut decl: Vec<(String, Cases)> = Vec::new();
        for (i, (w, row)) in words.iter().zip(&rows).enumerate() {
            let fixed = head.is_some_and(|h| i > h);
            match row.filter(|_| !fixed) {
                Some(row) => {
                    let keep = w.chars().count() - row.strip;
                    let stem: String = w.chars().take(keep).collect();
                    let mut cases = row.cases.clone();
                    if free {
                        let mut all: Vec<(String, Agree)> = cases
                            .concat()
                            .into_iter()
                            .map(|(e, _)| (e, AGREE_ANY))
                            .collect();
                        all.sort();
                        all.dedup();
                        cases = vec![all; 6];
                    }
                    decl.push((stem, cases));
                }
                None => decl.push((w.to_string(), vec![vec![(String::new(), AGREE_ANY)]; 6])),
            }
        }
        // prefix → tails, agreeing in case, and in gender and number, across words.
        let mut by_prefix: Vec<(String, BTreeSet<String>)> = Vec::new();
        for case in 0..6 {
            let mut prefixes = vec![(String::new(), AGREE_ANY)];
            for (stem, cases) in &decl[..decl.len() - 1] {
                let mut next = Vec::new();
                for (p, pm) in &prefixes {
                    for (e, em) in &cases[case] {
                        if let Some(m) = agree(*pm, *em) {
                            next.push((format!("{p}{stem}{e} "), m));
                        }
                    }
                }
                prefixes = next;
            }
            let (stem, cases) = &decl[decl.len() - 1];
            for (p, pm) in prefixes {
                let prefix = fold(&format!("{p}{stem}"));
                let tails: Vec<String> = cases[case]
                    .iter()
                    .filter(|(_, em)| agree(pm, *em).is_some())
                    .map(|(e, _)| fold(e))
                    .collect();
                if tails.is_empty() {
                    continue;
                }
                match by_prefix.iter_mut().find(|(q, _)| *q == prefix) {
                    Some((_, set)) => set.extend(tails),
                    None => by_prefix.push((prefix, tails.into_iter().collect())),
                }
            }
        }
        by_prefix
            .into_iter()
            .map(|(prefix, tails)| Form {
                prefix,
                tails: Tails::List(tails.into_iter().collect()),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{has, surface_forms};
    use super::*;

    #[test]
    fn rule_files_parse() {
        assert!(ru_rules().rows.len() >= 20);
    }

    #[test]
    fn russian_examples_from_the_issue() {
        let m = Some(Gender::M);
        for f in [
            "Кунболат",
            "Кунболата",
            "Кунболату",
            "Кунболатом",
            "Кунболате",
        ] {
            assert!(has("ru", "Кунболат", m, f), "{f}");
        }
        for f in ["Зейноллы", "Зейнолле", "Зейноллу", "Зейноллой"]
        {
            assert!(has("ru", "Зейнолла", m, f), "{f}");
        }
        for f in ["Синьцзяна", "Синьцзяне", "Синьцзяном"] {
            assert!(has("ru", "Синьцзян", None, f), "{f}");
        }
        assert!(has("ru", "Байболат Кунболат", m, "Байболата Кунболата"));
        assert!(!has("ru", "Байболат Кунболат", m, "Байболата Кунболатом"));
        assert!(has("ru", "Халида Акытхан", None, "Халиды Акытхан"));
        assert!(!has("ru", "Халида Акытхан", None, "Халиды Акытхана"));
        assert!(has("ru", "Нургуль Ибраева", None, "Нургулью Ибраевой"));
        assert!(has("ru", "Нургуль Ибраева", None, "Нургули Ибраевой"));
        assert!(has("ru", "Алматы", None, "Алматы"));
        assert_eq!(surface_forms("ru", "Алматы", None), vec!["алматы"]);
        assert!(has("ru", "Алма-Ата", None, "Алма-Ате"));
        assert!(has("ru", "Радио Свобода", None, "Радио Свободы"));
        assert!(has("ru", "США", None, "США"));
        assert!(has("ru", "консульство Китая", None, "консульства Китая"));
        assert!(!has("ru", "консульство Китая", None, "консульства Китаю"));
        assert!(has(
            "ru",
            "Синьцзян-Уйгурский автономный район",
            None,
            "Синьцзян-Уйгурского автономного района"
        ));
        assert!(has(
            "ru",
            "центральноазиатский",
            None,
            "центральноазиатской"
        ));
        assert!(has("ru", "киргиз", None, "киргизы"));
        assert!(has("ru", "ханьцы", None, "ханьцев"));
        assert!(has("ru", "дунгане", None, "дунганами"));
        assert!(has(
            "ru",
            "программа переселения",
            None,
            "программе переселения"
        ));
        assert!(has("ru", "Ракыжан Зейнолла", None, "Ракыжана Зейноллу"));
        assert!(has("ru", "Госдепартамент США", None, "Госдепартамента США"));
        assert_eq!(surface_forms("ru", "США", None).len(), 1);
    }

    #[test]
    fn russian_adjective_agrees_with_its_noun_in_case_number_and_gender() {
        let group = "Настоящие добровольцы Атажурта";
        let forms = surface_forms("ru", group, None);
        for f in [
            "настоящие добровольцы атажурта",
            "настоящих добровольцев атажурта",
            "настоящим добровольцам атажурта",
            "настоящими добровольцами атажурта",
            "настоящих добровольцах атажурта",
        ] {
            assert!(forms.contains(&f.to_string()), "{f}");
        }
        for f in [
            "настоящая добровольцы атажурта",
            "настоящий добровольцы атажурта",
            "настоящие добровольцев атажурта",
            "настоящих добровольцы атажурта",
            "настоящие добровольцов атажурта",
            "настоящих добровольцов атажурта",
            "настоящих добровольц атажурта",
        ] {
            assert!(!forms.contains(&f.to_string()), "{f}");
        }
        let region = "Синьцзян-Уйгурский автономный район";
        assert!(has(
            "ru",
            region,
            None,
            "Синьцзян-Уйгурском автономном районе"
        ));
        assert!(has(
            "ru",
            region,
            None,
            "Синьцзян-Уйгурских автономных районов"
        ));
        assert!(!has(
            "ru",
            region,
            None,
            "Синьцзян-Уйгурской автономного района"
        ));
        assert!(!has(
            "ru",
            region,
            None,
            "Синьцзян-Уйгурский автономного района"
        ));
        // Accusative: inanimate = nominative, animate = genitive, never mixed.
        assert!(!has(
            "ru",
            region,
            None,
            "Синьцзян-Уйгурские автономные районов"
        ));
        assert!(!has(
            "ru",
            region,
            None,
            "Синьцзян-Уйгурских автономных районы"
        ));
        assert!(has(
            "ru",
            "китайское консульство",
            None,
            "китайском консульстве"
        ));
        assert!(!has(
            "ru",
            "китайское консульство",
            None,
            "китайская консульство"
        ));
        assert!(has(
            "ru",
            "политическая индоктринация",
            None,
            "политической индоктринации"
        ));
        assert!(!has(
            "ru",
            "политическая индоктринация",
            None,
            "политический индоктринации"
        ));
        // An adjective alone still takes every gender: its noun may lie outside.
        assert!(has(
            "ru",
            "центральноазиатский",
            None,
            "центральноазиатская"
        ));
        assert!(has("ru", "ханьцы", None, "ханьцев"));
        assert!(!has("ru", "ханьцы", None, "ханьцов"));
        assert!(has("ru", "киргиз", None, "киргизов"));
        assert!(has("ru", "кыргыз", None, "кыргызов"));
    }

    #[test]
    fn russian_surname_in_uly_does_not_decline_while_the_first_name_does() {
        // Published: «с мужем Байболатом Кунболатулы» (tirek.info, quoting Azattyk),
        // «за этническим казахом Калмырзой Халыкулы» (rus.azattyk.org).
        let m = Some(Gender::M);
        let name = "Байболат Кунболатулы";
        for f in [
            "Байболат Кунболатулы",
            "Байболата Кунболатулы",
            "Байболату Кунболатулы",
            "Байболатом Кунболатулы",
            "Байболате Кунболатулы",
        ] {
            assert!(has("ru", name, m, f), "{f}");
        }
        assert!(!has("ru", name, m, "Байболата Кунболатулого"));
        assert!(!has("ru", name, m, "Байболата Кунболатулы Кунболатулы"));
        let f = Some(Gender::F);
        assert!(has(
            "ru",
            "Гульдария Шеризаткызы",
            f,
            "Гульдарии Шеризаткызы"
        ));
        assert!(!has(
            "ru",
            "Гульдария Шеризаткызы",
            f,
            "Гульдарии Шеризаткызой"
        ));
        assert!(has("ru", "Азаттык", None, "Азаттыку"));
        assert!(has("ru", "Азаттык", None, "Азаттыка"));
        assert!(has(
            "ru",
            "Алматинская область",
            None,
            "Алматинской области"
        ));
        assert!(!has(
            "ru",
            "Алматинская область",
            None,
            "Алматинский области"
        ));
    }

    #[test]
    fn a_russian_cell_with_the_wrong_number_of_groups_is_refused() {
        assert!(parse_cell("ий|ая|ое", true, AGREE_ANY).is_err());
        assert!(parse_cell("а|ы|и", false, AGREE_ANY).is_err());
        let sg_pl = parse_cell("о|а/ы", false, AGREE_N).unwrap();
        assert_eq!(sg_pl[0], ("о".to_string(), AGREE_N | AGREE_ANIMACY));
        assert_eq!(sg_pl[2], ("ы".to_string(), AGREE_P | AGREE_ANIMACY));
        let bad = "row x lower о 1 о|а|у а у о ом е g=n";
        assert!(RuRules::parse(bad).is_err());
        assert!(RuRules::parse("row x lower о 1 о а у о ом е g=q").is_err());
    }
}
