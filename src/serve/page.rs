//! The page translators use (`GET /`): server-rendered HTML that works without JavaScript,
//! on a laptop and on a phone. Four tabs, each a plain form: a lookup (a sentence or a
//! whole report: the matches with their %, the differences marked, Kazakh and Russian side
//! by side, provenance and the numbers that differ), a concordance (the phrase
//! highlighted), an analysis of a pasted report (the band table) and a glossary check of a
//! pasted translation (the issues marked in the text).
//!
//! Every piece of text is escaped by the template engine (maud escapes whatever it
//! inserts): a unit holding `<script>` shows as text. Each text carries its language
//! (`lang="kk"`, `lang="ru"`), so that browsers pick fonts, hyphenation and speech for it.

use std::sync::Arc;

use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, OriginalUri, Query, State as Shared};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Deserialize;

use super::api::{check_texts, no_glossary, ConcordanceQuery, LookupQuery};
use super::errors::ApiError;
use super::limits;
use super::tm::State;
use super::work;
use crate::check::{Issue, Report, Severity};
use crate::fuzzy::{Analysis, Band, ConcordanceHit, DiffKind, Match, TextRef};

const CSS: &str = include_str!("page.css");

/// The tabs of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Lookup,
    Concordance,
    Analyze,
    Check,
    None,
}

impl Tab {
    /// The tab's name, in the navigation and as the page's title.
    fn title(self) -> &'static str {
        match self {
            Tab::Lookup => "Lookup",
            Tab::Concordance => "Concordance",
            Tab::Analyze => "Analysis",
            Tab::Check => "Glossary check",
            Tab::None => "tmkit",
        }
    }
}

/// The whole page around `body`.
fn layout(title: &str, tab: Tab, body: Markup) -> Markup {
    let link = |href: &'static str, this: Tab| {
        html! { a href=(href) aria-current=[(tab == this).then_some("page")] { (this.title()) } }
    };
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — tmkit" }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    a.brand href="/" { "tmkit" }
                    nav aria-label="tools" {
                        (link("/", Tab::Lookup))
                        (link("/concordance", Tab::Concordance))
                        (link("/analyze", Tab::Analyze))
                        (link("/check", Tab::Check))
                    }
                }
                main { (body) }
                footer { "tmkit: the newsroom's translation memory, English → Kazakh and Russian. "
                    "The same answers as JSON: " code { "/api/lookup?q=…" } "." }
            }
        }
    }
}

fn page(status: StatusCode, title: &str, tab: Tab, body: Markup) -> Response {
    (status, Html(layout(title, tab, body).into_string())).into_response()
}

fn error_box(e: &ApiError) -> Markup {
    html! { p.error role="alert" { (e.message) } }
}

/// A page: `body` after an error box when the request failed.
fn answer(tab: Tab, form: Markup, result: Result<Markup, ApiError>) -> Response {
    let title = tab.title();
    match result {
        Ok(found) => page(StatusCode::OK, title, tab, html! { (form) (found) }),
        Err(e) => page(e.status, title, tab, html! { (form) (error_box(&e)) }),
    }
}

/// 404 for any other path: JSON under `/api/`, a page elsewhere.
pub async fn not_found(OriginalUri(uri): OriginalUri) -> Response {
    let e = ApiError::not_found(format!("nothing at {}", uri.path()));
    if uri.path().starts_with("/api/") || uri.path() == "/api" {
        return e.into_response();
    }
    page(
        e.status,
        "Not found",
        Tab::None,
        html! {
            (error_box(&e))
            p { a href="/" { "Look up a sentence" } }
        },
    )
}

// ---- lookup -------------------------------------------------------------------------

fn lookup_form(p: &LookupQuery) -> Markup {
    html! {
        form method="get" action="/" {
            label for="q" { "A sentence, or a whole report, in English" }
            textarea #q name="q" lang="en" rows="4" required
                placeholder="Police in Almaty detained several activists outside the Chinese consulate." {
                (p.q.as_deref().unwrap_or(""))
            }
            div.row {
                label for="min" { "Lowest match %" }
                input #min type="number" name="min" min=(limits::MIN_SCORE) max="100"
                    value=(p.min.unwrap_or(75));
                label for="limit" { "Matches per sentence" }
                input #limit type="number" name="limit" min="1" max=(limits::MAX_LOOKUP_LIMIT)
                    value=(p.limit.unwrap_or(5));
                button type="submit" { "Look up" }
            }
        }
    }
}

