//! Kazakh: suffix chains with vowel harmony and consonant assimilation, read from
//! `rules/kk.rules`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use super::rule_file::{rule_lines, single_char};
use super::{fold, is_word_sep, Form, Tails};

const KK_RULES: &str = include_str!("../rules/kk.rules");

/// Which suffix forms a Kazakh stem takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Harmony {
    /// Back vowels (а о ұ ы).
    Back,
    /// Front vowels (ә е ө ү і).
    Front,
    /// Undetermined: both are accepted.
    Both,
}

#[derive(Debug)]
struct KkSuffix {
    /// Per class: (back, front) forms, or None when the suffix does not follow the class.
    cells: Vec<Option<(String, String)>>,
    sets_class: Option<usize>,
}

/// (harmony, class, state, stripped letter): what a Kazakh stem's endings depend on.
type TailKey = (Harmony, usize, usize, Option<char>);

#[derive(Debug)]
pub(super) struct KkRules {
    classes: Vec<String>,
    class_of: HashMap<char, usize>,
    back: HashSet<char>,
    front: HashSet<char>,
    suffixes: Vec<KkSuffix>,
    states: Vec<String>,
    /// state → (suffix, next state)
    paths: Vec<Vec<(usize, usize)>>,
    alternate: HashMap<char, char>,
    izafet: Option<(HashSet<char>, usize, usize)>,
    /// The suffixes (plural, possessive) that make the head of an izafet compound
    /// plural, and the class and state after them.
    izafet_plural: Option<(Vec<usize>, usize, usize)>,
    /// Word endings that make a word a 3rd-person possessive (-ұлы, -қызы), with the
    /// class and state such a word starts in.
    possessive: Option<(Vec<String>, usize, usize)>,
    cache: std::sync::Mutex<HashMap<TailKey, Vec<String>>>,
}

pub(super) fn kk_rules() -> &'static KkRules {
    static R: OnceLock<KkRules> = OnceLock::new();
    R.get_or_init(|| KkRules::parse(KK_RULES).unwrap_or_else(|e| panic!("kk.rules: {e}")))
}

