//! A deterministic generator of news-like TM units (English source with pseudo kk/ru
//! targets) with controlled near-duplicates, for reproducible tests and benchmarks.
//!
//! Sentences come from a few dozen news templates whose slots are filled from lists of
//! places, people, institutions and numbers, plus Zipf-distributed words from a synthetic
//! vocabulary of 60,000 words, so token frequencies look like a news corpus: a head of very
//! frequent function words and a long tail. About a quarter of the units are edits (one to
//! three word changes, a changed number, case or punctuation) of a recent unit.

pub mod boilerplate;

/// A generator profile: the shape of the TM generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// News sentences from a few dozen templates, a quarter of them edits of recent ones
    /// ([`corpus`]).
    News,
    /// A newsroom's TM: clusters of 100–5,000 near-duplicates of boilerplate sentences
    /// among ordinary ones ([`boilerplate::corpus`]).
    Boilerplate,
}

impl Profile {
    /// Both profiles.
    pub const ALL: [Profile; 2] = [Profile::News, Profile::Boilerplate];

    /// The profile's name (`news`, `boilerplate`).
    pub fn name(self) -> &'static str {
        match self {
            Profile::News => "news",
            Profile::Boilerplate => "boilerplate",
        }
    }

    /// The profile named `name`.
    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == name)
    }

    /// `n` units of this profile from `seed`.
    pub fn corpus(self, n: usize, seed: u64) -> Box<dyn Iterator<Item = GenUnit>> {
        match self {
            Profile::News => Box::new(corpus(n, seed)),
            Profile::Boilerplate => Box::new(boilerplate::corpus(n, seed)),
        }
    }

    /// `count` queries for a TM generated with `self.corpus(n, seed)`.
    pub fn queries(self, n: usize, seed: u64, count: usize) -> Vec<String> {
        match self {
            Profile::News => queries(n, seed, count),
            Profile::Boilerplate => boilerplate::queries(n, seed, count),
        }
    }
}

/// SplitMix64: a small, fast, seeded PRNG (deterministic on every platform).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize % n.max(1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// A random element of a non-empty slice.
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// One generated unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenUnit {
    /// English source sentence.
    pub source: String,
    /// Pseudo-Kazakh target.
    pub kk: String,
    /// Pseudo-Russian target.
    pub ru: String,
}

const CITIES: &[&str] = &[
    "Almaty",
    "Astana",
    "Shymkent",
    "Karaganda",
    "Aktobe",
    "Taraz",
    "Pavlodar",
    "Oskemen",
    "Semey",
    "Atyrau",
    "Kostanay",
    "Kyzylorda",
    "Oral",
    "Petropavl",
    "Aktau",
    "Temirtau",
    "Turkistan",
    "Ekibastuz",
    "Zhanaozen",
    "Bishkek",
    "Tashkent",
    "Dushanbe",
    "Moscow",
    "Beijing",
    "Urumqi",
    "Osh",
    "Samarkand",
    "Kokshetau",
    "Taldykorgan",
    "Zhezkazgan",
];
const ACTORS: &[&str] = &[
    "Police",
    "Activists",
    "Officials",
    "Protesters",
    "Journalists",
    "Relatives",
    "Lawyers",
    "Rights defenders",
    "Local residents",
    "Prosecutors",
    "Border guards",
    "Election observers",
    "Opposition politicians",
    "Students",
    "Farmers",
    "Doctors",
];
const VERBS: &[&str] = &[
    "detained",
    "questioned",
    "released",
    "fined",
    "warned",
    "met",
    "criticized",
    "supported",
    "interviewed",
    "blocked",
    "dispersed",
    "sentenced",
    "charged",
    "searched",
    "visited",
    "accused",
    "praised",
    "summoned",
    "identified",
    "evacuated",
];
const OBJECTS: &[&str] = &[
    "activists",
    "protesters",
    "journalists",
    "residents",
    "officials",
    "bloggers",
    "demonstrators",
    "students",
    "workers",
    "relatives",
    "lawyers",
    "pensioners",
    "ethnic Kazakhs",
    "Xinjiang natives",
    "opposition supporters",
    "volunteers",
];
const PLACES: &[&str] = &[
    "the Chinese consulate",
    "the city administration",
    "the parliament building",
    "the courthouse",
    "the central square",
    "the police station",
    "the embassy",
    "the regional akimat",
    "the Foreign Ministry",
    "the railway station",
    "the market",
    "the university campus",
    "the Interior Ministry",
    "the prosecutor's office",
];
const DAYS: &[&str] = &[
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "on Saturday",
    "on Sunday",
    "last week",
    "earlier this month",
    "late on Tuesday",
    "this morning",
];
const SOURCES: &[&str] = &[
    "RFE/RL reported",
    "officials said",
    "a police spokesman said",
    "witnesses said",
    "the Interior Ministry said",
    "local media reported",
    "activists told RFE/RL",
    "a court spokeswoman said",
    "the rights group said",
    "relatives said",
];
const NAMES: &[&str] = &[
    "Serikzhan Bilash",
    "Bekzat Maksutkhan",
    "Aigerim Tleuzhan",
    "Nurlan Toktarov",
    "Gulnar Bazhkenova",
    "Dauren Abayev",
    "Asel Ospanova",
    "Yerlan Kaliyev",
    "Zhanar Sekerbayeva",
    "Marat Zhylanbayev",
    "Kairat Mamyrov",
    "Dinara Smailova",
    "Baurzhan Azanov",
    "Saule Suleimenova",
    "Timur Kulibayev",
    "Aliya Nurpeisova",
];
const ADJS: &[&str] = &[
    "peaceful",
    "unsanctioned",
    "small",
    "large",
    "brief",
    "spontaneous",
    "silent",
    "week-long",
    "overnight",
    "daily",
    "hastily organized",
    "long-running",
];
const EVENTS: &[&str] = &[
    "picket",
    "rally",
    "protest",
    "hunger strike",
    "press conference",
    "court hearing",
    "meeting",
    "trial",
    "vigil",
    "march",
    "sit-in",
    "demonstration",
];
const TOPICS: &[&str] = &[
    "the fate of their relatives in Xinjiang",
    "rising prices",
    "the new election law",
    "land reform",
    "the detention of journalists",
    "water shortages",
    "corruption",
    "the closure of the border",
    "pension payments",
    "the construction of a dam",
];