/// `GET /` and `GET /?q=TEXT`: the form, and the matches of every sentence of the text.
pub async fn lookup(
    Shared(state): Shared<Arc<State>>,
    query: Result<Query<LookupQuery>, QueryRejection>,
) -> Response {
    let p = match query {
        Ok(Query(p)) => p,
        Err(e) => {
            let e = ApiError::bad_request(e.body_text());
            return answer(Tab::Lookup, lookup_form(&LookupQuery::default()), Err(e));
        }
    };
    let form = lookup_form(&p);
    let Some(text) = p.q.clone().filter(|q| !q.trim().is_empty()) else {
        return answer(
            Tab::Lookup,
            form,
            Ok(html! {
                p.note { "Paste a sentence or a report: each sentence is shown with the earlier \
                    translations of similar sentences, what differs marked, Kazakh and Russian side by side." }
            }),
        );
    };
    let found = async {
        limits::text("q", Some(&text), limits::MAX_BODY_BYTES)?;
        let how = p.lookup()?;
        let min = how.options.min;
        let sentences = work::sentences("text", &how.options.src_lang, &text)?;
        let src = how.options.src_lang.clone();
        let found = state
            .read(move |_, store| {
                let found = match sentences.as_slice() {
                    [one] => vec![work::lookup(store, one, &how)?],
                    _ => work::lookup_report(store, &sentences, &how)?,
                };
                Ok(sentences.into_iter().zip(found).collect::<Vec<_>>())
            })
            .await?;
        Ok(html! {
            @for (i, (q, matches)) in found.iter().enumerate() {
                (sentence(i, found.len(), q, &src, matches, min))
            }
        })
    }
    .await;
    answer(Tab::Lookup, form, found)
}

fn sentence(i: usize, of: usize, q: &str, src: &str, matches: &[Match], min: u32) -> Markup {
    html! {
        section.sentence {
            @if of > 1 { h2 { "Sentence " (i + 1) " of " (of) } }
            p.query lang=(src) { (q) }
            @if matches.is_empty() {
                p.note { "No match of " (min) "% or more." }
            }
            @for m in matches { (one_match(m)) }
        }
    }
}

fn one_match(m: &Match) -> Markup {
    let u = &m.unit;
    html! {
        article.match {
            div.head {
                span class=(format!("score s{}", m.score)) { (m.score) "%" }
                @if m.score == 101 { span { "context match" } }
                a href=(format!("/api/units/{}", u.id)) { "unit " (u.id) }
                @if let Some(p) = u.provenance.first() {
                    span.provenance { (p.document) ":" (p.paragraph) "." (p.sentence)
                        @if u.provenance.len() > 1 { " (+" (u.provenance.len() - 1) " more)" } }
                }
                span { "changed " (u.changed_at) " by " (u.changed_by) }
            }
            p.source lang=(u.src_lang) title="the TM source turned into your sentence" {
                @for piece in &m.diff {
                    @match piece.kind {
                        DiffKind::Same => (piece.text),
                        DiffKind::Deleted => del { (piece.text) },
                        DiffKind::Inserted => ins { (piece.text) },
                    }
                }
            }
            div.targets {
                @for v in &u.variants {
                    div.target lang=(v.lang) {
                        span.lang lang="en" { (v.lang) }
                        @if let Some(note) = variant_note(u, v) { span.note lang="en" { " " (note) } }
                        p { (v.text) }
                    }
                }
            }
            @if !m.detail.numbers.is_empty() {
                p.numbers { "Numbers differ (TM → yours): "
                    @for (k, n) in m.detail.numbers.iter().enumerate() {
                        @if k > 0 { ", " }
                        (n.tm.as_deref().unwrap_or("(none)")) " → " (n.query.as_deref().unwrap_or("(none)"))
                    }
                }
            }
        }
    }
}

