//! The boilerplate-heavy profile: a TM shaped like a newsroom's, where reports repeat
//! background paragraphs, datelines and attributions with a name, a number, a date or a few
//! words changed.
//!
//! About 60% of the units are instances of a *template* — a sentence frame of our own,
//! written from the facts of the seed reports (the consulate pickets in Almaty, the
//! Xinjiang camps, court sentences, RFE/RL's status in Russia), with its fixed slots filled
//! once when the template is made. Each instance fills the template's variable slots (a
//! name, a number, a date) afresh and, half of the time, changes one to three words. A
//! template lives for a cluster of 100–5,000 instances (log-uniform), spread over the time
//! it is in use (up to [`ACTIVE`] templates at once), then a new one replaces it: a few
//! hundred templates at 1M units, more as the TM grows. The other units are the news
//! profile's ordinary sentences. Names and the synthetic vocabulary grow with the TM (about
//! √n new words), as a real TM's do.

use crate::{GenUnit, Generator, Rng};

/// Templates in use at once.
pub const ACTIVE: usize = 48;

/// Sentence frames. `{x}` slots: fixed when a template is made — `city`, `place`, `group`,
/// `event`, `org`, `w` (a word); filled per instance — `name`, `num`, `date`, `day`, `v`
/// (a varying word).
const FRAMES: &[&str] = &[
    "The U.S. State Department has said that as many as {num} million Uyghurs, Kazakhs, and members of other {w} Muslim groups have been held in {place} in Xinjiang.",
    "{city}, Kazakhstan -- Police in {city} have detained {num} {group} who took part in a {event} outside {place} on {date}.",
    "China denies that the facilities are {w} camps, but people who fled the region say detainees undergo political {w} there, {org} said.",
    "RFE/RL has been declared an undesirable organization by the Russian government, {org} said on {date}.",
    "{name}, one of the {group}, told RFE/RL that {v} relatives have been held in Xinjiang for {num} years.",
    "A court in {city} sentenced {name} to {num} days in jail for organizing an unsanctioned {event} near {place}.",
    "In recent years, many similar {event}s have taken place across Kazakhstan, with {group} demanding that the authorities intervene on behalf of their relatives in Xinjiang.",
    "Kazakhs are the second-largest Turkic-speaking community in Xinjiang after Uyghurs, {org} said in a statement on {date}.",
    "Dozens of {group} spent a {num}th night in front of {place} in {city} on {date}, demanding the release of their relatives.",
    "{name} said {v} husband had been released from a {w} camp after serving almost {num} years on charges that his family rejected.",
    "Beijing's policies in Xinjiang are a sensitive issue in {city}, where {group} have picketed {place} since {date}.",
    "Police in {city} dismantled a tent that {group} had set up in front of {place} on {date}, {org} reported.",
    "The {group} said they would continue the {event} outside {place} until {num} of their relatives are freed.",
    "{name} was fined {num} tenges on {date} for taking part in the picketing of {place} in {city}.",
    "Many ethnic Kazakhs who moved from Xinjiang obtained Kazakh citizenship but still visit the region to see relatives, {org} said.",
    "The {org} said on {date} that it had documented {num} cases of {group} detained after returning from Xinjiang.",
    "{name}, the leader of the {w} {w} group, was detained at home in {city} on {date}, {v} relatives said.",
    "A court in {city} reduced the sentence of {name} by half after {num} people protested outside {place}.",
    "The authorities in {city} have not commented on the detention of {name}, who was held for {num} hours on {day}.",
    "Officials at {place} in {city} declined to comment on the {event} when contacted by RFE/RL on {date}.",
    "Kazakhstan's state-controlled media have generally avoided reporting on the {event}s outside {place}, {org} said.",
    "Some of the {group} who spent the night outside {place} said that police forbade them from putting up a tent.",
    "{name} told RFE/RL that she will keep up the {event} in {city} until her {num} sons are released from custody.",
    "China is a major trading partner for Kazakhstan, and officials in {city} have avoided criticizing Beijing over {w} camps, {org} said.",
    "If you are in Russia and hold a Russian passport, you could face fines for sharing content from {org}, the statement of {date} said.",
    "The {event} in {city} entered its {num}th day on {day}, with {group} holding portraits of relatives held in Xinjiang.",
    "{name}, whose {w} was detained in Xinjiang in {num}, joined the {event} outside {place} on {date}.",
    "According to {org}, at least {num} {group} were questioned by police in {city} after the {event} on {day}.",
    "Radio Free Europe/Radio Liberty is partnering with {org} to highlight the plight of Muslims in Xinjiang, it said on {date}.",
    "The region is also home to ethnic Kyrgyz, Tajiks and Hui, and {num} {group} from {city} have relatives there, {org} said.",
    "Police in {city} detained {name} and {v} mother at home on {date}, two days after {name2} was released from jail.",
    "{name} had been detained for filming a {event} in front of {place} and was sentenced to {num} days in jail.",
    "Dozens of people protested outside {place} in {city} on {day} after {name} was sentenced to {num} days.",
    "The {group} say they have written {num} letters to the Foreign Ministry in {city} without receiving a reply.",
    "{org} said on {date} that {num} people remained in custody in Xinjiang after visiting relatives there.",
    "Reporting by RFE/RL's Kazakh Service in {city}, with {w} reporting by {name}.",
];

