//! `cargo bench --bench check`: 1,000,000 units × 10,000 glossary terms (kk and ru
//! renderings, inflected), generated deterministically, checked once with the full set of
//! checks and timed; then a Criterion measurement on a 20,000-unit slice.
//! `TMKIT_BENCH_UNITS` overrides the unit count of the one-shot run;
//! `TMKIT_BENCH_SEVERITY=number-mismatch=off,date-mismatch=off` sets levels as
//! `check --severity` does (to measure what a check costs). Each unit carries one number,
//! date or time of day, written as each language writes it, for the checks of numbers.

use std::path::Path;
use std::time::Instant;
use tmkit_testkit::Rng;

use criterion::Criterion;
use tmkit::check::{CheckUnit, Checker, Config, Text};
use tmkit::glossary::{morph, parse_csv, Glossary};

// Syllables in English transliteration, Kazakh and Russian spelling.
const SYL: [(&str, &str, &str); 20] = [
    ("ba", "ба", "ба"),
    ("qy", "қы", "кы"),
    ("zhan", "жан", "жан"),
    ("tem", "тем", "тем"),
    ("ir", "ір", "ир"),
    ("nur", "нұр", "нур"),
    ("gul", "гүл", "гуль"),
    ("bek", "бек", "бек"),
    ("sai", "сай", "сай"),
    ("dar", "дар", "дар"),
    ("khan", "хан", "хан"),
    ("mur", "мұр", "мур"),
    ("at", "ат", "ат"),
    ("ol", "ол", "ол"),
    ("er", "ер", "ер"),
    ("as", "ас", "ас"),
    ("kar", "қар", "кар"),
    ("sen", "сен", "сен"),
    ("tai", "тай", "тай"),
    ("zhol", "жол", "жол"),
];

fn word(mut n: usize, len: usize) -> (String, String, String) {
    let (mut en, mut kk, mut ru) = (String::new(), String::new(), String::new());
    for _ in 0..len {
        let (e, k, r) = SYL[n % SYL.len()];
        n /= SYL.len();
        en.push_str(e);
        kk.push_str(k);
        ru.push_str(r);
    }
    let cap = |s: String| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    };
    (cap(en), cap(kk), cap(ru))
}

fn glossary(terms: usize) -> Glossary {
    let mut csv = String::from("en,kk,ru,kk:forbidden,ru:forbidden,gender\n");
    for i in 0..terms {
        let (e1, k1, r1) = word(i, 4);
        let (e2, k2, r2) = word(i * 7 + 3, 3);
        let g = if i % 2 == 0 { "m" } else { "f" };
        // Forbidden: the Russian spelling in Kazakh and the other way round, when they differ.
        let (kk, ru) = (format!("{k1} {k2}"), format!("{r1} {r2}"));
        let (kf, rf) = if kk == ru {
            (String::new(), String::new())
        } else {
            (ru.clone(), kk.clone())
        };
        csv.push_str(&format!("{e1} {e2},{kk},{ru},{kf},{rf},{g}\n"));
    }
    let g = Glossary::from_entries(
        parse_csv(csv.as_bytes(), Path::new("bench.csv")).expect("bench glossary"),
    );
    assert!(
        g.problems.is_empty(),
        "bench glossary: {:?}",
        &g.problems[..g.problems.len().min(3)]
    );
    g
}

const EN: [&str; 12] = [
    "police",
    "said",
    "the",
    "protesters",
    "outside",
    "consulate",
    "on",
    "activists",
    "in",
    "city",
    "relatives",
    "camps",
];
const KK: [&str; 12] = [
    "полиция",
    "айтты",
    "наразылық",
    "білдірушілер",
    "консулдық",
    "алдында",
    "белсенділер",
    "күні",
    "қалада",
    "туыстары",
    "лагерьлер",
    "жалғасты",
];
const RU: [&str; 12] = [
    "полиция",
    "заявила",
    "протестующие",
    "у",
    "консульства",
    "в",
    "активисты",
    "городе",
    "родственники",
    "лагерях",
    "продолжили",
    "акцию",
];

/// A number, date, weekday or time of day as English, Kazakh and Russian news write it;
/// one per unit, in turn (the words around them name no day: a weekday in one language
/// only would be a date-mismatch in most units).
const NUMBERS: [(&str, &str, &str); 9] = [
    ("on Monday", "дүйсенбі күні", "в понедельник"),
    ("on July 1-2", "1-2 шілдеде", "1–2 июля"),
    ("15 people", "15 адам", "15 человек"),
    ("2.5 million", "2,5 млн", "2,5 млн"),
    ("in 1991", "1991 жылы", "в 1991 году"),
    ("at 9:30", "сағат 9.30-да", "в 9.30"),
    ("15%", "15 пайыз", "15 %"),
    (
        "on September 14, 2023",
        "2023 жылғы 14 қыркүйекте",
        "14 сентября 2023 года",
    ),
    ("1,000 tenge", "1 000 теңге", "1 000 тенге"),
];