/// Beside a translation, as `tmkit lookup` prints it: its contexts when it has any and,
/// when its language has several translations, whether it is the default or an alternative.
fn variant_note(u: &crate::store::Unit, v: &crate::store::Variant) -> Option<String> {
    let label = v.context_label();
    let several = u.variants.iter().filter(|w| w.lang == v.lang).count() > 1;
    match (several, v.is_default(), label.is_empty()) {
        (_, _, false) if !several || v.is_default() => Some(format!("({label})")),
        (false, _, _) => None,
        (true, true, _) => Some("(default)".to_string()),
        (true, false, true) => Some("(alternative)".to_string()),
        (true, false, false) => Some(format!("(alternative; {label})")),
    }
}

// ---- concordance --------------------------------------------------------------------

fn concordance_form(p: &ConcordanceQuery) -> Markup {
    let chosen = p.lang.as_deref().unwrap_or("");
    html! {
        form method="get" action="/concordance" {
            label for="q" { "A phrase, in any language" }
            input #q type="search" name="q" required value=(p.q.as_deref().unwrap_or(""))
                placeholder="Chinese Consulate";
            div.row {
                label for="lang" { "In" }
                select #lang name="lang" {
                    @for (code, name) in [("", "any language"), ("en", "English"), ("kk", "Kazakh"), ("ru", "Russian")] {
                        option value=(code) selected[chosen == code] { (name) }
                    }
                }
                button type="submit" { "Find" }
            }
        }
    }
}

/// `GET /concordance?q=PHRASE&lang=kk`: the units holding the phrase, highlighted.
pub async fn concordance(
    Shared(state): Shared<Arc<State>>,
    query: Result<Query<ConcordanceQuery>, QueryRejection>,
) -> Response {
    let p = match query {
        Ok(Query(p)) => p,
        Err(e) => {
            let e = ApiError::bad_request(e.body_text());
            return answer(
                Tab::Concordance,
                concordance_form(&ConcordanceQuery::default()),
                Err(e),
            );
        }
    };
    let form = concordance_form(&p);
    if p.q.as_deref().is_none_or(|q| q.trim().is_empty()) {
        return answer(
            Tab::Concordance,
            form,
            Ok(html! {
                p.note { "Whole words, any case; newest units first." }
            }),
        );
    }
    let found = async {
        let (phrase, lang, limit) = p.checked()?;
        let hits = {
            let phrase = phrase.clone();
            state
                .read_concordance(move |state, store| {
                    work::concordance(store, state.glossary, &phrase, lang.as_deref(), limit)
                })
                .await?
        };
        Ok(html! {
            @if hits.is_empty() { p.note { "No unit holds “" (phrase.trim()) "”." } }
            @for h in &hits { (hit(h)) }
        })
    }
    .await;
    answer(Tab::Concordance, form, found)
}

/// `text` with the byte ranges `spans` in `<mark>` (spans not on character boundaries,
/// overlapping or out of range are left unmarked).
fn marked(text: &str, spans: &[(usize, usize)], class: Option<&str>) -> Markup {
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut at = 0;
    for &(a, b) in spans {
        let (Some(before), Some(inside)) = (text.get(at..a), text.get(a..b)) else {
            continue;
        };
        if a < at {
            continue;
        }
        pieces.push((false, before));
        pieces.push((true, inside));
        at = b;
    }
    pieces.push((false, text.get(at..).unwrap_or("")));
    html! {
        @for (hl, piece) in pieces {
            @if hl { mark class=[class] { (piece) } } @else { (piece) }
        }
    }
}

fn hit(h: &ConcordanceHit) -> Markup {
    let u = &h.unit;
    html! {
        article {
            div.head {
                a href=(format!("/api/units/{}", u.id)) { "unit " (u.id) }
                @if let Some(p) = u.provenance.first() {
                    span { (p.document) ":" (p.paragraph) "." (p.sentence) }
                }
            }
            p.source lang=(u.src_lang) { (marked(&u.source, h.spans(TextRef::Source), None)) }
            div.targets {
                @for (index, v) in u.variants.iter().enumerate() {
                    div.target lang=(v.lang) {
                        span.lang lang="en" { (v.lang) }
                        p { (marked(&v.text, h.spans(TextRef::Variant { index }), None)) }
                    }
                }
            }
        }
    }
}

// ---- analysis -----------------------------------------------------------------------

/// The form of the analysis and of the check.
#[derive(Debug, Default, Deserialize)]
pub struct TextForm {
    text: Option<String>,
    lang: Option<String>,
}