const CITIES: &[&str] = &[
    "Almaty",
    "Astana",
    "Shymkent",
    "Taraz",
    "Semey",
    "Oskemen",
    "Zharkent",
    "Taldykorgan",
    "Aktobe",
    "Pavlodar",
    "Kostanay",
    "Oral",
    "Atyrau",
    "Karaganda",
    "Turkistan",
    "Kyzylorda",
];
const PLACES: &[&str] = &[
    "the Chinese Consulate",
    "the Chinese Embassy",
    "the Foreign Ministry",
    "the city court",
    "the regional akimat",
    "the presidential administration",
    "detention centers",
    "so-called reeducation camps",
    "the prosecutor's office",
    "the police headquarters",
];
const GROUPS: &[&str] = &[
    "protesters",
    "activists",
    "ethnic Kazakhs",
    "relatives of detainees",
    "demonstrators",
    "women",
    "volunteers",
    "former detainees",
];
const EVENTS: &[&str] = &[
    "picket",
    "rally",
    "protest",
    "vigil",
    "sit-in",
    "hunger strike",
    "march",
    "gathering",
];
const ORGS: &[&str] = &[
    "RFE/RL",
    "Radio Free Asia",
    "the Atajurt volunteers group",
    "Human Rights Watch",
    "Amnesty International",
    "the Real Volunteers of the Fatherland",
    "the Kazakh Foreign Ministry",
    "the U.S. State Department",
    "a local rights group",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
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
const GIVEN: &[&str] = &[
    "Khalida",
    "Farida",
    "Baqyt",
    "Nurgul",
    "Baibolat",
    "Bekzat",
    "Raqyzhan",
    "Serikzhan",
    "Gulzira",
    "Aigul",
    "Qairat",
    "Erlan",
    "Zhanar",
    "Sayragul",
    "Omir",
    "Dina",
    "Murat",
    "Asqar",
    "Gaukhar",
    "Saule",
];
const SYLLABLES: &[&str] = &[
    "qa", "ba", "zhan", "tur", "sen", "bek", "ma", "nur", "gul", "ai", "dos", "er", "ki", "tas",
    "sul", "ta", "on", "mir", "ras", "ul",
];
const SURNAME_ENDS: &[&str] = &["", "ov", "ova", "uly", "qyzy", "bek", "ev", "eva"];

/// A template: a frame with its fixed slots filled.
#[derive(Debug, Clone)]
struct Template {
    /// The text, with only per-instance slots left.
    text: String,
    /// Instances still to generate.
    left: usize,
}

/// The boilerplate-heavy generator (see the module documentation): `n` distinct units,
/// deterministic for a seed.
pub struct Boilerplate {
    rng: Rng,
    ordinary: Generator,
    left: usize,
    made: usize,
    active: Vec<Template>,
    templates_made: usize,
    /// Cluster sizes, inclusive.
    clusters: (usize, usize),
    seen: std::collections::HashSet<u64>,
}

/// `n` units of the boilerplate-heavy profile from `seed`, clusters of 100–5,000.
pub fn corpus(n: usize, seed: u64) -> Boilerplate {
    with_clusters(n, seed, 100, 5_000)
}

/// `n` units of the boilerplate-heavy profile with clusters of `lo`–`hi` instances (small
/// TMs for tests need small clusters to hold more than one template).
pub fn with_clusters(n: usize, seed: u64, lo: usize, hi: usize) -> Boilerplate {
    Boilerplate {
        rng: Rng::new(seed ^ 0xB0B0_1E57),
        ordinary: crate::corpus(usize::MAX, seed),
        left: n,
        made: 0,
        active: Vec::new(),
        templates_made: 0,
        clusters: (lo.max(1), hi.max(lo.max(1))),
        seen: std::collections::HashSet::new(),
    }
}

impl Boilerplate {
    /// The number of templates made so far.
    pub fn templates(&self) -> usize {
        self.templates_made
    }

    /// The size of the synthetic vocabulary after `made` units: it grows as √n.
    fn vocabulary(&self) -> usize {
        20_000 + 60 * ((self.made as f64).sqrt() as usize)
    }

    /// A word of the growing vocabulary, Zipf-distributed (weights 1/(r + 10), sampled by
    /// inverting the integral of the weights).
    fn word(&mut self) -> String {
        let v = self.vocabulary() as f64;
        let top = ((v + 10.0) / 10.0).ln();
        let x = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * top;
        let r = (10.0 * x.exp() - 10.0) as usize;
        crate::synth_word(r.min(v as usize - 1))
    }

    /// A person's name; the surnames grow with the TM.
    fn name(&mut self) -> String {
        let given = self.rng.pick(GIVEN);
        let pool = 200 + (self.made as f64).sqrt() as usize;
        let mut k = self.rng.below(pool);
        let mut surname = String::new();
        loop {
            surname.push_str(SYLLABLES[k % SYLLABLES.len()]);
            k /= SYLLABLES.len();
            if k == 0 {
                break;
            }
        }
        surname.push_str(SURNAME_ENDS[self.rng.below(SURNAME_ENDS.len())]);
        let mut cs = surname.chars();
        let cap: String = cs
            .next()
            .map(|c| c.to_uppercase().chain(cs).collect())
            .unwrap_or_default();
        format!("{given} {cap}")
    }

    fn number(&mut self) -> String {
        match self.rng.below(3) {
            0 => (2 + self.rng.below(30)).to_string(),
            1 => (30 + self.rng.below(970)).to_string(),
            _ => format!("{},{:03}", 1 + self.rng.below(99), self.rng.below(1000)),
        }
    }

    fn date(&mut self) -> String {
        let month = self.rng.pick(MONTHS);
        let day = 1 + self.rng.below(28);
        if self.rng.chance(0.5) {
            format!("{month} {day}")
        } else {
            format!("{day} {month} {}", 2017 + self.rng.below(8))
        }
    }

    /// A new template: a frame with its fixed slots filled.
    fn template(&mut self) -> Template {
        let frame = FRAMES[self.rng.below(FRAMES.len())];
        let text = fill(frame, |slot| match slot {
            "city" => Some(self.rng.pick(CITIES).to_string()),
            "place" => Some(self.rng.pick(PLACES).to_string()),
            "group" => Some(self.rng.pick(GROUPS).to_string()),
            "event" => Some(self.rng.pick(EVENTS).to_string()),
            "org" => Some(self.rng.pick(ORGS).to_string()),
            "w" => Some(self.word()),
            _ => None,
        });
        let mut cs = text.chars();
        let text: String = cs
            .next()
            .map(|c| c.to_uppercase().chain(cs).collect())
            .unwrap_or_default();
        let (lo, hi) = self.clusters;
        // Log-uniform in lo..=hi.
        let u = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let left = ((lo as f64).ln() + u * ((hi as f64 + 1.0).ln() - (lo as f64).ln())).exp();
        self.templates_made += 1;
        Template {
            text,
            left: (left as usize).clamp(lo, hi),
        }
    }

    /// An instance of `t`: its per-instance slots filled and, half of the time, one to
    /// three words changed.
    fn instance(&mut self, t: &str) -> String {
        let s = fill(t, |slot| match slot {
            "name" | "name2" => Some(self.name()),
            "num" => Some(self.number()),
            "date" => Some(self.date()),
            "day" => Some(self.rng.pick(WEEKDAYS).to_string()),
            "v" => Some(self.rng.pick(&["her", "his", "their", "our"]).to_string()),
            _ => None,
        });
        if self.rng.chance(0.5) {
            return s;
        }
        let mut words: Vec<String> = s.split(' ').map(str::to_string).collect();
        for _ in 0..1 + self.rng.below(3) {
            // Never the last word: it carries the full stop.
            let i = self.rng.below(words.len().saturating_sub(1).max(1));
            let w = self.word();
            match self.rng.below(3) {
                0 => words[i] = w,
                1 if words.len() > 4 => {
                    words.remove(i);
                }
                _ => words.insert(i, w),
            }
        }
        words.join(" ")
    }

    /// A new instance of a template in use (picked by the index `k` among those active):
    /// what a query for a new report repeating boilerplate looks like.
    pub fn instance_of_active(&mut self, k: usize) -> Option<String> {
        if self.active.is_empty() {
            return None;
        }
        let t = self.active[k % self.active.len()].text.clone();
        Some(self.instance(&t))
    }

    /// The next source sentence (not checked for uniqueness).
    fn sentence(&mut self) -> String {
        if !self.rng.chance(0.6) {
            return self.ordinary.sentence();
        }
        while self.active.len() < ACTIVE {
            let t = self.template();
            self.active.push(t);
        }
        let k = self.rng.below(self.active.len());
        let text = self.active[k].text.clone();
        self.active[k].left -= 1;
        if self.active[k].left == 0 {
            self.active[k] = self.template();
        }
        self.instance(&text)
    }
}

/// `text` with each `{slot}` that `f` fills replaced (the others left as they are).
fn fill(text: &str, mut f: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len() + 40);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let slot = &rest[open + 1..close];
        match f(slot) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

impl Iterator for Boilerplate {
    type Item = GenUnit;

    fn next(&mut self) -> Option<GenUnit> {
        if self.left == 0 {
            return None;
        }
        let source = loop {
            let s = self.sentence();
            if self.seen.insert(Generator::fingerprint(&s)) {
                break s;
            }
        };
        self.left -= 1;
        self.made += 1;
        Some(GenUnit {
            kk: Generator::pseudo_target(&source, 0),
            ru: Generator::pseudo_target(&source, 1),
            source,
        })
    }
}

/// `count` queries for a TM generated with `corpus(n, seed)` (or `with_clusters` with the
/// same `lo`, `hi`): a quarter exact copies of TM sources, a quarter near-duplicates of
/// them, a quarter new instances of templates in use at the end (a new report repeating
/// boilerplate: thousands of units at ≥ 75%), a quarter fresh ordinary sentences.
pub fn queries_with_clusters(
    n: usize,
    seed: u64,
    count: usize,
    lo: usize,
    hi: usize,
) -> Vec<String> {
    let every = (n / count.max(1)).max(1);
    let mut g = with_clusters(n, seed, lo, hi);
    let mut picked = Vec::with_capacity(count);
    for (i, u) in g.by_ref().enumerate() {
        if i % every == every / 2 && picked.len() < count {
            picked.push(u.source);
        }
    }
    let mut fresh = crate::corpus(0, seed ^ 0x5A5A);
    let mut edits = crate::corpus(0, seed ^ 0x3C3C);
    picked
        .into_iter()
        .enumerate()
        .map(|(k, s)| match k % 4 {
            0 => s,
            1 => edits.near_duplicate(&s),
            2 => g.instance_of_active(k / 4).unwrap_or(s),
            _ => fresh.sentence(),
        })
        .collect()
}

/// [`queries_with_clusters`] for [`corpus`].
pub fn queries(n: usize, seed: u64, count: usize) -> Vec<String> {
    queries_with_clusters(n, seed, count, 100, 5_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_distinct_and_clustered() {
        let a: Vec<_> = with_clusters(3000, 3, 20, 200).collect();
        let b: Vec<_> = with_clusters(3000, 3, 20, 200).collect();
        assert_eq!(a, b);
        let mut srcs: Vec<_> = a.iter().map(|u| u.source.clone()).collect();
        srcs.sort();
        srcs.dedup();
        assert_eq!(srcs.len(), 3000);
        assert!(srcs.iter().all(|s| !s.contains('{')), "every slot filled");
        // Boilerplate: many sources share the long opening of a frame.
        let state = a
            .iter()
            .filter(|u| {
                u.source
                    .contains("has been declared an undesirable organization")
            })
            .count();
        assert!(state > 0);
        assert_eq!(queries_with_clusters(3000, 3, 40, 20, 200).len(), 40);
    }

    #[test]
    fn the_vocabulary_grows_with_the_tm() {
        let mut g = with_clusters(0, 1, 100, 5000);
        let small = g.vocabulary();
        g.made = 10_000_000;
        assert!(g.vocabulary() > 4 * small);
    }
}