/// The template sentences; `{x}` marks a slot.
const TEMPLATES: &[&str] = &[
    "{actor} in {city} {verb} {num} {object} outside {place} {day}, {source}.",
    "{actor} in {city} {verb} {name} after a {adj} {event} outside {place} {day}.",
    "{name} said the {event} in {city} was about {topic} and {w} {w} {w}.",
    "The {event} near {place} in {city} lasted {num} hours, {source}.",
    "{num} {object} took part in a {adj} {event} in {city} {day} to protest {topic}.",
    "A court in {city} {verb} {name} to {num} days in jail for organizing an {adj} {event}.",
    "According to {source2}, {num} people were {verb} in {city} {day} during a {event}.",
    "{name}, who {w} {w} the {event}, told RFE/RL that {topic} {w} {w} {w}.",
    "{actor} {verb} {name} in {city} {day}, but {w} {w} {w} {w}.",
    "The authorities in {city} have not commented on {topic}, {source}.",
    "In {city}, {num} {object} gathered near {place} {day} demanding {w} {w} {w}.",
    "{name} was {verb} by {actor2} in {city} on {num} {month}, {source}.",
    "The {w} {w} of {city} {verb} the {w} {w} {day}.",
    "{actor} said {num} {object} had been {verb} since {month} {year} in {city}.",
    "It was not immediately clear why {name} was {verb} {day}.",
    "{name} has repeatedly {verb} the {w} {w} over {topic}.",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const VOCAB: usize = 60_000;

/// A synthetic word for vocabulary rank `r` (pronounceable, unique per rank).
fn synth_word(r: usize) -> String {
    const C: &[&str] = &[
        "b", "d", "k", "l", "m", "n", "r", "s", "t", "v", "z", "sh", "zh",
    ];
    const V: &[&str] = &["a", "e", "i", "o", "u", "y"];
    let mut x = r + 7;
    let mut w = String::new();
    loop {
        w.push_str(C[x % C.len()]);
        x /= C.len();
        w.push_str(V[x % V.len()]);
        x /= V.len();
        if x == 0 {
            break;
        }
    }
    w
}

/// The streaming corpus generator: `corpus(n, seed)` yields `n` units, deterministically.
pub struct Generator {
    rng: Rng,
    left: usize,
    recent: Vec<String>,
    vocab: Vec<String>,
    /// Cumulative Zipf weights over the vocabulary.
    cdf: Vec<f64>,
    seen: std::collections::HashSet<u64>,
}

/// `n` generated units from `seed` (same arguments, same units).
pub fn corpus(n: usize, seed: u64) -> Generator {
    let vocab: Vec<String> = (0..VOCAB).map(synth_word).collect();
    let mut cdf = Vec::with_capacity(VOCAB);
    let mut acc = 0.0;
    for r in 0..VOCAB {
        acc += 1.0 / (r as f64 + 10.0);
        cdf.push(acc);
    }
    Generator {
        rng: Rng::new(seed),
        left: n,
        recent: Vec::new(),
        vocab,
        cdf,
        seen: std::collections::HashSet::new(),
    }
}

impl Generator {
    fn zipf_word(&mut self) -> &str {
        let total = self.cdf[VOCAB - 1];
        let x = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let i = self.cdf.partition_point(|&c| c < x).min(VOCAB - 1);
        &self.vocab[i]
    }

    fn number(&mut self) -> String {
        match self.rng.below(4) {
            0 => (2 + self.rng.below(9)).to_string(),
            1 => (10 + self.rng.below(90)).to_string(),
            2 => (100 + self.rng.below(900)).to_string(),
            _ => format!("{},{:03}", 1 + self.rng.below(20), self.rng.below(1000)),
        }
    }

    /// A fresh sentence from the templates (not checked for uniqueness).
    pub fn sentence(&mut self) -> String {
        let t = TEMPLATES[self.rng.below(TEMPLATES.len())];
        let mut out = String::with_capacity(t.len() + 60);
        let mut rest = t;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
            let slot = &rest[open + 1..close];
            let fill: String = match slot {
                "actor" => self.rng.pick(ACTORS).into(),
                "actor2" => self.rng.pick(ACTORS).to_lowercase(),
                "city" => self.rng.pick(CITIES).into(),
                "verb" => self.rng.pick(VERBS).into(),
                "object" => self.rng.pick(OBJECTS).into(),
                "place" => self.rng.pick(PLACES).into(),
                "day" => self.rng.pick(DAYS).into(),
                "source" => self.rng.pick(SOURCES).into(),
                "source2" => {
                    let s = self.rng.pick(SOURCES);
                    s.split(' ').take(2).collect::<Vec<_>>().join(" ")
                }
                "name" => self.rng.pick(NAMES).into(),
                "adj" => self.rng.pick(ADJS).into(),
                "event" => self.rng.pick(EVENTS).into(),
                "topic" => self.rng.pick(TOPICS).into(),
                "month" => self.rng.pick(MONTHS).into(),
                "year" => (2015 + self.rng.below(10)).to_string(),
                "num" => self.number(),
                _ => self.zipf_word().to_string(),
            };
            out.push_str(&fill);
            rest = &rest[(close + 1).min(rest.len())..];
        }
        out.push_str(rest);
        if self.rng.chance(0.5) {
            // A tail clause of rarer words makes sentences longer and more distinct.
            let n = 2 + self.rng.below(5);
            out.pop();
            out.push_str(", ");
            out.push_str(
                self.rng
                    .pick(&["as", "while", "after", "because", "although"]),
            );
            for _ in 0..n {
                out.push(' ');
                let w = self.zipf_word().to_string();
                out.push_str(&w);
            }
            out.push('.');
        }
        out
    }

    /// An edit of `s`: one to three word changes, or a number, case or punctuation change.
    pub fn near_duplicate(&mut self, s: &str) -> String {
        let mut words: Vec<String> = s.split(' ').map(str::to_string).collect();
        match self.rng.below(10) {
            0 => {
                if let Some(w) = words.first_mut() {
                    *w = w.to_uppercase();
                }
            }
            1 => {
                let last = words.len() - 1;
                let w = &mut words[last];
                if w.ends_with('.') {
                    w.pop();
                    w.push('!');
                }
            }
            2 => {
                let n = self.number();
                match words
                    .iter()
                    .position(|w| w.starts_with(|c: char| c.is_ascii_digit()))
                {
                    Some(i) => words[i] = n,
                    None => words.insert(words.len() / 2, n),
                }
            }
            _ => {
                let edits = 1 + self.rng.below(3);
                for _ in 0..edits {
                    let i = self.rng.below(words.len().max(1));
                    let w = self.zipf_word().to_string();
                    match self.rng.below(3) {
                        0 => words[i] = w,
                        1 if words.len() > 3 && i + 1 < words.len() => {
                            words.remove(i);
                        }
                        _ => words.insert(i.max(1), w),
                    }
                }
            }
        }
        words.join(" ")
    }

    fn target(&self, s: &str, lang: u64) -> String {
        Self::pseudo_target(s, lang)
    }

    fn pseudo_target(s: &str, lang: u64) -> String {
        // A deterministic pseudo-translation: each word becomes a Cyrillic pseudo-word.
        const KK: &[&str] = &[
            "қа", "ба", "ла", "ма", "са", "те", "ғы", "ны", "ұл", "өз", "әр", "ің",
        ];
        const RU: &[&str] = &[
            "ка", "ро", "ли", "ст", "ве", "на", "мо", "ты", "ж", "ще", "ю", "ов",
        ];
        let syl = if lang == 0 { KK } else { RU };
        let mut out = String::with_capacity(s.len() * 2);
        for (i, w) in s.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let core: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
            if core.chars().all(|c| c.is_ascii_digit()) {
                out.push_str(w);
                continue;
            }
            let mut h = lang.wrapping_add(0xcbf2_9ce4_8422_2325);
            for b in core.bytes() {
                h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x100_0000_01b3);
            }
            let n = 1 + core.len().div_ceil(3);
            for k in 0..n {
                let t = syl[((h >> (k * 5)) as usize) % syl.len()];
                if k == 0 && w.starts_with(|c: char| c.is_uppercase()) {
                    let mut cs = t.chars();
                    if let Some(f) = cs.next() {
                        out.extend(f.to_uppercase());
                        out.push_str(cs.as_str());
                    }
                } else {
                    out.push_str(t);
                }
            }
            out.extend(
                w.chars()
                    .filter(|c| !c.is_alphanumeric() && *c != '\'' && *c != '-'),
            );
        }
        out
    }

    fn fingerprint(s: &str) -> u64 {
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        for b in s.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        h
    }
}