fn analyze_form_of(f: &TextForm) -> Markup {
    html! {
        form method="post" action="/analyze" {
            label for="text" { "A new report, as it will be translated" }
            textarea #text name="text" rows="12" lang=(f.lang.as_deref().unwrap_or("en")) required {
                (f.text.as_deref().unwrap_or(""))
            }
            div.row {
                input type="hidden" name="lang" value=(f.lang.as_deref().unwrap_or("en"));
                button type="submit" { "Analyze" }
            }
        }
    }
}

/// `GET /analyze`: the form.
pub async fn analyze_form() -> Response {
    answer(
        Tab::Analyze,
        analyze_form_of(&TextForm::default()),
        Ok(html! {
            p.note { "Segments, words and characters per match band, as CAT tools count them: \
                what the report will cost." }
        }),
    )
}

/// `POST /analyze`: the band table of the pasted report.
pub async fn analyze(
    Shared(state): Shared<Arc<State>>,
    form: Result<Form<TextForm>, FormRejection>,
) -> Response {
    let f = match form {
        Ok(Form(f)) => f,
        Err(e) => {
            let e = ApiError::new(e.status(), e.body_text());
            return answer(Tab::Analyze, analyze_form_of(&TextForm::default()), Err(e));
        }
    };
    let html_form = analyze_form_of(&f);
    let found = async {
        let text = limits::text("text", f.text.as_deref(), limits::MAX_BODY_BYTES)?.to_string();
        let lang = crate::lang::parse_tag(f.lang.as_deref().unwrap_or("en"))?;
        let analysis = state
            .read(move |_, store| work::analyze(store, "text", &lang, &text))
            .await?;
        Ok(band_table(&analysis))
    }
    .await;
    answer(Tab::Analyze, html_form, found)
}

fn band_table(a: &Analysis) -> Markup {
    let c = &a.total;
    let pct = |w: u64| {
        if c.total.words == 0 {
            0.0
        } else {
            100.0 * w as f64 / c.total.words as f64
        }
    };
    html! {
        div.table-wrap {
            table #bands {
                caption { "Match bands" }
                thead { tr { th scope="col" { "Match" } th scope="col" { "Segments" } th scope="col" { "Words" }
                    th scope="col" { "Characters" } th scope="col" { "Words %" } } }
                tbody {
                    @for (band, n) in &c.bands {
                        tr class=[(*band == Band::NoMatch).then_some("nomatch")] {
                            th scope="row" { (band.label()) }
                            td { (n.segments) } td { (n.words) } td { (n.characters) }
                            td { (format!("{:.1}%", pct(n.words))) }
                        }
                    }
                }
                tfoot { tr { td { "Total" } td { (c.total.segments) } td { (c.total.words) }
                    td { (c.total.characters) } td { "100.0%" } } }
            }
        }
    }
}

// ---- check --------------------------------------------------------------------------

/// The form of the check: the English source and its translations.
#[derive(Debug, Default, Deserialize)]
pub struct CheckForm {
    en: Option<String>,
    kk: Option<String>,
    ru: Option<String>,
}

fn check_form_of(f: &CheckForm) -> Markup {
    let area = |name: &'static str, label: &'static str, value: &Option<String>| {
        html! {
            div {
                label for=(name) { (label) }
                textarea id=(name) name=(name) lang=(name) rows="8" { (value.as_deref().unwrap_or("")) }
            }
        }
    };
    html! {
        form method="post" action="/check" {
            div.checkboxes {
                (area("en", "English source", &f.en))
                (area("kk", "Kazakh translation", &f.kk))
                (area("ru", "Russian translation", &f.ru))
            }
            div.row { button type="submit" { "Check against the glossary" } }
        }
    }
}

/// `GET /check`: the form.
pub async fn check_form(Shared(state): Shared<Arc<State>>) -> Response {
    let note = if state.checker.is_some() {
        "Names and terms in every grammatical form, forbidden variants, Latin letters among Cyrillic ones."
    } else {
        "This server has no glossary: it was started without --glossary."
    };
    answer(
        Tab::Check,
        check_form_of(&CheckForm::default()),
        Ok(html! { p.note { (note) } }),
    )
}

