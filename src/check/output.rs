//! Rendering a [`Report`]: text for people, JSON, JUnit XML for CI dashboards, SARIF 2.1.0
//! for code scanning, GitHub Actions workflow commands (`::error file=…,line=…::`) and
//! GitLab's Code Quality report (Code Climate JSON).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use super::{CheckId, Config, Issue, Level, Report, Severity};

/// Output formats of `tmkit check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Human-readable, with the segment and the problem highlighted.
    Text,
    /// `{"issues": […], "summary": {…}}`.
    Json,
    /// JUnit XML: a test suite per check, a test case per unit.
    Junit,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// GitLab Code Quality (Code Climate JSON): `[{"description", "check_name",
    /// "fingerprint", "severity", "location": {"path", "lines": {"begin"}}}]`.
    Gitlab,
}

/// Writes `report` in `format`. JUnit lists each unit checked by the name the report kept
/// ([`Report::unit_names`]); `color` enables ANSI colours in text output.
pub fn write_report(
    out: &mut dyn Write,
    format: ReportFormat,
    report: &Report,
    config: &Config,
    color: bool,
) -> io::Result<()> {
    match format {
        ReportFormat::Text => text(out, report, color),
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, report)?;
            writeln!(out)
        }
        ReportFormat::Junit => junit(out, report, config),
        ReportFormat::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &sarif(report, config))?;
            writeln!(out)
        }
        ReportFormat::Github => github(out, report),
        ReportFormat::Gitlab => {
            serde_json::to_writer_pretty(&mut *out, &gitlab(report))?;
            writeln!(out)
        }
    }
}

/// The one-line summary of a run, without colour: `tmkit check: ok — N unit(s), …`
/// (the last line of the text report; `check -o FILE` prints it on stderr).
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    format!(
        "tmkit check: {} — {} unit(s), {} translation(s), {} glossary entries: {} error(s), {} warning(s)",
        if s.errors > 0 { "FAILED" } else { "ok" },
        s.units,
        s.segments,
        s.glossary_entries,
        s.errors,
        s.warnings
    )
}

fn where_of(i: &Issue) -> String {
    match (&i.file, i.line, i.column) {
        (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}"),
        (Some(f), Some(l), None) => format!("{f}:{l}"),
        (Some(f), None, _) => f.clone(),
        _ => i.unit.clone(),
    }
}

fn text(out: &mut dyn Write, report: &Report, color: bool) -> io::Result<()> {
    let (bold, red, yellow, dim, hl, reset) = if color {
        (
            "\x1b[1m",
            "\x1b[1;31m",
            "\x1b[1;33m",
            "\x1b[2m",
            "\x1b[1;4;31m",
            "\x1b[0m",
        )
    } else {
        ("", "", "", "", "", "")
    };
    for i in &report.issues {
        let (sc, sev) = match i.severity {
            Severity::Error => (red, "error"),
            Severity::Warning => (yellow, "warning"),
        };
        writeln!(
            out,
            "{bold}{}{reset}: {sc}{sev}{reset}[{}] {}: {}",
            where_of(i),
            i.check.id(),
            i.lang,
            i.message
        )?;
        let here = where_of(i);
        if i.file.is_none() || !here.starts_with(i.unit.as_str()) {
            writeln!(out, "    {dim}unit {}{reset}", i.unit)?;
        }
        let seg = i.segment.replace(['\n', '\r', '\t'], " ");
        match i.span {
            Some((s, e)) if color => {
                writeln!(
                    out,
                    "    | {}{hl}{}{reset}{}",
                    &seg[..s],
                    &seg[s..e],
                    &seg[e..]
                )?;
            }
            Some((s, e)) => {
                writeln!(out, "    | {seg}")?;
                let pad = seg[..s].chars().count();
                let len = seg[s..e].chars().count().max(1);
                writeln!(out, "    | {}{}", " ".repeat(pad), "^".repeat(len))?;
            }
            None => writeln!(out, "    | {seg}")?,
        }
    }
    let s = &report.summary;
    let verdict = if s.errors > 0 {
        format!("{red}FAILED{reset}")
    } else {
        format!("{bold}ok{reset}")
    };
    writeln!(
        out,
        "tmkit check: {verdict} — {} unit(s), {} translation(s), {} glossary entries: {} error(s), {} warning(s)",
        s.units, s.segments, s.glossary_entries, s.errors, s.warnings
    )
}

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Characters XML 1.0 cannot hold.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
}