fn units(g: &Glossary, n: usize) -> Vec<CheckUnit> {
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    // A few correct forms per term, picked once.
    let forms: Vec<(Vec<String>, Vec<String>)> = g
        .entries
        .iter()
        .map(|e| {
            let pick = |lang: &str, rng: &mut Rng| {
                let all = morph::surface_forms(lang, e.preferred(lang).unwrap_or(""), e.gender);
                (0..3)
                    .map(|_| all[rng.below(all.len())].clone())
                    .collect::<Vec<_>>()
            };
            (pick("kk", &mut rng), pick("ru", &mut rng))
        })
        .collect();
    let sentence = |rng: &mut Rng, vocab: &[&str], out: &mut String, words: usize| {
        for _ in 0..words {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(vocab[rng.below(vocab.len())]);
        }
    };
    let mut v = Vec::with_capacity(n);
    for i in 0..n {
        let (mut en, mut kk, mut ru) = (String::new(), String::new(), String::new());
        sentence(&mut rng, &EN, &mut en, 8);
        sentence(&mut rng, &KK, &mut kk, 7);
        sentence(&mut rng, &RU, &mut ru, 8);
        for _ in 0..1 + rng.below(2) {
            let t = rng.below(g.entries.len());
            let e = &g.entries[t];
            en.push_str(&format!(" {} ", e.preferred("en").unwrap_or("")));
            let mut k = forms[t].0[rng.below(3)].clone();
            let r = forms[t].1[rng.below(3)].clone();
            match rng.below(200) {
                0 => k = k.replacen('а', "a", 1),     // Latin look-alike
                1 => k = k.chars().skip(1).collect(), // misspelt
                _ => {}
            }
            kk.push_str(&format!(" {k} "));
            ru.push_str(&format!(" {r} "));
        }
        sentence(&mut rng, &EN, &mut en, 8);
        sentence(&mut rng, &KK, &mut kk, 6);
        sentence(&mut rng, &RU, &mut ru, 7);
        let (ne, nk, nr) = NUMBERS[i % NUMBERS.len()];
        en.push_str(&format!(" {ne}"));
        kk.push_str(&format!(" {nk}"));
        ru.push_str(&format!(" {nr}"));
        en.push('.');
        kk.push('.');
        ru.push('.');
        let t = |lang: &str, text: String| Text {
            lang: lang.into(),
            text,
            loc: None,
            contexts: Vec::new(),
        };
        v.push(CheckUnit {
            name: format!("u{i}"),
            source: t("en", en),
            targets: vec![t("kk", kk), t("ru", ru)],
        });
    }
    v
}

/// CPU time of this process (user + system), from /proc/self/stat on Linux.
fn cpu_time() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(std::time::Duration::from_millis(ticks * 10))
}

fn main() {
    let n: usize = std::env::var("TMKIT_BENCH_UNITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let terms = 10_000;
    let t0 = Instant::now();
    let g = glossary(terms);
    let units = units(&g, n);
    let bytes: usize = units
        .iter()
        .map(|u| u.source.text.len() + u.targets.iter().map(|t| t.text.len()).sum::<usize>())
        .sum();
    eprintln!(
        "generated {n} units ({:.0} MB of text), {terms} terms in {:.1?}",
        bytes as f64 / 1e6,
        t0.elapsed()
    );

    let mut config = Config::default();
    if let Ok(levels) = std::env::var("TMKIT_BENCH_SEVERITY") {
        for s in levels.split(',').filter(|s| !s.is_empty()) {
            config
                .apply_setting(s)
                .unwrap_or_else(|e| panic!("TMKIT_BENCH_SEVERITY: {e}"));
        }
        eprintln!("levels: {levels}");
    }
    let t1 = Instant::now();
    let checker = Checker::new(&g, config);
    let compile = t1.elapsed();
    let (t2, c2) = (Instant::now(), cpu_time());
    let report = checker.check(&units);
    let run = t2.elapsed();
    let cpu = cpu_time().zip(c2).map(|(b, a)| b.saturating_sub(a));
    eprintln!(
        "check: glossary compiled in {compile:.2?}, {n} units × {terms} terms checked in {run:.2?} wall, {cpu:.2?} CPU ({:.0} units/s, {} threads); total {:.2?}; {} errors, {} warnings {:?}",
        n as f64 / run.as_secs_f64(),
        checker.config().threads,
        compile + run,
        report.summary.errors,
        report.summary.warnings,
        report.summary.by_check,
    );

    let slice = &units[..units.len().min(20_000)];
    let mut c = Criterion::default().sample_size(10).configure_from_args();
    c.bench_function("check 20k units x 10k terms", |b| {
        b.iter(|| checker.check(slice))
    });
    c.final_summary();
}
