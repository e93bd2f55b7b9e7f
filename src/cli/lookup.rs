//! `tmkit lookup`, `tmkit concordance`, `tmkit analyze`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use tmkit::fuzzy::{
    self, render_diff, BandCounts, Context, LookupOptions, Match, Matcher, QueryMatches, TextRef,
};
use tmkit::store::canonical_lang;
use tmkit::text::sentence_hash;

use super::{color_stdout, Global, EXIT_OK};

const LOOKUP_HELP: &str = "\
Examples:
  tmkit lookup \"Police in Almaty detained several activists outside the Chinese consulate\"
  tmkit lookup --min 60 --limit 3 --tgt kk \"Activists were detained in Almaty\"
  tmkit lookup --batch new-report.en.txt --json     # one JSON object per sentence
  pdftotext report.pdf - | tmkit lookup --batch - --lang en
  tmkit lookup --batch segments.txt --lines         # one query per line, not sentences
  tmkit lookup --context survey-f \"Satisfied?\"      # alternatives for that context first

Scores: 100 = identical text, 95–99 differ only in case, punctuation, spacing, numbers or
inline codes (1 point each), lower scores = word-level edit distance. 101 = exact match
whose previous and next sentences also match (with --batch: the neighbouring queries).
A unit's alternative translations are all shown, the one whose context (TMX x-context,
id, file, prev/next props) fits best first: --context values, and with --batch the
neighbouring queries as prev/next.";

/// Arguments of `tmkit lookup`.
#[derive(Debug, clap::Args)]
#[command(after_help = LOOKUP_HELP)]
pub struct LookupArgs {
    /// The sentence to look up.
    #[arg(required_unless_present = "batch", conflicts_with = "batch")]
    pub text: Option<String>,
    /// Look up every sentence of FILE (`-`: standard input); neighbouring sentences give
    /// the context.
    #[arg(long, value_name = "FILE")]
    pub batch: Option<PathBuf>,
    /// Encoding of the --batch file without a byte-order mark: windows-1251, koi8-r, …
    /// (default UTF-8).
    #[arg(long, value_name = "LABEL", value_parser = super::args::encoding)]
    pub encoding: Option<tmkit::input::TextEncoding>,
    /// With --batch: the language whose sentence rules split the input [default: the file
    /// name's (NAME.LANG.txt), else --src].
    #[arg(long, value_name = "LANG", requires = "batch", value_parser = super::args::lang)]
    pub lang: Option<String>,
    /// With --batch: one query per non-empty line instead of sentences.
    #[arg(long, requires = "batch", conflicts_with = "lang")]
    pub lines: bool,
    /// Lowest match % shown (1–100).
    #[arg(long, default_value_t = 75, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub min: u32,
    /// Most matches shown per query (0 = all).
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
    /// Target languages shown (comma-separated; default: all the unit has).
    #[arg(long, value_delimiter = ',', value_name = "LANGS", value_parser = super::args::lang)]
    pub tgt: Vec<String>,
    /// Source language of the query.
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = super::args::lang)]
    pub src: String,
    /// Machine-readable output (one JSON object per query and line).
    #[arg(long)]
    pub json: bool,
    /// Score every unit instead of using the index (same results, slower).
    #[arg(long)]
    pub exhaustive: bool,
    /// A context key (an x-context/id value, a file name) of the sentence: alternative
    /// translations for that context are shown first (repeatable).
    #[arg(long, value_name = "KEY")]
    pub context: Vec<String>,
}