/// `POST /check`: the issues, marked in the translation.
pub async fn check(
    Shared(state): Shared<Arc<State>>,
    form: Result<Form<CheckForm>, FormRejection>,
) -> Response {
    let f = match form {
        Ok(Form(f)) => f,
        Err(e) => {
            let e = ApiError::new(e.status(), e.body_text());
            return answer(Tab::Check, check_form_of(&CheckForm::default()), Err(e));
        }
    };
    let html_form = check_form_of(&f);
    let found = async {
        if state.checker.is_none() {
            return Err(no_glossary());
        }
        let mut body = std::collections::BTreeMap::new();
        for (lang, text) in [("en", &f.en), ("kk", &f.kk), ("ru", &f.ru)] {
            if let Some(t) = text.as_deref().filter(|t| !t.trim().is_empty()) {
                body.insert(lang.to_string(), serde_json::Value::String(t.to_string()));
            }
        }
        let texts = check_texts(body)?;
        let report = state
            .read(move |state, _| match &state.checker {
                Some(checker) => work::check(checker, &texts),
                None => Err(no_glossary()),
            })
            .await?;
        Ok(issues(&report))
    }
    .await;
    answer(Tab::Check, html_form, found)
}

fn issues(r: &Report) -> Markup {
    let s = &r.summary;
    // Issues of one segment together, the segment shown once with every problem marked.
    let mut groups: Vec<(&str, &str, &str, Vec<&Issue>)> = Vec::new();
    for i in &r.issues {
        match groups.last_mut() {
            Some(g) if g.0 == i.unit && g.1 == i.lang && g.2 == i.segment => g.3.push(i),
            _ => groups.push((&i.unit, &i.lang, &i.segment, vec![i])),
        }
    }
    html! {
        p #verdict class=(if s.errors > 0 { "sev-error" } else { "" }) {
            @if s.errors > 0 { "Check failed: " } @else { "No error: " }
            (s.errors) " error(s), " (s.warnings) " warning(s) in " (s.segments) " translation(s)."
        }
        @for (unit, lang, segment, list) in &groups {
            article.issue {
                div.head { span { (unit) } span.lang { (lang) } }
                @let worst = if list.iter().any(|i| i.severity == Severity::Error) { "error" } else { "warning" };
                div.text lang=(lang) { p { (marked(segment, &issue_spans(list), Some(worst))) } }
                ul.issues {
                    @for i in list {
                        @let sev = if i.severity == Severity::Error { "error" } else { "warning" };
                        li { span class=(format!("sev-{sev}")) { (sev) } " [" (i.check.id()) "] " (i.message) }
                    }
                }
            }
        }
    }
}

/// Where the issues of one segment are in it, in order.
fn issue_spans(list: &[&Issue]) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = list.iter().filter_map(|i| i.span).collect();
    spans.sort_unstable();
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_text_is_escaped_and_odd_spans_are_left_unmarked() {
        let text = "<script>alert(1)</script> Қытай консулдығы";
        let at = text.find("Қытай").unwrap();
        let html = marked(text, &[(at, at + "Қытай".len())], None).into_string();
        assert_eq!(
            html,
            "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Қытай</mark> консулдығы"
        );
        // A span inside a character, one out of range and one overlapping the previous.
        let html = marked(
            text,
            &[(at + 1, at + 4), (at, at + 2), (1, 3), (0, 999)],
            Some("error"),
        )
        .into_string();
        assert_eq!(
            html,
            "&lt;script&gt;alert(1)&lt;/script&gt; <mark class=\"error\">Қ</mark>ытай консулдығы"
        );
    }

    #[test]
    fn the_page_declares_its_language_encoding_and_a_phone_sized_viewport() {
        let html = layout(
            "Lookup",
            Tab::Lookup,
            html! { p lang="kk" { "<b>Шатыр</b>" } },
        )
        .into_string();
        assert!(
            html.starts_with("<!DOCTYPE html><html lang=\"en\">"),
            "{html}"
        );
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("width=device-width"));
        assert!(html.contains("<a href=\"/\" aria-current=\"page\">Lookup</a>"));
        assert!(html.contains("<p lang=\"kk\">&lt;b&gt;Шатыр&lt;/b&gt;</p>"));
    }
}