fn junit(out: &mut dyn Write, report: &Report, config: &Config) -> io::Result<()> {
    let units = &report.unit_names;
    let checks: Vec<CheckId> = CheckId::ALL
        .into_iter()
        .filter(|c| config.level(*c) != Level::Off)
        .collect();
    // (check, unit index) → issues
    let mut by: BTreeMap<(CheckId, usize), Vec<&Issue>> = BTreeMap::new();
    for i in &report.issues {
        by.entry((i.check, i.unit_index)).or_default().push(i);
    }
    let failing = |c: CheckId, u: usize| {
        by.get(&(c, u))
            .is_some_and(|v| v.iter().any(|i| i.severity == Severity::Error))
    };
    // Test-case names unique within a suite: a name met again gets ` #2`, ` #3`, …
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let unique: Vec<String> = units
        .iter()
        .map(|u| {
            let n = seen.entry(u.as_str()).or_insert(0);
            *n += 1;
            if *n == 1 {
                u.clone()
            } else {
                format!("{u} #{n}")
            }
        })
        .collect();
    let total_failures: usize = checks
        .iter()
        .map(|&c| (0..units.len()).filter(|&u| failing(c, u)).count())
        .sum();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"tmkit check\" tests=\"{}\" failures=\"{total_failures}\" errors=\"0\">",
        checks.len() * units.len()
    )?;
    for &c in &checks {
        let failures = (0..units.len()).filter(|&u| failing(c, u)).count();
        writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
            c.id(),
            units.len()
        )?;
        for (k, u) in unique.iter().enumerate() {
            let name = xml_escape(u);
            let classname = format!("tmkit.check.{}", c.id());
            let Some(issues) = by.get(&(c, k)) else {
                writeln!(
                    out,
                    "    <testcase classname=\"{classname}\" name=\"{name}\"/>"
                )?;
                continue;
            };
            writeln!(
                out,
                "    <testcase classname=\"{classname}\" name=\"{name}\">"
            )?;
            let errors: Vec<&&Issue> = issues
                .iter()
                .filter(|i| i.severity == Severity::Error)
                .collect();
            let warnings: Vec<&&Issue> = issues
                .iter()
                .filter(|i| i.severity == Severity::Warning)
                .collect();
            if let Some(first) = errors.first() {
                let body: Vec<String> = errors
                    .iter()
                    .map(|i| {
                        format!(
                            "{}: {}: {}\n  {}",
                            where_of(i),
                            i.lang,
                            i.message,
                            i.segment
                        )
                    })
                    .collect();
                writeln!(
                    out,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    c.id(),
                    xml_escape(&first.message),
                    xml_escape(&body.join("\n"))
                )?;
            }
            if !warnings.is_empty() {
                let body: Vec<String> = warnings
                    .iter()
                    .map(|i| format!("warning: {}: {}: {}", where_of(i), i.lang, i.message))
                    .collect();
                writeln!(
                    out,
                    "      <system-out>{}</system-out>",
                    xml_escape(&body.join("\n"))
                )?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// A relative path as a URI reference: `/` separators, percent-encoding outside the
/// unreserved set; absolute paths become `file://` URIs.
fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let mut o = String::new();
    if p.starts_with('/') {
        o.push_str("file://");
    }
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The SARIF 2.1.0 log of a report.
fn sarif(report: &Report, config: &Config) -> Value {
    let rules: Vec<Value> = CheckId::ALL
        .iter()
        .map(|c| {
            let level = match config.level(*c) {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Off => "none",
            };
            json!({
                "id": c.id(),
                "name": c.id(),
                "shortDescription": {"text": c.description()},
                "defaultConfiguration": {"level": level, "enabled": config.level(*c) != Level::Off},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .issues
        .iter()
        .map(|i| {
            let mut loc = json!({"logicalLocations": [{"name": i.unit, "kind": "element"}]});
            if let (Some(f), Some(line)) = (&i.file, i.line) {
                let mut region = json!({"startLine": line});
                if let Some(c) = i.column {
                    region["startColumn"] = json!(c);
                    if let Some((s, e)) = i.span {
                        let span = &i.segment[s..e];
                        if !span.contains('\n') {
                            region["endColumn"] = json!(c + span.chars().count() as u64);
                        }
                    }
                }
                if let Some(found) = &i.found {
                    region["snippet"] = json!({"text": found});
                }
                loc["physicalLocation"] =
                    json!({"artifactLocation": {"uri": uri(f)}, "region": region});
            }
            let mut r = json!({
                "ruleId": i.check.id(),
                "ruleIndex": i.check as usize,
                "level": sarif_level(i.severity),
                "message": {"text": i.message},
                "locations": [loc],
                "properties": {"lang": i.lang, "unit": i.unit},
            });
            if let Some(t) = &i.term {
                r["properties"]["term"] = json!(t);
            }
            r
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tmkit",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// GitLab Code Quality severities: errors are `major`, warnings `minor`.
fn gitlab_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
    }
}

/// The Code Climate issues GitLab's Code Quality report reads. A fingerprint is the SHA-256
/// of what the issue is about — check, file (else unit), language, segment text, the text
/// at fault and the message — and of its rank among issues with the same key, not of its
/// line: it stays the same when lines above it move.
fn gitlab(report: &Report) -> Value {
    use sha2::{Digest, Sha256};
    let mut seen: BTreeMap<[u8; 32], usize> = BTreeMap::new();
    let issues: Vec<Value> = report
        .issues
        .iter()
        .map(|i| {
            let path = i.file.clone().unwrap_or_else(|| i.unit.clone());
            let mut h = Sha256::new();
            for part in [
                i.check.id(),
                &path,
                &i.lang,
                &i.segment,
                i.found.as_deref().unwrap_or(""),
                &i.message,
            ] {
                h.update(part.as_bytes());
                h.update([0]);
            }
            let key: [u8; 32] = h.clone().finalize().into();
            let n = seen.entry(key).or_insert(0);
            *n += 1;
            h.update(n.to_string().as_bytes());
            let fingerprint: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
            json!({
                "type": "issue",
                "check_name": i.check.id(),
                "description": format!("{} ({}): {}", i.check.id(), i.lang, i.message),
                "categories": ["Style"],
                "fingerprint": fingerprint,
                "severity": gitlab_severity(i.severity),
                "location": {"path": path, "lines": {"begin": i.line.unwrap_or(1)}},
            })
        })
        .collect();
    Value::Array(issues)
}

fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_prop(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    for i in &report.issues {
        let kind = match i.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(f) = &i.file {
            props.push(format!("file={}", gh_prop(f)));
            if let Some(l) = i.line {
                props.push(format!("line={l}"));
            }
            if let Some(c) = i.column {
                props.push(format!("col={c}"));
            }
        }
        props.push(format!(
            "title={}",
            gh_prop(&format!("tmkit {} ({})", i.check.id(), i.lang))
        ));
        let msg = if i.file.is_some() {
            i.message.clone()
        } else {
            format!("{}: {}", i.unit, i.message)
        };
        writeln!(out, "::{kind} {}::{}", props.join(","), gh_data(&msg))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_percent_encoded() {
        assert_eq!(uri("tm/corpus/a b.kk.txt"), "tm/corpus/a%20b.kk.txt");
        assert_eq!(uri("/tmp/x.txt"), "file:///tmp/x.txt");
        assert_eq!(uri("ә.txt"), "%D3%99.txt");
    }

    #[test]
    fn gitlab_issues_have_stable_distinct_fingerprints() {
        use crate::check::{CheckId, Issue, Report};
        let issue = |line: u64, found: &str| Issue {
            unit: "r.en.txt:3".into(),
            lang: "kk".into(),
            term: None,
            check: CheckId::NumberMismatch,
            severity: Severity::Error,
            message: format!("“{found}” has no equal number in the source"),
            found: Some(found.into()),
            suggestion: None,
            file: Some("r.kk.txt".into()),
            line: Some(line),
            column: Some(1),
            segment: "Ол 16 жыл отырды.".into(),
            span: None,
            chars: Vec::new(),
            unit_index: 0,
        };
        let report = |issues: Vec<Issue>| Report {
            issues,
            ..Report::default()
        };
        let a = gitlab(&report(vec![
            issue(3, "16"),
            issue(3, "16"),
            issue(3, "17"),
        ]));
        let b = gitlab(&report(vec![
            issue(9, "16"),
            issue(9, "16"),
            issue(9, "17"),
        ]));
        let prints = |v: &Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|i| i["fingerprint"].as_str().unwrap().to_string())
                .collect()
        };
        let (pa, pb) = (prints(&a), prints(&b));
        assert_eq!(pa, pb, "lines moved, same issues");
        assert_eq!(
            pa.iter().collect::<std::collections::BTreeSet<_>>().len(),
            3
        );
        let first = &a[0];
        assert_eq!(first["check_name"], "number-mismatch");
        assert_eq!(first["severity"], "major");
        assert_eq!(first["location"]["path"], "r.kk.txt");
        assert_eq!(first["location"]["lines"]["begin"], 3);
        assert!(first["description"].as_str().unwrap().contains("“16”"));
    }

    #[test]
    fn github_properties_escape_separators() {
        assert_eq!(gh_prop("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
    }
}