/// Arguments of `tmkit concordance`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "A Kazakh or Russian phrase is found in every inflected form (Кунболат finds \
    Кунболата, Күнболатты), a glossary name with its entry's gender; WORD* is a prefix search. \
    Each hit says which form it found.\n\nExamples:\n  tmkit concordance \"Chinese consulate\"\n  \
    tmkit concordance --lang kk \"консулдық\"\n  tmkit concordance \"Кунболат\"\n  \
    tmkit concordance \"Күнболат*\"\n  tmkit concordance --json \"hunger strike\""
)]
pub struct ConcordanceArgs {
    /// The phrase to find (whole words, any case; Kazakh and Russian words in any
    /// inflected form; a final * makes a word a prefix).
    pub phrase: String,
    /// Glossary (file or directory) whose names and terms decline as their entries say
    /// (used when it exists).
    #[arg(long, value_name = "PATH", default_value = "glossary")]
    pub glossary: std::path::PathBuf,
    /// Only search this language (the source language or a target language).
    #[arg(long, value_name = "LANG", value_parser = super::args::lang)]
    pub lang: Option<String>,
    /// Most units shown (0 = all).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `tmkit analyze`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  tmkit analyze new-report.en.txt\n  \
    tmkit analyze --json a.en.txt b.en.txt\n  \
    tmkit analyze incoming/                  # its NAME.en.txt reports, tables, TMX and XLIFF files\n  \
    tmkit analyze job.kk.xlf                 # every source segment, translated or not (not translate=\"no\")\n\n\
    Inputs: reports NAME.LANG.txt, folders, XLIFF jobs, TMX files and .tsv/.csv tables (their\n\
    source-language column), each segment with its neighbours as context.\n\n\
    Bands: 101% (exact, same previous and next sentence), repetitions (seen earlier in the\n\
    files analyzed), 100%, 95-99%, 85-94%, 75-84%, 50-74%, no match. Words are word and\n\
    number tokens; characters exclude whitespace.")]
pub struct AnalyzeArgs {
    /// Reports, folders, XLIFF, TMX files and tables to analyze.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Source language: of the TM units looked up, of reports whose name does not say
    /// (with --lang, any other file is read as a report), of folders' reports and of
    /// tables' source column [default: en].
    #[arg(long, value_name = "LANG", value_parser = super::args::lang)]
    pub lang: Option<String>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// Queries of a batch input (a file, or standard input for `-`) with their line numbers
/// and their neighbours. The input is read like every text input (`encoding`, or UTF-16
/// with a BOM); a bad line, or a query longer than a segment may be, is an error naming the
/// input and line.
fn batch_queries(
    path: &std::path::Path,
    split: &tmkit::input::BatchSplit,
    encoding: tmkit::input::TextEncoding,
) -> anyhow::Result<Vec<(tmkit::input::BatchQuery, Context)>> {
    let queries = if path == std::path::Path::new("-") {
        let stdin = std::io::stdin();
        tmkit::input::batch_queries(stdin.lock(), path, split, encoding)?
    } else {
        let file = std::fs::File::open(path).map_err(|e| tmkit::input::InputError::io(path, e))?;
        tmkit::input::batch_queries(std::io::BufReader::new(file), path, split, encoding)?
    };
    let hashes: Vec<String> = queries.iter().map(|q| sentence_hash(&q.text)).collect();
    let texts: Vec<String> = queries.iter().map(|q| q.text.clone()).collect();
    Ok(queries
        .into_iter()
        .enumerate()
        .map(|(i, q)| {
            let ctx = Context {
                prev_hash: i.checked_sub(1).map(|p| hashes[p].clone()),
                next_hash: hashes.get(i + 1).cloned(),
                prev: i.checked_sub(1).map(|p| texts[p].clone()),
                next: texts.get(i + 1).cloned(),
                keys: Vec::new(),
            };
            (q, ctx)
        })
        .collect())
}

/// `tmkit lookup`: the best TM matches for a sentence or for every line of a file.
pub fn lookup(g: &Global, a: LookupArgs) -> anyhow::Result<i32> {
    let src = canonical_lang(&a.src)?;
    let tgt: Vec<String> = a
        .tgt
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| canonical_lang(t))
        .collect::<Result<_, _>>()?;
    let given = |c: Context| Context {
        keys: a.context.clone(),
        ..c
    };
    let queries: Vec<(String, Option<u64>, Option<Context>)> = match (&a.batch, &a.text) {
        (Some(path), _) => {
            let split = if a.lines {
                tmkit::input::BatchSplit::Lines
            } else {
                let lang = match &a.lang {
                    Some(l) => canonical_lang(l)?,
                    None => tmkit::input::lang_from_name(path).unwrap_or_else(|| src.clone()),
                };
                tmkit::input::BatchSplit::Sentences(lang)
            };
            batch_queries(path, &split, a.encoding.unwrap_or_default())?
                .into_iter()
                .map(|(q, c)| (q.text, Some(q.line), Some(given(c))))
                .collect()
        }
        (None, Some(t)) if a.context.is_empty() => vec![(t.clone(), None, None)],
        // Keys without neighbours: no context (101%) match, only the order of alternatives.
        (None, Some(t)) => vec![(
            t.clone(),
            None,
            Some(given(Context {
                prev_hash: Some(String::new()),
                next_hash: Some(String::new()),
                ..Default::default()
            })),
        )],
        (None, None) => anyhow::bail!("give a sentence to look up, or --batch FILE"),
    };
    let store = super::tm::open_for_read(g)?;
    // A batch reads on two threads the lookups slow enough to be worth it: its session has
    // a twin, a second connection on the same snapshot (one query does not pay for it).
    let session = if a.batch.is_some() {
        fuzzy::lookup_session_split_with_progress(&store, &mut IndexNotice)
    } else {
        fuzzy::lookup_session_with_progress(&store, &mut IndexNotice)
    }
    .context("updating the fuzzy-match index")?;
    let opts = LookupOptions {
        min: a.min,
        limit: a.limit,
        src_lang: src,
        exhaustive: a.exhaustive,
    };
    let mut matcher = Matcher::new(&session)?.split_after(fuzzy::SPLIT_AFTER);
    let color = !a.json && color_stdout();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (k, (q, line, ctx)) in queries.iter().enumerate() {
        let mut found = matcher.lookup_in_context(q, ctx.as_ref(), &opts)?;
        for m in &mut found {
            m.unit.retain_langs(&tgt);
        }
        if a.json {
            serde_json::to_writer(
                &mut out,
                &QueryMatches {
                    query: q,
                    line: *line,
                    matches: &found,
                },
            )?;
            writeln!(out)?;
        } else {
            if k > 0 {
                writeln!(out)?;
            }
            print_matches(&mut out, q, *line, &found, a.min, color)?;
        }
    }
    out.flush()?;
    drop(matcher);
    session.end()?;
    Ok(EXIT_OK)
}

/// What follows a translation's text in `lookup` and `show`: its contexts when it has any
/// and, when `u` has several translations in its language, whether it is a default
/// translation or an alternative (`  (alternative; x-context=…)`).
pub(super) fn variant_note(u: &tmkit::store::Unit, v: &tmkit::store::Variant) -> String {
    let label = v.context_label();
    let several = u.variants.iter().filter(|w| w.lang == v.lang).count() > 1;
    match (several, v.is_default(), label.is_empty()) {
        (_, _, false) if !several || v.is_default() => format!("  ({label})"),
        (false, _, _) => String::new(),
        (true, true, _) => "  (default)".to_string(),
        (true, false, true) => "  (alternative)".to_string(),
        (true, false, false) => format!("  (alternative; {label})"),
    }
}

fn print_matches(
    out: &mut impl Write,
    q: &str,
    line: Option<u64>,
    found: &[Match],
    min: u32,
    color: bool,
) -> anyhow::Result<()> {
    let (b, r) = if color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    match line {
        Some(n) => writeln!(out, "{b}lookup (line {n}):{r} {}", q.trim())?,
        None => writeln!(out, "{b}lookup:{r} {}", q.trim())?,
    }
    if found.is_empty() {
        writeln!(out, "  no match of {min}% or more")?;
        return Ok(());
    }
    for (i, m) in found.iter().enumerate() {
        let u = &m.unit;
        let prov = match u.provenance.first() {
            Some(p) => {
                let more = u.provenance.len() - 1;
                let more = if more > 0 {
                    format!(" (+{more} more)")
                } else {
                    String::new()
                };
                format!("  {}:{}.{}{more}", p.document, p.paragraph, p.sentence)
            }
            None => String::new(),
        };
        let context = if m.score == 101 {
            " (context match)"
        } else {
            ""
        };
        writeln!(
            out,
            "{:>3}. {b}{}%{r}{context}  unit {}{prov}",
            i + 1,
            m.score,
            u.id
        )?;
        writeln!(
            out,
            "     {:<3} {}",
            u.src_lang,
            render_diff(&m.diff, color)
        )?;
        for v in &u.variants {
            writeln!(out, "     {:<3} {}{}", v.lang, v.text, variant_note(u, v))?;
        }
        if !m.detail.numbers.is_empty() {
            let list: Vec<String> = m
                .detail
                .numbers
                .iter()
                .map(|n| {
                    format!(
                        "{} → {}",
                        n.tm.as_deref().unwrap_or("(none)"),
                        n.query.as_deref().unwrap_or("(none)")
                    )
                })
                .collect();
            writeln!(out, "     numbers differ (TM → query): {}", list.join(", "))?;
        }
    }
    Ok(())
}

/// `tmkit concordance`: units containing a phrase, with the other languages beside it.
pub fn concordance(g: &Global, a: ConcordanceArgs) -> anyhow::Result<i32> {
    let lang = a.lang.as_deref().map(canonical_lang).transpose()?;
    let store = super::tm::open_for_read(g)?;
    let mut progress = ConcordanceBar(None);
    let session = fuzzy::concordance_session_with_progress(&store, &mut progress)?;
    if let Some(bar) = progress.0 {
        bar.finish_and_clear();
    }
    let glossary = if a.glossary.exists() {
        Some(
            tmkit::glossary::Glossary::load(&a.glossary)
                .with_context(|| format!("reading the glossary {}", a.glossary.display()))?,
        )
    } else {
        None
    };
    let query = tmkit::glossary::concordance_query(glossary.as_ref(), &a.phrase, lang.as_deref());
    let by_forms = query
        .words
        .iter()
        .any(|(_, f)| *f != fuzzy::WordForms::Exact);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let color = color_stdout();
    // Hits are printed as they are found: with `--limit 0` a frequent word's thousands of
    // units are never all held at once.
    if a.json {
        out.write_all(b"{\"phrase\":")?;
        serde_json::to_writer(&mut out, &a.phrase)?;
        out.write_all(b",\"hits\":[")?;
    }
    let mut first = true;
    let n = fuzzy::concordance_forms_each(
        &session,
        &query,
        lang.as_deref(),
        a.limit,
        &mut |h| -> anyhow::Result<()> {
            if a.json {
                if !first {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut out, &h)?;
            } else {
                print_hit(&mut out, &h, by_forms, color)?;
            }
            first = false;
            Ok(())
        },
    )?;
    session.end()?;
    if a.json {
        out.write_all(b"]}\n")?;
    } else if n == 0 {
        writeln!(out, "no unit contains “{}”", a.phrase.trim())?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}

/// One concordance hit as text: the unit's source and targets with the phrase marked, and
/// the forms found when the query matched forms.
fn print_hit(
    out: &mut impl Write,
    h: &fuzzy::ConcordanceHit,
    by_forms: bool,
    color: bool,
) -> std::io::Result<()> {
    let u = &h.unit;
    writeln!(out, "unit {}", u.id)?;
    // The source first, then the targets (by language).
    let source = highlight(&u.source, h.spans(TextRef::Source), color);
    writeln!(out, "  {:<3} {source}", u.src_lang)?;
    for (index, v) in u.variants.iter().enumerate() {
        let spans = h.spans(TextRef::Variant { index });
        writeln!(out, "  {:<3} {}", v.lang, highlight(&v.text, spans, color))?;
    }
    if by_forms {
        // Which forms were found, each once, in the order of the texts.
        let mut seen = Vec::new();
        for l in &h.highlights {
            for f in &l.forms {
                let item = format!("{} “{f}”", l.lang);
                if !seen.contains(&item) {
                    seen.push(item);
                }
            }
        }
        writeln!(out, "  found: {}", seen.join(", "))?;
    }
    Ok(())
}

/// The progress of the concordance tables' update: a bar on a terminal, else one line.
/// Says on stderr that the fuzzy-match index is being built (once, after an upgrade that
/// changed its layout: seconds per million units, in one transaction).
pub(super) struct IndexNotice;

impl fuzzy::UpdateProgress for IndexNotice {
    fn start(&mut self, total: u64) {
        eprintln!(
            "tmkit: building the fuzzy-match index for {total} unit(s) (once, after an upgrade)…"
        );
    }

    fn advance(&mut self, _done: u64, _total: u64) {}
}

struct ConcordanceBar(Option<indicatif::ProgressBar>);

impl fuzzy::UpdateProgress for ConcordanceBar {
    fn start(&mut self, total: u64) {
        if total > 0 && super::progress_allowed() {
            let style = indicatif::ProgressStyle::with_template(
                "{spinner} adding the newly imported units to the concordance index \
                 [{bar:30}] {pos}/{len} rows, eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            self.0 = Some(indicatif::ProgressBar::new(total).with_style(style));
        } else {
            eprintln!("tmkit: adding the newly imported units to the concordance index…");
        }
    }

    fn advance(&mut self, done: u64, total: u64) {
        if let Some(bar) = &self.0 {
            bar.set_length(total);
            bar.set_position(done);
        }
    }
}

fn highlight(text: &str, spans: &[(usize, usize)], color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    let mut s = String::with_capacity(text.len() + 8 * spans.len());
    let mut at = 0;
    for &(a, b) in spans {
        if a < at || b > text.len() {
            continue;
        }
        s.push_str(&text[at..a]);
        s.push_str(open);
        s.push_str(&text[a..b]);
        s.push_str(close);
        at = b;
    }
    s.push_str(&text[at..]);
    s
}

/// `tmkit analyze`: segments, words and characters per match band for new reports, folders,
/// XLIFF jobs, TMX files and tables.
pub fn analyze(g: &Global, a: AnalyzeArgs) -> anyhow::Result<i32> {
    use tmkit::input::{InputError, InputKind};
    let src_lang = canonical_lang(a.lang.as_deref().unwrap_or("en"))?;
    // Every input is recognized (and a folder listed) before the TM is opened.
    let mut inputs = Vec::with_capacity(a.files.len());
    for p in &a.files {
        if !p.exists() {
            return Err(InputError::file(p, "no such file or directory").into());
        }
        InputKind::refuse_pipe(p)?;
        let kind = match (InputKind::of(p), &a.lang) {
            (Some(kind), _) => kind,
            (None, Some(_)) if !InputKind::is_xml(p) => InputKind::Report,
            (None, _) => return Err(InputKind::refusal(p).into()),
        };
        inputs.push(tmkit::input::sources(p, kind, &src_lang, &[])?);
    }
    let store = super::tm::open_for_read(g)?;
    let session = fuzzy::lookup_session_with_progress(&store, &mut IndexNotice)
        .context("updating the fuzzy-match index")?;
    let mut matcher = Matcher::new(&session)?;
    let analysis = fuzzy::analyze(&mut matcher, inputs.into_iter().flatten(), &src_lang)?;
    drop(matcher);
    session.end()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if a.json {
        writeln!(out, "{}", analysis.to_json())?;
    } else {
        for f in &analysis.files {
            writeln!(out, "{} ({})", f.path.display(), f.lang)?;
            table(&mut out, &f.counts)?;
            writeln!(out)?;
        }
        if analysis.files.len() > 1 {
            writeln!(out, "Total ({} files)", analysis.files.len())?;
            table(&mut out, &analysis.total)?;
        }
    }
    out.flush()?;
    Ok(EXIT_OK)
}

fn table(out: &mut impl Write, c: &BandCounts) -> std::io::Result<()> {
    writeln!(
        out,
        "  {:<12} {:>8} {:>8} {:>10} {:>8}",
        "Match", "Segments", "Words", "Characters", "Words %"
    )?;
    let pct = |w: u64| {
        if c.total.words == 0 {
            0.0
        } else {
            100.0 * w as f64 / c.total.words as f64
        }
    };
    for (band, n) in &c.bands {
        writeln!(
            out,
            "  {:<12} {:>8} {:>8} {:>10} {:>7.1}%",
            band.label(),
            n.segments,
            n.words,
            n.characters,
            pct(n.words)
        )?;
    }
    writeln!(
        out,
        "  {:<12} {:>8} {:>8} {:>10} {:>7.1}%",
        "Total", c.total.segments, c.total.words, c.total.characters, 100.0
    )
}
