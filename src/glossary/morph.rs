//! Inflection of glossary renderings: which surface forms of a term count as the term.
//!
//! The rules are data, not code: `rules/kk.rules` (Kazakh suffixes with vowel harmony and
//! consonant assimilation) and `rules/ru.rules` (Russian declension rows), each documented
//! in its header. This module reads them once and expands a rendering into forms: a
//! folded prefix that must occur in the text, and the set of endings (its tails) that may
//! follow it up to the end of the word. Other languages get the rendering alone.
//!
//! Text is compared *folded*: lower case, ё as е. Folding never changes a string's byte
//! length, so offsets in folded text are offsets in the original.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use super::Gender;

const KK_RULES: &str = include_str!("rules/kk.rules");
const RU_RULES: &str = include_str!("rules/ru.rules");

/// Lower-case table for U+0000–U+04FF (Latin, Greek, Cyrillic incl. Kazakh letters);
/// every mapping keeps the UTF-8 length.
fn fold_table() -> &'static [char] {
    static T: OnceLock<Vec<char>> = OnceLock::new();
    T.get_or_init(|| {
        (0u32..0x500)
            .map(|u| {
                let c = char::from_u32(u).unwrap_or('\0');
                slow_fold(c)
            })
            .collect()
    })
}

fn slow_fold(c: char) -> char {
    if c == 'ё' || c == 'Ё' {
        return 'е';
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
        _ => c,
    }
}

/// Lower-cases `s` and writes ё as е, keeping every character's UTF-8 length, into `out`
/// (cleared first).
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    out.reserve(s.len());
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
    let table = fold_table();
    for c in s.chars() {
        let u = c as u32;
        out.push(if u < 0x80 {
            c.to_ascii_lowercase()
        } else if u < 0x500 {
            table[u as usize]
        } else {
            slow_fold(c)
        });
    }
}

/// The folded form of `s`: lower case, ё → е, same byte length as `s`.
pub fn fold(s: &str) -> String {
    let mut out = String::new();
    fold_into(s, &mut out);
    out
}

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

/// The endings that may follow a prefix, up to the end of the word.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Tails {
    /// Kazakh suffix chains for a stem class. `stripped` is the stem's last letter when it
    /// was left out of the prefix because it may alternate (к/г, қ/ғ, п/б).
    Kk {
        /// Vowel harmony of the stem.
        harmony: Harmony,
        /// Index of the stem's sound class in `kk.rules`.
        class: u8,
        /// Index of the morphotactic state the stem starts in.
        state: u8,
        /// The stem's last letter, cut from the prefix.
        stripped: Option<char>,
    },
    /// Exactly these (folded) endings; `""` is the bare word.
    List(Vec<String>),
}

impl Tails {
    /// Only the bare word.
    pub(crate) fn exact() -> Tails {
        Tails::List(vec![String::new()])
    }

    /// All endings (folded), sorted.
    pub(crate) fn expand(&self) -> Vec<String> {
        match self {
            Tails::List(v) => v.clone(),
            Tails::Kk {
                harmony,
                class,
                state,
                stripped,
            } => kk_rules().tails(*harmony, *class as usize, *state as usize, *stripped),
        }
    }
}

/// A surface form family of a rendering: `prefix` (folded) followed by any of `tails`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Form {
    /// Folded text that must occur, starting at a word boundary.
    pub(crate) prefix: String,
    /// Endings that may follow, up to the next word boundary.
    pub(crate) tails: Tails,
}

/// Expands a rendering in `lang` into its forms. Kazakh and Russian inflect (see the rule
/// files); other languages match the rendering as written (case-insensitively).
pub(crate) fn forms(lang: &str, rendering: &str, gender: Option<Gender>) -> Vec<Form> {
    match crate::lang::primary(lang).as_str() {
        "kk" => kk_rules().forms(rendering),
        "ru" => ru_rules().forms(rendering, gender),
        "en" => {
            // Decided on the rendering as written (RFE/RL has no plural), then folded.
            let f = english_form(rendering.trim());
            vec![Form {
                prefix: fold(&f.prefix),
                tails: f.tails,
            }]
        }
        _ => vec![Form {
            prefix: fold(rendering),
            tails: Tails::exact(),
        }],
    }
}

/// The forms of a source term as written (case-sensitive, not folded): in English the
/// term and its plural ("detention center" → "detention centers"); the possessive `'s`
/// and `s'` need nothing more, since an apostrophe ends a word. Other languages: the
/// term alone.
pub(crate) fn source_forms(lang: &str, term: &str) -> Vec<Form> {
    match crate::lang::primary(lang).as_str() {
        "en" => vec![english_form(term)],
        _ => vec![Form {
            prefix: term.to_string(),
            tails: Tails::exact(),
        }],
    }
}

