//! Segmenter throughput: `cargo bench --bench segment`.
//!
//! English news text is the two seed reports in `../shared/seeds` repeated to
//! at least 5 MB (generated prose when that directory is absent). Pathological
//! 10 MB inputs (all dots, digits, quotes, one long line of `a.` …) show that
//! the time stays linear. MB = 10^6 bytes; each figure is the best of several runs.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use tmkit::segment::Segmenter;

const MB: f64 = 1_000_000.0;

fn news_text() -> (String, &'static str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let mut seed = String::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            if let Ok(t) = std::fs::read_to_string(&p) {
                seed.push_str(&t);
                seed.push_str("\n\n");
            }
        }
    }
    let source = if seed.trim().is_empty() {
        seed = generated_prose();
        "generated prose (../shared/seeds absent)"
    } else {
        "seed reports from ../shared/seeds"
    };
    (repeat_to(&seed, 5_000_000), source)
}

fn generated_prose() -> String {
    let mut s = String::new();
    let sentences = [
        "ALMATY, Kazakhstan -- Police in Almaty have dismantled a tent set up by protesters in front of the Chinese Consulate.",
        "Dozens of protesters spent a 20th night outside the consulate on Sept. 14, the U.S. State Department said.",
        "One of the protesters, Khalida Aqytkhan,told RFE/RL that she will continue to spend her nights there.",
        "\"We will not leave,\" she said. \"Our relatives are in prison!\"",
        "Kazakhs Protest For 100th Day To Demand China Release Relatives In Xinjiang\n",
        "Some 2.5 million people, i.e. most of the region, were affected at 6 p.m. on Monday.",
    ];
    for (i, t) in sentences.iter().cycle().take(60).enumerate() {
        s.push_str(t);
        s.push_str(if i % 4 == 3 { "\n\n" } else { " " });
    }
    s
}

fn repeat_to(unit: &str, min: usize) -> String {
    let mut s = String::with_capacity(min + unit.len());
    while s.len() < min {
        s.push_str(unit);
    }
    s
}

/// Best-of-`runs` time to segment `text`; returns (time, segments).
fn time(seg: &Segmenter, text: &str, runs: usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut count = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let v = seg.split(black_box(text));
        let d = t.elapsed();
        count = black_box(v).len();
        best = best.min(d);
    }
    (best, count)
}

fn report(name: &str, seg: &Segmenter, text: &str, runs: usize) -> f64 {
    let (d, n) = time(seg, text, runs);
    let secs = d.as_secs_f64();
    let mbs = text.len() as f64 / MB / secs;
    println!(
        "{name:<34} {:>7.2} MB  {:>9.2} ms  {:>8.0} MB/s  {:>12.0} sentences/s  ({n} segments)",
        text.len() as f64 / MB,
        secs * 1e3,
        mbs,
        n as f64 / secs,
    );
    mbs
}

fn main() {
    // `cargo bench` passes "--bench"; a filter argument selects inputs by name.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));

    let en = Segmenter::new("en");
    let ru = Segmenter::new("ru");
    let kk = Segmenter::new("kk");

    let (news, source) = news_text();
    println!("English news: {source}");
    if wanted("news-en") {
        report("news-en", &en, &news, 15);
    }
    if wanted("news-ru") {
        let ru_unit = "«Мы не уйдём», — сказала Х. Акытхан. В 2019 г. в Алматы прошло 15 акций, т.е. больше, чем в 2018 г. Их участники требуют освободить родственников из лагерей в Синьцзяне и т.д. По данным Госдепартамента США, там содержатся до 2 млн чел.\n\n";
        report("news-ru", &ru, &repeat_to(ru_unit, 5_000_000), 10);
    }
    if wanted("news-kk") {
        let kk_unit = "«Біз кетпейміз», — деді Х. Ақытхан. 2019 ж. Алматыда 15 наразылық акциясы өтті, т.б. Олар туыстарын босатуды талап етеді. АҚШ Мемлекеттік департаментінің мәліметінше, лагерьлерде 2 млн адам отыр ма? деп сұрады ол.\n\n";
        report("news-kk", &kk, &repeat_to(kk_unit, 5_000_000), 10);
    }

    let ten = 10_000_000;
    let patho: Vec<(&str, String)> = vec![
        ("patho: all dots", ".".repeat(ten)),
        ("patho: all digits", "7".repeat(ten)),
        ("patho: all double quotes", "\"".repeat(ten)),
        ("patho: all «»", repeat_to("«»", ten)),
        ("patho: line of 'a.'", repeat_to("a.", ten)),
        ("patho: 'a. ' repeated", repeat_to("a. ", ten)),
        ("patho: '. ' repeated", repeat_to(". ", ten)),
        ("patho: 'Mr. ' repeated", repeat_to("Mr. ", ten)),
        ("patho: 'U.S. ' repeated", repeat_to("U.S. ", ten)),
        ("patho: 'ab.Cd' no spaces", repeat_to("ab.Cd", ten)),
        ("patho: '1. ' repeated", repeat_to("1. ", ten)),
        ("patho: 'a. B. ' list-ish", repeat_to("a. B. ", ten)),
        ("patho: '? ' repeated", repeat_to("? ", ten)),
        ("patho: all newlines", "\n".repeat(ten)),
        ("patho: 'x\\n' lines", repeat_to("x\n", ten)),
        ("patho: all spaces", " ".repeat(ten)),
        ("patho: all NBSP", "\u{a0}".repeat(ten / 2)),
        ("patho: all '…'", "…".repeat(ten / 3)),
        ("patho: all bullets '• '", repeat_to("• ", ten)),
        ("patho: '1) ' repeated", repeat_to("1) ", ten)),
        ("patho: 'т. б. ' repeated", repeat_to("т. б. ", ten)),
    ];
    for (name, text) in &patho {
        if wanted(name) {
            report(name, &en, text, 3);
        }
    }
}