impl KkRules {
    fn parse(src: &str) -> Result<KkRules, String> {
        let mut r = KkRules {
            classes: Vec::new(),
            class_of: HashMap::new(),
            back: HashSet::new(),
            front: HashSet::new(),
            suffixes: Vec::new(),
            states: vec!["start".into()],
            paths: vec![Vec::new()],
            alternate: HashMap::new(),
            izafet: None,
            possessive: None,
            izafet_plural: None,
            cache: Default::default(),
        };
        let mut suffix_names: HashMap<String, usize> = HashMap::new();
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        for (n, w) in rule_lines(src) {
            let err = |m: &str| format!("line {n}: {m}");
            let class_idx = |r: &KkRules, name: &str| {
                r.classes
                    .iter()
                    .position(|c| c == name)
                    .ok_or_else(|| err(&format!("unknown class {name}")))
            };
            match w[0] {
                "classes" => r.classes = w[1..].iter().map(|s| s.to_string()).collect(),
                "sound" => {
                    let c = class_idx(&r, w.get(1).copied().unwrap_or(""))?;
                    for l in &w[2..] {
                        let ch = single_char(l).ok_or_else(|| err("letters must be single"))?;
                        r.class_of.insert(ch, c);
                    }
                }
                "harmony" => {
                    let set = match w.get(1).copied() {
                        Some("back") => &mut r.back,
                        Some("front") => &mut r.front,
                        _ => return Err(err("harmony back|front")),
                    };
                    for l in &w[2..] {
                        set.insert(single_char(l).ok_or_else(|| err("letters must be single"))?);
                    }
                }
                "suffix" => {
                    let name = w.get(1).ok_or_else(|| err("suffix NAME"))?.to_string();
                    let k = r.classes.len();
                    if w.len() < 2 + k {
                        return Err(err("a suffix needs one cell per class"));
                    }
                    let cells = w[2..2 + k]
                        .iter()
                        .map(|cell| {
                            (*cell != "-").then(|| match cell.split_once('/') {
                                Some((b, f)) => (b.to_string(), f.to_string()),
                                None => (cell.to_string(), cell.to_string()),
                            })
                        })
                        .collect();
                    let sets_class = match &w[2 + k..] {
                        [] => None,
                        ["=>", c] => Some(class_idx(&r, c)?),
                        _ => return Err(err("expected => CLASS after the cells")),
                    };
                    suffix_names.insert(name, r.suffixes.len());
                    r.suffixes.push(KkSuffix { cells, sets_class });
                }
                "group" => {
                    let name = w.get(1).ok_or_else(|| err("group NAME"))?.to_string();
                    let members = w[2..]
                        .iter()
                        .map(|s| suffix_names.get(*s).copied().ok_or_else(|| err(s)))
                        .collect::<Result<_, _>>()?;
                    groups.insert(name, members);
                }
                "path" => {
                    let [_, from, what, to] = w[..] else {
                        return Err(err("path FROM SUFFIX TO"));
                    };
                    let from = r.state(from);
                    let to = r.state(to);
                    let sufs = match suffix_names.get(what) {
                        Some(&s) => vec![s],
                        None => groups
                            .get(what)
                            .cloned()
                            .ok_or_else(|| err(&format!("unknown suffix {what}")))?,
                    };
                    for s in sufs {
                        r.paths[from].push((s, to));
                    }
                }
                "alternate" => {
                    let [_, x, y] = w[..] else {
                        return Err(err("alternate X Y"));
                    };
                    let (x, y) = single_char(x)
                        .zip(single_char(y))
                        .ok_or_else(|| err("letters"))?;
                    r.alternate.insert(x, y);
                }
                "izafet" => {
                    let arrow = w.iter().position(|s| *s == "=>").ok_or_else(|| err("=>"))?;
                    let letters = w[1..arrow].iter().filter_map(|s| single_char(s)).collect();
                    let (Some(c), Some(st)) = (w.get(arrow + 1), w.get(arrow + 2)) else {
                        return Err(err("izafet LETTERS => CLASS STATE"));
                    };
                    let c = class_idx(&r, c)?;
                    let st = r.state(st);
                    r.izafet = Some((letters, c, st));
                }
                "izafet-plural" => {
                    let arrow = w.iter().position(|s| *s == "=>").ok_or_else(|| err("=>"))?;
                    let suffixes = w[1..arrow]
                        .iter()
                        .map(|s| {
                            suffix_names
                                .get(*s)
                                .copied()
                                .ok_or_else(|| err(&format!("unknown suffix {s}")))
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    let (Some(c), Some(st)) = (w.get(arrow + 1), w.get(arrow + 2)) else {
                        return Err(err("izafet-plural SUFFIX… => CLASS STATE"));
                    };
                    let c = class_idx(&r, c)?;
                    let st = r.state(st);
                    r.izafet_plural = Some((suffixes, c, st));
                }
                "possessive" => {
                    let arrow = w.iter().position(|s| *s == "=>").ok_or_else(|| err("=>"))?;
                    let endings = w[1..arrow].iter().map(|s| fold(s)).collect();
                    let (Some(c), Some(st)) = (w.get(arrow + 1), w.get(arrow + 2)) else {
                        return Err(err("possessive ENDINGS => CLASS STATE"));
                    };
                    let c = class_idx(&r, c)?;
                    let st = r.state(st);
                    r.possessive = Some((endings, c, st));
                }
                other => return Err(err(&format!("unknown directive {other}"))),
            }
        }
        // The morphotactics must be finite.
        for s in 0..r.states.len() {
            r.check_acyclic(s, &mut vec![false; r.states.len()])?;
        }
        Ok(r)
    }

    fn state(&mut self, name: &str) -> usize {
        match self.states.iter().position(|s| s == name) {
            Some(i) => i,
            None => {
                self.states.push(name.to_string());
                self.paths.push(Vec::new());
                self.states.len() - 1
            }
        }
    }

    fn check_acyclic(&self, s: usize, on_path: &mut Vec<bool>) -> Result<(), String> {
        if on_path[s] {
            return Err(format!("the paths loop through state {}", self.states[s]));
        }
        on_path[s] = true;
        for &(_, next) in &self.paths[s] {
            self.check_acyclic(next, on_path)?;
        }
        on_path[s] = false;
        Ok(())
    }

    fn harmony(&self, word: &str) -> Harmony {
        for c in word.chars().rev() {
            if self.back.contains(&c) {
                return Harmony::Back;
            }
            if self.front.contains(&c) {
                return Harmony::Front;
            }
        }
        Harmony::Both
    }

    /// The class of a (folded) string's final sound; a final ь/ъ is skipped.
    fn final_class(&self, s: &str) -> Option<usize> {
        let c = s.chars().rev().find(|c| !matches!(c, 'ь' | 'ъ'))?;
        self.class_of.get(&c).copied()
    }

    pub(super) fn forms(&self, rendering: &str) -> Vec<Form> {
        let folded = fold(rendering.trim());
        let last_word = folded.rsplit(is_word_sep).next().unwrap_or("");
        let multi = folded.contains(is_word_sep);
        let harmony = self.harmony(last_word);
        let last = last_word.chars().last();
        let possessive = self.possessive.as_ref().filter(|(endings, _, _)| {
            endings
                .iter()
                .any(|e| last_word.len() > e.len() && last_word.ends_with(e.as_str()))
        });
        let (class, state) = match (&self.izafet, last, possessive) {
            (_, _, Some((_, c, st))) => (*c, *st),
            (Some((letters, c, st)), Some(l), _) if multi && letters.contains(&l) => (*c, *st),
            _ => match self.final_class(last_word) {
                Some(c) => (c, 0),
                // Not a Kazakh letter at the end (digits, Latin abbreviations): bare form only.
                None => {
                    return vec![Form {
                        prefix: folded,
                        tails: Tails::exact(),
                    }]
                }
            },
        };
        let stripped = last.filter(|l| self.alternate.contains_key(l));
        let prefix = match stripped {
            Some(l) => folded[..folded.len() - l.len_utf8()].to_string(),
            None => folded.clone(),
        };
        let izafet = possessive.is_none()
            && multi
            && matches!((&self.izafet, last), (Some((letters, _, _)), Some(l)) if letters.contains(&l));
        let mut out = vec![Form {
            prefix,
            tails: Tails::Kk {
                harmony,
                class: class as u8,
                state: state as u8,
                stripped,
            },
        }];
        if let (true, Some(plural)) = (izafet, self.izafet_plural_form(&folded, harmony)) {
            out.push(plural);
        }
        out
    }

    /// The plural head of an izafet compound: "қайта тәрбиелеу лагері" → prefix
    /// "қайта тәрбиелеу лагерлері", going on with the possessive's endings (лагерлерінде).
    fn izafet_plural_form(&self, folded: &str, harmony: Harmony) -> Option<Form> {
        let (suffixes, class, state) = self.izafet_plural.as_ref()?;
        let mut stem = folded.strip_suffix(['ы', 'і'])?;
        // -сы/-сі after a vowel (радиосы → радио).
        if let Some(s) = stem.strip_suffix('с') {
            if s.chars()
                .last()
                .is_some_and(|c| self.back.contains(&c) || self.front.contains(&c))
            {
                stem = s;
            }
        }
        // A final г/ғ/б voiced before the possessive's vowel is к/қ/п again before the
        // plural's consonant (консулдығы → консулдықтары).
        let mut word = stem.to_string();
        if let Some(last) = word.chars().last() {
            if let Some((&plain, _)) = self.alternate.iter().find(|(_, &v)| v == last) {
                word.truncate(word.len() - last.len_utf8());
                word.push(plain);
            }
        }
        let pick = |(back, front): &(String, String)| match harmony {
            Harmony::Front => front.clone(),
            _ => back.clone(),
        };
        // A head that is plural already (орындары) takes no second plural.
        let first = self.suffixes[*suffixes.first()?].cells.iter().flatten();
        if first
            .flat_map(|(b, f)| [b, f])
            .any(|pl| word.ends_with(pl.as_str()))
        {
            return None;
        }
        for &s in suffixes {
            let c = self.final_class(word.rsplit(is_word_sep).next()?)?;
            word.push_str(&pick(self.suffixes[s].cells[c].as_ref()?));
        }
        Some(Form {
            prefix: word,
            tails: Tails::Kk {
                harmony,
                class: *class as u8,
                state: *state as u8,
                stripped: None,
            },
        })
    }

    pub(super) fn tails(
        &self,
        h: Harmony,
        class: usize,
        state: usize,
        stripped: Option<char>,
    ) -> Vec<String> {
        let key = (h, class, state, stripped);
        if let Ok(cache) = self.cache.lock() {
            if let Some(v) = cache.get(&key) {
                return v.clone();
            }
        }
        let mut out = BTreeSet::new();
        let start: String = stripped.map(String::from).unwrap_or_default();
        self.walk(state, class, h, &start, &mut out);
        let v: Vec<String> = out.into_iter().collect();
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(key, v.clone());
        }
        v
    }

    fn walk(&self, state: usize, class: usize, h: Harmony, cur: &str, out: &mut BTreeSet<String>) {
        out.insert(cur.to_string());
        for &(s, next) in &self.paths[state] {
            let suf = &self.suffixes[s];
            let Some((back, front)) = &suf.cells[class] else {
                continue;
            };
            let choices: &[(&str, Harmony)] = match h {
                Harmony::Back => &[(back, Harmony::Back)],
                Harmony::Front => &[(front, Harmony::Front)],
                Harmony::Both => &[(back, Harmony::Back), (front, Harmony::Front)],
            };
            for &(form, h2) in choices {
                let mut variants = vec![format!("{cur}{form}")];
                // к/қ/п may become г/ғ/б before a vowel.
                let vowel_initial = form
                    .chars()
                    .next()
                    .is_some_and(|c| self.back.contains(&c) || self.front.contains(&c));
                if let (true, Some(last)) = (vowel_initial, cur.chars().last()) {
                    if let Some(&alt) = self.alternate.get(&last) {
                        let base = &cur[..cur.len() - last.len_utf8()];
                        variants.push(format!("{base}{alt}{form}"));
                    }
                }
                for v in variants {
                    let c2 = suf
                        .sets_class
                        .or_else(|| self.final_class(&v))
                        .unwrap_or(class);
                    self.walk(next, c2, h2, &v, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{has, surface_forms};
    use super::*;

    #[test]
    fn rule_files_parse() {
        assert!(kk_rules().suffixes.len() >= 10);
    }

    #[test]
    fn kazakh_examples_from_the_issue() {
        for f in [
            "Күнболатты",
            "Күнболаттың",
            "Күнболатқа",
            "Күнболатта",
            "Күнболаттан",
            "Күнболатпен",
        ] {
            assert!(has("kk", "Күнболат", None, f), "{f}");
        }
        for f in ["Зейноллаға", "Зейнолланың", "Зейнолланы", "Зейнолламен"]
        {
            assert!(has("kk", "Зейнолла", None, f), "{f}");
        }
        for f in ["Шыңжаңда", "Шыңжаңнан", "Шыңжаңдағы", "Шыңжаңға"]
        {
            assert!(has("kk", "Шыңжаң", None, f), "{f}");
        }
        for f in [
            "Қазақстанның",
            "Қазақстанға",
            "Қазақстандық",
            "қазақстандықтар",
        ] {
            assert!(has("kk", "Қазақстан", None, f), "{f}");
        }
        assert!(!has("kk", "Күнболат", None, "Күнболатға"));
        assert!(!has("kk", "Күнболат", None, "Күнболатның"));
        assert!(!has("kk", "Қабылбек", None, "Қабылбекқа"));
        assert!(has("kk", "Қабылбек", None, "Қабылбекке"));
    }

    #[test]
    fn kazakh_izafet_takes_the_pronominal_n() {
        for f in [
            "Азаттық радиосы",
            "Азаттық радиосының",
            "Азаттық радиосына",
            "Азаттық радиосын",
            "Азаттық радиосында",
            "Азаттық радиосымен",
        ] {
            assert!(has("kk", "Азаттық радиосы", None, f), "{f}");
        }
        assert!(!has("kk", "Азаттық радиосы", None, "Азаттық радиосыға"));
    }

    #[test]
    fn kazakh_final_k_alternates_before_vowels() {
        assert!(has("kk", "Қабылбек", None, "Қабылбегі"));
        assert!(has("kk", "Қабылбек", None, "Қабылбегінің"));
        assert!(has("kk", "Қабылбек", None, "Қабылбекті"));
        assert!(!has("kk", "Қабылбек", None, "Қабылбегке"));
    }

    #[test]
    fn kazakh_possessive_surname_alone_takes_the_pronominal_n_in_all_seven_cases() {
        // Azattyq's Kazakh service: Күнболатұлын, Күнболатұлының, Күнболатұлына.
        for f in [
            "Күнболатұлы",
            "Күнболатұлының",
            "Күнболатұлына",
            "Күнболатұлын",
            "Күнболатұлында",
            "Күнболатұлынан",
            "Күнболатұлымен",
            "Күнболатұлындағы",
        ] {
            assert!(has("kk", "Күнболатұлы", None, f), "{f}");
            let full = format!("Байболат {f}");
            assert!(has("kk", "Байболат Күнболатұлы", None, &full), "{full}");
        }
        for f in [
            "Қосдәулетқызы",
            "Қосдәулетқызының",
            "Қосдәулетқызына",
            "Қосдәулетқызын",
            "Қосдәулетқызында",
            "Қосдәулетқызынан",
            "Қосдәулетқызымен",
        ] {
            assert!(has("kk", "Қосдәулетқызы", None, f), "{f}");
        }
        // The endings of a plain vowel-final word are wrong after the possessive.
        for f in [
            "Күнболатұлыға",
            "Күнболатұлыны",
            "Күнболатұлыдан",
            "Күнболатұлыда",
            "Күнболатұлылар",
        ] {
            assert!(!has("kk", "Күнболатұлы", None, f), "{f}");
        }
        assert!(!has("kk", "Қосдәулетқызы", None, "Қосдәулетқызыға"));
        // Not a possessive: a word that merely ends in the same letters stays as it was.
        assert!(has("kk", "Зейнолла", None, "Зейноллаға"));
    }

    #[test]
    fn kazakh_izafet_compound_head_may_be_plural() {
        let camp = "қайта тәрбиелеу лагері";
        for f in [
            "қайта тәрбиелеу лагері",
            "қайта тәрбиелеу лагерлері",
            "қайта тәрбиелеу лагерлерінде",
            "қайта тәрбиелеу лагерлерінің",
            "қайта тәрбиелеу лагерлерін",
        ] {
            assert!(has("kk", camp, None, f), "{f}");
        }
        assert!(!has("kk", camp, None, "қайта тәрбиелеу лагерлерге"));
        assert!(!has("kk", camp, None, "қайта тәрбиелеу лагерлер"));
        // A head that is plural already gets no second plural.
        let centers = surface_forms("kk", "қамау орындары", None);
        assert!(centers.contains(&"қамау орындарында".to_string()));
        assert!(!centers.iter().any(|f| f.contains("орындарлар")));
        assert!(!has("kk", camp, None, "қайта тәрбиелеу лагерілер"));
        // к/қ voiced before the possessive's vowel comes back before the plural.
        assert!(has("kk", "Қытай консулдығы", None, "Қытай консулдықтары"));
        assert!(has(
            "kk",
            "Қытай консулдығы",
            None,
            "Қытай консулдықтарының"
        ));
        assert!(!has("kk", "Қытай консулдығы", None, "Қытай консулдығтары"));
    }
}
