//! `tmkit segment`: read text, split it into sentences, print them.

use std::borrow::Cow;
use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::Context;
use tmkit::input::{DecodeError, Decoded, TextEncoding};
use tmkit::segment::Segmenter;

use super::Global;

/// Arguments of `tmkit segment`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tmkit segment report.en.txt                      one sentence per line
  tmkit segment --lang kk report.kk.txt --json     [{\"text\",\"start\",\"end\"}, …]
  tmkit segment --lang ru < article.ru.txt         stdin when no file is named
  tmkit segment --abbrev house-abbrev.txt a.en.txt b.en.txt")]
pub struct SegmentArgs {
    /// Files to segment (stdin when none).
    pub files: Vec<PathBuf>,
    /// Language of the text (en, ru, kk; others use generic rules).
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = super::args::lang)]
    pub lang: String,
    /// Encoding of the input without a byte-order mark: windows-1251, koi8-r, … (default
    /// UTF-8). Offsets in --json are into the text as UTF-8.
    #[arg(long, value_name = "LABEL", value_parser = super::args::encoding)]
    pub encoding: Option<TextEncoding>,
    /// Extra abbreviations, one per line (`#` comments; sections as in the built-in lists).
    #[arg(long, value_name = "FILE")]
    pub abbrev: Option<PathBuf>,
    /// Print a JSON array of {"text","start","end"} (byte offsets into the input;
    /// with several files each object also names its "file").
    #[arg(long)]
    pub json: bool,
}

#[derive(serde::Serialize)]
struct JsonSegment<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
}

/// Runs `tmkit segment`.
pub fn run(_g: &Global, a: SegmentArgs) -> anyhow::Result<i32> {
    let mut seg = Segmenter::new(&a.lang);
    if let Some(path) = &a.abbrev {
        seg = seg.with_abbrev_file(path)?;
    }
    let inputs = read_inputs(&a.files, a.encoding.unwrap_or_default())?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.json {
        let named = inputs.len() > 1;
        out.write_all(b"[")?;
        let mut first = true;
        for (name, text) in &inputs {
            for s in seg.segments(text) {
                out.write_all(if first { b"\n  " } else { b",\n  " })?;
                first = false;
                let item = JsonSegment {
                    text: s.text(text),
                    start: s.start,
                    end: s.end,
                    file: named.then_some(name.as_str()),
                };
                serde_json::to_writer(&mut out, &item)?;
            }
        }
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    } else {
        for (_, text) in &inputs {
            for s in seg.segments(text) {
                out.write_all(one_line(s.text(text)).as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    Ok(super::EXIT_OK)
}

/// Reads every input (stdin when `files` is empty) as text in `encoding` (a BOM says
/// otherwise), naming the file in any error.
fn read_inputs(files: &[PathBuf], encoding: TextEncoding) -> anyhow::Result<Vec<(String, String)>> {
    if files.is_empty() {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?;
        return Ok(vec![(
            "<stdin>".to_string(),
            decode("<stdin>", bytes, encoding)?,
        )]);
    }
    files
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            let bytes = std::fs::read(path).with_context(|| format!("cannot read {name}"))?;
            let text = decode(&name, bytes, encoding)?;
            Ok((name, text))
        })
        .collect()
}

/// The text of `bytes` in `encoding` (UTF-8 passes through as it is; in another encoding, a
/// BOM says otherwise); bytes not valid in it are an error naming the line.
fn decode(name: &str, bytes: Vec<u8>, encoding: TextEncoding) -> anyhow::Result<String> {
    if encoding.is_utf8() {
        return utf8(name, bytes);
    }
    let mut text = Vec::with_capacity(bytes.len());
    let mut input = Decoded::new(&bytes[..], encoding);
    if let Err(e) = input.read_to_end(&mut text) {
        let Some(bad) = DecodeError::of(&e) else {
            return Err(e).with_context(|| format!("cannot read {name}"));
        };
        let offset = usize::try_from(bad.offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
        anyhow::bail!("{name}:{line}: {bad}");
    }
    utf8(name, text)
}

fn utf8(name: &str, bytes: Vec<u8>) -> anyhow::Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{name}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The segment with each line break (CRLF, LF, CR, U+0085, U+2028, U+2029) as one space.
fn one_line(s: &str) -> Cow<'_, str> {
    let is_break = |c: char| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
    if !s.contains(is_break) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        out.push(if is_break(c) { ' ' } else { c });
    }
    Cow::Owned(out)
}