/// An English noun phrase and the plural of its last word, by the spelling rules: -s;
/// -es after s, x, z, ch, sh; consonant + y → -ies; -man → -men. A last word that does
/// not end in a lower-case letter (RFE/RL, U.S.) or is a single letter stays as it is.
fn english_form(term: &str) -> Form {
    let last = term.rsplit(is_word_sep).next().unwrap_or("");
    let exact = || Form {
        prefix: term.to_string(),
        tails: Tails::exact(),
    };
    let letters: Vec<char> = last.chars().collect();
    let n = letters.len();
    if n < 2 || !letters[n - 1].is_ascii_lowercase() {
        return exact();
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
    let (strip, tails): (usize, &[&str]) = if last.ends_with("man") {
        (2, &["an", "en", "ans"])
    } else if last.ends_with('y') && !is_vowel(letters[n - 2]) {
        (1, &["y", "ies"])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| last.ends_with(e))
    {
        (0, &["", "es"])
    } else {
        (0, &["", "s"])
    };
    Form {
        prefix: term[..term.len() - strip].to_string(),
        tails: Tails::List(tails.iter().map(|t| t.to_string()).collect()),
    }
}

/// All full surface forms of a rendering (folded), for tests and `glossary list --forms`.
pub fn surface_forms(lang: &str, rendering: &str, gender: Option<Gender>) -> Vec<String> {
    let mut out = BTreeSet::new();
    for f in forms(lang, rendering, gender) {
        for t in f.tails.expand() {
            out.insert(format!("{}{t}", f.prefix));
        }
    }
    out.into_iter().collect()
}

fn is_word_sep(c: char) -> bool {
    c.is_whitespace()
}

// ---------------------------------------------------------------- Kazakh

#[derive(Debug)]
struct KkSuffix {
    /// Per class: (back, front) forms, or None when the suffix does not follow the class.
    cells: Vec<Option<(String, String)>>,
    sets_class: Option<usize>,
}

/// (harmony, class, state, stripped letter): what a Kazakh stem's endings depend on.
type TailKey = (Harmony, usize, usize, Option<char>);

#[derive(Debug)]
struct KkRules {
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

fn kk_rules() -> &'static KkRules {
    static R: OnceLock<KkRules> = OnceLock::new();
    R.get_or_init(|| KkRules::parse(KK_RULES).unwrap_or_else(|e| panic!("kk.rules: {e}")))
}

/// Lines of a rule file without comments and blanks, with 1-based line numbers.
fn rule_lines(src: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    src.lines().enumerate().filter_map(|(i, l)| {
        let l = l.split('#').next().unwrap_or("").trim();
        (!l.is_empty()).then(|| (i + 1, l.split_whitespace().collect()))
    })
}

fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
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

    fn forms(&self, rendering: &str) -> Vec<Form> {
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

    fn tails(&self, h: Harmony, class: usize, state: usize, stripped: Option<char>) -> Vec<String> {
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

// ---------------------------------------------------------------- Russian

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

/// The genders and numbers a Russian ending fits, as bits: masculine, feminine, neuter
/// (singular), plural; and, for the accusative, whether it is the form of an inanimate
/// noun (like the nominative) or of an animate one (like the genitive). Two words of a
/// phrase agree when their masks share a gender/number bit and an animacy bit.
type Agree = u8;

/// Per case (nominative … prepositional), the alternative endings and what each fits.
type Cases = Vec<Vec<(String, Agree)>>;
const AGREE_M: Agree = 1;
const AGREE_F: Agree = 2;
const AGREE_N: Agree = 4;
const AGREE_P: Agree = 8;
const AGREE_NUMBER: Agree = 15;
const AGREE_INANIMATE: Agree = 16;
const AGREE_ANIMATE: Agree = 32;
const AGREE_ANIMACY: Agree = AGREE_INANIMATE | AGREE_ANIMATE;
const AGREE_ANY: Agree = AGREE_NUMBER | AGREE_ANIMACY;

/// What two agreeing endings both fit, if they agree.
fn agree(a: Agree, b: Agree) -> Option<Agree> {
    let m = a & b;
    (m & AGREE_NUMBER != 0 && m & AGREE_ANIMACY != 0).then_some(m)
}

/// Marks the accusative endings (case 3) that are the nominative's (inanimate) or the
/// genitive's (animate) of the same gender and number; the others (-ую, -у) fit both.
fn mark_animacy(cases: &mut [Vec<(String, Agree)>]) {
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
fn agree_of(letters: &str) -> Option<Agree> {
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
struct RuRules {
    indeclinable: HashSet<String>,
    rows: Vec<RuRow>,
}

fn ru_rules() -> &'static RuRules {
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

    fn forms(&self, rendering: &str, gender: Option<Gender>) -> Vec<Form> {
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
    use super::*;

    fn has(lang: &str, term: &str, g: Option<Gender>, form: &str) -> bool {
        surface_forms(lang, term, g).contains(&fold(form))
    }

    #[test]
    fn folding_keeps_byte_length_and_maps_yo() {
        for s in ["ҚАЗАҚСТАН Ёлка Ǆ İstanbul ΣΑΣ", "ӘҒҚҢӨҰҮҺІ"] {
            assert_eq!(fold(s).len(), s.len());
        }
        assert_eq!(fold("ЁЛКА Қазақ"), "елка қазақ");
        assert_eq!(fold("ӘҒҚҢӨҰҮҺІ"), "әғқңөұүһі");
    }

    #[test]
    fn rule_files_parse() {
        assert!(kk_rules().suffixes.len() >= 10);
        assert!(ru_rules().rows.len() >= 20);
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

    #[test]
    fn english_terms_take_their_plural() {
        let en = |t: &str, f: &str| has("en", t, None, f);
        assert!(en("detention center", "detention centers"));
        assert!(en("reeducation camp", "reeducation camps"));
        assert!(en("ethnic Kazakh", "ethnic Kazakhs"));
        assert!(en("Uyghur", "Uyghurs"));
        assert!(en("political party", "political parties"));
        assert!(en("tax", "taxes"));
        assert!(en("chairman", "chairmen"));
        assert!(!en("detention center", "detention centerss"));
        assert!(!en("political party", "political partys"));
        assert_eq!(surface_forms("en", "RFE/RL", None), ["rfe/rl"]);
        let src = source_forms("en", "detention center");
        assert_eq!(src[0].prefix, "detention center");
        assert_eq!(src[0].tails, Tails::List(vec!["".into(), "s".into()]));
        assert_eq!(source_forms("kk", "Алматы")[0].tails, Tails::exact());
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