impl Iterator for Generator {
    type Item = GenUnit;

    fn next(&mut self) -> Option<GenUnit> {
        if self.left == 0 {
            return None;
        }
        // Units are distinct sentences (a TM stores each source once).
        let source = loop {
            let s = if !self.recent.is_empty() && self.rng.chance(0.25) {
                let base = self.recent[self.rng.below(self.recent.len())].clone();
                self.near_duplicate(&base)
            } else {
                self.sentence()
            };
            if self.seen.insert(Self::fingerprint(&s)) {
                break s;
            }
        };
        if self.recent.len() < 4096 {
            self.recent.push(source.clone());
        } else {
            let i = self.rng.below(4096);
            self.recent[i] = source.clone();
        }
        self.left -= 1;
        Some(GenUnit {
            kk: self.target(&source, 0),
            ru: self.target(&source, 1),
            source,
        })
    }
}

/// `count` query sentences for a TM generated with `corpus(n, seed)`: a third exact copies
/// of TM sources, a third near-duplicates of them and a third fresh sentences.
pub fn queries(n: usize, seed: u64, count: usize) -> Vec<String> {
    let every = (n / count.max(1)).max(1);
    let mut g = corpus(n, seed);
    let mut picked = Vec::with_capacity(count);
    for (i, u) in g.by_ref().enumerate() {
        if i % every == every / 2 && picked.len() < count {
            picked.push(u.source);
        }
    }
    let mut fresh = corpus(0, seed ^ 0xA5A5);
    picked
        .into_iter()
        .enumerate()
        .map(|(k, s)| match k % 3 {
            0 => s,
            1 => g.near_duplicate(&s),
            _ => fresh.sentence(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_corpus_and_sources_are_distinct() {
        let a: Vec<_> = corpus(500, 7).collect();
        let b: Vec<_> = corpus(500, 7).collect();
        assert_eq!(a, b);
        let mut srcs: Vec<_> = a.iter().map(|u| u.source.clone()).collect();
        srcs.sort();
        srcs.dedup();
        assert_eq!(srcs.len(), 500);
        assert_ne!(a, corpus(500, 8).collect::<Vec<_>>());
        assert!(a.iter().all(|u| !u.kk.is_empty() && !u.ru.is_empty()));
    }

    #[test]
    fn queries_are_deterministic() {
        assert_eq!(queries(300, 1, 30), queries(300, 1, 30));
        assert_eq!(queries(300, 1, 30).len(), 30);
    }
}
